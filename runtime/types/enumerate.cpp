// enumerate(iterable, start=0): (index, item) pairs, with a machine-int counter until it would
// overflow, then Python ints.
#include "runtime/types/enumerate.hpp"

#include "runtime/abstract.hpp"
#include "runtime/args.hpp"
#include "runtime/exceptions.hpp"
#include "runtime/types/int.hpp"
#include "runtime/types/iterator.hpp"
#include "runtime/types/tuple.hpp"

namespace gilpy::runtime {

namespace {

struct EnumerateObject : Object {
    Owned iterator;
    Owned count;  // the next index
    EnumerateObject(TypeObject* t, Owned it, Owned c)
        : Object(t), iterator(std::move(it)), count(std::move(c)) {}
};

void enumerate_dealloc(Object* self) {
    delete static_cast<EnumerateObject*>(self);
}

Owned enumerate_new(ThreadState& ts, TypeObject* type, CallArgs args) {
    static const char* const kNames[] = {"iterable", "start"};
    Value a[2];
    if (!parse_args(ts, args, "enumerate", kNames, 0, a)) return nullptr;
    if (a[0].is_null()) {
        return raise(ts, &kTypeErrorType, "enumerate() missing required argument 'iterable'");
    }
    Owned start = Owned::steal(Value::from_int(0));
    if (!a[1].is_null()) {
        start = index(ts, a[1]);
        if (!start) return nullptr;
    }
    Owned it = get_iter(ts, a[0]);
    if (!it) return nullptr;
    return make_object<EnumerateObject>(type, std::move(it), std::move(start));
}

Owned enumerate_iter(ThreadState&, Value self) {
    return Owned::borrow(self);
}

Owned enumerate_next(ThreadState& ts, Value self) {
    auto* e = self.as<EnumerateObject>();
    Owned item = iter_next(ts, e->iterator.get());
    if (!item) return nullptr;
    Value count = e->count.get();
    Ref<TupleObject> pair = new_tuple(2);
    if (count.is_int() && count.as_int() < INT64_MAX) {
        e->count = Owned::steal(Value::from_int(count.as_int() + 1));
        pair->items[0] = count;
    } else {
        Owned next = binary_op(ts, count, Value::from_int(1), BinaryOp::Add);
        if (!next) return nullptr;
        pair->items[0] = e->count.release();
        e->count = std::move(next);
    }
    pair->items[1] = item.release();
    return pair;
}

}  // namespace

constinit TypeObject kEnumerateType("enumerate", &kObjectType, 0,
                                    {
                                        .dealloc = enumerate_dealloc,
                                        .iter = enumerate_iter,
                                        .next = enumerate_next,
                                        .new_ = enumerate_new,
                                    });

}  // namespace gilpy::runtime
