// gilpy::Object through the public header only: conversions both ways for every supported C++
// type and their errors, attribute and item access, calls with keyword arguments, and the
// Interpreter's eval/globals/import_module/run_file.
#include <cstdio>
#include <fstream>
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <unordered_map>
#include <vector>

#include <catch2/catch.hpp>

#include "gilpy/gilpy.hpp"

using gilpy::Interpreter;
using gilpy::Object;
using gilpy::ScriptError;

namespace {

// Runs [f] and returns the ScriptError's "Type: message", or "" if nothing was thrown.
template <class F>
std::string error_of(F&& f) {
    try {
        f();
    } catch (const ScriptError& e) {
        return e.type_name() + ": " + e.message();
    }
    return "";
}

}  // namespace

TEST_CASE("scalars convert from C++ to Python") {
    Interpreter interp;
    Object g = interp.globals();
    g.set_item("b", true);
    g.set_item("i", -42);
    g.set_item("u", 18446744073709551615ull);
    g.set_item("big", int64_t{-9223372036854775807LL - 1});
    g.set_item("f", 2.5);
    g.set_item("s", "héllo");
    g.set_item("ss", std::string("x\0y", 3));
    g.set_item("n", nullptr);
    CHECK(interp.eval_repr("(b, i, u, big, f, s, ss, n)") ==
          "(True, -42, 18446744073709551615, -9223372036854775808, 2.5, 'héllo', 'x\\x00y', "
          "None)");
    CHECK(interp.eval_repr("type(u).__name__, type(f).__name__") == "('int', 'float')");
}

TEST_CASE("scalars convert from Python to C++") {
    Interpreter interp;
    CHECK(interp.eval("True").cast<bool>() == true);
    CHECK(interp.eval("[]").cast<bool>() == false);  // truth value, as CPython's "p" format
    CHECK(interp.eval("-7").cast<int>() == -7);
    CHECK(interp.eval("2**63 - 1").cast<int64_t>() == INT64_MAX);
    CHECK(interp.eval("-2**63").cast<int64_t>() == INT64_MIN);
    CHECK(interp.eval("2**64 - 1").cast<uint64_t>() == UINT64_MAX);
    CHECK(interp.eval("255").cast<unsigned char>() == 255);
    CHECK(interp.eval("True").cast<int>() == 1);
    CHECK(interp.eval("1.5").cast<double>() == 1.5);
    CHECK(interp.eval("3").cast<double>() == 3.0);
    CHECK(interp.eval("1.5").cast<float>() == 1.5f);
    CHECK(interp.eval("'a' + 'é'").cast<std::string>() == "aé");
    CHECK(interp.eval("None").is_none());
}

TEST_CASE("integers that do not fit raise OverflowError") {
    Interpreter interp;
    CHECK(error_of([&] { interp.eval("2**63").cast<int64_t>(); }) ==
          "OverflowError: Python int too large to convert to C long");
    CHECK(error_of([&] { interp.eval("-2**63 - 1").cast<long>(); }) ==
          "OverflowError: Python int too large to convert to C long");
    CHECK(error_of([&] { interp.eval("2**31").cast<int>(); }) ==
          "OverflowError: Python int too large to convert to C int");
    CHECK(error_of([&] { interp.eval("-1").cast<unsigned>(); }) ==
          "OverflowError: can't convert negative int to unsigned");
    CHECK(error_of([&] { interp.eval("2**64").cast<uint64_t>(); }) ==
          "OverflowError: Python int too large to convert to C unsigned long");
    CHECK(error_of([&] { interp.eval("256").cast<unsigned char>(); }) ==
          "OverflowError: Python int too large to convert to C unsigned char");
    CHECK(error_of([&] { interp.eval("10**40").cast<uint64_t>(); }) ==
          "OverflowError: Python int too large to convert to C unsigned long");
}

