// gilpy's public embedding API: the only header a host program includes (DESIGN.md).
// An Interpreter owns everything (modules, builtins, its threads); several may coexist.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <map>
#include <memory>
#include <new>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <typeinfo>
#include <unordered_map>
#include <utility>
#include <vector>

/// Version of the library: major, minor, patch, and one comparable number.
#define GILPY_VERSION_MAJOR 0
#define GILPY_VERSION_MINOR 1
#define GILPY_VERSION_PATCH 0
#define GILPY_VERSION_NUMBER \
    (GILPY_VERSION_MAJOR * 10000 + GILPY_VERSION_MINOR * 100 + GILPY_VERSION_PATCH)

/// Marks what libgilpy.so exports: the library is built with -fvisibility=hidden, so only the
/// declarations of this header carrying GILPY_API (and the inline code of the header itself,
/// compiled into each host) are visible to hosts. A host never needs to define it.
#ifndef GILPY_API
#define GILPY_API __attribute__((visibility("default")))
#endif

namespace gilpy {

/// The version as text, e.g. "0.1.0".
GILPY_API const char* version_string();

/// What a host configures when it creates an interpreter.
struct Config {
    /// sys.argv (argv[0] is the script name, "-c" or "" as in CPython).
    std::vector<std::string> argv;
    /// The initial sys.path entries, searched in order by `import`.
    std::vector<std::string> path;
    /// -X options as python3 takes them ("gil=legacy", "switchinterval=0.001", "gil-stats"),
    /// also visible as sys._xoptions. Unknown options are ignored, as in CPython; a bad value
    /// for a known one makes the constructor throw std::invalid_argument.
    std::vector<std::string> xoptions;
    /// Turn Ctrl-C (SIGINT) into KeyboardInterrupt in this interpreter's main thread. Only one
    /// interpreter per process can receive signals; the command line sets this.
    bool handle_signals = false;
    /// sys.stdout and sys.stderr write every piece of output at once instead of buffering it
    /// (python3 -u).
    bool unbuffered_stdio = false;
    /// python3 -i: the host starts a prompt after run_main()/run_module(). They then report
    /// SystemExit as a traceback (status 1) instead of ending, and leave the end-of-run step
    /// (joining threads, atexit, the GIL report) to the host's finish_main() call.
    bool inspect = false;
};

/// A script exception that reached the host: its Python type name, its message (str(exc)) and
/// the traceback text exactly as CPython would print it. Holds no Python object, so it may
/// outlive its interpreter and be caught on any thread.
class GILPY_API ScriptError : public std::runtime_error {
  public:
    /// [exit_code] is only meaningful for SystemExit (see is_system_exit()). A host function
    /// may throw a ScriptError it builds itself: the script then sees the builtin exception of
    /// that type name (RuntimeError if there is none) with [message].
    ScriptError(std::string type_name, std::string message, std::string traceback,
                int exit_code = 1);
    /// The exception's class name, e.g. "ValueError".
    const std::string& type_name() const { return type_name_; }
    /// str() of the exception.
    const std::string& message() const { return message_; }
    /// The full report (the "Traceback (most recent call last):" text).
    const std::string& traceback() const { return traceback_; }
    /// True if the script raised SystemExit (sys.exit()).
    bool is_system_exit() const { return type_name_ == "SystemExit"; }
    /// The process status CPython would exit with for this SystemExit: 0 for sys.exit() or
    /// sys.exit(None), the int itself (masked to 0..255), 1 for any other value.
    int exit_code() const { return exit_code_; }

  private:
    friend struct detail_access;
    std::string type_name_, message_, traceback_;
    int exit_code_;
    uint64_t token_ = 0;  // identifies the Python exception it came from (host-call relay)
};

class Object;
class Interpreter;
class Module;

/// Implementation details the header's templates need; hosts do not use them directly.
namespace detail {
/// The interpreter's private state (embed/interpreter.cpp).
struct InterpreterImpl;
struct KwArg;
template <class T, class Enable = void>
struct Caster;
}  // namespace detail

/// An owning, reference-counted handle to one Python value (None, a bool, an int, a str, a
/// list, a module, a function...). Copying adds a reference, destruction drops it, moving is
/// free. Every operation — including copy and destruction — must run on a thread that holds the
/// GIL of the interpreter the value belongs to (the host thread between Interpreter calls, or a
/// host function while it runs), and no Object may outlive its Interpreter. Operations run in the
/// interpreter most recently used on the calling thread. Failing operations throw ScriptError
/// carrying the Python exception (AttributeError, TypeError, OverflowError...).
class GILPY_API Object {
  public:
    /// None. Needs no GIL (None is immortal).
    Object() noexcept;
    /// Shares [other]'s value, adding a reference (GIL held).
    Object(const Object& other) noexcept;
    /// Takes over [other]'s reference; [other] becomes None. Needs no GIL.
    Object(Object&& other) noexcept;
    /// Drops the old value's reference and shares [other]'s (GIL held; dropping the last
    /// reference may run __del__-like finalisation code).
    Object& operator=(const Object& other) noexcept;
    /// Drops the old value's reference and takes over [other]'s (GIL held).
    Object& operator=(Object&& other) noexcept;
    /// Drops the reference (GIL held).
    ~Object();

    /// Converts a C++ value to a new Python value (see the supported types at detail::Caster):
    /// bool, integers, floating point, std::string/string_view/const char*, std::vector,
    /// std::map, std::unordered_map, std::tuple, std::pair, std::optional and Object itself.
    /// A value of a class registered with class_<T> becomes a new instance of its Python class
    /// holding a copy of the value (a move for an rvalue); throws ScriptError (TypeError) if T is
    /// not registered in the current interpreter.
    template <
        class T, class D = std::remove_cvref_t<T>,
        class = std::enable_if_t<!std::is_same_v<D, Object> && !std::is_same_v<D, detail::KwArg>>>
    Object(T&& value) : Object(detail::Caster<D>::to_python(std::forward<T>(value))) {}

