// Process forking: what the runtime must repair in the child of a fork(). Only the forking OS
// thread exists in the child; everything the runtime keeps about other threads, and every lock
// they may have held, has to be reset there before Python code runs again.
#pragma once

#include "runtime/thread_state.hpp"

namespace gilpy::runtime {

// Called in the child process right after fork() returned 0, by the thread that forked, with
// [ts] its thread state (which held the GIL when it forked). Makes [ts] the child's own (its OS
// thread ids are the child's), gives the child a fresh GIL held by [ts], forgets the other
// threads (only the forking one exists in a child) and makes [ts] the main thread, re-points
// Ctrl-C at it, and resets the I/O locks of the standard streams, which another thread may
// have held at the moment of the fork.
void after_fork_child(ThreadState& ts);

}  // namespace gilpy::runtime
