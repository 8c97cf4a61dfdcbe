// InterpreterState: one interpreter, with everything it owns (DESIGN: no process-global mutable
// state). Its modules, builtins, interned strings, threads and settings live here; a host may
// create several, each on its own OS threads.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "runtime/gil.hpp"
#include "runtime/object.hpp"
#include "runtime/value.hpp"

namespace gilpy::runtime {

struct ThreadState;
struct DictObject;
struct StrObject;
struct ModuleObject;

// Bits of the eval breaker: one word the eval loop reads at backward jumps and calls, so that
// all rare work (signals, GIL drop requests, asynchronous exceptions) costs one load when idle.
enum EvalBreakerBits : uint32_t {
    kBreakerSignalPending = 1u << 0,  // a signal handler ran; handle_pending raises/calls
    kBreakerGilDropRequest = 1u << 1,
    kBreakerAsyncException = 1u << 2,
    kBreakerGilTick = 1u << 3,  // legacy GIL policy: count a tick at every check
};

// Services that only layers above the runtime can provide, installed by the composition root
// (embed/). The runtime and stdlib call them without knowing the compiler or the module registry.
struct InterpreterHooks {
    // Imports [name] (dotted) as the import statement does; [globals] (may be null) gives the
    // importing module for relative imports at [level]. Returns the module or null (raised).
    std::function<Owned(ThreadState&, StrObject* name, DictObject* globals, int level)> import;
    // Compiles and runs [source] (exec/eval builtins). [mode] is "exec", "eval" or "single".
    std::function<Owned(ThreadState&, std::string_view source, std::string_view filename,
                        std::string_view mode, DictObject* globals, DictObject* locals)>
        exec;
    // The globals dict of the running frame (borrowed), and its locals as a new reference
    // (a snapshot dict for function frames), for globals(), locals(), vars() and dir().
    std::function<DictObject*(ThreadState&)> frame_globals;
    std::function<Owned(ThreadState&)> frame_locals;
    // compile(): a code object for [source]; null if raised (SyntaxError).
    std::function<Owned(ThreadState&, std::string_view source, std::string_view filename,
                        std::string_view mode)>
        compile;
    // exec/eval of a code object; returns null WITHOUT an exception if [code] is not one.
    std::function<Owned(ThreadState&, Value code, DictObject* globals, DictObject* locals)>
        run_code;
    // Runs the body of a class statement ([body] is the function the compiler made of it) with
    // [ns] as its namespace; the result is the __class__ cell or None.
    std::function<Owned(ThreadState&, Value body, DictObject* ns)> run_class_body;
    // Zero-argument super(): the running method's __class__ and first argument; false if
    // raised (RuntimeError "super(): no arguments" ...).
    std::function<bool(ThreadState&, Owned* type, Owned* obj)> super_args;
};

struct InterpreterState {
    InterpreterState();
    ~InterpreterState();
    InterpreterState(const InterpreterState&) = delete;
    InterpreterState& operator=(const InterpreterState&) = delete;

    // Returns the interned str for [text]: one object per distinct text for the interpreter's
    // lifetime (names, attribute strings). Borrowed; never null.
    StrObject* intern(std::string_view text);

    ThreadState& main_thread() { return *main_thread_; }

    InterpreterHooks hooks;
    Ref<DictObject> modules;   // sys.modules
    Ref<DictObject> builtins;  // builtins.__dict__, set up by stdlib's builtins module
    // Every class created in this interpreter (runtime/types/heap_type.hpp): kept until the
    // interpreter ends, which clears them to break the cycles through their MROs and methods.
    std::vector<Ref<Object>> heap_types;
    std::vector<std::string> argv;
    std::vector<std::string> path;  // initial sys.path
    int recursion_limit = 1000;
    int64_t int_max_str_digits = 4300;
    std::atomic<uint32_t> eval_breaker{0};
    // Owned; leaked at teardown when daemon threads may still wake up and look at it.
    Gil* gil;

    // Every live thread state (the main one first), and the GIL counters of threads that have
    // ended, for gil.stats(). Both are guarded by the GIL.
    std::vector<ThreadState*> threads;
    struct FinishedThread {
        std::string name;
        GilCounters counters;
    };
    std::vector<FinishedThread> finished_threads;
    // The C++ stack of threads started by _thread (threading.stack_size()).
    static constexpr size_t kDefaultThreadStack = 64u << 20;
    size_t thread_stack_size = kDefaultThreadStack;
    bool thread_stack_size_set = false;
    // When the interpreter started (monotonic ns), for the achieved-parallelism report.
    int64_t start_ns = 0;

private:
    std::unique_ptr<ThreadState> main_thread_;
    std::unordered_map<std::string_view, Ref<StrObject>> interned_;
};

}  // namespace gilpy::runtime
