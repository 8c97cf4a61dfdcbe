// The posix module: the operating-system calls the frozen os package (stdlib/lib/os) builds on:
// getcwd, listdir, getpid, putenv/unsetenv, the process environment as a str dict, and the
// st_mode of a path for os.path's exists/isfile/isdir, and the process calls multiprocessing
// builds on (getppid, fork, _exit, kill, waitpid and the W* status macros, pipe, read, write,
// close, cpu_count). Failures raise CPython's OSError subclasses (FileNotFoundError ...) with
// strerror and the filename. Calls that may block (waitpid, read, write) release the GIL through
// the blocking seam and retry after EINTR unless a signal raised.
#include <dirent.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <string>

#include "runtime/abstract.hpp"
#include "runtime/args.hpp"
#include "runtime/blocking.hpp"
#include "runtime/exceptions.hpp"
#include "runtime/fork.hpp"
#include "runtime/interpreter_state.hpp"
#include "runtime/types/bytes.hpp"
#include "runtime/types/dict.hpp"
#include "runtime/types/list.hpp"
#include "runtime/types/module.hpp"
#include "runtime/types/set.hpp"
#include "runtime/types/str.hpp"
#include "runtime/types/tuple.hpp"
#include "stdlib/registry.hpp"

extern char** environ;

