// The json module: dumps/dump and loads/load with CPython 3.11's output and messages, in one
// native pass each way (CPython's _json accelerator plus the json package's argument handling).
// The encoder writes into one std::string; the decoder scans the UTF-8 text of a str in place.
// Errors are json.JSONDecodeError (a ValueError subclass with msg/doc/pos/lineno/colno).
// With indent given CPython 3.11 runs its pure-Python encoder, whose messages differ slightly
// (the NaN message names the value, recursion says "while calling a Python object"); the
// encoder follows whichever CPython would use.
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "runtime/abstract.hpp"
#include "runtime/args.hpp"
#include "runtime/exceptions.hpp"
#include "runtime/interpreter_state.hpp"
#include "runtime/types/bytes.hpp"
#include "runtime/types/dict.hpp"
#include "runtime/types/exception.hpp"
#include "runtime/types/exception_subclass.hpp"
#include "runtime/types/float.hpp"
#include "runtime/types/int.hpp"
#include "runtime/types/list.hpp"
#include "runtime/types/module.hpp"
#include "runtime/types/str.hpp"
#include "runtime/types/tuple.hpp"
#include "stdlib/registry.hpp"

namespace gilpy::stdlib {

using namespace runtime;

namespace {

// ---------------------------------------------------------------------------------------------
// JSONDecodeError(msg, doc, pos)

// The code point index [pos] of [doc] as a byte offset, clamped to the text.
int64_t byte_offset_of(StrObject* doc, int64_t pos) {
    if (pos <= 0) return 0;
    if (pos >= doc->length) return doc->size;
    return doc->ascii ? pos : str_byte_offset(doc, pos);
}

// JSONDecodeError.__init__: args become ("msg: line L column C (char P)",) and the parts are
// kept as attributes, as json.decoder's Python class does.
int json_decode_error_init(ThreadState& ts, Value self, CallArgs args) {
    static const char* const kNames[] = {"msg", "doc", "pos"};
    Value a[3] = {};
    size_t nkw = args.keyword_count();
    if (args.nargs > 3) {
        raisef(ts, &kTypeErrorType,
               "JSONDecodeError.__init__() takes 4 positional arguments but {} were given",
               args.nargs + 1);
        return -1;
    }
    for (size_t i = 0; i < args.nargs; ++i)
        a[i] = args[i];
    for (size_t k = 0; k < nkw; ++k) {
        auto* key = args.kwnames->items[k].as<StrObject>();
        int found = -1;
        for (int i = 0; i < 3; ++i) {
            if (str_equals(key, kNames[i])) found = i;
        }
        if (found < 0) {
            raisef(ts, &kTypeErrorType,
                   "JSONDecodeError.__init__() got an unexpected keyword argument '{}'",
                   key->view());
            return -1;
        }
        if (!a[found].is_null()) {
            raisef(ts, &kTypeErrorType,
                   "JSONDecodeError.__init__() got multiple values for argument '{}'",
                   kNames[found]);
            return -1;
        }
        a[found] = args.keyword_value(k);
    }
    std::vector<const char*> missing;
    for (int i = 0; i < 3; ++i) {
        if (a[i].is_null()) missing.push_back(kNames[i]);
    }
    if (!missing.empty()) {
        std::string names;
        for (size_t i = 0; i < missing.size(); ++i) {
            if (i)
                names +=
                    missing.size() == 2 ? " and " : (i + 1 == missing.size() ? ", and " : ", ");
            names += fmt::format("'{}'", missing[i]);
        }
        raisef(ts, &kTypeErrorType,
               "JSONDecodeError.__init__() missing {} required positional argument{}: {}",
               missing.size(), missing.size() == 1 ? "" : "s", names);
        return -1;
    }
    // The Python class computes lineno with doc.count("\n", 0, pos): its errors for a doc
    // that is not a str and for a pos that is not an index.
    if (!is_str(a[1])) {
        raisef(ts, &kAttributeErrorType, "'{}' object has no attribute 'count'", type_name(a[1]));
        return -1;
    }
    int64_t pos;
    if (!is_int(a[2])) {
        raise(ts, &kTypeErrorType,
              "slice indices must be integers or None or have an __index__ method");
        return -1;
    }
    if (!index_int64(ts, a[2], &pos)) return -1;
    auto* doc = a[1].as<StrObject>();
    std::string_view text = doc->view();
    size_t end = static_cast<size_t>(byte_offset_of(doc, pos));
    int64_t lineno = 1;
    size_t last_newline = std::string_view::npos;
    for (size_t i = 0; i < end; ++i) {
        if (text[i] == '\n') {
            ++lineno;
            last_newline = i;
        }
    }
    int64_t colno;
    if (last_newline == std::string_view::npos) {
        colno = pos + 1;
    } else {
        int64_t newline_index = doc->ascii ? static_cast<int64_t>(last_newline)
                                           : utf8_length(text.substr(0, last_newline));
        colno = pos - newline_index;
    }
    Owned msg_text = str(ts, a[0]);
    if (!msg_text) return -1;
    std::string message = fmt::format("{}: line {} column {} (char {})",
                                      msg_text.get().as<StrObject>()->view(), lineno, colno, pos);
    auto* e = self.as<ExceptionObject>();
    e->args = new_tuple_of({Owned(new_str(message)).get()});
    if (!e->dict) e->dict = new_dict();
    DictObject* d = e->dict.get();
    if (!dict_set_str(ts, d, "msg", a[0]) || !dict_set_str(ts, d, "doc", a[1]) ||
        !dict_set_str(ts, d, "pos", a[2]) ||
        !dict_set_str(ts, d, "lineno", Value::from_int(lineno)) ||
        !dict_set_str(ts, d, "colno", Value::from_int(colno))) {
        return -1;
    }
    return 0;
}

TypeObject* json_decode_error_type() {
    static TypeObject* const type = new_exception_subclass({
        .name = "JSONDecodeError",
        .module = "json.decoder",
        .base = &kValueErrorType,
        .init = json_decode_error_init,
    });
    return type;
}

// ---------------------------------------------------------------------------------------------
// Encoder

constexpr char kHex[] = "0123456789abcdef";

// What a byte of a str needs when written inside a JSON string: 0 copy, 1 short escape,
// 2 \u00XX, 3 non-ASCII (a \uXXXX escape when ensure_ascii).
struct EscapeTable {
    uint8_t kind[256];
    char short_form[256];
    constexpr EscapeTable() : kind(), short_form() {
        for (int c = 0; c < 0x20; ++c)
            kind[c] = 2;
        for (int c = 0x80; c < 0x100; ++c)
            kind[c] = 3;
        const char pairs[][2] = {{'"', '"'},  {'\\', '\\'}, {'\b', 'b'}, {'\f', 'f'},
                                 {'\n', 'n'}, {'\r', 'r'},  {'\t', 't'}};
        for (const auto& p : pairs) {
            kind[static_cast<unsigned char>(p[0])] = 1;
            short_form[static_cast<unsigned char>(p[0])] = p[1];
        }
    }
};
constexpr EscapeTable kEscapes;

void append_u_escape(std::string& out, uint32_t unit) {
    char buf[6] = {'\\',
                   'u',
                   kHex[(unit >> 12) & 15],
                   kHex[(unit >> 8) & 15],
                   kHex[(unit >> 4) & 15],
                   kHex[unit & 15]};
    out.append(buf, 6);
}

// Appends "text" with JSON escapes: CPython's encode_basestring_ascii (every non-ASCII code
// point and DEL as \uXXXX, surrogate pairs above U+FFFF) or encode_basestring.
void append_json_string(std::string& out, std::string_view s, bool ensure_ascii) {
    out.push_back('"');
    const char* p = s.data();
    const char* end = p + s.size();
    const char* run = p;
    while (p < end) {
        auto c = static_cast<unsigned char>(*p);
        uint8_t kind = kEscapes.kind[c];
        if (c == 0x7f && ensure_ascii) kind = 2;
        if (kind == 0 || (kind == 3 && !ensure_ascii)) {
            ++p;
            continue;
        }
        out.append(run, static_cast<size_t>(p - run));
        if (kind == 1) {
            char buf[2] = {'\\', kEscapes.short_form[c]};
            out.append(buf, 2);
            ++p;
        } else if (kind == 2) {
            append_u_escape(out, c);
            ++p;
        } else {
            int64_t pos = p - s.data();
            uint32_t cp = utf8_decode(s, &pos);
            p = s.data() + pos;
            if (cp >= 0x10000) {
                cp -= 0x10000;
                append_u_escape(out, 0xD800 | (cp >> 10));
                append_u_escape(out, 0xDC00 | (cp & 0x3FF));
            } else {
                append_u_escape(out, cp);
            }
        }
        run = p;
    }
    out.append(run, static_cast<size_t>(end - run));
    out.push_back('"');
}

// repr(float) of a finite double, without temporaries: the shortest round-trip digits laid out
// as CPython's float_repr (exponent form below 1e-4 and from 1e16).
void append_float_repr(std::string& out, double d) {
    char sci[32];
    auto r = std::to_chars(sci, sci + sizeof sci, d, std::chars_format::scientific);
    const char* p = sci;
    char buf[48];
    char* o = buf;
    if (*p == '-') *o++ = *p++;
    char digits[20];
    int ndigits = 0;
    while (*p != 'e') {
        if (*p != '.') digits[ndigits++] = *p;
        ++p;
    }
    ++p;  // 'e'
    int exponent = 0;
    std::from_chars(*p == '+' ? p + 1 : p, r.ptr, exponent);
    if (exponent >= -4 && exponent < 16) {
        int point = exponent + 1;
        if (point <= 0) {
            *o++ = '0';
            *o++ = '.';
            for (int i = 0; i < -point; ++i)
                *o++ = '0';
            for (int i = 0; i < ndigits; ++i)
                *o++ = digits[i];
        } else if (point >= ndigits) {
            for (int i = 0; i < ndigits; ++i)
                *o++ = digits[i];
            for (int i = ndigits; i < point; ++i)
                *o++ = '0';
            *o++ = '.';
            *o++ = '0';
        } else {
            for (int i = 0; i < point; ++i)
                *o++ = digits[i];
            *o++ = '.';
            for (int i = point; i < ndigits; ++i)
                *o++ = digits[i];
        }
    } else {
        *o++ = digits[0];
        if (ndigits > 1) {
            *o++ = '.';
            for (int i = 1; i < ndigits; ++i)
                *o++ = digits[i];
        }
        *o++ = 'e';
        *o++ = exponent < 0 ? '-' : '+';
        int a = exponent < 0 ? -exponent : exponent;
        if (a >= 100) *o++ = static_cast<char>('0' + a / 100);
        *o++ = static_cast<char>('0' + (a / 10) % 10);
        *o++ = static_cast<char>('0' + a % 10);
    }
    out.append(buf, static_cast<size_t>(o - buf));
}

struct Encoder {
    ThreadState& ts;
    std::string out;
    Value default_fn;  // null: none
    std::string item_sep = ", ";
    std::string key_sep = ": ";
    std::string indent;
    bool has_indent = false;
    // CPython 3.11 runs its pure-Python encoder for dump() and for indent: its messages.
    bool python_style = false;
    bool skipkeys = false;
    bool ensure_ascii = true;
    bool check_circular = true;
    bool allow_nan = true;
    bool sort_keys = false;
    int level = 0;
    std::vector<Object*> markers;  // containers being encoded (CPython's markers dict)

