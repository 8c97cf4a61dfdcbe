// The interactive loop: GNU readline with history and tab completion, the >>> and ... prompts,
// continuation lines for incomplete input, Ctrl-C discarding the line and Ctrl-D exiting. The GIL
// is released while the REPL waits for input, so Python threads keep running between prompts.
#pragma once

#include "gilpy/gilpy.hpp"

namespace gilpy::repl {

struct ReplOptions {
    bool quiet = false;               // -q: no banner
    bool ignore_environment = false;  // -E: GILPY_HISTFILE is not consulted
};

// Runs the REPL on [interp] until EOF or SystemExit; returns the exit status. On a terminal it
// uses readline (prompts, editing, history, completion); otherwise it reads lines from stdin and
// writes the prompts to stderr, as python3 -i does.
int run_repl(Interpreter& interp, const ReplOptions& options = {});

}  // namespace gilpy::repl
