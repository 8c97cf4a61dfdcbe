// Code generation for expressions. Each expr() call leaves exactly one value on the stack.
#include <unordered_set>

#include "interpreter/codegen.hpp"
#include "runtime/abstract.hpp"
#include "runtime/exceptions.hpp"
#include "runtime/interpreter_state.hpp"
#include "runtime/types/bytes.hpp"
#include "runtime/types/int.hpp"
#include "runtime/types/set.hpp"
#include "runtime/types/tuple.hpp"

namespace gilpy::interpreter {

using namespace runtime;

namespace {

CompareOp to_compare_op(CmpOpKind k) {
    switch (k) {
        case CmpOpKind::Lt:
            return CompareOp::Lt;
        case CmpOpKind::LtE:
            return CompareOp::Le;
        case CmpOpKind::Eq:
            return CompareOp::Eq;
        case CmpOpKind::NotEq:
            return CompareOp::Ne;
        case CmpOpKind::Gt:
            return CompareOp::Gt;
        default:
            return CompareOp::Ge;
    }
}

bool has_starred(const ExprList& list) {
    for (const ExprPtr& e : list) {
        if (e->kind == ExprKind::Starred) return true;
    }
    return false;
}

}  // namespace

void CodeGen::exprs(const ExprList& list) {
    for (const ExprPtr& e : list)
        expr(e.get());
}

void CodeGen::expr(const Expr* e) {
    Location saved = u().loc;
    set_loc(e->span);
    switch (e->kind) {
        case ExprKind::Constant:
            constant(as<Constant>(*e));
            break;
        case ExprKind::Name:
            name_op(as<Name>(*e).id, NameOp::Load);
            break;
        case ExprKind::BinOp: {
            auto& b = as<BinOp>(*e);
            expr(b.left.get());
            expr(b.right.get());
            set_loc(e->span);
            emit(Op::BINARY_OP, static_cast<uint32_t>(b.op));
            break;
        }
        case ExprKind::UnaryOp: {
            auto& un = as<UnaryOp>(*e);
            // Fold negative literals, as CPython's AST optimiser does.
            if (un.op == UnaryOpKind::USub && un.operand->kind == ExprKind::Constant) {
                auto& c = as<Constant>(*un.operand);
                if (c.value_kind == Constant::Kind::Int) {
                    emit(Op::LOAD_CONST, add_const(Owned::steal(Value::from_int(-c.int_value))));
                    break;
                }
                if (c.value_kind == Constant::Kind::Float) {
                    emit(Op::LOAD_CONST, add_const(Owned::from_float(-c.float_value)));
                    break;
                }
            }
            expr(un.operand.get());
            switch (un.op) {
                case UnaryOpKind::Invert:
                    emit(Op::UNARY_INVERT);
                    break;
                case UnaryOpKind::Not:
                    emit(Op::UNARY_NOT);
                    break;
                case UnaryOpKind::UAdd:
                    emit(Op::UNARY_POSITIVE);
                    break;
                case UnaryOpKind::USub:
                    emit(Op::UNARY_NEGATIVE);
                    break;
            }
            break;
        }
        case ExprKind::BoolOp:
            bool_op(as<BoolOp>(*e));
            break;
        case ExprKind::Compare:
            compare(as<Compare>(*e));
            break;
        case ExprKind::Call:
            call(as<Call>(*e));
            break;
        case ExprKind::Attribute:
            attribute(as<Attribute>(*e));
            break;
        case ExprKind::Subscript:
            subscript(as<Subscript>(*e));
            break;
        case ExprKind::Slice:
            slice(as<Slice>(*e));
            break;
        case ExprKind::List:
            sequence(as<Sequence>(*e).elts, Op::BUILD_LIST, Op::LIST_EXTEND, false);
            break;
        case ExprKind::Tuple:
            sequence(as<Sequence>(*e).elts, Op::BUILD_TUPLE, Op::LIST_EXTEND, true);
            break;
        case ExprKind::Set:
            sequence(as<Set>(*e).elts, Op::BUILD_SET, Op::SET_UPDATE, false);
            break;
        case ExprKind::Dict:
            dict_display(as<Dict>(*e));
            break;
        case ExprKind::ListComp:
        case ExprKind::SetComp:
        case ExprKind::DictComp:
        case ExprKind::GeneratorExp:
            comprehension(as<Comp>(*e));
            break;
        case ExprKind::Lambda:
            lambda(as<Lambda>(*e));
            break;
        case ExprKind::IfExp:
            if_exp(as<IfExp>(*e));
            break;
        case ExprKind::JoinedStr:
            joined_str(as<JoinedStr>(*e));
            break;
        case ExprKind::FormattedValue:
            formatted_value(as<FormattedValue>(*e));
            break;
        case ExprKind::NamedExpr: {
            auto& n = as<NamedExpr>(*e);
            expr(n.value.get());
            emit(Op::COPY, 1);
            name_op(as<Name>(*n.target).id, NameOp::Store);
            break;
        }
        case ExprKind::Starred:
            syntax_error("can't use starred expression here", e->span);
            break;
        case ExprKind::Yield: {
            auto& y = as<Yield>(*e);
            if (y.value) {
                expr(y.value.get());
            } else {
                emit(Op::LOAD_CONST, const_none());
            }
            emit(Op::YIELD_VALUE);
            break;
        }
        case ExprKind::YieldFrom: {
            // CPython 3.11's loop: SEND hands the sent value (None first) to the sub-iterator
            // and leaves its yielded value for YIELD_VALUE 1, or jumps out with its result.
            int loop = new_label();
            int exit = new_label();
            expr(as<Yield>(*e).value.get());
            emit(Op::GET_YIELD_FROM_ITER);
            emit(Op::LOAD_CONST, const_none());
            place(loop);
            emit_jump(Op::SEND, exit);
            emit(Op::YIELD_VALUE, 1);
            emit_jump(Op::JUMP_BACKWARD, loop);
            place(exit);
            break;
        }
        case ExprKind::Await:
            syntax_error("'await' outside async function", e->span);
            break;
    }
    u().loc = saved;
}

void CodeGen::constant(const Constant& c) {
    Owned v;
    switch (c.value_kind) {
        case Constant::Kind::None:
            v = Owned::none();
            break;
        case Constant::Kind::True:
            v = Owned::from_bool(true);
            break;
        case Constant::Kind::False:
            v = Owned::from_bool(false);
            break;
        case Constant::Kind::Ellipsis:
            v = Owned::borrow(Value::from_object(&kEllipsis));
            break;
        case Constant::Kind::Int:
            v = Owned::steal(Value::from_int(c.int_value));
            break;
        case Constant::Kind::BigInt:
            v = int_from_string(ts_, c.text, 0, Value::null());
            break;
        case Constant::Kind::Float:
            v = Owned::from_float(c.float_value);
            break;
        case Constant::Kind::Str:
            emit(Op::LOAD_CONST, const_str(c.text));
            return;
        case Constant::Kind::Bytes:
            v = new_bytes(c.text);
            break;
        case Constant::Kind::Complex:
            syntax_error("complex numbers are not supported by gilpy", c.span);
            v = Owned::none();
            break;
    }
    emit(Op::LOAD_CONST, add_const(std::move(v)));
}

void CodeGen::bool_op(const BoolOp& b) {
    int end = new_label();
    Op jump = b.op == BoolOpKind::And ? Op::JUMP_IF_FALSE_OR_POP : Op::JUMP_IF_TRUE_OR_POP;
    for (size_t i = 0; i < b.values.size(); ++i) {
        expr(b.values[i].get());
        if (i + 1 < b.values.size()) emit_jump(jump, end);
    }
    place(end);
}

void CodeGen::compare(const Compare& c) {
    auto emit_cmp = [&](CmpOpKind k) {
        switch (k) {
            case CmpOpKind::Is:
                emit(Op::IS_OP, 0);
                break;
            case CmpOpKind::IsNot:
                emit(Op::IS_OP, 1);
                break;
            case CmpOpKind::In:
                emit(Op::CONTAINS_OP, 0);
                break;
            case CmpOpKind::NotIn:
                emit(Op::CONTAINS_OP, 1);
                break;
            default:
                emit(Op::COMPARE_OP, static_cast<uint32_t>(to_compare_op(k)));
                break;
        }
    };
    expr(c.left.get());
    size_t n = c.ops.size();
    if (n == 1) {
        expr(c.comparators[0].get());
        set_loc(c.span);
        emit_cmp(c.ops[0]);
        return;
    }
    int cleanup = new_label();
    int end = new_label();
    for (size_t i = 0; i + 1 < n; ++i) {
        expr(c.comparators[i].get());
        emit(Op::SWAP, 2);
        emit(Op::COPY, 2);
        set_loc(c.span);
        emit_cmp(c.ops[i]);
        emit_jump(Op::JUMP_IF_FALSE_OR_POP, cleanup);
    }
    expr(c.comparators[n - 1].get());
    set_loc(c.span);
    emit_cmp(c.ops[n - 1]);
    emit_jump(Op::JUMP_FORWARD, end);
    place(cleanup);
    emit(Op::SWAP, 2);
    emit(Op::POP_TOP);
    place(end);
}

void CodeGen::call(const Call& c) {
    bool simple = !has_starred(c.args);
    for (const Keyword& k : c.keywords) {
        if (k.arg.empty()) simple = false;
    }
    std::unordered_set<std::string> seen;
    for (const Keyword& k : c.keywords) {
        if (!k.arg.empty() && !seen.insert(k.arg).second) {
            syntax_error("keyword argument repeated: " + k.arg, k.span);
        }
    }
    if (simple && c.func->kind == ExprKind::Attribute) {
        auto& a = as<Attribute>(*c.func);
        expr(a.value.get());
        set_loc(c.func->span);
        emit(Op::LOAD_METHOD, attr_index(a.attr));
        exprs(c.args);
        for (const Keyword& k : c.keywords)
            expr(k.value.get());
        set_loc(c.span);
        if (!c.keywords.empty()) {
            Ref<TupleObject> names = new_tuple(static_cast<int64_t>(c.keywords.size()));
            for (size_t i = 0; i < c.keywords.size(); ++i) {
                names->items[i] = Value::from_object(ts_.interp.intern(c.keywords[i].arg));
                incref(names->items[i]);
            }
            emit(Op::KW_NAMES, add_const(std::move(names)));
        }
        emit(Op::CALL_METHOD, static_cast<uint32_t>(c.args.size() + c.keywords.size()));
        return;
    }
    expr(c.func.get());
    call_helper(c.args, c.keywords, 0);
    (void)c;
}

// Arguments for a callable already on the stack.
void CodeGen::call_helper(const ExprList& args, const std::vector<Keyword>& keywords, int extra) {
    bool simple = !has_starred(args);
    for (const Keyword& k : keywords) {
        if (k.arg.empty()) simple = false;
    }
    Location loc = u().loc;
    if (simple) {
        exprs(args);
        for (const Keyword& k : keywords)
            expr(k.value.get());
        u().loc = loc;
        if (!keywords.empty()) {
            Ref<TupleObject> names = new_tuple(static_cast<int64_t>(keywords.size()));
            for (size_t i = 0; i < keywords.size(); ++i) {
                names->items[i] = Value::from_object(ts_.interp.intern(keywords[i].arg));
                incref(names->items[i]);
            }
            emit(Op::KW_NAMES, add_const(std::move(names)));
        }
        emit(Op::CALL, static_cast<uint32_t>(args.size() + keywords.size() + extra));
        return;
    }
    // f(*a, **k): positional arguments as one tuple, keywords as one dict. A lone *a is passed
    // as it is (CALL_FUNCTION_EX makes the tuple), as CPython does: its error for a
    // non-iterable names the function.
    if (args.size() == 1 && args[0]->kind == ExprKind::Starred) {
        expr(as<Starred>(*args[0]).value.get());
    } else {
        sequence(args, Op::BUILD_LIST, Op::LIST_EXTEND, true);
    }
    if (!keywords.empty()) {
        emit(Op::BUILD_MAP, 0);
        size_t i = 0;
        while (i < keywords.size()) {
            if (keywords[i].arg.empty()) {
                expr(keywords[i].value.get());
                emit(Op::DICT_MERGE, 1);
                ++i;
                continue;
            }
            size_t start = i;
            while (i < keywords.size() && !keywords[i].arg.empty()) {
                emit(Op::LOAD_CONST, const_str(keywords[i].arg));
                expr(keywords[i].value.get());
                ++i;
            }
            emit(Op::BUILD_MAP, static_cast<uint32_t>(i - start));
            emit(Op::DICT_MERGE, 1);
        }
    }
    u().loc = loc;
    emit(Op::CALL_FUNCTION_EX, keywords.empty() ? 0 : 1);
}

void CodeGen::attribute(const Attribute& a) {
    expr(a.value.get());
    set_loc(a.span);
    emit(Op::LOAD_ATTR, attr_index(a.attr));
}

void CodeGen::subscript(const Subscript& s) {
    expr(s.value.get());
    expr(s.slice.get());
    set_loc(s.span);
    emit(Op::BINARY_SUBSCR);
}

void CodeGen::slice(const Slice& s) {
    auto part = [&](const ExprPtr& p) {
        if (p) {
            expr(p.get());
        } else {
            emit(Op::LOAD_CONST, const_none());
        }
    };
    part(s.lower);
    part(s.upper);
    if (s.step) {
        expr(s.step.get());
        emit(Op::BUILD_SLICE, 3);
    } else {
        emit(Op::BUILD_SLICE, 2);
    }
}

// The elements as a tuple constant when every one is a literal, else null.
Ref<TupleObject> CodeGen::constant_tuple(const ExprList& elts) {
    for (const ExprPtr& e : elts) {
        if (e->kind != ExprKind::Constant ||
            as<Constant>(*e).value_kind == Constant::Kind::Complex) {
            return nullptr;
        }
    }
    Ref<TupleObject> t = new_tuple(static_cast<int64_t>(elts.size()));
    for (size_t i = 0; i < elts.size(); ++i) {
        auto& c = as<Constant>(*elts[i]);
        Owned v;
        switch (c.value_kind) {
            case Constant::Kind::None:
                v = Owned::none();
                break;
            case Constant::Kind::True:
                v = Owned::from_bool(true);
                break;
            case Constant::Kind::False:
                v = Owned::from_bool(false);
                break;
            case Constant::Kind::Ellipsis:
                v = Owned::borrow(Value::from_object(&kEllipsis));
                break;
            case Constant::Kind::Int:
                v = Owned::steal(Value::from_int(c.int_value));
                break;
            case Constant::Kind::BigInt:
                v = int_from_string(ts_, c.text, 0, Value::null());
                break;
            case Constant::Kind::Float:
                v = Owned::from_float(c.float_value);
                break;
            case Constant::Kind::Str:
                v = Owned::borrow(Value::from_object(ts_.interp.intern(c.text)));
                break;
            case Constant::Kind::Bytes:
                v = new_bytes(c.text);
                break;
            case Constant::Kind::Complex:
                break;
        }
        if (!v) {
            failed_ = true;
            v = Owned::none();
        }
        t->items[i] = v.release();
    }
    return t;
}

// A list, tuple or set display; starred items extend an accumulating list (or set).
void CodeGen::sequence(const ExprList& elts, Op build, Op extend, bool to_tuple) {
    if (!has_starred(elts)) {
        // A tuple of constants is one constant; so is a set display of three or more
        // constants, built as a frozenset and merged (CPython 3.11 does the same, which
        // also fixes the iteration order of the resulting set).
        Ref<TupleObject> folded;
        if (build == Op::BUILD_TUPLE && !elts.empty()) folded = constant_tuple(elts);
        if (build == Op::BUILD_SET && elts.size() >= 3) folded = constant_tuple(elts);
        if (folded && build == Op::BUILD_TUPLE) {
            emit(Op::LOAD_CONST, add_const(std::move(folded)));
            return;
        }
        if (folded) {
            Ref<SetObject> frozen =
                set_from_iterable(ts_, &kFrozenSetType, Value::from_object(folded.get()));
            if (!frozen) {
                failed_ = true;
                return;
            }
            emit(Op::BUILD_SET, 0);
            emit(Op::LOAD_CONST, add_const(std::move(frozen)));
            emit(Op::SET_UPDATE, 1);
            return;
        }
        exprs(elts);
        emit(build, static_cast<uint32_t>(elts.size()));
        return;
    }
    Op acc_build = build == Op::BUILD_SET ? Op::BUILD_SET : Op::BUILD_LIST;
    Op add = build == Op::BUILD_SET ? Op::SET_ADD : Op::LIST_APPEND;
    emit(acc_build, 0);
    for (const ExprPtr& e : elts) {
        if (e->kind == ExprKind::Starred) {
            expr(as<Starred>(*e).value.get());
            emit(extend, 1);
        } else {
            expr(e.get());
            emit(add, 1);
        }
    }
    if (to_tuple) emit(Op::LIST_TO_TUPLE);
}

void CodeGen::dict_display(const Dict& d) {
    size_t n = d.keys.size();
    bool has_unpack = false;
    for (const ExprPtr& k : d.keys) {
        if (!k) has_unpack = true;
    }
    if (!has_unpack) {
        for (size_t i = 0; i < n; ++i) {
            expr(d.keys[i].get());
            expr(d.values[i].get());
        }
        emit(Op::BUILD_MAP, static_cast<uint32_t>(n));
        return;
    }
    emit(Op::BUILD_MAP, 0);
    for (size_t i = 0; i < n; ++i) {
        if (!d.keys[i]) {
            expr(d.values[i].get());
            emit(Op::DICT_UPDATE, 1);
        } else {
            expr(d.keys[i].get());
            expr(d.values[i].get());
            emit(Op::MAP_ADD, 1);
        }
    }
}

void CodeGen::if_exp(const IfExp& i) {
    int orelse = new_label();
    int end = new_label();
    jump_if(i.test.get(), orelse, false);
    expr(i.body.get());
    emit_jump(Op::JUMP_FORWARD, end);
    place(orelse);
    expr(i.orelse.get());
    place(end);
}

void CodeGen::jump_if(const Expr* e, int label, bool cond) {
    if (e->kind == ExprKind::UnaryOp && as<UnaryOp>(*e).op == UnaryOpKind::Not) {
        jump_if(as<UnaryOp>(*e).operand.get(), label, !cond);
        return;
    }
    if (e->kind == ExprKind::BoolOp) {
        auto& b = as<BoolOp>(*e);
        bool is_and = b.op == BoolOpKind::And;
        if (is_and != cond) {
            // `a and b` jumping when false (or `a or b` when true): any operand decides.
            for (const ExprPtr& v : b.values)
                jump_if(v.get(), label, cond);
        } else {
            int next = new_label();
            for (size_t i = 0; i + 1 < b.values.size(); ++i) {
                jump_if(b.values[i].get(), next, !cond);
            }
            jump_if(b.values.back().get(), label, cond);
            place(next);
        }
        return;
    }
    expr(e);
    emit_jump(cond ? Op::POP_JUMP_IF_TRUE : Op::POP_JUMP_IF_FALSE, label);
}

void CodeGen::joined_str(const JoinedStr& j) {
    if (j.values.empty()) {
        emit(Op::LOAD_CONST, const_str(""));
        return;
    }
    for (const ExprPtr& v : j.values)
        expr(v.get());
    if (j.values.size() > 1) emit(Op::BUILD_STRING, static_cast<uint32_t>(j.values.size()));
}

void CodeGen::formatted_value(const FormattedValue& f) {
    expr(f.value.get());
    uint32_t arg = 0;
    if (f.conversion == 's') arg = 1;
    if (f.conversion == 'r') arg = 2;
    if (f.conversion == 'a') arg = 3;
    if (f.format_spec) {
        expr(f.format_spec.get());
        arg |= 4;
    }
    emit(Op::FORMAT_VALUE, arg);
}

void CodeGen::lambda(const Lambda& l) {
    uint32_t flags = 0;
    if (!compile_defaults(l.args, &flags)) return;
    Ref<CodeObject> co =
        compile_function_body(&l, nullptr, l.body.get(), "<lambda>", l.span.line, nullptr);
    if (!co) return;
    make_closure(std::move(co), flags);
}

// A comprehension is a nested function called with the first iterator, as in CPython 3.11.
void CodeGen::comprehension(const Comp& c) {
    Scope* scope = table_.scope_of(&c);
    std::string qualname = mangle_qualname(scope->name);
    enter_unit(scope, qualname, c.span.line);
    set_loc(c.span);
    if (c.kind == ExprKind::ListComp) emit(Op::BUILD_LIST, 0);
    if (c.kind == ExprKind::SetComp) emit(Op::BUILD_SET, 0);
    if (c.kind == ExprKind::DictComp) emit(Op::BUILD_MAP, 0);
    comprehension_generator(c, 0, c.kind == ExprKind::GeneratorExp ? 0 : 1);
    if (c.kind == ExprKind::GeneratorExp) emit(Op::LOAD_CONST, const_none());
    emit(Op::RETURN_VALUE);
    Ref<CodeObject> co = leave_unit();
    make_closure(std::move(co), 0);
    expr(c.generators[0].iter.get());
    set_loc(c.span);
    emit(Op::GET_ITER);
    emit(Op::CALL, 1);
}

// [depth]: how many values sit below the running iterators (the result being built).
void CodeGen::comprehension_generator(const Comp& c, size_t gen_index, int depth) {
    const Comprehension& g = c.generators[gen_index];
    int start = new_label();
    int end = new_label();
    if (gen_index == 0) {
        emit(Op::LOAD_FAST, static_cast<uint32_t>(u().varnames.at(".0")));
    } else {
        expr(g.iter.get());
        emit(Op::GET_ITER);
    }
    place(start);
    emit_jump(Op::FOR_ITER, end);
    assign_target(*g.target);
    for (const ExprPtr& cond : g.ifs)
        jump_if(cond.get(), start, false);
    int iterators = static_cast<int>(gen_index) + 1;
    if (gen_index + 1 < c.generators.size()) {
        comprehension_generator(c, gen_index + 1, depth);
    } else {
        switch (c.kind) {
            case ExprKind::ListComp:
                expr(c.elt.get());
                emit(Op::LIST_APPEND, static_cast<uint32_t>(iterators + 1));
                break;
            case ExprKind::SetComp:
                expr(c.elt.get());
                emit(Op::SET_ADD, static_cast<uint32_t>(iterators + 1));
                break;
            case ExprKind::DictComp:
                expr(c.key.get());
                expr(c.value.get());
                emit(Op::MAP_ADD, static_cast<uint32_t>(iterators + 1));
                break;
            default:
                expr(c.elt.get());
                emit(Op::YIELD_VALUE);
                emit(Op::POP_TOP);
                break;
        }
    }
    emit_jump(Op::JUMP_BACKWARD, start);
    place(end);
    (void)depth;
}

}  // namespace gilpy::interpreter
