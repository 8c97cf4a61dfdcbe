// The abstract syntax tree: what the parser produces and the symbol table and compiler consume.
// Node kinds and fields follow CPython's ast module (Python/Python.asdl), so `ast_dump` output
// can be compared with python3's `ast.dump` by eye. Every node records its source span (1-based
// line, 0-based column in UTF-8 bytes, as CPython), which tracebacks and SyntaxErrors report.
// A tree owns its children through unique_ptr; nodes are never shared.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <type_traits>
#include <vector>

namespace gilpy::interpreter {

struct Span {
    int line = 0, col = 0, end_line = 0, end_col = 0;
};

// ---------------------------------------------------------------- expressions

enum class ExprKind : uint8_t {
    BoolOp,
    NamedExpr,
    BinOp,
    UnaryOp,
    Lambda,
    IfExp,
    Dict,
    Set,
    ListComp,
    SetComp,
    DictComp,
    GeneratorExp,
    Await,
    Yield,
    YieldFrom,
    Compare,
    Call,
    FormattedValue,
    JoinedStr,
    Constant,
    Attribute,
    Subscript,
    Starred,
    Name,
    List,
    Tuple,
    Slice,
};

// How an expression is used: loaded, assigned (a target) or deleted.
enum class ExprContext : uint8_t { Load, Store, Del };

enum class BoolOpKind : uint8_t { And, Or };
// Same order as runtime::BinaryOp (CPython's NB_* order), so the compiler can cast.
enum class BinOpKind : uint8_t {
    Add,
    BitAnd,
    FloorDiv,
    LShift,
    MatMult,
    Mult,
    Mod,
    BitOr,
    Pow,
    RShift,
    Sub,
    Div,
    BitXor,
};
enum class UnaryOpKind : uint8_t { Invert, Not, UAdd, USub };
enum class CmpOpKind : uint8_t { Eq, NotEq, Lt, LtE, Gt, GtE, Is, IsNot, In, NotIn };

struct Expr;
using ExprPtr = std::unique_ptr<Expr>;
using ExprList = std::vector<ExprPtr>;

struct Expr {
    ExprKind kind;
    Span span;
    explicit Expr(ExprKind k) : kind(k) {}
    virtual ~Expr() = default;
};

// A literal. Ints that do not fit in int64 keep their digits (underscores removed, any base
// prefix kept) in [text] with kind BigInt; the compiler converts them with int(text, 0).
struct Constant : Expr {
    enum class Kind : uint8_t {
        None,
        True,
        False,
        Ellipsis,
        Int,
        BigInt,
        Float,
        Complex,
        Str,
        Bytes
    };
    Kind value_kind = Kind::None;
    int64_t int_value = 0;
    double float_value = 0;  // Float, and the imaginary part of Complex
    std::string text;        // Str (UTF-8), Bytes (raw octets), BigInt digits
    Constant() : Expr(ExprKind::Constant) {}
};

struct Name : Expr {
    std::string id;
    ExprContext ctx = ExprContext::Load;
    Name() : Expr(ExprKind::Name) {}
};

struct BoolOp : Expr {
    BoolOpKind op;
    ExprList values;  // two or more
    BoolOp() : Expr(ExprKind::BoolOp) {}
};

struct NamedExpr : Expr {  // target := value
    ExprPtr target;        // a Name
    ExprPtr value;
    NamedExpr() : Expr(ExprKind::NamedExpr) {}
};

struct BinOp : Expr {
    ExprPtr left;
    BinOpKind op;
    ExprPtr right;
    BinOp() : Expr(ExprKind::BinOp) {}
};

struct UnaryOp : Expr {
    UnaryOpKind op;
    ExprPtr operand;
    UnaryOp() : Expr(ExprKind::UnaryOp) {}
};

struct Arg {
    std::string name;
    ExprPtr annotation;  // may be null
    Span span;
};

// A parameter list: def f(posonly, /, args, *vararg, kwonly, **kwarg).
struct Arguments {
    std::vector<Arg> posonlyargs;
    std::vector<Arg> args;
    std::unique_ptr<Arg> vararg;  // may be null
    std::vector<Arg> kwonlyargs;
    ExprList kw_defaults;        // one per kwonlyarg; null where there is no default
    std::unique_ptr<Arg> kwarg;  // may be null
    ExprList defaults;           // for the LAST len(defaults) of posonlyargs + args
};

struct Lambda : Expr {
    Arguments args;
    ExprPtr body;
    Lambda() : Expr(ExprKind::Lambda) {}
};

struct IfExp : Expr {  // body if test else orelse
    ExprPtr test, body, orelse;
    IfExp() : Expr(ExprKind::IfExp) {}
};

struct Dict : Expr {
    ExprList keys;  // a null key means `**values[i]`
    ExprList values;
    Dict() : Expr(ExprKind::Dict) {}
};

struct Set : Expr {
    ExprList elts;
    Set() : Expr(ExprKind::Set) {}
};

struct Comprehension {
    ExprPtr target;
    ExprPtr iter;
    ExprList ifs;
    bool is_async = false;
};

// ListComp, SetComp and GeneratorExp use [elt]; DictComp uses [key] and [value].
struct Comp : Expr {
    ExprPtr elt;
    ExprPtr key, value;
    std::vector<Comprehension> generators;
    explicit Comp(ExprKind k) : Expr(k) {}
};

struct Await : Expr {
    ExprPtr value;
    Await() : Expr(ExprKind::Await) {}
};

struct Yield : Expr {  // also YieldFrom (value required)
    ExprPtr value;     // may be null for Yield
    explicit Yield(ExprKind k) : Expr(k) {}
};

struct Compare : Expr {  // left ops[0] comparators[0] ops[1] comparators[1] ...
    ExprPtr left;
    std::vector<CmpOpKind> ops;
    ExprList comparators;
    Compare() : Expr(ExprKind::Compare) {}
};

struct Keyword {
    std::string arg;  // empty: `**value`
    ExprPtr value;
    Span span;
};

struct Call : Expr {
    ExprPtr func;
    ExprList args;  // Starred entries are `*seq`
    std::vector<Keyword> keywords;
    Call() : Expr(ExprKind::Call) {}
};

// One `{value!conversion:format_spec}` field of an f-string.
struct FormattedValue : Expr {
    ExprPtr value;
    int conversion = -1;  // -1 none, or 's', 'r', 'a'
    ExprPtr format_spec;  // a JoinedStr, or null
    FormattedValue() : Expr(ExprKind::FormattedValue) {}
};

struct JoinedStr : Expr {  // an f-string: Constant str pieces and FormattedValues
    ExprList values;
    JoinedStr() : Expr(ExprKind::JoinedStr) {}
};

struct Attribute : Expr {
    ExprPtr value;
    std::string attr;
    ExprContext ctx = ExprContext::Load;
    Attribute() : Expr(ExprKind::Attribute) {}
};

struct Subscript : Expr {
    ExprPtr value;
    ExprPtr slice;  // a Slice, a Tuple (possibly containing Slices), or any expression
    ExprContext ctx = ExprContext::Load;
    Subscript() : Expr(ExprKind::Subscript) {}
};

struct Starred : Expr {
    ExprPtr value;
    ExprContext ctx = ExprContext::Load;
    Starred() : Expr(ExprKind::Starred) {}
};

struct Sequence : Expr {  // List or Tuple
    ExprList elts;
    ExprContext ctx = ExprContext::Load;
    explicit Sequence(ExprKind k) : Expr(k) {}
};

struct Slice : Expr {  // lower:upper:step, each may be null
    ExprPtr lower, upper, step;
    Slice() : Expr(ExprKind::Slice) {}
};

// ---------------------------------------------------------------- statements

enum class StmtKind : uint8_t {
    FunctionDef,
    ClassDef,
    Return,
    Delete,
    Assign,
    AugAssign,
    AnnAssign,
    For,
    While,
    If,
    With,
    Raise,
    Try,
    Assert,
    Import,
    ImportFrom,
    Global,
    Nonlocal,
    Expr,
    Pass,
    Break,
    Continue,
};

struct Stmt;
using StmtPtr = std::unique_ptr<Stmt>;
using StmtList = std::vector<StmtPtr>;

struct Stmt {
    StmtKind kind;
    Span span;
    explicit Stmt(StmtKind k) : kind(k) {}
    virtual ~Stmt() = default;
};

struct FunctionDef : Stmt {
    std::string name;
    Arguments args;
    StmtList body;
    ExprList decorators;
    ExprPtr returns;  // may be null
    bool is_async = false;
    FunctionDef() : Stmt(StmtKind::FunctionDef) {}
};

struct ClassDef : Stmt {
    std::string name;
    ExprList bases;
    std::vector<Keyword> keywords;
    StmtList body;
    ExprList decorators;
    ClassDef() : Stmt(StmtKind::ClassDef) {}
};

struct Return : Stmt {
    ExprPtr value;  // may be null
    Return() : Stmt(StmtKind::Return) {}
};

struct Delete : Stmt {
    ExprList targets;
    Delete() : Stmt(StmtKind::Delete) {}
};

struct Assign : Stmt {  // targets[0] = targets[1] = ... = value
    ExprList targets;
    ExprPtr value;
    Assign() : Stmt(StmtKind::Assign) {}
};

struct AugAssign : Stmt {
    ExprPtr target;
    BinOpKind op;
    ExprPtr value;
    AugAssign() : Stmt(StmtKind::AugAssign) {}
};

struct AnnAssign : Stmt {
    ExprPtr target;
    ExprPtr annotation;
    ExprPtr value;        // may be null
    bool simple = false;  // target is a plain name not in parentheses
    AnnAssign() : Stmt(StmtKind::AnnAssign) {}
};

struct For : Stmt {
    ExprPtr target, iter;
    StmtList body, orelse;
    bool is_async = false;
    For() : Stmt(StmtKind::For) {}
};

struct While : Stmt {
    ExprPtr test;
    StmtList body, orelse;
    While() : Stmt(StmtKind::While) {}
};

struct If : Stmt {  // elif chains are nested Ifs in orelse, as in CPython
    ExprPtr test;
    StmtList body, orelse;
    If() : Stmt(StmtKind::If) {}
};

struct WithItem {
    ExprPtr context_expr;
    ExprPtr optional_vars;  // may be null
};

struct With : Stmt {
    std::vector<WithItem> items;
    StmtList body;
    bool is_async = false;
    With() : Stmt(StmtKind::With) {}
};

struct Raise : Stmt {
    ExprPtr exc, cause;  // each may be null
    Raise() : Stmt(StmtKind::Raise) {}
};

struct ExceptHandler {
    ExprPtr type;      // null: bare except
    std::string name;  // empty: no `as`
    StmtList body;
    Span span;
};

struct Try : Stmt {
    StmtList body;
    std::vector<ExceptHandler> handlers;
    StmtList orelse, finalbody;
    Try() : Stmt(StmtKind::Try) {}
};

struct Assert : Stmt {
    ExprPtr test, msg;  // msg may be null
    Assert() : Stmt(StmtKind::Assert) {}
};

struct Alias {
    std::string name;    // dotted for `import a.b`; "*" for `from m import *`
    std::string asname;  // empty: none
    Span span;
};

struct Import : Stmt {
    std::vector<Alias> names;
    Import() : Stmt(StmtKind::Import) {}
};

struct ImportFrom : Stmt {
    std::string module;  // empty for `from . import x`
    std::vector<Alias> names;
    int level = 0;
    ImportFrom() : Stmt(StmtKind::ImportFrom) {}
};

struct NameList : Stmt {  // Global and Nonlocal
    std::vector<std::string> names;
    explicit NameList(StmtKind k) : Stmt(k) {}
};

struct ExprStmt : Stmt {
    ExprPtr value;
    ExprStmt() : Stmt(StmtKind::Expr) {}
};

struct SimpleStmt : Stmt {  // Pass, Break, Continue
    explicit SimpleStmt(StmtKind k) : Stmt(k) {}
};

// A whole module, or one interactive input, or one eval() expression (then [body] holds a
// single ExprStmt).
struct Module {
    StmtList body;
};

// Casts a node to its concrete struct after checking its kind (asserted in debug builds).
template <class T, class N>
auto& as(N& node) {
    if constexpr (std::is_const_v<N>) {
        return static_cast<const T&>(node);
    } else {
        return static_cast<T&>(node);
    }
}

}  // namespace gilpy::interpreter
