// Argument checking and parsing for native functions, with CPython's messages word for word
// (they differ by how CPython declares each function, so each style has its helper):
//   check_no_args      "time.time() takes no arguments (1 given)"              (METH_NOARGS)
//   check_one_arg      "len() takes exactly one argument (2 given)"             (METH_O)
//   check_positional   "pop expected at most 1 argument, got 2"                 (positional-only)
//   check_no_keywords  "list.pop() takes no keyword arguments"
//   parse_args         "split() takes at most 2 arguments (3 given)",
//                      "'x' is an invalid keyword argument for split()",
//                      "pow() missing required argument 'exp' (pos 2)"          (Argument Clinic)
// All return false (with TypeError pending) on a mismatch.
#pragma once

#include <cstddef>
#include <cstdint>

#include "runtime/type_object.hpp"

namespace gilpy::runtime {

// The arguments after self (for methods, whose args[0] is self).
inline CallArgs drop_self(CallArgs args) {
    return {args.args + 1, args.nargs - 1, args.kwnames};
}

[[nodiscard]] bool check_no_keywords(ThreadState& ts, CallArgs args, const char* qualname);
// "time.time() takes no arguments (1 given)" (METH_NOARGS); methods pass drop_self(args).
[[nodiscard]] bool check_no_args(ThreadState& ts, CallArgs args, const char* qualname);

// A real-number argument, as CPython's PyFloat_AsDouble: floats, ints (OverflowError when too
// big), objects with __float__ or __index__; TypeError "must be real number, not str" otherwise.
// False if raised.
[[nodiscard]] bool real_arg(ThreadState& ts, Value v, double* out);
// [qualname] as CPython prints it: "len()" or "list.append()". Also rejects keywords.
[[nodiscard]] bool check_one_arg(ThreadState& ts, CallArgs args, const char* qualname);
// [name] without parentheses, e.g. "pop". Also rejects keywords, with [name] + "()".
[[nodiscard]] bool check_positional(ThreadState& ts, CallArgs args, const char* name, size_t min,
                                    size_t max);

// A signature for parse_args: [names] lists every parameter; the first [positional_only]
// cannot be passed by keyword; parameters from [max_positional] on are keyword-only; the first
// [required] are required.
struct ArgSpec {
    const char* function;  // "split" (messages add "()")
    const char* const* names;
    int count;
    int required;
    int max_positional;
    int positional_only = 0;
};

// Matches [args] against [spec]; out[i] receives parameter i (borrowed) or null if omitted.
[[nodiscard]] bool parse_args(ThreadState& ts, CallArgs args, const ArgSpec& spec, Value* out);

template <size_t N>
[[nodiscard]] bool parse_args(ThreadState& ts, CallArgs args, const char* function,
                              const char* const (&names)[N], int required, Value (&out)[N],
                              int max_positional = static_cast<int>(N), int positional_only = 0) {
    ArgSpec spec{function, names, static_cast<int>(N), required, max_positional, positional_only};
    return parse_args(ts, args, spec, out);
}

// Converts an integer argument with operator.index semantics; TypeError names the argument
// type like CPython ("'str' object cannot be interpreted as an integer").
[[nodiscard]] bool arg_int64(ThreadState& ts, Value v, int64_t* out);

}  // namespace gilpy::runtime
