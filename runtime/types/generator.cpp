// The generator type: the iterator protocol, send(), throw() and close() on top of the
// interpreter's frame operations, with `yield from` delegation of throw() and close() to the
// sub-iterator and finalization (close on collection), as CPython 3.11's Objects/genobject.c.
#include "runtime/types/generator.hpp"

#include <fmt/format.h>

#include <cstdio>

#include "runtime/abstract.hpp"
#include "runtime/args.hpp"
#include "runtime/exceptions.hpp"
#include "runtime/interpreter_state.hpp"
#include "runtime/types/exception.hpp"
#include "runtime/types/tuple.hpp"

namespace gilpy::runtime {

namespace {

// The thread state of this OS thread, as of its latest generator resumption: a dealloc slot
// gets no ThreadState, and finalizing a generator runs its frame on the thread dropping it (a
// generator dropped by a thread that never ran one is freed without running its finally
// blocks). The ThreadState of the generator's last runner could be gone by then.
thread_local ThreadState* t_thread_state = nullptr;

// A finished generator releases its frame (locals, cells) at once, as CPython clears it, so
// objects only it referenced are freed (and their finalizers run) when it ends.
void mark_finished(GeneratorObject* gen) {
    gen->finished = true;
    if (void* frame = gen->frame) {
        gen->frame = nullptr;
        gen->ops->destroy(frame);
    }
}

// The entry checks of a step that is not the resumption of a suspended generator: false
// with *status set when the step ends here.
[[gnu::noinline]] bool check_unusual_entry(ThreadState& ts, GeneratorObject* gen, Value sent,
                                           bool throwing, Owned* result, GenStatus* status) {
    *status = GenStatus::Error;
    if (gen->running) {
        clear_exception(ts);
        raise(ts, &kValueErrorType, "generator already executing");
        return false;
    }
    if (gen->finished) {
        // An exhausted generator returns None again; a throw() into it raises as is.
        if (throwing) return false;
        *result = Owned::none();
        *status = GenStatus::Return;
        return false;
    }
    if (throwing) {
        // Raised before the first instruction: the body never runs.
        mark_finished(gen);
        return false;
    }
    if (!sent.is_none()) {
        raise(ts, &kTypeErrorType, "can't send non-None value to a just-started generator");
        return false;
    }
    return true;
}

// The frame raised: the generator is over, and a StopIteration leaving it becomes
// RuntimeError (PEP 479).
[[gnu::noinline]] GenStatus finish_with_error(ThreadState& ts, GeneratorObject* gen) {
    mark_finished(gen);
    if (exception_matches(ts, &kStopIterationType)) {
        Owned cause = fetch_exception(ts);
        raise(ts, &kRuntimeErrorType, "generator raised StopIteration");
        auto* exc = ts.exc.get().as<ExceptionObject>();
        exc->cause = cause;
        exc->context = std::move(cause);
        exc->suppress_context = true;
    }
    return GenStatus::Error;
}

// generator_send_ex, inlined into the next slot: resuming a suspended generator is the hot
// path of every loop over one, so the unusual cases are kept out of line.
[[gnu::always_inline]] inline GenStatus send_ex(ThreadState& ts, GeneratorObject* gen,
                                                Value sent, bool throwing, Owned* result) {
    if (gen->running || gen->finished || !gen->started) [[unlikely]] {
        GenStatus status;
        if (!check_unusual_entry(ts, gen, sent, throwing, result, &status)) return status;
        gen->started = true;
    }
    gen->running = true;
    t_thread_state = &ts;
    bool returned = false;
    Owned r = gen->ops->resume(ts, gen, sent, &returned);
    gen->running = false;
    if (!r) [[unlikely]] return finish_with_error(ts, gen);
    if (returned) [[unlikely]] {
        mark_finished(gen);
        *result = std::move(r);
        return GenStatus::Return;
    }
    *result = std::move(r);
    return GenStatus::Next;
}

}  // namespace

GenStatus generator_send_ex(ThreadState& ts, GeneratorObject* gen, Value sent, bool throwing,
                            Owned* result) {
    return send_ex(ts, gen, sent, throwing, result);
}

namespace {

Owned generator_close_impl(ThreadState& ts, GeneratorObject* gen);

// The value of the pending StopIteration (None without one), which is cleared.
Owned fetch_stop_iteration_value(ThreadState& ts) {
    if (!ts.has_exception()) return Owned::none();
    Owned exc = fetch_exception(ts);
    Value v = exception_attr(ts, exc.get().as<ExceptionObject>(), "value");
    return v.is_null() ? Owned::none() : Owned::borrow(v);
}

// Raises StopIteration carrying a generator's return value (bare when it is None).
std::nullptr_t raise_stop_iteration(ThreadState& ts, Value value) {
    if (value.is_none()) return raise_empty(ts, &kStopIterationType);
    return raise_with_value(ts, &kStopIterationType, value);
}

// send()/throw() result: a yielded value, or StopIteration(return value).
Owned send_result(ThreadState& ts, GenStatus status, Owned result) {
    if (status == GenStatus::Next) return result;
    if (status == GenStatus::Return) return raise_stop_iteration(ts, result.get());
    return nullptr;
}

GeneratorObject* as_gen(Value v) {
    return v.is_object() && v.as_object()->type == &kGeneratorType ? v.as<GeneratorObject>()
                                                                   : nullptr;
}

Value delegate_of(GeneratorObject* gen) {
    if (!gen->frame || gen->finished || gen->running || !gen->started) return Value::null();
    return gen->ops->yield_from(gen->frame);
}

// Closes the iterator a `yield from` delegates to: close() of a generator, or its close()
// method when it has one. False (raised) when that raised.
bool close_iterator(ThreadState& ts, Value it) {
    if (GeneratorObject* sub = as_gen(it)) return static_cast<bool>(generator_close_impl(ts, sub));
    Owned meth = get_attr_opt(ts, it, ts.interp.intern("close"));
    if (!meth) return !ts.has_exception();
    return static_cast<bool>(call_values(ts, meth.get(), {}));
}

// True when a throw() argument is GeneratorExit (the class, a subclass, or an instance).
bool is_generator_exit(Value typ) {
    if (is_exception(typ)) return is_instance(typ, &kGeneratorExitType);
    return is_exception_type(typ) && is_subtype(typ.as<TypeObject>(), &kGeneratorExitType);
}

// throw(typ[, val[, tb]]) with [nargs] of them given (CPython's _gen_throw): a `yield from`
// in progress passes it on to the sub-iterator first.
Owned generator_throw_impl(ThreadState& ts, GeneratorObject* gen, Value typ, Value val, Value tb,
                           size_t nargs) {
    Value yf = delegate_of(gen);
    if (!yf.is_null()) {
        Owned hold = Owned::borrow(yf);
        if (is_generator_exit(typ)) {
            // GeneratorExit closes the sub-iterator (it is not thrown into it), then is raised
            // here; an error from that close is raised here instead.
            gen->running = true;
            bool closed = close_iterator(ts, yf);
            gen->running = false;
            if (!closed) {
                Owned r;
                GenStatus status = generator_send_ex(ts, gen, Value::none(), true, &r);
                return send_result(ts, status, std::move(r));
            }
        } else {
            Owned ret;
            bool thrown = true;
            if (GeneratorObject* sub = as_gen(yf)) {
                gen->running = true;
                ret = generator_throw_impl(ts, sub, typ, val, tb, nargs);
                gen->running = false;
            } else {
                Owned meth = get_attr_opt(ts, yf, ts.interp.intern("throw"));
                if (!meth) {
                    if (ts.has_exception()) return nullptr;
                    thrown = false;  // no throw(): raise it in this generator
                } else {
                    gen->running = true;
                    Value call_args[3] = {typ, val, tb};
                    ret = call(ts, meth.get(), CallArgs{call_args, nargs, nullptr});
                    gen->running = false;
                }
            }
            if (thrown) {
                if (ret) return ret;  // the sub-iterator yielded: so does this generator
                // The sub-iterator finished: its StopIteration value is the result of `yield
                // from`, any other exception continues here.
                gen->ops->leave_yield_from(gen->frame);
                Owned r;
                GenStatus status;
                if (exception_matches(ts, &kStopIterationType)) {
                    Owned value = fetch_stop_iteration_value(ts);
                    status = generator_send_ex(ts, gen, value.get(), false, &r);
                } else {
                    status = generator_send_ex(ts, gen, Value::none(), true, &r);
                }
                return send_result(ts, status, std::move(r));
            }
        }
    }
    // Raise the exception at the generator's suspension point.
    if (!tb.is_null() && tb.is_none()) tb = Value::null();
    if (!tb.is_null() && type_of(tb) != &kTracebackType) {
        return raise(ts, &kTypeErrorType, "throw() third argument must be a traceback object");
    }
    Owned exc;
    if (is_exception_type(typ)) {
        if (!val.is_null() && is_instance(val, typ.as<TypeObject>())) {
            exc = Owned::borrow(val);
        } else if (val.is_null() || val.is_none()) {
            exc = call_values(ts, typ, {});
        } else if (is_tuple(val)) {
            auto* t = val.as<TupleObject>();
            exc = call(ts, typ, CallArgs{t->items, static_cast<size_t>(t->length), nullptr});
        } else {
            exc = call_values(ts, typ, {val});
        }
        if (!exc) return nullptr;
        if (!is_exception(exc.get())) {
            return raisef(ts, &kTypeErrorType,
                          "calling {} should have returned an instance of BaseException, not {}",
                          typ.as<TypeObject>()->name, type_name(exc.get()));
        }
    } else if (is_exception(typ)) {
        if (!val.is_null() && !val.is_none()) {
            return raise(ts, &kTypeErrorType, "instance exception may not have a separate value");
        }
        exc = Owned::borrow(typ);
    } else {
        return raisef(ts, &kTypeErrorType,
                      "exceptions must be classes or instances deriving from BaseException, not {}",
                      type_name(typ));
    }
    if (!tb.is_null()) exc.get().as<ExceptionObject>()->traceback = Owned::borrow(tb);
    ts.exc = std::move(exc);
    Owned r;
    GenStatus status = generator_send_ex(ts, gen, Value::none(), true, &r);
    return send_result(ts, status, std::move(r));
}

Owned generator_close_impl(ThreadState& ts, GeneratorObject* gen) {
    if (gen->running) return raise(ts, &kValueErrorType, "generator already executing");
    if (gen->finished) return Owned::none();
    if (!gen->started) {
        mark_finished(gen);
        return Owned::none();
    }
    bool closed = true;
    Value yf = delegate_of(gen);
    if (!yf.is_null()) {
        Owned hold = Owned::borrow(yf);
        gen->running = true;
        closed = close_iterator(ts, yf);
        gen->running = false;
    } else if (!gen->ops->in_handler_scope(gen->frame)) {
        // GeneratorExit would leave the frame without running anything.
        mark_finished(gen);
        return Owned::none();
    }
    if (closed) {
        Owned exc = call_values(ts, Value::from_object(&kGeneratorExitType), {});
        if (!exc) return nullptr;
        ts.exc = std::move(exc);
    }
    Owned r;
    GenStatus status = generator_send_ex(ts, gen, Value::none(), true, &r);
    if (status == GenStatus::Next) {
        return raise(ts, &kRuntimeErrorType, "generator ignored GeneratorExit");
    }
    if (status == GenStatus::Return || exception_matches(ts, &kGeneratorExitType) ||
        exception_matches(ts, &kStopIterationType)) {
        clear_exception(ts);
        return Owned::none();
    }
    return nullptr;
}

void generator_dealloc(Object* self) {
    auto* gen = static_cast<GeneratorObject*>(self);
    if (gen->frame && gen->started && !gen->finished && t_thread_state) {
        // Finalization: close() the suspended frame so its finally blocks run. The object is
        // alive again for the duration (close() passes it around).
        ThreadState& ts = *t_thread_state;
        gen->refcount = 1;
        Owned saved = fetch_exception(ts);
        if (!generator_close_impl(ts, gen)) {
            Owned exc = fetch_exception(ts);
            Owned r = repr(ts, Value::from_object(gen));
            clear_exception(ts);
            std::string report = "Exception ignored in: ";
            report += r ? std::string(r.get().as<StrObject>()->view()) : "<generator>";
            report += "\n";
            // The unraisable report shows the exception alone, without its chain.
            auto* e = exc.get().as<ExceptionObject>();
            Owned cause = std::move(e->cause), context = std::move(e->context);
            report += format_exception(ts, exc.get());
            e->cause = std::move(cause);
            e->context = std::move(context);
            std::fputs(report.c_str(), stderr);
        }
        ts.exc = std::move(saved);
        if (--gen->refcount != 0) return;  // resurrected by the code close() ran
    }
    if (gen->frame) gen->ops->destroy(gen->frame);
    delete gen;
}

Owned generator_repr(ThreadState&, Value self) {
    auto* gen = self.as<GeneratorObject>();
    return new_str(fmt::format("<generator object {} at {}>", gen->qualname->view(),
                               static_cast<const void*>(gen)));
}

Owned generator_iter(ThreadState&, Value self) {
    return Owned::borrow(self);
}

// The native protocol: exhaustion is null without an exception (the return value is dropped,
// as CPython's for loops and builtins drop it).
Owned generator_next(ThreadState& ts, Value self) {
    Owned r;
    if (send_ex(ts, self.as<GeneratorObject>(), Value::none(), false, &r) != GenStatus::Next) {
        r = Owned();  // one returned object for all paths: no copy on the hot one
    }
    return r;
}

Owned generator_send(ThreadState& ts, CallArgs args) {
    if (args.keyword_count() != 0) {
        return raise(ts, &kTypeErrorType, "generator.send() takes no keyword arguments");
    }
    if (args.nargs != 2) {
        return raisef(ts, &kTypeErrorType, "generator.send() takes exactly one argument ({} given)",
                      args.nargs - 1);
    }
    Owned r;
    GenStatus status = generator_send_ex(ts, args[0].as<GeneratorObject>(), args[1], false, &r);
    return send_result(ts, status, std::move(r));
}

Owned generator_throw(ThreadState& ts, CallArgs args) {
    if (!check_positional(ts, drop_self(args), "throw", 1, 3)) return nullptr;
    Value val = args.nargs > 2 ? args[2] : Value::null();
    Value tb = args.nargs > 3 ? args[3] : Value::null();
    return generator_throw_impl(ts, args[0].as<GeneratorObject>(), args[1], val, tb,
                                args.nargs - 1);
}

Owned generator_close(ThreadState& ts, CallArgs args) {
    if (args.keyword_count() != 0) {
        return raise(ts, &kTypeErrorType, "generator.close() takes no keyword arguments");
    }
    if (args.nargs != 1) {
        return raisef(ts, &kTypeErrorType, "generator.close() takes no arguments ({} given)",
                      args.nargs - 1);
    }
    return generator_close_impl(ts, args[0].as<GeneratorObject>());
}

// __next__ called from Python: unlike the native next slot, the StopIteration carries the
// return value (the slot wrapper would raise a bare one).
Owned generator_dunder_next(ThreadState& ts, CallArgs args) {
    if (args.nargs != 1 || args.keyword_count() != 0) {
        if (args.keyword_count() != 0) {
            return raise(ts, &kTypeErrorType, "wrapper __next__() takes no keyword arguments");
        }
        return raisef(ts, &kTypeErrorType, "expected 0 arguments, got {}", args.nargs - 1);
    }
    return generator_next_or_stop(ts, args[0].as<GeneratorObject>());
}

Owned generator_get_name(ThreadState&, Value self) {
    return Owned(Ref<StrObject>(self.as<GeneratorObject>()->name));
}

Owned generator_get_qualname(ThreadState&, Value self) {
    return Owned(Ref<StrObject>(self.as<GeneratorObject>()->qualname));
}

// Stores a new __name__ / __qualname__ ([what]) in [field]; only str is accepted.
int set_name_field(ThreadState& ts, Ref<StrObject>& field, Value v, const char* what) {
    if (v.is_null() || !is_str(v)) {
        raisef(ts, &kTypeErrorType, "{} must be set to a string object", what);
        return -1;
    }
    field = Ref<StrObject>::borrow(v.as<StrObject>());
    return 0;
}

int generator_set_name(ThreadState& ts, Value self, Value v) {
    return set_name_field(ts, self.as<GeneratorObject>()->name, v, "__name__");
}

int generator_set_qualname(ThreadState& ts, Value self, Value v) {
    return set_name_field(ts, self.as<GeneratorObject>()->qualname, v, "__qualname__");
}

Owned generator_get_running(ThreadState&, Value self) {
    return Owned::from_bool((self.as<GeneratorObject>()->running));
}

Owned generator_get_suspended(ThreadState&, Value self) {
    auto* gen = self.as<GeneratorObject>();
    return Owned::from_bool((gen->started && !gen->running && !gen->finished));
}

Owned generator_get_yieldfrom(ThreadState&, Value self) {
    Value yf = delegate_of(self.as<GeneratorObject>());
    return yf.is_null() ? Owned::none() : Owned::borrow(yf);
}

Owned generator_get_code(ThreadState&, Value self) {
    auto* gen = self.as<GeneratorObject>();
    return gen->code ? Owned::borrow(gen->code.get()) : Owned::none();
}

const MethodDef kGeneratorMethods[] = {
    {"send", generator_send},
    {"throw", generator_throw},
    {"close", generator_close},
    {"__next__", generator_dunder_next},
    {nullptr, nullptr},
};

const GetSetDef kGeneratorGetSet[] = {
    {"__name__", generator_get_name, generator_set_name},
    {"__qualname__", generator_get_qualname, generator_set_qualname},
    {"gi_running", generator_get_running},
    {"gi_suspended", generator_get_suspended},
    {"gi_yieldfrom", generator_get_yieldfrom},
    {"gi_code", generator_get_code},
    {nullptr, nullptr},
};

}  // namespace

GenStatus iter_send(ThreadState& ts, Value receiver, Value sent, Owned* result) {
    if (GeneratorObject* gen = as_gen(receiver)) {
        return generator_send_ex(ts, gen, sent, false, result);
    }
    TypeObject* t = type_of(receiver);
    Owned r;
    if (sent.is_none() && t->next) {
        // A class's __next__ is called directly so the value of its StopIteration survives
        // (the native next slot drops it).
        r = (t->flags & kTypeHeap) ? call_method(ts, receiver, ts.interp.intern("__next__"), {})
                                   : t->next(ts, receiver);
    } else {
        r = call_method(ts, receiver, ts.interp.intern("send"), {sent});
    }
    if (r) {
        *result = std::move(r);
        return GenStatus::Next;
    }
    if (ts.has_exception() && !exception_matches(ts, &kStopIterationType)) return GenStatus::Error;
    *result = fetch_stop_iteration_value(ts);
    return GenStatus::Return;
}

Owned generator_next_or_stop(ThreadState& ts, GeneratorObject* gen) {
    Owned r;
    GenStatus status = generator_send_ex(ts, gen, Value::none(), false, &r);
    if (status == GenStatus::Next) return r;
    if (status == GenStatus::Return) return raise_stop_iteration(ts, r.get());
    return nullptr;
}

constinit TypeObject kGeneratorType("generator", &kObjectType, 0,
                                    {
                                        .dealloc = generator_dealloc,
                                        .repr = generator_repr,
                                        .iter = generator_iter,
                                        .next = generator_next,
                                        .methods = kGeneratorMethods,
                                        .getset = kGeneratorGetSet,
                                    });

}  // namespace gilpy::runtime