    /// Converts to a C++ value. Throws ScriptError (TypeError when the Python type does not fit,
    /// OverflowError when an int is out of the C++ type's range). For a class registered with
    /// class_<T>: cast<T&>() (or const T&) is a reference to the C++ value inside the Python
    /// instance, valid while the instance lives; cast<T*>() the same as a pointer, nullptr for
    /// None; cast<T>() a copy. A value of another type throws ScriptError (TypeError "expected
    /// game.Vec, got int").
    template <class T>
    T cast() const;

    /// True if the value is None.
    bool is_none() const noexcept;
    /// Python's `is`.
    bool is(const Object& other) const noexcept;
    /// The name of the value's type, e.g. "int".
    std::string type_name() const;
    /// repr(self); throws ScriptError if __repr__ raises.
    std::string repr() const;
    /// str(self); throws ScriptError if __str__ raises.
    std::string str() const;
    /// bool(self); throws ScriptError.
    bool truthy() const;
    /// len(self); throws ScriptError (TypeError for values without a length).
    size_t len() const;
    /// self == other (Python equality, may call __eq__); throws ScriptError.
    bool equals(const Object& other) const;

    /// getattr(self, name): a new reference; throws ScriptError (AttributeError).
    Object attr(std::string_view name) const;
    /// hasattr(self, name); throws ScriptError for errors other than AttributeError.
    bool has_attr(std::string_view name) const;
    /// setattr(self, name, value); throws ScriptError.
    void set_attr(std::string_view name, const Object& value) const;

    /// self[key]: a new reference; throws ScriptError (KeyError, IndexError, TypeError).
    Object item(const Object& key) const;
    /// self[key] = value; throws ScriptError.
    void set_item(const Object& key, const Object& value) const;
    /// del self[key]; throws ScriptError.
    void del_item(const Object& key) const;
    /// key in self; throws ScriptError.
    bool contains(const Object& key) const;

    /// Calls self with positional arguments converted from C++ values and keyword arguments
    /// written `gilpy::kw("name") = value`, like Python's f(1, "x", k=2). Returns the result
    /// (a new reference); throws ScriptError if the call raises.
    template <class... A>
    Object operator()(A&&... args) const;

    /// Calls with already-converted arguments; [kwargs] are (name, value) pairs. Returns the
    /// result (a new reference); throws ScriptError if the call raises.
    Object call(const std::vector<Object>& args,
                const std::vector<std::pair<std::string, Object>>& kwargs = {}) const;

    /// Opaque storage of the runtime's tagged value (public only for the implementation).
    struct Raw {
        alignas(8) unsigned char bytes[16];
    };
    /// Wraps [raw], taking over the reference it owns (implementation use).
    static Object steal_raw(const Raw& raw) noexcept;
    /// The wrapped value (borrowed; implementation use).
    const Raw& raw() const noexcept { return raw_; }

