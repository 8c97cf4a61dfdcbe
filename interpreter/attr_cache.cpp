// Filling the inline attribute caches of the eval loop (see attr_cache.hpp for when a filled
// entry stays valid).
#include "interpreter/attr_cache.hpp"

#include "runtime/abstract.hpp"
#include "runtime/types/module.hpp"

namespace gilpy::interpreter {

using namespace runtime;

namespace {

// [obj]'s class when instances of it qualify for caching: an InstanceObject layout and
// object's own attribute access for [getattr] or [setattr]; else null.
HeapTypeObject* plain_class_of(Value obj) {
    if (!obj.is_object()) return nullptr;
    TypeObject* t = obj.as_object()->type;
    if (!is_heap_type(t)) return nullptr;
    auto* ht = static_cast<HeapTypeObject*>(t);
    if (ht->solid != &kObjectType || ht->mro == nullptr) return nullptr;
    return ht;
}

// The class attribute [descr] (may be null) cannot change kind without the class's tag
// changing, and is not a data descriptor (which would win over the instance dict).
bool instance_dict_wins(Value descr, bool storing) {
    if (descr.is_null()) return true;
    TypeObject* dt = type_of(descr);
    if (is_heap_type(dt)) return false;
    if (storing) return dt->descr_set == nullptr;
    return !(dt->descr_get && dt->descr_set);
}

// The way of [c] for class [t]: the one it already has, else the next to replace.
int way_for(AttrCacheEntry& c, HeapTypeObject* t) {
    for (int i = 0; i < AttrCacheEntry::kWays; ++i) {
        if (c.tags[i] == t->version_tag) return i;
    }
    return static_cast<int>(c.next_way++ % AttrCacheEntry::kWays);
}

}  // namespace

// The entry number of [name] in [d]: the cached one when it still holds the name, else a lookup.
int64_t find_entry(DictObject* d, int64_t cached, StrObject* name) {
    int64_t ix = cached_entry(d, cached, name);
    return ix >= 0 ? ix : dict_str_index(d, name);
}

Value load_module_attr(AttrCacheEntry& c, Value obj, StrObject* name) {
    if (!is_module(obj)) return Value::null();
    DictObject* d = obj.as<ModuleObject>()->dict.get();
    if (!d) return Value::null();
    int64_t ix = cached_entry(d, c.index, name);
    if (ix < 0) {
        // The module type is static: an attribute of its own (a data descriptor such as
        // __dict__ wins over the module dict) is there for good or never.
        if (!type_lookup(&kModuleType, name).is_null()) return Value::null();
        ix = dict_str_index(d, name);
        if (ix < 0) return Value::null();
        c.index = ix;
    }
    return d->entries[ix].value;
}

Value load_attr_refill(AttrCacheEntry& c, Value obj, StrObject* name) {
    if (is_module(obj)) return load_module_attr(c, obj, name);
    HeapTypeObject* t = plain_class_of(obj);
    if (!t || (t->getattr && t->getattr != generic_get_attr)) return Value::null();
    DictObject* d = obj.as<InstanceObject>()->dict.get();
    if (!d || !instance_dict_wins(type_lookup(t, name), false)) return Value::null();
    int64_t ix = find_entry(d, c.index, name);
    if (ix < 0) return Value::null();
    c.tags[way_for(c, t)] = t->version_tag;
    c.index = ix;
    return d->entries[ix].value;
}

bool store_attr_refill(AttrCacheEntry& c, Value obj, StrObject* name, Value v) {
    HeapTypeObject* t = plain_class_of(obj);
    if (!t || (t->setattr && t->setattr != generic_set_attr)) return false;
    if (!instance_dict_wins(type_lookup(t, name), true)) return false;
    return store_attr_insert(c, obj, name, v);
}

bool store_attr_insert(AttrCacheEntry& c, Value obj, StrObject* name, Value v) {
    auto* t = static_cast<HeapTypeObject*>(obj.as_object()->type);
    // Taken before the store: releasing the old value may run a __del__ that changes the class.
    const uint64_t tag = t->version_tag;
    Ref<DictObject>& dict = obj.as<InstanceObject>()->dict;
    if (!dict) dict = new_dict();
    DictObject* d = dict.get();
    int64_t ix = find_entry(d, c.index, name);
    if (ix >= 0) {
        dict_replace_at(d, ix, v);
    } else {
        dict_set_str(d, name, v);
        ix = dict_str_index(d, name);
    }
    if (t->version_tag == tag) c.tags[way_for(c, t)] = tag;
    c.index = ix;
    return true;
}

void fill_load_method_cache(AttrCacheEntry& c, Value obj, Value method) {
    HeapTypeObject* t = plain_class_of(obj);
    if (!t || (t->getattr && t->getattr != generic_get_attr)) return;
    // lookup_plain_method only returns functions and method descriptors: static types.
    int way = way_for(c, t);
    c.tags[way] = t->version_tag;
    c.methods[way] = method;
}

}  // namespace gilpy::interpreter
