// list: a growable array of values (CPython's over-allocation growth pattern).
#pragma once

#include <cstdint>

#include "runtime/type_object.hpp"
#include "runtime/types/dict.hpp"

namespace gilpy::runtime {

extern TypeObject kListType;
extern TypeObject kListReverseIteratorType;  // reversed(list)

struct ListObject : Object {
    Value* items = nullptr;  // capacity slots, the first length owning one reference each
    int64_t length = 0;
    int64_t capacity = 0;
    Ref<DictObject> dict;  // instance attributes of list subclasses; null for plain lists

    explicit ListObject(TypeObject* t = &kListType) : Object(t) {}
    ~ListObject();
};

// Where instances of list subclasses keep their __dict__ (runtime/types/heap_type.cpp).
Ref<DictObject>* list_instance_dict(Object* self);

inline bool is_list(Value v) {
    return v.is_object() && (v.as_object()->type->flags & kTypeListSubclass);
}
inline bool is_exact_list(Value v) {
    return v.is_object() && v.as_object()->type == &kListType;
}

Ref<ListObject> new_list(int64_t capacity = 0);
// Appends a new reference to [v]. Never fails except on memory exhaustion (bad_alloc).
void list_append_value(ListObject* list, Value v);
// Appends, taking over the reference in [v].
void list_append_owned(ListObject* list, Owned v);
// Makes room for [capacity] items.
void list_reserve(ListObject* list, int64_t capacity);
// Extends [list] with every item of the iterable [iterable]; false if raised.
bool list_extend(ThreadState& ts, ListObject* list, Value iterable);
// Sorts in place, stable, with optional key function and reverse; false if raised.
bool list_sort_values(ThreadState& ts, ListObject* list, Value key, bool reverse);
// list(iterable) as a new list, or null if raised.
Ref<ListObject> list_from_iterable(ThreadState& ts, Value iterable);

}  // namespace gilpy::runtime
