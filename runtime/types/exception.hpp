// BaseException and its builtin subclasses (listed in runtime/exception_types.def): args,
// traceback, chaining (__cause__, __context__, __suppress_context__) and a __dict__ for the
// attributes particular subclasses add (StopIteration.value, SystemExit.code, OSError.errno,
// SyntaxError.lineno, ...), plus tracebacks.
#pragma once

#include <string>

#include "runtime/type_object.hpp"
#include "runtime/types/dict.hpp"
#include "runtime/types/str.hpp"
#include "runtime/types/tuple.hpp"

namespace gilpy::runtime {

extern TypeObject kTracebackType;

struct ExceptionObject : Object {
    Ref<TupleObject> args;
    Owned traceback;  // a TracebackObject, or null
    Owned cause;      // null: None
    Owned context;    // null: None
    bool suppress_context = false;
    Ref<DictObject> dict;

    explicit ExceptionObject(TypeObject* t) : Object(t) {}
};

// One traceback entry: a frame's code location at the time the exception passed through it.
// Entries link outermost-first, as CPython's tb_next does.
struct TracebackObject : Object {
    Owned next;  // null: the innermost entry
    Ref<StrObject> filename;
    Ref<StrObject> name;  // the function's name, "<module>" at top level
    int lineno;
    // The failing expression's span, as CPython's co_positions gives it: UTF-8 byte columns
    // (0-based, end exclusive) into the source lines; -1 when unknown. Used for the 3.11 carets.
    int end_lineno = -1;
    int col = -1;
    int end_col = -1;
    // For a NameError, the innermost entry keeps the names the raising frame could see, for the
    // report's "Did you mean" (CPython reads them from tb_frame): a tuple (local variable names
    // tuple, globals dict, builtins dict). Null otherwise.
    Owned name_scopes;
    TracebackObject() : Object(&kTracebackType) {}
};

inline bool is_exception(Value v) {
    return v.is_object() && (v.as_object()->type->flags & kTypeExceptionSubclass);
}
inline bool is_exception_type(Value v) {
    return v.is_object() && (v.as_object()->type->flags & kTypeTypeSubclass) &&
           (v.as<TypeObject>()->flags & kTypeExceptionSubclass);
}

// Creates an instance of [type] (a BaseException subclass) with [args]; runs the type's
// initialisation (attributes from args). Null if raised.
Owned exception_new(ThreadState& ts, TypeObject* type, CallArgs args);

// Prepends a traceback entry for a frame the exception is leaving ([filename], [name], [line]).
// The optional span ([end_lineno], [col], [end_col]: UTF-8 byte columns, -1 unknown) is the
// failing instruction's location; format_exception draws CPython 3.11's carets from it.
void exception_add_traceback(ThreadState& ts, ExceptionObject* exc, StrObject* filename,
                             StrObject* name, int lineno, int end_lineno = -1, int col = -1,
                             int end_col = -1);

// Subclass attributes (StopIteration.value, SystemExit.code, OSError.errno, SyntaxError.lineno,
// ImportError.name, ...) live in the instance dict, set by the type's __init__.
// An attribute of the exception's dict (borrowed), or null.
Value exception_attr(ThreadState& ts, ExceptionObject* exc, std::string_view name);

// Formats a whole exception report exactly as CPython's default excepthook prints it:
// chained exceptions first, "Traceback (most recent call last):", one "  File ..." entry and
// its source line each, then "Type: message".
std::string format_exception(ThreadState& ts, Value exc);

// The "Type: message" line alone (the last line of a traceback), preceded by the
// '  File "x.py", line 3' / source / caret lines for a SyntaxError, and followed by the
// exception's __notes__, as CPython prints them. Ends with a newline.
std::string format_exception_only(ThreadState& ts, Value exc);

// The errno-to-subclass map of PEP 3151 (OSError for an errno with no subclass).
TypeObject* os_error_subclass(int errno_value);

}  // namespace gilpy::runtime
