// The eval loop and the Python-function call path (the call slot of every FunctionObject).
#pragma once

#include "interpreter/code_object.hpp"
#include "interpreter/frame.hpp"
#include "runtime/thread_state.hpp"
#include "runtime/types/dict.hpp"

namespace gilpy::interpreter {

// Runs a module-level or class-body code object with [globals] and [locals] (both dicts; for a
// module they are the same). New reference to the result, or null if raised.
// A class body's cells come from [closure_owner], the function the compiler made of it.
runtime::Owned eval_code(runtime::ThreadState& ts, CodeObject* co, runtime::DictObject* globals,
                         runtime::DictObject* locals,
                         runtime::FunctionObject* closure_owner = nullptr);

// The call slot of Python functions: binds [args] to parameters (TypeErrors as CPython), then
// runs the body, or returns a new generator for generator functions.
runtime::Owned call_function(runtime::ThreadState& ts, runtime::FunctionObject* fn,
                             runtime::CallArgs args);

// Creates a function object for [co] in [globals] (MAKE_FUNCTION without defaults).
runtime::Ref<runtime::FunctionObject> new_function(runtime::ThreadState& ts, CodeObject* co,
                                                   runtime::DictObject* globals);

}  // namespace gilpy::interpreter
