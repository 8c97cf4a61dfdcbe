// int: tagged int64 immediates with overflow-checked fast paths, falling back to BigInt (GMP)
// objects; every result is normalised back to a tagged int when it fits (value.hpp). Semantics
// and messages follow CPython 3.11's Objects/longobject.c.
#include "runtime/types/int.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <string>

#include "runtime/abstract.hpp"
#include "runtime/args.hpp"
#include "runtime/exceptions.hpp"
#include "runtime/format_spec.hpp"
#include "runtime/interpreter_state.hpp"
#include "runtime/types/bytes.hpp"
#include "runtime/types/float.hpp"
#include "runtime/types/str.hpp"
#include "runtime/types/tuple.hpp"

namespace gilpy::runtime {

// ---------------------------------------------------------------- conversions

Owned int_from_bigint(BigInt v) {
    if (v.fits_int64()) return Owned::steal(Value::from_int(v.to_int64()));
    return make_object<IntObject>(&kIntType, std::move(v));
}

BigInt int_to_bigint(Value v) {
    if (v.is_int() || v.is_bool()) return BigInt(v.as_int());
    return v.as<IntObject>()->value;
}

bool int_to_int64(Value v, int64_t* out) {
    if (v.is_int() || v.is_bool()) {
        *out = v.as_int();
        return true;
    }
    const BigInt& b = v.as<IntObject>()->value;
    if (!b.fits_int64()) return false;
    *out = b.to_int64();
    return true;
}

bool int_to_double(ThreadState& ts, Value v, double* out) {
    if (v.is_int() || v.is_bool()) {
        *out = static_cast<double>(v.as_int());
        return true;
    }
    if (!v.as<IntObject>()->value.to_double(out)) {
        raise(ts, &kOverflowErrorType, "int too large to convert to float");
        return false;
    }
    return true;
}

int64_t int_hash(Value v) {
    if (v.is_int() || v.is_bool()) {
        int64_t i = v.as_int();
        constexpr int64_t kModulus = (int64_t{1} << 61) - 1;
        int64_t h = i % kModulus;  // keeps the sign, as CPython's long_hash
        return h == -1 ? -2 : h;
    }
    return v.as<IntObject>()->value.hash();
}

int int_sign(Value v) {
    if (v.is_int() || v.is_bool()) return (v.as_int() > 0) - (v.as_int() < 0);
    return v.as<IntObject>()->value.sign();
}

Owned int_to_decimal_str(ThreadState& ts, Value v) {
    if (v.is_int() || v.is_bool()) {
        char buf[24];
        auto r = std::to_chars(buf, buf + sizeof buf, v.as_int());
        return new_str(std::string_view(buf, static_cast<size_t>(r.ptr - buf)));
    }
    const BigInt& b = v.as<IntObject>()->value;
    // A cheap bound first: the digit count is about bits * log10(2).
    int64_t limit = ts.interp.int_max_str_digits;
    if (limit > 0 && b.bit_length() > limit * 3.33 + 8) {
        return raisef(ts, &kValueErrorType,
                      "Exceeds the limit ({} digits) for integer string conversion; use "
                      "sys.set_int_max_str_digits() to increase the limit",
                      limit);
    }
    std::string s = b.to_string(10);
    int64_t digits = static_cast<int64_t>(s.size()) - (s[0] == '-' ? 1 : 0);
    if (limit > 0 && digits > limit) {
        return raisef(ts, &kValueErrorType,
                      "Exceeds the limit ({} digits) for integer string conversion; use "
                      "sys.set_int_max_str_digits() to increase the limit",
                      limit);
    }
    return new_str(s);
}

namespace {

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

int digit_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'z') return c - 'a' + 10;
    if (c >= 'A' && c <= 'Z') return c - 'A' + 10;
    return 99;
}

std::nullptr_t invalid_literal(ThreadState& ts, int base, Value original, std::string_view text) {
    Owned shown = original.is_null() ? Owned(new_str(text)) : Owned::borrow(original);
    Owned r = repr(ts, shown.get());
    if (!r) return nullptr;
    return raisef(ts, &kValueErrorType, "invalid literal for int() with base {}: {}", base,
                  r.get().as<StrObject>()->view());
}

}  // namespace

