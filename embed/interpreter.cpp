// The implementation of gilpy::Interpreter: the composition root that wires the runtime, the
// interpreter (compiler and eval loop) and the stdlib registry together, runs __main__, and
// turns uncaught exceptions into CPython's exit statuses or a ScriptError for the host.
#include <pthread.h>
#include <sys/resource.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "embed/context.hpp"
#include "embed/import_system.hpp"
#include "gilpy/gilpy.hpp"
#include "interpreter/compiler.hpp"
#include "interpreter/disassembler.hpp"
#include "interpreter/eval.hpp"
#include "interpreter/frame.hpp"
#include "runtime/abstract.hpp"
#include "runtime/blocking.hpp"
#include "runtime/exceptions.hpp"
#include "runtime/interpreter_state.hpp"
#include "runtime/types/exception.hpp"
#include "runtime/types/file.hpp"
#include "runtime/types/module.hpp"
#include "stdlib/frozen.hpp"
#include "stdlib/gil_stats.hpp"
#include "stdlib/registry.hpp"

namespace gilpy {

using namespace runtime;
using interpreter::CodeObject;
using interpreter::Frame;
using interpreter::ParseMode;

const char* version_string() {
    return "0.1.0";
}

ScriptError::ScriptError(std::string type_name, std::string message, std::string traceback,
                         int exit_code)
    : std::runtime_error(traceback.empty() ? message : traceback),
      type_name_(std::move(type_name)),
      message_(std::move(message)),
      traceback_(std::move(traceback)),
      exit_code_(exit_code) {}

namespace {

Owned frame_locals_snapshot(ThreadState& ts) {
    auto* f = static_cast<Frame*>(ts.frame);
    if (!f) return raise(ts, &kSystemErrorType, "no current frame");
    if (!f->locals.is_null()) return f->locals;
    Ref<DictObject> d = new_dict();
    CodeObject* co = f->co;
    for (int i = 0; i < co->nlocals(); ++i) {
        if (!f->slots[i].is_null()) dict_set_str(d.get(), co->varnames[i].get(), f->slots[i]);
    }
    for (int i = 0; i < co->ncells() + co->nfree(); ++i) {
        Value cell = f->slots[co->nlocals() + i];
        Value v = cell.as<CellObject>()->value.get();
        StrObject* name =
            i < co->ncells() ? co->cellvars[i].get() : co->freevars[i - co->ncells()].get();
        if (!v.is_null()) dict_set_str(d.get(), name, v);
    }
    return d;
}

// Zero-argument super(): the __class__ cell and the first argument of the running method.
bool super_args(ThreadState& ts, Owned* type, Owned* obj) {
    auto* f = static_cast<Frame*>(ts.frame);
    if (!f || !f->func) {
        raise(ts, &kRuntimeErrorType, "super(): no arguments");
        return false;
    }
    CodeObject* co = f->co;
    if (co->argcount == 0) {
        raise(ts, &kRuntimeErrorType, "super(): no arguments");
        return false;
    }
    // The first argument, or its cell when a nested function captured it.
    Value first = f->slots[0];
    for (int i = 0; i < co->ncells(); ++i) {
        if (co->cell2arg[i] == 0) first = f->slots[co->nlocals() + i].as<CellObject>()->value.get();
    }
    if (first.is_null()) {
        raise(ts, &kRuntimeErrorType, "super(): arg[0] deleted");
        return false;
    }
    for (int i = 0; i < co->nfree(); ++i) {
        if (co->freevars[i]->view() != "__class__") continue;
        Value cell = f->slots[co->nlocals() + co->ncells() + i];
        Value cls = cell.as<CellObject>()->value.get();
        if (cls.is_null()) {
            raise(ts, &kRuntimeErrorType, "super(): empty __class__ cell");
            return false;
        }
        if (!is_instance(cls, &kTypeType)) {
            raise(ts, &kRuntimeErrorType,
                  "super(): __class__ is not a type (" + std::string(type_name(cls)) + ")");
            return false;
        }
        *type = Owned::borrow(cls);
        *obj = Owned::borrow(first);
        return true;
    }
    raise(ts, &kRuntimeErrorType, "super(): __class__ cell not found");
    return false;
}

// Applies the -X options gilpy knows to [interp]; the GIL ones must be valid.
void apply_xoptions(InterpreterState& interp, const std::vector<std::string>& options,
                    bool* gil_stats) {
    for (const std::string& opt : options) {
        size_t eq = opt.find('=');
        std::string key = opt.substr(0, eq);
        std::string value = eq == std::string::npos ? "" : opt.substr(eq + 1);
        if (key == "gil") {
            if (value == "modern") {
                interp.gil->set_policy(GilPolicy::Modern);
            } else if (value == "legacy") {
                interp.gil->set_policy(GilPolicy::Legacy);
            } else {
                throw std::invalid_argument("-X gil: expected 'modern' or 'legacy', got '" + value +
                                            "'");
            }
        } else if (key == "switchinterval") {
            char* end = nullptr;
            double s = std::strtod(value.c_str(), &end);
            if (value.empty() || *end || !(s > 0)) {
                throw std::invalid_argument(
                    "-X switchinterval: expected a positive number of seconds, got '" + value +
                    "'");
            }
            interp.gil->set_switch_interval(s);
        } else if (key == "checkinterval") {
            char* end = nullptr;
            long n = std::strtol(value.c_str(), &end, 10);
            if (value.empty() || *end || n < 1) {
                throw std::invalid_argument(
                    "-X checkinterval: expected a positive number of ticks, got '" + value + "'");
            }
            interp.gil->set_check_interval(static_cast<int>(n));
        } else if (key == "gil-stats") {
            *gil_stats = true;
        }
    }
}

}  // namespace

namespace detail {

struct InterpreterImpl {
    InterpreterState interp;
    Ref<ModuleObject> main_module;
    int exit_code = 0;
    bool gil_stats = false;
    bool keyboard_interrupt = false;  // the last uncaught exception was KeyboardInterrupt
    bool inspect = false;             // Config::inspect

