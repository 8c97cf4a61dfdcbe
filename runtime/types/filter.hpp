// filter(function or None, iterable): the items that test true, lazily.
// Calling the type is the builtin: its constructor parses the builtin's arguments.
#pragma once

#include "runtime/type_object.hpp"

namespace gilpy::runtime {

extern TypeObject kFilterType;

}  // namespace gilpy::runtime
