// reversed(seq): __reversed__() when defined, else a backwards len/getitem walk.
// Calling the type is the builtin: its constructor parses the builtin's arguments.
#pragma once

#include "runtime/type_object.hpp"

namespace gilpy::runtime {

extern TypeObject kReversedType;

}  // namespace gilpy::runtime
