// The import statement's machinery: resolution of relative names, sys.modules, the stdlib
// registry (native modules, then frozen Python modules), then sys.path (name.py, then
// name/__init__.py), with CPython's ModuleNotFoundError message.
#include "embed/import_system.hpp"

#include <sys/stat.h>
#include <fstream>
#include <sstream>

#include "interpreter/compiler.hpp"
#include "interpreter/eval.hpp"
#include "runtime/abstract.hpp"
#include "runtime/exceptions.hpp"
#include "runtime/interpreter_state.hpp"
#include "runtime/types/exception.hpp"
#include "runtime/types/list.hpp"
#include "runtime/types/module.hpp"
#include "stdlib/frozen.hpp"
#include "stdlib/registry.hpp"

namespace gilpy::embed {

using namespace runtime;

namespace {

bool read_file(const std::string& path, std::string* out) {
    struct stat st;
    if (stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return false;
    std::ifstream in(path, std::ios::binary);
    if (!in) return false;
    std::ostringstream buf;
    buf << in.rdbuf();
    *out = buf.str();
    return true;
}

bool is_dir(const std::string& path) {
    struct stat st;
    return stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

// The directories to search: sys.path if it is a list of str, else the configured path.
std::vector<std::string> search_path(ThreadState& ts, Value parent_path) {
    std::vector<std::string> dirs;
    Value list = parent_path;
    if (list.is_null()) {
        Value sys = dict_get_str(ts, ts.interp.modules.get(), "sys");
        if (!sys.is_null()) {
            Owned p = get_attr_opt(ts, sys, ts.interp.intern("path"));
            clear_exception(ts);
            if (p && is_list(p.get())) {
                auto* l = p.get().as<ListObject>();
                for (int64_t i = 0; i < l->length; ++i) {
                    if (is_str(l->items[i])) dirs.emplace_back(l->items[i].as<StrObject>()->view());
                }
                return dirs;
            }
        }
        return ts.interp.path;
    }
    if (is_list(list)) {
        auto* l = list.as<ListObject>();
        for (int64_t i = 0; i < l->length; ++i) {
            if (is_str(l->items[i])) dirs.emplace_back(l->items[i].as<StrObject>()->view());
        }
    }
    return dirs;
}

Owned load_one(ThreadState& ts, const std::string& full, const std::string& last,
               Value parent_path) {
    if (const stdlib::NativeModule* native = stdlib::find_native_module(full)) {
        Ref<ModuleObject> m = native->init(ts);
        if (!m) return nullptr;
        Owned mv(std::move(m));
        if (!dict_set_str(ts, ts.interp.modules.get(), full, mv.get())) return nullptr;
        return mv;
    }
    if (const stdlib::FrozenModule* frozen = stdlib::find_frozen_module(full)) {
        return exec_module_source(ts, full, frozen->source, "<frozen " + full + ">",
                                  frozen->is_package);
    }
    for (const std::string& dir : search_path(ts, parent_path)) {
        std::string base = (dir.empty() ? std::string(".") : dir) + "/" + last;
        std::string source;
        if (is_dir(base) && read_file(base + "/__init__.py", &source)) {
            return exec_module_source(ts, full, source, base + "/__init__.py", true);
        }
        if (read_file(base + ".py", &source)) {
            return exec_module_source(ts, full, source, base + ".py", false);
        }
    }
    Owned exc = new_exception(ts, &kModuleNotFoundErrorType, "No module named '" + full + "'");
    if (!exc) return nullptr;
    // exc.name: what `from package import name` checks to tell a missing submodule apart.
    auto* e = exc.get().as<ExceptionObject>();
    if (!e->dict) e->dict = new_dict();
    Owned module_name = new_str(full);
    if (!dict_set_str(ts, e->dict.get(), "name", module_name.get())) return nullptr;
    return set_exception(ts, std::move(exc));
}

// The absolute name for a relative import from the module whose globals are [globals].
bool resolve_relative(ThreadState& ts, std::string_view name, DictObject* globals, int level,
                      std::string* out) {
    Value package = globals ? dict_get_str(ts, globals, "__package__") : Value::null();
    std::string base;
    if (!package.is_null() && is_str(package)) {
        base = std::string(package.as<StrObject>()->view());
    } else {
        Value mod = globals ? dict_get_str(ts, globals, "__name__") : Value::null();
        if (!mod.is_null() && is_str(mod)) {
            base = std::string(mod.as<StrObject>()->view());
            Value path = dict_get_str(ts, globals, "__path__");
            if (path.is_null()) {
                size_t dot = base.rfind('.');
                base = dot == std::string::npos ? "" : base.substr(0, dot);
            }
        }
    }
    if (base.empty()) {
        raise(ts, &kImportErrorType, "attempted relative import with no known parent package");
        return false;
    }
    for (int i = 1; i < level; ++i) {
        size_t dot = base.rfind('.');
        if (dot == std::string::npos) {
            raise(ts, &kImportErrorType, "attempted relative import beyond top-level package");
            return false;
        }
        base = base.substr(0, dot);
    }
    *out = name.empty() ? base : base + "." + std::string(name);
    return true;
}

}  // namespace

Owned exec_module_source(ThreadState& ts, std::string_view name, std::string_view source,
                         std::string_view filename, bool is_package) {
    Ref<ModuleObject> m = new_module(ts, name);
    if (!m) return nullptr;
    DictObject* d = m->dict.get();
    Owned file = new_str(filename);
    dict_set_str(d, ts.interp.intern("__file__"), file.get());
    dict_set_str(d, ts.interp.intern("__builtins__"), Value::from_object(ts.interp.builtins.get()));
    std::string package(name);
    if (is_package) {
        std::string dir(filename.substr(0, filename.rfind('/')));
        Owned dir_str = new_str(dir);
        Ref<ListObject> path = new_list();
        list_append_value(path.get(), dir_str.get());
        dict_set_str(d, ts.interp.intern("__path__"), Value::from_object(path.get()));
    } else {
        size_t dot = package.rfind('.');
        package = dot == std::string::npos ? "" : package.substr(0, dot);
    }
    Owned pkg = new_str(package);
    dict_set_str(d, ts.interp.intern("__package__"), pkg.get());
    Owned mv = Owned::borrow(Value::from_object(m.get()));
    if (!dict_set_str(ts, ts.interp.modules.get(), name, mv.get())) return nullptr;
    Ref<interpreter::CodeObject> co =
        interpreter::compile_source(ts, source, filename, interpreter::ParseMode::Exec);
    Owned result = co ? interpreter::eval_code(ts, co.get(), d, d) : Owned();
    if (!result) {
        Owned key = new_str(name);
        Owned saved = fetch_exception(ts);
        dict_delete(ts, ts.interp.modules.get(), key.get());
        clear_exception(ts);
        ts.exc = std::move(saved);
        return nullptr;
    }
    // The module in sys.modules may have been replaced by its own code.
    Value final_module = dict_get_str(ts, ts.interp.modules.get(), name);
    return Owned::borrow(final_module.is_null() ? mv.get() : final_module);
}

Owned import_module(ThreadState& ts, StrObject* name, DictObject* globals, int level) {
    std::string full;
    if (level > 0) {
        if (!resolve_relative(ts, name->view(), globals, level, &full)) return nullptr;
    } else {
        full = std::string(name->view());
        if (full.empty()) return raise(ts, &kValueErrorType, "Empty module name");
    }
    Value cached = dict_get_str(ts, ts.interp.modules.get(), full);
    if (!cached.is_null()) return Owned::borrow(cached);
    // Import each parent package first, then the child from the parent's __path__.
    Owned parent;
    size_t start = 0;
    while (true) {
        size_t dot = full.find('.', start);
        std::string prefix = full.substr(0, dot);
        std::string last = full.substr(start, dot == std::string::npos ? dot : dot - start);
        Value existing = dict_get_str(ts, ts.interp.modules.get(), prefix);
        Owned mod;
        if (!existing.is_null()) {
            mod = Owned::borrow(existing);
        } else {
            Owned parent_path;
            if (parent) {
                parent_path = get_attr_opt(ts, parent.get(), ts.interp.intern("__path__"));
                if (!parent_path) {
                    clear_exception(ts);
                    Owned exc = new_exception(ts, &kModuleNotFoundErrorType,
                                              "No module named '" + prefix + "'; '" +
                                                  full.substr(0, start - 1) + "' is not a package");
                    if (exc) set_exception(ts, std::move(exc));
                    return nullptr;
                }
            }
            mod = load_one(ts, prefix, last, parent ? parent_path.get() : Value::null());
            if (!mod) return nullptr;
            if (parent) {
                Owned attr = new_str(last);
                if (set_attr(ts, parent.get(), attr.get().as<StrObject>(), mod.get()) < 0) {
                    return nullptr;
                }
            }
        }
        parent = std::move(mod);
        if (dot == std::string::npos) break;
        start = dot + 1;
    }
    return parent;
}

}  // namespace gilpy::embed
