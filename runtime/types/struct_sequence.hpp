// Struct sequences (CPython's structseq): tuples whose items also have names, such as
// time.struct_time and sys.version_info. The first [n_in_sequence] fields are the tuple's items
// (indexing, len, comparison, hashing and unpacking see only them); the remaining fields are
// reachable only by name, like struct_time's tm_zone and tm_gmtoff.
#pragma once

#include "runtime/type_object.hpp"
#include "runtime/types/tuple.hpp"

namespace gilpy::runtime {

struct StructSequenceSpec {
    const char* name;  // dotted tp_name, e.g. "time.struct_time" (repr and __module__ use it)
    const char* const* fields;
    int n_fields;  // at most kMaxStructSequenceFields
    int n_in_sequence;
};

inline constexpr int kMaxStructSequenceFields = 16;

// Creates the type described by [spec] (which must outlive it); like other static types it is
// created once per process and shared by every interpreter:
//   static TypeObject* const type = new_struct_sequence_type(kStructTimeSpec);
TypeObject* new_struct_sequence_type(const StructSequenceSpec& spec);

// A new instance of [type] whose n_fields slots are null: the caller fills each one with an
// owned reference (struct_sequence_items) before it escapes.
Ref<TupleObject> new_struct_sequence(TypeObject* type);
inline Value* struct_sequence_items(TupleObject* t) { return t->items; }

}  // namespace gilpy::runtime
