// The smallest host of an installed gilpy: one host function, one script, one value read back.
// Prints three lines the install tests compare (tests/install/check_install.sh).
#include <cstdio>
#include <string>

#include <gilpy/gilpy.hpp>

int main() {
    gilpy::Interpreter interp;
    interp.def_module("host")
        .def("greet", [](const std::string& who) { return "hello, " + who; })
        .add("version", gilpy::Object(gilpy::version_string()));
    try {
        interp.exec(
            "import host\n"
            "print(host.greet('gilpy'), 'from gilpy', host.version)\n"
            "squares = {n: n * n for n in range(5)}\n",
            "<host>");
    } catch (const gilpy::ScriptError& e) {
        std::fputs(e.traceback().c_str(), stderr);
        return 1;
    }
    interp.flush();
    long total = interp.eval("sum(squares.values())").cast<long>();
    std::printf("sum of squares: %ld\n", total);
    std::printf("repr: %s\n", interp.eval_repr("sorted(squares.items())[-1]").c_str());
    return 0;
}