    // The thread state the API works in: the calling Python thread's when a host function of
    // this interpreter is running on it, else the main thread's (which the host thread holds
    // between calls). Makes it the current one for gilpy::Object operations.
    ThreadState& ts() {
        ThreadState* current = embed::current_thread();
        if (current && &current->interp == &interp) return *current;
        embed::set_current_thread(&interp.main_thread());
        return interp.main_thread();
    }

    explicit InterpreterImpl(Config config) {
        interp.argv = std::move(config.argv);
        interp.path = std::move(config.path);
        ThreadState& t = ts();
        t.stack_limit = current_thread_stack_limit();
        interp.hooks.import = embed::import_module;
        interp.hooks.exec = [](ThreadState& ts, std::string_view source, std::string_view filename,
                               std::string_view mode, DictObject* globals,
                               DictObject* locals) -> Owned {
            ParseMode m = mode == "eval"     ? ParseMode::Eval
                          : mode == "single" ? ParseMode::Single
                                             : ParseMode::Exec;
            Ref<CodeObject> co = interpreter::compile_source(ts, source, filename, m);
            if (!co) return nullptr;
            return interpreter::eval_code(ts, co.get(), globals, locals ? locals : globals);
        };
        interp.hooks.frame_globals = [](ThreadState& ts) -> DictObject* {
            auto* f = static_cast<Frame*>(ts.frame);
            return f ? f->globals : nullptr;
        };
        interp.hooks.frame_locals = frame_locals_snapshot;
        interp.hooks.compile = [](ThreadState& ts, std::string_view source,
                                  std::string_view filename, std::string_view mode) -> Owned {
            ParseMode m = mode == "eval"     ? ParseMode::Eval
                          : mode == "single" ? ParseMode::Single
                                             : ParseMode::Exec;
            return interpreter::compile_source(ts, source, filename, m);
        };
        interp.hooks.run_class_body = [](ThreadState& ts, Value body, DictObject* ns) -> Owned {
            auto* fn = body.as<FunctionObject>();
            auto* co = static_cast<CodeObject*>(fn->code.get());
            return interpreter::eval_code(ts, co, fn->globals.get(), ns, fn);
        };
        interp.hooks.super_args = super_args;
        interp.hooks.run_code = [](ThreadState& ts, Value code, DictObject* globals,
                                   DictObject* locals) -> Owned {
            if (!code.is_object() || code.as_object()->type != &interpreter::kCodeType) {
                return nullptr;
            }
            return interpreter::eval_code(ts, code.as<CodeObject>(), globals,
                                          locals ? locals : globals);
        };
        if (!stdlib::init_interpreter_modules(t)) {
            std::string text = format_exception(t, t.exc.get());
            clear_exception(t);
            throw std::runtime_error("gilpy: cannot initialise builtins: " + text);
        }
        main_module = new_module(t, "__main__");
        DictObject* d = main_module->dict.get();
        dict_set_str(d, interp.intern("__builtins__"), Value::from_object(interp.builtins.get()));
        dict_set_str(interp.modules.get(), interp.intern("__main__"),
                     Value::from_object(main_module.get()));
        apply_xoptions(interp, config.xoptions, &gil_stats);
        set_sys_xoptions(config.xoptions);
        if (config.unbuffered_stdio) set_unbuffered_stdio();
        inspect = config.inspect;
        if (config.handle_signals) install_signal_handlers(interp);
        embed::set_current_thread(&t);
    }

