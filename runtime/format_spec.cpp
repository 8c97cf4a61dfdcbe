// The format-spec mini-language for int, float and str (the behaviour of CPython's
// Python/formatter_unicode.c): parsing, padding and alignment, signs, digit grouping, and the
// presentation types, with CPython's error messages.
#include "runtime/format_spec.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "runtime/abstract.hpp"
#include "runtime/exceptions.hpp"
#include "runtime/interpreter_state.hpp"
#include "runtime/thread_state.hpp"
#include "runtime/types/float.hpp"
#include "runtime/types/int.hpp"
#include "runtime/types/str.hpp"

namespace gilpy::runtime {

namespace {

bool is_align(char c) {
    return c == '<' || c == '>' || c == '^' || c == '=';
}

// Reads a run of decimal digits at [*i]; -1 if there is none, -2 if it overflows.
int64_t read_number(std::string_view spec, size_t* i) {
    size_t start = *i;
    int64_t v = 0;
    bool overflow = false;
    while (*i < spec.size() && spec[*i] >= '0' && spec[*i] <= '9') {
        if (__builtin_mul_overflow(v, 10, &v) || __builtin_add_overflow(v, spec[*i] - '0', &v)) {
            overflow = true;
        }
        ++*i;
    }
    if (overflow) return -2;
    return *i > start ? v : -1;
}

}  // namespace

bool parse_format_spec(ThreadState& ts, std::string_view spec, const char* type_name,
                       FormatSpec* out) {
    FormatSpec f;
    size_t i = 0;
    bool fill_given = false;
    // [[fill]align]: the fill may be any code point.
    if (!spec.empty()) {
        int64_t pos = 0;
        uint32_t first = utf8_decode(spec, &pos);
        if (static_cast<size_t>(pos) < spec.size() && is_align(spec[static_cast<size_t>(pos)])) {
            f.fill = first;
            f.align = spec[static_cast<size_t>(pos)];
            fill_given = true;
            i = static_cast<size_t>(pos) + 1;
        } else if (is_align(spec[0])) {
            f.align = spec[0];
            i = 1;
        }
    }
    if (i < spec.size() && (spec[i] == '+' || spec[i] == '-' || spec[i] == ' ')) f.sign = spec[i++];
    if (i < spec.size() && spec[i] == 'z') {
        f.no_neg_zero = true;
        ++i;
    }
    if (i < spec.size() && spec[i] == '#') {
        f.alternate = true;
        ++i;
    }
    // A '0' flag only counts when no explicit fill was given; otherwise it starts the width.
    if (!fill_given && i < spec.size() && spec[i] == '0') {
        f.zero_pad = true;
        f.fill = '0';
        ++i;
    }
    int64_t width = read_number(spec, &i);
    if (width == -2) {
        raise(ts, &kValueErrorType, "Too many decimal digits in format string");
        return false;
    }
    f.width = width;
    if (i < spec.size() && (spec[i] == ',' || spec[i] == '_')) {
        f.grouping = spec[i++];
        if (i < spec.size() && (spec[i] == ',' || spec[i] == '_')) {
            raise(ts, &kValueErrorType, "Cannot specify both ',' and '_'.");
            return false;
        }
    }
    if (i < spec.size() && spec[i] == '.') {
        ++i;
        int64_t precision = read_number(spec, &i);
        if (precision == -2) {
            raise(ts, &kValueErrorType, "Too many decimal digits in format string");
            return false;
        }
        if (precision == -1) {
            raise(ts, &kValueErrorType, "Format specifier missing precision");
            return false;
        }
        f.precision = precision;
    }
    // One type character may remain (any code point: CPython reports it as an unknown code).
    if (i < spec.size()) {
        int64_t pos = static_cast<int64_t>(i);
        uint32_t cp = utf8_decode(spec, &pos);
        if (static_cast<size_t>(pos) == spec.size()) {
            f.type = cp < 0x80 ? static_cast<char>(cp) : '\x7f';
            i = spec.size();
        }
    }
    if (i < spec.size()) {
        if (type_name) {
            raisef(ts, &kValueErrorType, "Invalid format specifier '{}' for object of type '{}'",
                   spec, type_name);
        } else {
            raise(ts, &kValueErrorType, "Invalid format specifier");
        }
        return false;
    }
    // Grouping is checked against the presentation type before any type-specific rule.
    if (f.grouping) {
        bool ok = false;
        switch (f.type) {
            case 0:
            case 'd':
            case 'e':
            case 'E':
            case 'f':
            case 'F':
            case 'g':
            case 'G':
            case '%':
                ok = true;
                break;
            case 'b':
            case 'o':
            case 'x':
            case 'X':
                ok = f.grouping == '_';
                break;
            default:
                break;
        }
        if (!ok) {
            if (f.type == '\x7f') {
                raisef(ts, &kValueErrorType, "Cannot specify '{}' with '\\x7f'.", f.grouping);
            } else {
                raisef(ts, &kValueErrorType, "Cannot specify '{}' with '{}'.", f.grouping, f.type);
            }
            return false;
        }
    }
    *out = f;
    return true;
}

bool parse_format_spec(ThreadState& ts, std::string_view spec, FormatSpec* out) {
    return parse_format_spec(ts, spec, nullptr, out);
}

void format_pad(const FormatSpec& spec, std::string_view text, int64_t length, char default_align,
                std::string* out) {
    int64_t pad = spec.width > length ? spec.width - length : 0;
    char align = spec.align ? spec.align : default_align;
    char fill_buf[4];
    size_t fill_size = 1;
    if (spec.fill < 0x80) {
        fill_buf[0] = static_cast<char>(spec.fill);
    } else {
        std::string f;
        utf8_append(f, spec.fill);
        fill_size = f.size();
        f.copy(fill_buf, fill_size);
    }
    auto repeat = [&](int64_t n) {
        if (fill_size == 1) {
            out->append(static_cast<size_t>(n), fill_buf[0]);
        } else {
            for (int64_t k = 0; k < n; ++k)
                out->append(fill_buf, fill_size);
        }
    };
    out->reserve(out->size() + text.size() + static_cast<size_t>(pad) * fill_size);
    if (align == '<') {
        *out += text;
        repeat(pad);
    } else if (align == '^') {
        repeat(pad / 2);
        *out += text;
        repeat(pad - pad / 2);
    } else {
        repeat(pad);
        *out += text;
    }
}

namespace {

std::nullptr_t unknown_code(ThreadState& ts, char type, const char* type_name_text) {
    if (type == '\x7f') {
        return raisef(ts, &kValueErrorType, "Unknown format code '\\x{:x}' for object of type '{}'",
                      static_cast<unsigned>(type), type_name_text);
    }
    return raisef(ts, &kValueErrorType, "Unknown format code '{}' for object of type '{}'", type,
                  type_name_text);
}

// Inserts [sep] every [every] digits, counted from the right, into a run of digits.
std::string group_digits(std::string_view digits, char sep, int every) {
    std::string out;
    auto n = static_cast<int64_t>(digits.size());
    out.reserve(digits.size() + digits.size() / static_cast<size_t>(every));
    for (int64_t i = 0; i < n; ++i) {
        if (i && (n - i) % every == 0) out += sep;
        out += digits[static_cast<size_t>(i)];
    }
    return out;
}

// Lays out sign + prefix + body, where body starts with [int_digits] integer digits that get
// grouped by [sep] (0: none). '=' alignment pads between the prefix and the digits; with a '0'
// fill and grouping the padding zeros are grouped too ("0,001,234").
Owned finish_number(const FormatSpec& spec, std::string_view sign, std::string_view prefix,
                    std::string body, char sep, int every, size_t int_digits) {
    char align = spec.align ? spec.align : (spec.zero_pad ? '=' : '>');
    std::string digits = body.substr(0, int_digits);
    std::string rest = body.substr(int_digits);
    std::string out;
    if (sep && align == '=' && spec.fill == '0') {
        int64_t target =
            spec.width - static_cast<int64_t>(sign.size() + prefix.size()) - utf8_length(rest);
        std::string grouped = group_digits(digits, sep, every);
        while (static_cast<int64_t>(grouped.size()) < target) {
            digits.insert(digits.begin(), '0');
            grouped = group_digits(digits, sep, every);
        }
        out.append(sign).append(prefix).append(grouped).append(rest);
        return new_str(out);
    }
    if (sep) body = group_digits(digits, sep, every) + rest;
    if (align == '=') {
        out.append(sign).append(prefix);
        FormatSpec inner = spec;
        inner.width = spec.width - static_cast<int64_t>(sign.size() + prefix.size());
        format_pad(inner, body, utf8_length(body), '>', &out);
        return new_str(out);
    }
    std::string whole;
    whole.append(sign).append(prefix).append(body);
    FormatSpec outer = spec;
    outer.align = align;
    format_pad(outer, whole, utf8_length(whole), '>', &out);
    return new_str(out);
}

std::string_view sign_text(const FormatSpec& spec, bool negative) {
    if (negative) return "-";
    if (spec.sign == '+') return "+";
    if (spec.sign == ' ') return " ";
    return "";
}

bool is_float_type(char t) {
    return t == 'e' || t == 'E' || t == 'f' || t == 'F' || t == 'g' || t == 'G' || t == '%';
}

// printf of [value] with [conversion] ('e', 'f', 'g', ...) and [precision]; '#' if alternate.
std::string printf_double(double value, char conversion, int64_t precision, bool alternate) {
    int p = static_cast<int>(precision);
    char small[128];
    // std::to_chars writes printf's very digits (both round the exact binary value) many times
    // faster; printf stays for '#', the upper-case conversions and long results.
    if (!alternate && (conversion == 'f' || conversion == 'e' || conversion == 'g')) {
        std::chars_format how = conversion == 'f'   ? std::chars_format::fixed
                                : conversion == 'e' ? std::chars_format::scientific
                                                    : std::chars_format::general;
        std::to_chars_result r = std::to_chars(small, small + sizeof small, value, how, p);
        if (r.ec == std::errc()) return std::string(small, r.ptr);
    }
    char fmt_buf[16];
    std::snprintf(fmt_buf, sizeof fmt_buf, "%%%s.*%c", alternate ? "#" : "", conversion);
    int n = std::snprintf(small, sizeof small, fmt_buf, p, value);
    if (n < static_cast<int>(sizeof small)) return std::string(small, static_cast<size_t>(n));
    std::string buf(static_cast<size_t>(n) + 1, '\0');
    std::snprintf(buf.data(), buf.size(), fmt_buf, p, value);
    buf.resize(static_cast<size_t>(n));
    return buf;
}

// The no-type float format with a precision ('.3'): [precision] significant digits like 'g',
// but fixed notation keeps a digit after the point, and exponent notation starts one decade
// earlier than 'g' (format(1.5, '.1') == '2e+00', format(123.0, '.4') == '123.0').
std::string general_repr_style(double a, int64_t precision, bool alternate) {
    if (precision == 0) precision = 1;
    std::string sci = printf_double(a, 'e', precision - 1, false);
    int exponent = std::atoi(sci.c_str() + sci.find('e') + 1);
    auto strip_zeros = [&](std::string& s) {
        if (alternate || s.find('.') == std::string::npos) return;
        while (s.back() == '0')
            s.pop_back();
    };
    if (exponent < -4 || exponent >= precision - 1) {
        size_t e = sci.find('e');
        std::string mantissa = sci.substr(0, e);
        strip_zeros(mantissa);
        if (mantissa.back() == '.' && !alternate) mantissa.pop_back();
        if (alternate && mantissa.find('.') == std::string::npos) mantissa += '.';
        char exp_buf[16];
        std::snprintf(exp_buf, sizeof exp_buf, "e%c%02d", exponent < 0 ? '-' : '+',
                      std::abs(exponent));
        return mantissa + exp_buf;
    }
    std::string fixed = printf_double(a, 'f', precision - 1 - exponent, false);
    strip_zeros(fixed);
    if (fixed.back() == '.') fixed += '0';
    if (fixed.find('.') == std::string::npos) fixed += ".0";
    return fixed;
}

}  // namespace

Owned format_int(ThreadState& ts, Value v, std::string_view spec_text) {
    if (spec_text.empty()) return str(ts, v);
    FormatSpec spec;
    if (!parse_format_spec(ts, spec_text, "int", &spec)) return nullptr;
    char type = spec.type ? spec.type : 'd';
    if (is_float_type(type)) {
        double d;
        if (!int_to_double(ts, v, &d)) return nullptr;
        return format_float(ts, d, spec_text);
    }
    if (type != 'd' && type != 'n' && type != 'b' && type != 'o' && type != 'x' && type != 'X' &&
        type != 'c') {
        return unknown_code(ts, type, type_of(v)->name);
    }
    if (spec.precision >= 0) {
        return raise(ts, &kValueErrorType, "Precision not allowed in integer format specifier");
    }
    if (spec.no_neg_zero) {
        return raise(ts, &kValueErrorType,
                     "Negative zero coercion (z) not allowed in integer format specifier");
    }
    if (type == 'c') {
        if (spec.sign) {
            return raise(ts, &kValueErrorType,
                         "Sign not allowed with integer format specifier 'c'");
        }
        if (spec.alternate) {
            return raise(ts, &kValueErrorType,
                         "Alternate form (#) not allowed with integer format specifier 'c'");
        }
        int64_t cp;
        if (!int_to_int64(v, &cp)) {
            return raise(ts, &kOverflowErrorType, "Python int too large to convert to C long");
        }
        if (cp < 0 || cp > 0x10ffff) {
            return raise(ts, &kOverflowErrorType, "%c arg not in range(0x110000)");
        }
        std::string ch;
        utf8_append(ch, static_cast<uint32_t>(cp));
        std::string out;
        FormatSpec s = spec;
        if (!s.align) s.align = spec.zero_pad ? '=' : '<';
        if (s.align == '=') s.align = '>';  // no sign or prefix to pad after
        format_pad(s, ch, 1, '<', &out);
        return new_str(out);
    }
    int base = type == 'b' ? 2 : type == 'o' ? 8 : (type == 'x' || type == 'X') ? 16 : 10;
    bool negative = int_sign(v) < 0;
    std::string digits;
    if (base == 10) {
        // The decimal conversion honours sys.set_int_max_str_digits, as str() does.
        Owned text = int_to_decimal_str(ts, v);
        if (!text) return nullptr;
        digits = text.get().as<StrObject>()->view();
        if (negative) digits.erase(0, 1);
    } else {
        int64_t small;
        if (int_to_int64(v, &small) && small != INT64_MIN) {
            uint64_t m = small < 0 ? static_cast<uint64_t>(-small) : static_cast<uint64_t>(small);
            char buf[72];
            auto r = std::to_chars(buf, buf + sizeof buf, m, base);
            digits.assign(buf, r.ptr);
        } else {
            digits = int_to_bigint(v).abs().to_string(base);
        }
        if (type == 'X') {
            for (char& c : digits)
                c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        }
    }
    std::string_view prefix;
    if (spec.alternate && base != 10) {
        prefix = type == 'b' ? "0b" : type == 'o' ? "0o" : type == 'x' ? "0x" : "0X";
    }
    int every = base == 10 ? 3 : 4;
    size_t n = digits.size();
    return finish_number(spec, sign_text(spec, negative), prefix, std::move(digits), spec.grouping,
                         every, n);
}

Owned format_float(ThreadState& ts, double d, std::string_view spec_text) {
    if (spec_text.empty()) return new_str(float_repr_text(d));
    FormatSpec spec;
    if (!parse_format_spec(ts, spec_text, "float", &spec)) return nullptr;
    char type = spec.type;
    if (type != 0 && type != 'n' && !is_float_type(type)) return unknown_code(ts, type, "float");
    if (spec.precision > INT32_MAX) return raise(ts, &kValueErrorType, "precision too big");
    bool negative = std::signbit(d);
    double a = std::fabs(d);
    bool upper = type == 'E' || type == 'F' || type == 'G';
    std::string body;
    if (std::isnan(d) || std::isinf(d)) {
        if (std::isnan(d)) negative = false;
        body = std::isnan(d) ? (upper ? "NAN" : "nan") : (upper ? "INF" : "inf");
        if (type == '%') body += '%';
    } else if (type == 0 && spec.precision < 0) {
        body = float_repr_text(a);
        if (spec.alternate && body.find('.') == std::string::npos) {
            // '#' keeps a decimal point: 1e+16 -> 1.e+16.
            size_t e = body.find('e');
            body.insert(e == std::string::npos ? body.size() : e, ".");
        }
    } else if (type == 0) {
        body = general_repr_style(a, spec.precision, spec.alternate);
    } else {
        int64_t precision = spec.precision < 0 ? 6 : spec.precision;
        char conversion = type == 'n' ? 'g' : type == '%' ? 'f' : type;
        body = printf_double(type == '%' ? a * 100.0 : a, conversion, precision, spec.alternate);
        if (type == '%') body += '%';
    }
    bool finite = std::isfinite(d);
    if (spec.no_neg_zero && negative && finite) {
        // 'z': a value that rounds to zero loses its minus sign.
        bool all_zero = true;
        for (char c : body) {
            if (c == 'e' || c == 'E') break;
            if (c >= '1' && c <= '9') all_zero = false;
        }
        if (all_zero) negative = false;
    }
    size_t int_digits = 0;
    while (int_digits < body.size() && std::isdigit(static_cast<unsigned char>(body[int_digits]))) {
        ++int_digits;
    }
    // Infinities and NaNs are padded but never grouped.
    return finish_number(spec, sign_text(spec, negative), "", std::move(body),
                         finite ? spec.grouping : 0, 3, int_digits);
}

Owned format_str(ThreadState& ts, Value s, std::string_view spec_text) {
    auto* so = s.as<StrObject>();
    if (spec_text.empty()) {
        if (is_exact_str(s)) return Owned::borrow(s);
        return new_str(so->view());
    }
    FormatSpec spec;
    if (!parse_format_spec(ts, spec_text, "str", &spec)) return nullptr;
    if (spec.grouping) {  // str's default type is 's', which allows no grouping
        return raisef(ts, &kValueErrorType, "Cannot specify '{}' with 's'.", spec.grouping);
    }
    if (spec.type && spec.type != 's') return unknown_code(ts, spec.type, "str");
    if (spec.sign) {
        return raise(ts, &kValueErrorType,
                     spec.sign == ' ' ? "Space not allowed in string format specifier"
                                      : "Sign not allowed in string format specifier");
    }
    if (spec.no_neg_zero) {
        return raise(ts, &kValueErrorType,
                     "Negative zero coercion (z) not allowed in string format specifier");
    }
    if (spec.alternate) {
        return raise(ts, &kValueErrorType,
                     "Alternate form (#) not allowed in string format specifier");
    }
    if (spec.align == '=') {
        return raise(ts, &kValueErrorType, "'=' alignment not allowed in string format specifier");
    }
    std::string_view text = so->view();
    int64_t length = so->length;
    if (spec.precision >= 0 && spec.precision < length) {
        text = text.substr(0, static_cast<size_t>(str_byte_offset(so, spec.precision)));
        length = spec.precision;
    }
    std::string out;
    format_pad(spec, text, length, '<', &out);
    return new_str(out);
}

}  // namespace gilpy::runtime
