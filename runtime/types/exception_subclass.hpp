// Exception types defined outside runtime/exception_types.def: a native module's own exception
// (json.JSONDecodeError, ...) as a subclass of a builtin exception type. Like the builtin
// exception types they are static: created once per process, immortal, shared by every
// interpreter and never mutated after creation.
#pragma once

#include "runtime/type_object.hpp"

namespace gilpy::runtime {

struct ExceptionSubclassSpec {
    const char* name;         // __name__ and __qualname__, e.g. "JSONDecodeError"
    const char* module;       // __module__, e.g. "json.decoder" (tracebacks print module.name)
    TypeObject* base;         // a builtin exception type, e.g. &kValueErrorType
    InitSlot init = nullptr;  // null: the base's __init__
    ReprSlot str = nullptr;   // null: the base's __str__
    const MethodDef* methods = nullptr;  // own methods (ending with a null name), or null
    const GetSetDef* getset = nullptr;   // own computed attributes, or null
};

// Creates the type described by [spec]: the base's slots with init/str replaced, its bases,
// MRO and dict built as bootstrap_types() builds a builtin type's. Call it once per process,
// after bootstrap, typically as a function-local static:
//   static TypeObject* const type = new_exception_subclass({...});
// Instances are ExceptionObjects (the base's layout), so exception_attr() and the instance dict
// work on them.
TypeObject* new_exception_subclass(const ExceptionSubclassSpec& spec);

}  // namespace gilpy::runtime
