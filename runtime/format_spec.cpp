// The format-spec mini-language for int, float and str (CPython's formatter_unicode.c):
// parsing, padding and alignment, signs, grouping, and the presentation types.
#include "runtime/format_spec.hpp"

#include <fmt/format.h>

#include <cmath>
#include <cstdio>

#include "runtime/abstract.hpp"
#include "runtime/exceptions.hpp"
#include "runtime/types/float.hpp"
#include "runtime/types/int.hpp"
#include "runtime/types/str.hpp"

namespace gilpy::runtime {

bool parse_format_spec(ThreadState& ts, std::string_view spec, FormatSpec* out) {
    FormatSpec f;
    size_t i = 0;
    auto is_align = [](char c) { return c == '<' || c == '>' || c == '^' || c == '='; };
    // [[fill]align]: the fill may be any code point.
    if (!spec.empty()) {
        int64_t pos = 0;
        uint32_t first = utf8_decode(spec, &pos);
        if (static_cast<size_t>(pos) < spec.size() && is_align(spec[static_cast<size_t>(pos)])) {
            f.fill = first;
            f.align = spec[static_cast<size_t>(pos)];
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
    if (i < spec.size() && spec[i] == '0') {
        f.zero_pad = true;
        if (!f.align) {
            f.fill = '0';
            f.align = '=';
        }
        ++i;
    }
    auto read_number = [&](int64_t* n) {
        size_t start = i;
        int64_t v = 0;
        while (i < spec.size() && spec[i] >= '0' && spec[i] <= '9') {
            v = v * 10 + (spec[i] - '0');
            if (v > (int64_t{1} << 40)) v = int64_t{1} << 40;
            ++i;
        }
        if (i > start) *n = v;
        return i > start;
    };
    read_number(&f.width);
    if (i < spec.size() && (spec[i] == ',' || spec[i] == '_')) {
        f.grouping = spec[i++];
        if (i < spec.size() && (spec[i] == ',' || spec[i] == '_')) {
            raise(ts, &kValueErrorType, "Cannot specify both ',' and '_'.");
            return false;
        }
    }
    if (i < spec.size() && spec[i] == '.') {
        ++i;
        if (!read_number(&f.precision)) {
            raise(ts, &kValueErrorType, "Format specifier missing precision");
            return false;
        }
    }
    if (i < spec.size()) f.type = spec[i++];
    if (i < spec.size()) {
        raise(ts, &kValueErrorType, "Invalid format specifier");
        return false;
    }
    *out = f;
    return true;
}

void format_pad(const FormatSpec& spec, std::string_view text, int64_t length, char default_align,
                std::string* out) {
    int64_t pad = spec.width > length ? spec.width - length : 0;
    char align = spec.align ? spec.align : default_align;
    std::string fill;
    utf8_append(fill, spec.fill);
    auto repeat = [&](int64_t n) {
        for (int64_t k = 0; k < n; ++k)
            *out += fill;
    };
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
    return raisef(ts, &kValueErrorType, "Unknown format code '{}' for object of type '{}'", type,
                  type_name_text);
}

// Inserts [sep] every 3 digits (4 for hex/binary/octal with '_') into the integer digit run.
std::string group_digits(std::string_view digits, char sep, int every) {
    std::string out;
    int64_t n = static_cast<int64_t>(digits.size());
    for (int64_t i = 0; i < n; ++i) {
        if (i && (n - i) % every == 0) out += sep;
        out += digits[static_cast<size_t>(i)];
    }
    return out;
}

// Assembles sign + prefix + body with padding; '=' puts the padding after sign and prefix.
Owned finish_number(const FormatSpec& spec, std::string_view sign, std::string_view prefix,
                    std::string body, char sep, int every, size_t int_digits) {
    FormatSpec s = spec;
    if (s.zero_pad && s.align == '=' && sep && s.width > 0) {
        // Zero padding with grouping pads the digits themselves, separators included.
        int64_t target = s.width - static_cast<int64_t>(sign.size() + prefix.size()) -
                         static_cast<int64_t>(body.size() - int_digits);
        std::string digits = body.substr(0, int_digits);
        std::string rest = body.substr(int_digits);
        std::string grouped = group_digits(digits, sep, every);
        while (static_cast<int64_t>(grouped.size()) < target) {
            digits.insert(digits.begin(), '0');
            grouped = group_digits(digits, sep, every);
        }
        std::string out = std::string(sign) + std::string(prefix) + grouped + rest;
        return new_str(out);
    }
    if (sep) body = group_digits(body.substr(0, int_digits), sep, every) + body.substr(int_digits);
    std::string out;
    if (s.align == '=') {
        std::string head = std::string(sign) + std::string(prefix);
        out += head;
        FormatSpec inner = s;
        inner.width = s.width - static_cast<int64_t>(head.size());
        inner.align = '>';
        format_pad(inner, body, utf8_length(body), '>', &out);
        return new_str(out);
    }
    std::string whole = std::string(sign) + std::string(prefix) + body;
    format_pad(s, whole, utf8_length(whole), '>', &out);
    return new_str(out);
}

std::string sign_text(const FormatSpec& spec, bool negative) {
    if (negative) return "-";
    if (spec.sign == '+') return "+";
    if (spec.sign == ' ') return " ";
    return "";
}

}  // namespace

Owned format_int(ThreadState& ts, Value v, std::string_view spec_text) {
    if (spec_text.empty()) return str(ts, v);
    FormatSpec spec;
    if (!parse_format_spec(ts, spec_text, &spec)) return nullptr;
    char type = spec.type ? spec.type : 'd';
    switch (type) {
        case 'e':
        case 'E':
        case 'f':
        case 'F':
        case 'g':
        case 'G':
        case '%': {
            double d;
            if (!int_to_double(ts, v, &d)) return nullptr;
            return format_float(ts, d, spec_text);
        }
        case 'd':
        case 'n':
        case 'b':
        case 'o':
        case 'x':
        case 'X':
        case 'c':
            break;
        default:
            return unknown_code(ts, type, type_of(v)->name);
    }
    if (spec.precision >= 0) {
        return raise(ts, &kValueErrorType, "Precision not allowed in integer format specifier");
    }
    if (type == 'c') {
        if (spec.sign)
            return raise(ts, &kValueErrorType,
                         "Sign not allowed with integer format specifier 'c'");
        if (spec.alternate) {
            return raise(ts, &kValueErrorType,
                         "Alternate form (#) not allowed with integer format specifier 'c'");
        }
        int64_t cp;
        if (!int_to_int64(v, &cp) || cp < 0 || cp > 0x10ffff) {
            return raise(ts, &kOverflowErrorType, "%c arg not in range(0x110000)");
        }
        std::string ch;
        utf8_append(ch, static_cast<uint32_t>(cp));
        std::string out;
        format_pad(spec, ch, 1, '<', &out);
        return new_str(out);
    }
    if (spec.grouping == ',' &&
        (type == 'b' || type == 'o' || type == 'x' || type == 'X' || type == 'n')) {
        return raisef(ts, &kValueErrorType, "Cannot specify ',' with '{}'.", type);
    }
    BigInt b = int_to_bigint(v);
    bool negative = b.sign() < 0;
    b = b.abs();
    int base = type == 'b' ? 2 : type == 'o' ? 8 : (type == 'x' || type == 'X') ? 16 : 10;
    std::string digits = b.to_string(base);
    if (type == 'X') {
        for (char& c : digits)
            c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
    std::string prefix;
    if (spec.alternate && base != 10)
        prefix = type == 'b' ? "0b" : type == 'o' ? "0o" : type == 'x' ? "0x" : "0X";
    char sep = spec.grouping;
    int every = (base == 10) ? 3 : 4;
    size_t n = digits.size();
    return finish_number(spec, sign_text(spec, negative), prefix, std::move(digits), sep, every, n);
}

Owned format_float(ThreadState& ts, double d, std::string_view spec_text) {
    if (spec_text.empty()) return new_str(float_repr_text(d));
    FormatSpec spec;
    if (!parse_format_spec(ts, spec_text, &spec)) return nullptr;
    char type = spec.type;
    switch (type) {
        case 0:
        case 'e':
        case 'E':
        case 'f':
        case 'F':
        case 'g':
        case 'G':
        case '%':
        case 'n':
            break;
        default:
            return unknown_code(ts, type, "float");
    }
    if (spec.grouping == ',' && type == 'n') {
        return raise(ts, &kValueErrorType, "Cannot specify ',' with 'n'.");
    }
    bool negative = std::signbit(d);
    double a = std::fabs(d);
    std::string body;
    int64_t precision = spec.precision;
    if (std::isnan(d)) {
        negative = false;
        body = (type == 'E' || type == 'F' || type == 'G') ? "NAN" : "nan";
    } else if (std::isinf(d)) {
        body = (type == 'E' || type == 'F' || type == 'G') ? "INF" : "inf";
    } else if (type == 0 && precision < 0) {
        body = float_repr_text(a);
    } else {
        char t = type == 0 ? 'g' : type == 'n' ? 'g' : type;
        double value = a;
        if (t == '%') {
            value *= 100.0;
            t = 'f';
        }
        if (precision < 0) precision = 6;
        char fmt_buf[16];
        std::snprintf(fmt_buf, sizeof fmt_buf, "%%%s.%d%c", spec.alternate ? "#" : "",
                      static_cast<int>(std::min<int64_t>(precision, 1000)), t);
        std::string buf(1100, '\0');
        int len = std::snprintf(buf.data(), buf.size(), fmt_buf, value);
        if (len >= static_cast<int>(buf.size())) {
            buf.resize(static_cast<size_t>(len) + 1);
            std::snprintf(buf.data(), buf.size(), fmt_buf, value);
        }
        buf.resize(static_cast<size_t>(len));
        body = buf;
        if (type == 0) {
            // No type with a precision: like 'g', but always at least one digit after the point
            // when it is written in fixed notation (CPython's 'r'-like default).
            if (body.find_first_of(".einf") == std::string::npos) body += ".0";
        }
        if (type == '%') body += "%";
    }
    if (spec.no_neg_zero && negative) {
        bool all_zero = body.find_first_not_of("0.%eE+-") == std::string::npos;
        if (all_zero) negative = false;
    }
    size_t int_digits = 0;
    while (int_digits < body.size() && std::isdigit(static_cast<unsigned char>(body[int_digits])))
        ++int_digits;
    return finish_number(spec, sign_text(spec, negative), "", std::move(body), spec.grouping, 3,
                         int_digits);
}

Owned format_str(ThreadState& ts, Value s, std::string_view spec_text) {
    auto* so = s.as<StrObject>();
    if (spec_text.empty()) return Owned::borrow(s);
    FormatSpec spec;
    if (!parse_format_spec(ts, spec_text, &spec)) return nullptr;
    if (spec.type && spec.type != 's') return unknown_code(ts, spec.type, "str");
    if (spec.sign)
        return raise(ts, &kValueErrorType, "Sign not allowed in string format specifier");
    if (spec.alternate) {
        return raise(ts, &kValueErrorType,
                     "Alternate form (#) not allowed in string format specifier");
    }
    if (spec.align == '=') {
        return raise(ts, &kValueErrorType, "'=' alignment not allowed in string format specifier");
    }
    if (spec.grouping)
        return raisef(ts, &kValueErrorType, "Cannot specify '{}' with 's'.", spec.grouping);
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
