// dict: CPython's compact ordered table. Entries live in a dense array in insertion order; a
// sparse power-of-two index of entry numbers is probed with CPython's perturbation sequence
// (i = 5*i + 1 + perturb), so iteration is insertion order and lookups touch few cache lines.
// The index is at most 2/3 full; a deleted entry leaves a hole in the entries and a dummy in
// the index until the next resize compacts both.
#include "runtime/types/dict.hpp"

#include <fmt/format.h>

#include <atomic>
#include <cstdlib>
#include <cstring>
#include <new>
#include <string>
#include <vector>

#include "runtime/abstract.hpp"
#include "runtime/args.hpp"
#include "runtime/exceptions.hpp"
#include "runtime/interpreter_state.hpp"
#include "runtime/thread_state.hpp"
#include "runtime/types/dict_view.hpp"
#include "runtime/types/list.hpp"
#include "runtime/types/set.hpp"
#include "runtime/types/str.hpp"
#include "runtime/types/tuple.hpp"

namespace gilpy::runtime {

namespace {

constexpr uint64_t kVersionCountMask = (uint64_t{1} << kDictVersionIdShift) - 1;

// Identities for dict versions, shared by every interpreter and thread (taken rarely: when a
// cache first keys on a dict, and after 2^24 changes of an identified dict).
uint64_t fresh_version_id() {
    static std::atomic<uint64_t> next{1};
    return next.fetch_add(1, std::memory_order_relaxed) << kDictVersionIdShift;
}

// A change of [d]: the count part moves on; when it wraps, an identified dict takes a fresh
// identity (so no version repeats), an anonymous one stays anonymous.
inline void bump_version(DictObject* d) {
    uint64_t v = d->version + 1;
    if ((v & kVersionCountMask) == 0) [[unlikely]] {
        v = (d->version & ~kVersionCountMask) ? fresh_version_id() : 0;
    }
    d->version = v;
}

constexpr int64_t kEmptySlot = -1;
constexpr int64_t kDummySlot = -2;
constexpr int64_t kMinIndexSize = 8;
constexpr int kPerturbShift = 5;
// find_entry results besides an entry number.
constexpr int64_t kMissing = -1;
constexpr int64_t kLookupError = -2;

// CPython's USABLE_FRACTION: the entries an index of [n] slots may address (load <= 2/3).
constexpr int64_t usable_fraction(int64_t n) {
    return (n << 1) / 3;
}

// The smallest power of two >= [min_size], at least kMinIndexSize.
int64_t index_size_for(int64_t min_size) {
    int64_t size = kMinIndexSize;
    while (size < min_size)
        size <<= 1;
    return size;
}

template <class T>
T* checked_alloc(int64_t count) {
    void* p = std::malloc(sizeof(T) * static_cast<size_t>(count));
    if (!p) throw std::bad_alloc();
    return static_cast<T*>(p);
}

inline int64_t key_hash(ThreadState& ts, Value key) {
    if (is_exact_str(key)) {
        auto* s = key.as<StrObject>();
        return s->hash != -1 ? s->hash : str_hash(s);
    }
    return hash(ts, key);
}

// Puts entry [ix] with [hash] into the first free slot of a fresh index (no dummies).
void index_insert_clean(int64_t* index, uint64_t mask, uint64_t hash, int64_t ix) {
    uint64_t perturb = hash;
    uint64_t i = hash & mask;
    while (index[i] != kEmptySlot) {
        perturb >>= kPerturbShift;
        i = (i * 5 + perturb + 1) & mask;
    }
    index[i] = ix;
}

// Rebuilds the table with an index of [index_size] slots, dropping deleted entries.
void dict_resize(DictObject* d, int64_t index_size) {
    int64_t capacity = usable_fraction(index_size);
    auto* entries = checked_alloc<DictEntry>(capacity);
    auto* index = checked_alloc<int64_t>(index_size);
    std::memset(index, 0xff, sizeof(int64_t) * static_cast<size_t>(index_size));  // all -1
    int64_t n = 0;
    for (int64_t i = 0; i < d->entries_used; ++i) {
        if (!d->entries[i].key.is_null()) entries[n++] = d->entries[i];
    }
    uint64_t mask = static_cast<uint64_t>(index_size - 1);
    for (int64_t i = 0; i < n; ++i) {
        index_insert_clean(index, mask, static_cast<uint64_t>(entries[i].hash), i);
    }
    std::free(d->entries);
    std::free(d->index);
    d->entries = entries;
    d->index = index;
    d->entries_used = n;
    d->entries_capacity = capacity;
    d->index_capacity = index_size;
}

// Makes room for one more entry (CPython's insertion_resize: GROWTH_RATE = used * 3).
void dict_grow(DictObject* d) {
    dict_resize(d, index_size_for(d->length * 3));
}

// The key comparison of a lookup once hashes matched and identity failed: 1 equal, 0 not,
// -1 raised, 2 the dict changed under the comparison (the lookup must restart).
int keys_match_slow(ThreadState& ts, DictObject* d, int64_t ix, Value key) {
    Value start = d->entries[ix].key;
    if (start.is_int() && key.is_int()) return 0;
    if (is_exact_str(start) && is_exact_str(key)) {
        return str_equals(start.as<StrObject>(), key.as<StrObject>());
    }
    DictEntry* entries = d->entries;
    Owned hold = Owned::borrow(start);
    int eq = equals(ts, start, key);
    if (eq < 0) return -1;
    if (d->entries != entries || ix >= d->entries_used || !d->entries[ix].key.is(start)) return 2;
    return eq;
}

// Finds [key]: its entry number (and *slot its index slot), kMissing, or kLookupError.
int64_t find_entry(ThreadState& ts, DictObject* d, Value key, int64_t hash, uint64_t* slot) {
restart:
    if (d->index_capacity == 0) return kMissing;
    uint64_t mask = static_cast<uint64_t>(d->index_capacity - 1);
    uint64_t perturb = static_cast<uint64_t>(hash);
    uint64_t i = perturb & mask;
    while (true) {
        int64_t ix = d->index[i];
        if (ix == kEmptySlot) return kMissing;
        if (ix >= 0) {
            const DictEntry& e = d->entries[ix];
            if (e.key.is(key)) {
                *slot = i;
                return ix;
            }
            if (e.hash == hash) {
                int r = keys_match_slow(ts, d, ix, key);
                if (r == 1) {
                    *slot = i;
                    return ix;
                }
                if (r < 0) return kLookupError;
                if (r == 2) goto restart;
            }
        }
        perturb >>= kPerturbShift;
        i = (i * 5 + perturb + 1) & mask;
    }
}

// Finds a str key comparing by identity then content only (cannot raise).
int64_t find_str_entry(const DictObject* d, StrObject* key, int64_t hash, uint64_t* slot) {
    if (d->index_capacity == 0) return kMissing;
    uint64_t mask = static_cast<uint64_t>(d->index_capacity - 1);
    uint64_t perturb = static_cast<uint64_t>(hash);
    uint64_t i = perturb & mask;
    while (true) {
        int64_t ix = d->index[i];
        if (ix == kEmptySlot) return kMissing;
        if (ix >= 0) {
            const DictEntry& e = d->entries[ix];
            if (e.key.is_object() &&
                (e.key.as_object() == key ||
                 (e.hash == hash && is_str(e.key) && str_equals(e.key.as<StrObject>(), key)))) {
                *slot = i;
                return ix;
            }
        }
        perturb >>= kPerturbShift;
        i = (i * 5 + perturb + 1) & mask;
    }
}

// Appends a new entry for a key known to be absent; takes new references to key and value.
void insert_new(DictObject* d, Value key, int64_t hash, Value value) {
    if (d->entries_used >= d->entries_capacity) dict_grow(d);
    uint64_t mask = static_cast<uint64_t>(d->index_capacity - 1);
    uint64_t perturb = static_cast<uint64_t>(hash);
    uint64_t i = perturb & mask;
    while (d->index[i] >= 0) {  // empty and dummy slots are both free
        perturb >>= kPerturbShift;
        i = (i * 5 + perturb + 1) & mask;
    }
    incref(key);
    incref(value);
    d->index[i] = d->entries_used;
    d->entries[d->entries_used++] = DictEntry{hash, key, value};
    ++d->length;
    bump_version(d);
}

// Replaces the value of entry [ix] (a new reference to [value]); the old one is released last.
void replace_value(DictObject* d, int64_t ix, Value value) {
    Value old = d->entries[ix].value;
    incref(value);
    d->entries[ix].value = value;
    bump_version(d);
    decref(old);
}

// Removes entry [ix] found at index [slot]; its references are released last.
void delete_entry(DictObject* d, uint64_t slot, int64_t ix) {
    DictEntry& e = d->entries[ix];
    Value key = e.key, value = e.value;
    d->index[slot] = kDummySlot;
    e.key = Value::null();
    e.value = Value::null();
    --d->length;
    bump_version(d);
    decref(key);
    decref(value);
}

void reserve(DictObject* d, int64_t n) {
    if (usable_fraction(d->index_capacity) - d->entries_used >= n - d->length) return;
    dict_resize(d, index_size_for((n * 3 + 1) / 2));
}

// Py_ReprEnter/Py_ReprLeave: marks [o] as being repr'd on this thread.
class ReprScope {
  public:
    ReprScope(ThreadState& ts, Object* o) : ts_(ts) {
        for (Object* p : ts.repr_stack) {
            if (p == o) return;
        }
        ts.repr_stack.push_back(o);
        entered_ = true;
    }
    ~ReprScope() {
        if (entered_) ts_.repr_stack.pop_back();
    }
    bool recursive() const { return !entered_; }

