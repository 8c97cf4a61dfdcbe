// The slot <-> dunder bridge. One table lists every dunder tied to a slot; from it come the
// slot wrappers of static types (calling a native slot from Python) and the heap-type slot
// functions (calling a Python dunder from a native slot).
#include "runtime/slot_dunders.hpp"

#include <fmt/format.h>

#include <mutex>

#include "runtime/abstract.hpp"
#include "runtime/args.hpp"
#include "runtime/exceptions.hpp"
#include "runtime/interpreter_state.hpp"
#include "runtime/thread_state.hpp"
#include "runtime/types/dict.hpp"
#include "runtime/types/function.hpp"
#include "runtime/types/heap_type.hpp"
#include "runtime/types/int.hpp"
#include "runtime/types/str.hpp"
#include "runtime/types/tuple.hpp"

namespace gilpy::runtime {

namespace {

// The slot a dunder belongs to. Several dunders may share one slot (the six comparisons,
// __add__/__radd__, __setitem__/__delitem__ ...).
enum class Field : uint8_t {
    Repr, Str, Hash, Compare, Truth, Length, GetAttr, SetAttr, Call, Iter, Next, GetItem,
    SetItem, Contains, DescrGet, DescrSet, Init,
    Binary,   // + op: NumberSlots::binary[op]
    Inplace,  // + op
    Neg, Pos, Invert, Abs, Index, Int, Float,
};

// How a slot wrapper calls the native slot: which operands, in which order.
enum class Call : uint8_t {
    Unary,      // slot(self)
    Binary,     // slot(self, other)
    Reflected,  // slot(other, self)
    Compare,    // compare(self, other, op)
    Special,    // its own code in call_native
};

struct SlotDunder {
    const char* name;
    Field field;
    uint8_t arg;  // the BinaryOp or CompareOp
    Call call;
};

constexpr uint8_t op(BinaryOp o) { return static_cast<uint8_t>(o); }
constexpr uint8_t cmp(CompareOp o) { return static_cast<uint8_t>(o); }

#define GILPY_BINARY_DUNDERS(name, o)                               \
    {"__" name "__", Field::Binary, op(BinaryOp::o), Call::Binary}, \
        {"__r" name "__", Field::Binary, op(BinaryOp::o), Call::Reflected}

constexpr SlotDunder kDunders[] = {
    {"__repr__", Field::Repr, 0, Call::Unary},
    {"__str__", Field::Str, 0, Call::Unary},
    {"__hash__", Field::Hash, 0, Call::Special},
    {"__lt__", Field::Compare, cmp(CompareOp::Lt), Call::Compare},
    {"__le__", Field::Compare, cmp(CompareOp::Le), Call::Compare},
    {"__eq__", Field::Compare, cmp(CompareOp::Eq), Call::Compare},
    {"__ne__", Field::Compare, cmp(CompareOp::Ne), Call::Compare},
    {"__gt__", Field::Compare, cmp(CompareOp::Gt), Call::Compare},
    {"__ge__", Field::Compare, cmp(CompareOp::Ge), Call::Compare},
    {"__bool__", Field::Truth, 0, Call::Special},
    {"__len__", Field::Length, 0, Call::Special},
    {"__getattribute__", Field::GetAttr, 0, Call::Special},
    {"__getattr__", Field::GetAttr, 1, Call::Special},
    {"__setattr__", Field::SetAttr, 0, Call::Special},
    {"__delattr__", Field::SetAttr, 1, Call::Special},
    {"__call__", Field::Call, 0, Call::Special},
    {"__iter__", Field::Iter, 0, Call::Unary},
    {"__next__", Field::Next, 0, Call::Special},
    {"__getitem__", Field::GetItem, 0, Call::Binary},
    {"__setitem__", Field::SetItem, 0, Call::Special},
    {"__delitem__", Field::SetItem, 1, Call::Special},
    {"__contains__", Field::Contains, 0, Call::Special},
    {"__get__", Field::DescrGet, 0, Call::Special},
    {"__set__", Field::DescrSet, 0, Call::Special},
    {"__delete__", Field::DescrSet, 1, Call::Special},
    {"__init__", Field::Init, 0, Call::Special},
    GILPY_BINARY_DUNDERS("add", Add),
    GILPY_BINARY_DUNDERS("sub", Sub),
    GILPY_BINARY_DUNDERS("mul", Mul),
    GILPY_BINARY_DUNDERS("matmul", MatMul),
    GILPY_BINARY_DUNDERS("truediv", TrueDiv),
    GILPY_BINARY_DUNDERS("floordiv", FloorDiv),
    GILPY_BINARY_DUNDERS("mod", Mod),
    GILPY_BINARY_DUNDERS("pow", Pow),
    GILPY_BINARY_DUNDERS("lshift", LShift),
    GILPY_BINARY_DUNDERS("rshift", RShift),
    GILPY_BINARY_DUNDERS("and", And),
    GILPY_BINARY_DUNDERS("xor", Xor),
    GILPY_BINARY_DUNDERS("or", Or),
    {"__iadd__", Field::Inplace, op(BinaryOp::Add), Call::Binary},
    {"__isub__", Field::Inplace, op(BinaryOp::Sub), Call::Binary},
    {"__imul__", Field::Inplace, op(BinaryOp::Mul), Call::Binary},
    {"__imatmul__", Field::Inplace, op(BinaryOp::MatMul), Call::Binary},
    {"__itruediv__", Field::Inplace, op(BinaryOp::TrueDiv), Call::Binary},
    {"__ifloordiv__", Field::Inplace, op(BinaryOp::FloorDiv), Call::Binary},
    {"__imod__", Field::Inplace, op(BinaryOp::Mod), Call::Binary},
    {"__ipow__", Field::Inplace, op(BinaryOp::Pow), Call::Binary},
    {"__ilshift__", Field::Inplace, op(BinaryOp::LShift), Call::Binary},
    {"__irshift__", Field::Inplace, op(BinaryOp::RShift), Call::Binary},
    {"__iand__", Field::Inplace, op(BinaryOp::And), Call::Binary},
    {"__ixor__", Field::Inplace, op(BinaryOp::Xor), Call::Binary},
    {"__ior__", Field::Inplace, op(BinaryOp::Or), Call::Binary},
    {"__neg__", Field::Neg, 0, Call::Unary},
    {"__pos__", Field::Pos, 0, Call::Unary},
    {"__invert__", Field::Invert, 0, Call::Unary},
    {"__abs__", Field::Abs, 0, Call::Unary},
    {"__index__", Field::Index, 0, Call::Unary},
    {"__int__", Field::Int, 0, Call::Unary},
    {"__float__", Field::Float, 0, Call::Unary},
};
#undef GILPY_BINARY_DUNDERS

constexpr size_t kDunderCount = sizeof kDunders / sizeof kDunders[0];

// Immortal names, shared by every interpreter (created once per process).
StrObject* g_names[kDunderCount];
StrObject* g_new_name;

// Dunders with the same key fill the same slot.
int slot_key(const SlotDunder& d) {
    bool per_op = d.field == Field::Binary || d.field == Field::Inplace;
    return static_cast<int>(d.field) * 16 + (per_op ? d.arg : 0);
}

constexpr size_t index_of(std::string_view name) {
    for (size_t i = 0; i < kDunderCount; ++i) {
        if (std::string_view(kDunders[i].name) == name) return i;
    }
    return kDunderCount;
}

// A dunder of the table named by a string literal: its index is found at compile time, so the
// slot functions (e.g. every instance creation's __init__ lookup) pay no search.
struct DunderName {
    size_t index;
    consteval DunderName(const char* name) : index(index_of(name)) {
        if (index == kDunderCount) throw "not a dunder of kDunders";
    }
    const char* text() const { return kDunders[index].name; }
};

StrObject* name_of(DunderName d) { return g_names[d.index]; }
// The same for a name only known at run time.
StrObject* name_of_runtime(const char* name) { return g_names[index_of(name)]; }

// ------------------------------------------------------------------ type-erased slot access

using AnySlot = void (*)();

template <class F>
AnySlot erase(F f) {
    return reinterpret_cast<AnySlot>(f);
}

AnySlot get_field(const TypeObject* t, Field f, uint8_t arg) {
    const NumberSlots* n = t->number;
    switch (f) {
        case Field::Repr: return erase(t->repr);
        case Field::Str: return erase(t->str);
        case Field::Hash: return erase(t->hash);
        case Field::Compare: return erase(t->compare);
        case Field::Truth: return erase(t->truth);
        case Field::Length: return erase(t->length);
        case Field::GetAttr: return erase(t->getattr);
        case Field::SetAttr: return erase(t->setattr);
        case Field::Call: return erase(t->call);
        case Field::Iter: return erase(t->iter);
        case Field::Next: return erase(t->next);
        case Field::GetItem: return erase(t->getitem);
        case Field::SetItem: return erase(t->setitem);
        case Field::Contains: return erase(t->contains);
        case Field::DescrGet: return erase(t->descr_get);
        case Field::DescrSet: return erase(t->descr_set);
        case Field::Init: return erase(t->init);
        case Field::Binary: return n ? erase(n->binary[arg]) : nullptr;
        case Field::Inplace: return n ? erase(n->inplace[arg]) : nullptr;
        case Field::Neg: return n ? erase(n->neg) : nullptr;
        case Field::Pos: return n ? erase(n->pos) : nullptr;
        case Field::Invert: return n ? erase(n->invert) : nullptr;
        case Field::Abs: return n ? erase(n->abs) : nullptr;
        case Field::Index: return n ? erase(n->index) : nullptr;
        case Field::Int: return n ? erase(n->to_int) : nullptr;
        case Field::Float: return n ? erase(n->to_float) : nullptr;
    }
    return nullptr;
}

// Heap types only: their NumberSlots are their own (HeapTypeObject::number_storage).
void set_field(TypeObject* t, Field f, uint8_t arg, AnySlot s) {
    auto* n = const_cast<NumberSlots*>(t->number);
    switch (f) {
        case Field::Repr: t->repr = reinterpret_cast<ReprSlot>(s); return;
        case Field::Str: t->str = reinterpret_cast<ReprSlot>(s); return;
        case Field::Hash: t->hash = reinterpret_cast<HashSlot>(s); return;
        case Field::Compare: t->compare = reinterpret_cast<CompareSlot>(s); return;
        case Field::Truth: t->truth = reinterpret_cast<TruthSlot>(s); return;
        case Field::Length: t->length = reinterpret_cast<LengthSlot>(s); return;
        case Field::GetAttr: t->getattr = reinterpret_cast<GetAttrSlot>(s); return;
        case Field::SetAttr: t->setattr = reinterpret_cast<SetAttrSlot>(s); return;
        case Field::Call: t->call = reinterpret_cast<CallSlot>(s); return;
        case Field::Iter: t->iter = reinterpret_cast<UnarySlot>(s); return;
        case Field::Next: t->next = reinterpret_cast<NextSlot>(s); return;
        case Field::GetItem: t->getitem = reinterpret_cast<GetItemSlot>(s); return;
        case Field::SetItem: t->setitem = reinterpret_cast<SetItemSlot>(s); return;
        case Field::Contains: t->contains = reinterpret_cast<ContainsSlot>(s); return;
        case Field::DescrGet: t->descr_get = reinterpret_cast<DescrGetSlot>(s); return;
        case Field::DescrSet: t->descr_set = reinterpret_cast<DescrSetSlot>(s); return;
        case Field::Init: t->init = reinterpret_cast<InitSlot>(s); return;
        case Field::Binary: n->binary[arg] = reinterpret_cast<BinarySlot>(s); return;
        case Field::Inplace: n->inplace[arg] = reinterpret_cast<BinarySlot>(s); return;
        case Field::Neg: n->neg = reinterpret_cast<UnarySlot>(s); return;
        case Field::Pos: n->pos = reinterpret_cast<UnarySlot>(s); return;
        case Field::Invert: n->invert = reinterpret_cast<UnarySlot>(s); return;
        case Field::Abs: n->abs = reinterpret_cast<UnarySlot>(s); return;
        case Field::Index: n->index = reinterpret_cast<UnarySlot>(s); return;
        case Field::Int: n->to_int = reinterpret_cast<UnarySlot>(s); return;
        case Field::Float: n->to_float = reinterpret_cast<UnarySlot>(s); return;
    }
}

}  // namespace

// ------------------------------------------------------------------ calling dunders

Owned call_dunder(ThreadState& ts, Value self, StrObject* name, std::initializer_list<Value> args,
                  bool* found) {
    Value f = type_lookup(type_of(self), name);
    if (f.is_null()) {
        *found = false;
        return nullptr;
    }
    *found = true;
    TypeObject* ft = type_of(f);
    bool plain_method = ft == &kMethodDescriptorType &&
                        f.as<MethodDescriptorObject>()->def->kind != MethodKind::Static;
    if (ft == &kFunctionType || ft == &kSlotWrapperType || plain_method) {
        // Unbound call with self first: no bound-method object for the common case.
        Value buffer[4];
        size_t n = 0;
        buffer[n++] = self;
        for (Value a : args) buffer[n++] = a;
        return call(ts, f, CallArgs{buffer, n, nullptr});
    }
    Owned bound = ft->descr_get ? ft->descr_get(ts, f, self, type_of(self)) : Owned::borrow(f);
    if (!bound) return nullptr;
    return call(ts, bound.get(), CallArgs{args.begin(), args.size(), nullptr});
}

namespace {

// call_dunder by table name; a missing dunder is NotImplemented (binary and comparison slots).
Owned call_or_not_implemented(ThreadState& ts, Value self, const char* name,
                              std::initializer_list<Value> args) {
    bool found;
    Owned r = call_dunder(ts, self, name_of_runtime(name), args, &found);
    if (!found) return Owned::borrow(not_implemented());
    return r;
}

Owned call_required(ThreadState& ts, Value self, DunderName name,
                    std::initializer_list<Value> args) {
    bool found;
    Owned r = call_dunder(ts, self, name_of(name), args, &found);
    if (!found) {
        // CPython's vectorcall_method: the bare dunder name (e.g. a descriptor with __set__
        // but no __delete__ raises "AttributeError: __delete__").
        return raise(ts, &kAttributeErrorType, name.text());
    }
    return r;
}

// ------------------------------------------------------------------ heap-type slot functions

Owned heap_repr(ThreadState& ts, Value self) { return call_required(ts, self, "__repr__", {}); }
Owned heap_str(ThreadState& ts, Value self) { return call_required(ts, self, "__str__", {}); }

int64_t heap_hash(ThreadState& ts, Value self) {
    Owned r = call_required(ts, self, "__hash__", {});
    if (!r) return -1;
    if (!is_int(r.get())) {
        raise(ts, &kTypeErrorType, "__hash__ method should return an integer");
        return -1;
    }
    int64_t h = hash(ts, r.get());  // big ints reduce like int.__hash__
    return h == -1 ? -2 : h;
}

int64_t heap_unhashable(ThreadState& ts, Value self) {
    raisef(ts, &kTypeErrorType, "unhashable type: '{}'", type_name(self));
    return -1;
}

Owned heap_compare(ThreadState& ts, Value self, Value other, CompareOp o) {
    static const char* const names[] = {"__lt__", "__le__", "__eq__", "__ne__", "__gt__", "__ge__"};
    return call_or_not_implemented(ts, self, names[static_cast<int>(o)], {other});
}

int heap_truth(ThreadState& ts, Value self) {
    Owned r = call_required(ts, self, "__bool__", {});
    if (!r) return -1;
    if (!r.get().is_bool()) {
        raisef(ts, &kTypeErrorType, "__bool__ should return bool, returned {}",
               type_name(r.get()));
        return -1;
    }
    return r.get().as_bool();
}

int64_t heap_length(ThreadState& ts, Value self) {
    Owned r = call_required(ts, self, "__len__", {});
    if (!r) return -1;
    Owned i = index(ts, r.get());
    if (!i) return -1;
    int64_t n;
    if (!int_to_int64(i.get(), &n)) {
        if (int_sign(i.get()) < 0) {
            raise(ts, &kValueErrorType, "__len__() should return >= 0");
        } else {
            raise(ts, &kOverflowErrorType, "cannot fit 'int' into an index-sized integer");
        }
        return -1;
    }
    if (n < 0) {
        raise(ts, &kValueErrorType, "__len__() should return >= 0");
        return -1;
    }
    return n;
}

TypeObject* slot_wrapper_owner(Value wrapper);

// __getattribute__ (an inherited builtin one is called as its native slot: generic_get_attr,
// or type's own lookup for the classes of a metaclass), then __getattr__ when that raised
// AttributeError.
Owned heap_getattr(ThreadState& ts, Value self, StrObject* name) {
    TypeObject* t = type_of(self);
    Value getattribute = type_lookup(t, name_of("__getattribute__"));
    Owned r;
    if (!getattribute.is_null() && type_of(getattribute) == &kSlotWrapperType) {
        GetAttrSlot native = slot_wrapper_owner(getattribute)->getattr;
        r = native ? native(ts, self, name) : generic_get_attr(ts, self, name);
    } else {
        r = call_required(ts, self, "__getattribute__", {Value::from_object(name)});
    }
    if (r || !exception_matches(ts, &kAttributeErrorType)) return r;
    if (type_lookup(t, name_of("__getattr__")).is_null()) return r;
    clear_exception(ts);
    return call_required(ts, self, "__getattr__", {Value::from_object(name)});
}

int heap_setattr(ThreadState& ts, Value self, StrObject* name, Value v) {
    Owned r = v.is_null() ? call_required(ts, self, "__delattr__", {Value::from_object(name)})
                          : call_required(ts, self, "__setattr__", {Value::from_object(name), v});
    return r ? 0 : -1;
}

Owned heap_call(ThreadState& ts, Value self, CallArgs args) {
    Value f = type_lookup(type_of(self), name_of("__call__"));
    if (f.is_null()) {
        return raisef(ts, &kTypeErrorType, "'{}' object is not callable", type_name(self));
    }
    TypeObject* ft = type_of(f);
    if (ft == &kFunctionType) return call_with_self(ts, f, self, args);
    Owned bound = ft->descr_get ? ft->descr_get(ts, f, self, type_of(self)) : Owned::borrow(f);
    if (!bound) return nullptr;
    return call(ts, bound.get(), args);
}

Owned heap_iter(ThreadState& ts, Value self) {
    Value f = type_lookup(type_of(self), name_of("__iter__"));
    if (f.is_none()) {
        return raisef(ts, &kTypeErrorType, "'{}' object is not iterable", type_name(self));
    }
    Owned it = call_required(ts, self, "__iter__", {});
    if (it && !type_of(it.get())->next) {
        return raisef(ts, &kTypeErrorType, "iter() returned non-iterator of type '{}'",
                      type_name(it.get()));
    }
    return it;
}

// The native protocol ends iteration by returning null without an exception.
Owned heap_next(ThreadState& ts, Value self) {
    Owned r = call_required(ts, self, "__next__", {});
    if (!r && exception_matches(ts, &kStopIterationType)) clear_exception(ts);
    return r;
}

Owned heap_next_keeping_stop(ThreadState& ts, Value self) {
    return call_required(ts, self, "__next__", {});
}

Owned heap_getitem(ThreadState& ts, Value self, Value key) {
    return call_required(ts, self, "__getitem__", {key});
}

int heap_setitem(ThreadState& ts, Value self, Value key, Value v) {
    Owned r = v.is_null() ? call_required(ts, self, "__delitem__", {key})
                          : call_required(ts, self, "__setitem__", {key, v});
    return r ? 0 : -1;
}

int heap_contains(ThreadState& ts, Value self, Value item) {
    bool found;
    Owned r = call_dunder(ts, self, name_of("__contains__"), {item}, &found);
    if (!found) {
        // __contains__ = None, or only inherited through a non-slot path: iterate.
        Owned it = get_iter(ts, self);
        if (!it) return -1;
        for (;;) {
            Owned x = iter_next(ts, it.get());
            if (!x) return ts.has_exception() ? -1 : 0;
            int eq = equals(ts, x.get(), item);
            if (eq != 0) return eq;
        }
    }
    if (!r) return -1;
    return truth(ts, r.get());
}

Owned heap_descr_get(ThreadState& ts, Value descr, Value obj, TypeObject* owner) {
    return call_required(ts, descr, "__get__",
                         {obj.is_null() ? Value::none() : obj,
                          owner ? Value::from_object(owner) : Value::none()});
}

int heap_descr_set(ThreadState& ts, Value descr, Value obj, Value v) {
    Owned r = v.is_null() ? call_required(ts, descr, "__delete__", {obj})
                          : call_required(ts, descr, "__set__", {obj, v});
    return r ? 0 : -1;
}

int heap_init(ThreadState& ts, Value self, CallArgs args) {
    Value f = type_lookup(type_of(self), name_of("__init__"));
    Owned r;
    if (type_of(f) == &kFunctionType) {
        r = call_with_self(ts, f, self, args);
    } else {
        Owned bound = type_of(f)->descr_get ? type_of(f)->descr_get(ts, f, self, type_of(self))
                                            : Owned::borrow(f);
        if (!bound) return -1;
        r = call(ts, bound.get(), args);
    }
    if (!r) return -1;
    if (!r.get().is_none()) {
        raisef(ts, &kTypeErrorType, "__init__() should return None, not '{}'",
               type_name(r.get()));
        return -1;
    }
    return 0;
}

// The binary slot of heap types, CPython's SLOT1BINFULL: called with the operands in source
// order; tries a.__op__(b) when a's type routes this slot here, and b.__rop__(a) when b's type
// does (first, if b's type is a subclass of a's that overrides __rop__).
template <BinaryOp O>
Owned heap_binary(ThreadState& ts, Value a, Value b);

template <BinaryOp O>
bool routes_here(TypeObject* t) {
    return t->number && t->number->binary[static_cast<int>(O)] == &heap_binary<O>;
}

const char* binary_name(BinaryOp o, bool reflected) {
    for (const SlotDunder& d : kDunders) {
        if (d.field == Field::Binary && d.arg == op(o) && (d.call == Call::Reflected) == reflected) {
            return d.name;
        }
    }
    return "";
}

template <BinaryOp O>
Owned heap_binary(ThreadState& ts, Value a, Value b) {
    TypeObject* ta = type_of(a);
    TypeObject* tb = type_of(b);
    const char* name = binary_name(O, false);
    const char* rname = binary_name(O, true);
    bool do_other = ta != tb && routes_here<O>(tb);
    if (routes_here<O>(ta)) {
        if (do_other && is_subtype(tb, ta)) {
            Value mine = type_lookup(ta, name_of_runtime(rname));
            Value theirs = type_lookup(tb, name_of_runtime(rname));
            if (!theirs.is_null() && !theirs.is(mine)) {
                Owned r = call_or_not_implemented(ts, b, rname, {a});
                if (!r || !is_not_implemented(r.get())) return r;
                do_other = false;
            }
        }
        Owned r = call_or_not_implemented(ts, a, name, {b});
        if (!r || !is_not_implemented(r.get()) || ta == tb) return r;
    }
    if (do_other) return call_or_not_implemented(ts, b, rname, {a});
    return Owned::borrow(not_implemented());
}

template <BinaryOp O>
Owned heap_inplace(ThreadState& ts, Value a, Value b) {
    for (const SlotDunder& d : kDunders) {
        if (d.field == Field::Inplace && d.arg == op(O)) {
            return call_or_not_implemented(ts, a, d.name, {b});
        }
    }
    return Owned::borrow(not_implemented());
}

Owned heap_neg(ThreadState& ts, Value v) { return call_required(ts, v, "__neg__", {}); }
Owned heap_pos(ThreadState& ts, Value v) { return call_required(ts, v, "__pos__", {}); }
Owned heap_invert(ThreadState& ts, Value v) { return call_required(ts, v, "__invert__", {}); }
Owned heap_abs(ThreadState& ts, Value v) { return call_required(ts, v, "__abs__", {}); }
Owned heap_index(ThreadState& ts, Value v) { return call_required(ts, v, "__index__", {}); }

Owned heap_int(ThreadState& ts, Value v) {
    Owned r = call_required(ts, v, "__int__", {});
    if (r && !is_int(r.get())) {
        return raisef(ts, &kTypeErrorType, "__int__ returned non-int (type {})",
                      type_name(r.get()));
    }
    return r;
}

Owned heap_float(ThreadState& ts, Value v) {
    Owned r = call_required(ts, v, "__float__", {});
    if (r && !r.get().is_float()) {
        return raisef(ts, &kTypeErrorType, "{}.__float__ returned non-float (type {})",
                      type_name(v), type_name(r.get()));
    }
    return r;
}

template <size_t... I>
constexpr std::array<BinarySlot, kBinaryOpCount> binary_table(std::index_sequence<I...>) {
    return {&heap_binary<static_cast<BinaryOp>(I)>...};
}
template <size_t... I>
constexpr std::array<BinarySlot, kBinaryOpCount> inplace_table(std::index_sequence<I...>) {
    return {&heap_inplace<static_cast<BinaryOp>(I)>...};
}
constexpr auto kHeapBinary = binary_table(std::make_index_sequence<kBinaryOpCount>());
constexpr auto kHeapInplace = inplace_table(std::make_index_sequence<kBinaryOpCount>());

// The heap slot function that calls Python for [f].
AnySlot heap_slot(Field f, uint8_t arg) {
    switch (f) {
        case Field::Repr: return erase(&heap_repr);
        case Field::Str: return erase(&heap_str);
        case Field::Hash: return erase(&heap_hash);
        case Field::Compare: return erase(&heap_compare);
        case Field::Truth: return erase(&heap_truth);
        case Field::Length: return erase(&heap_length);
        case Field::GetAttr: return erase(&heap_getattr);
        case Field::SetAttr: return erase(&heap_setattr);
        case Field::Call: return erase(&heap_call);
        case Field::Iter: return erase(&heap_iter);
        case Field::Next: return erase(&heap_next);
        case Field::GetItem: return erase(&heap_getitem);
        case Field::SetItem: return erase(&heap_setitem);
        case Field::Contains: return erase(&heap_contains);
        case Field::DescrGet: return erase(&heap_descr_get);
        case Field::DescrSet: return erase(&heap_descr_set);
        case Field::Init: return erase(&heap_init);
        case Field::Binary: return erase(kHeapBinary[arg]);
        case Field::Inplace: return erase(kHeapInplace[arg]);
        case Field::Neg: return erase(&heap_neg);
        case Field::Pos: return erase(&heap_pos);
        case Field::Invert: return erase(&heap_invert);
        case Field::Abs: return erase(&heap_abs);
        case Field::Index: return erase(&heap_index);
        case Field::Int: return erase(&heap_int);
        case Field::Float: return erase(&heap_float);
    }
    return nullptr;
}

// ------------------------------------------------------------------ slot wrappers

struct SlotWrapperObject : Object {
    const SlotDunder* dunder;
    TypeObject* owner;
    SlotWrapperObject(const SlotDunder* d, TypeObject* o)
        : Object(&kSlotWrapperType), dunder(d), owner(o) {}
};

TypeObject* slot_wrapper_owner(Value wrapper) {
    return wrapper.as<SlotWrapperObject>()->owner;
}

struct MethodWrapperObject : Object {
    Ref<SlotWrapperObject> wrapper;
    Owned self;
    MethodWrapperObject(Ref<SlotWrapperObject> w, Owned s)
        : Object(&kMethodWrapperType), wrapper(std::move(w)), self(std::move(s)) {}
};

std::nullptr_t wrong_arg_count(ThreadState& ts, const SlotDunder* d, size_t want, size_t got) {
    if (want == 0) return raisef(ts, &kTypeErrorType, "expected 0 arguments, got {}", got);
    return raisef(ts, &kTypeErrorType, "expected {} argument{}, got {}", want,
                  want == 1 ? "" : "s", got);
    (void)d;
}

Owned bool_result(int r) { return r < 0 ? nullptr : Owned::from_bool(r != 0); }
Owned none_result(int r) { return r < 0 ? nullptr : Owned::none(); }

// Calls [owner]'s native slot for [d] with self and the Python arguments [rest].
Owned call_native(ThreadState& ts, const SlotDunder* d, TypeObject* owner, Value self,
                  CallArgs rest) {
    if (d->field == Field::Init) return none_result(owner->init(ts, self, rest));
    if (d->field == Field::Call) return owner->call(ts, self, rest);
    if (rest.keyword_count()) {
        return raisef(ts, &kTypeErrorType, "wrapper {}() takes no keyword arguments", d->name);
    }
    const size_t n = rest.nargs;
    auto need = [&](size_t want) { return n == want ? true : (wrong_arg_count(ts, d, want, n), false); };
    AnySlot s = get_field(owner, d->field, d->arg);
    switch (d->call) {
        case Call::Unary:
            if (!need(0)) return nullptr;
            return reinterpret_cast<UnarySlot>(s)(ts, self);
        case Call::Binary:
            if (!need(1)) return nullptr;
            return reinterpret_cast<BinarySlot>(s)(ts, self, rest[0]);
        case Call::Reflected:
            if (!need(1)) return nullptr;
            return reinterpret_cast<BinarySlot>(s)(ts, rest[0], self);
        case Call::Compare:
            if (!need(1)) return nullptr;
            return owner->compare(ts, self, rest[0], static_cast<CompareOp>(d->arg));
        case Call::Special: break;
    }
    switch (d->field) {
        case Field::Hash: {
            if (!need(0)) return nullptr;
            int64_t h = owner->hash(ts, self);
            return h == -1 ? nullptr : Owned::steal(Value::from_int(h));
        }
        case Field::Truth:
            if (!need(0)) return nullptr;
            return bool_result(owner->truth(ts, self));
        case Field::Length: {
            if (!need(0)) return nullptr;
            int64_t len = owner->length(ts, self);
            return len < 0 ? nullptr : Owned::steal(Value::from_int(len));
        }
        case Field::GetAttr: {
            if (!need(1)) return nullptr;
            if (!is_str(rest[0])) {
                return raisef(ts, &kTypeErrorType, "attribute name must be string, not '{}'",
                              type_name(rest[0]));
            }
            return owner->getattr(ts, self, rest[0].as<StrObject>());
        }
        case Field::SetAttr: {
            if (!need(d->arg == 0 ? 2 : 1)) return nullptr;
            if (!is_str(rest[0])) {
                return raisef(ts, &kTypeErrorType, "attribute name must be string, not '{}'",
                              type_name(rest[0]));
            }
            Value v = d->arg == 0 ? rest[1] : Value::null();
            return none_result(owner->setattr(ts, self, rest[0].as<StrObject>(), v));
        }
        case Field::Next: {
            if (!need(0)) return nullptr;
            Owned r = owner->next(ts, self);
            if (!r && !ts.has_exception()) return raise_empty(ts, &kStopIterationType);
            return r;
        }
        case Field::SetItem: {
            if (!need(d->arg == 0 ? 2 : 1)) return nullptr;
            Value v = d->arg == 0 ? rest[1] : Value::null();
            return none_result(owner->setitem(ts, self, rest[0], v));
        }
        case Field::Contains:
            if (!need(1)) return nullptr;
            return bool_result(owner->contains(ts, self, rest[0]));
        case Field::DescrGet: {
            if (n < 1 || n > 2) return wrong_arg_count(ts, d, 2, n);
            Value obj = rest[0].is_none() ? Value::null() : rest[0];
            TypeObject* type = n == 2 && !rest[1].is_none() ? rest[1].as<TypeObject>() : nullptr;
            if (obj.is_null() && !type) {
                return raise(ts, &kTypeErrorType, "__get__(None, None) is invalid");
            }
            return owner->descr_get(ts, self, obj, type ? type : type_of(obj));
        }
        case Field::DescrSet: {
            if (!need(d->arg == 0 ? 2 : 1)) return nullptr;
            Value v = d->arg == 0 ? rest[1] : Value::null();
            return none_result(owner->descr_set(ts, self, rest[0], v));
        }
        default: break;
    }
    return raise(ts, &kSystemErrorType, "bad slot wrapper");
}

Owned wrapper_invoke(ThreadState& ts, SlotWrapperObject* w, Value self, CallArgs rest) {
    if (!is_subtype(type_of(self), w->owner)) {
        return raisef(ts, &kTypeErrorType,
                      "descriptor '{}' requires a '{}' object but received a '{}'",
                      w->dunder->name, w->owner->name, type_name(self));
    }
    return call_native(ts, w->dunder, w->owner, self, rest);
}

Owned slot_wrapper_call(ThreadState& ts, Value callable, CallArgs args) {
    auto* w = callable.as<SlotWrapperObject>();
    if (args.nargs == 0) {
        return raisef(ts, &kTypeErrorType, "descriptor '{}' of '{}' object needs an argument",
                      w->dunder->name, w->owner->name);
    }
    return wrapper_invoke(ts, w, args[0], drop_self(args));
}

Owned slot_wrapper_get(ThreadState& ts, Value descr, Value obj, TypeObject*) {
    if (obj.is_null()) return Owned::borrow(descr);
    auto* w = descr.as<SlotWrapperObject>();
    if (!is_subtype(type_of(obj), w->owner)) {
        return raisef(ts, &kTypeErrorType,
                      "descriptor '{}' for '{}' objects doesn't apply to a '{}' object",
                      w->dunder->name, w->owner->name, type_name(obj));
    }
    return make_object<MethodWrapperObject>(Ref<SlotWrapperObject>::borrow(w),
                                            Owned::borrow(obj));
}

Owned slot_wrapper_repr(ThreadState&, Value self) {
    auto* w = self.as<SlotWrapperObject>();
    return new_str(
        fmt::format("<slot wrapper '{}' of '{}' objects>", w->dunder->name, w->owner->name));
}

Owned slot_wrapper_name(ThreadState&, Value self) {
    return new_str(self.as<SlotWrapperObject>()->dunder->name);
}

Owned slot_wrapper_qualname(ThreadState&, Value self) {
    auto* w = self.as<SlotWrapperObject>();
    return new_str(fmt::format("{}.{}", w->owner->name, w->dunder->name));
}

Owned slot_wrapper_objclass(ThreadState&, Value self) {
    return Owned::borrow(Value::from_object(self.as<SlotWrapperObject>()->owner));
}

void slot_wrapper_dealloc(Object* self) { delete static_cast<SlotWrapperObject*>(self); }

Owned method_wrapper_call(ThreadState& ts, Value callable, CallArgs args) {
    auto* m = callable.as<MethodWrapperObject>();
    return wrapper_invoke(ts, m->wrapper.get(), m->self.get(), args);
}

Owned method_wrapper_repr(ThreadState&, Value self) {
    auto* m = self.as<MethodWrapperObject>();
    return new_str(fmt::format("<method-wrapper '{}' of {} object at {}>",
                               m->wrapper->dunder->name, type_name(m->self.get()),
                               static_cast<const void*>(m->self.get().as_object())));
}

Owned method_wrapper_self(ThreadState&, Value self) {
    return self.as<MethodWrapperObject>()->self;
}

Owned method_wrapper_name(ThreadState&, Value self) {
    return new_str(self.as<MethodWrapperObject>()->wrapper->dunder->name);
}

void method_wrapper_dealloc(Object* self) { delete static_cast<MethodWrapperObject*>(self); }

int64_t identity_hash(ThreadState&, Value self) {
    uint64_t bits = self.bits();
    int64_t h = static_cast<int64_t>((bits >> 4) | (bits << 60));
    return h == -1 ? -2 : h;
}

const GetSetDef kSlotWrapperGetSet[] = {
    {"__name__", slot_wrapper_name},
    {"__qualname__", slot_wrapper_qualname},
    {"__objclass__", slot_wrapper_objclass},
    {nullptr, nullptr},
};

const GetSetDef kMethodWrapperGetSet[] = {
    {"__self__", method_wrapper_self},
    {"__name__", method_wrapper_name},
    {nullptr, nullptr},
};

// ------------------------------------------------------------------ __new__

// T.__new__(cls, *args): the owner type's own constructor for a subtype [cls] (CPython's
// tp_new_wrapper). args[0] is the owner type the builtin is bound to: a static type, or a heap
// type with a native layout of its own (a host's class_<T>).
Owned new_wrapper(ThreadState& ts, CallArgs args) {
    auto* owner = args[0].as<TypeObject>();
    if (args.nargs < 2) {
        return raisef(ts, &kTypeErrorType, "{}.__new__(): not enough arguments", owner->name);
    }
    Value cls = args[1];
    if (!is_instance(cls, &kTypeType)) {
        return raisef(ts, &kTypeErrorType, "{}.__new__(X): X is not a type object ({})",
                      owner->name, type_name(cls));
    }
    auto* type = cls.as<TypeObject>();
    if (!is_subtype(type, owner)) {
        return raisef(ts, &kTypeErrorType, "{}.__new__({}): {} is not a subtype of {}",
                      owner->name, type->name, type->name, owner->name);
    }
    NewSlot constructor = heap_solid_new(owner);
    if (heap_solid_new(type) != constructor) {
        return raisef(ts, &kTypeErrorType, "{}.__new__({}) is not safe, use {}.__new__()",
                      owner->name, type->name, type_solid_base(type)->name);
    }
    CallArgs rest{args.args + 2, args.nargs - 2, args.kwnames};
    return constructor(ts, type, rest);
}

}  // namespace

const MethodDef kNewWrapperDef = {"__new__", new_wrapper};

// ------------------------------------------------------------------ public entry points

void init_slot_dunder_names() {
    static std::once_flag once;
    std::call_once(once, [] {
        for (size_t i = 0; i < kDunderCount; ++i) {
            Ref<StrObject> s = new_str(kDunders[i].name);
            s->interned = true;
            make_immortal(s.get());
            g_names[i] = s.release();
        }
        Ref<StrObject> s = new_str("__new__");
        s->interned = true;
        make_immortal(s.get());
        g_new_name = s.release();
    });
}

void add_slot_wrappers(TypeObject* t, DictObject* dict) {
    const TypeObject* base = t->base;
    for (size_t i = 0; i < kDunderCount; ++i) {
        const SlotDunder& d = kDunders[i];
        // __getattr__ only feeds the getattr slot of classes that define it: no builtin has one
        // (hasattr(object, '__getattr__') is False), the slot is exposed as __getattribute__.
        if (d.field == Field::GetAttr && d.arg == 1) continue;
        AnySlot mine = get_field(t, d.field, d.arg);
        if (!mine) continue;
        if (base && get_field(base, d.field, d.arg) == mine) continue;
        if (!dict_get_str(dict, g_names[i]).is_null()) continue;
        Ref<SlotWrapperObject> w = make_object<SlotWrapperObject>(&d, t);
        make_immortal(w.get());
        dict_set_str(dict, g_names[i], Value::from_object(w.release()));
    }
    if (!t->hash && t->compare && dict_get_str(dict, name_of("__hash__")).is_null()) {
        dict_set_str(dict, name_of("__hash__"), Value::none());
    }
    if (t->new_ && (!base || base->new_ != t->new_) && dict_get_str(dict, g_new_name).is_null()) {
        Ref<BuiltinFunctionObject> f =
            make_object<BuiltinFunctionObject>(&kNewWrapperDef, Owned::borrow(Value::from_object(t)));
        make_immortal(f.get());
        dict_set_str(dict, g_new_name, Value::from_object(f.release()));
    }
}

void fixup_heap_slots(TypeObject* t) {
    for (size_t i = 0; i < kDunderCount; ++i) {
        const SlotDunder& d = kDunders[i];
        const int key = slot_key(d);
        bool seen = false;
        for (size_t j = 0; j < i && !seen; ++j) seen = slot_key(kDunders[j]) == key;
        if (seen) continue;
        // Every dunder of one slot decides it together: all inherited unchanged from builtins
        // that share one native function keeps that function; any Python one needs the bridge.
        AnySlot native = nullptr;
        bool generic = false, unhashable = false;
        for (size_t j = i; j < kDunderCount; ++j) {
            const SlotDunder& e = kDunders[j];
            if (slot_key(e) != key) continue;
            Value v = type_lookup(t, g_names[j]);
            if (v.is_null()) continue;
            // A builtin's own slot, exposed as a slot wrapper or (dict.__getitem__, int.__bool__
            // ...) as a method written for it: the native slot does the same without a call.
            TypeObject* owner = nullptr;
            if (type_of(v) == &kSlotWrapperType) {
                owner = v.as<SlotWrapperObject>()->owner;
            } else if (type_of(v) == &kMethodDescriptorType) {
                TypeObject* o = v.as<MethodDescriptorObject>()->owner;
                if (!is_heap_type(o) && get_field(o, e.field, e.arg)) owner = o;
            }
            // Only on the builtin's own instances: `__len__ = list.__len__` in an unrelated
            // class must go through the descriptor, which rejects the wrong self.
            if (owner && !is_subtype(t, owner)) {
                generic = true;
            } else if (owner) {
                AnySlot s = get_field(owner, e.field, e.arg);
                if (native && native != s) generic = true;
                native = s;
            } else if (e.field == Field::Hash && v.is_none()) {
                unhashable = true;
            } else {
                generic = true;
            }
        }
        AnySlot chosen = generic ? heap_slot(d.field, d.arg) : native;
        if (unhashable) chosen = erase(&heap_unhashable);
        set_field(t, d.field, d.arg, chosen);
    }
}

bool is_slot_dunder(StrObject* name) {
    std::string_view n = name->view();
    if (n.size() < 5 || n.substr(0, 2) != "__" || n.substr(n.size() - 2) != "__") return false;
    if (n == "__new__") return true;
    for (size_t i = 0; i < kDunderCount; ++i) {
        if (n == kDunders[i].name) return true;
    }
    return false;
}

constinit TypeObject kSlotWrapperType("wrapper_descriptor", &kObjectType, 0,
                                      {
                                          .dealloc = slot_wrapper_dealloc,
                                          .repr = slot_wrapper_repr,
                                          .hash = identity_hash,
                                          .call = slot_wrapper_call,
                                          .descr_get = slot_wrapper_get,
                                          .getset = kSlotWrapperGetSet,
                                      });

constinit TypeObject kMethodWrapperType("method-wrapper", &kObjectType, 0,
                                        {
                                            .dealloc = method_wrapper_dealloc,
                                            .repr = method_wrapper_repr,
                                            .hash = identity_hash,
                                            .call = method_wrapper_call,
                                            .getset = kMethodWrapperGetSet,
                                        });

bool has_heap_next(const TypeObject* t) {
    return t->next == heap_next;
}

Owned call_heap_next(ThreadState& ts, Value self) {
    return heap_next_keeping_stop(ts, self);
}

}  // namespace gilpy::runtime
