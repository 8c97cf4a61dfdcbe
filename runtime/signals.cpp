// Signal delivery to the target interpreter's main thread (see signals.hpp).
#include "runtime/signals.hpp"

#include <pthread.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>

#include "runtime/abstract.hpp"
#include "runtime/exceptions.hpp"
#include "runtime/interpreter_state.hpp"

namespace gilpy::runtime {

namespace {

// Signal handlers are process-wide by nature, so the target is too: the C handler reaches the
// target's eval-breaker word and tripped flags through these atomics and does nothing else
// (async-signal-safe). Only the target's main thread reads them, with its GIL held.
std::atomic<InterpreterState*> g_target{nullptr};
std::atomic<std::atomic<uint32_t>*> g_breaker{nullptr};
// The target's main thread. The kernel hands a process signal to any thread that does not block
// it; the handler trips it wherever it runs (so that os.kill of our own process runs the Python
// handler before it returns, as in CPython) and wakes the main thread up (see on_signal).
std::atomic<pthread_t> g_main_thread{};
std::atomic<bool> g_tripped[kNsig];
// Counts deliveries by the C handler, bumped after the breaker bit is set. _thread's
// interrupt_main posts the breaker bit alone; a check that finds the bit but nothing tripped
// tells the two apart by this count: unchanged since the last check means no OS signal
// (whose flag an earlier check consumed) set the bit.
std::atomic<uint64_t> g_deliveries{0};
uint64_t g_deliveries_seen = 0;  // the target's main thread's, with its GIL

// The target's Python-level handlers (signal.signal), index = signal number; null entries were
// never set. Allocated when an interpreter becomes the target, freed when it stops being it.
Owned* g_handlers = nullptr;

static_assert(std::atomic<bool>::is_always_lock_free && std::atomic<uint64_t>::is_always_lock_free,
              "the C handler needs lock-free atomics");

// The value a forwarded wake-up carries (see on_signal).
constexpr int kWakeUpValue = 0x6a11b7;

// The signals the main thread blocks (bit signum - 1), as far as pthread_sigmask from Python
// and start-up tell: the C handler must not act on the main thread's behalf for those.
std::atomic<uint64_t> g_main_blocked{0};

// True while the target's main thread is in a BlockingSection.
std::atomic<bool> g_main_in_seam{false};

bool is_wake_up(const siginfo_t* info) {
    return info && info->si_code == SI_QUEUE && info->si_pid == getpid() &&
           info->si_value.sival_int == kWakeUpValue;
}

void on_signal(int signo, siginfo_t* info, void*) {
    const int saved_errno = errno;
    std::atomic<uint32_t>* breaker = g_breaker.load();
    // A wake-up forwarded by another thread: it was tripped there; interrupting the main
    // thread's system call (EINTR) was its whole purpose.
    if (breaker && !is_wake_up(info)) {
        pthread_t main_thread = g_main_thread.load();
        const bool on_main = pthread_equal(pthread_self(), main_thread);
        if (!on_main && (g_main_blocked.load() >> (signo - 1) & 1)) {
            // Blocked by the main thread: it stays pending there (for sigwait, or for its
            // delivery once unblocked), as in a process with one thread.
            pthread_kill(main_thread, signo);
        } else {
            g_tripped[signo].store(true);
            breaker->fetch_or(kBreakerSignalPending);
            g_deliveries.fetch_add(1);
            // The kernel handed the signal to another thread: if the main thread is in the
            // blocking seam, wake it up, so that a system call blocking it (a read from the
            // console) returns EINTR and it reacts promptly. Elsewhere it needs no wake-up (it
            // sees the eval breaker), and an EINTR could cut short a write that does not
            // expect one (a traceback printed with stdio). The wake-up is marked so that it
            // does not trip the signal twice.
            if (!on_main && g_main_in_seam.load()) {
                sigval value;
                value.sival_int = kWakeUpValue;
                pthread_sigqueue(main_thread, signo, value);
            }
        }
    }
    errno = saved_errno;
}

// The current thread's blocked signals as g_main_blocked's bits.
uint64_t current_blocked_bits() {
    sigset_t mask;
    if (pthread_sigmask(SIG_BLOCK, nullptr, &mask) != 0) return 0;
    uint64_t bits = 0;
    for (int sig = 1; sig < kNsig && sig <= 64; ++sig) {
        if (sigismember(&mask, sig) == 1) bits |= uint64_t{1} << (sig - 1);
    }
    return bits;
}

// Sets the OS action of [signum]; 0 or errno. No SA_RESTART: a blocking system call returns
// EINTR so that its caller can run the Python handler (and retry, as PEP 475 says).
int set_os_action(int signum, void (*action)(int)) {
    struct sigaction sa = {};
    sa.sa_handler = action;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_ONSTACK;
    return sigaction(signum, &sa, nullptr) == 0 ? 0 : errno;
}

int install_c_handler(int signum) {
    struct sigaction sa = {};
    sa.sa_sigaction = on_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_ONSTACK | SA_SIGINFO;
    return sigaction(signum, &sa, nullptr) == 0 ? 0 : errno;
}

bool is_target(const InterpreterState& interp) {
    return g_target.load() == &interp;
}

bool any_tripped() {
    for (int sig = 1; sig < kNsig; ++sig) {
        if (g_tripped[sig].load()) return true;
    }
    return false;
}

// Runs the Python-level handler of [signum] (tripped in the target, or SIGINT posted by
// interrupt_main anywhere). False if it raised.
bool run_handler(ThreadState& ts, int signum) {
    Value handler = g_handlers && is_target(ts.interp) ? g_handlers[signum].get() : Value::null();
    if (handler.is_null()) {
        // No Python-level handler: SIGINT's default is default_int_handler.
        if (signum == SIGINT) {
            raise_empty(ts, &kKeyboardInterruptType);
            return false;
        }
        return true;
    }
    // SIG_DFL or SIG_IGN set after the signal arrived: nothing to run, as in CPython.
    if (handler.is_int()) return true;
    // Keep the handler alive while it runs: it may replace itself.
    Owned keep = Owned::borrow(handler);
    // gilpy has no frame objects: the handler's frame argument is None.
    return static_cast<bool>(call_values(ts, keep.get(), {Value::from_int(signum), Value::none()}));
}

}  // namespace

bool signal_pending(const ThreadState& ts) {
    return ts.is_main &&
           (ts.interp.eval_breaker.load(std::memory_order_relaxed) & kBreakerSignalPending) != 0;
}

bool check_signals(ThreadState& ts) {
    if (!signal_pending(ts)) return true;
    ts.interp.eval_breaker.fetch_and(~static_cast<uint32_t>(kBreakerSignalPending));
    if (!is_target(ts.interp)) return run_handler(ts, SIGINT);  // interrupt_main
    const uint64_t deliveries = g_deliveries.load();
    bool found = false;
    for (int sig = 1; sig < kNsig; ++sig) {
        if (!g_tripped[sig].load(std::memory_order_relaxed) || !g_tripped[sig].exchange(false)) {
            continue;
        }
        found = true;
        if (!run_handler(ts, sig)) {
            // The others wait for the next check, as in CPython.
            if (any_tripped()) ts.interp.eval_breaker.fetch_or(kBreakerSignalPending);
            g_deliveries_seen = deliveries;
            return false;
        }
    }
    const bool posted = !found && deliveries == g_deliveries_seen;
    g_deliveries_seen = deliveries;
    return posted ? run_handler(ts, SIGINT) : true;
}

void install_signal_handlers(InterpreterState& interp) {
    g_main_thread.store(pthread_self());
    if (!g_handlers) g_handlers = new Owned[kNsig];
    g_main_blocked.store(current_blocked_bits());
    g_target.store(&interp);
    g_breaker.store(&interp.eval_breaker);
    // As CPython: Ctrl-C raises KeyboardInterrupt unless our parent made us ignore it.
    struct sigaction current = {};
    if (sigaction(SIGINT, nullptr, &current) == 0 && current.sa_handler == SIG_DFL) {
        (void)install_c_handler(SIGINT);
    }
    (void)set_os_action(SIGPIPE, SIG_IGN);
    (void)set_os_action(SIGXFSZ, SIG_IGN);
}

void signals_after_fork() {
    if (!g_target.load()) return;
    g_main_thread.store(pthread_self());
    g_main_blocked.store(current_blocked_bits());
    for (int sig = 1; sig < kNsig; ++sig)
        g_tripped[sig].store(false);
    g_deliveries_seen = g_deliveries.load();
}

void forget_signal_target(InterpreterState& interp) {
    if (!is_target(interp)) return;
    g_breaker.store(nullptr);
    g_target.store(nullptr);
    // The C handler stays installed where Python handlers were: it does nothing without a
    // target. The handler objects belong to the interpreter going away.
    delete[] g_handlers;
    g_handlers = nullptr;
}

bool can_handle_signals(const ThreadState& ts) {
    return ts.is_main && is_target(ts.interp);
}

int set_python_signal_handler(ThreadState& ts, int signum, Value handler, Owned* old) {
    (void)ts;
    int err = handler.is_int() ? set_os_action(signum, handler.as_int() == 0 ? SIG_DFL : SIG_IGN)
                               : install_c_handler(signum);
    if (err) return err;
    *old = std::move(g_handlers[signum]);
    g_handlers[signum] = Owned::borrow(handler);
    return 0;
}

Owned python_signal_handler(int signum) {
    if (!g_handlers || !g_target.load()) return nullptr;
    return g_handlers[signum] ? Owned::borrow(g_handlers[signum].get()) : Owned(nullptr);
}

OsSignalAction os_signal_action(int signum) {
    struct sigaction current = {};
    if (sigaction(signum, nullptr, &current) != 0) return OsSignalAction::Other;
    if (current.sa_flags & SA_SIGINFO) {
        return current.sa_sigaction == on_signal ? OsSignalAction::Runtime : OsSignalAction::Other;
    }
    if (current.sa_handler == SIG_DFL) return OsSignalAction::Default;
    if (current.sa_handler == SIG_IGN) return OsSignalAction::Ignore;
    return OsSignalAction::Other;
}

void trip_signal(InterpreterState& interp, int signum) {
    if (is_target(interp)) g_tripped[signum].store(true);
    interp.eval_breaker.fetch_or(kBreakerSignalPending);
}

void note_main_blocking(const ThreadState& ts, bool blocking) {
    if (ts.is_main && is_target(ts.interp)) g_main_in_seam.store(blocking);
}

void note_signal_mask(const ThreadState& ts) {
    if (can_handle_signals(ts)) g_main_blocked.store(current_blocked_bits());
}

bool take_pending_sigint(InterpreterState& interp) noexcept {
    if (is_target(interp)) return g_tripped[SIGINT].exchange(false);
    constexpr uint32_t kPending = kBreakerSignalPending;
    return (interp.eval_breaker.fetch_and(~kPending) & kPending) != 0;
}

}  // namespace gilpy::runtime
