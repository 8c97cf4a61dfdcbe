// Binding a Python call's arguments to a host function's parameters. Without declared
// parameters a host function is called like a CPython builtin (positional only, exact count);
// with gilpy::arg annotations like a Python function `def area(w, h=2)`: keywords, defaults,
// and the messages of CPython 3.11's argument binding, checked in its order (keywords, then
// the positional count, then what is missing).
#include <fmt/format.h>

#include <string>

#include "embed/host_function.hpp"
#include "runtime/exceptions.hpp"
#include "runtime/thread_state.hpp"
#include "runtime/types/tuple.hpp"

namespace gilpy::embed {

using namespace runtime;

namespace {

bool bind_builtin(ThreadState& ts, const HostCallable& c, CallArgs args, size_t first) {
    if (args.keyword_count() != 0) {
        raisef(ts, &kTypeErrorType, "{}() takes no keyword arguments", c.builtin_name);
        return false;
    }
    size_t want = c.arity - first;
    if (args.nargs == want) return true;
    if (want == 0) {
        raisef(ts, &kTypeErrorType, "{}() takes no arguments ({} given)", c.builtin_name,
               args.nargs);
    } else {
        raisef(ts, &kTypeErrorType, "{}() takes exactly {} argument{} ({} given)", c.builtin_name,
               want, want == 1 ? "" : "s", args.nargs);
    }
    return false;
}

// "'a'", "'a' and 'b'", "'a', 'b', and 'c'" (CPython's format_missing).
std::string name_list(const std::vector<std::string_view>& names) {
    std::string text;
    for (size_t i = 0; i < names.size(); ++i) {
        if (i > 0) text += names.size() == 2 ? " and " : i + 1 == names.size() ? ", and " : ", ";
        text += fmt::format("'{}'", names[i]);
    }
    return text;
}

// [slots] receives one value per declared parameter (null: not given).
bool bind_python(ThreadState& ts, const HostCallable& c, CallArgs args, size_t first,
                 std::vector<Value>& slots) {
    const size_t n = c.names.size();
    slots.assign(n, Value::null());
    for (size_t i = 0; i < args.nargs && i < n; ++i)
        slots[i] = args[i];
    for (size_t k = 0; k < args.keyword_count(); ++k) {
        auto* key = args.kwnames->items[k].as<StrObject>();
        size_t at = n;
        for (size_t i = 0; i < n && at == n; ++i) {
            if (c.names[i].get() == key || c.names[i]->view() == key->view()) at = i;
        }
        if (at == n) {
            raisef(ts, &kTypeErrorType, "{}() got an unexpected keyword argument '{}'",
                   c.python_name, key->view());
            return false;
        }
        if (!slots[at].is_null()) {
            raisef(ts, &kTypeErrorType, "{}() got multiple values for argument '{}'", c.python_name,
                   key->view());
            return false;
        }
        slots[at] = args.keyword_value(k);
    }
    const size_t required = n - c.defaults.size();
    if (args.nargs > n) {
        // A method counts its instance, as CPython does for `def scale(self, k)`.
        size_t given = args.nargs + first;
        std::string takes =
            c.defaults.empty()
                ? fmt::format("{} positional argument{}", n + first, n + first == 1 ? "" : "s")
                : fmt::format("from {} to {} positional arguments", required + first, n + first);
        raisef(ts, &kTypeErrorType, "{}() takes {} but {} {} given", c.python_name, takes, given,
               given == 1 ? "was" : "were");
        return false;
    }
    std::vector<std::string_view> missing;
    for (size_t i = 0; i < required; ++i) {
        if (slots[i].is_null()) missing.push_back(c.names[i]->view());
    }
    if (!missing.empty()) {
        raisef(ts, &kTypeErrorType, "{}() missing {} required positional argument{}: {}",
               c.python_name, missing.size(), missing.size() == 1 ? "" : "s", name_list(missing));
        return false;
    }
    for (size_t i = required; i < n; ++i) {
        if (slots[i].is_null()) slots[i] = c.defaults[i - required].get();
    }
    return true;
}

}  // namespace

bool bind_host_arguments(ThreadState& ts, const HostCallable& c, Value self, CallArgs args,
                         std::vector<Value>& out) {
    const size_t first = c.method ? 1 : 0;
    out.clear();
    out.reserve(c.arity);
    if (c.method) out.push_back(self);
    if (c.names.empty()) {
        if (!bind_builtin(ts, c, args, first)) return false;
        for (size_t i = 0; i < args.nargs; ++i)
            out.push_back(args[i]);
        return true;
    }
    std::vector<Value> slots;
    if (!bind_python(ts, c, args, first, slots)) return false;
    out.insert(out.end(), slots.begin(), slots.end());
    return true;
}

}  // namespace gilpy::embed
