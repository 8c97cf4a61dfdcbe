// The blocking seam's GIL hand-off, sleep, and signal delivery.
#include "runtime/blocking.hpp"

#include <pthread.h>
#include <signal.h>

#include <atomic>
#include <thread>

#include "runtime/exceptions.hpp"
#include "runtime/interpreter_state.hpp"

namespace gilpy::runtime {

BlockingSection::BlockingSection(ThreadState& ts, bool is_io)
    : ts_(ts), start_(monotonic_ns()), is_io_(is_io) {
    ts.gil->release(ts);
}

BlockingSection::~BlockingSection() {
    int64_t blocked_until = monotonic_ns();
    ts_.gil->acquire(ts_);
    ts_.gil_stats.blocked_ns += blocked_until - start_;
    if (is_io_) ts_.gil_stats.io_ns += blocked_until - start_;
}

bool signal_pending(const ThreadState& ts) {
    return ts.is_main &&
           (ts.interp.eval_breaker.load(std::memory_order_relaxed) & kBreakerSignalPending) != 0;
}

bool check_signals(ThreadState& ts) {
    if (!signal_pending(ts)) return true;
    ts.interp.eval_breaker.fetch_and(~static_cast<uint32_t>(kBreakerSignalPending));
    raise_empty(ts, &kKeyboardInterruptType);
    return false;
}

bool blocking_sleep(ThreadState& ts, double seconds) {
    const int64_t deadline = monotonic_ns() + static_cast<int64_t>(seconds * 1e9);
    bool interrupted = false;
    {
        BlockingSection blocked(ts);
        for (;;) {
            int64_t left = deadline - monotonic_ns();
            if (left <= 0) break;
            if (ts.is_main) {
                if (signal_pending(ts)) {
                    interrupted = true;
                    break;
                }
                if (left > kSignalPollNs) left = kSignalPollNs;
            }
            std::this_thread::sleep_for(std::chrono::nanoseconds(left));
        }
    }
    return interrupted ? check_signals(ts) : true;
}

namespace {

// Signal handlers are process-wide by nature; the handler reaches one interpreter's
// eval-breaker word through this atomic pointer and does nothing else (async-signal-safe).
std::atomic<std::atomic<uint32_t>*> g_signal_target{nullptr};
// The interpreter's main thread. The kernel hands a process signal to any thread; when
// another one gets it, the handler passes it on, so that a system call blocking the main
// thread (a read from the console) returns EINTR and the main thread raises promptly.
std::atomic<pthread_t> g_signal_thread{};

void on_sigint(int signo) {
    if (std::atomic<uint32_t>* breaker = g_signal_target.load()) {
        breaker->fetch_or(kBreakerSignalPending);
        pthread_t main_thread = g_signal_thread.load();
        if (!pthread_equal(pthread_self(), main_thread)) pthread_kill(main_thread, signo);
    }
}

}  // namespace

void signals_after_fork() {
    if (g_signal_target.load()) g_signal_thread.store(pthread_self());
}

void forget_signal_target(InterpreterState& interp) {
    std::atomic<uint32_t>* expected = &interp.eval_breaker;
    g_signal_target.compare_exchange_strong(expected, nullptr);
}

void install_signal_handlers(InterpreterState& interp) {
    g_signal_thread.store(pthread_self());
    g_signal_target.store(&interp.eval_breaker);
    struct sigaction sa = {};
    sa.sa_handler = on_sigint;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0;  // no SA_RESTART: blocking system calls return EINTR and re-check
    sigaction(SIGINT, &sa, nullptr);
}

}  // namespace gilpy::runtime
