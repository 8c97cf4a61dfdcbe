// float: IEEE doubles as tagged immediates. repr is the shortest round-tripping string with
// CPython's layout rules; arithmetic, hashing and comparisons with ints follow
// Objects/floatobject.c (hash(1.0) == hash(1), exact int/float comparison).
#include "runtime/types/float.hpp"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstring>
#include <string>

#include "runtime/abstract.hpp"
#include "runtime/args.hpp"
#include "runtime/exceptions.hpp"
#include "runtime/format_spec.hpp"
#include "runtime/interpreter_state.hpp"
#include "runtime/types/bytes.hpp"
#include "runtime/types/int.hpp"
#include "runtime/types/str.hpp"
#include "runtime/types/tuple.hpp"

namespace gilpy::runtime {

bool to_double(ThreadState& ts, Value v, double* out) {
    if (v.is_float()) {
        *out = v.as_float();
        return true;
    }
    if (is_int(v)) return int_to_double(ts, v, out);
    raisef(ts, &kTypeErrorType, "must be real number, not {}", type_name(v));
    return false;
}

// The shortest repr, with CPython's choice between fixed and exponent notation (repr switches
// to exponents below 1e-4 and from 1e16 on).
std::string float_repr_text(double d) {
    if (std::isnan(d)) return "nan";
    if (std::isinf(d)) return d > 0 ? "inf" : "-inf";
    char buf[64];
    auto r = std::to_chars(buf, buf + sizeof buf, d, std::chars_format::scientific);
    std::string sci(buf, r.ptr);
    // sci: [-]D[.DDDD]e[+-]XX
    bool negative = sci[0] == '-';
    if (negative) sci.erase(0, 1);
    size_t e = sci.find('e');
    int exponent = std::stoi(sci.substr(e + 1));
    std::string digits = sci.substr(0, e);
    digits.erase(std::remove(digits.begin(), digits.end(), '.'), digits.end());
    std::string out = negative ? "-" : "";
    if (exponent >= -4 && exponent < 16) {
        int point = exponent + 1;  // digits before the decimal point
        if (point <= 0) {
            out += "0." + std::string(static_cast<size_t>(-point), '0') + digits;
        } else if (point >= static_cast<int>(digits.size())) {
            out += digits + std::string(static_cast<size_t>(point) - digits.size(), '0') + ".0";
        } else {
            out += digits.substr(0, static_cast<size_t>(point)) + "." +
                   digits.substr(static_cast<size_t>(point));
        }
        return out;
    }
    out += digits.substr(0, 1);
    if (digits.size() > 1) out += "." + digits.substr(1);
    char exp_buf[16];
    std::snprintf(exp_buf, sizeof exp_buf, "e%c%02d", exponent < 0 ? '-' : '+', std::abs(exponent));
    return out + exp_buf;
}

namespace {

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

// Parses Python float syntax (underscores between digits, inf/nan words); false if invalid.
bool parse_float_text(std::string_view s, double* out) {
    while (!s.empty() && is_space(s.front()))
        s.remove_prefix(1);
    while (!s.empty() && is_space(s.back()))
        s.remove_suffix(1);
    if (s.empty()) return false;
    std::string clean;
    size_t i = 0;
    bool negative = false;
    if (s[0] == '+' || s[0] == '-') {
        negative = s[0] == '-';
        i = 1;
    }
    std::string word;
    for (size_t k = i; k < s.size(); ++k)
        word += static_cast<char>(std::tolower(static_cast<unsigned char>(s[k])));
    if (word == "inf" || word == "infinity") {
        *out = negative ? -HUGE_VAL : HUGE_VAL;
        return true;
    }
    if (word == "nan") {
        *out = negative ? -std::nan("") : std::nan("");
        return true;
    }
    for (size_t k = i; k < s.size(); ++k) {
        char c = s[k];
        if (c == '_') {
            bool ok = k > i && k + 1 < s.size() &&
                      std::isdigit(static_cast<unsigned char>(s[k - 1])) &&
                      std::isdigit(static_cast<unsigned char>(s[k + 1]));
            if (!ok) return false;
            continue;
        }
        if (!(std::isdigit(static_cast<unsigned char>(c)) || c == '.' || c == 'e' || c == 'E' ||
              ((c == '+' || c == '-') && k > i && (s[k - 1] == 'e' || s[k - 1] == 'E')))) {
            return false;
        }
        clean += c;
    }
    if (clean.empty()) return false;
    double v;
    auto r = std::from_chars(clean.data(), clean.data() + clean.size(), v);
    if (r.ec == std::errc::result_out_of_range) {
        // from_chars reports overflow and underflow alike; strtod gives inf or 0 as Python does.
        v = std::strtod(clean.c_str(), nullptr);
    } else if (r.ec != std::errc() || r.ptr != clean.data() + clean.size()) {
        return false;
    }
    *out = negative ? -v : v;
    return true;
}

// m * 2**e2 (m >= 0) correctly rounded to a double, half to even, subnormals included; false
// when the result overflows.
bool scaled_to_double(const BigInt& m, int64_t e2, double* out) {
    if (m.sign() == 0) {
        *out = 0.0;
        return true;
    }
    int64_t bits = m.bit_length();
    int64_t top = bits + e2;  // the value lies in [2**(top-1), 2**top)
    if (top > 1025) return false;
    int64_t keep = top - 1 >= -1022 ? 53 : top + 1074;  // significant bits the result can hold
    if (keep < 0) {
        *out = 0.0;  // below half the smallest subnormal
        return true;
    }
    int64_t drop = bits - keep;
    BigInt kept = m;
    if (drop > 0) {
        kept = m.shift_right(static_cast<uint64_t>(drop));
        // Round half to even on the dropped bits.
        bool half = mpz_tstbit(m.raw(), static_cast<mp_bitcnt_t>(drop - 1)) != 0;
        bool below = mpz_scan1(m.raw(), 0) < static_cast<mp_bitcnt_t>(drop - 1);
        if (half && (below || mpz_tstbit(kept.raw(), 0))) kept = kept + BigInt(1);
        e2 += drop;
    }
    double d = std::ldexp(static_cast<double>(kept.to_int64()), static_cast<int>(e2));
    if (std::isinf(d)) return false;
    *out = d;
    return true;
}

}  // namespace

Owned float_from_value(ThreadState& ts, Value v) {
    if (v.is_float()) return Owned::steal(v);
    if (is_int(v)) {
        double d;
        if (!int_to_double(ts, v, &d)) return nullptr;
        return Owned::from_float(d);
    }
    std::string_view text;
    std::string ascii;
    if (is_str(v)) {
        text = v.as<StrObject>()->view();
        if (numeric_text_to_ascii(text, &ascii)) text = ascii;
    } else if (!bytes_like_view(v, &text)) {
        const NumberSlots* n = type_of(v)->number;
        if (n && n->to_float) {
            Owned r = n->to_float(ts, v);
            if (r && !r.get().is_float()) {
                return raisef(ts, &kTypeErrorType, "{}.__float__ returned non-float (type {})",
                              type_name(v), type_name(r.get()));
            }
            return r;
        }
        if (n && n->index) {
            Owned i = n->index(ts, v);
            if (!i) return nullptr;
            return float_from_value(ts, i.get());
        }
        return raisef(ts, &kTypeErrorType,
                      "float() argument must be a string or a real number, not '{}'", type_name(v));
    }
    double d;
    if (!parse_float_text(text, &d)) {
        Owned r = repr(ts, v);
        if (!r) return nullptr;
        return raisef(ts, &kValueErrorType, "could not convert string to float: {}",
                      r.get().as<StrObject>()->view());
    }
    return Owned::from_float(d);
}

namespace {

Owned not_impl() {
    return Owned::borrow(not_implemented());
}

// Both operands as doubles when one is a float and the other a float or int. 0: not
// applicable (NotImplemented), -1: raised.
int operands(ThreadState& ts, Value a, Value b, double* x, double* y) {
    if (!(a.is_float() || is_int(a)) || !(b.is_float() || is_int(b))) return 0;
    if (!to_double(ts, a, x) || !to_double(ts, b, y)) return -1;
    return 1;
}

#define GILPY_FLOAT_OPERANDS             \
    double x, y;                         \
    int ok = operands(ts, a, b, &x, &y); \
    if (ok == 0) return not_impl();      \
    if (ok < 0) return nullptr;

Owned float_add(ThreadState& ts, Value a, Value b) {
    GILPY_FLOAT_OPERANDS
    return Owned::from_float(x + y);
}
Owned float_sub(ThreadState& ts, Value a, Value b) {
    GILPY_FLOAT_OPERANDS
    return Owned::from_float(x - y);
}
Owned float_mul(ThreadState& ts, Value a, Value b) {
    GILPY_FLOAT_OPERANDS
    return Owned::from_float(x * y);
}
Owned float_truediv(ThreadState& ts, Value a, Value b) {
    GILPY_FLOAT_OPERANDS
    if (y == 0.0) return raise(ts, &kZeroDivisionErrorType, "float division by zero");
    return Owned::from_float(x / y);
}

// Python's floor division and modulo for floats (CPython's float_divmod).
void float_divmod(double x, double y, double* div, double* mod) {
    double m = std::fmod(x, y);
    double d = (x - m) / y;
    if (m) {
        if ((y < 0) != (m < 0)) {
            m += y;
            d -= 1.0;
        }
    } else {
        m = std::copysign(0.0, y);
    }
    double floor_d;
    if (d) {
        floor_d = std::floor(d);
        if (d - floor_d > 0.5) floor_d += 1.0;
    } else {
        floor_d = std::copysign(0.0, x / y);
    }
    *div = floor_d;
    *mod = m;
}

Owned float_floordiv(ThreadState& ts, Value a, Value b) {
    GILPY_FLOAT_OPERANDS
    if (y == 0.0) return raise(ts, &kZeroDivisionErrorType, "float floor division by zero");
    double d, m;
    float_divmod(x, y, &d, &m);
    return Owned::from_float(d);
}
Owned float_mod(ThreadState& ts, Value a, Value b) {
    GILPY_FLOAT_OPERANDS
    if (y == 0.0) return raise(ts, &kZeroDivisionErrorType, "float modulo");
    double d, m;
    float_divmod(x, y, &d, &m);
    return Owned::from_float(m);
}

Owned float_pow(ThreadState& ts, Value a, Value b) {
    GILPY_FLOAT_OPERANDS
    // C99's pow already gives Python's answers for infinities, NaNs and zero bases with an
    // infinite exponent (0.0 ** -inf == inf); only finite cases need Python's errors.
    if (x == 0.0 && y < 0.0 && std::isfinite(y)) {
        return raise(ts, &kZeroDivisionErrorType, "0.0 cannot be raised to a negative power");
    }
    if (x < 0.0 && std::isfinite(x) && std::isfinite(y) && y != std::floor(y)) {
        // CPython returns a complex number here; gilpy has no complex type.
        return raise(ts, &kValueErrorType,
                     "negative number cannot be raised to a fractional power (complex results "
                     "are not supported by gilpy)");
    }
    double r = std::pow(x, y);
    if (std::isinf(r) && std::isfinite(x) && std::isfinite(y)) {
        return raise(ts, &kOverflowErrorType, "(34, 'Numerical result out of range')");
    }
    return Owned::from_float(r);
}
#undef GILPY_FLOAT_OPERANDS

Owned float_neg(ThreadState&, Value v) {
    return Owned::from_float(-v.as_float());
}
Owned float_pos(ThreadState&, Value v) {
    return Owned::from_float(v.as_float());
}
Owned float_abs(ThreadState&, Value v) {
    return Owned::from_float(std::fabs(v.as_float()));
}

Owned float_to_int(ThreadState& ts, Value v) {
    return call_values(ts, Value::from_object(&kIntType), {v});
}

Owned float_compare(ThreadState&, Value a, Value b, CompareOp op) {
    double x = a.as_float();
    int c;
    if (b.is_float()) {
        double y = b.as_float();
        if (std::isnan(x) || std::isnan(y)) return Owned::from_bool(op == CompareOp::Ne);
        c = (x > y) - (x < y);
    } else if (is_int(b)) {
        c = int_float_compare(b, x);
        if (c == 2) return Owned::from_bool(op == CompareOp::Ne);
        c = -c;
    } else {
        return not_impl();
    }
    bool r = ordered_compare(c, 0, op);
    return Owned::from_bool(r);
}

// CPython's _Py_HashDouble: equal ints and floats hash alike (modulus 2**61 - 1).
int64_t float_hash(ThreadState&, Value v) {
    // A finite double is M * 2**k with M an integer below 2**53. Modulo P = 2**61 - 1,
    // 2**61 == 1, so multiplying by 2**k is a rotation of M's 61 bits by k mod 61; this gives
    // the same residue as the int hash for integral values, and the rational hash otherwise.
    double d = v.as_float();
    if (std::isinf(d)) return d > 0 ? 314159 : -314159;
    if (std::isnan(d)) return 0;
    constexpr uint64_t kModulus = (uint64_t{1} << 61) - 1;
    int e;
    double m = std::frexp(std::fabs(d), &e);
    auto mantissa = static_cast<uint64_t>(std::ldexp(m, 53));
    int64_t k = static_cast<int64_t>(e) - 53;
    auto r = static_cast<unsigned>(((k % 61) + 61) % 61);
    uint64_t x = r ? (((mantissa << r) & kModulus) | (mantissa >> (61 - r))) : mantissa;
    auto h = static_cast<int64_t>(x);
    if (d < 0) h = -h;
    return h == -1 ? -2 : h;
}

int float_truth(ThreadState&, Value v) {
    return v.as_float() != 0.0;
}

Owned float_repr(ThreadState&, Value v) {
    return new_str(float_repr_text(v.as_float()));
}

Owned float_new(ThreadState& ts, TypeObject*, CallArgs args) {
    if (!check_no_keywords(ts, args, "float()")) return nullptr;
    if (args.nargs > 1) {
        return raisef(ts, &kTypeErrorType, "float expected at most 1 argument, got {}", args.nargs);
    }
    if (args.nargs == 0) return Owned::from_float(0.0);
    return float_from_value(ts, args[0]);
}

// ---------------------------------------------------------------- methods

double self_double(CallArgs args) {
    return args[0].as_float();
}

Owned float_is_integer(ThreadState& ts, CallArgs args) {
    if (!check_positional(ts, args, "is_integer", 1, 1)) return nullptr;
    double d = self_double(args);
    return Owned::from_bool(std::isfinite(d) && d == std::floor(d));
}

Owned float_as_integer_ratio(ThreadState& ts, CallArgs args) {
    if (!check_positional(ts, args, "as_integer_ratio", 1, 1)) return nullptr;
    double d = self_double(args);
    if (std::isinf(d))
        return raise(ts, &kOverflowErrorType, "cannot convert Infinity to integer ratio");
    if (std::isnan(d)) return raise(ts, &kValueErrorType, "cannot convert NaN to integer ratio");
    int e;
    double m = std::frexp(d, &e);
    for (int i = 0; i < 300 && m != std::floor(m); ++i) {
        m *= 2.0;
        --e;
    }
    BigInt num = BigInt::from_double(m);
    BigInt den(1);
    if (e > 0) {
        num = num.shift_left(static_cast<uint64_t>(e));
    } else {
        den = den.shift_left(static_cast<uint64_t>(-e));
    }
    Owned n = int_from_bigint(std::move(num));
    Owned dd = int_from_bigint(std::move(den));
    return new_tuple_of({n.get(), dd.get()});
}

Owned float_int_result(ThreadState& ts, double d) {
    return call_values(ts, Value::from_object(&kIntType), {Value::from_float(d)});
}

Owned float_trunc(ThreadState& ts, CallArgs args) {
    return float_int_result(ts, std::trunc(self_double(args)));
}
Owned float_floor(ThreadState& ts, CallArgs args) {
    return float_int_result(ts, std::floor(self_double(args)));
}
Owned float_ceil(ThreadState& ts, CallArgs args) {
    return float_int_result(ts, std::ceil(self_double(args)));
}

Owned float_round(ThreadState& ts, CallArgs args) {
    if (!check_no_keywords(ts, args, "float.__round__()")) return nullptr;
    if (!check_positional(ts, args, "__round__", 1, 2)) return nullptr;
    double d = self_double(args);
    if (args.nargs == 1 || args[1].is_none()) {
        if (std::isnan(d))
            return raise(ts, &kValueErrorType, "cannot convert float NaN to integer");
        if (std::isinf(d)) {
            return raise(ts, &kOverflowErrorType, "cannot convert float infinity to integer");
        }
        return float_int_result(ts, std::nearbyint(d));  // round half to even
    }
    Owned digits = index(ts, args[1]);
    if (!digits) return nullptr;
    int64_t nd;
    if (!int_to_int64(digits.get(), &nd)) nd = int_sign(digits.get()) > 0 ? INT64_MAX : INT64_MIN;
    if (!std::isfinite(d) || d == 0.0) return Owned::from_float(d);
    // Past these bounds every double is already rounded, or rounds to zero.
    if (nd > 323) return Owned::from_float(d);
    if (nd < -308) return Owned::from_float(std::copysign(0.0, d));
    if (nd >= 0) {
        // printf rounds the exact binary value half-to-even; reading it back is correctly
        // rounded, so round(2.675, 2) == 2.67 as in CPython.
        char small_buf[64];
        int n = std::snprintf(small_buf, sizeof small_buf, "%.*f", static_cast<int>(nd), d);
        if (n < static_cast<int>(sizeof small_buf)) {
            return Owned::from_float(std::strtod(small_buf, nullptr));
        }
        std::string buf(static_cast<size_t>(n) + 1, '\0');
        std::snprintf(buf.data(), buf.size(), "%.*f", static_cast<int>(nd), d);
        return Owned::from_float(std::strtod(buf.c_str(), nullptr));
    }
    // Negative ndigits: exact arithmetic on |d| = mantissa * 2**exp, rounded half to even at
    // 10**-nd, then one correctly rounded conversion back.
    int e;
    double m = std::frexp(std::fabs(d), &e);
    BigInt mantissa(static_cast<int64_t>(std::ldexp(m, 53)));
    int64_t exp = static_cast<int64_t>(e) - 53;
    BigInt pow10 = BigInt(10).pow(static_cast<uint64_t>(-nd));
    BigInt num = exp >= 0 ? mantissa.shift_left(static_cast<uint64_t>(exp)) : mantissa;
    BigInt den = exp >= 0 ? pow10 : pow10.shift_left(static_cast<uint64_t>(-exp));
    BigInt q, r;
    num.divmod(den, &q, &r);
    int c = r.shift_left(1).compare(den);
    if (c > 0 || (c == 0 && q.mod(BigInt(2)).sign() != 0)) q = q + BigInt(1);
    double result;
    if (!(q * pow10).to_double(&result)) {
        return raise(ts, &kOverflowErrorType, "rounded value too large to represent");
    }
    return Owned::from_float(std::copysign(result, d));
}

Owned float_format_method(ThreadState& ts, CallArgs args) {
    if (!check_positional(ts, args, "__format__", 2, 2)) return nullptr;
    if (!is_str(args[1])) {
        return raisef(ts, &kTypeErrorType, "__format__() argument must be str, not {}",
                      type_name(args[1]));
    }
    return format_float(ts, self_double(args), args[1].as<StrObject>()->view());
}

Owned float_conjugate(ThreadState& ts, CallArgs args) {
    if (!check_positional(ts, args, "conjugate", 1, 1)) return nullptr;
    return Owned::from_float(self_double(args));
}

Owned float_hex(ThreadState& ts, CallArgs args) {
    if (!check_positional(ts, args, "hex", 1, 1)) return nullptr;
    double d = self_double(args);
    if (!std::isfinite(d)) return new_str(float_repr_text(d));
    char buf[64];
    std::snprintf(buf, sizeof buf, "%a", d);
    // C prints 0x1.8p+1; Python pads the mantissa to 13 hex digits: 0x1.8000000000000p+1.
    std::string s = buf;
    size_t p = s.find('p');
    size_t dot = s.find('.');
    std::string mantissa = dot == std::string::npos ? "" : s.substr(dot + 1, p - dot - 1);
    std::string head = s.substr(0, dot == std::string::npos ? p : dot);
    mantissa.resize(13, '0');
    if (d == 0.0) return new_str(std::signbit(d) ? "-0x0.0p+0" : "0x0.0p+0");
    return new_str(head + "." + mantissa + s.substr(p));
}

// float.fromhex(s): [sign] ['0x'] hexdigits ['.' hexdigits] ['p' [sign] decimal], or inf/nan,
// with surrounding whitespace; correctly rounded (half to even), subnormals included.
Owned float_fromhex(ThreadState& ts, CallArgs args) {
    if (!check_positional(ts, args, "fromhex", 2, 2)) return nullptr;
    if (!is_str(args[1])) {
        return raisef(ts, &kTypeErrorType, "fromhex() argument must be str, not {}",
                      type_name(args[1]));
    }
    auto invalid = [&] {
        return raise(ts, &kValueErrorType, "invalid hexadecimal floating-point string");
    };
    std::string_view s = args[1].as<StrObject>()->view();
    while (!s.empty() && is_space(s.front()))
        s.remove_prefix(1);
    while (!s.empty() && is_space(s.back()))
        s.remove_suffix(1);
    bool negative = false;
    if (!s.empty() && (s[0] == '+' || s[0] == '-')) {
        negative = s[0] == '-';
        s.remove_prefix(1);
    }
    std::string word;
    for (char c : s)
        word += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (word == "inf" || word == "infinity")
        return Owned::from_float(negative ? -HUGE_VAL : HUGE_VAL);
    if (word == "nan") return Owned::from_float(std::nan(""));
    if (word.size() >= 2 && word[0] == '0' && word[1] == 'x') word.erase(0, 2);
    std::string digits;  // all hex digits, integer and fraction parts together
    int64_t fraction_digits = 0;
    size_t i = 0;
    auto is_hex = [](char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; };
    while (i < word.size() && is_hex(word[i]))
        digits += word[i++];
    if (i < word.size() && word[i] == '.') {
        ++i;
        while (i < word.size() && is_hex(word[i])) {
            digits += word[i++];
            ++fraction_digits;
        }
    }
    if (digits.empty()) return invalid();
    int64_t exponent = 0;
    if (i < word.size() && word[i] == 'p') {
        ++i;
        bool exp_negative = false;
        if (i < word.size() && (word[i] == '+' || word[i] == '-')) exp_negative = word[i++] == '-';
        if (i >= word.size() || !std::isdigit(static_cast<unsigned char>(word[i])))
            return invalid();
        while (i < word.size() && std::isdigit(static_cast<unsigned char>(word[i]))) {
            // Saturate: anything past a few thousand already means 0 or overflow.
            if (exponent < (int64_t{1} << 40)) exponent = exponent * 10 + (word[i] - '0');
            ++i;
        }
        if (exp_negative) exponent = -exponent;
    }
    if (i != word.size()) return invalid();
    BigInt m;
    BigInt::parse(digits, 16, &m);
    int64_t e2 = exponent - 4 * fraction_digits;
    double d;
    if (!scaled_to_double(m, e2, &d)) {
        return raise(ts, &kOverflowErrorType,
                     "hexadecimal value too large to represent as a float");
    }
    return Owned::from_float(negative ? -d : d);
}

// Unary dunder methods (x.__abs__() and friends) over the number slots.
template <Owned (*kSlot)(ThreadState&, Value)>
Owned float_unary_method(ThreadState& ts, CallArgs args) {
    if (args.nargs != 1 || args.keyword_count()) {
        return raisef(ts, &kTypeErrorType, "expected 0 arguments, got {}",
                      args.nargs - 1 + args.keyword_count());
    }
    return kSlot(ts, args[0]);
}

Owned float_bool_method(ThreadState& ts, CallArgs args) {
    if (!check_positional(ts, args, "__bool__", 1, 1)) return nullptr;
    return Owned::from_bool(self_double(args) != 0.0);
}

Owned float_get_real(ThreadState&, Value v) {
    return Owned::steal(v);
}
Owned float_get_imag(ThreadState&, Value) {
    return Owned::from_float(0.0);
}

const MethodDef kFloatMethods[] = {
    {"is_integer", float_is_integer},
    {"as_integer_ratio", float_as_integer_ratio},
    {"conjugate", float_conjugate},
    {"hex", float_hex},
    {"__trunc__", float_trunc},
    {"__floor__", float_floor},
    {"__ceil__", float_ceil},
    {"__round__", float_round},
    {"__format__", float_format_method},
    {"fromhex", float_fromhex, MethodKind::Class},
    {"__int__", float_unary_method<float_to_int>},
    {"__float__", float_unary_method<float_pos>},
    {"__pos__", float_unary_method<float_pos>},
    {"__neg__", float_unary_method<float_neg>},
    {"__abs__", float_unary_method<float_abs>},
    {"__bool__", float_bool_method},
    {nullptr, nullptr},
};

const GetSetDef kFloatGetSet[] = {
    {"real", float_get_real},
    {"imag", float_get_imag},
    {nullptr, nullptr},
};

constexpr NumberSlots kFloatNumber = [] {
    NumberSlots n;
    n.binary[static_cast<int>(BinaryOp::Add)] = float_add;
    n.binary[static_cast<int>(BinaryOp::Sub)] = float_sub;
    n.binary[static_cast<int>(BinaryOp::Mul)] = float_mul;
    n.binary[static_cast<int>(BinaryOp::TrueDiv)] = float_truediv;
    n.binary[static_cast<int>(BinaryOp::FloorDiv)] = float_floordiv;
    n.binary[static_cast<int>(BinaryOp::Mod)] = float_mod;
    n.binary[static_cast<int>(BinaryOp::Pow)] = float_pow;
    n.neg = float_neg;
    n.pos = float_pos;
    n.abs = float_abs;
    n.to_int = float_to_int;
    n.to_float = float_pos;
    return n;
}();

}  // namespace

constinit TypeObject kFloatType("float", &kObjectType, 0,
                                {
                                    .repr = float_repr,
                                    .hash = float_hash,
                                    .compare = float_compare,
                                    .truth = float_truth,
                                    .new_ = float_new,
                                    .number = &kFloatNumber,
                                    .methods = kFloatMethods,
                                    .getset = kFloatGetSet,
                                });

}  // namespace gilpy::runtime