    // -u: the std streams' write buffers are flushed after every write.
    void set_unbuffered_stdio() {
        Value sys = dict_get_str(interp.modules.get(), interp.intern("sys"));
        if (sys.is_null() || !is_module(sys)) return;
        for (const char* name : {"stdout", "stderr", "__stdout__", "__stderr__"}) {
            Value f = dict_get_str(sys.as<ModuleObject>()->dict.get(), interp.intern(name));
            if (!f.is_null() && is_file(f)) f.as<FileObject>()->unbuffered = true;
        }
    }

    // sys._xoptions: {"name": "value"} or {"name": True} for options without a value.
    void set_sys_xoptions(const std::vector<std::string>& options) {
        ThreadState& t = ts();
        Ref<DictObject> d = new_dict();
        for (const std::string& opt : options) {
            size_t eq = opt.find('=');
            Owned key = new_str(opt.substr(0, eq));
            Owned value = eq == std::string::npos ? Owned::from_bool(true)
                                                  : Owned(new_str(opt.substr(eq + 1)));
            dict_set(t, d.get(), key.get(), value.get());
        }
        Value sys = dict_get_str(interp.modules.get(), interp.intern("sys"));
        if (!sys.is_null() && is_module(sys)) {
            dict_set_str(sys.as<ModuleObject>()->dict.get(), interp.intern("_xoptions"),
                         Value::from_object(d.get()));
        }
    }

    // At the end of the main program, as CPython's Py_FinalizeEx: threading joins its
    // non-daemon threads (daemon threads are abandoned), atexit's callbacks run (if the module
    // was ever imported), then the GIL report if asked.
    void finish_main() {
        ThreadState& t = ts();
        Value threading = dict_get_str(interp.modules.get(), interp.intern("threading"));
        if (!threading.is_null()) {
            Owned shutdown = get_attr_opt(t, threading, interp.intern("_shutdown"));
            if (shutdown) {
                if (!call_values(t, shutdown.get(), {})) handle_uncaught();
            }
            clear_exception(t);
        }
        Value atexit = dict_get_str(interp.modules.get(), interp.intern("atexit"));
        if (!atexit.is_null()) {
            Owned run = get_attr_opt(t, atexit, interp.intern("_run_exitfuncs"));
            if (run && !call_values(t, run.get(), {})) handle_uncaught();
            clear_exception(t);
        }
        if (gil_stats) {
            flush_std_streams(t);
            clear_exception(t);
            std::string report = stdlib::gil_stats_report(t);
            std::fwrite(report.data(), 1, report.size(), stderr);
            std::fflush(stderr);
        }
    }

    ~InterpreterImpl() {
        // Another interpreter's thread state stays current for the host afterwards.
        ThreadState* saved = embed::current_thread();
        if (saved && &saved->interp == &interp) saved = nullptr;
        flush_std_streams(ts());
        clear_exception(ts());
        if (main_module && main_module->dict) dict_clear(main_module->dict.get());
        embed::set_current_thread(saved);
    }

    DictObject* globals() { return main_module->dict.get(); }

    // Runs [source] compiled in [mode] in __main__; null if raised.
    Owned run(std::string_view source, std::string_view filename, ParseMode mode,
              bool* incomplete = nullptr) {
        Ref<CodeObject> co = interpreter::compile_source(ts(), source, filename, mode, incomplete);
        if (!co) return nullptr;
        return interpreter::eval_code(ts(), co.get(), globals(), globals());
    }

    // The exit status for the pending exception, printing it as CPython's excepthook does.
    // With [system_exit_ends] false (python3 -i after the script), SystemExit is printed like
    // any other exception, since the prompt follows instead of the exit.
    int handle_uncaught(bool system_exit_ends = true) {
        ThreadState& t = ts();
        Owned exc = fetch_exception(t);
        if (system_exit_ends && is_instance(exc.get(), &kSystemExitType)) {
            return system_exit_status(exc.get());
        }
        keyboard_interrupt = is_instance(exc.get(), &kKeyboardInterruptType);
        flush_std_streams(t);
        std::string text = format_exception(t, exc.get());
        clear_exception(t);
        std::fwrite(text.data(), 1, text.size(), stderr);
        std::fflush(stderr);
        return 1;
    }