  private:
    Raw raw_;
};

/// A keyword argument for Object::operator(): `gilpy::kw("key") = value`.
namespace detail {
/// One keyword argument: its name and converted value.
struct KwArg {
    std::string name;
    Object value;
};
/// What kw("name") returns; assigning a value makes a KwArg.
struct KwName {
    std::string name;
    template <class T>
    KwArg operator=(T&& value) const {
        return KwArg{name, Object(std::forward<T>(value))};
    }
};
}  // namespace detail

/// Names a keyword argument: `f(1, gilpy::kw("sep") = ", ")`.
inline detail::KwName kw(std::string_view name) {
    return detail::KwName{std::string(name)};
}

namespace detail {

/// The primitives the conversion templates are built on (embed/object.cpp), all needing the
/// GIL. make_* return new references (make_dict throws ScriptError for an unhashable key). A
/// load_* function returns false with a Python exception (TypeError/OverflowError) pending in
/// the calling thread; throw_pending() then throws it as a ScriptError.
[[noreturn]] GILPY_API void throw_pending();
GILPY_API Object make_bool(bool v);
GILPY_API Object make_int(int64_t v);
GILPY_API Object make_uint(uint64_t v);
GILPY_API Object make_float(double v);
GILPY_API Object make_str(std::string_view v);
GILPY_API Object make_list(std::vector<Object> items);
GILPY_API Object make_tuple(std::vector<Object> items);
GILPY_API Object make_dict(std::vector<std::pair<Object, Object>> items);
GILPY_API bool load_bool(const Object& o, bool* out);
// [ctype] names the C type in OverflowError messages ("int", "long", "unsigned long"...).
GILPY_API bool load_int(const Object& o, int64_t min, int64_t max, const char* ctype, int64_t* out);
GILPY_API bool load_uint(const Object& o, uint64_t max, const char* ctype, uint64_t* out);
GILPY_API bool load_float(const Object& o, double* out);
GILPY_API bool load_str(const Object& o, std::string* out);
// Any iterable but str/bytes/dict (a list, tuple, set, generator...).
GILPY_API bool load_sequence(const Object& o, std::vector<Object>* out);
// A dict (or any mapping with keys() and __getitem__).
GILPY_API bool load_mapping(const Object& o, std::vector<std::pair<Object, Object>>* out);
// A tuple or list of exactly [size] items.
GILPY_API bool load_fixed(const Object& o, size_t size, std::vector<Object>* out);

/// The C name of an integer type, for OverflowError messages ("int", "unsigned long"...).
template <class T>
constexpr const char* int_ctype() {
    if constexpr (std::is_same_v<T, signed char> || std::is_same_v<T, char>)
        return "char";
    else if constexpr (std::is_same_v<T, unsigned char>)
        return "unsigned char";
    else if constexpr (std::is_same_v<T, short>)
        return "short";
    else if constexpr (std::is_same_v<T, unsigned short>)
        return "unsigned short";
    else if constexpr (std::is_same_v<T, int>)
        return "int";
    else if constexpr (std::is_same_v<T, unsigned int>)
        return "unsigned int";
    else if constexpr (std::is_same_v<T, long>)
        return "long";
    else if constexpr (std::is_same_v<T, unsigned long>)
        return "unsigned long";
    else if constexpr (std::is_same_v<T, long long>)
        return "long long";
    else
        return "unsigned long long";
}

/// Caster<T> converts one C++ type: to_python(value) -> Object (a new reference);
/// load(object, &out) -> bool (false: Python exception pending); name: the Python type a host
/// function argument of type T expects, for TypeError messages. A type without a Caster does
/// not compile. Casters exist for Object, bool, every integer type, float/double, std::string
/// (and string_view/const char* to Python only), nullptr/nullopt (None), std::optional,
/// std::vector, std::map, std::unordered_map, std::tuple and std::pair.
template <>
struct Caster<Object> {
    static constexpr const char* name = "object";
    static Object to_python(const Object& v) { return v; }
    static bool load(const Object& o, Object* out) {
        *out = o;
        return true;
    }
};
template <>
struct Caster<bool> {
    static constexpr const char* name = "bool";
    static Object to_python(bool v) { return make_bool(v); }
    static bool load(const Object& o, bool* out) { return load_bool(o, out); }
};
template <class T>
struct Caster<T, std::enable_if_t<std::is_integral_v<T> && !std::is_same_v<T, bool>>> {
    static constexpr const char* name = "int";
    static Object to_python(T v) {
        if constexpr (std::is_signed_v<T>)
            return make_int(static_cast<int64_t>(v));
        else
            return make_uint(static_cast<uint64_t>(v));
    }
    static bool load(const Object& o, T* out) {
        if constexpr (std::is_signed_v<T>) {
            int64_t v;
            if (!load_int(o, std::numeric_limits<T>::min(), std::numeric_limits<T>::max(),
                          int_ctype<T>(), &v)) {
                return false;
            }
            *out = static_cast<T>(v);
        } else {
            uint64_t v;
            if (!load_uint(o, std::numeric_limits<T>::max(), int_ctype<T>(), &v)) return false;
            *out = static_cast<T>(v);
        }
        return true;
    }
};
template <class T>
struct Caster<T, std::enable_if_t<std::is_floating_point_v<T>>> {
    static constexpr const char* name = "float";
    static Object to_python(T v) { return make_float(static_cast<double>(v)); }
    static bool load(const Object& o, T* out) {
        double d;
        if (!load_float(o, &d)) return false;
        *out = static_cast<T>(d);
        return true;
    }
};
template <>
struct Caster<std::string> {
    static constexpr const char* name = "str";
    static Object to_python(std::string_view v) { return make_str(v); }
    static bool load(const Object& o, std::string* out) { return load_str(o, out); }
};
template <>
struct Caster<std::string_view> {
    static Object to_python(std::string_view v) { return make_str(v); }
};
template <>
struct Caster<const char*> {
    static Object to_python(const char* v) { return make_str(v); }
};
template <>
struct Caster<char*> {
    static Object to_python(const char* v) { return make_str(v); }
};
template <size_t N>
struct Caster<char[N]> {
    static Object to_python(const char* v) { return make_str(v); }
};
template <>
struct Caster<std::nullptr_t> {
    static Object to_python(std::nullptr_t) { return Object(); }
};
template <>
struct Caster<std::nullopt_t> {
    static Object to_python(std::nullopt_t) { return Object(); }
};
template <class T>
struct Caster<std::optional<T>> {
    static constexpr const char* name = Caster<T>::name;
    static Object to_python(const std::optional<T>& v) {
        return v ? Caster<T>::to_python(*v) : Object();
    }
    static bool load(const Object& o, std::optional<T>* out) {
        if (o.is_none()) {
            out->reset();
            return true;
        }
        T v{};
        if (!Caster<T>::load(o, &v)) return false;
        *out = std::move(v);
        return true;
    }
};
template <class T, class A>
struct Caster<std::vector<T, A>> {
    static constexpr const char* name = "list";
    static Object to_python(const std::vector<T, A>& v) {
        std::vector<Object> items;
        items.reserve(v.size());
        for (const auto& x : v)
            items.push_back(Caster<T>::to_python(x));
        return make_list(std::move(items));
    }
    static bool load(const Object& o, std::vector<T, A>* out) {
        std::vector<Object> items;
        if (!load_sequence(o, &items)) return false;
        out->clear();
        out->reserve(items.size());
        for (const Object& item : items) {
            T v{};
            if (!Caster<T>::load(item, &v)) return false;
            out->push_back(std::move(v));
        }
        return true;
    }
};
template <class M>
struct MapCaster {
    using K = typename M::key_type;
    using V = typename M::mapped_type;
    static constexpr const char* name = "dict";
    static Object to_python(const M& m) {
        std::vector<std::pair<Object, Object>> items;
        items.reserve(m.size());
        for (const auto& [k, v] : m) {
            items.emplace_back(Caster<K>::to_python(k), Caster<V>::to_python(v));
        }
        return make_dict(std::move(items));
    }
    static bool load(const Object& o, M* out) {
        std::vector<std::pair<Object, Object>> items;
        if (!load_mapping(o, &items)) return false;
        out->clear();
        for (const auto& [ko, vo] : items) {
            K k{};
            V v{};
            if (!Caster<K>::load(ko, &k) || !Caster<V>::load(vo, &v)) return false;
            (*out)[std::move(k)] = std::move(v);
        }
        return true;
    }
};
template <class K, class V, class C, class A>
struct Caster<std::map<K, V, C, A>> : MapCaster<std::map<K, V, C, A>> {};
template <class K, class V, class H, class E, class A>
struct Caster<std::unordered_map<K, V, H, E, A>> : MapCaster<std::unordered_map<K, V, H, E, A>> {};
template <class... T>
struct Caster<std::tuple<T...>> {
    static constexpr const char* name = "tuple";
    static Object to_python(const std::tuple<T...>& t) {
        return std::apply(
            [](const auto&... x) {
                return make_tuple({Caster<std::remove_cvref_t<decltype(x)>>::to_python(x)...});
            },
            t);
    }
    static bool load(const Object& o, std::tuple<T...>* out) {
        std::vector<Object> items;
        if (!load_fixed(o, sizeof...(T), &items)) return false;
        return load_each(items, out, std::index_sequence_for<T...>{});
    }
    template <size_t... I>
    static bool load_each(const std::vector<Object>& items, std::tuple<T...>* out,
                          std::index_sequence<I...>) {
        return (Caster<T>::load(items[I], &std::get<I>(*out)) && ...);
    }
};
template <class A, class B>
struct Caster<std::pair<A, B>> {
    static constexpr const char* name = "tuple";
    static Object to_python(const std::pair<A, B>& p) {
        return make_tuple({Caster<A>::to_python(p.first), Caster<B>::to_python(p.second)});
    }
    static bool load(const Object& o, std::pair<A, B>* out) {
        std::vector<Object> items;
        if (!load_fixed(o, 2, &items)) return false;
        return Caster<A>::load(items[0], &out->first) && Caster<B>::load(items[1], &out->second);
    }
};

/// Calls [callable] (implementation of Object::operator()); throws ScriptError.
GILPY_API Object call_object(const Object& callable, std::vector<Object> args,
                             std::vector<std::pair<std::string, Object>> kwargs);

/// Sorts Object::operator()'s arguments into positional and keyword ones.
inline void collect_arg(std::vector<Object>& pos, std::vector<std::pair<std::string, Object>>& kws,
                        KwArg&& a) {
    kws.emplace_back(std::move(a.name), std::move(a.value));
}
template <class T>
void collect_arg(std::vector<Object>& pos, std::vector<std::pair<std::string, Object>>&, T&& a) {
    pos.emplace_back(Object(std::forward<T>(a)));
}

/// What the library needs to hold a C++ type by value inside Python instances (class_<T>).
struct ClassOps {
    const std::type_info* type;
    size_t size;
    size_t align;
    void (*destroy)(void* value) noexcept;
};
template <class T>
inline const ClassOps class_ops{&typeid(T), sizeof(T), alignof(T),
                                [](void* value) noexcept { static_cast<T*>(value)->~T(); }};

/// The instance primitives of registered classes (embed/host_class.cpp), all needing the GIL.
/// make_instance: a new instance of the class registered for [ops] whose value [construct]
/// builds from [src]; throws ScriptError (TypeError) when no class is registered for it.
/// load_instance: points [out] at the value inside [o] (nullptr for None when [none_ok]);
/// false with TypeError pending when [o] is not an instance of that class.
/// instance_storage: the (not yet constructed) value of an instance being created, for the
/// constructor a class_ defines with init<...>.
GILPY_API Object make_instance(const ClassOps& ops, void (*construct)(void* dst, void* src),
                               void* src);
GILPY_API bool load_instance(const Object& o, const ClassOps& ops, bool none_ok, void** out);
GILPY_API void* instance_storage(const Object& instance);

/// The caster of every class type without a Caster of its own: a type registered with
/// class_<T>, held by value in its Python instances. Using it for a type that is not registered
/// compiles, and throws ScriptError (TypeError) when a value is converted.
template <class T, class Enable>
struct Caster {
    static_assert(std::is_class_v<T>, "gilpy: no conversion for this type");
    static constexpr bool kRegisteredClass = true;
    template <class U>
    static Object to_python(U&& v) {
        if constexpr (std::is_rvalue_reference_v<U&&> &&
                      !std::is_const_v<std::remove_reference_t<U>>) {
            return make_instance(
                class_ops<T>,
                [](void* dst, void* src) { new (dst) T(std::move(*static_cast<T*>(src))); }, &v);
        } else {
            return make_instance(
                class_ops<T>,
                [](void* dst, void* src) { new (dst) T(*static_cast<const T*>(src)); },
                const_cast<void*>(static_cast<const void*>(&v)));
        }
    }
    static bool load(const Object& o, T* out) {
        void* p = nullptr;
        if (!load_instance(o, class_ops<T>, false, &p)) return false;
        *out = *static_cast<T*>(p);
        return true;
    }
};

/// True for a class type converted by the registered-class caster.
template <class D, class = void>
struct HasRegisteredFlag : std::false_type {};
template <class D>
struct HasRegisteredFlag<D, std::void_t<decltype(Caster<D>::kRegisteredClass)>> : std::true_type {};
template <class D, bool = std::is_class_v<D>>
struct IsRegisteredClass : std::false_type {};
template <class D>
struct IsRegisteredClass<D, true> : HasRegisteredFlag<D> {};
template <class D>
inline constexpr bool is_registered_class_v = IsRegisteredClass<D>::value;

/// The value of a registered class inside [o]; throws ScriptError (TypeError).
template <class D>
D* cast_instance(const Object& o, bool none_ok) {
    void* p = nullptr;
    if (!load_instance(o, class_ops<D>, none_ok, &p)) throw_pending();
    return static_cast<D*>(p);
}

/// Thrown by a host function's argument conversion: the Python exception is pending; [index]
/// is the 0-based C++ parameter that did not convert and [expected] its Python type name (null
/// for a registered class, which [cls] describes).
struct GILPY_API ArgumentError {
    size_t index;
    const char* expected;
    const ClassOps* cls;  // the registered class expected, or null
};
/// A host function's body, type-erased: receives exactly the declared number of arguments.
using HostThunk = std::function<Object(const Object* args)>;

/// The parameter and result types of a lambda, function object or function pointer.
template <class F>
struct Signature : Signature<decltype(&F::operator())> {};
template <class R, class... A>
struct Signature<R (*)(A...)> {
    using Result = R;
    using Params = std::tuple<A...>;
    static constexpr size_t arity = sizeof...(A);
};
template <class R, class... A>
struct Signature<R (*)(A...) noexcept> : Signature<R (*)(A...)> {};
template <class R, class... A>
struct Signature<R(A...)> : Signature<R (*)(A...)> {};
template <class C, class R, class... A>
struct Signature<R (C::*)(A...) const> : Signature<R (*)(A...)> {};
template <class C, class R, class... A>
struct Signature<R (C::*)(A...)> : Signature<R (*)(A...)> {};
template <class C, class R, class... A>
struct Signature<R (C::*)(A...) const noexcept> : Signature<R (*)(A...)> {};
template <class C, class R, class... A>
struct Signature<R (C::*)(A...) noexcept> : Signature<R (*)(A...)> {};

/// Holds one converted argument of C++ type [A] until the call: a value, or for a registered
/// class a pointer to the value inside the Python instance (so T& parameters see the instance).
template <class A, class Enable = void>
struct ArgLoader {
    using D = std::remove_cvref_t<A>;
    static constexpr const char* name = Caster<D>::name;
    static constexpr const ClassOps* cls = nullptr;
    D value{};
    bool load(const Object& o) { return Caster<D>::load(o, &value); }
    decltype(auto) get() {
        if constexpr (std::is_lvalue_reference_v<A>)
            return (value);
        else
            return std::move(value);
    }
};
template <class A>
struct ArgLoader<A, std::enable_if_t<is_registered_class_v<std::remove_cvref_t<A>>>> {
    using D = std::remove_cvref_t<A>;
    static constexpr const char* name = nullptr;
    static inline const ClassOps* const cls = &class_ops<D>;
    void* ptr = nullptr;
    bool load(const Object& o) { return load_instance(o, class_ops<D>, false, &ptr); }
    D& get() { return *static_cast<D*>(ptr); }
};
template <class A>
struct ArgLoader<
    A, std::enable_if_t<std::is_pointer_v<A> &&
                        is_registered_class_v<std::remove_cv_t<std::remove_pointer_t<A>>>>> {
    using D = std::remove_cv_t<std::remove_pointer_t<A>>;
    static constexpr const char* name = nullptr;
    static inline const ClassOps* const cls = &class_ops<D>;
    void* ptr = nullptr;
    bool load(const Object& o) { return load_instance(o, class_ops<D>, true, &ptr); }
    D* get() { return static_cast<D*>(ptr); }
};

/// Converts in[offset..] into [loaders]; throws ArgumentError at the first that fails.
template <class Loaders, size_t... I>
void load_args([[maybe_unused]] const Object* in, [[maybe_unused]] Loaders& loaders,
               std::index_sequence<I...>, [[maybe_unused]] size_t offset = 0) {
    (
        [&] {
            auto& loader = std::get<I>(loaders);
            if (!loader.load(in[I + offset])) {
                throw ArgumentError{I + offset, loader.name, loader.cls};
            }
        }(),
        ...);
}

/// Converts the arguments, calls [fn] and converts its result.
template <class S, class Fn, size_t... I>
Object call_converted(const Fn& fn, const Object* in, std::index_sequence<I...> seq) {
    std::tuple<ArgLoader<std::tuple_element_t<I, typename S::Params>>...> loaders;
    load_args(in, loaders, seq);
    if constexpr (std::is_void_v<typename S::Result>) {
        fn(std::get<I>(loaders).get()...);
        return Object();
    } else {
        return Object(fn(std::get<I>(loaders).get()...));
    }
}

/// Wraps [f] as a HostThunk converting arguments and the result.
template <class F>
HostThunk make_thunk(F&& f) {
    using S = Signature<std::decay_t<F>>;
    return [fn = std::forward<F>(f)](const Object* in) -> Object {
        return call_converted<S>(fn, in, std::make_index_sequence<S::arity>{});
    };
}

}  // namespace detail

template <class T>
T Object::cast() const {
    if constexpr (std::is_lvalue_reference_v<T>) {
        using D = std::remove_cvref_t<T>;
        static_assert(detail::is_registered_class_v<D>,
                      "gilpy: cast<T&>() is for classes registered with gilpy::class_");
        return *detail::cast_instance<D>(*this, false);
    } else if constexpr (std::is_pointer_v<T>) {
        using D = std::remove_cv_t<std::remove_pointer_t<T>>;
        static_assert(detail::is_registered_class_v<D>,
                      "gilpy: cast<T*>() is for classes registered with gilpy::class_");
        return detail::cast_instance<D>(*this, true);
    } else if constexpr (detail::is_registered_class_v<T>) {
        return *detail::cast_instance<T>(*this, false);
    } else {
        T out{};
        if (!detail::Caster<T>::load(*this, &out)) detail::throw_pending();
        return out;
    }
}

template <class... A>
Object Object::operator()(A&&... args) const {
    std::vector<Object> pos;
    std::vector<std::pair<std::string, Object>> kws;
    pos.reserve(sizeof...(A));
    (detail::collect_arg(pos, kws, std::forward<A>(args)), ...);
    return detail::call_object(*this, std::move(pos), std::move(kws));
}

struct arg_v;

/// Names a parameter of a host function or method, pybind11-style: `gilpy::arg("w")`; with
/// `= value` it also gets a default (an arg_v). Give one per C++ parameter (the instance of a
/// method excepted) to Module::def or class_::def, and Python callers may then pass it by
/// keyword. Plain data: needs no GIL.
struct arg {
    explicit arg(std::string_view parameter) : name(parameter) {}
    /// The parameter with a default: [value] is converted with Object's conversions right
    /// away, so the calling thread must hold the GIL (as it does around Module::def); throws
    /// ScriptError if it does not convert.
    template <class T>
    arg_v operator=(T&& value) const;
    /// The parameter's Python name.
    std::string name;
};

/// A parameter with a default value: `gilpy::arg("h") = 2`. Holds an Object, so the GIL rules
/// of Object apply to it.
struct arg_v {
    /// The parameter's Python name.
    std::string name;
    /// The default, shared by every call that omits the argument (like a Python default).
    Object value;
};

template <class T>
arg_v arg::operator=(T&& value) const {
    return arg_v{name, Object(std::forward<T>(value))};
}

/// The constructor of a class_: `.def(gilpy::init<double, double>())` lets Python create
/// instances with Vec(1.0, 2.0), converting the arguments and constructing T from them.
template <class... A>
struct init {};

namespace detail {

/// One declared parameter of a host function (from gilpy::arg).
struct ParamSpec {
    std::string name;
    Object default_value;
    bool has_default = false;
};

/// Everything def() knows about a host function besides its body.
struct FunctionInfo {
    size_t arity = 0;  // C++ parameters (a method's instance included)
    std::string doc;
    std::vector<ParamSpec> params;  // empty: no annotations (builtin-style calls)
};

inline void add_extra(FunctionInfo& info, const arg& a) {
    info.params.push_back(ParamSpec{a.name, Object(), false});
}
inline void add_extra(FunctionInfo& info, const arg_v& a) {
    info.params.push_back(ParamSpec{a.name, a.value, true});
}
inline void add_extra(FunctionInfo& info, std::string_view doc) {
    info.doc = std::string(doc);
}

/// How many of def()'s extra arguments are parameter annotations.
template <class... Extra>
inline constexpr size_t annotation_count =
    ((std::is_same_v<Extra, arg> || std::is_same_v<Extra, arg_v> ? 1 : 0) + ... + 0);

template <class... Extra>
FunctionInfo function_info(size_t arity, const Extra&... extra) {
    FunctionInfo info;
    info.arity = arity;
    (add_extra(info, extra), ...);
    return info;
}

/// A member function pointer as a callable taking the instance first (T& or const T&).
template <class T, class M>
struct MemberCall;
template <class T, class C, class R, class... A>
struct MemberCall<T, R (C::*)(A...)> {
    R (C::*pm)(A...);
    R operator()(T& self, A... a) const { return (self.*pm)(std::forward<A>(a)...); }
};
template <class T, class C, class R, class... A>
struct MemberCall<T, R (C::*)(A...) const> {
    R (C::*pm)(A...) const;
    R operator()(const T& self, A... a) const { return (self.*pm)(std::forward<A>(a)...); }
};
template <class T, class C, class R, class... A>
struct MemberCall<T, R (C::*)(A...) noexcept> : MemberCall<T, R (C::*)(A...)> {};
template <class T, class C, class R, class... A>
struct MemberCall<T, R (C::*)(A...) const noexcept> : MemberCall<T, R (C::*)(A...) const> {};

/// [f] as a callable whose first parameter is the instance.
template <class T, class F>
auto method_callable(F&& f) {
    using Fn = std::decay_t<F>;
    if constexpr (std::is_member_function_pointer_v<Fn>) {
        using Call = MemberCall<T, Fn>;
        Call call;
        call.pm = f;
        return call;
    } else {
        return Fn(std::forward<F>(f));
    }
}

/// The class primitives behind class_ (embed/host_class.cpp); all need the GIL and throw
/// ScriptError if the class cannot be updated. class_create makes the class [name] in
/// [module] for the C++ type [ops] describes (std::logic_error if that type is already
/// registered in this interpreter); the others add its constructor, a method (thunk parameter
/// 0 is the instance) and a property (no setter: read-only).
GILPY_API Object class_create(const Object& module, std::string_view name, std::string_view doc,
                              const ClassOps& ops);
GILPY_API void class_set_init(const Object& type, FunctionInfo info, HostThunk thunk);
GILPY_API void class_add_method(const Object& type, std::string_view name, FunctionInfo info,
                                HostThunk thunk);
GILPY_API void class_add_property(const Object& type, std::string_view name, std::string_view doc,
                                  HostThunk getter, HostThunk setter);

/// Constructs the T of the new instance in[0] from in[1..] (a class_'s init<A...>).
template <class T, class... A, size_t... I>
void construct_from(const Object* in, std::index_sequence<I...> seq) {
    std::tuple<ArgLoader<A>...> loaders;
    load_args(in, loaders, seq, 1);
    new (instance_storage(in[0])) T(std::get<I>(loaders).get()...);
}

}  // namespace detail

/// A module the host defines (Interpreter::def_module): `import name` in scripts finds it.
/// Holds an Object, so the same rules apply (GIL held, must not outlive the interpreter).
class GILPY_API Module {
  public:
    /// Adds a host function [name] to the module. [f] is a lambda, function object or function
    /// pointer; its parameters and result are converted with Object's conversions. [extra] is
    /// optional: a doc string (__doc__), and either no gilpy::arg at all or one per parameter
    /// (checked at compile time):
    ///   mod.def("area", area, gilpy::arg("w"), gilpy::arg("h") = 2, "w times h");
    /// Without annotations the function is called like a CPython builtin: positional arguments
    /// only, exactly as many as [f] has ("f() takes exactly 2 arguments (1 given)", "f() takes
    /// no keyword arguments"). With annotations it binds arguments as a Python function
    /// `def area(w, h=2)` does, keywords and defaults included, with CPython's messages ("area()
    /// missing 1 required positional argument: 'w'", "area() got an unexpected keyword argument
    /// 'x'"...). Defaults are converted when the arg_v is made (GIL held) and shared by all
    /// calls. An argument that does not convert raises TypeError ("f() argument 1 must be int,
    /// not str"; "area() argument 'h' must be int, not str" when annotated). A C++ exception
    /// escaping [f] becomes a Python exception the script can catch: std::invalid_argument ->
    /// ValueError, std::out_of_range -> IndexError, std::bad_alloc -> MemoryError, ScriptError
    /// -> the original exception, anything else -> RuntimeError(what()). [f] runs with the
    /// GIL held by the calling Python thread (release it with GilRelease around long work).
    /// Throws std::invalid_argument for a parameter without default after one with a default,
    /// or a name given twice (Python's SyntaxErrors), ScriptError if the module cannot be
    /// updated. Call it with the GIL held.
    template <class F, class... Extra>
    Module& def(std::string_view name, F&& f, const Extra&... extra) {
        using S = detail::Signature<std::decay_t<F>>;
        constexpr size_t annotated = detail::annotation_count<Extra...>;
        static_assert(annotated == 0 || annotated == S::arity,
                      "gilpy: give one gilpy::arg per parameter, or none");
        add_function(name, detail::function_info(S::arity, extra...),
                     detail::make_thunk(std::forward<F>(f)));
        return *this;
    }
    /// Sets module.name = value (GIL held); throws ScriptError.
    Module& add(std::string_view name, const Object& value);
    /// The module object.
    const Object& object() const { return module_; }

