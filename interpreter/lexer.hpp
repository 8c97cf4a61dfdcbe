// The lexer: turns Python 3.11 source (UTF-8) into tokens on demand, tracking indentation with
// a stack (INDENT/DEDENT), bracket nesting (newlines inside brackets are ignored) and backslash
// continuations. It reports errors with CPython's tokenizer messages and positions by throwing
// LexError, which the parser catches; nothing escapes parse().
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "interpreter/token.hpp"

namespace gilpy::interpreter {

// A syntax error found while reading source. Columns are 0-based UTF-8 byte offsets on their
// lines; the parser converts them into SyntaxError's 1-based character offsets. [raw_offset] and
// [raw_end_offset] bypass that conversion where CPython reports odd values (-1, 0, line length).
struct LexError {
    std::string type = "SyntaxError";  // or IndentationError / TabError
    std::string message;
    int line = 0, col = 0, end_line = 0, end_col = 0;
    int raw_offset = kNoRaw, raw_end_offset = kNoRaw;
    bool text_without_newline = false;  // CPython's tokenizer errors show the line without '\n'
    bool incomplete = false;            // input ended early (open bracket, string, block...)
    // CPython rescans the rest of the file after a parser error, and errors that its tokenizer
    // raises directly (bad numbers, strings, brackets, characters) replace the parser's error;
    // indentation errors and end-of-file do not (pegen_errors.c,
    // _PyPegen_tokenize_full_source_to_check_for_errors).
    bool replaces_parser_error = true;
    bool no_rescan = false;       // the parser's "unexpected indent" is final
    bool eof_in_bracket = false;  // "'(' was never closed"; [bracket_line] is where it opened
    int bracket_line = 0;
    bool has_text = false;  // [text] replaces the source line (f-string expression errors)
    std::string text;

    static constexpr int kNoRaw = -1000;
};

class Lexer {
  public:
    // [first_line]/[first_col] position the start of [source] (f-string fields are lexed in
    // place). With [in_brackets], the text is treated as if wrapped in parentheses: newlines are
    // ignored and no NEWLINE/INDENT is produced (f-string expressions).
    explicit Lexer(std::string_view source, int first_line = 1, int first_col = 0,
                   bool in_brackets = false);

    // The next token. Throws LexError.
    Token next();

  private:
    struct Bracket {
        char ch;
        int line, col;
    };

    char peek(size_t ahead = 0) const {
        return pos_ + ahead < src_.size() ? src_[pos_ + ahead] : '\0';
    }
    bool at_end() const { return pos_ >= src_.size(); }
    int col_of(size_t pos) const { return static_cast<int>(pos - line_start_) + col_base_; }
    void new_line(size_t next_line_start);

    bool read_indentation(Token* out);  // true when it produced a token (INDENT/DEDENT)
    Token make(TokenKind kind, size_t start, int start_line, int start_col);
    Token lex_name_or_string(size_t start);
    Token lex_number(size_t start);
    Token lex_string(size_t start, size_t quote_pos);
    Token lex_operator(size_t start);
    Token at_eof();
    [[noreturn]] void fail(std::string message, int col, int end_col) const;
    [[noreturn]] void fail_at_index(std::string message, size_t index) const;
    void check_invalid_character(size_t start) const;
    void decimal_tail(const char* kind_message);
    void verify_end_of_number(const char* kind);

    std::string_view src_;
    size_t pos_ = 0;
    size_t line_start_ = 0;  // byte offset of the current line's first character
    int line_ = 1;
    int col_base_ = 0;  // added to columns on the first line only
    bool at_line_start_ = true;
    bool in_brackets_mode_ = false;
    bool line_has_tokens_ = false;  // a NEWLINE is due at the end of this line
    int pending_dedents_ = 0;
    bool eof_newline_done_ = false;
    std::vector<int> indents_{0}, alt_indents_{0};  // tab size 8 and tab size 1
    std::vector<Bracket> brackets_;
};

// The text of line [line] (1-based) of [source], including its newline when it has one.
std::string_view source_line(std::string_view source, int line);

// Converts a 0-based byte column on [line_text] into CPython's 1-based character offset.
int char_offset(std::string_view line_text, int byte_col);

}  // namespace gilpy::interpreter
