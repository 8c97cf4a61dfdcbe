// module: a namespace object with a dict (`__name__`, `__file__`, and the module's globals).
#pragma once

#include <string_view>

#include "runtime/type_object.hpp"
#include "runtime/types/dict.hpp"

namespace gilpy::runtime {

extern TypeObject kModuleType;

struct ModuleObject : Object {
    Ref<DictObject> dict;
    ModuleObject() : Object(&kModuleType) {}
};

inline bool is_module(Value v) { return v.is_object() && v.as_object()->type == &kModuleType; }

// A new module named [name] with __name__, __doc__ (None), __package__, __loader__ and __spec__
// set as CPython sets them for a fresh module.
Ref<ModuleObject> new_module(ThreadState& ts, std::string_view name);
// Adds the functions of [methods] (ending with a null name) to [module].
void module_add_functions(ThreadState& ts, ModuleObject* module, const MethodDef* methods);
// module.name = value (new reference).
void module_set(ThreadState& ts, ModuleObject* module, std::string_view name, Value value);

}  // namespace gilpy::runtime
