// The lexer: token streams for tricky inputs (indentation, joining, literals, operators),
// token positions, and tokenizer errors with CPython 3.11's messages.
#include <catch2/catch.hpp>

#include "interpreter/lexer.hpp"

using namespace gilpy::interpreter;

namespace {

const char* kind_name(TokenKind k) {
    switch (k) {
        case TokenKind::EndMarker:
            return "END";
        case TokenKind::Name:
            return "NAME";
        case TokenKind::Number:
            return "NUMBER";
        case TokenKind::String:
            return "STRING";
        case TokenKind::Op:
            return "OP";
        case TokenKind::Newline:
            return "NEWLINE";
        case TokenKind::Indent:
            return "INDENT";
        case TokenKind::Dedent:
            return "DEDENT";
    }
    return "?";
}

// All tokens as "KIND" or "KIND:text", space separated.
std::string tokens(std::string_view source) {
    Lexer lexer(source);
    std::string out;
    for (;;) {
        Token t = lexer.next();
        if (!out.empty()) out += ' ';
        out += kind_name(t.kind);
        if (!t.text.empty()) out += ":" + std::string(t.text);
        if (t.kind == TokenKind::EndMarker) return out;
    }
}

// The error the lexer raises on [source] ("type|message|line|col" with 0-based byte columns,
// or raw offsets where CPython reports odd values), or "no error".
std::string lex_error(std::string_view source) {
    Lexer lexer(source);
    try {
        while (lexer.next().kind != TokenKind::EndMarker) {
        }
    } catch (const LexError& e) {
        std::string col = e.raw_offset != LexError::kNoRaw ? "raw" + std::to_string(e.raw_offset)
                                                           : std::to_string(e.col);
        return e.type + "|" + e.message + "|" + std::to_string(e.line) + "|" + col;
    }
    return "no error";
}

}  // namespace

TEST_CASE("lexer emits INDENT and one DEDENT per closed block", "[lexer]") {
    CHECK(tokens("if x:\n    y\n    if z:\n        w\nv\n") ==
          "NAME:if NAME:x OP:: NEWLINE INDENT NAME:y NEWLINE NAME:if NAME:z OP:: NEWLINE INDENT "
          "NAME:w NEWLINE DEDENT DEDENT NAME:v NEWLINE END");
}

TEST_CASE("lexer closes open blocks and the last line at end of file", "[lexer]") {
    // As CPython, a NEWLINE ends the last line even when the file does not.
    CHECK(tokens("if x:\n  y") == "NAME:if NAME:x OP:: NEWLINE INDENT NAME:y NEWLINE DEDENT END");
    CHECK(tokens("") == "END");
    CHECK(tokens("\n\n") == "END");
}

TEST_CASE("lexer ignores blank lines and comments for indentation", "[lexer]") {
    CHECK(tokens("# c\n\n  # indented comment\nx  # t\n   \n\ty\n") ==
          "NAME:x NEWLINE INDENT NAME:y NEWLINE DEDENT END");
}

TEST_CASE("lexer joins lines inside brackets and after a backslash", "[lexer]") {
    CHECK(tokens("x = (1,\n\n  2)\n") ==
          "NAME:x OP:= OP:( NUMBER:1 OP:, NUMBER:2 OP:) NEWLINE END");
    CHECK(tokens("x = 1 + \\\n  2\n") == "NAME:x OP:= NUMBER:1 OP:+ NUMBER:2 NEWLINE END");
    CHECK(tokens("x = [\n  # comment\n]\n") == "NAME:x OP:= OP:[ OP:] NEWLINE END");
}

TEST_CASE("lexer accepts CRLF line endings", "[lexer]") {
    CHECK(tokens("if x:\r\n  y\r\n") ==
          "NAME:if NAME:x OP:: NEWLINE INDENT NAME:y NEWLINE DEDENT END");
}

TEST_CASE("lexer reads every numeric literal form as one token", "[lexer]") {
    CHECK(tokens("0x_1f 0o17 0b1_0 1_000 1. .5 1e5 1E-5 1.5j 1J 0 00 0.0 0_0 09.5 1_0.0_1e+1_0") ==
          "NUMBER:0x_1f NUMBER:0o17 NUMBER:0b1_0 NUMBER:1_000 NUMBER:1. NUMBER:.5 NUMBER:1e5 "
          "NUMBER:1E-5 NUMBER:1.5j NUMBER:1J NUMBER:0 NUMBER:00 NUMBER:0.0 NUMBER:0_0 NUMBER:09.5 "
          "NUMBER:1_0.0_1e+1_0 NEWLINE END");
    // A keyword may follow a number directly (CPython 3.11 warns but accepts).
    CHECK(tokens("1if x else 2") == "NUMBER:1 NAME:if NAME:x NAME:else NUMBER:2 NEWLINE END");
    CHECK(tokens("x.1") == "NAME:x NUMBER:.1 NEWLINE END");
}

TEST_CASE("lexer reads string literals with prefixes and quotes", "[lexer]") {
    CHECK(tokens("rb'x' Rb\"y\" f'{x}' u'z' br'' '''a\nb''' 'a\\'b' \"\"\"q\"\"\"") ==
          "STRING:rb'x' STRING:Rb\"y\" STRING:f'{x}' STRING:u'z' STRING:br'' STRING:'''a\nb''' "
          "STRING:'a\\'b' STRING:\"\"\"q\"\"\" NEWLINE END");
    // Not a prefix: a name followed by a string.
    CHECK(tokens("ub'x'") == "NAME:ub STRING:'x' NEWLINE END");
    CHECK(tokens("'a\\\nb'") == "STRING:'a\\\nb' NEWLINE END");
}

