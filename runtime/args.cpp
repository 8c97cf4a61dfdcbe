// Argument checking with CPython's messages (the templates of getargs.c and Argument Clinic).
#include "runtime/args.hpp"

#include "runtime/abstract.hpp"
#include "runtime/exceptions.hpp"
#include "runtime/types/float.hpp"
#include "runtime/types/int.hpp"
#include "runtime/types/str.hpp"
#include "runtime/types/tuple.hpp"

namespace gilpy::runtime {

size_t CallArgs::keyword_count() const {
    return kwnames ? static_cast<size_t>(kwnames->length) : 0;
}

bool check_no_keywords(ThreadState& ts, CallArgs args, const char* qualname) {
    if (args.keyword_count() == 0) return true;
    raisef(ts, &kTypeErrorType, "{} takes no keyword arguments", qualname);
    return false;
}

bool check_no_args(ThreadState& ts, CallArgs args, const char* qualname) {
    if (args.nargs == 0 && args.keyword_count() == 0) return true;
    if (!check_no_keywords(ts, args, qualname)) return false;
    raisef(ts, &kTypeErrorType, "{} takes no arguments ({} given)", qualname, args.nargs);
    return false;
}

bool check_one_arg(ThreadState& ts, CallArgs args, const char* qualname) {
    if (!check_no_keywords(ts, args, qualname)) return false;
    if (args.nargs == 1) return true;
    raisef(ts, &kTypeErrorType, "{} takes exactly one argument ({} given)", qualname, args.nargs);
    return false;
}

bool check_positional(ThreadState& ts, CallArgs args, const char* name, size_t min, size_t max) {
    if (args.keyword_count() != 0) {
        raisef(ts, &kTypeErrorType, "{}() takes no keyword arguments", name);
        return false;
    }
    size_t n = args.nargs;
    if (n >= min && n <= max) return true;
    if (min == max) {
        raisef(ts, &kTypeErrorType, "{} expected {} argument{}, got {}", name, min,
               min == 1 ? "" : "s", n);
    } else if (n < min) {
        raisef(ts, &kTypeErrorType, "{} expected at least {} argument{}, got {}", name, min,
               min == 1 ? "" : "s", n);
    } else {
        raisef(ts, &kTypeErrorType, "{} expected at most {} argument{}, got {}", name, max,
               max == 1 ? "" : "s", n);
    }
    return false;
}

bool parse_args(ThreadState& ts, CallArgs args, const ArgSpec& spec, Value* out) {
    const size_t nargs = args.nargs;
    const size_t nkw = args.keyword_count();
    const int max_pos = spec.max_positional;
    const int min_pos = std::min(spec.required, max_pos);
    if (nargs + nkw > static_cast<size_t>(spec.count)) {
        raisef(ts, &kTypeErrorType, "{}() takes at most {} {}argument{} ({} given)", spec.function,
               spec.count, nargs == 0 ? "keyword " : "", spec.count == 1 ? "" : "s", nargs + nkw);
        return false;
    }
    if (nargs > static_cast<size_t>(max_pos)) {
        if (max_pos == 0) {
            raisef(ts, &kTypeErrorType, "{}() takes no positional arguments", spec.function);
        } else {
            raisef(ts, &kTypeErrorType, "{}() takes {} {} positional argument{} ({} given)",
                   spec.function, min_pos < max_pos ? "at most" : "exactly", max_pos,
                   max_pos == 1 ? "" : "s", nargs);
        }
        return false;
    }
    for (int i = 0; i < spec.count; ++i)
        out[i] = Value::null();
    for (size_t i = 0; i < nargs; ++i)
        out[i] = args.args[i];

    // Keywords: each must name a parameter that is not positional-only and not already given.
    for (size_t k = 0; k < nkw; ++k) {
        auto* key = args.kwnames->items[k].as<StrObject>();
        int found = -1;
        for (int i = spec.positional_only; i < spec.count; ++i) {
            if (str_equals(key, spec.names[i])) {
                found = i;
                break;
            }
        }
        if (found < 0) {
            raisef(ts, &kTypeErrorType, "'{}' is an invalid keyword argument for {}()", key->view(),
                   spec.function);
            return false;
        }
        if (static_cast<size_t>(found) < nargs) {
            raisef(ts, &kTypeErrorType, "argument for {}() given by name ('{}') and position ({})",
                   spec.function, key->view(), found + 1);
            return false;
        }
        out[found] = args.keyword_value(k);
    }
    for (int i = static_cast<int>(nargs); i < spec.required; ++i) {
        if (!out[i].is_null()) continue;
        if (i < spec.positional_only) {
            raisef(ts, &kTypeErrorType, "{}() takes {} {} positional argument{} ({} given)",
                   spec.function, spec.positional_only < max_pos ? "at least" : "exactly",
                   spec.positional_only, spec.positional_only == 1 ? "" : "s", nargs);
        } else if (i >= max_pos) {
            raisef(ts, &kTypeErrorType, "{}() missing required keyword-only argument '{}'",
                   spec.function, spec.names[i]);
        } else {
            raisef(ts, &kTypeErrorType, "{}() missing required argument '{}' (pos {})",
                   spec.function, spec.names[i], i + 1);
        }
        return false;
    }
    return true;
}

bool arg_int64(ThreadState& ts, Value v, int64_t* out) {
    return index_int64(ts, v, out);
}

bool real_arg(ThreadState& ts, Value v, double* out) {
    if (v.is_float()) {
        *out = v.as_float();
        return true;
    }
    if (is_int(v)) return int_to_double(ts, v, out);
    const NumberSlots* n = type_of(v)->number;
    if (n && (n->to_float || n->index) && !is_str(v)) {
        Owned f = float_from_value(ts, v);
        if (!f) return false;
        *out = f.get().as_float();
        return true;
    }
    raisef(ts, &kTypeErrorType, "must be real number, not {}", type_name(v));
    return false;
}

}  // namespace gilpy::runtime
