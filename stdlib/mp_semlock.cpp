// Part of _multiprocessing (stdlib/multiprocessing.hpp); being written.
#include "stdlib/multiprocessing.hpp"

namespace gilpy::stdlib {

bool add_semlock(runtime::ThreadState&, runtime::ModuleObject*) {
    return true;
}

}  // namespace gilpy::stdlib
