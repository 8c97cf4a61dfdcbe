// Invariant checks and fatal errors: for programming errors only, never for user input
// (STYLE 3.10). GILPY_ASSERT is on in Debug and sanitizer builds, off in Release.
#pragma once

namespace gilpy::runtime {

// Prints "gilpy: fatal error: [message]" with the source location to stderr and aborts, like
// CPython's Py_FatalError. For failures that "cannot happen" (an OS primitive that must not fail).
[[noreturn]] void fatal_error(const char* message, const char* file = __builtin_FILE(),
                              int line = __builtin_LINE());

}  // namespace gilpy::runtime

#if defined(GILPY_DEBUG_ASSERTS)
#define GILPY_ASSERT(cond, message) \
    ((cond) ? (void)0 : ::gilpy::runtime::fatal_error("assertion failed: " #cond ": " message))
#else
#define GILPY_ASSERT(cond, message) ((void)0)
#endif
