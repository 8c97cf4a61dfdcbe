// Drives `gilpy` through a pseudo-terminal, as a person at a keyboard would, following a script
// of commands (tests/repl/*.pty), one per line:
//   # comment
//   env NAME=VALUE   set for the next `start` ($TMP is the test's scratch folder)
//   args A B ...     command-line arguments for the next `start`
//   start            run gilpy on a new terminal
//   send TEXT        type TEXT (escapes: \n \t \\ \xHH, e.g. \x03 is Ctrl-C, \x04 Ctrl-D)
//   expect TEXT      wait (10 s at most) until TEXT appears in the output after the last match
//   sleep MS         wait MS milliseconds
//   exit CODE        wait until gilpy exits with status CODE
//   file PATH TEXT   the file PATH (no spaces) contains TEXT
// The output is compared after dropping '\r' and terminal escape sequences. Usage:
//   pty_driver GILPY SCRIPT.pty      (exit status 0 when every expectation held)
// The filtered terminal output is printed on failure, or always with PTY_SHOW=1 in the
// environment.
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace {

std::string unescape(const std::string& s) {
    std::string out;
    for (size_t i = 0; i < s.size(); ++i) {
        if (s[i] != '\\' || i + 1 == s.size()) {
            out += s[i];
            continue;
        }
        char c = s[++i];
        if (c == 'n') {
            out += '\n';
        } else if (c == 't') {
            out += '\t';
        } else if (c == 'x' && i + 2 < s.size()) {
            out += static_cast<char>(std::stoi(s.substr(i + 1, 2), nullptr, 16));
            i += 2;
        } else {
            out += c;
        }
    }
    return out;
}

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
    for (size_t at = 0; (at = s.find(from, at)) != std::string::npos; at += to.size()) {
        s.replace(at, from.size(), to);
    }
    return s;
}

class Session {
  public:
    bool start(const std::string& program, const std::vector<std::string>& args,
               const std::vector<std::string>& env) {
        winsize ws{};
        ws.ws_row = 24;
        ws.ws_col = 200;
        pid_ = forkpty(&fd_, nullptr, nullptr, &ws);
        if (pid_ < 0) return false;
        if (pid_ == 0) {
            for (const std::string& e : env)
                putenv(strdup(e.c_str()));
            std::vector<char*> argv;
            argv.push_back(strdup(program.c_str()));
            for (const std::string& a : args)
                argv.push_back(strdup(a.c_str()));
            argv.push_back(nullptr);
            execv(program.c_str(), argv.data());
            _exit(127);
        }
        output_.clear();
        raw_.clear();
        matched_ = 0;
        return true;
    }

    void send(const std::string& text) {
        // One character at a time, like typing, so readline sees each key.
        for (char c : text) {
            if (write(fd_, &c, 1) != 1) return;
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
        }
    }

