// Raising, fetching and matching script exceptions (STYLE 3.10): a pending exception in the
// ThreadState plus a sentinel return. The raise helpers return nullptr, which converts to a
// null Owned or Ref, so an error path is one line: `return raisef(ts, &kTypeErrorType, ...)`.
// All of them need the GIL.
#pragma once

#include <fmt/format.h>

#include <string>
#include <string_view>

#include "runtime/thread_state.hpp"
#include "runtime/type_object.hpp"

namespace gilpy::runtime {

#define GILPY_EXCEPTION(cname, pyname, base) extern TypeObject k##cname##Type;
#include "runtime/exception_types.def"
#undef GILPY_EXCEPTION

// Makes [exc] (an exception instance) the pending exception. Like CPython's _PyErr_SetObject, a
// new exception raised while another is being handled gets that one as its __context__.
std::nullptr_t set_exception(ThreadState& ts, Owned exc);

// Raises [type]([message]).
std::nullptr_t raise(ThreadState& ts, TypeObject* type, std::string_view message);

// Raises [type] with a message formatted by fmt.
template <class... A>
std::nullptr_t raisef(ThreadState& ts, TypeObject* type, fmt::format_string<A...> f, A&&... args) {
    return raise(ts, type, fmt::format(f, std::forward<A>(args)...));
}

// Raises [type]([arg]) with a single non-string argument (KeyError(key), StopIteration(value)).
std::nullptr_t raise_with_value(ThreadState& ts, TypeObject* type, Value arg);

// Raises [type]() with no arguments.
std::nullptr_t raise_empty(ThreadState& ts, TypeObject* type);

// Raises OSError (or the subclass matching [errno_value], as CPython maps errno to
// FileNotFoundError and friends) with strerror and an optional filename.
std::nullptr_t raise_os_error(ThreadState& ts, int errno_value, Value filename = Value::null());

// Creates an exception instance [type](*args) without raising it; null if the call raised.
Owned new_exception(ThreadState& ts, TypeObject* type, std::string_view message);

// True if the pending exception is an instance of [type].
bool exception_matches(ThreadState& ts, TypeObject* type);

// Takes the pending exception out of the thread state (null if none).
Owned fetch_exception(ThreadState& ts);
inline void clear_exception(ThreadState& ts) { ts.exc = nullptr; }

// The type name used in messages: "int", "list", or a class's __name__.
const char* type_name(Value v);

// RecursionError when a Python call would exceed sys.getrecursionlimit().
std::nullptr_t raise_recursion_error(ThreadState& ts, const char* what = nullptr);

}  // namespace gilpy::runtime