    // The output buffer of the last finished encoding on this thread, kept so that repeated
    // dumps calls reuse its capacity instead of growing a new string each time (nested calls,
    // from a default function, simply find it taken and start empty).
    static constexpr size_t kSpareLimit = size_t{16} << 20;
    static inline thread_local std::string spare;

    explicit Encoder(ThreadState& t) : ts(t) {
        out.swap(spare);
        out.clear();
    }
    ~Encoder() {
        if (out.capacity() <= kSpareLimit && out.capacity() > spare.capacity()) out.swap(spare);
    }

    // The message tail of RecursionError, as the encoder CPython would run says it.
    const char* recursion_what() const {
        return python_style ? " while calling a Python object" : " while encoding a JSON object";
    }

    bool float_text(double d) {
        if (std::isfinite(d)) {
            append_float_repr(out, d);
            return true;
        }
        if (!allow_nan) {
            if (python_style) {
                raisef(ts, &kValueErrorType, "Out of range float values are not JSON compliant: {}",
                       std::isnan(d) ? "nan" : (d > 0 ? "inf" : "-inf"));
            } else {
                raise(ts, &kValueErrorType, "Out of range float values are not JSON compliant");
            }
            return false;
        }
        out += std::isnan(d) ? "NaN" : (d > 0 ? "Infinity" : "-Infinity");
        return true;
    }

