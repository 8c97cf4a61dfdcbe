// BaseException and the builtin exception hierarchy of exception_types.def (args, chaining,
// CPython 3.11's per-subclass attributes, str and repr), the traceback type, and the report
// CPython's default excepthook prints (PyErr_Display in pythonrun.c and tb_displayline in
// traceback.c): chains, "Traceback (most recent call last):", source lines with the 3.11 caret
// lines, collapsed recursion, SyntaxError's source excerpt and __notes__.
#include "runtime/types/exception.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <unordered_map>
#include <vector>

#include "runtime/abstract.hpp"
#include "runtime/args.hpp"
#include "runtime/exceptions.hpp"
#include "runtime/interpreter_state.hpp"
#include "runtime/types/bytes.hpp"
#include "runtime/types/int.hpp"
#include "runtime/types/list.hpp"

namespace gilpy::runtime {

namespace {

// ---------------------------------------------------------------------------------------------
// helpers

ExceptionObject* as_exc(Value v) {
    return v.as<ExceptionObject>();
}

DictObject* exc_dict(ExceptionObject* e) {
    if (!e->dict) e->dict = new_dict();
    return e->dict.get();
}

void put(ThreadState& ts, ExceptionObject* e, const char* name, Value v) {
    dict_set_str(exc_dict(e), ts.interp.intern(name), v.is_null() ? Value::none() : v);
}

// An attribute stored by __init__, or None.
Value attr_or_none(ThreadState& ts, ExceptionObject* e, const char* name) {
    Value v = exception_attr(ts, e, name);
    return v.is_null() ? Value::none() : v;
}

std::string_view view_of(const Owned& s) {
    return s.get().as<StrObject>()->view();
}

// Replaces self.args with the positional arguments, keeping the tuple new_ stored when it holds
// the same objects (type_call runs new_ then init with the same arguments).
void store_args(ExceptionObject* e, const Value* items, size_t n) {
    TupleObject* old = e->args.get();
    if (old && static_cast<size_t>(old->length) == n) {
        bool same = true;
        for (size_t i = 0; i < n && same; ++i)
            same = old->items[i].is(items[i]);
        if (same) return;
    }
    e->args = n ? new_tuple_from(items, static_cast<int64_t>(n))
                : Ref<TupleObject>::borrow(empty_tuple());
}

bool no_keywords(ThreadState& ts, Value self, CallArgs args) {
    if (args.keyword_count() == 0) return true;
    raisef(ts, &kTypeErrorType, "{}() takes no keyword arguments", type_name(self));
    return false;
}

// Keyword-only arguments of ImportError/AttributeError/NameError ("|$OO:ImportError"): each
// keyword must be one of [names]; values go to the matching attribute.
bool keyword_attrs(ThreadState& ts, ExceptionObject* e, CallArgs args, const char* function,
                   std::initializer_list<const char*> names) {
    for (const char* n : names)
        put(ts, e, n, Value::none());
    for (size_t k = 0; k < args.keyword_count(); ++k) {
        auto* key = args.kwnames->items[k].as<StrObject>();
        const char* match = nullptr;
        for (const char* n : names) {
            if (str_equals(key, n)) match = n;
        }
        if (!match) {
            raisef(ts, &kTypeErrorType, "'{}' is an invalid keyword argument for {}()", key->view(),
                   function);
            return false;
        }
        put(ts, e, match, args.keyword_value(k));
    }
    return true;
}

int64_t identity_hash(ThreadState&, Value self) {
    uint64_t bits = self.bits();
    int64_t h = static_cast<int64_t>((bits >> 4) | (bits << 60));
    return h == -1 ? -2 : h;
}

// ---------------------------------------------------------------------------------------------
// BaseException

void exception_dealloc(Object* self) {
    delete static_cast<ExceptionObject*>(self);
}

Ref<DictObject>* exception_instance_dict(Object* self) {
    return &static_cast<ExceptionObject*>(self)->dict;
}

Owned exception_new_slot(ThreadState& ts, TypeObject* type, CallArgs args) {
    // OSError(errno, strerror, ...) builds the subclass for errno (PEP 3151), as CPython's
    // OSError_new does when called on OSError itself.
    if (type == &kOSErrorType && args.nargs >= 2 && args.nargs <= 5 && args[0].is_int()) {
        int64_t code = args[0].as_int();
        if (code >= 0 && code <= 0xffff) type = os_error_subclass(static_cast<int>(code));
    }
    (void)ts;
    retain_heap_type(type);
    Ref<ExceptionObject> e = make_object<ExceptionObject>(type);
    e->args = args.nargs ? new_tuple_from(args.args, static_cast<int64_t>(args.nargs))
                         : Ref<TupleObject>::borrow(empty_tuple());
    return e;
}

int base_exception_init(ThreadState& ts, Value self, CallArgs args) {
    if (!no_keywords(ts, self, args)) return -1;
    store_args(as_exc(self), args.args, args.nargs);
    return 0;
}

Owned base_exception_str(ThreadState& ts, Value self) {
    TupleObject* a = as_exc(self)->args.get();
    if (!a || a->length == 0) return new_str("");
    if (a->length == 1) return str(ts, a->items[0]);
    return str(ts, Value::from_object(a));
}

Owned base_exception_repr(ThreadState& ts, Value self) {
    TupleObject* a = as_exc(self)->args.get();
    const char* name = type_name(self);
    if (a && a->length == 1) {
        Owned r = repr(ts, a->items[0]);
        if (!r) return nullptr;
        return new_str(fmt::format("{}({})", name, view_of(r)));
    }
    if (!a || a->length == 0) return new_str(fmt::format("{}()", name));
    Owned r = repr(ts, Value::from_object(a));
    if (!r) return nullptr;
    return new_str(fmt::format("{}{}", name, view_of(r)));
}

Owned exception_get_args(ThreadState&, Value self) {
    TupleObject* a = as_exc(self)->args.get();
    return Owned::borrow(Value::from_object(a ? a : empty_tuple()));
}

int exception_set_args(ThreadState& ts, Value self, Value v) {
    if (v.is_null()) {
        raise(ts, &kTypeErrorType, "args may not be deleted");
        return -1;
    }
    Ref<TupleObject> t;
    if (is_exact_tuple(v)) {
        t = Ref<TupleObject>::borrow(v.as<TupleObject>());
    } else {
        Ref<ListObject> items = list_from_iterable(ts, v);
        if (!items) return -1;
        t = new_tuple_from(items->items, items->length);
    }
    as_exc(self)->args = std::move(t);
    return 0;
}

Owned exception_get_traceback(ThreadState&, Value self) {
    const Owned& tb = as_exc(self)->traceback;
    return tb ? tb : Owned::none();
}

int exception_set_traceback(ThreadState& ts, Value self, Value v) {
    if (v.is_null()) {
        raise(ts, &kTypeErrorType, "__traceback__ may not be deleted");
        return -1;
    }
    if (!v.is_none() && type_of(v) != &kTracebackType) {
        raise(ts, &kTypeErrorType, "__traceback__ must be a traceback or None");
        return -1;
    }
    as_exc(self)->traceback = v.is_none() ? Owned() : Owned::borrow(v);
    return 0;
}

Owned exception_get_cause(ThreadState&, Value self) {
    const Owned& c = as_exc(self)->cause;
    return c ? c : Owned::none();
}

int exception_set_cause(ThreadState& ts, Value self, Value v) {
    if (v.is_null()) {
        raise(ts, &kTypeErrorType, "__cause__ may not be deleted");
        return -1;
    }
    if (!v.is_none() && !is_exception(v)) {
        raise(ts, &kTypeErrorType, "exception cause must be None or derive from BaseException");
        return -1;
    }
    ExceptionObject* e = as_exc(self);
    e->suppress_context = true;
    e->cause = v.is_none() ? Owned() : Owned::borrow(v);
    return 0;
}

Owned exception_get_context(ThreadState&, Value self) {
    const Owned& c = as_exc(self)->context;
    return c ? c : Owned::none();
}

int exception_set_context(ThreadState& ts, Value self, Value v) {
    if (v.is_null()) {
        raise(ts, &kTypeErrorType, "__context__ may not be deleted");
        return -1;
    }
    if (!v.is_none() && !is_exception(v)) {
        raise(ts, &kTypeErrorType, "exception context must be None or derive from BaseException");
        return -1;
    }
    as_exc(self)->context = v.is_none() ? Owned() : Owned::borrow(v);
    return 0;
}

Owned exception_get_suppress_context(ThreadState&, Value self) {
    return Owned::from_bool(as_exc(self)->suppress_context);
}

int exception_set_suppress_context(ThreadState& ts, Value self, Value v) {
    if (v.is_null()) {
        raise(ts, &kTypeErrorType, "can't delete numeric/char attribute");
        return -1;
    }
    if (!v.is_bool()) {
        raise(ts, &kTypeErrorType, "attribute value type must be bool");
        return -1;
    }
    as_exc(self)->suppress_context = v.as_bool();
    return 0;
}

Owned exception_get_dict(ThreadState&, Value self) {
    return Owned::borrow(Value::from_object(exc_dict(as_exc(self))));
}

int exception_set_dict(ThreadState& ts, Value self, Value v) {
    if (v.is_null()) {
        raise(ts, &kTypeErrorType, "__dict__ may not be deleted");
        return -1;
    }
    if (!is_dict(v)) {
        raisef(ts, &kTypeErrorType, "__dict__ must be set to a dictionary, not a '{}'",
               type_name(v));
        return -1;
    }
    as_exc(self)->dict = Ref<DictObject>::borrow(v.as<DictObject>());
    return 0;
}

Owned exception_with_traceback(ThreadState& ts, CallArgs args) {
    if (!check_one_arg(ts, drop_self(args), "BaseException.with_traceback()")) return nullptr;
    if (exception_set_traceback(ts, args[0], args[1]) < 0) return nullptr;
    return Owned::borrow(args[0]);
}

Owned exception_add_note(ThreadState& ts, CallArgs args) {
    if (!check_one_arg(ts, drop_self(args), "BaseException.add_note()")) return nullptr;
    Value note = args[1];
    if (!is_str(note)) {
        return raisef(ts, &kTypeErrorType, "note must be a str, not '{}'", type_name(note));
    }
    ExceptionObject* e = as_exc(args[0]);
    StrObject* key = ts.interp.intern("__notes__");
    Value notes = dict_get_str(exc_dict(e), key);
    if (notes.is_null()) {
        Ref<ListObject> list = new_list();
        dict_set_str(exc_dict(e), key, Value::from_object(list.get()));
        notes = Value::from_object(list.get());
    }
    if (!is_list(notes))
        return raise(ts, &kTypeErrorType, "Cannot add note: __notes__ is not a list");
    list_append_value(notes.as<ListObject>(), note);
    return Owned::none();
}

// The __init__/__str__/__repr__ methods call the slots, so that `super().__init__(msg)` and
// `Exception.__str__(self)` work from Python subclasses.
template <InitSlot init>
Owned init_method(ThreadState& ts, CallArgs args) {
    if (init(ts, args[0], CallArgs{args.args + 1, args.nargs - 1, args.kwnames}) < 0) {
        return nullptr;
    }
    return Owned::none();
}

template <ReprSlot slot>
Owned repr_method(ThreadState& ts, CallArgs args) {
    if (args.keyword_count() != 0)
        return raise(ts, &kTypeErrorType, "expected no keyword arguments");
    if (args.nargs != 1) {
        return raisef(ts, &kTypeErrorType, "expected 0 arguments, got {}", args.nargs - 1);
    }
    return slot(ts, args[0]);
}

const GetSetDef kBaseExceptionGetSet[] = {
    {"args", exception_get_args, exception_set_args},
    {"__traceback__", exception_get_traceback, exception_set_traceback},
    {"__cause__", exception_get_cause, exception_set_cause},
    {"__context__", exception_get_context, exception_set_context},
    {"__suppress_context__", exception_get_suppress_context, exception_set_suppress_context},
    {"__dict__", exception_get_dict, exception_set_dict},
    {nullptr, nullptr},
};

// ---------------------------------------------------------------------------------------------
// Subclasses with attributes (CPython 3.11, Objects/exceptions.c)

int stop_iteration_init(ThreadState& ts, Value self, CallArgs args) {
    if (base_exception_init(ts, self, args) < 0) return -1;
    put(ts, as_exc(self), "value", args.nargs ? args[0] : Value::none());
    return 0;
}

int system_exit_init(ThreadState& ts, Value self, CallArgs args) {
    if (base_exception_init(ts, self, args) < 0) return -1;
    ExceptionObject* e = as_exc(self);
    if (args.nargs == 0) {
        put(ts, e, "code", Value::none());
    } else if (args.nargs == 1) {
        put(ts, e, "code", args[0]);
    } else {
        put(ts, e, "code", Value::from_object(e->args.get()));
    }
    return 0;
}

int import_error_init(ThreadState& ts, Value self, CallArgs args) {
    ExceptionObject* e = as_exc(self);
    if (!keyword_attrs(ts, e, args, "ImportError", {"name", "path"})) return -1;
    store_args(e, args.args, args.nargs);
    put(ts, e, "msg", args.nargs == 1 ? args[0] : Value::none());
    return 0;
}

Owned import_error_str(ThreadState& ts, Value self) {
    Value msg = exception_attr(ts, as_exc(self), "msg");
    if (!msg.is_null() && !msg.is_none()) return str(ts, msg);
    return base_exception_str(ts, self);
}

int attribute_error_init(ThreadState& ts, Value self, CallArgs args) {
    ExceptionObject* e = as_exc(self);
    if (!keyword_attrs(ts, e, args, "AttributeError", {"name", "obj"})) return -1;
    store_args(e, args.args, args.nargs);
    return 0;
}

int name_error_init(ThreadState& ts, Value self, CallArgs args) {
    ExceptionObject* e = as_exc(self);
    if (!keyword_attrs(ts, e, args, "NameError", {"name"})) return -1;
    store_args(e, args.args, args.nargs);
    return 0;
}

Owned key_error_str(ThreadState& ts, Value self) {
    TupleObject* a = as_exc(self)->args.get();
    if (a && a->length == 1) return repr(ts, a->items[0]);
    return base_exception_str(ts, self);
}

// OSError(errno, strerror[, filename[, winerror[, filename2]]]): with 2 to 5 arguments the
// attributes are parsed, and a filename shortens args to (errno, strerror).
int os_error_init(ThreadState& ts, Value self, CallArgs args) {
    if (!no_keywords(ts, self, args)) return -1;
    ExceptionObject* e = as_exc(self);
    store_args(e, args.args, args.nargs);
    Value errno_value = Value::none(), strerror = Value::none();
    Value filename = Value::none(), filename2 = Value::none();
    if (args.nargs >= 2 && args.nargs <= 5) {
        errno_value = args[0];
        strerror = args[1];
        if (args.nargs >= 3) filename = args[2];
        if (args.nargs == 5) filename2 = args[4];
        if (!filename.is_none()) store_args(e, args.args, 2);
    }
    put(ts, e, "errno", errno_value);
    put(ts, e, "strerror", strerror);
    put(ts, e, "filename", filename);
    put(ts, e, "filename2", filename2);
    return 0;
}

Owned os_error_str(ThreadState& ts, Value self) {
    ExceptionObject* e = as_exc(self);
    Value errno_value = attr_or_none(ts, e, "errno");
    Value strerror = attr_or_none(ts, e, "strerror");
    Value filename = attr_or_none(ts, e, "filename");
    Value filename2 = attr_or_none(ts, e, "filename2");
    if (!filename.is_none()) {
        Owned code = str(ts, errno_value), text = str(ts, strerror), f1 = repr(ts, filename);
        if (!code || !text || !f1) return nullptr;
        if (!filename2.is_none()) {
            Owned f2 = repr(ts, filename2);
            if (!f2) return nullptr;
            return new_str(fmt::format("[Errno {}] {}: {} -> {}", view_of(code), view_of(text),
                                       view_of(f1), view_of(f2)));
        }
        return new_str(fmt::format("[Errno {}] {}: {}", view_of(code), view_of(text), view_of(f1)));
    }
    if (!errno_value.is_none() && !strerror.is_none()) {
        Owned code = str(ts, errno_value), text = str(ts, strerror);
        if (!code || !text) return nullptr;
        return new_str(fmt::format("[Errno {}] {}", view_of(code), view_of(text)));
    }
    return base_exception_str(ts, self);
}

// SyntaxError(msg, (filename, lineno, offset, text[, end_lineno[, end_offset]])).
int syntax_error_init(ThreadState& ts, Value self, CallArgs args) {
    if (!no_keywords(ts, self, args)) return -1;
    ExceptionObject* e = as_exc(self);
    store_args(e, args.args, args.nargs);
    static const char* const kFields[] = {"filename", "lineno",     "offset",
                                          "text",     "end_lineno", "end_offset"};
    put(ts, e, "msg", args.nargs >= 1 ? args[0] : Value::none());
    for (const char* f : kFields)
        put(ts, e, f, Value::none());
    put(ts, e, "print_file_and_line", Value::none());
    if (args.nargs == 2) {
        Ref<ListObject> info = list_from_iterable(ts, args[1]);
        if (!info) return -1;
        if (info->length < 4) {
            raisef(ts, &kTypeErrorType, "function takes at least 4 arguments ({} given)",
                   info->length);
            return -1;
        }
        if (info->length > 6) {
            raisef(ts, &kTypeErrorType, "function takes at most 6 arguments ({} given)",
                   info->length);
            return -1;
        }
        for (int64_t i = 0; i < info->length; ++i)
            put(ts, e, kFields[i], info->items[i]);
    }
    return 0;
}

Owned syntax_error_str(ThreadState& ts, Value self) {
    ExceptionObject* e = as_exc(self);
    Owned msg = str(ts, attr_or_none(ts, e, "msg"));
    if (!msg) return nullptr;
    Value filename = attr_or_none(ts, e, "filename");
    Value lineno = attr_or_none(ts, e, "lineno");
    std::string_view base;
    bool has_file = is_str(filename);
    if (has_file) {
        base = filename.as<StrObject>()->view();
        size_t slash = base.rfind('/');
        if (slash != std::string_view::npos) base = base.substr(slash + 1);
    }
    bool has_line = lineno.is_int();
    if (has_file && has_line) {
        return new_str(fmt::format("{} ({}, line {})", view_of(msg), base, lineno.as_int()));
    }
    if (has_file) return new_str(fmt::format("{} ({})", view_of(msg), base));
    if (has_line) return new_str(fmt::format("{} (line {})", view_of(msg), lineno.as_int()));
    return msg;
}

// UnicodeDecodeError(encoding, object, start, end, reason) and friends ("UOnnU" and similar).
bool unicode_arg(ThreadState& ts, Value v, int index, char kind, Value* out) {
    if (kind == 'U' && !is_str(v)) {
        raisef(ts, &kTypeErrorType, "argument {} must be str, not {}", index, type_name(v));
        return false;
    }
    if (kind == 'y' && !is_bytes(v) && !is_bytearray(v)) {
        raisef(ts, &kTypeErrorType, "argument {} must be bytes-like object, not '{}'", index,
               type_name(v));
        return false;
    }
    if (kind == 'n') {
        int64_t n;
        if (!index_int64(ts, v, &n)) return false;
        *out = Value::from_int(n);
        return true;
    }
    *out = v;
    return true;
}

int unicode_error_init_with(ThreadState& ts, Value self, CallArgs args, const char* format,
                            std::initializer_list<const char*> names) {
    if (!no_keywords(ts, self, args)) return -1;
    size_t want = names.size();
    if (args.nargs != want) {
        raisef(ts, &kTypeErrorType, "function takes exactly {} arguments ({} given)", want,
               args.nargs);
        return -1;
    }
    ExceptionObject* e = as_exc(self);
    store_args(e, args.args, args.nargs);
    Value parsed[5];
    for (size_t i = 0; i < want; ++i) {
        if (!unicode_arg(ts, args[i], static_cast<int>(i + 1), format[i], &parsed[i])) return -1;
    }
    Owned converted;
    if (format[1] == 'y' && is_bytearray(parsed[1])) {  // object is kept as bytes
        converted = new_bytes(parsed[1].as<ByteArrayObject>()->view());
        parsed[1] = converted.get();
    }
    size_t i = 0;
    if (want == 4) put(ts, e, "encoding", Value::none());
    for (const char* n : names)
        put(ts, e, n, parsed[i++]);
    return 0;
}

int unicode_decode_error_init(ThreadState& ts, Value self, CallArgs args) {
    return unicode_error_init_with(ts, self, args, "Uynnu",
                                   {"encoding", "object", "start", "end", "reason"});
}
int unicode_encode_error_init(ThreadState& ts, Value self, CallArgs args) {
    return unicode_error_init_with(ts, self, args, "UUnnU",
                                   {"encoding", "object", "start", "end", "reason"});
}
int unicode_translate_error_init(ThreadState& ts, Value self, CallArgs args) {
    return unicode_error_init_with(ts, self, args, "UnnU", {"object", "start", "end", "reason"});
}

// The parts every UnicodeError str needs; false when the attributes are missing.
struct UnicodeParts {
    std::string encoding, reason;
    Value object;
    int64_t start = 0, end = 0;
};

bool unicode_parts(ThreadState& ts, Value self, UnicodeParts* p) {
    ExceptionObject* e = as_exc(self);
    Value object = exception_attr(ts, e, "object");
    Value start = exception_attr(ts, e, "start"), end = exception_attr(ts, e, "end");
    Value reason = exception_attr(ts, e, "reason"), encoding = exception_attr(ts, e, "encoding");
    if (object.is_null() || !start.is_int() || !end.is_int() || !is_str(reason)) return false;
    p->object = object;
    p->start = start.as_int();
    p->end = end.as_int();
    p->reason = reason.as<StrObject>()->view();
    if (is_str(encoding)) p->encoding = encoding.as<StrObject>()->view();
    return true;
}

std::string escaped_code_point(uint32_t cp) {
    if (cp <= 0xff) return fmt::format("\\x{:02x}", cp);
    if (cp <= 0xffff) return fmt::format("\\u{:04x}", cp);
    return fmt::format("\\U{:08x}", cp);
}

Owned unicode_char_error_str(ThreadState& ts, Value self, const char* verb, bool with_encoding) {
    UnicodeParts p;
    if (!unicode_parts(ts, self, &p) || !is_str(p.object)) return new_str("");
    auto* s = p.object.as<StrObject>();
    std::string prefix = with_encoding ? fmt::format("'{}' codec can't {}", p.encoding, verb)
                                       : fmt::format("can't {}", verb);
    if (p.start >= 0 && p.start < s->length && p.end == p.start + 1) {
        int64_t pos = str_byte_offset(s, p.start);
        uint32_t cp = utf8_decode(s->view(), &pos);
        return new_str(fmt::format("{} character '{}' in position {}: {}", prefix,
                                   escaped_code_point(cp), p.start, p.reason));
    }
    return new_str(
        fmt::format("{} characters in position {}-{}: {}", prefix, p.start, p.end - 1, p.reason));
}

Owned unicode_encode_error_str(ThreadState& ts, Value self) {
    return unicode_char_error_str(ts, self, "encode", true);
}
Owned unicode_translate_error_str(ThreadState& ts, Value self) {
    return unicode_char_error_str(ts, self, "translate", false);
}

Owned unicode_decode_error_str(ThreadState& ts, Value self) {
    UnicodeParts p;
    std::string_view data;
    if (!unicode_parts(ts, self, &p) || !bytes_like_view(p.object, &data)) return new_str("");
    if (p.start >= 0 && p.start < static_cast<int64_t>(data.size()) && p.end == p.start + 1) {
        auto byte = static_cast<unsigned char>(data[static_cast<size_t>(p.start)]);
        return new_str(fmt::format("'{}' codec can't decode byte 0x{:02x} in position {}: {}",
                                   p.encoding, byte, p.start, p.reason));
    }
    return new_str(fmt::format("'{}' codec can't decode bytes in position {}-{}: {}", p.encoding,
                               p.start, p.end - 1, p.reason));
}

// Method tables: each type whose init or str differs exposes its own __init__/__str__.
#define GILPY_EXC_METHODS(table, init, str_slot) \
    const MethodDef table[] = {                  \
        {"__init__", init_method<init>},         \
        {"__str__", repr_method<str_slot>},      \
        {nullptr, nullptr},                      \
    };
GILPY_EXC_METHODS(kStopIterationMethods, stop_iteration_init, base_exception_str)
GILPY_EXC_METHODS(kSystemExitMethods, system_exit_init, base_exception_str)
GILPY_EXC_METHODS(kImportErrorMethods, import_error_init, import_error_str)
GILPY_EXC_METHODS(kAttributeErrorMethods, attribute_error_init, base_exception_str)
GILPY_EXC_METHODS(kNameErrorMethods, name_error_init, base_exception_str)
GILPY_EXC_METHODS(kKeyErrorMethods, base_exception_init, key_error_str)
GILPY_EXC_METHODS(kOSErrorMethods, os_error_init, os_error_str)
GILPY_EXC_METHODS(kSyntaxErrorMethods, syntax_error_init, syntax_error_str)
GILPY_EXC_METHODS(kUnicodeDecodeErrorMethods, unicode_decode_error_init, unicode_decode_error_str)
GILPY_EXC_METHODS(kUnicodeEncodeErrorMethods, unicode_encode_error_init, unicode_encode_error_str)
GILPY_EXC_METHODS(kUnicodeTranslateErrorMethods, unicode_translate_error_init,
                  unicode_translate_error_str)
#undef GILPY_EXC_METHODS

const MethodDef kBaseExceptionMethods[] = {
    {"__init__", init_method<base_exception_init>},
    {"__str__", repr_method<base_exception_str>},
    {"__repr__", repr_method<base_exception_repr>},
    {"with_traceback", exception_with_traceback},
    {"add_note", exception_add_note},
    {nullptr, nullptr},
};

// ---------------------------------------------------------------------------------------------
// traceback objects

void traceback_dealloc(Object* self) {
    delete static_cast<TracebackObject*>(self);
}

Owned traceback_repr(ThreadState&, Value self) {
    return new_str(
        fmt::format("<traceback object at {:#x}>", reinterpret_cast<uintptr_t>(self.as_object())));
}

Owned traceback_get_next(ThreadState&, Value self) {
    const Owned& n = self.as<TracebackObject>()->next;
    return n ? n : Owned::none();
}

int traceback_set_next(ThreadState& ts, Value self, Value v) {
    if (v.is_null()) {
        raise(ts, &kTypeErrorType, "can't delete tb_next attribute");
        return -1;
    }
    if (!v.is_none() && type_of(v) != &kTracebackType) {
        raisef(ts, &kTypeErrorType, "expected traceback object or None, got '{}'", type_name(v));
        return -1;
    }
    for (Value cursor = v; !cursor.is_none() && !cursor.is_null();
         cursor = cursor.as<TracebackObject>()->next.get()) {
        if (cursor.is(self)) {
            raise(ts, &kValueErrorType, "traceback loop detected");
            return -1;
        }
    }
    self.as<TracebackObject>()->next = v.is_none() ? Owned() : Owned::borrow(v);
    return 0;
}

Owned traceback_get_lineno(ThreadState&, Value self) {
    return Owned::steal(Value::from_int(self.as<TracebackObject>()->lineno));
}

Owned traceback_get_frame(ThreadState&, Value) {
    return Owned::none();
}
Owned traceback_get_lasti(ThreadState&, Value) {
    return Owned::steal(Value::from_int(-1));
}

const GetSetDef kTracebackGetSet[] = {
    {"tb_next", traceback_get_next, traceback_set_next},
    {"tb_lineno", traceback_get_lineno},
    {"tb_frame", traceback_get_frame},
    {"tb_lasti", traceback_get_lasti},
    {nullptr, nullptr},
};

}  // namespace

// ---------------------------------------------------------------------------------------------
// public API

TypeObject* os_error_subclass(int errno_value) {
    switch (errno_value) {
        case EAGAIN:
        case EALREADY:
        case EINPROGRESS:
            return &kBlockingIOErrorType;
        case ECHILD:
            return &kChildProcessErrorType;
        case EPIPE:
        case ESHUTDOWN:
            return &kBrokenPipeErrorType;
        case ECONNABORTED:
            return &kConnectionAbortedErrorType;
        case ECONNREFUSED:
            return &kConnectionRefusedErrorType;
        case ECONNRESET:
            return &kConnectionResetErrorType;
        case EEXIST:
            return &kFileExistsErrorType;
        case ENOENT:
            return &kFileNotFoundErrorType;
        case EINTR:
            return &kInterruptedErrorType;
        case EISDIR:
            return &kIsADirectoryErrorType;
        case ENOTDIR:
            return &kNotADirectoryErrorType;
        case EACCES:
        case EPERM:
            return &kPermissionErrorType;
        case ESRCH:
            return &kProcessLookupErrorType;
        case ETIMEDOUT:
            return &kTimeoutErrorType;
        default:
            return &kOSErrorType;
    }
}

Owned exception_new(ThreadState& ts, TypeObject* type, CallArgs args) {
    if (!type->new_) return raisef(ts, &kTypeErrorType, "cannot create '{}' instances", type->name);
    Owned obj = type->new_(ts, type, args);
    if (!obj) return nullptr;
    TypeObject* made = type_of(obj.get());
    if (made->init && is_subtype(made, type) && made->init(ts, obj.get(), args) < 0) {
        return nullptr;
    }
    return obj;
}

void exception_add_traceback(ThreadState&, ExceptionObject* exc, StrObject* filename,
                             StrObject* name, int lineno, int end_lineno, int col, int end_col) {
    Ref<TracebackObject> tb = make_object<TracebackObject>();
    tb->filename = Ref<StrObject>::borrow(filename);
    tb->name = Ref<StrObject>::borrow(name);
    tb->lineno = lineno;
    tb->end_lineno = end_lineno;
    tb->col = col;
    tb->end_col = end_col;
    tb->next = std::move(exc->traceback);
    exc->traceback = Owned(std::move(tb));
}

Value exception_attr(ThreadState& ts, ExceptionObject* exc, std::string_view name) {
    if (!exc->dict) return Value::null();
    return dict_get_str(exc->dict.get(), ts.interp.intern(name));
}

// ---------------------------------------------------------------------------------------------
// The exception report (CPython 3.11's PyErr_Display and tb_displayline)

namespace {

constexpr int kTracebackLimit = 1000;  // PyTraceBack_LIMIT (sys.tracebacklimit unset)
constexpr int kRecursiveCutoff = 3;    // TB_RECURSIVE_CUTOFF: repeats shown before collapsing

bool is_space_byte(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

// Terminal width of one code point: 2 for East Asian wide and fullwidth characters, as the
// caret lines of 3.11 count them, else 1.
int display_width(uint32_t cp) {
    if (cp < 0x1100) return 1;
    if ((cp <= 0x115f) || (cp >= 0x2e80 && cp <= 0x303e) || (cp >= 0x3041 && cp <= 0x33ff) ||
        (cp >= 0x3400 && cp <= 0x4dbf) || (cp >= 0x4e00 && cp <= 0x9fff) ||
        (cp >= 0xa000 && cp <= 0xa4cf) || (cp >= 0xac00 && cp <= 0xd7a3) ||
        (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0xfe30 && cp <= 0xfe4f) ||
        (cp >= 0xff00 && cp <= 0xff60) || (cp >= 0xffe0 && cp <= 0xffe6) ||
        (cp >= 0x1f300 && cp <= 0x1f64f) || (cp >= 0x1f900 && cp <= 0x1f9ff) ||
        (cp >= 0x20000 && cp <= 0x3fffd)) {
        return 2;
    }
    return 1;
}

int text_width(std::string_view s) {
    int width = 0;
    int64_t pos = 0;
    while (pos < static_cast<int64_t>(s.size()))
        width += display_width(utf8_decode(s, &pos));
    return width;
}

// Source lines of the files a report mentions, read once per report (CPython's linecache).
class SourceCache {
  public:
    // Line [lineno] (1-based) of [filename] without its newline; false if unavailable.
    bool line(std::string_view filename, int lineno, std::string* out) {
        if (lineno < 1 || filename.empty()) return false;
        if (filename.front() == '<' && filename.back() == '>') return false;  // <string>, <stdin>
        auto it = files_.find(std::string(filename));
        if (it == files_.end()) it = files_.emplace(std::string(filename), load(filename)).first;
        const std::vector<std::string>& lines = it->second;
        if (static_cast<size_t>(lineno) > lines.size()) return false;
        *out = lines[static_cast<size_t>(lineno) - 1];
        return true;
    }

  private:
    static std::vector<std::string> load(std::string_view filename) {
        std::vector<std::string> lines;
        std::FILE* f = std::fopen(std::string(filename).c_str(), "rb");
        if (!f) return lines;
        std::string text;
        char buffer[8192];
        size_t n;
        while ((n = std::fread(buffer, 1, sizeof buffer, f)) > 0)
            text.append(buffer, n);
        std::fclose(f);
        size_t start = 0;
        while (start < text.size()) {
            size_t end = text.find('\n', start);
            if (end == std::string::npos) end = text.size();
            lines.emplace_back(text, start, end - start);
            start = end + 1;
        }
        return lines;
    }
    std::unordered_map<std::string, std::vector<std::string>> files_;
};

// A token of a caret segment: just enough lexing to find the top-level operator.
struct SegToken {
    enum Kind { Name, Number, String, Op, Open, Close } kind;
    size_t start, end;
    int match = -1;  // brackets: the index of the matching bracket token
};

bool is_name_byte(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           static_cast<unsigned char>(c) >= 0x80;
}

bool lex_segment(std::string_view s, std::vector<SegToken>* out) {
    static const char* const kOps[] = {"**=", "//=", ">>=", "<<=", "->", ":=", "**", "//",
                                       "<<",  ">>",  "<=",  ">=",  "==", "!=", "+=", "-=",
                                       "*=",  "/=",  "%=",  "&=",  "|=", "^=", "@="};
    std::vector<int> stack;
    size_t i = 0;
    while (i < s.size()) {
        char c = s[i];
        if (c == ' ' || c == '\t' || c == '\f') {
            ++i;
            continue;
        }
        if (c == '#' || c == '\\' || c == '\n' || c == '\r' || c == ';') return false;
        size_t start = i;
        if (is_name_byte(c) && !(c >= '0' && c <= '9')) {
            while (i < s.size() && is_name_byte(s[i]))
                ++i;
            if (i < s.size() && (s[i] == '\'' || s[i] == '"') && i - start <= 2)
                c = s[i];
            else {
                out->push_back({SegToken::Name, start, i});
                continue;
            }
        }
        if (c == '\'' || c == '"') {
            bool triple = s.substr(i, 3) == std::string(3, c);
            i += triple ? 3 : 1;
            while (true) {
                if (i >= s.size()) return false;
                if (s[i] == '\\') {
                    i += 2;
                    continue;
                }
                if (s[i] == c && (!triple || s.substr(i, 3) == std::string(3, c))) {
                    i += triple ? 3 : 1;
                    break;
                }
                ++i;
            }
            out->push_back({SegToken::String, start, i});
            continue;
        }
        if ((c >= '0' && c <= '9') ||
            (c == '.' && i + 1 < s.size() && s[i + 1] >= '0' && s[i + 1] <= '9')) {
            bool hex = c == '0' && i + 1 < s.size() && (s[i + 1] == 'x' || s[i + 1] == 'X');
            while (i < s.size() && (is_name_byte(s[i]) || s[i] == '.' ||
                                    (!hex && (s[i] == '+' || s[i] == '-') &&
                                     (s[i - 1] == 'e' || s[i - 1] == 'E')))) {
                ++i;
            }
            out->push_back({SegToken::Number, start, i});
            continue;
        }
        if (c == '(' || c == '[' || c == '{') {
            stack.push_back(static_cast<int>(out->size()));
            out->push_back({SegToken::Open, i, i + 1});
            ++i;
            continue;
        }
        if (c == ')' || c == ']' || c == '}') {
            if (stack.empty()) return false;
            int open = stack.back();
            stack.pop_back();
            char expect = c == ')' ? '(' : c == ']' ? '[' : '{';
            if (s[(*out)[open].start] != expect) return false;
            (*out)[open].match = static_cast<int>(out->size());
            out->push_back({SegToken::Close, i, i + 1, open});
            ++i;
            continue;
        }
        size_t len = 1;
        for (const char* op : kOps) {
            if (s.substr(i, std::strlen(op)) == op) {
                len = std::strlen(op);
                break;
            }
        }
        i += len;
        out->push_back({SegToken::Op, start, i});
    }
    return stack.empty();
}

bool ends_operand(const SegToken& t) {
    return t.kind == SegToken::Name || t.kind == SegToken::Number || t.kind == SegToken::String ||
           t.kind == SegToken::Close;
}

int binary_precedence(std::string_view op) {
    if (op == "|") return 1;
    if (op == "^") return 2;
    if (op == "&") return 3;
    if (op == "<<" || op == ">>") return 4;
    if (op == "+" || op == "-") return 5;
    if (op == "*" || op == "/" || op == "//" || op == "%" || op == "@") return 6;
    if (op == "**") return 8;
    return 0;
}

bool is_stop_keyword(std::string_view w) {
    static const char* const kWords[] = {
        "if",     "else",  "lambda", "and",     "or",       "not",      "in",     "is",
        "for",    "async", "await",  "yield",   "del",      "pass",     "import", "from",
        "return", "raise", "assert", "global",  "nonlocal", "with",     "while",  "def",
        "class",  "try",   "except", "finally", "break",    "continue", "elif",   "as"};
    for (const char* k : kWords) {
        if (w == k) return true;
    }
    return false;
}

// The first token index of [from, to) after removing grouping parentheses that wrap the whole
// range (a parenthesised tuple or generator expression keeps its parentheses in the AST).
size_t ungroup_start(std::string_view s, const std::vector<SegToken>& toks, size_t from,
                     size_t to) {
    while (from < to && toks[from].kind == SegToken::Open && s[toks[from].start] == '(' &&
           static_cast<size_t>(toks[from].match) == to - 1 && to - from > 2) {
        bool grouping = true;
        for (size_t k = from + 1; k < to - 1 && grouping; ++k) {
            const SegToken& t = toks[k];
            std::string_view text = s.substr(t.start, t.end - t.start);
            if (t.kind == SegToken::Op && text == ",") grouping = false;
            if (t.kind == SegToken::Name && (text == "for" || text == "yield")) grouping = false;
            if (t.kind == SegToken::Open) k = static_cast<size_t>(t.match);
        }
        if (!grouping) break;
        ++from;
        --to;
    }
    return from;
}

// CPython 3.11's extract_anchors_from_line (traceback.c): for a segment that is one binary
// operation or subscript, the byte range of the operator or of "[...]" inside [segment].
bool caret_anchors(std::string_view s, size_t* left, size_t* right) {
    std::vector<SegToken> toks;
    if (!lex_segment(s, &toks) || toks.empty()) return false;
    size_t first = 0, last = toks.size();
    // The whole segment in grouping parentheses parses as the inner expression.
    first = ungroup_start(s, toks, first, last);
    last -= first;
    int best = -1, best_prec = 100;
    for (size_t i = first; i < last; ++i) {
        const SegToken& t = toks[i];
        std::string_view text = s.substr(t.start, t.end - t.start);
        if (t.kind == SegToken::Open) {
            i = static_cast<size_t>(t.match);
            continue;
        }
        if (t.kind == SegToken::Name && is_stop_keyword(text)) return false;
        if (t.kind != SegToken::Op) {
            if (i > first && ends_operand(toks[i - 1])) return false;  // "a b": not one expression
            continue;
        }
        if (text == "." && i > first && ends_operand(toks[i - 1])) continue;  // attribute trailer
        bool binary = i > first && ends_operand(toks[i - 1]);
        if (!binary) {
            if (text == "-" || text == "+" || text == "~") continue;
            return false;
        }
        int prec = binary_precedence(text);
        if (prec == 0) return false;  // comparison, assignment, comma, ':' ...
        if (prec < best_prec || (prec == best_prec && prec != 8)) {
            best = static_cast<int>(i);
            best_prec = prec;
        }
    }
    if (best >= 0) {
        if (best_prec == 8 && toks[first].kind == SegToken::Op) return false;  // -a ** b
        size_t op = toks[best].start;
        size_t right_start =
            toks[ungroup_start(s, toks, static_cast<size_t>(best) + 1, last)].start;
        *left = op;
        *right = op + 1;
        if (op + 1 < right_start && !is_space_byte(s[op + 1])) ++*right;
        return true;
    }
    // A subscript: the last token closes a '[' that follows an operand.
    const SegToken& close = toks[last - 1];
    if (close.kind != SegToken::Close || s[close.start] != ']') return false;
    size_t open = static_cast<size_t>(close.match);
    if (open == first || !ends_operand(toks[open - 1])) return false;
    if (toks[first].kind == SegToken::Op) return false;  // -a[0] is a unary operation
    *left = toks[open].start;
    *right = close.end;
    return true;
}

// The caret line under [line] for columns [col, end_col) (bytes); empty when CPython prints none.
std::string caret_line(std::string_view line, int lineno, int end_lineno, int col, int end_col) {
    if (col < 0 || end_col < 0 || end_lineno < 0) return {};
    size_t trunc = 0;
    while (trunc < line.size() &&
           (line[trunc] == ' ' || line[trunc] == '\t' || line[trunc] == '\f'))
        ++trunc;
    size_t rlen = line.size();
    while (rlen > 0 && is_space_byte(line[rlen - 1]))
        --rlen;
    size_t start = static_cast<size_t>(col);
    size_t end = end_lineno == lineno ? static_cast<size_t>(end_col) : rlen;
    if (end_lineno < lineno) return {};
    end = std::min(end, line.size());
    if (start < trunc) start = trunc;
    if (start >= end) return {};
    std::string_view segment = line.substr(start, end - start);
    size_t left = 0, right = 0;
    bool anchors = end_lineno == lineno && caret_anchors(segment, &left, &right);
    if (!anchors && start == trunc && end >= rlen) return {};
    std::string out = "    ";
    out.append(static_cast<size_t>(text_width(line.substr(trunc, start - trunc))), ' ');
    int64_t pos = 0;
    while (pos < static_cast<int64_t>(segment.size())) {
        size_t at = static_cast<size_t>(pos);
        int width = display_width(utf8_decode(segment, &pos));
        char mark = !anchors || (at >= left && at < right) ? '^' : '~';
        out.append(static_cast<size_t>(width), mark);
    }
    out.push_back('\n');
    return out;
}

void format_entry(TracebackObject* tb, SourceCache& cache, std::string& out) {
    out += fmt::format("  File \"{}\", line {}, in {}\n", tb->filename->view(), tb->lineno,
                       tb->name->view());
    std::string line;
    if (!cache.line(tb->filename->view(), tb->lineno, &line)) return;
    size_t a = 0, b = line.size();
    while (a < b && is_space_byte(line[a]))
        ++a;
    while (b > a && is_space_byte(line[b - 1]))
        --b;
    if (a == b) return;
    out += "    ";
    out.append(line, a, b - a);
    out.push_back('\n');
    out += caret_line(line, tb->lineno, tb->end_lineno, tb->col, tb->end_col);
}

void format_traceback(Value tb_value, SourceCache& cache, std::string& out) {
    int depth = 0;
    for (Value v = tb_value; !v.is_null(); v = v.as<TracebackObject>()->next.get())
        ++depth;
    Value v = tb_value;
    while (depth > kTracebackLimit) {  // only the innermost entries are printed
        v = v.as<TracebackObject>()->next.get();
        --depth;
    }
    const TracebackObject* last = nullptr;
    int count = 0;
    auto repeated = [&] {
        int more = count - kRecursiveCutoff;
        out +=
            fmt::format("  [Previous line repeated {} more time{}]\n", more, more > 1 ? "s" : "");
    };
    for (; !v.is_null(); v = v.as<TracebackObject>()->next.get()) {
        auto* tb = v.as<TracebackObject>();
        if (!last || !str_equals(last->filename.get(), tb->filename.get()) ||
            last->lineno != tb->lineno || !str_equals(last->name.get(), tb->name.get())) {
            if (count > kRecursiveCutoff) repeated();
            last = tb;
            count = 0;
        }
        ++count;
        if (count <= kRecursiveCutoff) format_entry(tb, cache, out);
    }
    if (count > kRecursiveCutoff) repeated();
}

// str(v) for the report; a failing str() is reported, not raised.
bool report_str(ThreadState& ts, Value v, std::string* out) {
    Owned s = str(ts, v);
    if (!s) {
        clear_exception(ts);
        return false;
    }
    *out = s.get().as<StrObject>()->view();
    return true;
}

// The "  File ..., line N" header, source text and carets of a SyntaxError (pythonrun.c's
// print_exception for syntax errors). Returns false when the attributes are not usable.
bool format_syntax_error_location(ThreadState& ts, ExceptionObject* e, std::string& out) {
    Value lineno = exception_attr(ts, e, "lineno");
    if (lineno.is_null() || !lineno.is_int()) return false;
    Value filename = exception_attr(ts, e, "filename");
    std::string file = "<string>";
    if (!filename.is_null() && !filename.is_none() && !report_str(ts, filename, &file))
        return false;
    out += fmt::format("  File \"{}\", line {}\n", file, lineno.as_int());
    Value text = exception_attr(ts, e, "text");
    if (text.is_null() || !is_str(text)) return true;
    std::string_view line = text.as<StrObject>()->view();
    Value offset_v = exception_attr(ts, e, "offset");
    Value end_lineno_v = exception_attr(ts, e, "end_lineno");
    Value end_offset_v = exception_attr(ts, e, "end_offset");
    int64_t offset = offset_v.is_int() ? offset_v.as_int() : -1;
    int64_t end_offset = end_offset_v.is_int() ? end_offset_v.as_int() : -1;
    int64_t end_lineno = end_lineno_v.is_int() ? end_lineno_v.as_int() : lineno.as_int();
    // Leading whitespace is dropped and the offsets (1-based, in characters) follow it.
    size_t skip = 0;
    while (skip < line.size() && (line[skip] == ' ' || line[skip] == '\t' || line[skip] == '\f')) {
        ++skip;
    }
    line.remove_prefix(skip);
    int64_t skipped = static_cast<int64_t>(skip);
    offset -= skipped;
    end_offset -= skipped;
    if (!line.empty() && line.back() == '\n') line.remove_suffix(1);
    out += "    ";
    out += line;
    out.push_back('\n');
    if (offset_v.is_null() || !offset_v.is_int() || offset_v.as_int() <= 0) return true;
    // No caret when it would point into the stripped indentation ("unexpected indent").
    if (offset < 1) return true;
    int64_t length = utf8_length(line);
    if (offset > length + 1) offset = length + 1;
    if (end_lineno != lineno.as_int() || end_offset <= offset) end_offset = offset + 1;
    if (end_offset > length + 1) end_offset = length + 1;
    if (end_offset <= offset) end_offset = offset + 1;
    // CPython marks an IndentationError (and TabError) with a single caret.
    if (is_subtype(e->type, &kIndentationErrorType)) end_offset = offset + 1;
    out += "    ";
    out.append(static_cast<size_t>(offset - 1), ' ');
    out.append(static_cast<size_t>(end_offset - offset), '^');
    out.push_back('\n');
    return true;
}

// "module.Qualname" as the report names a type: no module for builtins and __main__.
std::string report_type_name(ThreadState& ts, TypeObject* t) {
    std::string module = "<unknown>", qualname = "<unknown>";
    Value type = Value::from_object(t);
    Owned m = get_attr(ts, type, ts.interp.intern("__module__"));
    if (m && is_str(m.get())) module = m.get().as<StrObject>()->view();
    if (!m) clear_exception(ts);
    Owned q = get_attr(ts, type, ts.interp.intern("__qualname__"));
    if (q && is_str(q.get())) qualname = q.get().as<StrObject>()->view();
    if (!q) clear_exception(ts);
    if (module == "builtins" || module == "__main__") return qualname;
    return module + "." + qualname;
}

void format_notes(ThreadState& ts, ExceptionObject* e, std::string& out) {
    Value notes = exception_attr(ts, e, "__notes__");
    if (notes.is_null()) return;
    if (!is_list(notes) && !is_tuple(notes)) {
        std::string text;
        Owned r = repr(ts, notes);
        if (r) {
            out += r.get().as<StrObject>()->view();
        } else {
            clear_exception(ts);
            out += "<__notes__ repr() failed>";
        }
        out.push_back('\n');
        return;
    }
    Value* items = is_list(notes) ? notes.as<ListObject>()->items : notes.as<TupleObject>()->items;
    int64_t n = is_list(notes) ? notes.as<ListObject>()->length : notes.as<TupleObject>()->length;
    for (int64_t i = 0; i < n; ++i) {
        std::string text;
        if (is_str(items[i])) {
            text = items[i].as<StrObject>()->view();
        } else if (!report_str(ts, items[i], &text)) {
            text = "<note str() failed>";
        }
        out += text;
        out.push_back('\n');
    }
}

// "Did you mean" for an uncaught NameError (CPython 3.11's suggestions.c): the closest name by
// a Levenshtein distance where a case change costs 1 and any other edit 2, searched in the
// raising frame's local variable names, then its globals, then its builtins.
constexpr int64_t kMoveCost = 2;
constexpr int64_t kCaseCost = 1;
constexpr size_t kMaxSuggestionCandidates = 750;
constexpr size_t kMaxSuggestionLength = 40;

int64_t substitution_cost(char a, char b) {
    if (a == b) return 0;
    auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; };
    return lower(a) == lower(b) ? kCaseCost : kMoveCost;
}

// The edit distance of [a] and [b], or anything above [max_cost] once it must exceed it.
int64_t suggestion_distance(std::string_view a, std::string_view b, int64_t max_cost) {
    while (!a.empty() && !b.empty() && a.front() == b.front()) {
        a.remove_prefix(1);
        b.remove_prefix(1);
    }
    while (!a.empty() && !b.empty() && a.back() == b.back()) {
        a.remove_suffix(1);
        b.remove_suffix(1);
    }
    if (a.empty() || b.empty()) return static_cast<int64_t>(a.size() + b.size()) * kMoveCost;
    if (a.size() > kMaxSuggestionLength || b.size() > kMaxSuggestionLength) return max_cost + 1;
    if (b.size() < a.size()) std::swap(a, b);  // the row follows the shorter string
    if (static_cast<int64_t>(b.size() - a.size()) * kMoveCost > max_cost) return max_cost + 1;
    int64_t row[kMaxSuggestionLength];
    for (size_t i = 0; i < a.size(); ++i)
        row[i] = static_cast<int64_t>(i + 1) * kMoveCost;
    int64_t result = 0;
    for (size_t j = 0; j < b.size(); ++j) {
        int64_t diagonal = static_cast<int64_t>(j) * kMoveCost;
        result = diagonal;
        int64_t row_minimum = INT64_MAX;
        for (size_t i = 0; i < a.size(); ++i) {
            int64_t substitute = diagonal + substitution_cost(b[j], a[i]);
            diagonal = row[i];
            result = std::min(std::min(result, diagonal) + kMoveCost, substitute);
            row[i] = result;
            row_minimum = std::min(row_minimum, result);
        }
        if (row_minimum > max_cost) return max_cost + 1;
    }
    return result;
}

// The best candidate for [name] among [names] (str values), or empty.
std::string best_suggestion(std::string_view name, const std::vector<Value>& names) {
    if (names.size() >= kMaxSuggestionCandidates) return {};
    std::string_view best;
    int64_t best_distance = INT64_MAX;
    for (Value v : names) {
        if (!is_str(v)) continue;
        std::string_view candidate = v.as<StrObject>()->view();
        if (candidate == name) continue;
        // At most a third of the characters involved may change.
        int64_t max_distance =
            static_cast<int64_t>(name.size() + candidate.size() + 3) * kMoveCost / 6;
        if (best_distance != INT64_MAX) max_distance = std::min(max_distance, best_distance - 1);
        int64_t distance = suggestion_distance(name, candidate, max_distance);
        if (distance > max_distance) continue;
        if (best.data() == nullptr || distance < best_distance) {
            best = candidate;
            best_distance = distance;
        }
    }
    return std::string(best);
}

std::string name_error_suggestion(ThreadState& ts, ExceptionObject* e) {
    Value name = exception_attr(ts, e, "name");
    if (name.is_null() || !is_exact_str(name) || !e->traceback) return {};
    Value tb = e->traceback.get();
    while (tb.as<TracebackObject>()->next)
        tb = tb.as<TracebackObject>()->next.get();
    const Owned& scopes = tb.as<TracebackObject>()->name_scopes;
    if (!scopes) return {};
    auto* parts = scopes.get().as<TupleObject>();
    std::vector<Value> names;
    auto* varnames = parts->items[0].as<TupleObject>();
    names.assign(varnames->items, varnames->items + varnames->length);
    std::string_view wanted = name.as<StrObject>()->view();
    std::string found = best_suggestion(wanted, names);
    for (int i = 1; i < 3 && found.empty(); ++i) {
        names.clear();
        int64_t pos = 0;
        Value key, value;
        while (dict_next(parts->items[i].as<DictObject>(), &pos, &key, &value))
            names.push_back(key);
        found = best_suggestion(wanted, names);
    }
    return found;
}

std::string format_only(ThreadState& ts, Value exc) {
    if (!is_exception(exc)) {
        return fmt::format("TypeError: print_exception(): Exception expected for value, {} found\n",
                           type_name(exc));
    }
    auto* e = exc.as<ExceptionObject>();
    std::string out;
    std::string message;
    bool ok;
    if (is_instance(exc, &kSyntaxErrorType) && format_syntax_error_location(ts, e, out)) {
        Value msg = exception_attr(ts, e, "msg");
        ok = report_str(ts, msg.is_null() ? Value::none() : msg, &message);
    } else {
        ok = report_str(ts, exc, &message);
    }
    out += report_type_name(ts, type_of(exc));
    if (!ok) {
        out += ": <exception str() failed>";
    } else if (!message.empty()) {
        out += ": ";
        out += message;
    }
    if (e->type == &kNameErrorType) {
        std::string suggestion = name_error_suggestion(ts, e);
        if (!suggestion.empty()) out += fmt::format(". Did you mean: '{}'?", suggestion);
    }
    out.push_back('\n');
    format_notes(ts, e, out);
    return out;
}

// CPython's print_exception_recursive: the cause or context first, then this exception.
void format_chain(ThreadState& ts, Value exc, SourceCache& cache, std::vector<Object*>& seen,
                  std::string& out) {
    if (is_exception(exc)) {
        seen.push_back(exc.as_object());
        auto* e = exc.as<ExceptionObject>();
        auto unseen = [&](const Owned& v) {
            return v && is_exception(v.get()) &&
                   std::find(seen.begin(), seen.end(), v.get().as_object()) == seen.end();
        };
        if (e->cause) {
            if (unseen(e->cause)) {
                format_chain(ts, e->cause.get(), cache, seen, out);
                out += "\nThe above exception was the direct cause of the following exception:\n\n";
            }
        } else if (e->context && !e->suppress_context && unseen(e->context)) {
            format_chain(ts, e->context.get(), cache, seen, out);
            out += "\nDuring handling of the above exception, another exception occurred:\n\n";
        }
        if (e->traceback) {
            out += "Traceback (most recent call last):\n";
            format_traceback(e->traceback.get(), cache, out);
        }
    }
    out += format_only(ts, exc);
}

}  // namespace

std::string format_exception(ThreadState& ts, Value exc) {
    Owned pending = fetch_exception(ts);  // formatting runs str(); keep the caller's state
    SourceCache cache;
    std::vector<Object*> seen;
    std::string out;
    format_chain(ts, exc, cache, seen, out);
    ts.exc = std::move(pending);
    return out;
}

std::string format_exception_only(ThreadState& ts, Value exc) {
    Owned pending = fetch_exception(ts);
    std::string out = format_only(ts, exc);
    ts.exc = std::move(pending);
    return out;
}

// ---------------------------------------------------------------------------------------------
// type objects

constinit TypeObject kTracebackType("traceback", &kObjectType, 0,
                                    {
                                        .dealloc = traceback_dealloc,
                                        .repr = traceback_repr,
                                        .hash = identity_hash,
                                        .getset = kTracebackGetSet,
                                    });

namespace {

// Every exception type has BaseException's slots except init and str, which the few types below
// define (CPython 3.11's Objects/exceptions.c); other types inherit their nearest base's,
// resolved at compile time by walking exception_types.def.
struct Specifics {
    InitSlot init;
    ReprSlot str;
    const MethodDef* methods;
};

constexpr Specifics kBaseSpecifics{base_exception_init, base_exception_str, kBaseExceptionMethods};

constexpr Specifics specifics_for(std::string_view cname) {
    if (cname == "StopIteration")
        return {stop_iteration_init, base_exception_str, kStopIterationMethods};
    if (cname == "SystemExit") return {system_exit_init, base_exception_str, kSystemExitMethods};
    if (cname == "ImportError") return {import_error_init, import_error_str, kImportErrorMethods};
    if (cname == "ModuleNotFoundError") return {import_error_init, import_error_str, nullptr};
    if (cname == "AttributeError") {
        return {attribute_error_init, base_exception_str, kAttributeErrorMethods};
    }
    if (cname == "NameError") return {name_error_init, base_exception_str, kNameErrorMethods};
    if (cname == "UnboundLocalError") return {name_error_init, base_exception_str, nullptr};
    if (cname == "KeyError") return {base_exception_init, key_error_str, kKeyErrorMethods};
    if (cname == "OSError") return {os_error_init, os_error_str, kOSErrorMethods};
    if (cname == "SyntaxError") return {syntax_error_init, syntax_error_str, kSyntaxErrorMethods};
    if (cname == "UnicodeDecodeError") {
        return {unicode_decode_error_init, unicode_decode_error_str, kUnicodeDecodeErrorMethods};
    }
    if (cname == "UnicodeEncodeError") {
        return {unicode_encode_error_init, unicode_encode_error_str, kUnicodeEncodeErrorMethods};
    }
    if (cname == "UnicodeTranslateError") {
        return {unicode_translate_error_init, unicode_translate_error_str,
                kUnicodeTranslateErrorMethods};
    }
    return {nullptr, nullptr, nullptr};
}

// OSError's subclasses, IndentationError/TabError and the other descendants inherit their
// base's init and str; the base is found by its C++ name in the .def file.
constexpr std::string_view kBaseOf[][2] = {
#define GILPY_EXCEPTION(cname, pyname, base) {#cname, #base},
#include "runtime/exception_types.def"
#undef GILPY_EXCEPTION
};

constexpr Specifics resolve_specifics(std::string_view cname) {
    for (int depth = 0; depth < 16; ++depth) {
        Specifics s = specifics_for(cname);
        if (s.init) return s;
        std::string_view base;
        for (const auto& entry : kBaseOf) {
            if (entry[0] == cname) base = entry[1];
        }
        if (base.empty() || base == "Object") break;
        cname = base;
    }
    return kBaseSpecifics;
}

constexpr const MethodDef* own_methods(std::string_view cname) {
    if (cname == "BaseException") return kBaseExceptionMethods;
    return specifics_for(cname).methods;
}

}  // namespace

#define GILPY_EXCEPTION(cname, pyname, base)                                                   \
    constinit TypeObject k##cname##Type(                                                       \
        pyname, &k##base##Type, kTypeBaseType | kTypeExceptionSubclass | kTypeHasInstanceDict, \
        {                                                                                      \
            .dealloc = exception_dealloc,                                                      \
            .repr = base_exception_repr,                                                       \
            .str = resolve_specifics(#cname).str,                                              \
            .hash = identity_hash,                                                             \
            .new_ = exception_new_slot,                                                        \
            .init = resolve_specifics(#cname).init,                                            \
            .methods = own_methods(#cname),                                                    \
            .getset =                                                                          \
                std::string_view(#cname) == "BaseException" ? kBaseExceptionGetSet : nullptr,  \
            .instance_dict = exception_instance_dict,                                          \
        });
#include "runtime/exception_types.def"
#undef GILPY_EXCEPTION

}  // namespace gilpy::runtime
