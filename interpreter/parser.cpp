// The parser's entry point, token buffer and error reporting. Errors follow CPython 3.11's
// pegen: the message, the caret range, and which error wins when the parser and the tokenizer
// both object (Parser/pegen_errors.c describes the rules; see parse() below).
#include <algorithm>

#include "interpreter/parser_internal.hpp"

namespace gilpy::interpreter {

Parser::Parser(std::string_view source, ParseMode mode, Lexer lexer, int fstring_depth)
    : source_(source), mode_(mode), lexer_(std::move(lexer)), fstring_depth_(fstring_depth) {}

// ---------------------------------------------------------------- tokens

const Token& Parser::tok(size_t ahead) {
    while (tokens_.size() <= pos_ + ahead) {
        if (!tokens_.empty() && tokens_.back().kind == TokenKind::EndMarker) {
            return tokens_.back();
        }
        try {
            tokens_.push_back(lexer_.next());
        } catch (LexError&) {
            lexer_failed_ = true;
            throw;
        }
    }
    return tokens_[pos_ + ahead];
}

Token Parser::take() {
    Token t = tok();
    if (t.kind != TokenKind::EndMarker) ++pos_;
    if (t.kind == TokenKind::Name || t.kind == TokenKind::Number || t.kind == TokenKind::String ||
        t.kind == TokenKind::Op) {
        last_ = t;
    }
    return t;
}

bool Parser::accept_op(std::string_view op) {
    if (!at_op(op)) return false;
    take();
    return true;
}

bool Parser::accept_kw(std::string_view kw) {
    if (!at_kw(kw)) return false;
    take();
    return true;
}

void Parser::expect_op(std::string_view op) {
    if (!accept_op(op)) invalid_syntax();
}

Token Parser::expect_name() {
    const Token& t = tok();
    if (t.kind != TokenKind::Name || is_keyword(t.text)) invalid_syntax();
    return take();
}

bool Parser::at_expression_start() {
    const Token& t = tok();
    switch (t.kind) {
        case TokenKind::Number:
        case TokenKind::String:
            return true;
        case TokenKind::Name:
            return !is_keyword(t.text) || t.text == "None" || t.text == "True" ||
                   t.text == "False" || t.text == "lambda" || t.text == "not" || t.text == "await";
        case TokenKind::Op:
            return t.text == "(" || t.text == "[" || t.text == "{" || t.text == "~" ||
                   t.text == "...";
        default:
            return false;
    }
}

// ---------------------------------------------------------------- errors

void Parser::fail_range(int line, int col, int end_line, int end_col, std::string message) {
    LexError e;
    e.message = std::move(message);
    e.line = line;
    e.col = col;
    e.end_line = end_line;
    e.end_col = end_col;
    throw e;
}

void Parser::fail_span(const Span& s, std::string message) {
    fail_range(s.line, s.col, s.end_line, s.end_col, std::move(message));
}

void Parser::fail_token(const Token& t, std::string message, std::string type) {
    LexError e;
    e.type = std::move(type);
    e.message = std::move(message);
    e.line = t.line;
    e.col = t.col;
    e.end_line = t.end_line;
    e.end_col = t.end_col;
    // The end of input means the statement was cut short: the REPL should read on.
    if (t.kind == TokenKind::EndMarker || t.kind == TokenKind::Dedent) {
        size_t ahead = 0;
        while (tok(ahead).kind == TokenKind::Dedent)
            ++ahead;
        e.incomplete = tok(ahead).kind == TokenKind::EndMarker;
    }
    throw e;
}

void Parser::invalid_syntax() {
    const Token& t = tok();
    if (t.kind == TokenKind::Indent) {
        LexError e;
        e.type = "IndentationError";
        e.message = "unexpected indent";
        e.line = e.end_line = t.line;
        e.raw_offset = char_offset(source_line(source_, t.line), t.col) - 1;
        e.raw_end_offset = -1;
        e.no_rescan = true;
        throw e;
    }
    if (t.kind == TokenKind::Dedent) {
        LexError e;
        e.type = "IndentationError";
        e.message = "unexpected unindent";
        e.line = e.end_line = t.line;
        e.col = e.end_col = t.col;
        e.no_rescan = true;
        throw e;
    }
    fail_token(t, "invalid syntax");
}

void Parser::expected(std::string_view what) {
    fail_token(tok(), "expected '" + std::string(what) + "'");
}

void Parser::fail_after_expression(const Expr& a) {
    if (!at_expression_start()) invalid_syntax();
    bool a_is_name = a.kind == ExprKind::Name;
    const std::string* id = a_is_name ? &as<Name>(a).id : nullptr;
    // Python 2's `print x` / `exec code` (pegen's invalid_legacy_expression).
    if (a_is_name && (*id == "print" || *id == "exec") && !at_op("(")) {
        size_t save = pos_;
        ExprPtr b;
        try {
            b = star_expressions();
        } catch (LexError&) {
            if (lexer_failed_) throw;
            pos_ = save;
            invalid_syntax();
        }
        fail_range(a.span.line, a.span.col, b->span.end_line, b->span.end_col,
                   "Missing parentheses in call to '" + *id + "'. Did you mean " + *id + "(...)?");
    }
    bool soft_keyword = a_is_name && (*id == "match" || *id == "case" || *id == "_");
    if (paren_depth_ == 0 || soft_keyword || (a_is_name && tok().kind == TokenKind::String)) {
        invalid_syntax();
    }
    size_t save = pos_;
    ExprPtr b;
    try {
        b = expression();
    } catch (LexError&) {
        if (lexer_failed_) throw;
        pos_ = save;
        invalid_syntax();
    }
    fail_range(a.span.line, a.span.col, b->span.end_line, b->span.end_col,
               "invalid syntax. Perhaps you forgot a comma?");
}

// After a parser error CPython tokenizes the rest of the input; an error its tokenizer raises
// there wins, and so does an unclosed bracket opened before the parser's error line
// (_PyPegen_tokenize_full_source_to_check_for_errors).
void Parser::scan_rest_for_lexer_error(LexError* err) {
    if (err->no_rescan) return;
    int furthest_line = tokens_.empty() ? err->line : tokens_.back().line;
    try {
        while (lexer_.next().kind != TokenKind::EndMarker) {
        }
    } catch (LexError& e) {
        if (e.replaces_parser_error || (e.eof_in_bracket && furthest_line > e.bracket_line)) {
            *err = e;
        }
    }
}

// ---------------------------------------------------------------- entry point

namespace {

SyntaxErrorInfo to_info(const LexError& e, std::string_view source, std::string_view filename) {
    SyntaxErrorInfo info;
    info.type = e.type;
    info.message = e.message;
    info.filename = std::string(filename);
    info.line = e.line;
    info.end_line = e.end_line;
    std::string_view text = source_line(source, e.line);
    std::string_view end_text = e.end_line == e.line ? text : source_line(source, e.end_line);
    info.offset = e.raw_offset != LexError::kNoRaw ? e.raw_offset : char_offset(text, e.col);
    info.end_offset =
        e.raw_end_offset != LexError::kNoRaw ? e.raw_end_offset : char_offset(end_text, e.end_col);
    if (e.text_without_newline) {
        while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) {
            text.remove_suffix(1);
        }
    }
    info.text = e.has_text ? e.text : std::string(text);
    info.incomplete = e.incomplete;
    return info;
}

// Whether the input's last line is blank, which ends a block at the interactive prompt.
bool ends_with_blank_line(std::string_view source) {
    if (source.empty() || source.back() != '\n') return false;
    source.remove_suffix(1);
    size_t nl = source.rfind('\n');
    std::string_view last = nl == std::string_view::npos ? source : source.substr(nl + 1);
    return last.find_first_not_of(" \t\f\r") == std::string_view::npos;
}

}  // namespace

