// Scope analysis (CPython's symtable.c): decides, before compiling, whether each name in each
// scope is a fast local, a cell (a local captured by a nested function), a free variable (a
// captured variable of an enclosing function), or a global, so the compiler can pick
// LOAD_FAST / LOAD_DEREF / LOAD_GLOBAL / LOAD_NAME. Errors (nonlocal at module level, a name
// both global and a parameter, ...) come back as CPython's SyntaxErrors.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "interpreter/ast.hpp"
#include "interpreter/parser.hpp"

namespace gilpy::interpreter {

enum class ScopeKind : uint8_t { Module, Class, Function, Lambda, Comprehension };

// Where a name lives, as seen from one scope.
enum class NameScope : uint8_t {
    Local,           // a fast local (function) or a namespace entry (module, class)
    GlobalExplicit,  // declared `global`
    GlobalImplicit,  // used but never bound in any enclosing function
    Free,            // bound in an enclosing function
    Cell,            // bound here and used by a nested function
};

struct Scope {
    ScopeKind kind;
    std::string name;  // function or class name, "<module>", "<lambda>", "<listcomp>" ...
    Scope* parent = nullptr;
    int line = 0;

    // Parameter names in order, then the other locals in order of first binding (function
    // scopes only): the fast-local slots.
    std::vector<std::string> varnames;
    std::vector<std::string> cellvars;  // locals captured by nested scopes
    std::vector<std::string> freevars;  // variables of enclosing scopes used here
    std::unordered_map<std::string, NameScope> names;

    int argcount = 0, posonlyargcount = 0, kwonlyargcount = 0;
    bool has_varargs = false, has_varkeywords = false;
    bool is_generator = false;
    // A class scope whose methods use a free name of an enclosing function reads it with
    // LOAD_CLASSDEREF; recorded here for the compiler.
    bool needs_class_closure = false;
    // The name of the innermost enclosing class (this scope's own for a class, "" outside any
    // class): private names (`__x`) in this scope are mangled with it.
    std::string private_name;

    // The scope of [name]; names never mentioned default to GlobalImplicit (functions) or Local
    // (module and class namespaces).
    NameScope lookup(const std::string& id) const;
};

// CPython's private name mangling: inside class C, an identifier `__x` (not ending in "__",
// without a dot) stands for `_C__x`, with C's leading underscores dropped; a class whose name
// is all underscores mangles nothing.
std::string mangle_private(const std::string& private_name, const std::string& name);

class SymbolTable {
  public:
    // The scope created by [node] (a Module, FunctionDef, ClassDef, Lambda or Comp node).
    Scope* scope_of(const void* node) const;
    Scope* module_scope() const { return module_; }

  private:
    friend class SymtableBuilder;
    std::unordered_map<const void*, std::unique_ptr<Scope>> scopes_;
    Scope* module_ = nullptr;
};

// Analyses [module]; on a scope error returns it (with the source [text] line filled in).
std::optional<SyntaxErrorInfo> build_symtable(const Module& module, std::string_view source,
                                              std::string_view filename, SymbolTable* out);

}  // namespace gilpy::interpreter
