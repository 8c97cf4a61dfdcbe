// Expressions, from star_expressions down to atoms, following the precedence levels of
// Python 3.11's grammar (Grammar/python.gram), and the checks that turn an expression into an
// assignment or deletion target with CPython's "cannot assign to ..." messages.
#include "interpreter/parser_internal.hpp"

namespace gilpy::interpreter {

namespace {

// Whether the token can begin an operand after a comma (a trailing comma otherwise).
bool can_start_operand(Parser& p) {
    return p.at_expression_start() || p.at_op("-") || p.at_op("+") || p.at_op("*") ||
           p.at_kw("yield");
}

// Nodes span from their first token to the last token consumed ([end], which callers pass as
// Parser::last_ and is read after [value] was parsed), so parentheses around the last operand
// count, as in CPython's EXTRA positions.
ExprPtr make_starred(const Token& star, const Token& end, ExprPtr value) {
    auto s = make_node<Starred>(span_of(star, end));
    s->value = std::move(value);
    return s;
}

ExprPtr make_constant(Span s, Constant::Kind k) {
    auto c = make_node<Constant>(s);
    c->value_kind = k;
    return c;
}

// Expressions below comparison level, where pegen's invalid_named_expression adds "Maybe you
// meant '==' instead of '='?" to "cannot assign to ...".
bool is_bitwise_or_level(const Expr& e) {
    switch (e.kind) {
        case ExprKind::Lambda:
        case ExprKind::IfExp:
        case ExprKind::BoolOp:
        case ExprKind::Compare:
        case ExprKind::Yield:
        case ExprKind::YieldFrom:
        case ExprKind::GeneratorExp:
        case ExprKind::List:
        case ExprKind::Tuple:
            return false;
        case ExprKind::UnaryOp:
            return as<UnaryOp>(e).op != UnaryOpKind::Not;
        case ExprKind::Constant: {
            auto k = as<Constant>(e).value_kind;
            return k != Constant::Kind::True && k != Constant::Kind::False &&
                   k != Constant::Kind::None;
        }
        default:
            return true;
    }
}

}  // namespace

// ---------------------------------------------------------------- lists of expressions

ExprPtr Parser::star_expressions() {
    Token start = tok();
    ExprPtr first = star_expression();
    if (!at_op(",")) return first;
    auto t = std::make_unique<Sequence>(ExprKind::Tuple);
    t->span = first->span;
    t->elts.push_back(std::move(first));
    while (accept_op(",")) {
        if (!can_start_operand(*this)) break;
        t->elts.push_back(star_expression());
    }
    t->span = span_of(start, last_);
    return t;
}

ExprPtr Parser::star_expression() {
    if (at_op("*")) {
        Token star = take();
        return make_starred(star, last_, bitwise_or());
    }
    return expression();
}

ExprPtr Parser::star_named_expression() {
    if (at_op("*")) {
        Token star = take();
        return make_starred(star, last_, bitwise_or());
    }
    return named_expression();
}

ExprPtr Parser::named_expression() {
    const Token& t = tok();
    if (t.kind == TokenKind::Name && !is_keyword(t.text) && tok(1).is_op(":=")) {
        Token name = take();
        take();
        auto target = make_node<Name>(span_of(name, name));
        target->id = std::string(name.text);
        target->ctx = ExprContext::Store;
        ExprPtr value = expression();
        auto n = make_node<NamedExpr>(span_of(name, last_));
        n->target = std::move(target);
        n->value = std::move(value);
        return n;
    }
    ExprPtr e = expression();
    if (at_op(":=")) {
        fail_span(e->span, std::string("cannot use assignment expressions with ") + expr_name(*e));
    }
    return e;
}

// `x = 1` where a condition or element was expected (pegen's invalid_named_expression).
void Parser::check_stray_assignment(const Expr& a) {
    if (!at_op("=")) return;
    if (a.kind == ExprKind::Name) {
        size_t save = pos_;
        take();
        ExprPtr b;
        try {
            b = bitwise_or();
        } catch (LexError&) {
            if (lexer_failed_) throw;
            pos_ = save;
            return;
        }
        if (at_op("=") || at_op(":=")) {
            pos_ = save;
            return;
        }
        fail_range(a.span.line, a.span.col, b->span.end_line, b->span.end_col,
                   "invalid syntax. Maybe you meant '==' or ':=' instead of '='?");
    }
    if (is_bitwise_or_level(a) && !is_parenthesized(&a)) {
        fail_span(a.span, std::string("cannot assign to ") + expr_name(a) +
                              " here. Maybe you meant '==' instead of '='?");
    }
}

// ---------------------------------------------------------------- precedence levels

ExprPtr Parser::expression() {
    NestingGuard guard(*this);
    if (at_kw("lambda")) return lambda_expression();
    Token start = tok();
    ExprPtr body = disjunction();
    if (!at_kw("if")) return body;
    take();
    ExprPtr test = disjunction();
    if (!accept_kw("else")) {
        if (tok().kind == TokenKind::Newline || at_op(")") || at_op("]") || at_op("}") ||
            at_op(",") || at_op(";") || at_op("=")) {
            fail_range(body->span.line, body->span.col, test->span.end_line, test->span.end_col,
                       "expected 'else' after 'if' expression");
        }
        fail_after_expression(*test);
    }
    ExprPtr orelse = expression();
    auto e = make_node<IfExp>(span_of(start, last_));
    e->test = std::move(test);
    e->body = std::move(body);
    e->orelse = std::move(orelse);
    return e;
}

ExprPtr Parser::disjunction() {
    Token start = tok();
    ExprPtr first = conjunction();
    if (!at_kw("or")) return first;
    auto b = make_node<BoolOp>(first->span);
    b->op = BoolOpKind::Or;
    b->values.push_back(std::move(first));
    while (accept_kw("or"))
        b->values.push_back(conjunction());
    b->span = span_of(start, last_);
    return b;
}

ExprPtr Parser::conjunction() {
    Token start = tok();
    ExprPtr first = inversion();
    if (!at_kw("and")) return first;
    auto b = make_node<BoolOp>(first->span);
    b->op = BoolOpKind::And;
    b->values.push_back(std::move(first));
    while (accept_kw("and"))
        b->values.push_back(inversion());
    b->span = span_of(start, last_);
    return b;
}

ExprPtr Parser::inversion() {
    if (at_kw("not")) {
        NestingGuard guard(*this);
        Token t = take();
        ExprPtr operand = inversion();
        auto u = make_node<UnaryOp>(span_of(t, last_));
        u->op = UnaryOpKind::Not;
        u->operand = std::move(operand);
        return u;
    }
    return comparison();
}

ExprPtr Parser::comparison() {
    Token start = tok();
    ExprPtr left = bitwise_or();
    std::unique_ptr<Compare> cmp;
    for (;;) {
        CmpOpKind op;
        const Token& t = tok();
        if (t.kind == TokenKind::Op) {
            if (t.text == "==")
                op = CmpOpKind::Eq;
            else if (t.text == "!=")
                op = CmpOpKind::NotEq;
            else if (t.text == "<")
                op = CmpOpKind::Lt;
            else if (t.text == "<=")
                op = CmpOpKind::LtE;
            else if (t.text == ">")
                op = CmpOpKind::Gt;
            else if (t.text == ">=")
                op = CmpOpKind::GtE;
            else
                break;
            take();
        } else if (t.is_name("in")) {
            op = CmpOpKind::In;
            take();
        } else if (t.is_name("not") && tok(1).is_name("in")) {
            op = CmpOpKind::NotIn;
            take();
            take();
        } else if (t.is_name("is")) {
            take();
            op = accept_kw("not") ? CmpOpKind::IsNot : CmpOpKind::Is;
        } else {
            break;
        }
        if (!cmp) {
            cmp = make_node<Compare>(left->span);
            cmp->left = std::move(left);
        }
        cmp->ops.push_back(op);
        cmp->comparators.push_back(bitwise_or());
    }
    if (!cmp) return left;
    cmp->span = span_of(start, last_);
    return cmp;
}

namespace {

ExprPtr make_binop(const Token& start, const Token& end, ExprPtr left, BinOpKind op,
                   ExprPtr right) {
    auto b = make_node<BinOp>(span_of(start, end));
    b->left = std::move(left);
    b->op = op;
    b->right = std::move(right);
    return b;
}

}  // namespace

ExprPtr Parser::bitwise_or() {
    Token start = tok();
    ExprPtr e = bitwise_xor();
    int chain = 0;
    while (accept_op("|") && (NestingGuard::count_link(*this, &chain), true))
        e = make_binop(start, last_, std::move(e), BinOpKind::BitOr, bitwise_xor());
    return e;
}

ExprPtr Parser::bitwise_xor() {
    Token start = tok();
    ExprPtr e = bitwise_and();
    int chain = 0;
    while (accept_op("^") && (NestingGuard::count_link(*this, &chain), true))
        e = make_binop(start, last_, std::move(e), BinOpKind::BitXor, bitwise_and());
    return e;
}

ExprPtr Parser::bitwise_and() {
    Token start = tok();
    ExprPtr e = shift_expr();
    int chain = 0;
    while (accept_op("&") && (NestingGuard::count_link(*this, &chain), true))
        e = make_binop(start, last_, std::move(e), BinOpKind::BitAnd, shift_expr());
    return e;
}

ExprPtr Parser::shift_expr() {
    Token start = tok();
    ExprPtr e = sum();
    int chain = 0;
    for (;; NestingGuard::count_link(*this, &chain)) {
        if (accept_op("<<")) {
            e = make_binop(start, last_, std::move(e), BinOpKind::LShift, sum());
        } else if (accept_op(">>")) {
            e = make_binop(start, last_, std::move(e), BinOpKind::RShift, sum());
        } else {
            return e;
        }
    }
}

ExprPtr Parser::sum() {
    Token start = tok();
    ExprPtr e = term();
    int chain = 0;
    for (;; NestingGuard::count_link(*this, &chain)) {
        if (accept_op("+")) {
            e = make_binop(start, last_, std::move(e), BinOpKind::Add, term());
        } else if (accept_op("-")) {
            e = make_binop(start, last_, std::move(e), BinOpKind::Sub, term());
        } else {
            return e;
        }
    }
}

ExprPtr Parser::term() {
    Token start = tok();
    ExprPtr e = factor();
    int chain = 0;
    for (;; NestingGuard::count_link(*this, &chain)) {
        BinOpKind op;
        if (at_op("*"))
            op = BinOpKind::Mult;
        else if (at_op("/"))
            op = BinOpKind::Div;
        else if (at_op("//"))
            op = BinOpKind::FloorDiv;
        else if (at_op("%"))
            op = BinOpKind::Mod;
        else if (at_op("@"))
            op = BinOpKind::MatMult;
        else
            return e;
        take();
        e = make_binop(start, last_, std::move(e), op, factor());
    }
}

ExprPtr Parser::factor() {
    UnaryOpKind op;
    if (at_op("-"))
        op = UnaryOpKind::USub;
    else if (at_op("+"))
        op = UnaryOpKind::UAdd;
    else if (at_op("~"))
        op = UnaryOpKind::Invert;
    else
        return power();
    NestingGuard guard(*this);
    Token t = take();
    ExprPtr operand = factor();
    auto u = make_node<UnaryOp>(span_of(t, last_));
    u->op = op;
    u->operand = std::move(operand);
    return u;
}

ExprPtr Parser::power() {
    Token start = tok();
    ExprPtr e = await_primary();
    NestingGuard guard(*this);
    if (accept_op("**")) return make_binop(start, last_, std::move(e), BinOpKind::Pow, factor());
    return e;
}

ExprPtr Parser::await_primary() {
    if (at_kw("await")) {
        Token t = take();
        ExprPtr value = primary();
        auto a = make_node<Await>(span_of(t, last_));
        a->value = std::move(value);
        return a;
    }
    return primary();
}

ExprPtr Parser::primary() {
    Token start = tok();
    ExprPtr e = atom();
    int chain = 0;
    for (;; NestingGuard::count_link(*this, &chain)) {
        if (at_op(".")) {
            take();
            Token name = expect_name();
            auto a = make_node<Attribute>(span_of(start, name));
            a->value = std::move(e);
            a->attr = std::string(name.text);
            e = std::move(a);
        } else if (at_op("(")) {
            Token open = take();
            auto c = make_node<Call>(e->span);
            c->func = std::move(e);
            call_arguments(c.get(), open);
            c->span = span_of(start, last_);
            e = std::move(c);
        } else if (at_op("[")) {
            take();
            auto s = make_node<Subscript>(e->span);
            s->value = std::move(e);
            ++paren_depth_;
            s->slice = slices();
            if (!at_op("]")) fail_after_expression(*s->slice);
            --paren_depth_;
            take();
            s->span = span_of(start, last_);
            e = std::move(s);
        } else {
            return e;
        }
    }
}

ExprPtr Parser::slices() {
    Token start = tok();
    ExprPtr first = slice_item();
    if (!at_op(",") && first->kind != ExprKind::Starred) return first;
    auto t = std::make_unique<Sequence>(ExprKind::Tuple);
    t->span = first->span;
    t->elts.push_back(std::move(first));
    while (accept_op(",")) {
        if (at_op("]")) break;
        t->elts.push_back(slice_item());
    }
    t->span = span_of(start, last_);
    return t;
}

ExprPtr Parser::slice_item() {
    if (at_op("*")) {
        Token star = take();
        return make_starred(star, last_, bitwise_or());
    }
    Token first = tok();
    ExprPtr lower;
    if (!at_op(":")) {
        lower = named_expression();
        if (!at_op(":")) return lower;
    }
    auto s = make_node<Slice>(span_of(first, first));
    s->lower = std::move(lower);
    take();  // ':'
    auto bound = [&]() -> ExprPtr {
        if (at_op(":") || at_op(",") || at_op("]")) return nullptr;
        return expression();
    };
    s->upper = bound();
    if (accept_op(":")) s->step = bound();
    s->span = span_of(first, last_);
    return s;
}

void Parser::call_arguments(Call* call, const Token& open) {
    ++paren_depth_;
    bool seen_keyword = false, seen_dstar = false;
    const Expr* last = nullptr;
    const char* misplaced = nullptr;  // reported at the end of the arguments, as CPython does
    while (!at_op(")")) {
        if (at_op("*")) {
            Token star = take();
            if (seen_dstar) {
                fail_token(star, "iterable argument unpacking follows keyword argument unpacking");
            }
            call->args.push_back(make_starred(star, last_, expression()));
            last = call->args.back().get();
            if (at_kw("for")) {
                fail_span(call->args.back()->span,
                          "iterable unpacking cannot be used in comprehension");
            }
        } else if (at_op("**")) {
            Token dstar = take();
            Keyword k;
            k.value = expression();
            k.span = span_of(dstar, last_);
            last = k.value.get();
            call->keywords.push_back(std::move(k));
            seen_dstar = true;
        } else if (tok().kind == TokenKind::Name && !is_keyword(tok().text) && tok(1).is_op("=")) {
            Token name = take();
            take();
            Keyword k;
            k.arg = std::string(name.text);
            k.value = expression();
            k.span = span_of(name, last_);
            last = k.value.get();
            call->keywords.push_back(std::move(k));
            seen_keyword = true;
        } else {
            ExprPtr e = named_expression();
            if (at_kw("for")) {
                auto g = std::make_unique<Comp>(ExprKind::GeneratorExp);
                g->span = e->span;
                g->elt = std::move(e);
                comprehension_clauses(&g->generators);
                g->span = span_from(g->span, span_of(last_, last_));
                bool alone = call->args.empty() && call->keywords.empty() && at_op(")");
                if (!alone) {
                    fail_span(g->span, "Generator expression must be parenthesized");
                }
                g->span = span_of(open, tok());  // the call's parentheses are the genexp's
                e = std::move(g);
            } else if (at_op("=")) {
                Token eq = take();
                fail_range(e->span.line, e->span.col, eq.end_line, eq.end_col,
                           "expression cannot contain assignment, perhaps you meant \"==\"?");
            }
            if (!misplaced && seen_dstar) {
                misplaced = "positional argument follows keyword argument unpacking";
            } else if (!misplaced && seen_keyword) {
                misplaced = "positional argument follows keyword argument";
            }
            call->args.push_back(std::move(e));
            last = call->args.back().get();
        }
        if (!accept_op(",")) break;
    }
    if (!at_op(")")) {
        if (last && last->kind != ExprKind::GeneratorExp) fail_after_expression(*last);
        invalid_syntax();
    }
    if (misplaced) fail_token(tok(), misplaced);
    --paren_depth_;
    take();
}

// `for target in iter if cond ...` clauses after the element of a comprehension.
void Parser::comprehension_clauses(std::vector<Comprehension>* out) {
    for (;;) {
        Comprehension c;
        if (at_kw("async") && tok(1).is_name("for")) {
            take();
            c.is_async = true;
        } else if (!at_kw("for")) {
            return;
        }
        take();
        c.target = star_targets_for();
        if (!accept_kw("in")) invalid_syntax();
        c.iter = disjunction();
        while (accept_kw("if"))
            c.ifs.push_back(disjunction());
        out->push_back(std::move(c));
    }
}

ExprPtr Parser::target_item() {
    if (at_op("*")) {
        Token star = take();
        return make_starred(star, last_, bitwise_or());
    }
    return bitwise_or();
}

ExprPtr Parser::star_targets_for() {
    Token start = tok();
    ExprPtr first = target_item();
    if (at_op(",")) {
        auto t = std::make_unique<Sequence>(ExprKind::Tuple);
        t->span = first->span;
        t->elts.push_back(std::move(first));
        while (accept_op(",")) {
            if (at_kw("in") || !can_start_operand(*this)) break;
            t->elts.push_back(target_item());
        }
        t->span = span_of(start, last_);
        first = std::move(t);
    }
    set_store(*first, false);
    return first;
}

// ---------------------------------------------------------------- atoms

ExprPtr Parser::atom() {
    const Token& t = tok();
    switch (t.kind) {
        case TokenKind::Name: {
            Token n = take();
            if (n.text == "None") return make_constant(span_of(n, n), Constant::Kind::None);
            if (n.text == "True") return make_constant(span_of(n, n), Constant::Kind::True);
            if (n.text == "False") return make_constant(span_of(n, n), Constant::Kind::False);
            if (is_keyword(n.text)) {
                --pos_;
                invalid_syntax();
            }
            auto name = make_node<Name>(span_of(n, n));
            name->id = std::string(n.text);
            return name;
        }
        case TokenKind::Number:
            return number(take());
        case TokenKind::String:
            return strings();
        case TokenKind::Op:
            if (t.text == "(") return paren_atom();
            if (t.text == "[") return list_atom();
            if (t.text == "{") return brace_atom();
            if (t.text == "...") {
                Token e = take();
                return make_constant(span_of(e, e), Constant::Kind::Ellipsis);
            }
            break;
        default:
            break;
    }
    invalid_syntax();
}

ExprPtr Parser::paren_atom() {
    Token open = take();
    ++paren_depth_;
    if (at_op(")")) {
        --paren_depth_;
        take();
        auto t = std::make_unique<Sequence>(ExprKind::Tuple);
        t->span = span_of(open, last_);
        return t;
    }
    if (at_kw("yield")) {
        ExprPtr y = yield_expression();
        if (!at_op(")")) fail_after_expression(*y);
        --paren_depth_;
        take();
        parenthesized_.insert(y.get());
        return y;
    }
    ExprPtr first = star_named_expression();
    if (at_kw("for") || (at_kw("async") && tok(1).is_name("for"))) {
        if (first->kind == ExprKind::Starred) {
            fail_span(first->span, "iterable unpacking cannot be used in comprehension");
        }
        auto g = std::make_unique<Comp>(ExprKind::GeneratorExp);
        g->elt = std::move(first);
        comprehension_clauses(&g->generators);
        if (!at_op(")")) invalid_syntax();
        --paren_depth_;
        take();
        g->span = span_of(open, last_);
        return g;
    }
    if (at_op(",")) {
        auto t = std::make_unique<Sequence>(ExprKind::Tuple);
        t->elts.push_back(std::move(first));
        while (accept_op(",")) {
            if (at_op(")")) break;
            t->elts.push_back(star_named_expression());
        }
        if (!at_op(")")) {
            check_stray_assignment(*t->elts.back());
            fail_after_expression(*t->elts.back());
        }
        --paren_depth_;
        take();
        t->span = span_of(open, last_);
        parenthesized_.insert(t.get());
        return t;
    }
    if (!at_op(")")) {
        check_stray_assignment(*first);
        fail_after_expression(*first);
    }
    if (first->kind == ExprKind::Starred) {
        fail_span(first->span, "cannot use starred expression here");
    }
    --paren_depth_;
    take();
    parenthesized_.insert(first.get());
    return first;
}

ExprPtr Parser::list_atom() {
    Token open = take();
    ++paren_depth_;
    auto list = std::make_unique<Sequence>(ExprKind::List);
    if (!at_op("]")) {
        ExprPtr first = star_named_expression();
        if (at_kw("for") || (at_kw("async") && tok(1).is_name("for"))) {
            if (first->kind == ExprKind::Starred) {
                fail_span(first->span, "iterable unpacking cannot be used in comprehension");
            }
            auto c = std::make_unique<Comp>(ExprKind::ListComp);
            c->elt = std::move(first);
            comprehension_clauses(&c->generators);
            if (!at_op("]")) invalid_syntax();
            --paren_depth_;
            take();
            c->span = span_of(open, last_);
            return c;
        }
        list->elts.push_back(std::move(first));
        while (accept_op(",")) {
            if (at_op("]")) break;
            list->elts.push_back(star_named_expression());
        }
        if (!at_op("]")) {
            check_stray_assignment(*list->elts.back());
            fail_after_expression(*list->elts.back());
        }
    }
    --paren_depth_;
    take();
    list->span = span_of(open, last_);
    return list;
}

ExprPtr Parser::brace_atom() {
    Token open = take();
    ++paren_depth_;
    auto close = [&](Expr* e) {
        --paren_depth_;
        take();
        e->span = span_of(open, last_);
    };
    if (at_op("}")) {
        auto d = std::make_unique<Dict>();
        close(d.get());
        return d;
    }
    // A dict starts with `**x` or `key:`; anything else is a set.
    ExprPtr first_key, first_value;
    if (at_op("**")) {
        take();
        first_value = bitwise_or();
    } else {
        ExprPtr first = star_named_expression();
        if (!at_op(":") || first->kind == ExprKind::Starred) {
            if (at_kw("for") || (at_kw("async") && tok(1).is_name("for"))) {
                if (first->kind == ExprKind::Starred) {
                    fail_span(first->span, "iterable unpacking cannot be used in comprehension");
                }
                auto c = std::make_unique<Comp>(ExprKind::SetComp);
                c->elt = std::move(first);
                comprehension_clauses(&c->generators);
                if (!at_op("}")) invalid_syntax();
                close(c.get());
                return c;
            }
            auto s = std::make_unique<Set>();
            s->elts.push_back(std::move(first));
            while (accept_op(",")) {
                if (at_op("}")) break;
                s->elts.push_back(star_named_expression());
            }
            if (!at_op("}")) {
                check_stray_assignment(*s->elts.back());
                fail_after_expression(*s->elts.back());
            }
            close(s.get());
            return s;
        }
        take();  // ':'
        first_key = std::move(first);
        first_value = expression();
        if (at_kw("for") || (at_kw("async") && tok(1).is_name("for"))) {
            auto c = std::make_unique<Comp>(ExprKind::DictComp);
            c->key = std::move(first_key);
            c->value = std::move(first_value);
            comprehension_clauses(&c->generators);
            if (!at_op("}")) invalid_syntax();
            close(c.get());
            return c;
        }
    }
    auto d = std::make_unique<Dict>();
    d->keys.push_back(std::move(first_key));
    d->values.push_back(std::move(first_value));
    while (accept_op(",")) {
        if (at_op("}")) break;
        if (accept_op("**")) {
            d->keys.push_back(nullptr);
            d->values.push_back(bitwise_or());
            continue;
        }
        ExprPtr key = expression();
        if (!at_op(":")) {
            if (at_op("}") || at_op(",")) {
                LexError e;
                e.message = "':' expected after dictionary key";
                e.line = e.end_line = key->span.line;
                e.col = key->span.col;
                e.raw_end_offset = 0;
                throw e;
            }
            fail_after_expression(*key);
        }
        take();
        d->keys.push_back(std::move(key));
        d->values.push_back(expression());
    }
    if (!at_op("}")) {
        if (at_kw("for") && d->keys[0] == nullptr && d->keys.size() == 1) {
            fail_span(d->values[0]->span, "dict unpacking cannot be used in dict comprehension");
        }
        fail_after_expression(*d->values.back());
    }
    close(d.get());
    return d;
}

ExprPtr Parser::lambda_expression() {
    Token kw = take();
    auto l = std::make_unique<Lambda>();
    parameters(&l->args, true);
    if (!accept_op(":")) invalid_syntax();
    l->body = expression();
    l->span = span_of(kw, last_);
    return l;
}

ExprPtr Parser::yield_expression() {
    Token kw = take();
    if (accept_kw("from")) {
        auto y = std::make_unique<Yield>(ExprKind::YieldFrom);
        y->value = expression();
        y->span = span_of(kw, last_);
        return y;
    }
    auto y = std::make_unique<Yield>(ExprKind::Yield);
    if (can_start_operand(*this) && !at_kw("yield")) y->value = star_expressions();
    y->span = span_of(kw, last_);
    return y;
}

// ---------------------------------------------------------------- targets

// CPython's names for expression kinds in error messages (pegen.c, _PyPegen_get_expr_name).
const char* Parser::expr_name(const Expr& e) {
    switch (e.kind) {
        case ExprKind::Attribute:
            return "attribute";
        case ExprKind::Subscript:
            return "subscript";
        case ExprKind::Starred:
            return "starred";
        case ExprKind::Name:
            return "name";
        case ExprKind::List:
            return "list";
        case ExprKind::Tuple:
            return "tuple";
        case ExprKind::Lambda:
            return "lambda";
        case ExprKind::Call:
            return "function call";
        case ExprKind::BoolOp:
        case ExprKind::BinOp:
        case ExprKind::UnaryOp:
            return "expression";
        case ExprKind::GeneratorExp:
            return "generator expression";
        case ExprKind::Yield:
        case ExprKind::YieldFrom:
            return "yield expression";
        case ExprKind::Await:
            return "await expression";
        case ExprKind::ListComp:
            return "list comprehension";
        case ExprKind::SetComp:
            return "set comprehension";
        case ExprKind::DictComp:
            return "dict comprehension";
        case ExprKind::Dict:
            return "dict literal";
        case ExprKind::Set:
            return "set display";
        case ExprKind::JoinedStr:
        case ExprKind::FormattedValue:
            return "f-string expression";
        case ExprKind::Compare:
            return "comparison";
        case ExprKind::IfExp:
            return "conditional expression";
        case ExprKind::NamedExpr:
            return "named expression";
        case ExprKind::Slice:
            return "slice";
        case ExprKind::Constant:
            switch (as<Constant>(e).value_kind) {
                case Constant::Kind::None:
                    return "None";
                case Constant::Kind::True:
                    return "True";
                case Constant::Kind::False:
                    return "False";
                case Constant::Kind::Ellipsis:
                    return "ellipsis";
                default:
                    return "literal";
            }
    }
    return "expression";
}

void Parser::set_store(Expr& e, bool hint) {
    switch (e.kind) {
        case ExprKind::Name:
            as<Name>(e).ctx = ExprContext::Store;
            return;
        case ExprKind::Attribute:
            as<Attribute>(e).ctx = ExprContext::Store;
            return;
        case ExprKind::Subscript:
            as<Subscript>(e).ctx = ExprContext::Store;
            return;
        case ExprKind::Starred:
            as<Starred>(e).ctx = ExprContext::Store;
            set_store(*as<Starred>(e).value, false);
            return;
        case ExprKind::List:
        case ExprKind::Tuple: {
            auto& s = as<Sequence>(e);
            s.ctx = ExprContext::Store;
            bool inner_hint = hint && e.kind == ExprKind::Tuple && !is_parenthesized(&e);
            for (auto& elt : s.elts)
                set_store(*elt, inner_hint);
            return;
        }
        case ExprKind::Yield:
        case ExprKind::YieldFrom:
            // Only a bare `yield` target (x = yield = 1); a parenthesized one is reported below.
            if (!is_parenthesized(&e)) {
                fail_span(e.span, "assignment to yield expression not possible");
            }
            break;
        default:
            break;
    }
    std::string message = std::string("cannot assign to ") + expr_name(e);
    // A parenthesized expression is an atom, which CPython's hint covers too: (yield) = 1.
    if (hint && (is_bitwise_or_level(e) || is_parenthesized(&e))) {
        message += " here. Maybe you meant '==' instead of '='?";
    }
    fail_span(e.span, message);
}

void Parser::set_del(Expr& e) {
    switch (e.kind) {
        case ExprKind::Name:
            as<Name>(e).ctx = ExprContext::Del;
            return;
        case ExprKind::Attribute:
            as<Attribute>(e).ctx = ExprContext::Del;
            return;
        case ExprKind::Subscript:
            as<Subscript>(e).ctx = ExprContext::Del;
            return;
        case ExprKind::List:
        case ExprKind::Tuple: {
            auto& s = as<Sequence>(e);
            s.ctx = ExprContext::Del;
            for (auto& elt : s.elts)
                set_del(*elt);
            return;
        }
        default:
            fail_span(e.span, std::string("cannot delete ") + expr_name(e));
    }
}

}  // namespace gilpy::interpreter
