// reversed(seq): seq.__reversed__() when the type has one, else a backwards walk over
// len()/__getitem__ ("'int' object is not reversible" otherwise).
#include "runtime/types/reversed.hpp"

#include "runtime/abstract.hpp"
#include "runtime/args.hpp"
#include "runtime/exceptions.hpp"
#include "runtime/interpreter_state.hpp"
#include "runtime/types/dict.hpp"
#include "runtime/types/iterator.hpp"

namespace gilpy::runtime {

namespace {

struct ReversedObject : Object {
    Owned seq;  // null once exhausted
    int64_t index;
    ReversedObject(TypeObject* t, Owned s, int64_t i) : Object(t), seq(std::move(s)), index(i) {}
};

void reversed_dealloc(Object* self) {
    delete static_cast<ReversedObject*>(self);
}

Owned reversed_new(ThreadState& ts, TypeObject* type, CallArgs args) {
    if (!check_no_keywords(ts, args, "reversed()")) return nullptr;
    if (args.nargs != 1) {
        return raisef(ts, &kTypeErrorType, "reversed expected 1 argument, got {}", args.nargs);
    }
    Value seq = args[0];
    StrObject* name = ts.interp.intern("__reversed__");
    if (!type_lookup(type_of(seq), name).is_null()) return call_method(ts, seq, name, {});
    TypeObject* t = type_of(seq);
    if (!t->getitem || !t->length || is_dict(seq)) {
        return raisef(ts, &kTypeErrorType, "'{}' object is not reversible", t->name);
    }
    int64_t n = length(ts, seq);
    if (n < 0) return nullptr;
    return make_object<ReversedObject>(type, Owned::borrow(seq), n - 1);
}

Owned reversed_iter(ThreadState&, Value self) {
    return Owned::borrow(self);
}

Owned reversed_next(ThreadState& ts, Value self) {
    auto* r = self.as<ReversedObject>();
    if (r->seq.is_null() || r->index < 0) {
        r->seq = nullptr;
        return nullptr;
    }
    Owned item = get_item(ts, r->seq.get(), Value::from_int(r->index));
    if (!item) {
        if (exception_matches(ts, &kIndexErrorType) || exception_matches(ts, &kStopIterationType)) {
            clear_exception(ts);
            r->seq = nullptr;
        }
        return nullptr;
    }
    --r->index;
    return item;
}

}  // namespace

constinit TypeObject kReversedType("reversed", &kObjectType, 0,
                                   {
                                       .dealloc = reversed_dealloc,
                                       .iter = reversed_iter,
                                       .next = reversed_next,
                                       .new_ = reversed_new,
                                   });

}  // namespace gilpy::runtime