Owned int_from_string(ThreadState& ts, std::string_view text, int base, Value original) {
    if (base != 0 && (base < 2 || base > 36)) {
        return raise(ts, &kValueErrorType, "int() base must be >= 2 and <= 36, or 0");
    }
    std::string_view s = text;
    while (!s.empty() && is_space(s.front()))
        s.remove_prefix(1);
    while (!s.empty() && is_space(s.back()))
        s.remove_suffix(1);
    bool negative = false;
    if (!s.empty() && (s[0] == '+' || s[0] == '-')) {
        negative = s[0] == '-';
        s.remove_prefix(1);
    }
    int b = base;
    bool prefixed = false;
    if (s.size() >= 2 && s[0] == '0') {
        char p = static_cast<char>(s[1] | 0x20);
        int pb = p == 'x' ? 16 : p == 'o' ? 8 : p == 'b' ? 2 : 0;
        if (pb && (b == 0 || b == pb)) {
            b = pb;
            s.remove_prefix(2);
            prefixed = true;
        }
    }
    if (b == 0) {
        b = 10;
        // Base 0 rejects leading zeros in a non-zero decimal ("010"), as Python literals do.
        if (s.size() > 1 && s[0] == '0') {
            for (char c : s) {
                if (c != '0' && c != '_') return invalid_literal(ts, base, original, text);
            }
        }
    }
    std::string digits;
    digits.reserve(s.size() + 1);
    if (negative) digits.push_back('-');
    bool last_underscore = !prefixed;  // a leading underscore is only allowed after a prefix
    if (s.empty()) return invalid_literal(ts, base, original, text);
    for (char c : s) {
        if (c == '_') {
            if (last_underscore) return invalid_literal(ts, base, original, text);
            last_underscore = true;
            continue;
        }
        if (digit_value(c) >= b) return invalid_literal(ts, base, original, text);
        digits.push_back(c);
        last_underscore = false;
    }
    if (last_underscore) return invalid_literal(ts, base, original, text);
    int64_t limit = ts.interp.int_max_str_digits;
    int64_t count = static_cast<int64_t>(digits.size()) - (negative ? 1 : 0);
    if (limit > 0 && b != 2 && b != 4 && b != 8 && b != 16 && b != 32 && count > limit) {
        return raisef(ts, &kValueErrorType,
                      "Exceeds the limit ({} digits) for integer string conversion: value has {} "
                      "digits; use sys.set_int_max_str_digits() to increase the limit",
                      limit, count);
    }
    if (count <= 18 && b == 10) {
        int64_t v = 0;
        for (size_t i = negative ? 1 : 0; i < digits.size(); ++i)
            v = v * 10 + (digits[i] - '0');
        return Owned::steal(Value::from_int(negative ? -v : v));
    }
    BigInt result;
    if (!BigInt::parse(digits, b, &result)) return invalid_literal(ts, base, original, text);
    return int_from_bigint(std::move(result));
}

bool numeric_text_to_ascii(std::string_view text, std::string* out) {
    bool ascii = true;
    for (char c : text)
        ascii &= static_cast<unsigned char>(c) < 0x80;
    if (ascii) return false;
    out->clear();
    int64_t pos = 0;
    while (pos < static_cast<int64_t>(text.size())) {
        int64_t start = pos;
        uint32_t cp = utf8_decode(text, &pos);
        if (cp < 0x80) {
            out->push_back(static_cast<char>(cp));
        } else if (unicode_is_space(cp)) {
            out->push_back(' ');
        } else if (int d = unicode_decimal_value(cp); d >= 0) {
            out->push_back(static_cast<char>('0' + d));
        } else {
            out->append(text.substr(static_cast<size_t>(start), static_cast<size_t>(pos - start)));
        }
    }
    return true;
}

// ---------------------------------------------------------------- arithmetic

