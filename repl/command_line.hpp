// The command line of `gilpy`, modelled on python3's: what to run and with which sys.argv.
#pragma once

#include <string>
#include <vector>

namespace gilpy::repl {

struct CommandLine {
    enum class Action { Repl, Script, Command, Stdin, Version, Help, Disassemble, Error };
    Action action = Action::Repl;
    std::string target;                 // script path or -c code
    std::vector<std::string> argv;      // sys.argv
    bool interactive_after = false;     // -i
    std::vector<std::string> xoptions;  // -X opt (and --gil-stats), in order
    std::string error;                  // for Action::Error
};

// Parses [args] (without the program name).
CommandLine parse_command_line(const std::vector<std::string>& args);

// The -h text.
const char* usage_text();

}  // namespace gilpy::repl
