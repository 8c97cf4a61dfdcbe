// gilpy::GilRelease and gilpy::GilAcquire: the host's side of the blocking seam. Releasing goes
// through runtime::BlockingSection, so the time is counted in the thread's GIL statistics as
// native work (achieved parallelism) and Ctrl-C handling stays consistent.
#include <pthread.h>
#include <unistd.h>

#include <stdexcept>
#include <string>

#include "embed/context.hpp"
#include "gilpy/gilpy.hpp"
#include "runtime/blocking.hpp"
#include "runtime/interpreter_state.hpp"

namespace gilpy {

using namespace runtime;

namespace {

// The thread state whose GIL the innermost GilRelease on this thread gave up.
thread_local ThreadState* t_released = nullptr;

}  // namespace

GilRelease::GilRelease() {
    ThreadState& ts = embed::require_thread();
    section_ = new BlockingSection(ts, /*is_io=*/true);
    thread_ = t_released;  // the enclosing release, restored by the destructor
    t_released = &ts;
    embed::set_current_thread(nullptr);
}

GilRelease::~GilRelease() {
    ThreadState* ts = t_released;
    t_released = static_cast<ThreadState*>(thread_);
    delete static_cast<BlockingSection*>(section_);  // takes the GIL back
    embed::set_current_thread(ts);
}

GilAcquire::GilAcquire() : thread_(nullptr), saved_(nullptr) {
    if (embed::current_thread()) return;  // already holding it
    ThreadState* ts = t_released;
    if (!ts) {
        throw std::logic_error(
            "gilpy::GilAcquire: this thread holds no GIL to take back (no "
            "enclosing GilRelease)");
    }
    ts->gil->acquire(*ts);
    embed::set_current_thread(ts);
    thread_ = ts;
}

GilAcquire::GilAcquire(Interpreter& interpreter) : thread_(nullptr), saved_(nullptr) {
    if (!interpreter.impl_) throw std::logic_error("gilpy::GilAcquire: moved-from Interpreter");
    InterpreterState& interp = embed::interpreter_state(*interpreter.impl_);
    ThreadState* current = embed::current_thread();
    if (current && &current->interp == &interp) return;  // already holding it
    ThreadState* ts = t_released && &t_released->interp == &interp ? t_released : nullptr;
    if (!ts) {
        // A thread this interpreter has never seen: give it a thread state, as _thread does for
        // the threads it starts (registered once it holds the GIL, which guards the list).
        ts = new ThreadState(interp);
        ts->gil = interp.gil;
        ts->is_main = false;
        ts->ticks = interp.gil->check_interval();
        ts->ident = static_cast<uint64_t>(pthread_self());
        ts->native_id = static_cast<int64_t>(gettid());
        ts->stack_limit = current_thread_stack_limit();
        owns_thread_ = true;
    }
    ts->gil->acquire(*ts);
    if (owns_thread_) {
        ts->name =
            "Dummy-" + std::to_string(interp.threads.size() + interp.finished_threads.size());
        interp.threads.push_back(ts);
    }
    saved_ = current;
    embed::set_current_thread(ts);
    thread_ = ts;
}

GilAcquire::~GilAcquire() {
    if (!thread_) return;
    auto* ts = static_cast<ThreadState*>(thread_);
    embed::set_current_thread(static_cast<ThreadState*>(saved_));
    if (owns_thread_) {
        InterpreterState& interp = ts->interp;
        ts->exc = nullptr;
        ts->handled.clear();
        std::erase(interp.threads, ts);
        interp.finished_threads.push_back({ts->name, counters_now(*ts)});
        ts->gil->release(*ts);
        delete ts;
        return;
    }
    ts->gil->release(*ts);
}

}  // namespace gilpy
