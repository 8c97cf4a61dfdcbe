// tuple: an immutable, fixed-length array of values, allocated in one block.
#pragma once

#include <cstdint>
#include <initializer_list>

#include "runtime/type_object.hpp"

namespace gilpy::runtime {

extern TypeObject kTupleType;

struct TupleObject : Object {
    int64_t length;
    int64_t hash;     // -1 until computed
    Value items[1];   // length items, each owning one reference

    Value* begin() { return items; }
    Value* end() { return items + length; }
};

inline bool is_tuple(Value v) {
    return v.is_object() && (v.as_object()->type->flags & kTypeTupleSubclass);
}
inline bool is_exact_tuple(Value v) { return v.is_object() && v.as_object()->type == &kTupleType; }

// A tuple of [length] null items; the caller must fill every slot with an owned reference
// before the tuple escapes.
Ref<TupleObject> new_tuple(int64_t length);
// A tuple of new references to [values].
Ref<TupleObject> new_tuple_of(std::initializer_list<Value> values);
Ref<TupleObject> new_tuple_from(const Value* values, int64_t length);
// The shared empty tuple (immortal).
TupleObject* empty_tuple();

}  // namespace gilpy::runtime
