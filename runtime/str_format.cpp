// printf-style `%` formatting for str and bytes, and str.format's replacement-field language,
// written to reproduce CPython 3.11's output and error messages (learned by probing python3).
// Numbers go through the format-spec functions of runtime/format_spec.hpp; other field values
// through format() (their __format__).
#include "runtime/str_format.hpp"

#include <fmt/format.h>

#include <cstring>
#include <string>

#include "runtime/abstract.hpp"
#include "runtime/args.hpp"
#include "runtime/exceptions.hpp"
#include "runtime/format_spec.hpp"
#include "runtime/interpreter_state.hpp"
#include "runtime/thread_state.hpp"
#include "runtime/types/bytes.hpp"
#include "runtime/types/float.hpp"
#include "runtime/types/int.hpp"
#include "runtime/types/str.hpp"
#include "runtime/types/tuple.hpp"

namespace gilpy::runtime {

// ---------------------------------------------------------------------------------------------
// printf-style formatting

namespace {

struct PrintfSpec {
    bool left = false, plus = false, space = false, alternate = false, zero = false;
    int64_t width = -1;
    int64_t precision = -1;
    char conv = 0;
};

// Appends [text] ([length] code points) padded with spaces to the spec's width.
void append_padded(std::string& out, std::string_view text, int64_t length,
                   const PrintfSpec& spec) {
    int64_t fill = spec.width > length ? spec.width - length : 0;
    if (!spec.left) out.append(static_cast<size_t>(fill), ' ');
    out.append(text);
    if (spec.left) out.append(static_cast<size_t>(fill), ' ');
}

// %s/%r/%a/%c and friends after conversion: [text] cut to the precision, then padded.
void append_text(std::string& out, std::string_view text, int64_t length, const PrintfSpec& spec,
                 bool bytes_mode) {
    if (spec.precision >= 0 && spec.precision < length) {
        if (bytes_mode) {
            text = text.substr(0, static_cast<size_t>(spec.precision));
        } else {
            int64_t pos = 0;
            for (int64_t k = 0; k < spec.precision; ++k)
                utf8_decode(text, &pos);
            text = text.substr(0, static_cast<size_t>(pos));
        }
        length = spec.precision;
    }
    append_padded(out, text, length, spec);
}

// The digits of |v| (an exact int) in base 10, 16 or 8, without sign or prefix.
bool int_digits(ThreadState& ts, Value v, char conv, std::string* digits, bool* negative) {
    int64_t small;
    if (int_to_int64(v, &small)) {
        *negative = small < 0;
        uint64_t magnitude =
            small < 0 ? 0 - static_cast<uint64_t>(small) : static_cast<uint64_t>(small);
        switch (conv) {
            case 'x':
                *digits = fmt::format("{:x}", magnitude);
                break;
            case 'X':
                *digits = fmt::format("{:X}", magnitude);
                break;
            case 'o':
                *digits = fmt::format("{:o}", magnitude);
                break;
            default:
                *digits = fmt::format("{}", magnitude);
                break;
        }
        return true;
    }
    *negative = int_sign(v) < 0;
    Owned magnitude = *negative ? unary_op(ts, v, UnaryOp::Neg) : Owned::borrow(v);
    if (!magnitude) return false;
    Owned text = conv == 'd' ? int_to_decimal_str(ts, magnitude.get())
                             : format_int(ts, magnitude.get(), std::string_view(&conv, 1));
    if (!text) return false;
    *digits = std::string(text.get().as<StrObject>()->view());
    return true;
}

// %d %i %u %x %X %o: sign, 0x/0o prefix with '#', precision as a minimum digit count, then
// width (zero-filled after the prefix with '0', unless '-').
bool append_integer(ThreadState& ts, std::string& out, Value v, const PrintfSpec& spec) {
    std::string digits;
    bool negative;
    if (!int_digits(ts, v, spec.conv == 'i' || spec.conv == 'u' ? 'd' : spec.conv, &digits,
                    &negative)) {
        return false;
    }
    std::string head = negative ? "-" : spec.plus ? "+" : spec.space ? " " : "";
    if (spec.alternate && (spec.conv == 'x' || spec.conv == 'X' || spec.conv == 'o')) {
        head += spec.conv == 'o' ? "0o" : spec.conv == 'x' ? "0x" : "0X";
    }
    if (spec.precision > static_cast<int64_t>(digits.size())) {
        digits.insert(0, static_cast<size_t>(spec.precision) - digits.size(), '0');
    }
    int64_t length = static_cast<int64_t>(head.size() + digits.size());
    int64_t fill = spec.width > length ? spec.width - length : 0;
    if (spec.left) {
        out += head;
        out += digits;
        out.append(static_cast<size_t>(fill), ' ');
    } else if (spec.zero) {
        out += head;
        out.append(static_cast<size_t>(fill), '0');
        out += digits;
    } else {
        out.append(static_cast<size_t>(fill), ' ');
        out += head;
        out += digits;
    }
    return true;
}

// %e %E %f %F %g %G through the format-spec mini-language, whose float rules are printf's.
bool append_float(ThreadState& ts, std::string& out, Value v, const PrintfSpec& spec) {
    double d;
    if (v.is_float()) {
        d = v.as_float();
    } else if (is_int(v)) {
        if (!int_to_double(ts, v, &d)) return false;
    } else {
        const NumberSlots* n = type_of(v)->number;
        if (!n || (!n->to_float && !n->index)) {
            raisef(ts, &kTypeErrorType, "must be real number, not {}", type_name(v));
            return false;
        }
        Owned f = n->to_float ? n->to_float(ts, v) : n->index(ts, v);
        if (!f) return false;
        if (f.get().is_float()) {
            d = f.get().as_float();
        } else if (!to_double(ts, f.get(), &d)) {
            return false;
        }
    }
    std::string mini;
    if (spec.left) mini += '<';
    if (spec.plus) {
        mini += '+';
    } else if (spec.space) {
        mini += ' ';
    }
    if (spec.alternate) mini += '#';
    if (spec.zero && !spec.left) mini += '0';
    if (spec.width > 0) mini += std::to_string(spec.width);
    mini += '.';
    mini += std::to_string(spec.precision < 0 ? 6 : spec.precision);
    mini += spec.conv;
    Owned text = format_float(ts, d, mini);
    if (!text) return false;
    out += text.get().as<StrObject>()->view();
    return true;
}

// The int a %d conversion formats: ints as they are, other numbers through int().
Owned integer_for_d(ThreadState& ts, Value v, char conv) {
    if (is_int(v))
        return v.is_bool() ? Owned::steal(Value::from_int(v.as_bool())) : Owned::borrow(v);
    const NumberSlots* n = type_of(v)->number;
    if (n && n->to_int) return n->to_int(ts, v);
    if (n && n->index) return index(ts, v);
    return raisef(ts, &kTypeErrorType, "%{} format: a real number is required, not {}", conv,
                  type_name(v));
}

// The bytes %s / %b formats: a bytes-like object's content, or __bytes__().
bool bytes_for_s(ThreadState& ts, Value v, std::string* out) {
    std::string_view data;
    if (bytes_like_view(v, &data)) {
        out->assign(data);
        return true;
    }
    StrObject* name = ts.interp.intern("__bytes__");
    if (!is_str(v) && !type_lookup(type_of(v), name).is_null()) {
        Owned b = call_method(ts, v, name, {});
        if (!b) return false;
        if (!is_bytes(b.get())) {
            raisef(ts, &kTypeErrorType, "__bytes__ returned non-bytes (type {})",
                   type_name(b.get()));
            return false;
        }
        out->assign(b.get().as<BytesObject>()->view());
        return true;
    }
    raisef(ts, &kTypeErrorType,
           "%b requires a bytes-like object, or an object that implements __bytes__, not '{}'",
           type_name(v));
    return false;
}

// One conversion of [v] appended to [out]; false if raised.
bool format_one(ThreadState& ts, std::string& out, Value v, const PrintfSpec& spec,
                bool bytes_mode) {
    switch (spec.conv) {
        case 's':
        case 'b':
        case 'r':
        case 'a': {
            if (bytes_mode && (spec.conv == 's' || spec.conv == 'b')) {
                std::string data;
                if (!bytes_for_s(ts, v, &data)) return false;
                append_text(out, data, static_cast<int64_t>(data.size()), spec, true);
                return true;
            }
            Owned text = spec.conv == 's'                  ? str(ts, v)
                         : spec.conv == 'r' && !bytes_mode ? repr(ts, v)
                                                           : ascii(ts, v);
            if (!text) return false;
            auto* s = text.get().as<StrObject>();
            append_text(out, s->view(), bytes_mode ? s->size : s->length, spec, bytes_mode);
            return true;
        }
        case 'c': {
            std::string ch;
            if (bytes_mode) {
                std::string_view data;
                int64_t c;
                if (is_int(v)) {
                    if (!int_to_int64(v, &c) || c < 0 || c > 255) {
                        raise(ts, &kOverflowErrorType, "%c arg not in range(256)");
                        return false;
                    }
                    ch.push_back(static_cast<char>(c));
                } else if ((is_bytes(v) || is_bytearray(v)) && bytes_like_view(v, &data) &&
                           data.size() == 1) {
                    ch.assign(data);
                } else {
                    raise(ts, &kTypeErrorType,
                          "%c requires an integer in range(256) or a single byte");
                    return false;
                }
                append_text(out, ch, 1, spec, true);
                return true;
            }
            if (is_str(v) && v.as<StrObject>()->length == 1) {
                ch.assign(v.as<StrObject>()->view());
            } else if (is_int(v)) {
                int64_t c;
                if (!int_to_int64(v, &c) || c < 0 || c > 0x10FFFF) {
                    raise(ts, &kOverflowErrorType, "%c arg not in range(0x110000)");
                    return false;
                }
                utf8_append(ch, static_cast<uint32_t>(c));
            } else {
                raise(ts, &kTypeErrorType, "%c requires int or char");
                return false;
            }
            append_text(out, ch, 1, spec, false);
            return true;
        }
        case 'd':
        case 'i':
        case 'u': {
            Owned i = integer_for_d(ts, v, spec.conv);
            return i && append_integer(ts, out, i.get(), spec);
        }
        case 'x':
        case 'X':
        case 'o': {
            const NumberSlots* n = type_of(v)->number;
            if (!is_int(v) && !(n && n->index)) {
                raisef(ts, &kTypeErrorType, "%{} format: an integer is required, not {}", spec.conv,
                       type_name(v));
                return false;
            }
            Owned i = index(ts, v);
            return i && append_integer(ts, out, i.get(), spec);
        }
        case 'e':
        case 'E':
        case 'f':
        case 'F':
        case 'g':
        case 'G':
            return append_float(ts, out, v, spec);
        default:
            return false;  // the caller reports the unsupported character
    }
}

// Reads a decimal number of a width or precision; false (ValueError [too_big]) on overflow.
bool read_number(ThreadState& ts, std::string_view f, size_t* i, int64_t* out,
                 const char* too_big) {
    int64_t n = 0;
    while (*i < f.size() && f[*i] >= '0' && f[*i] <= '9') {
        if (n > (INT32_MAX - (f[*i] - '0')) / 10) {
            raise(ts, &kValueErrorType, too_big);
            return false;
        }
        n = n * 10 + (f[*i] - '0');
        ++*i;
    }
    *out = n;
    return true;
}

}  // namespace

Owned printf_format(ThreadState& ts, std::string_view f, Value args, bool bytes_mode) {
    const bool tuple = is_tuple(args);
    const Value* items = tuple ? args.as<TupleObject>()->items : &args;
    const int64_t count = tuple ? args.as<TupleObject>()->length : 1;
    // CPython treats any subscriptable non-tuple, non-str argument as the mapping.
    const bool mapping = !tuple && type_of(args)->getitem && !is_str(args) &&
                         !(bytes_mode && (is_bytes(args) || is_bytearray(args)));
    int64_t arg_index = 0;
    auto next_arg = [&](Value* v) {
        if (arg_index < count) {
            *v = items[arg_index++];
            return true;
        }
        raise(ts, &kTypeErrorType, "not enough arguments for format string");
        return false;
    };
    // '*' widths and precisions: an int argument.
    auto star_arg = [&](int64_t* out) {
        Value v;
        if (!next_arg(&v)) return false;
        if (!is_int(v) || !int_to_int64(v, out)) {
            raise(ts, &kTypeErrorType, "* wants int");
            return false;
        }
        return true;
    };

    std::string out;
    out.reserve(f.size() + 16);
    const size_t n = f.size();
    size_t i = 0;
    while (i < n) {
        const void* pct = std::memchr(f.data() + i, '%', n - i);
        if (!pct) {
            out.append(f.substr(i));
            break;
        }
        size_t at = static_cast<const char*>(pct) - f.data();
        out.append(f.substr(i, at - i));
        i = at + 1;
        if (i >= n) return raise(ts, &kValueErrorType, "incomplete format");
        if (f[i] == '%') {
            out.push_back('%');
            ++i;
            continue;
        }
        Owned keyed;
        if (f[i] == '(') {
            if (!mapping) return raise(ts, &kTypeErrorType, "format requires a mapping");
            size_t k = i + 1;
            int depth = 1;
            while (k < n && depth > 0) {
                if (f[k] == '(') ++depth;
                if (f[k] == ')') --depth;
                ++k;
            }
            if (depth > 0) return raise(ts, &kValueErrorType, "incomplete format key");
            std::string_view key = f.substr(i + 1, k - i - 2);
            Owned key_value = bytes_mode ? Owned(new_bytes(key)) : Owned(new_str(key));
            keyed = get_item(ts, args, key_value.get());
            if (!keyed) return nullptr;
            arg_index = count;  // after a key, positional conversions find no arguments
            i = k;
        }
        PrintfSpec spec;
        for (; i < n; ++i) {
            char c = f[i];
            if (c == '-') {
                spec.left = true;
            } else if (c == '+') {
                spec.plus = true;
            } else if (c == ' ') {
                spec.space = true;
            } else if (c == '#') {
                spec.alternate = true;
            } else if (c == '0') {
                spec.zero = true;
            } else {
                break;
            }
        }
        if (i < n && f[i] == '*') {
            ++i;
            if (!star_arg(&spec.width)) return nullptr;
            if (spec.width < 0) {
                spec.left = true;
                spec.width = -spec.width;
            }
        } else if (!read_number(ts, f, &i, &spec.width, "width too big")) {
            return nullptr;
        }
        if (i < n && f[i] == '.') {
            ++i;
            if (i < n && f[i] == '*') {
                ++i;
                if (!star_arg(&spec.precision)) return nullptr;
                if (spec.precision < 0) spec.precision = 0;
            } else if (!read_number(ts, f, &i, &spec.precision, "precision too big")) {
                return nullptr;
            }
        }
        while (i < n && (f[i] == 'h' || f[i] == 'l' || f[i] == 'L'))
            ++i;
        if (i >= n) return raise(ts, &kValueErrorType, "incomplete format");
        const size_t conv_at = i;
        spec.conv = f[i];
        uint32_t conv_cp = static_cast<uint8_t>(f[i]);
        if (!bytes_mode && conv_cp >= 0x80) {
            int64_t pos = static_cast<int64_t>(i);
            conv_cp = utf8_decode(f, &pos);
            i = static_cast<size_t>(pos);
        } else {
            ++i;
        }
        Value v;
        if (keyed) {
            v = keyed.get();
        } else if (!next_arg(&v)) {
            return nullptr;
        }
        const bool known =
            conv_cp < 0x80 &&
            std::strchr(bytes_mode ? "sbradiuxXoeEfFgGc" : "sradiuxXoeEfFgGc", spec.conv) &&
            spec.conv != 0;
        if (!known) {
            int64_t index =
                bytes_mode ? static_cast<int64_t>(conv_at) : utf8_length(f.substr(0, conv_at));
            char shown = conv_cp > 32 && conv_cp < 127 ? static_cast<char>(conv_cp) : '?';
            return raisef(ts, &kValueErrorType,
                          "unsupported format character '{}' (0x{:x}) at index {}", shown, conv_cp,
                          index);
        }
        if (!format_one(ts, out, v, spec, bytes_mode)) return nullptr;
    }
    if (arg_index < count && !mapping) {
        return raisef(ts, &kTypeErrorType, "not all arguments converted during {} formatting",
                      bytes_mode ? "bytes" : "string");
    }
    if (bytes_mode) return new_bytes(out);
    return new_str(out);
}

// ---------------------------------------------------------------------------------------------
// str.format and str.format_map

namespace {

struct FieldSource {
    const Value* positional = nullptr;
    size_t positional_count = 0;
    CallArgs keywords{nullptr, 0, nullptr};  // format(): its keyword arguments
    Value mapping;                           // format_map(): the mapping
    bool use_mapping = false;
    int numbering = 0;  // 0 undecided, 1 automatic, 2 manual
    int64_t next_auto = 0;
};

std::nullptr_t format_error(ThreadState& ts, const char* message) {
    return raise(ts, &kValueErrorType, message);
}

bool all_digits(std::string_view s) {
    if (s.empty()) return false;
    for (char c : s) {
        if (c < '0' || c > '9') return false;
    }
    return true;
}

// A decimal field index; -2 when it has too many digits.
int64_t parse_index(std::string_view s) {
    int64_t n = 0;
    for (char c : s) {
        if (n > (INT64_MAX - (c - '0')) / 10) return -2;
        n = n * 10 + (c - '0');
    }
    return n;
}

Owned positional_field(ThreadState& ts, FieldSource& src, int64_t index) {
    if (src.use_mapping) return format_error(ts, "Format string contains positional fields");
    if (index >= static_cast<int64_t>(src.positional_count)) {
        return raisef(ts, &kIndexErrorType,
                      "Replacement index {} out of range for positional args tuple", index);
    }
    return Owned::borrow(src.positional[index]);
}

// The object a field name designates: an argument, then each .attr and [key] in turn.
Owned resolve_field(ThreadState& ts, FieldSource& src, std::string_view name) {
    size_t k = 0;
    while (k < name.size() && name[k] != '.' && name[k] != '[')
        ++k;
    std::string_view first = name.substr(0, k);
    Owned obj;
    if (first.empty()) {
        if (src.numbering == 2) {
            return format_error(
                ts, "cannot switch from manual field specification to automatic field numbering");
        }
        src.numbering = 1;
        obj = positional_field(ts, src, src.next_auto++);
    } else if (all_digits(first)) {
        int64_t index = parse_index(first);
        if (index == -2) return format_error(ts, "Too many decimal digits in format string");
        if (src.numbering == 1) {
            return format_error(
                ts, "cannot switch from automatic field numbering to manual field specification");
        }
        src.numbering = 2;
        obj = positional_field(ts, src, index);
    } else {
        Owned key = new_str(first);
        if (src.use_mapping) {
            obj = get_item(ts, src.mapping, key.get());
        } else {
            for (size_t j = 0; j < src.keywords.keyword_count(); ++j) {
                if (str_equals(src.keywords.kwnames->items[j].as<StrObject>(), first)) {
                    obj = Owned::borrow(src.keywords.keyword_value(j));
                    break;
                }
            }
            if (!obj) return raise_with_value(ts, &kKeyErrorType, key.get());
        }
    }
    if (!obj) return nullptr;
    while (k < name.size()) {
        if (name[k] == '.') {
            size_t start = ++k;
            while (k < name.size() && name[k] != '.' && name[k] != '[')
                ++k;
            std::string_view attr = name.substr(start, k - start);
            if (attr.empty()) return format_error(ts, "Empty attribute in format string");
            obj = get_attr(ts, obj.get(), ts.interp.intern(attr));
        } else {
            size_t start = ++k;
            while (k < name.size() && name[k] != ']')
                ++k;
            if (k >= name.size()) return format_error(ts, "Missing ']' in format string");
            std::string_view key = name.substr(start, k - start);
            if (key.empty()) return format_error(ts, "Empty attribute in format string");
            ++k;
            if (k < name.size() && name[k] != '.' && name[k] != '[') {
                return format_error(ts, "Only '.' or '[' may follow ']' in format field specifier");
            }
            Owned key_value;
            if (all_digits(key)) {
                int64_t index = parse_index(key);
                if (index == -2)
                    return format_error(ts, "Too many decimal digits in format string");
                key_value = Owned::steal(Value::from_int(index));
            } else {
                key_value = new_str(key);
            }
            obj = get_item(ts, obj.get(), key_value.get());
        }
        if (!obj) return nullptr;
    }
    return obj;
}

// format(value, spec) with direct paths for the builtin types whose __format__ we know.
Owned format_field(ThreadState& ts, Value v, std::string_view spec) {
    if (spec.empty()) {
        if (is_exact_str(v) || v.is_int() || v.is_float() || v.is_none()) return str(ts, v);
    } else if (is_exact_str(v)) {
        return format_str(ts, v, spec);
    } else if (v.is_int() || is_exact_int(v)) {
        return format_int(ts, v, spec);
    } else if (v.is_float()) {
        return format_float(ts, v.as_float(), spec);
    }
    Owned spec_value = new_str(spec);
    return format(ts, v, spec_value.get());
}

// Renders [f] into [out]; [depth] counts down through nested specs ("{:{}}").
bool render(ThreadState& ts, FieldSource& src, std::string_view f, int depth, std::string* out) {
    if (depth <= 0) {
        format_error(ts, "Max string recursion exceeded");
        return false;
    }
    const size_t n = f.size();
    size_t i = 0;
    while (i < n) {
        size_t j = i;
        while (j < n && f[j] != '{' && f[j] != '}')
            ++j;
        out->append(f.substr(i, j - i));
        if (j >= n) break;
        const bool at_end = j + 1 >= n;
        if (f[j] == '}') {
            if (at_end || f[j + 1] != '}') {
                format_error(ts, "Single '}' encountered in format string");
                return false;
            }
            out->push_back('}');
            i = j + 2;
            continue;
        }
        if (at_end) {
            format_error(ts, "Single '{' encountered in format string");
            return false;
        }
        if (f[j + 1] == '{') {
            out->push_back('{');
            i = j + 2;
            continue;
        }
        // A replacement field: name, then !conversion, then :spec (which may hold fields).
        size_t p = j + 1;
        const size_t name_start = p;
        char terminator = 0;
        while (p < n) {
            char c = f[p++];
            if (c == '{') {
                format_error(ts, "unexpected '{' in field name");
                return false;
            }
            if (c == '[') {
                while (p < n && f[p] != ']')
                    ++p;
                continue;
            }
            if (c == '}' || c == ':' || c == '!') {
                terminator = c;
                break;
            }
        }
        std::string_view name = f.substr(name_start, p - name_start - (terminator ? 1 : 0));
        uint32_t conversion = 0;
        std::string_view spec;
        bool nested = false;
        if (terminator == '!' || terminator == ':') {
            bool done = false;
            if (terminator == '!') {
                if (p >= n) {
                    format_error(ts, "end of string while looking for conversion specifier");
                    return false;
                }
                int64_t pos = static_cast<int64_t>(p);
                conversion = utf8_decode(f, &pos);
                p = static_cast<size_t>(pos);
                if (p < n) {
                    char c = f[p++];
                    if (c == '}') {
                        done = true;
                    } else if (c != ':') {
                        format_error(ts, "expected ':' after conversion specifier");
                        return false;
                    }
                }
            }
            if (!done) {
                const size_t spec_start = p;
                int count = 1;
                while (p < n) {
                    char c = f[p++];
                    if (c == '{') {
                        nested = true;
                        ++count;
                    } else if (c == '}' && --count == 0) {
                        break;
                    }
                }
                if (count != 0) {
                    format_error(ts, "unmatched '{' in format spec");
                    return false;
                }
                spec = f.substr(spec_start, p - 1 - spec_start);
            }
        } else if (terminator != '}') {
            format_error(ts, "expected '}' before end of string");
            return false;
        }
        i = p;

        Owned value = resolve_field(ts, src, name);
        if (!value) return false;
        if (conversion) {
            switch (conversion) {
                case 'r':
                    value = repr(ts, value.get());
                    break;
                case 's':
                    value = str(ts, value.get());
                    break;
                case 'a':
                    value = ascii(ts, value.get());
                    break;
                default:
                    if (conversion > 32 && conversion < 127) {
                        raisef(ts, &kValueErrorType, "Unknown conversion specifier {}",
                               static_cast<char>(conversion));
                    } else {
                        raisef(ts, &kValueErrorType, "Unknown conversion specifier \\x{:x}",
                               conversion);
                    }
                    return false;
            }
            if (!value) return false;
        }
        std::string expanded;
        if (nested) {
            if (!render(ts, src, spec, depth - 1, &expanded)) return false;
            spec = expanded;
        }
        Owned text = format_field(ts, value.get(), spec);
        if (!text) return false;
        out->append(text.get().as<StrObject>()->view());
    }
    return true;
}

}  // namespace

Owned str_format_args(ThreadState& ts, std::string_view fmt, CallArgs args) {
    FieldSource src;
    src.positional = args.args;
    src.positional_count = args.nargs;
    src.keywords = args;
    std::string out;
    out.reserve(fmt.size() + 16);
    if (!render(ts, src, fmt, 2, &out)) return nullptr;
    return new_str(out);
}

Owned str_format_map(ThreadState& ts, std::string_view fmt, Value mapping) {
    FieldSource src;
    src.mapping = mapping;
    src.use_mapping = true;
    std::string out;
    out.reserve(fmt.size() + 16);
    if (!render(ts, src, fmt, 2, &out)) return nullptr;
    return new_str(out);
}

Owned str_printf(ThreadState& ts, Value fmt, Value args) {
    return printf_format(ts, fmt.as<StrObject>()->view(), args, false);
}

Owned str_format_method(ThreadState& ts, CallArgs args) {
    return str_format_args(ts, args[0].as<StrObject>()->view(),
                           CallArgs{args.args + 1, args.nargs - 1, args.kwnames});
}

Owned str_format_map_method(ThreadState& ts, CallArgs args) {
    if (!check_one_arg(ts, CallArgs{args.args + 1, args.nargs - 1, args.kwnames},
                       "str.format_map()")) {
        return nullptr;
    }
    return str_format_map(ts, args[0].as<StrObject>()->view(), args[1]);
}

}  // namespace gilpy::runtime
