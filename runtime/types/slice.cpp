// slice objects and the index arithmetic of slicing (CPython's PySlice_Unpack and
// PySlice_AdjustIndices): None bounds, negative indices, clamping, and the selected count.
#include "runtime/types/slice.hpp"

#include <fmt/format.h>

#include "runtime/abstract.hpp"
#include "runtime/args.hpp"
#include "runtime/exceptions.hpp"
#include "runtime/types/int.hpp"
#include "runtime/types/str.hpp"
#include "runtime/types/tuple.hpp"

namespace gilpy::runtime {

Ref<SliceObject> new_slice(Value start, Value stop, Value step) {
    return make_object<SliceObject>(Owned::borrow(start), Owned::borrow(stop), Owned::borrow(step));
}

namespace {

// A slice bound as int64, saturating huge ints (they clamp to the sequence anyway).
bool slice_bound(ThreadState& ts, Value v, int64_t* out) {
    if (v.is_int()) {
        *out = v.as_int();
        return true;
    }
    Owned i = index(ts, v);
    if (!i) {
        if (exception_matches(ts, &kTypeErrorType)) {
            clear_exception(ts);
            raise(ts, &kTypeErrorType,
                  "slice indices must be integers or None or have an __index__ method");
        }
        return false;
    }
    if (!int_to_int64(i.get(), out)) *out = int_sign(i.get()) < 0 ? INT64_MIN + 1 : INT64_MAX;
    return true;
}

}  // namespace

bool slice_indices(ThreadState& ts, SliceObject* slice, int64_t length, int64_t* start,
                   int64_t* stop, int64_t* step, int64_t* count) {
    int64_t st = 1;
    if (!slice->step.get().is_none()) {
        if (!slice_bound(ts, slice->step.get(), &st)) return false;
        if (st == 0) {
            raise(ts, &kValueErrorType, "slice step cannot be zero");
            return false;
        }
        if (st < -INT64_MAX) st = -INT64_MAX;  // so that -step cannot overflow
    }
    int64_t lo, hi;
    const int64_t lower = st < 0 ? -1 : 0;
    const int64_t upper = st < 0 ? length - 1 : length;
    if (slice->start.get().is_none()) {
        lo = st < 0 ? upper : lower;
    } else {
        if (!slice_bound(ts, slice->start.get(), &lo)) return false;
        if (lo < 0) {
            lo = lo < -length ? lower : lo + length;
        } else if (lo > upper) {
            lo = upper;
        }
    }
    if (slice->stop.get().is_none()) {
        hi = st < 0 ? lower : upper;
    } else {
        if (!slice_bound(ts, slice->stop.get(), &hi)) return false;
        if (hi < 0) {
            hi = hi < -length ? lower : hi + length;
        } else if (hi > upper) {
            hi = upper;
        }
    }
    int64_t n = 0;
    if (st < 0) {
        if (hi < lo) n = (lo - hi - 1) / (-st) + 1;
    } else if (lo < hi) {
        n = (hi - lo - 1) / st + 1;
    }
    *start = lo;
    *stop = hi;
    *step = st;
    *count = n;
    return true;
}

namespace {

void slice_dealloc(Object* self) {
    delete static_cast<SliceObject*>(self);
}

Owned slice_repr(ThreadState& ts, Value self) {
    auto* s = self.as<SliceObject>();
    Owned a = repr(ts, s->start.get());
    if (!a) return nullptr;
    Owned b = repr(ts, s->stop.get());
    if (!b) return nullptr;
    Owned c = repr(ts, s->step.get());
    if (!c) return nullptr;
    return new_str(fmt::format("slice({}, {}, {})", a.get().as<StrObject>()->view(),
                               b.get().as<StrObject>()->view(), c.get().as<StrObject>()->view()));
}

Owned slice_as_tuple(Value self) {
    auto* s = self.as<SliceObject>();
    return new_tuple_of({s->start.get(), s->stop.get(), s->step.get()});
}

Owned slice_compare(ThreadState& ts, Value self, Value other, CompareOp op) {
    if (!is_slice(other)) return Owned::borrow(not_implemented());
    Owned a = slice_as_tuple(self);
    Owned b = slice_as_tuple(other);
    return compare(ts, a.get(), b.get(), op);
}

Owned slice_new(ThreadState& ts, TypeObject*, CallArgs args) {
    if (!check_no_keywords(ts, args, "slice()")) return nullptr;
    if (args.nargs < 1 || args.nargs > 3) {
        if (args.nargs == 0)
            return raise(ts, &kTypeErrorType, "slice expected at least 1 argument, got 0");
        return raisef(ts, &kTypeErrorType, "slice expected at most 3 arguments, got {}",
                      args.nargs);
    }
    if (args.nargs == 1) return new_slice(Value::none(), args[0], Value::none());
    return new_slice(args[0], args[1], args.nargs == 3 ? args[2] : Value::none());
}

Owned slice_indices_method(ThreadState& ts, CallArgs args) {
    if (!check_one_arg(ts, drop_self(args), "slice.indices()")) return nullptr;
    int64_t length;
    if (!index_int64(ts, args[1], &length)) return nullptr;
    if (length < 0) return raise(ts, &kValueErrorType, "length should not be negative");
    int64_t start, stop, step, count;
    if (!slice_indices(ts, args[0].as<SliceObject>(), length, &start, &stop, &step, &count)) {
        return nullptr;
    }
    // indices() reports the clamped stop that range() needs, not the internal -1 sentinel.
    return new_tuple_of({Value::from_int(start), Value::from_int(stop), Value::from_int(step)});
}

Owned slice_get_start(ThreadState&, Value self) {
    return self.as<SliceObject>()->start;
}
Owned slice_get_stop(ThreadState&, Value self) {
    return self.as<SliceObject>()->stop;
}
Owned slice_get_step(ThreadState&, Value self) {
    return self.as<SliceObject>()->step;
}

const MethodDef kSliceMethods[] = {
    {"indices", slice_indices_method},
    {nullptr, nullptr},
};

const GetSetDef kSliceGetSet[] = {
    {"start", slice_get_start},
    {"stop", slice_get_stop},
    {"step", slice_get_step},
    {nullptr, nullptr},
};

}  // namespace

constinit TypeObject kSliceType("slice", &kObjectType, 0,
                                {
                                    .dealloc = slice_dealloc,
                                    .repr = slice_repr,
                                    .compare = slice_compare,
                                    .new_ = slice_new,
                                    .methods = kSliceMethods,
                                    .getset = kSliceGetSet,
                                });

}  // namespace gilpy::runtime
