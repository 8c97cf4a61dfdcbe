// The math module: libm functions with CPython's domain/range errors ("math domain error",
// "math range error"), and exact integer functions (factorial, gcd, isqrt, comb, perm) on ints.
#include <algorithm>
#include <cmath>
#include <numeric>
#include <vector>

#include "runtime/abstract.hpp"
#include "runtime/args.hpp"
#include "runtime/exceptions.hpp"
#include "runtime/interpreter_state.hpp"
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

bool real_arg(ThreadState& ts, Value v, double* out) {
    if (v.is_float()) {
        *out = v.as_float();
        return true;
    }
    if (is_int(v)) return int_to_double(ts, v, out);
    Owned f = float_from_value(ts, v);
    if (!f || is_str(v)) {
        if (f || exception_matches(ts, &kTypeErrorType) ||
            exception_matches(ts, &kValueErrorType)) {
            clear_exception(ts);
            raisef(ts, &kTypeErrorType, "must be real number, not {}", type_name(v));
        }
        return false;
    }
    *out = f.get().as_float();
    return true;
}

// f(x) with CPython's error rules: NaN from a non-NaN input is a domain error, an infinite
// result from a finite input a range error (unless [overflow_ok]).
Owned unary(ThreadState& ts, CallArgs args, const char* name, double (*f)(double),
            bool overflow_is_error = true) {
    if (!check_one_arg(ts, args, name)) return nullptr;
    double x;
    if (!real_arg(ts, args[0], &x)) return nullptr;
    double r = f(x);
    if (std::isnan(r) && !std::isnan(x)) return raise(ts, &kValueErrorType, "math domain error");
    if (std::isinf(r) && std::isfinite(x)) {
        if (overflow_is_error) return raise(ts, &kOverflowErrorType, "math range error");
        return raise(ts, &kValueErrorType, "math domain error");
    }
    return Owned::from_float(r);
}

#define GILPY_MATH_UNARY(pyname, fn, overflow)                                 \
    Owned math_##pyname(ThreadState& ts, CallArgs args) {                      \
        return unary(                                                          \
            ts, args, #pyname "()", [](double x) { return fn(x); }, overflow); \
    }
GILPY_MATH_UNARY(exp, std::exp, true)
GILPY_MATH_UNARY(sin, std::sin, true)
GILPY_MATH_UNARY(cos, std::cos, true)
GILPY_MATH_UNARY(tan, std::tan, true)
GILPY_MATH_UNARY(asin, std::asin, true)
GILPY_MATH_UNARY(acos, std::acos, true)
GILPY_MATH_UNARY(atan, std::atan, true)
GILPY_MATH_UNARY(sinh, std::sinh, true)
GILPY_MATH_UNARY(cosh, std::cosh, true)
GILPY_MATH_UNARY(tanh, std::tanh, true)
GILPY_MATH_UNARY(fabs, std::fabs, true)
GILPY_MATH_UNARY(log2, std::log2, false)
GILPY_MATH_UNARY(log10, std::log10, false)
GILPY_MATH_UNARY(log1p, std::log1p, false)
GILPY_MATH_UNARY(expm1, std::expm1, true)
#undef GILPY_MATH_UNARY

Owned math_sqrt(ThreadState& ts, CallArgs args) {
    if (!check_one_arg(ts, args, "sqrt()")) return nullptr;
    double x;
    if (!real_arg(ts, args[0], &x)) return nullptr;
    if (x < 0) return raise(ts, &kValueErrorType, "math domain error");
    return Owned::from_float(std::sqrt(x));
}

Owned math_log(ThreadState& ts, CallArgs args) {
    if (!check_positional(ts, args, "log", 1, 2)) return nullptr;
    auto ln = [&](Value v, double* out) {
        // Big ints: log of the value scaled down, so log(10**400) works.
        if (is_int(v) && !v.is_int() && !v.is_bool()) {
            BigInt b = int_to_bigint(v);
            if (b.sign() <= 0) {
                raise(ts, &kValueErrorType, "math domain error");
                return false;
            }
            int64_t bits = b.bit_length();
            double top;
            BigInt shifted = b.shift_right(static_cast<uint64_t>(bits - 60));
            shifted.to_double(&top);
            *out = std::log(top) + static_cast<double>(bits - 60) * std::log(2.0);
            return true;
        }
        double x;
        if (!real_arg(ts, v, &x)) return false;
        if (x <= 0) {
            raise(ts, &kValueErrorType, "math domain error");
            return false;
        }
        *out = std::log(x);
        return true;
    };
    double num;
    if (!ln(args[0], &num)) return nullptr;
    if (args.nargs == 1) return Owned::from_float(num);
    double den;
    if (!ln(args[1], &den)) return nullptr;
    if (den == 0.0) return raise(ts, &kZeroDivisionErrorType, "float division by zero");
    return Owned::from_float(num / den);
}

