// The two-way bridge between type slots and dunder methods (CPython's slotdefs):
// - a static type's slots appear in its dict as slot wrappers, so `list.__len__(x)`,
//   `object.__init__(self)`, `dict.__setitem__(self, k, v)` and dir() work as in CPython;
// - a class statement's dunder methods fill the new type's slots with functions that call them,
//   so len(), ==, +, iteration, attribute access ... reach Python code. A slot whose dunder is
//   inherited unchanged from a builtin keeps the builtin's native function (no Python call).
#pragma once

#include "runtime/type_object.hpp"

namespace gilpy::runtime {

struct DictObject;
struct StrObject;

extern TypeObject kSlotWrapperType;    // wrapper_descriptor: list.__len__
extern TypeObject kMethodWrapperType;  // method-wrapper: [].__len__

// Once per process, before any dict is built: creates the immortal dunder names.
void init_slot_dunder_names();

// Adds to [dict] a slot wrapper for every slot of the static type [t] that [t] defines itself
// (differs from its base's), unless the dict already has that name; `__hash__ = None` for types
// that compare but do not hash; `__new__` for types with a constructor.
void add_slot_wrappers(TypeObject* t, DictObject* dict);

// T.__new__(cls, *args) (CPython's tp_new_wrapper), bound as a builtin to its owner type T: T's
// own constructor, for T or a subtype that keeps T's layout. add_slot_wrappers puts it in the
// dict of static types; a heap type with a native layout of its own adds it itself.
extern const MethodDef kNewWrapperDef;

// Sets every slot of the heap type [t] from the dunders along its MRO.
void fixup_heap_slots(TypeObject* t);

// True if [name] is a dunder tied to a slot, so that assigning it on a class must re-derive slots.
bool is_slot_dunder(StrObject* name);

// Calls the dunder [name] looked up on the type of [self] (not the instance, as CPython's
// special method lookup), bound to [self]. Sets *found to false, without raising, when the type
// has no such attribute.
Owned call_dunder(ThreadState& ts, Value self, StrObject* name, std::initializer_list<Value> args,
                  bool* found);

// True if [t]'s next slot calls a class's __next__ (heap types only).
bool has_heap_next(const TypeObject* t);

// Calls the __next__ of [self]'s class, keeping the StopIteration it raises (the next slot
// clears it, as the iteration protocol wants): next(obj) re-raises that very exception object,
// value included, as CPython's does.
Owned call_heap_next(ThreadState& ts, Value self);

}  // namespace gilpy::runtime