  private:
    ThreadState& ts_;
    bool entered_ = false;
};

StrObject* intern(ThreadState& ts, const char* name) {
    return ts.interp.intern(name);
}

// One item of an iterable of pairs, as its two values (CPython's PySequence_Fast + size check).
bool unpack_pair(ThreadState& ts, Value item, int64_t n, Owned* key, Owned* value) {
    std::vector<Owned> parts;
    const Value* values = nullptr;
    int64_t size = 0;
    if (is_exact_tuple(item)) {
        values = item.as<TupleObject>()->items;
        size = item.as<TupleObject>()->length;
    } else if (is_exact_list(item)) {
        values = item.as<ListObject>()->items;
        size = item.as<ListObject>()->length;
    } else {
        Owned it = get_iter(ts, item);
        if (!it) {
            if (exception_matches(ts, &kTypeErrorType)) {
                clear_exception(ts);
                raisef(ts, &kTypeErrorType,
                       "cannot convert dictionary update sequence element #{} to a sequence", n);
            }
            return false;
        }
        while (Owned x = iter_next(ts, it.get()))
            parts.push_back(std::move(x));
        if (ts.has_exception()) return false;
        size = static_cast<int64_t>(parts.size());
    }
    if (size != 2) {
        raisef(ts, &kValueErrorType,
               "dictionary update sequence element #{} has length {}; 2 is required", n, size);
        return false;
    }
    if (values) {
        *key = Owned::borrow(values[0]);
        *value = Owned::borrow(values[1]);
    } else {
        *key = std::move(parts[0]);
        *value = std::move(parts[1]);
    }
    return true;
}

// d.update(iterable of pairs) (CPython's PyDict_MergeFromSeq2 with override).
bool merge_from_pairs(ThreadState& ts, DictObject* d, Value seq) {
    Owned it = get_iter(ts, seq);
    if (!it) return false;
    for (int64_t n = 0;; ++n) {
        Owned item = iter_next(ts, it.get());
        if (!item) return !ts.has_exception();
        Owned key, value;
        if (!unpack_pair(ts, item.get(), n, &key, &value)) return false;
        if (!dict_set(ts, d, key.get(), value.get())) return false;
    }
}

Owned dict_iter(ThreadState& ts, Value self);

// True when [v] is a dict whose iteration is dict's own, so its entries can be read directly.
bool is_plain_dict_iteration(Value v) {
    return is_dict(v) && type_of(v)->iter == dict_iter;
}

// Sets [key] according to the merge [override] mode.
bool merge_one(ThreadState& ts, DictObject* d, Value key, int64_t hash, Value value, int override) {
    if (override == 1) return dict_set_hashed(ts, d, key, hash, value);
    Value existing;
    int found = dict_lookup_hashed(ts, d, key, hash, &existing);
    if (found < 0) return false;
    if (found) {
        if (override == 2) {
            raise_with_value(ts, &kKeyErrorType, key);
            return false;
        }
        return true;
    }
    return dict_set_hashed(ts, d, key, hash, value);
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// The C++ API

Ref<DictObject>* dict_instance_dict(Object* self) {
    return &static_cast<DictObject*>(self)->dict;
}

uint64_t dict_identified_version(DictObject* d) {
    if ((d->version & ~kVersionCountMask) == 0) d->version |= fresh_version_id();
    return d->version;
}

DictObject::~DictObject() {
    for (int64_t i = 0; i < entries_used; ++i) {
        decref(entries[i].key);
        decref(entries[i].value);
    }
    std::free(entries);
    std::free(index);
}

Ref<DictObject> new_dict() {
    return make_object<DictObject>();
}

Ref<DictObject> new_dict_presized(int64_t n) {
    Ref<DictObject> d = new_dict();
    if (n > usable_fraction(kMinIndexSize)) dict_resize(d.get(), index_size_for((n * 3 + 1) / 2));
    return d;
}

int dict_lookup_hashed(ThreadState& ts, DictObject* d, Value key, int64_t hash, Value* out) {
    uint64_t slot;
    int64_t ix = find_entry(ts, d, key, hash, &slot);
    if (ix == kLookupError) return -1;
    if (ix == kMissing) return 0;
    *out = d->entries[ix].value;
    return 1;
}

int dict_lookup(ThreadState& ts, DictObject* d, Value key, Value* out) {
    int64_t h = key_hash(ts, key);
    if (h == -1) return -1;
    return dict_lookup_hashed(ts, d, key, h, out);
}

Value dict_get_str(DictObject* d, StrObject* key) {
    if (d->index_capacity == 0) return Value::null();
    int64_t h = key->hash != -1 ? key->hash : str_hash(key);
    uint64_t slot;
    int64_t ix = find_str_entry(d, key, h, &slot);
    return ix >= 0 ? d->entries[ix].value : Value::null();
}

int64_t dict_str_index(DictObject* d, StrObject* key) {
    int64_t h = key->hash != -1 ? key->hash : str_hash(key);
    uint64_t slot;
    int64_t ix = find_str_entry(d, key, h, &slot);
    return ix >= 0 ? ix : -1;
}

void dict_replace_at(DictObject* d, int64_t ix, Value value) {
    replace_value(d, ix, value);
}

Value dict_get_str(ThreadState& ts, DictObject* d, std::string_view key) {
    return dict_get_str(d, ts.interp.intern(key));
}

bool dict_set_hashed(ThreadState& ts, DictObject* d, Value key, int64_t hash, Value value) {
    uint64_t slot;
    int64_t ix = find_entry(ts, d, key, hash, &slot);
    if (ix == kLookupError) return false;
    if (ix >= 0) {
        replace_value(d, ix, value);
    } else {
        insert_new(d, key, hash, value);
    }
    return true;
}

bool dict_set(ThreadState& ts, DictObject* d, Value key, Value value) {
    int64_t h = key_hash(ts, key);
    if (h == -1) return false;
    return dict_set_hashed(ts, d, key, h, value);
}

void dict_set_str(DictObject* d, StrObject* key, Value value) {
    int64_t h = key->hash != -1 ? key->hash : str_hash(key);
    uint64_t slot;
    int64_t ix = find_str_entry(d, key, h, &slot);
    if (ix >= 0) {
        replace_value(d, ix, value);
    } else {
        insert_new(d, Value::from_object(key), h, value);
    }
}

bool dict_set_str(ThreadState& ts, DictObject* d, std::string_view key, Value value) {
    dict_set_str(d, ts.interp.intern(key), value);
    return true;
}

int dict_delete(ThreadState& ts, DictObject* d, Value key) {
    int64_t h = key_hash(ts, key);
    if (h == -1) return -1;
    uint64_t slot;
    int64_t ix = find_entry(ts, d, key, h, &slot);
    if (ix == kLookupError) return -1;
    if (ix == kMissing) return 0;
    delete_entry(d, slot, ix);
    return 1;
}

Owned dict_pop(ThreadState& ts, DictObject* d, Value key) {
    if (d->length == 0) return nullptr;
    int64_t h = key_hash(ts, key);
    if (h == -1) return nullptr;
    uint64_t slot;
    int64_t ix = find_entry(ts, d, key, h, &slot);
    if (ix < 0) return nullptr;
    Owned value = Owned::borrow(d->entries[ix].value);
    delete_entry(d, slot, ix);
    return value;
}

void dict_clear(DictObject* d) {
    DictEntry* entries = d->entries;
    int64_t used = d->entries_used;
    std::free(d->index);
    d->entries = nullptr;
    d->index = nullptr;
    d->entries_used = d->entries_capacity = d->length = d->index_capacity = 0;
    bump_version(d);
    for (int64_t i = 0; i < used; ++i) {
        decref(entries[i].key);
        decref(entries[i].value);
    }
    std::free(entries);
}

bool dict_next(DictObject* d, int64_t* pos, Value* key, Value* value) {
    int64_t i = *pos;
    while (i < d->entries_used && d->entries[i].key.is_null())
        ++i;
    if (i >= d->entries_used) return false;
    *key = d->entries[i].key;
    *value = d->entries[i].value;
    *pos = i + 1;
    return true;
}

Ref<DictObject> dict_copy(DictObject* d) {
    Ref<DictObject> copy = new_dict();
    if (d->length == 0) return copy;
    if (d->length == d->entries_used) {
        // No holes: clone both arrays as they are.
        copy->entries = checked_alloc<DictEntry>(d->entries_capacity);
        copy->index = checked_alloc<int64_t>(d->index_capacity);
        std::memcpy(copy->entries, d->entries, sizeof(DictEntry) * d->entries_used);
        std::memcpy(copy->index, d->index, sizeof(int64_t) * d->index_capacity);
        copy->entries_used = copy->length = d->length;
        copy->entries_capacity = d->entries_capacity;
        copy->index_capacity = d->index_capacity;
        for (int64_t i = 0; i < d->entries_used; ++i) {
            incref(copy->entries[i].key);
            incref(copy->entries[i].value);
        }
        return copy;
    }
    reserve(copy.get(), d->length);
    for (int64_t i = 0; i < d->entries_used; ++i) {
        const DictEntry& e = d->entries[i];
        if (!e.key.is_null()) insert_new(copy.get(), e.key, e.hash, e.value);
    }
    return copy;
}

bool dict_merge(ThreadState& ts, DictObject* d, Value other, int override) {
    if (is_plain_dict_iteration(other)) {
        auto* src = other.as<DictObject>();
        if (src == d || src->length == 0) return true;
        // Into an empty dict every key is new: no lookups, no comparisons.
        bool fresh = d->length == 0;
        reserve(d, d->length + src->length);
        int64_t n = src->entries_used;
        for (int64_t i = 0; i < src->entries_used; ++i) {
            DictEntry e = src->entries[i];
            if (e.key.is_null()) continue;
            Owned key = Owned::borrow(e.key), value = Owned::borrow(e.value);
            if (fresh) {
                insert_new(d, e.key, e.hash, e.value);
            } else if (!merge_one(ts, d, e.key, e.hash, e.value, override)) {
                return false;
            }
            if (src->entries_used != n) {
                raise(ts, &kRuntimeErrorType, "dict mutated during update");
                return false;
            }
        }
        return true;
    }
    Owned keys = call_method(ts, other, intern(ts, "keys"), {});
    if (!keys) return false;
    Owned it = get_iter(ts, keys.get());
    if (!it) return false;
    while (Owned key = iter_next(ts, it.get())) {
        int64_t h = key_hash(ts, key.get());
        if (h == -1) return false;
        if (override != 1) {
            Value existing;
            int found = dict_lookup_hashed(ts, d, key.get(), h, &existing);
            if (found < 0) return false;
            if (found) {
                if (override == 2) {
                    raise_with_value(ts, &kKeyErrorType, key.get());
                    return false;
                }
                continue;
            }
        }
        Owned value = get_item(ts, other, key.get());
        if (!value || !dict_set_hashed(ts, d, key.get(), h, value.get())) return false;
    }
    return !ts.has_exception();
}

bool dict_update(ThreadState& ts, DictObject* d, Value other) {
    if (is_exact_dict(other)) return dict_merge(ts, d, other, 1);
    Owned keys = get_attr_opt(ts, other, intern(ts, "keys"));
    if (keys) return dict_merge(ts, d, other, 1);
    if (ts.has_exception()) return false;
    return merge_from_pairs(ts, d, other);
}

// ---------------------------------------------------------------------------------------------
// Slots

namespace {

void dict_dealloc(Object* self) {
    delete static_cast<DictObject*>(self);
}

Owned dict_repr(ThreadState& ts, Value self) {
    auto* d = self.as<DictObject>();
    if (d->length == 0) return new_str("{}");
    ReprScope scope(ts, d);
    if (scope.recursive()) return new_str("{...}");
    NativeRecursionGuard guard(ts);
    if (!guard.enter(" while getting the repr of an object")) return nullptr;
    std::string out = "{";
    bool first = true;
    for (int64_t i = 0; i < d->entries_used; ++i) {
        if (d->entries[i].key.is_null()) continue;
        // Hold the entry: a __repr__ may mutate the dict.
        Owned key = Owned::borrow(d->entries[i].key);
        Owned value = Owned::borrow(d->entries[i].value);
        if (!first) out += ", ";
        first = false;
        Owned k = repr(ts, key.get());
        if (!k) return nullptr;
        out += k.get().as<StrObject>()->view();
        out += ": ";
        Owned v = repr(ts, value.get());
        if (!v) return nullptr;
        out += v.get().as<StrObject>()->view();
    }
    out += "}";
    return new_str(out);
}

// dict == dict: same length and every key maps to an equal value (CPython's dict_equal).
int dict_equal(ThreadState& ts, DictObject* a, DictObject* b) {
    if (a->length != b->length) return 0;
    for (int64_t i = 0; i < a->entries_used; ++i) {
        if (a->entries[i].key.is_null()) continue;
        Owned key = Owned::borrow(a->entries[i].key);
        Owned avalue = Owned::borrow(a->entries[i].value);
        Value bvalue;
        int found = dict_lookup_hashed(ts, b, key.get(), a->entries[i].hash, &bvalue);
        if (found <= 0) return found;
        Owned hold = Owned::borrow(bvalue);
        int eq = equals(ts, avalue.get(), bvalue);
        if (eq <= 0) return eq;
    }
    return 1;
}

Owned dict_compare(ThreadState& ts, Value self, Value other, CompareOp op) {
    if (!is_dict(other) || (op != CompareOp::Eq && op != CompareOp::Ne)) {
        return Owned::borrow(not_implemented());
    }
    NativeRecursionGuard guard(ts);
    if (!guard.enter(" in comparison")) return nullptr;
    int eq = dict_equal(ts, self.as<DictObject>(), other.as<DictObject>());
    if (eq < 0) return nullptr;
    return Owned::from_bool((eq == 1) == (op == CompareOp::Eq));
}

int64_t dict_length(ThreadState&, Value self) {
    return self.as<DictObject>()->length;
}

Owned dict_iter(ThreadState&, Value self) {
    return new_dict_iterator(self.as<DictObject>(), DictIterKind::Keys);
}

Owned dict_getitem(ThreadState& ts, Value self, Value key) {
    auto* d = self.as<DictObject>();
    Value found;
    int r = dict_lookup(ts, d, key, &found);
    if (r < 0) return nullptr;
    if (r) return Owned::borrow(found);
    if (d->type != &kDictType) {
        // Subclasses may define __missing__ (collections.defaultdict style).
        StrObject* name = intern(ts, "__missing__");
        if (!type_lookup(d->type, name).is_null()) return call_method(ts, self, name, {key});
    }
    return raise_with_value(ts, &kKeyErrorType, key);
}

int dict_setitem(ThreadState& ts, Value self, Value key, Value value) {
    auto* d = self.as<DictObject>();
    if (!value.is_null()) return dict_set(ts, d, key, value) ? 0 : -1;
    int r = dict_delete(ts, d, key);
    if (r == 0) raise_with_value(ts, &kKeyErrorType, key);
    return r > 0 ? 0 : -1;
}

int dict_contains(ThreadState& ts, Value self, Value key) {
    Value found;
    return dict_lookup(ts, self.as<DictObject>(), key, &found);
}

Owned dict_new(ThreadState&, TypeObject* type, CallArgs) {
    retain_heap_type(type);
    return make_object<DictObject>(type);
}

// dict(mapping_or_pairs, **kwargs), also d.update(...).
bool update_from_args(ThreadState& ts, DictObject* d, CallArgs args, const char* name) {
    if (args.nargs > 1) {
        raisef(ts, &kTypeErrorType, "{} expected at most 1 argument, got {}", name, args.nargs);
        return false;
    }
    if (args.nargs == 1 && !dict_update(ts, d, args[0])) return false;
    for (size_t i = 0; i < args.keyword_count(); ++i) {
        if (!dict_set(ts, d, args.kwnames->items[i], args.keyword_value(i))) return false;
    }
    return true;
}

int dict_init(ThreadState& ts, Value self, CallArgs args) {
    return update_from_args(ts, self.as<DictObject>(), args, "dict") ? 0 : -1;
}

Owned dict_or(ThreadState& ts, Value a, Value b) {
    if (!is_dict(a) || !is_dict(b)) return Owned::borrow(not_implemented());
    Ref<DictObject> result = dict_copy(a.as<DictObject>());
    if (!dict_update(ts, result.get(), b)) return nullptr;
    return result;
}

Owned dict_ior(ThreadState& ts, Value a, Value b) {
    if (!dict_update(ts, a.as<DictObject>(), b)) return nullptr;
    return Owned::borrow(a);
}

// ---------------------------------------------------------------------------------------------
// Methods

Owned dict_get(ThreadState& ts, CallArgs args) {
    if (!check_positional(ts, drop_self(args), "get", 1, 2)) return nullptr;
    Value found;
    int r = dict_lookup(ts, args[0].as<DictObject>(), args[1], &found);
    if (r < 0) return nullptr;
    if (r) return Owned::borrow(found);
    return Owned::borrow(args.nargs > 2 ? args[2] : Value::none());
}

Owned dict_setdefault(ThreadState& ts, CallArgs args) {
    if (!check_positional(ts, drop_self(args), "setdefault", 1, 2)) return nullptr;
    auto* d = args[0].as<DictObject>();
    Value key = args[1];
    Value deflt = args.nargs > 2 ? args[2] : Value::none();
    int64_t h = key_hash(ts, key);
    if (h == -1) return nullptr;
    uint64_t slot;
    int64_t ix = find_entry(ts, d, key, h, &slot);
    if (ix == kLookupError) return nullptr;
    if (ix >= 0) return Owned::borrow(d->entries[ix].value);
    insert_new(d, key, h, deflt);
    return Owned::borrow(deflt);
}

Owned dict_pop_method(ThreadState& ts, CallArgs args) {
    if (!check_positional(ts, drop_self(args), "pop", 1, 2)) return nullptr;
    Owned value = dict_pop(ts, args[0].as<DictObject>(), args[1]);
    if (value || ts.has_exception()) return value;
    if (args.nargs > 2) return Owned::borrow(args[2]);
    return raise_with_value(ts, &kKeyErrorType, args[1]);
}

Owned dict_popitem(ThreadState& ts, CallArgs args) {
    if (!check_no_args(ts, drop_self(args), "dict.popitem()")) return nullptr;
    auto* d = args[0].as<DictObject>();
    if (d->length == 0) return raise(ts, &kKeyErrorType, "popitem(): dictionary is empty");
    int64_t ix = d->entries_used - 1;
    while (d->entries[ix].key.is_null())
        --ix;
    DictEntry& e = d->entries[ix];
    // Find the index slot pointing at the entry to mark it deleted.
    uint64_t mask = static_cast<uint64_t>(d->index_capacity - 1);
    uint64_t perturb = static_cast<uint64_t>(e.hash);
    uint64_t i = perturb & mask;
    while (d->index[i] != ix) {
        perturb >>= kPerturbShift;
        i = (i * 5 + perturb + 1) & mask;
    }
    Ref<TupleObject> pair = new_tuple(2);
    pair->items[0] = e.key;  // the entry's references move into the pair
    pair->items[1] = e.value;
    d->index[i] = kDummySlot;
    e.key = Value::null();
    e.value = Value::null();
    --d->length;
    bump_version(d);
    d->entries_used = ix;  // the popped entry was last: reuse its place (as CPython does)
    return pair;
}

Owned dict_keys(ThreadState& ts, CallArgs args) {
    if (!check_no_args(ts, drop_self(args), "dict.keys()")) return nullptr;
    return new_dict_view(args[0].as<DictObject>(), &kDictKeysType);
}

Owned dict_values(ThreadState& ts, CallArgs args) {
    if (!check_no_args(ts, drop_self(args), "dict.values()")) return nullptr;
    return new_dict_view(args[0].as<DictObject>(), &kDictValuesType);
}

Owned dict_items(ThreadState& ts, CallArgs args) {
    if (!check_no_args(ts, drop_self(args), "dict.items()")) return nullptr;
    return new_dict_view(args[0].as<DictObject>(), &kDictItemsType);
}

Owned dict_update_method(ThreadState& ts, CallArgs args) {
    if (!update_from_args(ts, args[0].as<DictObject>(), drop_self(args), "update")) {
        return nullptr;
    }
    return Owned::none();
}

Owned dict_clear_method(ThreadState& ts, CallArgs args) {
    if (!check_no_args(ts, drop_self(args), "dict.clear()")) return nullptr;
    dict_clear(args[0].as<DictObject>());
    return Owned::none();
}

Owned dict_copy_method(ThreadState& ts, CallArgs args) {
    if (!check_no_args(ts, drop_self(args), "dict.copy()")) return nullptr;
    return dict_copy(args[0].as<DictObject>());
}

// dict.fromkeys(iterable, value=None), a classmethod: args[0] is the class.
Owned dict_fromkeys(ThreadState& ts, CallArgs args) {
    if (!check_positional(ts, drop_self(args), "fromkeys", 1, 2)) return nullptr;
    Value iterable = args[1];
    Value value = args.nargs > 2 ? args[2] : Value::none();
    Owned result = call_values(ts, args[0], {});
    if (!result) return nullptr;
    if (is_exact_dict(result.get())) {
        auto* d = result.get().as<DictObject>();
        if (is_exact_dict(iterable)) {
            auto* src = iterable.as<DictObject>();
            reserve(d, src->length);
            for (int64_t i = 0; i < src->entries_used; ++i) {
                const DictEntry& e = src->entries[i];
                if (!e.key.is_null() && !dict_set_hashed(ts, d, e.key, e.hash, value)) {
                    return nullptr;
                }
            }
            return result;
        }
        if (is_any_set(iterable)) {
            auto* s = iterable.as<SetObject>();
            reserve(d, s->length);
            for (int64_t i = 0; i < s->capacity; ++i) {
                const SetEntry& e = s->table[i];
                if (e.key.is_null() || e.hash == -1) continue;
                if (!dict_set_hashed(ts, d, e.key, e.hash, value)) return nullptr;
            }
            return result;
        }
    }
    Owned it = get_iter(ts, iterable);
    if (!it) return nullptr;
    while (Owned key = iter_next(ts, it.get())) {
        bool ok = is_exact_dict(result.get())
                      ? dict_set(ts, result.get().as<DictObject>(), key.get(), value)
                      : set_item(ts, result.get(), key.get(), value) == 0;
        if (!ok) return nullptr;
    }
    if (ts.has_exception()) return nullptr;
    return result;
}

Owned dict_reversed(ThreadState& ts, CallArgs args) {
    if (!check_no_args(ts, drop_self(args), "dict.__reversed__()")) return nullptr;
    return new_dict_iterator(args[0].as<DictObject>(), DictIterKind::Keys, true);
}

constexpr NumberSlots make_dict_number_slots() {
    NumberSlots n{};
    n.binary[static_cast<int>(BinaryOp::Or)] = dict_or;
    n.inplace[static_cast<int>(BinaryOp::Or)] = dict_ior;
    return n;
}

constinit const NumberSlots kDictNumberSlots = make_dict_number_slots();

const MethodDef kDictMethods[] = {
    {"get", dict_get},
    {"setdefault", dict_setdefault},
    {"pop", dict_pop_method},
    {"popitem", dict_popitem},
    {"keys", dict_keys},
    {"values", dict_values},
    {"items", dict_items},
    {"update", dict_update_method},
    {"clear", dict_clear_method},
    {"copy", dict_copy_method},
    {"fromkeys", dict_fromkeys, MethodKind::Class},
    {"__reversed__", dict_reversed},
    {nullptr, nullptr},
};

}  // namespace

constinit TypeObject kDictType("dict", &kObjectType, kTypeBaseType | kTypeDictSubclass,
                               {
                                   .dealloc = dict_dealloc,
                                   .repr = dict_repr,
                                   .compare = dict_compare,
                                   .length = dict_length,
                                   .iter = dict_iter,
                                   .getitem = dict_getitem,
                                   .setitem = dict_setitem,
                                   .contains = dict_contains,
                                   .new_ = dict_new,
                                   .init = dict_init,
                                   .number = &kDictNumberSlots,
                                   .methods = kDictMethods,
                               });

}  // namespace gilpy::runtime
