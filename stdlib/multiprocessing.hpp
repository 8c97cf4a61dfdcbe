// _multiprocessing: the native half of the multiprocessing package (stdlib/lib/multiprocessing/
// is the Python half, as in CPython). Each concept lives in its own file and adds its names to
// the module: process-shared semaphores, shared-memory values and arrays, and connections.
#pragma once

#include "runtime/thread_state.hpp"
#include "runtime/types/module.hpp"

namespace gilpy::stdlib {

// Each adds its types, functions and constants to [module]; false if raised.
// SemLock and its kinds (stdlib/mp_semlock.cpp).
[[nodiscard]] bool add_semlock(runtime::ThreadState& ts, runtime::ModuleObject* module);
// RawValue and RawArray in shared memory (stdlib/mp_shared_memory.cpp).
[[nodiscard]] bool add_shared_memory(runtime::ThreadState& ts, runtime::ModuleObject* module);
// Connection, Pipe and wait (stdlib/mp_connection.cpp).
[[nodiscard]] bool add_connection(runtime::ThreadState& ts, runtime::ModuleObject* module);

}  // namespace gilpy::stdlib
