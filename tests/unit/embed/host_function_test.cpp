// Host modules and functions through the public header: argument and result conversion from
// the C++ signature, CPython-style TypeErrors, C++ exceptions turned into catchable Python
// exceptions, script exceptions surfacing as ScriptError, and SystemExit's exit code.
#include <new>
#include <stdexcept>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "gilpy/gilpy.hpp"

using gilpy::Interpreter;
using gilpy::Object;
using gilpy::ScriptError;

namespace {

int add(int a, int b) {
    return a + b;
}

// Runs [source] and returns repr() of `result` after it.
std::string run(Interpreter& interp, const std::string& source) {
    interp.exec(source);
    return interp.eval_repr("result");
}

}  // namespace

TEST_CASE("host functions convert their arguments and results") {
    Interpreter interp;
    std::vector<std::string> log;
    interp.def_module("host")
        .def("add", add)
        .def("greet", [](const std::string& name) { return "hello " + name; })
        .def("log", [&log](std::string line) { log.push_back(line); })
        .def("total",
             [](const std::vector<double>& xs) {
                 double t = 0;
                 for (double x : xs)
                     t += x;
                 return t;
             })
        .def("invert",
             [](const std::map<std::string, int>& m) {
                 std::map<int, std::string> out;
                 for (const auto& [k, v] : m)
                     out[v] = k;
                 return out;
             })
        .def("maybe",
             [](std::optional<int> x) { return x ? std::optional<int>(*x * 2) : std::nullopt; })
        .def("pair", [](int a, const std::string& b) { return std::make_tuple(b, a); })
        .def("apply", [](Object f, Object x) { return f(x, gilpy::kw("scale") = 10); })
        .def("nothing", [] {})
        .add("VERSION", "1.0");
    CHECK(
        run(interp,
            "import host\n"
            "result = (host.add(2, 3), host.greet('bob'), host.log('one'), host.total([1, 2.5]),\n"
            "          host.invert({'a': 1, 'b': 2}), host.maybe(None), host.maybe(4),\n"
            "          host.pair(1, 'x'), host.apply(lambda v, scale: v * scale, 4),\n"
            "          host.nothing(), host.VERSION)\n") ==
        "(5, 'hello bob', None, 3.5, {1: 'a', 2: 'b'}, None, 8, ('x', 1), 40, None, '1.0')");
    CHECK(log == std::vector<std::string>{"one"});
    CHECK(interp.eval_repr("host.add, host.add.__name__, host.add.__module__") ==
          "(<built-in function add>, 'add', 'host')");
    CHECK(interp.eval_repr("type(host.add).__name__") == "'builtin_function_or_method'");
    // The same module is returned on a second definition.
    interp.def_module("host").def("later", [] { return 1; });
    CHECK(interp.eval("host.later()").cast<int>() == 1);
}

TEST_CASE("bad arguments to host functions raise CPython-style TypeErrors") {
    Interpreter interp;
    interp.def_module("host")
        .def("add", add)
        .def("one", [](double) {})
        .def("none", [] {})
        .def("names", [](std::vector<std::string>) {})
        .def("small", [](short) {});
    interp.exec(
        "import host\n"
        "def err(f, *a, **k):\n"
        "    try:\n"
        "        f(*a, **k)\n"
        "    except Exception as e:\n"
        "        return f'{type(e).__name__}: {e}'\n");
    CHECK(interp.eval("err(host.add, 1)").cast<std::string>() ==
          "TypeError: add() takes exactly 2 arguments (1 given)");
    CHECK(interp.eval("err(host.one)").cast<std::string>() ==
          "TypeError: one() takes exactly 1 argument (0 given)");
    CHECK(interp.eval("err(host.none, 1)").cast<std::string>() ==
          "TypeError: none() takes no arguments (1 given)");
    CHECK(interp.eval("err(host.add, 1, b=2)").cast<std::string>() ==
          "TypeError: add() takes no keyword arguments");
    CHECK(interp.eval("err(host.add, 1, 'x')").cast<std::string>() ==
          "TypeError: add() argument 2 must be int, not str");
    CHECK(interp.eval("err(host.one, 'x')").cast<std::string>() ==
          "TypeError: one() argument 1 must be float, not str");
    CHECK(interp.eval("err(host.names, 'abc')").cast<std::string>() ==
          "TypeError: names() argument 1 must be list, not str");
    CHECK(interp.eval("err(host.add, 2**31, 1)").cast<std::string>() ==
          "OverflowError: Python int too large to convert to C int");
    CHECK(interp.eval("err(host.small, 40000)").cast<std::string>() ==
          "OverflowError: Python int too large to convert to C short");
}

