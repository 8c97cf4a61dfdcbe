// BigInt over GMP: Python's rounding and sign conventions mapped onto mpz functions.
#include "runtime/bigint.hpp"

#include <cmath>
#include <cstdlib>
#include <cstring>

namespace gilpy::runtime {

BigInt::BigInt(int64_t i) {
    mpz_init_set_si(v_, i);
}

bool BigInt::parse(std::string_view digits, int base, BigInt* out) {
    // mpz_set_str skips embedded whitespace and rejects '+', so validate the text ourselves.
    bool negative = !digits.empty() && (digits[0] == '-' || digits[0] == '+');
    if (negative) {
        negative = digits[0] == '-';
        digits.remove_prefix(1);
    }
    if (digits.empty() || base < 2 || base > 36) return false;
    for (char c : digits) {
        int d = c >= '0' && c <= '9'   ? c - '0'
                : c >= 'a' && c <= 'z' ? c - 'a' + 10
                : c >= 'A' && c <= 'Z' ? c - 'A' + 10
                                       : 99;
        if (d >= base) return false;
    }
    std::string text(digits);
    if (mpz_set_str(out->v_, text.c_str(), base) != 0) return false;
    if (negative) mpz_neg(out->v_, out->v_);
    return true;
}

BigInt BigInt::from_double(double d) {
    BigInt r;
    mpz_set_d(r.v_, d);
    return r;
}

std::string BigInt::to_string(int base) const {
    std::string s(mpz_sizeinbase(v_, base) + 2, '\0');
    mpz_get_str(s.data(), base, v_);
    s.resize(std::strlen(s.c_str()));
    return s;
}

bool BigInt::to_double(double* out) const {
    // mpz_get_d truncates; round half to even on the bits below the 53 kept, as CPython does.
    if (fits_int64()) {
        *out = static_cast<double>(to_int64());  // the hardware rounds half to even
        return true;
    }
    int64_t bits = bit_length();
    if (bits > 1024) return false;
    BigInt a = abs();
    uint64_t shift = static_cast<uint64_t>(bits - 55);  // keep 55 bits: 53 + guard + sticky
    BigInt top = a.shift_right(shift);
    bool sticky = mpz_scan1(a.v_, 0) < shift;
    uint64_t q = mpz_get_ui(top.v_);
    if (sticky) q |= 1;
    // Round 55 bits to 53 with round-half-even.
    uint64_t low = q & 3;
    q >>= 2;
    if (low > 2 || (low == 2 && (q & 1))) ++q;
    double d = std::ldexp(static_cast<double>(q), static_cast<int>(shift + 2));
    if (std::isinf(d)) return false;
    *out = sign() < 0 ? -d : d;
    return true;
}

int64_t BigInt::bit_length() const {
    if (mpz_sgn(v_) == 0) return 0;
    return static_cast<int64_t>(mpz_sizeinbase(v_, 2));
}

int64_t BigInt::hash() const {
    // |v| mod (2**61 - 1), then the sign of v: the same function as the hash of a small int.
    constexpr unsigned long kModulus = (1ul << 61) - 1;
    auto h = static_cast<int64_t>(mpz_tdiv_ui(v_, kModulus));
    if (mpz_sgn(v_) < 0) h = -h;
    return h == -1 ? -2 : h;
}

#define GILPY_BIGINT_BINARY(op, fn)                     \
    BigInt BigInt::operator op(const BigInt& o) const { \
        BigInt r;                                       \
        fn(r.v_, v_, o.v_);                             \
        return r;                                       \
    }
GILPY_BIGINT_BINARY(+, mpz_add)
GILPY_BIGINT_BINARY(-, mpz_sub)
GILPY_BIGINT_BINARY(*, mpz_mul)
GILPY_BIGINT_BINARY(&, mpz_and)
GILPY_BIGINT_BINARY(|, mpz_ior)
GILPY_BIGINT_BINARY(^, mpz_xor)
#undef GILPY_BIGINT_BINARY

BigInt BigInt::operator-() const {
    BigInt r;
    mpz_neg(r.v_, v_);
    return r;
}

BigInt BigInt::operator~() const {
    BigInt r;
    mpz_com(r.v_, v_);  // -x - 1: GMP's complement is two's complement for negatives too
    return r;
}

BigInt BigInt::floor_div(const BigInt& o) const {
    BigInt r;
    mpz_fdiv_q(r.v_, v_, o.v_);
    return r;
}

BigInt BigInt::mod(const BigInt& o) const {
    // Python's remainder has the sign of the divisor: floor division's remainder.
    BigInt r;
    mpz_fdiv_r(r.v_, v_, o.v_);
    return r;
}

void BigInt::divmod(const BigInt& o, BigInt* quotient, BigInt* remainder) const {
    mpz_fdiv_qr(quotient->v_, remainder->v_, v_, o.v_);
}

BigInt BigInt::abs() const {
    BigInt r;
    mpz_abs(r.v_, v_);
    return r;
}

BigInt BigInt::pow(uint64_t exponent) const {
    BigInt r;
    mpz_pow_ui(r.v_, v_, exponent);
    return r;
}

BigInt BigInt::pow_mod(const BigInt& exponent, const BigInt& modulus) const {
    BigInt m = modulus.abs();
    BigInt r;
    mpz_powm(r.v_, v_, exponent.v_, m.v_);  // in [0, |m|)
    if (modulus.sign() < 0 && r.sign() != 0) r = r + modulus;
    return r;
}

bool BigInt::invert(const BigInt& modulus, BigInt* out) const {
    BigInt m = modulus.abs();
    if (mpz_invert(out->v_, v_, m.v_) == 0) return false;
    if (modulus.sign() < 0 && out->sign() != 0) *out = *out + modulus;
    return true;
}

BigInt BigInt::shift_left(uint64_t bits) const {
    BigInt r;
    mpz_mul_2exp(r.v_, v_, bits);
    return r;
}

BigInt BigInt::shift_right(uint64_t bits) const {
    BigInt r;
    mpz_fdiv_q_2exp(r.v_, v_, bits);
    return r;
}

}  // namespace gilpy::runtime
