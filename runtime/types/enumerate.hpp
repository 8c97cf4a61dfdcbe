// enumerate(iterable, start=0): lazy (index, item) pairs.
// Calling the type is the builtin: its constructor parses the builtin's arguments.
#pragma once

#include "runtime/type_object.hpp"

namespace gilpy::runtime {

extern TypeObject kEnumerateType;

}  // namespace gilpy::runtime
