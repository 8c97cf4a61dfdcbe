// InterpreterState: creation (after the process-wide type bootstrap) and string interning.
#include "runtime/interpreter_state.hpp"

#include "runtime/thread_state.hpp"
#include "runtime/types/dict.hpp"
#include "runtime/types/heap_type.hpp"
#include "runtime/types/str.hpp"

namespace gilpy::runtime {

InterpreterState::InterpreterState() {
    bootstrap_types();
    modules = new_dict();
    builtins = new_dict();
    main_thread_ = std::make_unique<ThreadState>(*this);
}

InterpreterState::~InterpreterState() {
    // Module dicts reference functions whose globals reference the dicts: break those cycles
    // (there is no cycle collector yet) by clearing every module dict, then the registry.
    if (modules) {
        int64_t pos = 0;
        Value key, value;
        std::vector<Owned> keep;
        while (dict_next(modules.get(), &pos, &key, &value)) keep.push_back(Owned::borrow(value));
        dict_clear(modules.get());
        for (Owned& m : keep) {
            if (Ref<DictObject>* d = type_of(m.get())->instance_dict
                                         ? type_of(m.get())->instance_dict(m.get().as_object())
                                         : nullptr;
                d && *d) {
                dict_clear(d->get());
            }
        }
    }
    if (builtins) dict_clear(builtins.get());
    clear_heap_types(*main_thread_);
    main_thread_->exc = nullptr;
    main_thread_->handled.clear();
}

StrObject* InterpreterState::intern(std::string_view text) {
    auto it = interned_.find(text);
    if (it != interned_.end()) return it->second.get();
    Ref<StrObject> s = new_str(text);
    if (!s->interned) s->interned = true;  // shared immortal singletons already are
    StrObject* raw = s.get();
    interned_.emplace(raw->view(), std::move(s));
    return raw;
}

}  // namespace gilpy::runtime
