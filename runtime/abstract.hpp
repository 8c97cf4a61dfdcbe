// The generic operations on values that the eval loop, builtins and types share (CPython's
// abstract.c and object.c): repr, hashing, comparison, truth, arithmetic, attributes, items,
// calls and iteration. Each dispatches through the type's slots and raises CPython's TypeError
// when a slot is missing. All need the GIL; all follow the raise convention of value.hpp.
#pragma once

#include <cstdint>
#include <string>

#include "runtime/type_object.hpp"
#include "runtime/value.hpp"

namespace gilpy::runtime {

struct StrObject;
struct TupleObject;
struct DictObject;

// repr(v), str(v), ascii(v): new str objects.
Owned repr(ThreadState& ts, Value v);
Owned str(ThreadState& ts, Value v);
Owned ascii(ThreadState& ts, Value v);
// format(v, spec): calls __format__.
Owned format(ThreadState& ts, Value v, Value spec);

// hash(v); -1 when raised (TypeError "unhashable type: 'list'").
int64_t hash(ThreadState& ts, Value v);

// Rich comparison with CPython's reflected fallback; Eq/Ne fall back to identity.
// Raises TypeError "'<' not supported between instances of 'int' and 'str'".
Owned compare(ThreadState& ts, Value a, Value b, CompareOp op);
// Comparison reduced to a truth value: 1, 0, or -1 when raised.
int compare_bool(ThreadState& ts, Value a, Value b, CompareOp op);
// a == b as 1/0/-1, with the identity shortcut containers use (CPython's PyObject_RichCompareBool).
int equals(ThreadState& ts, Value a, Value b);

// bool(v): 1, 0, or -1 when raised.
int truth(ThreadState& ts, Value v);
// len(v): >= 0, or -1 when raised.
int64_t length(ThreadState& ts, Value v);

// a <op> b with __op__/__rop__ dispatch; inplace_op tries __iop__ first.
Owned binary_op(ThreadState& ts, Value a, Value b, BinaryOp op);
Owned inplace_op(ThreadState& ts, Value a, Value b, BinaryOp op);
Owned unary_op(ThreadState& ts, Value v, UnaryOp op);
// The operator's symbol for messages: "+", "//", "**".
const char* binary_op_symbol(BinaryOp op);

// operator.index(v): an exact int (Value::is_int or a BigInt object); TypeError otherwise
// ("'float' object cannot be interpreted as an integer").
Owned index(ThreadState& ts, Value v);
// index(v) as int64; raises OverflowError "Python int too large to convert to C ssize_t" (with
// [what] used as CPython does for some callers) if it does not fit.
bool index_int64(ThreadState& ts, Value v, int64_t* out);

// Attributes. get_attr raises AttributeError; get_attr_opt returns null *without* raising when
// the attribute does not exist (other errors still raise: check ts.has_exception()).
Owned get_attr(ThreadState& ts, Value v, StrObject* name);
Owned get_attr_opt(ThreadState& ts, Value v, StrObject* name);
int set_attr(ThreadState& ts, Value v, StrObject* name, Value value);  // value null: delete
// The default attribute lookup (type MRO descriptors, then the instance dict); the getattr
// slot of most types.
Owned generic_get_attr(ThreadState& ts, Value v, StrObject* name);
int generic_set_attr(ThreadState& ts, Value v, StrObject* name, Value value);

// Items: v[key], v[key] = value, del v[key].
Owned get_item(ThreadState& ts, Value v, Value key);
int set_item(ThreadState& ts, Value v, Value key, Value value);
int del_item(ThreadState& ts, Value v, Value key);
// item in v: 1, 0, -1 when raised (falls back to iteration).
int contains(ThreadState& ts, Value v, Value item);

// Calls. call() is the vectorcall entry; call_values is a convenience for native code.
Owned call(ThreadState& ts, Value callable, CallArgs args);
Owned call_values(ThreadState& ts, Value callable, std::initializer_list<Value> args);
// Calls the method [name] of [self] with [args] (self not included).
Owned call_method(ThreadState& ts, Value self, StrObject* name, std::initializer_list<Value> args);
bool is_callable(Value v);

// Iteration. get_iter raises "'int' object is not iterable". iter_next returns the next item,
// or null: with an exception pending if raised, without one when exhausted.
Owned get_iter(ThreadState& ts, Value v);
Owned iter_next(ThreadState& ts, Value iterator);

// isinstance(v, t) for one type (no tuples, no __instancecheck__).
inline bool is_instance(Value v, const TypeObject* t) { return is_subtype(type_of(v), t); }

// The NotImplemented and Ellipsis singletons (immortal).
extern Object kNotImplemented;
extern Object kEllipsis;
inline Value not_implemented() { return Value::from_object(&kNotImplemented); }
inline bool is_not_implemented(Value v) { return v.is_object() && v.as_object() == &kNotImplemented; }

}  // namespace gilpy::runtime
