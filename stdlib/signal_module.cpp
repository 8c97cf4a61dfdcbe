// The signal module: Python-level signal handlers (run by the main thread of the interpreter
// that receives signals, see runtime/signals.hpp), the signal numbers, alarm, pause,
// raise_signal, strsignal, valid_signals, siginterrupt, the interval timers, pthread_kill and
// the signal masks (pthread_sigmask, sigpending, sigwait), with CPython 3.11's
// behaviour and messages. CPython's Signals and Handlers enums are plain ints here (their str()
// and comparisons are the same; only their repr differs).
#include <pthread.h>
#include <sys/time.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <csignal>
#include <cstring>

#include "runtime/abstract.hpp"
#include "runtime/args.hpp"
#include "runtime/blocking.hpp"
#include "runtime/exceptions.hpp"
#include "runtime/interpreter_state.hpp"
#include "runtime/signals.hpp"
#include "runtime/types/exception_subclass.hpp"
#include "runtime/types/float.hpp"
#include "runtime/types/int.hpp"
#include "runtime/types/module.hpp"
#include "runtime/types/set.hpp"
#include "runtime/types/str.hpp"
#include "runtime/types/tuple.hpp"
#include "stdlib/registry.hpp"

namespace gilpy::stdlib {

using namespace runtime;

namespace {

constexpr int64_t kSigDfl = 0;
constexpr int64_t kSigIgn = 1;

// signal.py's _enum_to_int: int(value), or the value itself if int() refuses it.
Owned enum_to_int(ThreadState& ts, Value v) {
    if (v.is_int()) return Owned::borrow(v);
    Owned i = call_values(ts, Value::from_object(&kIntType), {v});
    if (i) return i;
    if (exception_matches(ts, &kValueErrorType) || exception_matches(ts, &kTypeErrorType)) {
        clear_exception(ts);
        return Owned::borrow(v);
    }
    return nullptr;
}

// A C int argument ("i"): operator.index semantics, OverflowError beyond int.
bool int_arg(ThreadState& ts, Value v, int* out) {
    int64_t n;
    if (!arg_int64(ts, v, &n)) return false;
    if (n > INT32_MAX) {
        raise(ts, &kOverflowErrorType, "signed integer is greater than maximum");
        return false;
    }
    if (n < INT32_MIN) {
        raise(ts, &kOverflowErrorType, "signed integer is less than minimum");
        return false;
    }
    *out = static_cast<int>(n);
    return true;
}

// A signal number argument: an int in [1, NSIG).
bool signum_arg(ThreadState& ts, Value v, int* out) {
    if (!int_arg(ts, v, out)) return false;
    if (*out < 1 || *out >= kNsig) {
        raise(ts, &kValueErrorType, "signal number out of range");
        return false;
    }
    return true;
}

// The handler signal.getsignal reports: the one signal.signal set, else what the OS does
// (SIG_DFL, SIG_IGN, or None for a handler not set from Python).
Owned visible_handler(int signum) {
    if (Owned h = python_signal_handler(signum)) return h;
    switch (os_signal_action(signum)) {
        case OsSignalAction::Default:
            return Owned::steal(Value::from_int(kSigDfl));
        case OsSignalAction::Ignore:
            return Owned::steal(Value::from_int(kSigIgn));
        default:
            return Owned::none();
    }
}

// Matches [args] to the parameters [names] (all required, positional or keyword) of a function
// that signal.py defines in Python, with the messages of a Python function.
template <size_t N>
bool py_args(ThreadState& ts, CallArgs args, const char* function, const char* const (&names)[N],
             Value (&out)[N]) {
    if (args.nargs > N) {
        raisef(ts, &kTypeErrorType, "{}() takes {} positional argument{} but {} were given",
               function, N, N == 1 ? "" : "s", args.nargs);
        return false;
    }
    for (size_t i = 0; i < N; ++i)
        out[i] = i < args.nargs ? args[i] : Value::null();
    for (size_t k = 0; k < args.keyword_count(); ++k) {
        std::string_view key = args.kwnames->items[k].as<StrObject>()->view();
        size_t i = 0;
        while (i < N && key != names[i])
            ++i;
        if (i == N) {
            raisef(ts, &kTypeErrorType, "{}() got an unexpected keyword argument '{}'", function,
                   key);
            return false;
        }
        if (!out[i].is_null()) {
            raisef(ts, &kTypeErrorType, "{}() got multiple values for argument '{}'", function,
                   key);
            return false;
        }
        out[i] = args.keyword_value(k);
    }
    std::string missing;
    size_t count = 0;
    for (size_t i = 0; i < N; ++i) {
        if (!out[i].is_null()) continue;
        if (count) missing += " and ";
        missing += fmt::format("'{}'", names[i]);
        ++count;
    }
    if (count) {
        raisef(ts, &kTypeErrorType, "{}() missing {} required positional argument{}: {}", function,
               count, count == 1 ? "" : "s", missing);
        return false;
    }
    return true;
}

// signal(signalnum, handler)
Owned signal_signal(ThreadState& ts, CallArgs args) {
    static const char* const kNames[] = {"signalnum", "handler"};
    Value v[2];
    if (!py_args(ts, args, "signal", kNames, v)) return nullptr;
    Owned num = enum_to_int(ts, v[0]);
    if (!num) return nullptr;
    Owned handler = enum_to_int(ts, v[1]);
    if (!handler) return nullptr;
    int signum;
    if (!int_arg(ts, num.get(), &signum)) return nullptr;
    if (!can_handle_signals(ts)) {
        return raise(ts, &kValueErrorType,
                     "signal only works in main thread of the main interpreter");
    }
    if (signum < 1 || signum >= kNsig) {
        return raise(ts, &kValueErrorType, "signal number out of range");
    }
    Value h = handler.get();
    if (h.is_int() && (h.as_int() == kSigDfl || h.as_int() == kSigIgn)) {
        h = Value::from_int(h.as_int());
    } else if (!is_callable(h)) {
        return raise(ts, &kTypeErrorType,
                     "signal handler must be signal.SIG_IGN, signal.SIG_DFL, or a callable object");
    }
    // Signals that arrived before the change still see the handler they arrived under.
    if (!check_signals(ts)) return nullptr;
    Owned previous = visible_handler(signum);
    Owned old;
    if (int err = set_python_signal_handler(ts, signum, h, &old)) return raise_os_error(ts, err);
    return previous;
}

// getsignal(signalnum, /)
Owned signal_getsignal(ThreadState& ts, CallArgs args) {
    static const char* const kNames[] = {"signalnum"};
    Value v[1];
    if (!py_args(ts, args, "getsignal", kNames, v)) return nullptr;
    int signum;
    if (!signum_arg(ts, v[0], &signum)) return nullptr;
    return visible_handler(signum);
}

// default_int_handler(signalnum, frame, /): SIGINT's default Python handler.
Owned signal_default_int_handler(ThreadState& ts, CallArgs args) {
    if (!check_no_keywords(ts, args, "default_int_handler")) return nullptr;
    if (args.nargs != 2) {
        return raisef(ts, &kTypeErrorType, "default_int_handler expected 2 arguments, got {}",
                      args.nargs);
    }
    return raise_empty(ts, &kKeyboardInterruptType);
}

// alarm(seconds, /): the seconds left of the previous alarm.
Owned signal_alarm(ThreadState& ts, CallArgs args) {
    if (!check_positional(ts, args, "alarm", 1, 1)) return nullptr;
    int seconds;
    if (!int_arg(ts, args[0], &seconds)) return nullptr;
    return Owned::steal(Value::from_int(::alarm(static_cast<unsigned>(seconds))));
}

// pause(): waits until a signal arrives and its handler has run.
Owned signal_pause(ThreadState& ts, CallArgs args) {
    if (!check_positional(ts, args, "pause", 0, 0)) return nullptr;
    if (ts.is_main) {
        // Through the blocking seam, which polls for signals: no race with one that arrives
        // just before the wait begins.
        {
            BlockingSection blocked(ts);
            while (!signal_pending(ts)) {
                struct timespec slice = {0, kSignalPollNs};
                nanosleep(&slice, nullptr);
            }
        }
    } else {
        BlockingSection blocked(ts);
        ::pause();
    }
    if (!check_signals(ts)) return nullptr;
    return Owned::none();
}

// raise_signal(signalnum, /)
Owned signal_raise_signal(ThreadState& ts, CallArgs args) {
    if (!check_positional(ts, args, "raise_signal", 1, 1)) return nullptr;
    int signum;
    if (!int_arg(ts, args[0], &signum)) return nullptr;
    if (::raise(signum) != 0) return raise_os_error(ts, errno);
    if (!check_signals(ts)) return nullptr;
    return Owned::none();
}

// strsignal(signalnum, /): the system's description, or None if it has none.
Owned signal_strsignal(ThreadState& ts, CallArgs args) {
    if (!check_positional(ts, args, "strsignal", 1, 1)) return nullptr;
    int signum;
    if (!signum_arg(ts, args[0], &signum)) return nullptr;
    const char* text = ::strsignal(signum);
    if (!text || std::strstr(text, "Unknown signal")) return Owned::none();
    return new_str(text);
}

Owned sigset_to_set(ThreadState& ts, const sigset_t& set);

// valid_signals(): the signal numbers of this platform.
Owned signal_valid_signals(ThreadState& ts, CallArgs args) {
    if (!check_positional(ts, args, "valid_signals", 0, 0)) return nullptr;
    sigset_t all;
    sigfillset(&all);
    return sigset_to_set(ts, all);
}

// siginterrupt(signalnum, flag, /): whether the signal interrupts system calls (EINTR) or
// lets them restart.
Owned signal_siginterrupt(ThreadState& ts, CallArgs args) {
    if (!check_positional(ts, args, "siginterrupt", 2, 2)) return nullptr;
    int signum, flag;
    if (!signum_arg(ts, args[0], &signum) || !int_arg(ts, args[1], &flag)) return nullptr;
    struct sigaction act = {};
    if (sigaction(signum, nullptr, &act) != 0) return raise_os_error(ts, errno);
    if (flag) {
        act.sa_flags &= ~SA_RESTART;
    } else {
        act.sa_flags |= SA_RESTART;
    }
    if (sigaction(signum, &act, nullptr) != 0) return raise_os_error(ts, errno);
    return Owned::none();
}

// pthread_kill(thread_id, signalnum, /)
Owned signal_pthread_kill(ThreadState& ts, CallArgs args) {
    if (!check_positional(ts, args, "pthread_kill", 2, 2)) return nullptr;
    int64_t id;
    int signum;
    if (!arg_int64(ts, args[0], &id) || !int_arg(ts, args[1], &signum)) return nullptr;
    if (int err = ::pthread_kill(static_cast<pthread_t>(id), signum)) {
        return raise_os_error(ts, err);
    }
    // Sent to ourselves: its handler runs now, as in CPython.
    if (!check_signals(ts)) return nullptr;
    return Owned::none();
}

// A set of signal numbers from an iterable of ints, as CPython's sigset converter.
bool sigset_arg(ThreadState& ts, Value iterable, sigset_t* out) {
    sigemptyset(out);
    Owned it = get_iter(ts, iterable);
    if (!it) return false;
    while (Owned item = iter_next(ts, it.get())) {
        int sig;
        if (!int_arg(ts, item.get(), &sig)) return false;
        if (sig < 1 || sig >= kNsig) {
            raisef(ts, &kValueErrorType, "signal number {} out of range [1; {}]", sig, kNsig - 1);
            return false;
        }
        sigaddset(out, sig);
    }
    return !ts.has_exception();
}

// The members of [set] as a Python set.
Owned sigset_to_set(ThreadState& ts, const sigset_t& set) {
    Ref<SetObject> result = new_set();
    for (int sig = 1; sig < kNsig; ++sig) {
        if (sigismember(&set, sig) == 1 && !set_add(ts, result.get(), Value::from_int(sig))) {
            return nullptr;
        }
    }
    return result;
}

// pthread_sigmask(how, mask, /): the calling thread's previous mask.
Owned signal_pthread_sigmask(ThreadState& ts, CallArgs args) {
    if (!check_positional(ts, args, "pthread_sigmask", 2, 2)) return nullptr;
    int how;
    sigset_t mask, previous;
    if (!int_arg(ts, args[0], &how) || !sigset_arg(ts, args[1], &mask)) return nullptr;
    if (int err = ::pthread_sigmask(how, &mask, &previous)) return raise_os_error(ts, err);
    note_signal_mask(ts);
    // Unblocking may have delivered a pending signal: run its handler now, as CPython does.
    if (!check_signals(ts)) return nullptr;
    return sigset_to_set(ts, previous);
}

// sigpending(): the signals pending for the calling thread (blocked ones).
Owned signal_sigpending(ThreadState& ts, CallArgs args) {
    if (!check_positional(ts, args, "sigpending", 0, 0)) return nullptr;
    sigset_t pending;
    if (::sigpending(&pending) != 0) return raise_os_error(ts, errno);
    return sigset_to_set(ts, pending);
}

// sigwait(sigset, /): waits for one of [sigset] (blocked by the caller) and returns its number.
Owned signal_sigwait(ThreadState& ts, CallArgs args) {
    if (!check_positional(ts, args, "sigwait", 1, 1)) return nullptr;
    sigset_t set;
    if (!sigset_arg(ts, args[0], &set)) return nullptr;
    int sig = 0, err;
    {
        BlockingSection blocked(ts);
        err = ::sigwait(&set, &sig);
    }
    if (err) return raise_os_error(ts, err);
    return Owned::steal(Value::from_int(sig));
}

// signal.ItimerError (itimer_error), an OSError subclass.
TypeObject* itimer_error_type() {
    static TypeObject* const type = new_exception_subclass({
        .name = "itimer_error",
        .module = "signal",
        .base = &kOSErrorType,
    });
    return type;
}

std::nullptr_t raise_itimer_error(ThreadState& ts, int err) {
    Owned text = new_str(std::strerror(err));
    Owned exc = call_values(ts, Value::from_object(itimer_error_type()),
                            {Value::from_int(err), text.get()});
    if (!exc) return nullptr;
    return set_exception(ts, std::move(exc));
}

double timeval_seconds(const timeval& tv) {
    return static_cast<double>(tv.tv_sec) + static_cast<double>(tv.tv_usec) * 1e-6;
}

// Seconds as a timeval, rounded up to the microsecond as CPython does.
bool timeval_arg(ThreadState& ts, Value v, timeval* out) {
    double d;
    if (!to_double(ts, v, &d)) return false;
    if (std::isnan(d)) {
        raise(ts, &kValueErrorType, "Invalid value NaN (not a number)");
        return false;
    }
    double whole = std::floor(d);
    double usec = std::ceil((d - whole) * 1e6);
    if (usec >= 1e6) {
        whole += 1;
        usec -= 1e6;
    }
    if (!(whole >= -9.2233720368547758e18 && whole < 9.2233720368547758e18)) {
        raise(ts, &kOverflowErrorType, "timestamp too large to convert to C _PyTime_t");
        return false;
    }
    out->tv_sec = static_cast<time_t>(whole);
    out->tv_usec = static_cast<suseconds_t>(usec);
    return true;
}

Owned itimer_tuple(const itimerval& t) {
    return new_tuple_of({Value::from_float(timeval_seconds(t.it_value)),
                         Value::from_float(timeval_seconds(t.it_interval))});
}

// setitimer(which, seconds, interval=0.0, /): the previous (delay, interval).
Owned signal_setitimer(ThreadState& ts, CallArgs args) {
    if (!check_positional(ts, args, "setitimer", 2, 3)) return nullptr;
    int which;
    itimerval next = {}, old = {};
    if (!int_arg(ts, args[0], &which) || !timeval_arg(ts, args[1], &next.it_value)) return nullptr;
    if (args.nargs == 3 && !timeval_arg(ts, args[2], &next.it_interval)) return nullptr;
    if (::setitimer(which, &next, &old) != 0) return raise_itimer_error(ts, errno);
    return itimer_tuple(old);
}

// getitimer(which, /): the current (delay, interval).
Owned signal_getitimer(ThreadState& ts, CallArgs args) {
    if (!check_positional(ts, args, "getitimer", 1, 1)) return nullptr;
    int which;
    if (!int_arg(ts, args[0], &which)) return nullptr;
    itimerval now = {};
    if (::getitimer(which, &now) != 0) return raise_itimer_error(ts, errno);
    return itimer_tuple(now);
}

const MethodDef kSignalFunctions[] = {
    {"setitimer", signal_setitimer},
    {"getitimer", signal_getitimer},
    {"signal", signal_signal},
    {"getsignal", signal_getsignal},
    {"default_int_handler", signal_default_int_handler},
    {"alarm", signal_alarm},
    {"pause", signal_pause},
    {"raise_signal", signal_raise_signal},
    {"strsignal", signal_strsignal},
    {"valid_signals", signal_valid_signals},
    {"siginterrupt", signal_siginterrupt},
    {"pthread_kill", signal_pthread_kill},
    {"pthread_sigmask", signal_pthread_sigmask},
    {"sigpending", signal_sigpending},
    {"sigwait", signal_sigwait},
    {nullptr, nullptr},
};

struct NamedSignal {
    const char* name;
    int number;
};

const NamedSignal kSignals[] = {
    {"SIGHUP", SIGHUP},
    {"SIGINT", SIGINT},
    {"SIGQUIT", SIGQUIT},
    {"SIGILL", SIGILL},
    {"SIGTRAP", SIGTRAP},
    {"SIGABRT", SIGABRT},
    {"SIGIOT", SIGIOT},
    {"SIGBUS", SIGBUS},
    {"SIGFPE", SIGFPE},
    {"SIGKILL", SIGKILL},
    {"SIGUSR1", SIGUSR1},
    {"SIGSEGV", SIGSEGV},
    {"SIGUSR2", SIGUSR2},
    {"SIGPIPE", SIGPIPE},
    {"SIGALRM", SIGALRM},
    {"SIGTERM", SIGTERM},
#ifdef SIGSTKFLT
    {"SIGSTKFLT", SIGSTKFLT},
#endif
    {"SIGCHLD", SIGCHLD},
    {"SIGCONT", SIGCONT},
    {"SIGSTOP", SIGSTOP},
    {"SIGTSTP", SIGTSTP},
    {"SIGTTIN", SIGTTIN},
    {"SIGTTOU", SIGTTOU},
    {"SIGURG", SIGURG},
    {"SIGXCPU", SIGXCPU},
    {"SIGXFSZ", SIGXFSZ},
    {"SIGVTALRM", SIGVTALRM},
    {"SIGPROF", SIGPROF},
    {"SIGWINCH", SIGWINCH},
    {"SIGIO", SIGIO},
    {"SIGSYS", SIGSYS},
#ifdef SIGCLD
    {"SIGCLD", SIGCLD},
#endif
#ifdef SIGPOLL
    {"SIGPOLL", SIGPOLL},
#endif
#ifdef SIGPWR
    {"SIGPWR", SIGPWR},
#endif
    {"SIG_BLOCK", SIG_BLOCK},
    {"SIG_UNBLOCK", SIG_UNBLOCK},
    {"SIG_SETMASK", SIG_SETMASK},
    {"SIG_DFL", kSigDfl},
    {"SIG_IGN", kSigIgn},
    {"NSIG", kNsig},
    {"ITIMER_REAL", ITIMER_REAL},
    {"ITIMER_VIRTUAL", ITIMER_VIRTUAL},
    {"ITIMER_PROF", ITIMER_PROF},
};

}  // namespace

Ref<ModuleObject> init_signal_module(ThreadState& ts) {
    Ref<ModuleObject> m = new_module(ts, "signal");
    if (!m) return nullptr;
    module_add_functions(ts, m.get(), kSignalFunctions);
    for (const NamedSignal& s : kSignals)
        module_set(ts, m.get(), s.name, Value::from_int(s.number));
    // glibc reserves the first real-time signals for itself: these are run-time values.
    module_set(ts, m.get(), "SIGRTMIN", Value::from_int(SIGRTMIN));
    module_set(ts, m.get(), "SIGRTMAX", Value::from_int(SIGRTMAX));
    module_set(ts, m.get(), "ItimerError", Value::from_object(itimer_error_type()));
    // Ctrl-C's handler, installed at start-up, is default_int_handler as far as Python sees.
    if (can_handle_signals(ts) && !python_signal_handler(SIGINT) &&
        os_signal_action(SIGINT) == OsSignalAction::Runtime) {
        Owned handler =
            get_attr(ts, Value::from_object(m.get()), ts.interp.intern("default_int_handler"));
        if (!handler) return nullptr;
        Owned old;
        (void)set_python_signal_handler(ts, SIGINT, handler.get(), &old);
    }
    return m;
}

}  // namespace gilpy::stdlib
