// The REPL. Each input is compiled in interactive mode; an Incomplete status reads another line
// with the "... " prompt (a blank line ends a compound statement, as in python3).
#include "repl/repl.hpp"

#include <readline/history.h>
#include <readline/readline.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <string>

namespace gilpy::repl {

namespace {

std::string history_path() {
    const char* home = std::getenv("HOME");
    return home ? std::string(home) + "/.gilpy_history" : std::string();
}

// Reads one line with [prompt]; false at EOF. Uses readline only on a terminal.
bool read_line(const char* prompt, std::string* out) {
    if (isatty(STDIN_FILENO)) {
        char* line = readline(prompt);
        if (!line) return false;
        *out = line;
        if (*line) add_history(line);
        std::free(line);
        return true;
    }
    std::fputs(prompt, stderr);
    out->clear();
    int c;
    while ((c = std::fgetc(stdin)) != EOF && c != '\n')
        out->push_back(static_cast<char>(c));
    return c != EOF || !out->empty();
}

}  // namespace

int run_repl(Interpreter& interp) {
    std::string hist = history_path();
    if (!hist.empty()) read_history(hist.c_str());
    std::fprintf(stderr,
                 "gilpy %s (Python 3.11 subset)\nType \"help\", \"copyright\", \"credits\" or "
                 "\"license\" for more information.\n",
                 version_string());
    std::string buffer;
    int status = 0;
    while (true) {
        std::string line;
        if (!read_line(buffer.empty() ? ">>> " : "... ", &line)) {
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
    return status;
}

}  // namespace gilpy::repl
