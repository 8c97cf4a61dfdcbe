// The generic operations of abstract.hpp: slot dispatch with CPython's fallbacks and messages.
#include "runtime/abstract.hpp"

#include <fmt/format.h>

#include <vector>

#include "runtime/exceptions.hpp"
#include "runtime/format_spec.hpp"
#include "runtime/interpreter_state.hpp"
#include "runtime/thread_state.hpp"
#include "runtime/types/bytes.hpp"
#include "runtime/types/function.hpp"
#include "runtime/types/heap_type.hpp"
#include "runtime/types/int.hpp"
#include "runtime/types/iterator.hpp"
#include "runtime/types/str.hpp"
#include "runtime/types/tuple.hpp"

namespace gilpy::runtime {

namespace {

void singleton_dealloc(Object*) {}

Owned not_implemented_repr(ThreadState&, Value) {
    return new_str("NotImplemented");
}
Owned ellipsis_repr(ThreadState&, Value) {
    return new_str("Ellipsis");
}

}  // namespace

constinit TypeObject kNotImplementedType("NotImplementedType", &kObjectType, 0,
                                         {.dealloc = singleton_dealloc,
                                          .repr = not_implemented_repr});
constinit TypeObject kEllipsisType("ellipsis", &kObjectType, 0,
                                   {.dealloc = singleton_dealloc, .repr = ellipsis_repr});
constinit Object kNotImplemented(&kNotImplementedType, kImmortalRefcount);
constinit Object kEllipsis(&kEllipsisType, kImmortalRefcount);

// ---------------------------------------------------------------------------------------------
// repr, str, format, hash

Owned repr(ThreadState& ts, Value v) {
    TypeObject* t = type_of(v);
    Owned r = t->repr(ts, v);
    if (r && !is_str(r.get())) {
        return raisef(ts, &kTypeErrorType, "__repr__ returned non-string (type {})",
                      type_name(r.get()));
    }
    return r;
}

Owned str(ThreadState& ts, Value v) {
    if (is_exact_str(v)) return Owned::borrow(v);
    TypeObject* t = type_of(v);
    Owned r = t->str ? t->str(ts, v) : t->repr(ts, v);
    if (r && !is_str(r.get())) {
        return raisef(ts, &kTypeErrorType, "__str__ returned non-string (type {})",
                      type_name(r.get()));
    }
    return r;
}

Owned ascii(ThreadState& ts, Value v) {
    Owned r = repr(ts, v);
    if (!r) return nullptr;
    auto* s = r.get().as<StrObject>();
    if (s->ascii) return r;
    std::string out;
    std::string_view text = s->view();
    int64_t pos = 0;
    while (pos < static_cast<int64_t>(text.size())) {
        uint32_t cp = utf8_decode(text, &pos);
        if (cp < 0x80) {
            out.push_back(static_cast<char>(cp));
        } else if (cp <= 0xff) {
            out += fmt::format("\\x{:02x}", cp);
        } else if (cp <= 0xffff) {
            out += fmt::format("\\u{:04x}", cp);
        } else {
            out += fmt::format("\\U{:08x}", cp);
        }
    }
    return new_str(out);
}

Owned format(ThreadState& ts, Value v, Value spec) {
    // f-strings' common kinds: the exact builtin types' __format__ cannot be replaced, so their
    // formatting is called without looking the method up.
    if (is_exact_str(spec)) {
        std::string_view text = spec.as<StrObject>()->view();
        if (is_exact_int(v)) return format_int(ts, v, text);
        if (v.is_float()) return format_float(ts, v.as_float(), text);
        if (is_exact_str(v)) return text.empty() ? Owned::borrow(v) : format_str(ts, v, text);
    }
    Owned result = call_method(ts, v, ts.interp.intern("__format__"), {spec});
    if (result && !is_str(result.get())) {
        return raisef(ts, &kTypeErrorType, "__format__ must return a str, not {}",
                      type_name(result.get()));
    }
    return result;
}

int64_t hash(ThreadState& ts, Value v) {
    switch (v.tag()) {
        case Tag::Int: {
            int64_t i = v.as_int();
            if (i >= 0 && i < (int64_t{1} << 61) - 1) return i;
            return int_hash(v);
        }
        case Tag::Bool:
            return v.as_bool() ? 1 : 0;
        default:
            break;
    }
    TypeObject* t = type_of(v);
    if (!t->hash) {
        raisef(ts, &kTypeErrorType, "unhashable type: '{}'", type_name(v));
        return -1;
    }
    return t->hash(ts, v);
}

// ---------------------------------------------------------------------------------------------
// comparison and truth

namespace {

CompareOp swapped(CompareOp op) {
    switch (op) {
        case CompareOp::Lt:
            return CompareOp::Gt;
        case CompareOp::Le:
            return CompareOp::Ge;
        case CompareOp::Gt:
            return CompareOp::Lt;
        case CompareOp::Ge:
            return CompareOp::Le;
        default:
            return op;
    }
}

const char* compare_symbol(CompareOp op) {
    static const char* const symbols[] = {"<", "<=", "==", "!=", ">", ">="};
    return symbols[static_cast<int>(op)];
}

}  // namespace

Owned compare(ThreadState& ts, Value a, Value b, CompareOp op) {
    TypeObject* ta = type_of(a);
    TypeObject* tb = type_of(b);
    bool tried_b = false;
    if (ta != tb && tb->compare && is_subtype(tb, ta)) {
        tried_b = true;
        Owned r = tb->compare(ts, b, a, swapped(op));
        if (!r || !is_not_implemented(r.get())) return r;
    }
    if (ta->compare) {
        Owned r = ta->compare(ts, a, b, op);
        if (!r || !is_not_implemented(r.get())) return r;
    }
    if (!tried_b && tb->compare) {
        Owned r = tb->compare(ts, b, a, swapped(op));
        if (!r || !is_not_implemented(r.get())) return r;
    }
    if (op == CompareOp::Eq) return Owned::from_bool(a.is(b));
    if (op == CompareOp::Ne) return Owned::from_bool(!a.is(b));
    return raisef(ts, &kTypeErrorType, "'{}' not supported between instances of '{}' and '{}'",
                  compare_symbol(op), type_name(a), type_name(b));
}

int compare_bool(ThreadState& ts, Value a, Value b, CompareOp op) {
    if (a.is_int() && b.is_int()) return ordered_compare(a.as_int(), b.as_int(), op);
    Owned r = compare(ts, a, b, op);
    if (!r) return -1;
    if (r.get().is_bool()) return r.get().as_bool();
    return truth(ts, r.get());
}

int equals(ThreadState& ts, Value a, Value b) {
    if (a.is(b)) return 1;
    if (a.is_int() && b.is_int()) return 0;
    return compare_bool(ts, a, b, CompareOp::Eq);
}

int truth(ThreadState& ts, Value v) {
    switch (v.tag()) {
        case Tag::None:
            return 0;
        case Tag::Bool:
        case Tag::Int:
            return v.as_int() != 0;
        case Tag::Float:
            return v.as_float() != 0.0;
        case Tag::Null:
        case Tag::Object:
            break;
    }
    TypeObject* t = type_of(v);
    if (t->truth) return t->truth(ts, v);
    if (t->length) {
        int64_t n = t->length(ts, v);
        return n < 0 ? -1 : n > 0;
    }
    return 1;
}

int64_t length(ThreadState& ts, Value v) {
    TypeObject* t = type_of(v);
    if (!t->length) {
        raisef(ts, &kTypeErrorType, "object of type '{}' has no len()", type_name(v));
        return -1;
    }
    return t->length(ts, v);
}

// ---------------------------------------------------------------------------------------------
// arithmetic

const char* binary_op_symbol(BinaryOp op) {
    static const char* const symbols[] = {"+", "&",  "//", "<<", "@", "*", "%",
                                          "|", "**", ">>", "-",  "/", "^"};
    return symbols[static_cast<int>(op)];
}

namespace {

BinarySlot binary_slot(TypeObject* t, BinaryOp op) {
    return t->number ? t->number->binary[static_cast<int>(op)] : nullptr;
}

// CPython's binary_op1: try the left operand's slot, then the right's, with a subclass of the
// left operand's type getting the first try.
Owned binary_op_try(ThreadState& ts, Value a, Value b, BinaryOp op) {
    TypeObject* ta = type_of(a);
    TypeObject* tb = type_of(b);
    BinarySlot slot_a = binary_slot(ta, op);
    BinarySlot slot_b = ta != tb ? binary_slot(tb, op) : nullptr;
    if (slot_b == slot_a) slot_b = nullptr;
    if (slot_a) {
        if (slot_b && is_subtype(tb, ta)) {
            Owned r = slot_b(ts, a, b);
            if (!r || !is_not_implemented(r.get())) return r;
            slot_b = nullptr;
        }
        Owned r = slot_a(ts, a, b);
        if (!r || !is_not_implemented(r.get())) return r;
    }
    if (slot_b) return slot_b(ts, a, b);
    return Owned::borrow(not_implemented());
}

std::nullptr_t unsupported_operands(ThreadState& ts, Value a, Value b, BinaryOp op,
                                    const char* suffix = "") {
    const char* symbol = op == BinaryOp::Pow ? "** or pow()" : binary_op_symbol(op);
    return raisef(ts, &kTypeErrorType, "unsupported operand type(s) for {}{}: '{}' and '{}'",
                  symbol, suffix, type_name(a), type_name(b));
}

// When both operands declined `*`, a sequence operand would still repeat (CPython tries
// sq_repeat after the number slots): the count is then the other operand, and it is not an
// integer. str/bytes repeat slots defer to an operand with its own `*` (a class with
// __rmul__), so the message must come from here once that operand declined too.
bool is_repeatable_sequence(Value v) {
    constexpr uint32_t kSequences =
        kTypeStrSubclass | kTypeListSubclass | kTypeTupleSubclass | kTypeBytesSubclass;
    return has_flag(v, kSequences) || type_of(v) == &kByteArrayType;
}

std::nullptr_t unsupported_or_not_repeatable(ThreadState& ts, Value a, Value b, BinaryOp op,
                                             const char* suffix = "") {
    if (op == BinaryOp::Mul && (is_repeatable_sequence(a) || is_repeatable_sequence(b))) {
        return raisef(ts, &kTypeErrorType, "can't multiply sequence by non-int of type '{}'",
                      type_name(is_repeatable_sequence(a) ? b : a));
    }
    return unsupported_operands(ts, a, b, op, suffix);
}

}  // namespace

Owned binary_op(ThreadState& ts, Value a, Value b, BinaryOp op) {
    Owned r = binary_op_try(ts, a, b, op);
    if (r && is_not_implemented(r.get())) return unsupported_or_not_repeatable(ts, a, b, op);
    return r;
}

Owned inplace_op(ThreadState& ts, Value a, Value b, BinaryOp op) {
    TypeObject* ta = type_of(a);
    if (ta->number) {
        if (BinarySlot slot = ta->number->inplace[static_cast<int>(op)]) {
            Owned r = slot(ts, a, b);
            if (!r || !is_not_implemented(r.get())) return r;
        }
    }
    Owned r = binary_op_try(ts, a, b, op);
    if (r && is_not_implemented(r.get())) return unsupported_or_not_repeatable(ts, a, b, op, "=");
    return r;
}

Owned unary_op(ThreadState& ts, Value v, UnaryOp op) {
    const NumberSlots* n = type_of(v)->number;
    UnarySlot slot = nullptr;
    if (n) {
        slot = op == UnaryOp::Neg ? n->neg : op == UnaryOp::Pos ? n->pos : n->invert;
    }
    if (!slot) {
        static const char* const symbols[] = {"-", "+", "~"};
        return raisef(ts, &kTypeErrorType, "bad operand type for unary {}: '{}'",
                      symbols[static_cast<int>(op)], type_name(v));
    }
    return slot(ts, v);
}

Owned index(ThreadState& ts, Value v) {
    if (v.is_int()) return Owned::steal(v);
    if (v.is_bool()) return Owned::steal(Value::from_int(v.as_bool() ? 1 : 0));
    if (is_exact_int(v)) return Owned::borrow(v);
    const NumberSlots* n = type_of(v)->number;
    if (!n || !n->index) {
        return raisef(ts, &kTypeErrorType, "'{}' object cannot be interpreted as an integer",
                      type_name(v));
    }
    Owned r = n->index(ts, v);
    if (r && !is_int(r.get())) {
        return raisef(ts, &kTypeErrorType, "__index__ returned non-int (type {})",
                      type_name(r.get()));
    }
    // An int subclass result stands for its plain value (CPython warns, then converts).
    if (r && r.get().is_bool()) return Owned::steal(Value::from_int(r.get().as_bool() ? 1 : 0));
    return r;
}

bool index_int64(ThreadState& ts, Value v, int64_t* out) {
    if (v.is_int()) {
        *out = v.as_int();
        return true;
    }
    Owned i = index(ts, v);
    if (!i) return false;
    if (!int_to_int64(i.get(), out)) {
        raise(ts, &kOverflowErrorType, "Python int too large to convert to C ssize_t");
        return false;
    }
    return true;
}

// ---------------------------------------------------------------------------------------------
// attributes

namespace {

Ref<DictObject>* instance_dict_of(Value v) {
    if (!v.is_object()) return nullptr;
    TypeObject* t = v.as_object()->type;
    return t->instance_dict ? t->instance_dict(v.as_object()) : nullptr;
}

}  // namespace

Owned generic_get_attr(ThreadState& ts, Value v, StrObject* name) {
    TypeObject* t = type_of(v);
    Value descr = type_lookup(t, name);
    DescrGetSlot get = nullptr;
    if (!descr.is_null()) {
        TypeObject* dt = type_of(descr);
        get = dt->descr_get;
        if (get && dt->descr_set) return get(ts, descr, v, t);
    }
    if (Ref<DictObject>* dict = instance_dict_of(v); dict && *dict) {
        Value found = dict_get_str(dict->get(), name);
        if (!found.is_null()) return Owned::borrow(found);
    }
    if (get) return get(ts, descr, v, t);
    if (!descr.is_null()) return Owned::borrow(descr);
    return raisef(ts, &kAttributeErrorType, "'{}' object has no attribute '{}'", type_name(v),
                  name->view());
}

int generic_set_attr(ThreadState& ts, Value v, StrObject* name, Value value) {
    TypeObject* t = type_of(v);
    Value descr = type_lookup(t, name);
    if (!descr.is_null()) {
        if (DescrSetSlot set = type_of(descr)->descr_set) return set(ts, descr, v, value);
    }
    Ref<DictObject>* dict = instance_dict_of(v);
    if (!dict) {
        if (descr.is_null()) {
            raisef(ts, &kAttributeErrorType, "'{}' object has no attribute '{}'", type_name(v),
                   name->view());
        } else {
            raisef(ts, &kAttributeErrorType, "'{}' object attribute '{}' is read-only",
                   type_name(v), name->view());
        }
        return -1;
    }
    if (!*dict) *dict = new_dict();
    if (value.is_null()) {
        int r = dict_delete(ts, dict->get(), Value::from_object(name));
        if (r == 0) {
            raisef(ts, &kAttributeErrorType, "'{}' object has no attribute '{}'", type_name(v),
                   name->view());
            return -1;
        }
        return r < 0 ? -1 : 0;
    }
    dict_set_str(dict->get(), name, value);
    return 0;
}

Owned get_attr(ThreadState& ts, Value v, StrObject* name) {
    TypeObject* t = type_of(v);
    return t->getattr ? t->getattr(ts, v, name) : generic_get_attr(ts, v, name);
}

Owned get_attr_opt(ThreadState& ts, Value v, StrObject* name) {
    Owned r = get_attr(ts, v, name);
    if (!r && exception_matches(ts, &kAttributeErrorType)) clear_exception(ts);
    return r;
}

int set_attr(ThreadState& ts, Value v, StrObject* name, Value value) {
    TypeObject* t = type_of(v);
    if (t->setattr) return t->setattr(ts, v, name, value);
    if (t == &kTypeType || (t->flags & kTypeTypeSubclass)) {
        auto* target = v.as<TypeObject>();
        if (!(target->flags & kTypeHeap)) {
            raisef(ts, &kTypeErrorType, "cannot set '{}' attribute of immutable type '{}'",
                   name->view(), target->name);
            return -1;
        }
    }
    return generic_set_attr(ts, v, name, value);
}

// ---------------------------------------------------------------------------------------------
// items

namespace {

// C[key] on a class whose metaclass has no __getitem__: the class's own __class_getitem__
// (an implicit classmethod), as CPython's PyObject_GetItem does for types.
Owned class_get_item(ThreadState& ts, Value cls, Value key) {
    Owned f = get_attr_opt(ts, cls, ts.interp.intern("__class_getitem__"));
    if (!f) {
        if (ts.has_exception()) return nullptr;
        return raisef(ts, &kTypeErrorType, "type '{}' is not subscriptable",
                      cls.as<TypeObject>()->name);
    }
    return call_values(ts, f.get(), {key});
}

}  // namespace

Owned get_item(ThreadState& ts, Value v, Value key) {
    TypeObject* t = type_of(v);
    if (!t->getitem) {
        if (has_flag(v, kTypeTypeSubclass)) return class_get_item(ts, v, key);
        return raisef(ts, &kTypeErrorType, "'{}' object is not subscriptable", type_name(v));
    }
    return t->getitem(ts, v, key);
}

int set_item(ThreadState& ts, Value v, Value key, Value value) {
    TypeObject* t = type_of(v);
    if (!t->setitem) {
        raisef(ts, &kTypeErrorType, "'{}' object does not support item assignment", type_name(v));
        return -1;
    }
    return t->setitem(ts, v, key, value);
}

int del_item(ThreadState& ts, Value v, Value key) {
    TypeObject* t = type_of(v);
    if (!t->setitem) {
        // CPython words it by the path taken: an index into a sequence-like object (a class,
        // a container) fails in PySequence_DelItem ("doesn't"), anything else at the end of
        // PyObject_DelItem ("does not").
        bool sequence_like = is_heap_type(t) || t->contains || t->getitem;
        bool index_key = key.is_int() || key.is_bool() || has_flag(key, kTypeIntSubclass) ||
                         (type_of(key)->number && type_of(key)->number->index);
        raisef(ts, &kTypeErrorType, "'{}' object {} support item deletion", type_name(v),
               sequence_like && index_key ? "doesn't" : "does not");
        return -1;
    }
    return t->setitem(ts, v, key, Value::null());
}

int contains(ThreadState& ts, Value v, Value item) {
    TypeObject* t = type_of(v);
    if (t->contains) return t->contains(ts, v, item);
    if (!t->iter && !t->getitem) {
        raisef(ts, &kTypeErrorType, "argument of type '{}' is not iterable", type_name(v));
        return -1;
    }
    Owned it = get_iter(ts, v);
    if (!it) return -1;
    while (true) {
        Owned x = iter_next(ts, it.get());
        if (!x) return ts.has_exception() ? -1 : 0;
        int eq = equals(ts, x.get(), item);
        if (eq != 0) return eq;
    }
}

// ---------------------------------------------------------------------------------------------
// calls

Owned call(ThreadState& ts, Value callable, CallArgs args) {
    TypeObject* t = type_of(callable);
    if (!t->call) {
        return raisef(ts, &kTypeErrorType, "'{}' object is not callable", type_name(callable));
    }
    return t->call(ts, callable, args);
}

Owned call_values(ThreadState& ts, Value callable, std::initializer_list<Value> args) {
    return call(ts, callable, CallArgs{args.begin(), args.size(), nullptr});
}

Owned call_method(ThreadState& ts, Value self, StrObject* name, std::initializer_list<Value> args) {
    // A method found on the type is called with self prepended, without binding it first.
    Value descr = type_lookup(type_of(self), name);
    if (!descr.is_null()) {
        TypeObject* dt = type_of(descr);
        if (dt == &kMethodDescriptorType || dt == &kFunctionType) {
            Value buffer[8];
            std::vector<Value> heap;
            Value* all = buffer;
            if (args.size() + 1 > 8) {
                heap.resize(args.size() + 1);
                all = heap.data();
            }
            all[0] = self;
            size_t i = 1;
            for (Value a : args)
                all[i++] = a;
            return call(ts, descr, CallArgs{all, args.size() + 1, nullptr});
        }
    }
    Owned bound = get_attr(ts, self, name);
    if (!bound) return nullptr;
    return call_values(ts, bound.get(), args);
}

bool is_callable(Value v) {
    return type_of(v)->call != nullptr;
}

// ---------------------------------------------------------------------------------------------
// iteration

Owned get_iter(ThreadState& ts, Value v) {
    TypeObject* t = type_of(v);
    if (t->iter) return t->iter(ts, v);
    if (t->getitem) return new_seq_iterator(v);
    return raisef(ts, &kTypeErrorType, "'{}' object is not iterable", type_name(v));
}

Owned iter_next(ThreadState& ts, Value iterator) {
    TypeObject* t = type_of(iterator);
    if (!t->next) {
        return raisef(ts, &kTypeErrorType, "'{}' object is not an iterator", type_name(iterator));
    }
    return t->next(ts, iterator);
}

}  // namespace gilpy::runtime
