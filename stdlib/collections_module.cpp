// The _collections module: deque, CPython 3.11's double-ended queue with an optional maxlen,
// on a block-linked std::deque (O(1) at both ends, O(1) indexing), with its iterators and
// CPython's reprs and messages; defaultdict, a native dict subclass whose __missing__ calls
// default_factory; _count_elements, Counter's counting loop; _tuplegetter, the read-only field
// descriptors of namedtuple classes; and _with_caller_module, which lets namedtuple learn its
// caller's module. collections/__init__.py builds the public module on them.
#include <fmt/format.h>

#include <deque>
#include <string>
#include <vector>

#include "runtime/abstract.hpp"
#include "runtime/args.hpp"
#include "runtime/exceptions.hpp"
#include "runtime/interpreter_state.hpp"
#include "runtime/types/dict.hpp"
#include "runtime/types/int.hpp"
#include "runtime/types/list.hpp"
#include "runtime/types/module.hpp"
#include "runtime/types/str.hpp"
#include "runtime/types/tuple.hpp"
#include "stdlib/registry.hpp"

namespace gilpy::stdlib {

using namespace runtime;

namespace {

struct DequeObject : Object {
    std::deque<Value> items;  // each owns one reference
    int64_t maxlen = -1;      // -1: unbounded
    uint64_t state = 0;       // bumped by every mutation, so iterators can detect them
    explicit DequeObject(TypeObject* t) : Object(t) {}
};

extern TypeObject kDequeType;
extern TypeObject kDequeIteratorType;
extern TypeObject kDequeReverseIteratorType;

DequeObject* as_deque(Value v) {
    return v.as<DequeObject>();
}
bool is_deque(Value v) {
    return is_instance(v, &kDequeType);
}

int64_t size_of(const DequeObject* d) {
    return static_cast<int64_t>(d->items.size());
}

void deque_dealloc(Object* self) {
    auto* d = static_cast<DequeObject*>(self);
    std::deque<Value> items;
    items.swap(d->items);
    for (Value v : items)
        decref(v);
    delete d;
}

// Drops every item; the decrefs run after the deque is already empty.
void clear_items(DequeObject* d) {
    std::deque<Value> items;
    items.swap(d->items);
    ++d->state;
    for (Value v : items)
        decref(v);
}

// Appends a new reference to [v] on the right, dropping the leftmost item when full.
void push_right(DequeObject* d, Value v) {
    if (d->maxlen == 0) return;
    incref(v);
    d->items.push_back(v);
    ++d->state;
    if (d->maxlen >= 0 && size_of(d) > d->maxlen) {
        Value old = d->items.front();
        d->items.pop_front();
        decref(old);
    }
}

void push_left(DequeObject* d, Value v) {
    if (d->maxlen == 0) return;
    incref(v);
    d->items.push_front(v);
    ++d->state;
    if (d->maxlen >= 0 && size_of(d) > d->maxlen) {
        Value old = d->items.back();
        d->items.pop_back();
        decref(old);
    }
}

// Adds every item of [iterable]; a deque extended by itself iterates over a snapshot.
bool extend(ThreadState& ts, DequeObject* d, Value iterable, bool left) {
    if (iterable.is_object() && iterable.as_object() == d) {
        Ref<ListObject> copy = list_from_iterable(ts, iterable);
        if (!copy) return false;
        return extend(ts, d, Value::from_object(copy.get()), left);
    }
    Owned it = get_iter(ts, iterable);
    if (!it) return false;
    while (true) {
        Owned x = iter_next(ts, it.get());
        if (!x) return !ts.exc;
        if (left) {
            push_left(d, x.get());
        } else {
            push_right(d, x.get());
        }
    }
}

// A method called with self only: "deque.pop() takes no arguments (1 given)".
bool check_self_only(ThreadState& ts, CallArgs args, const char* qualname) {
    if (!check_no_keywords(ts, args, qualname)) return false;
    if (args.nargs == 1) return true;
    raisef(ts, &kTypeErrorType, "{} takes no arguments ({} given)", qualname, args.nargs - 1);
    return false;
}

// ------------------------------------------------------------------ construction

Owned deque_new(ThreadState&, TypeObject* type, CallArgs) {
    retain_heap_type(type);
    return Owned::steal(Value::from_object(new DequeObject(type)));
}

// deque(iterable=(), maxlen=None): also re-initialises an existing deque, as CPython's does.
int deque_init(ThreadState& ts, Value self, CallArgs args) {
    static const char* const kNames[] = {"iterable", "maxlen"};
    Value out[2];
    if (!parse_args(ts, args, "deque", kNames, 0, out)) return -1;
    int64_t maxlen = -1;
    if (!out[1].is_null() && !out[1].is_none()) {
        if (!is_int(out[1])) {
            raise(ts, &kTypeErrorType, "an integer is required");
            return -1;
        }
        if (!int_to_int64(out[1], &maxlen)) {
            raise(ts, &kOverflowErrorType, "Python int too large to convert to C ssize_t");
            return -1;
        }
        if (maxlen < 0) {
            raise(ts, &kValueErrorType, "maxlen must be non-negative");
            return -1;
        }
    }
    DequeObject* d = as_deque(self);
    d->maxlen = maxlen;
    if (!d->items.empty()) clear_items(d);
    if (!out[0].is_null() && !extend(ts, d, out[0], false)) return -1;
    return 0;
}

// A new deque of the same type and maxlen as [d] holding its items.
Owned copy_deque(ThreadState& ts, DequeObject* d) {
    Owned r = deque_new(ts, d->type, CallArgs{nullptr, 0, nullptr});
    DequeObject* c = as_deque(r.get());
    c->maxlen = d->maxlen;
    for (Value v : d->items) {
        incref(v);
        c->items.push_back(v);
    }
    return r;
}

// ------------------------------------------------------------------ methods

Owned deque_append(ThreadState& ts, CallArgs args) {
    if (!check_one_arg(ts, drop_self(args), "deque.append()")) return nullptr;
    push_right(as_deque(args[0]), args[1]);
    return Owned::none();
}

Owned deque_appendleft(ThreadState& ts, CallArgs args) {
    if (!check_one_arg(ts, drop_self(args), "deque.appendleft()")) return nullptr;
    push_left(as_deque(args[0]), args[1]);
    return Owned::none();
}

Owned deque_pop(ThreadState& ts, CallArgs args) {
    if (!check_self_only(ts, args, "deque.pop()")) return nullptr;
    DequeObject* d = as_deque(args[0]);
    if (d->items.empty()) return raise(ts, &kIndexErrorType, "pop from an empty deque");
    Value v = d->items.back();
    d->items.pop_back();
    ++d->state;
    return Owned::steal(v);
}

Owned deque_popleft(ThreadState& ts, CallArgs args) {
    if (!check_self_only(ts, args, "deque.popleft()")) return nullptr;
    DequeObject* d = as_deque(args[0]);
    if (d->items.empty()) return raise(ts, &kIndexErrorType, "pop from an empty deque");
    Value v = d->items.front();
    d->items.pop_front();
    ++d->state;
    return Owned::steal(v);
}

Owned deque_extend(ThreadState& ts, CallArgs args) {
    if (!check_one_arg(ts, drop_self(args), "deque.extend()")) return nullptr;
    if (!extend(ts, as_deque(args[0]), args[1], false)) return nullptr;
    return Owned::none();
}

Owned deque_extendleft(ThreadState& ts, CallArgs args) {
    if (!check_one_arg(ts, drop_self(args), "deque.extendleft()")) return nullptr;
    if (!extend(ts, as_deque(args[0]), args[1], true)) return nullptr;
    return Owned::none();
}

Owned deque_clear(ThreadState& ts, CallArgs args) {
    if (!check_self_only(ts, args, "deque.clear()")) return nullptr;
    clear_items(as_deque(args[0]));
    return Owned::none();
}

Owned deque_copy(ThreadState& ts, CallArgs args) {
    if (!check_self_only(ts, args, "deque.copy()")) return nullptr;
    return copy_deque(ts, as_deque(args[0]));
}

Owned deque_rotate(ThreadState& ts, CallArgs args) {
    if (!check_positional(ts, drop_self(args), "rotate", 0, 1)) return nullptr;
    if (!check_no_keywords(ts, args, "deque.rotate()")) return nullptr;
    DequeObject* d = as_deque(args[0]);
    int64_t n = 1;
    if (args.nargs > 1) {
        if (!is_int(args[1]) && !(type_of(args[1])->number && type_of(args[1])->number->index)) {
            return raisef(ts, &kTypeErrorType, "'{}' object cannot be interpreted as an integer",
                          type_name(args[1]));
        }
        if (!index_int64(ts, args[1], &n)) return nullptr;
    }
    int64_t len = size_of(d);
    if (len <= 1) return Owned::none();
    n %= len;
    if (n < 0) n += len;
    if (n == 0) return Owned::none();
    // Rotating right by n moves the last n items to the front.
    if (n <= len / 2) {
        for (int64_t i = 0; i < n; ++i) {
            d->items.push_front(d->items.back());
            d->items.pop_back();
        }
    } else {
        for (int64_t i = 0; i < len - n; ++i) {
            d->items.push_back(d->items.front());
            d->items.pop_front();
        }
    }
    ++d->state;
    return Owned::none();
}

Owned deque_reverse(ThreadState& ts, CallArgs args) {
    if (!check_self_only(ts, args, "deque.reverse()")) return nullptr;
    DequeObject* d = as_deque(args[0]);
    std::reverse(d->items.begin(), d->items.end());
    ++d->state;
    return Owned::none();
}

// Compares item [i] of [d] with [v] while keeping the item alive; -2 if [d] changed meanwhile.
int compare_item(ThreadState& ts, DequeObject* d, int64_t i, Value v) {
    uint64_t state = d->state;
    Owned item = Owned::borrow(d->items[static_cast<size_t>(i)]);
    int eq = item.get().is(v) ? 1 : equals(ts, item.get(), v);
    if (eq < 0) return -1;
    if (d->state != state || i >= size_of(d)) {
        raise(ts, &kRuntimeErrorType, "deque mutated during iteration");
        return -1;
    }
    return eq;
}

Owned deque_count(ThreadState& ts, CallArgs args) {
    if (!check_one_arg(ts, drop_self(args), "deque.count()")) return nullptr;
    DequeObject* d = as_deque(args[0]);
    int64_t n = 0;
    for (int64_t i = 0; i < size_of(d); ++i) {
        int eq = compare_item(ts, d, i, args[1]);
        if (eq < 0) return nullptr;
        n += eq;
    }
    return Owned::steal(Value::from_int(n));
}

// A start/stop bound of index(): clamped like a slice index.
bool bound(ThreadState& ts, Value v, int64_t len, int64_t* out) {
    if (!is_int(v) && !(type_of(v)->number && type_of(v)->number->index)) {
        raise(ts, &kTypeErrorType, "slice indices must be integers or have an __index__ method");
        return false;
    }
    Owned i = index(ts, v);
    if (!i) return false;
    if (!int_to_int64(i.get(), out)) *out = int_sign(i.get()) < 0 ? INT64_MIN / 2 : INT64_MAX / 2;
    if (*out < 0) *out = std::max<int64_t>(0, *out + len);
    if (*out > len) *out = len;
    return true;
}

Owned deque_index(ThreadState& ts, CallArgs args) {
    if (!check_no_keywords(ts, args, "deque.index()")) return nullptr;
    if (!check_positional(ts, drop_self(args), "index", 1, 3)) return nullptr;
    DequeObject* d = as_deque(args[0]);
    int64_t start = 0, stop = size_of(d);
    if (args.nargs > 2 && !bound(ts, args[2], size_of(d), &start)) return nullptr;
    if (args.nargs > 3 && !bound(ts, args[3], size_of(d), &stop)) return nullptr;
    for (int64_t i = start; i < stop && i < size_of(d); ++i) {
        int eq = compare_item(ts, d, i, args[1]);
        if (eq < 0) return nullptr;
        if (eq) return Owned::steal(Value::from_int(i));
    }
    Owned r = repr(ts, args[1]);
    if (!r) return nullptr;
    return raisef(ts, &kValueErrorType, "{} is not in deque", r.get().as<StrObject>()->view());
}

Owned deque_insert(ThreadState& ts, CallArgs args) {
    if (!check_no_keywords(ts, args, "deque.insert()")) return nullptr;
    if (!check_positional(ts, drop_self(args), "insert", 2, 2)) return nullptr;
    DequeObject* d = as_deque(args[0]);
    int64_t i;
    if (!is_int(args[1]) && !(type_of(args[1])->number && type_of(args[1])->number->index)) {
        return raisef(ts, &kTypeErrorType, "'{}' object cannot be interpreted as an integer",
                      type_name(args[1]));
    }
    if (!index_int64(ts, args[1], &i)) return nullptr;
    if (d->maxlen >= 0 && size_of(d) >= d->maxlen) {
        return raise(ts, &kIndexErrorType, "deque already at its maximum size");
    }
    int64_t len = size_of(d);
    if (i < 0) i = std::max<int64_t>(0, i + len);
    if (i > len) i = len;
    incref(args[2]);
    d->items.insert(d->items.begin() + i, args[2]);
    ++d->state;
    return Owned::none();
}

Owned deque_remove(ThreadState& ts, CallArgs args) {
    if (!check_one_arg(ts, drop_self(args), "deque.remove()")) return nullptr;
    DequeObject* d = as_deque(args[0]);
    for (int64_t i = 0; i < size_of(d); ++i) {
        int eq = compare_item(ts, d, i, args[1]);
        if (eq < 0) return nullptr;
        if (eq) {
            Value v = d->items[static_cast<size_t>(i)];
            d->items.erase(d->items.begin() + i);
            ++d->state;
            decref(v);
            return Owned::none();
        }
    }
    Owned r = repr(ts, args[1]);
    if (!r) return nullptr;
    return raisef(ts, &kValueErrorType, "{} is not in deque", r.get().as<StrObject>()->view());
}

Owned deque_reversed(ThreadState& ts, CallArgs args);

Owned deque_get_maxlen(ThreadState&, Value self) {
    DequeObject* d = as_deque(self);
    if (d->maxlen < 0) return Owned::none();
    return Owned::steal(Value::from_int(d->maxlen));
}

// ------------------------------------------------------------------ slots

Owned deque_repr(ThreadState& ts, Value self) {
    DequeObject* d = as_deque(self);
    for (Object* o : ts.repr_stack) {
        if (o == d) return new_str("[...]");
    }
    NativeRecursionGuard guard(ts);
    if (!guard.enter(" while getting the repr of an object")) return nullptr;
    // Snapshot the items: a repr may mutate the deque.
    Ref<ListObject> items = list_from_iterable(ts, self);
    if (!items) return nullptr;
    ts.repr_stack.push_back(d);
    Owned list_text = repr(ts, Value::from_object(items.get()));
    ts.repr_stack.pop_back();
    if (!list_text) return nullptr;
    std::string out = type_of(self)->name;
    size_t dot = out.rfind('.');
    if (dot != std::string::npos) out = out.substr(dot + 1);
    out += "(";
    out += list_text.get().as<StrObject>()->view();
    if (d->maxlen >= 0) out += fmt::format(", maxlen={}", d->maxlen);
    out += ")";
    return new_str(out);
}

int64_t deque_length(ThreadState&, Value self) {
    return size_of(as_deque(self));
}

int deque_truth(ThreadState&, Value self) {
    return as_deque(self)->items.empty() ? 0 : 1;
}

int deque_contains(ThreadState& ts, Value self, Value item) {
    DequeObject* d = as_deque(self);
    for (int64_t i = 0; i < size_of(d); ++i) {
        int eq = compare_item(ts, d, i, item);
        if (eq != 0) return eq;
    }
    return 0;
}

// The position [key] names in [d], with CPython's messages; false if raised.
bool item_index(ThreadState& ts, DequeObject* d, Value key, int64_t* out) {
    if (!is_int(key) && !(type_of(key)->number && type_of(key)->number->index)) {
        raisef(ts, &kTypeErrorType, "sequence index must be integer, not '{}'", type_name(key));
        return false;
    }
    int64_t i;
    if (!index_int64(ts, key, &i)) {
        if (exception_matches(ts, &kOverflowErrorType)) {
            clear_exception(ts);
            raisef(ts, &kIndexErrorType, "cannot fit '{}' into an index-sized integer",
                   type_name(key));
        }
        return false;
    }
    if (i < 0) i += size_of(d);
    if (i < 0 || i >= size_of(d)) {
        raise(ts, &kIndexErrorType, "deque index out of range");
        return false;
    }
    *out = i;
    return true;
}

Owned deque_getitem(ThreadState& ts, Value self, Value key) {
    DequeObject* d = as_deque(self);
    int64_t i;
    if (!item_index(ts, d, key, &i)) return nullptr;
    return Owned::borrow(d->items[static_cast<size_t>(i)]);
}

int deque_setitem(ThreadState& ts, Value self, Value key, Value v) {
    DequeObject* d = as_deque(self);
    int64_t i;
    if (!item_index(ts, d, key, &i)) return -1;
    Value old = d->items[static_cast<size_t>(i)];
    if (v.is_null()) {
        d->items.erase(d->items.begin() + i);
        ++d->state;
    } else {
        incref(v);
        d->items[static_cast<size_t>(i)] = v;
    }
    decref(old);
    return 0;
}

Owned deque_compare(ThreadState& ts, Value self, Value other, CompareOp op) {
    if (!is_deque(self) || !is_deque(other)) return Owned::borrow(not_implemented());
    // Compare snapshots, as the element comparisons may run code that mutates either deque.
    Ref<ListObject> a = list_from_iterable(ts, self);
    if (!a) return nullptr;
    Ref<ListObject> b = list_from_iterable(ts, other);
    if (!b) return nullptr;
    return compare(ts, Value::from_object(a.get()), Value::from_object(b.get()), op);
}

Owned deque_concat(ThreadState& ts, Value a, Value b) {
    if (!is_deque(a)) return Owned::borrow(not_implemented());
    if (!is_deque(b)) {
        return raisef(ts, &kTypeErrorType, "can only concatenate deque (not \"{}\") to deque",
                      type_name(b));
    }
    Owned r = copy_deque(ts, as_deque(a));
    if (!r || !extend(ts, as_deque(r.get()), b, false)) return nullptr;
    return r;
}

Owned deque_inplace_concat(ThreadState& ts, Value a, Value b) {
    if (!is_deque(a)) return Owned::borrow(not_implemented());
    if (!extend(ts, as_deque(a), b, false)) return nullptr;
    return Owned::borrow(a);
}

// deque * n and n * deque: a new deque with the items repeated (trimmed to maxlen).
Owned deque_repeat(ThreadState& ts, Value a, Value b) {
    Value seq = is_deque(a) ? a : b;
    Value count = is_deque(a) ? b : a;
    if (!is_int(count) && !(type_of(count)->number && type_of(count)->number->index)) {
        return raisef(ts, &kTypeErrorType, "can't multiply sequence by non-int of type '{}'",
                      type_name(count));
    }
    int64_t n;
    if (!index_int64(ts, count, &n)) return nullptr;
    DequeObject* d = as_deque(seq);
    Owned r = deque_new(ts, d->type, CallArgs{nullptr, 0, nullptr});
    DequeObject* c = as_deque(r.get());
    c->maxlen = d->maxlen;
    std::deque<Value> snapshot = d->items;
    for (int64_t k = 0; k < n; ++k) {
        for (Value v : snapshot)
            push_right(c, v);
    }
    return r;
}

Owned deque_inplace_repeat(ThreadState& ts, Value a, Value b) {
    if (!is_deque(a)) return Owned::borrow(not_implemented());
    if (!is_int(b) && !(type_of(b)->number && type_of(b)->number->index)) {
        return raisef(ts, &kTypeErrorType, "can't multiply sequence by non-int of type '{}'",
                      type_name(b));
    }
    int64_t n;
    if (!index_int64(ts, b, &n)) return nullptr;
    DequeObject* d = as_deque(a);
    if (n <= 0) {
        clear_items(d);
        return Owned::borrow(a);
    }
    std::deque<Value> snapshot = d->items;
    for (Value v : snapshot)
        incref(v);
    for (int64_t k = 1; k < n; ++k) {
        for (Value v : snapshot)
            push_right(d, v);
    }
    for (Value v : snapshot)
        decref(v);
    return Owned::borrow(a);
}

// ------------------------------------------------------------------ iterators

struct DequeIteratorObject : Object {
    Ref<DequeObject> deque;
    int64_t index = 0;  // items already produced
    uint64_t state;
    DequeIteratorObject(TypeObject* t, DequeObject* d)
        : Object(t), deque(Ref<DequeObject>::borrow(d)), state(d->state) {}
};

void deque_iterator_dealloc(Object* self) {
    delete static_cast<DequeIteratorObject*>(self);
}

Owned deque_iter(ThreadState&, Value self) {
    return Owned::steal(
        Value::from_object(new DequeIteratorObject(&kDequeIteratorType, as_deque(self))));
}

Owned deque_reversed(ThreadState& ts, CallArgs args) {
    if (!check_self_only(ts, args, "deque.__reversed__()")) return nullptr;
    return Owned::steal(
        Value::from_object(new DequeIteratorObject(&kDequeReverseIteratorType, as_deque(args[0]))));
}

Owned deque_iterator_self(ThreadState&, Value self) {
    return Owned::borrow(self);
}

Owned next_item(ThreadState& ts, Value self, bool reverse) {
    auto* it = self.as<DequeIteratorObject>();
    DequeObject* d = it->deque.get();
    if (!d) return nullptr;
    if (d->state != it->state) {
        it->deque = nullptr;
        return raise(ts, &kRuntimeErrorType, "deque mutated during iteration");
    }
    int64_t len = size_of(d);
    if (it->index >= len) {
        it->deque = nullptr;
        return nullptr;
    }
    int64_t i = reverse ? len - 1 - it->index : it->index;
    ++it->index;
    return Owned::borrow(d->items[static_cast<size_t>(i)]);
}

Owned deque_iterator_next(ThreadState& ts, Value self) {
    return next_item(ts, self, false);
}
Owned deque_reverse_iterator_next(ThreadState& ts, Value self) {
    return next_item(ts, self, true);
}

Owned deque_iterator_length_hint(ThreadState& ts, CallArgs args) {
    if (!check_self_only(ts, args, "__length_hint__()")) return nullptr;
    auto* it = args[0].as<DequeIteratorObject>();
    int64_t n = it->deque ? std::max<int64_t>(0, size_of(it->deque.get()) - it->index) : 0;
    return Owned::steal(Value::from_int(n));
}

// ------------------------------------------------------------------ defaultdict

// A dict whose missing keys are filled in by calling default_factory. Lookups that hit are
// plain dict lookups: dict's getitem calls __missing__ only for a key that is absent.
struct DefaultDictObject : DictObject {
    Owned factory;  // null or None: no factory
    explicit DefaultDictObject(TypeObject* t) : DictObject(t) {}
};

extern TypeObject kDefaultDictType;

DefaultDictObject* as_defaultdict(Value v) {
    return static_cast<DefaultDictObject*>(v.as<DictObject>());
}

Value factory_of(Value self) {
    Value f = as_defaultdict(self)->factory.get();
    return f.is_null() ? Value::none() : f;
}

void defaultdict_dealloc(Object* self) {
    delete static_cast<DefaultDictObject*>(self);
}

Owned defaultdict_new(ThreadState&, TypeObject* type, CallArgs) {
    retain_heap_type(type);
    return Owned::steal(Value::from_object(new DefaultDictObject(type)));
}

// defaultdict(default_factory=None, /, *args, **kwargs): the rest are dict()'s arguments.
int defaultdict_init(ThreadState& ts, Value self, CallArgs args) {
    Value factory = Value::none();
    CallArgs rest = args;
    if (args.nargs > 0) {
        factory = args[0];
        if (!factory.is_none() && !is_callable(factory)) {
            raise(ts, &kTypeErrorType, "first argument must be callable or None");
            return -1;
        }
        rest = CallArgs{args.args + 1, args.nargs - 1, args.kwnames};
    }
    as_defaultdict(self)->factory = Owned::borrow(factory);
    return kDictType.init(ts, self, rest);
}

// __missing__(key): stores and returns default_factory(), or raises KeyError(key).
Owned defaultdict_missing(ThreadState& ts, CallArgs args) {
    if (!check_one_arg(ts, drop_self(args), "defaultdict.__missing__()")) return nullptr;
    Value factory = factory_of(args[0]);
    if (factory.is_none()) return raise_with_value(ts, &kKeyErrorType, args[1]);
    Owned value = call(ts, factory, CallArgs{nullptr, 0, nullptr});
    if (!value) return nullptr;
    if (set_item(ts, args[0], args[1], value.get()) < 0) return nullptr;
    return value;
}

// d[key]: a dict lookup; a miss on an exact defaultdict fills the key in directly, and one on a
// subclass goes through dict's getitem, which calls the subclass's __missing__.
Owned defaultdict_getitem(ThreadState& ts, Value self, Value key) {
    auto* d = as_defaultdict(self);
    Value found;
    int r = dict_lookup(ts, d, key, &found);
    if (r < 0) return nullptr;
    if (r) return Owned::borrow(found);
    if (d->type != &kDefaultDictType) return kDictType.getitem(ts, self, key);
    Value factory = factory_of(self);
    if (factory.is_none()) return raise_with_value(ts, &kKeyErrorType, key);
    Owned value = call(ts, factory, CallArgs{nullptr, 0, nullptr});
    if (!value || !dict_set(ts, d, key, value.get())) return nullptr;
    return value;
}

// A new dict of self's type with self's factory: type(self)(self.default_factory, arg).
Owned new_like(ThreadState& ts, Value self, Value arg) {
    return call_values(ts, Value::from_object(type_of(self)), {factory_of(self), arg});
}

Owned defaultdict_copy(ThreadState& ts, CallArgs args) {
    if (!check_self_only(ts, args, "defaultdict.copy()")) return nullptr;
    return new_like(ts, args[0], args[0]);
}

Owned defaultdict_reduce(ThreadState& ts, CallArgs args) {
    if (!check_self_only(ts, args, "defaultdict.__reduce__()")) return nullptr;
    Value factory = factory_of(args[0]);
    Ref<TupleObject> ctor_args = factory.is_none() ? new_tuple(0) : new_tuple_of({factory});
    Owned items = call_method(ts, args[0], ts.interp.intern("items"), {});
    if (!items) return nullptr;
    Owned it = get_iter(ts, items.get());
    if (!it) return nullptr;
    return new_tuple_of({Value::from_object(type_of(args[0])), Value::from_object(ctor_args.get()),
                         Value::none(), Value::none(), it.get()});
}

// "defaultdict(<class 'list'>, {...})", with the subclass's own name for subclasses.
Owned defaultdict_repr(ThreadState& ts, Value self) {
    Owned dict_text = kDictType.repr(ts, self);
    if (!dict_text) return nullptr;
    Value factory = factory_of(self);
    std::string out = type_of(self)->name;
    size_t dot = out.rfind('.');
    if (dot != std::string::npos) out = out.substr(dot + 1);
    out += "(";
    bool recursive = false;
    if (factory.is_object()) {
        for (Object* o : ts.repr_stack)
            recursive = recursive || o == factory.as_object();
    }
    if (recursive) {
        out += "...";
    } else {
        if (factory.is_object()) ts.repr_stack.push_back(factory.as_object());
        Owned factory_text = repr(ts, factory);
        if (factory.is_object()) ts.repr_stack.pop_back();
        if (!factory_text) return nullptr;
        out += factory_text.get().as<StrObject>()->view();
    }
    out += ", ";
    out += dict_text.get().as<StrObject>()->view();
    out += ")";
    return new_str(out);
}

// defaultdict | dict and dict | defaultdict: a defaultdict (of the defaultdict operand's type)
// holding the left operand's items updated by the right's.
Owned defaultdict_or(ThreadState& ts, Value a, Value b) {
    bool left = is_instance(a, &kDefaultDictType);
    Value self = left ? a : b;
    Value other = left ? b : a;
    if (!is_dict(other)) return Owned::borrow(not_implemented());
    Owned result = new_like(ts, self, a);
    if (!result) return nullptr;
    if (!dict_update(ts, result.get().as<DictObject>(), b)) return nullptr;
    return result;
}

Owned defaultdict_get_factory(ThreadState&, Value self) {
    return Owned::borrow(factory_of(self));
}

int defaultdict_set_factory(ThreadState&, Value self, Value v) {
    as_defaultdict(self)->factory = v.is_null() ? Owned() : Owned::borrow(v);
    return 0;
}

// ------------------------------------------------------------------ _count_elements

// count + 1, without a call for tagged ints.
Owned add_one(ThreadState& ts, Value count) {
    if (count.is_int() && count.as_int() < INT64_MAX) {
        return Owned::steal(Value::from_int(count.as_int() + 1));
    }
    return binary_op(ts, count, Value::from_int(1), BinaryOp::Add);
}

// _count_elements(mapping, iterable): mapping[elem] = mapping.get(elem, 0) + 1 for each element
// (Counter's counting loop). A dict whose get and __setitem__ are dict's is updated directly;
// any other mapping through its own get and __setitem__.
Owned count_elements(ThreadState& ts, CallArgs args) {
    if (!check_no_keywords(ts, args, "_count_elements()")) return nullptr;
    if (!check_positional(ts, args, "_count_elements", 2, 2)) return nullptr;
    Value mapping = args[0];
    Owned it = get_iter(ts, args[1]);
    if (!it) return nullptr;
    // As CPython, the attributes decide: Counter overrides __delitem__ (the same slot as
    // __setitem__) but keeps dict's __setitem__ and get.
    StrObject* get_name = ts.interp.intern("get");
    StrObject* setitem_name = ts.interp.intern("__setitem__");
    TypeObject* t = type_of(mapping);
    bool direct = is_dict(mapping) &&
                  type_lookup(t, get_name).is(type_lookup(&kDictType, get_name)) &&
                  type_lookup(t, setitem_name).is(type_lookup(&kDictType, setitem_name));
    Owned get;
    if (!direct) {
        get = get_attr(ts, mapping, get_name);
        if (!get) return nullptr;
    }
    while (true) {
        Owned elem = iter_next(ts, it.get());
        if (!elem) break;
        Owned count;
        if (direct) {
            Value found;
            int r = dict_lookup(ts, mapping.as<DictObject>(), elem.get(), &found);
            if (r < 0) return nullptr;
            count = r ? Owned::borrow(found) : Owned::steal(Value::from_int(0));
        } else {
            count = call_values(ts, get.get(), {elem.get(), Value::from_int(0)});
            if (!count) return nullptr;
        }
        Owned next = add_one(ts, count.get());
        if (!next) return nullptr;
        if (direct) {
            if (!dict_set(ts, mapping.as<DictObject>(), elem.get(), next.get())) return nullptr;
        } else if (set_item(ts, mapping, elem.get(), next.get()) < 0) {
            return nullptr;
        }
    }
    if (ts.exc) return nullptr;
    return Owned::none();
}

// ------------------------------------------------------------------ _tuplegetter

// The field accessors of namedtuple classes: p.x is p[0], read-only (CPython's _tuplegetter).
struct TupleGetterObject : Object {
    int64_t index;
    Owned doc;
    TupleGetterObject(TypeObject* t, int64_t i, Owned d) : Object(t), index(i), doc(std::move(d)) {}
};

extern TypeObject kTupleGetterType;

void tuplegetter_dealloc(Object* self) {
    delete static_cast<TupleGetterObject*>(self);
}

Owned tuplegetter_new(ThreadState& ts, TypeObject*, CallArgs args) {
    if (!check_no_keywords(ts, args, "_tuplegetter()")) return nullptr;
    if (!check_positional(ts, args, "_tuplegetter", 2, 2)) return nullptr;
    int64_t i;
    if (!is_int(args[0])) {
        return raisef(ts, &kTypeErrorType, "'{}' object cannot be interpreted as an integer",
                      type_name(args[0]));
    }
    if (!index_int64(ts, args[0], &i)) return nullptr;
    return Owned::steal(
        Value::from_object(new TupleGetterObject(&kTupleGetterType, i, Owned::borrow(args[1]))));
}

Owned tuplegetter_get(ThreadState& ts, Value descr, Value obj, TypeObject*) {
    if (obj.is_null() || obj.is_none()) return Owned::borrow(descr);
    auto* g = descr.as<TupleGetterObject>();
    if (!is_tuple(obj)) {
        return raisef(ts, &kTypeErrorType,
                      "descriptor for index '{}' for tuple subclasses doesn't apply to '{}' object",
                      g->index, type_name(obj));
    }
    auto* t = obj.as<TupleObject>();
    if (g->index < 0 || g->index >= t->length) {
        return raise(ts, &kIndexErrorType, "tuple index out of range");
    }
    return Owned::borrow(t->items[g->index]);
}

int tuplegetter_set(ThreadState& ts, Value, Value, Value v) {
    raise(ts, &kAttributeErrorType, v.is_null() ? "can't delete attribute" : "can't set attribute");
    return -1;
}

Owned tuplegetter_doc(ThreadState&, Value self) {
    return Owned::borrow(self.as<TupleGetterObject>()->doc.get());
}

int tuplegetter_set_doc(ThreadState&, Value self, Value v) {
    self.as<TupleGetterObject>()->doc = v.is_null() ? Owned::none() : Owned::borrow(v);
    return 0;
}

// ------------------------------------------------------------------ _with_caller_module

// Wraps a Python function so that each call also passes _caller_module=<the calling module's
// __name__>: namedtuple uses it for the new class's __module__, as CPython does with
// sys._getframe(1). A native callable runs in its caller's frame, which is what makes this work.
struct CallerModuleObject : Object {
    Owned fn;
    CallerModuleObject(TypeObject* t, Owned f) : Object(t), fn(std::move(f)) {}
};

extern TypeObject kCallerModuleType;

void caller_module_dealloc(Object* self) {
    delete static_cast<CallerModuleObject*>(self);
}

Owned with_caller_module(ThreadState& ts, CallArgs args) {
    if (!check_one_arg(ts, args, "_with_caller_module()")) return nullptr;
    return Owned::steal(
        Value::from_object(new CallerModuleObject(&kCallerModuleType, Owned::borrow(args[0]))));
}

Owned caller_module_call(ThreadState& ts, Value self, CallArgs args) {
    auto* w = self.as<CallerModuleObject>();
    Value name = Value::none();
    if (ts.interp.hooks.frame_globals) {
        if (DictObject* g = ts.interp.hooks.frame_globals(ts)) {
            Value n = dict_get_str(g, ts.interp.intern("__name__"));
            if (!n.is_null()) name = n;
        }
    }
    size_t nkw = args.keyword_count();
    std::vector<Value> values(args.args, args.args + args.nargs + nkw);
    values.push_back(name);
    Ref<TupleObject> kwnames = new_tuple(static_cast<int64_t>(nkw + 1));
    for (size_t i = 0; i < nkw; ++i) {
        kwnames->items[i] = args.kwnames->items[i];
        incref(kwnames->items[i]);
    }
    Value key = Value::from_object(ts.interp.intern("_caller_module"));
    incref(key);
    kwnames->items[nkw] = key;
    return call(ts, w->fn.get(), CallArgs{values.data(), args.nargs, kwnames.get()});
}

Owned caller_module_repr(ThreadState& ts, Value self) {
    return repr(ts, self.as<CallerModuleObject>()->fn.get());
}

// namedtuple.__name__, __doc__ ... are the wrapped function's.
Owned caller_module_getattr(ThreadState& ts, Value self, StrObject* name) {
    return get_attr(ts, self.as<CallerModuleObject>()->fn.get(), name);
}

// ------------------------------------------------------------------ tables

constexpr NumberSlots kDequeNumber = [] {
    NumberSlots n;
    n.binary[static_cast<int>(BinaryOp::Add)] = deque_concat;
    n.binary[static_cast<int>(BinaryOp::Mul)] = deque_repeat;
    n.inplace[static_cast<int>(BinaryOp::Add)] = deque_inplace_concat;
    n.inplace[static_cast<int>(BinaryOp::Mul)] = deque_inplace_repeat;
    return n;
}();

// dict's number slots with | returning a defaultdict (filled in before the type is readied).
NumberSlots kDefaultDictNumber;

const MethodDef kDefaultDictMethods[] = {
    {"__missing__", defaultdict_missing},
    {"copy", defaultdict_copy},
    {"__copy__", defaultdict_copy},
    {"__reduce__", defaultdict_reduce},
    {nullptr, nullptr},
};

const GetSetDef kDefaultDictGetSet[] = {
    {"default_factory", defaultdict_get_factory, defaultdict_set_factory},
    {nullptr, nullptr},
};

// Instances of Python subclasses keep their __dict__ where dict's subclasses do.
constinit TypeObject kDefaultDictType("collections.defaultdict", &kDictType,
                                      kTypeBaseType | kTypeDictSubclass,
                                      {
                                          .dealloc = defaultdict_dealloc,
                                          .repr = defaultdict_repr,
                                          .getitem = defaultdict_getitem,
                                          .new_ = defaultdict_new,
                                          .init = defaultdict_init,
                                          .number = &kDefaultDictNumber,
                                          .methods = kDefaultDictMethods,
                                          .getset = kDefaultDictGetSet,
                                          .instance_dict = dict_instance_dict,
                                      });

const MethodDef kDequeMethods[] = {
    {"append", deque_append}, {"appendleft", deque_appendleft},
    {"clear", deque_clear},   {"copy", deque_copy},
    {"__copy__", deque_copy}, {"count", deque_count},
    {"extend", deque_extend}, {"extendleft", deque_extendleft},
    {"index", deque_index},   {"insert", deque_insert},
    {"pop", deque_pop},       {"popleft", deque_popleft},
    {"remove", deque_remove}, {"reverse", deque_reverse},
    {"rotate", deque_rotate}, {"__reversed__", deque_reversed},
    {nullptr, nullptr},
};

const GetSetDef kDequeGetSet[] = {
    {"maxlen", deque_get_maxlen},
    {nullptr, nullptr},
};

const MethodDef kDequeIteratorMethods[] = {
    {"__length_hint__", deque_iterator_length_hint},
    {nullptr, nullptr},
};

constinit TypeObject kDequeType("collections.deque", &kObjectType, kTypeBaseType,
                                {
                                    .dealloc = deque_dealloc,
                                    .repr = deque_repr,
                                    .compare = deque_compare,
                                    .truth = deque_truth,
                                    .length = deque_length,
                                    .iter = deque_iter,
                                    .getitem = deque_getitem,
                                    .setitem = deque_setitem,
                                    .contains = deque_contains,
                                    .new_ = deque_new,
                                    .init = deque_init,
                                    .number = &kDequeNumber,
                                    .methods = kDequeMethods,
                                    .getset = kDequeGetSet,
                                });

constinit TypeObject kDequeIteratorType("_collections._deque_iterator", &kObjectType, 0,
                                        {
                                            .dealloc = deque_iterator_dealloc,
                                            .iter = deque_iterator_self,
                                            .next = deque_iterator_next,
                                            .methods = kDequeIteratorMethods,
                                        });

constinit TypeObject kDequeReverseIteratorType("_collections._deque_reverse_iterator", &kObjectType,
                                               0,
                                               {
                                                   .dealloc = deque_iterator_dealloc,
                                                   .iter = deque_iterator_self,
                                                   .next = deque_reverse_iterator_next,
                                                   .methods = kDequeIteratorMethods,
                                               });

const GetSetDef kTupleGetterGetSet[] = {
    {"__doc__", tuplegetter_doc, tuplegetter_set_doc},
    {nullptr, nullptr},
};

constinit TypeObject kTupleGetterType("_collections._tuplegetter", &kObjectType, 0,
                                      {
                                          .dealloc = tuplegetter_dealloc,
                                          .descr_get = tuplegetter_get,
                                          .descr_set = tuplegetter_set,
                                          .new_ = tuplegetter_new,
                                          .getset = kTupleGetterGetSet,
                                      });

constinit TypeObject kCallerModuleType("_collections._with_caller_module", &kObjectType, 0,
                                       {
                                           .dealloc = caller_module_dealloc,
                                           .repr = caller_module_repr,
                                           .getattr = caller_module_getattr,
                                           .call = caller_module_call,
                                       });

const MethodDef kCollectionsFunctions[] = {
    {"_with_caller_module", with_caller_module},
    {"_count_elements", count_elements},
    {nullptr, nullptr},
};

}  // namespace

Ref<ModuleObject> init_collections_module(ThreadState& ts) {
    ready_static_type(&kDequeType, nullptr);
    ready_static_type(&kDequeIteratorType, nullptr);
    ready_static_type(&kDequeReverseIteratorType, nullptr);
    static const bool number_ready = [] {
        kDefaultDictNumber = *kDictType.number;
        kDefaultDictNumber.binary[static_cast<int>(BinaryOp::Or)] = defaultdict_or;
        return true;
    }();
    (void)number_ready;
    ready_static_type(&kDefaultDictType, nullptr);
    ready_static_type(&kTupleGetterType, nullptr);
    ready_static_type(&kCallerModuleType, nullptr);
    Ref<ModuleObject> m = new_module(ts, "_collections");
    if (!m) return nullptr;
    module_set(ts, m.get(), "deque", Value::from_object(&kDequeType));
    module_set(ts, m.get(), "defaultdict", Value::from_object(&kDefaultDictType));
    module_set(ts, m.get(), "_tuplegetter", Value::from_object(&kTupleGetterType));
    module_add_functions(ts, m.get(), kCollectionsFunctions);
    return m;
}

}  // namespace gilpy::stdlib