    // SystemExit(code): None -> 0, an int -> itself, anything else printed to stderr -> 1.
    int system_exit_status(Value exc) {
        ThreadState& t = ts();
        Value code = exception_attr(t, exc.as<ExceptionObject>(), "code");
        if (code.is_null() || code.is_none()) return 0;
        if (code.is_int()) return static_cast<int>(code.as_int() & 0xff);
        if (code.is_bool()) return code.as_bool() ? 1 : 0;
        flush_std_streams(t);
        Owned text = str(t, code);
        if (text) {
            std::string line = std::string(text.get().as<StrObject>()->view()) + "\n";
            std::fwrite(line.data(), 1, line.size(), stderr);
        }
        clear_exception(t);
        return 1;
    }

    [[noreturn]] void throw_script_error() {
        ThreadState& t = ts();
        if (t.has_exception() && is_instance(t.exc.get(), &kSystemExitType)) {
            exit_code = embed::system_exit_code(t, t.exc.get());
        }
        embed::throw_script_error(t);
    }
};

}  // namespace detail

InterpreterState& embed::interpreter_state(detail::InterpreterImpl& impl) {
    return impl.interp;
}

Interpreter::Interpreter(Config config)
    : impl_(std::make_unique<detail::InterpreterImpl>(std::move(config))) {}
Interpreter::~Interpreter() = default;
Interpreter::Interpreter(Interpreter&&) noexcept = default;
Interpreter& Interpreter::operator=(Interpreter&&) noexcept = default;

int Interpreter::run_main(std::string_view source, std::string_view filename) {
    Owned file = new_str(filename);
    dict_set_str(impl_->globals(), impl_->interp.intern("__file__"), file.get());
    Owned result = impl_->run(source, filename, ParseMode::Exec);
    int status = result ? 0 : impl_->handle_uncaught(!impl_->inspect);
    if (impl_->inspect) {  // the host's prompt follows and calls finish_main() when it ends
        if (!flush_std_streams(impl_->ts())) clear_exception(impl_->ts());
        return status;
    }
    impl_->finish_main();
    if (!flush_std_streams(impl_->ts())) {
        clear_exception(impl_->ts());
        if (status == 0) status = 120;  // CPython's status when flushing stdout fails at exit
    }
    return status;
}

int Interpreter::run_module(std::string_view name) {
    const std::string full(name);
    auto not_found = [](const std::string& message) {
        throw ScriptError("ImportError", message, "ImportError: " + message + "\n");
    };
    size_t dot = full.rfind('.');
    if (dot != std::string::npos) {
        try {
            import_module(full.substr(0, dot));  // the parent packages
        } catch (const ScriptError& e) {
            if (e.type_name() != "ModuleNotFoundError") throw;
            not_found("Error while finding module specification for '" + full +
                      "' (ModuleNotFoundError: " + e.message() + ")");
        }
    }
    std::string source, filename, package = dot == std::string::npos ? "" : full.substr(0, dot);
    auto read = [&](const std::filesystem::path& path) {
        std::error_code ec;
        if (!std::filesystem::is_regular_file(path, ec)) return false;
        std::ifstream in(path, std::ios::binary);
        if (!in) return false;
        std::ostringstream text;
        text << in.rdbuf();
        source = text.str();
        filename = std::filesystem::absolute(path).lexically_normal().string();
        return true;
    };
    const std::string package_message = "No module named " + full + ".__main__; '" + full +
                                        "' is a package and cannot be directly executed";
    if (stdlib::find_native_module(full)) not_found("No code object available for " + full);
    if (const stdlib::FrozenModule* frozen = stdlib::find_frozen_module(full)) {
        if (frozen->is_package) {
            const stdlib::FrozenModule* main = stdlib::find_frozen_module(full + ".__main__");
            if (!main) not_found(package_message);
            frozen = main;
            package = full;
        }
        source = frozen->source;
        filename = "<frozen " + full + ">";
    } else {
        std::string rel = full;
        for (char& c : rel) {
            if (c == '.') c = '/';
        }
        bool found = false;
        gilpy::Object path = import_module("sys").attr("path");
        for (const gilpy::Object& entry : path.cast<std::vector<gilpy::Object>>()) {
            if (entry.type_name() != "str") continue;
            std::string dir = entry.cast<std::string>();
            std::filesystem::path base = std::filesystem::path(dir.empty() ? "." : dir) / rel;
            std::error_code ec;
            if (std::filesystem::is_regular_file(base / "__init__.py", ec)) {
                if (!read(base / "__main__.py")) not_found(package_message);
                package = full;
                found = true;
                break;
            }
            std::filesystem::path file = base;
            file += ".py";
            if (read(file)) {
                found = true;
                break;
            }
        }
        if (!found) not_found("No module named " + full);
    }
    ThreadState& t = impl_->ts();
    gilpy::Object argv = import_module("sys").attr("argv");
    if (argv.len() > 0) argv.set_item(gilpy::Object(0), gilpy::Object(filename));
    Owned pkg = new_str(package);  // "" for a top-level module, as python3 -m
    dict_set_str(impl_->globals(), t.interp.intern("__package__"), pkg.get());
    return run_main(source, filename);
}

void Interpreter::finish_main() {
    impl_->finish_main();
    if (!flush_std_streams(impl_->ts())) clear_exception(impl_->ts());
}

InputStatus Interpreter::run_interactive(std::string_view source) {
    bool incomplete = false;
    Owned result = impl_->run(source, "<stdin>", ParseMode::Single, &incomplete);
    if (incomplete) return InputStatus::Incomplete;
    if (!result) {
        if (exception_matches(impl_->ts(), &kSystemExitType)) {
            impl_->exit_code = impl_->handle_uncaught();
            return InputStatus::Exit;
        }
        impl_->handle_uncaught();
    }
    flush_std_streams(impl_->ts());
    clear_exception(impl_->ts());
    return InputStatus::Done;
}

void Interpreter::exec(std::string_view source, std::string_view filename) {
    if (!impl_->run(source, filename, ParseMode::Exec)) impl_->throw_script_error();
}

std::string Interpreter::eval_repr(std::string_view expression) {
    Owned result = impl_->run(expression, "<string>", ParseMode::Eval);
    if (!result) impl_->throw_script_error();
    Owned text = repr(impl_->ts(), result.get());
    if (!text) impl_->throw_script_error();
    return std::string(text.get().as<StrObject>()->view());
}

std::string Interpreter::disassemble(std::string_view source, std::string_view filename) {
    Ref<CodeObject> co =
        interpreter::compile_source(impl_->ts(), source, filename, ParseMode::Exec);
    if (!co) impl_->throw_script_error();
    return interpreter::disassemble(co.get());
}

bool Interpreter::take_pending_interrupt() noexcept {
    return take_pending_sigint(impl_->interp);
}

gilpy::Object Interpreter::eval(std::string_view expression) {
    Owned result = impl_->run(expression, "<string>", ParseMode::Eval);
    if (!result) impl_->throw_script_error();
    return embed::to_object(std::move(result));
}

gilpy::Object Interpreter::globals() {
    impl_->ts();
    return embed::borrow_object(Value::from_object(impl_->globals()));
}

gilpy::Object Interpreter::import_module(std::string_view name) {
    ThreadState& t = impl_->ts();
    StrObject* key = t.interp.intern(name);
    Owned top = embed::import_module(t, key, impl_->globals(), 0);
    if (!top) impl_->throw_script_error();
    Value module = dict_get_str(t.interp.modules.get(), key);
    if (module.is_null()) return embed::to_object(std::move(top));
    return embed::borrow_object(module);
}

void Interpreter::run_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("gilpy: can't open file '" + path + "'");
    std::ostringstream text;
    text << in.rdbuf();
    ThreadState& t = impl_->ts();
    Owned file = new_str(path);
    dict_set_str(impl_->globals(), t.interp.intern("__file__"), file.get());
    if (!impl_->run(text.str(), path, ParseMode::Exec)) impl_->throw_script_error();
}

Module Interpreter::def_module(std::string_view name) {
    ThreadState& t = impl_->ts();
    StrObject* key = t.interp.intern(name);
    Value existing = dict_get_str(t.interp.modules.get(), key);
    if (!existing.is_null() && is_module(existing)) return Module(embed::borrow_object(existing));
    Ref<ModuleObject> module = new_module(t, name);
    dict_set_str(t.interp.modules.get(), key, Value::from_object(module.get()));
    return Module(embed::to_object(Owned(std::move(module))));
}

bool Interpreter::ended_by_keyboard_interrupt() const {
    return impl_->keyboard_interrupt;
}

int Interpreter::exit_code() const {
    return impl_->exit_code;
}

void Interpreter::flush() {
    if (!flush_std_streams(impl_->ts())) clear_exception(impl_->ts());
}

}  // namespace gilpy
