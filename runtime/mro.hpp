// The C3 linearisation that orders a class's bases for attribute lookup (Python's __mro__).
#pragma once

#include "runtime/object.hpp"

namespace gilpy::runtime {

struct ThreadState;
struct TupleObject;
struct TypeObject;

// The MRO of a new class [type] with the base classes [bases] (a tuple of types): [type]
// first, then the merge of the bases' MROs and the bases themselves, each class before its
// bases and in the order the bases are listed. Raises CPython's TypeError ("duplicate base
// class A", "Cannot create a consistent method resolution\norder (MRO) for bases A, B").
Ref<TupleObject> compute_mro(ThreadState& ts, TypeObject* type, TupleObject* bases);

}  // namespace gilpy::runtime
