// map(function, *iterables): function applied to items drawn in parallel, lazily.
#include "runtime/types/map.hpp"

#include <vector>

#include "runtime/abstract.hpp"
#include "runtime/args.hpp"
#include "runtime/exceptions.hpp"
#include "runtime/types/iterator.hpp"

namespace gilpy::runtime {

namespace {

struct MapObject : Object {
    Owned function;
    std::vector<Owned> iterators;
    explicit MapObject(TypeObject* t) : Object(t) {}
};

void map_dealloc(Object* self) {
    delete static_cast<MapObject*>(self);
}

Owned map_new(ThreadState& ts, TypeObject* type, CallArgs args) {
    if (!check_no_keywords(ts, args, "map()")) return nullptr;
    if (args.nargs < 2)
        return raise(ts, &kTypeErrorType, "map() must have at least two arguments.");
    Ref<MapObject> m = make_object<MapObject>(type);
    m->function = Owned::borrow(args[0]);
    for (size_t i = 1; i < args.nargs; ++i) {
        Owned it = get_iter(ts, args[i]);
        if (!it) return nullptr;
        m->iterators.push_back(std::move(it));
    }
    return m;
}

Owned map_iter(ThreadState&, Value self) {
    return Owned::borrow(self);
}

Owned map_next(ThreadState& ts, Value self) {
    auto* m = self.as<MapObject>();
    constexpr size_t kSmall = 4;
    Owned small[kSmall];
    std::vector<Owned> large;
    Owned* items = small;
    if (m->iterators.size() > kSmall) {
        large.resize(m->iterators.size());
        items = large.data();
    }
    Value values[kSmall];
    std::vector<Value> large_values;
    Value* vals = values;
    if (m->iterators.size() > kSmall) {
        large_values.resize(m->iterators.size());
        vals = large_values.data();
    }
    for (size_t i = 0; i < m->iterators.size(); ++i) {
        items[i] = iter_next(ts, m->iterators[i].get());
        if (!items[i]) return nullptr;
        vals[i] = items[i].get();
    }
    return call(ts, m->function.get(), CallArgs{vals, m->iterators.size(), nullptr});
}

}  // namespace

constinit TypeObject kMapType("map", &kObjectType, 0,
                              {
                                  .dealloc = map_dealloc,
                                  .iter = map_iter,
                                  .next = map_next,
                                  .new_ = map_new,
                              });

}  // namespace gilpy::runtime
