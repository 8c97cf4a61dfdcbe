// gilpy's public embedding API: the only header a host program includes (DESIGN.md).
// An Interpreter owns everything (modules, builtins, its threads); several may coexist.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <unordered_map>
#include <utility>
#include <vector>

/// Version of the library: major, minor, patch, and one comparable number.
#define GILPY_VERSION_MAJOR 0
#define GILPY_VERSION_MINOR 1
#define GILPY_VERSION_PATCH 0
#define GILPY_VERSION_NUMBER \
    (GILPY_VERSION_MAJOR * 10000 + GILPY_VERSION_MINOR * 100 + GILPY_VERSION_PATCH)

namespace gilpy {

/// The version as text, e.g. "0.1.0".
const char* version_string();

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
class ScriptError : public std::runtime_error {
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
class Object {
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
    template <
        class T, class D = std::remove_cvref_t<T>,
        class = std::enable_if_t<!std::is_same_v<D, Object> && !std::is_same_v<D, detail::KwArg>>>
    Object(T&& value) : Object(detail::Caster<D>::to_python(std::forward<T>(value))) {}

    /// Converts to a C++ value. Throws ScriptError (TypeError when the Python type does not fit,
    /// OverflowError when an int is out of the C++ type's range).
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
[[noreturn]] void throw_pending();
Object make_bool(bool v);
Object make_int(int64_t v);
Object make_uint(uint64_t v);
Object make_float(double v);
Object make_str(std::string_view v);
Object make_list(std::vector<Object> items);
Object make_tuple(std::vector<Object> items);
Object make_dict(std::vector<std::pair<Object, Object>> items);
bool load_bool(const Object& o, bool* out);
// [ctype] names the C type in OverflowError messages ("int", "long", "unsigned long"...).
bool load_int(const Object& o, int64_t min, int64_t max, const char* ctype, int64_t* out);
bool load_uint(const Object& o, uint64_t max, const char* ctype, uint64_t* out);
bool load_float(const Object& o, double* out);
bool load_str(const Object& o, std::string* out);
// Any iterable but str/bytes/dict (a list, tuple, set, generator...).
bool load_sequence(const Object& o, std::vector<Object>* out);
// A dict (or any mapping with keys() and __getitem__).
bool load_mapping(const Object& o, std::vector<std::pair<Object, Object>>* out);
// A tuple or list of exactly [size] items.
bool load_fixed(const Object& o, size_t size, std::vector<Object>* out);

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
Object call_object(const Object& callable, std::vector<Object> args,
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

/// Thrown by a host function's argument conversion: the Python exception is pending; [index]
/// is the 0-based argument that did not convert and [expected] its Python type name.
struct ArgumentError {
    size_t index;
    const char* expected;
};
/// A host function's body, type-erased: receives exactly the declared number of arguments.
using HostThunk = std::function<Object(const Object* args)>;

/// The parameter and result types of a lambda, function object or function pointer.
template <class F>
struct Signature : Signature<decltype(&F::operator())> {};
template <class R, class... A>
struct Signature<R (*)(A...)> {
    using Result = R;
    using Args = std::tuple<std::remove_cvref_t<A>...>;
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

/// Converts a host function's arguments; throws ArgumentError at the first that fails.
template <class Args, size_t... I>
void load_args([[maybe_unused]] const Object* in, [[maybe_unused]] Args& out,
               std::index_sequence<I...>) {
    (
        [&] {
            using T = std::tuple_element_t<I, Args>;
            if (!Caster<T>::load(in[I], &std::get<I>(out))) {
                throw ArgumentError{I, Caster<T>::name};
            }
        }(),
        ...);
}

/// Wraps [f] as a HostThunk converting arguments and the result.
template <class F>
HostThunk make_thunk(F&& f) {
    using S = Signature<std::decay_t<F>>;
    return [fn = std::forward<F>(f)](const Object* in) -> Object {
        typename S::Args args;
        load_args(in, args, std::make_index_sequence<S::arity>{});
        if constexpr (std::is_void_v<typename S::Result>) {
            std::apply(fn, std::move(args));
            return Object();
        } else {
            return Object(std::apply(fn, std::move(args)));
        }
    };
}

}  // namespace detail

template <class T>
T Object::cast() const {
    T out{};
    if (!detail::Caster<T>::load(*this, &out)) detail::throw_pending();
    return out;
}

template <class... A>
Object Object::operator()(A&&... args) const {
    std::vector<Object> pos;
    std::vector<std::pair<std::string, Object>> kws;
    pos.reserve(sizeof...(A));
    (detail::collect_arg(pos, kws, std::forward<A>(args)), ...);
    return detail::call_object(*this, std::move(pos), std::move(kws));
}

/// A module the host defines (Interpreter::def_module): `import name` in scripts finds it.
/// Holds an Object, so the same rules apply (GIL held, must not outlive the interpreter).
class Module {
  public:
    /// Adds a host function [name] to the module. [f] is a lambda, function object or function
    /// pointer; its parameters and result are converted with Object's conversions. Python
    /// callers get CPython's TypeErrors for a wrong argument count, keyword arguments or an
    /// argument that does not convert ("f() argument 1 must be int, not str"). A C++ exception
    /// escaping [f] becomes a Python exception the script can catch: std::invalid_argument ->
    /// ValueError, std::out_of_range -> IndexError, std::bad_alloc -> MemoryError, ScriptError
    /// -> the original exception, anything else -> RuntimeError(what()). [f] runs with the
    /// GIL held by the calling Python thread (release it with GilRelease around long work).
    /// Throws ScriptError only if the module cannot be updated.
    template <class F>
    Module& def(std::string_view name, F&& f, std::string_view doc = {}) {
        using S = detail::Signature<std::decay_t<F>>;
        add_function(name, doc, S::arity, detail::make_thunk(std::forward<F>(f)));
        return *this;
    }
    /// Sets module.name = value.
    Module& add(std::string_view name, const Object& value);
    /// The module object.
    const Object& object() const { return module_; }

  private:
    friend class Interpreter;
    explicit Module(Object module) : module_(std::move(module)) {}
    void add_function(std::string_view name, std::string_view doc, size_t arity,
                      detail::HostThunk thunk);
    Object module_;
};

/// Releases the GIL of the calling thread's interpreter for its lifetime and takes it back on
/// destruction (through the runtime's blocking seam, so the time counts as blocked/native work
/// in the GIL statistics and Python threads run meanwhile). Construct it with the GIL held
/// (in a host function or between Interpreter calls); no Object may be touched until it ends
/// (use GilAcquire for that). Throws std::logic_error if the thread holds no interpreter's GIL.
class GilRelease {
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
class GilAcquire {
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
class Interpreter {
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
