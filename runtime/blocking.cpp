// The blocking seam's GIL hand-off and sleep.
#include "runtime/blocking.hpp"

#include <thread>

#include "runtime/interpreter_state.hpp"

namespace gilpy::runtime {

BlockingSection::BlockingSection(ThreadState& ts, bool is_io)
    : ts_(ts), start_(monotonic_ns()), is_io_(is_io) {
    if (ts.is_main) note_main_blocking(ts, true);
    ts.gil->release(ts);
}

BlockingSection::~BlockingSection() {
    int64_t blocked_until = monotonic_ns();
    ts_.gil->acquire(ts_);
    if (ts_.is_main) note_main_blocking(ts_, false);
    ts_.gil_stats.blocked_ns += blocked_until - start_;
    if (is_io_) ts_.gil_stats.io_ns += blocked_until - start_;
}

bool blocking_sleep(ThreadState& ts, double seconds) {
    const int64_t deadline = monotonic_ns() + static_cast<int64_t>(seconds * 1e9);
    for (;;) {
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
        if (!interrupted) return true;
        // The handler returned: sleep for what is left (PEP 475).
        if (!check_signals(ts)) return false;
    }
}

}  // namespace gilpy::runtime
