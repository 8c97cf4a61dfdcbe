// Host functions: a Python-callable object wrapping a C++ callable (gilpy::Module::def, and the
// bound methods and property accessors of gilpy::class_). A call binds the arguments (embed/
// host_arguments.cpp), runs the type-erased C++ body with the calling Python thread as the API's
// current thread, and turns C++ exceptions into Python exceptions a script can catch.
#include "embed/host_function.hpp"

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
    std::shared_ptr<const embed::HostCallable> callable;
    Owned self;  // bound methods: the instance; null for module functions and accessors

    HostFunctionObject(TypeObject* t, std::shared_ptr<const embed::HostCallable> c, Owned s)
        : runtime::Object(t), callable(std::move(c)), self(std::move(s)) {}
};

extern TypeObject kHostFunctionType;

void host_function_dealloc(runtime::Object* self) {
    delete static_cast<HostFunctionObject*>(self);
}

Owned host_function_repr(ThreadState&, Value self) {
    auto* fn = self.as<HostFunctionObject>();
    if (!fn->self) return new_str(fmt::format("<built-in function {}>", fn->callable->name));
    return new_str(fmt::format("<built-in method {} of {} object at {:#x}>", fn->callable->name,
                               type_name(fn->self.get()),
                               reinterpret_cast<uintptr_t>(fn->self.get().as_object())));
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

// An argument that did not convert: CPython's "f() argument 1 must be int, not str" (or
// "argument 'h'" for a declared parameter), replacing the converter's TypeError.
Owned raise_argument_error(ThreadState& ts, const embed::HostCallable& c,
                           const detail::ArgumentError& e, Value arg) {
    if (!ts.has_exception()) raise(ts, &kSystemErrorType, "argument conversion failed");
    size_t first = c.method ? 1 : 0;
    if (c.keep_conversion_error || e.index < first || !exception_matches(ts, &kTypeErrorType)) {
        return nullptr;
    }
    Owned exc = fetch_exception(ts);
    std::string expected =
        e.expected ? std::string(e.expected) : embed::registered_class_name(ts, *e.cls);
    size_t param = e.index - first;
    if (c.names.empty()) {
        return raisef(ts, &kTypeErrorType, "{}() argument {} must be {}, not {}", c.builtin_name,
                      param + 1, expected, type_name(arg));
    }
    return raisef(ts, &kTypeErrorType, "{}() argument '{}' must be {}, not {}", c.python_name,
                  c.names[param]->view(), expected, type_name(arg));
}

Owned host_function_call(ThreadState& ts, Value callable, CallArgs args) {
    auto* fn = callable.as<HostFunctionObject>();
    // Keep the function alive while it runs (a script may drop its last reference).
    Owned keep = Owned::borrow(callable);
    return embed::call_host(ts, *fn->callable, fn->self ? fn->self.get() : Value::null(), args);
}

Owned host_function_name(ThreadState&, Value self) {
    return new_str(self.as<HostFunctionObject>()->callable->name);
}

Owned host_function_qualname(ThreadState&, Value self) {
    return new_str(self.as<HostFunctionObject>()->callable->qualname);
}

Owned host_function_module(ThreadState&, Value self) {
    const std::string& module = self.as<HostFunctionObject>()->callable->module;
    if (module.empty()) return Owned::none();
    return new_str(module);
}

Owned host_function_doc(ThreadState&, Value self) {
    const std::string& doc = self.as<HostFunctionObject>()->callable->doc;
    if (doc.empty()) return Owned::none();
    return new_str(doc);
}

Owned host_function_self(ThreadState&, Value self) {
    auto* fn = self.as<HostFunctionObject>();
    return fn->self ? fn->self : Owned::none();
}

const GetSetDef kHostFunctionGetSet[] = {
    {"__name__", host_function_name},     {"__qualname__", host_function_qualname},
    {"__module__", host_function_module}, {"__doc__", host_function_doc},
    {"__self__", host_function_self},     {nullptr, nullptr},
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

Owned embed::call_host(ThreadState& ts, const HostCallable& c, Value self, CallArgs args) {
    std::vector<Value> bound;
    if (!bind_host_arguments(ts, c, self, args, bound)) return nullptr;
    embed::CurrentThreadScope scope(&ts);
    embed::enter_host_call();
    struct Leave {
        ~Leave() { embed::leave_host_call(); }
    } leave;
    std::vector<gilpy::Object> in;
    in.reserve(bound.size());
    for (Value v : bound)
        in.push_back(embed::borrow_object(v));
    try {
        gilpy::Object result = c.thunk(in.data());
        return Owned::borrow(embed::value_of(result));
    } catch (const detail::ArgumentError& e) {
        return raise_argument_error(ts, c, e, bound[e.index]);
    } catch (const ScriptError& e) {
        return raise_script_error(ts, e);
    } catch (const std::invalid_argument& e) {
        return raise(ts, &kValueErrorType, e.what());
    } catch (const std::domain_error& e) {
        return raise(ts, &kValueErrorType, e.what());
    } catch (const std::out_of_range& e) {
        return raise(ts, &kIndexErrorType, e.what());
    } catch (const std::overflow_error& e) {
        return raise(ts, &kOverflowErrorType, e.what());
    } catch (const std::bad_alloc&) {
        clear_exception(ts);
        return raise_empty(ts, &kMemoryErrorType);
    } catch (const std::exception& e) {
        return raise(ts, &kRuntimeErrorType, e.what());
    } catch (...) {
        return raise(ts, &kRuntimeErrorType, "unknown C++ exception");
    }
}

std::shared_ptr<const embed::HostCallable> embed::make_host_callable(ThreadState& ts,
                                                                     HostCallable base,
                                                                     detail::FunctionInfo info,
                                                                     detail::HostThunk thunk) {
    auto c = std::make_shared<HostCallable>(std::move(base));
    c->doc = std::move(info.doc);
    c->arity = info.arity;
    c->thunk = std::move(thunk);
    for (const detail::ParamSpec& p : info.params) {
        // Python refuses these at compile time (SyntaxError); a host learns it at def().
        for (const auto& seen : c->names) {
            if (seen->view() == p.name) {
                throw std::invalid_argument("gilpy: duplicate argument '" + p.name + "' in " +
                                            c->python_name + "()");
            }
        }
        if (!p.has_default && !c->defaults.empty()) {
            throw std::invalid_argument("gilpy: non-default argument '" + p.name +
                                        "' follows default argument in " + c->python_name + "()");
        }
        c->names.push_back(Ref<StrObject>::borrow(ts.interp.intern(p.name)));
        if (p.has_default) c->defaults.push_back(Owned::borrow(embed::value_of(p.default_value)));
    }
    return c;
}

Owned embed::new_host_function(std::shared_ptr<const HostCallable> c, Owned self) {
    ready_static_type(&kHostFunctionType, nullptr);
    return make_object<HostFunctionObject>(&kHostFunctionType, std::move(c), std::move(self));
}

void Module::add_function(std::string_view name, detail::FunctionInfo info,
                          detail::HostThunk thunk) {
    ThreadState& ts = embed::require_thread();
    Owned module_name = get_attr(ts, embed::value_of(module_), ts.interp.intern("__name__"));
    if (!module_name) embed::throw_script_error(ts);
    embed::HostCallable base;
    base.name = base.qualname = base.builtin_name = base.python_name = std::string(name);
    if (is_str(module_name.get())) base.module = module_name.get().as<StrObject>()->view();
    auto callable =
        embed::make_host_callable(ts, std::move(base), std::move(info), std::move(thunk));
    module_.set_attr(name, embed::to_object(embed::new_host_function(std::move(callable), {})));
}

Module& Module::add(std::string_view name, const gilpy::Object& value) {
    module_.set_attr(name, value);
    return *this;
}

}  // namespace gilpy
