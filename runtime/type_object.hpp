// TypeObject: what a value's type knows how to do, as a table of slots (CPython's tp_* slots).
//
// Builtin types are static, immortal TypeObjects defined at the bottom of their file in
// runtime/types/ and listed once in runtime/types/types.def. They are constant-initialised, and
// their dict, bases and mro are built once per process by bootstrap_types() before any
// interpreter runs; after that they are never mutated, so interpreters on different OS threads
// can share them. Classes created by scripts are heap types owned by one interpreter.
//
// Every slot takes the ThreadState of the calling thread (which must hold the GIL) and follows
// the raise convention of value.hpp: a null Owned, -1 or false means an exception is pending.
// A null slot means "not supported"; the generic operations in runtime/abstract.hpp turn that
// into CPython's TypeError.
#pragma once

#include <cstddef>
#include <cstdint>

#include "runtime/value.hpp"

namespace gilpy::runtime {

struct ThreadState;
struct TupleObject;
struct DictObject;
struct StrObject;
struct TypeObject;
extern TypeObject kTypeType;

// Arguments in vectorcall form: [nargs] positional values, then one value per name in
// [kwnames] (a tuple of str, or null when there are no keyword arguments). For methods, args[0]
// is self and counts in nargs.
struct CallArgs {
    const Value* args;
    size_t nargs;
    TupleObject* kwnames;

    size_t keyword_count() const;
    Value keyword_value(size_t i) const { return args[nargs + i]; }
    Value operator[](size_t i) const { return args[i]; }
};

enum class CompareOp : uint8_t { Lt, Le, Eq, Ne, Gt, Ge };

// [a] op [b] for values with a built-in order (numbers, lengths, a three-way result against 0).
template <class T>
constexpr bool ordered_compare(T a, T b, CompareOp op) {
    switch (op) {
        case CompareOp::Lt:
            return a < b;
        case CompareOp::Le:
            return a <= b;
        case CompareOp::Eq:
            return a == b;
        case CompareOp::Ne:
            return a != b;
        case CompareOp::Gt:
            return a > b;
        case CompareOp::Ge:
            return a >= b;
    }
    return false;
}

// The order matches the NB_* operand of CPython 3.11's BINARY_OP, so disassembly can share it.
enum class BinaryOp : uint8_t {
    Add,
    And,
    FloorDiv,
    LShift,
    MatMul,
    Mul,
    Mod,
    Or,
    Pow,
    RShift,
    Sub,
    TrueDiv,
    Xor,
};
inline constexpr int kBinaryOpCount = 13;

enum class UnaryOp : uint8_t { Neg, Pos, Invert };

using NativeFn = Owned (*)(ThreadState& ts, CallArgs args);
using ReprSlot = Owned (*)(ThreadState& ts, Value self);
using HashSlot = int64_t (*)(ThreadState& ts, Value self);  // -1: raised
using CompareSlot = Owned (*)(ThreadState& ts, Value self, Value other, CompareOp op);
using TruthSlot = int (*)(ThreadState& ts, Value self);       // -1: raised
using LengthSlot = int64_t (*)(ThreadState& ts, Value self);  // -1: raised
using GetAttrSlot = Owned (*)(ThreadState& ts, Value self, StrObject* name);
using SetAttrSlot = int (*)(ThreadState& ts, Value self, StrObject* name, Value v);  // v null: del
using CallSlot = Owned (*)(ThreadState& ts, Value callable, CallArgs args);
using UnarySlot = Owned (*)(ThreadState& ts, Value self);
using NextSlot = Owned (*)(ThreadState& ts, Value self);  // null + no exception: exhausted
using BinarySlot = Owned (*)(ThreadState& ts, Value a, Value b);
using GetItemSlot = Owned (*)(ThreadState& ts, Value self, Value key);
using SetItemSlot = int (*)(ThreadState& ts, Value self, Value key, Value v);  // v null: del
using ContainsSlot = int (*)(ThreadState& ts, Value self, Value item);         // -1: raised
using DescrGetSlot = Owned (*)(ThreadState& ts, Value descr, Value obj, TypeObject* owner);
using DescrSetSlot = int (*)(ThreadState& ts, Value descr, Value obj, Value v);  // v null: del
using NewSlot = Owned (*)(ThreadState& ts, TypeObject* type, CallArgs args);
using InitSlot = int (*)(ThreadState& ts, Value self, CallArgs args);  // -1: raised
using DeallocSlot = void (*)(Object* self);

// Numeric slots. A binary slot is called with the operands in their source order, whichever of
// the two types owns the slot, and returns NotImplemented when it cannot handle the pair
// (CPython's nb_* convention; see binary_op in abstract.hpp).
struct NumberSlots {
    BinarySlot binary[kBinaryOpCount] = {};
    BinarySlot inplace[kBinaryOpCount] = {};  // null: fall back to binary
    UnarySlot neg = nullptr, pos = nullptr, invert = nullptr, abs = nullptr;
    UnarySlot index = nullptr;     // __index__: an exact int
    UnarySlot to_int = nullptr;    // int(x)
    UnarySlot to_float = nullptr;  // float(x)
};

enum class MethodKind : uint8_t { Instance, Static, Class };

// One Python-visible method of a builtin type or module (the tables at the bottom of each file).
struct MethodDef {
    const char* name;
    NativeFn fn;
    MethodKind kind = MethodKind::Instance;
};

// A computed attribute of a builtin type (a getset descriptor).
struct GetSetDef {
    const char* name;
    Owned (*get)(ThreadState& ts, Value self);
    int (*set)(ThreadState& ts, Value self, Value v) = nullptr;  // null: read-only
};

// Fast subclass tests without walking the MRO (CPython's Py_TPFLAGS_*_SUBCLASS).
enum TypeFlags : uint32_t {
    kTypeBaseType = 1u << 0,  // may be subclassed: new_ builds a heap subtype (retain_heap_type)
    kTypeHeap = 1u << 1,      // created by a class statement; owned by one interpreter
    kTypeIntSubclass = 1u << 2,
    kTypeStrSubclass = 1u << 3,
    kTypeTupleSubclass = 1u << 4,
    kTypeListSubclass = 1u << 5,
    kTypeDictSubclass = 1u << 6,
    kTypeExceptionSubclass = 1u << 7,  // BaseException and below
    kTypeTypeSubclass = 1u << 8,
    kTypeBytesSubclass = 1u << 9,
    kTypeHasInstanceDict = 1u << 10,  // instances carry a __dict__
};

// The slots of a type, an aggregate so that builtin types can be written with designated
// initializers at the bottom of their file:
//   constinit TypeObject kListType("list", &kObjectType, kTypeBaseType | kTypeListSubclass, {
//       .dealloc = list_dealloc, .repr = list_repr, ..., .methods = kListMethods});
// Slot order below is the order designated initializers must follow.
struct TypeSlots {
    DeallocSlot dealloc = nullptr;
    ReprSlot repr = nullptr;
    ReprSlot str = nullptr;  // null: use repr
    HashSlot hash = nullptr;
    CompareSlot compare = nullptr;
    TruthSlot truth = nullptr;
    LengthSlot length = nullptr;
    GetAttrSlot getattr = nullptr;  // null: generic attribute lookup
    SetAttrSlot setattr = nullptr;  // null: generic (instance dict or read-only)
    CallSlot call = nullptr;
    UnarySlot iter = nullptr;
    NextSlot next = nullptr;
    GetItemSlot getitem = nullptr;
    SetItemSlot setitem = nullptr;
    ContainsSlot contains = nullptr;
    DescrGetSlot descr_get = nullptr;
    DescrSetSlot descr_set = nullptr;
    NewSlot new_ = nullptr;
    InitSlot init = nullptr;
    const NumberSlots* number = nullptr;
    const MethodDef* methods = nullptr;  // ends with a null name
    const GetSetDef* getset = nullptr;   // ends with a null name
    // Where instances keep their __dict__ (modules, functions, exceptions, class instances):
    // the address of the owning member, which may hold null until first use. Null slot: none.
    Ref<DictObject>* (*instance_dict)(Object* self) = nullptr;
};

struct TypeObject : Object, TypeSlots {
    const char* name;  // tp_name, e.g. "int"
    TypeObject* base;  // the primary base (instance layout); null only for object
    uint32_t flags = 0;

