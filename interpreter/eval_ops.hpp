// The slow paths of the eval loop's opcodes, kept out of eval.cpp so that each handler stays a
// few lines (STYLE 3.12). All need the GIL and follow the raise convention of value.hpp.
// "Steals" means the function takes over the references of the values passed in.
#pragma once

#include <cstdint>

#include "interpreter/code_object.hpp"
#include "runtime/thread_state.hpp"
#include "runtime/types/dict.hpp"
#include "runtime/types/list.hpp"
#include "runtime/types/tuple.hpp"

namespace gilpy::interpreter {

struct Frame;

using runtime::DictObject;
using runtime::Owned;
using runtime::ThreadState;

// Handles pending eval-breaker work (signals: KeyboardInterrupt); false if it raised.
bool handle_eval_breaker(ThreadState& ts);

void raise_unbound_local(ThreadState& ts, StrObject* name);
void raise_unbound_deref(ThreadState& ts, CodeObject* co, uint32_t index);
void raise_name_error(ThreadState& ts, StrObject* name);
StrObject* deref_name(CodeObject* co, uint32_t index);

// The method [name] of [obj]'s type when calling it needs no bound-method object (a Python
// function or builtin method descriptor not shadowed by the instance); borrowed, or null.
Value lookup_plain_method(Value obj, StrObject* name);

// obj[index] for exact lists and tuples with an in-range index (borrowed), else null (no raise).
// Inline: the eval loop's most common subscripts take no call.
inline Value subscript_fast(Value obj, int64_t index) {
    if (!obj.is_object()) return Value::null();
    runtime::TypeObject* t = obj.as_object()->type;
    if (t == &runtime::kListType) {
        auto* l = obj.as<runtime::ListObject>();
        if (index < 0) index += l->length;
        if (index >= 0 && index < l->length) return l->items[index];
    } else if (t == &runtime::kTupleType) {
        auto* tu = obj.as<runtime::TupleObject>();
        if (index < 0) index += tu->length;
        if (index >= 0 && index < tu->length) return tu->items[index];
    }
    return Value::null();
}

// obj[index] = v for an exact list and an in-range index: takes over v's reference and returns
// true; else false, nothing done (no raise).
inline bool store_subscript_fast(Value obj, int64_t index, Value v) {
    if (!obj.is_object() || obj.as_object()->type != &runtime::kListType) return false;
    auto* l = obj.as<runtime::ListObject>();
    if (index < 0) index += l->length;
    if (index < 0 || index >= l->length) return false;
    Value old = l->items[index];
    l->items[index] = v;
    decref(old);  // last: a finaliser it runs sees the list already updated
    return true;
}

// Displays: each steals its [items].
Owned build_set(ThreadState& ts, Value* items, uint32_t n);
Owned build_map(ThreadState& ts, Value* items, uint32_t n);  // n key/value pairs
Owned build_string(Value* items, uint32_t n);                // n strs
bool set_add_value(ThreadState& ts, Value set, Value item);
bool set_update_value(ThreadState& ts, Value set, Value iterable);
// {**m}: "'int' object is not a mapping".
bool dict_update_display(ThreadState& ts, DictObject* d, Value mapping);
// f(**m): rejects non-str keys and repeated keywords, naming [func] like CPython.
bool dict_merge_kwargs(ThreadState& ts, DictObject* d, Value mapping, Value func);

// f-string field: conversion 0 none / 1 str / 2 repr / 3 ascii, then format(v, spec).
Owned format_value(ThreadState& ts, Value v, uint32_t conversion, Value spec);

// Unpacks [seq] into exactly [n] new references written at out[0..n) in stack order (the
// first item ends on top: out[n-1]).
bool unpack_sequence(ThreadState& ts, Value seq, uint32_t n, Value* out);
// a, *b, c = seq: [before] items, a list, [after] items, in stack order.
bool unpack_ex(ThreadState& ts, Value seq, uint32_t before, uint32_t after, Value* out);

// f(*args, **kwargs).
Owned call_with_unpacked(ThreadState& ts, Value func, Value args, Value kwargs);

// raise exc [from cause]: sets the pending exception (or the TypeError explaining why not).
void do_raise(ThreadState& ts, Value exc, Value cause);
// `except type:` matching: 1/0, or -1 when [type] is not an exception class (TypeError).
int exception_matches_type(ThreadState& ts, Value exc, Value type);

// with: calls mgr.__enter__() and returns its result; *exit_fn receives the bound __exit__.
Owned enter_context(ThreadState& ts, Value mgr, Owned* exit_fn);
// exit_fn(type(exc), exc, exc.__traceback__).
Owned call_exit_with_exception(ThreadState& ts, Value exit_fn, Value exc);

Owned import_name(ThreadState& ts, StrObject* name, DictObject* globals, Value fromlist,
                  Value level);
Owned import_from(ThreadState& ts, Value module, StrObject* name);
bool import_star(ThreadState& ts, Value module, DictObject* locals);

// Interactive mode: print repr(v) unless None, and bind builtins._ (sys.displayhook).
bool display_value(ThreadState& ts, Value v);

// Adds this frame's current position (instruction pc-1) to the pending exception's traceback.
void add_traceback_entry(ThreadState& ts, Frame* f, uint32_t pc);

}  // namespace gilpy::interpreter
