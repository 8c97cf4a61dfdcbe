// range: an immutable arithmetic progression with O(1) len, indexing, slicing and membership,
// and its iterators (the hot path of `for i in range(n)`; Python-int arithmetic for ranges whose
// bounds or length do not fit int64).
#include "runtime/types/range.hpp"

#include <fmt/format.h>

#include "runtime/abstract.hpp"
#include "runtime/args.hpp"
#include "runtime/exceptions.hpp"
#include "runtime/types/int.hpp"
#include "runtime/types/slice.hpp"
#include "runtime/types/str.hpp"
#include "runtime/types/tuple.hpp"

namespace gilpy::runtime {

namespace {

__int128 range_count_wide(int64_t start, int64_t stop, int64_t step) {
    if (step > 0 && start < stop) return (static_cast<__int128>(stop) - start - 1) / step + 1;
    if (step < 0 && start > stop) {
        return (static_cast<__int128>(start) - stop - 1) / -static_cast<__int128>(step) + 1;
    }
    return 0;
}

// Callers have checked (range_new) that the count fits.
int64_t range_count(int64_t start, int64_t stop, int64_t step) {
    return static_cast<int64_t>(range_count_wide(start, stop, step));
}

}  // namespace

RangeObject::RangeObject(int64_t b, int64_t e, int64_t s)
    : Object(&kRangeType), start(b), stop(e), step(s), length(range_count(b, e, s)) {}

namespace {

void range_dealloc(Object* self) {
    delete static_cast<RangeObject*>(self);
}

// The bounds of any range as Python ints (tagged for a small range).
Value start_of(RangeObject* r) {
    return r->big ? r->big_start.get() : Value::from_int(r->start);
}
Value stop_of(RangeObject* r) {
    return r->big ? r->big_stop.get() : Value::from_int(r->stop);
}
Value step_of(RangeObject* r) {
    return r->big ? r->big_step.get() : Value::from_int(r->step);
}
Value length_of(RangeObject* r) {
    return r->big ? r->big_length.get() : Value::from_int(r->length);
}

Owned arith(ThreadState& ts, Value a, Value b, BinaryOp op) {
    return binary_op(ts, a, b, op);
}

// A range of Python ints: the int64 form when everything fits, else the big form.
Owned make_range(ThreadState& ts, Value start, Value stop, Value step) {
    if (start.is_int() && stop.is_int() && step.is_int() &&
        range_count_wide(start.as_int(), stop.as_int(), step.as_int()) <= INT64_MAX) {
        return make_object<RangeObject>(start.as_int(), stop.as_int(), step.as_int());
    }
    // length = (hi - lo - 1) // |step| + 1 when the progression is not empty.
    int positive = compare_bool(ts, step, Value::from_int(0), CompareOp::Gt);
    if (positive < 0) return nullptr;
    Value lo = positive ? start : stop, hi = positive ? stop : start;
    int nonempty = compare_bool(ts, lo, hi, CompareOp::Lt);
    if (nonempty < 0) return nullptr;
    Owned length = Owned::steal(Value::from_int(0));
    if (nonempty) {
        Owned magnitude = positive ? Owned::borrow(step) : unary_op(ts, step, UnaryOp::Neg);
        if (!magnitude) return nullptr;
        Owned span = arith(ts, hi, lo, BinaryOp::Sub);
        if (!span) return nullptr;
        span = arith(ts, span.get(), Value::from_int(1), BinaryOp::Sub);
        if (!span) return nullptr;
        Owned q = arith(ts, span.get(), magnitude.get(), BinaryOp::FloorDiv);
        if (!q) return nullptr;
        length = arith(ts, q.get(), Value::from_int(1), BinaryOp::Add);
        if (!length) return nullptr;
    }
    Ref<RangeObject> r = make_object<RangeObject>();
    r->big = true;
    r->big_start = Owned::borrow(start);
    r->big_stop = Owned::borrow(stop);
    r->big_step = Owned::borrow(step);
    r->big_length = std::move(length);
    return r;
}

Owned range_new(ThreadState& ts, TypeObject*, CallArgs args) {
    if (!check_no_keywords(ts, args, "range()")) return nullptr;
    Owned bounds[3] = {Owned::steal(Value::from_int(0)), Owned(), Owned::steal(Value::from_int(1))};
    switch (args.nargs) {
        case 1:
            bounds[1] = index(ts, args[0]);
            if (!bounds[1]) return nullptr;
            break;
        case 2:
        case 3:
            for (size_t i = 0; i < args.nargs; ++i) {
                bounds[i] = index(ts, args[i]);
                if (!bounds[i]) return nullptr;
            }
            if (bounds[2].get().is_int() && bounds[2].get().as_int() == 0) {
                return raise(ts, &kValueErrorType, "range() arg 3 must not be zero");
            }
            break;
        case 0:
            return raise(ts, &kTypeErrorType, "range expected at least 1 argument, got 0");
        default:
            return raisef(ts, &kTypeErrorType, "range expected at most 3 arguments, got {}",
                          args.nargs);
    }
    return make_range(ts, bounds[0].get(), bounds[1].get(), bounds[2].get());
}

Owned range_repr(ThreadState& ts, Value self) {
    auto* r = self.as<RangeObject>();
    if (r->big) {
        Owned a = repr(ts, start_of(r)), b = repr(ts, stop_of(r)), c = repr(ts, step_of(r));
        if (!a || !b || !c) return nullptr;
        auto text = [](const Owned& o) { return o.get().as<StrObject>()->view(); };
        if (step_of(r).is_int() && step_of(r).as_int() == 1)
            return new_str(fmt::format("range({}, {})", text(a), text(b)));
        return new_str(fmt::format("range({}, {}, {})", text(a), text(b), text(c)));
    }
    if (r->step == 1) return new_str(fmt::format("range({}, {})", r->start, r->stop));
    return new_str(fmt::format("range({}, {}, {})", r->start, r->stop, r->step));
}

int64_t range_length(ThreadState& ts, Value self) {
    auto* r = self.as<RangeObject>();
    if (!r->big) return r->length;
    int64_t n;
    if (!int_to_int64(r->big_length.get(), &n)) {
        raise(ts, &kOverflowErrorType, "Python int too large to convert to C ssize_t");
        return -1;
    }
    return n;
}

int range_truth(ThreadState& ts, Value self) {
    auto* r = self.as<RangeObject>();
    if (r->big) return truth(ts, r->big_length.get());
    return r->length != 0;
}

// Membership of an int in a big range: within the bounds and on the progression.
int big_range_contains_int(ThreadState& ts, RangeObject* r, Value v) {
    int positive = compare_bool(ts, step_of(r), Value::from_int(0), CompareOp::Gt);
    if (positive < 0) return -1;
    int inside = positive ? compare_bool(ts, start_of(r), v, CompareOp::Le)
                          : compare_bool(ts, v, start_of(r), CompareOp::Le);
    if (inside <= 0) return inside;
    inside = positive ? compare_bool(ts, v, stop_of(r), CompareOp::Lt)
                      : compare_bool(ts, stop_of(r), v, CompareOp::Lt);
    if (inside <= 0) return inside;
    Owned offset = arith(ts, v, start_of(r), BinaryOp::Sub);
    if (!offset) return -1;
    Owned rest = arith(ts, offset.get(), step_of(r), BinaryOp::Mod);
    if (!rest) return -1;
    return rest.get().is_int() && rest.get().as_int() == 0;
}

// Membership by equality, walking the range (1.0 in range(3)), as CPython does.
int range_contains_by_walking(ThreadState& ts, Value self, Value item, int64_t* position) {
    Owned it = get_iter(ts, self);
    if (!it) return -1;
    int64_t i = 0;
    while (Owned v = iter_next(ts, it.get())) {
        int eq = equals(ts, v.get(), item);
        if (eq < 0) return -1;
        if (eq) {
            if (position) *position = i;
            return 1;
        }
        ++i;
    }
    return ts.has_exception() ? -1 : 0;
}

int range_contains(ThreadState& ts, Value self, Value item) {
    auto* r = self.as<RangeObject>();
    if (r->big) {
        if (is_exact_int(item) || item.is_bool()) return big_range_contains_int(ts, r, item);
        return range_contains_by_walking(ts, self, item, nullptr);
    }
    if (is_exact_int(item) && !item.is_int()) return 0;  // a big int: outside a small range
    if (item.is_int() || item.is_bool()) {
        const int64_t v = item.as_int();
        if (r->step > 0 ? (v < r->start || v >= r->stop) : (v > r->start || v <= r->stop)) {
            return 0;
        }
        return ((static_cast<__int128>(v) - r->start) % r->step) == 0;
    }
    for (int64_t i = 0; i < r->length; ++i) {
        int eq = equals(ts, Value::from_int(r->start + i * r->step), item);
        if (eq) return eq;
    }
    return 0;
}

// A slice bound resolved against a sequence of [length] items, in Python ints (CPython's
// _PySlice_GetLongIndices): None gives [fallback], negatives count from the end, the result is
// clamped to [lower, upper].
Owned long_slice_bound(ThreadState& ts, Value bound, Value length, Value lower, Value upper,
                       Value fallback) {
    if (bound.is_none()) return Owned::borrow(fallback);
    Owned v = index(ts, bound);
    if (!v) return nullptr;
    int negative = compare_bool(ts, v.get(), Value::from_int(0), CompareOp::Lt);
    if (negative < 0) return nullptr;
    if (negative) {
        v = arith(ts, v.get(), length, BinaryOp::Add);
        if (!v) return nullptr;
        int below = compare_bool(ts, v.get(), lower, CompareOp::Lt);
        if (below < 0) return nullptr;
        if (below) return Owned::borrow(lower);
        return v;
    }
    int above = compare_bool(ts, v.get(), upper, CompareOp::Gt);
    if (above < 0) return nullptr;
    if (above) return Owned::borrow(upper);
    return v;
}

Owned big_range_slice(ThreadState& ts, RangeObject* r, SliceObject* slice) {
    Owned step = slice->step.get().is_none() ? Owned::steal(Value::from_int(1))
                                             : index(ts, slice->step.get());
    if (!step) return nullptr;
    if (step.get().is_int() && step.get().as_int() == 0) {
        return raise(ts, &kValueErrorType, "slice step cannot be zero");
    }
    int backwards = compare_bool(ts, step.get(), Value::from_int(0), CompareOp::Lt);
    if (backwards < 0) return nullptr;
    Value length = length_of(r);
    Owned lower = Owned::steal(Value::from_int(backwards ? -1 : 0));
    Owned upper =
        backwards ? arith(ts, length, Value::from_int(1), BinaryOp::Sub) : Owned::borrow(length);
    if (!upper) return nullptr;
    Owned start = long_slice_bound(ts, slice->start.get(), length, lower.get(), upper.get(),
                                   backwards ? upper.get() : lower.get());
    if (!start) return nullptr;
    Owned stop = long_slice_bound(ts, slice->stop.get(), length, lower.get(), upper.get(),
                                  backwards ? lower.get() : upper.get());
    if (!stop) return nullptr;
    // Map the resolved positions through the range, as the int64 path does.
    Owned a = arith(ts, start.get(), step_of(r), BinaryOp::Mul);
    if (!a || !(a = arith(ts, start_of(r), a.get(), BinaryOp::Add))) return nullptr;
    Owned b = arith(ts, stop.get(), step_of(r), BinaryOp::Mul);
    if (!b || !(b = arith(ts, start_of(r), b.get(), BinaryOp::Add))) return nullptr;
    Owned c = arith(ts, step_of(r), step.get(), BinaryOp::Mul);
    if (!c) return nullptr;
    return make_range(ts, a.get(), b.get(), c.get());
}

Owned big_range_item(ThreadState& ts, RangeObject* r, Value key) {
    Owned i = index(ts, key);
    if (!i) return nullptr;
    int negative = compare_bool(ts, i.get(), Value::from_int(0), CompareOp::Lt);
    if (negative < 0) return nullptr;
    if (negative && !(i = arith(ts, i.get(), length_of(r), BinaryOp::Add))) return nullptr;
    int below = compare_bool(ts, i.get(), Value::from_int(0), CompareOp::Lt);
    if (below < 0) return nullptr;
    int beyond = below ? 1 : compare_bool(ts, i.get(), length_of(r), CompareOp::Ge);
    if (beyond < 0) return nullptr;
    if (beyond) return raise(ts, &kIndexErrorType, "range object index out of range");
    Owned offset = arith(ts, i.get(), step_of(r), BinaryOp::Mul);
    if (!offset) return nullptr;
    return arith(ts, start_of(r), offset.get(), BinaryOp::Add);
}

Owned range_getitem(ThreadState& ts, Value self, Value key) {
    auto* r = self.as<RangeObject>();
    if (r->big) {
        if (is_slice(key)) return big_range_slice(ts, r, key.as<SliceObject>());
        const NumberSlots* number = type_of(key)->number;
        if (!is_int(key) && !(number && number->index)) {
            return raisef(ts, &kTypeErrorType, "range indices must be integers or slices, not {}",
                          type_name(key));
        }
        return big_range_item(ts, r, key);
    }
    if (key.is_int()) {
        int64_t i = key.as_int();
        if (!normalize_index(&i, r->length)) {
            return raise(ts, &kIndexErrorType, "range object index out of range");
        }
        return Owned::steal(Value::from_int(r->start + i * r->step));
    }
    if (is_slice(key)) {
        int64_t start, stop, step, count;
        if (!slice_indices(ts, key.as<SliceObject>(), r->length, &start, &stop, &step, &count)) {
            return nullptr;
        }
        // CPython maps the slice's resolved bounds through the range: range(10)[5:2] is
        // range(5, 2), not an empty range normalised to range(5, 5).
        __int128 new_start = r->start + static_cast<__int128>(start) * r->step;
        __int128 new_stop = r->start + static_cast<__int128>(stop) * r->step;
        __int128 new_step = static_cast<__int128>(r->step) * step;
        auto fits = [](__int128 v) { return v >= INT64_MIN && v <= INT64_MAX; };
        if (fits(new_start) && fits(new_stop) && fits(new_step)) {
            return make_range(ts, Value::from_int(static_cast<int64_t>(new_start)),
                              Value::from_int(static_cast<int64_t>(new_stop)),
                              Value::from_int(static_cast<int64_t>(new_step)));
        }
        return big_range_slice(ts, r, key.as<SliceObject>());
    }
    int64_t i;
    const NumberSlots* number = type_of(key)->number;
    if (!is_int(key) && !(number && number->index)) {
        return raisef(ts, &kTypeErrorType, "range indices must be integers or slices, not {}",
                      type_name(key));
    }
    if (!index_int64(ts, key, &i)) {
        if (exception_matches(ts, &kOverflowErrorType)) {
            clear_exception(ts);
            return raise(ts, &kIndexErrorType, "range object index out of range");
        }
        return nullptr;
    }
    if (!normalize_index(&i, r->length))
        return raise(ts, &kIndexErrorType, "range object index out of range");
    return Owned::steal(Value::from_int(r->start + i * r->step));
}

Owned range_compare(ThreadState& ts, Value self, Value other, CompareOp op) {
    if ((op != CompareOp::Eq && op != CompareOp::Ne) || type_of(other) != &kRangeType) {
        return Owned::borrow(not_implemented());
    }
    auto* a = self.as<RangeObject>();
    auto* b = other.as<RangeObject>();
    if (a->big || b->big) {
        int eq = equals(ts, length_of(a), length_of(b));
        if (eq > 0 && truth(ts, length_of(a)) > 0) {
            eq = equals(ts, start_of(a), start_of(b));
            if (eq > 0 && !(length_of(a).is_int() && length_of(a).as_int() == 1))
                eq = equals(ts, step_of(a), step_of(b));
        }
        if (eq < 0 || ts.has_exception()) return nullptr;
        return Owned::from_bool(op == CompareOp::Eq ? eq != 0 : eq == 0);
    }
    bool eq = a->length == b->length &&
              (a->length == 0 || (a->start == b->start && (a->length == 1 || a->step == b->step)));
    return Owned::from_bool(op == CompareOp::Eq ? eq : !eq);
}

int64_t range_hash(ThreadState& ts, Value self) {
    auto* r = self.as<RangeObject>();
    Owned t;
    if (r->big) {
        // A big range is never empty or of length one: its length or a bound is huge.
        int empty = truth(ts, r->big_length.get());
        if (empty < 0) return -1;
        if (!empty) {
            t = new_tuple_of({Value::from_int(0), Value::none(), Value::none()});
        } else if (r->big_length.get().is_int() && r->big_length.get().as_int() == 1) {
            t = new_tuple_of({Value::from_int(1), start_of(r), Value::none()});
        } else {
            t = new_tuple_of({length_of(r), start_of(r), step_of(r)});
        }
        return hash(ts, t.get());
    }
    if (r->length == 0) {
        t = new_tuple_of({Value::from_int(0), Value::none(), Value::none()});
    } else if (r->length == 1) {
        t = new_tuple_of({Value::from_int(1), Value::from_int(r->start), Value::none()});
    } else {
        t = new_tuple_of(
            {Value::from_int(r->length), Value::from_int(r->start), Value::from_int(r->step)});
    }
    return hash(ts, t.get());
}

Owned new_long_range_iterator(Owned next, Owned step, Owned remaining) {
    Ref<LongRangeIteratorObject> it = make_object<LongRangeIteratorObject>();
    it->next = std::move(next);
    it->step = std::move(step);
    it->remaining = std::move(remaining);
    return it;
}

Owned range_iter(ThreadState&, Value self) {
    auto* r = self.as<RangeObject>();
    if (r->big) {
        return new_long_range_iterator(Owned::borrow(start_of(r)), Owned::borrow(step_of(r)),
                                       Owned::borrow(length_of(r)));
    }
    return make_object<RangeIteratorObject>(r->start, r->step, r->length);
}

Owned range_reversed(ThreadState& ts, CallArgs args) {
    auto* r = args[0].as<RangeObject>();
    if (r->big) {
        Owned last = arith(ts, length_of(r), Value::from_int(1), BinaryOp::Sub);
        if (!last || !(last = arith(ts, last.get(), step_of(r), BinaryOp::Mul))) return nullptr;
        if (!(last = arith(ts, start_of(r), last.get(), BinaryOp::Add))) return nullptr;
        Owned step = unary_op(ts, step_of(r), UnaryOp::Neg);
        if (!step) return nullptr;
        return new_long_range_iterator(std::move(last), std::move(step),
                                       Owned::borrow(length_of(r)));
    }
    int64_t last = r->start + (r->length - 1) * r->step;
    return make_object<RangeIteratorObject>(r->length ? last : r->start, -r->step, r->length);
}

Owned range_count_method(ThreadState& ts, CallArgs args) {
    if (!check_one_arg(ts, drop_self(args), "range.count()")) return nullptr;
    int r = range_contains(ts, args[0], args[1]);
    if (r < 0) return nullptr;
    return Owned::steal(Value::from_int(r));
}

Owned range_index(ThreadState& ts, CallArgs args) {
    if (!check_one_arg(ts, drop_self(args), "range.index()")) return nullptr;
    auto* r = args[0].as<RangeObject>();
    int c = range_contains(ts, args[0], args[1]);
    if (c < 0) return nullptr;
    if (c && r->big && (is_exact_int(args[1]) || args[1].is_bool())) {
        Owned offset = arith(ts, args[1], start_of(r), BinaryOp::Sub);
        if (!offset) return nullptr;
        return arith(ts, offset.get(), step_of(r), BinaryOp::FloorDiv);
    }
    if (c && r->big) {
        int64_t position = 0;
        if (range_contains_by_walking(ts, args[0], args[1], &position) < 0) return nullptr;
        return Owned::steal(Value::from_int(position));
    }
    if (c && (args[1].is_int() || args[1].is_bool())) {
        return Owned::steal(Value::from_int((args[1].as_int() - r->start) / r->step));
    }
    if (c) {
        // Not an int but equal to a member (1.0 in range(3)): find it by walking, as CPython.
        for (int64_t i = 0; i < r->length; ++i) {
            int eq = equals(ts, Value::from_int(r->start + i * r->step), args[1]);
            if (eq < 0) return nullptr;
            if (eq) return Owned::steal(Value::from_int(i));
        }
    }
    Owned text = repr(ts, args[1]);
    if (!text) return nullptr;
    return raisef(ts, &kValueErrorType, "{} is not in range", text.get().as<StrObject>()->view());
}

Owned range_get_start(ThreadState&, Value self) {
    return Owned::borrow(start_of(self.as<RangeObject>()));
}
Owned range_get_stop(ThreadState&, Value self) {
    return Owned::borrow(stop_of(self.as<RangeObject>()));
}
Owned range_get_step(ThreadState&, Value self) {
    return Owned::borrow(step_of(self.as<RangeObject>()));
}

const MethodDef kRangeMethods[] = {
    {"__reversed__", range_reversed},
    {"count", range_count_method},
    {"index", range_index},
    {nullptr, nullptr},
};

const GetSetDef kRangeGetSet[] = {
    {"start", range_get_start},
    {"stop", range_get_stop},
    {"step", range_get_step},
    {nullptr, nullptr},
};

void range_iterator_dealloc(Object* self) {
    delete static_cast<RangeIteratorObject*>(self);
}

Owned range_iterator_iter(ThreadState&, Value self) {
    return Owned::borrow(self);
}

Owned range_iterator_next(ThreadState&, Value self) {
    auto* it = self.as<RangeIteratorObject>();
    if (it->remaining <= 0) return nullptr;
    --it->remaining;
    int64_t v = it->next;
    it->next += it->remaining ? it->step : 0;  // never step past the last value (no overflow)
    return Owned::steal(Value::from_int(v));
}

Owned range_iterator_length_hint(ThreadState&, CallArgs args) {
    return Owned::steal(Value::from_int(args[0].as<RangeIteratorObject>()->remaining));
}

void long_range_iterator_dealloc(Object* self) {
    delete static_cast<LongRangeIteratorObject*>(self);
}

Owned long_range_iterator_next(ThreadState& ts, Value self) {
    auto* it = self.as<LongRangeIteratorObject>();
    int more = compare_bool(ts, it->remaining.get(), Value::from_int(0), CompareOp::Gt);
    if (more <= 0) return nullptr;
    Owned remaining = arith(ts, it->remaining.get(), Value::from_int(1), BinaryOp::Sub);
    if (!remaining) return nullptr;
    Owned following = arith(ts, it->next.get(), it->step.get(), BinaryOp::Add);
    if (!following) return nullptr;
    it->remaining = std::move(remaining);
    Owned v = std::move(it->next);
    it->next = std::move(following);
    return v;
}

Owned long_range_iterator_length_hint(ThreadState&, CallArgs args) {
    return Owned::borrow(args[0].as<LongRangeIteratorObject>()->remaining.get());
}

const MethodDef kLongRangeIteratorMethods[] = {
    {"__length_hint__", long_range_iterator_length_hint},
    {nullptr, nullptr},
};

const MethodDef kRangeIteratorMethods[] = {
    {"__length_hint__", range_iterator_length_hint},
    {nullptr, nullptr},
};

}  // namespace

constinit TypeObject kRangeType("range", &kObjectType, 0,
                                {
                                    .dealloc = range_dealloc,
                                    .repr = range_repr,
                                    .hash = range_hash,
                                    .compare = range_compare,
                                    .truth = range_truth,
                                    .length = range_length,
                                    .iter = range_iter,
                                    .getitem = range_getitem,
                                    .contains = range_contains,
                                    .new_ = range_new,
                                    .methods = kRangeMethods,
                                    .getset = kRangeGetSet,
                                });

constinit TypeObject kRangeIteratorType("range_iterator", &kObjectType, 0,
                                        {
                                            .dealloc = range_iterator_dealloc,
                                            .iter = range_iterator_iter,
                                            .next = range_iterator_next,
                                            .methods = kRangeIteratorMethods,
                                        });

constinit TypeObject kLongRangeIteratorType("longrange_iterator", &kObjectType, 0,
                                            {
                                                .dealloc = long_range_iterator_dealloc,
                                                .iter = range_iterator_iter,
                                                .next = long_range_iterator_next,
                                                .methods = kLongRangeIteratorMethods,
                                            });

}  // namespace gilpy::runtime
