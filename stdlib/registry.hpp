// The registry of native modules (listed once in stdlib/modules.def) and frozen Python modules
// (stdlib/lib/*.py, compiled into the binary), and the set-up of an interpreter's builtins.
// The import system (embed/) asks this registry first, then searches sys.path.
#pragma once

#include <string_view>

#include "runtime/thread_state.hpp"
#include "runtime/types/module.hpp"

namespace gilpy::stdlib {

using runtime::ModuleObject;
using runtime::Ref;
using runtime::ThreadState;

// Creates and fills a native module; null if raised. Called once per interpreter per module.
using ModuleInit = Ref<ModuleObject> (*)(ThreadState& ts);

struct NativeModule {
    const char* name;  // the Python name, e.g. "_thread"
    ModuleInit init;
};

// The native module called [name], or null.
const NativeModule* find_native_module(std::string_view name);

// The frozen source of the module [name] (and whether it is a package), or null.
struct FrozenModule;
const FrozenModule* find_frozen_module(std::string_view name);

// Fills ts.interp.builtins with the builtins module's functions, types and exceptions, and
// creates the `builtins` and `sys` modules in sys.modules. False if raised.
[[nodiscard]] bool init_interpreter_modules(ThreadState& ts);

}  // namespace gilpy::stdlib
