// The child side of fork() (see fork.hpp).
#include "runtime/fork.hpp"

#include <pthread.h>
#include <unistd.h>

#include "runtime/blocking.hpp"
#include "runtime/interpreter_state.hpp"
#include "runtime/types/file.hpp"

namespace gilpy::runtime {

void after_fork_child(ThreadState& ts) {
    InterpreterState& interp = ts.interp;
    // The forking thread is the only thread of the child; its ids changed with the process.
    ts.ident = static_cast<uint64_t>(pthread_self());
    ts.native_id = static_cast<int64_t>(gettid());

    // A fresh GIL with the same settings, held by this thread. The old one may have been in
    // any state (another thread inside its mutex, waiters counted): it is abandoned, not
    // freed, as the thread states below may still point at it.
    Gil* old = interp.gil;
    interp.eval_breaker.fetch_and(~static_cast<uint32_t>(kBreakerGilDropRequest | kBreakerGilTick));
    auto* gil = new Gil(interp.eval_breaker);
    gil->set_policy(old->policy());
    gil->set_switch_interval(old->switch_interval());
    gil->set_check_interval(old->check_interval());
    interp.gil = gil;
    ts.gil = gil;
    ts.gil_stats.held_since = 0;
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
    files_after_fork(ts);
}

}  // namespace gilpy::runtime
