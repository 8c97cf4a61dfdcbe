// The compiler's entry point: source text to a code object, through the parser, the symbol
// table and code generation. Raises SyntaxError (or IndentationError/TabError) like CPython.
#pragma once

#include <string_view>

#include "interpreter/code_object.hpp"
#include "interpreter/parser.hpp"
#include "runtime/thread_state.hpp"

namespace gilpy::interpreter {

// Compiles [source]. Mode Exec: a module; Eval: one expression whose value the code returns;
// Single: one interactive input (expression statements print through sys.displayhook).
// Returns null with SyntaxError pending on error; *[incomplete] (if given) is set when the
// input ended early (the REPL then reads a continuation line instead of reporting).
Ref<CodeObject> compile_source(runtime::ThreadState& ts, std::string_view source,
                               std::string_view filename, ParseMode mode,
                               bool* incomplete = nullptr);

// Raises the SyntaxError described by [info].
std::nullptr_t raise_syntax_error(runtime::ThreadState& ts, const SyntaxErrorInfo& info);

}  // namespace gilpy::interpreter
