// ThreadState helpers: the native recursion guard.
#include "runtime/thread_state.hpp"

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

}  // namespace gilpy::runtime
