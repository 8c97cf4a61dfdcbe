// The builtins module: the builtin functions of CPython 3.11, the builtin types and exception
// classes, and the constants, with CPython's argument handling and messages.
#include <cmath>
#include <cstdint>

#include "runtime/abstract.hpp"
#include "runtime/args.hpp"
#include "runtime/exceptions.hpp"
#include "runtime/format_spec.hpp"
#include "runtime/interpreter_state.hpp"
#include "runtime/slot_dunders.hpp"
#include "runtime/thread_state.hpp"
#include "runtime/types/bytes.hpp"
#include "runtime/types/descriptors.hpp"
#include "runtime/types/dict.hpp"
#include "runtime/types/exception.hpp"
#include "runtime/types/file.hpp"
#include "runtime/types/float.hpp"
#include "runtime/types/function.hpp"
#include "runtime/types/generator.hpp"
#include "runtime/types/heap_type.hpp"
#include "runtime/types/int.hpp"
#include "runtime/types/iterator.hpp"
#include "runtime/types/list.hpp"
#include "runtime/types/module.hpp"
#include "runtime/types/range.hpp"
#include "runtime/types/set.hpp"
#include "runtime/types/slice.hpp"
#include "runtime/types/str.hpp"
#include "runtime/types/tuple.hpp"

