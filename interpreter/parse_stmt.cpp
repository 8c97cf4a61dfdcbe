// Statements: simple statements, compound statements with their indented blocks, function and
// class definitions, parameter lists and imports. Block errors use CPython 3.11's wording
// ("expected an indented block after 'if' statement on line 3").
#include "interpreter/parser_internal.hpp"

namespace gilpy::interpreter {

namespace {

bool is_compound_keyword(std::string_view w) {
    return w == "if" || w == "while" || w == "for" || w == "try" || w == "with" || w == "def" ||
           w == "class" || w == "async";
}

// The expression a simple statement ended with, for the missing-comma and print hints.
const Expr* trailing_expression(const Stmt& s) {
    switch (s.kind) {
        case StmtKind::Expr:
            return as<ExprStmt>(s).value.get();
        case StmtKind::Assign:
            return as<Assign>(s).value.get();
        case StmtKind::AugAssign:
            return as<AugAssign>(s).value.get();
        case StmtKind::Return:
            return as<Return>(s).value.get();
        default:
            return nullptr;
    }
}

}  // namespace

std::unique_ptr<Module> Parser::parse_file() {
    auto module = std::make_unique<Module>();
    while (tok().kind != TokenKind::EndMarker) {
        // Nothing backtracks across statements: drop the tokens already consumed.
        if (pos_ > 1) {
            tokens_.erase(tokens_.begin(), tokens_.begin() + static_cast<long>(pos_ - 1));
            pos_ = 1;
        }
        if (tok().kind == TokenKind::Newline) {
            take();
            continue;
        }
        statement(&module->body);
        if (mode_ == ParseMode::Single) {
            // One interactive input is one statement (or one line of `;`-separated ones).
            Token end_of_first = tokens_[pos_ - 1];  // its NEWLINE
            while (tok().kind == TokenKind::Newline)
                take();
            if (tok().kind == TokenKind::EndMarker) break;
            if (saw_compound_) invalid_syntax();
            fail_token(end_of_first,
                       "multiple statements found while compiling a single statement");
        }
    }
    return module;
}

std::unique_ptr<Module> Parser::parse_eval() {
    auto module = std::make_unique<Module>();
    ExprPtr e = star_expressions();
    while (tok().kind == TokenKind::Newline)
        take();
    if (tok().kind != TokenKind::EndMarker) fail_after_expression(*e);
    auto stmt = make_node<ExprStmt>(e->span);
    stmt->value = std::move(e);
    module->body.push_back(std::move(stmt));
    return module;
}

void Parser::statement(StmtList* out) {
    const Token& t = tok();
    if ((t.kind == TokenKind::Name && is_compound_keyword(t.text)) || t.is_op("@")) {
        saw_compound_ = true;
        out->push_back(compound_statement());
        return;
    }
    simple_statements(out);
}

void Parser::simple_statements(StmtList* out) {
    for (;;) {
        out->push_back(simple_statement());
        if (accept_op(";")) {
            if (tok().kind == TokenKind::Newline) break;
            continue;
        }
        if (tok().kind == TokenKind::Newline) break;
        if (const Expr* e = trailing_expression(*out->back())) fail_after_expression(*e);
        invalid_syntax();
    }
    take();  // NEWLINE
}

StmtPtr Parser::simple_statement() {
    Token first = tok();
    auto finish = [&](auto node) -> StmtPtr {
        node->span = span_of(first, last_);
        return node;
    };
    if (first.kind == TokenKind::Name) {
        std::string_view w = first.text;
        if (w == "pass" || w == "break" || w == "continue") {
            take();
            return finish(std::make_unique<SimpleStmt>(w == "pass"    ? StmtKind::Pass
                                                       : w == "break" ? StmtKind::Break
                                                                      : StmtKind::Continue));
        }
        if (w == "return") {
            take();
            auto r = std::make_unique<Return>();
            if (tok().kind != TokenKind::Newline && !at_op(";")) r->value = star_expressions();
            return finish(std::move(r));
        }
        if (w == "del") {
            take();
            auto d = std::make_unique<Delete>();
            do {
                if (tok().kind == TokenKind::Newline || at_op(";")) break;
                ExprPtr target = target_item();
                set_del(*target);
                d->targets.push_back(std::move(target));
            } while (accept_op(","));
            if (d->targets.empty()) invalid_syntax();
            return finish(std::move(d));
        }
        if (w == "global" || w == "nonlocal") {
            take();
            auto n =
                std::make_unique<NameList>(w == "global" ? StmtKind::Global : StmtKind::Nonlocal);
            do {
                n->names.emplace_back(expect_name().text);
            } while (accept_op(","));
            return finish(std::move(n));
        }
        if (w == "import") return finish(import_statement());
        if (w == "from") return finish(from_import_statement());
        if (w == "raise") {
            take();
            auto r = std::make_unique<Raise>();
            if (tok().kind != TokenKind::Newline && !at_op(";")) {
                r->exc = expression();
                if (accept_kw("from")) r->cause = expression();
            }
            return finish(std::move(r));
        }
        if (w == "assert") {
            take();
            auto a = std::make_unique<Assert>();
            a->test = expression();
            if (accept_op(",")) a->msg = expression();
            return finish(std::move(a));
        }
    }
    return expression_statement();
}

StmtPtr Parser::expression_statement() {
    Token first = tok();
    auto rhs = [&]() { return at_kw("yield") ? yield_expression() : star_expressions(); };
    ExprPtr e = rhs();
    if (at_op("=")) {
        auto a = std::make_unique<Assign>();
        a->targets.push_back(std::move(e));
        while (accept_op("="))
            a->targets.push_back(rhs());
        a->value = std::move(a->targets.back());
        a->targets.pop_back();
        // CPython adds "Maybe you meant '=='" only when a single `=` makes the line look like
        // a comparison (pegen's invalid_named_expression versus invalid_assignment).
        bool hint = a->targets.size() == 1;
        for (auto& t : a->targets)
            set_store(*t, hint);
        a->span = span_of(first, last_);
        return a;
    }
    static constexpr std::pair<std::string_view, BinOpKind> kAugOps[] = {
        {"+=", BinOpKind::Add},    {"-=", BinOpKind::Sub},       {"*=", BinOpKind::Mult},
        {"/=", BinOpKind::Div},    {"//=", BinOpKind::FloorDiv}, {"%=", BinOpKind::Mod},
        {"**=", BinOpKind::Pow},   {"@=", BinOpKind::MatMult},   {"&=", BinOpKind::BitAnd},
        {"|=", BinOpKind::BitOr},  {"^=", BinOpKind::BitXor},    {"<<=", BinOpKind::LShift},
        {">>=", BinOpKind::RShift}};
    for (auto& [text, op] : kAugOps) {
        if (!at_op(text)) continue;
        if (e->kind != ExprKind::Name && e->kind != ExprKind::Attribute &&
            e->kind != ExprKind::Subscript) {
            fail_span(e->span, std::string("'") + expr_name(*e) +
                                   "' is an illegal expression for augmented assignment");
        }
        take();
        set_store(*e, false);
        auto a = std::make_unique<AugAssign>();
        a->target = std::move(e);
        a->op = op;
        a->value = rhs();
        a->span = span_of(first, last_);
        return a;
    }
    if (at_op(":")) {
        if (e->kind == ExprKind::Tuple && !is_parenthesized(e.get())) {
            fail_span(as<Sequence>(*e).elts[0]->span,
                      "only single target (not tuple) can be annotated");
        }
        if (e->kind == ExprKind::Tuple || e->kind == ExprKind::List) {
            fail_span(e->span, std::string("only single target (not ") +
                                   (e->kind == ExprKind::Tuple ? "tuple" : "list") +
                                   ") can be annotated");
        }
        if (e->kind != ExprKind::Name && e->kind != ExprKind::Attribute &&
            e->kind != ExprKind::Subscript) {
            fail_span(e->span, "illegal target for annotation");
        }
        take();
        auto a = std::make_unique<AnnAssign>();
        a->simple = e->kind == ExprKind::Name && !is_parenthesized(e.get());
        set_store(*e, false);
        a->target = std::move(e);
        a->annotation = expression();
        if (accept_op("=")) a->value = rhs();
        a->span = span_of(first, last_);
        return a;
    }
    auto s = std::make_unique<ExprStmt>();
    s->span = span_of(first, last_);
    s->value = std::move(e);
    return s;
}

// `:` NEWLINE INDENT statements DEDENT, or simple statements on the header's line. [header]
// is the statement's first token; [what] names it for the IndentationError.
StmtList Parser::block(const Token& header, std::string_view what) {
    StmtList body;
    if (tok().kind != TokenKind::Newline) {
        simple_statements(&body);
        return body;
    }
    Token newline = take();
    if (tok().kind != TokenKind::Indent) {
        std::string message = "expected an indented block after " + std::string(what) +
                              " on line " + std::to_string(header.line);
        size_t ahead = 0;
        while (tok(ahead).kind == TokenKind::Dedent)
            ++ahead;
        const Token& t = tok();
        if (t.kind == TokenKind::Dedent && tok(ahead).kind != TokenKind::EndMarker) {
            LexError e;
            e.type = "IndentationError";
            e.message = message;
            e.line = e.end_line = t.line;
            e.raw_offset = char_offset(source_line(source_, t.line), t.col) - 1;
            e.raw_end_offset = -1;
            throw e;
        }
        if (tok(ahead).kind == TokenKind::EndMarker) {
            LexError e;
            e.type = "IndentationError";
            e.message = message;
            e.line = e.end_line = newline.line;
            e.col = newline.col;
            e.raw_end_offset = -1;
            e.incomplete = true;
            throw e;
        }
        fail_token(t, message, "IndentationError");
    }
    take();
    while (tok().kind != TokenKind::Dedent && tok().kind != TokenKind::EndMarker) {
        statement(&body);
    }
    take();
    return body;
}

StmtPtr Parser::compound_statement() {
    Token first = tok();
    if (first.is_op("@")) return decorated();
    std::string_view w = first.text;
    if (w == "if") return if_statement(take());
    if (w == "while") return while_statement();
    if (w == "for") return for_statement(false, nullptr);
    if (w == "try") return try_statement();
    if (w == "with") return with_statement(false, nullptr);
    if (w == "def") return function_def({}, nullptr, false);
    if (w == "class") return class_def({}, nullptr);
    // async def / for / with
    Token async_tok = take();
    if (at_kw("def")) return function_def({}, &async_tok, true);
    if (at_kw("for")) return for_statement(true, &async_tok);
    if (at_kw("with")) return with_statement(true, &async_tok);
    invalid_syntax();
}

// The `:` ending a compound statement header whose last part was [last] (may be null).
// Some headers (def, try, else, finally) force the colon; others only complain about a
// missing one at the end of the line (pegen's `&&':'` versus invalid_*_stmt rules).
static void header_colon(Parser& p, const Expr* last, bool forced) {
    if (p.accept_op(":")) return;
    if (forced || p.tok().kind == TokenKind::Newline) p.expected(":");
    if (last && p.at_op("=")) p.check_stray_assignment(*last);
    if (last) p.fail_after_expression(*last);
    p.invalid_syntax();
}

StmtPtr Parser::if_statement(const Token& kw) {
    NestingGuard guard(*this);  // elif chains recurse
    auto s = std::make_unique<If>();
    s->test = named_expression();
    header_colon(*this, s->test.get(), false);
    s->body = block(kw, "'" + std::string(kw.text) + "' statement");
    if (at_kw("elif")) {
        Token elif = take();
        s->orelse.push_back(if_statement(elif));
    } else if (at_kw("else")) {
        Token e = take();
        header_colon(*this, nullptr, true);
        s->orelse = block(e, "'else' statement");
    }
    s->span = span_of(kw, last_);
    return s;
}

StmtPtr Parser::while_statement() {
    Token kw = take();
    auto s = std::make_unique<While>();
    s->test = named_expression();
    header_colon(*this, s->test.get(), false);
    s->body = block(kw, "'while' statement");
    if (at_kw("else")) {
        Token e = take();
        header_colon(*this, nullptr, true);
        s->orelse = block(e, "'else' statement");
    }
    s->span = span_of(kw, last_);
    return s;
}

StmtPtr Parser::for_statement(bool is_async, const Token* async_tok) {
    Token kw = take();
    auto s = std::make_unique<For>();
    s->is_async = is_async;
    s->target = star_targets_for();
    if (!accept_kw("in")) invalid_syntax();
    s->iter = star_expressions();
    header_colon(*this, s->iter.get(), false);
    s->body = block(kw, "'for' statement");
    if (at_kw("else")) {
        Token e = take();
        header_colon(*this, nullptr, true);
        s->orelse = block(e, "'else' statement");
    }
    s->span = span_of(async_tok ? *async_tok : kw, last_);
    return s;
}

StmtPtr Parser::try_statement() {
    Token kw = take();
    auto s = std::make_unique<Try>();
    header_colon(*this, nullptr, true);
    s->body = block(kw, "'try' statement");
    while (at_kw("except")) {
        Token ex = take();
        ExceptHandler h;
        if (!at_op(":")) {
            h.type = expression();
            if (at_op(",")) {
                // except A, B:  (pegen's invalid_except_stmt)
                take();
                ExprPtr more = expression();
                fail_range(h.type->span.line, h.type->span.col, more->span.end_line,
                           more->span.end_col, "multiple exception types must be parenthesized");
            }
            if (accept_kw("as")) h.name = std::string(expect_name().text);
        }
        header_colon(*this, h.type.get(), false);
        h.body = block(ex, "'except' statement");
        h.span = span_of(ex, last_);
        s->handlers.push_back(std::move(h));
    }
    if (at_kw("else")) {
        if (s->handlers.empty()) invalid_syntax();
        Token e = take();
        header_colon(*this, nullptr, true);
        s->orelse = block(e, "'else' statement");
    }
    if (at_kw("finally")) {
        Token f = take();
        header_colon(*this, nullptr, true);
        s->finalbody = block(f, "'finally' statement");
    }
    if (s->handlers.empty() && s->finalbody.empty()) {
        fail_token(tok(), "expected 'except' or 'finally' block");
    }
    s->span = span_of(kw, last_);
    return s;
}

StmtPtr Parser::with_statement(bool is_async, const Token* async_tok) {
    Token kw = take();
    auto s = std::make_unique<With>();
    s->is_async = is_async;
    auto item = [&]() {
        WithItem it;
        it.context_expr = expression();
        if (accept_kw("as")) {
            it.optional_vars = target_item();
            set_store(*it.optional_vars, false);
        }
        s->items.push_back(std::move(it));
    };
    bool done = false;
    if (at_op("(")) {
        // Python 3.9+'s parenthesized items; if that reading fails, the parentheses belong
        // to the first expression, as in `with (a, b):` or `with (yield):`.
        size_t save = pos_;
        int depth = paren_depth_;
        try {
            take();
            ++paren_depth_;
            do {
                if (at_op(")")) break;
                item();
            } while (accept_op(","));
            expect_op(")");
            --paren_depth_;
            if (!at_op(":")) invalid_syntax();
            done = true;
        } catch (LexError&) {
            if (lexer_failed_) throw;
            pos_ = save;
            paren_depth_ = depth;
            s->items.clear();
        }
    }
    if (!done) {
        do {
            item();
        } while (accept_op(","));
    }
    header_colon(*this,
                 s->items.back().optional_vars ? s->items.back().optional_vars.get()
                                               : s->items.back().context_expr.get(),
                 false);
    s->body = block(kw, "'with' statement");
    s->span = span_of(async_tok ? *async_tok : kw, last_);
    return s;
}

StmtPtr Parser::decorated() {
    ExprList decorators;
    while (accept_op("@")) {
        decorators.push_back(named_expression());
        if (tok().kind != TokenKind::Newline) fail_after_expression(*decorators.back());
        take();
    }
    if (at_kw("def")) return function_def(std::move(decorators), nullptr, false);
    if (at_kw("class")) return class_def(std::move(decorators), nullptr);
    if (at_kw("async") && tok(1).is_name("def")) {
        Token async_tok = take();
        return function_def(std::move(decorators), &async_tok, true);
    }
    invalid_syntax();
}

StmtPtr Parser::function_def(ExprList decorators, const Token* async_tok, bool is_async) {
    Token kw = take();
    auto f = std::make_unique<FunctionDef>();
    f->is_async = is_async;
    f->decorators = std::move(decorators);
    f->name = std::string(expect_name().text);
    expect_op("(");
    ++paren_depth_;
    parameters(&f->args, false);
    --paren_depth_;
    if (!accept_op(")")) invalid_syntax();
    if (accept_op("->")) f->returns = expression();
    header_colon(*this, nullptr, true);
    f->body = block(async_tok ? *async_tok : kw, "function definition");
    f->span = span_of(async_tok ? *async_tok : kw, last_);
    return f;
}

StmtPtr Parser::class_def(ExprList decorators, const Token* /*first*/) {
    Token kw = take();
    auto c = std::make_unique<ClassDef>();
    c->decorators = std::move(decorators);
    c->name = std::string(expect_name().text);
    if (at_op("(")) {
        Token open = take();
        Call tmp;
        call_arguments(&tmp, open);
        c->bases = std::move(tmp.args);
        c->keywords = std::move(tmp.keywords);
    }
    header_colon(*this, nullptr, false);
    c->body = block(kw, "class definition");
    c->span = span_of(kw, last_);
    return c;
}

// def f(posonly, /, normal, *args, kwonly, **kwargs), and lambda's (stops at ':').
void Parser::parameters(Arguments* a, bool is_lambda) {
    std::string_view close = is_lambda ? ":" : ")";
    bool seen_slash = false, seen_star = false, seen_default = false;
    auto arg = [&]() {
        Token name = expect_name();
        Arg x;
        x.name = std::string(name.text);
        if (!is_lambda && accept_op(":")) x.annotation = expression();
        x.span = span_of(name, last_);
        return x;
    };
    while (!at_op(close)) {
        if (at_op("/")) {
            Token slash = take();
            if (seen_slash) fail_token(slash, "/ may appear only once");
            if (seen_star) fail_token(slash, "/ must be ahead of *");
            if (a->args.empty()) fail_token(slash, "at least one argument must precede /");
            a->posonlyargs = std::move(a->args);
            a->args.clear();
            seen_slash = true;
        } else if (at_op("**")) {
            take();
            a->kwarg = std::make_unique<Arg>(arg());
            accept_op(",");
            if (!at_op(close)) fail_token(tok(), "arguments cannot follow var-keyword argument");
            break;
        } else if (at_op("*")) {
            Token star = take();
            if (seen_star) fail_token(star, "* argument may appear only once");
            seen_star = true;
            if (at_op(",") || at_op(close)) {
                // A bare `*` must be followed by keyword-only parameters.
                if (at_op(close) || tok(1).is_op("**")) {
                    fail_token(star, "named arguments must follow bare *");
                }
            } else {
                a->vararg = std::make_unique<Arg>(arg());
            }
        } else {
            Token name = tok();
            Arg x = arg();
            ExprPtr dflt;
            if (accept_op("=")) dflt = expression();
            if (seen_star) {
                a->kwonlyargs.push_back(std::move(x));
                a->kw_defaults.push_back(std::move(dflt));
            } else {
                if (dflt) {
                    a->defaults.push_back(std::move(dflt));
                    seen_default = true;
                } else if (seen_default) {
                    fail_token(name, "non-default argument follows default argument");
                }
                a->args.push_back(std::move(x));
            }
        }
        if (!accept_op(",")) break;
    }
}

StmtPtr Parser::import_statement() {
    take();
    auto s = std::make_unique<Import>();
    do {
        Token first = tok();
        Alias a;
        a.name = std::string(expect_name().text);
        while (accept_op("."))
            a.name += "." + std::string(expect_name().text);
        if (accept_kw("as")) a.asname = std::string(expect_name().text);
        a.span = span_of(first, last_);
        s->names.push_back(std::move(a));
    } while (accept_op(","));
    return s;
}

StmtPtr Parser::from_import_statement() {
    take();
    auto s = std::make_unique<ImportFrom>();
    for (;;) {
        if (accept_op(".")) {
            s->level += 1;
        } else if (accept_op("...")) {
            s->level += 3;
        } else {
            break;
        }
    }
    if (!at_kw("import")) {
        s->module = std::string(expect_name().text);
        while (accept_op("."))
            s->module += "." + std::string(expect_name().text);
    }
    if (!accept_kw("import")) invalid_syntax();
    if (at_op("*")) {
        Token star = take();
        Alias a;
        a.name = "*";
        a.span = span_of(star, star);
        s->names.push_back(std::move(a));
        return s;
    }
    bool parens = accept_op("(");
    if (parens) ++paren_depth_;
    do {
        if (parens && at_op(")")) break;
        if (!parens && !s->names.empty() && tok().kind == TokenKind::Newline) {
            fail_token(tok(), "trailing comma not allowed without surrounding parentheses");
        }
        Token first = tok();
        Alias a;
        a.name = std::string(expect_name().text);
        if (accept_kw("as")) a.asname = std::string(expect_name().text);
        a.span = span_of(first, last_);
        s->names.push_back(std::move(a));
    } while (accept_op(","));
    if (parens) {
        if (s->names.empty()) invalid_syntax();
        --paren_depth_;
        expect_op(")");
    }
    return s;
}

}  // namespace gilpy::interpreter
