// Inline caches of LOAD_ATTR, STORE_ATTR and LOAD_METHOD for instances of plain classes (heap
// types laid out as InstanceObject, with object's __getattribute__ and __setattr__), in the
// spirit of CPython 3.11's specialised attribute instructions.
//
// A cache entry (code_object.hpp) is filled by the refill paths below, only when the
// class's attribute for the name cannot take precedence over the instance dict (no data
// descriptor; for LOAD_METHOD, a plain function or method descriptor) and that attribute's
// own type is a static one (a heap descriptor type could gain __set__ without the class
// noticing). It records the class's version tag, which changes on every class attribute
// change of the class or a base, so a matching tag means the facts still hold. A hit then
// reads the instance dict entry the name had last time, after checking that the entry still
// holds that very name; anything else falls back to the generic path.
#pragma once

#include "interpreter/code_object.hpp"
#include "runtime/types/dict.hpp"
#include "runtime/types/heap_type.hpp"

namespace gilpy::interpreter {

// The way of [c] filled for [obj]'s class as it is now, or -1 (also for non-heap classes).
inline int cached_way(const AttrCacheEntry& c, Value obj) {
    if (!obj.is_object()) return -1;
    runtime::TypeObject* t = obj.as_object()->type;
    if (!(t->flags & runtime::kTypeHeap)) return -1;
    const uint64_t tag = static_cast<runtime::HeapTypeObject*>(t)->version_tag;
    if (c.tags[0] == tag) return 0;  // most sites see one class: try it first
    for (int i = 1; i < AttrCacheEntry::kWays; ++i) {
        if (c.tags[i] == tag) return i;
    }
    return -1;
}

// The instance dict of [obj] when a way of [c] matches its class (then it is an
// InstanceObject), else null. A null dict also gives null.
inline runtime::DictObject* cached_instance_dict(const AttrCacheEntry& c, Value obj) {
    if (cached_way(c, obj) < 0) return nullptr;
    return obj.as<runtime::InstanceObject>()->dict.get();
}

// The entry number of [name] in [d] if it is still [index], else -1.
inline int64_t cached_entry(runtime::DictObject* d, int64_t index, StrObject* name) {
    if (index >= d->entries_used) return -1;
    const runtime::DictEntry& e = d->entries[index];
    return e.key.is_object() && e.key.as_object() == name ? index : -1;
}

// LOAD_ATTR: obj.name (borrowed) on a hit, else null.
inline Value load_attr_cached(const AttrCacheEntry& c, Value obj, StrObject* name) {
    runtime::DictObject* d = cached_instance_dict(c, obj);
    if (!d) return Value::null();
    int64_t ix = cached_entry(d, c.index, name);
    return ix >= 0 ? d->entries[ix].value : Value::null();
}

// STORE_ATTR into an instance whose dict lacks the name (or has no dict yet) when its class
// is a cached one: a plain insertion, since the class's tag vouches that nothing intercepts it.
bool store_attr_insert(AttrCacheEntry& c, Value obj, StrObject* name, Value v);

// STORE_ATTR: obj.name = v (a new reference to v) on a hit; false (nothing done) otherwise.
inline bool store_attr_cached(AttrCacheEntry& c, Value obj, StrObject* name, Value v) {
    if (cached_way(c, obj) < 0) return false;
    runtime::DictObject* d = obj.as<runtime::InstanceObject>()->dict.get();
    int64_t ix = d ? cached_entry(d, c.index, name) : -1;
    if (ix < 0) return store_attr_insert(c, obj, name, v);
    runtime::dict_replace_at(d, ix, v);
    return true;
}

// LOAD_METHOD: the cached method (borrowed) when [obj]'s class is a cached one and the
// instance does not shadow it, else null.
inline Value load_method_cached(const AttrCacheEntry& c, Value obj, StrObject* name) {
    int way = cached_way(c, obj);
    if (way < 0) return Value::null();
    runtime::DictObject* d = obj.as<runtime::InstanceObject>()->dict.get();
    if (d && d->length && !runtime::dict_get_str(d, name).is_null()) return Value::null();
    return c.methods[way];
}

// Module attributes (math.sqrt): the value of [name] in [obj]'s dict (borrowed) when [obj] is
// a module, exactly, and the name is not one of the module type's own attributes; else null,
// nothing raised. The dict entry the site saw last is tried first; it is remembered in [c].
Value load_module_attr(AttrCacheEntry& c, Value obj, StrObject* name);

// The slower paths after a miss, for instances of plain classes (else they do nothing and the
// caller takes the generic path); both refill [c] for this instance's class.
// LOAD_ATTR: obj.name (borrowed) when the instance dict holds it and no data descriptor of the
// class overrides it, or when obj is a module (load_module_attr); else null, nothing raised.
Value load_attr_refill(AttrCacheEntry& c, Value obj, StrObject* name);
// STORE_ATTR: obj.name = v (a new reference to v) into the instance dict when no data descriptor
// of the class intercepts it; false (nothing done) otherwise.
bool store_attr_refill(AttrCacheEntry& c, Value obj, StrObject* name, Value v);
// LOAD_METHOD: [method] is what lookup_plain_method returned for obj.name.
void fill_load_method_cache(AttrCacheEntry& c, Value obj, Value method);

}  // namespace gilpy::interpreter
