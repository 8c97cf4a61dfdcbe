// Command-line parsing: options before the script name belong to gilpy, everything after it to
// the script (python3's rule), so `gilpy x.py -c` passes "-c" to x.py. Single-letter options may
// be grouped (-iq); -c, -m and -X take the rest of their group or the next argument.
#include "repl/command_line.hpp"

namespace gilpy::repl {

const char* usage_text() {
    return "usage: gilpy [option] ... [-c cmd | -m mod | file | -] [arg] ...\n"
           "Options:\n"
           "-c cmd : program passed in as string (terminates option list)\n"
           "-E     : ignore GILPY_* environment variables (such as GILPY_PATH)\n"
           "-h     : print this help message and exit (also -? or --help)\n"
           "-i     : inspect interactively after running script; forces a prompt even\n"
           "         if stdin does not appear to be a terminal\n"
           "-m mod : run library module as a script (terminates option list)\n"
           "-q     : don't print version and copyright messages on interactive startup\n"
           "-u     : force the stdout and stderr streams to be unbuffered\n"
           "-V     : print the gilpy version number and exit (also --version)\n"
           "-X opt : set implementation-specific option:\n"
           "         -X gil=modern|legacy   GIL policy: CPython >= 3.2's switch interval with\n"
           "                                forced switching (default), or Python 2's check\n"
           "                                interval\n"
           "         -X switchinterval=S    the modern GIL's switch interval in seconds\n"
           "         -X checkinterval=N     the legacy GIL's ticks between releases\n"
           "         -X gil-stats           print the GIL's per-thread counters at exit\n"
           "--gil-stats : same as -X gil-stats\n"
           "--dis  : print the bytecode of the script instead of running it\n"
           "file   : program read from script file\n"
           "-      : program read from stdin (default; interactive mode if a tty)\n"
           "arg ...: arguments passed to program in sys.argv[1:]\n"
           "\n"
           "Environment variables:\n"
           "GILPY_PATH           : ':'-separated list of directories prefixed to the\n"
           "                       default module search path\n"
           "GILPY_GIL            : the GIL policy, as -X gil\n"
           "GILPY_SWITCHINTERVAL : the switch interval in seconds, as -X switchinterval\n"
           "GILPY_HISTFILE       : the interactive history file (default ~/.gilpy_history)\n";
}

std::string usage_error_tail(const std::string& name) {
    return "usage: " + name + " [option] ... [-c cmd | -m mod | file | -] [arg] ...\n" + "Try `" +
           name + " -h' for more information.\n";
}

namespace {

CommandLine error(std::string message) {
    CommandLine cl;
    cl.action = CommandLine::Action::Error;
    cl.error = std::move(message);
    return cl;
}

}  // namespace

CommandLine parse_command_line(const std::vector<std::string>& args) {
    CommandLine cl;
    bool disassemble = false;
    // The arguments from [i] on go to the program, after [first] as sys.argv[0].
    auto rest = [&](size_t i, const std::string& first) {
        cl.argv.push_back(first);
        cl.argv.insert(cl.argv.end(), args.begin() + static_cast<long>(i), args.end());
    };
    for (size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a == "--version") {
            cl.action = CommandLine::Action::Version;
            return cl;
        }
        if (a == "--help") {
            cl.action = CommandLine::Action::Help;
            return cl;
        }
        if (a == "--gil-stats") {
            cl.xoptions.push_back("gil-stats");
            continue;
        }
        if (a == "--dis") {
            disassemble = true;
            continue;
        }
        if (a == "--") {  // the end of the options: what follows is the script and its args
            if (i + 1 >= args.size()) break;
            cl.action =
                disassemble ? CommandLine::Action::Disassemble : CommandLine::Action::Script;
            cl.target = args[i + 1];
            rest(i + 2, args[i + 1]);
            return cl;
        }
        if (a == "-") {
            cl.action = CommandLine::Action::Stdin;
            rest(i + 1, "-");
            return cl;
        }
        if (a.size() > 2 && a.compare(0, 2, "--") == 0) return error("unknown option " + a);
        if (a.size() < 2 || a[0] != '-') {
            cl.action =
                disassemble ? CommandLine::Action::Disassemble : CommandLine::Action::Script;
            cl.target = a;
            rest(i + 1, a);
            return cl;
        }
        // A group of single-letter options.
        for (size_t j = 1; j < a.size(); ++j) {
            char c = a[j];
            if (c == 'c' || c == 'm' || c == 'X') {
                std::string value = a.substr(j + 1);
                if (value.empty()) {
                    if (i + 1 >= args.size()) {
                        return error(std::string("Argument expected for the -") + c + " option");
                    }
                    value = args[++i];
                }
                if (c == 'X') {
                    cl.xoptions.push_back(value);
                    break;
                }
                cl.action = c == 'c' ? CommandLine::Action::Command : CommandLine::Action::Module;
                cl.target = value;
                // sys.argv[0] is "-c"; for -m the module's path replaces it once found.
                rest(i + 1, c == 'c' ? "-c" : "-m");
                return cl;
            }
            switch (c) {
                case 'i':
                    cl.interactive_after = true;
                    break;
                case 'u':
                    cl.unbuffered = true;
                    break;
                case 'q':
                    cl.quiet = true;
                    break;
                case 'E':
                    cl.ignore_environment = true;
                    break;
                case 'V':
                    cl.action = CommandLine::Action::Version;
                    return cl;
                case 'h':
                case '?':
                    cl.action = CommandLine::Action::Help;
                    return cl;
                default:
                    return error(std::string("Unknown option: -") + c);
            }
        }
    }
    cl.argv.push_back("");
    return cl;
}

}  // namespace gilpy::repl
