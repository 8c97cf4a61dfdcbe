// Callables: Python functions (whose call slot is the eval loop's entry point, installed by the
// interpreter layer: the runtime never calls the eval loop any other way, DESIGN.md), builtin
// functions and methods, method descriptors, bound methods, and closure cells.
#pragma once

#include "runtime/type_object.hpp"
#include "runtime/types/dict.hpp"
#include "runtime/types/str.hpp"
#include "runtime/types/tuple.hpp"

namespace gilpy::runtime {

extern TypeObject kFunctionType;
extern TypeObject kBuiltinFunctionType;
extern TypeObject kMethodDescriptorType;
extern TypeObject kMethodType;
extern TypeObject kCellType;
extern TypeObject kClassMethodDescriptorType;
extern TypeObject kGetSetDescriptorType;

struct FunctionObject;
using FunctionCallSlot = Owned (*)(ThreadState& ts, FunctionObject* fn, CallArgs args);

// A function defined by `def` or `lambda`.
struct FunctionObject : Object {
    FunctionCallSlot call_slot;  // the interpreter's entry for this function's code
    Ref<Object> code;            // a CodeObject (interpreter layer)
    Ref<DictObject> globals;
    Ref<TupleObject> defaults;   // null: none
    Ref<DictObject> kwdefaults;  // null: none
    Ref<TupleObject> closure;    // cells of free variables; null: none
    Ref<StrObject> name;
    Ref<StrObject> qualname;
    Owned module;  // __module__
    Owned doc;
    Ref<DictObject> dict;         // function attributes; created on first use
    Ref<DictObject> annotations;  // __annotations__; null: none yet ({} on first read)

    FunctionObject() : Object(&kFunctionType) {}
};

// A native function: a module-level builtin (self null), or a builtin method bound to [self].
struct BuiltinFunctionObject : Object {
    const MethodDef* def;
    Owned self;    // null for plain functions
    Owned module;  // __module__ (str) for module functions, else null

    BuiltinFunctionObject(const MethodDef* d, Owned s)
        : Object(&kBuiltinFunctionType), def(d), self(std::move(s)) {}
};

// A builtin method found in a builtin type's dict (list.append), not yet bound.
struct MethodDescriptorObject : Object {
    const MethodDef* def;
    TypeObject* owner;
    MethodDescriptorObject(TypeObject* t, const MethodDef* d, TypeObject* o)
        : Object(t), def(d), owner(o) {}
};

// A getset descriptor (a computed attribute of a builtin type).
struct GetSetDescriptorObject : Object {
    const GetSetDef* def;
    TypeObject* owner;
    GetSetDescriptorObject(const GetSetDef* d, TypeObject* o)
        : Object(&kGetSetDescriptorType), def(d), owner(o) {}
};

// A Python function bound to an instance (obj.method).
struct MethodObject : Object {
    Owned func;
    Owned self;
    MethodObject(Owned f, Owned s) : Object(&kMethodType), func(std::move(f)), self(std::move(s)) {}
};

// A closure cell: one variable shared between a function and the functions nested in it.
struct CellObject : Object {
    Owned value;  // null: empty (unbound)
    CellObject() : Object(&kCellType) {}
};

// A builtin function object for [def] (a module function); [module] is its module's name.
Ref<BuiltinFunctionObject> new_builtin_function(const MethodDef* def, Value module = Value::null());

// Calls [callable] with [self] prepended to [args], without a heap allocation for small calls.
Owned call_with_self(ThreadState& ts, Value callable, Value self, CallArgs args);

// The call for a builtin method descriptor or function: checks the self type for descriptors.
Owned call_method_def(ThreadState& ts, const MethodDef* def, CallArgs args);

}  // namespace gilpy::runtime
