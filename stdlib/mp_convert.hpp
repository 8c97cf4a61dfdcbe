// The C argument conversions _multiprocessing's parts share, with CPython's messages: a real
// number as a C double (PyFloat_AsDouble) and an integer as a C int (_PyLong_AsInt).
#pragma once

#include <climits>

#include "runtime/abstract.hpp"
#include "runtime/exceptions.hpp"
#include "runtime/types/float.hpp"
#include "runtime/types/int.hpp"
#include "runtime/types/str.hpp"

namespace gilpy::stdlib {

// Floats, ints (OverflowError when too big), objects with __float__ or __index__; TypeError
// "must be real number, not str" otherwise. False if raised.
[[nodiscard]] inline bool mp_real_arg(runtime::ThreadState& ts, runtime::Value v, double* out) {
    using namespace runtime;
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

// An integer (operator.index semantics) that must fit a C int. False if raised.
[[nodiscard]] inline bool mp_c_int_arg(runtime::ThreadState& ts, runtime::Value v, int* out) {
    using namespace runtime;
    Owned i = index(ts, v);
    if (!i) return false;
    int64_t wide;
    if (!int_to_int64(i.get(), &wide) || wide < INT_MIN || wide > INT_MAX) {
        raise(ts, &kOverflowErrorType, "Python int too large to convert to C int");
        return false;
    }
    *out = static_cast<int>(wide);
    return true;
}

}  // namespace gilpy::stdlib
