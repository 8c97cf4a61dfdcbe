// Keyword arguments and defaults of host functions (gilpy::arg): binding as a Python function
// `def area(w, h=2)` does, with CPython 3.11's messages (each one below was checked against
// python3 with the equivalent def), and unannotated functions keeping builtin-style calls.
#include <stdexcept>
#include <string>

#include <catch2/catch.hpp>

#include "gilpy/gilpy.hpp"

using gilpy::arg;
using gilpy::Interpreter;

namespace {

// The message of the TypeError that [expr] raises (or "no error").
std::string error_of(Interpreter& interp, const std::string& expr) {
    interp.exec("try:\n    " + expr +
                "\n    result = 'no error'\n"
                "except TypeError as e:\n    result = str(e)\n");
    return interp.eval("result").cast<std::string>();
}

struct Scaler {
    double factor;
};

}  // namespace

TEST_CASE("annotated host functions take keywords and omit defaulted arguments",
          "[embed][arguments]") {
    Interpreter interp;
    interp.def_module("geo")
        .def(
            "area", [](long w, long h) { return w * h; }, arg("w"), arg("h") = 2, "w times h")
        .def(
            "label",
            [](const std::string& text, long width, const std::string& fill) {
                std::string out = text;
                while (static_cast<long>(out.size()) < width)
                    out += fill;
                return out;
            },
            arg("text"), arg("width") = 6, arg("fill") = ".");
    interp.exec("import geo");
    CHECK(interp.eval("geo.area(3)").cast<long>() == 6);
    CHECK(interp.eval("geo.area(3, 4)").cast<long>() == 12);
    CHECK(interp.eval("geo.area(w=5)").cast<long>() == 10);
    CHECK(interp.eval("geo.area(h=3, w=5)").cast<long>() == 15);
    CHECK(interp.eval("geo.area(5, h=7)").cast<long>() == 35);
    CHECK(interp.eval("geo.area(*[2], **{'h': 9})").cast<long>() == 18);
    CHECK(interp.eval_repr("geo.label('ab')") == "'ab....'");
    CHECK(interp.eval_repr("geo.label('ab', fill='-')") == "'ab----'");
    CHECK(interp.eval_repr("geo.area.__doc__") == "'w times h'");
}

TEST_CASE("annotated host functions fail with CPython's messages for a Python function",
          "[embed][arguments]") {
    Interpreter interp;
    interp.def_module("geo").def(
        "area", [](long w, long h) { return w * h; }, arg("w"), arg("h") = 2);
    interp.def_module("three").def(
        "f", [](int, int, int) {}, arg("a"), arg("b"), arg("c"));
    interp.exec("import geo, three");
    CHECK(error_of(interp, "geo.area()") == "area() missing 1 required positional argument: 'w'");
    CHECK(error_of(interp, "geo.area(h=1)") ==
          "area() missing 1 required positional argument: 'w'");
    CHECK(error_of(interp, "geo.area(1, x=1)") == "area() got an unexpected keyword argument 'x'");
    CHECK(error_of(interp, "geo.area(1, w=1)") == "area() got multiple values for argument 'w'");
    CHECK(error_of(interp, "geo.area(1, 2, 3)") ==
          "area() takes from 1 to 2 positional arguments but 3 were given");
    // Keywords are checked before the positional count, as CPython does.
    CHECK(error_of(interp, "geo.area(1, 2, 3, x=1)") ==
          "area() got an unexpected keyword argument 'x'");
    CHECK(error_of(interp, "three.f()") ==
          "f() missing 3 required positional arguments: 'a', 'b', and 'c'");
    CHECK(error_of(interp, "three.f(1)") ==
          "f() missing 2 required positional arguments: 'b' and 'c'");
    CHECK(error_of(interp, "three.f(1, 2, 3, 4)") ==
          "f() takes 3 positional arguments but 4 were given");
    CHECK(error_of(interp, "geo.area('x')") == "area() argument 'w' must be int, not str");
    CHECK(error_of(interp, "geo.area(1, h=[])") == "area() argument 'h' must be int, not list");
}

TEST_CASE("unannotated host functions keep builtin-style calls", "[embed][arguments]") {
    Interpreter interp;
    interp.def_module("b").def("one", [](int x) { return x; }).def("none", [] {});
    interp.exec("import b");
    CHECK(error_of(interp, "b.one(x=1)") == "one() takes no keyword arguments");
    CHECK(error_of(interp, "b.one()") == "one() takes exactly 1 argument (0 given)");
    CHECK(error_of(interp, "b.none(1, 2)") == "none() takes no arguments (2 given)");
    CHECK(error_of(interp, "b.one('s')") == "one() argument 1 must be int, not str");
}

TEST_CASE("a default is converted once, when def() runs, and shared by calls",
          "[embed][arguments]") {
    Interpreter interp;
    interp.def_module("d").def(
        "items", [](gilpy::Object xs) { return xs; }, arg("xs") = std::vector<int>{1, 2});
    interp.exec("import d\na = d.items()\na.append(3)\nb = d.items()");
    CHECK(interp.eval_repr("b") == "[1, 2, 3]");
    CHECK(interp.eval("a is b").cast<bool>());
}

TEST_CASE("parameter annotations follow Python's rules for a def", "[embed][arguments]") {
    Interpreter interp;
    gilpy::Module m = interp.def_module("bad");
    CHECK_THROWS_AS(m.def(
                        "f", [](int, int) {}, arg("a") = 1, arg("b")),
                    std::invalid_argument);
    CHECK_THROWS_AS(m.def(
                        "g", [](int, int) {}, arg("a"), arg("a")),
                    std::invalid_argument);
    CHECK_FALSE(m.object().has_attr("f"));
}

TEST_CASE("methods and constructors of a class_ take keywords and defaults", "[embed][arguments]") {
    Interpreter interp;
    gilpy::Module m = interp.def_module("game");
    gilpy::class_<Scaler>(m, "Scaler")
        .def(gilpy::init<double>(), arg("factor") = 2.0)
        .def(
            "scale", [](const Scaler& s, double x, double offset) { return s.factor * x + offset; },
            arg("x"), arg("offset") = 0.0);
    interp.exec("import game\ns = game.Scaler()");
    CHECK(interp.eval("s.scale(3)").cast<double>() == 6.0);
    CHECK(interp.eval("s.scale(offset=1, x=3)").cast<double>() == 7.0);
    CHECK(interp.eval("game.Scaler(factor=3).scale(1)").cast<double>() == 3.0);
    CHECK(error_of(interp, "s.scale()") ==
          "Scaler.scale() missing 1 required positional argument: 'x'");
    CHECK(error_of(interp, "s.scale(1, 2, 3)") ==
          "Scaler.scale() takes from 2 to 3 positional arguments but 4 were given");
    CHECK(error_of(interp, "game.Scaler(fact=1)") ==
          "Scaler.__init__() got an unexpected keyword argument 'fact'");
}
