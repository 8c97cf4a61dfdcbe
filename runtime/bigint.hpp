// BigInt: an arbitrary-precision integer with Python's semantics (floor division, modulo with
// the divisor's sign, two's-complement bitwise operations), over GMP's mpz_t. IntObject holds
// one for ints that do not fit in int64 (runtime/types/int.hpp); the arithmetic here never
// raises: callers check zero divisors and huge shifts first.
#pragma once

#include <gmp.h>

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

namespace gilpy::runtime {

class BigInt {
  public:
    BigInt() { mpz_init(v_); }
    explicit BigInt(int64_t i);
    BigInt(const BigInt& o) { mpz_init_set(v_, o.v_); }
    BigInt(BigInt&& o) noexcept {
        mpz_init(v_);
        mpz_swap(v_, o.v_);
    }
    BigInt& operator=(const BigInt& o) {
        if (this != &o) mpz_set(v_, o.v_);
        return *this;
    }
    BigInt& operator=(BigInt&& o) noexcept {
        mpz_swap(v_, o.v_);
        return *this;
    }
    ~BigInt() { mpz_clear(v_); }

    // Parses digits (an optional sign, no prefix, no underscores, no spaces) in [base] (2..36);
    // false if invalid.
    static bool parse(std::string_view digits, int base, BigInt* out);
    // From a double that is finite (truncates toward zero).
    static BigInt from_double(double d);

    std::string to_string(int base = 10) const;
    bool fits_int64() const { return mpz_fits_slong_p(v_) != 0; }
    int64_t to_int64() const { return mpz_get_si(v_); }
    // Correctly rounded (round-half-even) conversion; false if the result overflows a double.
    bool to_double(double* out) const;
    int sign() const { return mpz_sgn(v_); }
    int64_t bit_length() const;
    int compare(const BigInt& o) const { return mpz_cmp(v_, o.v_); }
    bool operator==(const BigInt& o) const { return mpz_cmp(v_, o.v_) == 0; }
    std::strong_ordering operator<=>(const BigInt& o) const { return mpz_cmp(v_, o.v_) <=> 0; }
    // Python's hash of an int: the value modulo 2**61 - 1 with the sign kept; -1 maps to -2.
    int64_t hash() const;

    BigInt operator+(const BigInt& o) const;
    BigInt operator-(const BigInt& o) const;
    BigInt operator*(const BigInt& o) const;
    BigInt operator-() const;
    BigInt operator~() const;
    BigInt operator&(const BigInt& o) const;
    BigInt operator|(const BigInt& o) const;
    BigInt operator^(const BigInt& o) const;
    // Floor division and modulo; [o] must not be zero.
    BigInt floor_div(const BigInt& o) const;
    BigInt mod(const BigInt& o) const;
    // Both at once (one GMP division); [quotient] and [remainder] must be distinct from *this.
    void divmod(const BigInt& o, BigInt* quotient, BigInt* remainder) const;
    BigInt abs() const;
    BigInt pow(uint64_t exponent) const;
    // (this ** exponent) % modulus with Python's sign rules; [modulus] non-zero, exponent >= 0.
    BigInt pow_mod(const BigInt& exponent, const BigInt& modulus) const;
    // The inverse modulo [modulus]; false when it does not exist.
    bool invert(const BigInt& modulus, BigInt* out) const;
    BigInt shift_left(uint64_t bits) const;
    BigInt shift_right(uint64_t bits) const;  // floor semantics for negatives

    const mpz_t& raw() const { return v_; }
    mpz_t& raw() { return v_; }

  private:
    mpz_t v_;
};

}  // namespace gilpy::runtime
