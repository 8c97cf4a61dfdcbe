// gilpy's public embedding API: the only header a host program includes (DESIGN.md).
// An Interpreter owns everything (modules, builtins, its threads); several may coexist.
#pragma once

#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

/// Version of the library: major, minor, patch, and one comparable number.
#define GILPY_VERSION_MAJOR 0
#define GILPY_VERSION_MINOR 1
#define GILPY_VERSION_PATCH 0
#define GILPY_VERSION_NUMBER \
    (GILPY_VERSION_MAJOR * 10000 + GILPY_VERSION_MINOR * 100 + GILPY_VERSION_PATCH)

namespace gilpy {

/// The version as text, e.g. "0.1.0".
const char* version_string();

/// What a host configures when it creates an interpreter.
struct Config {
    /// sys.argv (argv[0] is the script name, "-c" or "" as in CPython).
    std::vector<std::string> argv;
    /// The initial sys.path entries, searched in order by `import`.
    std::vector<std::string> path;
    /// -X options as python3 takes them ("gil=legacy", "switchinterval=0.001", "gil-stats"),
    /// also visible as sys._xoptions. Unknown options are ignored, as in CPython; a bad value
    /// for a known one makes the constructor throw std::invalid_argument.
    std::vector<std::string> xoptions;
    /// Turn Ctrl-C (SIGINT) into KeyboardInterrupt in this interpreter's main thread. Only one
    /// interpreter per process can receive signals; the command line sets this.
    bool handle_signals = false;
};

/// A script exception that reached the host: its Python type name, its message (str(exc)) and
/// the traceback text exactly as CPython would print it.
class ScriptError : public std::runtime_error {
  public:
    ScriptError(std::string type_name, std::string message, std::string traceback);
    /// The exception's class name, e.g. "ValueError".
    const std::string& type_name() const { return type_name_; }
    /// str() of the exception.
    const std::string& message() const { return message_; }
    /// The full report (the "Traceback (most recent call last):" text).
    const std::string& traceback() const { return traceback_; }

  private:
    std::string type_name_, message_, traceback_;
};

/// The outcome of one interactive input (the REPL's unit of work).
enum class InputStatus {
    Done,        ///< compiled and ran (an exception, if any, was printed)
    Incomplete,  ///< needs more lines (an open block, bracket or string)
    Exit,        ///< SystemExit was raised: see Interpreter::exit_code()
};

/// One interpreter with its own GIL. Not copyable; movable. Every method must be called from
/// the thread that created it (or one that holds its GIL).
class Interpreter {
  public:
    /// Creates an interpreter; throws std::runtime_error if the builtins cannot be set up.
    explicit Interpreter(Config config = {});
    ~Interpreter();
    Interpreter(Interpreter&&) noexcept;
    Interpreter& operator=(Interpreter&&) noexcept;
    Interpreter(const Interpreter&) = delete;
    Interpreter& operator=(const Interpreter&) = delete;

    /// Runs [source] as the __main__ module, as `gilpy file.py` does. Returns the process exit
    /// status CPython would use: 0, 1 after printing an uncaught exception's traceback to
    /// stderr, or SystemExit's code. Never throws for script errors.
    int run_main(std::string_view source, std::string_view filename);

    /// Compiles and runs one interactive input in __main__ (expression values are printed).
    InputStatus run_interactive(std::string_view source);

    /// Executes [source] in __main__ and throws ScriptError if it raises.
    void exec(std::string_view source, std::string_view filename = "<string>");

    /// Evaluates one expression in __main__ and returns repr() of the result; throws
    /// ScriptError if it raises.
    std::string eval_repr(std::string_view expression);

    /// The disassembly of [source] (every code object), like `python3 -m dis`; throws
    /// ScriptError on a SyntaxError.
    std::string disassemble(std::string_view source, std::string_view filename);

    /// The status carried by the last SystemExit (valid after InputStatus::Exit).
    int exit_code() const;

    /// True if the last uncaught exception run_main reported was KeyboardInterrupt. CPython
    /// then ends by SIGINT (a shell sees status 130); a host that handles signals may do the
    /// same once the interpreter is gone.
    bool ended_by_keyboard_interrupt() const;

    /// Flushes sys.stdout and sys.stderr.
    void flush();

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace gilpy
