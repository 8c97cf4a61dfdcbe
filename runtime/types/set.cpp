// set and frozenset: open-addressing hash tables laid out, probed and resized exactly like
// CPython's setobject.c (a run of LINEAR_PROBES neighbours, then perturbation; fill kept below
// 3/5; growth to 4x the live keys), so that iteration order, and hence what scripts print for
// sets, matches python3. Deleted keys leave dummies (hash -1) until the next resize.
#include "runtime/types/set.hpp"

#include <fmt/format.h>

#include <string>
#include <vector>

#include "runtime/abstract.hpp"
#include "runtime/args.hpp"
#include "runtime/exceptions.hpp"
#include "runtime/thread_state.hpp"
#include "runtime/types/dict.hpp"
#include "runtime/types/str.hpp"
#include "runtime/types/tuple.hpp"

namespace gilpy::runtime {

extern TypeObject kSetIteratorType;

namespace {

constexpr int64_t kMinSize = 8;
constexpr uint64_t kLinearProbes = 9;
constexpr int kPerturbShift = 5;

// The key of deleted entries (their hash is -1, which no live key has).
constinit Object kDummyKey(&kObjectType, kImmortalRefcount);

// What a lookup in a set without a table finds: an empty entry.
const SetEntry kNoEntry{};

inline bool is_live(const SetEntry& e) {
    return !e.key.is_null() && e.hash != -1;
}

// A table not yet allocated stands for CPython's empty 8-slot small table.
inline uint64_t mask_of(const SetObject* s) {
    return static_cast<uint64_t>((s->capacity ? s->capacity : kMinSize) - 1);
}

inline int64_t key_hash(ThreadState& ts, Value key) {
    if (is_exact_str(key)) {
        auto* s = key.as<StrObject>();
        return s->hash != -1 ? s->hash : str_hash(s);
    }
    return hash(ts, key);
}

SetEntry* alloc_table(int64_t size) {
    return new SetEntry[static_cast<size_t>(size)]();
}

void ensure_table(SetObject* s) {
    if (s->table) return;
    s->table = alloc_table(kMinSize);
    s->capacity = kMinSize;
}

// Places a key known to be absent into a table without dummies (CPython's set_insert_clean).
void insert_clean(SetEntry* table, uint64_t mask, Value key, int64_t hash) {
    uint64_t perturb = static_cast<uint64_t>(hash);
    uint64_t i = perturb & mask;
    while (true) {
        SetEntry* entry = &table[i];
        if (entry->key.is_null()) {
            *entry = SetEntry{hash, key};
            return;
        }
        if (i + kLinearProbes <= mask) {
            for (uint64_t j = 0; j < kLinearProbes; ++j) {
                ++entry;
                if (entry->key.is_null()) {
                    *entry = SetEntry{hash, key};
                    return;
                }
            }
        }
        perturb >>= kPerturbShift;
        i = (i * 5 + 1 + perturb) & mask;
    }
}

// Rebuilds the table with the smallest power of two above [min_used] slots.
void table_resize(SetObject* s, int64_t min_used) {
    int64_t size = kMinSize;
    while (size <= min_used)
        size <<= 1;
    SetEntry* old = s->table;
    int64_t old_capacity = s->capacity;
    SetEntry* table = alloc_table(size);
    uint64_t mask = static_cast<uint64_t>(size - 1);
    for (int64_t i = 0; i < old_capacity; ++i) {
        if (is_live(old[i])) insert_clean(table, mask, old[i].key, old[i].hash);
    }
    s->table = table;
    s->capacity = size;
    s->used = s->length;
    ++s->version;
    delete[] old;
}

// Equality of a stored key and [key] with equal hashes, after identity failed: 1, 0, -1 raised,
// 2 when the comparison changed the table (the caller restarts).
int keys_match_slow(ThreadState& ts, SetObject* s, SetEntry* entry, Value key) {
    Value start = entry->key;
    if (start.is_int() && key.is_int()) return 0;
    if (is_exact_str(start) && is_exact_str(key)) {
        return str_equals(start.as<StrObject>(), key.as<StrObject>());
    }
    SetEntry* table = s->table;
    Owned hold = Owned::borrow(start);
    int eq = equals(ts, start, key);
    if (eq < 0) return -1;
    if (s->table != table || !entry->key.is(start)) return 2;
    return eq;
}

// The entry holding [key], or an empty entry when absent; null if a comparison raised.
const SetEntry* lookkey(ThreadState& ts, SetObject* s, Value key, int64_t hash) {
restart:
    if (!s->table) return &kNoEntry;
    uint64_t mask = static_cast<uint64_t>(s->capacity - 1);
    uint64_t perturb = static_cast<uint64_t>(hash);
    uint64_t i = perturb & mask;
    while (true) {
        SetEntry* entry = &s->table[i];
        uint64_t probes = i + kLinearProbes <= mask ? kLinearProbes : 0;
        while (true) {
            if (entry->key.is_null()) return entry;
            if (entry->hash == hash) {
                if (entry->key.is(key)) return entry;
                int r = keys_match_slow(ts, s, entry, key);
                if (r < 0) return nullptr;
                if (r == 2) goto restart;
                if (r == 1) return entry;
                mask = static_cast<uint64_t>(s->capacity - 1);
            }
            if (probes-- == 0) break;
            ++entry;
        }
        perturb >>= kPerturbShift;
        i = (i * 5 + 1 + perturb) & mask;
    }
}

// CPython's set_add_entry: adds [key] unless present, reusing the first dummy on its probe
// path, and resizes once the table is 3/5 full. False if a comparison raised.
bool add_entry(ThreadState& ts, SetObject* s, Value key, int64_t hash) {
    ensure_table(s);
    Owned hold = Owned::borrow(key);  // a comparison may drop the caller's reference
restart:
    uint64_t mask = static_cast<uint64_t>(s->capacity - 1);
    uint64_t perturb = static_cast<uint64_t>(hash);
    uint64_t i = perturb & mask;
    SetEntry* freeslot = nullptr;
    SetEntry* entry;
    while (true) {
        entry = &s->table[i];
        uint64_t probes = i + kLinearProbes <= mask ? kLinearProbes : 0;
        while (true) {
            if (entry->key.is_null()) goto found_unused_or_dummy;
            if (entry->hash == hash) {
                if (entry->key.is(key)) return true;
                int r = keys_match_slow(ts, s, entry, key);
                if (r == 1) return true;
                if (r < 0) return false;
                if (r == 2) goto restart;
                mask = static_cast<uint64_t>(s->capacity - 1);
            } else if (entry->hash == -1 && !freeslot) {
                freeslot = entry;
            }
            if (probes-- == 0) break;
            ++entry;
        }
        perturb >>= kPerturbShift;
        i = (i * 5 + 1 + perturb) & mask;
    }
found_unused_or_dummy:
    ++s->version;
    ++s->length;
    if (freeslot) {
        *freeslot = SetEntry{hash, hold.release()};
        return true;
    }
    ++s->used;
    *entry = SetEntry{hash, hold.release()};
    if (static_cast<uint64_t>(s->used) * 5 < mask * 3) return true;
    table_resize(s, s->length > 50000 ? s->length * 2 : s->length * 4);
    return true;
}

bool add_key(ThreadState& ts, SetObject* s, Value key) {
    int64_t h = key_hash(ts, key);
    return h != -1 && add_entry(ts, s, key, h);
}

// 1 present, 0 absent, -1 raised.
int contains_entry(ThreadState& ts, SetObject* s, Value key, int64_t hash) {
    const SetEntry* e = lookkey(ts, s, key, hash);
    if (!e) return -1;
    return !e->key.is_null();
}

int contains_key(ThreadState& ts, SetObject* s, Value key) {
    int64_t h = key_hash(ts, key);
    return h == -1 ? -1 : contains_entry(ts, s, key, h);
}

// 1 removed, 0 absent, -1 raised.
int discard_entry(ThreadState& ts, SetObject* s, Value key, int64_t hash) {
    const SetEntry* found = lookkey(ts, s, key, hash);
    if (!found) return -1;
    if (found->key.is_null()) return 0;
    auto* entry = const_cast<SetEntry*>(found);
    Value old = entry->key;
    entry->key = Value::from_object(&kDummyKey);
    entry->hash = -1;
    --s->length;
    ++s->version;
    decref(old);
    return 1;
}

int discard_key(ThreadState& ts, SetObject* s, Value key) {
    int64_t h = key_hash(ts, key);
    return h == -1 ? -1 : discard_entry(ts, s, key, h);
}

void clear_internal(SetObject* s) {
    SetEntry* table = s->table;
    int64_t capacity = s->capacity;
    s->table = nullptr;
    s->capacity = s->length = s->used = 0;
    ++s->version;
    for (int64_t i = 0; i < capacity; ++i) {
        if (is_live(table[i])) decref(table[i].key);
    }
    delete[] table;
}

// CPython's set_merge: adds every key of another set, copying the table when it can.
bool merge(ThreadState& ts, SetObject* s, SetObject* other) {
    if (other == s || other->length == 0) return true;
    if (static_cast<uint64_t>(s->used + other->length) * 5 >= mask_of(s) * 3) {
        table_resize(s, (s->length + other->length) * 2);
    }
    ensure_table(s);
    if (s->used == 0 && s->capacity == other->capacity && other->used == other->length) {
        for (int64_t i = 0; i < other->capacity; ++i) {
            if (!other->table[i].key.is_null()) {
                incref(other->table[i].key);
                s->table[i] = other->table[i];
            }
        }
        s->used = s->length = other->length;
        ++s->version;
        return true;
    }
    if (s->used == 0) {
        uint64_t mask = static_cast<uint64_t>(s->capacity - 1);
        for (int64_t i = 0; i < other->capacity; ++i) {
            const SetEntry& e = other->table[i];
            if (!is_live(e)) continue;
            incref(e.key);
            insert_clean(s->table, mask, e.key, e.hash);
        }
        s->used = s->length = other->length;
        ++s->version;
        return true;
    }
    for (int64_t i = 0; i < other->capacity; ++i) {
        SetEntry e = other->table[i];
        if (is_live(e) && !add_entry(ts, s, e.key, e.hash)) return false;
    }
    return true;
}

// CPython's set_update_internal: sets, exact dicts (with their stored hashes), any iterable.
bool update_internal(ThreadState& ts, SetObject* s, Value other) {
    if (is_any_set(other)) return merge(ts, s, other.as<SetObject>());
    if (is_exact_dict(other)) {
        auto* d = other.as<DictObject>();
        if (static_cast<uint64_t>(s->used + d->length) * 5 >= mask_of(s) * 3) {
            table_resize(s, (s->length + d->length) * 2);
        }
        for (int64_t i = 0; i < d->entries_used; ++i) {
            DictEntry e = d->entries[i];
            if (!e.key.is_null() && !add_entry(ts, s, e.key, e.hash)) return false;
        }
        return true;
    }
    Owned it = get_iter(ts, other);
    if (!it) return false;
    while (Owned key = iter_next(ts, it.get())) {
        if (!add_key(ts, s, key.get())) return false;
    }
    return !ts.has_exception();
}

TypeObject* base_type_of(TypeObject* t) {
    return is_subtype(t, &kSetType) ? &kSetType : &kFrozenSetType;
}

Ref<SetObject> new_set_of_base(ThreadState& ts, TypeObject* t, Value iterable) {
    return set_from_iterable(ts, base_type_of(t), iterable);
}

Ref<SetObject> set_copy(ThreadState& ts, SetObject* s) {
    return new_set_of_base(ts, s->type, Value::from_object(s));
}

void swap_bodies(SetObject* a, SetObject* b) {
    std::swap(a->table, b->table);
    std::swap(a->capacity, b->capacity);
    std::swap(a->length, b->length);
    std::swap(a->used, b->used);
    if (is_subtype(a->type, &kFrozenSetType) && is_subtype(b->type, &kFrozenSetType)) {
        std::swap(a->hash, b->hash);
    } else {
        a->hash = b->hash = -1;
    }
    ++a->version;
    ++b->version;
}

Ref<SetObject> intersection_multi(ThreadState& ts, SetObject* s, CallArgs others) {
    if (others.nargs == 0) return set_copy(ts, s);
    Ref<SetObject> result = Ref<SetObject>::borrow(s);
    for (size_t i = 0; i < others.nargs; ++i) {
        result = set_intersection(ts, result.get(), others[i]);
        if (!result) return nullptr;
    }
    return result;
}

bool difference_update_internal(ThreadState& ts, SetObject* s, Value other) {
    if (other.is_object() && other.as_object() == s) {
        clear_internal(s);
        return true;
    }
    if (is_any_set(other)) {
        Ref<SetObject> o = Ref<SetObject>::borrow(other.as<SetObject>());
        // When the other set is much larger, only the common keys matter.
        if ((o->length >> 3) > s->length) {
            o = set_intersection(ts, s, other);
            if (!o) return false;
        }
        for (int64_t i = 0; i < o->capacity; ++i) {
            SetEntry e = o->table[i];
            if (!is_live(e)) continue;
            Owned hold = Owned::borrow(e.key);
            if (discard_entry(ts, s, e.key, e.hash) < 0) return false;
        }
    } else {
        Owned it = get_iter(ts, other);
        if (!it) return false;
        while (Owned key = iter_next(ts, it.get())) {
            if (discard_key(ts, s, key.get()) < 0) return false;
        }
        if (ts.has_exception()) return false;
    }
    // More than a quarter dummies: resize them away.
    if (static_cast<uint64_t>(s->used - s->length) <= mask_of(s) / 4) return true;
    table_resize(s, s->length > 50000 ? s->length * 2 : s->length * 4);
    return true;
}

Ref<SetObject> copy_and_difference(ThreadState& ts, SetObject* s, Value other) {
    Ref<SetObject> result = set_copy(ts, s);
    if (!result || !difference_update_internal(ts, result.get(), other)) return nullptr;
    return result;
}

Ref<SetObject> set_difference(ThreadState& ts, SetObject* s, Value other) {
    int64_t other_size;
    if (is_any_set(other)) {
        other_size = other.as<SetObject>()->length;
    } else if (is_exact_dict(other)) {
        other_size = other.as<DictObject>()->length;
    } else {
        return copy_and_difference(ts, s, other);
    }
    if ((s->length >> 2) > other_size) return copy_and_difference(ts, s, other);
    Ref<SetObject> result = new_set(base_type_of(s->type));
    bool is_dict_other = is_exact_dict(other);
    for (int64_t i = 0; i < s->capacity; ++i) {
        SetEntry e = s->table[i];
        if (!is_live(e)) continue;
        Owned hold = Owned::borrow(e.key);
        int r;
        if (is_dict_other) {
            Value found;
            r = dict_lookup_hashed(ts, other.as<DictObject>(), e.key, e.hash, &found);
        } else {
            r = contains_entry(ts, other.as<SetObject>(), e.key, e.hash);
        }
        if (r < 0) return nullptr;
        if (!r && !add_entry(ts, result.get(), e.key, e.hash)) return nullptr;
    }
    return result;
}

Ref<SetObject> set_symmetric_difference(ThreadState& ts, SetObject* s, Value other) {
    Ref<SetObject> result = new_set_of_base(ts, s->type, other);
    if (!result || !set_symmetric_difference_update(ts, result.get(), Value::from_object(s))) {
        return nullptr;
    }
    return result;
}

// s <= other: 1, 0, -1 raised.
int is_subset(ThreadState& ts, SetObject* s, Value other) {
    Ref<SetObject> tmp;
    if (!is_any_set(other)) {
        tmp = set_from_iterable(ts, &kSetType, other);
        if (!tmp) return -1;
        other = Value::from_object(tmp.get());
    }
    auto* o = other.as<SetObject>();
    if (s->length > o->length) return 0;
    for (int64_t i = 0; i < s->capacity; ++i) {
        SetEntry e = s->table[i];
        if (!is_live(e)) continue;
        Owned hold = Owned::borrow(e.key);
        int r = contains_entry(ts, o, e.key, e.hash);
        if (r <= 0) return r;
    }
    return 1;
}

// s >= other: 1, 0, -1 raised.
int is_superset(ThreadState& ts, SetObject* s, Value other) {
    if (is_any_set(other)) return is_subset(ts, other.as<SetObject>(), Value::from_object(s));
    Owned it = get_iter(ts, other);
    if (!it) return -1;
    while (Owned key = iter_next(ts, it.get())) {
        int r = contains_key(ts, s, key.get());
        if (r <= 0) return r;
    }
    return ts.has_exception() ? -1 : 1;
}

// `key in s`, `s.remove(key)`, `s.discard(key)` accept a set key by looking for the equal
// frozenset, as CPython does. [op] is contains_key or discard_key.
int with_frozen_retry(ThreadState& ts, SetObject* s, Value key,
                      int (*op)(ThreadState&, SetObject*, Value)) {
    int r = op(ts, s, key);
    if (r >= 0 || !is_mutable_set(key) || !exception_matches(ts, &kTypeErrorType)) return r;
    clear_exception(ts);
    Ref<SetObject> frozen = set_from_iterable(ts, &kFrozenSetType, key);
    if (!frozen) return -1;
    return op(ts, s, Value::from_object(frozen.get()));
}

std::string qualname(Value self, const char* method) {
    const char* t = is_subtype(type_of(self), &kFrozenSetType) ? "frozenset" : "set";
    return fmt::format("{}.{}()", t, method);
}

bool check_method_no_args(ThreadState& ts, CallArgs args, const char* method) {
    if (args.nargs == 1 && args.keyword_count() == 0) return true;
    return check_no_args(ts, drop_self(args), qualname(args[0], method).c_str());
}

bool check_one(ThreadState& ts, CallArgs args, const char* method) {
    if (args.nargs == 2 && args.keyword_count() == 0) return true;
    return check_one_arg(ts, drop_self(args), qualname(args[0], method).c_str());
}

bool check_varargs(ThreadState& ts, CallArgs args, const char* method) {
    if (args.keyword_count() == 0) return true;
    return check_no_keywords(ts, args, qualname(args[0], method).c_str());
}

SetObject* self_set(CallArgs args) {
    return args[0].as<SetObject>();
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// The C++ API

SetObject::~SetObject() {
    for (int64_t i = 0; i < capacity; ++i) {
        if (is_live(table[i])) decref(table[i].key);
    }
    delete[] table;
}

bool is_any_set(Value v) {
    if (!v.is_object()) return false;
    TypeObject* t = v.as_object()->type;
    if (t == &kSetType || t == &kFrozenSetType) return true;
    return (t->flags & kTypeHeap) && (is_subtype(t, &kSetType) || is_subtype(t, &kFrozenSetType));
}

bool is_mutable_set(Value v) {
    if (!v.is_object()) return false;
    TypeObject* t = v.as_object()->type;
    return t == &kSetType || ((t->flags & kTypeHeap) && is_subtype(t, &kSetType));
}

Ref<SetObject> new_set(TypeObject* type) {
    return make_object<SetObject>(type);
}

bool set_add(ThreadState& ts, SetObject* s, Value key) {
    return add_key(ts, s, key);
}

bool set_add_hashed(ThreadState& ts, SetObject* s, Value key, int64_t hash) {
    return add_entry(ts, s, key, hash);
}

int set_contains(ThreadState& ts, SetObject* s, Value key) {
    return contains_key(ts, s, key);
}

int set_discard(ThreadState& ts, SetObject* s, Value key) {
    return discard_key(ts, s, key);
}

bool set_next(SetObject* s, int64_t* pos, Value* key) {
    int64_t i = *pos;
    while (i < s->capacity && !is_live(s->table[i]))
        ++i;
    if (i >= s->capacity) return false;
    *key = s->table[i].key;
    *pos = i + 1;
    return true;
}

bool set_update(ThreadState& ts, SetObject* s, Value iterable) {
    return update_internal(ts, s, iterable);
}

Ref<SetObject> set_from_iterable(ThreadState& ts, TypeObject* type, Value iterable) {
    Ref<SetObject> s = new_set(type);
    if (!iterable.is_null() && !update_internal(ts, s.get(), iterable)) return nullptr;
    return s;
}

Ref<SetObject> set_intersection(ThreadState& ts, SetObject* s, Value other) {
    if (other.is_object() && other.as_object() == s) return set_copy(ts, s);
    Ref<SetObject> result = new_set(base_type_of(s->type));
    if (is_any_set(other)) {
        SetObject* big = s;
        auto* small = other.as<SetObject>();
        if (small->length > big->length) std::swap(big, small);
        for (int64_t i = 0; i < small->capacity; ++i) {
            SetEntry e = small->table[i];
            if (!is_live(e)) continue;
            Owned hold = Owned::borrow(e.key);
            int r = contains_entry(ts, big, e.key, e.hash);
            if (r < 0) return nullptr;
            if (r && !add_entry(ts, result.get(), e.key, e.hash)) return nullptr;
        }
        return result;
    }
    Owned it = get_iter(ts, other);
    if (!it) return nullptr;
    while (Owned key = iter_next(ts, it.get())) {
        int64_t h = key_hash(ts, key.get());
        if (h == -1) return nullptr;
        int r = contains_entry(ts, s, key.get(), h);
        if (r < 0) return nullptr;
        if (r && !add_entry(ts, result.get(), key.get(), h)) return nullptr;
    }
    if (ts.has_exception()) return nullptr;
    return result;
}

bool set_difference_update(ThreadState& ts, SetObject* s, Value other) {
    return difference_update_internal(ts, s, other);
}

bool set_symmetric_difference_update(ThreadState& ts, SetObject* s, Value other) {
    if (other.is_object() && other.as_object() == s) {
        clear_internal(s);
        return true;
    }
    // Toggles one key: removes it when present, else adds it.
    auto toggle = [&](Value key, int64_t h) {
        Owned hold = Owned::borrow(key);
        int r = discard_entry(ts, s, key, h);
        if (r < 0) return false;
        return r == 1 || add_entry(ts, s, key, h);
    };
    if (is_exact_dict(other)) {
        auto* d = other.as<DictObject>();
        for (int64_t i = 0; i < d->entries_used; ++i) {
            DictEntry e = d->entries[i];
            if (!e.key.is_null() && !toggle(e.key, e.hash)) return false;
        }
        return true;
    }
    Ref<SetObject> o;
    if (is_any_set(other)) {
        o = Ref<SetObject>::borrow(other.as<SetObject>());
    } else {
        o = new_set_of_base(ts, s->type, other);
        if (!o) return false;
    }
    for (int64_t i = 0; i < o->capacity; ++i) {
        SetEntry e = o->table[i];
        if (is_live(e) && !toggle(e.key, e.hash)) return false;
    }
    return true;
}

// ---------------------------------------------------------------------------------------------
// Slots

namespace {

void set_dealloc(Object* self) {
    delete static_cast<SetObject*>(self);
}

Owned set_repr(ThreadState& ts, Value self) {
    auto* s = self.as<SetObject>();
    bool exact = s->type == &kSetType;
    if (s->length == 0) return new_str(fmt::format("{}()", type_name(self)));
    for (Object* p : ts.repr_stack) {
        if (p == s) return new_str(fmt::format("{}(...)", type_name(self)));
    }
    NativeRecursionGuard guard(ts);
    if (!guard.enter(" while getting the repr of an object")) return nullptr;
    // Snapshot the keys: a __repr__ may change the set.
    std::vector<Owned> keys;
    keys.reserve(static_cast<size_t>(s->length));
    int64_t pos = 0;
    Value key;
    while (set_next(s, &pos, &key))
        keys.push_back(Owned::borrow(key));
    ts.repr_stack.push_back(s);
    std::string out = exact ? "{" : fmt::format("{}({{", type_name(self));
    bool ok = true;
    for (size_t i = 0; i < keys.size(); ++i) {
        Owned r = repr(ts, keys[i].get());
        if (!r) {
            ok = false;
            break;
        }
        if (i) out += ", ";
        out += r.get().as<StrObject>()->view();
    }
    ts.repr_stack.pop_back();
    if (!ok) return nullptr;
    out += exact ? "}" : "})";
    return new_str(out);
}

uint64_t shuffle_bits(uint64_t h) {
    return ((h ^ 89869747u) ^ (h << 16)) * 3644798167u;
}

// CPython's frozenset_hash: order-independent, computed once.
int64_t frozenset_hash(ThreadState&, Value self) {
    auto* s = self.as<SetObject>();
    if (s->hash != -1) return s->hash;
    uint64_t h = 0;
    for (int64_t i = 0; i < s->capacity; ++i) {
        if (is_live(s->table[i])) h ^= shuffle_bits(static_cast<uint64_t>(s->table[i].hash));
    }
    h ^= (static_cast<uint64_t>(s->length) + 1) * 1927868237u;
    h ^= (h >> 11) ^ (h >> 25);
    h = h * 69069u + 907133923u;
    if (h == static_cast<uint64_t>(-1)) h = 590923713u;
    s->hash = static_cast<int64_t>(h);
    return s->hash;
}

Owned set_compare(ThreadState& ts, Value self, Value other, CompareOp op) {
    if (!is_any_set(other)) return Owned::borrow(not_implemented());
    auto* a = self.as<SetObject>();
    auto* b = other.as<SetObject>();
    int r = 0;
    switch (op) {
        case CompareOp::Eq:
        case CompareOp::Ne:
            if (a->length == b->length && !(a->hash != -1 && b->hash != -1 && a->hash != b->hash)) {
                r = is_subset(ts, a, other);
            }
            if (op == CompareOp::Ne && r >= 0) r = !r;
            break;
        case CompareOp::Le:
            r = is_subset(ts, a, other);
            break;
        case CompareOp::Ge:
            r = is_superset(ts, a, other);
            break;
        case CompareOp::Lt:
            r = a->length < b->length ? is_subset(ts, a, other) : 0;
            break;
        case CompareOp::Gt:
            r = a->length > b->length ? is_superset(ts, a, other) : 0;
            break;
    }
    if (r < 0) return nullptr;
    return Owned::from_bool(r != 0);
}

int64_t set_length(ThreadState&, Value self) {
    return self.as<SetObject>()->length;
}

int set_contains_slot(ThreadState& ts, Value self, Value key) {
    return with_frozen_retry(ts, self.as<SetObject>(), key, contains_key);
}

// The set iterator: fails once the set changes size.
struct SetIteratorObject : Object {
    Ref<SetObject> set;  // null once exhausted
    int64_t pos = 0;
    int64_t expected_length;
    int64_t remaining;
    explicit SetIteratorObject(Ref<SetObject> s)
        : Object(&kSetIteratorType),
          set(std::move(s)),
          expected_length(set->length),
          remaining(set->length) {}
};

Owned set_iter(ThreadState&, Value self) {
    return make_object<SetIteratorObject>(Ref<SetObject>::borrow(self.as<SetObject>()));
}

void set_iterator_dealloc(Object* self) {
    delete static_cast<SetIteratorObject*>(self);
}

Owned set_iterator_iter(ThreadState&, Value self) {
    return Owned::borrow(self);
}

Owned set_iterator_next(ThreadState& ts, Value self) {
    auto* it = self.as<SetIteratorObject>();
    SetObject* s = it->set.get();
    if (!s) return nullptr;
    if (it->expected_length != s->length) {
        it->expected_length = -1;  // sticky
        return raise(ts, &kRuntimeErrorType, "Set changed size during iteration");
    }
    int64_t i = it->pos;
    while (i < s->capacity && !is_live(s->table[i]))
        ++i;
    it->pos = i + 1;
    if (i >= s->capacity) {
        it->set = nullptr;
        return nullptr;
    }
    --it->remaining;
    return Owned::borrow(s->table[i].key);
}

Owned set_iterator_length_hint(ThreadState& ts, CallArgs args) {
    if (!check_no_args(ts, drop_self(args), "set_iterator.__length_hint__()")) {
        return nullptr;
    }
    auto* it = args[0].as<SetIteratorObject>();
    int64_t n = it->set && it->expected_length == it->set->length ? it->remaining : 0;
    return Owned::steal(Value::from_int(n));
}

Owned set_new(ThreadState& ts, TypeObject* type, CallArgs args) {
    if (type == &kSetType && args.keyword_count() != 0) {
        return raise(ts, &kTypeErrorType, "set() takes no keyword arguments");
    }
    return new_set(type);
}

int set_init(ThreadState& ts, Value self, CallArgs args) {
    if (args.keyword_count() != 0) {
        raise(ts, &kTypeErrorType, "set() takes no keyword arguments");
        return -1;
    }
    if (args.nargs > 1) {
        raisef(ts, &kTypeErrorType, "{} expected at most 1 argument, got {}", type_name(self),
               args.nargs);
        return -1;
    }
    auto* s = self.as<SetObject>();
    if (s->used) clear_internal(s);
    s->hash = -1;
    if (args.nargs == 0) return 0;
    return update_internal(ts, s, args[0]) ? 0 : -1;
}

Owned frozenset_new(ThreadState& ts, TypeObject* type, CallArgs args) {
    if (type == &kFrozenSetType && args.keyword_count() != 0) {
        return raise(ts, &kTypeErrorType, "frozenset() takes no keyword arguments");
    }
    if (args.nargs > 1) {
        return raisef(ts, &kTypeErrorType, "{} expected at most 1 argument, got {}", type->name,
                      args.nargs);
    }
    Value iterable = args.nargs ? args[0] : Value::null();
    if (type == &kFrozenSetType && iterable.is_object() &&
        iterable.as_object()->type == &kFrozenSetType) {
        return Owned::borrow(iterable);  // immutable: frozenset(fs) is fs
    }
    return set_from_iterable(ts, type, iterable);
}

// Operators: both operands must be sets or frozensets, else NotImplemented.
Owned set_or(ThreadState& ts, Value a, Value b) {
    if (!is_any_set(a) || !is_any_set(b)) return Owned::borrow(not_implemented());
    Ref<SetObject> result = set_copy(ts, a.as<SetObject>());
    if (!result) return nullptr;
    if (!a.is(b) && !update_internal(ts, result.get(), b)) return nullptr;
    return result;
}

Owned set_and(ThreadState& ts, Value a, Value b) {
    if (!is_any_set(a) || !is_any_set(b)) return Owned::borrow(not_implemented());
    return set_intersection(ts, a.as<SetObject>(), b);
}

Owned set_sub(ThreadState& ts, Value a, Value b) {
    if (!is_any_set(a) || !is_any_set(b)) return Owned::borrow(not_implemented());
    return set_difference(ts, a.as<SetObject>(), b);
}

Owned set_xor(ThreadState& ts, Value a, Value b) {
    if (!is_any_set(a) || !is_any_set(b)) return Owned::borrow(not_implemented());
    return set_symmetric_difference(ts, a.as<SetObject>(), b);
}

Owned set_ior(ThreadState& ts, Value a, Value b) {
    if (!is_any_set(b)) return Owned::borrow(not_implemented());
    if (!update_internal(ts, a.as<SetObject>(), b)) return nullptr;
    return Owned::borrow(a);
}

Owned set_iand(ThreadState& ts, Value a, Value b) {
    if (!is_any_set(b)) return Owned::borrow(not_implemented());
    Ref<SetObject> tmp = set_intersection(ts, a.as<SetObject>(), b);
    if (!tmp) return nullptr;
    swap_bodies(a.as<SetObject>(), tmp.get());
    return Owned::borrow(a);
}

Owned set_isub(ThreadState& ts, Value a, Value b) {
    if (!is_any_set(b)) return Owned::borrow(not_implemented());
    if (!difference_update_internal(ts, a.as<SetObject>(), b)) return nullptr;
    return Owned::borrow(a);
}

Owned set_ixor(ThreadState& ts, Value a, Value b) {
    if (!is_any_set(b)) return Owned::borrow(not_implemented());
    if (!set_symmetric_difference_update(ts, a.as<SetObject>(), b)) return nullptr;
    return Owned::borrow(a);
}

// ---------------------------------------------------------------------------------------------
// Methods

Owned set_add_method(ThreadState& ts, CallArgs args) {
    if (!check_one(ts, args, "add")) return nullptr;
    if (!add_key(ts, self_set(args), args[1])) return nullptr;
    return Owned::none();
}

Owned set_remove(ThreadState& ts, CallArgs args) {
    if (!check_one(ts, args, "remove")) return nullptr;
    int r = with_frozen_retry(ts, self_set(args), args[1], discard_key);
    if (r < 0) return nullptr;
    if (r == 0) return raise_with_value(ts, &kKeyErrorType, args[1]);
    return Owned::none();
}

Owned set_discard_method(ThreadState& ts, CallArgs args) {
    if (!check_one(ts, args, "discard")) return nullptr;
    if (with_frozen_retry(ts, self_set(args), args[1], discard_key) < 0) return nullptr;
    return Owned::none();
}

Owned set_pop(ThreadState& ts, CallArgs args) {
    if (!check_method_no_args(ts, args, "pop")) return nullptr;
    SetObject* s = self_set(args);
    if (s->length == 0) return raise(ts, &kKeyErrorType, "pop from an empty set");
    uint64_t mask = mask_of(s);
    uint64_t i = static_cast<uint64_t>(s->finger) & mask;
    while (!is_live(s->table[i]))
        i = i == mask ? 0 : i + 1;
    Owned key = Owned::steal(s->table[i].key);  // the table's reference moves to the caller
    s->table[i].key = Value::from_object(&kDummyKey);
    s->table[i].hash = -1;
    --s->length;
    ++s->version;
    s->finger = static_cast<int64_t>(i + 1);
    return key;
}

Owned set_clear(ThreadState& ts, CallArgs args) {
    if (!check_method_no_args(ts, args, "clear")) return nullptr;
    clear_internal(self_set(args));
    return Owned::none();
}

Owned set_copy_method(ThreadState& ts, CallArgs args) {
    if (!check_method_no_args(ts, args, "copy")) return nullptr;
    return set_copy(ts, self_set(args));
}

Owned frozenset_copy(ThreadState& ts, CallArgs args) {
    if (!check_method_no_args(ts, args, "copy")) return nullptr;
    if (args[0].as_object()->type == &kFrozenSetType) return Owned::borrow(args[0]);
    return set_copy(ts, self_set(args));
}

Owned set_update_method(ThreadState& ts, CallArgs args) {
    if (!check_varargs(ts, args, "update")) return nullptr;
    for (size_t i = 1; i < args.nargs; ++i) {
        if (!update_internal(ts, self_set(args), args[i])) return nullptr;
    }
    return Owned::none();
}

Owned set_union(ThreadState& ts, CallArgs args) {
    if (!check_varargs(ts, args, "union")) return nullptr;
    SetObject* s = self_set(args);
    Ref<SetObject> result = set_copy(ts, s);
    if (!result) return nullptr;
    for (size_t i = 1; i < args.nargs; ++i) {
        if (args[i].is_object() && args[i].as_object() == s) continue;
        if (!update_internal(ts, result.get(), args[i])) return nullptr;
    }
    return result;
}

Owned set_intersection_method(ThreadState& ts, CallArgs args) {
    if (!check_varargs(ts, args, "intersection")) return nullptr;
    return intersection_multi(ts, self_set(args), drop_self(args));
}

Owned set_intersection_update(ThreadState& ts, CallArgs args) {
    if (!check_varargs(ts, args, "intersection_update")) return nullptr;
    Ref<SetObject> tmp = intersection_multi(ts, self_set(args), drop_self(args));
    if (!tmp) return nullptr;
    swap_bodies(self_set(args), tmp.get());
    return Owned::none();
}

Owned set_difference_method(ThreadState& ts, CallArgs args) {
    if (!check_varargs(ts, args, "difference")) return nullptr;
    SetObject* s = self_set(args);
    if (args.nargs == 1) return set_copy(ts, s);
    Ref<SetObject> result = set_difference(ts, s, args[1]);
    if (!result) return nullptr;
    for (size_t i = 2; i < args.nargs; ++i) {
        if (!difference_update_internal(ts, result.get(), args[i])) return nullptr;
    }
    return result;
}

Owned set_difference_update_method(ThreadState& ts, CallArgs args) {
    if (!check_varargs(ts, args, "difference_update")) return nullptr;
    for (size_t i = 1; i < args.nargs; ++i) {
        if (!difference_update_internal(ts, self_set(args), args[i])) return nullptr;
    }
    return Owned::none();
}

Owned set_symmetric_difference_method(ThreadState& ts, CallArgs args) {
    if (!check_one(ts, args, "symmetric_difference")) return nullptr;
    return set_symmetric_difference(ts, self_set(args), args[1]);
}

Owned set_symmetric_difference_update_method(ThreadState& ts, CallArgs args) {
    if (!check_one(ts, args, "symmetric_difference_update")) return nullptr;
    if (!set_symmetric_difference_update(ts, self_set(args), args[1])) return nullptr;
    return Owned::none();
}

Owned set_issubset(ThreadState& ts, CallArgs args) {
    if (!check_one(ts, args, "issubset")) return nullptr;
    int r = is_subset(ts, self_set(args), args[1]);
    if (r < 0) return nullptr;
    return Owned::from_bool(r);
}

Owned set_issuperset(ThreadState& ts, CallArgs args) {
    if (!check_one(ts, args, "issuperset")) return nullptr;
    int r = is_superset(ts, self_set(args), args[1]);
    if (r < 0) return nullptr;
    return Owned::from_bool(r);
}

Owned set_isdisjoint(ThreadState& ts, CallArgs args) {
    if (!check_one(ts, args, "isdisjoint")) return nullptr;
    SetObject* s = self_set(args);
    Value other = args[1];
    if (other.is_object() && other.as_object() == s) return Owned::from_bool(s->length == 0);
    if (is_set_or_frozenset(other)) {
        SetObject* big = s;
        auto* small = other.as<SetObject>();
        if (small->length > big->length) std::swap(big, small);
        for (int64_t i = 0; i < small->capacity; ++i) {
            SetEntry e = small->table[i];
            if (!is_live(e)) continue;
            Owned hold = Owned::borrow(e.key);
            int r = contains_entry(ts, big, e.key, e.hash);
            if (r < 0) return nullptr;
            if (r) return Owned::from_bool(false);
        }
        return Owned::from_bool(true);
    }
    Owned it = get_iter(ts, other);
    if (!it) return nullptr;
    while (Owned key = iter_next(ts, it.get())) {
        int r = contains_key(ts, s, key.get());
        if (r < 0) return nullptr;
        if (r) return Owned::from_bool(false);
    }
    if (ts.has_exception()) return nullptr;
    return Owned::from_bool(true);
}

Owned set_contains_method(ThreadState& ts, CallArgs args) {
    if (!check_one(ts, args, "__contains__")) return nullptr;
    int r = set_contains_slot(ts, args[0], args[1]);
    if (r < 0) return nullptr;
    return Owned::from_bool(r);
}

Owned set_init_method(ThreadState& ts, CallArgs args) {
    if (set_init(ts, args[0], drop_self(args)) < 0) return nullptr;
    return Owned::none();
}

constexpr NumberSlots make_set_number_slots(bool mutable_set) {
    NumberSlots n{};
    n.binary[static_cast<int>(BinaryOp::Or)] = set_or;
    n.binary[static_cast<int>(BinaryOp::And)] = set_and;
    n.binary[static_cast<int>(BinaryOp::Sub)] = set_sub;
    n.binary[static_cast<int>(BinaryOp::Xor)] = set_xor;
    if (mutable_set) {
        n.inplace[static_cast<int>(BinaryOp::Or)] = set_ior;
        n.inplace[static_cast<int>(BinaryOp::And)] = set_iand;
        n.inplace[static_cast<int>(BinaryOp::Sub)] = set_isub;
        n.inplace[static_cast<int>(BinaryOp::Xor)] = set_ixor;
    }
    return n;
}

constinit const NumberSlots kSetNumberSlots = make_set_number_slots(true);
constinit const NumberSlots kFrozenSetNumberSlots = make_set_number_slots(false);

const MethodDef kSetMethods[] = {
    {"add", set_add_method},
    {"clear", set_clear},
    {"copy", set_copy_method},
    {"discard", set_discard_method},
    {"difference", set_difference_method},
    {"difference_update", set_difference_update_method},
    {"intersection", set_intersection_method},
    {"intersection_update", set_intersection_update},
    {"isdisjoint", set_isdisjoint},
    {"issubset", set_issubset},
    {"issuperset", set_issuperset},
    {"pop", set_pop},
    {"remove", set_remove},
    {"symmetric_difference", set_symmetric_difference_method},
    {"symmetric_difference_update", set_symmetric_difference_update_method},
    {"union", set_union},
    {"update", set_update_method},
    {"__contains__", set_contains_method},
    {"__init__", set_init_method},
    {nullptr, nullptr},
};

const MethodDef kFrozenSetMethods[] = {
    {"copy", frozenset_copy},
    {"difference", set_difference_method},
    {"intersection", set_intersection_method},
    {"isdisjoint", set_isdisjoint},
    {"issubset", set_issubset},
    {"issuperset", set_issuperset},
    {"symmetric_difference", set_symmetric_difference_method},
    {"union", set_union},
    {"__contains__", set_contains_method},
    {nullptr, nullptr},
};

const MethodDef kSetIteratorMethods[] = {
    {"__length_hint__", set_iterator_length_hint},
    {nullptr, nullptr},
};

}  // namespace

constinit TypeObject kSetType("set", &kObjectType, 0,
                              {
                                  .dealloc = set_dealloc,
                                  .repr = set_repr,
                                  .compare = set_compare,
                                  .length = set_length,
                                  .iter = set_iter,
                                  .contains = set_contains_slot,
                                  .new_ = set_new,
                                  .init = set_init,
                                  .number = &kSetNumberSlots,
                                  .methods = kSetMethods,
                              });

constinit TypeObject kFrozenSetType("frozenset", &kObjectType, 0,
                                    {
                                        .dealloc = set_dealloc,
                                        .repr = set_repr,
                                        .hash = frozenset_hash,
                                        .compare = set_compare,
                                        .length = set_length,
                                        .iter = set_iter,
                                        .contains = set_contains_slot,
                                        .new_ = frozenset_new,
                                        .number = &kFrozenSetNumberSlots,
                                        .methods = kFrozenSetMethods,
                                    });

constinit TypeObject kSetIteratorType("set_iterator", &kObjectType, 0,
                                      {
                                          .dealloc = set_iterator_dealloc,
                                          .iter = set_iterator_iter,
                                          .next = set_iterator_next,
                                          .methods = kSetIteratorMethods,
                                      });

}  // namespace gilpy::runtime
