// Raising and inspecting script exceptions: the pending exception lives in the ThreadState
// (STYLE 3.10), and a new exception raised while another is handled records it as __context__
// (CPython's _PyErr_SetObject, including its cycle breaking).
#include "runtime/exceptions.hpp"

#include <cerrno>
#include <cstring>
#include <new>

#include "runtime/abstract.hpp"
#include "runtime/assert.hpp"
#include "runtime/interpreter_state.hpp"
#include "runtime/types/exception.hpp"
#include "runtime/types/str.hpp"
#include "runtime/types/tuple.hpp"

namespace gilpy::runtime {

namespace {

// The exception being handled innermost (None entries mark handlers with nothing active), or
// null: CPython's _PyErr_GetTopmostException.
Value topmost_handled(ThreadState& ts) {
    for (auto it = ts.handled.rbegin(); it != ts.handled.rend(); ++it) {
        Value v = it->get();
        if (!v.is_null() && !v.is_none()) return v;
    }
    return Value::null();
}

ExceptionObject* context_of(ExceptionObject* e) {
    Value c = e->context.get();
    return is_exception(c) ? c.as<ExceptionObject>() : nullptr;
}

// Creates [type](*args) and makes it pending. Builtin exception types are built directly (no
// call dispatch); classes defined in Python go through their __new__/__init__.
std::nullptr_t raise_args(ThreadState& ts, TypeObject* type, const Value* args, size_t n) {
    Owned exc;
    try {
        CallArgs call_args{args, n, nullptr};
        exc = (type->flags & kTypeHeap) ? call(ts, Value::from_object(type), call_args)
                                        : exception_new(ts, type, call_args);
    } catch (const std::bad_alloc&) {
        // Out of memory while raising: the MemoryError itself may not be creatable.
        if (type == &kMemoryErrorType) fatal_error("out of memory while raising MemoryError");
        return raise_empty(ts, &kMemoryErrorType);
    }
    if (!exc) return nullptr;  // creating it raised (a broken __init__)
    if (!is_exception(exc.get())) {
        return raisef(ts, &kTypeErrorType,
                      "calling {} should have returned an instance of BaseException, not {}",
                      type->name, type_name(exc.get()));
    }
    return set_exception(ts, std::move(exc));
}

}  // namespace

std::nullptr_t set_exception(ThreadState& ts, Owned exc) {
    Value value = exc.get();
    Value handled = topmost_handled(ts);
    if (!handled.is_null() && !handled.is(value) && is_exception(value) && is_exception(handled)) {
        // Avoid a reference cycle: if [value] is already in the context chain of the handled
        // exception, cut the chain there. Floyd's tortoise stops on a pre-existing cycle.
        ExceptionObject* o = handled.as<ExceptionObject>();
        ExceptionObject* slow = o;
        bool advance_slow = false;
        while (ExceptionObject* context = context_of(o)) {
            if (context == value.as_object()) {
                o->context = nullptr;
                break;
            }
            o = context;
            if (o == slow) break;
            if (advance_slow) slow = context_of(slow);
            advance_slow = !advance_slow;
        }
        value.as<ExceptionObject>()->context = Owned::borrow(handled);
    }
    ts.exc = std::move(exc);
    return nullptr;
}

Owned new_exception(ThreadState& ts, TypeObject* type, std::string_view message) {
    Owned text = new_str(message);
    Value arg = text.get();
    CallArgs args{&arg, 1, nullptr};
    if (type->flags & kTypeHeap) return call(ts, Value::from_object(type), args);
    return exception_new(ts, type, args);
}

std::nullptr_t raise(ThreadState& ts, TypeObject* type, std::string_view message) {
    Owned text = new_str(message);
    Value arg = text.get();
    return raise_args(ts, type, &arg, 1);
}

std::nullptr_t raise_with_value(ThreadState& ts, TypeObject* type, Value arg) {
    return raise_args(ts, type, &arg, 1);
}

std::nullptr_t raise_empty(ThreadState& ts, TypeObject* type) {
    return raise_args(ts, type, nullptr, 0);
}

std::nullptr_t raise_os_error(ThreadState& ts, int errno_value, Value filename) {
    Owned text = new_str(std::strerror(errno_value));
    Value args[3] = {Value::from_int(errno_value), text.get(), filename};
    return raise_args(ts, os_error_subclass(errno_value), args, filename.is_null() ? 2 : 3);
}

bool exception_matches(ThreadState& ts, TypeObject* type) {
    return ts.has_exception() && is_subtype(type_of(ts.exc.get()), type);
}

Owned fetch_exception(ThreadState& ts) {
    return std::exchange(ts.exc, Owned());
}

const char* type_name(Value v) {
    return type_of(v)->name;
}

std::nullptr_t raise_recursion_error(ThreadState& ts, const char* what) {
    std::string message = "maximum recursion depth exceeded";
    if (what) message += what;
    // Creating the exception needs a little headroom above the limit (CPython allows 50).
    ts.python_depth -= 50;
    ts.native_depth -= 50;
    raise(ts, &kRecursionErrorType, message);
    ts.python_depth += 50;
    ts.native_depth += 50;
    return nullptr;
}

}  // namespace gilpy::runtime
