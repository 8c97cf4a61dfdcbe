// The descriptor types classes use to shape attribute access: staticmethod, classmethod and
// property (getter, setter, deleter), with CPython's behaviour and messages.
#pragma once

#include "runtime/type_object.hpp"

namespace gilpy::runtime {

extern TypeObject kStaticMethodType;
extern TypeObject kClassMethodType;
extern TypeObject kPropertyType;
extern TypeObject kSuperType;  // runtime/types/super.cpp

// staticmethod(f) / classmethod(f), for class creation's implicit wrapping of __new__ and
// __init_subclass__.
Owned new_staticmethod(Value f);
Owned new_classmethod(Value f);
// The wrapped callable (borrowed into a new reference).
Owned staticmethod_function(Value sm);
Owned classmethod_function(Value cm);

}  // namespace gilpy::runtime
