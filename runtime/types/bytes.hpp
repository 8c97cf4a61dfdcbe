// bytes (immutable) and bytearray (mutable): sequences of octets.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "runtime/type_object.hpp"

namespace gilpy::runtime {

extern TypeObject kBytesType;
extern TypeObject kByteArrayType;

struct BytesObject : Object {
    int64_t size;
    int64_t hash;  // -1 until computed
    char data[1];  // size bytes, then a NUL

    std::string_view view() const { return {data, static_cast<size_t>(size)}; }
};

struct ByteArrayObject : Object {
    std::string data;
    explicit ByteArrayObject(TypeObject* t = &kByteArrayType) : Object(t) {}
    std::string_view view() const { return data; }
};

inline bool is_bytes(Value v) { return v.is_object() && v.as_object()->type == &kBytesType; }
inline bool is_bytearray(Value v) {
    return v.is_object() && v.as_object()->type == &kByteArrayType;
}

Ref<BytesObject> new_bytes(std::string_view data);
Ref<ByteArrayObject> new_bytearray(std::string_view data);
// The bytes of a bytes-like value (bytes or bytearray); false if [v] is neither (no raise).
bool bytes_like_view(Value v, std::string_view* out);
// Python's repr of bytes content: b'...' with CPython's escapes.
std::string bytes_repr(std::string_view data, const char* prefix = "b");

}  // namespace gilpy::runtime
