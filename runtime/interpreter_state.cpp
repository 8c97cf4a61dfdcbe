// InterpreterState: creation (after the process-wide type bootstrap) and string interning.
#include "runtime/interpreter_state.hpp"

#include <pthread.h>
#include <unistd.h>

#include "runtime/blocking.hpp"
#include "runtime/thread_state.hpp"
#include "runtime/types/dict.hpp"
#include "runtime/types/heap_type.hpp"
#include "runtime/types/str.hpp"

namespace gilpy::runtime {

InterpreterState::InterpreterState() : gil(new Gil(eval_breaker)) {
    bootstrap_types();
    modules = new_dict();
    builtins = new_dict();
    main_thread_ = std::make_unique<ThreadState>(*this);
    ThreadState& main = *main_thread_;
    main.is_main = true;
    main.gil = gil;
    main.ident = static_cast<uint64_t>(pthread_self());
    main.native_id = static_cast<int64_t>(gettid());
    threads.push_back(&main);
    start_ns = monotonic_ns();
    // The thread that creates the interpreter holds its GIL until it blocks or ends.
    gil->acquire(main);
}

InterpreterState::~InterpreterState() {
    // Threads still running (daemon threads) must never again take this GIL.
    gil->finalize();
    forget_signal_target(*this);
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
    // A daemon thread blocked outside the GIL will look at the GIL when it wakes: keep it.
    if (threads.size() <= 1) delete gil;
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
