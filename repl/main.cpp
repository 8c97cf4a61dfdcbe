// gilpy's entry point: the first client of the public API (include/gilpy only, STYLE 3.4).
// Exit statuses follow python3: 0, 1 for an uncaught exception, 2 for usage errors and
// unreadable scripts, or SystemExit's code.
#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <exception>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "gilpy/gilpy.hpp"
#include "repl/command_line.hpp"
#include "repl/repl.hpp"

namespace {

bool read_all(std::istream& in, std::string* out) {
    std::ostringstream buf;
    buf << in.rdbuf();
    *out = buf.str();
    return !in.bad();
}

std::string absolute_path(const std::string& path) {
    if (!path.empty() && path[0] == '/') return path;
    char cwd[PATH_MAX];
    if (!getcwd(cwd, sizeof cwd)) return path;
    return std::string(cwd) + "/" + path;
}

// sys.path[0]: the script's directory (resolved), or "" for -c, stdin and the REPL.
std::string script_directory(const std::string& script) {
    char resolved[PATH_MAX];
    std::string full =
        realpath(script.c_str(), resolved) ? std::string(resolved) : absolute_path(script);
    size_t slash = full.rfind('/');
    return slash == std::string::npos ? std::string(".") : full.substr(0, slash);
}

// run()'s status when the script died of Ctrl-C: main() then ends by SIGINT, as CPython does.
constexpr int kStatusKilledBySigint = -SIGINT;

// GILPY_GIL and GILPY_SWITCHINTERVAL as -X options, unless the command line gives them (it
// wins, as python3's -X over its PYTHON* variables).
void add_environment_xoptions(std::vector<std::string>* xoptions) {
    const std::pair<const char*, const char*> vars[] = {{"GILPY_GIL", "gil"},
                                                        {"GILPY_SWITCHINTERVAL", "switchinterval"}};
    for (auto [var, key] : vars) {
        const char* value = std::getenv(var);
        if (!value || !*value) continue;
        bool given = false;
        for (const std::string& opt : *xoptions)
            given = given || opt.substr(0, opt.find('=')) == key;
        if (!given) xoptions->insert(xoptions->begin(), std::string(key) + "=" + value);
    }
}

// GILPY_PATH's directories (':'-separated, empty entries skipped), after sys.path[0].
void add_environment_path(std::vector<std::string>* path) {
    const char* value = std::getenv("GILPY_PATH");
    if (!value) return;
    std::string dirs = value;
    size_t start = 0;
    while (start <= dirs.size()) {
        size_t colon = dirs.find(':', start);
        if (colon == std::string::npos) colon = dirs.size();
        if (colon > start) path->push_back(dirs.substr(start, colon - start));
        start = colon + 1;
    }
}

int run(const gilpy::repl::CommandLine& cl) {
    using Action = gilpy::repl::CommandLine::Action;
    gilpy::Config config;
    config.argv = cl.argv;
    config.xoptions = cl.xoptions;
    config.handle_signals = true;
    config.unbuffered_stdio = cl.unbuffered;
    config.inspect = cl.interactive_after;
    if (!cl.ignore_environment) add_environment_xoptions(&config.xoptions);
    std::string source;
    std::string filename;
    if (cl.action == Action::Script || cl.action == Action::Disassemble) {
        std::ifstream in(cl.target, std::ios::binary);
        if (!in || !read_all(in, &source)) {
            int err = errno;
            std::fprintf(stderr, "gilpy: can't open file '%s': [Errno %d] %s\n",
                         absolute_path(cl.target).c_str(), err, std::strerror(err));
            return 2;
        }
        filename = absolute_path(cl.target);  // __file__ and tracebacks, as python3 >= 3.9
        config.path.push_back(script_directory(cl.target));
    } else if (cl.action == Action::Command) {
        source = cl.target;
        filename = "<string>";
        config.path.push_back("");
    } else if (cl.action == Action::Stdin) {
        read_all(std::cin, &source);
        filename = "<stdin>";
        config.path.push_back("");
    } else if (cl.action == Action::Module) {
        char cwd[PATH_MAX];  // python3 -m: sys.path[0] is the current directory's full path
        config.path.push_back(getcwd(cwd, sizeof cwd) ? cwd : "");
    } else {
        config.path.push_back("");
    }
    if (!cl.ignore_environment) add_environment_path(&config.path);
    std::unique_ptr<gilpy::Interpreter> made;
    try {
        made = std::make_unique<gilpy::Interpreter>(config);
    } catch (const std::invalid_argument& e) {
        std::fprintf(stderr, "gilpy: %s\n", e.what());
        return 2;
    }
    gilpy::Interpreter& interp = *made;
    if (cl.action == Action::Disassemble) {
        try {
            std::string listing = interp.disassemble(source, filename);
            std::fwrite(listing.data(), 1, listing.size(), stdout);
            return 0;
        } catch (const gilpy::ScriptError& e) {
            std::fputs(e.traceback().c_str(), stderr);
            return 1;
        }
    }
    gilpy::repl::ReplOptions repl_options;
    repl_options.quiet = cl.quiet;
    repl_options.ignore_environment = cl.ignore_environment;
    if (cl.action == Action::Repl) {
        if (!isatty(STDIN_FILENO) && !cl.interactive_after) {
            read_all(std::cin, &source);
            return interp.run_main(source, "<stdin>");
        }
        return gilpy::repl::run_repl(interp, repl_options);
    }
    int status;
    if (cl.action == Action::Module) {
        try {
            status = interp.run_module(cl.target);
        } catch (const gilpy::ScriptError& e) {
            if (e.type_name() == "ImportError") {
                std::fprintf(stderr, "gilpy: %s\n", e.message().c_str());
            } else {
                std::fputs(e.traceback().c_str(), stderr);  // a parent package's __init__ raised
            }
            return 1;
        }
    } else {
        status = interp.run_main(source, filename);
    }
    if (cl.interactive_after) {
        // python3 -i: the REPL follows even when stdin is not a terminal; no banner after a
        // script.
        repl_options.quiet = true;
        return gilpy::repl::run_repl(interp, repl_options);
    }
    if (interp.ended_by_keyboard_interrupt()) return kStatusKilledBySigint;
    return status;
}

// Python calls recurse on the C++ stack, so the interpreter runs on a thread with a large
// stack (address space only; pages are touched as recursion goes deeper). Sanitizer builds
// need several times more stack per Python call than Release builds.
constexpr size_t kInterpreterStackSize = size_t{512} << 20;

struct RunRequest {
    const gilpy::repl::CommandLine* cl;
    int status = 1;
    std::exception_ptr error;
    const sigset_t* saved_mask = nullptr;  // the signal mask the interpreter's thread runs with
};

int run_with_large_stack(const gilpy::repl::CommandLine& cl) {
    RunRequest req{&cl};
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, kInterpreterStackSize);
    pthread_t thread;
    // This thread only waits: it blocks every signal, so that the kernel hands process signals
    // to the interpreter's main thread (os.kill of ourselves runs the handler before it
    // returns, as in CPython). The interpreter's thread restores the mask it inherits.
    sigset_t all, saved;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &saved);
    req.saved_mask = &saved;
    auto body = [](void* p) -> void* {
        auto* r = static_cast<RunRequest*>(p);
        pthread_sigmask(SIG_SETMASK, r->saved_mask, nullptr);
        try {
            r->status = run(*r->cl);
        } catch (...) {
            r->error = std::current_exception();
        }
        return nullptr;
    };
    int rc = pthread_create(&thread, &attr, body, &req);
    pthread_attr_destroy(&attr);
    if (rc != 0) {
        pthread_sigmask(SIG_SETMASK, &saved, nullptr);
        return run(cl);  // no thread: run on the main stack
    }
    pthread_join(thread, nullptr);
    pthread_sigmask(SIG_SETMASK, &saved, nullptr);
    if (req.error) std::rethrow_exception(req.error);
    return req.status;
}

}  // namespace

int main(int argc, char** argv) {
    using Action = gilpy::repl::CommandLine::Action;
    std::vector<std::string> args(argv + 1, argv + argc);
    gilpy::repl::CommandLine cl = gilpy::repl::parse_command_line(args);
    switch (cl.action) {
        case Action::Version:
            std::printf("gilpy %s (Python 3.11 subset)\n", gilpy::version_string());
            return 0;
        case Action::Help:
            std::fputs(gilpy::repl::usage_text(), stdout);
            return 0;
        case Action::Error:
            std::fprintf(stderr, "%s\n%s", cl.error.c_str(),
                         gilpy::repl::usage_error_tail("gilpy").c_str());
            return 2;
        default:
            break;
    }
    try {
        int status = run_with_large_stack(cl);
        if (status == kStatusKilledBySigint) {
            std::fflush(nullptr);
            std::signal(SIGINT, SIG_DFL);
            std::raise(SIGINT);
            return 130;  // SIGINT was blocked or ignored by our parent: the shell's convention
        }
        return status;
    } catch (const std::bad_alloc&) {
        std::fputs("MemoryError\n", stderr);
        return 1;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "gilpy: %s\n", e.what());
        return 1;
    }
}
