// Tokens: what the lexer hands the parser. A token is a kind plus a view of its source text and
// its span (1-based lines, 0-based columns in UTF-8 bytes, as CPython's tokenizer reports them).
// Tokens borrow the source buffer, which must outlive them.
#pragma once

#include <cstdint>
#include <string_view>

namespace gilpy::interpreter {

enum class TokenKind : uint8_t {
    EndMarker,  // end of input (after the final NEWLINE and DEDENTs)
    Name,       // identifiers and keywords; the parser tells keywords apart by text
    Number,     // any numeric literal, including imaginary ones
    String,     // one string literal with its prefix and quotes (f-strings too)
    Op,         // operators and delimiters; also stray characters such as '$' and '!'
    Newline,    // end of a logical line
    Indent,
    Dedent,
};

struct Token {
    TokenKind kind = TokenKind::EndMarker;
    std::string_view text;  // a view into the source; empty for Newline/Indent/Dedent/EndMarker
    int line = 0, col = 0, end_line = 0, end_col = 0;

    bool is(TokenKind k, std::string_view t) const { return kind == k && text == t; }
    bool is_op(std::string_view t) const { return kind == TokenKind::Op && text == t; }
    bool is_name(std::string_view t) const { return kind == TokenKind::Name && text == t; }
};

// True for the 35 hard keywords of Python 3.11 (soft keywords such as `match` are names).
bool is_keyword(std::string_view word);

}  // namespace gilpy::interpreter
