// int: arbitrary-precision integers. Values that fit in int64 are tagged immediates (Tag::Int);
// larger ones are IntObject holding a BigInt. Every operation normalises its result back to a
// tagged int when it fits (value.hpp's invariant).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "runtime/bigint.hpp"
#include "runtime/type_object.hpp"

namespace gilpy::runtime {

struct IntObject : Object {
    BigInt value;
    IntObject(TypeObject* t, BigInt v) : Object(t), value(std::move(v)) {}
};

// True for small ints, big ints and bools (bool is an int subclass).
inline bool is_int(Value v) {
    return v.is_int() || v.is_bool() ||
           (v.is_object() && (v.as_object()->type->flags & kTypeIntSubclass));
}
// True for ints that are exactly int (not bool, not a subclass).
inline bool is_exact_int(Value v) {
    return v.is_int() || (v.is_object() && v.as_object()->type == &kIntType);
}

// An int value from a BigInt: tagged when it fits in int64, else a new IntObject.
Owned int_from_bigint(BigInt v);
// The BigInt value of any int (small, big or bool).
BigInt int_to_bigint(Value v);
// The int64 value of an int when it fits; false otherwise (no exception set).
bool int_to_int64(Value v, int64_t* out);
// Converts a Python int to double with OverflowError on overflow; false if raised.
bool int_to_double(ThreadState& ts, Value v, double* out);
// Hash of an int value, matching CPython's (modulus 2**61 - 1).
int64_t int_hash(Value v);
// str(int) in base 10, honouring sys.set_int_max_str_digits; null if raised.
Owned int_to_decimal_str(ThreadState& ts, Value v);
// The sign of an int: -1, 0 or 1.
int int_sign(Value v);
// int(text, base) with Python's literal rules; null if raised.
Owned int_from_string(ThreadState& ts, std::string_view text, int base, Value original);

// Prepares str text for int()/float() parsing: Unicode whitespace becomes ' ' and decimal digits
// of any script become ASCII digits (int('٣') == 3). Returns false, leaving [out] alone, when
// [text] is already ASCII (the common case: parse [text] itself).
bool numeric_text_to_ascii(std::string_view text, std::string* out);

// pow(base, exp, mod) for ints: negative exponents use the modular inverse; ValueError
// "pow() 3rd argument cannot be 0" / "base is not invertible for the given modulus".
Owned int_pow_mod(ThreadState& ts, Value base, Value exp, Value mod);
// Exact comparison of an int with a double: -1, 0, 1, or 2 when [d] is NaN.
int int_float_compare(Value i, double d);
// The int type's numeric slots (bool reuses them).
const NumberSlots* int_number_slots();

}  // namespace gilpy::runtime
