// The one blocking seam (DESIGN.md): every operation that may block — sleep, lock and condition
// waits, joins, queue waits, console and file I/O, waiting for child processes, native work that
// releases the GIL — goes through here. It releases the GIL while blocked and takes it back,
// counts the time as "blocked" in the thread's GIL counters, and lets Ctrl-C interrupt the main
// thread promptly (within kSignalPollNs) wherever it blocks.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <mutex>

#include "runtime/thread_state.hpp"

namespace gilpy::runtime {

// How often a blocked main thread looks for a pending signal.
inline constexpr int64_t kSignalPollNs = 20'000'000;

// Releases the GIL for its lifetime; takes it back on destruction. Code inside must not touch
// objects (copy what it needs first) and must not hold locks that a GIL holder may want.
class BlockingSection {
  public:
    // [is_io]: the time is the thread's own work done outside the GIL (I/O, sleep, native
    // computation), as opposed to waiting for another thread (locks, joins, queues); only the
    // former counts towards achieved parallelism.
    explicit BlockingSection(ThreadState& ts, bool is_io = true);
    ~BlockingSection();
    BlockingSection(const BlockingSection&) = delete;
    BlockingSection& operator=(const BlockingSection&) = delete;

  private:
    ThreadState& ts_;
    int64_t start_;
    bool is_io_;
};

// True if Ctrl-C (or another handled signal) is waiting for [ts] to raise it: only the main
// thread handles signals, as in CPython.
bool signal_pending(const ThreadState& ts);
// With the GIL held: raises KeyboardInterrupt if a signal is pending for [ts]; false if raised.
[[nodiscard]] bool check_signals(ThreadState& ts);

enum class WaitResult { Ready, TimedOut, Interrupted };

// Waits, with the GIL released, until [ready]() holds (checked with [mutex] locked) or the
// monotonic [deadline_ns] passes (-1: no deadline). A signal for the main thread interrupts the
// wait: the result is Interrupted and KeyboardInterrupt is pending (the GIL is held again).
template <class Ready>
WaitResult wait_released(ThreadState& ts, std::mutex& mutex, std::condition_variable& cv,
                         int64_t deadline_ns, Ready ready) {
    WaitResult result = WaitResult::Ready;
    {
        BlockingSection blocked(ts, /*is_io=*/false);
        std::unique_lock<std::mutex> lock(mutex);
        while (!ready()) {
            if (ts.is_main && signal_pending(ts)) {
                result = WaitResult::Interrupted;
                break;
            }
            int64_t now = monotonic_ns();
            if (deadline_ns >= 0 && now >= deadline_ns) {
                result = WaitResult::TimedOut;
                break;
            }
            int64_t slice = deadline_ns >= 0 ? deadline_ns - now : INT64_MAX;
            if (ts.is_main && slice > kSignalPollNs) slice = kSignalPollNs;
            if (slice == INT64_MAX) {
                cv.wait(lock);
            } else {
                cv.wait_for(lock, std::chrono::nanoseconds(slice));
            }
        }
    }
    if (result == WaitResult::Interrupted && check_signals(ts)) result = WaitResult::Ready;
    return result;
}

// time.sleep: releases the GIL for [seconds]; false with KeyboardInterrupt pending if Ctrl-C
// interrupted it.
[[nodiscard]] bool blocking_sleep(ThreadState& ts, double seconds);

// Installs the SIGINT handler that turns Ctrl-C into KeyboardInterrupt in [interp]'s main
// thread (the handler only sets a bit). Call it on that thread. One interpreter per process
// receives signals.
void install_signal_handlers(InterpreterState& interp);
// In the child of a fork: signals go to the thread that forked (the child's only thread).
void signals_after_fork();
// Stops delivering signals to [interp] (its teardown).
void forget_signal_target(InterpreterState& interp);

}  // namespace gilpy::runtime