TEST_CASE("C++ exceptions become Python exceptions scripts can catch") {
    Interpreter interp;
    interp.def_module("host")
        .def("invalid", [] { throw std::invalid_argument("bad value"); })
        .def("range", [] { throw std::out_of_range("no such slot"); })
        .def("alloc", [] { throw std::bad_alloc(); })
        .def("runtime", [] { throw std::runtime_error("it broke"); })
        .def("other", [] { throw 42; })
        .def("script", [](Object f) { return f(); })
        .def("made", [] { throw ScriptError("KeyError", "'k'", ""); });
    interp.exec(
        "import host\n"
        "def err(f, *a):\n"
        "    try:\n"
        "        f(*a)\n"
        "    except Exception as e:\n"
        "        return f'{type(e).__name__}: {e}'\n"
        "class Custom(Exception): pass\n"
        "def boom(): raise Custom('from script')\n");
    CHECK(interp.eval("err(host.invalid)").cast<std::string>() == "ValueError: bad value");
    CHECK(interp.eval("err(host.range)").cast<std::string>() == "IndexError: no such slot");
    CHECK(interp.eval("err(host.alloc)").cast<std::string>() == "MemoryError: ");
    CHECK(interp.eval("err(host.runtime)").cast<std::string>() == "RuntimeError: it broke");
    CHECK(interp.eval("err(host.other)").cast<std::string>() ==
          "RuntimeError: unknown C++ exception");
    CHECK(interp.eval("err(host.made)").cast<std::string>() == "KeyError: \"'k'\"");
    // A script exception passing through a host function keeps its class and identity.
    CHECK(interp.eval("err(host.script, boom)").cast<std::string>() == "Custom: from script");
    interp.exec(
        "try:\n"
        "    host.script(boom)\n"
        "except Custom as e:\n"
        "    caught = e\n");
    CHECK(interp.eval_repr("caught") == "Custom('from script')");
}

TEST_CASE("script exceptions surface as ScriptError") {
    Interpreter interp;
    try {
        interp.exec("def f():\n    raise ValueError('nope')\nf()\n", "job.py");
        FAIL("no exception");
    } catch (const ScriptError& e) {
        CHECK(e.type_name() == "ValueError");
        CHECK(e.message() == "nope");
        CHECK(e.traceback() ==
              "Traceback (most recent call last):\n"
              "  File \"job.py\", line 3, in <module>\n"
              "  File \"job.py\", line 2, in f\n"
              "ValueError: nope\n");
        CHECK_FALSE(e.is_system_exit());
    }
    // An exception raised by a host function and not caught reaches the host too.
    interp.def_module("host").def("fail", [] { throw std::invalid_argument("host says no"); });
    try {
        interp.exec("import host\nhost.fail()\n");
        FAIL("no exception");
    } catch (const ScriptError& e) {
        CHECK(e.type_name() == "ValueError");
        CHECK(e.message() == "host says no");
    }
    // The interpreter keeps working afterwards.
    CHECK(interp.eval("1 + 1").cast<int>() == 2);
}

TEST_CASE("SystemExit gives the host an exit code") {
    Interpreter interp;
    auto exit_of = [&](const std::string& source) {
        try {
            interp.exec(source);
        } catch (const ScriptError& e) {
            REQUIRE(e.is_system_exit());
            CHECK(interp.exit_code() == e.exit_code());
            return e.exit_code();
        }
        return -1;
    };
    CHECK(exit_of("import sys\nsys.exit(3)") == 3);
    CHECK(exit_of("import sys\nsys.exit()") == 0);
    CHECK(exit_of("raise SystemExit('message')") == 1);
    CHECK(exit_of("raise SystemExit(True)") == 1);
    CHECK(exit_of("x = 1") == -1);
}