TEST_CASE("wrong Python types raise TypeError") {
    Interpreter interp;
    CHECK(error_of([&] { interp.eval("1.5").cast<int>(); }) ==
          "TypeError: 'float' object cannot be interpreted as an integer");
    CHECK(error_of([&] { interp.eval("'x'").cast<double>(); }) ==
          "TypeError: must be real number, not str");
    CHECK(error_of([&] { interp.eval("1").cast<std::string>(); }) ==
          "TypeError: expected str, got int");
    CHECK(error_of([&] { interp.eval("'abc'").cast<std::vector<std::string>>(); }) ==
          "TypeError: expected a sequence, got str");
    CHECK(error_of([&] { interp.eval("5").cast<std::vector<int>>(); }) ==
          "TypeError: 'int' object is not iterable");
    CHECK(error_of([&] { interp.eval("[1]").cast<std::map<int, int>>(); }) ==
          "TypeError: expected dict, got list");
    CHECK(error_of([&] { (interp.eval("(1, 2, 3)").cast<std::tuple<int, int>>()); }) ==
          "ValueError: expected a tuple of 2 items, got 3");
    CHECK(error_of([&] { interp.eval("[1, 'x']").cast<std::vector<int>>(); }) ==
          "TypeError: 'str' object cannot be interpreted as an integer");
}

TEST_CASE("containers convert both ways") {
    Interpreter interp;
    Object g = interp.globals();
    g.set_item("v", std::vector<int>{1, 2, 3});
    g.set_item("nested", std::vector<std::vector<std::string>>{{"a"}, {}, {"b", "c"}});
    g.set_item("m", std::map<std::string, double>{{"x", 1.5}, {"y", -2.0}});
    g.set_item("um", std::unordered_map<int, bool>{{7, true}});
    g.set_item("t", std::make_tuple(1, std::string("two"), 3.0));
    g.set_item("p", std::make_pair(false, std::vector<int>{}));
    g.set_item("some", std::optional<int>(4));
    g.set_item("none", std::optional<int>());
    CHECK(interp.eval_repr("v, nested, m, um, t, p, some, none") ==
          "([1, 2, 3], [['a'], [], ['b', 'c']], {'x': 1.5, 'y': -2.0}, {7: True}, "
          "(1, 'two', 3.0), (False, []), 4, None)");

    CHECK(interp.eval("[3, 4]").cast<std::vector<int>>() == std::vector<int>{3, 4});
    CHECK(interp.eval("(5, 6)").cast<std::vector<int>>() == std::vector<int>{5, 6});
    CHECK(interp.eval("range(3)").cast<std::vector<long>>() == std::vector<long>{0, 1, 2});
    CHECK(interp.eval("{'a': [1], 'b': []}").cast<std::map<std::string, std::vector<int>>>() ==
          std::map<std::string, std::vector<int>>{{"a", {1}}, {"b", {}}});
    CHECK(interp.eval("{1: 'x'}").cast<std::unordered_map<int, std::string>>() ==
          std::unordered_map<int, std::string>{{1, "x"}});
    CHECK(interp.eval("(1, 'a', 2.5)").cast<std::tuple<int, std::string, double>>() ==
          std::make_tuple(1, std::string("a"), 2.5));
    CHECK(interp.eval("[True, None]").cast<std::pair<bool, std::optional<int>>>() ==
          std::make_pair(true, std::optional<int>()));
    CHECK(interp.eval("None").cast<std::optional<std::string>>() == std::nullopt);
    CHECK(interp.eval("'s'").cast<std::optional<std::string>>() == "s");
}

TEST_CASE("handles are refcounted: copies share, moves transfer") {
    Interpreter interp;
    interp.exec("import sys\nitems = [1]");
    Object a = interp.eval("items");
    Object b = a;
    CHECK(b.is(a));
    b.attr("append")(2);
    CHECK(interp.eval_repr("items") == "[1, 2]");
    Object c = std::move(b);
    CHECK(b.is_none());
    CHECK(c.is(a));
    long before = interp.eval("sys.getrefcount(items)").cast<long>();
    {
        std::vector<Object> copies(5, a);
        CHECK(interp.eval("sys.getrefcount(items)").cast<long>() == before + 5);
    }
    CHECK(interp.eval("sys.getrefcount(items)").cast<long>() == before);
    a = Object(7);
    CHECK(interp.eval("sys.getrefcount(items)").cast<long>() == before - 1);
}

