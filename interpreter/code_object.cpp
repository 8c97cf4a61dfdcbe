// The code object type.
#include "interpreter/code_object.hpp"

#include <fmt/format.h>

namespace gilpy::interpreter {

using namespace runtime;

CodeObject::~CodeObject() {
    for (Value v : consts)
        decref(v);
}

namespace {

void code_dealloc(Object* self) {
    delete static_cast<CodeObject*>(self);
}

Owned code_repr(ThreadState&, Value self) {
    auto* co = self.as<CodeObject>();
    return new_str(fmt::format("<code object {} at {}, file \"{}\", line {}>", co->name->view(),
                               static_cast<const void*>(co), co->filename->view(),
                               co->firstlineno));
}

}  // namespace

constinit TypeObject kCodeType("code", &kObjectType, 0,
                               {
                                   .dealloc = code_dealloc,
                                   .repr = code_repr,
                               });

}  // namespace gilpy::interpreter