ParseResult parse(std::string_view source, std::string_view filename, ParseMode mode) {
    ParseResult result;
    // eval() ignores leading spaces and tabs (bltinmodule.c strips them); lexing starts after
    // them with the column they occupy, so positions stay right.
    size_t skip = 0;
    if (mode == ParseMode::Eval) {
        skip = std::min(source.find_first_not_of(" \t"), source.size());
    }
    Parser p(source, mode, Lexer(source.substr(skip), 1, static_cast<int>(skip)));
    try {
        result.module = mode == ParseMode::Eval ? p.parse_eval() : p.parse_file();
        if (mode == ParseMode::Single && p.saw_compound() && !ends_with_blank_line(source)) {
            // A complete compound statement may still grow: the REPL waits for a blank line.
            SyntaxErrorInfo info;
            info.type = "SyntaxError";
            info.message = "incomplete input";
            info.filename = std::string(filename);
            info.incomplete = true;
            result.module.reset();
            result.error = info;
        }
    } catch (LexError& e) {
        if (!p.lexer_failed()) p.scan_rest_for_lexer_error(&e);
        result.error = to_info(e, source, filename);
        // At the prompt a blank line ends the input for good (except inside brackets and
        // strings), so an error there is final.
        if (result.error->incomplete && mode == ParseMode::Single && !e.eof_in_bracket &&
            e.message.rfind("unterminated triple", 0) != 0 && ends_with_blank_line(source)) {
            result.error->incomplete = false;
        }
    }
    return result;
}

}  // namespace gilpy::interpreter