Owned math_pow(ThreadState& ts, CallArgs args) {
    if (!check_positional(ts, args, "pow", 2, 2)) return nullptr;
    double x, y;
    if (!real_arg(ts, args[0], &x) || !real_arg(ts, args[1], &y)) return nullptr;
    double r = std::pow(x, y);
    if (std::isnan(r) && !std::isnan(x) && !std::isnan(y))
        return raise(ts, &kValueErrorType, "math domain error");
    if (std::isinf(r) && std::isfinite(x) && std::isfinite(y)) {
        if (x == 0.0) return raise(ts, &kValueErrorType, "math domain error");
        return raise(ts, &kOverflowErrorType, "math range error");
    }
    return Owned::from_float(r);
}

Owned binary_real(ThreadState& ts, CallArgs args, const char* name, double (*f)(double, double)) {
    if (!check_positional(ts, args, name, 2, 2)) return nullptr;
    double x, y;
    if (!real_arg(ts, args[0], &x) || !real_arg(ts, args[1], &y)) return nullptr;
    double r = f(x, y);
    if (std::isnan(r) && !std::isnan(x) && !std::isnan(y))
        return raise(ts, &kValueErrorType, "math domain error");
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
    return binary_real(ts, args, "fmod", [](double x, double y) { return std::fmod(x, y); });
}

Owned math_hypot(ThreadState& ts, CallArgs args) {
    double acc = 0;
    for (size_t i = 0; i < args.nargs; ++i) {
        double x;
        if (!real_arg(ts, args[i], &x)) return nullptr;
        acc = std::hypot(acc, x);
    }
    return Owned::from_float(acc);
}

// floor/ceil/trunc: ints stay ints; floats become ints; others use __floor__ etc.
Owned rounding(ThreadState& ts, CallArgs args, const char* name, const char* dunder,
               double (*f)(double)) {
    if (!check_one_arg(ts, args, name)) return nullptr;
    Value v = args[0];
    if (is_int(v)) return index(ts, v);
    if (v.is_float()) {
        double r = f(v.as_float());
        return call_values(ts, Value::from_object(&kIntType), {Value::from_float(r)});
    }
    Owned method = get_attr_opt(ts, v, ts.interp.intern(dunder));
    if (method) return call_values(ts, method.get(), {});
    if (ts.has_exception()) return nullptr;
    double x;
    if (!real_arg(ts, v, &x)) return nullptr;
    return call_values(ts, Value::from_object(&kIntType), {Value::from_float(f(x))});
}

Owned math_floor(ThreadState& ts, CallArgs args) {
    return rounding(ts, args, "floor()", "__floor__", [](double x) { return std::floor(x); });
}
Owned math_ceil(ThreadState& ts, CallArgs args) {
    return rounding(ts, args, "ceil()", "__ceil__", [](double x) { return std::ceil(x); });
}
Owned math_trunc(ThreadState& ts, CallArgs args) {
    return rounding(ts, args, "trunc()", "__trunc__", [](double x) { return std::trunc(x); });
}

bool int_arg(ThreadState& ts, Value v, BigInt* out) {
    Owned i = index(ts, v);
    if (!i) return false;
    *out = int_to_bigint(i.get());
    return true;
}

Owned math_factorial(ThreadState& ts, CallArgs args) {
    if (!check_one_arg(ts, args, "factorial()")) return nullptr;
    BigInt n;
    if (!int_arg(ts, args[0], &n)) return nullptr;
    if (n.sign() < 0)
        return raise(ts, &kValueErrorType, "factorial() not defined for negative values");
    if (!n.fits_int64() || n.to_int64() > 100000) {
        return raise(ts, &kOverflowErrorType, "factorial() argument should not exceed 100000");
    }
    BigInt r;
    mpz_fac_ui(r.raw(), static_cast<unsigned long>(n.to_int64()));
    return int_from_bigint(std::move(r));
}

Owned math_gcd(ThreadState& ts, CallArgs args) {
    BigInt acc(0);
    for (size_t i = 0; i < args.nargs; ++i) {
        BigInt x;
        if (!int_arg(ts, args[i], &x)) return nullptr;
        mpz_gcd(acc.raw(), acc.raw(), x.raw());
    }
    return int_from_bigint(std::move(acc));
}

Owned math_lcm(ThreadState& ts, CallArgs args) {
    BigInt acc(1);
    for (size_t i = 0; i < args.nargs; ++i) {
        BigInt x;
        if (!int_arg(ts, args[i], &x)) return nullptr;
        mpz_lcm(acc.raw(), acc.raw(), x.raw());
    }
    return int_from_bigint(std::move(acc));
}