    bool int_text(Value v) {
        if (v.is_int()) {
            char buf[24];
            auto r = std::to_chars(buf, buf + sizeof buf, v.as_int());
            out.append(buf, static_cast<size_t>(r.ptr - buf));
            return true;
        }
        Owned text = int_to_decimal_str(ts, v);
        if (!text) return false;
        out += text.get().as<StrObject>()->view();
        return true;
    }

    void newline_indent() {
        out.push_back('\n');
        for (int i = 0; i < level; ++i)
            out += indent;
    }

    bool enter_marker(Object* o) {
        if (!check_circular) return true;
        for (Object* m : markers) {
            if (m == o) {
                raise(ts, &kValueErrorType, "Circular reference detected");
                return false;
            }
        }
        markers.push_back(o);
        return true;
    }
    void leave_marker() {
        if (check_circular) markers.pop_back();
    }

    bool encode(Value v) {
        switch (v.tag()) {
            case Tag::None:
                out += "null";
                return true;
            case Tag::Bool:
                out += v.as_bool() ? "true" : "false";
                return true;
            case Tag::Int:
                return int_text(v);
            case Tag::Float:
                return float_text(v.as_float());
            default:
                break;
        }
        TypeObject* t = v.as_object()->type;
        if (t->flags & kTypeStrSubclass) {
            append_json_string(out, v.as<StrObject>()->view(), ensure_ascii);
            return true;
        }
        if (t->flags & kTypeIntSubclass) return int_text(v);
        if (t->flags & (kTypeListSubclass | kTypeTupleSubclass)) return encode_sequence(v);
        if (t->flags & kTypeDictSubclass) return encode_dict(v.as<DictObject>());
        return encode_other(v);
    }

    bool encode_sequence(Value v) {
        bool is_list_value = (v.as_object()->type->flags & kTypeListSubclass) != 0;
        auto size = [&]() -> int64_t {
            return is_list_value ? v.as<ListObject>()->length : v.as<TupleObject>()->length;
        };
        if (size() == 0) {
            out += "[]";
            return true;
        }
        NativeRecursionGuard guard(ts);
        if (!guard.enter(recursion_what())) return false;
        if (!enter_marker(v.as_object())) return false;
        out.push_back('[');
        if (has_indent) {
            ++level;
            newline_indent();
        }
        for (int64_t i = 0; i < size(); ++i) {
            if (i) {
                out += item_sep;
                if (has_indent) newline_indent();
            }
            Value item =
                is_list_value ? v.as<ListObject>()->items[i] : v.as<TupleObject>()->items[i];
            bool ok;
            if (item.is_object()) {
                Owned hold = Owned::borrow(item);  // default() may mutate the list
                ok = encode(item);
            } else {
                ok = encode(item);
            }
            if (!ok) return false;
        }
        if (has_indent) {
            --level;
            newline_indent();
        }
        out.push_back(']');
        leave_marker();
        return true;
    }

    // Writes the key of a dict item as a JSON string; *skip when skipkeys drops it.
    bool encode_key(Value key, bool* skip) {
        *skip = false;
        switch (key.tag()) {
            case Tag::None:
                out += "\"null\"";
                return true;
            case Tag::Bool:
                out += key.as_bool() ? "\"true\"" : "\"false\"";
                return true;
            case Tag::Int:
            case Tag::Float:
                out.push_back('"');
                if (!(key.is_int() ? int_text(key) : float_text(key.as_float()))) return false;
                out.push_back('"');
                return true;
            default:
                break;
        }
        if (is_str(key)) {
            append_json_string(out, key.as<StrObject>()->view(), ensure_ascii);
            return true;
        }
        if (is_int(key)) {
            out.push_back('"');
            if (!int_text(key)) return false;
            out.push_back('"');
            return true;
        }
        if (skipkeys) {
            *skip = true;
            return true;
        }
        raisef(ts, &kTypeErrorType, "keys must be str, int, float, bool or None, not {}",
               type_name(key));
        return false;
    }

    bool encode_item(Value key, Value value, bool* first) {
        size_t mark = out.size();
        if (!*first) {
            out += item_sep;
            if (has_indent) newline_indent();
        }
        bool skip;
        if (!encode_key(key, &skip)) return false;
        if (skip) {
            out.resize(mark);
            return true;
        }
        *first = false;
        out += key_sep;
        return encode(value);
    }

    bool encode_dict(DictObject* d) {
        if (d->length == 0) {
            out += "{}";
            return true;
        }
        NativeRecursionGuard guard(ts);
        if (!guard.enter(recursion_what())) return false;
        if (!enter_marker(d)) return false;
        out.push_back('{');
        if (has_indent) {
            ++level;
            newline_indent();
        }
        bool first = true;
        if (sort_keys) {
            // sorted(d.items()): the pairs compare by key first, as CPython sorts them.
            Ref<ListObject> items = new_list(d->length);
            int64_t pos = 0;
            Value k, val;
            while (dict_next(d, &pos, &k, &val)) {
                list_append_owned(items.get(), Owned(new_tuple_of({k, val})));
            }
            if (!list_sort_values(ts, items.get(), Value::null(), false)) return false;
            for (int64_t i = 0; i < items->length; ++i) {
                auto* pair = items->items[i].as<TupleObject>();
                if (!encode_item(pair->items[0], pair->items[1], &first)) return false;
            }
        } else if (!default_fn.is_null()) {
            // default() may run any code, even mutate this dict: encode a snapshot of the
            // items, as CPython's PyMapping_Items does.
            std::vector<Owned> snapshot;
            snapshot.reserve(static_cast<size_t>(d->length) * 2);
            int64_t pos = 0;
            Value k, val;
            while (dict_next(d, &pos, &k, &val)) {
                snapshot.push_back(Owned::borrow(k));
                snapshot.push_back(Owned::borrow(val));
            }
            for (size_t i = 0; i < snapshot.size(); i += 2) {
                if (!encode_item(snapshot[i].get(), snapshot[i + 1].get(), &first)) return false;
            }
        } else {
            // No script code runs while a dict is written without default(): iterate in place.
            int64_t pos = 0;
            Value k, val;
            while (dict_next(d, &pos, &k, &val)) {
                if (!encode_item(k, val, &first)) return false;
            }
        }
        if (has_indent) {
            --level;
            newline_indent();
        }
        out.push_back('}');
        leave_marker();
        return true;
    }

