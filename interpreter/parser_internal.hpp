// The parser's internal class, shared by parser.cpp (tokens, errors, entry point),
// parse_stmt.cpp (statements), parse_expr.cpp (expressions and targets) and parse_string.cpp
// (string literals and f-strings). Errors unwind as LexError exceptions to parse(), which turns
// them into SyntaxErrorInfo; nothing else catches them.
#pragma once

#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "interpreter/ast.hpp"
#include "interpreter/lexer.hpp"
#include "interpreter/parser.hpp"

namespace gilpy::interpreter {

class Parser {
  public:
    // [fstring_depth] > 0 for the sub-parser of an f-string replacement field.
    Parser(std::string_view source, ParseMode mode, Lexer lexer, int fstring_depth = 0);

    std::unique_ptr<Module> parse_file();  // Exec and Single
    std::unique_ptr<Module> parse_eval();
    ExprPtr parse_fstring_field();  // the expression of `{...}`, to its end

    // After a parser error: the lexer's verdict on the rest of the source (see LexError).
    void scan_rest_for_lexer_error(LexError* err);
    bool lexer_failed() const { return lexer_failed_; }
    bool saw_compound() const { return saw_compound_; }

    // ---- tokens (parser.cpp)
    const Token& tok(size_t ahead = 0);
    Token take();
    bool at_op(std::string_view op) { return tok().is_op(op); }
    bool at_kw(std::string_view kw) { return tok().is_name(kw); }
    bool accept_op(std::string_view op);
    bool accept_kw(std::string_view kw);
    void expect_op(std::string_view op);
    Token expect_name();
    bool at_expression_start();

    // ---- errors (parser.cpp)
    [[noreturn]] void fail_token(const Token& t, std::string message,
                                 std::string type = "SyntaxError");
    [[noreturn]] void fail_span(const Span& s, std::string message);
    [[noreturn]] void fail_range(int line, int col, int end_line, int end_col, std::string message);
    [[noreturn]] void invalid_syntax();                 // at the current token
    [[noreturn]] void expected(std::string_view what);  // "expected ':'" after the previous token
    // An expression [a] was followed by a token that cannot continue it: a missing comma, a
    // Python 2 print statement, or plain invalid syntax.
    [[noreturn]] void fail_after_expression(const Expr& a);

    // ---- statements (parse_stmt.cpp)
    void statement(StmtList* out);
    void simple_statements(StmtList* out);
    StmtPtr simple_statement();
    StmtPtr compound_statement();
    StmtList block(const Token& header, std::string_view what);
    StmtPtr expression_statement();
    StmtPtr if_statement(const Token& kw);
    StmtPtr while_statement();
    StmtPtr for_statement(bool is_async, const Token* async_tok);
    StmtPtr try_statement();
    StmtPtr with_statement(bool is_async, const Token* async_tok);
    StmtPtr function_def(ExprList decorators, const Token* first, bool is_async);
    StmtPtr class_def(ExprList decorators, const Token* first);
    StmtPtr decorated();
    StmtPtr import_statement();
    StmtPtr from_import_statement();
    void parameters(Arguments* args, bool is_lambda);

    // ---- expressions (parse_expr.cpp)
    ExprPtr star_expressions();  // a, *b, c  -> Tuple when there is a comma
    ExprPtr star_expression();
    ExprPtr star_named_expression();
    ExprPtr named_expression();
    ExprPtr expression();
    ExprPtr disjunction();
    ExprPtr conjunction();
    ExprPtr inversion();
    ExprPtr comparison();
    ExprPtr bitwise_or();
    ExprPtr bitwise_xor();
    ExprPtr bitwise_and();
    ExprPtr shift_expr();
    ExprPtr sum();
    ExprPtr term();
    ExprPtr factor();
    ExprPtr power();
    ExprPtr await_primary();
    ExprPtr primary();
    ExprPtr atom();
    ExprPtr lambda_expression();
    ExprPtr yield_expression();
    ExprPtr paren_atom();
    ExprPtr list_atom();
    ExprPtr brace_atom();
    ExprPtr slices();
    ExprPtr slice_item();
    void call_arguments(Call* call, const Token& open);  // after '(', through ')'
    void comprehension_clauses(std::vector<Comprehension>* out);
    ExprPtr star_targets_for();                  // the target list of `for` (stops at `in`)
    ExprPtr target_item();                       // one target: `*` bitwise_or, or bitwise_or
    void check_stray_assignment(const Expr& a);  // `if x = 1:` and friends

    // ---- targets (parse_expr.cpp)
    void set_store(Expr& e, bool first_target_hint);
    void set_del(Expr& e);
    static const char* expr_name(const Expr& e);
    bool is_parenthesized(const Expr* e) const { return parenthesized_.count(e) != 0; }

    // ---- literals (parse_string.cpp)
    ExprPtr number(const Token& t);
    ExprPtr strings();  // one or more adjacent STRING tokens

    std::string_view source_;
    ParseMode mode_;
    Lexer lexer_;
    int fstring_depth_ = 0;
    std::vector<Token> tokens_;  // every token fetched so far
    size_t pos_ = 0;             // index of the current token in tokens_
    bool lexer_failed_ = false;
    bool saw_compound_ = false;
    int paren_depth_ = 0;
    int nesting_ = 0;  // recursion depth of prefix operators, lambdas and conditionals  // brackets
                       // the parser is inside (for the missing-comma hint)
    std::unordered_set<const Expr*> parenthesized_;
    Token last_;  // the most recently consumed token other than NEWLINE, INDENT and DEDENT
};

// Bounds the parser's recursion on inputs such as `- - - ... x` so that deep nesting is a
// SyntaxError rather than a C++ stack overflow. (CPython 3.11 raises MemoryError here.)
class NestingGuard {
  public:
    static constexpr int kMaxNesting = 2000;
    explicit NestingGuard(Parser& p) : p_(p) {
        if (++p_.nesting_ > kMaxNesting) {
            --p_.nesting_;
            p_.fail_token(p_.tok(), "too many nested expressions");
        }
    }
    ~NestingGuard() { --p_.nesting_; }

    // Left-associative chains (a.b.c..., a + b + ...) nest the tree without recursing here,
    // but later passes recurse over them; [chain] counts one more link.
    static void count_link(Parser& p, int* chain) {
        if (p.nesting_ + ++*chain > kMaxNesting)
            p.fail_token(p.tok(), "too many nested expressions");
    }
    NestingGuard(const NestingGuard&) = delete;
    NestingGuard& operator=(const NestingGuard&) = delete;

  private:
    Parser& p_;
};

// Span helpers.
inline Span span_of(const Token& a, const Token& b) {
    return {a.line, a.col, b.end_line, b.end_col};
}
inline Span span_from(const Span& a, const Span& b) {
    return {a.line, a.col, b.end_line, b.end_col};
}

template <class T>
std::unique_ptr<T> make_node(Span s) {
    auto n = std::make_unique<T>();
    n->span = s;
    return n;
}

}  // namespace gilpy::interpreter
