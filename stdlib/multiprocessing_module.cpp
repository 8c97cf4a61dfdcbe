// _multiprocessing: assembles the module from its parts (stdlib/multiprocessing.hpp).
#include "stdlib/multiprocessing.hpp"

#include "stdlib/registry.hpp"

namespace gilpy::stdlib {

using namespace runtime;

Ref<ModuleObject> init_multiprocessing_module(ThreadState& ts) {
    Ref<ModuleObject> m = new_module(ts, "_multiprocessing");
    if (!m) return nullptr;
    if (!add_semlock(ts, m.get()) || !add_shared_memory(ts, m.get()) ||
        !add_connection(ts, m.get())) {
        return nullptr;
    }
    return m;
}

}  // namespace gilpy::stdlib