TEST_CASE("lexer matches the longest operator", "[lexer]") {
    CHECK(tokens("a**=b//=c>>=d<<=e...f->g:=h!=i<=j==k") ==
          "NAME:a OP:**= NAME:b OP://= NAME:c OP:>>= NAME:d OP:<<= NAME:e OP:... NAME:f OP:-> "
          "NAME:g OP::= NAME:h OP:!= NAME:i OP:<= NAME:j OP:== NAME:k NEWLINE END");
    CHECK(tokens("a@b@=c $") == "NAME:a OP:@ NAME:b OP:@= NAME:c OP:$ NEWLINE END");
}

TEST_CASE("lexer reads non-ASCII identifiers", "[lexer]") {
    CHECK(tokens("é = π2\n") == "NAME:é OP:= NAME:π2 NEWLINE END");
}

TEST_CASE("lexer records line and column spans", "[lexer]") {
    Lexer lexer("x = '''a\nbc''' + é\n");
    Token x = lexer.next();
    CHECK(x.line == 1);
    CHECK(x.col == 0);
    CHECK(x.end_col == 1);
    lexer.next();  // =
    Token s = lexer.next();
    CHECK(s.line == 1);
    CHECK(s.col == 4);
    CHECK(s.end_line == 2);
    CHECK(s.end_col == 5);
    lexer.next();  // +
    Token e = lexer.next();
    CHECK(e.line == 2);
    CHECK(e.col == 8);
    CHECK(e.end_col == 10);  // bytes, as CPython's col_offset
}

TEST_CASE("lexer positions f-string fields in place", "[lexer]") {
    Lexer lexer("a + b", 3, 7, true);
    Token a = lexer.next();
    CHECK(a.line == 3);
    CHECK(a.col == 7);
    lexer.next();
    Token b = lexer.next();
    CHECK(b.col == 11);
    CHECK(lexer.next().kind == TokenKind::EndMarker);
}

TEST_CASE("lexer reports inconsistent indentation", "[lexer][errors]") {
    CHECK(lex_error("if x:\n\tif y:\n\t    a\n        b\n") ==
          "TabError|inconsistent use of tabs and spaces in indentation|4|raw1");
    CHECK(lex_error("if x:\n    a\n  b\n") ==
          "IndentationError|unindent does not match any outer indentation level|3|raw4");
}

TEST_CASE("lexer reports bad characters and continuation", "[lexer][errors]") {
    CHECK(lex_error("x = 1 € 2\n") == "SyntaxError|invalid character '€' (U+20AC)|1|6");
    CHECK(lex_error("x = \x01\n") == "SyntaxError|invalid non-printable character U+0001|1|4");
    CHECK(lex_error("\\x\n") ==
          "SyntaxError|unexpected character after line continuation character|1|1");
    CHECK(lex_error("x = \\\n") == "SyntaxError|unexpected EOF while parsing|1|5");
}

TEST_CASE("lexer reports unterminated strings", "[lexer][errors]") {
    CHECK(lex_error("'abc\n") ==
          "SyntaxError|unterminated string literal (detected at line 1)|1|0");
    CHECK(lex_error("x = 1\n'''abc\n\nx\n") ==
          "SyntaxError|unterminated triple-quoted string literal (detected at line 4)|2|0");
}

TEST_CASE("lexer reports malformed numbers like CPython", "[lexer][errors]") {
    CHECK(lex_error("1_\n") == "SyntaxError|invalid decimal literal|1|1");
    CHECK(lex_error("1__0\n") == "SyntaxError|invalid decimal literal|1|1");
    CHECK(lex_error("1a\n") == "SyntaxError|invalid decimal literal|1|0");
    CHECK(lex_error("0x\n") == "SyntaxError|invalid hexadecimal literal|1|1");
    CHECK(lex_error("0b12\n") == "SyntaxError|invalid digit '2' in binary literal|1|3");
    CHECK(lex_error("0o8\n") == "SyntaxError|invalid digit '8' in octal literal|1|2");
    CHECK(lex_error("1.5j_\n") == "SyntaxError|invalid imaginary literal|1|3");
    CHECK(lex_error("012\n") ==
          "SyntaxError|leading zeros in decimal integer literals are not permitted; use an 0o "
          "prefix for octal integers|1|0");
}

TEST_CASE("lexer reports brackets that do not match", "[lexer][errors]") {
    CHECK(lex_error("x)\n") == "SyntaxError|unmatched ')'|1|1");
    CHECK(lex_error("(x]\n") ==
          "SyntaxError|closing parenthesis ']' does not match opening parenthesis '('|1|2");
    CHECK(lex_error("(x,\n y]\n") ==
          "SyntaxError|closing parenthesis ']' does not match opening parenthesis '(' on line "
          "1|2|2");
    CHECK(lex_error("f(x\n") == "SyntaxError|'(' was never closed|1|1");
}

TEST_CASE("lexer knows the hard keywords of Python 3.11", "[lexer]") {
    CHECK(is_keyword("lambda"));
    CHECK(is_keyword("nonlocal"));
    CHECK(is_keyword("await"));
    CHECK(!is_keyword("match"));  // soft keyword
    CHECK(!is_keyword("print"));
}
