// Code generation from a checked AST (internal to the compiler): one CodeUnit per scope being
// compiled, a stack of "frame blocks" (loops, try, with, except handlers) so that break,
// continue and return can unwind correctly, and the assembler that computes the stack size.
#pragma once

#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "interpreter/ast.hpp"
#include "interpreter/code_object.hpp"
#include "interpreter/parser.hpp"
#include "interpreter/symtable.hpp"
#include "runtime/thread_state.hpp"

namespace gilpy::interpreter {

// What break/continue/return must undo when leaving a block early.
enum class FBlockKind : uint8_t {
    WhileLoop,
    ForLoop,
    TryExcept,
    FinallyTry,
    FinallyEnd,
    With,
    HandlerCleanup,
    Comprehension,
};

struct FBlock {
    FBlockKind kind;
    int continue_target = -1;             // label (loops)
    int break_target = -1;                // label (loops)
    const StmtList* finalbody = nullptr;  // FinallyTry
    std::string handler_name;             // HandlerCleanup: the `as` name to delete
};

struct CodeUnit {
    Scope* scope = nullptr;
    Ref<CodeObject> co;
    std::vector<Instr> code;
    std::vector<Location> locations;
    std::vector<int> labels;  // label -> instruction index (-1 until placed)
    std::vector<Value> consts;
    std::unordered_map<std::string, int> names;
    std::unordered_map<std::string, int> varnames;
    std::unordered_map<std::string, int> cells;  // cellvars then freevars
    std::vector<FBlock> fblocks;
    std::string qualname;
    Location loc;
    int block_depth = 0;
};

class CodeGen {
  public:
    CodeGen(runtime::ThreadState& ts, SymbolTable& table, std::string_view source,
            std::string_view filename, ParseMode mode);

    // Compiles the module; null when raised (SyntaxError for compile-time checks).
    Ref<CodeObject> compile_module(const Module& m);

  private:
    runtime::ThreadState& ts_;
    SymbolTable& table_;
    std::string_view source_;
    std::string filename_;
    ParseMode mode_;
    std::vector<CodeUnit> units_;
    std::optional<SyntaxErrorInfo> error_;
    bool failed_ = false;  // a runtime exception is pending (constant creation)

    CodeUnit& u() { return units_.back(); }

    // codegen.cpp: units, emission, labels, constants, names, errors, assembly.
    void enter_unit(Scope* scope, std::string qualname, int firstline);
    Ref<CodeObject> leave_unit();
    void emit(Op op, uint32_t arg = 0);
    int new_label();
    void place(int label);
    void emit_jump(Op op, int label) { emit(op, static_cast<uint32_t>(label)); }
    uint32_t add_const(runtime::Owned v);
    uint32_t const_none();
    uint32_t const_str(std::string_view s);
    uint32_t name_index(const std::string& name);
    void set_loc(const Span& span);
    void syntax_error(const std::string& message, const Span& span);
    bool ok() const { return !error_ && !failed_; }
    uint32_t attr_index(const std::string& attr);  // name_index of a mangled attribute
    std::string mangle_qualname(const std::string& name);
    int compute_stacksize(const std::vector<Instr>& code);

    // Names: load/store/delete through the right op for the symbol's scope.
    enum class NameOp { Load, Store, Delete };
    void name_op(const std::string& name, NameOp op);

    // compile_stmt.cpp
    void stmts(const StmtList& body);
    void stmt(const Stmt& s);
    void function_def(const FunctionDef& f);
    void class_def(const ClassDef& c);
    void for_stmt(const For& f);
    void while_stmt(const While& w);
    void if_stmt(const If& s);
    void try_stmt(const Try& t);
    void try_except(const Try& t);
    void try_finally(const Try& t);
    void with_stmt(const With& w, size_t item);
    void raise_stmt(const Raise& r);
    void assert_stmt(const Assert& a);
    void import_stmt(const Import& s);
    void import_from(const ImportFrom& s);
    void return_stmt(const Return& r);
    void break_continue(const Stmt& s, bool is_break);
    void assign_target(const Expr& target);
    void aug_assign(const AugAssign& a);
    void delete_target(const Expr& target);
    // Emits the cleanup of fblock [b] for an early exit; [preserve_tos]: a return value is on
    // top of the stack and must stay there.
    void unwind_fblock(const FBlock& b, bool preserve_tos);
    void unwind_fblocks_until_loop(bool preserve_tos, FBlock** loop);
    // Builds a function object from [scope]'s code: defaults, closure, MAKE_FUNCTION.
    void make_closure(Ref<CodeObject> co, uint32_t flags);
    bool compile_defaults(const Arguments& args, uint32_t* flags);
    void compile_annotations(const Arguments& args, const Expr* returns, uint32_t* flags);
    Ref<CodeObject> compile_function_body(const void* node, const StmtList* body,
                                          const Expr* lambda_body, const std::string& name,
                                          int line, const Expr* docstring_source);

    // compile_expr.cpp
    void expr(const Expr* e);
    void exprs(const ExprList& list);
    void bool_op(const BoolOp& b);
    void compare(const Compare& c);
    void call(const Call& c);
    void call_helper(const ExprList& args, const std::vector<Keyword>& keywords, int extra);
    void attribute(const Attribute& a);
    void subscript(const Subscript& s);
    void slice(const Slice& s);
    void sequence(const ExprList& elts, Op build, Op extend, bool to_tuple);
    Ref<runtime::TupleObject> constant_tuple(const ExprList& elts);
    void dict_display(const Dict& d);
    void comprehension(const Comp& c);
    void comprehension_generator(const Comp& c, size_t gen_index, int depth);
    void lambda(const Lambda& l);
    void joined_str(const JoinedStr& j);
    void formatted_value(const FormattedValue& f);
    void constant(const Constant& c);
    void if_exp(const IfExp& i);
    // Jumps to [label] if the truth of [e] equals [cond] (short-circuits and/or/not/compare).
    void jump_if(const Expr* e, int label, bool cond);
    void unpack_targets(const ExprList& elts, const Span& span);
};

}  // namespace gilpy::interpreter
