// slice: the value of `a:b:c` in a subscript, and the index arithmetic every sequence uses.
#pragma once

#include <cstdint>

#include "runtime/type_object.hpp"

namespace gilpy::runtime {

extern TypeObject kSliceType;

struct SliceObject : Object {
    Owned start, stop, step;  // None when omitted
    SliceObject(Owned a, Owned b, Owned c)
        : Object(&kSliceType), start(std::move(a)), stop(std::move(b)), step(std::move(c)) {}
};

inline bool is_slice(Value v) { return v.is_object() && v.as_object()->type == &kSliceType; }

Ref<SliceObject> new_slice(Value start, Value stop, Value step);

// Resolves [slice] against a sequence of [length] as slice.indices() does: clamps start and
// stop, rejects a zero step (ValueError "slice step cannot be zero"), and returns the number
// of selected items in *count. False if raised.
bool slice_indices(ThreadState& ts, SliceObject* slice, int64_t length, int64_t* start,
                   int64_t* stop, int64_t* step, int64_t* count);

// Normalises a possibly negative index for a sequence of [length]: true when 0 <= index <
// length after adding length to a negative index.
inline bool normalize_index(int64_t* index, int64_t length) {
    if (*index < 0) *index += length;
    return *index >= 0 && *index < length;
}

}  // namespace gilpy::runtime
