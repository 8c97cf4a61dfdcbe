// Code generation for statements, functions and the exception-handling layout.
//
// Try blocks use a block stack in the frame (SETUP_FINALLY pushes a handler and the stack level
// to unwind to; POP_BLOCK pops it). A handler starts with the exception on the stack; while an
// `except` or `finally` body runs on the exceptional path the exception stays on the stack and
// is the "handled" exception (PUSH_EXC_INFO / POP_EXCEPT), with a cleanup block that restores
// the previous handled exception if the body raises. Finally bodies are compiled once for the
// normal path, once for the exceptional path, and again inline for each return/break/continue
// that leaves them, as CPython has done since 3.9.
#include "interpreter/codegen.hpp"
#include "interpreter/compiler.hpp"
#include "runtime/exceptions.hpp"
#include "runtime/interpreter_state.hpp"
#include "runtime/types/tuple.hpp"

namespace gilpy::interpreter {

using namespace runtime;

void CodeGen::stmts(const StmtList& body) {
    for (const StmtPtr& s : body) {
        stmt(*s);
        if (!ok()) return;
    }
}

void CodeGen::stmt(const Stmt& s) {
    set_loc(s.span);
    switch (s.kind) {
        case StmtKind::FunctionDef:
            function_def(as<FunctionDef>(s));
            break;
        case StmtKind::ClassDef:
            class_def(as<ClassDef>(s));
            break;
        case StmtKind::Return:
            return_stmt(as<Return>(s));
            break;
        case StmtKind::Delete:
            for (const ExprPtr& t : as<Delete>(s).targets)
                delete_target(*t);
            break;
        case StmtKind::Assign: {
            auto& a = as<Assign>(s);
            expr(a.value.get());
            for (size_t i = 0; i < a.targets.size(); ++i) {
                if (i + 1 < a.targets.size()) emit(Op::COPY, 1);
                assign_target(*a.targets[i]);
            }
            break;
        }
        case StmtKind::AugAssign:
            aug_assign(as<AugAssign>(s));
            break;
        case StmtKind::AnnAssign: {
            auto& a = as<AnnAssign>(s);
            if (a.value) {
                expr(a.value.get());
                assign_target(*a.target);
            }
            break;
        }
        case StmtKind::For:
            for_stmt(as<For>(s));
            break;
        case StmtKind::While:
            while_stmt(as<While>(s));
            break;
        case StmtKind::If:
            if_stmt(as<If>(s));
            break;
        case StmtKind::With:
            with_stmt(as<With>(s), 0);
            break;
        case StmtKind::Raise:
            raise_stmt(as<Raise>(s));
            break;
        case StmtKind::Try:
            try_stmt(as<Try>(s));
            break;
        case StmtKind::Assert:
            assert_stmt(as<Assert>(s));
            break;
        case StmtKind::Import:
            import_stmt(as<Import>(s));
            break;
        case StmtKind::ImportFrom:
            import_from(as<ImportFrom>(s));
            break;
        case StmtKind::Global:
        case StmtKind::Nonlocal:
        case StmtKind::Pass:
            break;
        case StmtKind::Expr: {
            auto& e = as<ExprStmt>(s);
            if (e.value->kind == ExprKind::Constant && mode_ != ParseMode::Single) break;
            expr(e.value.get());
            set_loc(s.span);
            emit(mode_ == ParseMode::Single && units_.size() == 1 ? Op::PRINT_EXPR : Op::POP_TOP);
            break;
        }
        case StmtKind::Break:
            break_continue(s, true);
            break;
        case StmtKind::Continue:
            break_continue(s, false);
            break;
    }
}

// ---------------------------------------------------------------- assignment

void CodeGen::assign_target(const Expr& target) {
    switch (target.kind) {
        case ExprKind::Name:
            name_op(as<Name>(target).id, NameOp::Store);
            break;
        case ExprKind::Attribute: {
            auto& a = as<Attribute>(target);
            expr(a.value.get());
            set_loc(target.span);
            emit(Op::STORE_ATTR, attr_index(a.attr));
            break;
        }
        case ExprKind::Subscript: {
            auto& s = as<Subscript>(target);
            expr(s.value.get());
            expr(s.slice.get());
            set_loc(target.span);
            emit(Op::STORE_SUBSCR);
            break;
        }
        case ExprKind::Tuple:
        case ExprKind::List:
            unpack_targets(as<Sequence>(target).elts, target.span);
            break;
        case ExprKind::Starred:
            syntax_error("starred assignment target must be in a list or tuple", target.span);
            break;
        default:
            syntax_error("cannot assign to expression", target.span);
            break;
    }
}

void CodeGen::unpack_targets(const ExprList& elts, const Span& span) {
    size_t star = elts.size();
    for (size_t i = 0; i < elts.size(); ++i) {
        if (elts[i]->kind == ExprKind::Starred) {
            if (star != elts.size()) {
                syntax_error("multiple starred expressions in assignment", elts[i]->span);
                return;
            }
            star = i;
        }
    }
    set_loc(span);
    if (star == elts.size()) {
        emit(Op::UNPACK_SEQUENCE, static_cast<uint32_t>(elts.size()));
    } else {
        size_t after = elts.size() - star - 1;
        emit(Op::UNPACK_EX, static_cast<uint32_t>(star | (after << 8)));
    }
    for (const ExprPtr& e : elts) {
        assign_target(e->kind == ExprKind::Starred ? *as<Starred>(*e).value : *e);
    }
}

void CodeGen::aug_assign(const AugAssign& a) {
    const uint32_t op = static_cast<uint32_t>(a.op) + 13;  // the in-place form
    switch (a.target->kind) {
        case ExprKind::Name: {
            const std::string& id = as<Name>(*a.target).id;
            name_op(id, NameOp::Load);
            expr(a.value.get());
            set_loc(a.span);
            emit(Op::BINARY_OP, op);
            name_op(id, NameOp::Store);
            break;
        }
        case ExprKind::Attribute: {
            auto& t = as<Attribute>(*a.target);
            expr(t.value.get());
            emit(Op::COPY, 1);
            set_loc(t.span);
            emit(Op::LOAD_ATTR, attr_index(t.attr));
            expr(a.value.get());
            set_loc(a.span);
            emit(Op::BINARY_OP, op);
            emit(Op::SWAP, 2);
            emit(Op::STORE_ATTR, attr_index(t.attr));
            break;
        }
        case ExprKind::Subscript: {
            auto& t = as<Subscript>(*a.target);
            expr(t.value.get());
            expr(t.slice.get());
            emit(Op::COPY, 2);
            emit(Op::COPY, 2);
            set_loc(t.span);
            emit(Op::BINARY_SUBSCR);
            expr(a.value.get());
            set_loc(a.span);
            emit(Op::BINARY_OP, op);
            // [obj, key, result] -> [result, obj, key]
            emit(Op::SWAP, 3);
            emit(Op::SWAP, 2);
            emit(Op::STORE_SUBSCR);
            break;
        }
        default:
            syntax_error("'" + std::string("expression") +
                             "' is an illegal expression for augmented assignment",
                         a.target->span);
    }
}

void CodeGen::delete_target(const Expr& target) {
    set_loc(target.span);
    switch (target.kind) {
        case ExprKind::Name:
            name_op(as<Name>(target).id, NameOp::Delete);
            break;
        case ExprKind::Attribute: {
            auto& a = as<Attribute>(target);
            expr(a.value.get());
            set_loc(target.span);
            emit(Op::DELETE_ATTR, attr_index(a.attr));
            break;
        }
        case ExprKind::Subscript: {
            auto& s = as<Subscript>(target);
            expr(s.value.get());
            expr(s.slice.get());
            set_loc(target.span);
            emit(Op::DELETE_SUBSCR);
            break;
        }
        case ExprKind::Tuple:
        case ExprKind::List:
            for (const ExprPtr& e : as<Sequence>(target).elts)
                delete_target(*e);
            break;
        default:
            syntax_error("cannot delete expression", target.span);
            break;
    }
}

// ---------------------------------------------------------------- control flow

void CodeGen::if_stmt(const If& s) {
    int orelse = new_label();
    int end = new_label();
    jump_if(s.test.get(), orelse, false);
    stmts(s.body);
    if (!s.orelse.empty()) emit_jump(Op::JUMP_FORWARD, end);
    place(orelse);
    stmts(s.orelse);
    place(end);
}

void CodeGen::while_stmt(const While& w) {
    int start = new_label();
    int orelse = new_label();
    int end = new_label();
    place(start);
    jump_if(w.test.get(), orelse, false);
    u().fblocks.push_back({FBlockKind::WhileLoop, start, end});
    stmts(w.body);
    u().fblocks.pop_back();
    set_loc(w.span);
    emit_jump(Op::JUMP_BACKWARD, start);
    place(orelse);
    stmts(w.orelse);
    place(end);
}

void CodeGen::for_stmt(const For& f) {
    int start = new_label();
    int cleanup = new_label();
    int end = new_label();
    expr(f.iter.get());
    set_loc(f.iter->span);
    emit(Op::GET_ITER);
    place(start);
    set_loc(f.span);
    emit_jump(Op::FOR_ITER, cleanup);
    assign_target(*f.target);
    u().fblocks.push_back({FBlockKind::ForLoop, start, end});
    stmts(f.body);
    u().fblocks.pop_back();
    set_loc(f.span);
    emit_jump(Op::JUMP_BACKWARD, start);
    place(cleanup);
    stmts(f.orelse);
    place(end);
}

void CodeGen::unwind_fblock(const FBlock& b, bool preserve_tos) {
    switch (b.kind) {
        case FBlockKind::WhileLoop:
        case FBlockKind::Comprehension:
            break;
        case FBlockKind::ForLoop:
            if (preserve_tos) emit(Op::SWAP, 2);
            emit(Op::POP_TOP);  // the iterator
            break;
        case FBlockKind::TryExcept:
            emit(Op::POP_BLOCK);
            break;
        case FBlockKind::FinallyTry: {
            emit(Op::POP_BLOCK);
            // The finally body runs outside its own block (a return inside it must not rerun it).
            FBlock saved = b;
            std::vector<FBlock> outer(u().fblocks);
            u().fblocks.resize(static_cast<size_t>(&b - u().fblocks.data()));
            stmts(*saved.finalbody);
            u().fblocks = std::move(outer);
            break;
        }
        case FBlockKind::FinallyEnd:
            // Leaving the exceptional-path finally body: drop the exception it was handling.
            emit(Op::POP_BLOCK);
            emit(Op::POP_EXCEPT);
            if (preserve_tos) emit(Op::SWAP, 2);
            emit(Op::POP_TOP);
            break;
        case FBlockKind::HandlerCleanup:
            emit(Op::POP_BLOCK);
            emit(Op::POP_EXCEPT);
            if (!b.handler_name.empty()) {
                emit(Op::LOAD_CONST, const_none());
                name_op(b.handler_name, NameOp::Store);
                name_op(b.handler_name, NameOp::Delete);
            }
            if (preserve_tos) emit(Op::SWAP, 2);
            emit(Op::POP_TOP);  // the exception
            break;
        case FBlockKind::With:
            emit(Op::POP_BLOCK);
            if (preserve_tos) emit(Op::SWAP, 2);
            emit(Op::LOAD_CONST, const_none());
            emit(Op::LOAD_CONST, const_none());
            emit(Op::LOAD_CONST, const_none());
            emit(Op::CALL, 3);
            emit(Op::POP_TOP);
            break;
    }
}

void CodeGen::return_stmt(const Return& r) {
    Scope* scope = u().scope;
    if (scope->kind == ScopeKind::Module || scope->kind == ScopeKind::Class) {
        syntax_error("'return' outside function", r.span);
        return;
    }
    if (r.value) {
        expr(r.value.get());
    } else {
        emit(Op::LOAD_CONST, const_none());
    }
    for (size_t i = u().fblocks.size(); i-- > 0;) {
        FBlock b = u().fblocks[i];
        unwind_fblock(u().fblocks[i], true);
        (void)b;
    }
    set_loc(r.span);
    emit(Op::RETURN_VALUE);
}

void CodeGen::break_continue(const Stmt& s, bool is_break) {
    std::vector<FBlock>& blocks = u().fblocks;
    size_t i = blocks.size();
    while (i > 0) {
        const FBlock& b = blocks[i - 1];
        if (b.kind == FBlockKind::WhileLoop || b.kind == FBlockKind::ForLoop) break;
        --i;
    }
    if (i == 0) {
        syntax_error(is_break ? "'break' outside loop" : "'continue' not properly in loop", s.span);
        return;
    }
    FBlock loop = blocks[i - 1];
    for (size_t j = blocks.size(); j > i; --j)
        unwind_fblock(u().fblocks[j - 1], false);
    set_loc(s.span);
    if (is_break) {
        if (loop.kind == FBlockKind::ForLoop) emit(Op::POP_TOP);
        emit_jump(Op::JUMP_FORWARD, loop.break_target);
    } else {
        emit_jump(Op::JUMP_BACKWARD, loop.continue_target);
    }
}

// ---------------------------------------------------------------- exceptions

void CodeGen::try_stmt(const Try& t) {
    if (!t.finalbody.empty()) {
        try_finally(t);
    } else {
        try_except(t);
    }
}

void CodeGen::try_finally(const Try& t) {
    int handler = new_label();
    int cleanup = new_label();
    int end = new_label();
    emit_jump(Op::SETUP_FINALLY, handler);
    u().fblocks.push_back({FBlockKind::FinallyTry, -1, -1, &t.finalbody});
    if (t.handlers.empty()) {
        stmts(t.body);
    } else {
        try_except(t);
    }
    u().fblocks.pop_back();
    emit(Op::POP_BLOCK);
    stmts(t.finalbody);
    emit_jump(Op::JUMP_FORWARD, end);

    place(handler);  // [exc]
    emit(Op::PUSH_EXC_INFO);
    emit_jump(Op::SETUP_FINALLY, cleanup);
    u().fblocks.push_back({FBlockKind::FinallyEnd});
    stmts(t.finalbody);
    u().fblocks.pop_back();
    emit(Op::POP_BLOCK);
    emit(Op::POP_EXCEPT);
    emit(Op::RERAISE);

    place(cleanup);  // [exc, new_exc]
    emit(Op::POP_EXCEPT);
    emit(Op::SWAP, 2);
    emit(Op::POP_TOP);
    emit(Op::RERAISE);
    place(end);
}

void CodeGen::try_except(const Try& t) {
    int handler = new_label();
    int cleanup = new_label();
    int end = new_label();
    emit_jump(Op::SETUP_FINALLY, handler);
    u().fblocks.push_back({FBlockKind::TryExcept});
    stmts(t.body);
    u().fblocks.pop_back();
    emit(Op::POP_BLOCK);
    stmts(t.orelse);
    emit_jump(Op::JUMP_FORWARD, end);

    place(handler);  // [exc]
    emit(Op::PUSH_EXC_INFO);
    emit_jump(Op::SETUP_FINALLY, cleanup);
    for (size_t i = 0; i < t.handlers.size(); ++i) {
        const ExceptHandler& h = t.handlers[i];
        set_loc(h.span);
        if (!h.type && i + 1 < t.handlers.size()) {
            syntax_error("default 'except:' must be last", h.span);
            return;
        }
        int next = new_label();
        if (h.type) {
            expr(h.type.get());
            emit(Op::CHECK_EXC_MATCH);
            emit_jump(Op::POP_JUMP_IF_FALSE, next);
        }
        if (!h.name.empty()) {
            emit(Op::COPY, 1);
            name_op(h.name, NameOp::Store);
        }
        FBlock cleanup_block{FBlockKind::HandlerCleanup};
        cleanup_block.handler_name = h.name;
        u().fblocks.push_back(cleanup_block);
        stmts(h.body);
        u().fblocks.pop_back();
        unwind_fblock(cleanup_block, false);
        emit_jump(Op::JUMP_FORWARD, end);
        place(next);
    }
    // No clause matched: re-raise, through the cleanup block.
    emit(Op::RERAISE);

    place(cleanup);  // [exc, new_exc]
    emit(Op::POP_EXCEPT);
    emit(Op::SWAP, 2);
    emit(Op::POP_TOP);
    emit(Op::RERAISE);
    place(end);
}

void CodeGen::with_stmt(const With& w, size_t item) {
    const WithItem& it = w.items[item];
    int handler = new_label();
    int cleanup = new_label();
    int suppress = new_label();
    int end = new_label();
    expr(it.context_expr.get());
    set_loc(w.span);
    emit(Op::BEFORE_WITH);  // [exit, entered]
    if (it.optional_vars) {
        assign_target(*it.optional_vars);
    } else {
        emit(Op::POP_TOP);
    }
    emit_jump(Op::SETUP_FINALLY, handler);
    u().fblocks.push_back({FBlockKind::With});
    if (item + 1 < w.items.size()) {
        with_stmt(w, item + 1);
    } else {
        stmts(w.body);
    }
    u().fblocks.pop_back();
    set_loc(w.span);
    unwind_fblock({FBlockKind::With}, false);
    emit_jump(Op::JUMP_FORWARD, end);

    place(handler);  // [exit, exc]
    emit(Op::PUSH_EXC_INFO);
    emit_jump(Op::SETUP_FINALLY, cleanup);
    emit(Op::WITH_EXCEPT_START);  // [exit, exc, result]
    emit_jump(Op::POP_JUMP_IF_TRUE, suppress);
    emit(Op::RERAISE);
    place(suppress);  // [exit, exc]
    emit(Op::POP_BLOCK);
    emit(Op::POP_EXCEPT);
    emit(Op::POP_TOP);
    emit(Op::POP_TOP);
    emit_jump(Op::JUMP_FORWARD, end);

    place(cleanup);  // [exit, exc, new_exc]
    emit(Op::POP_EXCEPT);
    emit(Op::SWAP, 3);
    emit(Op::POP_TOP);
    emit(Op::POP_TOP);
    emit(Op::RERAISE);
    place(end);
}

void CodeGen::raise_stmt(const Raise& r) {
    if (!r.exc) {
        emit(Op::RAISE_VARARGS, 0);
        return;
    }
    expr(r.exc.get());
    if (r.cause) {
        expr(r.cause.get());
        set_loc(r.span);
        emit(Op::RAISE_VARARGS, 2);
    } else {
        set_loc(r.span);
        emit(Op::RAISE_VARARGS, 1);
    }
}

namespace {

// The comparison CPython 3.11's traceback underlines for a failed assert: its compiler's
// conditional jumps keep the location of the last comparison they branched on (through `not`,
// `and`/`or` and conditional expressions); without one, the whole statement.
const Expr* last_branch_compare(const Expr* e) {
    switch (e->kind) {
        case ExprKind::Compare:
            return e;
        case ExprKind::UnaryOp:
            if (as<UnaryOp>(*e).op == UnaryOpKind::Not)
                return last_branch_compare(as<UnaryOp>(*e).operand.get());
            return nullptr;
        case ExprKind::BoolOp: {
            const Expr* found = nullptr;
            for (const ExprPtr& v : as<BoolOp>(*e).values) {
                if (const Expr* c = last_branch_compare(v.get())) found = c;
            }
            return found;
        }
        case ExprKind::IfExp: {
            auto& x = as<IfExp>(*e);
            const Expr* found = nullptr;
            for (const Expr* part : {x.test.get(), x.body.get(), x.orelse.get()}) {
                if (const Expr* c = last_branch_compare(part)) found = c;
            }
            return found;
        }
        default:
            return nullptr;
    }
}

}  // namespace

void CodeGen::assert_stmt(const Assert& a) {
    int end = new_label();
    jump_if(a.test.get(), end, true);
    const Expr* compare = last_branch_compare(a.test.get());
    if (a.msg) expr(a.msg.get());
    set_loc(compare ? compare->span : a.span);
    emit(Op::RAISE_ASSERTION, a.msg ? 1 : 0);
    place(end);
}

// ---------------------------------------------------------------- imports

void CodeGen::import_stmt(const Import& s) {
    for (const Alias& a : s.names) {
        set_loc(s.span);  // tracebacks underline the whole statement, as CPython's
        emit(Op::LOAD_CONST, add_const(Owned::steal(Value::from_int(0))));
        emit(Op::LOAD_CONST, const_none());
        emit(Op::IMPORT_NAME, name_index(a.name));
        if (a.asname.empty()) {
            name_op(a.name.substr(0, a.name.find('.')), NameOp::Store);
            continue;
        }
        // `import a.b.c as d` binds the submodule.
        size_t dot = a.name.find('.');
        while (dot != std::string::npos) {
            size_t next = a.name.find('.', dot + 1);
            std::string part =
                a.name.substr(dot + 1, next == std::string::npos ? next : next - dot - 1);
            emit(Op::IMPORT_FROM, name_index(part));
            emit(Op::SWAP, 2);
            emit(Op::POP_TOP);
            dot = next;
        }
        name_op(a.asname, NameOp::Store);
    }
}

void CodeGen::import_from(const ImportFrom& s) {
    emit(Op::LOAD_CONST, add_const(Owned::steal(Value::from_int(s.level))));
    Ref<TupleObject> names = new_tuple(static_cast<int64_t>(s.names.size()));
    for (size_t i = 0; i < s.names.size(); ++i) {
        names->items[i] = Value::from_object(new_str(s.names[i].name).release());
    }
    emit(Op::LOAD_CONST, add_const(std::move(names)));
    emit(Op::IMPORT_NAME, name_index(s.module));
    if (s.names.size() == 1 && s.names[0].name == "*") {
        emit(Op::IMPORT_STAR);
        return;
    }
    for (const Alias& a : s.names) {
        set_loc(a.span);
        emit(Op::IMPORT_FROM, name_index(a.name));
        name_op(a.asname.empty() ? a.name : a.asname, NameOp::Store);
    }
    emit(Op::POP_TOP);
}

// ---------------------------------------------------------------- functions and classes

bool CodeGen::compile_defaults(const Arguments& args, uint32_t* flags) {
    if (!args.defaults.empty()) {
        exprs(args.defaults);
        emit(Op::BUILD_TUPLE, static_cast<uint32_t>(args.defaults.size()));
        *flags |= 1;
    }
    size_t kw = 0;
    for (size_t i = 0; i < args.kwonlyargs.size(); ++i) {
        if (i < args.kw_defaults.size() && args.kw_defaults[i]) {
            emit(Op::LOAD_CONST, const_str(args.kwonlyargs[i].name));
            expr(args.kw_defaults[i].get());
            ++kw;
        }
    }
    if (kw) {
        emit(Op::BUILD_MAP, static_cast<uint32_t>(kw));
        *flags |= 2;
    }
    return ok();
}

void CodeGen::make_closure(Ref<CodeObject> co, uint32_t flags) {
    if (!co->freevars.empty()) {
        for (const Ref<StrObject>& fv : co->freevars) {
            std::string n(fv->view());
            auto it = u().cells.find(n);
            if (it == u().cells.end()) {
                syntax_error("internal error: free variable '" + n + "' not found", {});
                return;
            }
            emit(Op::LOAD_CLOSURE, static_cast<uint32_t>(it->second));
        }
        emit(Op::BUILD_TUPLE, static_cast<uint32_t>(co->freevars.size()));
        flags |= 8;
    }
    emit(Op::LOAD_CONST, add_const(Owned(std::move(co))));
    emit(Op::MAKE_FUNCTION, flags);
}

Ref<CodeObject> CodeGen::compile_function_body(const void* node, const StmtList* body,
                                               const Expr* lambda_body, const std::string& name,
                                               int line, const Expr* docstring_source) {
    Scope* scope = table_.scope_of(node);
    enter_unit(scope, mangle_qualname(name), line);
    // The docstring is the first constant (co_consts[0]), or None.
    if (docstring_source) {
        const_str(as<Constant>(*docstring_source).text);
    } else if (body) {
        const_none();
    }
    if (body) {
        stmts(*body);
        if (u().code.empty() || instr_op(u().code.back()) != Op::RETURN_VALUE) {
            emit(Op::LOAD_CONST, const_none());
            emit(Op::RETURN_VALUE);
        }
    } else {
        expr(lambda_body);
        emit(Op::RETURN_VALUE);
    }
    Ref<CodeObject> co = leave_unit();
    if (!ok()) return nullptr;
    return co;
}

// The annotations of a def, evaluated now into a dict for MAKE_FUNCTION (flag 4): parameter
// names (mangled in a class) to values, in CPython's order (regular parameters before the
// positional-only ones), then "return".
void CodeGen::compile_annotations(const Arguments& args, const Expr* returns, uint32_t* flags) {
    uint32_t count = 0;
    auto annotate = [&](const Arg* arg) {
        if (!arg || !arg->annotation) return;
        emit(Op::LOAD_CONST, const_str(mangle_private(u().scope->private_name, arg->name)));
        expr(arg->annotation.get());
        ++count;
    };
    for (const Arg& a : args.args)
        annotate(&a);
    for (const Arg& a : args.posonlyargs)
        annotate(&a);
    annotate(args.vararg.get());
    for (const Arg& a : args.kwonlyargs)
        annotate(&a);
    annotate(args.kwarg.get());
    if (returns) {
        emit(Op::LOAD_CONST, const_str("return"));
        expr(returns);
        ++count;
    }
    if (count == 0) return;
    emit(Op::BUILD_MAP, count);
    *flags |= 4;
}

void CodeGen::function_def(const FunctionDef& f) {
    for (const ExprPtr& d : f.decorators)
        expr(d.get());
    uint32_t flags = 0;
    if (!compile_defaults(f.args, &flags)) return;
    compile_annotations(f.args, f.returns.get(), &flags);
    const Expr* doc = nullptr;
    if (!f.body.empty() && f.body[0]->kind == StmtKind::Expr) {
        const Expr* e = as<ExprStmt>(*f.body[0]).value.get();
        if (e->kind == ExprKind::Constant && as<Constant>(*e).value_kind == Constant::Kind::Str)
            doc = e;
    }
    Ref<CodeObject> co = compile_function_body(&f, &f.body, nullptr, f.name, f.span.line, doc);
    if (!co) return;
    set_loc(f.span);
    make_closure(std::move(co), flags);
    for (size_t i = 0; i < f.decorators.size(); ++i)
        emit(Op::CALL, 1);
    name_op(f.name, NameOp::Store);
}

void CodeGen::class_def(const ClassDef& c) {
    for (const ExprPtr& d : c.decorators)
        expr(d.get());
    emit(Op::LOAD_BUILD_CLASS);
    Scope* scope = table_.scope_of(&c);
    enter_unit(scope, mangle_qualname(c.name), c.span.line);
    name_op("__name__", NameOp::Load);
    emit(Op::STORE_NAME, name_index("__module__"));
    emit(Op::LOAD_CONST, const_str(u().qualname));
    emit(Op::STORE_NAME, name_index("__qualname__"));
    if (!c.body.empty() && c.body[0]->kind == StmtKind::Expr) {
        const Expr* e = as<ExprStmt>(*c.body[0]).value.get();
        if (e->kind == ExprKind::Constant && as<Constant>(*e).value_kind == Constant::Kind::Str) {
            emit(Op::LOAD_CONST, const_str(as<Constant>(*e).text));
            emit(Op::STORE_NAME, name_index("__doc__"));
        }
    }
    stmts(c.body);
    // The body returns the __class__ cell (or None); type() fills it with the new class,
    // which is how zero-argument super() in the methods finds it.
    if (auto it = u().cells.find("__class__"); it != u().cells.end()) {
        emit(Op::LOAD_CLOSURE, static_cast<uint32_t>(it->second));
        emit(Op::COPY, 1);
        emit(Op::STORE_NAME, name_index("__classcell__"));
    } else {
        emit(Op::LOAD_CONST, const_none());
    }
    emit(Op::RETURN_VALUE);
    Ref<CodeObject> co = leave_unit();
    if (!ok()) return;
    set_loc(c.span);
    make_closure(std::move(co), 0);
    emit(Op::LOAD_CONST, const_str(c.name));
    call_helper(c.bases, c.keywords, 2);
    for (size_t i = 0; i < c.decorators.size(); ++i)
        emit(Op::CALL, 1);
    name_op(c.name, NameOp::Store);
}

// ---------------------------------------------------------------- module

Ref<CodeObject> CodeGen::compile_module(const Module& m) {
    Scope* scope = table_.module_scope();
    enter_unit(scope, "<module>", 1);
    if (mode_ == ParseMode::Eval) {
        const Expr* e = as<ExprStmt>(*m.body[0]).value.get();
        expr(e);
        emit(Op::RETURN_VALUE);
    } else {
        stmts(m.body);
        emit(Op::LOAD_CONST, const_none());
        emit(Op::RETURN_VALUE);
    }
    if (error_) {
        units_.clear();
        return raise_syntax_error(ts_, *error_);
    }
    if (failed_) {
        units_.clear();
        return nullptr;
    }
    return leave_unit();
}

}  // namespace gilpy::interpreter
