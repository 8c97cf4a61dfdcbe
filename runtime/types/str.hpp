// str: immutable Unicode text stored as UTF-8, with its length in code points cached, so len()
// is O(1) and ASCII strings (the common case) index and slice in O(1).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "runtime/type_object.hpp"

namespace gilpy::runtime {

extern TypeObject kStrType;

struct StrObject : Object {
    int64_t length;  // code points
    int64_t size;    // bytes of UTF-8 in data
    int64_t hash;    // -1 until computed
    bool ascii;      // every byte < 0x80: code point index == byte index
    bool interned;
    char data[1];    // size bytes of UTF-8, then a NUL

    std::string_view view() const { return {data, static_cast<size_t>(size)}; }
};

inline bool is_str(Value v) {
    return v.is_object() && (v.as_object()->type->flags & kTypeStrSubclass);
}
inline bool is_exact_str(Value v) { return v.is_object() && v.as_object()->type == &kStrType; }

// A new str holding [utf8], which must be valid UTF-8 (check untrusted bytes with
// utf8_validate first).
Ref<StrObject> new_str(std::string_view utf8);
// A new str of [size] bytes to be filled in by the caller (data is NUL-terminated);
// call str_finish() after writing to compute length and ascii.
Ref<StrObject> new_str_uninitialized(int64_t size);
void str_finish(StrObject* s);
// The str for one code point.
Ref<StrObject> str_from_code_point(uint32_t cp);

// Hash of a str (cached). Never -1.
int64_t str_hash(StrObject* s);
// Content equality (identity first).
bool str_equals(const StrObject* a, const StrObject* b);
inline bool str_equals(const StrObject* a, std::string_view b) { return a->view() == b; }

// Python's repr of a str: quotes chosen like CPython, escapes for non-printables.
std::string str_repr(std::string_view utf8);

// UTF-8 helpers. Code point count of valid UTF-8; validation returns the offset of the first
// invalid byte or -1 when valid.
int64_t utf8_length(std::string_view s);
int64_t utf8_validate(std::string_view s);
// Byte offset of code point [index] (0 <= index <= length).
int64_t str_byte_offset(const StrObject* s, int64_t index);
// Decodes the code point at byte offset [*pos] and advances it.
uint32_t utf8_decode(std::string_view s, int64_t* pos);
void utf8_append(std::string& out, uint32_t cp);

// --- Additions used by other runtime files (all need the GIL unless noted) ---

extern TypeObject kStrIteratorType;

// A new str holding [utf8] whose code point count the caller already knows (substrings,
// concatenations): skips the scan new_str does. [length] must be utf8_length(utf8).
Ref<StrObject> new_str_with_length(std::string_view utf8, int64_t length);
// A new str from untrusted bytes (a decoder's input): validation, the code point count and the
// copy in one go, with a fast path for ASCII. Null with [*bad] set to the offset of the first
// invalid byte (as utf8_validate reports it) if [bytes] is not valid UTF-8; raises nothing.
Ref<StrObject> new_str_from_utf8(std::string_view bytes, int64_t* bad);
// The code points [start, stop) of [s] (0 <= start <= stop <= length) as a str; returns [s]
// itself for the whole of an exact str.
Ref<StrObject> str_substring(StrObject* s, int64_t start, int64_t stop);

// a + b for str (the Add slot): NotImplemented unless [a] is a str; TypeError "can only
// concatenate str (not \"int\") to str" for other right operands.
Owned str_concat(ThreadState& ts, Value a, Value b);
// [left] + [right], reusing [left]'s memory when [left] is an exact, non-interned str that
// nobody else references (refcount 1): the eval loop's `s += t` fast path (CPython's
// unicode_concatenate). [left] must be a str. Never raises (bad_alloc on exhaustion).
Owned str_concat_consume(Owned left, const StrObject* right);
// sep.join(iterable); null if raised.
Owned str_join(ThreadState& ts, StrObject* sep, Value iterable);

// Unicode character classes with CPython's answers (str.isspace, str.isprintable, ...).
// Safe from any thread; no GIL needed.
bool unicode_is_space(uint32_t cp);
bool unicode_is_printable(uint32_t cp);
bool unicode_is_linebreak(uint32_t cp);
// The value 0-9 of a decimal digit of any script (category Nd), or -1 (int('٣') needs it).
int unicode_decimal_value(uint32_t cp);

}  // namespace gilpy::runtime