    bool encode_other(Value v) {
        if (default_fn.is_null()) {
            raisef(ts, &kTypeErrorType, "Object of type {} is not JSON serializable", type_name(v));
            return false;
        }
        if (!enter_marker(v.as_object())) return false;
        Owned replacement = call_values(ts, default_fn, {v});
        if (!replacement) return false;
        NativeRecursionGuard guard(ts);
        if (!guard.enter(recursion_what())) return false;
        if (!encode(replacement.get())) return false;
        leave_marker();
        return true;
    }
};

// The keyword arguments dumps and dump share (JSONEncoder's), in CPython's order.
const char* const kEncoderNames[] = {"skipkeys",   "ensure_ascii", "check_circular",
                                     "allow_nan",  "cls",          "indent",
                                     "separators", "default",      "sort_keys"};
constexpr int kEncoderCount = 9;

// Matches [args] for dumps(obj, *, ...) or dump(obj, fp, *, ...): [positional] are required
// positional parameters, then JSONEncoder's keywords. out[0..positional) are the positionals.
bool parse_call(ThreadState& ts, CallArgs args, const char* function,
                const char* const* positional_names, size_t positional,
                const char* const* keyword_names, int keyword_count, const char* kw_owner,
                Value* out) {
    if (args.nargs > positional) {
        raisef(ts, &kTypeErrorType, "{}() takes {} positional argument{} but {} were given",
               function, positional, positional == 1 ? "" : "s", args.nargs);
        return false;
    }
    for (size_t i = 0; i < args.nargs; ++i)
        out[i] = args[i];
    for (size_t k = 0; k < args.keyword_count(); ++k) {
        auto* key = args.kwnames->items[k].as<StrObject>();
        int found = -1;
        for (size_t i = 0; i < positional; ++i) {
            if (str_equals(key, positional_names[i])) found = static_cast<int>(i);
        }
        for (int i = 0; i < keyword_count && found < 0; ++i) {
            if (str_equals(key, keyword_names[i])) found = static_cast<int>(positional) + i;
        }
        if (found < 0) {
            raisef(ts, &kTypeErrorType, "{}() got an unexpected keyword argument '{}'", kw_owner,
                   key->view());
            return false;
        }
        if (!out[found].is_null()) {
            raisef(ts, &kTypeErrorType, "{}() got multiple values for argument '{}'", function,
                   key->view());
            return false;
        }
        out[found] = args.keyword_value(k);
    }
    std::vector<const char*> missing;
    for (size_t i = 0; i < positional; ++i) {
        if (out[i].is_null()) missing.push_back(positional_names[i]);
    }
    if (!missing.empty()) {
        std::string names;
        for (size_t i = 0; i < missing.size(); ++i) {
            if (i) names += " and ";
            names += fmt::format("'{}'", missing[i]);
        }
        raisef(ts, &kTypeErrorType, "{}() missing {} required positional argument{}: {}", function,
               missing.size(), missing.size() == 1 ? "" : "s", names);
        return false;
    }
    return true;
}

bool flag(ThreadState& ts, Value v, bool fallback, bool* out) {
    if (v.is_null()) {
        *out = fallback;
        return true;
    }
    int t = truth(ts, v);
    if (t < 0) return false;
    *out = t != 0;
    return true;
}

// Sets up [e] from JSONEncoder's keyword values ([kw] indexed like kEncoderNames), checking
// indent and separators as CPython does before encoding anything but a plain str.
bool configure_encoder(ThreadState& ts, Encoder& e, const Value* kw, bool top_level_str) {
    if (!flag(ts, kw[0], false, &e.skipkeys) || !flag(ts, kw[1], true, &e.ensure_ascii) ||
        !flag(ts, kw[2], true, &e.check_circular) || !flag(ts, kw[3], true, &e.allow_nan) ||
        !flag(ts, kw[8], false, &e.sort_keys)) {
        return false;
    }
    if (!kw[4].is_null() && !kw[4].is_none()) {
        raise(ts, &kTypeErrorType, "json: cls= needs classes, which gilpy does not support yet");
        return false;
    }
    Value indent = kw[5], separators = kw[6], default_fn = kw[7];
    e.has_indent = !indent.is_null() && !indent.is_none();
    if (e.has_indent) e.item_sep = ",";
    e.python_style = e.python_style || e.has_indent;
    if (!default_fn.is_null() && !default_fn.is_none()) e.default_fn = default_fn;
    if (!separators.is_null() && !separators.is_none()) {
        // item_separator, key_separator = separators
        Ref<ListObject> parts = list_from_iterable(ts, separators);
        if (!parts) return false;
        if (parts->length != 2) {
            if (parts->length > 2) {
                raise(ts, &kValueErrorType, "too many values to unpack (expected 2)");
            } else {
                raisef(ts, &kValueErrorType, "not enough values to unpack (expected 2, got {})",
                       parts->length);
            }
            return false;
        }
        if (!top_level_str) {
            // c_make_encoder(markers, default, encoder, indent, key_sep, item_sep, ...)
            Value key_sep = parts->items[1], item_sep = parts->items[0];
            if (!is_str(key_sep) || !is_str(item_sep)) {
                raisef(ts, &kTypeErrorType, "make_encoder() argument {} must be str, not {}",
                       is_str(key_sep) ? 6 : 5, type_name(is_str(key_sep) ? item_sep : key_sep));
                return false;
            }
        }
        if (is_str(parts->items[0])) e.item_sep = parts->items[0].as<StrObject>()->view();
        if (is_str(parts->items[1])) e.key_sep = parts->items[1].as<StrObject>()->view();
    }
    if (e.has_indent && !top_level_str) {
        if (is_str(indent)) {
            e.indent = indent.as<StrObject>()->view();
        } else if (is_int(indent)) {
            int64_t n;
            if (!int_to_int64(indent, &n)) {
                raise(ts, &kOverflowErrorType, "cannot fit 'int' into an index-sized integer");
                return false;
            }
            if (n > 0) e.indent.assign(static_cast<size_t>(n), ' ');
        } else {
            raisef(ts, &kTypeErrorType, "can't multiply sequence by non-int of type '{}'",
                   type_name(indent));
            return false;
        }
    }
    return true;
}

// Encodes [obj] with the configured encoder into a new str.
Owned encode_to_str(ThreadState& ts, Encoder& e, Value obj) {
    if (!e.encode(obj)) return nullptr;
    bool ascii = true;
    if (!e.ensure_ascii) {
        for (char c : e.out) {
            if (static_cast<unsigned char>(c) >= 0x80) {
                ascii = false;
                break;
            }
        }
    }
    if (ascii) return new_str_with_length(e.out, static_cast<int64_t>(e.out.size()));
    return new_str(e.out);
}

Owned json_dumps(ThreadState& ts, CallArgs args) {
    static const char* const kPositional[] = {"obj"};
    Value a[1 + kEncoderCount] = {};
    if (!parse_call(ts, args, "dumps", kPositional, 1, kEncoderNames, kEncoderCount,
                    "JSONEncoder.__init__", a)) {
        return nullptr;
    }
    Encoder e(ts);
    if (!configure_encoder(ts, e, a + 1, is_str(a[0]))) return nullptr;
    return encode_to_str(ts, e, a[0]);
}

Owned json_dump(ThreadState& ts, CallArgs args) {
    static const char* const kPositional[] = {"obj", "fp"};
    Value a[2 + kEncoderCount] = {};
    if (!parse_call(ts, args, "dump", kPositional, 2, kEncoderNames, kEncoderCount,
                    "JSONEncoder.__init__", a)) {
        return nullptr;
    }
    Encoder e(ts);
    e.python_style = true;
    if (!configure_encoder(ts, e, a + 2, false)) return nullptr;
    // The whole text is written with one fp.write call. CPython writes chunks as its Python
    // encoder yields them, "[" or "{" first, so a missing fp.write is reported before an
    // encoding error inside a container, and after one in a scalar.
    Value obj = a[0];
    bool write_first = (is_list(obj) || is_tuple(obj) || is_dict(obj));
    Owned write;
    if (write_first) {
        write = get_attr(ts, a[1], ts.interp.intern("write"));
        if (!write) return nullptr;
    }
    Owned text = encode_to_str(ts, e, obj);
    if (!text) return nullptr;
    if (!write_first) {
        write = get_attr(ts, a[1], ts.interp.intern("write"));
        if (!write) return nullptr;
    }
    Owned written = call_values(ts, write.get(), {text.get()});
    if (!written) return nullptr;
    return Owned::none();
}

// ---------------------------------------------------------------------------------------------
// Decoder

inline bool is_ws(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}
inline bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

struct StrViewHash {
    size_t operator()(std::string_view s) const noexcept {
        // FNV-1a: keys are short.
        uint64_t h = 1469598103934665603ull;
        for (char c : s)
            h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ull;
        return static_cast<size_t>(h);
    }
};

struct Decoder {
    ThreadState& ts;
    StrObject* doc;
    const char* text;
    size_t size;
    Value object_hook, object_pairs_hook, parse_float, parse_int, parse_constant;  // null: none
    bool strict = true;
    std::string buffer;  // decoded text of strings with escapes
    // Object keys seen so far: repeated keys share one str, whose hash is computed once
    // (CPython's memo).
    std::unordered_map<std::string_view, Ref<StrObject>, StrViewHash> memo;

