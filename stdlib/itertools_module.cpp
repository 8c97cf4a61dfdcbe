// The itertools module: CPython 3.11's lazy iterator building blocks (count, cycle, repeat,
// accumulate, chain, compress, dropwhile, takewhile, filterfalse, groupby, islice, pairwise,
// product, permutations, combinations, combinations_with_replacement, starmap, tee, zip_longest),
// each a static iterator type named like CPython's ("itertools.count") whose next slot does one
// step of work, with CPython's argument messages and reprs.
#include <fmt/format.h>

#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "runtime/abstract.hpp"
#include "runtime/args.hpp"
#include "runtime/exceptions.hpp"
#include "runtime/interpreter_state.hpp"
#include "runtime/types/int.hpp"
#include "runtime/types/list.hpp"
#include "runtime/types/module.hpp"
#include "runtime/types/str.hpp"
#include "runtime/types/tuple.hpp"
#include "stdlib/registry.hpp"

namespace gilpy::stdlib {

using namespace runtime;

namespace {

// ------------------------------------------------------------------ shared helpers

template <class T>
void dealloc_as(Object* self) {
    delete static_cast<T*>(self);
}

Owned self_iter(ThreadState&, Value self) {
    return Owned::borrow(self);
}

// A new instance of [type] (one of the types below, or a class derived from one): instances of
// a heap type own a reference to it, which the heap type's dealloc gives back.
template <class T, class... A>
Ref<T> new_instance(TypeObject* type, A&&... args) {
    if (type->flags & kTypeHeap) incref(type);
    return make_object<T>(type, std::forward<A>(args)...);
}

// The name CPython's reprs use (_PyType_Name): "count" for "itertools.count".
const char* short_type_name(Value v) {
    const char* name = type_of(v)->name;
    const char* dot = std::strrchr(name, '.');
    return dot ? dot + 1 : name;
}

// repr(v) as text appended to [out]; false if raised.
bool append_repr(ThreadState& ts, std::string& out, Value v) {
    Owned r = repr(ts, v);
    if (!r) return false;
    out += r.get().as<StrObject>()->view();
    return true;
}

// tuple(v) (CPython's PySequence_Tuple): exact tuples are shared, anything else is iterated.
Ref<TupleObject> to_tuple(ThreadState& ts, Value v) {
    if (is_exact_tuple(v)) return Ref<TupleObject>::borrow(v.as<TupleObject>());
    Ref<ListObject> list = list_from_iterable(ts, v);
    if (!list) return nullptr;
    return new_tuple_from(list->items, list->length);
}

// The tuple to update in place for the next combinatoric result: [result] itself while nobody
// else holds it (CPython reuses it then), else a fresh copy. Its cached hash is reset.
TupleObject* writable_result(Ref<TupleObject>& result) {
    if (result->refcount == 1) {
        result->hash = -1;
    } else {
        result = new_tuple_from(result->items, result->length);
    }
    return result.get();
}

// Stores a new reference to [v] in [t]'s slot [i], releasing the old item last.
void tuple_replace(TupleObject* t, int64_t i, Value v) {
    Value old = t->items[i];
    incref(v);
    t->items[i] = v;
    decref(old);
}

// Calls [fn](arg) through the generic call path.
Owned call1(ThreadState& ts, Value fn, Value arg) {
    return call(ts, fn, CallArgs{&arg, 1, nullptr});
}

// A non-negative size argument "r" of combinations(): operator.index semantics.
bool r_argument(ThreadState& ts, Value v, int64_t* r) {
    if (!index_int64(ts, v, r)) return false;
    if (*r < 0) {
        raise(ts, &kValueErrorType, "r must be non-negative");
        return false;
    }
    return true;
}

// ------------------------------------------------------------------ count

// Counts with a machine int while start is an int and step is 1 (the common case), and with
// generic addition otherwise or once the machine int would overflow.
struct CountObject : Object {
    bool fast;
    int64_t next_int = 0;  // fast mode: the next value
    Owned next_value;      // slow mode: the next value
    Owned step;
    explicit CountObject(TypeObject* t) : Object(t), fast(false) {}
};

bool is_number(Value v) {
    const NumberSlots* n = type_of(v)->number;
    return n && (n->index || n->to_int || n->to_float);
}

Owned count_new(ThreadState& ts, TypeObject* type, CallArgs args) {
    static const char* const kNames[] = {"start", "step"};
    Value a[2];
    if (!parse_args(ts, args, "count", kNames, 0, a)) return nullptr;
    Value start = a[0].is_null() ? Value::from_int(0) : a[0];
    Value step = a[1].is_null() ? Value::from_int(1) : a[1];
    if (!is_number(start) || !is_number(step)) {
        return raise(ts, &kTypeErrorType, "a number is required");
    }
    Ref<CountObject> c = new_instance<CountObject>(type);
    int64_t start_int, step_int;
    c->fast = is_int(start) && int_to_int64(start, &start_int) && is_int(step) &&
              int_to_int64(step, &step_int) && step_int == 1;
    if (c->fast) {
        c->next_int = start_int;
    } else {
        c->next_value = Owned::borrow(start);
    }
    c->step = Owned::borrow(step);
    return c;
}

Owned count_next(ThreadState& ts, Value self) {
    auto* c = self.as<CountObject>();
    if (c->fast) {
        if (c->next_int < INT64_MAX) return Owned::steal(Value::from_int(c->next_int++));
        // Past the machine range: continue with arbitrary-precision ints.
        c->fast = false;
        c->next_value = Owned::steal(Value::from_int(INT64_MAX));
    }
    Owned following = binary_op(ts, c->next_value.get(), c->step.get(), BinaryOp::Add);
    if (!following) return nullptr;
    Owned result = std::move(c->next_value);
    c->next_value = std::move(following);
    return result;
}

Owned count_repr(ThreadState& ts, Value self) {
    auto* c = self.as<CountObject>();
    std::string text = fmt::format("{}(", short_type_name(self));
    if (c->fast) {
        text += fmt::format("{})", c->next_int);
        return new_str(text);
    }
    if (!append_repr(ts, text, c->next_value.get())) return nullptr;
    // A step of int 1 is left out, as CPython does (a step of 1.0 is shown).
    int64_t step;
    Value s = c->step.get();
    if (!(is_int(s) && int_to_int64(s, &step) && step == 1)) {
        text += ", ";
        if (!append_repr(ts, text, s)) return nullptr;
    }
    text += ')';
    return new_str(text);
}

// ------------------------------------------------------------------ cycle

// Yields the iterable's items while saving them, then replays the saved items forever.
struct CycleObject : Object {
    Owned it;  // null once the first pass is over
    std::vector<Owned> saved;
    size_t index = 0;
    explicit CycleObject(TypeObject* t) : Object(t) {}
};

Owned cycle_new(ThreadState& ts, TypeObject* type, CallArgs args) {
    if (!check_positional(ts, args, "cycle", 1, 1)) return nullptr;
    Owned it = get_iter(ts, args[0]);
    if (!it) return nullptr;
    Ref<CycleObject> c = new_instance<CycleObject>(type);
    c->it = std::move(it);
    return c;
}

Owned cycle_next(ThreadState& ts, Value self) {
    auto* c = self.as<CycleObject>();
    if (c->it) {
        Owned item = iter_next(ts, c->it.get());
        if (item) {
            c->saved.push_back(item);
            return item;
        }
        if (ts.has_exception()) return nullptr;
        c->it = nullptr;
    }
    if (c->saved.empty()) return nullptr;
    Owned item = c->saved[c->index];
    if (++c->index == c->saved.size()) c->index = 0;
    return item;
}

// ------------------------------------------------------------------ repeat

struct RepeatObject : Object {
    Owned element;
    int64_t remaining;  // -1: forever
    RepeatObject(TypeObject* t, Owned e, int64_t n)
        : Object(t), element(std::move(e)), remaining(n) {}
};

Owned repeat_new(ThreadState& ts, TypeObject* type, CallArgs args) {
    static const char* const kNames[] = {"object", "times"};
    Value a[2];
    if (!parse_args(ts, args, "repeat", kNames, 1, a)) return nullptr;
    int64_t times = -1;
    if (!a[1].is_null()) {
        if (!index_int64(ts, a[1], &times)) return nullptr;
        if (times < 0) times = 0;  // a negative count given explicitly repeats nothing
    }
    return new_instance<RepeatObject>(type, Owned::borrow(a[0]), times);
}

Owned repeat_next(ThreadState&, Value self) {
    auto* r = self.as<RepeatObject>();
    if (r->remaining == 0) return nullptr;
    if (r->remaining > 0) --r->remaining;
    return r->element;
}

Owned repeat_repr(ThreadState& ts, Value self) {
    auto* r = self.as<RepeatObject>();
    NativeRecursionGuard guard(ts);
    if (!guard.enter(" while getting the repr of an object")) return nullptr;
    std::string text = fmt::format("{}(", short_type_name(self));
    if (!append_repr(ts, text, r->element.get())) return nullptr;
    if (r->remaining >= 0) text += fmt::format(", {}", r->remaining);
    text += ')';
    return new_str(text);
}

Owned repeat_length_hint(ThreadState& ts, CallArgs args) {
    if (!check_no_args(ts, drop_self(args), "repeat.__length_hint__()")) return nullptr;
    auto* r = args[0].as<RepeatObject>();
    if (r->remaining < 0) return raise(ts, &kTypeErrorType, "len() of unsized object");
    return Owned::steal(Value::from_int(r->remaining));
}

// ------------------------------------------------------------------ accumulate

struct AccumulateObject : Object {
    Owned it;
    Owned func;     // null: addition
    Owned total;    // null before the first item
    Owned initial;  // null once yielded (or when not given)
    explicit AccumulateObject(TypeObject* t) : Object(t) {}
};

Owned accumulate_new(ThreadState& ts, TypeObject* type, CallArgs args) {
    static const char* const kNames[] = {"iterable", "func", "initial"};
    Value a[3];
    if (!parse_args(ts, args, "accumulate", kNames, 1, a, 2)) return nullptr;
    Owned it = get_iter(ts, a[0]);
    if (!it) return nullptr;
    Ref<AccumulateObject> acc = new_instance<AccumulateObject>(type);
    acc->it = std::move(it);
    if (!a[1].is_null() && !a[1].is_none()) acc->func = Owned::borrow(a[1]);
    if (!a[2].is_null() && !a[2].is_none()) acc->initial = Owned::borrow(a[2]);
    return acc;
}

Owned accumulate_next(ThreadState& ts, Value self) {
    auto* acc = self.as<AccumulateObject>();
    if (acc->initial) {
        acc->total = std::move(acc->initial);
        return acc->total;
    }
    Owned item = iter_next(ts, acc->it.get());
    if (!item) return nullptr;
    if (!acc->total) {
        acc->total = item;
        return item;
    }
    Owned next_total;
    if (acc->func) {
        Value argv[2] = {acc->total.get(), item.get()};
        next_total = call(ts, acc->func.get(), CallArgs{argv, 2, nullptr});
    } else {
        next_total = binary_op(ts, acc->total.get(), item.get(), BinaryOp::Add);
    }
    if (!next_total) return nullptr;
    acc->total = next_total;
    return next_total;
}

// ------------------------------------------------------------------ chain

// Iterates the iterables that [source] yields, one after the other, opening each lazily.
struct ChainObject : Object {
    Owned source;  // null once exhausted
    Owned active;  // the iterator being drained, or null
    explicit ChainObject(TypeObject* t) : Object(t) {}
};

Owned new_chain(TypeObject* type, Owned source) {
    Ref<ChainObject> c = new_instance<ChainObject>(type);
    c->source = std::move(source);
    return c;
}

Owned chain_new(ThreadState& ts, TypeObject* type, CallArgs args) {
    if (!check_no_keywords(ts, args, "chain()")) return nullptr;
    Ref<TupleObject> iterables = new_tuple_from(args.args, static_cast<int64_t>(args.nargs));
    Owned source = get_iter(ts, Value::from_object(iterables.get()));
    if (!source) return nullptr;
    return new_chain(type, std::move(source));
}

// chain.from_iterable(iterable), a classmethod: args[0] is the type.
Owned chain_from_iterable(ThreadState& ts, CallArgs args) {
    if (!check_one_arg(ts, drop_self(args), "chain.from_iterable()")) return nullptr;
    Owned source = get_iter(ts, args[1]);
    if (!source) return nullptr;
    return new_chain(args[0].as<TypeObject>(), std::move(source));
}

Owned chain_next(ThreadState& ts, Value self) {
    auto* c = self.as<ChainObject>();
    while (c->source) {
        if (!c->active) {
            Owned iterable = iter_next(ts, c->source.get());
            if (!iterable) {
                c->source = nullptr;
                return nullptr;
            }
            c->active = get_iter(ts, iterable.get());
            if (!c->active) {
                c->source = nullptr;
                return nullptr;
            }
        }
        Owned item = iter_next(ts, c->active.get());
        if (item) return item;
        if (ts.has_exception()) return nullptr;
        c->active = nullptr;
    }
    return nullptr;
}

// ------------------------------------------------------------------ compress

struct CompressObject : Object {
    Owned data, selectors;
    explicit CompressObject(TypeObject* t) : Object(t) {}
};

Owned compress_new(ThreadState& ts, TypeObject* type, CallArgs args) {
    static const char* const kNames[] = {"data", "selectors"};
    Value a[2];
    if (!parse_args(ts, args, "compress", kNames, 2, a)) return nullptr;
    Ref<CompressObject> c = new_instance<CompressObject>(type);
    c->data = get_iter(ts, a[0]);
    if (!c->data) return nullptr;
    c->selectors = get_iter(ts, a[1]);
    if (!c->selectors) return nullptr;
    return c;
}

Owned compress_next(ThreadState& ts, Value self) {
    auto* c = self.as<CompressObject>();
    for (;;) {
        Owned datum = iter_next(ts, c->data.get());
        if (!datum) return nullptr;
        Owned selector = iter_next(ts, c->selectors.get());
        if (!selector) return nullptr;
        int ok = truth(ts, selector.get());
        if (ok < 0) return nullptr;
        if (ok) return datum;
    }
}

// ---------------------------------------------- dropwhile, takewhile, filterfalse, starmap

// The shape these four share: a callable and an iterator, built from exactly two positional
// arguments; [done] is the predicate's latch (dropwhile: dropping over; takewhile: stopped).
struct PredicateObject : Object {
    Owned func;
    Owned it;
    bool done = false;
    explicit PredicateObject(TypeObject* t) : Object(t) {}
};

Owned predicate_new(ThreadState& ts, TypeObject* type, CallArgs args, const char* name) {
    if (!check_positional(ts, args, name, 2, 2)) return nullptr;
    Owned it = get_iter(ts, args[1]);
    if (!it) return nullptr;
    Ref<PredicateObject> p = new_instance<PredicateObject>(type);
    p->func = Owned::borrow(args[0]);
    p->it = std::move(it);
    return p;
}

// truth(func(item)); -1 if raised.
int test_item(ThreadState& ts, Value func, Value item) {
    Owned verdict = call1(ts, func, item);
    if (!verdict) return -1;
    return truth(ts, verdict.get());
}

Owned dropwhile_new(ThreadState& ts, TypeObject* type, CallArgs args) {
    return predicate_new(ts, type, args, "dropwhile");
}

Owned dropwhile_next(ThreadState& ts, Value self) {
    auto* p = self.as<PredicateObject>();
    for (;;) {
        Owned item = iter_next(ts, p->it.get());
        if (!item) return nullptr;
        if (p->done) return item;
        int ok = test_item(ts, p->func.get(), item.get());
        if (ok < 0) return nullptr;
        if (!ok) {
            p->done = true;
            return item;
        }
    }
}

Owned takewhile_new(ThreadState& ts, TypeObject* type, CallArgs args) {
    return predicate_new(ts, type, args, "takewhile");
}

Owned takewhile_next(ThreadState& ts, Value self) {
    auto* p = self.as<PredicateObject>();
    if (p->done) return nullptr;
    Owned item = iter_next(ts, p->it.get());
    if (!item) return nullptr;
    int ok = test_item(ts, p->func.get(), item.get());
    if (ok < 0) return nullptr;
    if (ok) return item;
    p->done = true;
    return nullptr;
}

Owned filterfalse_new(ThreadState& ts, TypeObject* type, CallArgs args) {
    return predicate_new(ts, type, args, "filterfalse");
}

Owned filterfalse_next(ThreadState& ts, Value self) {
    auto* p = self.as<PredicateObject>();
    Value func = p->func.get();
    for (;;) {
        Owned item = iter_next(ts, p->it.get());
        if (!item) return nullptr;
        // A None predicate tests the items themselves (CPython's shortcut for bool too).
        int ok = func.is_none() || (func.is_object() && func.as_object() == &kBoolType)
                     ? truth(ts, item.get())
                     : test_item(ts, func, item.get());
        if (ok < 0) return nullptr;
        if (!ok) return item;
    }
}

Owned starmap_new(ThreadState& ts, TypeObject* type, CallArgs args) {
    return predicate_new(ts, type, args, "starmap");
}

Owned starmap_next(ThreadState& ts, Value self) {
    auto* p = self.as<PredicateObject>();
    Owned item = iter_next(ts, p->it.get());
    if (!item) return nullptr;
    Ref<TupleObject> argv = to_tuple(ts, item.get());
    if (!argv) return nullptr;
    return call(ts, p->func.get(),
                CallArgs{argv->items, static_cast<size_t>(argv->length), nullptr});
}

// ------------------------------------------------------------------ groupby

extern TypeObject kGroupByType;
extern TypeObject kGrouperType;

// groupby and its groups share one underlying iterator: the groupby holds the item read last
// (currvalue, with its key currkey). Advancing the groupby starts a new generation, and a group
// of an older generation yields nothing more, as in CPython.
struct GroupByObject : Object {
    Owned it;
    Owned keyfunc;  // null: identity
    Owned tgtkey;   // the key of the current group
    Owned currkey;
    Owned currvalue;
    uint64_t generation = 0;  // of the group that may still read the iterator
    explicit GroupByObject(TypeObject* t) : Object(t) {}
};

struct GrouperObject : Object {
    Ref<GroupByObject> parent;
    Owned tgtkey;
    uint64_t generation;
    GrouperObject(TypeObject* t, GroupByObject* p, Owned key)
        : Object(t),
          parent(Ref<GroupByObject>::borrow(p)),
          tgtkey(std::move(key)),
          generation(p->generation) {}
};

Owned groupby_new(ThreadState& ts, TypeObject* type, CallArgs args) {
    static const char* const kNames[] = {"iterable", "key"};
    Value a[2];
    if (!parse_args(ts, args, "groupby", kNames, 1, a)) return nullptr;
    Owned it = get_iter(ts, a[0]);
    if (!it) return nullptr;
    Ref<GroupByObject> g = new_instance<GroupByObject>(type);
    g->it = std::move(it);
    if (!a[1].is_null() && !a[1].is_none()) g->keyfunc = Owned::borrow(a[1]);
    return g;
}

// Reads the next item and its key into currvalue/currkey; false when exhausted or raised.
bool groupby_step(ThreadState& ts, GroupByObject* g) {
    Owned value = iter_next(ts, g->it.get());
    if (!value) return false;
    Owned key = g->keyfunc ? call1(ts, g->keyfunc.get(), value.get()) : value;
    if (!key) return false;
    g->currvalue = std::move(value);
    g->currkey = std::move(key);
    return true;
}

Owned new_grouper(TypeObject* type, GroupByObject* g, Owned key) {
    ++g->generation;  // invalidates every earlier group
    return new_instance<GrouperObject>(type, g, std::move(key));
}

Owned groupby_next(ThreadState& ts, Value self) {
    auto* g = self.as<GroupByObject>();
    ++g->generation;
    // Skip the rest of the current group: read until the key differs from the group's.
    for (;;) {
        if (g->currkey) {
            if (!g->tgtkey) break;
            int same = equals(ts, g->tgtkey.get(), g->currkey.get());
            if (same < 0) return nullptr;
            if (!same) break;
        }
        if (!groupby_step(ts, g)) return nullptr;
    }
    g->tgtkey = g->currkey;
    Owned group = new_grouper(&kGrouperType, g, g->currkey);
    Ref<TupleObject> pair = new_tuple(2);
    pair->items[0] = Owned(g->currkey).release();
    pair->items[1] = group.release();
    return pair;
}

// _grouper(parent, tgtkey): what groupby creates; callable as in CPython.
Owned grouper_new(ThreadState& ts, TypeObject* type, CallArgs args) {
    if (!check_positional(ts, args, "_grouper", 2, 2)) return nullptr;
    if (!is_instance(args[0], &kGroupByType)) {
        return raisef(ts, &kTypeErrorType,
                      "_grouper() argument 1 must be itertools.groupby, not {}",
                      type_name(args[0]));
    }
    return new_grouper(type, args[0].as<GroupByObject>(), Owned::borrow(args[1]));
}

Owned grouper_next(ThreadState& ts, Value self) {
    auto* group = self.as<GrouperObject>();
    GroupByObject* g = group->parent.get();
    if (g->generation != group->generation) return nullptr;
    if (!g->currvalue && !groupby_step(ts, g)) return nullptr;
    int same = equals(ts, group->tgtkey.get(), g->currkey.get());
    if (same <= 0) return nullptr;
    Owned item = std::move(g->currvalue);
    g->currkey = nullptr;
    return item;
}

// ------------------------------------------------------------------ islice

struct IsliceObject : Object {
    Owned it;           // null once exhausted
    int64_t next = 0;   // index of the next item to yield
    int64_t stop = -1;  // -1: no stop
    int64_t step = 1;
    int64_t count = 0;  // items read so far
    explicit IsliceObject(TypeObject* t) : Object(t) {}
};

// An islice index: an int in 0..sys.maxsize, or -1 for anything else (the caller words the
// error, as CPython replaces whatever the conversion raised).
int64_t islice_index(ThreadState& ts, Value v) {
    int64_t i;
    if (index_int64(ts, v, &i)) return i;
    clear_exception(ts);
    return -1;
}

Owned islice_new(ThreadState& ts, TypeObject* type, CallArgs args) {
    if (!check_no_keywords(ts, args, "islice()")) return nullptr;
    if (!check_positional(ts, args, "islice", 2, 4)) return nullptr;
    int64_t start = 0, stop = -1, step = 1;
    Value stop_arg = args.nargs == 2 ? args[1] : args[2];
    if (args.nargs > 2 && !args[1].is_none()) start = islice_index(ts, args[1]);
    if (!stop_arg.is_none()) {
        stop = islice_index(ts, stop_arg);
        if (stop == -1) {
            return raise(ts, &kValueErrorType,
                         "Stop argument for islice() must be None or an integer: "
                         "0 <= x <= sys.maxsize.");
        }
    }
    if (start < 0 || stop < -1) {
        return raise(ts, &kValueErrorType,
                     "Indices for islice() must be None or an integer: 0 <= x <= sys.maxsize.");
    }
    if (args.nargs == 4 && !args[3].is_none()) step = islice_index(ts, args[3]);
    if (step < 1) {
        return raise(ts, &kValueErrorType, "Step for islice() must be a positive integer or None.");
    }
    Owned it = get_iter(ts, args[0]);
    if (!it) return nullptr;
    Ref<IsliceObject> s = new_instance<IsliceObject>(type);
    s->it = std::move(it);
    s->next = start;
    s->stop = stop;
    s->step = step;
    return s;
}

Owned islice_next(ThreadState& ts, Value self) {
    auto* s = self.as<IsliceObject>();
    if (!s->it) return nullptr;
    Value it = s->it.get();
    NextSlot next = type_of(it)->next;
    while (s->count < s->next) {
        Owned skipped = next(ts, it);
        if (!skipped) {
            s->it = nullptr;
            return nullptr;
        }
        ++s->count;
    }
    if (s->stop != -1 && s->count >= s->stop) {
        s->it = nullptr;
        return nullptr;
    }
    Owned item = next(ts, it);
    if (!item) {
        s->it = nullptr;
        return nullptr;
    }
    ++s->count;
    int64_t old = s->next;
    // Saturating: an overflowing next index, or one past stop, lands on stop.
    if (__builtin_add_overflow(old, s->step, &s->next) || (s->stop != -1 && s->next > s->stop)) {
        s->next = s->stop;
    }
    return item;
}

// ------------------------------------------------------------------ pairwise

struct PairwiseObject : Object {
    Owned it;   // null once exhausted
    Owned old;  // the previous item, or null before the first
    explicit PairwiseObject(TypeObject* t) : Object(t) {}
};

Owned pairwise_new(ThreadState& ts, TypeObject* type, CallArgs args) {
    if (!check_positional(ts, args, "pairwise", 1, 1)) return nullptr;
    Owned it = get_iter(ts, args[0]);
    if (!it) return nullptr;
    Ref<PairwiseObject> p = new_instance<PairwiseObject>(type);
    p->it = std::move(it);
    return p;
}

Owned pairwise_next(ThreadState& ts, Value self) {
    auto* p = self.as<PairwiseObject>();
    if (!p->it) return nullptr;
    if (!p->old) {
        p->old = iter_next(ts, p->it.get());
        if (!p->old) {
            p->it = nullptr;
            return nullptr;
        }
    }
    Owned item = iter_next(ts, p->it.get());
    if (!item) {
        p->it = nullptr;
        p->old = nullptr;
        return nullptr;
    }
    Ref<TupleObject> pair = new_tuple(2);
    pair->items[0] = p->old.release();
    pair->items[1] = Owned(item).release();
    p->old = std::move(item);
    return pair;
}

// ------------------------------------------------------------------ product

// The pools are materialised at construction; one index per pool is the odometer.
struct ProductObject : Object {
    std::vector<Ref<TupleObject>> pools;
    std::unique_ptr<int64_t[]> indices;
    Ref<TupleObject> result;  // the previous result, null before the first
    bool stopped = false;
    explicit ProductObject(TypeObject* t) : Object(t) {}
};

Owned product_new(ThreadState& ts, TypeObject* type, CallArgs args) {
    int64_t repeat = 1;
    const size_t nkw = args.keyword_count();
    if (nkw > 1) {
        return raisef(ts, &kTypeErrorType, "product() takes at most 1 keyword argument ({} given)",
                      nkw);
    }
    if (nkw == 1) {
        auto* name = args.kwnames->items[0].as<StrObject>();
        if (!str_equals(name, "repeat")) {
            return raisef(ts, &kTypeErrorType, "'{}' is an invalid keyword argument for product()",
                          name->view());
        }
        if (!index_int64(ts, args.keyword_value(0), &repeat)) return nullptr;
        if (repeat < 0) return raise(ts, &kValueErrorType, "repeat argument cannot be negative");
    }
    const int64_t nargs = repeat == 0 ? 0 : static_cast<int64_t>(args.nargs);
    if (repeat > 0 && nargs > INT64_MAX / static_cast<int64_t>(sizeof(int64_t)) / repeat) {
        return raise(ts, &kOverflowErrorType, "repeat argument too large");
    }
    const int64_t npools = nargs * repeat;
    Ref<ProductObject> p = new_instance<ProductObject>(type);
    p->pools.reserve(static_cast<size_t>(npools));
    for (int64_t i = 0; i < nargs; ++i) {
        Ref<TupleObject> pool = to_tuple(ts, args[i]);
        if (!pool) return nullptr;
        p->pools.push_back(std::move(pool));
    }
    for (int64_t i = nargs; i < npools; ++i)
        p->pools.push_back(p->pools[i - nargs]);
    p->indices = std::make_unique<int64_t[]>(static_cast<size_t>(npools));
    return p;
}

Owned product_next(ThreadState&, Value self) {
    auto* p = self.as<ProductObject>();
    if (p->stopped) return nullptr;
    const auto npools = static_cast<int64_t>(p->pools.size());
    if (!p->result) {
        // The first result takes the first item of every pool (none if a pool is empty).
        Ref<TupleObject> first = new_tuple(npools);
        for (int64_t i = 0; i < npools; ++i) {
            TupleObject* pool = p->pools[i].get();
            if (pool->length == 0) {
                for (int64_t j = i; j < npools; ++j)
                    first->items[j] = Value::none();
                p->stopped = true;
                return nullptr;
            }
            first->items[i] = pool->items[0];
            incref(pool->items[0]);
        }
        p->result = std::move(first);
        return Owned(Ref<TupleObject>(p->result));
    }
    TupleObject* result = writable_result(p->result);
    // Advance the odometer right to left; a pool that rolls over carries into the one before.
    int64_t i = npools - 1;
    for (; i >= 0; --i) {
        TupleObject* pool = p->pools[i].get();
        if (++p->indices[i] == pool->length) {
            p->indices[i] = 0;
            tuple_replace(result, i, pool->items[0]);
        } else {
            tuple_replace(result, i, pool->items[p->indices[i]]);
            break;
        }
    }
    if (i < 0) {
        p->stopped = true;
        return nullptr;
    }
    return Owned(Ref<TupleObject>(p->result));
}

// ------------------------------------------------------------------ combinations

// r-length tuples of the pool's items in lexicographic index order, without repeats
// (combinations) or with them (combinations_with_replacement), and r-length orderings
// (permutations); each keeps its index arrays and rewrites only the changed result slots.
struct CombinatoricObject : Object {
    Ref<TupleObject> pool;
    int64_t r = 0;
    std::unique_ptr<int64_t[]> indices;
    std::unique_ptr<int64_t[]> cycles;  // permutations only
    Ref<TupleObject> result;
    bool stopped = false;
    explicit CombinatoricObject(TypeObject* t) : Object(t) {}
};

Ref<CombinatoricObject> combinatoric_new(ThreadState& ts, TypeObject* type, Value iterable,
                                         int64_t r, size_t index_count) {
    Ref<TupleObject> pool = to_tuple(ts, iterable);
    if (!pool) return nullptr;
    Ref<CombinatoricObject> c = new_instance<CombinatoricObject>(type);
    c->pool = std::move(pool);
    c->r = r;
    c->indices = std::make_unique<int64_t[]>(index_count);
    return c;
}

// The first result: the pool's items at indices[0..r).
Owned first_result(CombinatoricObject* c) {
    Ref<TupleObject> t = new_tuple(c->r);
    for (int64_t i = 0; i < c->r; ++i) {
        Value v = c->pool->items[c->indices[i]];
        incref(v);
        t->items[i] = v;
    }
    c->result = std::move(t);
    return Owned(Ref<TupleObject>(c->result));
}

Owned combinations_new(ThreadState& ts, TypeObject* type, CallArgs args) {
    static const char* const kNames[] = {"iterable", "r"};
    Value a[2];
    if (!parse_args(ts, args, "combinations", kNames, 2, a)) return nullptr;
    int64_t r;
    if (!r_argument(ts, a[1], &r)) return nullptr;
    Ref<CombinatoricObject> c = combinatoric_new(ts, type, a[0], r, static_cast<size_t>(r));
    if (!c) return nullptr;
    for (int64_t i = 0; i < r; ++i)
        c->indices[i] = i;
    c->stopped = r > c->pool->length;
    return c;
}

Owned combinations_next(ThreadState&, Value self) {
    auto* c = self.as<CombinatoricObject>();
    if (c->stopped) return nullptr;
    if (!c->result) return first_result(c);
    const int64_t n = c->pool->length, r = c->r;
    int64_t* indices = c->indices.get();
    // The rightmost index not yet at its maximum (i + n - r) moves up; those after it follow.
    int64_t i = r - 1;
    while (i >= 0 && indices[i] == i + n - r)
        --i;
    if (i < 0) {
        c->stopped = true;
        return nullptr;
    }
    TupleObject* result = writable_result(c->result);
    ++indices[i];
    for (int64_t j = i + 1; j < r; ++j)
        indices[j] = indices[j - 1] + 1;
    for (; i < r; ++i)
        tuple_replace(result, i, c->pool->items[indices[i]]);
    return Owned(Ref<TupleObject>(c->result));
}

Owned cwr_new(ThreadState& ts, TypeObject* type, CallArgs args) {
    static const char* const kNames[] = {"iterable", "r"};
    Value a[2];
    if (!parse_args(ts, args, "combinations_with_replacement", kNames, 2, a)) return nullptr;
    int64_t r;
    if (!r_argument(ts, a[1], &r)) return nullptr;
    Ref<CombinatoricObject> c = combinatoric_new(ts, type, a[0], r, static_cast<size_t>(r));
    if (!c) return nullptr;
    for (int64_t i = 0; i < r; ++i)
        c->indices[i] = 0;
    c->stopped = c->pool->length == 0 && r > 0;
    return c;
}

Owned cwr_next(ThreadState&, Value self) {
    auto* c = self.as<CombinatoricObject>();
    if (c->stopped) return nullptr;
    if (!c->result) return first_result(c);
    const int64_t n = c->pool->length, r = c->r;
    int64_t* indices = c->indices.get();
    // The rightmost index below n - 1 moves up; every index after it takes the same value.
    int64_t i = r - 1;
    while (i >= 0 && indices[i] == n - 1)
        --i;
    if (i < 0) {
        c->stopped = true;
        return nullptr;
    }
    TupleObject* result = writable_result(c->result);
    const int64_t index = indices[i] + 1;
    Value item = c->pool->items[index];
    for (; i < r; ++i) {
        indices[i] = index;
        tuple_replace(result, i, item);
    }
    return Owned(Ref<TupleObject>(c->result));
}

Owned permutations_new(ThreadState& ts, TypeObject* type, CallArgs args) {
    static const char* const kNames[] = {"iterable", "r"};
    Value a[2];
    if (!parse_args(ts, args, "permutations", kNames, 1, a)) return nullptr;
    Ref<TupleObject> pool = to_tuple(ts, a[0]);
    if (!pool) return nullptr;
    const int64_t n = pool->length;
    int64_t r = n;
    if (!a[1].is_null() && !a[1].is_none()) {
        if (!is_int(a[1])) return raise(ts, &kTypeErrorType, "Expected int as r");
        if (!int_to_int64(a[1], &r)) {
            return raise(ts, &kOverflowErrorType, "Python int too large to convert to C ssize_t");
        }
        if (r < 0) return raise(ts, &kValueErrorType, "r must be non-negative");
    }
    Ref<CombinatoricObject> c = new_instance<CombinatoricObject>(type);
    c->pool = std::move(pool);
    c->r = r;
    c->indices = std::make_unique<int64_t[]>(static_cast<size_t>(n));
    for (int64_t i = 0; i < n; ++i)
        c->indices[i] = i;
    c->stopped = r > n;
    if (!c->stopped) {
        c->cycles = std::make_unique<int64_t[]>(static_cast<size_t>(r));
        for (int64_t i = 0; i < r; ++i)
            c->cycles[i] = n - i;
    }
    return c;
}

Owned permutations_next(ThreadState&, Value self) {
    auto* c = self.as<CombinatoricObject>();
    if (c->stopped) return nullptr;
    if (!c->result) return first_result(c);
    const int64_t n = c->pool->length, r = c->r;
    if (n == 0) {
        c->stopped = true;
        return nullptr;
    }
    TupleObject* result = writable_result(c->result);
    int64_t* indices = c->indices.get();
    int64_t* cycles = c->cycles.get();
    // Decrement the rightmost cycle; a cycle reaching zero rotates its tail of indices back and
    // resets, moving the work one position left (the classic cycles algorithm).
    int64_t i = r - 1;
    for (; i >= 0; --i) {
        if (--cycles[i] == 0) {
            const int64_t index = indices[i];
            for (int64_t j = i; j < n - 1; ++j)
                indices[j] = indices[j + 1];
            indices[n - 1] = index;
            cycles[i] = n - i;
        } else {
            const int64_t j = n - cycles[i];
            std::swap(indices[i], indices[j]);
            for (int64_t k = i; k < r; ++k)
                tuple_replace(result, k, c->pool->items[indices[k]]);
            break;
        }
    }
    if (i < 0) {
        c->stopped = true;
        return nullptr;
    }
    return Owned(Ref<TupleObject>(c->result));
}

// ------------------------------------------------------------------ tee

extern TypeObject kTeeType;

// The items read from the shared iterator, kept in a linked list of fixed blocks that the tee
// objects walk; a block lives while a tee still points into it or into a block before it.
constexpr int kTeeBlockSize = 57;

struct TeeBlock {
    int64_t refs = 1;
    Owned it;
    int numread = 0;
    bool running = false;  // reading from it (guards re-entry from the iterator's own code)
    TeeBlock* next = nullptr;
    Value values[kTeeBlockSize];
    explicit TeeBlock(Owned i) : it(std::move(i)) {}
};

// Drops one reference to [block]; frees the chain iteratively as far as it becomes unused.
void tee_block_release(TeeBlock* block) {
    while (block && --block->refs == 0) {
        TeeBlock* next = block->next;
        for (int i = 0; i < block->numread; ++i)
            decref(block->values[i]);
        delete block;
        block = next;
    }
}

struct TeeObject : Object {
    TeeBlock* block;
    int index;
    TeeObject(TypeObject* t, TeeBlock* b, int i) : Object(t), block(b), index(i) { ++b->refs; }
    ~TeeObject() { tee_block_release(block); }
};

Owned tee_copy_of(TeeObject* t) {
    return make_object<TeeObject>(&kTeeType, t->block, t->index);
}

// A tee reading from iter([iterable]); an iterator that is already a tee is copied.
Owned tee_from_iterable(ThreadState& ts, Value iterable) {
    Owned it = get_iter(ts, iterable);
    if (!it) return nullptr;
    if (type_of(it.get()) == &kTeeType) return tee_copy_of(it.get().as<TeeObject>());
    auto* block = new TeeBlock(std::move(it));
    Owned tee = make_object<TeeObject>(&kTeeType, block, 0);
    tee_block_release(block);  // the tee holds it now
    return tee;
}

Owned tee_new(ThreadState& ts, TypeObject*, CallArgs args) {
    if (!check_positional(ts, args, "_tee", 1, 1)) return nullptr;
    return tee_from_iterable(ts, args[0]);
}

Owned tee_next(ThreadState& ts, Value self) {
    auto* t = self.as<TeeObject>();
    if (t->index == kTeeBlockSize) {
        TeeBlock* block = t->block;
        if (!block->next) block->next = new TeeBlock(block->it);
        ++block->next->refs;
        t->block = block->next;
        t->index = 0;
        tee_block_release(block);
    }
    TeeBlock* block = t->block;
    if (t->index < block->numread) return Owned::borrow(block->values[t->index++]);
    // This tee leads: read one more item for every tee.
    if (block->running) return raise(ts, &kRuntimeErrorType, "cannot re-enter the tee iterator");
    block->running = true;
    Owned item = iter_next(ts, block->it.get());
    block->running = false;
    if (!item) return nullptr;
    block->values[block->numread++] = Owned(item).release();
    ++t->index;
    return item;
}

Owned tee_copy(ThreadState& ts, CallArgs args) {
    if (!check_no_args(ts, drop_self(args), "_tee.__copy__()")) return nullptr;
    return tee_copy_of(args[0].as<TeeObject>());
}

// tee(iterable, n=2, /): n iterators over one; an iterator with __copy__ is copied rather than
// wrapped, so tee() of a tee hands back the tee itself first.
Owned itertools_tee(ThreadState& ts, CallArgs args) {
    if (!check_no_keywords(ts, args, "itertools.tee()")) return nullptr;
    if (!check_positional(ts, args, "tee", 1, 2)) return nullptr;
    int64_t n = 2;
    if (args.nargs == 2 && !index_int64(ts, args[1], &n)) return nullptr;
    if (n < 0) return raise(ts, &kValueErrorType, "n must be >= 0");
    Ref<TupleObject> result = new_tuple(n);
    if (n == 0) return result;
    Owned it = get_iter(ts, args[0]);
    if (!it) return nullptr;
    Owned first;
    Owned copy_fn;
    if (type_of(it.get()) == &kTeeType) {
        first = std::move(it);
    } else {
        copy_fn = get_attr_opt(ts, it.get(), ts.interp.intern("__copy__"));
        if (copy_fn) {
            first = std::move(it);
        } else {
            if (ts.has_exception()) return nullptr;
            first = tee_from_iterable(ts, it.get());
            if (!first) return nullptr;
        }
    }
    for (int64_t i = 1; i < n; ++i) {
        Owned copy = copy_fn ? call(ts, copy_fn.get(), CallArgs{nullptr, 0, nullptr})
                             : tee_copy_of(first.get().as<TeeObject>());
        if (!copy) {
            for (int64_t j = i; j < n; ++j)
                result->items[j] = Value::none();
            result->items[0] = first.release();
            return nullptr;
        }
        result->items[i] = copy.release();
    }
    result->items[0] = first.release();
    return result;
}

// ------------------------------------------------------------------ zip_longest

struct ZipLongestObject : Object {
    std::vector<Owned> iterators;  // an exhausted one becomes null
    int64_t active;
    Owned fillvalue;
    Ref<TupleObject> result;
    explicit ZipLongestObject(TypeObject* t) : Object(t), active(0) {}
};

Owned zip_longest_new(ThreadState& ts, TypeObject* type, CallArgs args) {
    Owned fillvalue = Owned::none();
    const size_t nkw = args.keyword_count();
    if (nkw > 0) {
        if (nkw != 1 || !str_equals(args.kwnames->items[0].as<StrObject>(), "fillvalue")) {
            return raise(ts, &kTypeErrorType, "zip_longest() got an unexpected keyword argument");
        }
        fillvalue = Owned::borrow(args.keyword_value(0));
    }
    Ref<ZipLongestObject> z = new_instance<ZipLongestObject>(type);
    z->iterators.reserve(args.nargs);
    for (size_t i = 0; i < args.nargs; ++i) {
        Owned it = get_iter(ts, args[i]);
        if (!it) return nullptr;
        z->iterators.push_back(std::move(it));
    }
    z->active = static_cast<int64_t>(args.nargs);
    z->fillvalue = std::move(fillvalue);
    return z;
}

Owned zip_longest_next(ThreadState& ts, Value self) {
    auto* z = self.as<ZipLongestObject>();
    const auto size = static_cast<int64_t>(z->iterators.size());
    if (size == 0 || z->active == 0) return nullptr;
    const bool reuse = z->result && z->result->refcount == 1;
    Ref<TupleObject> result = reuse ? z->result : new_tuple(size);
    if (reuse) result->hash = -1;
    for (int64_t i = 0; i < size; ++i) {
        Owned item;
        if (!z->iterators[i]) {
            item = z->fillvalue;
        } else {
            item = iter_next(ts, z->iterators[i].get());
            if (!item) {
                if (--z->active == 0 || ts.has_exception()) {
                    z->active = 0;
                    if (!reuse) {
                        // Fill the rest so the half-built tuple can be freed.
                        for (int64_t j = i; j < size; ++j)
                            result->items[j] = Value::none();
                    }
                    return nullptr;
                }
                item = z->fillvalue;
                z->iterators[i] = nullptr;
            }
        }
        if (reuse) {
            tuple_replace(result.get(), i, item.get());
        } else {
            result->items[i] = item.release();
        }
    }
    z->result = result;
    return result;
}

// ------------------------------------------------------------------ tables and types

const MethodDef kRepeatMethods[] = {
    {"__length_hint__", repeat_length_hint},
    {nullptr, nullptr},
};

const MethodDef kChainMethods[] = {
    {"from_iterable", chain_from_iterable, MethodKind::Class},
    {nullptr, nullptr},
};

const MethodDef kTeeMethods[] = {
    {"__copy__", tee_copy},
    {nullptr, nullptr},
};

const MethodDef kItertoolsFunctions[] = {
    {"tee", itertools_tee},
    {nullptr, nullptr},
};

#define GILPY_ITER_TYPE(cname, pyname, flags, object, ...)               \
    constinit TypeObject cname("itertools." pyname, &kObjectType, flags, \
                               {.dealloc = dealloc_as<object>, __VA_ARGS__})

GILPY_ITER_TYPE(kCountType, "count", kTypeBaseType, CountObject, .repr = count_repr,
                .iter = self_iter, .next = count_next, .new_ = count_new);
GILPY_ITER_TYPE(kCycleType, "cycle", kTypeBaseType, CycleObject, .iter = self_iter,
                .next = cycle_next, .new_ = cycle_new);
GILPY_ITER_TYPE(kRepeatType, "repeat", kTypeBaseType, RepeatObject, .repr = repeat_repr,
                .iter = self_iter, .next = repeat_next, .new_ = repeat_new,
                .methods = kRepeatMethods);
GILPY_ITER_TYPE(kAccumulateType, "accumulate", kTypeBaseType, AccumulateObject, .iter = self_iter,
                .next = accumulate_next, .new_ = accumulate_new);
GILPY_ITER_TYPE(kChainType, "chain", kTypeBaseType, ChainObject, .iter = self_iter,
                .next = chain_next, .new_ = chain_new, .methods = kChainMethods);
GILPY_ITER_TYPE(kCompressType, "compress", kTypeBaseType, CompressObject, .iter = self_iter,
                .next = compress_next, .new_ = compress_new);
GILPY_ITER_TYPE(kDropWhileType, "dropwhile", kTypeBaseType, PredicateObject, .iter = self_iter,
                .next = dropwhile_next, .new_ = dropwhile_new);
GILPY_ITER_TYPE(kTakeWhileType, "takewhile", kTypeBaseType, PredicateObject, .iter = self_iter,
                .next = takewhile_next, .new_ = takewhile_new);
GILPY_ITER_TYPE(kFilterFalseType, "filterfalse", kTypeBaseType, PredicateObject, .iter = self_iter,
                .next = filterfalse_next, .new_ = filterfalse_new);
GILPY_ITER_TYPE(kStarmapType, "starmap", kTypeBaseType, PredicateObject, .iter = self_iter,
                .next = starmap_next, .new_ = starmap_new);
GILPY_ITER_TYPE(kGroupByType, "groupby", kTypeBaseType, GroupByObject, .iter = self_iter,
                .next = groupby_next, .new_ = groupby_new);
GILPY_ITER_TYPE(kGrouperType, "_grouper", 0, GrouperObject, .iter = self_iter, .next = grouper_next,
                .new_ = grouper_new);
GILPY_ITER_TYPE(kIsliceType, "islice", kTypeBaseType, IsliceObject, .iter = self_iter,
                .next = islice_next, .new_ = islice_new);
GILPY_ITER_TYPE(kPairwiseType, "pairwise", kTypeBaseType, PairwiseObject, .iter = self_iter,
                .next = pairwise_next, .new_ = pairwise_new);
GILPY_ITER_TYPE(kProductType, "product", kTypeBaseType, ProductObject, .iter = self_iter,
                .next = product_next, .new_ = product_new);
GILPY_ITER_TYPE(kCombinationsType, "combinations", kTypeBaseType, CombinatoricObject,
                .iter = self_iter, .next = combinations_next, .new_ = combinations_new);
GILPY_ITER_TYPE(kCwrType, "combinations_with_replacement", kTypeBaseType, CombinatoricObject,
                .iter = self_iter, .next = cwr_next, .new_ = cwr_new);
GILPY_ITER_TYPE(kPermutationsType, "permutations", kTypeBaseType, CombinatoricObject,
                .iter = self_iter, .next = permutations_next, .new_ = permutations_new);
GILPY_ITER_TYPE(kTeeType, "_tee", 0, TeeObject, .iter = self_iter, .next = tee_next,
                .new_ = tee_new, .methods = kTeeMethods);
GILPY_ITER_TYPE(kZipLongestType, "zip_longest", kTypeBaseType, ZipLongestObject, .iter = self_iter,
                .next = zip_longest_next, .new_ = zip_longest_new);

#undef GILPY_ITER_TYPE

// Every type above, in the module's attribute order; bootstrapped once per process.
TypeObject* const kItertoolsTypes[] = {
    &kAccumulateType, &kCombinationsType, &kCwrType,         &kCompressType, &kCountType,
    &kCycleType,      &kDropWhileType,    &kFilterFalseType, &kGroupByType,  &kIsliceType,
    &kPairwiseType,   &kPermutationsType, &kProductType,     &kRepeatType,   &kStarmapType,
    &kTakeWhileType,  &kZipLongestType,   &kChainType,       &kGrouperType,  &kTeeType,
    nullptr,
};

}  // namespace

Ref<ModuleObject> init_itertools_module(ThreadState& ts) {
    for (TypeObject* const* t = kItertoolsTypes; *t; ++t)
        ready_static_type(*t, nullptr);
    Ref<ModuleObject> m = new_module(ts, "itertools");
    if (!m) return nullptr;
    module_add_functions(ts, m.get(), kItertoolsFunctions);
    for (TypeObject* const* t = kItertoolsTypes; *t; ++t) {
        const char* name = std::strrchr((*t)->name, '.') + 1;
        module_set(ts, m.get(), name, Value::from_object(*t));
    }
    return m;
}

}  // namespace gilpy::stdlib
