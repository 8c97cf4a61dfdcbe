// _thread: OS threads running Python functions, and the two lock types everything else in
// threading is built from. Every wait goes through the blocking seam (runtime/blocking.hpp), so
// it releases the GIL, counts as blocked time, and lets Ctrl-C interrupt the main thread.
#include <fmt/format.h>
#include <pthread.h>
#include <unistd.h>

#include <atomic>
#include <climits>
#include <cmath>
#include <condition_variable>
#include <mutex>

#include "runtime/abstract.hpp"
#include "runtime/args.hpp"
#include "runtime/blocking.hpp"
#include "runtime/exceptions.hpp"
#include "runtime/fork.hpp"
#include "runtime/interpreter_state.hpp"
#include "runtime/types/dict.hpp"
#include "runtime/types/exception.hpp"
#include "runtime/types/file.hpp"
#include "runtime/types/float.hpp"
#include "runtime/types/int.hpp"
#include "runtime/types/module.hpp"
#include "runtime/types/str.hpp"
#include "runtime/types/tuple.hpp"
#include "stdlib/registry.hpp"

namespace gilpy::stdlib {

using namespace runtime;

extern TypeObject kLockType;
extern TypeObject kRLockType;

namespace {

// The largest timeout a wait accepts, as CPython's PY_TIMEOUT_MAX in seconds.
constexpr double kTimeoutMax = static_cast<double>(LLONG_MAX / 1000) / 1e6;

// The state both lock types share. Taking a free lock and releasing one nobody waits for are
// single atomic operations (the common, uncontended case); only a thread that must wait uses
// the mutex and condition, and waits without the GIL.
struct LockState {
    std::atomic<bool> locked{false};
    std::atomic<int> waiters{0};
    // The fork generation the mutex, condition and waiter count belong to (runtime/fork.hpp).
    uint32_t generation = fork_generation();
    std::mutex mutex;
    std::condition_variable cond;

    bool try_take() {
        bool expected = false;
        return locked.compare_exchange_strong(expected, true, std::memory_order_acquire);
    }