namespace gilpy::stdlib {

using namespace runtime;

namespace {

// ---------------------------------------------------------------------------------------------
// Helpers

// sys.<name> (borrowed), or null when sys or the attribute is missing.
Value sys_attr(ThreadState& ts, std::string_view name) {
    Value sys = dict_get_str(ts, ts.interp.modules.get(), "sys");
    if (sys.is_null() || !is_module(sys)) return Value::null();
    return dict_get_str(ts, sys.as<ModuleObject>()->dict.get(), name);
}

Value str_value(ThreadState& ts, std::string_view name) {
    return Value::from_object(ts.interp.intern(name));
}

// The keyword arguments of [args] matched against [names] (all keyword-only); out[i] is null
// when not given. [function] names the function in the message for an unknown keyword.
bool parse_keywords(ThreadState& ts, CallArgs args, const char* function,
                    std::initializer_list<const char*> names, Value* out) {
    for (size_t i = 0; i < names.size(); ++i)
        out[i] = Value::null();
    for (size_t k = 0; k < args.keyword_count(); ++k) {
        auto* key = args.kwnames->items[k].as<StrObject>();
        size_t i = 0;
        for (const char* n : names) {
            if (str_equals(key, n)) break;
            ++i;
        }
        if (i == names.size()) {
            raisef(ts, &kTypeErrorType, "'{}' is an invalid keyword argument for {}()", key->view(),
                   function);
            return false;
        }
        out[i] = args.keyword_value(k);
    }
    return true;
}

// The globals of the running frame (borrowed): the interpreter's hook, else __main__'s dict.
DictObject* current_globals(ThreadState& ts) {
    if (ts.interp.hooks.frame_globals) {
        if (DictObject* g = ts.interp.hooks.frame_globals(ts)) return g;
    }
    Value main = dict_get_str(ts, ts.interp.modules.get(), "__main__");
    if (!main.is_null() && is_module(main)) return main.as<ModuleObject>()->dict.get();
    return nullptr;
}

Owned current_locals(ThreadState& ts) {
    if (ts.interp.hooks.frame_locals) return ts.interp.hooks.frame_locals(ts);
    DictObject* g = current_globals(ts);
    if (!g) return raise(ts, &kSystemErrorType, "no current frame");
    return Owned::borrow(Value::from_object(g));
}

Owned sorted_list_of_keys(ThreadState& ts, DictObject* d) {
    Ref<ListObject> names = new_list(d->length);
    int64_t pos = 0;
    Value key, value;
    while (dict_next(d, &pos, &key, &value))
        list_append_value(names.get(), key);
    if (!list_sort_values(ts, names.get(), Value::null(), false)) return nullptr;
    return names;
}

// ---------------------------------------------------------------------------------------------
// I/O: print, input, open

// Writes [text] to [file]: the direct path for gilpy's text files, else file.write(text).
bool write_to(ThreadState& ts, Value file, Value text) {
    if (is_file(file) && !file.as<FileObject>()->binary) {
        return file_write_text(ts, file.as<FileObject>(), text.as<StrObject>()->view());
    }
    return static_cast<bool>(call_method(ts, file, ts.interp.intern("write"), {text}));
}

// sep and end: None means the default; anything else must be a str.
bool separator_arg(ThreadState& ts, Value v, const char* name, const char* fallback, Value* out) {
    if (v.is_null() || v.is_none()) {
        *out = str_value(ts, fallback);
        return true;
    }
    if (!is_str(v)) {
        raisef(ts, &kTypeErrorType, "{} must be None or a string, not {}", name, type_name(v));
        return false;
    }
    *out = v;
    return true;
}

Owned builtin_print(ThreadState& ts, CallArgs args) {
    Value kw[4];
    if (!parse_keywords(ts, args, "print", {"sep", "end", "file", "flush"}, kw)) return nullptr;
    Value sep, end;
    if (!separator_arg(ts, kw[0], "sep", " ", &sep)) return nullptr;
    if (!separator_arg(ts, kw[1], "end", "\n", &end)) return nullptr;
    Value file = kw[2];
    if (file.is_null() || file.is_none()) {
        file = sys_attr(ts, "stdout");
        if (file.is_null()) return raise(ts, &kRuntimeErrorType, "lost sys.stdout");
        // print() to a missing stdout (pythonw, a closed console) silently does nothing.
        if (file.is_none()) return Owned::none();
    }
    for (size_t i = 0; i < args.nargs; ++i) {
        if (i > 0 && !write_to(ts, file, sep)) return nullptr;
        Owned text = str(ts, args[i]);
        if (!text || !write_to(ts, file, text.get())) return nullptr;
    }
    if (!write_to(ts, file, end)) return nullptr;
    if (!kw[3].is_null()) {
        int flush = truth(ts, kw[3]);
        if (flush < 0) return nullptr;
        if (flush) {
            if (is_file(file)) {
                if (!file_flush(ts, file.as<FileObject>())) return nullptr;
            } else if (!call_method(ts, file, ts.interp.intern("flush"), {})) {
                return nullptr;
            }
        }
    }
    return Owned::none();
}

bool flush_stream(ThreadState& ts, Value stream) {
    if (stream.is_null() || stream.is_none()) return true;
    if (is_file(stream)) {
        FileObject* f = stream.as<FileObject>();
        return f->closed || file_flush(ts, f);
    }
    return static_cast<bool>(call_method(ts, stream, ts.interp.intern("flush"), {}));
}

Owned builtin_input(ThreadState& ts, CallArgs args) {
    if (!check_positional(ts, args, "input", 0, 1)) return nullptr;
    Value in = sys_attr(ts, "stdin");
    Value out = sys_attr(ts, "stdout");
    if (in.is_null() || in.is_none())
        return raise(ts, &kRuntimeErrorType, "input(): lost sys.stdin");
    if (out.is_null() || out.is_none()) {
        return raise(ts, &kRuntimeErrorType, "input(): lost sys.stdout");
    }
    if (!flush_stream(ts, sys_attr(ts, "stderr"))) return nullptr;
    if (args.nargs == 1) {
        Owned prompt = str(ts, args[0]);
        if (!prompt || !write_to(ts, out, prompt.get())) return nullptr;
    }
    if (!flush_stream(ts, out)) return nullptr;
    Owned line = is_file(in) ? file_readline_text(ts, in.as<FileObject>())
                             : call_method(ts, in, ts.interp.intern("readline"), {});
    if (!line) return nullptr;
    if (!is_str(line.get())) {
        return raisef(ts, &kTypeErrorType, "object.readline() returned non-string");
    }
    std::string_view text = line.get().as<StrObject>()->view();
    if (text.empty()) return raise(ts, &kEOFErrorType, "EOF when reading a line");
    if (text.back() == '\n') return new_str(text.substr(0, text.size() - 1));
    return line;
}

Owned builtin_open(ThreadState& ts, CallArgs args) {
    return file_open(ts, args);
}

// ---------------------------------------------------------------------------------------------
// Object protocol: len, repr, ascii, hash, id, callable, format, attributes

Owned builtin_len(ThreadState& ts, CallArgs args) {
    if (!check_one_arg(ts, args, "len()")) return nullptr;
    int64_t n = length(ts, args[0]);
    return n < 0 ? nullptr : Owned::steal(Value::from_int(n));
}

Owned builtin_repr(ThreadState& ts, CallArgs args) {
    if (!check_one_arg(ts, args, "repr()")) return nullptr;
    return repr(ts, args[0]);
}

Owned builtin_ascii(ThreadState& ts, CallArgs args) {
    if (!check_one_arg(ts, args, "ascii()")) return nullptr;
    return ascii(ts, args[0]);
}

Owned builtin_hash(ThreadState& ts, CallArgs args) {
    if (!check_one_arg(ts, args, "hash()")) return nullptr;
    int64_t h = hash(ts, args[0]);
    return h == -1 ? nullptr : Owned::steal(Value::from_int(h));
}

// id(): the address of a heap object. Immediate values have no address; they get their bits
// shifted left with the tag in the low bits, which no (16-byte aligned) object address has.
Owned builtin_id(ThreadState& ts, CallArgs args) {
    if (!check_one_arg(ts, args, "id()")) return nullptr;
    Value v = args[0];
    uint64_t id = v.is_object() ? reinterpret_cast<uintptr_t>(v.as_object())
                                : ((v.bits() << 4) | static_cast<uint64_t>(v.tag()));
    return Owned::steal(Value::from_int(static_cast<int64_t>(id & INT64_MAX)));
}

Owned builtin_callable(ThreadState& ts, CallArgs args) {
    if (!check_one_arg(ts, args, "callable()")) return nullptr;
    return Owned::from_bool(is_callable(args[0]));
}

Owned builtin_format(ThreadState& ts, CallArgs args) {
    if (!check_positional(ts, args, "format", 1, 2)) return nullptr;
    Value spec;
    if (args.nargs == 2) {
        spec = args[1];
        if (!is_str(spec)) {
            return raisef(ts, &kTypeErrorType, "format() argument 2 must be str, not {}",
                          type_name(spec));
        }
    } else {
        spec = str_value(ts, "");
    }
    return format(ts, args[0], spec);
}

bool attr_name(ThreadState& ts, Value v) {
    if (is_str(v)) return true;
    raisef(ts, &kTypeErrorType, "attribute name must be string, not '{}'", type_name(v));
    return false;
}

Owned builtin_getattr(ThreadState& ts, CallArgs args) {
    if (!check_positional(ts, args, "getattr", 2, 3)) return nullptr;
    if (!attr_name(ts, args[1])) return nullptr;
    auto* name = args[1].as<StrObject>();
    if (args.nargs == 2) return get_attr(ts, args[0], name);
    Owned r = get_attr_opt(ts, args[0], name);
    if (r || ts.has_exception()) return r;
    return Owned::borrow(args[2]);
}

Owned builtin_setattr(ThreadState& ts, CallArgs args) {
    if (!check_positional(ts, args, "setattr", 3, 3)) return nullptr;
    if (!attr_name(ts, args[1])) return nullptr;
    // Like CPython, names set dynamically are interned, so later lookups hit the fast path.
    StrObject* name = ts.interp.intern(args[1].as<StrObject>()->view());
    if (set_attr(ts, args[0], name, args[2]) < 0) return nullptr;
    return Owned::none();
}

Owned builtin_delattr(ThreadState& ts, CallArgs args) {
    if (!check_positional(ts, args, "delattr", 2, 2)) return nullptr;
    if (!attr_name(ts, args[1])) return nullptr;
    if (set_attr(ts, args[0], args[1].as<StrObject>(), Value::null()) < 0) return nullptr;
    return Owned::none();
}

Owned builtin_hasattr(ThreadState& ts, CallArgs args) {
    if (!check_positional(ts, args, "hasattr", 2, 2)) return nullptr;
    if (!attr_name(ts, args[1])) return nullptr;
    Owned r = get_attr_opt(ts, args[0], args[1].as<StrObject>());
    if (!r && ts.has_exception()) return nullptr;
    return Owned::from_bool(static_cast<bool>(r));
}

// ---------------------------------------------------------------------------------------------
// Namespaces: globals, locals, vars, dir

// The check of a function that takes no arguments (CPython's METH_NOARGS message).
bool no_args(ThreadState& ts, CallArgs args, const char* qualname) {
    if (!check_no_keywords(ts, args, qualname)) return false;
    if (args.nargs == 0) return true;
    raisef(ts, &kTypeErrorType, "{} takes no arguments ({} given)", qualname, args.nargs);
    return false;
}

Owned builtin_globals(ThreadState& ts, CallArgs args) {
    if (!no_args(ts, args, "globals()")) return nullptr;
    DictObject* g = current_globals(ts);
    if (!g) return raise(ts, &kSystemErrorType, "no current frame");
    return Owned::borrow(Value::from_object(g));
}

Owned builtin_locals(ThreadState& ts, CallArgs args) {
    if (!no_args(ts, args, "locals()")) return nullptr;
    return current_locals(ts);
}

Owned builtin_vars(ThreadState& ts, CallArgs args) {
    if (!check_positional(ts, args, "vars", 0, 1)) return nullptr;
    if (args.nargs == 0) return current_locals(ts);
    Owned d = get_attr_opt(ts, args[0], ts.interp.intern("__dict__"));
    if (!d && !ts.has_exception()) {
        return raise(ts, &kTypeErrorType, "vars() argument must have __dict__ attribute");
    }
    return d;
}

// Adds the keys of [d] (a dict) to [names].
bool add_keys(ThreadState& ts, SetObject* names, Value d) {
    if (d.is_null() || !is_dict(d)) return true;
    int64_t pos = 0;
    Value key, value;
    while (dict_next(d.as<DictObject>(), &pos, &key, &value)) {
        if (!set_add(ts, names, key)) return false;
    }
    return true;
}

bool add_type_names(ThreadState& ts, SetObject* names, TypeObject* t) {
    if (!t->mro) return add_keys(ts, names, t->dict ? Value::from_object(t->dict) : Value::null());
    for (int64_t i = 0; i < t->mro->length; ++i) {
        auto* k = t->mro->items[i].as<TypeObject>();
        if (k->dict && !add_keys(ts, names, Value::from_object(k->dict))) return false;
    }
    return true;
}

// dir(obj) without __dir__: the instance dict plus the attributes of the class and its bases
// (for a module, its dict; for a class, the dicts along its MRO).
Owned default_dir(ThreadState& ts, Value obj) {
    Ref<SetObject> names = new_set();
    if (is_module(obj)) {
        Ref<DictObject>& d = obj.as<ModuleObject>()->dict;
        if (d && !add_keys(ts, names.get(), Value::from_object(d.get()))) return nullptr;
    } else if (has_flag(obj, kTypeTypeSubclass)) {
        if (!add_type_names(ts, names.get(), obj.as<TypeObject>())) return nullptr;
    } else {
        Owned d = get_attr_opt(ts, obj, ts.interp.intern("__dict__"));
        if (!d && ts.has_exception()) return nullptr;
        if (d && !add_keys(ts, names.get(), d.get())) return nullptr;
        if (!add_type_names(ts, names.get(), type_of(obj))) return nullptr;
    }
    Ref<ListObject> list = list_from_iterable(ts, Value::from_object(names.get()));
    if (!list || !list_sort_values(ts, list.get(), Value::null(), false)) return nullptr;
    return list;
}

Owned builtin_dir(ThreadState& ts, CallArgs args) {
    if (!check_positional(ts, args, "dir", 0, 1)) return nullptr;
    if (args.nargs == 0) {
        Owned locals = current_locals(ts);
        if (!locals) return nullptr;
        if (!is_dict(locals.get())) {
            Ref<ListObject> keys = list_from_iterable(ts, locals.get());
            if (!keys || !list_sort_values(ts, keys.get(), Value::null(), false)) return nullptr;
            return keys;
        }
        return sorted_list_of_keys(ts, locals.get().as<DictObject>());
    }
    Value obj = args[0];
    StrObject* dunder_dir = ts.interp.intern("__dir__");
    if (!has_flag(obj, kTypeTypeSubclass) && !type_lookup(type_of(obj), dunder_dir).is_null()) {
        Owned r = call_method(ts, obj, dunder_dir, {});
        if (!r) return nullptr;
        Ref<ListObject> list = list_from_iterable(ts, r.get());
        if (!list || !list_sort_values(ts, list.get(), Value::null(), false)) return nullptr;
        return list;
    }
    return default_dir(ts, obj);
}

// ---------------------------------------------------------------------------------------------
// Iteration: iter, next, sorted, min, max, sum, any, all

Owned builtin_iter(ThreadState& ts, CallArgs args) {
    if (!check_positional(ts, args, "iter", 1, 2)) return nullptr;
    if (args.nargs == 1) return get_iter(ts, args[0]);
    if (!is_callable(args[0])) return raise(ts, &kTypeErrorType, "iter(v, w): v must be callable");
    return new_callable_iterator(args[0], args[1]);
}

Owned builtin_next(ThreadState& ts, CallArgs args) {
    if (!check_positional(ts, args, "next", 1, 2)) return nullptr;
    Value it = args[0];
    if (type_of(it) == &kGeneratorType) {
        // A generator's StopIteration carries its return value (the native slot drops it).
        Owned item = generator_next_or_stop(ts, it.as<GeneratorObject>());
        if (item || args.nargs < 2 || !exception_matches(ts, &kStopIterationType)) return item;
        clear_exception(ts);
        return Owned::borrow(args[1]);
    }
    if (!type_of(it)->next) {
        return raisef(ts, &kTypeErrorType, "'{}' object is not an iterator", type_name(it));
    }
    // A class's __next__ is called directly, so that its StopIteration (and value) propagates.
    Owned item = has_heap_next(type_of(it)) ? call_heap_next(ts, it) : iter_next(ts, it);
    if (item) return item;
    if (ts.has_exception()) {
        if (args.nargs < 2 || !exception_matches(ts, &kStopIterationType)) return nullptr;
        clear_exception(ts);
    }
    if (args.nargs == 2) return Owned::borrow(args[1]);
    return raise_empty(ts, &kStopIterationType);
}

Owned builtin_sorted(ThreadState& ts, CallArgs args) {
    if (args.nargs != 1) {
        return raisef(ts, &kTypeErrorType, "sorted expected 1 argument, got {}", args.nargs);
    }
    Value kw[2];
    if (!parse_keywords(ts, args, "sort", {"key", "reverse"}, kw)) return nullptr;
    Ref<ListObject> list = list_from_iterable(ts, args[0]);
    if (!list) return nullptr;
    bool reverse = false;
    if (!kw[1].is_null()) {
        int64_t r;
        if (!index_int64(ts, kw[1], &r)) return nullptr;
        reverse = r != 0;
    }
    Value key = kw[0].is_none() ? Value::null() : kw[0];
    if (!list_sort_values(ts, list.get(), key, reverse)) return nullptr;
    return list;
}

// min() and max(): one iterable or several arguments; key= and (for one iterable) default=.
Owned min_max(ThreadState& ts, CallArgs args, const char* name, CompareOp op) {
    Value kw[2];
    if (!parse_keywords(ts, args, name, {"key", "default"}, kw)) return nullptr;
    if (args.nargs == 0) {
        return raisef(ts, &kTypeErrorType, "{} expected at least 1 argument, got 0", name);
    }
    Value key = kw[0].is_none() ? Value::null() : kw[0];
    Value fallback = kw[1];
    if (args.nargs > 1 && !fallback.is_null()) {
        return raisef(ts, &kTypeErrorType,
                      "Cannot specify a default for {}() with multiple positional arguments", name);
    }
    Owned it;
    if (args.nargs == 1) {
        it = get_iter(ts, args[0]);
        if (!it) return nullptr;
    }
    Owned best, best_key;
    for (size_t i = 0;; ++i) {
        Owned item;
        if (args.nargs == 1) {
            item = iter_next(ts, it.get());
            if (!item) {
                if (ts.has_exception()) return nullptr;
                break;
            }
        } else {
            if (i == args.nargs) break;
            item = Owned::borrow(args[i]);
        }
        Owned k = key.is_null() ? item : call_values(ts, key, {item.get()});
        if (!k) return nullptr;
        if (best.is_null()) {
            best = std::move(item);
            best_key = std::move(k);
            continue;
        }
        int better = compare_bool(ts, k.get(), best_key.get(), op);
        if (better < 0) return nullptr;
        if (better) {
            best = std::move(item);
            best_key = std::move(k);
        }
    }
    if (!best.is_null()) return best;
    if (!fallback.is_null()) return Owned::borrow(fallback);
    return raisef(ts, &kValueErrorType, "{}() arg is an empty sequence", name);
}

Owned builtin_min(ThreadState& ts, CallArgs args) {
    return min_max(ts, args, "min", CompareOp::Lt);
}

Owned builtin_max(ThreadState& ts, CallArgs args) {
    return min_max(ts, args, "max", CompareOp::Gt);
}

Owned builtin_sum(ThreadState& ts, CallArgs args) {
    static const char* const kNames[] = {"iterable", "start"};
    Value a[2];
    if (!parse_args(ts, args, "sum", kNames, 1, a, 2, 1)) return nullptr;
    Value start = a[1].is_null() ? Value::from_int(0) : a[1];
    if (is_str(start)) {
        return raise(ts, &kTypeErrorType, "sum() can't sum strings [use ''.join(seq) instead]");
    }
    if (is_bytes(start)) {
        return raise(ts, &kTypeErrorType, "sum() can't sum bytes [use b''.join(seq) instead]");
    }
    if (is_bytearray(start)) {
        return raise(ts, &kTypeErrorType, "sum() can't sum bytearray [use b''.join(seq) instead]");
    }
    Owned it = get_iter(ts, a[0]);
    if (!it) return nullptr;
    Owned total = Owned::borrow(start);
    while (Owned item = iter_next(ts, it.get())) {
        Value t = total.get(), x = item.get();
        // Fast paths: machine ints without overflow, and floats (plain addition, as 3.11).
        int64_t r;
        if (t.is_int() && x.is_int() && !__builtin_add_overflow(t.as_int(), x.as_int(), &r)) {
            total = Owned::steal(Value::from_int(r));
        } else if (t.is_float() && (x.is_float() || x.is_int())) {
            double d = x.is_float() ? x.as_float() : static_cast<double>(x.as_int());
            total = Owned::from_float(t.as_float() + d);
        } else {
            total = binary_op(ts, t, x, BinaryOp::Add);
            if (!total) return nullptr;
        }
    }
    if (ts.has_exception()) return nullptr;
    return total;
}

// any() and all(): stop at the first item whose truth is [stop_on].
Owned any_all(ThreadState& ts, CallArgs args, const char* qualname, bool stop_on) {
    if (!check_one_arg(ts, args, qualname)) return nullptr;
    Owned it = get_iter(ts, args[0]);
    if (!it) return nullptr;
    while (Owned item = iter_next(ts, it.get())) {
        int t = truth(ts, item.get());
        if (t < 0) return nullptr;
        if (static_cast<bool>(t) == stop_on) return Owned::from_bool(stop_on);
    }
    if (ts.has_exception()) return nullptr;
    return Owned::from_bool(!stop_on);
}

Owned builtin_any(ThreadState& ts, CallArgs args) {
    return any_all(ts, args, "any()", true);
}
Owned builtin_all(ThreadState& ts, CallArgs args) {
    return any_all(ts, args, "all()", false);
}

// ---------------------------------------------------------------------------------------------
// Numbers: abs, round, divmod, pow, hex, oct, bin, ord, chr

Owned builtin_abs(ThreadState& ts, CallArgs args) {
    if (!check_one_arg(ts, args, "abs()")) return nullptr;
    Value v = args[0];
    if (v.is_int() && v.as_int() != INT64_MIN) {
        return Owned::steal(Value::from_int(v.as_int() < 0 ? -v.as_int() : v.as_int()));
    }
    if (v.is_float()) return Owned::from_float(std::fabs(v.as_float()));
    const NumberSlots* n = type_of(v)->number;
    if (!n || !n->abs) {
        return raisef(ts, &kTypeErrorType, "bad operand type for abs(): '{}'", type_name(v));
    }
    return n->abs(ts, v);
}

Owned builtin_round(ThreadState& ts, CallArgs args) {
    static const char* const kNames[] = {"number", "ndigits"};
    Value a[2];
    if (!parse_args(ts, args, "round", kNames, 1, a)) return nullptr;
    StrObject* dunder_round = ts.interp.intern("__round__");
    if (type_lookup(type_of(a[0]), dunder_round).is_null()) {
        return raisef(ts, &kTypeErrorType, "type {} doesn't define __round__ method",
                      type_name(a[0]));
    }
    if (a[1].is_null() || a[1].is_none()) return call_method(ts, a[0], dunder_round, {});
    return call_method(ts, a[0], dunder_round, {a[1]});
}

bool is_number(Value v) {
    return is_int(v) || v.is_float();
}

Owned builtin_divmod(ThreadState& ts, CallArgs args) {
    if (!check_positional(ts, args, "divmod", 2, 2)) return nullptr;
    Value a = args[0], b = args[1];
    if (is_number(a) && is_number(b)) {
        if ((a.is_float() || b.is_float())) {
            double d;
            if (!to_double(ts, b, &d)) return nullptr;
            if (d == 0.0) return raise(ts, &kZeroDivisionErrorType, "float divmod()");
        }
        Owned q = binary_op(ts, a, b, BinaryOp::FloorDiv);
        if (!q) return nullptr;
        Owned r = binary_op(ts, a, b, BinaryOp::Mod);
        if (!r) return nullptr;
        return new_tuple_of({q.get(), r.get()});
    }
    StrObject* names[2] = {ts.interp.intern("__divmod__"), ts.interp.intern("__rdivmod__")};
    Value operands[2][2] = {{a, b}, {b, a}};
    for (int i = 0; i < 2; ++i) {
        if (i == 1 && type_of(a) == type_of(b)) break;
        Value self = operands[i][0], other = operands[i][1];
        if (type_lookup(type_of(self), names[i]).is_null()) continue;
        Owned r = call_method(ts, self, names[i], {other});
        if (!r || !is_not_implemented(r.get())) return r;
    }
    return raisef(ts, &kTypeErrorType, "unsupported operand type(s) for divmod(): '{}' and '{}'",
                  type_name(a), type_name(b));
}

Owned builtin_pow(ThreadState& ts, CallArgs args) {
    static const char* const kNames[] = {"base", "exp", "mod"};
    Value a[3];
    if (!parse_args(ts, args, "pow", kNames, 2, a)) return nullptr;
    if (a[2].is_null() || a[2].is_none()) return binary_op(ts, a[0], a[1], BinaryOp::Pow);
    if (is_int(a[0]) && is_int(a[1]) && is_int(a[2])) return int_pow_mod(ts, a[0], a[1], a[2]);
    if (is_number(a[0]) && is_number(a[1]) && is_number(a[2])) {
        return raise(ts, &kTypeErrorType,
                     "pow() 3rd argument not allowed unless all arguments are integers");
    }
    // float's power refuses a modulus outright once both operands are numbers.
    if ((a[0].is_float() && is_number(a[1])) || (a[1].is_float() && is_number(a[0]))) {
        return raise(ts, &kTypeErrorType,
                     "pow() 3rd argument not allowed unless all arguments are integers");
    }
    // Three-argument power only asks the base's own Python __pow__ (never __rpow__, and the
    // builtins' binary-only slots do not take a modulus), as CPython's slot_nb_power.
    StrObject* dunder_pow = ts.interp.intern("__pow__");
    Value f = type_lookup(type_of(a[0]), dunder_pow);
    if (is_heap_type(type_of(a[0])) && !f.is_null() && type_of(f) != &kSlotWrapperType) {
        Owned r = call_method(ts, a[0], dunder_pow, {a[1], a[2]});
        if (!r || !is_not_implemented(r.get())) return r;
    }
    return raisef(ts, &kTypeErrorType,
                  "unsupported operand type(s) for ** or pow(): '{}', '{}', '{}'", type_name(a[0]),
                  type_name(a[1]), type_name(a[2]));
}

Owned int_in_base(ThreadState& ts, CallArgs args, const char* qualname, std::string_view spec) {
    if (!check_one_arg(ts, args, qualname)) return nullptr;
    Owned i = index(ts, args[0]);
    if (!i) return nullptr;
    return format_int(ts, i.get(), spec);
}

Owned builtin_hex(ThreadState& ts, CallArgs args) {
    return int_in_base(ts, args, "hex()", "#x");
}
Owned builtin_oct(ThreadState& ts, CallArgs args) {
    return int_in_base(ts, args, "oct()", "#o");
}
Owned builtin_bin(ThreadState& ts, CallArgs args) {
    return int_in_base(ts, args, "bin()", "#b");
}

Owned builtin_ord(ThreadState& ts, CallArgs args) {
    if (!check_one_arg(ts, args, "ord()")) return nullptr;
    Value v = args[0];
    int64_t length;
    if (is_str(v)) {
        auto* s = v.as<StrObject>();
        if (s->length == 1) {
            int64_t pos = 0;
            return Owned::steal(Value::from_int(utf8_decode(s->view(), &pos)));
        }
        length = s->length;
    } else if (std::string_view bytes; bytes_like_view(v, &bytes)) {
        if (bytes.size() == 1) {
            return Owned::steal(Value::from_int(static_cast<unsigned char>(bytes[0])));
        }
        length = static_cast<int64_t>(bytes.size());
    } else {
        return raisef(ts, &kTypeErrorType, "ord() expected string of length 1, but {} found",
                      type_name(v));
    }
    return raisef(ts, &kTypeErrorType, "ord() expected a character, but string of length {} found",
                  length);
}

Owned builtin_chr(ThreadState& ts, CallArgs args) {
    if (!check_one_arg(ts, args, "chr()")) return nullptr;
    Owned i = index(ts, args[0]);
    if (!i) return nullptr;
    int64_t cp;
    if (!int_to_int64(i.get(), &cp) || cp < INT32_MIN || cp > INT32_MAX) {
        return raise(ts, &kOverflowErrorType, "Python int too large to convert to C int");
    }
    if (cp < 0 || cp > 0x10ffff) {
        return raise(ts, &kValueErrorType, "chr() arg not in range(0x110000)");
    }
    return str_from_code_point(static_cast<uint32_t>(cp));
}

// ---------------------------------------------------------------------------------------------
// Types: isinstance, issubclass

bool is_type(Value v) {
    return has_flag(v, kTypeTypeSubclass);
}

// A metaclass's __instancecheck__ / __subclasscheck__ (script metaclasses only: `type` has
// none), or null.
bool has_check_hook(ThreadState& ts, Value cls, StrObject* name) {
    return type_of(cls) != &kTypeType && !type_lookup(type_of(cls), name).is_null();
}

int check_hook(ThreadState& ts, Value cls, StrObject* name, Value arg) {
    Owned r = call_method(ts, cls, name, {arg});
    return r ? truth(ts, r.get()) : -1;
}

int instance_check(ThreadState& ts, Value obj, Value cls) {
    if (is_type(cls)) {
        if (is_subtype(type_of(obj), cls.as<TypeObject>())) return 1;
        StrObject* hook = ts.interp.intern("__instancecheck__");
        if (has_check_hook(ts, cls, hook)) return check_hook(ts, cls, hook, obj);
        return 0;
    }
    if (is_tuple(cls)) {
        NativeRecursionGuard guard(ts);
        if (!guard.enter(" in __instancecheck__")) return -1;
        for (Value item : *cls.as<TupleObject>()) {
            int r = instance_check(ts, obj, item);
            if (r != 0) return r;
        }
        return 0;
    }
    raise(ts, &kTypeErrorType, "isinstance() arg 2 must be a type, a tuple of types, or a union");
    return -1;
}

int subclass_check(ThreadState& ts, Value derived, Value cls) {
    if (is_tuple(cls)) {
        NativeRecursionGuard guard(ts);
        if (!guard.enter(" in __subclasscheck__")) return -1;
        for (Value item : *cls.as<TupleObject>()) {
            int r = subclass_check(ts, derived, item);
            if (r != 0) return r;
        }
        return 0;
    }
    if (is_type(cls)) {
        StrObject* hook = ts.interp.intern("__subclasscheck__");
        if (has_check_hook(ts, cls, hook)) return check_hook(ts, cls, hook, derived);
    }
    if (!is_type(derived)) {
        raise(ts, &kTypeErrorType, "issubclass() arg 1 must be a class");
        return -1;
    }
    if (!is_type(cls)) {
        raise(ts, &kTypeErrorType,
              "issubclass() arg 2 must be a class, a tuple of classes, or a union");
        return -1;
    }
    return is_subtype(derived.as<TypeObject>(), cls.as<TypeObject>());
}

Owned builtin_isinstance(ThreadState& ts, CallArgs args) {
    if (!check_positional(ts, args, "isinstance", 2, 2)) return nullptr;
    int r = instance_check(ts, args[0], args[1]);
    return r < 0 ? nullptr : Owned::from_bool(r);
}

Owned builtin_issubclass(ThreadState& ts, CallArgs args) {
    if (!check_positional(ts, args, "issubclass", 2, 2)) return nullptr;
    int r = subclass_check(ts, args[0], args[1]);
    return r < 0 ? nullptr : Owned::from_bool(r);
}

// ---------------------------------------------------------------------------------------------
// Code: exec, eval, compile, __import__; exit, quit

// The source text of exec/eval/compile's first argument, or false (not str/bytes; nothing
// raised unless the bytes are not UTF-8).
bool source_text(ThreadState& ts, Value v, std::string_view* out, bool* raised) {
    *raised = false;
    if (is_str(v)) {
        *out = v.as<StrObject>()->view();
        return true;
    }
    if (!bytes_like_view(v, out)) return false;
    if (utf8_validate(*out) >= 0) {
        *raised = true;
        raise(ts, &kSyntaxErrorType, "source code cannot be decoded as UTF-8");
        return false;
    }
    return true;
}

// exec() and eval(): [is_eval] picks the mode and CPython's slightly different messages.
Owned exec_eval(ThreadState& ts, CallArgs args, bool is_eval) {
    const char* name = is_eval ? "eval" : "exec";
    Value closure = Value::null();
    if (!is_eval) {
        if (!parse_keywords(ts, args, name, {"closure"}, &closure)) return nullptr;
    } else if (!check_no_keywords(ts, args, "eval()")) {
        return nullptr;
    }
    if (!check_positional(ts, {args.args, args.nargs, nullptr}, name, 1, 3)) return nullptr;
    Value globals = args.nargs > 1 ? args[1] : Value::none();
    Value locals = args.nargs > 2 ? args[2] : Value::none();
    if (!globals.is_none() && !is_dict(globals)) {
        if (is_eval) return raise(ts, &kTypeErrorType, "globals must be a dict");
        return raisef(ts, &kTypeErrorType, "exec() globals must be a dict, not {}",
                      type_name(globals));
    }
    if (!locals.is_none() && !is_dict(locals)) {
        if (is_eval) return raise(ts, &kTypeErrorType, "locals must be a mapping");
        return raisef(ts, &kTypeErrorType, "locals must be a mapping or None, not {}",
                      type_name(locals));
    }
    Owned frame_locals;
    DictObject* g;
    DictObject* l;
    if (globals.is_none()) {
        g = current_globals(ts);
        if (!g) return raise(ts, &kSystemErrorType, "no current frame");
        if (locals.is_none()) {
            frame_locals = current_locals(ts);
            if (!frame_locals) return nullptr;
            locals = frame_locals.get();
        }
    } else {
        g = globals.as<DictObject>();
        if (locals.is_none()) locals = globals;
    }
    l = is_dict(locals) ? locals.as<DictObject>() : g;
    if (dict_get_str(ts, g, "__builtins__").is_null()) {
        Value builtins = dict_get_str(ts, ts.interp.modules.get(), "builtins");
        if (!builtins.is_null() && !dict_set_str(ts, g, "__builtins__", builtins)) return nullptr;
    }
    std::string_view source;
    bool raised;
    Owned result;
    if (source_text(ts, args[0], &source, &raised)) {
        if (is_eval) {
            while (!source.empty() && (source.front() == ' ' || source.front() == '\t')) {
                source.remove_prefix(1);
            }
        }
        if (!ts.interp.hooks.exec) return raise(ts, &kSystemErrorType, "no compiler installed");
        result = ts.interp.hooks.exec(ts, source, "<string>", name, g, l);
    } else if (raised) {
        return nullptr;
    } else {
        if (ts.interp.hooks.run_code) result = ts.interp.hooks.run_code(ts, args[0], g, l);
        if (!result && !ts.has_exception()) {
            return raisef(ts, &kTypeErrorType, "{}() arg 1 must be a string, bytes or code object",
                          name);
        }
    }
    if (!result) return nullptr;
    return is_eval ? result : Owned::none();
}

Owned builtin_exec(ThreadState& ts, CallArgs args) {
    return exec_eval(ts, args, false);
}
Owned builtin_eval(ThreadState& ts, CallArgs args) {
    return exec_eval(ts, args, true);
}

Owned builtin_compile(ThreadState& ts, CallArgs args) {
    static const char* const kNames[] = {
        "source", "filename", "mode", "flags", "dont_inherit", "optimize", "_feature_version"};
    Value a[7];
    if (!parse_args(ts, args, "compile", kNames, 3, a, 6)) return nullptr;
    std::string_view source;
    bool raised;
    if (!source_text(ts, a[0], &source, &raised)) {
        if (raised) return nullptr;
        return raise(ts, &kTypeErrorType, "compile() arg 1 must be a string, bytes or AST object");
    }
    std::string_view filename;
    if (is_str(a[1])) {
        filename = a[1].as<StrObject>()->view();
    } else if (!bytes_like_view(a[1], &filename)) {
        return raisef(ts, &kTypeErrorType, "expected str, bytes or os.PathLike object, not {}",
                      type_name(a[1]));
    }
    if (!is_str(a[2])) {
        return raisef(ts, &kTypeErrorType, "compile() argument 'mode' must be str, not {}",
                      type_name(a[2]));
    }
    std::string_view mode = a[2].as<StrObject>()->view();
    if (mode != "exec" && mode != "eval" && mode != "single") {
        return raise(ts, &kValueErrorType, "compile() mode must be 'exec', 'eval' or 'single'");
    }
    if (!ts.interp.hooks.compile) return raise(ts, &kSystemErrorType, "no compiler installed");
    return ts.interp.hooks.compile(ts, source, filename, mode);
}

Owned builtin_import(ThreadState& ts, CallArgs args) {
    static const char* const kNames[] = {"name", "globals", "locals", "fromlist", "level"};
    Value a[5];
    if (!parse_args(ts, args, "__import__", kNames, 1, a)) return nullptr;
    if (!is_str(a[0])) return raise(ts, &kTypeErrorType, "module name must be a string");
    int64_t level = 0;
    if (!a[4].is_null() && !index_int64(ts, a[4], &level)) return nullptr;
    if (level < 0) return raise(ts, &kValueErrorType, "level must be >= 0");
    DictObject* globals = !a[1].is_null() && is_dict(a[1]) ? a[1].as<DictObject>() : nullptr;
    if (!ts.interp.hooks.import) return raise(ts, &kImportErrorType, "__import__ not found");
    return ts.interp.hooks.import(ts, a[0].as<StrObject>(), globals, static_cast<int>(level));
}

// exit() and quit(): CPython's site module installs them as Quitter objects; here they are
// functions with the same effect, raising SystemExit(code).
Owned exit_with(ThreadState& ts, CallArgs args, const char* name) {
    if (!check_positional(ts, args, name, 0, 1)) return nullptr;
    return raise_with_value(ts, &kSystemExitType, args.nargs ? args[0] : Value::none());
}

Owned builtin_exit(ThreadState& ts, CallArgs args) {
    return exit_with(ts, args, "exit");
}
Owned builtin_quit(ThreadState& ts, CallArgs args) {
    return exit_with(ts, args, "quit");
}

const MethodDef kBuiltinMethods[] = {
    {"__build_class__", build_class},
    {"__import__", builtin_import},
    {"abs", builtin_abs},
    {"all", builtin_all},
    {"any", builtin_any},
    {"ascii", builtin_ascii},
    {"bin", builtin_bin},
    {"callable", builtin_callable},
    {"chr", builtin_chr},
    {"compile", builtin_compile},
    {"delattr", builtin_delattr},
    {"dir", builtin_dir},
    {"divmod", builtin_divmod},
    {"eval", builtin_eval},
    {"exec", builtin_exec},
    {"exit", builtin_exit},
    {"format", builtin_format},
    {"getattr", builtin_getattr},
    {"globals", builtin_globals},
    {"hasattr", builtin_hasattr},
    {"hash", builtin_hash},
    {"hex", builtin_hex},
    {"id", builtin_id},
    {"input", builtin_input},
    {"isinstance", builtin_isinstance},
    {"issubclass", builtin_issubclass},
    {"iter", builtin_iter},
    {"len", builtin_len},
    {"locals", builtin_locals},
    {"max", builtin_max},
    {"min", builtin_min},
    {"next", builtin_next},
    {"oct", builtin_oct},
    {"open", builtin_open},
    {"ord", builtin_ord},
    {"pow", builtin_pow},
    {"print", builtin_print},
    {"quit", builtin_quit},
    {"repr", builtin_repr},
    {"round", builtin_round},
    {"setattr", builtin_setattr},
    {"sorted", builtin_sorted},
    {"sum", builtin_sum},
    {"vars", builtin_vars},
    {nullptr, nullptr},
};

struct NamedType {
    const char* name;
    TypeObject* type;
};

// The builtin types a script can name; calling one constructs an instance (its new_/init).
const NamedType kBuiltinTypes[] = {
    {"object", &kObjectType},
    {"type", &kTypeType},
    {"int", &kIntType},
    {"bool", &kBoolType},
    {"float", &kFloatType},
    {"str", &kStrType},
    {"bytes", &kBytesType},
    {"bytearray", &kByteArrayType},
    {"tuple", &kTupleType},
    {"list", &kListType},
    {"dict", &kDictType},
    {"set", &kSetType},
    {"frozenset", &kFrozenSetType},
    {"range", &kRangeType},
    {"slice", &kSliceType},
    {"enumerate", &kEnumerateType},
    {"zip", &kZipType},
    {"map", &kMapType},
    {"filter", &kFilterType},
    {"reversed", &kReversedType},
    {"property", &kPropertyType},
    {"staticmethod", &kStaticMethodType},
    {"classmethod", &kClassMethodType},
    {"super", &kSuperType},
};

}  // namespace

Ref<ModuleObject> init_builtins_module(ThreadState& ts) {
    Ref<ModuleObject> m = new_module(ts, "builtins");
    if (!m) return nullptr;
    module_add_functions(ts, m.get(), kBuiltinMethods);
    for (const NamedType& t : kBuiltinTypes) {
        module_set(ts, m.get(), t.name, Value::from_object(t.type));
    }
#define GILPY_EXCEPTION(cname, pyname, base) \
    module_set(ts, m.get(), pyname, Value::from_object(&k##cname##Type));
#include "runtime/exception_types.def"
#undef GILPY_EXCEPTION
    // Aliases CPython keeps for old code.
    module_set(ts, m.get(), "EnvironmentError", Value::from_object(&kOSErrorType));
    module_set(ts, m.get(), "IOError", Value::from_object(&kOSErrorType));
    module_set(ts, m.get(), "None", Value::none());
    module_set(ts, m.get(), "True", Value::from_bool(true));
    module_set(ts, m.get(), "False", Value::from_bool(false));
    module_set(ts, m.get(), "Ellipsis", Value::from_object(&kEllipsis));
    module_set(ts, m.get(), "NotImplemented", not_implemented());
    module_set(ts, m.get(), "__debug__", Value::from_bool(true));
    return m;
}

}  // namespace gilpy::stdlib
