// dict: an insertion-ordered hash table (CPython's compact layout): a dense array of entries
// in insertion order, plus a sparse open-addressing index into it. Also the storage of module
// globals, instance attributes and type dicts, so str keys have a fast path.
#pragma once

#include <cstdint>
#include <string_view>

#include "runtime/type_object.hpp"

namespace gilpy::runtime {

extern TypeObject kDictType;

struct DictEntry {
    int64_t hash;
    Value key;  // null: a deleted entry
    Value value;
};

struct DictObject : Object {
    DictEntry* entries = nullptr;
    int64_t entries_used = 0;      // entries written, live or deleted
    int64_t entries_capacity = 0;
    int64_t length = 0;            // live entries
    int64_t* index = nullptr;      // index_capacity slots: -1 empty, -2 dummy, else entry number
    int64_t index_capacity = 0;    // a power of two, or 0
    // Changes on every insertion, deletion and value replacement. The high bits hold an
    // identity (kDictVersionIdShift) that dict_version_id() gives a dict on demand, unique
    // across all dicts ever made, so a cache keyed on a version alone knows both the dict and
    // its contents; dicts nobody caches keep identity 0.
    uint64_t version = 0;
    Ref<DictObject> dict;          // instance attributes of dict subclasses; null otherwise

    explicit DictObject(TypeObject* t = &kDictType) : Object(t) {}
    ~DictObject();
};

inline constexpr int kDictVersionIdShift = 24;

// [d]'s version after giving it an identity if it had none: a value no other dict's version
// ever takes (see DictObject::version).
uint64_t dict_identified_version(DictObject* d);

// Where instances of dict subclasses keep their __dict__ (runtime/types/heap_type.cpp).
Ref<DictObject>* dict_instance_dict(Object* self);

inline bool is_dict(Value v) {
    return v.is_object() && (v.as_object()->type->flags & kTypeDictSubclass);
}
inline bool is_exact_dict(Value v) { return v.is_object() && v.as_object()->type == &kDictType; }

Ref<DictObject> new_dict();

// Looks [key] up: 1 and *out set (borrowed) when found, 0 when missing, -1 when hashing or
// comparing raised.
int dict_lookup(ThreadState& ts, DictObject* d, Value key, Value* out);
// Looks up a str key; cannot raise. Returns a borrowed value or null.
Value dict_get_str(DictObject* d, StrObject* key);
Value dict_get_str(ThreadState& ts, DictObject* d, std::string_view key);
// The entry number of str [key] in d->entries, or -1 when missing; cannot raise. The number
// stays valid, for a key that stays, until the dict is resized (inline caches re-check the
// entry's key before trusting it).
int64_t dict_str_index(DictObject* d, StrObject* key);
// Replaces the value of live entry [ix] (a new reference to [value]), as d[key] = value would.
void dict_replace_at(DictObject* d, int64_t ix, Value value);
// d[key] = value (new references to both); false when hashing raised.
bool dict_set(ThreadState& ts, DictObject* d, Value key, Value value);
void dict_set_str(DictObject* d, StrObject* key, Value value);
bool dict_set_str(ThreadState& ts, DictObject* d, std::string_view key, Value value);
// del d[key]: 1 deleted, 0 missing (nothing raised), -1 raised.
int dict_delete(ThreadState& ts, DictObject* d, Value key);
// Removes every entry.
void dict_clear(DictObject* d);
// Iterates live entries in insertion order: start with *pos = 0; returns false at the end.
// Borrowed key and value.
bool dict_next(DictObject* d, int64_t* pos, Value* key, Value* value);
// A shallow copy.
Ref<DictObject> dict_copy(DictObject* d);
// d.update(other) for a dict or an iterable of pairs / mapping with keys(); false if raised.
bool dict_update(ThreadState& ts, DictObject* d, Value other);

// An empty dict with room for [n] entries without resizing (BUILD_MAP, dict.copy).
Ref<DictObject> new_dict_presized(int64_t n);
// dict_lookup and dict_set with the key's hash already known (hash(key) == [hash]).
int dict_lookup_hashed(ThreadState& ts, DictObject* d, Value key, int64_t hash, Value* out);
bool dict_set_hashed(ThreadState& ts, DictObject* d, Value key, int64_t hash, Value value);
// Merges a mapping (a dict, or anything with keys() and __getitem__) into [d] (CPython's
// _PyDict_MergeEx): [override] 0 keeps existing keys, 1 replaces them, 2 raises KeyError(key)
// for a key already present. False if raised.
bool dict_merge(ThreadState& ts, DictObject* d, Value other, int override);
// Removes [key] and returns its value (a new reference): null with no exception when missing.
Owned dict_pop(ThreadState& ts, DictObject* d, Value key);

}  // namespace gilpy::runtime
