// The module registry: the native modules of stdlib/modules.def, the frozen modules generated
// from stdlib/lib, and the creation of an interpreter's `builtins` and `sys` modules.
#include "stdlib/registry.hpp"

#include "runtime/exceptions.hpp"
#include "runtime/interpreter_state.hpp"
#include "runtime/types/dict.hpp"
#include "stdlib/frozen.hpp"

namespace gilpy::stdlib {

#define GILPY_MODULE(pyname, init) Ref<ModuleObject> init(ThreadState& ts);
#include "stdlib/modules.def"
#undef GILPY_MODULE

namespace {

const NativeModule kNativeModules[] = {
#define GILPY_MODULE(pyname, init) {pyname, init},
#include "stdlib/modules.def"
#undef GILPY_MODULE
};

}  // namespace

const NativeModule* find_native_module(std::string_view name) {
    for (const NativeModule& m : kNativeModules) {
        if (name == m.name) return &m;
    }
    return nullptr;
}

// An empty stdlib/lib generates a table holding only the terminator, so this loop is safe.
const FrozenModule* find_frozen_module(std::string_view name) {
    for (const FrozenModule* m = kFrozenModules; m->name; ++m) {
        if (name == m->name) return m;
    }
    return nullptr;
}

bool init_interpreter_modules(ThreadState& ts) {
    runtime::InterpreterState& interp = ts.interp;
    Ref<ModuleObject> builtins = init_builtins_module(ts);
    if (!builtins) return false;
    // Every frame's builtins are this module's dict, so `import builtins; builtins.x = 1`
    // makes x visible everywhere, as in CPython.
    interp.builtins = builtins->dict;
    auto module_value = [](ModuleObject* m) { return runtime::Value::from_object(m); };
    if (!runtime::dict_set_str(ts, interp.modules.get(), "builtins",
                               module_value(builtins.get()))) {
        return false;
    }
    Ref<ModuleObject> sys = init_sys_module(ts);
    if (!sys) return false;
    return runtime::dict_set_str(ts, interp.modules.get(), "sys", module_value(sys.get()));
}

}  // namespace gilpy::stdlib
