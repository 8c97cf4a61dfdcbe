// The interactive loop: GNU readline with history, the >>> and ... prompts, continuation lines
// for incomplete input, Ctrl-C discarding the buffer and Ctrl-D exiting.
#pragma once

#include "gilpy/gilpy.hpp"

namespace gilpy::repl {

// Runs the REPL on [interp] until EOF or SystemExit; returns the exit status.
int run_repl(Interpreter& interp);

}  // namespace gilpy::repl
