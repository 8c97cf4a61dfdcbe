// String formatting with CPython's semantics and messages: printf-style `%` (str % args and
// bytes % args) and str.format / str.format_map (the field-name, conversion and nested-spec
// grammar of PEP 3101). Each replacement field's value is formatted through format() from
// runtime/abstract.hpp, so types control their own output with __format__; numbers' specs are
// handled by runtime/format_spec.hpp.
// All functions need the GIL and return null with an exception pending when they raise.
#pragma once

#include <string_view>

#include "runtime/type_object.hpp"
#include "runtime/value.hpp"

namespace gilpy::runtime {

// [fmt] % [args]: [args] is a tuple of arguments, a mapping for %(name)s keys, or a single
// argument. With [bytes_mode] the result is bytes and %s/%b take bytes-like objects (or
// __bytes__), %r/%a give ASCII reprs and %c takes an int in range(256) or a single byte (PEP
// 461); otherwise the result is a str. [fmt] is UTF-8 (str) or raw bytes (bytes mode).
Owned printf_format(ThreadState& ts, std::string_view fmt, Value args, bool bytes_mode);

// fmt.format(*args, **kwargs): [args] holds the call's positional arguments (self excluded) and
// its keyword arguments in vectorcall form.
Owned str_format_args(ThreadState& ts, std::string_view fmt, CallArgs args);

// fmt.format_map(mapping): names are looked up with mapping[name]; positional fields raise
// ValueError "Format string contains positional fields".
Owned str_format_map(ThreadState& ts, std::string_view fmt, Value mapping);

// Conveniences in the shape of slots and methods: [fmt] is a str value; for the two methods
// args[0] is the format string (self).
Owned str_printf(ThreadState& ts, Value fmt, Value args);
Owned str_format_method(ThreadState& ts, CallArgs args);
Owned str_format_map_method(ThreadState& ts, CallArgs args);

}  // namespace gilpy::runtime