  private:
    friend class Interpreter;
    explicit Module(Object module) : module_(std::move(module)) {}
    void add_function(std::string_view name, detail::FunctionInfo info, detail::HostThunk thunk);
    Object module_;
};

/// A Python class for the C++ type T, pybind11-style, held by value in its instances:
///   gilpy::class_<Vec>(mod, "Vec")
///       .def(gilpy::init<double, double>())
///       .def("length", &Vec::length)
///       .def_readwrite("x", &Vec::x)
///       .def_property("norm", &Vec::norm, &Vec::set_norm)
///       .def("__repr__", [](const Vec& v) { return ...; });
/// The class is a heap type of [module] named like an extension type's: type(v).__name__ is
/// "Vec", __module__ the module's name, messages say 'game.Vec'. It cannot be subclassed
/// ("type 'game.Vec' is not an acceptable base type") and its instances have no __dict__
/// (unknown attributes raise AttributeError). Host code converts a T to a new instance with
/// Object(T) and back with cast<T&>() (see Object::cast). An instance's T is destroyed when the
/// last reference to the instance goes. Every member needs the GIL (the thread that defines the
/// module holds it); each throws ScriptError if the class cannot be updated. A T is registered
/// once per interpreter (the constructor throws std::logic_error for a second class_<T>).
template <class T>
class class_ {
  public:
    /// Creates the class [name] (with __doc__ [doc]) and adds it to [module].
    class_(const Module& module, std::string_view name, std::string_view doc = {})
        : type_(detail::class_create(module.object(), name, doc, detail::class_ops<T>)) {}

