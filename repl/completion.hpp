// Tab completion for the REPL, with the candidates python3's rlcompleter offers: keywords,
// __main__'s globals and the builtins for a plain word, attributes after a dot.
#pragma once

#include <string>
#include <vector>

#include "gilpy/gilpy.hpp"

namespace gilpy::repl {

// The completions of [text], the word under the cursor (dots included). A name completes to
// keywords (with a trailing space, or ':' after try/finally), globals and builtins (with '(' when
// callable); "expr.attr" completes to "expr.<attribute>" where expr is evaluated only if it is a
// plain dotted name, and names starting with '_' (or '__') are offered only when [text]'s
// attribute part starts with it (or when nothing else matches). Needs the GIL.
std::vector<std::string> completions(Interpreter& interp, const std::string& text);

// Installs the readline completer for [interp] (the word delimiters python3 uses, no trailing
// space, a Tab on an empty word inserts a Tab). The completer takes the GIL back while it runs.
void install_readline_completer(Interpreter& interp);

}  // namespace gilpy::repl
