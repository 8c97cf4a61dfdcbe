// The one blocking seam (DESIGN.md): every operation that may block — sleep, lock and condition
// waits, joins, queue waits, console and file I/O, waiting for child processes, native work that
// releases the GIL — goes through here. It releases the GIL while blocked and takes it back,
// counts the time as "blocked" in the thread's GIL counters, and lets signals (Ctrl-C) reach the
// main thread promptly (within kSignalPollNs) wherever it blocks (signals.hpp).
#pragma once

#include <condition_variable>
#include <cstdint>
#include <mutex>

#include "runtime/signals.hpp"
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

enum class WaitResult { Ready, TimedOut, Interrupted };

// Waits, with the GIL released, until [ready]() holds (checked with [mutex] locked) or the
// monotonic [deadline_ns] passes (-1: no deadline). A signal for the main thread runs its
// Python handler (with the GIL); if the handler returns, the wait goes on (PEP 475), if it
// raises, the result is Interrupted with the exception pending. The GIL is held on return.
template <class Ready>
WaitResult wait_released(ThreadState& ts, std::mutex& mutex, std::condition_variable& cv,
                         int64_t deadline_ns, Ready ready) {
    for (;;) {
        WaitResult result = WaitResult::Ready;
        {
            BlockingSection blocked(ts, /*is_io=*/false);
            std::unique_lock<std::mutex> lock(mutex);
            // Once waiting, a signal comes first: when the thread that sent it also made
            // [ready] true (it signalled, then ended, waking its joiner), the handler still
            // interrupts the wait, as EINTR would in CPython. [ready] may take what it waits
            // for (a lock): it is called once per wake-up, and a true result ends the wait.
            if (!ready()) {
                for (;;) {
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
                    if (ts.is_main && signal_pending(ts)) {
                        result = WaitResult::Interrupted;
                        break;
                    }
                    if (ready()) break;
                }
            }
        }
        if (result != WaitResult::Interrupted || !check_signals(ts)) return result;
    }
}

// time.sleep: releases the GIL for [seconds]. Signals for the main thread run their Python
// handlers as they arrive and the sleep goes on; false if a handler raised (KeyboardInterrupt
// for Ctrl-C).
[[nodiscard]] bool blocking_sleep(ThreadState& ts, double seconds);

}  // namespace gilpy::runtime
