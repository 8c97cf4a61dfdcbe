// set and frozenset: hash sets of values (open addressing, like dict without values or order).
#pragma once

#include <cstdint>

#include "runtime/type_object.hpp"

namespace gilpy::runtime {

extern TypeObject kSetType;
extern TypeObject kFrozenSetType;

struct SetEntry {
    int64_t hash;
    Value key;  // null: empty; the dummy marker: deleted
};

struct SetObject : Object {
    SetEntry* table = nullptr;
    int64_t capacity = 0;  // a power of two, or 0
    int64_t length = 0;    // live keys
    int64_t used = 0;      // live + deleted slots
    int64_t hash = -1;     // frozenset only; -1 until computed
    uint64_t version = 0;
    int64_t finger = 0;    // where pop() resumes its search (CPython's finger)

    explicit SetObject(TypeObject* t) : Object(t) {}
    ~SetObject();
};

inline bool is_set_or_frozenset(Value v) {
    return v.is_object() &&
           (v.as_object()->type == &kSetType || v.as_object()->type == &kFrozenSetType);
}
// A set, a frozenset, or an instance of a subclass of either (CPython's PyAnySet_Check).
bool is_any_set(Value v);
// A set or a subclass of set, not frozenset (CPython's PySet_Check).
bool is_mutable_set(Value v);

Ref<SetObject> new_set(TypeObject* type = &kSetType);
// Adds [key]; false if hashing raised (TypeError for unhashable).
bool set_add(ThreadState& ts, SetObject* s, Value key);
// 1 present, 0 absent, -1 raised.
int set_contains(ThreadState& ts, SetObject* s, Value key);
// 1 removed, 0 absent, -1 raised.
int set_discard(ThreadState& ts, SetObject* s, Value key);
// Iterates live keys: start with *pos = 0; false at the end. Borrowed key.
bool set_next(SetObject* s, int64_t* pos, Value* key);
// Adds every item of [iterable]; false if raised.
bool set_update(ThreadState& ts, SetObject* s, Value iterable);

// set(iterable) / frozenset(iterable) for [type] (either, or a subclass): a new set holding
// the items of [iterable] (null: empty), built in CPython's order. Null if raised.
Ref<SetObject> set_from_iterable(ThreadState& ts, TypeObject* type, Value iterable);
// s.intersection(other) as a new set of s's base type; null if raised.
Ref<SetObject> set_intersection(ThreadState& ts, SetObject* s, Value other);
// s -= other, s ^= other for any iterable [other]; false if raised.
bool set_difference_update(ThreadState& ts, SetObject* s, Value other);
bool set_symmetric_difference_update(ThreadState& ts, SetObject* s, Value other);
// Adds [key] whose hash is known; false if comparing raised.
bool set_add_hashed(ThreadState& ts, SetObject* s, Value key, int64_t hash);

}  // namespace gilpy::runtime
