// destroy_object: the slow path of decref, out of line so incref/decref stay small.
#include "runtime/object.hpp"

#include "runtime/type_object.hpp"

namespace gilpy::runtime {

void destroy_object(Object* o) { o->type->dealloc(o); }

}  // namespace gilpy::runtime
