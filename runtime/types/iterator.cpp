// The sequence iterator (index-based, over anything with __getitem__, with fast paths for list
// and tuple) and the callable iterator of iter(callable, sentinel).
#include "runtime/types/iterator.hpp"

#include "runtime/abstract.hpp"
#include "runtime/args.hpp"
#include "runtime/exceptions.hpp"
#include "runtime/types/bytes.hpp"
#include "runtime/types/list.hpp"
#include "runtime/types/tuple.hpp"

namespace gilpy::runtime {

Owned new_seq_iterator(Value seq) {
    TypeObject* type = &kSeqIteratorType;
    if (seq.is_object()) {
        TypeObject* t = seq.as_object()->type;
        if (t == &kListType) {
            type = &kListIteratorType;
        } else if (t == &kTupleType) {
            type = &kTupleIteratorType;
        } else if (t == &kBytesType) {
            type = &kBytesIteratorType;
        } else if (t == &kByteArrayType) {
            type = &kByteArrayIteratorType;
        }
    }
    return make_object<SeqIteratorObject>(type, Owned::borrow(seq));
}

namespace {

void seq_iterator_dealloc(Object* self) {
    delete static_cast<SeqIteratorObject*>(self);
}

Owned iterator_self(ThreadState&, Value self) {
    return Owned::borrow(self);
}

// list and tuple iterators: the hot path of `for x in a_list`.
Owned list_iterator_next(ThreadState&, Value self) {
    auto* it = self.as<SeqIteratorObject>();
    if (it->seq.is_null()) return nullptr;
    auto* l = it->seq.get().as<ListObject>();
    if (it->index < l->length) return Owned::borrow(l->items[it->index++]);
    it->seq = nullptr;
    return nullptr;
}

Owned tuple_iterator_next(ThreadState&, Value self) {
    auto* it = self.as<SeqIteratorObject>();
    if (it->seq.is_null()) return nullptr;
    auto* t = it->seq.get().as<TupleObject>();
    if (it->index < t->length) return Owned::borrow(t->items[it->index++]);
    it->seq = nullptr;
    return nullptr;
}

// bytes and bytearray iterators yield ints (a bytearray may shrink while iterated).
Owned bytes_iterator_next(ThreadState&, Value self) {
    auto* it = self.as<SeqIteratorObject>();
    if (it->seq.is_null()) return nullptr;
    std::string_view data;
    bytes_like_view(it->seq.get(), &data);
    if (it->index < static_cast<int64_t>(data.size())) {
        return Owned::steal(Value::from_int(static_cast<unsigned char>(data[it->index++])));
    }
    it->seq = nullptr;
    return nullptr;
}

Owned seq_iterator_next(ThreadState& ts, Value self) {
    auto* it = self.as<SeqIteratorObject>();
    Value seq = it->seq.get();
    if (seq.is_null()) return nullptr;
    Owned item = get_item(ts, seq, Value::from_int(it->index));
    if (item) {
        ++it->index;
        return item;
    }
    if (exception_matches(ts, &kIndexErrorType) || exception_matches(ts, &kStopIterationType)) {
        clear_exception(ts);
        it->seq = nullptr;
    }
    return nullptr;
}

Owned seq_iterator_length_hint(ThreadState& ts, CallArgs args) {
    auto* it = args[0].as<SeqIteratorObject>();
    if (it->seq.is_null()) return Owned::steal(Value::from_int(0));
    int64_t n = length(ts, it->seq.get());
    if (n < 0) return nullptr;
    return Owned::steal(Value::from_int(n > it->index ? n - it->index : 0));
}

const MethodDef kSeqIteratorMethods[] = {
    {"__length_hint__", seq_iterator_length_hint},
    {nullptr, nullptr},
};

struct CallableIteratorObject : Object {
    Owned callable, sentinel;  // callable null once exhausted
    CallableIteratorObject(Owned c, Owned s)
        : Object(&kCallableIteratorType), callable(std::move(c)), sentinel(std::move(s)) {}
};

void callable_iterator_dealloc(Object* self) {
    delete static_cast<CallableIteratorObject*>(self);
}

Owned callable_iterator_next(ThreadState& ts, Value self) {
    auto* it = self.as<CallableIteratorObject>();
    if (it->callable.is_null()) return nullptr;
    Owned v = call_values(ts, it->callable.get(), {});
    if (!v) {
        if (exception_matches(ts, &kStopIterationType)) {
            clear_exception(ts);
            it->callable = nullptr;
        }
        return nullptr;
    }
    int eq = equals(ts, v.get(), it->sentinel.get());
    if (eq < 0) return nullptr;
    if (eq) {
        it->callable = nullptr;
        return nullptr;
    }
    return v;
}

}  // namespace

Owned new_callable_iterator(Value callable, Value sentinel) {
    return make_object<CallableIteratorObject>(Owned::borrow(callable), Owned::borrow(sentinel));
}

constinit TypeObject kSeqIteratorType("iterator", &kObjectType, 0,
                                      {
                                          .dealloc = seq_iterator_dealloc,
                                          .iter = iterator_self,
                                          .next = seq_iterator_next,
                                          .methods = kSeqIteratorMethods,
                                      });

constinit TypeObject kListIteratorType("list_iterator", &kObjectType, 0,
                                       {
                                           .dealloc = seq_iterator_dealloc,
                                           .iter = iterator_self,
                                           .next = list_iterator_next,
                                           .methods = kSeqIteratorMethods,
                                       });

constinit TypeObject kTupleIteratorType("tuple_iterator", &kObjectType, 0,
                                        {
                                            .dealloc = seq_iterator_dealloc,
                                            .iter = iterator_self,
                                            .next = tuple_iterator_next,
                                            .methods = kSeqIteratorMethods,
                                        });

constinit TypeObject kBytesIteratorType("bytes_iterator", &kObjectType, 0,
                                        {
                                            .dealloc = seq_iterator_dealloc,
                                            .iter = iterator_self,
                                            .next = bytes_iterator_next,
                                            .methods = kSeqIteratorMethods,
                                        });

constinit TypeObject kByteArrayIteratorType("bytearray_iterator", &kObjectType, 0,
                                            {
                                                .dealloc = seq_iterator_dealloc,
                                                .iter = iterator_self,
                                                .next = bytes_iterator_next,
                                                .methods = kSeqIteratorMethods,
                                            });

constinit TypeObject kCallableIteratorType("callable_iterator", &kObjectType, 0,
                                           {
                                               .dealloc = callable_iterator_dealloc,
                                               .iter = iterator_self,
                                               .next = callable_iterator_next,
                                           });

}  // namespace gilpy::runtime
