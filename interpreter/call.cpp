// Calling Python functions: binding positional and keyword arguments to parameter slots with
// CPython's error messages (Python/ceval.c's initialize_locals), creating cells, and running the
// body in a frame whose slots live on the C++ stack (or on the heap for generators).
#include <alloca.h>

#include <cstring>
#include <string>

#include "interpreter/eval.hpp"
#include "interpreter/eval_internal.hpp"
#include "runtime/abstract.hpp"
#include "runtime/exceptions.hpp"
#include "runtime/interpreter_state.hpp"
#include "runtime/types/exception.hpp"
#include "runtime/types/generator.hpp"
#include "runtime/types/tuple.hpp"

namespace gilpy::interpreter {

using namespace runtime;

namespace {

std::string quoted_list(const std::vector<std::string>& names) {
    // 'a' / 'a' and 'b' / 'a', 'b', and 'c' (CPython's format_missing).
    std::string out;
    for (size_t i = 0; i < names.size(); ++i) {
        if (i > 0) out += names.size() == 2 ? " and " : (i + 1 == names.size() ? ", and " : ", ");
        out += "'" + names[i] + "'";
    }
    return out;
}

std::nullptr_t missing_arguments(ThreadState& ts, CodeObject* co, Value* slots, int start, int end,
                                 const char* kind) {
    std::vector<std::string> names;
    for (int i = start; i < end; ++i) {
        if (slots[i].is_null()) names.emplace_back(co->varnames[i]->view());
    }
    return raisef(ts, &kTypeErrorType, "{}() missing {} required {} argument{}: {}",
                  co->qualname->view(), names.size(), kind, names.size() == 1 ? "" : "s",
                  quoted_list(names));
}

std::nullptr_t too_many_positional(ThreadState& ts, CodeObject* co, size_t given, int defcount,
                                   Value* slots) {
    int kwonly_given = 0;
    for (int i = co->argcount; i < co->argcount + co->kwonlyargcount; ++i) {
        if (!slots[i].is_null()) ++kwonly_given;
    }
    std::string takes;
    if (defcount) {
        takes = fmt::format("from {} to {} positional arguments", co->argcount - defcount,
                            co->argcount);
    } else {
        takes = fmt::format("{} positional argument{}", co->argcount, co->argcount == 1 ? "" : "s");
    }
    std::string kw;
    if (kwonly_given) {
        kw = fmt::format(" positional argument{} (and {} keyword-only argument{})",
                         given == 1 ? "" : "s", kwonly_given, kwonly_given == 1 ? "" : "s");
    }
    return raisef(ts, &kTypeErrorType, "{}() takes {} but {}{} {} given", co->qualname->view(),
                  takes, given, kw, given == 1 && !kwonly_given ? "was" : "were");
}

// Fills slots[0..total_args) from [args]; false (raised) on a mismatch.
bool bind_arguments(ThreadState& ts, FunctionObject* fn, CodeObject* co, CallArgs args,
                    Value* slots) {
    const int argcount = co->argcount;
    const size_t nargs = args.nargs;
    const size_t nkw = args.kwnames ? static_cast<size_t>(args.kwnames->length) : 0;
    Ref<DictObject> kwdict;
    int kw_slot = -1;
    if (co->flags & kCodeVarkeywords) {
        kw_slot = argcount + co->kwonlyargcount + ((co->flags & kCodeVarargs) ? 1 : 0);
        kwdict = new_dict();
        slots[kw_slot] = Value::from_object(kwdict.get());
        incref(slots[kw_slot]);
    }
    size_t n = nargs < static_cast<size_t>(argcount) ? nargs : static_cast<size_t>(argcount);
    for (size_t i = 0; i < n; ++i) {
        slots[i] = args[i];
        incref(slots[i]);
    }
    if (co->flags & kCodeVarargs) {
        size_t extra = nargs > n ? nargs - n : 0;
        Ref<TupleObject> rest = new_tuple_from(args.args + n, static_cast<int64_t>(extra));
        slots[argcount + co->kwonlyargcount] = Value::from_object(rest.release());
    }
    for (size_t k = 0; k < nkw; ++k) {
        Value name = args.kwnames->items[k];
        Value value = args.args[nargs + k];
        auto* key = name.as<StrObject>();
        int found = -1;
        const int total = argcount + co->kwonlyargcount;
        for (int i = co->posonlyargcount; i < total; ++i) {
            if (co->varnames[i].get() == key || str_equals(co->varnames[i].get(), key)) {
                found = i;
                break;
            }
        }
        if (found < 0) {
            bool posonly = false;
            for (int i = 0; i < co->posonlyargcount; ++i) {
                if (str_equals(co->varnames[i].get(), key)) posonly = true;
            }
            if (kwdict && !posonly) {
                if (!dict_set(ts, kwdict.get(), name, value)) return false;
                continue;
            }
            if (kwdict && posonly) {
                if (!dict_set(ts, kwdict.get(), name, value)) return false;
                continue;
            }
            if (posonly) {
                raisef(ts, &kTypeErrorType,
                       "{}() got some positional-only arguments passed as keyword arguments: '{}'",
                       co->qualname->view(), key->view());
                return false;
            }
            raisef(ts, &kTypeErrorType, "{}() got an unexpected keyword argument '{}'",
                   co->qualname->view(), key->view());
            return false;
        }
        if (!slots[found].is_null()) {
            raisef(ts, &kTypeErrorType, "{}() got multiple values for argument '{}'",
                   co->qualname->view(), key->view());
            return false;
        }
        slots[found] = value;
        incref(value);
    }
    TupleObject* defaults = fn->defaults.get();
    const int defcount = defaults ? static_cast<int>(defaults->length) : 0;
    if (nargs > static_cast<size_t>(argcount) && !(co->flags & kCodeVarargs)) {
        too_many_positional(ts, co, nargs, defcount, slots);
        return false;
    }
    if (static_cast<int>(nargs) < argcount) {
        const int first_default = argcount - defcount;
        for (int i = static_cast<int>(nargs); i < first_default; ++i) {
            if (slots[i].is_null()) {
                missing_arguments(ts, co, slots, static_cast<int>(nargs), first_default,
                                  "positional");
                return false;
            }
        }
        for (int i = std::max(first_default, static_cast<int>(nargs)); i < argcount; ++i) {
            if (slots[i].is_null()) {
                slots[i] = defaults->items[i - first_default];
                incref(slots[i]);
            }
        }
    }
    if (co->kwonlyargcount) {
        bool missing = false;
        for (int i = argcount; i < argcount + co->kwonlyargcount; ++i) {
            if (!slots[i].is_null()) continue;
            Value def = fn->kwdefaults ? dict_get_str(fn->kwdefaults.get(), co->varnames[i].get())
                                       : Value::null();
            if (def.is_null()) {
                missing = true;
                continue;
            }
            slots[i] = def;
            incref(def);
        }
        if (missing) {
            missing_arguments(ts, co, slots, argcount, argcount + co->kwonlyargcount,
                              "keyword-only");
            return false;
        }
    }
    return true;
}

// Cells for captured locals (a captured parameter moves into its cell), then the closure.
void setup_cells(CodeObject* co, FunctionObject* fn, Value* slots) {
    const int nlocals = co->nlocals();
    for (int i = 0; i < co->ncells(); ++i) {
        Ref<CellObject> cell = make_object<CellObject>();
        int arg = co->cell2arg[i];
        if (arg >= 0 && !slots[arg].is_null()) {
            cell->value = Owned::steal(slots[arg]);
            slots[arg] = Value::null();
        }
        slots[nlocals + i] = Value::from_object(cell.release());
    }
    if (co->nfree()) {
        TupleObject* closure = fn->closure.get();
        for (int i = 0; i < co->nfree(); ++i) {
            Value c = closure->items[i];
            incref(c);
            slots[nlocals + co->ncells() + i] = c;
        }
    }
}

void clear_slots(Value* slots, int count) {
    for (int i = 0; i < count; ++i)
        decref(slots[i]);
}

// ---------------------------------------------------------------- generators

struct HeapFrame {
    Frame frame;
    Ref<FunctionObject> func;
    std::unique_ptr<Value[]> slots;
    int nslots;
    // The exceptions its except/finally blocks were handling when it yielded: they leave
    // ts.handled while it is suspended and come back when it resumes (CPython's gi_exc_state).
    std::vector<Owned> handled;
};

void destroy_heap_frame(void* p) {
    auto* hf = static_cast<HeapFrame*>(p);
    Frame& f = hf->frame;
    // Locals and any values left on the stack of a suspended generator.
    int fixed = f.co->nlocals() + f.co->ncells() + f.co->nfree();
    clear_slots(f.slots, fixed);
    if (f.sp) {
        for (Value* v = f.stack_base; v < f.sp; ++v)
            decref(*v);
    }
    delete hf;
}

// A frame suspended by `YIELD_VALUE 1` is inside a `yield from` loop (SEND; YIELD_VALUE 1;
// JUMP_BACKWARD) with the sub-iterator on top of its stack.
Value heap_frame_yield_from(void* p) {
    Frame& f = static_cast<HeapFrame*>(p)->frame;
    if (f.finished || f.pc == 0) return Value::null();
    Instr prev = f.co->code[f.pc - 1];
    if (instr_op(prev) != Op::YIELD_VALUE || instr_arg(prev) != 1) return Value::null();
    return f.sp[-1];
}

void heap_frame_leave_yield_from(void* p) {
    Frame& f = static_cast<HeapFrame*>(p)->frame;
    decref(*--f.sp);
    f.pc = instr_arg(f.co->code[f.pc - 2]);  // the SEND's exit
}

bool heap_frame_in_handler_scope(void* p) {
    return static_cast<HeapFrame*>(p)->frame.nblocks > 0;
}

// A generator suspended inside except/finally blocks: their exceptions go back on ts.handled.
[[gnu::noinline]] void restore_handled(ThreadState& ts, HeapFrame* hf) {
    for (Owned& h : hf->handled)
        ts.handled.push_back(std::move(h));
    hf->handled.clear();
}

// The frame yielded inside except/finally blocks: it keeps their exceptions until it resumes
// (a finished frame has popped its own; anything left is dropped).
[[gnu::noinline]] void save_handled(ThreadState& ts, HeapFrame* hf, size_t base) {
    if (!hf->frame.finished) {
        for (size_t i = base; i < ts.handled.size(); ++i)
            hf->handled.push_back(std::move(ts.handled[i]));
    }
    ts.handled.resize(base);
}

Owned resume_generator(ThreadState& ts, GeneratorObject* gen, Value sent, bool* returned) {
    auto* hf = static_cast<HeapFrame*>(gen->frame);
    Frame& f = hf->frame;
    if (f.pc > 0 && !ts.has_exception()) {
        // The value of the suspended `yield` expression.
        incref(sent);
        *f.sp++ = sent;
    }
    if (++ts.python_depth > ts.interp.recursion_limit ||
        reinterpret_cast<uintptr_t>(__builtin_frame_address(0)) < ts.stack_limit) {
        --ts.python_depth;
        return raise_recursion_error(ts);
    }
    const size_t handled_base = ts.handled.size();
    if (!hf->handled.empty()) [[unlikely]]
        restore_handled(ts, hf);
    Owned result = run_frame(ts, &f);
    --ts.python_depth;
    if (ts.handled.size() != handled_base) [[unlikely]]
        save_handled(ts, hf, handled_base);
    *returned = f.finished;
    return result;
}

constexpr GeneratorFrameOps kHeapFrameOps = {
    .resume = resume_generator,
    .destroy = destroy_heap_frame,
    .yield_from = heap_frame_yield_from,
    .leave_yield_from = heap_frame_leave_yield_from,
    .in_handler_scope = heap_frame_in_handler_scope,
};

Owned make_generator(ThreadState& ts, FunctionObject* fn, CodeObject* co, CallArgs args) {
    auto hf = std::make_unique<HeapFrame>();
    hf->func = Ref<FunctionObject>::borrow(fn);
    hf->nslots = co->frame_slots();
    hf->slots = std::make_unique<Value[]>(static_cast<size_t>(hf->nslots));
    Value* slots = hf->slots.get();
    if (!bind_arguments(ts, fn, co, args, slots)) {
        clear_slots(slots, co->nlocals());
        return nullptr;
    }
    setup_cells(co, fn, slots);
    Frame& f = hf->frame;
    f.co = co;
    f.func = fn;
    f.globals = fn->globals.get();
    f.builtins = ts.interp.builtins.get();
    f.slots = slots;
    f.stack_base = slots + co->nlocals() + co->ncells() + co->nfree();
    f.sp = f.stack_base;
    Ref<GeneratorObject> gen = make_object<GeneratorObject>();
    gen->name = Ref<StrObject>(fn->name);
    gen->qualname = Ref<StrObject>(fn->qualname);
    gen->code = Owned::borrow(Value::from_object(co));
    gen->ops = &kHeapFrameOps;
    gen->frame = hf.release();
    return gen;
}

// Runs [fn]'s code on the C stack over [slots] (its [fixed] locals, cells and free variables
// bound, the value stack after them).
inline Owned run_new_frame(ThreadState& ts, FunctionObject* fn, CodeObject* co, Value* slots,
                           int fixed) {
    Frame f;
    f.co = co;
    f.func = fn;
    f.globals = fn->globals.get();
    f.builtins = ts.interp.builtins.get();
    f.slots = slots;
    f.stack_base = slots + fixed;
    f.sp = f.stack_base;
    return run_frame(ts, &f);
}

// A call of a kCodeSimpleCall function with exactly its positional arguments.
Owned call_simple(ThreadState& ts, FunctionObject* fn, CodeObject* co, CallArgs args) {
    if (++ts.python_depth > ts.interp.recursion_limit ||
        reinterpret_cast<uintptr_t>(__builtin_frame_address(0)) < ts.stack_limit) [[unlikely]] {
        --ts.python_depth;
        return raise_recursion_error(ts);
    }
    const int fixed = co->nfixed;
    auto* slots = static_cast<Value*>(alloca(sizeof(Value) * static_cast<size_t>(co->nslots)));
    const int nargs = static_cast<int>(args.nargs);
    for (int i = 0; i < nargs; ++i) {
        slots[i] = args.args[i];
        incref(slots[i]);
    }
    for (int i = nargs; i < fixed; ++i)
        slots[i] = Value::null();
    Owned result = run_new_frame(ts, fn, co, slots, fixed);
    clear_slots(slots, fixed);
    --ts.python_depth;
    return result;
}

}  // namespace

Owned call_function(ThreadState& ts, FunctionObject* fn, CallArgs args) {
    auto* co = static_cast<CodeObject*>(fn->code.get());
    if ((co->flags & kCodeSimpleCall) && !args.kwnames &&
        args.nargs == static_cast<size_t>(co->argcount)) [[likely]] {
        return call_simple(ts, fn, co, args);
    }
    if (co->flags & kCodeGenerator) return make_generator(ts, fn, co, args);
    if (++ts.python_depth > ts.interp.recursion_limit ||
        reinterpret_cast<uintptr_t>(__builtin_frame_address(0)) < ts.stack_limit) {
        --ts.python_depth;
        return raise_recursion_error(ts);
    }
    const int nslots = co->frame_slots();
    auto* slots = static_cast<Value*>(alloca(sizeof(Value) * static_cast<size_t>(nslots)));
    const int fixed = co->nlocals() + co->ncells() + co->nfree();
    for (int i = 0; i < fixed; ++i)
        slots[i] = Value::null();
    // The common case: exactly the positional parameters, no keywords, no cells.
    bool bound;
    if (!args.kwnames && args.nargs == static_cast<size_t>(co->argcount) &&
        co->total_args() == co->argcount) {
        for (size_t i = 0; i < args.nargs; ++i) {
            slots[i] = args.args[i];
            incref(slots[i]);
        }
        bound = true;
    } else {
        bound = bind_arguments(ts, fn, co, args, slots);
    }
    Owned result;
    if (bound) {
        if (co->ncells() || co->nfree()) setup_cells(co, fn, slots);
        result = run_new_frame(ts, fn, co, slots, fixed);
    }
    clear_slots(slots, fixed);
    --ts.python_depth;
    return result;
}

Ref<FunctionObject> new_function(ThreadState& ts, CodeObject* co, DictObject* globals) {
    Ref<FunctionObject> fn = make_object<FunctionObject>();
    fn->call_slot = call_function;
    fn->code = Ref<Object>::borrow(co);
    fn->globals = Ref<DictObject>::borrow(globals);
    fn->name = co->name;
    fn->qualname = co->qualname;
    Value module = dict_get_str(globals, ts.interp.intern("__name__"));
    fn->module = module.is_null() ? Owned::none() : Owned::borrow(module);
    if ((co->flags & kCodeNewLocals) && !co->consts.empty() && is_str(co->consts[0]) &&
        co->name->view() != "<lambda>") {
        fn->doc = Owned::borrow(co->consts[0]);
    } else {
        fn->doc = Owned::none();
    }
    return fn;
}

Owned eval_code(ThreadState& ts, CodeObject* co, DictObject* globals, DictObject* locals,
                FunctionObject* closure_owner) {
    if (co->nfree() && !closure_owner) {
        return raise(ts, &kTypeErrorType,
                     "code object passed to exec() may not contain free variables");
    }
    const int nslots = co->frame_slots();
    auto slots = std::make_unique<Value[]>(static_cast<size_t>(nslots));
    const int fixed = co->nlocals() + co->ncells() + co->nfree();
    Frame f;
    f.co = co;
    f.globals = globals;
    f.builtins = ts.interp.builtins.get();
    f.locals = Owned::borrow(Value::from_object(locals));
    f.slots = slots.get();
    f.stack_base = f.slots + fixed;
    f.sp = f.stack_base;
    if (co->ncells() || co->nfree()) setup_cells(co, closure_owner, f.slots);
    if (++ts.python_depth > ts.interp.recursion_limit) {
        --ts.python_depth;
        return raise_recursion_error(ts);
    }
    Owned result = run_frame(ts, &f);
    --ts.python_depth;
    clear_slots(f.slots, fixed);
    return result;
}

}  // namespace gilpy::interpreter
