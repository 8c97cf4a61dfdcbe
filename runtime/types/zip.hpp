// zip(*iterables, strict=False): lazy tuples drawn in parallel.
// Calling the type is the builtin: its constructor parses the builtin's arguments.
#pragma once

#include "runtime/type_object.hpp"

namespace gilpy::runtime {

extern TypeObject kZipType;

}  // namespace gilpy::runtime
