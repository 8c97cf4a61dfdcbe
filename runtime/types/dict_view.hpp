// The dict views (dict_keys, dict_values, dict_items: live, set-like windows on a dict) and the
// iterators over a dict's keys, values and items, forwards and reversed.
#pragma once

#include <cstdint>

#include "runtime/type_object.hpp"
#include "runtime/types/dict.hpp"
#include "runtime/types/tuple.hpp"

namespace gilpy::runtime {

extern TypeObject kDictKeysType;
extern TypeObject kDictValuesType;
extern TypeObject kDictItemsType;
extern TypeObject kDictKeyIteratorType;
extern TypeObject kDictValueIteratorType;
extern TypeObject kDictItemIteratorType;
extern TypeObject kDictReverseKeyIteratorType;
extern TypeObject kDictReverseValueIteratorType;
extern TypeObject kDictReverseItemIteratorType;

// d.keys(), d.values(), d.items(): a view keeps its dict alive and reflects its changes.
struct DictViewObject : Object {
    Ref<DictObject> dict;
    DictViewObject(TypeObject* t, Ref<DictObject> d) : Object(t), dict(std::move(d)) {}
};

enum class DictIterKind : uint8_t { Keys, Values, Items };

// An iterator over a dict's entries in insertion order (or reversed). Like CPython's, it fails
// with RuntimeError when the dict changes size while it runs.
struct DictIteratorObject : Object {
    Ref<DictObject> dict;     // null once exhausted
    int64_t pos;              // next entry to look at (reversed: counts down)
    int64_t expected_length;  // the dict's length when created; -1 once a change was seen
    int64_t remaining;        // entries not yet produced (__length_hint__)
    Ref<TupleObject> pair;    // items: the last pair returned, reused when nobody else holds it
    DictIteratorObject(TypeObject* t, Ref<DictObject> d) : Object(t), dict(std::move(d)) {}
};

inline bool is_dict_keys_view(Value v) {
    return v.is_object() && v.as_object()->type == &kDictKeysType;
}
inline bool is_dict_items_view(Value v) {
    return v.is_object() && v.as_object()->type == &kDictItemsType;
}

// A new view of [d]; [view_type] is kDictKeysType, kDictValuesType or kDictItemsType.
Owned new_dict_view(DictObject* d, TypeObject* view_type);
// A new iterator over [d] (the iter slot of dict and of its views, and __reversed__).
Owned new_dict_iterator(DictObject* d, DictIterKind kind, bool reversed = false);

}  // namespace gilpy::runtime