namespace {

inline bool small(Value v) {
    return v.is_int() || v.is_bool();
}

Owned not_impl() {
    return Owned::borrow(not_implemented());
}

Owned int_add(ThreadState&, Value a, Value b) {
    if (!is_int(a) || !is_int(b)) return not_impl();
    int64_t r;
    if (small(a) && small(b) && !__builtin_add_overflow(a.as_int(), b.as_int(), &r)) {
        return Owned::steal(Value::from_int(r));
    }
    return int_from_bigint(int_to_bigint(a) + int_to_bigint(b));
}

Owned int_sub(ThreadState&, Value a, Value b) {
    if (!is_int(a) || !is_int(b)) return not_impl();
    int64_t r;
    if (small(a) && small(b) && !__builtin_sub_overflow(a.as_int(), b.as_int(), &r)) {
        return Owned::steal(Value::from_int(r));
    }
    return int_from_bigint(int_to_bigint(a) - int_to_bigint(b));
}

Owned int_mul(ThreadState&, Value a, Value b) {
    if (!is_int(a) || !is_int(b)) return not_impl();
    int64_t r;
    if (small(a) && small(b) && !__builtin_mul_overflow(a.as_int(), b.as_int(), &r)) {
        return Owned::steal(Value::from_int(r));
    }
    return int_from_bigint(int_to_bigint(a) * int_to_bigint(b));
}

Owned int_floordiv(ThreadState& ts, Value a, Value b) {
    if (!is_int(a) || !is_int(b)) return not_impl();
    if (int_sign(b) == 0)
        return raise(ts, &kZeroDivisionErrorType, "integer division or modulo by zero");
    if (small(a) && small(b) && !(a.as_int() == INT64_MIN && b.as_int() == -1)) {
        int64_t x = a.as_int(), y = b.as_int();
        int64_t q = x / y;
        if ((x % y != 0) && ((x < 0) != (y < 0))) --q;
        return Owned::steal(Value::from_int(q));
    }
    return int_from_bigint(int_to_bigint(a).floor_div(int_to_bigint(b)));
}

Owned int_mod(ThreadState& ts, Value a, Value b) {
    if (!is_int(a) || !is_int(b)) return not_impl();
    if (int_sign(b) == 0) return raise(ts, &kZeroDivisionErrorType, "integer modulo by zero");
    if (small(a) && small(b)) {
        int64_t x = a.as_int(), y = b.as_int();
        if (y == -1) return Owned::steal(Value::from_int(0));  // INT64_MIN % -1 would trap
        int64_t r = x % y;
        if (r != 0 && ((r < 0) != (y < 0))) r += y;
        return Owned::steal(Value::from_int(r));
    }
    return int_from_bigint(int_to_bigint(a).mod(int_to_bigint(b)));
}

// a / b correctly rounded (round-half-even), subnormal results included: the quotient is taken
// to 55 or 56 significant bits plus a sticky bit for the remainder, then rounded once to the
// number of bits the result's exponent leaves (53, fewer below 2**-1022).
Owned int_truediv(ThreadState& ts, Value a, Value b) {
    if (!is_int(a) || !is_int(b)) return not_impl();
    if (int_sign(b) == 0) return raise(ts, &kZeroDivisionErrorType, "division by zero");
    constexpr int64_t kExact = int64_t{1} << 53;
    if (small(a) && small(b) && a.as_int() > -kExact && a.as_int() < kExact &&
        b.as_int() > -kExact && b.as_int() < kExact) {
        // Both operands are exact doubles, so IEEE division rounds the true quotient once.
        return Owned::from_float(static_cast<double>(a.as_int()) / static_cast<double>(b.as_int()));
    }
    bool negative = (int_sign(a) < 0) != (int_sign(b) < 0);
    BigInt x = int_to_bigint(a).abs(), y = int_to_bigint(b).abs();
    if (x.sign() == 0) return Owned::from_float(negative ? -0.0 : 0.0);
    int64_t diff = x.bit_length() - y.bit_length();  // x / y lies in [2**(diff-1), 2**(diff+1))
    if (diff > 1025) {
        return raise(ts, &kOverflowErrorType, "integer division result too large for a float");
    }
    if (diff < -1200) return Owned::from_float(negative ? -0.0 : 0.0);
    int64_t shift = 55 - diff;
    if (shift >= 0) {
        x = x.shift_left(static_cast<uint64_t>(shift));
    } else {
        y = y.shift_left(static_cast<uint64_t>(-shift));
    }
    BigInt q, r;
    x.divmod(y, &q, &r);
    auto m = static_cast<uint64_t>(q.to_int64());  // 55 or 56 bits
    bool sticky = r.sign() != 0;
    int64_t bits = 64 - __builtin_clzll(m);
    int64_t top = bits - shift;  // the value lies in [2**(top-1), 2**top)
    int64_t keep = top - 1 >= -1022 ? 53 : top + 1074;
    int64_t drop = bits - keep;
    uint64_t kept = 0;
    if (drop < 64) {
        kept = m >> drop;
        uint64_t rest = m & ((uint64_t{1} << drop) - 1);
        uint64_t half = uint64_t{1} << (drop - 1);
        if (rest > half || (rest == half && (sticky || (kept & 1)))) ++kept;
    }
    double d = std::ldexp(static_cast<double>(kept), static_cast<int>(drop - shift));
    if (std::isinf(d)) {
        return raise(ts, &kOverflowErrorType, "integer division result too large for a float");
    }
    return Owned::from_float(negative ? -d : d);
}

Owned int_pow(ThreadState& ts, Value a, Value b) {
    if (!is_int(a) || !is_int(b)) return not_impl();
    if (int_sign(b) < 0) {
        double x, y;
        if (!int_to_double(ts, a, &x) || !int_to_double(ts, b, &y)) return nullptr;
        if (x == 0.0) {
            return raise(ts, &kZeroDivisionErrorType, "0.0 cannot be raised to a negative power");
        }
        return Owned::from_float(std::pow(x, y));
    }
    int64_t e;
    if (!int_to_int64(b, &e)) {
        BigInt base = int_to_bigint(a);
        if (base.compare(BigInt(1)) == 0 || base.sign() == 0)
            return int_from_bigint(std::move(base));
        if (base.compare(BigInt(-1)) == 0) {
            return Owned::steal(Value::from_int(int_to_bigint(b).mod(BigInt(2)).sign() ? -1 : 1));
        }
        return raise_empty(ts, &kMemoryErrorType);
    }
    if (small(a)) {
        int64_t base = a.as_int(), result = 1, x = base;
        uint64_t n = static_cast<uint64_t>(e);
        bool overflow = false;
        while (n) {
            if (n & 1) overflow |= __builtin_mul_overflow(result, x, &result);
            n >>= 1;
            if (n) overflow |= __builtin_mul_overflow(x, x, &x);
            if (overflow) break;
        }
        if (!overflow) return Owned::steal(Value::from_int(result));
    }
    BigInt base = int_to_bigint(a);
    // Results past 2**36 bits (8 GiB) cannot be built; CPython fails the same way.
    if (base.bit_length() > 1 && e > (int64_t{1} << 36) / (base.bit_length() - 1)) {
        return raise_empty(ts, &kMemoryErrorType);
    }
    return int_from_bigint(base.pow(static_cast<uint64_t>(e)));
}

Owned int_lshift(ThreadState& ts, Value a, Value b) {
    if (!is_int(a) || !is_int(b)) return not_impl();
    if (int_sign(b) < 0) return raise(ts, &kValueErrorType, "negative shift count");
    if (int_sign(a) == 0) return Owned::steal(Value::from_int(0));
    int64_t n;
    if (!int_to_int64(b, &n) || n > (int64_t{1} << 36)) return raise_empty(ts, &kMemoryErrorType);
    if (small(a) && n < 63) {
        int64_t x = a.as_int();
        int64_t r = static_cast<int64_t>(static_cast<uint64_t>(x) << n);
        if ((r >> n) == x) return Owned::steal(Value::from_int(r));
    }
    return int_from_bigint(int_to_bigint(a).shift_left(static_cast<uint64_t>(n)));
}

Owned int_rshift(ThreadState& ts, Value a, Value b) {
    if (!is_int(a) || !is_int(b)) return not_impl();
    if (int_sign(b) < 0) return raise(ts, &kValueErrorType, "negative shift count");
    int64_t n;
    if (!int_to_int64(b, &n)) return Owned::steal(Value::from_int(int_sign(a) < 0 ? -1 : 0));
    if (small(a))
        return Owned::steal(Value::from_int(n >= 64 ? (a.as_int() < 0 ? -1 : 0) : a.as_int() >> n));
    return int_from_bigint(int_to_bigint(a).shift_right(static_cast<uint64_t>(n)));
}

Owned int_and(ThreadState&, Value a, Value b) {
    if (!is_int(a) || !is_int(b)) return not_impl();
    if (small(a) && small(b)) return Owned::steal(Value::from_int(a.as_int() & b.as_int()));
    return int_from_bigint(int_to_bigint(a) & int_to_bigint(b));
}

Owned int_or(ThreadState&, Value a, Value b) {
    if (!is_int(a) || !is_int(b)) return not_impl();
    if (small(a) && small(b)) return Owned::steal(Value::from_int(a.as_int() | b.as_int()));
    return int_from_bigint(int_to_bigint(a) | int_to_bigint(b));
}

Owned int_xor(ThreadState&, Value a, Value b) {
    if (!is_int(a) || !is_int(b)) return not_impl();
    if (small(a) && small(b)) return Owned::steal(Value::from_int(a.as_int() ^ b.as_int()));
    return int_from_bigint(int_to_bigint(a) ^ int_to_bigint(b));
}

Owned int_neg(ThreadState&, Value v) {
    if (small(v) && v.as_int() != INT64_MIN) return Owned::steal(Value::from_int(-v.as_int()));
    return int_from_bigint(-int_to_bigint(v));
}

Owned int_pos(ThreadState&, Value v) {
    if (small(v)) return Owned::steal(Value::from_int(v.as_int()));
    return is_exact_int(v) ? Owned::borrow(v) : int_from_bigint(int_to_bigint(v));
}

Owned int_abs(ThreadState& ts, Value v) {
    return int_sign(v) < 0 ? int_neg(ts, v) : int_pos(ts, v);
}

Owned int_invert(ThreadState&, Value v) {
    if (small(v)) return Owned::steal(Value::from_int(~v.as_int()));
    return int_from_bigint(~int_to_bigint(v));
}

Owned int_float(ThreadState& ts, Value v) {
    double d;
    if (!int_to_double(ts, v, &d)) return nullptr;
    return Owned::from_float(d);
}

}  // namespace

