// range: an immutable arithmetic progression with O(1) len, indexing, slicing and membership,
// and its iterator (the hot path of `for i in range(n)`).
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

bool range_arg(ThreadState& ts, Value v, int64_t* out) {
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

Owned range_new(ThreadState& ts, TypeObject*, CallArgs args) {
    if (!check_no_keywords(ts, args, "range()")) return nullptr;
    int64_t start = 0, stop = 0, step = 1;
    switch (args.nargs) {
        case 1:
            if (!range_arg(ts, args[0], &stop)) return nullptr;
            break;
        case 2:
        case 3:
            if (!range_arg(ts, args[0], &start) || !range_arg(ts, args[1], &stop)) return nullptr;
            if (args.nargs == 3) {
                if (!range_arg(ts, args[2], &step)) return nullptr;
                if (step == 0) return raise(ts, &kValueErrorType, "range() arg 3 must not be zero");
            }
            break;
        case 0:
            return raise(ts, &kTypeErrorType, "range expected at least 1 argument, got 0");
        default:
            return raisef(ts, &kTypeErrorType, "range expected at most 3 arguments, got {}",
                          args.nargs);
    }
    // len() must fit a machine int (CPython raises the same error from len() instead).
    if (range_count_wide(start, stop, step) > INT64_MAX) {
        return raise(ts, &kOverflowErrorType, "Python int too large to convert to C ssize_t");
    }
    return make_object<RangeObject>(start, stop, step);
}

Owned range_repr(ThreadState&, Value self) {
    auto* r = self.as<RangeObject>();
    if (r->step == 1) return new_str(fmt::format("range({}, {})", r->start, r->stop));
    return new_str(fmt::format("range({}, {}, {})", r->start, r->stop, r->step));
}

int64_t range_length(ThreadState&, Value self) {
    return self.as<RangeObject>()->length;
}

int range_truth(ThreadState&, Value self) {
    return self.as<RangeObject>()->length != 0;
}

int range_contains(ThreadState& ts, Value self, Value item) {
    auto* r = self.as<RangeObject>();
    if (is_exact_int(item) && !item.is_int()) return 0;  // a big int: outside every range here
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

Owned range_getitem(ThreadState& ts, Value self, Value key) {
    auto* r = self.as<RangeObject>();
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
        int64_t new_start = r->start + start * r->step;
        int64_t new_stop = r->start + stop * r->step;
        int64_t new_step = r->step * step;
        return make_object<RangeObject>(new_start, new_stop, new_step);
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

Owned range_compare(ThreadState&, Value self, Value other, CompareOp op) {
    if ((op != CompareOp::Eq && op != CompareOp::Ne) || type_of(other) != &kRangeType) {
        return Owned::borrow(not_implemented());
    }
    auto* a = self.as<RangeObject>();
    auto* b = other.as<RangeObject>();
    bool eq = a->length == b->length &&
              (a->length == 0 || (a->start == b->start && (a->length == 1 || a->step == b->step)));
    return Owned::from_bool(op == CompareOp::Eq ? eq : !eq);
}

int64_t range_hash(ThreadState& ts, Value self) {
    auto* r = self.as<RangeObject>();
    Owned t;
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

Owned range_iter(ThreadState&, Value self) {
    auto* r = self.as<RangeObject>();
    return make_object<RangeIteratorObject>(r->start, r->step, r->length);
}

Owned range_reversed(ThreadState&, CallArgs args) {
    auto* r = args[0].as<RangeObject>();
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
    return Owned::steal(Value::from_int(self.as<RangeObject>()->start));
}
Owned range_get_stop(ThreadState&, Value self) {
    return Owned::steal(Value::from_int(self.as<RangeObject>()->stop));
}
Owned range_get_step(ThreadState&, Value self) {
    return Owned::steal(Value::from_int(self.as<RangeObject>()->step));
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

}  // namespace gilpy::runtime
