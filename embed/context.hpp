// The embedding layer's per-thread state: which interpreter thread state the public API uses on
// the calling OS thread (gilpy::Object carries no interpreter pointer), and how Python
// exceptions cross into C++ (ScriptError) and back (a host function's exception relay).
#pragma once

#include <cstring>

#include "gilpy/gilpy.hpp"
#include "runtime/thread_state.hpp"
#include "runtime/value.hpp"

namespace gilpy::embed {

// The thread state the public API works in on this OS thread: set by Interpreter methods (the
// interpreter's main thread state), by host-function calls (the calling Python thread's) and
// cleared by GilRelease. Null: this thread holds no interpreter's GIL.
runtime::ThreadState* current_thread();
void set_current_thread(runtime::ThreadState* ts);
// current_thread(), or std::logic_error when there is none.
runtime::ThreadState& require_thread();

// Sets the current thread state for a scope and restores the previous one.
class CurrentThreadScope {
  public:
    explicit CurrentThreadScope(runtime::ThreadState* ts) : saved_(current_thread()) {
        set_current_thread(ts);
    }
    ~CurrentThreadScope() { set_current_thread(saved_); }
    CurrentThreadScope(const CurrentThreadScope&) = delete;
    CurrentThreadScope& operator=(const CurrentThreadScope&) = delete;

  private:
    runtime::ThreadState* saved_;
};

// Converts the exception pending in [ts] into a ScriptError (clearing it). Inside a host
// function the exception object is kept (per thread) so that if the ScriptError escapes the
// host function, the script sees the original exception, traceback included.
[[noreturn]] void throw_script_error(runtime::ThreadState& ts);
// If [error] came from throw_script_error on this thread inside the current host call,
// re-raises the original exception in [ts] and returns true.
bool restore_script_error(runtime::ThreadState& ts, const ScriptError& error);
// Host-call nesting on this thread (the relay only keeps exceptions while > 0).
void enter_host_call();
void leave_host_call();

// The runtime state behind an Interpreter (embed/interpreter.cpp).
runtime::InterpreterState& interpreter_state(detail::InterpreterImpl& impl);

// SystemExit's status as CPython computes it at exit (without printing anything).
int system_exit_code(runtime::ThreadState& ts, runtime::Value exc);

// Object <-> runtime::Value.
inline runtime::Value value_of(const Object& o) {
    runtime::Value v;
    static_assert(sizeof(runtime::Value) == sizeof(Object::Raw));
    std::memcpy(static_cast<void*>(&v), o.raw().bytes, sizeof v);
    return v;
}
// Takes over the reference [v] owns.
inline Object to_object(runtime::Owned v) {
    Object::Raw raw;
    runtime::Value value = v.release();
    std::memcpy(raw.bytes, static_cast<const void*>(&value), sizeof value);
    return Object::steal_raw(raw);
}
// A new reference to a borrowed value.
inline Object borrow_object(runtime::Value v) {
    return to_object(runtime::Owned::borrow(v));
}
// A null result means an exception is pending: throws it as ScriptError.
inline Object checked(runtime::ThreadState& ts, runtime::Owned v) {
    if (v.is_null()) throw_script_error(ts);
    return to_object(std::move(v));
}

}  // namespace gilpy::embed
