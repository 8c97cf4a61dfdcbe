// The lexer: Python 3.11 source to tokens, with CPython's tokenizer error messages and positions
// (Parser/tokenizer.c is the behavioural reference; no code is taken from it).
//
// Indentation is measured twice, with tabs as 8 columns and as 1 column; when the two disagree
// about the order of two indentation levels the source depends on the tab size, which is
// CPython's TabError rule. Error offsets follow CPython's quirks: most tokenizer errors point at
// the character after the last one read, which as a 1-based offset names the last good one.
#include "interpreter/lexer.hpp"

#include <cctype>
#include <cstdio>

namespace gilpy::interpreter {

namespace {

// CPython's tokenizer limits (tokenizer.h: MAXINDENT, MAXLEVEL).
constexpr size_t kMaxIndentLevels = 100;
constexpr size_t kMaxBracketDepth = 200;

constexpr std::string_view kKeywords[] = {
    "False", "None",     "True",  "and",    "as",   "assert", "async",  "await",    "break",
    "class", "continue", "def",   "del",    "elif", "else",   "except", "finally",  "for",
    "from",  "global",   "if",    "import", "in",   "is",     "lambda", "nonlocal", "not",
    "or",    "pass",     "raise", "return", "try",  "while",  "with",   "yield"};

// Operators, longest first so that the first match is the longest one.
constexpr std::string_view kOperators[] = {"**=", "//=", ">>=", "<<=", "...", "->", ":=", "**",
                                           "//",  ">>",  "<<",  "<=",  ">=",  "==", "!=", "+=",
                                           "-=",  "*=",  "/=",  "%=",  "&=",  "|=", "^=", "@="};

bool is_ascii_name_start(unsigned char c) {
    return std::isalpha(c) || c == '_';
}

// Decodes one UTF-8 sequence at [s][i]; sets [len] to its byte length (1 for invalid bytes).
uint32_t decode_utf8(std::string_view s, size_t i, int* len) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    int n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 1;
    if (i + n > s.size()) n = 1;
    uint32_t cp = n == 1 ? c : n == 2 ? (c & 0x1F) : n == 3 ? (c & 0x0F) : (c & 0x07);
    for (int k = 1; k < n; ++k)
        cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    *len = n;
    return cp;
}

// Whether a non-ASCII code point may appear in an identifier. This approximates Unicode's
// XID_Continue without the full database: letters and marks of every script are accepted, and
// the punctuation, symbol, currency, arrow, box-drawing and emoji blocks are rejected.
bool is_identifier_code_point(uint32_t cp) {
    if (cp < 0x80) return std::isalnum(static_cast<int>(cp)) || cp == '_';
    if (cp <= 0xBF) return cp == 0xAA || cp == 0xB5 || cp == 0xBA || cp == 0xB7;
    if (cp == 0xD7 || cp == 0xF7) return false;
    if (cp >= 0x2000 && cp <= 0x206F) return cp == 0x203F || cp == 0x2040 || cp == 0x2054;
    if (cp >= 0x2070 && cp <= 0x209F) return true;          // super/subscript letters
    if (cp >= 0x20A0 && cp <= 0x20FF) return cp >= 0x20D0;  // currency (marks are fine)
    if (cp >= 0x2190 && cp <= 0x2BFF) return false;         // arrows, maths, shapes, dingbats
    if (cp >= 0x2E00 && cp <= 0x2E7F) return false;
    if (cp >= 0x3000 && cp <= 0x3004) return false;
    if (cp >= 0x3008 && cp <= 0x3020) return false;
    if (cp >= 0xFE10 && cp <= 0xFE6F) return cp >= 0xFE20 && cp <= 0xFE2F;
    if (cp >= 0xFF01 && cp <= 0xFF0F) return false;
    if (cp >= 0xFF1A && cp <= 0xFF20) return false;
    if (cp >= 0xFF3B && cp <= 0xFF40) return cp == 0xFF3F;
    if (cp >= 0xFF5B && cp <= 0xFF65) return false;
    if (cp == 0xFEFF || (cp >= 0xFFF0 && cp <= 0xFFFF)) return false;
    if (cp >= 0x1F000 && cp <= 0x1FAFF) return false;  // emoji and pictographs
    return true;
}

bool is_string_prefix(std::string_view p) {
    if (p.size() > 2) return false;
    bool r = false, b = false, f = false, u = false;
    for (char c : p) {
        switch (c) {
            case 'r':
            case 'R':
                if (r) return false;
                r = true;
                break;
            case 'b':
            case 'B':
                if (b) return false;
                b = true;
                break;
            case 'f':
            case 'F':
                if (f) return false;
                f = true;
                break;
            case 'u':
            case 'U':
                if (u) return false;
                u = true;
                break;
            default:
                return false;
        }
    }
    if (u) return p.size() == 1;
    return !(b && f);
}

}  // namespace