Owned int_pow_mod(ThreadState& ts, Value base, Value exp, Value mod) {
    if (int_sign(mod) == 0) return raise(ts, &kValueErrorType, "pow() 3rd argument cannot be 0");
    BigInt m = int_to_bigint(mod);
    BigInt b = int_to_bigint(base);
    BigInt e = int_to_bigint(exp);
    if (e.sign() < 0) {
        BigInt inverse;
        if (!b.invert(m, &inverse)) {
            return raise(ts, &kValueErrorType, "base is not invertible for the given modulus");
        }
        b = inverse;
        e = -e;
    }
    return int_from_bigint(b.pow_mod(e, m));
}

int int_float_compare(Value i, double d) {
    if (std::isnan(d)) return 2;
    if (std::isinf(d)) return d > 0 ? -1 : 1;
    if (small(i)) {
        int64_t x = i.as_int();
        constexpr int64_t kExact = int64_t{1} << 53;
        if (x > -kExact && x < kExact) {
            double y = static_cast<double>(x);
            return (y > d) - (y < d);
        }
    }
    double floor_d = std::floor(d);
    BigInt fl = BigInt::from_double(floor_d);
    int c = int_to_bigint(i).compare(fl);
    if (c != 0) return c < 0 ? -1 : 1;
    return floor_d == d ? 0 : -1;
}