Owned math_isqrt(ThreadState& ts, CallArgs args) {
    if (!check_one_arg(ts, args, "isqrt()")) return nullptr;
    BigInt n;
    if (!int_arg(ts, args[0], &n)) return nullptr;
    if (n.sign() < 0) return raise(ts, &kValueErrorType, "isqrt() argument must be nonnegative");
    BigInt r;
    mpz_sqrt(r.raw(), n.raw());
    return int_from_bigint(std::move(r));
}

Owned math_comb(ThreadState& ts, CallArgs args) {
    if (!check_positional(ts, args, "comb", 2, 2)) return nullptr;
    BigInt n, k;
    if (!int_arg(ts, args[0], &n) || !int_arg(ts, args[1], &k)) return nullptr;
    if (n.sign() < 0) return raise(ts, &kValueErrorType, "n must be a non-negative integer");
    if (k.sign() < 0) return raise(ts, &kValueErrorType, "k must be a non-negative integer");
    if (k.compare(n) > 0) return Owned::steal(Value::from_int(0));
    BigInt r;
    mpz_bin_ui(r.raw(), n.raw(), static_cast<unsigned long>(k.to_int64()));
    return int_from_bigint(std::move(r));
}

Owned math_perm(ThreadState& ts, CallArgs args) {
    if (!check_positional(ts, args, "perm", 1, 2)) return nullptr;
    BigInt n, k;
    if (!int_arg(ts, args[0], &n)) return nullptr;
    if (args.nargs == 2 && !args[1].is_none()) {
        if (!int_arg(ts, args[1], &k)) return nullptr;
    } else {
        k = n;
    }
    if (n.sign() < 0) return raise(ts, &kValueErrorType, "n must be a non-negative integer");
    if (k.sign() < 0) return raise(ts, &kValueErrorType, "k must be a non-negative integer");
    if (k.compare(n) > 0) return Owned::steal(Value::from_int(0));
    BigInt r(1);
    for (int64_t i = 0; i < k.to_int64(); ++i)
        r = r * (n - BigInt(i));
    return int_from_bigint(std::move(r));
}

Owned predicate(ThreadState& ts, CallArgs args, const char* name, bool (*f)(double)) {
    if (!check_one_arg(ts, args, name)) return nullptr;
    double x;
    if (!real_arg(ts, args[0], &x)) return nullptr;
    return Owned::from_bool(f(x));
}

Owned math_isnan(ThreadState& ts, CallArgs args) {
    return predicate(ts, args, "isnan()", [](double x) { return std::isnan(x); });
}
Owned math_isinf(ThreadState& ts, CallArgs args) {
    return predicate(ts, args, "isinf()", [](double x) { return std::isinf(x); });
}
Owned math_isfinite(ThreadState& ts, CallArgs args) {
    return predicate(ts, args, "isfinite()", [](double x) { return std::isfinite(x); });
}

Owned math_isclose(ThreadState& ts, CallArgs args) {
    static const char* const kNames[] = {"a", "b", "rel_tol", "abs_tol"};
    Value a[4];
    if (!parse_args(ts, args, "isclose", kNames, 2, a, 2)) return nullptr;
    double x, y, rel = 1e-9, abs_tol = 0.0;
    if (!real_arg(ts, a[0], &x) || !real_arg(ts, a[1], &y)) return nullptr;
    if (!a[2].is_null() && !real_arg(ts, a[2], &rel)) return nullptr;
    if (!a[3].is_null() && !real_arg(ts, a[3], &abs_tol)) return nullptr;
    if (rel < 0 || abs_tol < 0)
        return raise(ts, &kValueErrorType, "tolerances must be non-negative");
    if (x == y) return Owned::from_bool(true);
    if (std::isinf(x) || std::isinf(y)) return Owned::from_bool(false);
    double diff = std::fabs(y - x);
    return Owned::from_bool(diff <= std::fabs(rel * y) || diff <= std::fabs(rel * x) ||
                            diff <= abs_tol);
}

Owned math_degrees(ThreadState& ts, CallArgs args) {
    return unary(ts, args, "degrees()", [](double x) { return x * (180.0 / M_PI); });
}
Owned math_radians(ThreadState& ts, CallArgs args) {
    return unary(ts, args, "radians()", [](double x) { return x * (M_PI / 180.0); });
}

Owned math_modf(ThreadState& ts, CallArgs args) {
    if (!check_one_arg(ts, args, "modf()")) return nullptr;
    double x, ip;
    if (!real_arg(ts, args[0], &x)) return nullptr;
    double fp = std::modf(x, &ip);
    return new_tuple_of({Value::from_float(fp), Value::from_float(ip)});
}

