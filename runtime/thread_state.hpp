// ThreadState: everything one OS thread needs to run Python code in one interpreter (CPython's
// PyThreadState): the pending exception, the exception being handled, the current frame and
// recursion depth. A thread state is only used by its own OS thread, while it holds the GIL.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

#include "runtime/gil.hpp"
#include "runtime/value.hpp"

namespace gilpy::runtime {

struct InterpreterState;
struct TypeObject;

struct ThreadState {
    explicit ThreadState(InterpreterState& interp_) : interp(interp_) {}
    ThreadState(const ThreadState&) = delete;
    ThreadState& operator=(const ThreadState&) = delete;

    InterpreterState& interp;

    // The raised exception in flight (an exception instance), or null. Set only through
    // set_exception() and friends in runtime/exceptions.hpp.
    Owned exc;

    // The exceptions being handled by `except` blocks and `finally` clauses, innermost last:
    // the target of a bare `raise`, of sys.exc_info(), and the implicit __context__ of a new
    // exception. Maintained by the eval loop.
    std::vector<Owned> handled;

    // The innermost running interpreter frame (opaque to the runtime; the eval loop's), used for
    // tracebacks and sys._getframe-like introspection.
    void* frame = nullptr;

    // Python-level call depth (RecursionError at sys.getrecursionlimit()) and native recursion
    // depth (repr, comparisons and hashing of nested containers), checked separately so a deep
    // native recursion cannot overflow the C++ stack.
    int python_depth = 0;
    int native_depth = 0;
    // The lowest safe address of this OS thread's C++ stack (0: unchecked). Calls below it raise
    // RecursionError, so a raised sys.setrecursionlimit() cannot overflow the real stack.
    uintptr_t stack_limit = 0;

    // Containers whose repr is being computed on this thread, so a container that contains
    // itself prints as [...] / {...} (CPython's Py_ReprEnter).
    std::vector<Object*> repr_stack;

    // Name used by thread-related messages and the GIL statistics ("MainThread",
    // "Thread-1 (worker)"); threading sets it.
    std::string name = "MainThread";
    // What the GIL cost this thread (runtime/gil.hpp), and the legacy policy's tick countdown.
    GilCounters gil_stats;
    int ticks = 0;
    // The interpreter's GIL, reachable without the interpreter: a daemon thread that wakes
    // after its interpreter ended finds it here (leaked on purpose) and parks (gil.hpp).
    Gil* gil = nullptr;
    // _thread.get_ident() and get_native_id() of the OS thread running this state.
    uint64_t ident = 0;
    int64_t native_id = 0;
    bool is_main = false;
    // Set by the thread itself when it first asks for the GIL (Gil::acquire). Before that, a
    // thread that _thread has just started runs native start-up code without the GIL (the C
    // library's and sanitizers' thread set-up, its stack bound) that may hold allocator locks,
    // so a fork waits for it (runtime/fork.hpp: before_fork).
    std::atomic<bool> entered_gil{false};

    bool has_exception() const { return !exc.is_null(); }
};

// The lowest address the calling OS thread may use for its C++ stack, keeping a margin for
// native code that runs between checks (for ThreadState::stack_limit).
uintptr_t current_thread_stack_limit();

// Guards one level of native recursion (repr of nested lists, deep comparisons). Entering fails
// with RecursionError "maximum recursion depth exceeded while [what]" past the limit.
class NativeRecursionGuard {
  public:
    NativeRecursionGuard(ThreadState& ts) : ts_(ts) {}
    [[nodiscard]] bool enter(const char* what);
    ~NativeRecursionGuard() {
        if (entered_) --ts_.native_depth;
    }

  private:
    ThreadState& ts_;
    bool entered_ = false;
};

}  // namespace gilpy::runtime
