// The import resolver (embed/import_system.hpp) against a scratch tree of modules on sys.path:
// absolute and relative names, packages before modules, sys.path order and changes to it,
// sys.modules caching, parents imported first, circular imports, and CPython's errors
// (ModuleNotFoundError with .name, "is not a package", relative imports without a package).
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include <catch2/catch.hpp>

#include "embed/import_system.hpp"
#include "interpreter/compiler.hpp"
#include "interpreter/eval.hpp"
#include "runtime/abstract.hpp"
#include "runtime/exceptions.hpp"
#include "runtime/interpreter_state.hpp"
#include "runtime/types/dict.hpp"
#include "runtime/types/list.hpp"
#include "runtime/types/module.hpp"
#include "runtime/types/str.hpp"
#include "stdlib/registry.hpp"

using namespace gilpy::runtime;
namespace fs = std::filesystem;

namespace {

struct ImportFixture {
    fs::path root;
    fs::path dir1, dir2;
    InterpreterState interp;
    ThreadState& ts = interp.main_thread();

    ImportFixture() {
        static int counter = 0;
        root = fs::temp_directory_path() /
               ("gilpy_import_test_" + std::to_string(getpid()) + "_" + std::to_string(++counter));
        fs::remove_all(root);
        dir1 = root / "one";
        dir2 = root / "two";
        fs::create_directories(dir1);
        fs::create_directories(dir2);
        interp.path = {dir1.string(), dir2.string()};
        interp.hooks.import = gilpy::embed::import_module;
        if (!gilpy::stdlib::init_interpreter_modules(ts)) FAIL("cannot initialise builtins");
    }

    ~ImportFixture() {
        clear_exception(ts);
        std::error_code ec;
        fs::remove_all(root, ec);
    }

    static void write(const fs::path& file, const std::string& text) {
        fs::create_directories(file.parent_path());
        std::ofstream(file, std::ios::binary) << text;
    }

    // A globals dict as a module's own: __name__, and __package__ / __path__ when given.
    Ref<DictObject> globals(const char* name, const char* package = nullptr,
                            bool is_package = false) {
        Ref<DictObject> g = new_dict();
        dict_set_str(g.get(), interp.intern("__name__"), Owned(new_str(name)).get());
        if (package)
            dict_set_str(g.get(), interp.intern("__package__"), Owned(new_str(package)).get());
        if (is_package) {
            Ref<ListObject> path = new_list();
            dict_set_str(g.get(), interp.intern("__path__"), Value::from_object(path.get()));
        }
        dict_set_str(g.get(), interp.intern("__builtins__"),
                     Value::from_object(interp.builtins.get()));
        return g;
    }

    Owned import(const char* name, DictObject* g = nullptr, int level = 0) {
        Ref<StrObject> n = new_str(name);
        return gilpy::embed::import_module(ts, n.get(), g, level);
    }

    Owned must_import(const char* name, DictObject* g = nullptr, int level = 0) {
        Owned m = import(name, g, level);
        if (!m) FAIL("import " << name << " raised " << pending_message());
        REQUIRE(is_module(m.get()));
        return m;
    }

    // "TypeName: message" of the pending exception, which is cleared.
    std::string pending_message() {
        if (!ts.exc) return "(no exception)";
        Owned exc = fetch_exception(ts);
        std::string out = type_name(exc.get());
        Owned text = str(ts, exc.get());
        out += ": ";
        if (text) out += text.get().as<StrObject>()->view();
        clear_exception(ts);
        return out;
    }

    // repr() of the module global [name] of [module], or "<missing>".
    std::string global(Value module, const char* name) {
        Value v = dict_get_str(ts, module.as<ModuleObject>()->dict.get(), name);
        if (v.is_null()) return "<missing>";
        Owned r = repr(ts, v);
        REQUIRE(r);
        return std::string(r.get().as<StrObject>()->view());
    }

    Value cached(const char* name) { return dict_get_str(ts, interp.modules.get(), name); }

    // Runs Python statements in a fresh __main__-like namespace.
    void run(const std::string& source) {
        Ref<DictObject> g = globals("__main__");
        auto co = gilpy::interpreter::compile_source(ts, source, "<test>",
                                                     gilpy::interpreter::ParseMode::Exec);
        if (!co) FAIL("compile: " << pending_message());
        Owned r = gilpy::interpreter::eval_code(ts, co.get(), g.get(), g.get());
        if (!r) FAIL("run: " << pending_message());
    }

    std::string quoted(const fs::path& p) { return "'" + p.string() + "'"; }
};

}  // namespace

