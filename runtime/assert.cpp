// fatal_error: the one place that aborts the process on a broken invariant.
#include "runtime/assert.hpp"

#include <cstdio>
#include <cstdlib>

namespace gilpy::runtime {

void fatal_error(const char* message, const char* file, int line) {
    std::fflush(stdout);
    std::fprintf(stderr, "gilpy: fatal error: %s (%s:%d)\n", message, file, line);
    std::fflush(stderr);
    std::abort();
}

}  // namespace gilpy::runtime
