// gilpy::Object (the public owning handle) and the conversion primitives the header's
// templates build on; also the per-thread context and the ScriptError relay of context.hpp.
#include <stdexcept>
#include <string>

#include "embed/context.hpp"
#include "gilpy/gilpy.hpp"
#include "runtime/abstract.hpp"
#include "runtime/bigint.hpp"
#include "runtime/exceptions.hpp"
#include "runtime/interpreter_state.hpp"
#include "runtime/types/bytes.hpp"
#include "runtime/types/dict.hpp"
#include "runtime/types/exception.hpp"
#include "runtime/types/float.hpp"
#include "runtime/types/int.hpp"
#include "runtime/types/list.hpp"
#include "runtime/types/str.hpp"
#include "runtime/types/tuple.hpp"

namespace gilpy {

using namespace runtime;

// Sets ScriptError's private relay token.
struct detail_access {
    static void set_token(ScriptError& e, uint64_t token) { e.token_ = token; }
    static uint64_t token(const ScriptError& e) { return e.token_; }
};

namespace embed {

namespace {

thread_local ThreadState* t_current = nullptr;
thread_local int t_host_depth = 0;
// The last exception converted to ScriptError inside a host call on this thread.
thread_local Owned* t_relay_exc = nullptr;
thread_local uint64_t t_relay_token = 0;
thread_local uint64_t t_next_token = 0;

void drop_relay() {
    delete t_relay_exc;
    t_relay_exc = nullptr;
    t_relay_token = 0;
}

std::string str_text(ThreadState& ts, Value v) {
    Owned s = str(ts, v);
    if (!s) {
        clear_exception(ts);
        return "<exception str() failed>";
    }
    return std::string(s.get().as<StrObject>()->view());
}

}  // namespace

ThreadState* current_thread() {
    return t_current;
}
void set_current_thread(ThreadState* ts) {
    t_current = ts;
}

ThreadState& require_thread() {
    if (!t_current) {
        throw std::logic_error(
            "gilpy: this thread holds no interpreter's GIL (no Interpreter in use here, or "
            "inside a GilRelease)");
    }
    return *t_current;
}

void enter_host_call() {
    ++t_host_depth;
}
void leave_host_call() {
    if (--t_host_depth == 0) drop_relay();
}

int system_exit_code(ThreadState& ts, Value exc) {
    Value code = exception_attr(ts, exc.as<ExceptionObject>(), "code");
    if (code.is_null() || code.is_none()) return 0;
    if (code.is_int()) return static_cast<int>(code.as_int() & 0xff);
    if (code.is_bool()) return code.as_bool() ? 1 : 0;
    return 1;
}

void throw_script_error(ThreadState& ts) {
    Owned exc = fetch_exception(ts);
    std::string traceback = format_exception(ts, exc.get());
    std::string message = str_text(ts, exc.get());
    int status = is_instance(exc.get(), &kSystemExitType) ? system_exit_code(ts, exc.get()) : 1;
    clear_exception(ts);
    ScriptError error(type_name(exc.get()), std::move(message), std::move(traceback), status);
    if (t_host_depth > 0) {
        drop_relay();
        t_relay_exc = new Owned(std::move(exc));
        t_relay_token = ++t_next_token;
        detail_access::set_token(error, t_relay_token);
    }
    throw error;
}

bool restore_script_error(ThreadState& ts, const ScriptError& error) {
    uint64_t token = detail_access::token(error);
    if (token == 0 || token != t_relay_token || !t_relay_exc) return false;
    set_exception(ts, std::move(*t_relay_exc));
    drop_relay();
    return true;
}

}  // namespace embed

using embed::checked;
using embed::require_thread;
using embed::to_object;
using embed::value_of;

// ---- Object -------------------------------------------------------------------------------

namespace {

Value slot(const gilpy::Object::Raw& raw) {
    Value v;
    std::memcpy(static_cast<void*>(&v), raw.bytes, sizeof v);
    return v;
}

StrObject* intern(ThreadState& ts, std::string_view name) {
    return ts.interp.intern(name);
}

}  // namespace

gilpy::Object::Object() noexcept {
    Value none = Value::none();
    std::memcpy(raw_.bytes, static_cast<const void*>(&none), sizeof none);
}

gilpy::Object::Object(const gilpy::Object& other) noexcept : raw_(other.raw_) {
    incref(slot(raw_));
}

gilpy::Object::Object(gilpy::Object&& other) noexcept : raw_(other.raw_) {
    Value none = Value::none();
    std::memcpy(other.raw_.bytes, static_cast<const void*>(&none), sizeof none);
}

gilpy::Object& gilpy::Object::operator=(const gilpy::Object& other) noexcept {
    if (this != &other) {
        Value old = slot(raw_);
        raw_ = other.raw_;
        incref(slot(raw_));
        decref(old);  // last: a decref may run arbitrary code
    }
    return *this;
}

gilpy::Object& gilpy::Object::operator=(gilpy::Object&& other) noexcept {
    if (this != &other) {
        Value old = slot(raw_);
        raw_ = other.raw_;
        Value none = Value::none();
        std::memcpy(other.raw_.bytes, static_cast<const void*>(&none), sizeof none);
        decref(old);
    }
    return *this;
}

gilpy::Object::~Object() {
    decref(slot(raw_));
}

gilpy::Object gilpy::Object::steal_raw(const Raw& raw) noexcept {
    gilpy::Object o;
    o.raw_ = raw;
    return o;
}

bool gilpy::Object::is_none() const noexcept {
    return slot(raw_).is_none();
}
bool gilpy::Object::is(const gilpy::Object& other) const noexcept {
    return slot(raw_).is(slot(other.raw_));
}
std::string gilpy::Object::type_name() const {
    return runtime::type_name(slot(raw_));
}

std::string gilpy::Object::repr() const {
    ThreadState& ts = require_thread();
    gilpy::Object text = checked(ts, runtime::repr(ts, slot(raw_)));
    return std::string(value_of(text).as<StrObject>()->view());
}

std::string gilpy::Object::str() const {
    ThreadState& ts = require_thread();
    gilpy::Object text = checked(ts, runtime::str(ts, slot(raw_)));
    return std::string(value_of(text).as<StrObject>()->view());
}

bool gilpy::Object::truthy() const {
    ThreadState& ts = require_thread();
    int r = truth(ts, slot(raw_));
    if (r < 0) embed::throw_script_error(ts);
    return r != 0;
}

size_t gilpy::Object::len() const {
    ThreadState& ts = require_thread();
    int64_t n = length(ts, slot(raw_));
    if (n < 0) embed::throw_script_error(ts);
    return static_cast<size_t>(n);
}

bool gilpy::Object::equals(const gilpy::Object& other) const {
    ThreadState& ts = require_thread();
    int r = runtime::equals(ts, slot(raw_), slot(other.raw_));
    if (r < 0) embed::throw_script_error(ts);
    return r != 0;
}

gilpy::Object gilpy::Object::attr(std::string_view name) const {
    ThreadState& ts = require_thread();
    return checked(ts, get_attr(ts, slot(raw_), intern(ts, name)));
}

bool gilpy::Object::has_attr(std::string_view name) const {
    ThreadState& ts = require_thread();
    Owned v = get_attr_opt(ts, slot(raw_), intern(ts, name));
    if (!v && ts.has_exception()) embed::throw_script_error(ts);
    return !v.is_null();
}

void gilpy::Object::set_attr(std::string_view name, const gilpy::Object& value) const {
    ThreadState& ts = require_thread();
    if (runtime::set_attr(ts, slot(raw_), intern(ts, name), slot(value.raw_)) < 0) {
        embed::throw_script_error(ts);
    }
}

gilpy::Object gilpy::Object::item(const gilpy::Object& key) const {
    ThreadState& ts = require_thread();
    return checked(ts, get_item(ts, slot(raw_), slot(key.raw_)));
}

void gilpy::Object::set_item(const gilpy::Object& key, const gilpy::Object& value) const {
    ThreadState& ts = require_thread();
    if (runtime::set_item(ts, slot(raw_), slot(key.raw_), slot(value.raw_)) < 0) {
        embed::throw_script_error(ts);
    }
}

void gilpy::Object::del_item(const gilpy::Object& key) const {
    ThreadState& ts = require_thread();
    if (runtime::del_item(ts, slot(raw_), slot(key.raw_)) < 0) embed::throw_script_error(ts);
}

bool gilpy::Object::contains(const gilpy::Object& key) const {
    ThreadState& ts = require_thread();
    int r = runtime::contains(ts, slot(raw_), slot(key.raw_));
    if (r < 0) embed::throw_script_error(ts);
    return r != 0;
}

gilpy::Object gilpy::Object::call(
    const std::vector<gilpy::Object>& args,
    const std::vector<std::pair<std::string, gilpy::Object>>& kwargs) const {
    return detail::call_object(*this, args, kwargs);
}

// ---- conversions ---------------------------------------------------------------------------

namespace detail {

void throw_pending() {
    ThreadState& ts = require_thread();
    if (!ts.has_exception()) raise(ts, &kSystemErrorType, "conversion failed without an error");
    embed::throw_script_error(ts);
}

gilpy::Object make_bool(bool v) {
    return to_object(Owned::from_bool(v));
}
gilpy::Object make_int(int64_t v) {
    return to_object(Owned::steal(Value::from_int(v)));
}

gilpy::Object make_uint(uint64_t v) {
    if (v <= static_cast<uint64_t>(INT64_MAX)) return make_int(static_cast<int64_t>(v));
    BigInt big;
    BigInt::parse(std::to_string(v), 10, &big);
    return to_object(int_from_bigint(std::move(big)));
}

gilpy::Object make_float(double v) {
    return to_object(Owned::from_float(v));
}
gilpy::Object make_str(std::string_view v) {
    return to_object(Owned(new_str(v)));
}

gilpy::Object make_list(std::vector<gilpy::Object> items) {
    Ref<ListObject> list = new_list(static_cast<int64_t>(items.size()));
    for (const gilpy::Object& item : items)
        list_append_value(list.get(), value_of(item));
    return to_object(Owned(std::move(list)));
}

gilpy::Object make_tuple(std::vector<gilpy::Object> items) {
    Ref<TupleObject> t = new_tuple(static_cast<int64_t>(items.size()));
    for (size_t i = 0; i < items.size(); ++i) {
        Value v = value_of(items[i]);
        incref(v);
        t->items[i] = v;
    }
    return to_object(Owned(std::move(t)));
}

gilpy::Object make_dict(std::vector<std::pair<gilpy::Object, gilpy::Object>> items) {
    ThreadState& ts = require_thread();
    Ref<DictObject> d = new_dict();
    for (const auto& [k, v] : items) {
        if (!dict_set(ts, d.get(), value_of(k), value_of(v))) embed::throw_script_error(ts);
    }
    return to_object(Owned(std::move(d)));
}

bool load_bool(const gilpy::Object& o, bool* out) {
    ThreadState& ts = require_thread();
    int r = truth(ts, value_of(o));
    if (r < 0) return false;
    *out = r != 0;
    return true;
}

bool load_int(const gilpy::Object& o, int64_t min, int64_t max, const char* ctype, int64_t* out) {
    ThreadState& ts = require_thread();
    Owned i = index(ts, value_of(o));
    if (!i) return false;
    int64_t v;
    if (!i.get().is_int() || (v = i.get().as_int()) < min || v > max) {
        // CPython says "too large" for both ends of the range (PyLong_AsLong, PyLong_AsInt).
        raisef(ts, &kOverflowErrorType, "Python int too large to convert to C {}", ctype);
        return false;
    }
    *out = v;
    return true;
}

bool load_uint(const gilpy::Object& o, uint64_t max, const char* ctype, uint64_t* out) {
    ThreadState& ts = require_thread();
    Owned i = index(ts, value_of(o));
    if (!i) return false;
    if (int_sign(i.get()) < 0) {
        raise(ts, &kOverflowErrorType, "can't convert negative int to unsigned");
        return false;
    }
    uint64_t v;
    if (i.get().is_int()) {
        v = static_cast<uint64_t>(i.get().as_int());
    } else {
        std::string digits = int_to_bigint(i.get()).to_string();
        // At most 20 digits can fit in 64 bits; strtoull saturates above that.
        errno = 0;
        v = digits.size() > 20 ? UINT64_MAX : std::strtoull(digits.c_str(), nullptr, 10);
        if (digits.size() > 20 || errno == ERANGE) {
            raisef(ts, &kOverflowErrorType, "Python int too large to convert to C {}", ctype);
            return false;
        }
    }
    if (v > max) {
        raisef(ts, &kOverflowErrorType, "Python int too large to convert to C {}", ctype);
        return false;
    }
    *out = v;
    return true;
}

bool load_float(const gilpy::Object& o, double* out) {
    ThreadState& ts = require_thread();
    return to_double(ts, value_of(o), out);
}

bool load_str(const gilpy::Object& o, std::string* out) {
    Value v = value_of(o);
    if (!is_str(v)) {
        raisef(require_thread(), &kTypeErrorType, "expected str, got {}", runtime::type_name(v));
        return false;
    }
    *out = std::string(v.as<StrObject>()->view());
    return true;
}

bool load_sequence(const gilpy::Object& o, std::vector<gilpy::Object>* out) {
    ThreadState& ts = require_thread();
    Value v = value_of(o);
    if (is_str(v) || is_bytes(v) || is_dict(v)) {
        raisef(ts, &kTypeErrorType, "expected a sequence, got {}", runtime::type_name(v));
        return false;
    }
    out->clear();
    if (is_list(v)) {
        auto* list = v.as<ListObject>();
        for (int64_t i = 0; i < list->length; ++i)
            out->push_back(embed::borrow_object(list->items[i]));
        return true;
    }
    if (is_tuple(v)) {
        for (Value item : *v.as<TupleObject>())
            out->push_back(embed::borrow_object(item));
        return true;
    }
    Owned it = get_iter(ts, v);
    if (!it) return false;
    for (;;) {
        Owned item = iter_next(ts, it.get());
        if (!item) return !ts.has_exception();
        out->push_back(to_object(std::move(item)));
    }
}

bool load_mapping(const gilpy::Object& o,
                  std::vector<std::pair<gilpy::Object, gilpy::Object>>* out) {
    ThreadState& ts = require_thread();
    Value v = value_of(o);
    if (!is_dict(v)) {
        raisef(ts, &kTypeErrorType, "expected dict, got {}", runtime::type_name(v));
        return false;
    }
    out->clear();
    int64_t pos = 0;
    Value key, value;
    while (dict_next(v.as<DictObject>(), &pos, &key, &value)) {
        out->emplace_back(embed::borrow_object(key), embed::borrow_object(value));
    }
    return true;
}

bool load_fixed(const gilpy::Object& o, size_t size, std::vector<gilpy::Object>* out) {
    ThreadState& ts = require_thread();
    Value v = value_of(o);
    if (!is_tuple(v) && !is_list(v)) {
        raisef(ts, &kTypeErrorType, "expected tuple, got {}", runtime::type_name(v));
        return false;
    }
    if (!load_sequence(o, out)) return false;
    if (out->size() != size) {
        raisef(ts, &kValueErrorType, "expected a tuple of {} items, got {}", size, out->size());
        return false;
    }
    return true;
}

gilpy::Object call_object(const gilpy::Object& callable, std::vector<gilpy::Object> args,
                          std::vector<std::pair<std::string, gilpy::Object>> kwargs) {
    ThreadState& ts = require_thread();
    std::vector<Value> values;
    values.reserve(args.size() + kwargs.size());
    for (const gilpy::Object& a : args)
        values.push_back(value_of(a));
    Ref<TupleObject> kwnames;
    if (!kwargs.empty()) {
        kwnames = new_tuple(static_cast<int64_t>(kwargs.size()));
        for (size_t i = 0; i < kwargs.size(); ++i) {
            StrObject* name = ts.interp.intern(kwargs[i].first);
            incref(name);
            kwnames->items[i] = Value::from_object(name);
            values.push_back(value_of(kwargs[i].second));
        }
    }
    CallArgs call_args{values.data(), args.size(), kwnames.get()};
    return checked(ts, runtime::call(ts, value_of(callable), call_args));
}

}  // namespace detail

}  // namespace gilpy