namespace gilpy::stdlib {

using namespace runtime;

namespace {

// The text of a path argument of [function]; [what] is CPython's list of accepted kinds.
bool path_text(ThreadState& ts, Value v, const char* function, const char* what, std::string* out) {
    if (!is_str(v)) {
        raisef(ts, &kTypeErrorType, "{}: path should be {}, not {}", function, what, type_name(v));
        return false;
    }
    std::string_view s = v.as<StrObject>()->view();
    if (s.find('\0') != std::string_view::npos) {
        raise(ts, &kValueErrorType, "embedded null byte");
        return false;
    }
    out->assign(s);
    return true;
}

// getcwd(): the current working directory.
Owned posix_getcwd(ThreadState& ts, CallArgs args) {
    if (!check_no_args(ts, args, "posix.getcwd()")) return nullptr;
    std::string buf(256, '\0');
    while (::getcwd(buf.data(), buf.size()) == nullptr) {
        if (errno != ERANGE) return raise_os_error(ts, errno);
        buf.resize(buf.size() * 2);
    }
    buf.resize(std::char_traits<char>::length(buf.c_str()));
    return new_str(buf);
}

// A system call on one path argument (remove, unlink, rmdir): None, or OSError naming the path.
Owned path_call(ThreadState& ts, CallArgs args, const char* function, int (*call)(const char*)) {
    static const char* const kNames[] = {"path", "dir_fd"};
    Value a[2];
    if (!parse_args(ts, args, function, kNames, 1, a, 1)) return nullptr;
    std::string path;
    if (!path_text(ts, a[0], function, "string, bytes or os.PathLike", &path)) return nullptr;
    if (!a[1].is_null() && !a[1].is_none()) {
        return raisef(ts, &kNotImplementedErrorType, "dir_fd unavailable on this platform");
    }
    if (call(path.c_str()) != 0) return raise_os_error(ts, errno, a[0]);
    return Owned::none();
}

Owned posix_remove(ThreadState& ts, CallArgs args) {
    return path_call(ts, args, "remove", ::unlink);
}
Owned posix_unlink(ThreadState& ts, CallArgs args) {
    return path_call(ts, args, "unlink", ::unlink);
}
Owned posix_rmdir(ThreadState& ts, CallArgs args) {
    return path_call(ts, args, "rmdir", ::rmdir);
}

// mkdir(path, mode=0o777, *, dir_fd=None)
Owned posix_mkdir(ThreadState& ts, CallArgs args) {
    static const char* const kNames[] = {"path", "mode", "dir_fd"};
    Value a[3];
    if (!parse_args(ts, args, "mkdir", kNames, 1, a, 2)) return nullptr;
    std::string path;
    if (!path_text(ts, a[0], "mkdir", "string, bytes or os.PathLike", &path)) return nullptr;
    int64_t mode = 0777;
    if (!a[1].is_null() && !arg_int64(ts, a[1], &mode)) return nullptr;
    if (!a[2].is_null() && !a[2].is_none()) {
        return raisef(ts, &kNotImplementedErrorType, "dir_fd unavailable on this platform");
    }
    if (::mkdir(path.c_str(), static_cast<mode_t>(mode)) != 0) {
        return raise_os_error(ts, errno, a[0]);
    }
    return Owned::none();
}

// listdir(path='.'): the names in the directory, without '.' and '..', in the system's order.
Owned posix_listdir(ThreadState& ts, CallArgs args) {
    static const char* const kNames[] = {"path"};
    Value a[1];
    if (!parse_args(ts, args, "listdir", kNames, 0, a)) return nullptr;
    std::string path = ".";
    if (!a[0].is_null() && !a[0].is_none() &&
        !path_text(ts, a[0], "listdir", "string, bytes, os.PathLike, integer or None", &path)) {
        return nullptr;
    }
    DIR* dir = ::opendir(path.c_str());
    if (!dir) {
        return raise_os_error(ts, errno, a[0].is_null() || a[0].is_none() ? Value::null() : a[0]);
    }
    Ref<ListObject> names = new_list();
    while (true) {
        errno = 0;
        dirent* entry = ::readdir(dir);
        if (!entry) break;
        std::string_view name = entry->d_name;
        if (name == "." || name == "..") continue;
        Owned s = new_str(name);
        if (!s) {
            ::closedir(dir);
            return nullptr;
        }
        list_append_owned(names.get(), std::move(s));
    }
    int err = errno;
    ::closedir(dir);
    if (err != 0) return raise_os_error(ts, err, a[0].is_null() ? Value::null() : a[0]);
    return names;
}

Owned posix_getpid(ThreadState& ts, CallArgs args) {
    if (!check_positional(ts, args, "getpid", 0, 0)) return nullptr;
    return Owned::steal(Value::from_int(static_cast<int64_t>(::getpid())));
}

// The text of an environment variable name or value.
bool env_text(ThreadState& ts, Value v, std::string* out) {
    if (!is_str(v)) {
        raisef(ts, &kTypeErrorType, "str expected, not {}", type_name(v));
        return false;
    }
    std::string_view s = v.as<StrObject>()->view();
    if (s.find('\0') != std::string_view::npos) {
        raise(ts, &kValueErrorType, "embedded null byte");
        return false;
    }
    out->assign(s);
    return true;
}

// putenv(name, value): sets the variable in the process environment.
Owned posix_putenv(ThreadState& ts, CallArgs args) {
    if (!check_no_keywords(ts, args, "putenv()")) return nullptr;
    if (!check_positional(ts, args, "putenv", 2, 2)) return nullptr;
    std::string name, value;
    if (!env_text(ts, args[0], &name) || !env_text(ts, args[1], &value)) {
        return nullptr;
    }
    if (name.empty() || name.find('=') != std::string::npos) {
        return raise(ts, &kValueErrorType, "illegal environment variable name");
    }
    if (::setenv(name.c_str(), value.c_str(), 1) != 0) return raise_os_error(ts, errno);
    return Owned::none();
}

// unsetenv(name): removes the variable from the process environment.
Owned posix_unsetenv(ThreadState& ts, CallArgs args) {
    if (!check_one_arg(ts, args, "unsetenv()")) return nullptr;
    std::string name;
    if (!env_text(ts, args[0], &name)) return nullptr;
    if (name.empty() || name.find('=') != std::string::npos) {
        return raise(ts, &kValueErrorType, "illegal environment variable name");
    }
    if (::unsetenv(name.c_str()) != 0) return raise_os_error(ts, errno);
    return Owned::none();
}

// _environ(): a new dict of the process environment, name -> value.
Owned posix_environ(ThreadState& ts, CallArgs args) {
    if (!check_positional(ts, args, "_environ", 0, 0)) return nullptr;
    Ref<DictObject> d = new_dict();
    for (char** e = environ; e && *e; ++e) {
        std::string_view entry = *e;
        size_t eq = entry.find('=', 1);
        if (eq == std::string_view::npos) continue;
        Owned key = new_str(entry.substr(0, eq));
        Owned value = new_str(entry.substr(eq + 1));
        if (!key || !value) return nullptr;
        // The first definition of a name wins, as getenv() sees it.
        Value existing;
        int r = dict_lookup(ts, d.get(), key.get(), &existing);
        if (r < 0) return nullptr;
        if (r == 0 && !dict_set(ts, d.get(), key.get(), value.get())) return nullptr;
    }
    return d;
}

// _stat_mode(path): the path's st_mode (following symlinks), or None when stat() fails.
Owned posix_stat_mode(ThreadState& ts, CallArgs args) {
    if (!check_one_arg(ts, args, "_stat_mode()")) return nullptr;
    if (!is_str(args[0])) {
        return raisef(ts, &kTypeErrorType,
                      "stat: path should be string, bytes, os.PathLike or integer, not {}",
                      type_name(args[0]));
    }
    std::string_view s = args[0].as<StrObject>()->view();
    if (s.find('\0') != std::string_view::npos) return Owned::none();
    struct stat st;
    if (::stat(std::string(s).c_str(), &st) != 0) return Owned::none();
    return Owned::steal(Value::from_int(static_cast<int64_t>(st.st_mode)));
}

// ---------------------------------------------------------------------------------------------
// Processes

Owned posix_getppid(ThreadState& ts, CallArgs args) {
    if (!check_no_args(ts, args, "getppid()")) return nullptr;
    return Owned::steal(Value::from_int(static_cast<int64_t>(::getppid())));
}

// Flushes sys.stdout and sys.stderr (if they exist and have flush()), so that text buffered
// before a fork is not written by both processes.
void flush_std_streams(ThreadState& ts) {
    Value sys = dict_get_str(ts.interp.modules.get(), ts.interp.intern("sys"));
    if (sys.is_null()) return;
    for (const char* name : {"stdout", "stderr"}) {
        Owned stream = get_attr_opt(ts, sys, ts.interp.intern(name));
        if (stream && !stream.get().is_none()) {
            Owned r = call_method(ts, stream.get(), ts.interp.intern("flush"), {});
        }
        // A failing flush must not stop the fork (CPython ignores it too).
        clear_exception(ts);
    }
}

// fork(): 0 in the child, the child's pid in the parent.
Owned posix_fork(ThreadState& ts, CallArgs args) {
    if (!check_no_args(ts, args, "fork()")) return nullptr;
    flush_std_streams(ts);
    before_fork(ts);
    pid_t pid = ::fork();
    if (pid < 0) return raise_os_error(ts, errno);
    if (pid == 0) after_fork_child(ts);
    return Owned::steal(Value::from_int(static_cast<int64_t>(pid)));
}

// _exit(status): ends the process at once (no cleanup, no flushing).
Owned posix_exit(ThreadState& ts, CallArgs args) {
    static const char* const kNames[] = {"status"};
    Value a[1];
    if (!parse_args(ts, args, "_exit", kNames, 1, a)) return nullptr;
    int64_t status;
    if (!arg_int64(ts, a[0], &status)) return nullptr;
    ::_exit(static_cast<int>(status));
}

// An int argument that must fit in a C int ("signed integer is greater than maximum").
bool int_arg(ThreadState& ts, Value v, int* out) {
    int64_t i;
    if (!arg_int64(ts, v, &i)) return false;
    if (i > INT32_MAX) {
        raise(ts, &kOverflowErrorType, "signed integer is greater than maximum");
        return false;
    }
    if (i < INT32_MIN) {
        raise(ts, &kOverflowErrorType, "signed integer is less than minimum");
        return false;
    }
    *out = static_cast<int>(i);
    return true;
}

// kill(pid, signal, /)
Owned posix_kill(ThreadState& ts, CallArgs args) {
    if (!check_positional(ts, args, "kill", 2, 2)) return nullptr;
    int pid, sig;
    if (!int_arg(ts, args[0], &pid) || !int_arg(ts, args[1], &sig)) return nullptr;
    if (::kill(pid, sig) != 0) return raise_os_error(ts, errno);
    // Killing ourselves with SIGINT must raise KeyboardInterrupt here, as in CPython.
    if (!check_signals(ts)) return nullptr;
    return Owned::none();
}

// waitpid(pid, options, /): (pid, status); (0, 0) with WNOHANG when no child has changed state.
Owned posix_waitpid(ThreadState& ts, CallArgs args) {
    if (!check_positional(ts, args, "waitpid", 2, 2)) return nullptr;
    int pid, options;
    if (!int_arg(ts, args[0], &pid) || !int_arg(ts, args[1], &options)) return nullptr;
    int status = 0;
    pid_t r;
    while (true) {
        int err = 0;
        if (options & WNOHANG) {
            r = ::waitpid(pid, &status, options);
            err = errno;
        } else {
            BlockingSection blocked(ts, /*is_io=*/false);
            r = ::waitpid(pid, &status, options);
            err = errno;
        }
        if (r >= 0) break;
        if (err != EINTR) return raise_os_error(ts, err);
        if (!check_signals(ts)) return nullptr;
    }
    return new_tuple_of({Value::from_int(r), Value::from_int(status)});
}

// The status argument of the W* functions (positional or by keyword "status").
bool status_arg(ThreadState& ts, CallArgs args, const char* function, int* out) {
    static const char* const kNames[] = {"status"};
    Value a[1];
    if (!parse_args(ts, args, function, kNames, 1, a)) return false;
    return int_arg(ts, a[0], out);
}

Owned posix_wifexited(ThreadState& ts, CallArgs args) {
    int s;
    if (!status_arg(ts, args, "WIFEXITED", &s)) return nullptr;
    return Owned::from_bool(WIFEXITED(s));
}
Owned posix_wexitstatus(ThreadState& ts, CallArgs args) {
    int s;
    if (!status_arg(ts, args, "WEXITSTATUS", &s)) return nullptr;
    return Owned::steal(Value::from_int(WEXITSTATUS(s)));
}
Owned posix_wifsignaled(ThreadState& ts, CallArgs args) {
    int s;
    if (!status_arg(ts, args, "WIFSIGNALED", &s)) return nullptr;
    return Owned::from_bool(WIFSIGNALED(s));
}
Owned posix_wtermsig(ThreadState& ts, CallArgs args) {
    int s;
    if (!status_arg(ts, args, "WTERMSIG", &s)) return nullptr;
    return Owned::steal(Value::from_int(WTERMSIG(s)));
}
Owned posix_wifstopped(ThreadState& ts, CallArgs args) {
    int s;
    if (!status_arg(ts, args, "WIFSTOPPED", &s)) return nullptr;
    return Owned::from_bool(WIFSTOPPED(s));
}
Owned posix_wstopsig(ThreadState& ts, CallArgs args) {
    int s;
    if (!status_arg(ts, args, "WSTOPSIG", &s)) return nullptr;
    return Owned::steal(Value::from_int(WSTOPSIG(s)));
}

// waitstatus_to_exitcode(status): the exit code, or -signal for a killed process.
Owned posix_waitstatus_to_exitcode(ThreadState& ts, CallArgs args) {
    int s;
    if (!status_arg(ts, args, "waitstatus_to_exitcode", &s)) return nullptr;
    if (WIFEXITED(s)) return Owned::steal(Value::from_int(WEXITSTATUS(s)));
    if (WIFSIGNALED(s)) return Owned::steal(Value::from_int(-WTERMSIG(s)));
    if (WIFSTOPPED(s)) {
        return raisef(ts, &kValueErrorType, "process stopped by delivery of signal {}",
                      WSTOPSIG(s));
    }
    return raisef(ts, &kValueErrorType, "invalid wait status: {}", s);
}

// ---------------------------------------------------------------------------------------------
// File descriptors

// pipe(): (read_fd, write_fd), both non-inheritable (close-on-exec), as in CPython.
Owned posix_pipe(ThreadState& ts, CallArgs args) {
    if (!check_no_args(ts, args, "pipe()")) return nullptr;
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) return raise_os_error(ts, errno);
    return new_tuple_of({Value::from_int(fds[0]), Value::from_int(fds[1])});
}

// read(fd, length, /): up to [length] bytes; b'' at end of file.
Owned posix_read(ThreadState& ts, CallArgs args) {
    if (!check_positional(ts, args, "read", 2, 2)) return nullptr;
    int fd;
    int64_t length;
    if (!int_arg(ts, args[0], &fd) || !arg_int64(ts, args[1], &length)) return nullptr;
    if (length < 0) return raise_os_error(ts, EINVAL);
    std::string buf(static_cast<size_t>(length), '\0');
    ssize_t n;
    while (true) {
        int err;
        {
            BlockingSection blocked(ts);
            n = ::read(fd, buf.data(), buf.size());
            err = errno;
        }
        if (n >= 0) break;
        if (err != EINTR) return raise_os_error(ts, err);
        if (!check_signals(ts)) return nullptr;
    }
    buf.resize(static_cast<size_t>(n));
    return new_bytes(buf);
}

// write(fd, data, /): the number of bytes written.
Owned posix_write(ThreadState& ts, CallArgs args) {
    if (!check_positional(ts, args, "write", 2, 2)) return nullptr;
    int fd;
    if (!int_arg(ts, args[0], &fd)) return nullptr;
    std::string_view data;
    if (!bytes_like_view(args[1], &data)) {
        return raisef(ts, &kTypeErrorType, "a bytes-like object is required, not '{}'",
                      type_name(args[1]));
    }
    // The GIL is released while writing: copy what a bytearray holds first.
    std::string copy(data);
    ssize_t n;
    while (true) {
        int err;
        {
            BlockingSection blocked(ts);
            n = ::write(fd, copy.data(), copy.size());
            err = errno;
        }
        if (n >= 0) break;
        if (err != EINTR) return raise_os_error(ts, err);
        if (!check_signals(ts)) return nullptr;
    }
    return Owned::steal(Value::from_int(static_cast<int64_t>(n)));
}

// close(fd)
Owned posix_close(ThreadState& ts, CallArgs args) {
    static const char* const kNames[] = {"fd"};
    Value a[1];
    if (!parse_args(ts, args, "close", kNames, 1, a)) return nullptr;
    int fd;
    if (!int_arg(ts, a[0], &fd)) return nullptr;
    // Linux closes the descriptor even when close() reports EINTR: never retry.
    if (::close(fd) != 0 && errno != EINTR) return raise_os_error(ts, errno);
    return Owned::none();
}

// cpu_count(): the number of CPUs online, or None if unknown.
Owned posix_cpu_count(ThreadState& ts, CallArgs args) {
    if (!check_no_args(ts, args, "cpu_count()")) return nullptr;
    long n = ::sysconf(_SC_NPROCESSORS_ONLN);
    if (n < 1) return Owned::none();
    return Owned::steal(Value::from_int(n));
}

// abort(): ends the process by SIGABRT at once (no cleanup, no flushing), as CPython's.
Owned posix_abort(ThreadState& ts, CallArgs args) {
    if (!check_no_args(ts, args, "abort()")) return nullptr;
    std::abort();
}

// sched_getaffinity(pid, /): the set of CPU numbers [pid] (0: this process) may run on.
Owned posix_sched_getaffinity(ThreadState& ts, CallArgs args) {
    if (!check_positional(ts, args, "sched_getaffinity", 1, 1)) return nullptr;
    int pid;
    if (!int_arg(ts, args[0], &pid)) return nullptr;
    cpu_set_t cpus;
    CPU_ZERO(&cpus);
    if (::sched_getaffinity(pid, sizeof cpus, &cpus) != 0) return raise_os_error(ts, errno);
    Ref<SetObject> result = new_set();
    for (int cpu = 0; cpu < CPU_SETSIZE; ++cpu) {
        if (CPU_ISSET(cpu, &cpus) && !set_add(ts, result.get(), Value::from_int(cpu))) {
            return nullptr;
        }
    }
    return Owned(std::move(result));
}

const MethodDef kPosixFunctions[] = {
    {"getcwd", posix_getcwd},
    {"listdir", posix_listdir},
    {"getpid", posix_getpid},
    {"putenv", posix_putenv},
    {"unsetenv", posix_unsetenv},
    {"_environ", posix_environ},
    {"_stat_mode", posix_stat_mode},
    {"remove", posix_remove},
    {"unlink", posix_unlink},
    {"rmdir", posix_rmdir},
    {"mkdir", posix_mkdir},
    {"getppid", posix_getppid},
    {"fork", posix_fork},
    {"_exit", posix_exit},
    {"kill", posix_kill},
    {"waitpid", posix_waitpid},
    {"WIFEXITED", posix_wifexited},
    {"WEXITSTATUS", posix_wexitstatus},
    {"WIFSIGNALED", posix_wifsignaled},
    {"WTERMSIG", posix_wtermsig},
    {"WIFSTOPPED", posix_wifstopped},
    {"WSTOPSIG", posix_wstopsig},
    {"waitstatus_to_exitcode", posix_waitstatus_to_exitcode},
    {"pipe", posix_pipe},
    {"read", posix_read},
    {"write", posix_write},
    {"close", posix_close},
    {"cpu_count", posix_cpu_count},
    {"sched_getaffinity", posix_sched_getaffinity},
    {"abort", posix_abort},
    {nullptr, nullptr},
};

}  // namespace

Ref<ModuleObject> init_posix_module(ThreadState& ts) {
    Ref<ModuleObject> m = new_module(ts, "posix");
    if (!m) return nullptr;
    module_add_functions(ts, m.get(), kPosixFunctions);
    module_set(ts, m.get(), "WNOHANG", Value::from_int(WNOHANG));
    module_set(ts, m.get(), "WUNTRACED", Value::from_int(WUNTRACED));
    module_set(ts, m.get(), "WCONTINUED", Value::from_int(WCONTINUED));
    return m;
}

}  // namespace gilpy::stdlib