TEST_CASE("attributes, items, repr and str") {
    Interpreter interp;
    interp.exec(
        "class P:\n"
        "    def __init__(self): self.x = 1\n"
        "    def __repr__(self): return 'P()'\n"
        "    def __str__(self): return 'a P'\n"
        "p = P()\n"
        "d = {'k': [10, 20]}\n");
    Object p = interp.globals().item("p");
    CHECK(p.attr("x").cast<int>() == 1);
    p.set_attr("y", "new");
    CHECK(interp.eval_repr("p.y") == "'new'");
    CHECK(p.has_attr("y"));
    CHECK_FALSE(p.has_attr("zz"));
    CHECK(p.repr() == "P()");
    CHECK(p.str() == "a P");
    CHECK(p.type_name() == "P");
    CHECK(error_of([&] { p.attr("zz"); }) == "AttributeError: 'P' object has no attribute 'zz'");

    Object d = interp.eval("d");
    CHECK(d.item("k").item(1).cast<int>() == 20);
    d.set_item("n", 3);
    CHECK(d.contains("n"));
    CHECK(d.len() == 2);
    d.del_item("k");
    CHECK(interp.eval_repr("d") == "{'n': 3}");
    CHECK(error_of([&] { d.item("missing"); }) == "KeyError: 'missing'");
    CHECK(error_of([&] { interp.eval("[]").item(0); }) == "IndexError: list index out of range");
    CHECK(interp.eval("0").truthy() == false);
    CHECK(interp.eval("1").equals(Object(1.0)));
}

TEST_CASE("calls with positional and keyword arguments") {
    Interpreter interp;
    interp.exec("def f(a, b='B', *, k=0, **rest):\n    return (a, b, k, sorted(rest.items()))\n");
    Object f = interp.globals().item("f");
    CHECK(f(1).repr() == "(1, 'B', 0, [])");
    CHECK(f(1, "x", gilpy::kw("k") = 2).repr() == "(1, 'x', 2, [])");
    CHECK(f(gilpy::kw("a") = std::vector<int>{1}, gilpy::kw("z") = nullptr).repr() ==
          "([1], 'B', 0, [('z', None)])");
    CHECK(interp.eval("'-'").attr("join")(std::vector<std::string>{"a", "b"}).cast<std::string>() ==
          "a-b");
    CHECK(f.call({Object(5)}, {{"k", Object(9)}}).repr() == "(5, 'B', 9, [])");
    CHECK(error_of([&] { f(); }) == "TypeError: f() missing 1 required positional argument: 'a'");
    CHECK(error_of([&] { f(1, gilpy::kw("k") = 1, gilpy::kw("k") = 2); }) != "");
}

TEST_CASE("eval, globals, import_module and run_file") {
    Interpreter interp;
    CHECK(interp.eval("1 + 2").cast<int>() == 3);
    interp.globals().set_item("host_value", 41);
    CHECK(interp.eval("host_value + 1").cast<int>() == 42);
    Object math = interp.import_module("math");
    CHECK(math.attr("sqrt")(16).cast<double>() == 4.0);
    Object path = interp.import_module("os.path");
    CHECK(path.attr("join")("a", "b").cast<std::string>() == "a/b");
    CHECK(error_of([&] { interp.import_module("no_such_module"); }) ==
          "ModuleNotFoundError: No module named 'no_such_module'");

    std::string file = "/tmp/gilpy_embed_run_file_test.py";
    {
        std::ofstream out(file);
        out << "ran_from = __file__\nresult = [x * x for x in range(4)]\n";
    }
    interp.run_file(file);
    CHECK(interp.eval("ran_from").cast<std::string>() == file);
    CHECK(interp.eval("result").cast<std::vector<int>>() == std::vector<int>{0, 1, 4, 9});
    std::remove(file.c_str());
    CHECK_THROWS_AS(interp.run_file("/nonexistent/file.py"), std::runtime_error);
}

TEST_CASE("several interpreters on one host thread keep their own values") {
    Interpreter a;
    a.exec("name = 'a'");
    {
        Interpreter b;
        b.exec("name = 'b'");
        CHECK(b.eval("name").cast<std::string>() == "b");
        Object from_b = b.eval("[1, 2]");
        CHECK(from_b.len() == 2);
        CHECK(a.eval("name").cast<std::string>() == "a");
    }
    // Destroying b leaves a usable.
    Object x = a.eval("name * 2");
    CHECK(x.str() == "aa");
}
