// Heap types: the classes that `class` statements and type(name, bases, dict) create. A heap type
// is a TypeObject that owns its name, number slots and namespace, is owned by one interpreter,
// and lives until that interpreter ends (its registry breaks the reference cycles between a
// class, its MRO and its methods, as there is no cycle collector).
//
// Instance layout comes from the "solid base" (the nearest builtin base with its own layout):
// `object` subclasses get an InstanceObject (header + __dict__); list, dict and exception
// subclasses reuse the builtin's struct, which has room for a __dict__.
#pragma once

#include <string>
#include <vector>

#include "runtime/type_object.hpp"
#include "runtime/types/dict.hpp"
#include "runtime/types/str.hpp"

namespace gilpy::runtime {

struct HeapTypeObject : TypeObject {
    std::string name_storage;  // TypeObject::name points here
    Ref<StrObject> qualname;
    NumberSlots number_storage;               // TypeObject::number points here
    TypeObject* solid = nullptr;              // the builtin whose struct instances use
    NewSlot solid_new = nullptr;              // that builtin's constructor
    DeallocSlot solid_dealloc = nullptr;      // and destructor
    std::vector<HeapTypeObject*> subclasses;  // heap subclasses, for slot updates (not owned)

    // Recent MRO lookups (type_lookup), hit or miss, so that `self.x` and method calls do not
    // probe every class dict along the MRO each time. Valid until a class attribute of this
    // class or of a base changes: type_set_attr clears it here and in every subclass. Entries
    // hold their name, so a name's address cannot be reused while it is cached; the value is
    // borrowed from a dict in the MRO (null: not found).
    struct AttrCacheEntry {
        Ref<StrObject> name;
        Value value;
    };
    static constexpr size_t kAttrCacheSize = 64;
    AttrCacheEntry attr_cache[kAttrCacheSize];
    // Names this class's attribute lookups as they are now: unique among all classes ever
    // made, and replaced whenever attr_cache is cleared. The eval loop's inline caches key on
    // it (interpreter/attr_cache.hpp); never 0.
    uint64_t version_tag;
    // A class the embedding layer made for a host's C++ type (gilpy::class_<T>): its
    // description, owned, opaque to the runtime (null for every other class). The name of such
    // a class is dotted like an extension type's tp_name ("game.Vec"): messages show it whole,
    // __name__ is the part after the last dot.
    Ref<Object> native;

    explicit HeapTypeObject(TypeObject* metatype);
};

// type_lookup for a heap type, through its attribute cache.
Value heap_type_lookup(HeapTypeObject* t, StrObject* name);
// Forgets the cached lookups of [t] and of every subclass (a class attribute changed).
void invalidate_attr_cache(HeapTypeObject* t);

// An instance of a class whose solid base is `object`.
struct InstanceObject : Object {
    Ref<DictObject> dict;
    explicit InstanceObject(TypeObject* t) : Object(t) {}
};

inline bool is_heap_type(const TypeObject* t) {
    return (t->flags & kTypeHeap) != 0;
}

// type(name, bases, dict) and class statements: creates a class whose metatype is [meta]
// (type or a subclass of it), with CPython's checks and messages. [kwargs] (may be null) are the
// class keywords passed on to __init_subclass__.
Owned type_new(ThreadState& ts, TypeObject* meta, StrObject* name, TupleObject* bases,
               DictObject* ns, DictObject* kwargs);

// __build_class__(func, name, *bases, metaclass=..., **kwds), the builtin a class statement
// calls (runtime/build_class.cpp).
Owned build_class(ThreadState& ts, CallArgs args);

// True if the new_ slot of the heap type [t] calls a __new__ written in Python.
bool has_python_new(const TypeObject* t);

// The builtin type whose struct instances of [t] use, and its constructor.
TypeObject* type_solid_base(TypeObject* t);
NewSlot heap_solid_new(TypeObject* t);

// Assignment and deletion of class attributes (value null: delete): re-derives slots when a
// dunder changes. Static types raise CPython's "cannot set 'x' attribute of immutable type".
int type_set_attr(ThreadState& ts, Value type, StrObject* name, Value value);

// The dealloc slot of every heap type: the solid base's destructor, then the type reference.
void heap_instance_dealloc(Object* self);

// The dealloc slot of `type`: static types are immortal, so only classes created at run time
// are ever freed through it.
void heap_type_dealloc(Object* self);

// Interpreter teardown: clears every class's namespace and MRO so the cycles through them end.
void clear_heap_types(ThreadState& ts);

}  // namespace gilpy::runtime