    explicit Decoder(ThreadState& t, StrObject* d)
        : ts(t), doc(d), text(d->data), size(static_cast<size_t>(d->size)) {}

    int64_t char_index(size_t byte_pos) const {
        if (doc->ascii) return static_cast<int64_t>(byte_pos);
        return utf8_length(std::string_view(text, byte_pos));
    }

    std::nullptr_t fail(const char* message, size_t byte_pos) {
        Owned msg = new_str(message);
        Value args[3] = {msg.get(), Value::from_object(doc), Value::from_int(char_index(byte_pos))};
        Owned exc = exception_new(ts, json_decode_error_type(), CallArgs{args, 3, nullptr});
        if (!exc) return nullptr;
        return set_exception(ts, std::move(exc));
    }

    size_t skip_ws(size_t i) const {
        while (i < size && is_ws(text[i]))
            ++i;
        return i;
    }

    // Reads 4 hex digits at [i]; -1 if one is not hex.
    int32_t hex4(size_t i) const {
        int32_t v = 0;
        for (size_t k = i; k < i + 4; ++k) {
            char c = text[k];
            int d;
            if (c >= '0' && c <= '9')
                d = c - '0';
            else if (c >= 'a' && c <= 'f')
                d = c - 'a' + 10;
            else if (c >= 'A' && c <= 'F')
                d = c - 'A' + 10;
            else
                return -1;
            v = v * 16 + d;
        }
        return v;
    }

