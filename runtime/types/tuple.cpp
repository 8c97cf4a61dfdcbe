// tuple: one allocation holding the header and the items; the empty tuple is a shared immortal.
// Hashing follows CPython 3.11's xxHash-based tuplehash so hash((1, 2)) matches python3.
#include "runtime/types/tuple.hpp"

#include <fmt/format.h>

#include <new>
#include <string>

#include "runtime/abstract.hpp"
#include "runtime/args.hpp"
#include "runtime/exceptions.hpp"
#include "runtime/types/int.hpp"
#include "runtime/types/iterator.hpp"
#include "runtime/types/list.hpp"
#include "runtime/types/slice.hpp"
#include "runtime/types/str.hpp"

namespace gilpy::runtime {

namespace {

TupleObject* allocate_tuple(int64_t length) {
    size_t size =
        sizeof(TupleObject) + sizeof(Value) * static_cast<size_t>(length > 0 ? length - 1 : 0);
    void* memory = ::operator new(size);
    auto* t = static_cast<TupleObject*>(static_cast<Object*>(new (memory) Object(&kTupleType)));
    t->length = length;
    t->hash = -1;
    for (int64_t i = 0; i < length; ++i)
        new (&t->items[i]) Value();
    return t;
}

}  // namespace

TupleObject* empty_tuple() {
    static TupleObject* empty = [] {
        TupleObject* t = allocate_tuple(0);
        make_immortal(t);
        return t;
    }();
    return empty;
}

Ref<TupleObject> new_tuple(int64_t length) {
    if (length == 0) return Ref<TupleObject>::borrow(empty_tuple());
    return Ref<TupleObject>::steal(allocate_tuple(length));
}

Ref<TupleObject> new_tuple_from(const Value* values, int64_t length) {
    Ref<TupleObject> t = new_tuple(length);
    for (int64_t i = 0; i < length; ++i) {
        t->items[i] = values[i];
        incref(values[i]);
    }
    return t;
}

Ref<TupleObject> new_tuple_of(std::initializer_list<Value> values) {
    return new_tuple_from(values.begin(), static_cast<int64_t>(values.size()));
}

namespace {

void tuple_dealloc(Object* self) {
    auto* t = static_cast<TupleObject*>(self);
    for (int64_t i = 0; i < t->length; ++i)
        decref(t->items[i]);
    ::operator delete(static_cast<void*>(t));
}

// True for values with __index__ (what sequence repetition accepts).
bool has_index(Value v) {
    if (is_int(v)) return true;
    const NumberSlots* n = type_of(v)->number;
    return n && n->index;
}

// CPython tries the other operand's reflected method before the sequence's own error.
Owned try_other_slot(ThreadState& ts, Value a, Value b, BinaryOp op, BinarySlot self_slot) {
    // Only classes can define reflected methods; a builtin's slot has nothing to offer here.
    if (!(type_of(b)->flags & kTypeHeap)) return Owned::borrow(not_implemented());
    const NumberSlots* n = type_of(b)->number;
    BinarySlot other = n ? n->binary[static_cast<int>(op)] : nullptr;
    if (!other || other == self_slot) return Owned::borrow(not_implemented());
    return other(ts, a, b);
}

// The start/stop of index(): any int (huge ones clamp), with CPython's slice-index message.
bool search_bound(ThreadState& ts, Value v, int64_t* out) {
    if (v.is_int()) {
        *out = v.as_int();
        return true;
    }
    Owned i = index(ts, v);
    if (!i) {
        if (exception_matches(ts, &kTypeErrorType)) {
            clear_exception(ts);
            raise(ts, &kTypeErrorType,
                  "slice indices must be integers or have an __index__ method");
        }
        return false;
    }
    if (!int_to_int64(i.get(), out)) *out = int_sign(i.get()) < 0 ? INT64_MIN / 2 : INT64_MAX / 2;
    return true;
}

Owned tuple_repr(ThreadState& ts, Value self) {
    auto* t = self.as<TupleObject>();
    if (t->length == 0) return new_str("()");
    NativeRecursionGuard guard(ts);
    if (!guard.enter(" while getting the repr of an object")) return nullptr;
    for (Object* o : ts.repr_stack) {
        if (o == t) return new_str("(...)");
    }
    ts.repr_stack.push_back(t);
    std::string out = "(";
    bool ok = true;
    for (int64_t i = 0; i < t->length; ++i) {
        if (i) out += ", ";
        Owned r = repr(ts, t->items[i]);
        if (!r) {
            ok = false;
            break;
        }
        out += r.get().as<StrObject>()->view();
    }
    ts.repr_stack.pop_back();
    if (!ok) return nullptr;
    if (t->length == 1) out += ",";
    out += ")";
    return new_str(out);
}

int64_t tuple_hash(ThreadState& ts, Value self) {
    auto* t = self.as<TupleObject>();
    if (t->hash != -1) return t->hash;
    constexpr uint64_t kPrime1 = 11400714785074694791ULL;
    constexpr uint64_t kPrime2 = 14029467366897019727ULL;
    constexpr uint64_t kPrime5 = 2870177450012600261ULL;
    uint64_t acc = kPrime5;
    for (int64_t i = 0; i < t->length; ++i) {
        int64_t lane = hash(ts, t->items[i]);
        if (lane == -1) return -1;
        acc += static_cast<uint64_t>(lane) * kPrime2;
        acc = (acc << 31) | (acc >> 33);
        acc *= kPrime1;
    }
    acc += static_cast<uint64_t>(t->length) ^ (kPrime5 ^ 3527539UL);
    int64_t h = static_cast<int64_t>(acc);
    if (h == -1) h = 1546275796;
    t->hash = h;
    return h;
}

int64_t tuple_length(ThreadState&, Value self) {
    return self.as<TupleObject>()->length;
}

int tuple_contains(ThreadState& ts, Value self, Value item) {
    auto* t = self.as<TupleObject>();
    for (int64_t i = 0; i < t->length; ++i) {
        int eq = equals(ts, t->items[i], item);
        if (eq != 0) return eq;
    }
    return 0;
}

Owned tuple_getitem(ThreadState& ts, Value self, Value key) {
    auto* t = self.as<TupleObject>();
    int64_t i;
    if (key.is_int()) {
        i = key.as_int();
    } else if (is_slice(key)) {
        int64_t start, stop, step, count;
        if (!slice_indices(ts, key.as<SliceObject>(), t->length, &start, &stop, &step, &count)) {
            return nullptr;
        }
        if (step == 1 && count == t->length && is_exact_tuple(self)) return Owned::borrow(self);
        Ref<TupleObject> out = new_tuple(count);
        for (int64_t k = 0, j = start; k < count; ++k, j += step) {
            out->items[k] = t->items[j];
            incref(out->items[k]);
        }
        return out;
    } else if (!has_index(key)) {
        return raisef(ts, &kTypeErrorType, "tuple indices must be integers or slices, not {}",
                      type_name(key));
    } else if (!index_int64(ts, key, &i)) {
        if (exception_matches(ts, &kOverflowErrorType)) {
            clear_exception(ts);
            return raisef(ts, &kIndexErrorType, "cannot fit '{}' into an index-sized integer",
                          type_name(key));
        }
        return nullptr;
    }
    if (!normalize_index(&i, t->length)) {
        return raise(ts, &kIndexErrorType, "tuple index out of range");
    }
    return Owned::borrow(t->items[i]);
}

Owned tuple_compare(ThreadState& ts, Value self, Value other, CompareOp op) {
    if (!is_tuple(other)) return Owned::borrow(not_implemented());
    auto* a = self.as<TupleObject>();
    auto* b = other.as<TupleObject>();
    if ((op == CompareOp::Eq || op == CompareOp::Ne) && a->length != b->length) {
        return Owned::from_bool(op == CompareOp::Ne);
    }
    NativeRecursionGuard guard(ts);
    if (!guard.enter(" in comparison")) return nullptr;
    int64_t i = 0;
    for (; i < a->length && i < b->length; ++i) {
        int eq = equals(ts, a->items[i], b->items[i]);
        if (eq < 0) return nullptr;
        if (!eq) break;
    }
    if (i >= a->length || i >= b->length) {
        int64_t x = a->length, y = b->length;
        bool r = ordered_compare(x, y, op);
        return Owned::from_bool(r);
    }
    if (op == CompareOp::Eq) return Owned::from_bool(false);
    if (op == CompareOp::Ne) return Owned::from_bool(true);
    return compare(ts, a->items[i], b->items[i], op);
}

Owned tuple_iter(ThreadState&, Value self) {
    return new_seq_iterator(self);
}

Owned tuple_concat(ThreadState& ts, Value a, Value b) {
    if (!is_tuple(a)) return Owned::borrow(not_implemented());  // CPython: only the left's concat
    if (!is_tuple(b)) {
        Owned r = try_other_slot(ts, a, b, BinaryOp::Add, tuple_concat);
        if (!r || !is_not_implemented(r.get())) return r;
        return raisef(ts, &kTypeErrorType, "can only concatenate tuple (not \"{}\") to tuple",
                      type_name(b));
    }
    auto* x = a.as<TupleObject>();
    auto* y = b.as<TupleObject>();
    if (y->length == 0 && is_exact_tuple(a)) return Owned::borrow(a);
    if (x->length == 0 && is_exact_tuple(b)) return Owned::borrow(b);
    Ref<TupleObject> out = new_tuple(x->length + y->length);
    for (int64_t i = 0; i < x->length; ++i) {
        out->items[i] = x->items[i];
        incref(x->items[i]);
    }
    for (int64_t i = 0; i < y->length; ++i) {
        out->items[x->length + i] = y->items[i];
        incref(y->items[i]);
    }
    return out;
}

// seq * n and n * seq (the slot is called with the operands in source order).
Owned tuple_repeat(ThreadState& ts, Value a, Value b) {
    const bool left = is_tuple(a);
    Value seq = left ? a : b;
    Value count = left ? b : a;
    if (!has_index(count)) {
        if (left) {
            Owned r = try_other_slot(ts, a, b, BinaryOp::Mul, tuple_repeat);
            if (!r || !is_not_implemented(r.get())) return r;
        }
        return raisef(ts, &kTypeErrorType, "can't multiply sequence by non-int of type '{}'",
                      type_name(count));
    }
    int64_t n;
    if (!index_int64(ts, count, &n)) {
        if (exception_matches(ts, &kOverflowErrorType)) {
            clear_exception(ts);
            raisef(ts, &kOverflowErrorType, "cannot fit '{}' into an index-sized integer",
                   type_name(count));
        }
        return nullptr;
    }
    auto* t = seq.as<TupleObject>();
    if (n <= 0 || t->length == 0) return Owned::borrow(Value::from_object(empty_tuple()));
    if (n == 1 && is_exact_tuple(seq)) return Owned::borrow(seq);
    if (t->length > INT64_MAX / 16 / n) return raise_empty(ts, &kMemoryErrorType);
    Ref<TupleObject> out = new_tuple(t->length * n);
    Value* dst = out->items;
    for (int64_t k = 0; k < n; ++k) {
        for (int64_t i = 0; i < t->length; ++i) {
            incref(t->items[i]);
            *dst++ = t->items[i];
        }
    }
    return out;
}

Owned tuple_new(ThreadState& ts, TypeObject* type, CallArgs args) {
    if (!check_no_keywords(ts, args, "tuple()")) return nullptr;
    if (args.nargs > 1) {
        return raisef(ts, &kTypeErrorType, "tuple expected at most 1 argument, got {}", args.nargs);
    }
    if (type == &kTupleType) {
        if (args.nargs == 0) return Owned::borrow(Value::from_object(empty_tuple()));
        if (is_exact_tuple(args[0])) return Owned::borrow(args[0]);
    }
    Ref<ListObject> l;
    if (args.nargs == 1) {
        l = list_from_iterable(ts, args[0]);
        if (!l) return nullptr;
    }
    const int64_t n = l ? l->length : 0;
    if (type == &kTupleType) return new_tuple_from(l->items, n);
    // A subclass instance is never the shared empty tuple: it gets its own block.
    TupleObject* t = allocate_tuple(n);
    t->type = type;
    retain_heap_type(type);
    for (int64_t i = 0; i < n; ++i) {
        incref(l->items[i]);
        t->items[i] = l->items[i];
    }
    return Ref<TupleObject>::steal(t);
}

Owned tuple_count(ThreadState& ts, CallArgs args) {
    if (!check_one_arg(ts, drop_self(args), "tuple.count()")) return nullptr;
    auto* t = args[0].as<TupleObject>();
    int64_t n = 0;
    for (int64_t i = 0; i < t->length; ++i) {
        int eq = equals(ts, t->items[i], args[1]);
        if (eq < 0) return nullptr;
        n += eq;
    }
    return Owned::steal(Value::from_int(n));
}

Owned tuple_index(ThreadState& ts, CallArgs args) {
    if (!check_positional(ts, drop_self(args), "index", 1, 3)) return nullptr;
    auto* t = args[0].as<TupleObject>();
    int64_t start = 0, stop = t->length;
    if (args.nargs > 2 && !search_bound(ts, args[2], &start)) return nullptr;
    if (args.nargs > 3 && !search_bound(ts, args[3], &stop)) return nullptr;
    if (start < 0) start = std::max<int64_t>(0, start + t->length);
    if (stop < 0) stop = std::max<int64_t>(0, stop + t->length);
    stop = std::min(stop, t->length);
    for (int64_t i = start; i < stop; ++i) {
        int eq = equals(ts, t->items[i], args[1]);
        if (eq < 0) return nullptr;
        if (eq) return Owned::steal(Value::from_int(i));
    }
    return raise(ts, &kValueErrorType, "tuple.index(x): x not in tuple");
}

constexpr NumberSlots kTupleNumber = [] {
    NumberSlots n;
    n.binary[static_cast<int>(BinaryOp::Add)] = tuple_concat;
    n.binary[static_cast<int>(BinaryOp::Mul)] = tuple_repeat;
    return n;
}();

const MethodDef kTupleMethods[] = {
    {"count", tuple_count},
    {"index", tuple_index},
    {nullptr, nullptr},
};

}  // namespace

constinit TypeObject kTupleType("tuple", &kObjectType, kTypeBaseType | kTypeTupleSubclass,
                                {
                                    .dealloc = tuple_dealloc,
                                    .repr = tuple_repr,
                                    .hash = tuple_hash,
                                    .compare = tuple_compare,
                                    .length = tuple_length,
                                    .iter = tuple_iter,
                                    .getitem = tuple_getitem,
                                    .contains = tuple_contains,
                                    .new_ = tuple_new,
                                    .number = &kTupleNumber,
                                    .methods = kTupleMethods,
                                });

}  // namespace gilpy::runtime