    // Before the slow paths touch the mutex, condition or waiter count, with the GIL held: in
    // a forked child, the threads that were waiting (and may have held the mutex) do not exist,
    // and a signal to the condition could wait for them forever. Whoever uses them in this
    // generation passed here first, so nobody uses them while they are made anew.
    void enter_generation() {
        if (generation == fork_generation()) return;
        new (&mutex) std::mutex;
        new (&cond) std::condition_variable;
        waiters.store(0);
        generation = fork_generation();
    }
};

struct LockObject : Object {
    LockState state;
    explicit LockObject(TypeObject* t) : Object(t) {}
};

struct RLockObject : Object {
    LockState state;
    uint64_t owner = 0;  // ident of the owning thread (0: none)
    int64_t count = 0;
    explicit RLockObject(TypeObject* t) : Object(t) {}
};

// acquire(blocking=True, timeout=-1) arguments, with CPython's checks. *deadline is -1 for an
// unbounded wait, else a monotonic time (now, for a non-blocking try).
bool parse_acquire(ThreadState& ts, CallArgs args, int64_t* deadline) {
    static const char* const names[] = {"blocking", "timeout"};
    Value v[2];
    if (!parse_args(ts, drop_self(args), "acquire", names, 0, v)) return false;
    bool blocking = true;
    if (!v[0].is_null()) {
        int t = truth(ts, v[0]);
        if (t < 0) return false;
        blocking = t != 0;
    }
    double timeout = -1;
    if (!v[1].is_null()) {
        if (v[1].is_float()) {
            timeout = v[1].as_float();
        } else if (is_int(v[1])) {
            if (!int_to_double(ts, v[1], &timeout)) return false;
        } else {
            raisef(ts, &kTypeErrorType, "'{}' object cannot be interpreted as an integer",
                   type_name(v[1]));
            return false;
        }
    }
    // CPython converts the timeout to int64 nanoseconds first, with these errors.
    if (std::isnan(timeout)) {
        raise(ts, &kValueErrorType, "Invalid value NaN (not a number)");
        return false;
    }
    if (!(std::fabs(timeout) < 9223372036.854775807)) {
        raise(ts, &kOverflowErrorType, "timestamp out of range for platform time_t");
        return false;
    }
    if (!blocking && timeout != -1) {
        raise(ts, &kValueErrorType, "can't specify a timeout for a non-blocking call");
        return false;
    }
    if (timeout < 0 && timeout != -1) {
        raise(ts, &kValueErrorType, "timeout value must be positive");
        return false;
    }
    if (timeout > kTimeoutMax) {
        raise(ts, &kOverflowErrorType, "timeout value is too large");
        return false;
    }
    int64_t now = monotonic_ns();
    if (!blocking) {
        *deadline = now;
    } else if (timeout == -1) {
        *deadline = -1;
    } else {
        *deadline = now + static_cast<int64_t>(timeout * 1e9);
    }
    return true;
}

// Takes [s]: at once if free (no GIL release), else through the blocking seam. 1 taken,
// 0 timed out, -1 interrupted (KeyboardInterrupt pending).
int take(ThreadState& ts, LockState& s, int64_t deadline) {
    if (s.try_take()) return 1;
    if (deadline >= 0 && deadline <= monotonic_ns()) return 0;
    s.enter_generation();
    // Counted before the predicate's first look, so that a releaser that sees no waiter made
    // the lock free before that look (both are sequentially consistent): no lost wake-up.
    s.waiters.fetch_add(1);
    WaitResult r = wait_released(ts, s.mutex, s.cond, deadline, [&] { return s.try_take(); });
    s.waiters.fetch_sub(1);
    if (r == WaitResult::Interrupted) return -1;
    return r == WaitResult::Ready ? 1 : 0;
}

void give(LockState& s) {
    s.locked.store(false);
    if (s.waiters.load() == 0) return;
    if (s.generation != fork_generation()) {
        s.enter_generation();  // the waiters counted are threads a fork left behind
        return;
    }
    // A waiter between its check and its wait holds the mutex: taking it here orders this
    // notification after that wait began.
    { std::lock_guard<std::mutex> lock(s.mutex); }
    s.cond.notify_one();
}

// Releases a held [s]; false (RuntimeError pending) if it was not locked.
bool give_held(ThreadState& ts, LockState& s) {
    if (!s.locked.load(std::memory_order_relaxed)) {
        raise(ts, &kRuntimeErrorType, "release unlocked lock");
        return false;
    }
    give(s);
    return true;
}

// ------------------------------------------------------------------ lock

Owned lock_new(ThreadState&, TypeObject* type, CallArgs) {
    retain_heap_type(type);
    return make_object<LockObject>(type);
}

void lock_dealloc(Object* self) {
    delete static_cast<LockObject*>(self);
}

// Retries after a raced wake-up until the deadline, so a timed acquire never returns early.
Owned lock_acquire_impl(ThreadState& ts, LockObject* l, int64_t deadline) {
    for (;;) {
        int r = take(ts, l->state, deadline);
        if (r < 0) return nullptr;
        if (r == 1) return Owned::from_bool(true);
        if (deadline >= 0 && monotonic_ns() >= deadline) return Owned::from_bool(false);
    }
}

Owned lock_acquire(ThreadState& ts, CallArgs args) {
    int64_t deadline = -1;  // acquire() without arguments: no parsing, no clock read
    if ((args.nargs != 1 || args.kwnames) && !parse_acquire(ts, args, &deadline)) return nullptr;
    return lock_acquire_impl(ts, args[0].as<LockObject>(), deadline);
}

Owned lock_release(ThreadState& ts, CallArgs args) {
    if ((args.nargs != 1 || args.kwnames) &&
        !check_positional(ts, drop_self(args), "release", 0, 0)) {
        return nullptr;
    }
    if (!give_held(ts, args[0].as<LockObject>()->state)) return nullptr;
    return Owned::none();
}

Owned lock_exit(ThreadState& ts, CallArgs args) {
    if (!give_held(ts, args[0].as<LockObject>()->state)) return nullptr;
    return Owned::none();
}

Owned lock_enter(ThreadState& ts, CallArgs args) {
    return lock_acquire_impl(ts, args[0].as<LockObject>(), -1);
}

bool is_locked(LockState& s) {
    return s.locked.load();
}

Owned lock_locked(ThreadState& ts, CallArgs args) {
    if (!check_positional(ts, drop_self(args), "locked", 0, 0)) return nullptr;
    return Owned::from_bool(is_locked(args[0].as<LockObject>()->state));
}

Owned lock_repr(ThreadState&, Value self) {
    auto* l = self.as<LockObject>();
    return new_str(fmt::format("<{} {} object at {}>", is_locked(l->state) ? "locked" : "unlocked",
                               l->type->name, static_cast<const void*>(l)));
}

// ------------------------------------------------------------------ RLock

Owned rlock_new(ThreadState&, TypeObject* type, CallArgs) {
    retain_heap_type(type);
    return make_object<RLockObject>(type);
}

void rlock_dealloc(Object* self) {
    delete static_cast<RLockObject*>(self);
}

Owned rlock_acquire_impl(ThreadState& ts, RLockObject* l, int64_t deadline) {
    if (l->count > 0 && l->owner == ts.ident) {
        if (l->count == INT64_MAX) {
            return raise(ts, &kOverflowErrorType, "Internal lock count overflowed");
        }
        ++l->count;
        return Owned::from_bool(true);
    }
    for (;;) {
        int r = take(ts, l->state, deadline);
        if (r < 0) return nullptr;
        if (r == 1) break;
        if (deadline >= 0 && monotonic_ns() >= deadline) return Owned::from_bool(false);
    }
    l->owner = ts.ident;
    l->count = 1;
    return Owned::from_bool(true);
}

Owned rlock_acquire(ThreadState& ts, CallArgs args) {
    int64_t deadline;
    if (!parse_acquire(ts, args, &deadline)) return nullptr;
    return rlock_acquire_impl(ts, args[0].as<RLockObject>(), deadline);
}

Owned rlock_enter(ThreadState& ts, CallArgs args) {
    return rlock_acquire_impl(ts, args[0].as<RLockObject>(), -1);
}

Owned rlock_release_impl(ThreadState& ts, RLockObject* l) {
    if (l->count == 0 || l->owner != ts.ident) {
        return raise(ts, &kRuntimeErrorType, "cannot release un-acquired lock");
    }
    if (--l->count == 0) {
        l->owner = 0;
        give(l->state);
    }
    return Owned::none();
}

Owned rlock_release(ThreadState& ts, CallArgs args) {
    if (!check_positional(ts, drop_self(args), "release", 0, 0)) return nullptr;
    return rlock_release_impl(ts, args[0].as<RLockObject>());
}

Owned rlock_exit(ThreadState& ts, CallArgs args) {
    return rlock_release_impl(ts, args[0].as<RLockObject>());
}

Owned rlock_is_owned(ThreadState& ts, CallArgs args) {
    auto* l = args[0].as<RLockObject>();
    return Owned::from_bool(l->count > 0 && l->owner == ts.ident);
}

Owned rlock_recursion_count(ThreadState& ts, CallArgs args) {
    auto* l = args[0].as<RLockObject>();
    return Owned::steal(Value::from_int(l->owner == ts.ident ? l->count : 0));
}

// Condition.wait on an RLock saves and restores the whole recursion (CPython's
// _release_save / _acquire_restore).
Owned rlock_release_save(ThreadState& ts, CallArgs args) {
    auto* l = args[0].as<RLockObject>();
    if (l->count == 0) return raise(ts, &kRuntimeErrorType, "cannot release un-acquired lock");
    Owned state = Owned(
        new_tuple_of({Value::from_int(l->count), Value::from_int(static_cast<int64_t>(l->owner))}));
    l->count = 0;
    l->owner = 0;
    give(l->state);
    return state;
}

Owned rlock_acquire_restore(ThreadState& ts, CallArgs args) {
    auto* l = args[0].as<RLockObject>();
    if (args.nargs != 2 || !is_tuple(args[1]) || args[1].as<TupleObject>()->length != 2) {
        return raise(ts, &kTypeErrorType, "_acquire_restore() argument must be a 2-tuple");
    }
    TupleObject* state = args[1].as<TupleObject>();
    for (;;) {
        int r = take(ts, l->state, -1);
        if (r < 0) return nullptr;
        if (r == 1) break;
    }
    l->count = state->items[0].as_int();
    l->owner = static_cast<uint64_t>(state->items[1].as_int());
    return Owned::none();
}

Owned rlock_repr(ThreadState&, Value self) {
    auto* l = self.as<RLockObject>();
    return new_str(fmt::format("<{} {} object owner={} count={} at {}>",
                               l->count ? "locked" : "unlocked", l->type->name, l->owner, l->count,
                               static_cast<const void*>(l)));
}

// ------------------------------------------------------------------ threads

// The calling thread's sentinel lock (_set_sentinel), released by thread_main once the thread
// has finished everything it does with the GIL, so a join through it means the thread is gone.
thread_local LockObject* t_sentinel = nullptr;

void release_sentinel() {
    if (LockObject* l = std::exchange(t_sentinel, nullptr)) {
        give(l->state);
        decref(l);
    }
}

struct ThreadBoot {
    ThreadState* ts;
    Owned func;
    Owned args;
    Owned kwargs;  // null: none
};

// Reports an exception that escaped a thread's function as CPython's unraisable hook does.
void report_thread_exception(ThreadState& ts, Value func) {
    Owned exc = fetch_exception(ts);
    if (is_instance(exc.get(), &kSystemExitType)) return;
    std::string text = "Exception ignored in thread started by: ";
    Owned r = repr(ts, func);
    if (r) {
        text += r.get().as<StrObject>()->view();
    } else {
        clear_exception(ts);
        text += "<object repr() failed>";
    }
    text += "\n";
    text += format_exception(ts, exc.get());
    if (!write_sys_stream(ts, "stderr", text)) clear_exception(ts);
}

void* thread_main(void* arg) {
    auto* boot = static_cast<ThreadBoot*>(arg);
    ThreadState& ts = *boot->ts;
    ts.native_id = static_cast<int64_t>(gettid());
    ts.stack_limit = current_thread_stack_limit();
    ts.gil->acquire(ts);
    InterpreterState& interp = ts.interp;
    {
        Owned result;
        TupleObject* a = boot->args.get().as<TupleObject>();
        if (boot->kwargs) {
            // Keyword arguments in vectorcall form: positional values, then one per name.
            DictObject* kw = boot->kwargs.get().as<DictObject>();
            std::vector<Value> values(a->items, a->items + a->length);
            Ref<TupleObject> names = new_tuple(kw->length);
            int64_t pos = 0, n = 0;
            Value key, value;
            while (dict_next(kw, &pos, &key, &value)) {
                names->items[n++] = key;
                incref(key);
                values.push_back(value);
            }
            result = call(ts, boot->func.get(),
                          CallArgs{values.data(), static_cast<size_t>(a->length), names.get()});
        } else {
            result = call(ts, boot->func.get(),
                          CallArgs{a->items, static_cast<size_t>(a->length), nullptr});
        }
        if (!result) report_thread_exception(ts, boot->func.get());
    }
    delete boot;  // drops func/args/kwargs with the GIL held
    ts.exc = nullptr;
    ts.handled.clear();
    std::erase(interp.threads, &ts);
    interp.finished_threads.push_back({ts.name, counters_now(ts)});
    // Last, so that whoever joins the thread (threading's _shutdown) sees it fully finished.
    release_sentinel();
    ts.gil->release(ts);
    delete &ts;
    return nullptr;
}

Owned thread_start_new_thread(ThreadState& ts, CallArgs args) {
    if (!check_no_keywords(ts, args, "start_new_thread()")) return nullptr;
    if (args.nargs < 2 || args.nargs > 3) {
        return raisef(ts, &kTypeErrorType, "start_new_thread expected at {} 3 arguments, got {}",
                      args.nargs < 2 ? "least 2" : "most", args.nargs);
    }
    if (!is_callable(args[0])) return raise(ts, &kTypeErrorType, "first arg must be callable");
    if (!is_tuple(args[1])) return raise(ts, &kTypeErrorType, "2nd arg must be a tuple");
    if (args.nargs == 3 && !is_dict(args[2])) {
        return raise(ts, &kTypeErrorType, "optional 3rd arg must be a dictionary");
    }
    auto* child = new ThreadState(ts.interp);
    child->gil = ts.gil;
    child->is_main = false;
    child->name = "Thread";
    child->ticks = ts.gil->check_interval();
    auto* boot = new ThreadBoot{child, Owned::borrow(args[0]), Owned::borrow(args[1]),
                                args.nargs == 3 ? Owned::borrow(args[2]) : Owned()};
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    // Deep enough that Python's recursion limit, not the C++ stack, stops runaway recursion.
    pthread_attr_setstacksize(&attr, ts.interp.thread_stack_size);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    pthread_t handle;
    // Registered before it runs, so active_count() counts it at once, as in CPython.
    ts.interp.threads.push_back(child);
    int err = pthread_create(&handle, &attr, thread_main, boot);
    pthread_attr_destroy(&attr);
    if (err != 0) {
        std::erase(ts.interp.threads, child);
        delete boot;
        delete child;
        return raise(ts, &kRuntimeErrorType, "can't start new thread");
    }
    child->ident = static_cast<uint64_t>(handle);
    return Owned::steal(Value::from_int(static_cast<int64_t>(child->ident)));
}

Owned thread_get_ident(ThreadState& ts, CallArgs args) {
    if (!check_positional(ts, args, "get_ident", 0, 0)) return nullptr;
    return Owned::steal(Value::from_int(static_cast<int64_t>(ts.ident)));
}

Owned thread_get_native_id(ThreadState& ts, CallArgs args) {
    if (!check_positional(ts, args, "get_native_id", 0, 0)) return nullptr;
    return Owned::steal(Value::from_int(ts.native_id));
}

Owned thread_count(ThreadState& ts, CallArgs args) {
    if (!check_positional(ts, args, "_count", 0, 0)) return nullptr;
    return Owned::steal(Value::from_int(static_cast<int64_t>(ts.interp.threads.size()) - 1));
}

Owned thread_allocate_lock(ThreadState& ts, CallArgs args) {
    if (!check_positional(ts, args, "allocate_lock", 0, 0)) return nullptr;
    return make_object<LockObject>(&kLockType);
}

Owned thread_stack_size(ThreadState& ts, CallArgs args) {
    if (!check_positional(ts, args, "stack_size", 0, 1)) return nullptr;
    int64_t old =
        ts.interp.thread_stack_size_set ? static_cast<int64_t>(ts.interp.thread_stack_size) : 0;
    if (args.nargs == 1) {
        int64_t size;
        if (!arg_int64(ts, args[0], &size)) return nullptr;
        if (size != 0 && size < 32768) {
            return raise(ts, &kValueErrorType, "size not valid: 32768 bytes");
        }
        if (size < 0) return raise(ts, &kValueErrorType, "size must be 0 or a positive value");
        ts.interp.thread_stack_size_set = size != 0;
        ts.interp.thread_stack_size =
            size ? static_cast<size_t>(size) : InterpreterState::kDefaultThreadStack;
    }
    return Owned::steal(Value::from_int(old));
}

Owned thread_interrupt_main(ThreadState& ts, CallArgs args) {
    if (!check_positional(ts, args, "interrupt_main", 0, 1)) return nullptr;
    ts.interp.eval_breaker.fetch_or(kBreakerSignalPending);
    return Owned::none();
}

// _set_name(name): the name the GIL statistics use for the calling thread (threading.Thread
// calls it when its thread starts; a gilpy addition, not in CPython's _thread).
Owned thread_set_name(ThreadState& ts, CallArgs args) {
    if (!check_one_arg(ts, args, "_set_name()")) return nullptr;
    if (!is_str(args[0])) return raise(ts, &kTypeErrorType, "_set_name() argument must be str");
    ts.name = std::string(args[0].as<StrObject>()->view());
    return Owned::none();
}

// _set_sentinel(): a new lock, held, that is released when the calling thread has finished
// (threading.Thread.join waits on it). In the main thread it is never released by itself.
Owned thread_set_sentinel(ThreadState& ts, CallArgs args) {
    if (!check_positional(ts, args, "_set_sentinel", 0, 0)) return nullptr;
    Ref<LockObject> lock = make_object<LockObject>(&kLockType);
    lock->state.locked = true;
    if (!ts.is_main) {
        if (LockObject* old = std::exchange(t_sentinel, lock.get())) decref(old);
        incref(lock.get());
    }
    return Owned(std::move(lock));
}

// _excepthook(args): threading.excepthook's default, as CPython's: "Exception in thread
// NAME:" and the traceback on sys.stderr (or the thread's saved _stderr when sys.stderr is
// None); SystemExit is silent.
Owned thread_excepthook(ThreadState& ts, CallArgs args) {
    if (!check_one_arg(ts, args, "_excepthook()")) return nullptr;
    InterpreterState& interp = ts.interp;
    Value hook_args = args[0];
    Owned exc_type = get_attr(ts, hook_args, interp.intern("exc_type"));
    if (!exc_type) return nullptr;
    if (exc_type.get().is_object() && exc_type.get().as_object() == &kSystemExitType) {
        return Owned::none();
    }
    Owned exc_value = get_attr(ts, hook_args, interp.intern("exc_value"));
    if (!exc_value) return nullptr;
    Owned thread = get_attr(ts, hook_args, interp.intern("thread"));
    if (!thread) return nullptr;
    Owned file;
    Value sys = dict_get_str(ts, interp.modules.get(), "sys");
    if (!sys.is_null() && is_module(sys)) {
        Value err = dict_get_str(ts, sys.as<ModuleObject>()->dict.get(), "stderr");
        if (!err.is_null() && !err.is_none()) file = Owned::borrow(err);
    }
    if (!file && !thread.get().is_none()) {
        file = get_attr_opt(ts, thread.get(), interp.intern("_stderr"));
        if (!file && ts.exc) return nullptr;
        if (file && file.get().is_none()) file = Owned();
    }
    if (!file) return Owned::none();  // nowhere to write to
    std::string text = "Exception in thread ";
    if (!thread.get().is_none()) {
        Owned name = get_attr_opt(ts, thread.get(), interp.intern("name"));
        if (!name && ts.exc) return nullptr;
        if (name) {
            Owned s = str(ts, name.get());
            if (!s) return nullptr;
            text += s.get().as<StrObject>()->view();
        } else {
            text += fmt::format("{}", ts.ident);
        }
    } else {
        text += fmt::format("{}", ts.ident);
    }
    text += ":\n";
    if (exc_value.get().is_none()) {
        text += "NoneType: None\n";
    } else {
        text += format_exception(ts, exc_value.get());
    }
    Ref<StrObject> s = new_str(text);
    if (!call_method(ts, file.get(), interp.intern("write"), {Value::from_object(s.get())})) {
        return nullptr;
    }
    Owned flush = get_attr_opt(ts, file.get(), interp.intern("flush"));
    if (flush && !call_values(ts, flush.get(), {})) return nullptr;
    if (!flush && ts.exc) return nullptr;
    return Owned::none();
}

const MethodDef kLockMethods[] = {
    {"acquire", lock_acquire},      {"acquire_lock", lock_acquire}, {"release", lock_release},
    {"release_lock", lock_release}, {"locked", lock_locked},        {"locked_lock", lock_locked},
    {"__enter__", lock_enter},      {"__exit__", lock_exit},        {nullptr, nullptr},
};

const MethodDef kRLockMethods[] = {
    {"acquire", rlock_acquire},
    {"release", rlock_release},
    {"_is_owned", rlock_is_owned},
    {"_recursion_count", rlock_recursion_count},
    {"_release_save", rlock_release_save},
    {"_acquire_restore", rlock_acquire_restore},
    {"__enter__", rlock_enter},
    {"__exit__", rlock_exit},
    {nullptr, nullptr},
};

const MethodDef kThreadFunctions[] = {
    {"start_new_thread", thread_start_new_thread},
    {"start_new", thread_start_new_thread},
    {"get_ident", thread_get_ident},
    {"get_native_id", thread_get_native_id},
    {"_count", thread_count},
    {"allocate_lock", thread_allocate_lock},
    {"allocate", thread_allocate_lock},
    {"stack_size", thread_stack_size},
    {"interrupt_main", thread_interrupt_main},
    {"_set_name", thread_set_name},
    {"_set_sentinel", thread_set_sentinel},
    {"_excepthook", thread_excepthook},
    {nullptr, nullptr},
};

}  // namespace

constinit TypeObject kLockType("_thread.lock", &kObjectType, 0,
                               {
                                   .dealloc = lock_dealloc,
                                   .repr = lock_repr,
                                   .new_ = lock_new,
                                   .methods = kLockMethods,
                               });

constinit TypeObject kRLockType("_thread.RLock", &kObjectType, kTypeBaseType,
                                {
                                    .dealloc = rlock_dealloc,
                                    .repr = rlock_repr,
                                    .new_ = rlock_new,
                                    .methods = kRLockMethods,
                                });

Ref<ModuleObject> init_thread_module(ThreadState& ts) {
    ready_static_type(&kLockType, nullptr);
    ready_static_type(&kRLockType, nullptr);
    Ref<ModuleObject> m = new_module(ts, "_thread");
    if (!m) return nullptr;
    module_add_functions(ts, m.get(), kThreadFunctions);
    module_set(ts, m.get(), "LockType", Value::from_object(&kLockType));
    module_set(ts, m.get(), "lock", Value::from_object(&kLockType));
    module_set(ts, m.get(), "RLock", Value::from_object(&kRLockType));
    module_set(ts, m.get(), "error", Value::from_object(&kRuntimeErrorType));
    module_set(ts, m.get(), "TIMEOUT_MAX", Value::from_float(kTimeoutMax));
    return m;
}

}  // namespace gilpy::stdlib
