// gilpy::class_<T>: a C++ type as a Python class, held by value in its instances. Construction
// from Python, methods (member pointers and lambdas), fields, properties, __repr__, the
// conversions Object(T) / cast<T&>() with identity kept across a script, wrong-type errors and
// the attribute and subclassing behaviour of a CPython extension type (messages checked
// against python3 with extension types such as _random.Random).
#include <cmath>
#include <stdexcept>
#include <string>

#include <catch2/catch.hpp>

#include "gilpy/gilpy.hpp"

using gilpy::Interpreter;
using gilpy::Object;
using gilpy::ScriptError;

namespace {

int g_destroyed = 0;

struct Vec {
    double x = 0, y = 0;
    Vec(double x_, double y_) : x(x_), y(y_) {}
    Vec(const Vec&) = default;
    ~Vec() { ++g_destroyed; }
    double length() const { return std::hypot(x, y); }
    void scale(double k) {
        x *= k;
        y *= k;
    }
    double norm() const { return length(); }
    void set_norm(double n) {
        double l = length();
        scale(n / l);
    }
};

std::string fmt_num(double v) {
    std::string s = std::to_string(v);
    s.erase(s.find_last_not_of('0') + 1);
    if (s.back() == '.') s.pop_back();
    return s;
}

// Defines module "game" with class Vec.
gilpy::Module define_game(Interpreter& interp) {
    gilpy::Module m = interp.def_module("game");
    gilpy::class_<Vec>(m, "Vec", "A 2-d vector.")
        .def(gilpy::init<double, double>())
        .def("length", &Vec::length)
        .def("scale", &Vec::scale)
        .def("dot", [](const Vec& a, const Vec& b) { return a.x * b.x + a.y * b.y; })
        .def_readwrite("x", &Vec::x)
        .def_readwrite("y", &Vec::y)
        .def_property("norm", &Vec::norm, &Vec::set_norm)
        .def_property("area", [](const Vec& v) { return v.x * v.y; })
        .def("__repr__",
             [](const Vec& v) { return "Vec(" + fmt_num(v.x) + ", " + fmt_num(v.y) + ")"; });
    m.def("make", [](double x) { return Vec(x, x); })
        .def("twice", [](Vec& v) { v.scale(2); })
        .def("same", [](Object v) { return v; });
    return m;
}

// The message of the exception [expr] raises, as "Type: message".
std::string error_of(Interpreter& interp, const std::string& expr) {
    interp.exec("try:\n    " + expr +
                "\n    result = 'no error'\n"
                "except Exception as e:\n    result = type(e).__name__ + ': ' + str(e)\n");
    return interp.eval("result").cast<std::string>();
}

}  // namespace

TEST_CASE("a class_ is constructed from Python and its methods, fields and properties work",
          "[embed][class]") {
    Interpreter interp;
    define_game(interp);
    interp.exec("import game\nv = game.Vec(3, 4)");
    CHECK(interp.eval("v.length()").cast<double>() == 5.0);
    CHECK(interp.eval_repr("v") == "Vec(3, 4)");
    interp.exec("v.scale(2)");
    CHECK(interp.eval_repr("(v.x, v.y)") == "(6.0, 8.0)");
    interp.exec("v.x = 1.5");
    CHECK(interp.eval("v.x").cast<double>() == 1.5);
    interp.exec("v = game.Vec(3, 4)\nv.norm = 10");
    CHECK(interp.eval_repr("v") == "Vec(6, 8)");
    CHECK(interp.eval("v.area").cast<double>() == 48.0);
    CHECK(interp.eval("v.dot(game.Vec(1, 1))").cast<double>() == 14.0);
    CHECK(interp.eval("game.Vec.length(v)").cast<double>() == 10.0);
    CHECK(interp.eval_repr("game.Vec.__doc__") == "'A 2-d vector.'");
}

