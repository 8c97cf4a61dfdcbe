// range: an immutable arithmetic progression (start, stop, step), with its iterator.
#pragma once

#include <cstdint>

#include "runtime/type_object.hpp"

namespace gilpy::runtime {

extern TypeObject kRangeType;
extern TypeObject kRangeIteratorType;

extern TypeObject kLongRangeIteratorType;

// A range keeps its bounds and length as int64 when all four fit (the fast paths); otherwise
// [big] is set and the bounds live in the Owned fields as Python ints (CPython's arbitrary-size
// ranges: range(10**20)[-1], 10**30 in range(0, 10**40, 7)).
struct RangeObject : Object {
    int64_t start, stop, step, length;
    bool big = false;
    Owned big_start, big_stop, big_step, big_length;  // set only when [big]
    RangeObject(int64_t b, int64_t e, int64_t s);
    RangeObject() : Object(&kRangeType), start(0), stop(0), step(1), length(0) {}
};

struct RangeIteratorObject : Object {
    int64_t next, step, remaining;
    RangeIteratorObject(int64_t n, int64_t s, int64_t r)
        : Object(&kRangeIteratorType), next(n), step(s), remaining(r) {}
};

// The iterator of a big range: Python int arithmetic.
struct LongRangeIteratorObject : Object {
    Owned next, step, remaining;
    LongRangeIteratorObject() : Object(&kLongRangeIteratorType) {}
};

}  // namespace gilpy::runtime
