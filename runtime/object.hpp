// The object header, reference counting and Ref<T>, the owning pointer.
//
// Ownership rules (the contract every runtime function follows):
// - Every heap object starts with an Object header: a plain integer refcount and its type.
//   Refcounts are not atomic: they are protected by the interpreter's GIL, as in CPython.
//   Never touch an object without holding the GIL of the interpreter that owns it.
// - Immortal objects (the static builtin types, their method tables and names, NotImplemented,
//   Ellipsis) have a negative refcount that incref/decref never change. They are shared by all
//   interpreters in the process, so they must never be mutated after bootstrap.
// - Ref<T> owns one reference: copying increments, destruction decrements, moving is free.
//   A plain T* parameter is borrowed: valid for the duration of the call only. Functions that
//   return a new reference return Ref<T> (or Owned, for tagged values; see value.hpp).
// - Update the owner first, release the old value last: a decref may run arbitrary code.
#pragma once

#include <cstddef>
#include <cstdint>
#include <utility>

namespace gilpy::runtime {

struct TypeObject;

// Refcounts below zero mark immortal objects.
inline constexpr int64_t kImmortalRefcount = INT64_MIN / 2;

struct Object {
    int64_t refcount;
    TypeObject* type;

    constexpr Object(TypeObject* t, int64_t rc = 1) : refcount(rc), type(t) {}
    Object(const Object&) = delete;
    Object& operator=(const Object&) = delete;
};

// Frees [o] through its type's dealloc slot. Called when the refcount reaches zero.
void destroy_object(Object* o);

inline bool is_immortal(const Object* o) { return o->refcount < 0; }
inline void make_immortal(Object* o) { o->refcount = kImmortalRefcount; }

inline void incref(Object* o) {
    if (o->refcount >= 0) ++o->refcount;
}
inline void decref(Object* o) {
    if (o->refcount < 0) return;
    if (--o->refcount == 0) destroy_object(o);
}
inline void xdecref(Object* o) {
    if (o) decref(o);
}

// An owning reference to a heap object of type T (T derives from Object).
template <class T>
class Ref {
public:
    constexpr Ref() noexcept : p_(nullptr) {}
    constexpr Ref(std::nullptr_t) noexcept : p_(nullptr) {}
    Ref(const Ref& other) noexcept : p_(other.p_) {
        if (p_) incref(p_);
    }
    Ref(Ref&& other) noexcept : p_(std::exchange(other.p_, nullptr)) {}
    template <class U>
    Ref(Ref<U>&& other) noexcept : p_(other.release()) {}
    ~Ref() {
        if (p_) decref(p_);
    }
    Ref& operator=(Ref other) noexcept {
        std::swap(p_, other.p_);
        return *this;
    }

    // Takes over a reference the caller already owns (a freshly allocated object).
    static Ref steal(T* p) noexcept { return Ref(p); }
    // Adds a reference to a borrowed pointer.
    static Ref borrow(T* p) noexcept {
        if (p) incref(p);
        return Ref(p);
    }

    T* get() const noexcept { return p_; }
    T* operator->() const noexcept { return p_; }
    T& operator*() const noexcept { return *p_; }
    explicit operator bool() const noexcept { return p_ != nullptr; }
    // Gives up ownership without a decref; the caller now owns the reference.
    T* release() noexcept { return std::exchange(p_, nullptr); }

private:
    explicit Ref(T* p) noexcept : p_(p) {}
    T* p_;
};

// Allocates a T with refcount 1 and wraps it.
template <class T, class... Args>
Ref<T> make_object(Args&&... args) {
    return Ref<T>::steal(new T(std::forward<Args>(args)...));
}

}  // namespace gilpy::runtime
