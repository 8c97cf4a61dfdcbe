// Code generation infrastructure: compilation units, instruction emission with labels,
// constant and name tables, name resolution to opcodes, and the assembler (label resolution
// and the maximum stack depth by a walk over the control-flow graph).
#include "interpreter/codegen.hpp"

#include <algorithm>

#include "runtime/exceptions.hpp"
#include "runtime/interpreter_state.hpp"

namespace gilpy::interpreter {

using namespace runtime;

CodeGen::CodeGen(ThreadState& ts, SymbolTable& table, std::string_view source,
                 std::string_view filename, ParseMode mode)
    : ts_(ts), table_(table), source_(source), filename_(filename), mode_(mode) {}

void CodeGen::enter_unit(Scope* scope, std::string qualname, int firstline) {
    units_.emplace_back();
    CodeUnit& unit = units_.back();
    unit.scope = scope;
    unit.qualname = std::move(qualname);
    unit.co = Ref<CodeObject>::steal(new CodeObject());
    unit.co->firstlineno = firstline;
    unit.loc.line = firstline;
    bool function = scope->kind != ScopeKind::Module && scope->kind != ScopeKind::Class;
    if (function) {
        for (const std::string& v : scope->varnames) {
            int i = static_cast<int>(unit.varnames.size());
            unit.varnames.emplace(v, i);
        }
    }
    int i = 0;
    for (const std::string& c : scope->cellvars)
        unit.cells.emplace(c, i++);
    for (const std::string& f : scope->freevars)
        unit.cells.emplace(f, i++);
}

Ref<CodeObject> CodeGen::leave_unit() {
    CodeUnit& unit = u();
    Ref<CodeObject> co = std::move(unit.co);
    Scope* scope = unit.scope;
    // Resolve labels.
    for (Instr& in : unit.code) {
        Op op = instr_op(in);
        if (op_is_jump(op)) in = make_instr(op, static_cast<uint32_t>(unit.labels[instr_arg(in)]));
    }
    co->code = std::move(unit.code);
    co->locations = std::move(unit.locations);
    co->consts = std::move(unit.consts);
    co->names.resize(unit.names.size());
    for (auto& [n, idx] : unit.names)
        co->names[idx] = Ref<StrObject>::borrow(ts_.interp.intern(n));
    co->varnames.resize(unit.varnames.size());
    for (auto& [n, idx] : unit.varnames) {
        co->varnames[idx] = Ref<StrObject>::borrow(ts_.interp.intern(n));
    }
    for (const std::string& c : scope->cellvars) {
        co->cellvars.push_back(Ref<StrObject>::borrow(ts_.interp.intern(c)));
        int arg = -1;
        auto it = unit.varnames.find(c);
        if (it != unit.varnames.end() && it->second < static_cast<int>(scope->varnames.size()) &&
            it->second < scope->argcount + scope->kwonlyargcount + (scope->has_varargs ? 1 : 0) +
                             (scope->has_varkeywords ? 1 : 0)) {
            arg = it->second;
        }
        co->cell2arg.push_back(arg);
    }
    for (const std::string& f : scope->freevars) {
        co->freevars.push_back(Ref<StrObject>::borrow(ts_.interp.intern(f)));
    }
    co->argcount = scope->argcount;
    co->posonlyargcount = scope->posonlyargcount;
    co->kwonlyargcount = scope->kwonlyargcount;
    if (scope->has_varargs) co->flags |= kCodeVarargs;
    if (scope->has_varkeywords) co->flags |= kCodeVarkeywords;
    if (scope->is_generator) co->flags |= kCodeGenerator;
    if (scope->kind != ScopeKind::Module && scope->kind != ScopeKind::Class) {
        co->flags |= kCodeNewLocals;
    }
    co->name = new_str(scope->name);
    co->qualname = new_str(unit.qualname);
    co->filename = new_str(filename_);
    co->stacksize = compute_stacksize(co->code);
    co->finish();
    units_.pop_back();
    return co;
}

void CodeGen::emit(Op op, uint32_t arg) {
    u().code.push_back(make_instr(op, arg));
    u().locations.push_back(u().loc);
}

int CodeGen::new_label() {
    u().labels.push_back(-1);
    return static_cast<int>(u().labels.size()) - 1;
}

void CodeGen::place(int label) {
    u().labels[label] = static_cast<int>(u().code.size());
}

uint32_t CodeGen::add_const(Owned v) {
    if (v.is_null()) {
        failed_ = true;
        return 0;
    }
    std::vector<Value>& consts = u().consts;
    // Share identical immediates and strs; other objects (code, tuples) are unique anyway.
    Value val = v.get();
    for (size_t i = 0; i < consts.size(); ++i) {
        Value c = consts[i];
        if (c.tag() != val.tag()) continue;
        if (!val.is_object()) {
            if (c.is(val) && !(val.is_float() && val.as_float() == 0.0))
                return static_cast<uint32_t>(i);
        } else if (is_exact_str(val) && is_exact_str(c) &&
                   str_equals(c.as<StrObject>(), val.as<StrObject>())) {
            return static_cast<uint32_t>(i);
        }
    }
    consts.push_back(v.release());
    return static_cast<uint32_t>(consts.size() - 1);
}

uint32_t CodeGen::const_none() {
    return add_const(Owned::none());
}

uint32_t CodeGen::const_str(std::string_view s) {
    return add_const(Owned::borrow(Value::from_object(ts_.interp.intern(s))));
}

uint32_t CodeGen::name_index(const std::string& name) {
    auto [it, inserted] = u().names.emplace(name, static_cast<int>(u().names.size()));
    return static_cast<uint32_t>(it->second);
}

void CodeGen::set_loc(const Span& span) {
    u().loc = Location{span.line, span.col, span.end_line, span.end_col};
}

void CodeGen::syntax_error(const std::string& message, const Span& span) {
    if (error_) return;
    SyntaxErrorInfo info;
    info.type = "SyntaxError";
    info.message = message;
    info.filename = filename_;
    info.line = span.line;
    info.offset = span.col + 1;
    info.end_line = span.end_line;
    info.end_offset = span.end_col + 1;
    size_t pos = 0;
    for (int line = 1; line < span.line && pos != std::string_view::npos; ++line) {
        pos = source_.find('\n', pos);
        if (pos != std::string_view::npos) ++pos;
    }
    if (pos != std::string_view::npos) {
        size_t end = source_.find('\n', pos);
        info.text =
            std::string(source_.substr(pos, end == std::string_view::npos ? end : end - pos + 1));
    }
    error_ = std::move(info);
}

uint32_t CodeGen::attr_index(const std::string& attr) {
    // obj.__x inside class C reads obj._C__x, as CPython mangles attribute names too.
    return name_index(mangle_private(u().scope->private_name, attr));
}

std::string CodeGen::mangle_qualname(const std::string& name) {
    // The qualified name: enclosing functions add "<locals>", classes add their name.
    if (units_.size() <= 1) return name;
    const CodeUnit& parent = u();
    if (parent.scope->kind == ScopeKind::Module) return name;
    if (parent.scope->kind == ScopeKind::Class) return parent.qualname + "." + name;
    return parent.qualname + ".<locals>." + name;
}

void CodeGen::name_op(const std::string& raw_name, NameOp op) {
    Scope* scope = u().scope;
    // The symbol table records private names (`__x` in a class) mangled; so does the bytecode.
    const std::string name = mangle_private(scope->private_name, raw_name);
    NameScope ns = scope->lookup(name);
    bool function = scope->kind != ScopeKind::Module && scope->kind != ScopeKind::Class;
    Op load, store, del;
    uint32_t arg;
    switch (ns) {
        case NameScope::Free:
        case NameScope::Cell:
            arg = static_cast<uint32_t>(u().cells.at(name));
            load = scope->kind == ScopeKind::Class ? Op::LOAD_CLASSDEREF : Op::LOAD_DEREF;
            store = Op::STORE_DEREF;
            del = Op::DELETE_DEREF;
            break;
        case NameScope::Local:
            if (function) {
                arg = static_cast<uint32_t>(u().varnames.at(name));
                load = Op::LOAD_FAST;
                store = Op::STORE_FAST;
                del = Op::DELETE_FAST;
            } else {
                arg = name_index(name);
                load = Op::LOAD_NAME;
                store = Op::STORE_NAME;
                del = Op::DELETE_NAME;
            }
            break;
        case NameScope::GlobalExplicit:
            arg = name_index(name);
            load = Op::LOAD_GLOBAL;
            store = Op::STORE_GLOBAL;
            del = Op::DELETE_GLOBAL;
            break;
        case NameScope::GlobalImplicit:
        default:
            arg = name_index(name);
            if (function) {
                load = Op::LOAD_GLOBAL;
                store = Op::STORE_GLOBAL;
                del = Op::DELETE_GLOBAL;
            } else {
                load = Op::LOAD_NAME;
                store = Op::STORE_NAME;
                del = Op::DELETE_NAME;
            }
            break;
    }
    emit(op == NameOp::Load ? load : op == NameOp::Store ? store : del, arg);
}

// The deepest stack any path reaches: a worklist walk over instructions, following both
// branches of every jump (CPython's stackdepth() in compile.c does the same over blocks).
int CodeGen::compute_stacksize(const std::vector<Instr>& code) {
    std::vector<int> depth(code.size() + 1, -1);
    std::vector<size_t> work;
    int max_depth = 0;
    auto push = [&](size_t at, int d) {
        if (at >= depth.size()) return;
        if (depth[at] < d) {
            depth[at] = d;
            work.push_back(at);
        }
    };
    push(0, 0);
    while (!work.empty()) {
        size_t pc = work.back();
        work.pop_back();
        int d = depth[pc];
        for (; pc < code.size(); ++pc) {
            if (d > depth[pc]) depth[pc] = d;
            Op op = instr_op(code[pc]);
            uint32_t arg = instr_arg(code[pc]);
            if (op_is_jump(op)) {
                int taken = d + stack_effect(op, arg, true);
                max_depth = std::max(max_depth, taken);
                push(arg, taken);
            }
            d += stack_effect(op, arg, false);
            max_depth = std::max(max_depth, d);
            if (op == Op::JUMP_FORWARD || op == Op::JUMP_BACKWARD || op == Op::RETURN_VALUE ||
                op == Op::RAISE_VARARGS || op == Op::RERAISE || op == Op::RAISE_ASSERTION) {
                break;
            }
            if (pc + 1 < code.size() && depth[pc + 1] >= d) break;
        }
    }
    return max_depth + 2;
}

}  // namespace gilpy::interpreter
