// Exception subclasses created at run time for native modules (see exception_subclass.hpp).
#include "runtime/types/exception_subclass.hpp"

#include "runtime/types/dict.hpp"
#include "runtime/types/function.hpp"
#include "runtime/types/str.hpp"
#include "runtime/types/tuple.hpp"

namespace gilpy::runtime {

TypeObject* new_exception_subclass(const ExceptionSubclassSpec& spec) {
    TypeObject* base = spec.base;
    // The base's slots (already completed by bootstrap's inheritance) are the subclass's; only
    // the table-driven parts (methods, getset) are the subclass's own, as its MRO finds the
    // base's through the base's dict.
    TypeSlots slots = static_cast<const TypeSlots&>(*base);
    if (spec.init) slots.init = spec.init;
    if (spec.str) slots.str = spec.str;
    slots.methods = spec.methods;
    slots.getset = spec.getset;
    auto* t = new TypeObject(spec.name, base, base->flags & ~kTypeHeap, slots);
    ready_static_type(t, spec.module);
    return t;
}

}  // namespace gilpy::runtime