TEST_CASE("a class_ looks like a CPython extension type", "[embed][class]") {
    Interpreter interp;
    define_game(interp);
    interp.exec("import game\nv = game.Vec(1, 2)");
    CHECK(interp.eval("isinstance(v, game.Vec)").cast<bool>());
    CHECK(interp.eval_repr("type(v).__name__") == "'Vec'");
    CHECK(interp.eval_repr("type(v).__qualname__") == "'Vec'");
    CHECK(interp.eval_repr("type(v).__module__") == "'game'");
    CHECK(interp.eval_repr("game.Vec") == "<class 'game.Vec'>");
    CHECK(interp.eval_repr("game.Vec.length") == "<method 'length' of 'game.Vec' objects>");
    CHECK(interp.eval_repr("type(v.length).__name__") == "'builtin_function_or_method'");
    CHECK(error_of(interp, "v.z") == "AttributeError: 'game.Vec' object has no attribute 'z'");
    CHECK(error_of(interp, "game.Vec.z") ==
          "AttributeError: type object 'game.Vec' has no attribute 'z'");
    CHECK(error_of(interp, "v.__dict__") ==
          "AttributeError: 'game.Vec' object has no attribute '__dict__'");
    CHECK(error_of(interp, "class W(game.Vec): pass") ==
          "TypeError: type 'game.Vec' is not an acceptable base type");
    CHECK(error_of(interp, "game.Vec.length(5)") ==
          "TypeError: descriptor 'length' for 'game.Vec' objects doesn't apply to a 'int' "
          "object");
    CHECK(error_of(interp, "game.Vec.length()") ==
          "TypeError: unbound method Vec.length() needs an argument");
    CHECK(error_of(interp, "v.length(1)") ==
          "TypeError: Vec.length() takes no arguments (1 given)");
    CHECK(error_of(interp, "v.scale()") ==
          "TypeError: Vec.scale() takes exactly 1 argument (0 given)");
    CHECK(error_of(interp, "v.dot(3)") ==
          "TypeError: Vec.dot() argument 1 must be game.Vec, not int");
    CHECK(error_of(interp, "game.Vec(1)") ==
          "TypeError: Vec() takes exactly 2 arguments (1 given)");
    CHECK(error_of(interp, "game.Vec('a', 1)") ==
          "TypeError: Vec() argument 1 must be float, not str");
    CHECK(error_of(interp, "setattr(v, 'area', 1)") ==
          "AttributeError: property 'area' of 'game.Vec' object has no setter");
    CHECK(error_of(interp, "setattr(v, 'x', 'a')") == "TypeError: must be real number, not str");
    CHECK(error_of(interp, "game.twice(3)") ==
          "TypeError: twice() argument 1 must be game.Vec, not int");
    // __new__ is the runtime's tp_new wrapper, as datetime.date.__new__ is in CPython.
    CHECK(interp.eval_repr("game.Vec.__new__(game.Vec, 5, 6)") == "Vec(5, 6)");
    CHECK(error_of(interp, "game.Vec.__new__(int)") ==
          "TypeError: game.Vec.__new__(int): int is not a subtype of game.Vec");
    CHECK(error_of(interp, "game.Vec.__new__(5)") ==
          "TypeError: game.Vec.__new__(X): X is not a type object (int)");
    CHECK(error_of(interp, "game.Vec.__new__()") ==
          "TypeError: game.Vec.__new__(): not enough arguments");
}

TEST_CASE("a class_ without a constructor cannot be instantiated from Python", "[embed][class]") {
    struct Opaque {
        int id;
    };
    Interpreter interp;
    gilpy::Module m = interp.def_module("host");
    gilpy::class_<Opaque>(m, "Opaque").def_readonly("id", &Opaque::id);
    Object o = Object(Opaque{7});
    interp.globals().set_item("o", o);
    interp.exec("import host");
    CHECK(interp.eval("o.id").cast<int>() == 7);
    CHECK(error_of(interp, "host.Opaque()") == "TypeError: cannot create 'host.Opaque' instances");
    CHECK(error_of(interp, "setattr(o, 'id', 1)") ==
          "AttributeError: property 'id' of 'host.Opaque' object has no setter");
}

TEST_CASE("instances pass between host and script keeping their identity", "[embed][class]") {
    Interpreter interp;
    define_game(interp);
    Object v = Object(Vec(1, 2));
    interp.exec("import game\ndef keep(v):\n    global kept\n    kept = v\n    return v\n");
    Object back = interp.globals().item("keep")(v);
    CHECK(back.is(v));
    CHECK(&back.cast<Vec&>() == &v.cast<Vec&>());
    CHECK(back.cast<Vec*>() == &v.cast<const Vec&>());
    // The script sees the host's changes and the host the script's.
    v.cast<Vec&>().x = 5;
    CHECK(interp.eval("kept.x").cast<double>() == 5.0);
    interp.exec("game.twice(kept)");
    CHECK(v.cast<Vec&>().x == 10.0);
    CHECK(interp.eval("game.same(kept) is kept").cast<bool>());
    CHECK(interp.eval_repr("game.make(2)") == "Vec(2, 2)");
    CHECK(Object().cast<Vec*>() == nullptr);
    Vec copy = v.cast<Vec>();
    CHECK(copy.x == 10.0);
}

TEST_CASE("casting a value of another type to a class_ raises TypeError", "[embed][class]") {
    Interpreter interp;
    define_game(interp);
    Object i = interp.eval("3");
    try {
        (void)i.cast<Vec&>();
        FAIL("no exception");
    } catch (const ScriptError& e) {
        CHECK(e.type_name() == "TypeError");
        CHECK(e.message() == "expected game.Vec, got int");
    }
    CHECK_THROWS_AS(interp.eval("None").cast<Vec&>(), ScriptError);
    struct Unregistered {
        int a;
    };
    try {
        Object u = Object(Unregistered{1});
        FAIL("no exception");
    } catch (const ScriptError& e) {
        CHECK(e.type_name() == "TypeError");
        CHECK(e.message().find("no Python class is registered") == 0);
    }
    CHECK_THROWS_AS(gilpy::class_<Vec>(interp.def_module("other"), "Vec"), std::logic_error);
}

TEST_CASE("an instance's C++ value is destroyed when its last reference goes", "[embed][class]") {
    Interpreter interp;
    define_game(interp);
    interp.exec("import game");
    g_destroyed = 0;
    interp.exec("v = game.Vec(1, 2)\nw = v");
    CHECK(g_destroyed == 0);
    interp.exec("del v");
    CHECK(g_destroyed == 0);
    interp.exec("del w");
    CHECK(g_destroyed == 1);
    {
        Object held = Object(Vec(3, 4));  // the temporary is destroyed too
        CHECK(g_destroyed == 2);
        interp.globals().set_item("h", held);
        interp.exec("del h");
        CHECK(g_destroyed == 2);
    }
    CHECK(g_destroyed == 3);
    interp.exec("for i in range(10):\n    game.Vec(i, i).length()\n");
    CHECK(g_destroyed == 13);
}