    /// The constructor: Python's Vec(a, b) converts the arguments to A... and constructs the T
    /// in the new instance. [extra] as for Module::def (names and defaults, one per A). Without
    /// it, calling the class raises TypeError ("cannot create 'game.Vec' instances"). A second
    /// init replaces the first.
    template <class... A, class... Extra>
    class_& def(init<A...>, const Extra&... extra) {
        constexpr size_t annotated = detail::annotation_count<Extra...>;
        static_assert(annotated == 0 || annotated == sizeof...(A),
                      "gilpy: give one gilpy::arg per constructor parameter, or none");
        detail::class_set_init(
            type_, detail::function_info(sizeof...(A) + 1, extra...), [](const Object* in) {
                detail::construct_from<T, A...>(in, std::index_sequence_for<A...>{});
                return Object();
            });
        return *this;
    }

    /// A method: [f] is a member function pointer of T, or a callable taking T& (or const T&)
    /// first and then the Python arguments. Calling it on an instance of another type raises
    /// CPython's TypeError ("descriptor 'length' for 'game.Vec' objects doesn't apply to a
    /// 'int' object"). Dunders work as in a Python class (def("__repr__", ...), "__eq__"...).
    /// [extra] as for Module::def, with one gilpy::arg per parameter after the instance.
    template <class F, class... Extra>
    class_& def(std::string_view name, F&& f, const Extra&... extra) {
        auto fn = detail::method_callable<T>(std::forward<F>(f));
        using S = detail::Signature<decltype(fn)>;
        static_assert(S::arity >= 1, "gilpy: a method takes the instance (T&) first");
        constexpr size_t annotated = detail::annotation_count<Extra...>;
        static_assert(
            annotated == 0 || annotated + 1 == S::arity,
            "gilpy: give one gilpy::arg per method parameter after the instance, or none");
        detail::class_add_method(type_, name, detail::function_info(S::arity, extra...),
                                 detail::make_thunk(std::move(fn)));
        return *this;
    }

