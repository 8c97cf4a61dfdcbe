// filter(function or None, iterable): the items for which function(item) (or the item itself)
// is true, lazily.
#include "runtime/types/filter.hpp"

#include "runtime/abstract.hpp"
#include "runtime/args.hpp"
#include "runtime/exceptions.hpp"
#include "runtime/types/iterator.hpp"

namespace gilpy::runtime {

namespace {

struct FilterObject : Object {
    Owned function;  // None: the items' own truth
    Owned iterator;
    FilterObject(TypeObject* t, Owned f, Owned it)
        : Object(t), function(std::move(f)), iterator(std::move(it)) {}
};

void filter_dealloc(Object* self) {
    delete static_cast<FilterObject*>(self);
}

Owned filter_new(ThreadState& ts, TypeObject* type, CallArgs args) {
    if (!check_no_keywords(ts, args, "filter()")) return nullptr;
    if (args.nargs != 2) {
        return raisef(ts, &kTypeErrorType, "filter expected 2 arguments, got {}", args.nargs);
    }
    Owned it = get_iter(ts, args[1]);
    if (!it) return nullptr;
    return make_object<FilterObject>(type, Owned::borrow(args[0]), std::move(it));
}

Owned filter_iter(ThreadState&, Value self) {
    return Owned::borrow(self);
}

Owned filter_next(ThreadState& ts, Value self) {
    auto* f = self.as<FilterObject>();
    while (true) {
        Owned item = iter_next(ts, f->iterator.get());
        if (!item) return nullptr;
        int ok;
        if (f->function.get().is_none() ||
            (f->function.get().is_object() && f->function.get().as_object() == &kBoolType)) {
            ok = truth(ts, item.get());
        } else {
            Owned r = call_values(ts, f->function.get(), {item.get()});
            if (!r) return nullptr;
            ok = truth(ts, r.get());
        }
        if (ok < 0) return nullptr;
        if (ok) return item;
    }
}

}  // namespace

constinit TypeObject kFilterType("filter", &kObjectType, 0,
                                 {
                                     .dealloc = filter_dealloc,
                                     .iter = filter_iter,
                                     .next = filter_next,
                                     .new_ = filter_new,
                                 });

}  // namespace gilpy::runtime
