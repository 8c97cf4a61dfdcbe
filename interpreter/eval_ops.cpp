// Slow paths of the eval loop's opcodes (see eval_ops.hpp), with CPython 3.11's messages.
#include "interpreter/eval_ops.hpp"

#include <cstring>
#include <vector>

#include "interpreter/frame.hpp"
#include "runtime/abstract.hpp"
#include "runtime/exceptions.hpp"
#include "runtime/interpreter_state.hpp"
#include "runtime/signals.hpp"
#include "runtime/types/exception.hpp"
#include "runtime/types/function.hpp"
#include "runtime/types/list.hpp"
#include "runtime/types/module.hpp"
#include "runtime/types/set.hpp"
#include "runtime/types/str.hpp"
#include "runtime/types/tuple.hpp"

namespace gilpy::interpreter {

using namespace runtime;

bool handle_eval_breaker(ThreadState& ts) {
    uint32_t bits = ts.interp.eval_breaker.load(std::memory_order_relaxed);
    // Signals are handled by the main thread only, as in CPython; others leave the bit set.
    if ((bits & kBreakerSignalPending) && ts.is_main && !check_signals(ts)) return false;
    if (bits & kBreakerGilDropRequest) ts.gil->yield_to_waiter(ts);
    if ((bits & kBreakerGilTick) && --ts.ticks <= 0) {
        ts.ticks = ts.gil->check_interval();
        ts.gil->yield_to_waiter(ts);
    }
    return true;
}

void raise_unbound_local(ThreadState& ts, StrObject* name) {
    raisef(ts, &kUnboundLocalErrorType,
           "cannot access local variable '{}' where it is not associated with a value",
           name->view());
}

StrObject* deref_name(CodeObject* co, uint32_t index) {
    int i = static_cast<int>(index);
    if (i < co->ncells()) return co->cellvars[i].get();
    return co->freevars[i - co->ncells()].get();
}

void raise_unbound_deref(ThreadState& ts, CodeObject* co, uint32_t index) {
    StrObject* name = deref_name(co, index);
    if (static_cast<int>(index) < co->ncells()) {
        raise_unbound_local(ts, name);
        return;
    }
    raisef(ts, &kNameErrorType,
           "cannot access free variable '{}' where it is not associated with a value in "
           "enclosing scope",
           name->view());
}

void raise_name_error(ThreadState& ts, StrObject* name) {
    Owned exc =
        new_exception(ts, &kNameErrorType, fmt::format("name '{}' is not defined", name->view()));
    if (!exc) return;
    auto* e = exc.get().as<ExceptionObject>();
    if (!e->dict) e->dict = new_dict();
    dict_set_str(e->dict.get(), ts.interp.intern("name"), Value::from_object(name));
    set_exception(ts, std::move(exc));
}

Value lookup_plain_method(Value obj, StrObject* name) {
    TypeObject* t = type_of(obj);
    if (t->getattr != nullptr && t->getattr != generic_get_attr) return Value::null();
    Value m = type_lookup(t, name);
    if (m.is_null()) return m;
    TypeObject* mt = type_of(m);
    if (mt != &kFunctionType && mt != &kMethodDescriptorType) return Value::null();
    if (t->instance_dict) {
        Ref<DictObject>* d = t->instance_dict(obj.as_object());
        if (d && *d && !dict_get_str(d->get(), name).is_null()) return Value::null();
    }
    return m;
}

Owned build_set(ThreadState& ts, Value* items, uint32_t n) {
    Ref<SetObject> s = new_set();
    bool ok = true;
    for (uint32_t i = 0; i < n; ++i) {
        if (ok && !set_add(ts, s.get(), items[i])) ok = false;
        decref(items[i]);
    }
    if (!ok) return nullptr;
    return s;
}

Owned build_map(ThreadState& ts, Value* items, uint32_t n) {
    Ref<DictObject> d = new_dict();
    bool ok = true;
    for (uint32_t i = 0; i < n; ++i) {
        if (ok && !dict_set(ts, d.get(), items[2 * i], items[2 * i + 1])) ok = false;
        decref(items[2 * i]);
        decref(items[2 * i + 1]);
    }
    if (!ok) return nullptr;
    return d;
}

Owned build_string(Value* items, uint32_t n) {
    int64_t size = 0;
    for (uint32_t i = 0; i < n; ++i)
        size += items[i].as<StrObject>()->size;
    Ref<StrObject> s = new_str_uninitialized(size);
    char* p = s->data;
    for (uint32_t i = 0; i < n; ++i) {
        auto* part = items[i].as<StrObject>();
        std::memcpy(p, part->data, static_cast<size_t>(part->size));
        p += part->size;
        decref(items[i]);
    }
    str_finish(s.get());
    return s;
}

bool set_add_value(ThreadState& ts, Value set, Value item) {
    return set_add(ts, set.as<SetObject>(), item);
}

bool set_update_value(ThreadState& ts, Value set, Value iterable) {
    return set_update(ts, set.as<SetObject>(), iterable);
}

bool dict_update_display(ThreadState& ts, DictObject* d, Value mapping) {
    if (!is_dict(mapping) && get_attr_opt(ts, mapping, ts.interp.intern("keys")).is_null()) {
        if (ts.has_exception()) return false;
        raisef(ts, &kTypeErrorType, "'{}' object is not a mapping", type_name(mapping));
        return false;
    }
    return dict_update(ts, d, mapping);
}

namespace {

// How CPython names a callable in call errors (_PyObject_FunctionStr): "module.qualname()" unless
// the module is builtins ("print()", "list()"), and str(func) for objects without __qualname__.
// Error paths only, so plain attribute lookups are fine.
std::string function_str(ThreadState& ts, Value func) {
    Owned qualname = get_attr_opt(ts, func, ts.interp.intern("__qualname__"));
    if (!qualname || !is_str(qualname.get())) {
        clear_exception(ts);
        Owned s = str(ts, func);
        if (!s) {
            clear_exception(ts);
            return std::string(type_name(func)) + " object";
        }
        return std::string(s.get().as<StrObject>()->view());
    }
    std::string name(qualname.get().as<StrObject>()->view());
    Owned module = get_attr_opt(ts, func, ts.interp.intern("__module__"));
    clear_exception(ts);
    if (module && is_str(module.get()) && module.get().as<StrObject>()->view() != "builtins") {
        return std::string(module.get().as<StrObject>()->view()) + "." + name + "()";
    }
    return name + "()";
}

}  // namespace

bool dict_merge_kwargs(ThreadState& ts, DictObject* d, Value mapping, Value func) {
    Ref<DictObject> tmp;
    DictObject* src;
    if (is_dict(mapping)) {
        src = mapping.as<DictObject>();
    } else {
        if (get_attr_opt(ts, mapping, ts.interp.intern("keys")).is_null()) {
            if (ts.has_exception()) return false;
            raisef(ts, &kTypeErrorType, "{} argument after ** must be a mapping, not {}",
                   function_str(ts, func), type_name(mapping));
            return false;
        }
        tmp = new_dict();
        if (!dict_update(ts, tmp.get(), mapping)) return false;
        src = tmp.get();
    }
    int64_t pos = 0;
    Value key, value;
    while (dict_next(src, &pos, &key, &value)) {
        if (!is_str(key)) {
            raisef(ts, &kTypeErrorType, "keywords must be strings");
            return false;
        }
        Value existing;
        int found = dict_lookup(ts, d, key, &existing);
        if (found < 0) return false;
        if (found) {
            raisef(ts, &kTypeErrorType, "{} got multiple values for keyword argument '{}'",
                   function_str(ts, func), key.as<StrObject>()->view());
            return false;
        }
        if (!dict_set(ts, d, key, value)) return false;
    }
    return true;
}

Owned format_value(ThreadState& ts, Value v, uint32_t conversion, Value spec) {
    Owned converted;
    switch (conversion) {
        case 1:
            converted = str(ts, v);
            break;
        case 2:
            converted = repr(ts, v);
            break;
        case 3:
            converted = ascii(ts, v);
            break;
        default:
            converted = Owned::borrow(v);
            break;
    }
    if (!converted) return nullptr;
    if (spec.is_null() && is_exact_str(converted.get())) return converted;
    Owned empty;
    if (spec.is_null()) {
        empty = new_str("");
        spec = empty.get();
    }
    return format(ts, converted.get(), spec);
}

namespace {

bool unpack_error_not_iterable(ThreadState& ts, Value seq) {
    raisef(ts, &kTypeErrorType, "cannot unpack non-iterable {} object", type_name(seq));
    return false;
}

}  // namespace

bool unpack_sequence(ThreadState& ts, Value seq, uint32_t n, Value* out) {
    const Value* items = nullptr;
    int64_t length = -1;
    if (is_exact_tuple(seq)) {
        items = seq.as<TupleObject>()->items;
        length = seq.as<TupleObject>()->length;
    } else if (is_exact_list(seq)) {
        items = seq.as<ListObject>()->items;
        length = seq.as<ListObject>()->length;
    }
    if (items) {
        if (length == n) {
            for (uint32_t i = 0; i < n; ++i) {
                out[n - 1 - i] = items[i];
                incref(items[i]);
            }
            return true;
        }
        if (length < n) {
            raisef(ts, &kValueErrorType, "not enough values to unpack (expected {}, got {})", n,
                   length);
        } else {
            raisef(ts, &kValueErrorType, "too many values to unpack (expected {})", n);
        }
        return false;
    }
    if (type_of(seq)->iter == nullptr && type_of(seq)->getitem == nullptr) {
        return unpack_error_not_iterable(ts, seq);
    }
    Owned it = get_iter(ts, seq);
    if (!it) return false;
    std::vector<Owned> got;
    while (got.size() <= n) {
        Owned v = iter_next(ts, it.get());
        if (!v) {
            if (ts.has_exception()) return false;
            break;
        }
        got.push_back(std::move(v));
    }
    if (got.size() < n) {
        raisef(ts, &kValueErrorType, "not enough values to unpack (expected {}, got {})", n,
               got.size());
        return false;
    }
    if (got.size() > n) {
        raisef(ts, &kValueErrorType, "too many values to unpack (expected {})", n);
        return false;
    }
    for (uint32_t i = 0; i < n; ++i)
        out[n - 1 - i] = got[i].release();
    return true;
}

bool unpack_ex(ThreadState& ts, Value seq, uint32_t before, uint32_t after, Value* out) {
    if (type_of(seq)->iter == nullptr && type_of(seq)->getitem == nullptr) {
        return unpack_error_not_iterable(ts, seq);
    }
    Ref<ListObject> all = list_from_iterable(ts, seq);
    if (!all) return false;
    const int64_t length = all->length;
    if (length < static_cast<int64_t>(before + after)) {
        raisef(ts, &kValueErrorType, "not enough values to unpack (expected at least {}, got {})",
               before + after, length);
        return false;
    }
    const uint32_t total = before + after + 1;
    // Stack order: the first item on top.
    for (uint32_t i = 0; i < before; ++i) {
        out[total - 1 - i] = all->items[i];
        incref(all->items[i]);
    }
    const int64_t middle = length - before - after;
    Ref<ListObject> mid = new_list(middle);
    for (int64_t i = 0; i < middle; ++i)
        list_append_value(mid.get(), all->items[before + i]);
    out[after] = Value::from_object(mid.release());
    for (uint32_t i = 0; i < after; ++i) {
        Value v = all->items[length - after + i];
        incref(v);
        out[after - 1 - i] = v;
    }
    return true;
}

Owned call_with_unpacked(ThreadState& ts, Value func, Value args, Value kwargs) {
    Owned tuple_holder;
    if (!is_exact_tuple(args)) {
        if (type_of(args)->iter == nullptr && type_of(args)->getitem == nullptr) {
            return raisef(ts, &kTypeErrorType, "{} argument after * must be an iterable, not {}",
                          function_str(ts, func), type_name(args));
        }
        Ref<ListObject> l = list_from_iterable(ts, args);
        if (!l) return nullptr;
        tuple_holder = new_tuple_from(l->items, l->length);
        args = tuple_holder.get();
    }
    auto* t = args.as<TupleObject>();
    if (kwargs.is_null() || kwargs.as<DictObject>()->length == 0) {
        return call(ts, func, CallArgs{t->items, static_cast<size_t>(t->length), nullptr});
    }
    auto* d = kwargs.as<DictObject>();
    std::vector<Value> all(t->items, t->items + t->length);
    Ref<TupleObject> names = new_tuple(d->length);
    int64_t pos = 0, i = 0;
    Value key, value;
    while (dict_next(d, &pos, &key, &value)) {
        incref(key);
        names->items[i++] = key;
        all.push_back(value);
    }
    return call(ts, func, CallArgs{all.data(), static_cast<size_t>(t->length), names.get()});
}

namespace {

bool is_exception_class(Value v) {
    return v.is_object() && (type_of(v)->flags & kTypeTypeSubclass) &&
           is_subtype(v.as<TypeObject>(), &kBaseExceptionType);
}

// An exception instance from `raise X` or `from X`: a class is called with no arguments.
Owned instantiate(ThreadState& ts, Value v) {
    if (is_exception_class(v)) {
        Owned exc = call_values(ts, v, {});
        if (!exc) return nullptr;
        if (!is_exception(exc.get())) {
            return raisef(ts, &kTypeErrorType,
                          "calling {} should have returned an instance of BaseException, not {}",
                          type_name(v), type_name(exc.get()));
        }
        return exc;
    }
    if (is_exception(v)) return Owned::borrow(v);
    return nullptr;
}

}  // namespace

void do_raise(ThreadState& ts, Value exc, Value cause) {
    Owned instance = instantiate(ts, exc);
    if (!instance) {
        if (!ts.has_exception())
            raise(ts, &kTypeErrorType, "exceptions must derive from BaseException");
        return;
    }
    if (!cause.is_null()) {
        Owned cause_instance;
        if (!cause.is_none()) {
            cause_instance = instantiate(ts, cause);
            if (!cause_instance) {
                if (!ts.has_exception()) {
                    raise(ts, &kTypeErrorType, "exception causes must derive from BaseException");
                }
                return;
            }
        }
        auto* e = instance.get().as<ExceptionObject>();
        e->cause = std::move(cause_instance);
        e->suppress_context = true;
    }
    set_exception(ts, std::move(instance));
}

int exception_matches_type(ThreadState& ts, Value exc, Value type) {
    auto check_one = [&](Value t) -> int {
        if (!is_exception_class(t)) {
            raise(ts, &kTypeErrorType,
                  "catching classes that do not inherit from BaseException is not allowed");
            return -1;
        }
        return is_subtype(type_of(exc), t.as<TypeObject>()) ? 1 : 0;
    };
    if (is_tuple(type)) {
        auto* t = type.as<TupleObject>();
        int result = 0;
        for (int64_t i = 0; i < t->length; ++i) {
            int r = check_one(t->items[i]);
            if (r < 0) return -1;
            if (r) result = 1;
        }
        return result;
    }
    return check_one(type);
}

Owned enter_context(ThreadState& ts, Value mgr, Owned* exit_fn) {
    TypeObject* t = type_of(mgr);
    Value enter = type_lookup(t, ts.interp.intern("__enter__"));
    Value exit = type_lookup(t, ts.interp.intern("__exit__"));
    if (enter.is_null()) {
        return raisef(ts, &kTypeErrorType,
                      "'{}' object does not support the context manager protocol", t->name);
    }
    if (exit.is_null()) {
        // CPython 3.11 names the missing half when only __exit__ is absent.
        return raisef(ts, &kTypeErrorType,
                      "'{}' object does not support the context manager protocol (missed "
                      "__exit__ method)",
                      t->name);
    }
    *exit_fn = get_attr(ts, mgr, ts.interp.intern("__exit__"));
    if (!*exit_fn) return nullptr;
    return call_method(ts, mgr, ts.interp.intern("__enter__"), {});
}

Owned call_exit_with_exception(ThreadState& ts, Value exit_fn, Value exc) {
    auto* e = exc.as<ExceptionObject>();
    Value tb = e->traceback.is_null() ? Value::none() : e->traceback.get();
    return call_values(ts, exit_fn, {Value::from_object(type_of(exc)), exc, tb});
}

namespace {

// `from package import x`: a name the package does not define yet is imported as the submodule
// package.x (CPython's _handle_fromlist); only a missing submodule of that very name is ignored,
// so that import_from reports "cannot import name". `*` follows the package's __all__.
bool handle_fromlist(ThreadState& ts, Value module, Value fromlist, DictObject* globals,
                     bool recursive) {
    Owned items = Owned::borrow(fromlist);
    if (!is_tuple(fromlist) && !is_list(fromlist)) {
        items = list_from_iterable(ts, fromlist);
        if (!items) return false;
    }
    Value* values = is_tuple(items.get()) ? items.get().as<TupleObject>()->items
                                          : items.get().as<ListObject>()->items;
    int64_t count = is_tuple(items.get()) ? items.get().as<TupleObject>()->length
                                          : items.get().as<ListObject>()->length;
    Owned module_name;
    for (int64_t i = 0; i < count; ++i) {
        Value x = values[i];
        if (!is_str(x)) {
            if (!recursive) {
                raisef(ts, &kTypeErrorType, "Item in ``from list'' must be str, not {}",
                       type_name(x));
                return false;
            }
            Owned pkg = get_attr(ts, module, ts.interp.intern("__name__"));
            if (!pkg) return false;
            Owned pkg_str = str(ts, pkg.get());
            if (!pkg_str) return false;
            raisef(ts, &kTypeErrorType, "Item in {}.__all__ must be str, not {}",
                   pkg_str.get().as<StrObject>()->view(), type_name(x));
            return false;
        }
        std::string_view wanted = x.as<StrObject>()->view();
        if (wanted == "*") {
            if (recursive) continue;
            Owned all = get_attr_opt(ts, module, ts.interp.intern("__all__"));
            if (!all) {
                if (ts.has_exception()) return false;
                continue;
            }
            if (!handle_fromlist(ts, module, all.get(), globals, true)) return false;
            continue;
        }
        Owned existing = get_attr_opt(ts, module, x.as<StrObject>());
        if (existing) continue;
        if (ts.has_exception()) return false;
        if (!module_name) {
            module_name = get_attr(ts, module, ts.interp.intern("__name__"));
            if (!module_name) return false;
            Owned s = str(ts, module_name.get());
            if (!s) return false;
            module_name = std::move(s);
        }
        std::string from_name =
            std::string(module_name.get().as<StrObject>()->view()) + "." + std::string(wanted);
        Ref<StrObject> full = new_str(from_name);
        Owned sub = ts.interp.hooks.import(ts, full.get(), globals, 0);
        if (sub) continue;
        if (!exception_matches(ts, &kModuleNotFoundErrorType)) return false;
        Value missing = exception_attr(ts, ts.exc.get().as<ExceptionObject>(), "name");
        if (missing.is_null() || !is_str(missing) || missing.as<StrObject>()->view() != from_name) {
            return false;
        }
        clear_exception(ts);
    }
    return true;
}

}  // namespace

Owned import_name(ThreadState& ts, StrObject* name, DictObject* globals, Value fromlist,
                  Value level) {
    if (!ts.interp.hooks.import) return raise(ts, &kImportErrorType, "import system not available");
    int lvl = level.is_int() ? static_cast<int>(level.as_int()) : 0;
    Owned module = ts.interp.hooks.import(ts, name, globals, lvl);
    if (!module) return nullptr;
    bool has_fromlist =
        !fromlist.is_none() && !(is_tuple(fromlist) && fromlist.as<TupleObject>()->length == 0);
    std::string_view full = name->view();
    size_t dot = full.find('.');
    if (has_fromlist) {
        Owned path = get_attr_opt(ts, module.get(), ts.interp.intern("__path__"));
        if (!path && ts.has_exception()) return nullptr;
        if (path && !handle_fromlist(ts, module.get(), fromlist, globals, false)) return nullptr;
        return module;
    }
    if (dot == std::string_view::npos || lvl > 0) return module;
    // `import a.b.c` binds the top-level package `a`.
    Value top = dict_get_str(ts, ts.interp.modules.get(), full.substr(0, dot));
    if (top.is_null()) return module;
    return Owned::borrow(top);
}

Owned import_from(ThreadState& ts, Value module, StrObject* name) {
    Owned v = get_attr_opt(ts, module, name);
    if (v || ts.has_exception()) return v;
    // A submodule not yet bound as an attribute: look in sys.modules.
    Owned mod_name = get_attr_opt(ts, module, ts.interp.intern("__name__"));
    if (mod_name && is_str(mod_name.get())) {
        std::string full =
            std::string(mod_name.get().as<StrObject>()->view()) + "." + std::string(name->view());
        Value sub = dict_get_str(ts, ts.interp.modules.get(), full);
        if (!sub.is_null()) return Owned::borrow(sub);
        Owned file = get_attr_opt(ts, module, ts.interp.intern("__file__"));
        clear_exception(ts);
        std::string where = file && is_str(file.get())
                                ? std::string(file.get().as<StrObject>()->view())
                                : "unknown location";
        return raisef(ts, &kImportErrorType, "cannot import name '{}' from '{}' ({})", name->view(),
                      mod_name.get().as<StrObject>()->view(), where);
    }
    clear_exception(ts);
    return raisef(ts, &kImportErrorType, "cannot import name '{}'", name->view());
}

bool import_star(ThreadState& ts, Value module, DictObject* locals) {
    Owned dict = get_attr(ts, module, ts.interp.intern("__dict__"));
    if (!dict) return false;
    Owned all = get_attr_opt(ts, module, ts.interp.intern("__all__"));
    if (all) {
        Owned it = get_iter(ts, all.get());
        if (!it) return false;
        while (Owned name = iter_next(ts, it.get())) {
            Owned v = get_attr(ts, module, name.get().as<StrObject>());
            if (!v || !dict_set(ts, locals, name.get(), v.get())) return false;
        }
        return !ts.has_exception();
    }
    if (ts.has_exception()) return false;
    int64_t pos = 0;
    Value key, value;
    while (dict_next(dict.get().as<DictObject>(), &pos, &key, &value)) {
        if (is_str(key) && key.as<StrObject>()->view().substr(0, 1) == "_") continue;
        if (!dict_set(ts, locals, key, value)) return false;
    }
    return true;
}

bool display_value(ThreadState& ts, Value v) {
    if (v.is_none()) return true;
    Value sys = dict_get_str(ts, ts.interp.modules.get(), "sys");
    if (!sys.is_null()) {
        Owned hook = get_attr_opt(ts, sys, ts.interp.intern("displayhook"));
        if (hook) return !call_values(ts, hook.get(), {v}).is_null();
        if (ts.has_exception()) return false;
    }
    Owned text = repr(ts, v);
    if (!text) return false;
    Owned out = sys.is_null() ? Owned() : get_attr_opt(ts, sys, ts.interp.intern("stdout"));
    if (!out) return !ts.has_exception();
    std::string line = std::string(text.get().as<StrObject>()->view()) + "\n";
    Owned s = new_str(line);
    if (!call_method(ts, out.get(), ts.interp.intern("write"), {s.get()})) return false;
    dict_set_str(ts.interp.builtins.get(), ts.interp.intern("_"), v);
    return true;
}

void add_traceback_entry(ThreadState& ts, Frame* f, uint32_t pc) {
    if (!is_exception(ts.exc.get())) return;
    CodeObject* co = f->co;
    auto* exc = ts.exc.get().as<ExceptionObject>();
    // The frame that raised a NameError: remember what it could see, for "Did you mean".
    const bool innermost_name_error = !exc->traceback && exc->type == &kNameErrorType;
    uint32_t index = pc > 0 ? pc - 1 : 0;
    Location loc;
    if (index < co->locations.size()) loc = co->locations[index];
    if (loc.line < 0) loc.line = co->firstlineno;
    exception_add_traceback(ts, exc, co->filename.get(), co->name.get(), loc.line, loc.end_line,
                            loc.col, loc.end_col);
    if (innermost_name_error && exc->traceback && f->globals && f->builtins) {
        Ref<TupleObject> varnames = new_tuple(static_cast<int64_t>(co->varnames.size()));
        for (size_t i = 0; i < co->varnames.size(); ++i) {
            varnames->items[i] = Value::from_object(co->varnames[i].get());
            incref(varnames->items[i]);
        }
        exc->traceback.get().as<TracebackObject>()->name_scopes =
            new_tuple_of({Value::from_object(varnames.get()), Value::from_object(f->globals),
                          Value::from_object(f->builtins)});
    }
}

}  // namespace gilpy::interpreter