    /// An attribute reading and writing the data member [field] (converted each time).
    template <class D>
    class_& def_readwrite(std::string_view name, D T::*field, std::string_view doc = {}) {
        detail::class_add_property(
            type_, name, doc, detail::make_thunk([field](const T& self) { return self.*field; }),
            detail::make_thunk([field](T& self, const D& value) { self.*field = value; }));
        return *this;
    }

    /// A read-only attribute for the data member [field] (assignment raises AttributeError).
    template <class D>
    class_& def_readonly(std::string_view name, const D T::*field, std::string_view doc = {}) {
        detail::class_add_property(
            type_, name, doc, detail::make_thunk([field](const T& self) { return self.*field; }),
            nullptr);
        return *this;
    }

    /// A computed attribute: [getter] and [setter] are member function pointers or callables
    /// taking the instance first (getter: T -> value; setter: (T&, value)). Like a Python
    /// property: assigning one without a setter raises AttributeError ("property 'norm' of
    /// 'game.Vec' object has no setter").
    template <class G, class S>
    class_& def_property(std::string_view name, G&& getter, S&& setter, std::string_view doc = {}) {
        detail::class_add_property(
            type_, name, doc,
            detail::make_thunk(detail::method_callable<T>(std::forward<G>(getter))),
            detail::make_thunk(detail::method_callable<T>(std::forward<S>(setter))));
        return *this;
    }
    /// A read-only computed attribute.
    template <class G>
    class_& def_property(std::string_view name, G&& getter) {
        return def_property_readonly(name, std::forward<G>(getter));
    }
    /// A read-only computed attribute, with a doc string.
    template <class G>
    class_& def_property_readonly(std::string_view name, G&& getter, std::string_view doc = {}) {
        detail::class_add_property(
            type_, name, doc,
            detail::make_thunk(detail::method_callable<T>(std::forward<G>(getter))), nullptr);
        return *this;
    }

