// mappingproxy: a read-only view of a mapping (what a class's __dict__ returns, so the class
// namespace can only change through setattr, which keeps the type's slots in step).
#pragma once

#include "runtime/type_object.hpp"

namespace gilpy::runtime {

extern TypeObject kMappingProxyType;

// A new read-only proxy of [mapping] (not checked: callers pass a dict).
Owned new_mapping_proxy(Value mapping);

}  // namespace gilpy::runtime
