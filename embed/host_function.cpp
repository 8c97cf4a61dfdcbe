// Host functions: a Python-callable object wrapping a C++ callable (gilpy::Module::def). The
// call slot checks the argument count like CPython's builtins, runs the type-erased C++ body
// with the calling Python thread as the API's current thread, and turns C++ exceptions into
// Python exceptions a script can catch.
#include <fmt/format.h>

#include <exception>
#include <new>
#include <stdexcept>
#include <string>

#include "embed/context.hpp"
#include "gilpy/gilpy.hpp"
#include "runtime/abstract.hpp"
#include "runtime/exceptions.hpp"
#include "runtime/interpreter_state.hpp"
#include "runtime/types/dict.hpp"
#include "runtime/types/module.hpp"
#include "runtime/types/str.hpp"
#include "runtime/types/tuple.hpp"

namespace gilpy {

using namespace runtime;

namespace {

struct HostFunctionObject : runtime::Object {
    std::string name;
    std::string module;
    std::string doc;
    size_t arity;
    detail::HostThunk thunk;

    HostFunctionObject(TypeObject* t, std::string n, std::string m, std::string d, size_t a,
                       detail::HostThunk f)
        : runtime::Object(t),
          name(std::move(n)),
          module(std::move(m)),
          doc(std::move(d)),
          arity(a),
          thunk(std::move(f)) {}
};

extern TypeObject kHostFunctionType;

void host_function_dealloc(runtime::Object* self) {
    delete static_cast<HostFunctionObject*>(self);
}

Owned host_function_repr(ThreadState&, Value self) {
    return new_str(fmt::format("<built-in function {}>", self.as<HostFunctionObject>()->name));
}

// Raises [type] with a C++ exception's what() as the message.
Owned raise_from_cpp(ThreadState& ts, TypeObject* type, std::string_view message) {
    return raise(ts, type, message);
}

// A ScriptError thrown by host code without a relayed exception (e.g. built by the host, or
// caught and rethrown across host calls): re-raise the builtin exception type of that name.
Owned raise_script_error(ThreadState& ts, const ScriptError& e) {
    if (embed::restore_script_error(ts, e)) return nullptr;
    Value type = dict_get_str(ts.interp.builtins.get(), ts.interp.intern(e.type_name()));
    if (!type.is_null() && is_instance(type, &kTypeType) &&
        is_subtype(type.as<TypeObject>(), &kBaseExceptionType)) {
        return raise(ts, type.as<TypeObject>(), e.message());
    }
    return raise(ts, &kRuntimeErrorType, e.type_name() + ": " + e.message());
}

Owned host_function_call(ThreadState& ts, Value callable, CallArgs args) {
    auto* fn = callable.as<HostFunctionObject>();
    if (args.keyword_count() != 0) {
        return raisef(ts, &kTypeErrorType, "{}() takes no keyword arguments", fn->name);
    }
    if (args.nargs != fn->arity) {
        if (fn->arity == 0) {
            return raisef(ts, &kTypeErrorType, "{}() takes no arguments ({} given)", fn->name,
                          args.nargs);
        }
        return raisef(ts, &kTypeErrorType, "{}() takes exactly {} argument{} ({} given)", fn->name,
                      fn->arity, fn->arity == 1 ? "" : "s", args.nargs);
    }
    embed::CurrentThreadScope scope(&ts);
    embed::enter_host_call();
    struct Leave {
        ~Leave() { embed::leave_host_call(); }
    } leave;
    std::vector<gilpy::Object> in;
    in.reserve(args.nargs);
    for (size_t i = 0; i < args.nargs; ++i)
        in.push_back(embed::borrow_object(args[i]));
    // Keep the function alive while it runs (a script may drop its last reference).
    Owned keep = Owned::borrow(callable);
    try {
        gilpy::Object result = fn->thunk(in.data());
        return Owned::borrow(embed::value_of(result));
    } catch (const detail::ArgumentError& e) {
        if (!ts.has_exception()) raise(ts, &kSystemErrorType, "argument conversion failed");
        if (exception_matches(ts, &kTypeErrorType)) {
            Owned exc = fetch_exception(ts);
            raisef(ts, &kTypeErrorType, "{}() argument {} must be {}, not {}", fn->name,
                   e.index + 1, e.expected, type_name(args[e.index]));
        }
        return nullptr;
    } catch (const ScriptError& e) {
        return raise_script_error(ts, e);
    } catch (const std::invalid_argument& e) {
        return raise_from_cpp(ts, &kValueErrorType, e.what());
    } catch (const std::domain_error& e) {
        return raise_from_cpp(ts, &kValueErrorType, e.what());
    } catch (const std::out_of_range& e) {
        return raise_from_cpp(ts, &kIndexErrorType, e.what());
    } catch (const std::overflow_error& e) {
        return raise_from_cpp(ts, &kOverflowErrorType, e.what());
    } catch (const std::bad_alloc&) {
        clear_exception(ts);
        return raise_empty(ts, &kMemoryErrorType);
    } catch (const std::exception& e) {
        return raise_from_cpp(ts, &kRuntimeErrorType, e.what());
    } catch (...) {
        return raise_from_cpp(ts, &kRuntimeErrorType, "unknown C++ exception");
    }
}

Owned host_function_name(ThreadState&, Value self) {
    return new_str(self.as<HostFunctionObject>()->name);
}

Owned host_function_qualname(ThreadState&, Value self) {
    return new_str(self.as<HostFunctionObject>()->name);
}

Owned host_function_module(ThreadState&, Value self) {
    return new_str(self.as<HostFunctionObject>()->module);
}

Owned host_function_doc(ThreadState&, Value self) {
    auto* fn = self.as<HostFunctionObject>();
    if (fn->doc.empty()) return Owned::none();
    return new_str(fn->doc);
}

const GetSetDef kHostFunctionGetSet[] = {
    {"__name__", host_function_name},
    {"__qualname__", host_function_qualname},
    {"__module__", host_function_module},
    {"__doc__", host_function_doc},
    {nullptr, nullptr},
};

// Same type name as CPython's builtins, so type(host.f).__name__ reads as it would there.
constinit TypeObject kHostFunctionType("builtin_function_or_method", &kObjectType, 0,
                                       {
                                           .dealloc = host_function_dealloc,
                                           .repr = host_function_repr,
                                           .call = host_function_call,
                                           .getset = kHostFunctionGetSet,
                                       });

}  // namespace

void Module::add_function(std::string_view name, std::string_view doc, size_t arity,
                          detail::HostThunk thunk) {
    ThreadState& ts = embed::require_thread();
    ready_static_type(&kHostFunctionType, nullptr);
    Owned module_name = get_attr(ts, embed::value_of(module_), ts.interp.intern("__name__"));
    if (!module_name) embed::throw_script_error(ts);
    std::string mod = is_str(module_name.get())
                          ? std::string(module_name.get().as<StrObject>()->view())
                          : std::string();
    Ref<HostFunctionObject> fn = make_object<HostFunctionObject>(
        &kHostFunctionType, std::string(name), mod, std::string(doc), arity, std::move(thunk));
    module_.set_attr(name, embed::to_object(Owned(std::move(fn))));
}

Module& Module::add(std::string_view name, const gilpy::Object& value) {
    module_.set_attr(name, value);
    return *this;
}

}  // namespace gilpy
