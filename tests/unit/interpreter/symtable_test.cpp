// Scope analysis: which names are fast locals, cells, free variables or globals.
#include <catch2/catch.hpp>

#include "interpreter/parser.hpp"
#include "interpreter/symtable.hpp"

using namespace gilpy::interpreter;

namespace {

struct Analysed {
    ParseResult parsed;
    SymbolTable table;
    std::optional<SyntaxErrorInfo> error;
};

std::unique_ptr<Analysed> analyse(const std::string& source) {
    auto a = std::make_unique<Analysed>();
    a->parsed = parse(source, "t.py", ParseMode::Exec);
    REQUIRE(!a->parsed.error);
    a->error = build_symtable(*a->parsed.module, source, "t.py", &a->table);
    return a;
}

const Scope* function_scope(const Analysed& a, size_t index) {
    const Stmt& s = *a.parsed.module->body.at(index);
    REQUIRE(s.kind == StmtKind::FunctionDef);
    return a.table.scope_of(&s);
}

}  // namespace

TEST_CASE("symtable: assigned names are locals, others globals", "[symtable]") {
    auto a = analyse("def f(x):\n    y = x\n    return z\n");
    const Scope* f = function_scope(*a, 0);
    CHECK(f->lookup("x") == NameScope::Local);
    CHECK(f->lookup("y") == NameScope::Local);
    CHECK(f->lookup("z") == NameScope::GlobalImplicit);
    REQUIRE(f->varnames.size() == 2);
    CHECK(f->varnames[0] == "x");
    CHECK(f->argcount == 1);
}

TEST_CASE("symtable: a captured local is a cell, and free in the closure", "[symtable]") {
    auto a =
        analyse("def outer():\n    n = 0\n    def inner():\n        return n\n    return inner\n");
    const Scope* outer = function_scope(*a, 0);
    CHECK(outer->lookup("n") == NameScope::Cell);
    CHECK(outer->cellvars == std::vector<std::string>{"n"});
    const auto& body = static_cast<const FunctionDef&>(*a->parsed.module->body[0]).body;
    const Scope* inner = a->table.scope_of(body[1].get());
    CHECK(inner->lookup("n") == NameScope::Free);
    CHECK(inner->freevars == std::vector<std::string>{"n"});
}

TEST_CASE("symtable: global and nonlocal declarations", "[symtable]") {
    auto a = analyse(
        "def f():\n    global g\n    g = 1\n    k = 2\n    def h():\n        nonlocal k\n        k "
        "= 3\n");
    const Scope* f = function_scope(*a, 0);
    CHECK(f->lookup("g") == NameScope::GlobalExplicit);
    CHECK(f->lookup("k") == NameScope::Cell);
}

TEST_CASE("symtable: nonlocal without a binding is a SyntaxError", "[symtable]") {
    auto a = analyse("def f():\n    nonlocal q\n");
    REQUIRE(a->error);
    CHECK(a->error->message == "no binding for nonlocal 'q' found");
    CHECK(a->error->line == 2);
}

TEST_CASE("symtable: nonlocal at module level is a SyntaxError", "[symtable]") {
    auto a = analyse("nonlocal q\n");
    REQUIRE(a->error);
    CHECK(a->error->message == "nonlocal declaration not allowed at module level");
}

TEST_CASE("symtable: a comprehension has its own scope", "[symtable]") {
    auto a = analyse("def f(xs):\n    return [x * k for x in xs]\n");
    const Scope* f = function_scope(*a, 0);
    CHECK(f->lookup("x") == NameScope::GlobalImplicit);  // not bound in f
    CHECK(f->lookup("xs") == NameScope::Local);
}
