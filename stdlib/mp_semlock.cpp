// _multiprocessing.SemLock: a semaphore shared between a process and the children it forks,
// which multiprocessing's Lock, RLock, Semaphore, Condition, Event and Barrier build on.
//
// The semaphore is a POSIX sem_t (pshared) alone in a MAP_SHARED | MAP_ANONYMOUS mapping, so a
// forked child uses the very same semaphore; there are no names and nothing to unlink. What a
// process knows about its own use of the lock (the recursion count and the owning thread) stays
// in the object, in process-private memory: the child inherits a copy, which is stale, so every
// operation first checks that the copy belongs to the calling process and otherwise starts
// afresh, as _after_fork() does. Hence a child is never the owner of its parent's lock.
#include <semaphore.h>
#include <sys/mman.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cmath>
#include <ctime>
#include <mutex>

#include "runtime/abstract.hpp"
#include "runtime/args.hpp"
#include "runtime/blocking.hpp"
#include "runtime/exceptions.hpp"
#include "runtime/interpreter_state.hpp"
#include "runtime/types/dict.hpp"
#include "runtime/types/str.hpp"
#include "stdlib/mp_convert.hpp"
#include "stdlib/multiprocessing.hpp"

namespace gilpy::stdlib {

using namespace runtime;

extern TypeObject kSemLockType;

namespace {

constexpr int kRecursiveMutex = 0;
constexpr int kSemaphore = 1;
constexpr int kSemValueMax = SEM_VALUE_MAX;

// This process's id, kept current across fork() by an atfork handler: getpid() is a system
// call, and every acquire asks.
std::atomic<pid_t> g_pid{0};

void refresh_pid() {
    g_pid.store(getpid(), std::memory_order_relaxed);
}

pid_t current_pid() {
    return g_pid.load(std::memory_order_relaxed);
}

struct SemLockObject : Object {
    sem_t* sem = nullptr;  // alone in its shared mapping (one page)
    int kind = kSemaphore;
    int maxvalue = 1;
    Owned name;  // None: anonymous
    // Process-private: this process's acquisitions minus releases, the thread that acquired
    // last, and the process these two belong to.
    int64_t count = 0;
    uint64_t last_tid = 0;
    pid_t pid = 0;
    explicit SemLockObject(TypeObject* t) : Object(t) {}
};

// Forgets what another process (the parent, before a fork) recorded about the lock.
SemLockObject* own_view(SemLockObject* s) {
    pid_t pid = current_pid();
    if (s->pid != pid) {
        s->pid = pid;
        s->count = 0;
        s->last_tid = 0;
    }
    return s;
}

SemLockObject* self_of(CallArgs args) {
    return own_view(args[0].as<SemLockObject>());
}

bool is_mine(ThreadState& ts, SemLockObject* s) {
    return s->count > 0 && s->last_tid == ts.ident;
}

// ------------------------------------------------------------------ creation

Owned semlock_new(ThreadState& ts, TypeObject* type, CallArgs args) {
    static const char* const names[] = {"kind", "value", "maxvalue", "name", "unlink"};
    Value v[5];
    if (!parse_args(ts, args, "SemLock", names, 3, v)) return nullptr;
    int kind, value, maxvalue;
    if (!mp_c_int_arg(ts, v[0], &kind) || !mp_c_int_arg(ts, v[1], &value) ||
        !mp_c_int_arg(ts, v[2], &maxvalue)) {
        return nullptr;
    }
    // name and unlink are accepted for CPython's signature; fork-only semaphores have no name,
    // so an unlinked one (CPython's choice under fork) reports None as CPython does.
    if (!v[3].is_null() && !v[3].is_none() && !is_str(v[3])) {
        return raisef(ts, &kTypeErrorType, "SemLock() argument 'name' must be str, not {}",
                      type_name(v[3]));
    }
    bool unlink = true;
    if (!v[4].is_null()) {
        int t = truth(ts, v[4]);
        if (t < 0) return nullptr;
        unlink = t != 0;
    }
    if (kind != kRecursiveMutex && kind != kSemaphore) {
        return raise(ts, &kValueErrorType, "unrecognized kind");
    }
    void* page =
        mmap(nullptr, sizeof(sem_t), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (page == MAP_FAILED) return raise_os_error(ts, errno);
    auto* sem = static_cast<sem_t*>(page);
    if (sem_init(sem, /*pshared=*/1, static_cast<unsigned>(value)) < 0) {
        int err = errno;
        munmap(page, sizeof(sem_t));
        return raise_os_error(ts, err);
    }
    retain_heap_type(type);
    Ref<SemLockObject> s = make_object<SemLockObject>(type);
    s->sem = sem;
    s->kind = kind;
    s->maxvalue = maxvalue;
    s->name = !unlink && !v[3].is_null() ? Owned::borrow(v[3]) : Owned::none();
    s->pid = current_pid();
    return s;
}

// No sem_destroy: forked children may still be using the semaphore; the kernel frees the page
// when the last process unmaps it.
void semlock_dealloc(Object* self) {
    auto* s = static_cast<SemLockObject*>(self);
    if (s->sem) munmap(s->sem, sizeof(sem_t));
    delete s;
}

// ------------------------------------------------------------------ acquire

int64_t clock_monotonic_ns() {
    timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return now.tv_sec * 1'000'000'000LL + now.tv_nsec;
}

enum class Wait { Acquired, TimedOut, Interrupted, Failed };

// Waits for [sem] with the GIL released until the monotonic [deadline] (-1: none), in slices
// of at most kSignalPollNs on the main thread so that Ctrl-C is seen promptly. *err receives
// errno on Failed.
Wait wait_released(ThreadState& ts, sem_t* sem, int64_t deadline, int* err) {
    BlockingSection blocked(ts, /*is_io=*/false);
    for (;;) {
        if (ts.is_main && signal_pending(ts)) return Wait::Interrupted;
        int64_t now = clock_monotonic_ns();
        if (deadline >= 0 && now >= deadline) return Wait::TimedOut;
        int64_t until = deadline;
        if (ts.is_main && (until < 0 || until - now > kSignalPollNs)) until = now + kSignalPollNs;
        int r;
        if (until < 0) {
            r = sem_wait(sem);
        } else {
            timespec spec{static_cast<time_t>(until / 1'000'000'000),
                          static_cast<long>(until % 1'000'000'000)};
            r = sem_clockwait(sem, CLOCK_MONOTONIC, &spec);
        }
        if (r == 0) return Wait::Acquired;
        if (errno != EINTR && errno != ETIMEDOUT) {
            *err = errno;
            return Wait::Failed;
        }
    }
}

// Takes [sem]: at once if it can, else (when [blocking]) through the blocking seam. 1 taken,
// 0 not taken, -1 raised.
int take(ThreadState& ts, sem_t* sem, bool blocking, int64_t deadline, bool bad_deadline) {
    int r;
    do {
        r = sem_trywait(sem);
    } while (r < 0 && errno == EINTR);
    if (r == 0) return 1;
    if (errno != EAGAIN) {
        raise_os_error(ts, errno);
        return -1;
    }
    if (!blocking) return 0;
    // A timeout sem_timedwait rejects (NaN, beyond time_t): CPython's EINVAL.
    if (bad_deadline) {
        raise_os_error(ts, EINVAL);
        return -1;
    }
    for (;;) {
        int err = 0;
        switch (wait_released(ts, sem, deadline, &err)) {
            case Wait::Acquired:
                return 1;
            case Wait::TimedOut:
                return 0;
            case Wait::Failed:
                raise_os_error(ts, err);
                return -1;
            case Wait::Interrupted:
                if (!check_signals(ts)) return -1;
                break;  // the signal was consumed elsewhere: wait on
        }
    }
}

Owned acquire_impl(ThreadState& ts, SemLockObject* s, bool blocking, Value timeout) {
    if (s->kind == kRecursiveMutex && is_mine(ts, s)) {
        ++s->count;
        return Owned::from_bool(true);
    }
    int64_t deadline = -1;
    bool bad_deadline = false;
    if (!timeout.is_null() && !timeout.is_none()) {
        double seconds;
        if (!real_arg(ts, timeout, &seconds)) return nullptr;
        if (seconds < 0) seconds = 0;
        int64_t now = clock_monotonic_ns();
        if (std::isnan(seconds) || seconds >= 9.2e18) {
            bad_deadline = true;
        } else if (seconds * 1e9 < static_cast<double>(INT64_MAX - now)) {
            deadline = now + static_cast<int64_t>(seconds * 1e9);
        }  // else: centuries away, as good as no deadline
    }
    int r = take(ts, s->sem, blocking, deadline, bad_deadline);
    if (r < 0) return nullptr;
    if (r == 0) return Owned::from_bool(false);
    ++s->count;
    s->last_tid = ts.ident;
    return Owned::from_bool(true);
}

// acquire(block=True, timeout=None)
Owned semlock_acquire(ThreadState& ts, CallArgs args) {
    SemLockObject* s = self_of(args);
    if (args.nargs == 1 && !args.kwnames) return acquire_impl(ts, s, true, Value::null());
    static const char* const names[] = {"block", "timeout"};
    Value v[2];
    if (!parse_args(ts, drop_self(args), "acquire", names, 0, v)) return nullptr;
    int block = 1;
    if (!v[0].is_null() && !mp_c_int_arg(ts, v[0], &block)) return nullptr;
    double ignored;
    if (!v[1].is_null() && !v[1].is_none() && !real_arg(ts, v[1], &ignored)) return nullptr;
    return acquire_impl(ts, s, block != 0, v[1]);
}

Owned semlock_enter(ThreadState& ts, CallArgs args) {
    if (!check_no_args(ts, drop_self(args), "SemLock.__enter__()")) return nullptr;
    return acquire_impl(ts, self_of(args), true, Value::null());
}

// ------------------------------------------------------------------ release

Owned release_impl(ThreadState& ts, SemLockObject* s) {
    if (s->kind == kRecursiveMutex) {
        if (!is_mine(ts, s)) {
            return raise(ts, &kAssertionErrorType,
                         "attempt to release recursive lock not owned by thread");
        }
        if (s->count > 1) {
            --s->count;
            return Owned::none();
        }
    } else {
        // Not a guarantee against two processes releasing at once, as in CPython.
        int value;
        if (sem_getvalue(s->sem, &value) < 0) return raise_os_error(ts, errno);
        if (value >= s->maxvalue) {
            return raise(ts, &kValueErrorType, "semaphore or lock released too many times");
        }
    }
    if (sem_post(s->sem) < 0) return raise_os_error(ts, errno);
    --s->count;
    return Owned::none();
}

Owned semlock_release(ThreadState& ts, CallArgs args) {
    if (!check_no_args(ts, drop_self(args), "SemLock.release()")) return nullptr;
    return release_impl(ts, self_of(args));
}

Owned semlock_exit(ThreadState& ts, CallArgs args) {
    if (!check_positional(ts, drop_self(args), "__exit__", 0, 3)) return nullptr;
    return release_impl(ts, self_of(args));
}

// ------------------------------------------------------------------ introspection

Owned semlock_count(ThreadState& ts, CallArgs args) {
    if (!check_no_args(ts, drop_self(args), "SemLock._count()")) return nullptr;
    return Owned::steal(Value::from_int(self_of(args)->count));
}

Owned semlock_is_mine(ThreadState& ts, CallArgs args) {
    if (!check_no_args(ts, drop_self(args), "SemLock._is_mine()")) return nullptr;
    return Owned::from_bool(is_mine(ts, self_of(args)));
}

// The semaphore's value, or -1 with OSError raised.
int64_t sem_value(ThreadState& ts, SemLockObject* s) {
    int value;
    if (sem_getvalue(s->sem, &value) < 0) {
        raise_os_error(ts, errno);
        return -1;
    }
    return value < 0 ? 0 : value;  // POSIX lets it count waiters as negative; Linux does not
}

Owned semlock_get_value(ThreadState& ts, CallArgs args) {
    if (!check_no_args(ts, drop_self(args), "SemLock._get_value()")) return nullptr;
    int64_t value = sem_value(ts, args[0].as<SemLockObject>());
    if (value < 0) return nullptr;
    return Owned::steal(Value::from_int(value));
}

Owned semlock_is_zero(ThreadState& ts, CallArgs args) {
    if (!check_no_args(ts, drop_self(args), "SemLock._is_zero()")) return nullptr;
    int64_t value = sem_value(ts, args[0].as<SemLockObject>());
    if (value < 0) return nullptr;
    return Owned::from_bool(value == 0);
}

// Called by multiprocessing in a forked child: the inherited count is the parent's.
Owned semlock_after_fork(ThreadState& ts, CallArgs args) {
    if (!check_no_args(ts, drop_self(args), "SemLock._after_fork()")) return nullptr;
    SemLockObject* s = self_of(args);
    s->count = 0;
    return Owned::none();
}

Owned semlock_kind(ThreadState&, Value self) {
    return Owned::steal(Value::from_int(self.as<SemLockObject>()->kind));
}

Owned semlock_maxvalue(ThreadState&, Value self) {
    return Owned::steal(Value::from_int(self.as<SemLockObject>()->maxvalue));
}

Owned semlock_handle(ThreadState&, Value self) {
    return Owned::steal(Value::from_int(
        static_cast<int64_t>(reinterpret_cast<intptr_t>(self.as<SemLockObject>()->sem))));
}

Owned semlock_name(ThreadState&, Value self) {
    return self.as<SemLockObject>()->name;
}

// CPython's members say this when assigned to.
int semlock_readonly(ThreadState& ts, Value, Value) {
    raise(ts, &kAttributeErrorType, "readonly attribute");
    return -1;
}

const MethodDef kSemLockMethods[] = {
    {"acquire", semlock_acquire},        {"release", semlock_release},
    {"__enter__", semlock_enter},        {"__exit__", semlock_exit},
    {"_count", semlock_count},           {"_is_mine", semlock_is_mine},
    {"_get_value", semlock_get_value},   {"_is_zero", semlock_is_zero},
    {"_after_fork", semlock_after_fork}, {nullptr, nullptr},
};

const GetSetDef kSemLockGetSet[] = {
    {"kind", semlock_kind, semlock_readonly},
    {"maxvalue", semlock_maxvalue, semlock_readonly},
    {"handle", semlock_handle, semlock_readonly},
    {"name", semlock_name, semlock_readonly},
    {nullptr, nullptr},
};

// Once per process: the class constant SEM_VALUE_MAX (CPython's), and the atfork handler.
void ready_semlock_type() {
    static std::once_flag once;
    std::call_once(once, [] {
        ready_static_type(&kSemLockType, nullptr);
        Ref<StrObject> key = new_str("SEM_VALUE_MAX");
        make_immortal(key.get());
        dict_set_str(kSemLockType.dict, key.get(), Value::from_int(kSemValueMax));
        refresh_pid();
        pthread_atfork(nullptr, nullptr, refresh_pid);
    });
}

}  // namespace

constinit TypeObject kSemLockType("_multiprocessing.SemLock", &kObjectType, 0,
                                  {
                                      .dealloc = semlock_dealloc,
                                      .new_ = semlock_new,
                                      .methods = kSemLockMethods,
                                      .getset = kSemLockGetSet,
                                  });

bool add_semlock(ThreadState& ts, ModuleObject* module) {
    ready_semlock_type();
    module_set(ts, module, "SemLock", Value::from_object(&kSemLockType));
    module_set(ts, module, "RECURSIVE_MUTEX", Value::from_int(kRecursiveMutex));
    module_set(ts, module, "SEMAPHORE", Value::from_int(kSemaphore));
    module_set(ts, module, "SEM_VALUE_MAX", Value::from_int(kSemValueMax));
    return true;
}

}  // namespace gilpy::stdlib