    /// The class object (a new reference when copied; GIL rules of Object).
    const Object& type() const { return type_; }

  private:
    Object type_;
};
/// Releases the GIL of the calling thread's interpreter for its lifetime and takes it back on
/// destruction (through the runtime's blocking seam, so the time counts as blocked/native work
/// in the GIL statistics and Python threads run meanwhile). Construct it with the GIL held
/// (in a host function or between Interpreter calls); no Object may be touched until it ends
/// (use GilAcquire for that). Throws std::logic_error if the thread holds no interpreter's GIL.
class GILPY_API GilRelease {
  public:
    GilRelease();
    ~GilRelease();
    GilRelease(const GilRelease&) = delete;
    GilRelease& operator=(const GilRelease&) = delete;

  private:
    void* section_;
    void* thread_;
};

/// Takes a GIL for the calling thread for its lifetime and releases it on destruction, so the
/// thread may use Objects and call into scripts.
/// - GilAcquire(): takes back the GIL the innermost GilRelease on this thread gave up (e.g. to
///   call a Python callback in the middle of long C++ work). Does nothing if the thread already
///   holds a GIL. Throws std::logic_error if it neither holds one nor is inside a GilRelease.
/// - GilAcquire(interp): the same for [interp] from any host thread, including one the
///   interpreter has never seen: that thread gets a thread state for the guard's lifetime (like
///   CPython's PyGILState_Ensure), counted in gil.stats() under the name "Dummy-<n>".
/// Waits while another thread holds the GIL; the host thread that created the interpreter
/// holds it between Interpreter calls, so it must release it (GilRelease) for others to run.
class GILPY_API GilAcquire {
  public:
    GilAcquire();
    explicit GilAcquire(Interpreter& interp);
    ~GilAcquire();
    GilAcquire(const GilAcquire&) = delete;
    GilAcquire& operator=(const GilAcquire&) = delete;