    bool expect(const std::string& text, int timeout_ms = 10000) {
        auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
        while (true) {
            size_t at = output_.find(text, matched_);
            if (at != std::string::npos) {
                matched_ = at + text.size();
                return true;
            }
            auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                deadline - std::chrono::steady_clock::now());
            if (left.count() <= 0 || !pump(static_cast<int>(left.count()))) return false;
        }
    }

    // Waits for the exit status; -1 on timeout.
    int wait_exit(int timeout_ms = 10000) {
        auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
        while (std::chrono::steady_clock::now() < deadline) {
            pump(50);
            int status;
            if (waitpid(pid_, &status, WNOHANG) == pid_) {
                while (pump(50)) {
                }
                close(fd_);
                pid_ = -1;
                if (WIFEXITED(status)) return WEXITSTATUS(status);
                return 128 + WTERMSIG(status);
            }
        }
        return -1;
    }

    void kill_child() {
        if (pid_ > 0) {
            kill(pid_, SIGKILL);
            waitpid(pid_, nullptr, 0);
            pid_ = -1;
        }
    }

    void sleep_pumping(int ms) {
        auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
        while (std::chrono::steady_clock::now() < deadline)
            pump(10);
    }

    const std::string& output() const { return output_; }
    const std::string& raw() const { return raw_; }

  private:
    // Reads what is available within [timeout_ms]; false at end of output or timeout.
    bool pump(int timeout_ms) {
        pollfd p{fd_, POLLIN, 0};
        if (poll(&p, 1, timeout_ms) <= 0) return false;
        char buf[4096];
        ssize_t n = read(fd_, buf, sizeof buf);
        if (n <= 0) return false;
        raw_.append(buf, static_cast<size_t>(n));
        for (ssize_t i = 0; i < n; ++i)
            filter(buf[i]);
        return true;
    }

    // Drops '\r' and ESC sequences (CSI "\e[...X" and two-character ones).
    void filter(char c) {
        if (escape_ == 1) {
            escape_ = c == '[' ? 2 : 0;
            return;
        }
        if (escape_ == 2) {
            if (c >= 0x40 && c <= 0x7e) escape_ = 0;
            return;
        }
        if (c == '\x1b') {
            escape_ = 1;
            return;
        }
        if (c == '\r') return;
        output_ += c;
    }

    pid_t pid_ = -1;
    int fd_ = -1;
    int escape_ = 0;
    std::string output_, raw_;
    size_t matched_ = 0;
};

}  // namespace

int main(int argc, char** argv) {
    if (argc != 3) {
        std::cerr << "usage: pty_driver GILPY SCRIPT.pty\n";
        return 2;
    }
    std::string program = argv[1];
    std::ifstream in(argv[2]);
    if (!in) {
        std::cerr << "cannot read " << argv[2] << "\n";
        return 2;
    }
    char tmpl[] = "/tmp/gilpy_pty_XXXXXX";
    if (!mkdtemp(tmpl)) return 2;
    std::string tmp = tmpl;
    // A clean environment for readline and the history: no user inputrc, HOME in the scratch.
    std::vector<std::string> env = {"HOME=" + tmp, "INPUTRC=/dev/null", "TERM=dumb"};
    std::vector<std::string> args;
    Session s;
    std::string line;
    int lineno = 0;
    bool ok = true;
    while (ok && std::getline(in, line)) {
        ++lineno;
        if (line.empty() || line[0] == '#') continue;
        size_t sp = line.find(' ');
        std::string cmd = line.substr(0, sp);
        std::string arg = sp == std::string::npos ? "" : line.substr(sp + 1);
        arg = replace_all(arg, "$TMP", tmp);
        if (cmd == "env") {
            env.push_back(arg);
        } else if (cmd == "args") {
            std::istringstream words(arg);
            args.clear();
            for (std::string w; words >> w;)
                args.push_back(w);
        } else if (cmd == "start") {
            ok = s.start(program, args, env);
        } else if (cmd == "send") {
            s.send(unescape(arg));
        } else if (cmd == "expect") {
            ok = s.expect(unescape(arg));
        } else if (cmd == "sleep") {
            s.sleep_pumping(std::stoi(arg));
        } else if (cmd == "exit") {
            int code = s.wait_exit();
            if (code != std::stoi(arg)) {
                std::cerr << "exit status " << code << ", expected " << arg << "\n";
                ok = false;
            }
        } else if (cmd == "file") {
            size_t cut = arg.find(' ');
            std::ifstream f(arg.substr(0, cut));
            std::stringstream text;
            text << f.rdbuf();
            ok = f && text.str().find(unescape(arg.substr(cut + 1))) != std::string::npos;
        } else {
            std::cerr << "unknown command " << cmd << "\n";
            ok = false;
        }
        if (!ok) std::cerr << argv[2] << ":" << lineno << ": failed: " << line << "\n";
    }
    s.kill_child();
    if (!ok || getenv("PTY_SHOW"))
        std::cerr << "--- terminal output (filtered)\n" << s.output() << "\n---\n";
    std::string cleanup = "rm -rf '" + tmp + "'";
    if (std::system(cleanup.c_str()) != 0) std::cerr << "cannot remove " << tmp << "\n";
    return ok ? 0 : 1;
}
