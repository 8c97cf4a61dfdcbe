// The parser: Python 3.11 source to an AST (interpreter/ast.hpp), by hand-written recursive
// descent over the lexer's tokens. It covers the whole 3.11 grammar except `match` statements;
// `async`/`await` and annotations are parsed and kept for later stages to accept or reject.
// Errors come back as data with CPython's SyntaxError message, position and source text; the
// REPL learns from [SyntaxErrorInfo::incomplete] that it should read another line.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "interpreter/ast.hpp"

namespace gilpy::interpreter {

// What the source is: a file or exec() string, an eval() expression, or one interactive input.
enum class ParseMode { Exec, Eval, Single };

struct SyntaxErrorInfo {
    std::string type;     // "SyntaxError", "IndentationError" or "TabError"
    std::string message;  // CPython's message
    std::string filename;
    int line = 0;    // 1-based
    int offset = 0;  // 1-based column in characters (CPython's SyntaxError.offset)
    int end_line = 0, end_offset = 0;
    std::string text;         // the source line, with its newline, as CPython's .text
    bool incomplete = false;  // the input ended early (REPL reads a continuation line)
};

struct ParseResult {
    std::unique_ptr<Module> module;  // null when [error] is set
    std::optional<SyntaxErrorInfo> error;
};

// Parses [source]. Never throws (except std::bad_alloc). In Eval mode the module holds one
// ExprStmt. In Single mode, [incomplete] is also set for a syntactically complete compound
// statement that is not yet followed by a blank line, as CPython's REPL waits for one.
ParseResult parse(std::string_view source, std::string_view filename, ParseMode mode);

// The tree in the format of python3's `ast.dump(tree)` (no positions), for tests.
// With [include_positions], as `ast.dump(tree, include_attributes=True)`.
std::string ast_dump(const Module& module, bool include_positions = false);
std::string ast_dump(const Expr& expr);

}  // namespace gilpy::interpreter
