// Iterators over builtin sequences, and the iterator types of builtins that are lazy in
// Python 3 (enumerate, zip, map, filter, reversed, the sequence-protocol iterator and
// iter(callable, sentinel)).
#pragma once

#include <cstdint>

#include "runtime/type_object.hpp"
// The lazy builtins, one type per file; included here so one header names every iterator.
#include "runtime/types/enumerate.hpp"
#include "runtime/types/filter.hpp"
#include "runtime/types/map.hpp"
#include "runtime/types/reversed.hpp"
#include "runtime/types/zip.hpp"

namespace gilpy::runtime {

// The index-based sequence iterators: one type per builtin sequence so that type(iter(x)) prints
// CPython's name; all share SeqIteratorObject and the same next logic.
extern TypeObject kSeqIteratorType;        // "iterator": any __getitem__ sequence
extern TypeObject kListIteratorType;       // "list_iterator"
extern TypeObject kTupleIteratorType;      // "tuple_iterator"
extern TypeObject kBytesIteratorType;      // "bytes_iterator"
extern TypeObject kByteArrayIteratorType;  // "bytearray_iterator"
extern TypeObject kCallableIteratorType;   // iter(callable, sentinel)

// Iterates [seq] by index (list, tuple, str, bytes, bytearray and any __getitem__ sequence).
struct SeqIteratorObject : Object {
    Owned seq;  // null once exhausted
    int64_t index = 0;
    SeqIteratorObject(TypeObject* t, Owned s) : Object(t), seq(std::move(s)) {}
};

// A new iterator over [seq] by index, typed after seq's exact type (list_iterator, ...).
Owned new_seq_iterator(Value seq);
// iter(callable, sentinel).
Owned new_callable_iterator(Value callable, Value sentinel);

}  // namespace gilpy::runtime
