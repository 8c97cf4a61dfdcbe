// generator: a suspended frame that produces values on demand (generator functions and
// generator expressions). The frame belongs to the interpreter layer; the runtime drives it
// through the GeneratorFrameOps the interpreter fills in (DESIGN: the runtime reaches the eval
// loop only through slots). send/throw/close and `yield from` delegation follow CPython 3.11's
// Objects/genobject.c.
#pragma once

#include "runtime/type_object.hpp"
#include "runtime/types/str.hpp"

namespace gilpy::runtime {

extern TypeObject kGeneratorType;

struct GeneratorObject;

// The outcome of one step of a generator or of any iterator driven by `yield from`.
enum class GenStatus { Next, Return, Error };

// What the interpreter provides for the frame of a generator.
struct GeneratorFrameOps {
    // Resumes the frame pushing [sent] as the value of the suspended `yield` (None for next());
    // when an exception is pending in [ts] on entry it is raised at the suspension point
    // instead (throw/close). Returns the yielded value with *returned false, the return value
    // with *returned true, or null when the frame raised.
    Owned (*resume)(ThreadState& ts, GeneratorObject* gen, Value sent, bool* returned);
    void (*destroy)(void* frame);
    // The iterator a suspended `yield from` delegates to (borrowed), or null.
    Value (*yield_from)(void* frame);
    // Drops that iterator and moves the frame past its delegation loop, so the next resume
    // delivers the sent value (or the pending exception) as the outcome of `yield from`.
    void (*leave_yield_from)(void* frame);
    // Whether a GeneratorExit raised at the suspension point could run any code (a try,
    // except, finally or with block is active); close() skips the frame otherwise.
    bool (*in_handler_scope)(void* frame);
};

struct GeneratorObject : Object {
    void* frame = nullptr;  // owned: freed through ops->destroy
    const GeneratorFrameOps* ops = nullptr;
    Ref<StrObject> name, qualname;
    Owned code;                   // the code object (gi_code)
    bool started = false;
    bool running = false;
    bool finished = false;
    GeneratorObject() : Object(&kGeneratorType) {}
};

// Runs one step of [gen]: sends [sent], or raises the pending exception at the suspension
// point when [throwing]. Next: *result is the yielded value; Return: the return value;
// Error: null with the exception pending (a StopIteration leaving the frame has become
// RuntimeError, PEP 479).
GenStatus generator_send_ex(ThreadState& ts, GeneratorObject* gen, Value sent, bool throwing,
                            Owned* result);

// One step of `yield from` on any iterator (CPython's PyIter_Send): a generator directly, the
// next slot when [sent] is None, else the iterator's send() method. A StopIteration ending it
// becomes Return with the exception's value.
GenStatus iter_send(ThreadState& ts, Value receiver, Value sent, Owned* result);

// next() on a generator as a Python caller sees it: the next value, or null with StopIteration
// (carrying the return value when it is not None) or the frame's exception pending.
Owned generator_next_or_stop(ThreadState& ts, GeneratorObject* gen);

}  // namespace gilpy::runtime