    // Scans the string whose opening quote is at [begin - 1]; on success *view holds its
    // decoded UTF-8 (in the source or in buffer) and *end the index after the closing quote.
    bool scan_string(size_t begin, std::string_view* view, bool* plain, size_t* end_out) {
        size_t i = begin;
        // Fast path: no escapes.
        while (i < size) {
            auto c = static_cast<unsigned char>(text[i]);
            if (c == '"' || c == '\\') break;
            if (c < 0x20 && strict) {
                fail("Invalid control character at", i);
                return false;
            }
            ++i;
        }
        if (i >= size) {
            fail("Unterminated string starting at", begin - 1);
            return false;
        }
        if (text[i] == '"') {
            *view = std::string_view(text + begin, i - begin);
            *plain = true;
            *end_out = i + 1;
            return true;
        }
        buffer.assign(text + begin, i - begin);
        while (true) {
            // text[i] is a backslash.
            size_t next = i + 1;
            if (next >= size) {
                fail("Unterminated string starting at", begin - 1);
                return false;
            }
            char c = text[next];
            size_t end;
            if (c != 'u') {
                end = next + 1;
                char decoded;
                switch (c) {
                    case '"':
                        decoded = '"';
                        break;
                    case '\\':
                        decoded = '\\';
                        break;
                    case '/':
                        decoded = '/';
                        break;
                    case 'b':
                        decoded = '\b';
                        break;
                    case 'f':
                        decoded = '\f';
                        break;
                    case 'n':
                        decoded = '\n';
                        break;
                    case 'r':
                        decoded = '\r';
                        break;
                    case 't':
                        decoded = '\t';
                        break;
                    default:
                        fail("Invalid \\escape", end - 2);
                        return false;
                }
                buffer.push_back(decoded);
            } else {
                next++;
                end = next + 4;
                if (end >= size) {
                    fail("Invalid \\uXXXX escape", next - 1);
                    return false;
                }
                int32_t cp = hex4(next);
                if (cp < 0) {
                    fail("Invalid \\uXXXX escape", end - 5);
                    return false;
                }
                if (cp >= 0xD800 && cp <= 0xDBFF && end + 6 < size && text[end] == '\\' &&
                    text[end + 1] == 'u') {
                    int32_t low = hex4(end + 2);
                    if (low < 0) {
                        fail("Invalid \\uXXXX escape", end + 6 - 5);
                        return false;
                    }
                    if (low >= 0xDC00 && low <= 0xDFFF) {
                        cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                        end += 6;
                    }
                }
                utf8_append(buffer, static_cast<uint32_t>(cp));
            }
            // Copy up to the next quote or backslash.
            i = end;
            size_t run = i;
            while (i < size) {
                auto ch = static_cast<unsigned char>(text[i]);
                if (ch == '"' || ch == '\\') break;
                if (ch < 0x20 && strict) {
                    fail("Invalid control character at", i);
                    return false;
                }
                ++i;
            }
            if (i >= size) {
                fail("Unterminated string starting at", begin - 1);
                return false;
            }
            buffer.append(text + run, i - run);
            if (text[i] == '"') break;
        }
        *view = buffer;
        *plain = false;
        *end_out = i + 1;
        return true;
    }

    Owned make_str(std::string_view v, bool plain) {
        if (plain && doc->ascii) return new_str_with_length(v, static_cast<int64_t>(v.size()));
        return new_str(v);
    }

    Owned parse_string(size_t begin, size_t* end) {
        std::string_view v;
        bool plain;
        if (!scan_string(begin, &v, &plain, end)) return nullptr;
        return make_str(v, plain);
    }

    Owned parse_key(size_t begin, size_t* end) {
        std::string_view v;
        bool plain;
        if (!scan_string(begin, &v, &plain, end)) return nullptr;
        auto it = memo.find(v);
        if (it != memo.end()) return Owned::borrow(Value::from_object(it->second.get()));
        Owned key = make_str(v, plain);
        auto* s = key.get().as<StrObject>();
        memo.emplace(s->view(), Ref<StrObject>::borrow(s));
        return key;
    }

    // "Expecting value" (CPython's StopIteration from scan_once, turned into the error by
    // raw_decode).
    std::nullptr_t expecting_value(size_t i) { return fail("Expecting value", i); }

    Owned constant(const char* name, double fallback) {
        if (parse_constant.is_null()) return Owned::from_float(fallback);
        return call_values(ts, parse_constant, {Owned(new_str(name)).get()});
    }

    bool matches(size_t i, std::string_view word) const {
        return size - i >= word.size() && std::memcmp(text + i, word.data(), word.size()) == 0;
    }

    Owned parse_number(size_t start, size_t* end) {
        size_t i = start;
        if (i < size && text[i] == '-') {
            ++i;
            if (i >= size) return expecting_value(start);
        }
        if (i < size && text[i] >= '1' && text[i] <= '9') {
            ++i;
            while (i < size && is_digit(text[i]))
                ++i;
        } else if (i < size && text[i] == '0') {
            ++i;
        } else {
            return expecting_value(start);
        }
        bool is_float_number = false;
        if (i + 1 < size && text[i] == '.' && is_digit(text[i + 1])) {
            is_float_number = true;
            i += 2;
            while (i < size && is_digit(text[i]))
                ++i;
        }
        if (i + 1 < size && (text[i] == 'e' || text[i] == 'E')) {
            size_t e_start = i;
            ++i;
            if (i + 1 < size && (text[i] == '-' || text[i] == '+')) ++i;
            while (i < size && is_digit(text[i]))
                ++i;
            if (is_digit(text[i - 1])) {
                is_float_number = true;
            } else {
                i = e_start;
            }
        }
        *end = i;
        std::string_view number(text + start, i - start);
        if (is_float_number) {
            if (!parse_float.is_null()) {
                return call_values(ts, parse_float, {Owned(new_str(number)).get()});
            }
            double d;
            auto r = std::from_chars(number.data(), number.data() + number.size(), d);
            if (r.ec != std::errc()) {
                // Out of range: strtod gives CPython's inf / 0.0 / subnormal.
                std::string copy(number);
                d = std::strtod(copy.c_str(), nullptr);
            }
            return Owned::from_float(d);
        }
        if (!parse_int.is_null()) {
            return call_values(ts, parse_int, {Owned(new_str(number)).get()});
        }
        if (number.size() <= 18) {
            int64_t n = 0;
            std::from_chars(number.data(), number.data() + number.size(), n);
            return Owned::steal(Value::from_int(n));
        }
        Owned text_value = new_str(number);
        return int_from_string(ts, number, 10, text_value.get());
    }

    Owned parse_value(size_t i, size_t* end) {
        if (i >= size) return expecting_value(i);
        switch (text[i]) {
            case '"':
                return parse_string(i + 1, end);
            case '{':
                return parse_object(i + 1, end);
            case '[':
                return parse_array(i + 1, end);
            case 'n':
                if (matches(i, "null")) {
                    *end = i + 4;
                    return Owned::none();
                }
                break;
            case 't':
                if (matches(i, "true")) {
                    *end = i + 4;
                    return Owned::from_bool(true);
                }
                break;
            case 'f':
                if (matches(i, "false")) {
                    *end = i + 5;
                    return Owned::from_bool(false);
                }
                break;
            case 'N':
                if (matches(i, "NaN")) {
                    *end = i + 3;
                    return constant("NaN", std::nan(""));
                }
                break;
            case 'I':
                if (matches(i, "Infinity")) {
                    *end = i + 8;
                    return constant("Infinity", HUGE_VAL);
                }
                break;
            case '-':
                if (matches(i, "-Infinity")) {
                    *end = i + 9;
                    return constant("-Infinity", -HUGE_VAL);
                }
                break;
            default:
                break;
        }
        return parse_number(i, end);
    }

