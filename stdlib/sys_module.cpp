// The sys module: the interpreter's view of itself (argv, path, modules, the std streams,
// version and platform facts, recursion and int-conversion limits, the exception being
// handled) as CPython 3.11 presents it.
#include <unistd.h>

#include <climits>
#include <cstdint>
#include <string>

#include "runtime/abstract.hpp"
#include "runtime/args.hpp"
#include "runtime/exceptions.hpp"
#include "runtime/interpreter_state.hpp"
#include "runtime/thread_state.hpp"
#include "runtime/types/dict.hpp"
#include "runtime/types/exception.hpp"
#include "runtime/types/file.hpp"
#include "runtime/types/int.hpp"
#include "runtime/types/list.hpp"
#include "runtime/types/module.hpp"
#include "runtime/types/str.hpp"
#include "runtime/types/struct_sequence.hpp"
#include "runtime/types/tuple.hpp"

namespace gilpy::stdlib {

using namespace runtime;

namespace {

// gilpy implements the language of CPython 3.11; the version says so first, as scripts test
// sys.version_info and sometimes parse sys.version.
constexpr const char* kVersion = "3.11.7 (gilpy 0.1.0)";
constexpr int64_t kHexVersion = 0x030b07f0;  // 3.11.7 final

const char* const kVersionInfoFields[] = {"major", "minor", "micro", "releaselevel", "serial"};
const StructSequenceSpec kVersionInfoSpec{"sys.version_info", kVersionInfoFields, 5, 5};

TypeObject* version_info_type() {
    static TypeObject* const type = new_struct_sequence_type(kVersionInfoSpec);
    return type;
}

Owned sys_exit(ThreadState& ts, CallArgs args) {
    if (!check_positional(ts, args, "exit", 0, 1)) return nullptr;
    if (args.nargs == 0) return raise_empty(ts, &kSystemExitType);
    return raise_with_value(ts, &kSystemExitType, args[0]);
}

// The GIL's knobs: the modern policy's switch interval and the legacy policy's check interval
// (Python 2's sys.setcheckinterval, kept so the two policies can be compared).
Owned sys_getswitchinterval(ThreadState& ts, CallArgs args) {
    if (!check_no_args(ts, args, "sys.getswitchinterval()")) return nullptr;
    return Owned::from_float(ts.gil->switch_interval());
}

Owned sys_setswitchinterval(ThreadState& ts, CallArgs args) {
    if (!check_one_arg(ts, args, "sys.setswitchinterval()")) return nullptr;
    double seconds;
    if (args[0].is_float()) {
        seconds = args[0].as_float();
    } else if (is_int(args[0])) {
        if (!int_to_double(ts, args[0], &seconds)) return nullptr;
    } else {
        return raisef(ts, &kTypeErrorType, "must be real number, not {}", type_name(args[0]));
    }
    if (!(seconds > 0)) {
        return raise(ts, &kValueErrorType, "switch interval must be strictly positive");
    }
    ts.gil->set_switch_interval(seconds);
    return Owned::none();
}

Owned sys_getcheckinterval(ThreadState& ts, CallArgs args) {
    if (!check_no_args(ts, args, "sys.getcheckinterval()")) return nullptr;
    return Owned::steal(Value::from_int(ts.gil->check_interval()));
}

Owned sys_setcheckinterval(ThreadState& ts, CallArgs args) {
    if (!check_one_arg(ts, args, "sys.setcheckinterval()")) return nullptr;
    int64_t n;
    if (!arg_int64(ts, args[0], &n)) return nullptr;
    ts.gil->set_check_interval(n > INT_MAX ? INT_MAX : static_cast<int>(n));
    return Owned::none();
}

Owned sys_getrecursionlimit(ThreadState& ts, CallArgs args) {
    if (!check_no_args(ts, args, "sys.getrecursionlimit()")) return nullptr;
    return Owned::steal(Value::from_int(ts.interp.recursion_limit));
}

Owned sys_setrecursionlimit(ThreadState& ts, CallArgs args) {
    if (!check_one_arg(ts, args, "sys.setrecursionlimit()")) return nullptr;
    Owned i = index(ts, args[0]);
    if (!i) return nullptr;
    int64_t limit;
    if (!int_to_int64(i.get(), &limit) || limit < INT_MIN || limit > INT_MAX) {
        return raise(ts, &kOverflowErrorType, "Python int too large to convert to C int");
    }
    if (limit < 1) {
        return raise(ts, &kValueErrorType, "recursion limit must be greater or equal than 1");
    }
    if (limit <= ts.python_depth) {
        return raisef(ts, &kRecursionErrorType,
                      "cannot set the recursion limit to {} at the recursion depth {}: the limit "
                      "is too low",
                      limit, ts.python_depth);
    }
    ts.interp.recursion_limit = static_cast<int>(limit);
    return Owned::none();
}

// getrefcount(): the argument's refcount, which includes the caller's reference to it, as in
// CPython. Immortal objects and immediate values (which have no count) report 2**32 - 1, as
// CPython 3.12 does for its immortal objects.
Owned sys_getrefcount(ThreadState& ts, CallArgs args) {
    if (!check_one_arg(ts, args, "sys.getrefcount()")) return nullptr;
    Value v = args[0];
    int64_t count = 4294967295;
    if (v.is_object() && !is_immortal(v.as_object())) count = v.as_object()->refcount;
    return Owned::steal(Value::from_int(count));
}

Owned sys_get_int_max_str_digits(ThreadState& ts, CallArgs args) {
    if (!check_no_args(ts, args, "sys.get_int_max_str_digits()")) return nullptr;
    return Owned::steal(Value::from_int(ts.interp.int_max_str_digits));
}

Owned sys_set_int_max_str_digits(ThreadState& ts, CallArgs args) {
    static const char* const kNames[] = {"maxdigits"};
    Value a[1];
    if (!parse_args(ts, args, "set_int_max_str_digits", kNames, 1, a)) return nullptr;
    Owned i = index(ts, a[0]);
    if (!i) return nullptr;
    int64_t digits;
    if (!int_to_int64(i.get(), &digits) || digits < INT_MIN || digits > INT_MAX) {
        return raise(ts, &kOverflowErrorType, "Python int too large to convert to C int");
    }
    if (digits != 0 && digits < 640) {
        return raise(ts, &kValueErrorType, "maxdigits must be 0 or larger than 640");
    }
    ts.interp.int_max_str_digits = digits;
    return Owned::none();
}

Owned sys_intern(ThreadState& ts, CallArgs args) {
    if (!check_one_arg(ts, args, "sys.intern()")) return nullptr;
    if (!is_exact_str(args[0])) {
        return raisef(ts, &kTypeErrorType, "intern() argument must be str, not {}",
                      type_name(args[0]));
    }
    return Owned::borrow(Value::from_object(ts.interp.intern(args[0].as<StrObject>()->view())));
}

// The exception being handled by the innermost except block, or null.
Value handled_exception(ThreadState& ts) {
    for (auto it = ts.handled.rbegin(); it != ts.handled.rend(); ++it) {
        Value v = it->get();
        if (!v.is_null() && !v.is_none()) return v;
    }
    return Value::null();
}

Owned sys_exc_info(ThreadState& ts, CallArgs args) {
    if (!check_no_args(ts, args, "sys.exc_info()")) return nullptr;
    Value exc = handled_exception(ts);
    if (exc.is_null()) return new_tuple_of({Value::none(), Value::none(), Value::none()});
    Value tb = Value::none();
    if (is_exception(exc) && !exc.as<ExceptionObject>()->traceback.is_null()) {
        tb = exc.as<ExceptionObject>()->traceback.get();
    }
    return new_tuple_of({Value::from_object(type_of(exc)), exc, tb});
}

Owned sys_exception(ThreadState& ts, CallArgs args) {
    if (!check_no_args(ts, args, "sys.exception()")) return nullptr;
    Value exc = handled_exception(ts);
    return exc.is_null() ? Owned::none() : Owned::borrow(exc);
}

Owned sys_getdefaultencoding(ThreadState& ts, CallArgs args) {
    if (!check_no_args(ts, args, "sys.getdefaultencoding()")) return nullptr;
    return new_str("utf-8");
}

Owned sys_getfilesystemencoding(ThreadState& ts, CallArgs args) {
    if (!check_no_args(ts, args, "sys.getfilesystemencoding()")) return nullptr;
    return new_str("utf-8");
}

// displayhook(value): what the REPL calls for an expression statement. Prints repr(value) and
// keeps it in builtins._ (None is not printed and not kept).
Owned sys_displayhook(ThreadState& ts, CallArgs args) {
    if (!check_one_arg(ts, args, "sys.displayhook()")) return nullptr;
    Value v = args[0];
    if (v.is_none()) return Owned::none();
    DictObject* builtins = ts.interp.builtins.get();
    if (builtins && !dict_set_str(ts, builtins, "_", Value::none())) return nullptr;
    Owned text = repr(ts, v);
    if (!text) return nullptr;
    std::string line(text.get().as<StrObject>()->view());
    line.push_back('\n');
    if (!write_sys_stream(ts, "stdout", line)) return nullptr;
    if (builtins && !dict_set_str(ts, builtins, "_", v)) return nullptr;
    return Owned::none();
}

// excepthook(type, value, traceback): prints the report of an uncaught exception to stderr.
Owned sys_excepthook(ThreadState& ts, CallArgs args) {
    if (!check_positional(ts, args, "excepthook", 3, 3)) return nullptr;
    std::string report = format_exception(ts, args[1]);
    if (!write_sys_stream(ts, "stderr", report)) return nullptr;
    return Owned::none();
}

std::string executable_path() {
    char buffer[4096];
    ssize_t n = ::readlink("/proc/self/exe", buffer, sizeof buffer - 1);
    return n > 0 ? std::string(buffer, static_cast<size_t>(n)) : std::string();
}

Ref<ListObject> str_list(const std::vector<std::string>& items) {
    Ref<ListObject> list = new_list(static_cast<int64_t>(items.size()));
    for (const std::string& item : items)
        list_append_owned(list.get(), new_str(item));
    return list;
}

bool little_endian() {
    const uint16_t probe = 1;
    return *reinterpret_cast<const unsigned char*>(&probe) == 1;
}

const MethodDef kSysMethods[] = {
    {"exit", sys_exit},
    {"getrecursionlimit", sys_getrecursionlimit},
    {"getswitchinterval", sys_getswitchinterval},
    {"setswitchinterval", sys_setswitchinterval},
    {"getcheckinterval", sys_getcheckinterval},
    {"setcheckinterval", sys_setcheckinterval},
    {"setrecursionlimit", sys_setrecursionlimit},
    {"getrefcount", sys_getrefcount},
    {"get_int_max_str_digits", sys_get_int_max_str_digits},
    {"set_int_max_str_digits", sys_set_int_max_str_digits},
    {"intern", sys_intern},
    {"exc_info", sys_exc_info},
    {"exception", sys_exception},
    {"getdefaultencoding", sys_getdefaultencoding},
    {"getfilesystemencoding", sys_getfilesystemencoding},
    {"displayhook", sys_displayhook},
    {"excepthook", sys_excepthook},
    {nullptr, nullptr},
};

}  // namespace

Ref<ModuleObject> init_sys_module(ThreadState& ts) {
    InterpreterState& interp = ts.interp;
    Ref<ModuleObject> m = new_module(ts, "sys");
    if (!m) return nullptr;
    module_add_functions(ts, m.get(), kSysMethods);
    ModuleObject* sys = m.get();
    auto set = [&](std::string_view name, Value v) { module_set(ts, sys, name, v); };
    auto set_owned = [&](std::string_view name, Owned v) { module_set(ts, sys, name, v.get()); };

    // An interpreter started without a script still has sys.argv == [''], as in CPython.
    Ref<ListObject> argv = str_list(interp.argv);
    if (argv->length == 0) list_append_owned(argv.get(), new_str(""));
    set("argv", Value::from_object(argv.get()));
    set_owned("orig_argv", str_list(interp.argv));
    set_owned("path", str_list(interp.path));
    set("modules", Value::from_object(interp.modules.get()));

    Ref<FileObject> out = file_from_fd(1, "<stdout>", "w", false);
    Ref<FileObject> err = file_from_fd(2, "<stderr>", "w", true);
    Ref<FileObject> in = file_from_fd(0, "<stdin>", "r", false);
    in->flush_before_read = out;
    for (auto [name, file] : {std::pair{"stdin", in.get()}, std::pair{"stdout", out.get()},
                              std::pair{"stderr", err.get()}}) {
        set(name, Value::from_object(file));
        set(std::string("__") + name + "__", Value::from_object(file));
    }
    set("__displayhook__", dict_get_str(ts, sys->dict.get(), "displayhook"));
    set("__excepthook__", dict_get_str(ts, sys->dict.get(), "excepthook"));

    set_owned("version", new_str(kVersion));
    Ref<TupleObject> version_info = new_struct_sequence(version_info_type());
    Value* fields = struct_sequence_items(version_info.get());
    fields[0] = Value::from_int(3);
    fields[1] = Value::from_int(11);
    fields[2] = Value::from_int(7);
    fields[3] = Value::from_object(new_str("final").release());
    fields[4] = Value::from_int(0);
    set("version_info", Value::from_object(version_info.get()));
    set("hexversion", Value::from_int(kHexVersion));
    set("api_version", Value::from_int(1013));
#if defined(__APPLE__)
    set_owned("platform", new_str("darwin"));
#else
    set_owned("platform", new_str("linux"));
#endif
    set("maxsize", Value::from_int(INT64_MAX));
    set("maxunicode", Value::from_int(0x10ffff));
    set_owned("byteorder", new_str(little_endian() ? "little" : "big"));
    set_owned("executable", new_str(executable_path()));
    set_owned("copyright", new_str("Copyright (c) the gilpy authors."));
    set("dont_write_bytecode", Value::from_bool(true));
    return m;
}

}  // namespace gilpy::stdlib
