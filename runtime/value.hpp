// Value: the tagged representation every Python value has in registers, on the VM stack and in
// containers. Like Lua's TValue, a Value is 16 bytes: a payload and a tag, so None, bools,
// machine-word ints and floats never allocate; everything else is a pointer to a heap Object.
//
// Invariants:
// - An int that fits in int64 is always stored with Tag::Int (never as a BigInt object), so
//   equality and hashing of small ints need no allocation and no normalisation.
// - Tag::Null is "no value": a function returning a null Value (or a null Owned) has raised an
//   exception (it is pending in the ThreadState), unless its contract says otherwise (an
//   iterator's next returns null with no exception when it is exhausted). Unbound locals hold
//   Null too. Null never reaches Python code.
// - Value itself is trivially copyable and does not own a reference: it is "borrowed". Owned
//   holds one reference (it increfs on copy and decrefs on destruction, for Tag::Object only).
#pragma once

#include <cstdint>
#include <cstring>
#include <utility>

#include "runtime/object.hpp"

namespace gilpy::runtime {

enum class Tag : uint8_t { Null, None, Bool, Int, Float, Object };

class Value {
public:
    constexpr Value() noexcept : i_(0), tag_(Tag::Null) {}

    static constexpr Value null() noexcept { return Value(); }
    static constexpr Value none() noexcept { return Value(Tag::None, 0); }
    static constexpr Value from_bool(bool b) noexcept { return Value(Tag::Bool, b ? 1 : 0); }
    static constexpr Value from_int(int64_t i) noexcept { return Value(Tag::Int, i); }
    static Value from_float(double d) noexcept {
        Value v;
        v.f_ = d;
        v.tag_ = Tag::Float;
        return v;
    }
    static Value from_object(Object* o) noexcept {
        Value v;
        v.o_ = o;
        v.tag_ = Tag::Object;
        return v;
    }

    Tag tag() const noexcept { return tag_; }
    bool is_null() const noexcept { return tag_ == Tag::Null; }
    bool is_none() const noexcept { return tag_ == Tag::None; }
    bool is_bool() const noexcept { return tag_ == Tag::Bool; }
    bool is_int() const noexcept { return tag_ == Tag::Int; }  // small int only
    bool is_float() const noexcept { return tag_ == Tag::Float; }
    bool is_object() const noexcept { return tag_ == Tag::Object; }

    bool as_bool() const noexcept { return i_ != 0; }
    int64_t as_int() const noexcept { return i_; }
    double as_float() const noexcept { return f_; }
    Object* as_object() const noexcept { return o_; }
    template <class T>
    T* as() const noexcept {
        return static_cast<T*>(o_);
    }

    // Python's `is`: same object, or the same immediate value. Small ints and floats compare by
    // value (CPython only guarantees identity for -5..256; scripts must not rely on more).
    bool is(Value other) const noexcept {
        if (tag_ != other.tag_) return false;
        if (tag_ == Tag::Float) return std::memcmp(&f_, &other.f_, sizeof f_) == 0;
        return i_ == other.i_;
    }
    // Raw bits, for identity hashing and id().
    uint64_t bits() const noexcept { return static_cast<uint64_t>(i_); }

private:
    constexpr Value(Tag t, int64_t i) noexcept : i_(i), tag_(t) {}
    union {
        int64_t i_;
        double f_;
        Object* o_;
    };
    Tag tag_;
};

inline void incref(Value v) {
    if (v.is_object()) incref(v.as_object());
}
inline void decref(Value v) {
    if (v.is_object()) decref(v.as_object());
}

// An owning Value. Null means "an exception was raised" for functions that may raise.
class Owned {
public:
    Owned() noexcept = default;
    Owned(std::nullptr_t) noexcept {}
    // Takes over the reference held by [r].
    template <class T>
    Owned(Ref<T>&& r) noexcept {
        if (T* p = r.release()) v_ = Value::from_object(p);
    }
    Owned(const Owned& o) noexcept : v_(o.v_) { incref(v_); }
    Owned(Owned&& o) noexcept : v_(std::exchange(o.v_, Value::null())) {}
    ~Owned() { decref(v_); }
    Owned& operator=(Owned o) noexcept {
        std::swap(v_, o.v_);
        return *this;
    }

    // Takes over a reference the caller owns (or an immediate value, which owns nothing).
    static Owned steal(Value v) noexcept {
        Owned o;
        o.v_ = v;
        return o;
    }
    // Adds a reference to a borrowed value.
    static Owned borrow(Value v) noexcept {
        incref(v);
        return steal(v);
    }
    static Owned none() noexcept { return steal(Value::none()); }
    static Owned from_bool(bool b) noexcept { return steal(Value::from_bool(b)); }
    static Owned from_float(double d) noexcept { return steal(Value::from_float(d)); }

    Value get() const noexcept { return v_; }
    Value operator*() const noexcept { return v_; }
    bool is_null() const noexcept { return v_.is_null(); }
    explicit operator bool() const noexcept { return !v_.is_null(); }
    // Gives up ownership; the caller now owns the reference.
    Value release() noexcept { return std::exchange(v_, Value::null()); }

private:
    Value v_;
};

}  // namespace gilpy::runtime
