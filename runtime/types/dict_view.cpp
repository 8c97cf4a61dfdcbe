// dict_keys, dict_values and dict_items, and the six dict iterator types. Keys and items views
// are set-like: they compare and combine (& | - ^) with sets and other such views like
// CPython's dictviews, returning sets.
#include "runtime/types/dict_view.hpp"

#include <fmt/format.h>

#include <string>

#include "runtime/abstract.hpp"
#include "runtime/args.hpp"
#include "runtime/exceptions.hpp"
#include "runtime/thread_state.hpp"
#include "runtime/types/list.hpp"
#include "runtime/types/set.hpp"
#include "runtime/types/str.hpp"

namespace gilpy::runtime {

Owned new_dict_view(DictObject* d, TypeObject* view_type) {
    return make_object<DictViewObject>(view_type, Ref<DictObject>::borrow(d));
}

Owned new_dict_iterator(DictObject* d, DictIterKind kind, bool reversed) {
    static TypeObject* const kForward[] = {&kDictKeyIteratorType, &kDictValueIteratorType,
                                           &kDictItemIteratorType};
    static TypeObject* const kReversed[] = {&kDictReverseKeyIteratorType,
                                            &kDictReverseValueIteratorType,
                                            &kDictReverseItemIteratorType};
    int k = static_cast<int>(kind);
    auto it = make_object<DictIteratorObject>(reversed ? kReversed[k] : kForward[k],
                                              Ref<DictObject>::borrow(d));
    it->pos = reversed ? d->entries_used - 1 : 0;
    it->expected_length = d->length;
    it->remaining = d->length;
    return it;
}

namespace {

// METH_NOARGS / METH_O checks naming the method "<type>.<method>()" like CPython.
bool check_method_no_args(ThreadState& ts, CallArgs args, const char* method) {
    if (args.nargs == 1 && args.keyword_count() == 0) return true;
    std::string qualname = fmt::format("{}.{}()", type_name(args[0]), method);
    return check_no_args(ts, drop_self(args), qualname.c_str());
}

bool check_one(ThreadState& ts, CallArgs args, const char* method) {
    if (args.nargs == 2 && args.keyword_count() == 0) return true;
    std::string qualname = fmt::format("{}.{}()", type_name(args[0]), method);
    return check_one_arg(ts, drop_self(args), qualname.c_str());
}

// ---------------------------------------------------------------------------------------------
// Iterators

void dict_iterator_dealloc(Object* self) {
    delete static_cast<DictIteratorObject*>(self);
}

Owned dict_iterator_iter(ThreadState&, Value self) {
    return Owned::borrow(self);
}

// The next live entry of the iterator's dict, or null (exhausted, or raised).
const DictEntry* next_entry(ThreadState& ts, DictIteratorObject* it, bool reversed) {
    DictObject* d = it->dict.get();
    if (!d) return nullptr;
    if (it->expected_length != d->length) {
        raise(ts, &kRuntimeErrorType, "dictionary changed size during iteration");
        it->expected_length = -1;  // sticky, like CPython
        return nullptr;
    }
    int64_t i = it->pos;
    if (reversed) {
        if (i >= d->entries_used) i = d->entries_used - 1;
        while (i >= 0 && d->entries[i].key.is_null())
            --i;
        if (i < 0) {
            it->dict = nullptr;
            return nullptr;
        }
        it->pos = i - 1;
    } else {
        while (i < d->entries_used && d->entries[i].key.is_null())
            ++i;
        if (i >= d->entries_used) {
            it->dict = nullptr;
            return nullptr;
        }
        if (it->remaining == 0) {
            // Same size, but other keys: something was deleted and something else added.
            raise(ts, &kRuntimeErrorType, "dictionary keys changed during iteration");
            it->dict = nullptr;
            return nullptr;
        }
        it->pos = i + 1;
    }
    --it->remaining;
    return &d->entries[i];
}

Owned key_next(ThreadState& ts, DictIteratorObject* it, bool reversed) {
    const DictEntry* e = next_entry(ts, it, reversed);
    return e ? Owned::borrow(e->key) : nullptr;
}

Owned value_next(ThreadState& ts, DictIteratorObject* it, bool reversed) {
    const DictEntry* e = next_entry(ts, it, reversed);
    return e ? Owned::borrow(e->value) : nullptr;
}

Owned item_next(ThreadState& ts, DictIteratorObject* it, bool reversed) {
    const DictEntry* e = next_entry(ts, it, reversed);
    if (!e) return nullptr;
    Value key = e->key, value = e->value;
    incref(key);
    incref(value);
    TupleObject* pair = it->pair.get();
    if (pair && pair->refcount == 1) {
        // Nobody kept the previous pair (the usual `for k, v in d.items()`): reuse it.
        Value old_key = pair->items[0], old_value = pair->items[1];
        pair->items[0] = key;
        pair->items[1] = value;
        pair->hash = -1;
        decref(old_key);
        decref(old_value);
        return Ref<TupleObject>(it->pair);
    }
    Ref<TupleObject> fresh = new_tuple(2);
    fresh->items[0] = key;
    fresh->items[1] = value;
    it->pair = fresh;
    return fresh;
}

Owned keyiter_next(ThreadState& ts, Value self) {
    return key_next(ts, self.as<DictIteratorObject>(), false);
}
Owned valueiter_next(ThreadState& ts, Value self) {
    return value_next(ts, self.as<DictIteratorObject>(), false);
}
Owned itemiter_next(ThreadState& ts, Value self) {
    return item_next(ts, self.as<DictIteratorObject>(), false);
}
Owned reverse_keyiter_next(ThreadState& ts, Value self) {
    return key_next(ts, self.as<DictIteratorObject>(), true);
}
Owned reverse_valueiter_next(ThreadState& ts, Value self) {
    return value_next(ts, self.as<DictIteratorObject>(), true);
}
Owned reverse_itemiter_next(ThreadState& ts, Value self) {
    return item_next(ts, self.as<DictIteratorObject>(), true);
}

Owned dict_iterator_length_hint(ThreadState& ts, CallArgs args) {
    if (!check_method_no_args(ts, args, "__length_hint__")) return nullptr;
    auto* it = args[0].as<DictIteratorObject>();
    int64_t n = it->dict && it->expected_length == it->dict->length ? it->remaining : 0;
    return Owned::steal(Value::from_int(n));
}

const MethodDef kDictIteratorMethods[] = {
    {"__length_hint__", dict_iterator_length_hint},
    {nullptr, nullptr},
};

// ---------------------------------------------------------------------------------------------
// Views

void dict_view_dealloc(Object* self) {
    delete static_cast<DictViewObject*>(self);
}

DictObject* view_dict(Value v) {
    return v.as<DictViewObject>()->dict.get();
}

bool is_set_like_view(Value v) {
    return is_dict_keys_view(v) || is_dict_items_view(v);
}

Owned dict_view_repr(ThreadState& ts, Value self) {
    Object* o = self.as_object();
    for (Object* p : ts.repr_stack) {
        if (p == o) return new_str("...");
    }
    ts.repr_stack.push_back(o);
    Owned text;
    if (Ref<ListObject> items = list_from_iterable(ts, self)) {
        if (Owned r = repr(ts, Value::from_object(items.get()))) {
            text = new_str(std::string(type_name(self)) + "(" +
                           std::string(r.get().as<StrObject>()->view()) + ")");
        }
    }
    ts.repr_stack.pop_back();
    return text;
}

int64_t dict_view_length(ThreadState&, Value self) {
    return view_dict(self)->length;
}

Owned keys_iter(ThreadState&, Value self) {
    return new_dict_iterator(view_dict(self), DictIterKind::Keys);
}
Owned values_iter(ThreadState&, Value self) {
    return new_dict_iterator(view_dict(self), DictIterKind::Values);
}
Owned items_iter(ThreadState&, Value self) {
    return new_dict_iterator(view_dict(self), DictIterKind::Items);
}

int keys_contains(ThreadState& ts, Value self, Value key) {
    Value found;
    return dict_lookup(ts, view_dict(self), key, &found);
}

int items_contains(ThreadState& ts, Value self, Value item) {
    if (!is_tuple(item) || item.as<TupleObject>()->length != 2) return 0;
    Value found;
    int r = dict_lookup(ts, view_dict(self), item.as<TupleObject>()->items[0], &found);
    if (r <= 0) return r;
    Owned hold = Owned::borrow(found);
    return equals(ts, found, item.as<TupleObject>()->items[1]);
}

// Every item of [a] is in [b]: 1, 0, or -1 when raised.
int all_contained_in(ThreadState& ts, Value a, Value b) {
    Owned it = get_iter(ts, a);
    if (!it) return -1;
    while (Owned x = iter_next(ts, it.get())) {
        int r = contains(ts, b, x.get());
        if (r <= 0) return r;
    }
    return ts.has_exception() ? -1 : 1;
}

Owned dict_view_compare(ThreadState& ts, Value self, Value other, CompareOp op) {
    if (!is_any_set(other) && !is_set_like_view(other)) return Owned::borrow(not_implemented());
    int64_t len_self = view_dict(self)->length;
    int64_t len_other = length(ts, other);
    if (len_other < 0) return nullptr;
    int ok = 0;
    switch (op) {
        case CompareOp::Eq:
        case CompareOp::Ne:
            if (len_self == len_other) ok = all_contained_in(ts, self, other);
            if (op == CompareOp::Ne && ok >= 0) ok = !ok;
            break;
        case CompareOp::Lt:
            if (len_self < len_other) ok = all_contained_in(ts, self, other);
            break;
        case CompareOp::Le:
            if (len_self <= len_other) ok = all_contained_in(ts, self, other);
            break;
        case CompareOp::Gt:
            if (len_self > len_other) ok = all_contained_in(ts, other, self);
            break;
        case CompareOp::Ge:
            if (len_self >= len_other) ok = all_contained_in(ts, other, self);
            break;
    }
    if (ok < 0) return nullptr;
    return Owned::from_bool(ok != 0);
}

// set(view), with the dict itself as the source for a keys view (set's fast path for dicts).
Ref<SetObject> view_to_set(ThreadState& ts, Value v) {
    if (is_dict_keys_view(v) && is_exact_dict(Value::from_object(view_dict(v)))) {
        return set_from_iterable(ts, &kSetType, Value::from_object(view_dict(v)));
    }
    return set_from_iterable(ts, &kSetType, v);
}

Owned dict_view_sub(ThreadState& ts, Value a, Value b) {
    Ref<SetObject> result = view_to_set(ts, a);
    if (!result || !set_difference_update(ts, result.get(), b)) return nullptr;
    return result;
}

Owned dict_view_or(ThreadState& ts, Value a, Value b) {
    Ref<SetObject> result = view_to_set(ts, a);
    if (!result || !set_update(ts, result.get(), b)) return nullptr;
    return result;
}

Owned dict_view_and(ThreadState& ts, Value a, Value b) {
    Value self = a, other = b;
    if (!is_set_like_view(self)) std::swap(self, other);  // a view on the right of &
    int64_t len_self = view_dict(self)->length;
    if (other.is_object() && other.as_object()->type == &kSetType &&
        len_self <= other.as<SetObject>()->length) {
        return set_intersection(ts, other.as<SetObject>(), self);
    }
    if (is_set_like_view(other) && view_dict(other)->length > len_self) std::swap(self, other);
    Ref<SetObject> result = new_set();
    Owned it = get_iter(ts, other);
    if (!it) return nullptr;
    bool keys = is_dict_keys_view(self);
    while (Owned x = iter_next(ts, it.get())) {
        int r = keys ? keys_contains(ts, self, x.get()) : items_contains(ts, self, x.get());
        if (r < 0) return nullptr;
        if (r && !set_add(ts, result.get(), x.get())) return nullptr;
    }
    if (ts.has_exception()) return nullptr;
    return result;
}

// items ^ items without hashing values twice (CPython's dictitems_xor).
Owned items_xor(ThreadState& ts, DictObject* d1, DictObject* d2) {
    Ref<DictObject> temp = dict_copy(d1);
    Ref<SetObject> result = new_set();
    int64_t pos = 0;
    Value key, value2;
    while (dict_next(d2, &pos, &key, &value2)) {
        Owned k = Owned::borrow(key), v2 = Owned::borrow(value2);
        Value value1;
        int found = dict_lookup(ts, temp.get(), key, &value1);
        if (found < 0) return nullptr;
        int to_delete = 0;
        if (found) {
            Owned v1 = Owned::borrow(value1);
            to_delete = equals(ts, value1, value2);
            if (to_delete < 0) return nullptr;
        }
        if (to_delete) {
            if (dict_delete(ts, temp.get(), key) < 0) return nullptr;
        } else {
            Ref<TupleObject> pair = new_tuple_of({key, value2});
            if (!set_add(ts, result.get(), Value::from_object(pair.get()))) return nullptr;
        }
    }
    Owned remaining = new_dict_view(temp.get(), &kDictItemsType);
    if (!set_update(ts, result.get(), remaining.get())) return nullptr;
    return result;
}

Owned dict_view_xor(ThreadState& ts, Value a, Value b) {
    if (is_dict_items_view(a) && is_dict_items_view(b)) {
        return items_xor(ts, view_dict(a), view_dict(b));
    }
    Ref<SetObject> result = view_to_set(ts, a);
    if (!result || !set_symmetric_difference_update(ts, result.get(), b)) return nullptr;
    return result;
}

Owned dict_view_isdisjoint(ThreadState& ts, CallArgs args) {
    if (!check_one(ts, args, "isdisjoint")) return nullptr;
    Value self = args[0], other = args[1];
    if (self.is(other)) return Owned::from_bool(view_dict(self)->length == 0);
    if (is_any_set(other) || is_set_like_view(other)) {
        int64_t len_other = length(ts, other);
        if (len_other < 0) return nullptr;
        if (len_other > view_dict(self)->length) std::swap(self, other);
    }
    Owned it = get_iter(ts, other);
    if (!it) return nullptr;
    while (Owned x = iter_next(ts, it.get())) {
        int r = contains(ts, self, x.get());
        if (r < 0) return nullptr;
        if (r) return Owned::from_bool(false);
    }
    if (ts.has_exception()) return nullptr;
    return Owned::from_bool(true);
}

Owned keys_reversed(ThreadState& ts, CallArgs args) {
    if (!check_method_no_args(ts, args, "__reversed__")) return nullptr;
    return new_dict_iterator(view_dict(args[0]), DictIterKind::Keys, true);
}
Owned values_reversed(ThreadState& ts, CallArgs args) {
    if (!check_method_no_args(ts, args, "__reversed__")) return nullptr;
    return new_dict_iterator(view_dict(args[0]), DictIterKind::Values, true);
}
Owned items_reversed(ThreadState& ts, CallArgs args) {
    if (!check_method_no_args(ts, args, "__reversed__")) return nullptr;
    return new_dict_iterator(view_dict(args[0]), DictIterKind::Items, true);
}

constexpr NumberSlots make_view_number_slots() {
    NumberSlots n{};
    n.binary[static_cast<int>(BinaryOp::Sub)] = dict_view_sub;
    n.binary[static_cast<int>(BinaryOp::And)] = dict_view_and;
    n.binary[static_cast<int>(BinaryOp::Or)] = dict_view_or;
    n.binary[static_cast<int>(BinaryOp::Xor)] = dict_view_xor;
    return n;
}

constinit const NumberSlots kDictViewNumberSlots = make_view_number_slots();

const MethodDef kDictKeysMethods[] = {
    {"isdisjoint", dict_view_isdisjoint},
    {"__reversed__", keys_reversed},
    {nullptr, nullptr},
};

const MethodDef kDictValuesMethods[] = {
    {"__reversed__", values_reversed},
    {nullptr, nullptr},
};

const MethodDef kDictItemsMethods[] = {
    {"isdisjoint", dict_view_isdisjoint},
    {"__reversed__", items_reversed},
    {nullptr, nullptr},
};

}  // namespace

constinit TypeObject kDictKeysType("dict_keys", &kObjectType, 0,
                                   {
                                       .dealloc = dict_view_dealloc,
                                       .repr = dict_view_repr,
                                       .compare = dict_view_compare,
                                       .length = dict_view_length,
                                       .iter = keys_iter,
                                       .contains = keys_contains,
                                       .number = &kDictViewNumberSlots,
                                       .methods = kDictKeysMethods,
                                   });

constinit TypeObject kDictValuesType("dict_values", &kObjectType, 0,
                                     {
                                         .dealloc = dict_view_dealloc,
                                         .repr = dict_view_repr,
                                         .length = dict_view_length,
                                         .iter = values_iter,
                                         .methods = kDictValuesMethods,
                                     });

constinit TypeObject kDictItemsType("dict_items", &kObjectType, 0,
                                    {
                                        .dealloc = dict_view_dealloc,
                                        .repr = dict_view_repr,
                                        .compare = dict_view_compare,
                                        .length = dict_view_length,
                                        .iter = items_iter,
                                        .contains = items_contains,
                                        .number = &kDictViewNumberSlots,
                                        .methods = kDictItemsMethods,
                                    });

#define GILPY_DICT_ITERATOR_TYPE(cname, pyname, next_fn)             \
    constinit TypeObject cname(pyname, &kObjectType, 0,              \
                               {                                     \
                                   .dealloc = dict_iterator_dealloc, \
                                   .iter = dict_iterator_iter,       \
                                   .next = next_fn,                  \
                                   .methods = kDictIteratorMethods,  \
                               });

GILPY_DICT_ITERATOR_TYPE(kDictKeyIteratorType, "dict_keyiterator", keyiter_next)
GILPY_DICT_ITERATOR_TYPE(kDictValueIteratorType, "dict_valueiterator", valueiter_next)
GILPY_DICT_ITERATOR_TYPE(kDictItemIteratorType, "dict_itemiterator", itemiter_next)
GILPY_DICT_ITERATOR_TYPE(kDictReverseKeyIteratorType, "dict_reversekeyiterator",
                         reverse_keyiter_next)
GILPY_DICT_ITERATOR_TYPE(kDictReverseValueIteratorType, "dict_reversevalueiterator",
                         reverse_valueiter_next)
GILPY_DICT_ITERATOR_TYPE(kDictReverseItemIteratorType, "dict_reverseitemiterator",
                         reverse_itemiter_next)

#undef GILPY_DICT_ITERATOR_TYPE

}  // namespace gilpy::runtime
