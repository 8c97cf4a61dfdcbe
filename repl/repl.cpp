// The REPL. Each input is compiled in interactive mode; an Incomplete status reads another line
// with the "... " prompt (a blank line ends a compound statement, as in python3). On a terminal,
// lines come from readline's callback interface driven by select(), as CPython does, so a Ctrl-C
// at the prompt is seen at once and discards the line instead of being left for the next input.
#include "repl/repl.hpp"

#include <readline/history.h>
#include <readline/readline.h>
#include <sys/select.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "repl/completion.hpp"

namespace gilpy::repl {

namespace {

enum class ReadResult { Line, Eof, Interrupted };

std::string history_path(const ReplOptions& options) {
    if (!options.ignore_environment) {
        const char* file = std::getenv("GILPY_HISTFILE");
        if (file && *file) return file;
    }
    const char* home = std::getenv("HOME");
    return home && *home ? std::string(home) + "/.gilpy_history" : std::string();
}

// How often the prompt re-checks for Ctrl-C when no EINTR woke it (a signal delivered while
// the thread was not inside select()).
constexpr long kInterruptPollUs = 100 * 1000;

// readline's callback interface hands the finished line to a function.
bool g_line_done = false;
char* g_line = nullptr;

void on_line(char* line) {
    g_line = line;
    g_line_done = true;
    rl_callback_handler_remove();
}

// Reads one line with readline; the GIL is released while waiting (threads keep running).
ReadResult read_tty_line(Interpreter& interp, const char* prompt, std::string* out) {
    GilRelease unlocked;
    g_line_done = false;
    g_line = nullptr;
    rl_callback_handler_install(prompt, on_line);
    while (!g_line_done) {
        fd_set fds;
        FD_ZERO(&fds);
        FD_SET(STDIN_FILENO, &fds);
        timeval timeout{0, kInterruptPollUs};
        int n = select(STDIN_FILENO + 1, &fds, nullptr, nullptr, &timeout);
        if (interp.take_pending_interrupt()) {
            // Ctrl-C: forget the half-typed line and leave the terminal as readline found it.
            rl_free_line_state();
            rl_callback_sigcleanup();
            rl_cleanup_after_signal();
            rl_callback_handler_remove();
            return ReadResult::Interrupted;
        }
        if (n < 0) {
            if (errno == EINTR) continue;
            rl_callback_handler_remove();
            return ReadResult::Eof;
        }
        if (n > 0) rl_callback_read_char();
    }
    if (!g_line) return ReadResult::Eof;
    *out = g_line;
    if (*g_line) add_history(g_line);
    std::free(g_line);
    g_line = nullptr;
    return ReadResult::Line;
}

// Reads one line from a stdin that is not a terminal, the prompt going to stderr (python3 -i).
ReadResult read_plain_line(Interpreter& interp, const char* prompt, std::string* out) {
    std::fputs(prompt, stderr);
    std::fflush(stderr);
    out->clear();
    GilRelease unlocked;
    while (true) {
        int c = std::fgetc(stdin);
        if (c == EOF) {
            if (std::ferror(stdin) && errno == EINTR) {
                std::clearerr(stdin);
                if (interp.take_pending_interrupt()) return ReadResult::Interrupted;
                continue;
            }
            return out->empty() ? ReadResult::Eof : ReadResult::Line;
        }
        if (c == '\n') return ReadResult::Line;
        out->push_back(static_cast<char>(c));
    }
}

// "modern, switch interval 0.005 s" or "legacy": the policy gil.policy() names.
std::string gil_description(Interpreter& interp) {
    try {
        std::string policy = interp.import_module("gil").attr("policy")().cast<std::string>();
        if (policy != "modern") return policy;
        Object interval = interp.import_module("sys").attr("getswitchinterval")();
        return policy + ", switch interval " + interval.repr() + " s";
    } catch (const ScriptError&) {
        return "unknown";
    }
}

void print_banner(Interpreter& interp) {
    std::fprintf(stderr,
                 "gilpy %s (Python 3.11 subset) [GCC %s] on linux\n"
                 "GIL: %s\n"
                 "Type \"exit()\" or Ctrl-D to leave.\n",
                 version_string(), __VERSION__, gil_description(interp).c_str());
}

}  // namespace

int run_repl(Interpreter& interp, const ReplOptions& options) {
    const bool tty = isatty(STDIN_FILENO);
    std::string hist = tty ? history_path(options) : std::string();
    if (tty) {
        rl_readline_name = "gilpy";
        rl_catch_signals = 0;  // Ctrl-C stays the interpreter's (KeyboardInterrupt)
        install_readline_completer(interp);
        if (!hist.empty()) read_history(hist.c_str());
    }
    if (!options.quiet) print_banner(interp);
    std::string buffer;
    int status = 0;
    while (true) {
        std::string line;
        const char* prompt = buffer.empty() ? ">>> " : "... ";
        ReadResult r =
            tty ? read_tty_line(interp, prompt, &line) : read_plain_line(interp, prompt, &line);
        if (r == ReadResult::Interrupted) {
            buffer.clear();
            std::fputs("\nKeyboardInterrupt\n", stderr);
            continue;
        }
        if (r == ReadResult::Eof) {
            std::fputs("\n", stderr);
            break;
        }
        buffer += line;
        buffer += "\n";
        InputStatus s = interp.run_interactive(buffer);
        if (s == InputStatus::Incomplete && !line.empty()) continue;
        if (s == InputStatus::Incomplete) {
            // A blank line after an incomplete block: compile what we have, reporting errors.
            s = interp.run_interactive(buffer + "\n");
            if (s == InputStatus::Incomplete) continue;
        }
        buffer.clear();
        if (s == InputStatus::Exit) {
            status = interp.exit_code();
            break;
        }
    }
    if (!hist.empty()) write_history(hist.c_str());
    interp.finish_main();  // threads started at the prompt finish before gilpy exits
    return status;
}

}  // namespace gilpy::repl
