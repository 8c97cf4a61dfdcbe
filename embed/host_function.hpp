// Host functions: the Python-callable side of a C++ callable a host binds with Module::def or
// class_::def (embed/host_function.cpp), the binding of Python call arguments to its declared
// parameters (embed/host_arguments.cpp), and the method descriptor of class_ methods
// (embed/host_method.cpp).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "gilpy/gilpy.hpp"
#include "runtime/type_object.hpp"
#include "runtime/types/str.hpp"

namespace gilpy::embed {

// What one host function is, shared by its function objects (bound or not) and its method
// descriptor. Immutable once made; its Python values are released with the GIL held (by the
// deallocation of the last object using it).
struct HostCallable {
    std::string name;          // __name__
    std::string qualname;      // __qualname__: "Vec.length" for methods
    std::string module;        // __module__
    std::string doc;           // __doc__ (empty: None)
    std::string builtin_name;  // names it in builtin-style messages: "area", "Vec.length", "Vec"
    std::string python_name;   // and in Python-style ones: "area", "Vec.scale", "Vec.__init__"
    size_t arity = 0;          // C++ parameters, the instance of a method included
    bool method = false;       // parameter 0 is the instance, passed apart from the arguments
    bool keep_conversion_error = false;  // property setters: the converter's own TypeError
    // Declared parameters (gilpy::arg) after the instance; empty: builtin-style calls.
    std::vector<runtime::Ref<runtime::StrObject>> names;
    std::vector<runtime::Owned> defaults;  // of the last defaults.size() parameters
    detail::HostThunk thunk;
};

// Makes a callable from def()'s description; the parameter names and defaults must follow
// Python's rules (std::invalid_argument otherwise). Needs the GIL.
std::shared_ptr<const HostCallable> make_host_callable(runtime::ThreadState& ts, HostCallable base,
                                                       detail::FunctionInfo info,
                                                       detail::HostThunk thunk);

// Binds a call's arguments to [c]'s parameters, as a builtin or (with declared parameters) as
// a Python function, with CPython's messages: fills [out] with arity values (borrowed; [self]
// first for methods). False: TypeError raised.
bool bind_host_arguments(runtime::ThreadState& ts, const HostCallable& c, runtime::Value self,
                         runtime::CallArgs args, std::vector<runtime::Value>& out);

// Calls [c]: binds the arguments, runs the C++ body with [ts] as the API's current thread, and
// turns C++ exceptions into Python ones. [self] is the instance for methods (null otherwise).
runtime::Owned call_host(runtime::ThreadState& ts, const HostCallable& c, runtime::Value self,
                         runtime::CallArgs args);

// A builtin_function_or_method object for [c], bound to [self] (null: a module function).
runtime::Owned new_host_function(std::shared_ptr<const HostCallable> c, runtime::Owned self);

// A method_descriptor object for the method [c] of [owner].
runtime::Owned new_host_method(std::shared_ptr<const HostCallable> c, runtime::TypeObject* owner);

// The name a registered C++ class has in messages ("game.Vec"), or the C++ name when the
// interpreter has no class for it.
std::string registered_class_name(runtime::ThreadState& ts, const detail::ClassOps& ops);

}  // namespace gilpy::embed
