// The GIL's hand-off protocol (see gil.hpp for the two policies) and its per-thread counters.
#include "runtime/gil.hpp"

#include <sched.h>

#include <chrono>

#include "runtime/interpreter_state.hpp"
#include "runtime/thread_state.hpp"

namespace gilpy::runtime {

int64_t monotonic_ns() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

namespace {

// A thread whose interpreter is gone waits here until the process exits. The mutex and
// condition are process-lifetime objects, so waiting on them never touches freed memory.
[[noreturn]] void park_forever() {
    static std::mutex* mutex = new std::mutex;
    static std::condition_variable* never = new std::condition_variable;
    std::unique_lock<std::mutex> lock(*mutex);
    for (;;)
        never->wait(lock);
}

}  // namespace

void Gil::finalize() {
    std::unique_lock<std::mutex> lock(mutex_);
    finalizing_ = true;
    cond_.notify_all();
    // Wait until every waiter has seen the flag and parked, so none is inside cond_.wait when
    // the interpreter decides whether this Gil can be freed.
    while (waiters_ > 0) {
        lock.unlock();
        sched_yield();
        lock.lock();
    }
}

GilCounters counters_now(const ThreadState& ts) {
    GilCounters c = ts.gil_stats;
    if (c.held_since) {
        c.held_ns += monotonic_ns() - c.held_since;
        c.held_since = 0;
    }
    return c;
}

void Gil::set_policy(GilPolicy p) {
    std::lock_guard<std::mutex> lock(mutex_);
    policy_ = p;
    // Legacy counts ticks at every eval-breaker check, so its bit stays set.
    if (p == GilPolicy::Legacy) {
        breaker_.fetch_or(kBreakerGilTick);
        breaker_.fetch_and(~static_cast<uint32_t>(kBreakerGilDropRequest));
    } else {
        breaker_.fetch_and(~static_cast<uint32_t>(kBreakerGilTick));
    }
}

void Gil::set_switch_interval(double seconds) {
    std::lock_guard<std::mutex> lock(mutex_);
    switch_interval_us_ = static_cast<int64_t>(seconds * 1e6);
}

// Waits (with [lock] held on entry and exit) until the GIL is free, then takes it. [start]:
// when the thread began to want the GIL back (0: now).
void Gil::take_locked(ThreadState& ts, std::unique_lock<std::mutex>& lock, int64_t start) {
    if (start == 0) start = monotonic_ns();
    bool waited = false;
    if (locked_ || (finalizing_ && !ts.is_main)) {
        waited = true;
        ++waiters_;
        while (locked_ || (finalizing_ && !ts.is_main)) {
            if (finalizing_ && !ts.is_main) {
                --waiters_;
                switch_cond_.notify_all();
                lock.unlock();
                park_forever();
            }
            if (policy_ == GilPolicy::Modern) {
                uint64_t saved = switch_number_;
                int64_t us = switch_interval_us_ >= 1 ? switch_interval_us_ : 1;
                auto status = cond_.wait_for(lock, std::chrono::microseconds(us));
                // A whole interval passed and nobody switched: ask the holder to drop it.
                if (status == std::cv_status::timeout && locked_ && switch_number_ == saved) {
                    breaker_.fetch_or(kBreakerGilDropRequest);
                    ++ts.gil_stats.drop_requests;
                }
            } else {
                cond_.wait(lock);
            }
        }
        --waiters_;
    }
    locked_ = true;
    holder_.store(&ts);
    ++switch_number_;
    if (last_holder_ != &ts) {
        if (last_holder_) switches_.fetch_add(1, std::memory_order_relaxed);
        last_holder_ = &ts;
    }
    // Forced switching: the dropper waits for this moment.
    switch_cond_.notify_all();
    if (policy_ == GilPolicy::Modern) {
        breaker_.fetch_and(~static_cast<uint32_t>(kBreakerGilDropRequest));
    }
    const int64_t now = monotonic_ns();
    ++ts.gil_stats.acquisitions;
    ts.gil_stats.wait_ns += now - start;
    if (waited) ++ts.gil_stats.waited_takes;
    ts.gil_stats.held_since = now;
}

void Gil::acquire(ThreadState& ts) {
    // From here on the thread does nothing but wait for the GIL: a fork may go ahead.
    if (!ts.entered_gil.load(std::memory_order_relaxed)) {
        ts.entered_gil.store(true, std::memory_order_release);
    }
    std::unique_lock<std::mutex> lock(mutex_);
    take_locked(ts, lock);
}

void Gil::release(ThreadState& ts) {
    ts.gil_stats.held_ns += monotonic_ns() - ts.gil_stats.held_since;
    ts.gil_stats.held_since = 0;
    std::lock_guard<std::mutex> lock(mutex_);
    locked_ = false;
    holder_.store(nullptr);
    cond_.notify_one();
}

void Gil::yield_to_waiter(ThreadState& ts) {
    const int64_t dropped = monotonic_ns();
    ts.gil_stats.held_ns += dropped - ts.gil_stats.held_since;
    ts.gil_stats.held_since = 0;
    std::unique_lock<std::mutex> lock(mutex_);
    locked_ = false;
    holder_.store(nullptr);
    cond_.notify_one();
    if (policy_ == GilPolicy::Modern) {
        // Forced switching: do not compete for the GIL until a waiter has taken it.
        if (waiters_ > 0) {
            ++ts.gil_stats.forced_switches;
            uint64_t saved = switch_number_;
            while (switch_number_ == saved && waiters_ > 0)
                switch_cond_.wait(lock);
        }
    } else {
        // Python 2 released and re-acquired with nothing in between but the OS's chance to
        // run a woken waiter; give it that chance and no more.
        lock.unlock();
        sched_yield();
        lock.lock();
    }
    // From the drop on, the thread is waiting for the GIL (forced switching included).
    take_locked(ts, lock, dropped);
}

}  // namespace gilpy::runtime
