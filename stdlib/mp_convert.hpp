// The C integer conversion _multiprocessing's parts share, with CPython's message: an integer
// as a C int (_PyLong_AsInt). Real numbers use runtime/args.hpp's real_arg.
#pragma once

#include <climits>

#include "runtime/abstract.hpp"
#include "runtime/exceptions.hpp"
#include "runtime/types/float.hpp"
#include "runtime/types/int.hpp"
#include "runtime/types/str.hpp"

namespace gilpy::stdlib {

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
