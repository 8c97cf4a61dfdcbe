// ThreadState helpers: the native recursion guard and the C++ stack bound.
#include "runtime/thread_state.hpp"

#include <pthread.h>
#include <sys/resource.h>

#include "runtime/exceptions.hpp"
#include "runtime/interpreter_state.hpp"

namespace gilpy::runtime {

bool NativeRecursionGuard::enter(const char* what) {
    // Native recursion shares the Python limit, as CPython's C recursion checks do; the C++
    // stack of every gilpy thread is sized so that this limit is always reached first.
    // The stack check matters in sanitizer builds, whose frames are several times larger.
    if (ts_.native_depth + ts_.python_depth >= ts_.interp.recursion_limit ||
        reinterpret_cast<uintptr_t>(__builtin_frame_address(0)) < ts_.stack_limit) {
        raise_recursion_error(ts_, what);
        return false;
    }
    ++ts_.native_depth;
    entered_ = true;
    return true;
}

// Leaves a safety margin below the OS stack limit for native code that runs between checks.
constexpr uintptr_t kStackMargin = 1024 * 1024;

uintptr_t current_thread_stack_limit() {
    pthread_attr_t attr;
    if (pthread_getattr_np(pthread_self(), &attr) == 0) {
        void* addr = nullptr;
        size_t size = 0;
        int ok = pthread_attr_getstack(&attr, &addr, &size);
        pthread_attr_destroy(&attr);
        if (ok == 0 && size > 2 * kStackMargin) {
            return reinterpret_cast<uintptr_t>(addr) + kStackMargin;
        }
    }
    struct rlimit rl;
    uintptr_t size = 8u << 20;
    if (getrlimit(RLIMIT_STACK, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY) size = rl.rlim_cur;
    uintptr_t here = reinterpret_cast<uintptr_t>(__builtin_frame_address(0));
    return here - (size - kStackMargin);
}

}  // namespace gilpy::runtime