  private:
    void* thread_;
    void* saved_;  // the thread state current before the guard (restored after)
    bool owns_thread_ = false;
};

/// The outcome of one interactive input (the REPL's unit of work).
enum class InputStatus {
    Done,        ///< compiled and ran (an exception, if any, was printed)
    Incomplete,  ///< needs more lines (an open block, bracket or string)
    Exit,        ///< SystemExit was raised: see Interpreter::exit_code()
};

/// One interpreter with its own GIL. Not copyable; movable. Every method must be called from
/// the thread that created it, which holds the GIL between calls, or from a thread that holds
/// its GIL (a host function running on a Python thread, or inside a GilAcquire). Several
/// interpreters may run in parallel on different host threads.
class GILPY_API Interpreter {
  public:
    /// Creates an interpreter; throws std::runtime_error if the builtins cannot be set up.
    explicit Interpreter(Config config = {});
    ~Interpreter();
    Interpreter(Interpreter&&) noexcept;
    Interpreter& operator=(Interpreter&&) noexcept;
    Interpreter(const Interpreter&) = delete;
    Interpreter& operator=(const Interpreter&) = delete;

    /// Runs [source] as the __main__ module, as `gilpy file.py` does. Returns the process exit
    /// status CPython would use: 0, 1 after printing an uncaught exception's traceback to
    /// stderr, or SystemExit's code. Then runs finish_main(), unless Config::inspect is set.
    /// Never throws for script errors.
    int run_main(std::string_view source, std::string_view filename);

    /// Runs the module [name] as __main__, as `python3 -m name` does: a frozen stdlib module
    /// first, then name.py (or a package's __main__.py) on sys.path; the packages of a dotted
    /// name are imported first. sys.argv[0], __file__ and __package__ are set from what was
    /// found. Returns the exit status as run_main() does; throws ScriptError (ImportError, with
    /// python3's message such as "No module named x") when there is nothing to run, or the
    /// exception a parent package raised while it was imported.
    int run_module(std::string_view name);

    /// Ends the main program as python3 does at exit: waits for the threads that are not
    /// daemons (threading's shutdown), runs atexit's callbacks, then prints the -X gil-stats
    /// report if asked, and flushes the std streams. run_main() and run_module() do it
    /// themselves (unless Config::inspect); a host running its own loop of inputs (the REPL)
    /// calls it when the loop ends. Never throws.
    void finish_main();

    /// Compiles and runs one interactive input in __main__ (expression values are printed).
    InputStatus run_interactive(std::string_view source);

    /// Executes [source] in __main__ and throws ScriptError if it raises (for SystemExit, the
    /// status is also stored in exit_code()).
    void exec(std::string_view source, std::string_view filename = "<string>");

    /// Evaluates one expression in __main__ and returns repr() of the result; throws
    /// ScriptError if it raises.
    std::string eval_repr(std::string_view expression);

    /// The disassembly of [source] (every code object), like `python3 -m dis`; throws
    /// ScriptError on a SyntaxError.
    std::string disassemble(std::string_view source, std::string_view filename);

    /// The status carried by the last SystemExit (valid after InputStatus::Exit).
    int exit_code() const;

    /// True if the last uncaught exception run_main reported was KeyboardInterrupt. CPython
    /// then ends by SIGINT (a shell sees status 130); a host that handles signals may do the
    /// same once the interpreter is gone.
    bool ended_by_keyboard_interrupt() const;

    /// Flushes sys.stdout and sys.stderr.
    void flush();

    /// Consumes a Ctrl-C (SIGINT, with Config::handle_signals) that arrived since the last
    /// check and that no script has turned into KeyboardInterrupt yet; returns true if there
    /// was one. The REPL calls it while it waits for input, so it needs no GIL (it only touches
    /// an atomic flag) and may be called inside a GilRelease. Never throws.
    bool take_pending_interrupt() noexcept;

    /// Evaluates one expression in __main__; returns its value. Throws ScriptError.
    Object eval(std::string_view expression);

    /// __main__'s globals dict (a new reference to the dict itself: changes are seen by
    /// scripts).
    Object globals();

    /// `import name` (dotted names return the leaf module, like importlib.import_module);
    /// throws ScriptError (ModuleNotFoundError...).
    Object import_module(std::string_view name);

    /// Reads [path] and executes it in __main__ with __file__ set; throws ScriptError if it
    /// raises (for SystemExit: ScriptError::is_system_exit() and exit_code(), also stored in
    /// exit_code()), std::runtime_error if the file cannot be read.
    void run_file(const std::string& path);

    /// Creates (or returns, if this host already defined it) the module [name], registered in
    /// sys.modules so scripts can `import` it. Add functions with Module::def.
    Module def_module(std::string_view name);

  private:
    friend class GilAcquire;
    std::unique_ptr<detail::InterpreterImpl> impl_;
};

}  // namespace gilpy