Owned math_frexp(ThreadState& ts, CallArgs args) {
    if (!check_one_arg(ts, args, "frexp()")) return nullptr;
    double x;
    if (!real_arg(ts, args[0], &x)) return nullptr;
    int e = 0;
    double m = std::frexp(x, &e);
    return new_tuple_of({Value::from_float(m), Value::from_int(e)});
}

Owned math_ldexp(ThreadState& ts, CallArgs args) {
    if (!check_positional(ts, args, "ldexp", 2, 2)) return nullptr;
    double x;
    int64_t e;
    if (!real_arg(ts, args[0], &x)) return nullptr;
    if (!is_int(args[1]))
        return raise(ts, &kTypeErrorType, "Expected an int as second argument to ldexp.");
    if (!index_int64(ts, args[1], &e)) return nullptr;
    double r = std::ldexp(x, static_cast<int>(std::clamp<int64_t>(e, -100000, 100000)));
    if (std::isinf(r) && std::isfinite(x))
        return raise(ts, &kOverflowErrorType, "math range error");
    return Owned::from_float(r);
}

// fsum: Shewchuk's exact summation with partials (as CPython's math_fsum).
Owned math_fsum(ThreadState& ts, CallArgs args) {
    if (!check_one_arg(ts, args, "fsum()")) return nullptr;
    Owned it = get_iter(ts, args[0]);
    if (!it) return nullptr;
    std::vector<double> partials;
    while (Owned item = iter_next(ts, it.get())) {
        double x;
        if (!real_arg(ts, item.get(), &x)) return nullptr;
        size_t i = 0;
        for (double y : partials) {
            if (std::fabs(x) < std::fabs(y)) std::swap(x, y);
            double hi = x + y;
            double lo = y - (hi - x);
            if (lo != 0.0) partials[i++] = lo;
            x = hi;
        }
        partials.resize(i);
        partials.push_back(x);
    }
    if (ts.has_exception()) return nullptr;
    double hi = 0.0;
    if (!partials.empty()) {
        size_t n = partials.size();
        hi = partials[--n];
        double lo = 0;
        while (n > 0) {
            double x = hi;
            double y = partials[--n];
            hi = x + y;
            double yr = hi - x;
            lo = y - yr;
            if (lo != 0.0) break;
        }
        if (n > 0 && ((lo < 0.0 && partials[n - 1] < 0.0) || (lo > 0.0 && partials[n - 1] > 0.0))) {
            double y = lo * 2.0;
            double x = hi + y;
            double yr = x - hi;
            if (y == yr) hi = x;
        }
    }
    return Owned::from_float(hi);
}

Owned math_prod(ThreadState& ts, CallArgs args) {
    static const char* const kNames[] = {"iterable", "start"};
    Value a[2];
    if (!parse_args(ts, args, "prod", kNames, 1, a, 1)) return nullptr;
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
    {"sqrt", math_sqrt},       {"exp", math_exp},           {"log", math_log},
    {"log2", math_log2},       {"log10", math_log10},       {"log1p", math_log1p},
    {"expm1", math_expm1},     {"pow", math_pow},           {"sin", math_sin},
    {"cos", math_cos},         {"tan", math_tan},           {"asin", math_asin},
    {"acos", math_acos},       {"atan", math_atan},         {"atan2", math_atan2},
    {"sinh", math_sinh},       {"cosh", math_cosh},         {"tanh", math_tanh},
    {"hypot", math_hypot},     {"fabs", math_fabs},         {"floor", math_floor},
    {"ceil", math_ceil},       {"trunc", math_trunc},       {"factorial", math_factorial},
    {"gcd", math_gcd},         {"lcm", math_lcm},           {"isqrt", math_isqrt},
    {"comb", math_comb},       {"perm", math_perm},         {"isnan", math_isnan},
    {"isinf", math_isinf},     {"isfinite", math_isfinite}, {"isclose", math_isclose},
    {"degrees", math_degrees}, {"radians", math_radians},   {"copysign", math_copysign},
    {"fmod", math_fmod},       {"modf", math_modf},         {"frexp", math_frexp},
    {"ldexp", math_ldexp},     {"fsum", math_fsum},         {"prod", math_prod},
    {nullptr, nullptr},
};

}  // namespace

Ref<ModuleObject> init_math_module(ThreadState& ts) {
    Ref<ModuleObject> m = new_module(ts, "math");
    module_add_functions(ts, m.get(), kMathFunctions);
    module_set(ts, m.get(), "pi", Value::from_float(M_PI));
    module_set(ts, m.get(), "e", Value::from_float(M_E));
    module_set(ts, m.get(), "tau", Value::from_float(2 * M_PI));
    module_set(ts, m.get(), "inf", Value::from_float(HUGE_VAL));
    module_set(ts, m.get(), "nan", Value::from_float(std::nan("")));
    return m;
}

}  // namespace gilpy::stdlib
