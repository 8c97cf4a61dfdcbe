// The command line of `gilpy`, modelled on python3's: what to run and with which sys.argv.
#pragma once

#include <string>
#include <vector>

namespace gilpy::repl {

struct CommandLine {
    enum class Action { Repl, Script, Command, Module, Stdin, Version, Help, Disassemble, Error };
    Action action = Action::Repl;
    std::string target;                 // script path, -c code or -m module name
    std::vector<std::string> argv;      // sys.argv
    bool interactive_after = false;     // -i
    bool unbuffered = false;            // -u
    bool quiet = false;                 // -q
    bool ignore_environment = false;    // -E
    std::vector<std::string> xoptions;  // -X opt (and --gil-stats), in order
    std::string error;                  // for Action::Error: the first line of the message
};

// Parses [args] (without the program name).
CommandLine parse_command_line(const std::vector<std::string>& args);

// The -h text.
const char* usage_text();

// What follows a usage error's message (python3's two lines), for the program [name].
std::string usage_error_tail(const std::string& name);

}  // namespace gilpy::repl