    // Built at bootstrap (builtin types) or class creation (heap types).
    TupleObject* bases = nullptr;
    TupleObject* mro = nullptr;
    DictObject* dict = nullptr;
    StrObject* module_name = nullptr;  // heap types: __module__; builtins: null ("builtins")

    constexpr TypeObject(const char* n, TypeObject* b, uint32_t f, const TypeSlots& slots)
        : Object(&kTypeType, kImmortalRefcount), TypeSlots(slots), name(n), base(b), flags(f) {}
};

// The root type `object` (kTypeType, the metatype, is declared above).
extern TypeObject kObjectType;

// True if [t] is [base] or a subclass of it (walks the MRO).
bool is_subtype(const TypeObject* t, const TypeObject* base);

// Builds dict, bases and mro of every builtin type in types.def, once per process.
void bootstrap_types();

// Completes a static type defined outside types.def (a native module's own type, created once
// per process): inherits its base's slots, builds bases, MRO and dict as bootstrap does, and
// sets __module__ ([module_name], or null when the name is dotted like "itertools.count", as
// CPython's tp_name). Safe to call from several interpreters; calls after the first do nothing.
void ready_static_type(TypeObject* t, const char* module_name);

// Looks [name] up along the MRO of [t]; returns a borrowed value or null (without raising).
// Classes answer from a cache (heap_type.hpp); builtin types walk their few MRO entries.
Value type_lookup(const TypeObject* t, StrObject* name);
// The uncached walk along [mro].
Value mro_lookup(const TupleObject* mro, StrObject* name);

}  // namespace gilpy::runtime

namespace gilpy::runtime {

// The types of the immediate values (see value.hpp), defined in runtime/types/.
extern TypeObject kNoneType;
extern TypeObject kBoolType;
extern TypeObject kIntType;
extern TypeObject kFloatType;

// The type of any value. [v] must not be null.
inline TypeObject* type_of(Value v) {
    switch (v.tag()) {
        case Tag::Object:
            return v.as_object()->type;
        case Tag::Int:
            return &kIntType;
        case Tag::Float:
            return &kFloatType;
        case Tag::Bool:
            return &kBoolType;
        case Tag::None:
            return &kNoneType;
        case Tag::Null:
            break;
    }
    return &kNoneType;
}

// Instances own a reference to their class when it is a heap type (static types are immortal):
// every constructor that may build a heap type's instance calls this once.
inline void retain_heap_type(TypeObject* t) {
    if (t->flags & kTypeHeap) incref(t);
}

inline bool has_flag(Value v, uint32_t flag) {
    return (type_of(v)->flags & flag) != 0;
}

}  // namespace gilpy::runtime
