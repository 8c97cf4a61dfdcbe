// Process forking: what the runtime must repair in the child of a fork(). Only the forking OS
// thread exists in the child; everything the runtime keeps about other threads, and every lock
// they may have held, has to be reset there before Python code runs again.
#pragma once

#include <cstdint>

#include "runtime/thread_state.hpp"

namespace gilpy::runtime {

// Called by the thread about to fork, holding the GIL, right before fork() (nothing between
// may release the GIL). Waits until every thread of the interpreter has entered the GIL once
// (ThreadState::entered_gil), letting the GIL go meanwhile. A thread _thread has just started
// runs native start-up code first (the C library's and the sanitizers' thread set-up, which
// allocate); an allocator lock it holds at the moment of the fork would stay locked in the
// child forever. A thread that has entered the GIL only runs without it inside the blocking
// seam, which allocates nothing.
void before_fork(ThreadState& ts);

// Called in the child process right after fork() returned 0, by the thread that forked, with
// [ts] its thread state (which held the GIL when it forked). Makes [ts] the child's own (its OS
// thread ids are the child's), gives the child a fresh GIL held by [ts], forgets the other
// threads (only the forking one exists in a child) and makes [ts] the main thread, re-points
// Ctrl-C at it, and starts a new fork generation, which resets every lock the runtime keeps
// (see fork_generation) as it is next used.
void after_fork_child(ThreadState& ts);

// How many forks lie between this process and the one that started the program. A mutex or
// condition variable that other threads may use without the GIL (a _thread lock's wait, a
// file's I/O lock) records the generation it was set up in; used, with the GIL held, in a
// later one, it is in a forked child where those threads do not exist, so it may be locked by
// nobody or have waiters that will never wake: it is made anew in place, never destroyed
// (destroying a condition variable with waiters blocks forever).
uint32_t fork_generation();

}  // namespace gilpy::runtime
