// generator: a suspended frame that produces values on demand (generator functions and
// generator expressions). The frame belongs to the interpreter layer; the runtime drives it
// through the [resume] and [destroy] slots the interpreter fills in (DESIGN: the runtime reaches
// the eval loop only through slots).
#pragma once

#include "runtime/type_object.hpp"
#include "runtime/types/str.hpp"

namespace gilpy::runtime {

extern TypeObject kGeneratorType;

struct GeneratorObject;

// Resumes [gen] sending [sent] (None for next()); when an exception is pending in [ts] on entry
// it is raised at the suspension point instead (throw/close). Returns the yielded value with
// *returned false, the return value with *returned true, or null when the frame raised.
using GeneratorResume = Owned (*)(ThreadState& ts, GeneratorObject* gen, Value sent,
                                  bool* returned);

struct GeneratorObject : Object {
    void* frame = nullptr;  // owned: freed through [destroy]
    GeneratorResume resume = nullptr;
    void (*destroy)(void* frame) = nullptr;
    Ref<StrObject> name, qualname;
    bool started = false;
    bool running = false;
    bool finished = false;
    GeneratorObject() : Object(&kGeneratorType) {}
};

}  // namespace gilpy::runtime
