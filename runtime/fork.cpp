// Both sides of fork() (see fork.hpp).
#include "runtime/fork.hpp"

#include <pthread.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include "runtime/blocking.hpp"
#include "runtime/interpreter_state.hpp"

namespace gilpy::runtime {

namespace {

// Process-wide by nature, as forking is. Written only by a child's one thread, before it
// starts any other, so it needs no atomicity.
uint32_t g_fork_generation = 0;

bool all_threads_entered_gil(const InterpreterState& interp) {
    for (const ThreadState* t : interp.threads) {
        if (!t->entered_gil.load(std::memory_order_acquire)) return false;
    }
    return true;
}

}  // namespace

uint32_t fork_generation() {
    return g_fork_generation;
}

void before_fork(ThreadState& ts) {
    // The thread list is guarded by the GIL, held here. A thread still starting needs no GIL
    // to get to the point of asking for it; the GIL is let go between looks only so that it is
    // not held idle (the new thread then runs until it next lets go).
    while (!all_threads_entered_gil(ts.interp)) {
        BlockingSection pause(ts, /*is_io=*/false);
        std::this_thread::sleep_for(std::chrono::microseconds(200));
    }
}

void after_fork_child(ThreadState& ts) {
    InterpreterState& interp = ts.interp;
    ++g_fork_generation;
    // The forking thread is the only thread of the child; its ids changed with the process.
    ts.ident = static_cast<uint64_t>(pthread_self());
    ts.native_id = static_cast<int64_t>(gettid());

    // A fresh GIL with the same settings, held by this thread. The old one may have been in
    // any state (another thread inside its mutex, waiters on its condition variables): it is
    // abandoned, never destroyed nor freed, as the thread states below may still point at it.
    Gil* old = interp.gil;
    interp.eval_breaker.fetch_and(~static_cast<uint32_t>(kBreakerGilDropRequest | kBreakerGilTick));
    auto* gil = new Gil(interp.eval_breaker);
    gil->set_policy(old->policy());
    gil->set_switch_interval(old->switch_interval());
    gil->set_check_interval(old->check_interval());
    interp.gil = gil;
    ts.gil = gil;
    // The child's GIL counters (gil.stats(), -X gil-stats) cover the child's own life: the
    // parent's threads and its time are not the child's.
    ts.gil_stats = GilCounters{};
    interp.finished_threads.clear();
    interp.start_ns = monotonic_ns();
    gil->acquire(ts);

    // The other threads do not exist here. Their states are abandoned (their objects stay
    // referenced, as CPython's do until they are cleared); this thread becomes the main one,
    // as threading's after-fork handling expects.
    for (ThreadState* other : interp.threads) {
        if (other != &ts) other->is_main = false;
    }
    interp.threads.assign(1, &ts);
    ts.is_main = true;
    signals_after_fork();
}

}  // namespace gilpy::runtime