bool is_keyword(std::string_view word) {
    for (auto k : kKeywords) {
        if (k == word) return true;
    }
    return false;
}

std::string_view source_line(std::string_view source, int line) {
    size_t pos = 0;
    for (int l = 1; l < line; ++l) {
        size_t nl = source.find('\n', pos);
        if (nl == std::string_view::npos) return {};
        pos = nl + 1;
    }
    if (pos > source.size()) return {};
    size_t end = source.find('\n', pos);
    return source.substr(pos,
                         end == std::string_view::npos ? std::string_view::npos : end - pos + 1);
}

int char_offset(std::string_view line_text, int byte_col) {
    int chars = 0;
    for (int i = 0; i < byte_col && i < static_cast<int>(line_text.size()); ++i) {
        if ((static_cast<unsigned char>(line_text[i]) & 0xC0) != 0x80) ++chars;
    }
    if (byte_col > static_cast<int>(line_text.size())) chars += byte_col - line_text.size();
    return chars + 1;
}

Lexer::Lexer(std::string_view source, int first_line, int first_col, bool in_brackets)
    : src_(source), line_(first_line), col_base_(first_col), in_brackets_mode_(in_brackets) {
    if (src_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = line_start_ = 3, col_base_ -= 3;
    if (in_brackets) at_line_start_ = false;
}

void Lexer::new_line(size_t next_line_start) {
    ++line_;
    line_start_ = next_line_start;
    col_base_ = 0;
}

void Lexer::fail(std::string message, int col, int end_col) const {
    LexError e;
    e.message = std::move(message);
    e.line = e.end_line = line_;
    e.col = col;
    e.end_col = end_col;
    e.text_without_newline = true;
    throw e;
}

// CPython reports the offset of the character after the last one read: index [index] as a
// 1-based offset.
void Lexer::fail_at_index(std::string message, size_t index) const {
    fail(std::move(message), col_of(index) - 1, col_of(index) - 1);
}

Token Lexer::make(TokenKind kind, size_t start, int start_line, int start_col) {
    Token t;
    t.kind = kind;
    t.text = src_.substr(start, pos_ - start);
    t.line = start_line;
    t.col = start_col;
    t.end_line = line_;
    t.end_col = col_of(pos_);
    line_has_tokens_ = true;
    return t;
}

bool Lexer::read_indentation(Token* out) {
    for (;;) {
        int col = 0, alt = 0;
        while (!at_end()) {
            char c = peek();
            if (c == ' ') {
                ++col, ++alt;
            } else if (c == '\t') {
                col = (col / 8 + 1) * 8;
                ++alt;
            } else if (c == '\f') {
                col = alt = 0;
            } else {
                break;
            }
            ++pos_;
        }
        if (at_end()) return false;  // trailing blank line: at_eof() finishes
        char c = peek();
        if (c == '#' || c == '\n' || c == '\r') {
            // A blank or comment-only line does not affect indentation.
            while (!at_end() && peek() != '\n')
                ++pos_;
            if (at_end()) return false;
            ++pos_;
            new_line(pos_);
            continue;
        }
        at_line_start_ = false;
        auto tab_error = [&] {
            LexError e;
            e.type = "TabError";
            e.message = "inconsistent use of tabs and spaces in indentation";
            e.line = e.end_line = line_;
            e.raw_offset = 1;
            e.raw_end_offset = 0;
            e.replaces_parser_error = false;
            throw e;
        };
        Token t;
        t.line = t.end_line = line_;
        t.col = t.end_col = col_of(pos_);
        if (col == indents_.back()) {
            if (alt != alt_indents_.back()) tab_error();
            return false;
        }
        if (col > indents_.back()) {
            if (alt <= alt_indents_.back()) tab_error();
            if (indents_.size() >= kMaxIndentLevels) {
                LexError e;
                e.type = "IndentationError";
                e.message = "too many levels of indentation";
                e.line = e.end_line = line_;
                e.raw_offset = 1;
                e.raw_end_offset = 0;
                throw e;
            }
            indents_.push_back(col);
            alt_indents_.push_back(alt);
            t.kind = TokenKind::Indent;
            *out = t;
            return true;
        }
        int dedents = 0;
        while (indents_.size() > 1 && col < indents_.back()) {
            indents_.pop_back();
            alt_indents_.pop_back();
            ++dedents;
        }
        if (col != indents_.back()) {
            LexError e;
            e.type = "IndentationError";
            e.message = "unindent does not match any outer indentation level";
            e.line = e.end_line = line_;
            std::string_view rest = src_.substr(line_start_);
            size_t len = rest.find('\n');
            if (len == std::string_view::npos) len = rest.size();
            if (len > 0 && rest[len - 1] == '\r') --len;
            e.raw_offset = char_offset(rest.substr(0, len), static_cast<int>(len));
            e.raw_end_offset = -1;
            e.replaces_parser_error = false;
            throw e;
        }
        if (alt != alt_indents_.back()) tab_error();
        pending_dedents_ = dedents - 1;
        t.kind = TokenKind::Dedent;
        *out = t;
        return true;
    }
}

Token Lexer::next() {
    if (pending_dedents_ > 0) {
        --pending_dedents_;
        Token t;
        t.kind = TokenKind::Dedent;
        t.line = t.end_line = line_;
        t.col = t.end_col = col_of(pos_);
        return t;
    }
    if (at_line_start_ && brackets_.empty()) {
        Token t;
        if (read_indentation(&t)) return t;
    }
    for (;;) {
        char c = peek();
        if (at_end()) return at_eof();
        if (c == ' ' || c == '\t' || c == '\f') {
            ++pos_;
        } else if (c == '#') {
            while (!at_end() && peek() != '\n' && peek() != '\r')
                ++pos_;
        } else if (c == '\\') {
            size_t after = pos_ + 1;
            if (after < src_.size() && src_[after] == '\r') ++after;
            if (after < src_.size() && src_[after] == '\n' && after + 1 < src_.size()) {
                pos_ = after + 1;
                new_line(pos_);
            } else if (after >= src_.size() || src_[after] == '\n') {
                LexError e;
                e.message = "unexpected EOF while parsing";
                e.line = e.end_line = line_;
                e.col = col_of(pos_) + 1;
                e.raw_end_offset = -1;
                e.incomplete = true;
                e.replaces_parser_error = false;
                throw e;
            } else {
                LexError e;
                e.message = "unexpected character after line continuation character";
                e.line = e.end_line = line_;
                e.col = col_of(pos_) + 1;
                e.raw_end_offset = 0;
                throw e;
            }
        } else if (c == '\n' || c == '\r') {
            size_t nl = pos_;
            if (c == '\r' && peek(1) == '\n') ++pos_;
            ++pos_;
            if (!brackets_.empty() || in_brackets_mode_ || !line_has_tokens_) {
                new_line(pos_);
                continue;
            }
            Token t;
            t.kind = TokenKind::Newline;
            t.line = t.end_line = line_;
            t.col = t.end_col = col_of(nl);
            new_line(pos_);
            at_line_start_ = true;
            line_has_tokens_ = false;
            return t;
        } else {
            break;
        }
    }
    size_t start = pos_;
    unsigned char c = static_cast<unsigned char>(peek());
    if (is_ascii_name_start(c) || c >= 0x80) return lex_name_or_string(start);
    if (std::isdigit(c) || (c == '.' && std::isdigit(static_cast<unsigned char>(peek(1))))) {
        return lex_number(start);
    }
    if (c == '\'' || c == '"') return lex_string(start, start);
    return lex_operator(start);
}

Token Lexer::at_eof() {
    if (!brackets_.empty()) {
        const Bracket& b = brackets_.back();
        LexError e;
        e.message = std::string("'") + b.ch + "' was never closed";
        e.line = e.end_line = b.line;
        e.col = e.end_col = b.col;
        e.raw_end_offset = 0;
        e.incomplete = true;
        e.replaces_parser_error = false;
        e.eof_in_bracket = true;
        e.bracket_line = b.line;
        // CPython shows the line without its newline unless it is the last one.
        e.text_without_newline = b.line != line_ - (src_.empty() || src_.back() == '\n' ? 1 : 0);
        throw e;
    }
    Token t;
    t.line = t.end_line = line_;
    t.col = t.end_col = col_of(pos_);
    if (!eof_newline_done_) {
        eof_newline_done_ = true;
        if (line_has_tokens_ && !in_brackets_mode_) {
            line_has_tokens_ = false;
            t.kind = TokenKind::Newline;
            return t;
        }
    }
    if (indents_.size() > 1) {
        indents_.pop_back();
        alt_indents_.pop_back();
        t.kind = TokenKind::Dedent;
        return t;
    }
    t.kind = TokenKind::EndMarker;
    return t;
}

void Lexer::check_invalid_character(size_t start) const {
    int len = 1;
    uint32_t cp = decode_utf8(src_, start, &len);
    if (cp >= 0x20 && is_identifier_code_point(cp)) return;
    char buf[96];
    if (cp < 0x20) {
        std::snprintf(buf, sizeof buf, "invalid non-printable character U+%04X",
                      static_cast<unsigned>(cp));
    } else {
        std::snprintf(buf, sizeof buf, "invalid character '%.*s' (U+%04X)", len,
                      src_.data() + start, static_cast<unsigned>(cp));
    }
    LexError e;
    e.message = buf;
    e.line = e.end_line = line_;
    e.col = e.end_col = col_of(start);
    e.text_without_newline = true;
    throw e;
}

Token Lexer::lex_name_or_string(size_t start) {
    int start_line = line_, start_col = col_of(start);
    while (!at_end()) {
        unsigned char c = static_cast<unsigned char>(peek());
        if (c < 0x80) {
            if (!std::isalnum(c) && c != '_') break;
            ++pos_;
        } else {
            check_invalid_character(pos_);
            int len = 1;
            decode_utf8(src_, pos_, &len);
            pos_ += len;
        }
    }
    if ((peek() == '\'' || peek() == '"') && is_string_prefix(src_.substr(start, pos_ - start))) {
        return lex_string(start, pos_);
    }
    return make(TokenKind::Name, start, start_line, start_col);
}

// Consumes the rest of a run of decimal digits where single underscores may separate digits.
void Lexer::decimal_tail(const char* kind_message) {
    for (;;) {
        while (std::isdigit(static_cast<unsigned char>(peek())))
            ++pos_;
        if (peek() != '_') return;
        ++pos_;
        if (!std::isdigit(static_cast<unsigned char>(peek()))) fail_at_index(kind_message, pos_);
    }
}

// A number must not run into a name, except the keywords that may follow a number in valid
// code ("1if x else 2"), which CPython 3.11 accepts with a warning (tokenizer.c,
// verify_end_of_number).
void Lexer::verify_end_of_number(const char* kind) {
    std::string_view rest = src_.substr(pos_);
    for (std::string_view kw : {"and", "else", "for", "if", "in", "is", "not", "or"}) {
        if (rest.substr(0, kw.size()) == kw) return;
    }
    unsigned char c = static_cast<unsigned char>(peek());
    if (std::isalnum(c) || c == '_' || c >= 0x80) {
        fail_at_index(std::string("invalid ") + kind + " literal", pos_);
    }
}

Token Lexer::lex_number(size_t start) {
    int start_line = line_, start_col = col_of(start);
    auto digit_run = [&](int base, const char* name) {
        // After a base prefix: groups of digits separated by single underscores.
        for (;;) {
            if (peek() == '_') ++pos_;
            unsigned char c = static_cast<unsigned char>(peek());
            bool ok = base == 16 ? std::isxdigit(c) != 0 : (c >= '0' && c < '0' + base);
            if (!ok) {
                if (base != 16 && std::isdigit(c)) {
                    fail(std::string("invalid digit '") + static_cast<char>(c) + "' in " + name +
                             " literal",
                         col_of(pos_), col_of(pos_));
                }
                fail_at_index(std::string("invalid ") + name + " literal", pos_);
            }
            for (;;) {
                c = static_cast<unsigned char>(peek());
                ok = base == 16 ? std::isxdigit(c) != 0 : (c >= '0' && c < '0' + base);
                if (!ok) break;
                ++pos_;
            }
            if (peek() != '_') break;
        }
        unsigned char c = static_cast<unsigned char>(peek());
        if (base != 16 && std::isdigit(c)) {
            fail(
                std::string("invalid digit '") + static_cast<char>(c) + "' in " + name + " literal",
                col_of(pos_), col_of(pos_));
        }
        verify_end_of_number(name);
        return make(TokenKind::Number, start, start_line, start_col);
    };
    auto exponent_and_imaginary = [&]() -> Token {
        if (peek() == 'e' || peek() == 'E') {
            size_t e = pos_;
            ++pos_;
            if (peek() == '+' || peek() == '-') ++pos_;
            if (!std::isdigit(static_cast<unsigned char>(peek()))) {
                pos_ = e;
                verify_end_of_number("decimal");
                return make(TokenKind::Number, start, start_line, start_col);
            }
            decimal_tail("invalid decimal literal");
        }
        if (peek() == 'j' || peek() == 'J') {
            ++pos_;
            verify_end_of_number("imaginary");
        } else {
            verify_end_of_number("decimal");
        }
        return make(TokenKind::Number, start, start_line, start_col);
    };
    auto fraction = [&]() -> Token {  // at '.'
        ++pos_;
        if (std::isdigit(static_cast<unsigned char>(peek())))
            decimal_tail("invalid decimal literal");
        return exponent_and_imaginary();
    };
    if (peek() == '.') return fraction();
    if (peek() == '0') {
        char p = peek(1);
        if (p == 'x' || p == 'X') return pos_ += 2, digit_run(16, "hexadecimal");
        if (p == 'o' || p == 'O') return pos_ += 2, digit_run(8, "octal");
        if (p == 'b' || p == 'B') return pos_ += 2, digit_run(2, "binary");
        // Zeros, possibly with underscores; then a nonzero digit is only allowed in a float.
        ++pos_;
        for (;;) {
            if (peek() == '_') {
                ++pos_;
                if (!std::isdigit(static_cast<unsigned char>(peek()))) {
                    fail_at_index("invalid decimal literal", pos_);
                }
            }
            if (peek() != '0') break;
            ++pos_;
        }
        size_t zeros_end = pos_;
        bool nonzero = false;
        if (std::isdigit(static_cast<unsigned char>(peek()))) {
            nonzero = true;
            decimal_tail("invalid decimal literal");
        }
        char c = peek();
        if (c == '.') return fraction();
        if (c == 'e' || c == 'E' || c == 'j' || c == 'J') return exponent_and_imaginary();
        if (nonzero) {
            fail(
                "leading zeros in decimal integer literals are not permitted; use an 0o prefix "
                "for octal integers",
                start_col, col_of(zeros_end));
        }
        verify_end_of_number("decimal");
        return make(TokenKind::Number, start, start_line, start_col);
    }
    decimal_tail("invalid decimal literal");
    if (peek() == '.') return fraction();
    return exponent_and_imaginary();
}

Token Lexer::lex_string(size_t start, size_t quote_pos) {
    int start_line = line_, start_col = col_of(start);
    char q = src_[quote_pos];
    bool triple =
        quote_pos + 2 < src_.size() && src_[quote_pos + 1] == q && src_[quote_pos + 2] == q;
    pos_ = quote_pos + (triple ? 3 : 1);
    auto unterminated = [&] {
        LexError e;
        int detected = line_;
        if (triple && !src_.empty() && src_.back() == '\n' && line_ > start_line) --detected;
        e.message = std::string(triple ? "unterminated triple-quoted string literal"
                                       : "unterminated string literal") +
                    " (detected at line " + std::to_string(detected) + ")";
        e.line = e.end_line = start_line;
        e.col = e.end_col = start_col;
        e.text_without_newline = true;
        e.incomplete = triple;
        throw e;
    };
    for (;;) {
        if (at_end()) unterminated();
        char c = peek();
        if (c == '\\') {
            ++pos_;
            if (at_end()) unterminated();
            char n = peek();
            ++pos_;
            if (n == '\r' && peek() == '\n') ++pos_;
            if (n == '\n' || n == '\r') new_line(pos_);
            continue;
        }
        if (c == '\n' || c == '\r') {
            if (!triple) unterminated();
            ++pos_;
            if (c == '\r' && peek() == '\n') ++pos_;
            new_line(pos_);
            continue;
        }
        ++pos_;
        if (c == q) {
            if (!triple) break;
            if (peek() == q && peek(1) == q) {
                pos_ += 2;
                break;
            }
        }
    }
    return make(TokenKind::String, start, start_line, start_col);
}

Token Lexer::lex_operator(size_t start) {
    int start_line = line_, start_col = col_of(start);
    for (auto op : kOperators) {
        if (src_.substr(pos_, op.size()) == op) {
            pos_ += op.size();
            return make(TokenKind::Op, start, start_line, start_col);
        }
    }
    char c = peek();
    if (static_cast<unsigned char>(c) < 0x20 && c != '\t') {
        // Control characters other than whitespace are never valid.
        check_invalid_character(start);
    }
    ++pos_;
    if (c == '(' || c == '[' || c == '{') {
        if (brackets_.size() >= kMaxBracketDepth) {
            fail("too many nested parentheses", start_col, start_col);
        }
        brackets_.push_back({c, line_, start_col});
    } else if (c == ')' || c == ']' || c == '}') {
        if (brackets_.empty()) {
            fail(std::string("unmatched '") + c + "'", start_col, start_col);
        }
        Bracket open = brackets_.back();
        char want = open.ch == '(' ? ')' : open.ch == '[' ? ']' : '}';
        if (c != want) {
            std::string msg = std::string("closing parenthesis '") + c +
                              "' does not match opening parenthesis '" + open.ch + "'";
            if (open.line != line_) msg += " on line " + std::to_string(open.line);
            fail(msg, start_col, start_col);
        }
        brackets_.pop_back();
    }
    return make(TokenKind::Op, start, start_line, start_col);
}

}  // namespace gilpy::interpreter
