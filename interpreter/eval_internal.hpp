// Internal to the interpreter's call and eval files: running one prepared frame.
#pragma once

#include "interpreter/frame.hpp"
#include "runtime/thread_state.hpp"

namespace gilpy::interpreter {

// Runs [f] from f->pc until it returns (f->finished set), yields (a generator's YIELD_VALUE;
// f->finished clear) or raises (null; f->finished set). If an exception is pending on entry
// (generator throw/close), it is raised at the resumption point.
runtime::Owned run_frame(runtime::ThreadState& ts, Frame* f);

}  // namespace gilpy::interpreter