namespace {

Owned int_compare(ThreadState&, Value a, Value b, CompareOp op) {
    int c;
    if (is_int(b)) {
        if (small(a) && small(b)) {
            c = (a.as_int() > b.as_int()) - (a.as_int() < b.as_int());
        } else {
            c = int_to_bigint(a).compare(int_to_bigint(b));
            c = (c > 0) - (c < 0);
        }
    } else if (b.is_float()) {
        c = int_float_compare(a, b.as_float());
        if (c == 2) return Owned::from_bool(op == CompareOp::Ne);
    } else {
        return not_impl();
    }
    bool r = ordered_compare(c, 0, op);
    return Owned::from_bool(r);
}

int64_t int_hash_slot(ThreadState&, Value v) {
    return int_hash(v);
}

int int_truth(ThreadState&, Value v) {
    return int_sign(v) != 0;
}

Owned int_repr(ThreadState& ts, Value v) {
    return int_to_decimal_str(ts, v);
}

// ---------------------------------------------------------------- constructor

Owned int_new(ThreadState& ts, TypeObject* type, CallArgs args) {
    static const char* const kNames[] = {"", "base"};
    Value a[2];
    if (!parse_args(ts, args, "int", kNames, 0, a, 2, 1)) return nullptr;
    Owned result;
    if (a[0].is_null()) {
        if (!a[1].is_null()) return raise(ts, &kTypeErrorType, "int() missing string argument");
        result = Owned::steal(Value::from_int(0));
    } else if (!a[1].is_null()) {
        Owned base_int = index(ts, a[1]);
        if (!base_int) return nullptr;
        int64_t base = -1;  // out of range unless it fits
        int_to_int64(base_int.get(), &base);
        std::string_view text;
        std::string ascii;
        if (is_str(a[0])) {
            text = a[0].as<StrObject>()->view();
            if (numeric_text_to_ascii(text, &ascii)) text = ascii;
        } else if (!bytes_like_view(a[0], &text)) {
            return raise(ts, &kTypeErrorType, "int() can't convert non-string with explicit base");
        }
        int b = base < 0 || base > 36 ? -1 : static_cast<int>(base);
        result = int_from_string(ts, text, b, a[0]);
    } else if (is_exact_int(a[0]) || a[0].is_bool()) {
        result =
            a[0].is_bool() ? Owned::steal(Value::from_int(a[0].as_int())) : Owned::borrow(a[0]);
    } else if (a[0].is_float()) {
        double d = a[0].as_float();
        if (std::isnan(d))
            return raise(ts, &kValueErrorType, "cannot convert float NaN to integer");
        if (std::isinf(d))
            return raise(ts, &kOverflowErrorType, "cannot convert float infinity to integer");
        double t = std::trunc(d);
        if (t > -9.2e18 && t < 9.2e18) {
            result = Owned::steal(Value::from_int(static_cast<int64_t>(t)));
        } else {
            result = int_from_bigint(BigInt::from_double(t));
        }
    } else if (is_str(a[0])) {
        std::string_view text = a[0].as<StrObject>()->view();
        std::string ascii;
        if (numeric_text_to_ascii(text, &ascii)) text = ascii;
        result = int_from_string(ts, text, 10, a[0]);
    } else if (std::string_view bytes; bytes_like_view(a[0], &bytes)) {
        result = int_from_string(ts, bytes, 10, a[0]);
    } else {
        const NumberSlots* n = type_of(a[0])->number;
        if (n && n->to_int) {
            result = n->to_int(ts, a[0]);
        } else if (n && n->index) {
            result = n->index(ts, a[0]);
        } else {
            Owned trunc = get_attr_opt(ts, a[0], ts.interp.intern("__trunc__"));
            if (trunc) {
                result = call_values(ts, trunc.get(), {});
            } else if (!ts.has_exception()) {
                return raisef(ts, &kTypeErrorType,
                              "int() argument must be a string, a bytes-like object or a real "
                              "number, not '{}'",
                              type_name(a[0]));
            }
        }
        if (result && !is_int(result.get())) {
            return raisef(ts, &kTypeErrorType, "__int__ returned non-int (type {})",
                          type_name(result.get()));
        }
        // A bool from __int__/__index__ is accepted as the plain int it stands for.
        if (result && result.get().is_bool()) {
            result = Owned::steal(Value::from_int(result.get().as_bool() ? 1 : 0));
        }
    }
    if (!result || type == &kIntType) return result;
    // A subclass of int: an instance holding the value.
    return make_object<IntObject>(type, int_to_bigint(result.get()));
}

// ---------------------------------------------------------------- methods

Value self_of(CallArgs args) {
    return args[0];
}

Owned int_bit_length(ThreadState& ts, CallArgs args) {
    if (!check_positional(ts, args, "bit_length", 1, 1)) return nullptr;
    Value v = self_of(args);
    if (small(v)) {
        int64_t x = v.as_int();
        uint64_t m = x < 0 ? uint64_t{0} - static_cast<uint64_t>(x) : static_cast<uint64_t>(x);
        return Owned::steal(Value::from_int(m ? 64 - __builtin_clzll(m) : 0));
    }
    return Owned::steal(Value::from_int(v.as<IntObject>()->value.bit_length()));
}

Owned int_bit_count(ThreadState& ts, CallArgs args) {
    if (!check_positional(ts, args, "bit_count", 1, 1)) return nullptr;
    Value v = self_of(args);
    if (small(v)) {
        int64_t x = v.as_int();
        uint64_t m = x < 0 ? uint64_t{0} - static_cast<uint64_t>(x) : static_cast<uint64_t>(x);
        return Owned::steal(Value::from_int(__builtin_popcountll(m)));
    }
    BigInt b = v.as<IntObject>()->value.abs();
    return Owned::steal(Value::from_int(static_cast<int64_t>(mpz_popcount(b.raw()))));
}

// The byteorder argument of to_bytes/from_bytes: 1 little, 0 big, -1 raised.
int parse_byteorder(ThreadState& ts, Value v, const char* function) {
    if (v.is_null()) return 0;
    if (!is_str(v)) {
        raisef(ts, &kTypeErrorType, "{}() argument 'byteorder' must be str, not {}", function,
               type_name(v));
        return -1;
    }
    std::string_view order = v.as<StrObject>()->view();
    if (order == "little") return 1;
    if (order == "big") return 0;
    raise(ts, &kValueErrorType, "byteorder must be either 'little' or 'big'");
    return -1;
}

Owned int_to_bytes(ThreadState& ts, CallArgs args) {
    static const char* const kNames[] = {"length", "byteorder", "signed"};
    Value a[3];
    if (!parse_args(ts, drop_self(args), "to_bytes", kNames, 0, a, 2)) return nullptr;
    int64_t length = 1;
    if (!a[0].is_null() && !index_int64(ts, a[0], &length)) return nullptr;
    if (length < 0) return raise(ts, &kValueErrorType, "length argument must be non-negative");
    int little = parse_byteorder(ts, a[1], "to_bytes");
    if (little < 0) return nullptr;
    int is_signed = 0;
    if (!a[2].is_null() && (is_signed = truth(ts, a[2])) < 0) return nullptr;
    BigInt v = int_to_bigint(self_of(args));
    if (v.sign() < 0 && !is_signed) {
        return raise(ts, &kOverflowErrorType, "can't convert negative int to unsigned");
    }
    // A signed value needs one bit more than its magnitude, except -2**(8n-1) itself.
    int64_t bits = v.sign() < 0 ? (~v).bit_length() : v.bit_length();
    if (is_signed && (v.sign() != 0)) ++bits;
    if (bits > 8 * length) return raise(ts, &kOverflowErrorType, "int too big to convert");
    // Two's complement in [length] bytes: v mod 2**(8 * length), exported big-endian.
    BigInt u = v.sign() < 0 ? v + BigInt(1).shift_left(static_cast<uint64_t>(8 * length)) : v;
    std::string out(static_cast<size_t>(length), '\0');
    size_t count = 0;
    size_t needed = (mpz_sizeinbase(u.raw(), 2) + 7) / 8;
    if (u.sign() != 0) {
        mpz_export(out.data() + (static_cast<size_t>(length) - needed), &count, 1, 1, 1, 0,
                   u.raw());
    }
    if (little) std::reverse(out.begin(), out.end());
    return new_bytes(out);
}

Owned int_from_bytes(ThreadState& ts, CallArgs args) {
    static const char* const kNames[] = {"bytes", "byteorder", "signed"};
    Value a[3];
    if (!parse_args(ts, drop_self(args), "from_bytes", kNames, 1, a, 2)) return nullptr;
    std::string_view data;
    Owned holder;
    if (!bytes_like_view(a[0], &data)) {
        holder = call_values(ts, Value::from_object(&kBytesType), {a[0]});
        if (!holder) return nullptr;
        bytes_like_view(holder.get(), &data);
    }
    int little = parse_byteorder(ts, a[1], "from_bytes");
    if (little < 0) return nullptr;
    int is_signed = 0;
    if (!a[2].is_null() && (is_signed = truth(ts, a[2])) < 0) return nullptr;
    BigInt v;
    if (!data.empty()) mpz_import(v.raw(), data.size(), little ? -1 : 1, 1, 1, 0, data.data());
    if (is_signed && !data.empty()) {
        auto top = static_cast<unsigned char>(little ? data.back() : data.front());
        if (top & 0x80) v = v - BigInt(1).shift_left(8 * data.size());
    }
    Owned result = int_from_bigint(std::move(v));
    // int.from_bytes called on a subclass builds an instance of it, as CPython does.
    Value cls = self_of(args);
    if (cls.is_object() && cls.as_object() != &kIntType)
        return call_values(ts, cls, {result.get()});
    return result;
}

Owned int_identity(ThreadState& ts, CallArgs args) {
    if (!check_positional(ts, args, "conjugate", 1, 1)) return nullptr;
    return int_pos(ts, self_of(args));
}

Owned int_round(ThreadState& ts, CallArgs args) {
    if (!check_no_keywords(ts, args, "int.__round__()")) return nullptr;
    if (!check_positional(ts, args, "__round__", 1, 2)) return nullptr;
    Value v = self_of(args);
    if (args.nargs == 1 || args[1].is_none()) return int_pos(ts, v);
    Owned digits = index(ts, args[1]);
    if (!digits) return nullptr;
    if (int_sign(digits.get()) >= 0) return int_pos(ts, v);
    // Round half to even at 10**-ndigits. Once 10**k exceeds 2*|v| the answer is 0, which also
    // keeps absurd ndigits from building huge powers.
    BigInt x = int_to_bigint(v);
    int64_t k;
    if (!int_to_int64(digits.get(), &k) || -k > x.bit_length()) {
        return Owned::steal(Value::from_int(0));
    }
    BigInt pow10 = BigInt(10).pow(static_cast<uint64_t>(-k));
    BigInt q, r;
    x.divmod(pow10, &q, &r);
    int c = r.shift_left(1).compare(pow10);
    if (c > 0 || (c == 0 && q.mod(BigInt(2)).sign() != 0)) q = q + BigInt(1);
    return int_from_bigint(q * pow10);
}

Owned int_format(ThreadState& ts, CallArgs args) {
    if (!check_positional(ts, args, "__format__", 2, 2)) return nullptr;
    if (!is_str(args[1])) {
        return raisef(ts, &kTypeErrorType, "__format__() argument must be str, not {}",
                      type_name(args[1]));
    }
    return format_int(ts, self_of(args), args[1].as<StrObject>()->view());
}

Owned int_as_integer_ratio(ThreadState& ts, CallArgs args) {
    if (!check_positional(ts, args, "as_integer_ratio", 1, 1)) return nullptr;
    Owned n = int_pos(ts, self_of(args));
    return new_tuple_of({n.get(), Value::from_int(1)});
}

// Unary dunder methods (x.__abs__() and friends) over the number slots.
template <Owned (*kSlot)(ThreadState&, Value)>
Owned int_unary_method(ThreadState& ts, CallArgs args) {
    if (args.nargs != 1 || args.keyword_count()) {
        return raisef(ts, &kTypeErrorType, "expected 0 arguments, got {}",
                      args.nargs - 1 + args.keyword_count());
    }
    return kSlot(ts, self_of(args));
}

Owned int_bool_method(ThreadState& ts, CallArgs args) {
    if (!check_positional(ts, args, "__bool__", 1, 1)) return nullptr;
    return Owned::from_bool(int_sign(self_of(args)) != 0);
}

Owned int_get_self(ThreadState& ts, Value self) {
    return int_pos(ts, self);
}
Owned int_get_zero(ThreadState&, Value) {
    return Owned::steal(Value::from_int(0));
}
Owned int_get_one(ThreadState&, Value) {
    return Owned::steal(Value::from_int(1));
}

Owned int_index_slot(ThreadState& ts, Value v) {
    return int_pos(ts, v);
}

const MethodDef kIntMethods[] = {
    {"bit_length", int_bit_length},
    {"bit_count", int_bit_count},
    {"to_bytes", int_to_bytes},
    {"from_bytes", int_from_bytes, MethodKind::Class},
    {"conjugate", int_identity},
    {"as_integer_ratio", int_as_integer_ratio},
    {"__int__", int_unary_method<int_pos>},
    {"__index__", int_unary_method<int_pos>},
    {"__trunc__", int_unary_method<int_pos>},
    {"__floor__", int_unary_method<int_pos>},
    {"__ceil__", int_unary_method<int_pos>},
    {"__pos__", int_unary_method<int_pos>},
    {"__neg__", int_unary_method<int_neg>},
    {"__abs__", int_unary_method<int_abs>},
    {"__invert__", int_unary_method<int_invert>},
    {"__float__", int_unary_method<int_float>},
    {"__bool__", int_bool_method},
    {"__round__", int_round},
    {"__format__", int_format},
    {nullptr, nullptr},
};

const GetSetDef kIntGetSet[] = {
    {"real", int_get_self},       {"imag", int_get_zero}, {"numerator", int_get_self},
    {"denominator", int_get_one}, {nullptr, nullptr},
};

constexpr NumberSlots kIntNumber = [] {
    NumberSlots n;
    n.binary[static_cast<int>(BinaryOp::Add)] = int_add;
    n.binary[static_cast<int>(BinaryOp::Sub)] = int_sub;
    n.binary[static_cast<int>(BinaryOp::Mul)] = int_mul;
    n.binary[static_cast<int>(BinaryOp::FloorDiv)] = int_floordiv;
    n.binary[static_cast<int>(BinaryOp::Mod)] = int_mod;
    n.binary[static_cast<int>(BinaryOp::TrueDiv)] = int_truediv;
    n.binary[static_cast<int>(BinaryOp::Pow)] = int_pow;
    n.binary[static_cast<int>(BinaryOp::LShift)] = int_lshift;
    n.binary[static_cast<int>(BinaryOp::RShift)] = int_rshift;
    n.binary[static_cast<int>(BinaryOp::And)] = int_and;
    n.binary[static_cast<int>(BinaryOp::Or)] = int_or;
    n.binary[static_cast<int>(BinaryOp::Xor)] = int_xor;
    n.neg = int_neg;
    n.pos = int_pos;
    n.abs = int_abs;
    n.invert = int_invert;
    n.index = int_index_slot;
    n.to_int = int_index_slot;
    n.to_float = int_float;
    return n;
}();

void int_dealloc(Object* self) {
    delete static_cast<IntObject*>(self);
}

}  // namespace

// bool shares the int slots (bool.cpp adds & | ^ returning bools).
const NumberSlots* int_number_slots() {
    return &kIntNumber;
}

constinit TypeObject kIntType("int", &kObjectType, kTypeIntSubclass,
                              {
                                  .dealloc = int_dealloc,
                                  .repr = int_repr,
                                  .hash = int_hash_slot,
                                  .compare = int_compare,
                                  .truth = int_truth,
                                  .new_ = int_new,
                                  .number = &kIntNumber,
                                  .methods = kIntMethods,
                                  .getset = kIntGetSet,
                              });

}  // namespace gilpy::runtime
