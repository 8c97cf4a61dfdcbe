// zip(*iterables, strict=False): tuples of one item from each, stopping at the shortest (or
// raising ValueError under strict=True, with CPython's messages).
#include "runtime/types/zip.hpp"

#include <vector>

#include "runtime/abstract.hpp"
#include "runtime/args.hpp"
#include "runtime/exceptions.hpp"
#include "runtime/interpreter_state.hpp"
#include "runtime/types/iterator.hpp"
#include "runtime/types/str.hpp"
#include "runtime/types/tuple.hpp"

namespace gilpy::runtime {

namespace {

struct ZipObject : Object {
    std::vector<Owned> iterators;
    bool strict = false;
    explicit ZipObject(TypeObject* t) : Object(t) {}
};

void zip_dealloc(Object* self) {
    delete static_cast<ZipObject*>(self);
}

Owned zip_new(ThreadState& ts, TypeObject* type, CallArgs args) {
    Ref<ZipObject> z = make_object<ZipObject>(type);
    for (size_t k = 0; k < args.keyword_count(); ++k) {
        auto* name = args.kwnames->items[k].as<StrObject>();
        if (name->view() != "strict") {
            return raisef(ts, &kTypeErrorType, "'{}' is an invalid keyword argument for zip()",
                          name->view());
        }
        int t = truth(ts, args.keyword_value(k));
        if (t < 0) return nullptr;
        z->strict = t != 0;
    }
    for (size_t i = 0; i < args.nargs; ++i) {
        Owned it = get_iter(ts, args[i]);
        if (!it) return nullptr;
        z->iterators.push_back(std::move(it));
    }
    return z;
}

Owned zip_iter(ThreadState&, Value self) {
    return Owned::borrow(self);
}

Owned zip_next(ThreadState& ts, Value self) {
    auto* z = self.as<ZipObject>();
    const size_t n = z->iterators.size();
    if (n == 0) return nullptr;
    Ref<TupleObject> t = new_tuple(static_cast<int64_t>(n));
    for (size_t i = 0; i < n; ++i) {
        Owned v = iter_next(ts, z->iterators[i].get());
        if (!v) {
            if (ts.has_exception() || !z->strict) return nullptr;
            if (i > 0) {
                return raisef(ts, &kValueErrorType,
                              "zip() argument {} is shorter than argument{} {}", i + 1,
                              i == 1 ? "" : "s", i == 1 ? "1" : fmt::format("1-{}", i));
            }
            for (size_t j = 1; j < n; ++j) {
                Owned extra = iter_next(ts, z->iterators[j].get());
                if (extra) {
                    return raisef(ts, &kValueErrorType,
                                  "zip() argument {} is longer than argument{} {}", j + 1,
                                  j == 1 ? "" : "s", j == 1 ? "1" : fmt::format("1-{}", j));
                }
                if (ts.has_exception()) return nullptr;
            }
            return nullptr;
        }
        t->items[i] = v.release();
    }
    return t;
}

}  // namespace

constinit TypeObject kZipType("zip", &kObjectType, 0,
                              {
                                  .dealloc = zip_dealloc,
                                  .iter = zip_iter,
                                  .next = zip_next,
                                  .new_ = zip_new,
                              });

}  // namespace gilpy::runtime