TEST_CASE_METHOD(ImportFixture, "import: a module on sys.path runs once and is cached",
                 "[import]") {
    write(dir1 / "alpha.py", "runs = 1\nx = 6 * 7\n");
    Owned m = must_import("alpha");
    CHECK(global(m.get(), "x") == "42");
    CHECK(global(m.get(), "__name__") == "'alpha'");
    CHECK(global(m.get(), "__file__") == quoted(dir1 / "alpha.py"));
    CHECK(global(m.get(), "__package__") == "''");
    CHECK(global(m.get(), "__path__") == "<missing>");
    CHECK(cached("alpha").is(m.get()));
    // The second import finds sys.modules' entry and does not run the file again.
    dict_set_str(m.get().as<ModuleObject>()->dict.get(), interp.intern("runs"), Value::from_int(5));
    write(dir1 / "alpha.py", "runs = 100\n");
    Owned again = must_import("alpha");
    CHECK(again.get().is(m.get()));
    CHECK(global(again.get(), "runs") == "5");
}

TEST_CASE_METHOD(ImportFixture, "import: packages, submodules and the package preference",
                 "[import]") {
    write(dir1 / "pkg" / "__init__.py", "kind = 'package'\n");
    write(dir1 / "pkg" / "sub.py", "kind = 'module'\n");
    write(dir1 / "pkg" / "inner" / "__init__.py", "");
    write(dir1 / "pkg" / "inner" / "leaf.py", "depth = 3\n");
    // A package directory wins over a module file of the same name in the same folder.
    write(dir1 / "pkg.py", "kind = 'shadowed file'\n");

    Owned leaf = must_import("pkg.inner.leaf");
    // The named module itself is returned, not the top-level package.
    CHECK(global(leaf.get(), "__name__") == "'pkg.inner.leaf'");
    CHECK(global(leaf.get(), "__package__") == "'pkg.inner'");
    CHECK(global(leaf.get(), "depth") == "3");
    // The parents were imported first and each child is bound on its parent.
    Value pkg = cached("pkg");
    Value inner = cached("pkg.inner");
    REQUIRE_FALSE(pkg.is_null());
    REQUIRE_FALSE(inner.is_null());
    CHECK(global(pkg, "kind") == "'package'");
    CHECK(global(pkg, "__package__") == "'pkg'");
    CHECK(global(pkg, "__path__") == "[" + quoted(dir1 / "pkg") + "]");
    CHECK(global(pkg, "__file__") == quoted(dir1 / "pkg" / "__init__.py"));
    CHECK(global(inner, "__package__") == "'pkg.inner'");
    CHECK(dict_get_str(ts, inner.as<ModuleObject>()->dict.get(), "leaf").is(leaf.get()));
    CHECK(dict_get_str(ts, pkg.as<ModuleObject>()->dict.get(), "inner").is(inner));
    // A sibling submodule is searched in the package's __path__, not on sys.path.
    write(dir2 / "sub.py", "kind = 'wrong one'\n");
    Owned sub = must_import("pkg.sub");
    CHECK(global(sub.get(), "kind") == "'module'");
}

TEST_CASE_METHOD(ImportFixture, "import: sys.path is searched in order and read at import time",
                 "[import]") {
    write(dir1 / "same.py", "where = 'one'\n");
    write(dir2 / "same.py", "where = 'two'\n");
    write(dir2 / "only_two.py", "where = 'two'\n");
    CHECK(global(must_import("same").get(), "where") == "'one'");
    CHECK(global(must_import("only_two").get(), "where") == "'two'");
    // Changes to sys.path count from the next import on.
    fs::path three = root / "three";
    write(three / "late.py", "where = 'three'\n");
    CHECK_FALSE(import("late"));
    CHECK(pending_message() == "ModuleNotFoundError: No module named 'late'");
    run("import sys\nsys.path.insert(0, " + quoted(three) + ")\n");
    CHECK(global(must_import("late").get(), "where") == "'three'");
    // An empty sys.path finds nothing outside the registry.
    run("import sys\nsys.path.clear()\n");
    write(dir1 / "after_clear.py", "");
    CHECK_FALSE(import("after_clear"));
    CHECK(pending_message() == "ModuleNotFoundError: No module named 'after_clear'");
    // Native and frozen modules come from the registry whatever sys.path says.
    CHECK(global(must_import("math").get(), "__name__") == "'math'");
    CHECK(global(must_import("heapq").get(), "__name__") == "'heapq'");
}

