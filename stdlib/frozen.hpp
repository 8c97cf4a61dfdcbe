// Frozen modules: Python sources from stdlib/lib compiled into the binary at build time.
#pragma once

namespace gilpy::stdlib {

// One frozen module. The table ends with an entry whose name is null.
struct FrozenModule {
    const char* name;    // dotted module name, e.g. "queue"
    bool is_package;     // true for lib/<name>/__init__.py
    const char* source;  // the module's source text
};

// Generated into the build tree by cmake/freeze_modules.cmake.
extern const FrozenModule kFrozenModules[];

}  // namespace gilpy::stdlib
