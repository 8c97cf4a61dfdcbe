// float: IEEE double, always a tagged immediate (Tag::Float), so float arithmetic never
// allocates.
#pragma once

#include <string>

#include "runtime/type_object.hpp"

namespace gilpy::runtime {

// True for floats (there are no float subclasses yet).
inline bool is_float(Value v) {
    return v.is_float();
}

// Converts an int or float to double for mixed arithmetic; false if raised (OverflowError for
// huge ints, TypeError for other types when [strict]).
bool to_double(ThreadState& ts, Value v, double* out);

// float(x) for any argument: str, int, float, or an object with __float__.
Owned float_from_value(ThreadState& ts, Value v);

// repr(d): the shortest string that reads back as [d], laid out as CPython does.
std::string float_repr_text(double d);

}  // namespace gilpy::runtime