TEST_CASE_METHOD(ImportFixture, "import: relative names resolve against the importer's package",
                 "[import]") {
    write(dir1 / "pkg" / "__init__.py", "");
    write(dir1 / "pkg" / "a.py", "name = 'pkg.a'\n");
    write(dir1 / "pkg" / "inner" / "__init__.py", "");
    write(dir1 / "pkg" / "inner" / "b.py", "name = 'pkg.inner.b'\n");

    // from . import a, inside pkg/inner/b.py (__package__ is set).
    Ref<DictObject> in_b = globals("pkg.inner.b", "pkg.inner");
    CHECK(global(must_import("b", in_b.get(), 1).get(), "name") == "'pkg.inner.b'");
    // from .. import a: one level further up.
    CHECK(global(must_import("a", in_b.get(), 2).get(), "name") == "'pkg.a'");
    // An empty name with a level is the package itself (`from . import x`).
    CHECK(global(must_import("", in_b.get(), 1).get(), "__name__") == "'pkg.inner'");
    // Without __package__: a module's package is its name up to the last dot ...
    Ref<DictObject> by_name = globals("pkg.inner.b");
    CHECK(global(must_import("a", by_name.get(), 2).get(), "name") == "'pkg.a'");
    // ... and a package (it has __path__) is its own package.
    Ref<DictObject> package_init = globals("pkg.inner", nullptr, true);
    CHECK(global(must_import("b", package_init.get(), 1).get(), "name") == "'pkg.inner.b'");
    // Dotted relative names: from .inner.b import x, inside pkg/a.py.
    Ref<DictObject> in_a = globals("pkg.a", "pkg");
    CHECK(global(must_import("inner.b", in_a.get(), 1).get(), "name") == "'pkg.inner.b'");

    CHECK_FALSE(import("a", in_b.get(), 3));
    CHECK(pending_message() == "ImportError: attempted relative import beyond top-level package");
    Ref<DictObject> top = globals("__main__", "");
    CHECK_FALSE(import("a", top.get(), 1));
    CHECK(pending_message() ==
          "ImportError: attempted relative import with no known parent package");
    Ref<DictObject> script = globals("script");
    CHECK_FALSE(import("a", script.get(), 1));
    CHECK(pending_message() ==
          "ImportError: attempted relative import with no known parent package");
    // The same code, run as an import statement in a module of the package.
    write(dir1 / "pkg" / "c.py",
          "from . import a\nfrom .inner import b as bee\nboth = a.name + ' ' + bee.name\n");
    CHECK(global(must_import("pkg.c").get(), "both") == "'pkg.a pkg.inner.b'");
}

TEST_CASE_METHOD(ImportFixture, "import: missing modules raise CPython's ModuleNotFoundError",
                 "[import]") {
    write(dir1 / "alpha.py", "");
    write(dir1 / "pkg" / "__init__.py", "");
    CHECK_FALSE(import("nothere"));
    REQUIRE(ts.exc);
    CHECK(is_instance(ts.exc.get(), &kModuleNotFoundErrorType));
    CHECK(is_instance(ts.exc.get(), &kImportErrorType));
    CHECK(pending_message() == "ModuleNotFoundError: No module named 'nothere'");
    // .name says which module was missing (`from pkg import name` relies on it).
    run("try:\n    import pkg.missing\nexcept ModuleNotFoundError as e:\n"
        "    assert e.name == 'pkg.missing', e.name\n    assert str(e) == \"No module named "
        "'pkg.missing'\"\n"
        "else:\n    raise AssertionError('no error')\n");
    CHECK_FALSE(import("pkg.missing.deeper"));
    CHECK(pending_message() == "ModuleNotFoundError: No module named 'pkg.missing'");
    // A plain module has no submodules.
    CHECK_FALSE(import("alpha.beta"));
    CHECK(pending_message() ==
          "ModuleNotFoundError: No module named 'alpha.beta'; 'alpha' is not a package");
    CHECK_FALSE(import(""));
    CHECK(pending_message() == "ValueError: Empty module name");
    // A failed import leaves nothing in sys.modules, so a later import retries.
    CHECK(cached("nothere").is_null());
    write(dir1 / "nothere.py", "ok = True\n");
    CHECK(global(must_import("nothere").get(), "ok") == "True");
}

TEST_CASE_METHOD(ImportFixture, "import: a module whose body raises is removed from sys.modules",
                 "[import]") {
    write(dir1 / "broken.py", "partial = 1\nraise ValueError('bad module')\n");
    CHECK_FALSE(import("broken"));
    CHECK(pending_message() == "ValueError: bad module");
    CHECK(cached("broken").is_null());
    write(dir1 / "broken.py", "partial = 2\n");
    CHECK(global(must_import("broken").get(), "partial") == "2");
}

TEST_CASE_METHOD(ImportFixture, "import: circular imports see the partly initialised module",
                 "[import]") {
    write(dir1 / "circ_a.py", "before = 1\nimport circ_b\nafter = 2\n");
    write(dir1 / "circ_b.py",
          "import circ_a\nsaw_before = hasattr(circ_a, 'before')\n"
          "saw_after = hasattr(circ_a, 'after')\n");
    Owned a = must_import("circ_a");
    Value b = cached("circ_b");
    REQUIRE_FALSE(b.is_null());
    CHECK(global(b, "saw_before") == "True");
    CHECK(global(b, "saw_after") == "False");
    CHECK(global(a.get(), "after") == "2");
    CHECK(dict_get_str(ts, b.as<ModuleObject>()->dict.get(), "circ_a").is(a.get()));
}