    // Items of the containers being parsed, owned, innermost last: a container is allocated
    // once at its closing bracket with its final size (no regrowth).
    std::vector<Value> stack;

    ~Decoder() {
        for (Value v : stack)
            decref(v);
    }

    void push(Owned v) { stack.push_back(v.release()); }

    Owned parse_array(size_t i, size_t* end) {
        NativeRecursionGuard guard(ts);
        if (!guard.enter(" while decoding a JSON array from a unicode string")) return nullptr;
        size_t base = stack.size();
        i = skip_ws(i);
        if (i < size && text[i] != ']') {
            while (true) {
                Owned item = parse_value(i, &i);
                if (!item) return nullptr;
                push(std::move(item));
                i = skip_ws(i);
                if (i < size && text[i] == ']') break;
                if (i >= size || text[i] != ',') return fail("Expecting ',' delimiter", i);
                i = skip_ws(i + 1);
            }
        }
        if (i >= size || text[i] != ']') return expecting_value(i);
        *end = i + 1;
        auto n = static_cast<int64_t>(stack.size() - base);
        Ref<ListObject> list = new_list(n);
        for (size_t k = base; k < stack.size(); ++k)
            list_append_owned(list.get(), Owned::steal(stack[k]));
        stack.resize(base);
        return list;
    }

    Owned parse_object(size_t i, size_t* end) {
        NativeRecursionGuard guard(ts);
        if (!guard.enter(" while decoding a JSON object from a unicode string")) return nullptr;
        size_t base = stack.size();  // key, value, key, value, ...
        i = skip_ws(i);
        if (i >= size || text[i] != '}') {
            while (true) {
                if (i >= size || text[i] != '"') {
                    return fail("Expecting property name enclosed in double quotes", i);
                }
                Owned key = parse_key(i + 1, &i);
                if (!key) return nullptr;
                push(std::move(key));
                i = skip_ws(i);
                if (i >= size || text[i] != ':') return fail("Expecting ':' delimiter", i);
                i = skip_ws(i + 1);
                Owned value = parse_value(i, &i);
                if (!value) return nullptr;
                push(std::move(value));
                i = skip_ws(i);
                if (i < size && text[i] == '}') break;
                if (i >= size || text[i] != ',') return fail("Expecting ',' delimiter", i);
                i = skip_ws(i + 1);
            }
        }
        *end = i + 1;
        auto n = static_cast<int64_t>((stack.size() - base) / 2);
        if (!object_pairs_hook.is_null()) {
            Ref<ListObject> pairs = new_list(n);
            for (size_t k = base; k < stack.size(); k += 2) {
                list_append_owned(pairs.get(), Owned(new_tuple_of({stack[k], stack[k + 1]})));
            }
            release_from(base);
            return call_values(ts, object_pairs_hook, {Value::from_object(pairs.get())});
        }
        Ref<DictObject> dict = new_dict_presized(n);
        for (size_t k = base; k < stack.size(); k += 2) {
            // Keys are exact strs whose hash the memo keeps.
            auto* key = stack[k].as<StrObject>();
            if (!dict_set_hashed(ts, dict.get(), stack[k], str_hash(key), stack[k + 1])) {
                return nullptr;
            }
        }
        release_from(base);
        if (!object_hook.is_null()) {
            return call_values(ts, object_hook, {Value::from_object(dict.get())});
        }
        return dict;
    }

    void release_from(size_t base) {
        for (size_t k = base; k < stack.size(); ++k)
            decref(stack[k]);
        stack.resize(base);
    }

