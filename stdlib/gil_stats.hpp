// The GIL statistics table that `-X gil-stats` prints to stderr at exit (stdlib/gil_module.cpp).
#pragma once

#include <string>

#include "runtime/thread_state.hpp"

namespace gilpy::stdlib {

// Per thread (live and finished): held, waiting and blocked seconds, acquisitions, drop
// requests and forced switches; then totals, wall time and achieved parallelism.
std::string gil_stats_report(runtime::ThreadState& ts);

}  // namespace gilpy::stdlib
