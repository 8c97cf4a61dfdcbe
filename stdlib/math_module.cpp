// The math module: libm functions behind CPython's error rules (ValueError "math domain error"
// when a finite input has no real answer, OverflowError "math range error" when a finite input
// overflows), logarithms that accept ints of any size, and exact integer functions (factorial,
// gcd, lcm, isqrt, comb, perm) on GMP.
#include <algorithm>
#include <cmath>
#include <vector>

#include "runtime/abstract.hpp"
#include "runtime/args.hpp"
#include "runtime/exceptions.hpp"
#include "runtime/interpreter_state.hpp"
#include "runtime/types/float.hpp"
#include "runtime/types/int.hpp"
#include "runtime/types/module.hpp"
#include "runtime/types/str.hpp"
#include "runtime/types/tuple.hpp"
#include "stdlib/registry.hpp"

namespace gilpy::stdlib {

using namespace runtime;

namespace {

std::nullptr_t domain_error(ThreadState& ts) {
    return raise(ts, &kValueErrorType, "math domain error");
}
std::nullptr_t range_error(ThreadState& ts) {
    return raise(ts, &kOverflowErrorType, "math range error");
}

// Checks a libm result the way CPython's math_1 does: NaN out of a non-NaN input is a domain
// error; an infinity out of a finite input is a range error, or a domain error for functions
// whose infinities are poles (log(0), atanh(1), gamma(0)).
Owned checked(ThreadState& ts, double x, double r, bool pole_is_domain) {
    if (std::isnan(r) && !std::isnan(x)) return domain_error(ts);
    if (std::isinf(r) && std::isfinite(x)) {
        return pole_is_domain ? domain_error(ts) : range_error(ts);
    }
    return Owned::from_float(r);
}

Owned unary(ThreadState& ts, CallArgs args, const char* qualname, double (*f)(double),
            bool pole_is_domain) {
    if (!check_one_arg(ts, args, qualname)) return nullptr;
    double x;
    if (!real_arg(ts, args[0], &x)) return nullptr;
    return checked(ts, x, f(x), pole_is_domain);
}

#define GILPY_MATH_UNARY(pyname, expr, pole_is_domain)                                      \
    Owned math_##pyname(ThreadState& ts, CallArgs args) {                                   \
        return unary(                                                                       \
            ts, args, "math." #pyname "()", [](double x) { return expr; }, pole_is_domain); \
    }
GILPY_MATH_UNARY(exp, std::exp(x), false)
GILPY_MATH_UNARY(exp2, std::exp2(x), false)
GILPY_MATH_UNARY(expm1, std::expm1(x), false)
GILPY_MATH_UNARY(sin, std::sin(x), false)
GILPY_MATH_UNARY(cos, std::cos(x), false)
GILPY_MATH_UNARY(tan, std::tan(x), false)
GILPY_MATH_UNARY(asin, std::asin(x), false)
GILPY_MATH_UNARY(acos, std::acos(x), false)
GILPY_MATH_UNARY(atan, std::atan(x), false)
GILPY_MATH_UNARY(sinh, std::sinh(x), false)
GILPY_MATH_UNARY(cosh, std::cosh(x), false)
GILPY_MATH_UNARY(tanh, std::tanh(x), false)
GILPY_MATH_UNARY(asinh, std::asinh(x), false)
GILPY_MATH_UNARY(acosh, std::acosh(x), false)
GILPY_MATH_UNARY(atanh, std::atanh(x), true)
GILPY_MATH_UNARY(fabs, std::fabs(x), false)
GILPY_MATH_UNARY(cbrt, std::cbrt(x), false)
GILPY_MATH_UNARY(log1p, std::log1p(x), true)
GILPY_MATH_UNARY(erf, std::erf(x), false)
GILPY_MATH_UNARY(erfc, std::erfc(x), false)
#undef GILPY_MATH_UNARY

// Plain scalings: an overflow to infinity is returned, not raised (as CPython).
Owned math_degrees(ThreadState& ts, CallArgs args) {
    if (!check_one_arg(ts, args, "math.degrees()")) return nullptr;
    double x;
    if (!real_arg(ts, args[0], &x)) return nullptr;
    return Owned::from_float(x * (180.0 / M_PI));
}
Owned math_radians(ThreadState& ts, CallArgs args) {
    if (!check_one_arg(ts, args, "math.radians()")) return nullptr;
    double x;
    if (!real_arg(ts, args[0], &x)) return nullptr;
    return Owned::from_float(x * (M_PI / 180.0));
}

Owned math_sqrt(ThreadState& ts, CallArgs args) {
    if (!check_one_arg(ts, args, "math.sqrt()")) return nullptr;
    double x;
    if (!real_arg(ts, args[0], &x)) return nullptr;
    if (x < 0) return domain_error(ts);
    return Owned::from_float(std::sqrt(x));
}

// gamma and lgamma have poles at 0 and the negative integers: domain errors there.
Owned math_gamma(ThreadState& ts, CallArgs args) {
    if (!check_one_arg(ts, args, "math.gamma()")) return nullptr;
    double x;
    if (!real_arg(ts, args[0], &x)) return nullptr;
    if (x == -HUGE_VAL || (x <= 0 && x == std::floor(x))) return domain_error(ts);
    return checked(ts, x, std::tgamma(x), false);
}

Owned math_lgamma(ThreadState& ts, CallArgs args) {
    if (!check_one_arg(ts, args, "math.lgamma()")) return nullptr;
    double x;
    if (!real_arg(ts, args[0], &x)) return nullptr;
    if (x <= 0 && x == std::floor(x)) return domain_error(ts);
    return checked(ts, x, std::lgamma(x), false);
}

// [f] (log, log2 or log10) of any positive int or float. Ints too large for a double are
// split as v = m * 2**e with m in [0.5, 1), giving f(m) + f(2) * e (CPython's loghelper), so
// log(10**400) works.
bool log_of(ThreadState& ts, Value v, double (*f)(double), double* out) {
    if (is_int(v)) {
        if (int_sign(v) <= 0) {
            domain_error(ts);
            return false;
        }
        double d;
        if (!v.is_object() || int_to_bigint(v).to_double(&d)) {
            int_to_double(ts, v, &d);
            *out = f(d);
            return true;
        }
        BigInt b = int_to_bigint(v);
        int64_t bits = b.bit_length();
        double top;
        b.shift_right(static_cast<uint64_t>(bits - 60)).to_double(&top);
        *out = f(std::ldexp(top, -60)) + f(2.0) * static_cast<double>(bits);
        return true;
    }
    double x;
    if (!real_arg(ts, v, &x)) return false;
    if (std::isnan(x) || x == HUGE_VAL) {
        *out = x;
        return true;
    }
    if (x <= 0) {
        domain_error(ts);
        return false;
    }
    *out = f(x);
    return true;
}

double natural_log(double x) {
    return std::log(x);
}

Owned math_log(ThreadState& ts, CallArgs args) {
    if (args.keyword_count()) {
        return raise(ts, &kTypeErrorType, "math.log() takes no keyword arguments");
    }
    if (args.nargs < 1 || args.nargs > 2) {
        return raise(ts, &kTypeErrorType, "math.log requires 1 to 2 arguments");
    }
    double num;
    if (!log_of(ts, args[0], natural_log, &num)) return nullptr;
    if (args.nargs == 1) return Owned::from_float(num);
    double den;
    if (!log_of(ts, args[1], natural_log, &den)) return nullptr;
    if (den == 0.0) return raise(ts, &kZeroDivisionErrorType, "float division by zero");
    return Owned::from_float(num / den);
}

Owned math_log2(ThreadState& ts, CallArgs args) {
    if (!check_one_arg(ts, args, "math.log2()")) return nullptr;
    double r;
    if (!log_of(
            ts, args[0], [](double x) { return std::log2(x); }, &r))
        return nullptr;
    return Owned::from_float(r);
}
Owned math_log10(ThreadState& ts, CallArgs args) {
    if (!check_one_arg(ts, args, "math.log10()")) return nullptr;
    double r;
    if (!log_of(
            ts, args[0], [](double x) { return std::log10(x); }, &r))
        return nullptr;
    return Owned::from_float(r);
}

Owned math_pow(ThreadState& ts, CallArgs args) {
    if (!check_positional(ts, args, "pow", 2, 2)) return nullptr;
    double x, y;
    if (!real_arg(ts, args[0], &x) || !real_arg(ts, args[1], &y)) return nullptr;
    double r = std::pow(x, y);
    if (std::isfinite(x) && std::isfinite(y)) {
        if (std::isnan(r)) return domain_error(ts);
        if (std::isinf(r)) return x == 0.0 ? domain_error(ts) : range_error(ts);
    }
    return Owned::from_float(r);
}

// Two float arguments; NaN out of non-NaN inputs is a domain error.
Owned binary_real(ThreadState& ts, CallArgs args, const char* name, double (*f)(double, double)) {
    if (!check_positional(ts, args, name, 2, 2)) return nullptr;
    double x, y;
    if (!real_arg(ts, args[0], &x) || !real_arg(ts, args[1], &y)) return nullptr;
    double r = f(x, y);
    if (std::isnan(r) && !std::isnan(x) && !std::isnan(y)) return domain_error(ts);
    return Owned::from_float(r);
}

Owned math_atan2(ThreadState& ts, CallArgs args) {
    return binary_real(ts, args, "atan2", [](double y, double x) { return std::atan2(y, x); });
}
Owned math_copysign(ThreadState& ts, CallArgs args) {
    return binary_real(ts, args, "copysign",
                       [](double x, double y) { return std::copysign(x, y); });
}
Owned math_fmod(ThreadState& ts, CallArgs args) {
    return binary_real(ts, args, "fmod", [](double x, double y) {
        // fmod(x, inf) is x for finite x; C agrees, but guard NaN-free inputs explicitly.
        return std::isinf(y) && std::isfinite(x) ? x : std::fmod(x, y);
    });
}
Owned math_remainder(ThreadState& ts, CallArgs args) {
    return binary_real(ts, args, "remainder",
                       [](double x, double y) { return std::remainder(x, y); });
}
Owned math_nextafter(ThreadState& ts, CallArgs args) {
    return binary_real(ts, args, "nextafter",
                       [](double x, double y) { return std::nextafter(x, y); });
}

Owned math_ulp(ThreadState& ts, CallArgs args) {
    if (!check_one_arg(ts, args, "math.ulp()")) return nullptr;
    double x;
    if (!real_arg(ts, args[0], &x)) return nullptr;
    if (std::isnan(x)) return Owned::from_float(x);
    x = std::fabs(x);
    if (std::isinf(x)) return Owned::from_float(x);
    double next = std::nextafter(x, HUGE_VAL);
    if (std::isinf(next)) return Owned::from_float(x - std::nextafter(x, -HUGE_VAL));
    return Owned::from_float(next - x);
}

// Euclidean norm without undue overflow: scale by the largest magnitude first.
double norm(const std::vector<double>& xs) {
    double max = 0.0;
    bool nan = false;
    for (double x : xs) {
        if (std::isinf(x)) return HUGE_VAL;
        if (std::isnan(x)) nan = true;
        max = std::max(max, std::fabs(x));
    }
    if (nan) return std::nan("");
    if (max == 0.0 || xs.size() == 1) return max;
    double sum = 0.0, compensation = 0.0;
    for (double x : xs) {
        double t = x / max;
        double y = t * t - compensation;
        double s = sum + y;
        compensation = (s - sum) - y;
        sum = s;
    }
    return max * std::sqrt(sum);
}

Owned math_hypot(ThreadState& ts, CallArgs args) {
    if (args.keyword_count()) {
        return raise(ts, &kTypeErrorType, "hypot() takes no keyword arguments");
    }
    std::vector<double> xs(args.nargs);
    for (size_t i = 0; i < args.nargs; ++i) {
        if (!real_arg(ts, args[i], &xs[i])) return nullptr;
    }
    if (xs.size() == 2) return Owned::from_float(std::hypot(xs[0], xs[1]));
    return Owned::from_float(norm(xs));
}

bool floats_of(ThreadState& ts, Value iterable, std::vector<double>* out) {
    Owned it = get_iter(ts, iterable);
    if (!it) return false;
    while (Owned item = iter_next(ts, it.get())) {
        double x;
        if (!real_arg(ts, item.get(), &x)) return false;
        out->push_back(x);
    }
    return !ts.has_exception();
}

Owned math_dist(ThreadState& ts, CallArgs args) {
    if (!check_positional(ts, args, "dist", 2, 2)) return nullptr;
    std::vector<double> p, q;
    if (!floats_of(ts, args[0], &p) || !floats_of(ts, args[1], &q)) return nullptr;
    if (p.size() != q.size()) {
        return raise(ts, &kValueErrorType, "both points must have the same number of dimensions");
    }
    for (size_t i = 0; i < p.size(); ++i)
        p[i] -= q[i];
    if (p.size() == 2) return Owned::from_float(std::hypot(p[0], p[1]));
    return Owned::from_float(norm(p));
}

// floor/ceil/trunc: ints stay ints, floats become ints, other objects use their dunder.
Owned rounding(ThreadState& ts, CallArgs args, const char* qualname, const char* dunder,
               double (*f)(double), bool dunder_required) {
    if (!check_one_arg(ts, args, qualname)) return nullptr;
    Value v = args[0];
    if (is_int(v)) return index(ts, v);
    if (v.is_float()) {
        return call_values(ts, Value::from_object(&kIntType), {Value::from_float(f(v.as_float()))});
    }
    Value method = type_lookup(type_of(v), ts.interp.intern(dunder));
    if (!method.is_null()) return call_method(ts, v, ts.interp.intern(dunder), {});
    if (dunder_required) {
        return raisef(ts, &kTypeErrorType, "type {} doesn't define {} method", type_name(v),
                      dunder);
    }
    double x;
    if (!real_arg(ts, v, &x)) return nullptr;
    return call_values(ts, Value::from_object(&kIntType), {Value::from_float(f(x))});
}

Owned math_floor(ThreadState& ts, CallArgs args) {
    return rounding(
        ts, args, "math.floor()", "__floor__", [](double x) { return std::floor(x); }, false);
}
Owned math_ceil(ThreadState& ts, CallArgs args) {
    return rounding(
        ts, args, "math.ceil()", "__ceil__", [](double x) { return std::ceil(x); }, false);
}
Owned math_trunc(ThreadState& ts, CallArgs args) {
    return rounding(
        ts, args, "math.trunc()", "__trunc__", [](double x) { return std::trunc(x); }, true);
}

bool int_arg(ThreadState& ts, Value v, BigInt* out) {
    Owned i = index(ts, v);
    if (!i) return false;
    *out = int_to_bigint(i.get());
    return true;
}

Owned math_factorial(ThreadState& ts, CallArgs args) {
    if (!check_one_arg(ts, args, "math.factorial()")) return nullptr;
    BigInt n;
    if (!int_arg(ts, args[0], &n)) return nullptr;
    if (n.sign() < 0) {
        return raise(ts, &kValueErrorType, "factorial() not defined for negative values");
    }
    if (!n.fits_int64()) {
        return raise(ts, &kOverflowErrorType,
                     "factorial() argument should not exceed 9223372036854775807");
    }
    BigInt r;
    mpz_fac_ui(r.raw(), static_cast<unsigned long>(n.to_int64()));
    return int_from_bigint(std::move(r));
}

Owned math_gcd(ThreadState& ts, CallArgs args) {
    if (!check_no_keywords(ts, args, "gcd()")) return nullptr;
    BigInt acc(0);
    for (size_t i = 0; i < args.nargs; ++i) {
        BigInt x;
        if (!int_arg(ts, args[i], &x)) return nullptr;
        mpz_gcd(acc.raw(), acc.raw(), x.raw());
    }
    return int_from_bigint(std::move(acc));
}

Owned math_lcm(ThreadState& ts, CallArgs args) {
    if (!check_no_keywords(ts, args, "lcm()")) return nullptr;
    BigInt acc(1);
    for (size_t i = 0; i < args.nargs; ++i) {
        BigInt x;
        if (!int_arg(ts, args[i], &x)) return nullptr;
        mpz_lcm(acc.raw(), acc.raw(), x.raw());
    }
    return int_from_bigint(std::move(acc));
}

Owned math_isqrt(ThreadState& ts, CallArgs args) {
    if (!check_one_arg(ts, args, "math.isqrt()")) return nullptr;
    BigInt n;
    if (!int_arg(ts, args[0], &n)) return nullptr;
    if (n.sign() < 0) return raise(ts, &kValueErrorType, "isqrt() argument must be nonnegative");
    BigInt r;
    mpz_sqrt(r.raw(), n.raw());
    return int_from_bigint(std::move(r));
}

// n and k of comb/perm, checked like CPython; false if raised. *empty: k > n (result 0).
bool n_and_k(ThreadState& ts, Value nv, Value kv, BigInt* n, BigInt* k) {
    if (!int_arg(ts, nv, n) || !int_arg(ts, kv, k)) return false;
    if (n->sign() < 0) {
        raise(ts, &kValueErrorType, "n must be a non-negative integer");
        return false;
    }
    if (k->sign() < 0) {
        raise(ts, &kValueErrorType, "k must be a non-negative integer");
        return false;
    }
    return true;
}

Owned math_comb(ThreadState& ts, CallArgs args) {
    if (!check_positional(ts, args, "comb", 2, 2)) return nullptr;
    BigInt n, k;
    if (!n_and_k(ts, args[0], args[1], &n, &k)) return nullptr;
    if (k.compare(n) > 0) return Owned::steal(Value::from_int(0));
    BigInt other = n - k;
    if (other.compare(k) < 0) k = other;  // C(n, k) == C(n, n - k)
    if (!k.fits_int64()) {
        return raise(ts, &kOverflowErrorType, "min(n - k, k) must not exceed 9223372036854775807");
    }
    BigInt r;
    mpz_bin_ui(r.raw(), n.raw(), static_cast<unsigned long>(k.to_int64()));
    return int_from_bigint(std::move(r));
}

// The product of the integers in [lo, hi), by halves so the big multiplications stay balanced.
BigInt range_product(const BigInt& lo, uint64_t count) {
    if (count == 0) return BigInt(1);
    if (count == 1) return lo;
    if (count < 16) {
        BigInt r = lo;
        for (uint64_t i = 1; i < count; ++i)
            mpz_mul(r.raw(), r.raw(), (lo + BigInt(static_cast<int64_t>(i))).raw());
        return r;
    }
    uint64_t half = count / 2;
    return range_product(lo, half) *
           range_product(lo + BigInt(static_cast<int64_t>(half)), count - half);
}

Owned math_perm(ThreadState& ts, CallArgs args) {
    if (!check_positional(ts, args, "perm", 1, 2)) return nullptr;
    BigInt n, k;
    if (args.nargs == 1 || args[1].is_none()) {
        if (!int_arg(ts, args[0], &n)) return nullptr;
        if (n.sign() < 0) return raise(ts, &kValueErrorType, "n must be a non-negative integer");
        if (!n.fits_int64()) {
            return raise(ts, &kOverflowErrorType, "n must not exceed 9223372036854775807");
        }
        BigInt r;
        mpz_fac_ui(r.raw(), static_cast<unsigned long>(n.to_int64()));
        return int_from_bigint(std::move(r));
    }
    if (!n_and_k(ts, args[0], args[1], &n, &k)) return nullptr;
    if (k.compare(n) > 0) return Owned::steal(Value::from_int(0));
    if (!k.fits_int64()) {
        return raise(ts, &kOverflowErrorType, "k must not exceed 9223372036854775807");
    }
    auto count = static_cast<uint64_t>(k.to_int64());
    return int_from_bigint(range_product(n - k + BigInt(1), count));
}

Owned predicate(ThreadState& ts, CallArgs args, const char* qualname, bool (*f)(double)) {
    if (!check_one_arg(ts, args, qualname)) return nullptr;
    double x;
    if (!real_arg(ts, args[0], &x)) return nullptr;
    return Owned::from_bool(f(x));
}

Owned math_isnan(ThreadState& ts, CallArgs args) {
    return predicate(ts, args, "math.isnan()", [](double x) { return std::isnan(x); });
}
Owned math_isinf(ThreadState& ts, CallArgs args) {
    return predicate(ts, args, "math.isinf()", [](double x) { return std::isinf(x); });
}
Owned math_isfinite(ThreadState& ts, CallArgs args) {
    return predicate(ts, args, "math.isfinite()", [](double x) { return std::isfinite(x); });
}

Owned math_isclose(ThreadState& ts, CallArgs args) {
    static const char* const kNames[] = {"a", "b", "rel_tol", "abs_tol"};
    Value a[4];
    if (!parse_args(ts, args, "isclose", kNames, 2, a, 2)) return nullptr;
    double x, y, rel = 1e-9, abs_tol = 0.0;
    if (!real_arg(ts, a[0], &x) || !real_arg(ts, a[1], &y)) return nullptr;
    if (!a[2].is_null() && !real_arg(ts, a[2], &rel)) return nullptr;
    if (!a[3].is_null() && !real_arg(ts, a[3], &abs_tol)) return nullptr;
    if (rel < 0 || abs_tol < 0) {
        return raise(ts, &kValueErrorType, "tolerances must be non-negative");
    }
    if (x == y) return Owned::from_bool(true);
    if (std::isinf(x) || std::isinf(y)) return Owned::from_bool(false);
    double diff = std::fabs(y - x);
    return Owned::from_bool(diff <= std::fabs(rel * y) || diff <= std::fabs(rel * x) ||
                            diff <= abs_tol);
}

Owned math_modf(ThreadState& ts, CallArgs args) {
    if (!check_one_arg(ts, args, "math.modf()")) return nullptr;
    double x, ip;
    if (!real_arg(ts, args[0], &x)) return nullptr;
    double fp = std::modf(x, &ip);
    return new_tuple_of({Value::from_float(fp), Value::from_float(ip)});
}

Owned math_frexp(ThreadState& ts, CallArgs args) {
    if (!check_one_arg(ts, args, "math.frexp()")) return nullptr;
    double x;
    if (!real_arg(ts, args[0], &x)) return nullptr;
    int e = 0;
    double m = std::isfinite(x) ? std::frexp(x, &e) : x;
    return new_tuple_of({Value::from_float(m), Value::from_int(e)});
}

Owned math_ldexp(ThreadState& ts, CallArgs args) {
    if (!check_positional(ts, args, "ldexp", 2, 2)) return nullptr;
    double x;
    if (!real_arg(ts, args[0], &x)) return nullptr;
    if (!is_int(args[1])) {
        return raise(ts, &kTypeErrorType, "Expected an int as second argument to ldexp.");
    }
    int64_t e;
    if (!int_to_int64(args[1], &e)) e = int_sign(args[1]) > 0 ? INT64_MAX : INT64_MIN;
    if (x == 0.0 || !std::isfinite(x)) return Owned::from_float(x);
    double r = std::ldexp(x, static_cast<int>(std::clamp<int64_t>(e, -100000, 100000)));
    if (std::isinf(r)) return range_error(ts);
    return Owned::from_float(r);
}

// fsum: exact summation with a list of non-overlapping partials (Shewchuk's algorithm, which
// CPython's fsum also uses), with CPython's handling of infinities, NaNs and overflow.
Owned math_fsum(ThreadState& ts, CallArgs args) {
    if (!check_one_arg(ts, args, "math.fsum()")) return nullptr;
    Owned it = get_iter(ts, args[0]);
    if (!it) return nullptr;
    std::vector<double> partials;
    double special_sum = 0.0;  // the sum of infinities and NaNs seen
    double inf_sum = 0.0;
    while (Owned item = iter_next(ts, it.get())) {
        double x;
        if (!real_arg(ts, item.get(), &x)) return nullptr;
        double original = x;
        size_t used = 0;
        for (double y : partials) {
            if (std::fabs(x) < std::fabs(y)) std::swap(x, y);
            double hi = x + y;
            double lo = y - (hi - x);
            if (lo != 0.0) partials[used++] = lo;
            x = hi;
        }
        partials.resize(used);
        if (x != 0.0) {
            if (!std::isfinite(x)) {
                // An infinite partial from finite inputs is an overflow; specials are summed apart.
                if (std::isfinite(original)) {
                    return raise(ts, &kOverflowErrorType, "intermediate overflow in fsum");
                }
                if (std::isinf(original)) inf_sum += original;
                special_sum += original;
                partials.clear();
            } else {
                partials.push_back(x);
            }
        }
    }
    if (ts.has_exception()) return nullptr;
    if (special_sum != 0.0) {
        if (std::isnan(inf_sum)) return raise(ts, &kValueErrorType, "-inf + inf in fsum");
        return Owned::from_float(special_sum);
    }
    double hi = 0.0;
    if (!partials.empty()) {
        size_t n = partials.size();
        hi = partials[--n];
        double lo = 0.0;
        // Sum from the top, stopping at the first inexact addition.
        while (n > 0) {
            double x = hi;
            double y = partials[--n];
            hi = x + y;
            lo = y - (hi - x);
            if (lo != 0.0) break;
        }
        // Round half to even correctly when the remaining partials push past the halfway point.
        if (n > 0 && ((lo < 0.0 && partials[n - 1] < 0.0) || (lo > 0.0 && partials[n - 1] > 0.0))) {
            double y = lo * 2.0;
            double x = hi + y;
            if (y == x - hi) hi = x;
        }
    }
    return Owned::from_float(hi);
}

Owned math_prod(ThreadState& ts, CallArgs args) {
    static const char* const kNames[] = {"", "start"};
    Value a[2];
    if (!parse_args(ts, args, "prod", kNames, 1, a, 1, 1)) return nullptr;
    Owned acc = a[1].is_null() ? Owned::steal(Value::from_int(1)) : Owned::borrow(a[1]);
    Owned it = get_iter(ts, a[0]);
    if (!it) return nullptr;
    while (Owned item = iter_next(ts, it.get())) {
        acc = binary_op(ts, acc.get(), item.get(), BinaryOp::Mul);
        if (!acc) return nullptr;
    }
    if (ts.has_exception()) return nullptr;
    return acc;
}

const MethodDef kMathFunctions[] = {
    {"sqrt", math_sqrt},
    {"exp", math_exp},
    {"exp2", math_exp2},
    {"expm1", math_expm1},
    {"log", math_log},
    {"log2", math_log2},
    {"log10", math_log10},
    {"log1p", math_log1p},
    {"pow", math_pow},
    {"sin", math_sin},
    {"cos", math_cos},
    {"tan", math_tan},
    {"asin", math_asin},
    {"acos", math_acos},
    {"atan", math_atan},
    {"atan2", math_atan2},
    {"sinh", math_sinh},
    {"cosh", math_cosh},
    {"tanh", math_tanh},
    {"asinh", math_asinh},
    {"acosh", math_acosh},
    {"atanh", math_atanh},
    {"hypot", math_hypot},
    {"dist", math_dist},
    {"fabs", math_fabs},
    {"cbrt", math_cbrt},
    {"erf", math_erf},
    {"erfc", math_erfc},
    {"gamma", math_gamma},
    {"lgamma", math_lgamma},
    {"floor", math_floor},
    {"ceil", math_ceil},
    {"trunc", math_trunc},
    {"factorial", math_factorial},
    {"gcd", math_gcd},
    {"lcm", math_lcm},
    {"isqrt", math_isqrt},
    {"comb", math_comb},
    {"perm", math_perm},
    {"isnan", math_isnan},
    {"isinf", math_isinf},
    {"isfinite", math_isfinite},
    {"isclose", math_isclose},
    {"degrees", math_degrees},
    {"radians", math_radians},
    {"copysign", math_copysign},
    {"fmod", math_fmod},
    {"remainder", math_remainder},
    {"nextafter", math_nextafter},
    {"ulp", math_ulp},
    {"modf", math_modf},
    {"frexp", math_frexp},
    {"ldexp", math_ldexp},
    {"fsum", math_fsum},
    {"prod", math_prod},
    {nullptr, nullptr},
};

}  // namespace

Ref<ModuleObject> init_math_module(ThreadState& ts) {
    Ref<ModuleObject> m = new_module(ts, "math");
    if (!m) return nullptr;
    module_add_functions(ts, m.get(), kMathFunctions);
    module_set(ts, m.get(), "pi", Value::from_float(M_PI));
    module_set(ts, m.get(), "e", Value::from_float(M_E));
    module_set(ts, m.get(), "tau", Value::from_float(2 * M_PI));
    module_set(ts, m.get(), "inf", Value::from_float(HUGE_VAL));
    module_set(ts, m.get(), "nan", Value::from_float(std::nan("")));
    return m;
}

}  // namespace gilpy::stdlib
