// Signal delivery: one interpreter per process (the signal target) receives signals, in its main
// thread, as in CPython. The C-level handler only marks the signal as tripped and sets the eval
// breaker (async-signal-safe); the main thread then runs the Python-level handler at its next
// eval-breaker check or, when it is blocked, from the blocking seam's polling (blocking.hpp).
// The Python-level handlers (signal.signal) belong to the target interpreter: they live while
// it is the target and are dropped with it.
#pragma once

#include <signal.h>

#include "runtime/thread_state.hpp"

namespace gilpy::runtime {

// Signal numbers run from 1 to kNsig - 1 (signal.NSIG).
inline constexpr int kNsig = NSIG;

// True if a signal (or _thread.interrupt_main) is waiting for [ts] to handle it: only the main
// thread handles signals.
bool signal_pending(const ThreadState& ts);
// With the GIL held, in the main thread: runs the Python-level handler of every tripped signal
// (SIGINT's default raises KeyboardInterrupt). False if a handler raised (pending in ts.exc);
// signals still tripped are handled at the next check. Does nothing in other threads.
[[nodiscard]] bool check_signals(ThreadState& ts);

// Makes [interp] the signal target, with CPython's start-up: SIGINT raises KeyboardInterrupt
// (unless the process was started with SIGINT ignored), SIGPIPE and SIGXFSZ are ignored (so
// writes to a closed pipe raise BrokenPipeError). Call it on [interp]'s main thread.
void install_signal_handlers(InterpreterState& interp);
// In the child of a fork: signals go to the thread that forked (the child's only thread); the
// handlers stay, signals tripped before the fork are forgotten (the parent handles them).
void signals_after_fork();
// Stops delivering signals to [interp] (its teardown) and drops its Python-level handlers.
void forget_signal_target(InterpreterState& interp);

// True if [ts] may set signal handlers: the main thread of the signal target.
bool can_handle_signals(const ThreadState& ts);
// Sets the Python-level handler of [signum] (1 <= signum < kNsig): the int 0 (SIG_DFL) or 1
// (SIG_IGN), which set the OS action, or a callable, which installs the C-level handler.
// Requires can_handle_signals(ts). *[old] receives the previous Python-level handler (null if
// none was ever set). Returns 0, or the errno of the failed sigaction (EINVAL for SIGKILL).
[[nodiscard]] int set_python_signal_handler(ThreadState& ts, int signum, Value handler, Owned* old);
// The Python-level handler of [signum] set by set_python_signal_handler, or null if none was.
Owned python_signal_handler(int signum);

// What the OS does on [signum] now.
enum class OsSignalAction { Default, Ignore, Runtime, Other };
OsSignalAction os_signal_action(int signum);

// The blocking seam tells when [ts] enters and leaves it: a signal that another thread takes
// wakes the target's main thread up (EINTR) only while it blocks there.
void note_main_blocking(const ThreadState& ts, bool blocking);

// After pthread_sigmask on [ts]: if it is the target's main thread, signals it now blocks are
// left pending for it instead of being handled on its behalf by another thread.
void note_signal_mask(const ThreadState& ts);

// Marks [signum] as tripped for [interp] as if the OS had delivered it (_thread.interrupt_main).
void trip_signal(InterpreterState& interp, int signum);
// Consumes a tripped SIGINT without the GIL (the embedding REPL's Ctrl-C at the prompt); true
// if there was one.
bool take_pending_sigint(InterpreterState& interp) noexcept;

}  // namespace gilpy::runtime
