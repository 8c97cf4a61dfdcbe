// The import system (the composition root's job: it sees the compiler and the module registry):
// sys.modules, native and frozen modules from stdlib's registry, then .py files and packages
// found on sys.path. Installed as InterpreterHooks::import.
#pragma once

#include "runtime/thread_state.hpp"
#include "runtime/types/dict.hpp"
#include "runtime/types/str.hpp"

namespace gilpy::embed {

// Imports [name] (absolute, or relative to the package of [globals] when [level] > 0) and
// returns the named module itself (not its top-level package). Null with ImportError /
// ModuleNotFoundError (or the module's own exception) pending on failure.
runtime::Owned import_module(runtime::ThreadState& ts, runtime::StrObject* name,
                             runtime::DictObject* globals, int level);

// Compiles [source] and runs it in a new module [name] registered in sys.modules first (so
// circular imports see it); removes it again if the body raises.
runtime::Owned exec_module_source(runtime::ThreadState& ts, std::string_view name,
                                  std::string_view source, std::string_view filename,
                                  bool is_package);

}  // namespace gilpy::embed
