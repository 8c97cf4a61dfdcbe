// The global interpreter lock: one per interpreter, held by whichever thread runs Python code
// or touches objects. It is a policy object, so users can compare how lock hand-off shapes
// multithreaded programs:
//
// - Modern (CPython >= 3.2): a thread that wants the GIL waits up to the switch interval, then
//   sets a drop request in the eval breaker; the holder sees it at its next backward jump or
//   call, drops the GIL and waits until another thread has taken it (forced switching), so the
//   dropper cannot take it straight back.
// - Legacy (Python 2): the holder releases and immediately re-acquires the GIL every
//   check-interval ticks (a tick is an eval-breaker check: a backward jump or a call). Waiters
//   simply block; there are no drop requests and no forced switches, so the releasing thread,
//   already running on its core, usually wins the race again: the convoy effect and the
//   multicore slowdown that motivated the new GIL.
//
// Every acquisition and release is counted per thread (GilCounters), always, with no sampling;
// the cost is two clock reads per hand-off, nothing per bytecode.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <mutex>

namespace gilpy::runtime {

struct ThreadState;

enum class GilPolicy : uint8_t { Modern, Legacy };

// What one thread's use of the GIL cost it. Times in nanoseconds of the monotonic clock.
struct GilCounters {
    int64_t acquisitions = 0;     // times it took the GIL
    int64_t held_ns = 0;          // total time holding it
    int64_t wait_ns = 0;          // total time waiting to take it
    int64_t blocked_ns = 0;       // total time in the blocking seam (sleep, I/O, lock waits)
    int64_t io_ns = 0;            // the part of it spent in I/O or sleep (work, not waiting)
    int64_t drop_requests = 0;    // drop requests it made after waiting a whole interval
    int64_t forced_switches = 0;  // times it had to drop the GIL for another thread
    int64_t waited_takes = 0;     // acquisitions that had to wait for another holder
    int64_t held_since = 0;       // when the current holding began (0: not holding)
};

int64_t monotonic_ns();

// [ts]'s counters as of now, including the current holding (for statistics read mid-run).
GilCounters counters_now(const ThreadState& ts);

class Gil {
  public:
    // [breaker] is the interpreter's eval-breaker word, where drop requests are posted.
    explicit Gil(std::atomic<uint32_t>& breaker) : breaker_(breaker) {}
    Gil(const Gil&) = delete;
    Gil& operator=(const Gil&) = delete;

    // Takes the GIL for [ts], waiting (and, under Modern, asking the holder to drop it) as
    // long as another thread holds it.
    void acquire(ThreadState& ts);
    // Releases it; the caller must hold it.
    void release(ThreadState& ts);
    // Called by the eval loop when it sees the drop-request bit: hands the GIL to a waiter
    // (Modern: and waits until a waiter took it), then takes it back.
    void yield_to_waiter(ThreadState& ts);

    GilPolicy policy() const { return policy_; }
    void set_policy(GilPolicy p);
    // Modern: how long a waiter waits before asking for the GIL (seconds, > 0).
    double switch_interval() const { return static_cast<double>(switch_interval_us_) / 1e6; }
    void set_switch_interval(double seconds);
    // Legacy: ticks between forced releases (>= 1).
    int check_interval() const { return check_interval_; }
    void set_check_interval(int ticks) { check_interval_ = ticks < 1 ? 1 : ticks; }
    // Times the GIL changed hands between different threads (gil.switch_count()).
    int64_t switch_count() const { return switches_.load(std::memory_order_relaxed); }
    void reset_switch_count() { switches_.store(0, std::memory_order_relaxed); }
    // Interpreter teardown, by the main thread holding the GIL: from now on any other thread
    // that tries to take the GIL parks forever instead (it must not touch the freed
    // interpreter). Returns the number of threads that were waiting and have parked.
    void finalize();
    // True if [ts] holds the GIL (for debug assertions).
    bool held_by(const ThreadState* ts) const { return holder_.load() == ts; }

  private:
    void take_locked(ThreadState& ts, std::unique_lock<std::mutex>& lock, int64_t start = 0);

    std::atomic<uint32_t>& breaker_;
    std::mutex mutex_;
    std::condition_variable cond_;         // waiters for the GIL
    std::condition_variable switch_cond_;  // a forced dropper waiting for the hand-off
    bool locked_ = false;
    std::atomic<const ThreadState*> holder_{nullptr};
    const ThreadState* last_holder_ = nullptr;
    uint64_t switch_number_ = 0;  // bumps on every acquisition
    std::atomic<int64_t> switches_{0};
    int waiters_ = 0;
    bool finalizing_ = false;
    GilPolicy policy_ = GilPolicy::Modern;
    // Whole microseconds, as CPython stores it (so getswitchinterval() reads back the same);
    // waits use at least 1 us.
    int64_t switch_interval_us_ = 5000;  // CPython's default 0.005 s
    int check_interval_ = 100;           // Python 2's sys.setcheckinterval default
};

}  // namespace gilpy::runtime
