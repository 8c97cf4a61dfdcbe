// Command-line parsing: options before the script name belong to gilpy, everything after it to
// the script (python3's rule), so `gilpy x.py -c` passes "-c" to x.py.
#include "repl/command_line.hpp"

namespace gilpy::repl {

const char* usage_text() {
    return "usage: gilpy [option] ... [-c cmd | file | -] [arg] ...\n"
           "Options:\n"
           "-c cmd : program passed in as string (terminates option list)\n"
           "-h     : print this help message and exit (also -? or --help)\n"
           "-i     : inspect interactively after running script\n"
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
           "arg ...: arguments passed to program in sys.argv[1:]\n";
}

CommandLine parse_command_line(const std::vector<std::string>& args) {
    CommandLine cl;
    bool disassemble = false;
    for (size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a == "-c") {
            if (i + 1 >= args.size()) {
                cl.action = CommandLine::Action::Error;
                cl.error = "Argument expected for the -c option";
                return cl;
            }
            cl.action = CommandLine::Action::Command;
            cl.target = args[i + 1];
            cl.argv.push_back("-c");
            cl.argv.insert(cl.argv.end(), args.begin() + static_cast<long>(i) + 2, args.end());
            return cl;
        }
        if (a == "-V" || a == "--version") {
            cl.action = CommandLine::Action::Version;
            return cl;
        }
        if (a == "-h" || a == "-?" || a == "--help") {
            cl.action = CommandLine::Action::Help;
            return cl;
        }
        if (a == "-i") {
            cl.interactive_after = true;
            continue;
        }
        if (a == "-X" || (a.size() > 2 && a.compare(0, 2, "-X") == 0)) {
            std::string opt = a.size() > 2 ? a.substr(2) : "";
            if (opt.empty()) {
                if (i + 1 >= args.size()) {
                    cl.action = CommandLine::Action::Error;
                    cl.error = "Argument expected for the -X option";
                    return cl;
                }
                opt = args[++i];
            }
            cl.xoptions.push_back(opt);
            continue;
        }
        if (a == "--gil-stats") {
            cl.xoptions.push_back("gil-stats");
            continue;
        }
        if (a == "--dis") {
            disassemble = true;
            continue;
        }
        if (a == "-") {
            cl.action = CommandLine::Action::Stdin;
            cl.argv.push_back("-");
            cl.argv.insert(cl.argv.end(), args.begin() + static_cast<long>(i) + 1, args.end());
            return cl;
        }
        if (a.size() > 1 && a[0] == '-') {
            cl.action = CommandLine::Action::Error;
            cl.error = "unknown option " + a;
            return cl;
        }
        cl.action = disassemble ? CommandLine::Action::Disassemble : CommandLine::Action::Script;
        cl.target = a;
        cl.argv.assign(args.begin() + static_cast<long>(i), args.end());
        return cl;
    }
    cl.argv.push_back("");
    return cl;
}

}  // namespace gilpy::repl
