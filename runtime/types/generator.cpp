// The generator type: the iterator protocol, send(), throw() and close() on top of the
// interpreter's resume slot (CPython's Objects/genobject.c behaviour).
#include "runtime/types/generator.hpp"

#include <fmt/format.h>

#include "runtime/abstract.hpp"
#include "runtime/args.hpp"
#include "runtime/exceptions.hpp"
#include "runtime/types/exception.hpp"

namespace gilpy::runtime {

namespace {

void generator_dealloc(Object* self) {
    auto* gen = static_cast<GeneratorObject*>(self);
    if (gen->frame && gen->destroy) gen->destroy(gen->frame);
    delete gen;
}

Owned generator_repr(ThreadState&, Value self) {
    auto* gen = self.as<GeneratorObject>();
    return new_str(fmt::format("<generator object {} at {}>", gen->qualname->view(),
                               static_cast<const void*>(gen)));
}

// One step. [exhausted_is_error]: raise StopIteration(value) when the generator returns
// (send/throw) instead of reporting plain exhaustion (next slot).
Owned generator_step(ThreadState& ts, GeneratorObject* gen, Value sent, bool exhausted_is_error) {
    if (gen->running) return raise(ts, &kValueErrorType, "generator already executing");
    if (gen->finished) {
        if (ts.has_exception()) return nullptr;  // throw() into a finished generator
        if (exhausted_is_error) return raise_empty(ts, &kStopIterationType);
        return nullptr;
    }
    if (!gen->started && !sent.is_none() && !ts.has_exception()) {
        return raise(ts, &kTypeErrorType, "can't send non-None value to a just-started generator");
    }
    gen->started = true;
    gen->running = true;
    bool returned = false;
    Owned result = gen->resume(ts, gen, sent, &returned);
    gen->running = false;
    if (!result) {
        gen->finished = true;
        // A StopIteration escaping a generator becomes RuntimeError (PEP 479).
        if (exception_matches(ts, &kStopIterationType)) {
            Owned cause = fetch_exception(ts);
            raise(ts, &kRuntimeErrorType, "generator raised StopIteration");
            auto* exc = ts.exc.get().as<ExceptionObject>();
            exc->cause = cause;
            exc->context = std::move(cause);
            exc->suppress_context = true;
        }
        return nullptr;
    }
    if (!returned) return result;
    gen->finished = true;
    if (exhausted_is_error || !result.get().is_none()) {
        if (result.get().is_none()) return raise_empty(ts, &kStopIterationType);
        if (!exhausted_is_error) return nullptr;
        return raise_with_value(ts, &kStopIterationType, result.get());
    }
    return nullptr;
}

Owned generator_iter(ThreadState&, Value self) {
    return Owned::borrow(self);
}

Owned generator_next(ThreadState& ts, Value self) {
    return generator_step(ts, self.as<GeneratorObject>(), Value::none(), false);
}

Owned generator_send(ThreadState& ts, CallArgs args) {
    if (!check_positional(ts, args, "send", 2, 2)) return nullptr;
    return generator_step(ts, args[0].as<GeneratorObject>(), args[1], true);
}

Owned generator_throw(ThreadState& ts, CallArgs args) {
    if (!check_positional(ts, args, "throw", 2, 4)) return nullptr;
    Value typ = args[1];
    Owned exc;
    if (typ.is_object() && typ.as_object()->type == &kTypeType &&
        is_subtype(typ.as<TypeObject>(), &kBaseExceptionType)) {
        exc = args.nargs > 2 && !args[2].is_none() ? call_values(ts, typ, {args[2]})
                                                   : call_values(ts, typ, {});
        if (!exc) return nullptr;
    } else if (is_exception(typ)) {
        exc = Owned::borrow(typ);
    } else {
        return raise(ts, &kTypeErrorType,
                     "exceptions must be classes or instances deriving from BaseException, not " +
                         std::string(type_name(typ)));
    }
    auto* gen = args[0].as<GeneratorObject>();
    ts.exc = std::move(exc);
    if (!gen->started) gen->finished = true;  // raised at the start: never runs the body
    return generator_step(ts, gen, Value::none(), true);
}

Owned generator_close(ThreadState& ts, CallArgs args) {
    if (!check_positional(ts, args, "close", 1, 1)) return nullptr;
    auto* gen = args[0].as<GeneratorObject>();
    if (gen->finished || !gen->started) {
        gen->finished = true;
        return Owned::none();
    }
    Owned exc = call_values(ts, Value::from_object(&kGeneratorExitType), {});
    if (!exc) return nullptr;
    ts.exc = std::move(exc);
    Owned result = generator_step(ts, gen, Value::none(), false);
    if (result) return raise(ts, &kRuntimeErrorType, "generator ignored GeneratorExit");
    if (!ts.has_exception() || exception_matches(ts, &kGeneratorExitType) ||
        exception_matches(ts, &kStopIterationType)) {
        clear_exception(ts);
        return Owned::none();
    }
    return nullptr;
}

Owned generator_get_name(ThreadState&, Value self) {
    return Owned(Ref<StrObject>(self.as<GeneratorObject>()->name));
}

const MethodDef kGeneratorMethods[] = {
    {"send", generator_send},
    {"throw", generator_throw},
    {"close", generator_close},
    {nullptr, nullptr},
};

const GetSetDef kGeneratorGetSet[] = {
    {"__name__", generator_get_name},
    {nullptr, nullptr},
};

}  // namespace

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
