// range: an immutable arithmetic progression (start, stop, step), with its iterator.
#pragma once

#include <cstdint>

#include "runtime/type_object.hpp"

namespace gilpy::runtime {

extern TypeObject kRangeType;
extern TypeObject kRangeIteratorType;

// Ranges whose bounds fit in int64 (a range of big ints raises OverflowError in gilpy: a
// documented difference, since no realistic loop needs more than 2**63 steps).
struct RangeObject : Object {
    int64_t start, stop, step, length;
    RangeObject(int64_t b, int64_t e, int64_t s);
};

struct RangeIteratorObject : Object {
    int64_t next, step, remaining;
    RangeIteratorObject(int64_t n, int64_t s, int64_t r)
        : Object(&kRangeIteratorType), next(n), step(s), remaining(r) {}
};

}  // namespace gilpy::runtime