    // JSONDecoder.decode: leading and trailing whitespace, then "Extra data".
    Owned decode() {
        if (matches(0, "\xef\xbb\xbf")) {
            return fail("Unexpected UTF-8 BOM (decode using utf-8-sig)", 0);
        }
        size_t end;
        Owned value = parse_value(skip_ws(0), &end);
        if (!value) return nullptr;
        end = skip_ws(end);
        if (end != size) return fail("Extra data", end);
        return value;
    }
};

// Raises UnicodeDecodeError(encoding, data, start, end, reason).
std::nullptr_t decode_error(ThreadState& ts, const char* encoding, Value data, int64_t start,
                            int64_t end, const char* reason) {
    Owned enc = new_str(encoding), why = new_str(reason);
    Value args[5] = {enc.get(), data, Value::from_int(start), Value::from_int(end), why.get()};
    Owned exc = exception_new(ts, &kUnicodeDecodeErrorType, CallArgs{args, 5, nullptr});
    if (!exc) return nullptr;
    return set_exception(ts, std::move(exc));
}

// Decodes UTF-16 or UTF-32 ([unit] bytes, [big_endian]) with surrogatepass, as json's
// detect_encoding + bytes.decode(encoding, 'surrogatepass').
Owned decode_wide(ThreadState& ts, Value data, std::string_view b, int unit, bool big_endian,
                  const char* encoding, size_t skip) {
    std::string out;
    out.reserve(b.size());
    auto read = [&](size_t i) {
        uint32_t v = 0;
        for (int k = 0; k < unit; ++k) {
            auto byte = static_cast<unsigned char>(
                b[i + static_cast<size_t>(big_endian ? k : unit - 1 - k)]);
            v = (v << 8) | byte;
        }
        return v;
    };
    size_t i = skip;
    while (i + static_cast<size_t>(unit) <= b.size()) {
        uint32_t cp = read(i);
        if (unit == 2 && cp >= 0xD800 && cp <= 0xDBFF && i + 4 <= b.size()) {
            uint32_t low = read(i + 2);
            if (low >= 0xDC00 && low <= 0xDFFF) {
                cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                i += 2;
            }
        }
        if (cp > 0x10FFFF) {
            return decode_error(ts, encoding, data, static_cast<int64_t>(i),
                                static_cast<int64_t>(i) + unit,
                                "code point not in range(0x110000)");
        }
        utf8_append(out, cp);
        i += static_cast<size_t>(unit);
    }
    if (i != b.size()) {
        return decode_error(ts, encoding, data, static_cast<int64_t>(i),
                            static_cast<int64_t>(b.size()), "truncated data");
    }
    return new_str(out);
}

// The str of a bytes/bytearray JSON document (json.detect_encoding).
Owned decode_bytes(ThreadState& ts, Value data, std::string_view b) {
    auto byte = [&](size_t i) { return static_cast<unsigned char>(b[i]); };
    auto starts = [&](std::string_view prefix) { return b.substr(0, prefix.size()) == prefix; };
    using namespace std::string_view_literals;
    if (starts("\xff\xfe\x00\x00"sv)) return decode_wide(ts, data, b, 4, false, "utf-32", 4);
    if (starts("\x00\x00\xfe\xff"sv)) return decode_wide(ts, data, b, 4, true, "utf-32", 4);
    if (starts("\xff\xfe"sv)) return decode_wide(ts, data, b, 2, false, "utf-16", 2);
    if (starts("\xfe\xff"sv)) return decode_wide(ts, data, b, 2, true, "utf-16", 2);
    size_t skip = starts("\xef\xbb\xbf"sv) ? 3 : 0;
    if (b.size() >= 4) {
        if (!byte(0)) {
            return byte(1) ? decode_wide(ts, data, b, 2, true, "utf-16-be", 0)
                           : decode_wide(ts, data, b, 4, true, "utf-32-be", 0);
        }
        if (!byte(1)) {
            return byte(2) || byte(3) ? decode_wide(ts, data, b, 2, false, "utf-16-le", 0)
                                      : decode_wide(ts, data, b, 4, false, "utf-32-le", 0);
        }
    } else if (b.size() == 2) {
        if (!byte(0)) return decode_wide(ts, data, b, 2, true, "utf-16-be", 0);
        if (!byte(1)) return decode_wide(ts, data, b, 2, false, "utf-16-le", 0);
    }
    std::string_view body = b.substr(skip);
    if (utf8_validate(body) < 0) return new_str(body);
    // Invalid UTF-8 (or surrogates): bytes.decode raises CPython's UnicodeDecodeError.
    Owned source = skip ? Owned(new_bytes(body)) : Owned::borrow(data);
    return call_method(ts, source.get(), ts.interp.intern("decode"),
                       {Owned(new_str("utf-8")).get(), Owned(new_str("surrogatepass")).get()});
}

const char* const kDecoderNames[] = {"cls",       "object_hook",    "parse_float",
                                     "parse_int", "parse_constant", "object_pairs_hook",
                                     "strict"};
constexpr int kDecoderCount = 7;

Value hook(Value v) {
    return v.is_null() || v.is_none() ? Value::null() : v;
}

// parse_float/parse_int/parse_constant: JSONDecoder keeps `value or default`, so any false
// value selects the default (null here).
bool parser_hook(ThreadState& ts, Value v, Value* out) {
    *out = Value::null();
    if (v.is_null()) return true;
    int t = truth(ts, v);
    if (t < 0) return false;
    if (t) *out = v;
    return true;
}

// loads(s, **kw) once [s] and the keywords ([kw] indexed like kDecoderNames) are matched.
Owned loads_with(ThreadState& ts, Value s, const Value* kw) {
    if (!kw[0].is_null() && !kw[0].is_none()) {
        return raise(ts, &kTypeErrorType,
                     "json: cls= needs classes, which gilpy does not support yet");
    }
    Owned doc;
    if (is_str(s)) {
        doc = Owned::borrow(s);
    } else {
        std::string_view b;
        if (!bytes_like_view(s, &b)) {
            return raisef(ts, &kTypeErrorType,
                          "the JSON object must be str, bytes or bytearray, not {}", type_name(s));
        }
        doc = decode_bytes(ts, s, b);
        if (!doc) return nullptr;
    }
    Decoder d(ts, doc.get().as<StrObject>());
    d.object_hook = hook(kw[1]);
    if (!parser_hook(ts, kw[2], &d.parse_float) || !parser_hook(ts, kw[3], &d.parse_int) ||
        !parser_hook(ts, kw[4], &d.parse_constant)) {
        return nullptr;
    }
    d.object_pairs_hook = hook(kw[5]);
    // The builtin types are the defaults' own fast paths (as CPython's scanner checks).
    if (d.parse_float.is(Value::from_object(&kFloatType))) d.parse_float = Value::null();
    if (d.parse_int.is(Value::from_object(&kIntType))) d.parse_int = Value::null();
    if (!flag(ts, kw[6], true, &d.strict)) return nullptr;
    return d.decode();
}

Owned json_loads(ThreadState& ts, CallArgs args) {
    static const char* const kPositional[] = {"s"};
    Value a[1 + kDecoderCount] = {};
    if (!parse_call(ts, args, "loads", kPositional, 1, kDecoderNames, kDecoderCount,
                    "JSONDecoder.__init__", a)) {
        return nullptr;
    }
    return loads_with(ts, a[0], a + 1);
}

Owned json_load(ThreadState& ts, CallArgs args) {
    static const char* const kPositional[] = {"fp"};
    Value a[1 + kDecoderCount] = {};
    if (!parse_call(ts, args, "load", kPositional, 1, kDecoderNames, kDecoderCount,
                    "JSONDecoder.__init__", a)) {
        return nullptr;
    }
    Owned content = call_method(ts, a[0], ts.interp.intern("read"), {});
    if (!content) return nullptr;
    return loads_with(ts, content.get(), a + 1);
}

const MethodDef kJsonFunctions[] = {
    {"dumps", json_dumps}, {"dump", json_dump}, {"loads", json_loads},
    {"load", json_load},   {nullptr, nullptr},
};

}  // namespace

Ref<ModuleObject> init_json_module(ThreadState& ts) {
    Ref<ModuleObject> m = new_module(ts, "json");
    if (!m) return nullptr;
    module_add_functions(ts, m.get(), kJsonFunctions);
    module_set(ts, m.get(), "JSONDecodeError", Value::from_object(json_decode_error_type()));
    return m;
}

}  // namespace gilpy::stdlib
