// bytes (immutable, one allocation) and bytearray (mutable, a std::string): indexing to ints,
// slicing, concatenation, comparison, hashing, CPython's repr, decode, and the common methods.
#include "runtime/types/bytes.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <new>

#include "runtime/abstract.hpp"
#include "runtime/args.hpp"
#include "runtime/exceptions.hpp"
#include "runtime/str_format.hpp"
#include "runtime/types/int.hpp"
#include "runtime/types/iterator.hpp"
#include "runtime/types/list.hpp"
#include "runtime/types/slice.hpp"
#include "runtime/types/str.hpp"
#include "runtime/types/tuple.hpp"

namespace gilpy::runtime {

Ref<BytesObject> new_bytes(std::string_view data) {
    void* memory = ::operator new(sizeof(BytesObject) + data.size());
    auto* b = static_cast<BytesObject*>(static_cast<Object*>(new (memory) Object(&kBytesType)));
    b->size = static_cast<int64_t>(data.size());
    b->hash = -1;
    std::memcpy(b->data, data.data(), data.size());
    b->data[data.size()] = '\0';
    return Ref<BytesObject>::steal(b);
}

Ref<ByteArrayObject> new_bytearray(std::string_view data) {
    Ref<ByteArrayObject> b = make_object<ByteArrayObject>();
    b->data.assign(data);
    return b;
}

bool bytes_like_view(Value v, std::string_view* out) {
    if (is_bytes(v)) {
        *out = v.as<BytesObject>()->view();
        return true;
    }
    if (is_bytearray(v)) {
        *out = v.as<ByteArrayObject>()->view();
        return true;
    }
    return false;
}

std::string bytes_repr(std::string_view data, const char* prefix) {
    bool has_single = data.find('\'') != std::string_view::npos;
    bool has_double = data.find('"') != std::string_view::npos;
    char quote = has_single && !has_double ? '"' : '\'';
    std::string out = prefix;
    out += quote;
    for (unsigned char c : data) {
        if (c == static_cast<unsigned char>(quote) || c == '\\') {
            out += '\\';
            out += static_cast<char>(c);
        } else if (c == '\t') {
            out += "\\t";
        } else if (c == '\n') {
            out += "\\n";
        } else if (c == '\r') {
            out += "\\r";
        } else if (c < 0x20 || c >= 0x7f) {
            out += fmt::format("\\x{:02x}", c);
        } else {
            out += static_cast<char>(c);
        }
    }
    out += quote;
    return out;
}

namespace {

std::string_view view_of(Value v) {
    std::string_view s;
    bytes_like_view(v, &s);
    return s;
}

bool is_mutable(Value v) {
    return is_bytearray(v);
}

// A result of the same kind as [like]: bytes or bytearray.
Owned make_like(Value like, std::string_view data) {
    if (is_mutable(like)) return new_bytearray(data);
    return new_bytes(data);
}

void bytes_dealloc(Object* self) {
    ::operator delete(static_cast<void*>(static_cast<BytesObject*>(self)));
}
void bytearray_dealloc(Object* self) {
    delete static_cast<ByteArrayObject*>(self);
}

Owned bytes_repr_slot(ThreadState&, Value self) {
    return new_str(bytes_repr(view_of(self)));
}

Owned bytearray_repr_slot(ThreadState&, Value self) {
    return new_str("bytearray(" + bytes_repr(view_of(self)) + ")");
}

int64_t bytes_hash(ThreadState&, Value self) {
    auto* b = self.as<BytesObject>();
    if (b->hash != -1) return b->hash;
    if (b->size == 0) {
        b->hash = 0;  // as CPython: hash(b'') == hash('') == 0
        return 0;
    }
    uint64_t h = 14695981039346656037ULL;  // FNV-1a
    for (int64_t i = 0; i < b->size; ++i) {
        h ^= static_cast<unsigned char>(b->data[i]);
        h *= 1099511628211ULL;
    }
    int64_t r = static_cast<int64_t>(h >> 1);
    if (r == -1) r = -2;
    b->hash = r;
    return r;
}

int64_t bytes_length(ThreadState&, Value self) {
    return static_cast<int64_t>(view_of(self).size());
}

Owned bytes_compare(ThreadState&, Value self, Value other, CompareOp op) {
    std::string_view a = view_of(self), b;
    if (!bytes_like_view(other, &b)) return Owned::borrow(not_implemented());
    int c = a.compare(b);
    bool r = ordered_compare(c, 0, op);
    return Owned::from_bool(r);
}

int bytes_contains(ThreadState& ts, Value self, Value item) {
    std::string_view s = view_of(self), needle;
    if (bytes_like_view(item, &needle)) return s.find(needle) != std::string_view::npos;
    int64_t byte;
    if (!is_int(item)) {
        raisef(ts, &kTypeErrorType, "a bytes-like object is required, not '{}'", type_name(item));
        return -1;
    }
    if (!index_int64(ts, item, &byte)) return -1;
    if (byte < 0 || byte > 255) {
        raise(ts, &kValueErrorType, "byte must be in range(0, 256)");
        return -1;
    }
    return s.find(static_cast<char>(byte)) != std::string_view::npos;
}

Owned bytes_getitem(ThreadState& ts, Value self, Value key) {
    std::string_view s = view_of(self);
    if (is_slice(key)) {
        int64_t start, stop, step, count;
        if (!slice_indices(ts, key.as<SliceObject>(), static_cast<int64_t>(s.size()), &start, &stop,
                           &step, &count)) {
            return nullptr;
        }
        std::string out;
        out.reserve(static_cast<size_t>(count));
        for (int64_t i = 0, j = start; i < count; ++i, j += step)
            out += s[j];
        return make_like(self, out);
    }
    if (!is_int(key)) {
        return raisef(ts, &kTypeErrorType, "{} indices must be integers or slices, not {}",
                      is_mutable(self) ? "bytearray" : "byte", type_name(key));
    }
    int64_t i;
    if (!index_int64(ts, key, &i)) return nullptr;
    if (!normalize_index(&i, static_cast<int64_t>(s.size()))) {
        return raise(ts, &kIndexErrorType,
                     is_mutable(self) ? "bytearray index out of range" : "index out of range");
    }
    return Owned::steal(Value::from_int(static_cast<unsigned char>(s[i])));
}

bool byte_value(ThreadState& ts, Value v, unsigned char* out,
                const char* range_message = "byte must be in range(0, 256)") {
    int64_t i;
    if (!index_int64(ts, v, &i)) return false;
    if (i < 0 || i > 255) {
        raise(ts, &kValueErrorType, range_message);
        return false;
    }
    *out = static_cast<unsigned char>(i);
    return true;
}

// What collect_bytes is filling, for CPython's differing messages.
enum class Collect { Bytes, ByteArray, Extend, Assign };

// The bytes of an iterable of ints or a bytes-like object (a str needs an encoding).
bool collect_bytes(ThreadState& ts, Value v, std::string* out, Collect what) {
    std::string_view view;
    if (bytes_like_view(v, &view)) {
        out->assign(view);
        return true;
    }
    if (is_str(v) && what != Collect::Assign) {
        raise(ts, &kTypeErrorType,
              what == Collect::Extend ? "expected iterable of integers; got: 'str'"
                                      : "string argument without an encoding");
        return false;
    }
    TypeObject* t = type_of(v);
    if (!t->iter && !t->getitem) {
        switch (what) {
            case Collect::Bytes:
            case Collect::ByteArray:
                raisef(ts, &kTypeErrorType, "cannot convert '{}' object to {}", type_name(v),
                       what == Collect::Bytes ? "bytes" : "bytearray");
                break;
            case Collect::Extend:
                raisef(ts, &kTypeErrorType, "can't extend bytearray with {}", type_name(v));
                break;
            case Collect::Assign:
                raise(ts, &kTypeErrorType,
                      "can assign only bytes, buffers, or iterables of ints in range(0, 256)");
                break;
        }
        return false;
    }
    Owned it = get_iter(ts, v);
    if (!it) return false;
    const char* range_message =
        what == Collect::Bytes ? "bytes must be in range(0, 256)" : "byte must be in range(0, 256)";
    while (Owned item = iter_next(ts, it.get())) {
        unsigned char c;
        if (!byte_value(ts, item.get(), &c, range_message)) return false;
        out->push_back(static_cast<char>(c));
    }
    return !ts.has_exception();
}

bool encode_str(ThreadState& ts, Value s, Value encoding, std::string* out) {
    Ref<StrObject> method = new_str("encode");
    Owned r = call_method(ts, s, method.get(), {encoding});
    if (!r) return false;
    out->assign(view_of(r.get()));
    return true;
}

bool construct_data(ThreadState& ts, CallArgs args, const char* name, std::string* data) {
    static const char* const kNames[] = {"source", "encoding", "errors"};
    Value a[3];
    if (!parse_args(ts, args, name, kNames, 0, a)) return false;
    if (a[0].is_null()) return true;
    if (is_str(a[0])) {
        if (a[1].is_null()) {
            raise(ts, &kTypeErrorType, "string argument without an encoding");
            return false;
        }
        return encode_str(ts, a[0], a[1], data);
    }
    if (!a[1].is_null()) {
        raise(ts, &kTypeErrorType, "encoding without a string argument");
        return false;
    }
    if (is_int(a[0])) {
        int64_t n;
        if (!index_int64(ts, a[0], &n)) return false;
        if (n < 0) {
            raise(ts, &kValueErrorType, "negative count");
            return false;
        }
        data->assign(static_cast<size_t>(n), '\0');
        return true;
    }
    return collect_bytes(ts, a[0], data,
                         std::string_view(name) == "bytes" ? Collect::Bytes : Collect::ByteArray);
}

Owned bytes_new(ThreadState& ts, TypeObject*, CallArgs args) {
    std::string data;
    if (!construct_data(ts, args, "bytes", &data)) return nullptr;
    return new_bytes(data);
}

Owned bytearray_new(ThreadState&, TypeObject* type, CallArgs) {
    return make_object<ByteArrayObject>(type);
}

int bytearray_init(ThreadState& ts, Value self, CallArgs args) {
    std::string data;
    if (!construct_data(ts, args, "bytearray", &data)) return -1;
    self.as<ByteArrayObject>()->data = std::move(data);
    return 0;
}

Owned bytes_iter(ThreadState&, Value self) {
    return new_seq_iterator(self);
}

// CPython tries the other operand's reflected method before the sequence's own error.
Owned try_other_slot(ThreadState& ts, Value a, Value b, BinaryOp op, BinarySlot self_slot) {
    // Only classes can define reflected methods; a builtin's slot has nothing to offer here.
    if (!(type_of(b)->flags & kTypeHeap)) return Owned::borrow(not_implemented());
    const NumberSlots* n = type_of(b)->number;
    BinarySlot other = n ? n->binary[static_cast<int>(op)] : nullptr;
    if (!other || other == self_slot) return Owned::borrow(not_implemented());
    return other(ts, a, b);
}

bool has_index(Value v) {
    if (is_int(v)) return true;
    const NumberSlots* n = type_of(v)->number;
    return n && n->index;
}

Owned bytes_concat(ThreadState& ts, Value a, Value b) {
    std::string_view x, y;
    if (!bytes_like_view(a, &x)) return Owned::borrow(not_implemented());
    if (!bytes_like_view(b, &y)) {
        Owned r = try_other_slot(ts, a, b, BinaryOp::Add, bytes_concat);
        if (!r || !is_not_implemented(r.get())) return r;
        return raisef(ts, &kTypeErrorType, "can't concat {} to {}", type_name(b), type_name(a));
    }
    std::string out;
    out.reserve(x.size() + y.size());
    out += x;
    out += y;
    return make_like(a, out);
}

// The repeat count of seq * n; false if raised (CPython's messages for non-ints).
bool repeat_count(ThreadState& ts, Value count, int64_t* n) {
    if (!has_index(count)) {
        raisef(ts, &kTypeErrorType, "can't multiply sequence by non-int of type '{}'",
               type_name(count));
        return false;
    }
    return index_int64(ts, count, n);
}

Owned bytes_repeat(ThreadState& ts, Value a, Value b) {
    const bool left = is_bytes(a) || is_bytearray(a);
    Value seq = left ? a : b;
    Value count = left ? b : a;
    if (left && !has_index(count)) {
        Owned r = try_other_slot(ts, a, b, BinaryOp::Mul, bytes_repeat);
        if (!r || !is_not_implemented(r.get())) return r;
    }
    int64_t n;
    if (!repeat_count(ts, count, &n)) return nullptr;
    std::string_view s = view_of(seq);
    std::string out;
    if (n > 0 && !s.empty()) {
        if (s.size() > static_cast<size_t>(INT64_MAX / 4 / n))
            return raise_empty(ts, &kMemoryErrorType);
        out.reserve(s.size() * static_cast<size_t>(n));
        for (int64_t i = 0; i < n; ++i)
            out += s;
    }
    return make_like(seq, out);
}

// bytes % args (PEP 461); a bytearray format gives a bytearray.
Owned bytes_mod(ThreadState& ts, Value a, Value b) {
    std::string_view fmt;
    if (!bytes_like_view(a, &fmt)) return Owned::borrow(not_implemented());
    Owned r = printf_format(ts, fmt, b, true);
    if (!r || !is_mutable(a)) return r;
    return new_bytearray(view_of(r.get()));
}

// bytearray's += and *= change the object in place (the result is the same object).
Owned bytearray_inplace_concat(ThreadState& ts, Value a, Value b) {
    std::string_view y;
    if (!bytes_like_view(b, &y)) {
        return raisef(ts, &kTypeErrorType, "can't concat {} to bytearray", type_name(b));
    }
    std::string& d = a.as<ByteArrayObject>()->data;
    if (b.is(a)) {
        d += std::string(y);
    } else {
        d += y;
    }
    return Owned::borrow(a);
}

Owned bytearray_inplace_repeat(ThreadState& ts, Value a, Value b) {
    int64_t n;
    if (!repeat_count(ts, b, &n)) return nullptr;
    std::string& d = a.as<ByteArrayObject>()->data;
    if (n <= 0 || d.empty()) {
        d.clear();
    } else {
        if (d.size() > static_cast<size_t>(INT64_MAX / 4 / n))
            return raise_empty(ts, &kMemoryErrorType);
        std::string once = d;
        d.reserve(once.size() * static_cast<size_t>(n));
        for (int64_t i = 1; i < n; ++i)
            d += once;
    }
    return Owned::borrow(a);
}

int bytearray_setitem(ThreadState& ts, Value self, Value key, Value v) {
    std::string& d = self.as<ByteArrayObject>()->data;
    if (is_slice(key)) {
        int64_t start, stop, step, count;
        if (!slice_indices(ts, key.as<SliceObject>(), static_cast<int64_t>(d.size()), &start, &stop,
                           &step, &count)) {
            return -1;
        }
        std::string repl;
        if (!v.is_null() && !collect_bytes(ts, v, &repl, Collect::Assign)) return -1;
        if (step == 1) {
            if (stop < start) stop = start;
            d.replace(static_cast<size_t>(start), static_cast<size_t>(stop - start), repl);
            return 0;
        }
        if (v.is_null()) {
            std::string keep;
            for (int64_t i = 0; i < static_cast<int64_t>(d.size()); ++i) {
                bool selected = step > 0 ? (i >= start && i < stop && (i - start) % step == 0)
                                         : (i <= start && i > stop && (start - i) % (-step) == 0);
                if (!selected) keep += d[i];
            }
            d = std::move(keep);
            return 0;
        }
        if (static_cast<int64_t>(repl.size()) != count) {
            raisef(ts, &kValueErrorType,
                   "attempt to assign bytes of size {} to extended slice of size {}", repl.size(),
                   count);
            return -1;
        }
        for (int64_t i = 0, j = start; i < count; ++i, j += step)
            d[j] = repl[i];
        return 0;
    }
    int64_t i;
    if (!has_index(key)) {
        raisef(ts, &kTypeErrorType, "bytearray indices must be integers or slices, not {}",
               type_name(key));
        return -1;
    }
    if (!index_int64(ts, key, &i)) return -1;
    if (!normalize_index(&i, static_cast<int64_t>(d.size()))) {
        raise(ts, &kIndexErrorType, "bytearray index out of range");
        return -1;
    }
    if (v.is_null()) {
        d.erase(static_cast<size_t>(i), 1);
        return 0;
    }
    unsigned char c;
    if (!byte_value(ts, v, &c)) return -1;
    d[i] = static_cast<char>(c);
    return 0;
}

// ------------------------------------------------------------------ methods

// Checks the UTF-8 sequence at s[i]: returns its length when valid, else 0 with the length of
// the maximal invalid prefix in *bad (what one U+FFFD replaces) and CPython's reason.
size_t utf8_sequence(std::string_view s, size_t i, size_t* bad, const char** reason) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) return 1;
    size_t need;
    unsigned char lo = 0x80, hi = 0xbf;  // the allowed range of the second byte
    if (c >= 0xc2 && c <= 0xdf) {
        need = 2;
    } else if (c >= 0xe0 && c <= 0xef) {
        need = 3;
        if (c == 0xe0) lo = 0xa0;  // overlong
        if (c == 0xed) hi = 0x9f;  // surrogates
    } else if (c >= 0xf0 && c <= 0xf4) {
        need = 4;
        if (c == 0xf0) lo = 0x90;  // overlong
        if (c == 0xf4) hi = 0x8f;  // beyond U+10FFFF
    } else {
        *bad = 1;
        *reason = "invalid start byte";
        return 0;
    }
    for (size_t k = 1; k < need; ++k) {
        if (i + k >= s.size()) {
            *bad = k;
            *reason = "unexpected end of data";
            return 0;
        }
        const auto d = static_cast<unsigned char>(s[i + k]);
        if (k == 1 ? (d < lo || d > hi) : (d < 0x80 || d > 0xbf)) {
            *bad = k;
            *reason = "invalid continuation byte";
            return 0;
        }
    }
    return need;
}

// Raises UnicodeDecodeError(codec, object, start, end, reason); its str is CPython's text
// ("'utf-8' codec can't decode byte 0xff in position 0: invalid start byte").
std::nullptr_t raise_decode_error(ThreadState& ts, const char* codec, Value object, size_t start,
                                  size_t end, const char* reason) {
    Owned encoding = new_str(codec);
    Owned why = new_str(reason);
    Owned bytes_object =
        is_bytes(object) ? Owned::borrow(object) : Owned(new_bytes(view_of(object)));
    Owned e = call_values(
        ts, Value::from_object(&kUnicodeDecodeErrorType),
        {encoding.get(), bytes_object.get(), Value::from_int(static_cast<int64_t>(start)),
         Value::from_int(static_cast<int64_t>(end)), why.get()});
    if (!e) return nullptr;
    return set_exception(ts, std::move(e));
}

Owned bytes_decode(ThreadState& ts, CallArgs args) {
    static const char* const kNames[] = {"encoding", "errors"};
    Value a[2];
    if (!parse_args(ts, drop_self(args), "decode", kNames, 0, a)) return nullptr;
    for (int i = 0; i < 2; ++i) {
        if (!a[i].is_null() && !is_str(a[i])) {
            return raisef(ts, &kTypeErrorType, "decode() argument '{}' must be str, not {}",
                          kNames[i], type_name(a[i]));
        }
    }
    std::string_view s = view_of(args[0]);
    std::string encoding = a[0].is_null() ? "utf-8" : std::string(a[0].as<StrObject>()->view());
    std::string errors = a[1].is_null() ? "strict" : std::string(a[1].as<StrObject>()->view());
    for (char& c : encoding)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    std::replace(encoding.begin(), encoding.end(), '_', '-');
    if (s.empty()) return new_str("");
    std::string out;
    if (encoding == "utf-8" || encoding == "utf8") {
        // Fast path: valid UTF-8 (whatever the error handler) is validated and copied in one
        // go; only text with errors takes the sequence by sequence loop below.
        int64_t invalid_at;
        if (Ref<StrObject> text = new_str_from_utf8(s, &invalid_at)) return text;
        size_t i = 0;
        out.reserve(s.size());
        while (i < s.size()) {
            size_t bad = 0;
            const char* reason = nullptr;
            size_t n = utf8_sequence(s, i, &bad, &reason);
            if (n) {
                out.append(s.data() + i, n);
                i += n;
                continue;
            }
            if (errors == "strict" || (errors != "replace" && errors != "ignore")) {
                return raise_decode_error(ts, "utf-8", args[0], i, i + bad, reason);
            }
            if (errors == "replace") out += "\xef\xbf\xbd";
            i += bad;
        }
        return new_str(out);
    }
    if (encoding == "ascii" || encoding == "us-ascii") {
        for (size_t i = 0; i < s.size(); ++i) {
            unsigned char c = static_cast<unsigned char>(s[i]);
            if (c < 0x80) {
                out += static_cast<char>(c);
            } else if (errors != "replace" && errors != "ignore") {
                return raise_decode_error(ts, "ascii", args[0], i, i + 1,
                                          "ordinal not in range(128)");
            } else if (errors == "replace") {
                out += "\xef\xbf\xbd";
            }
        }
        return new_str(out);
    }
    if (encoding == "latin-1" || encoding == "latin1" || encoding == "iso-8859-1") {
        for (unsigned char c : s)
            utf8_append(out, c);
        return new_str(out);
    }
    return raisef(ts, &kLookupErrorType, "unknown encoding: {}", encoding);
}

// "bytes.upper() takes no arguments (1 given)", CPython's METH_NOARGS message.
bool check_method_no_args(ThreadState& ts, CallArgs args, const char* method) {
    if (args.nargs == 1 && args.keyword_count() == 0) return true;
    std::string qualname = fmt::format("{}.{}()", type_name(args[0]), method);
    return check_no_args(ts, drop_self(args), qualname.c_str());
}

Owned bytes_hex(ThreadState& ts, CallArgs args) {
    if (args.nargs > 3) {
        return raisef(ts, &kTypeErrorType, "hex() takes at most 2 arguments ({} given)",
                      args.nargs - 1);
    }
    std::string out;
    for (unsigned char c : view_of(args[0]))
        out += fmt::format("{:02x}", c);
    return new_str(out);
}

bool is_bytearray_type(Value cls) {
    return cls.is_object() && cls.as_object() == &kByteArrayType;
}

Owned bytes_fromhex(ThreadState& ts, CallArgs args) {
    if (!check_one_arg(ts, drop_self(args),
                       is_bytearray_type(args[0]) ? "bytearray.fromhex()" : "bytes.fromhex()")) {
        return nullptr;
    }
    if (!is_str(args[1])) {
        return raisef(ts, &kTypeErrorType, "fromhex() argument must be str, not {}",
                      type_name(args[1]));
    }
    std::string_view s = args[1].as<StrObject>()->view();
    std::string out;
    auto hexval = [](char c) -> int {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    };
    for (size_t i = 0; i < s.size();) {
        if (s[i] == ' ') {
            ++i;
            continue;
        }
        int hi = hexval(s[i]);
        int lo = i + 1 < s.size() ? hexval(s[i + 1]) : -1;
        if (hi < 0 || lo < 0) {
            return raisef(ts, &kValueErrorType,
                          "non-hexadecimal number found in fromhex() arg at position {}",
                          hi < 0 ? i : i + 1);
        }
        out += static_cast<char>(hi * 16 + lo);
        i += 2;
    }
    Value cls = args[0];
    if (cls.is_object() && cls.as_object() == &kByteArrayType) return new_bytearray(out);
    return new_bytes(out);
}

bool needle_arg(ThreadState& ts, Value v, std::string* out) {
    std::string_view view;
    if (bytes_like_view(v, &view)) {
        out->assign(view);
        return true;
    }
    if (is_int(v)) {
        unsigned char c;
        if (!byte_value(ts, v, &c)) return false;
        out->assign(1, static_cast<char>(c));
        return true;
    }
    raisef(ts, &kTypeErrorType, "argument should be integer or bytes-like object, not '{}'",
           type_name(v));
    return false;
}

// "find() takes at least 1 argument (0 given)": the getargs-style messages of find/index/count.
bool check_search_args(ThreadState& ts, CallArgs args, const char* name) {
    if (!check_no_keywords(ts, args, fmt::format("{}()", name).c_str())) return false;
    const size_t n = args.nargs - 1;
    if (n >= 1 && n <= 3) return true;
    raisef(ts, &kTypeErrorType, "{}() takes at {} {} argument{} ({} given)", name,
           n < 1 ? "least" : "most", n < 1 ? 1 : 3, n < 1 ? "" : "s", n);
    return false;
}

// The optional start/end arguments at args[first], args[first + 1] (None: omitted), clamped
// like a slice of a sequence of [n] items.
bool search_window(ThreadState& ts, CallArgs args, size_t first, int64_t n, int64_t* start,
                   int64_t* end) {
    *start = 0;
    *end = n;
    if (args.nargs > first && !args[first].is_none() && !index_int64(ts, args[first], start)) {
        return false;
    }
    if (args.nargs > first + 1 && !args[first + 1].is_none() &&
        !index_int64(ts, args[first + 1], end)) {
        return false;
    }
    if (*start < 0) *start = std::max<int64_t>(0, *start + n);
    if (*end < 0) *end = std::max<int64_t>(0, *end + n);
    *end = std::min(*end, n);
    return true;
}

Owned bytes_find_impl(ThreadState& ts, CallArgs args, const char* name, bool reverse,
                      bool raise_missing) {
    if (!check_search_args(ts, args, name)) return nullptr;
    std::string needle;
    if (!needle_arg(ts, args[1], &needle)) return nullptr;
    std::string_view s = view_of(args[0]);
    int64_t start, end;
    if (!search_window(ts, args, 2, static_cast<int64_t>(s.size()), &start, &end)) return nullptr;
    int64_t found = -1;
    if (start <= end && static_cast<int64_t>(needle.size()) <= end - start) {
        std::string_view window =
            s.substr(static_cast<size_t>(start), static_cast<size_t>(end - start));
        size_t p = reverse ? window.rfind(needle) : window.find(needle);
        if (p != std::string_view::npos) found = start + static_cast<int64_t>(p);
    }
    if (found < 0 && raise_missing) return raise(ts, &kValueErrorType, "subsection not found");
    return Owned::steal(Value::from_int(found));
}

Owned bytes_find(ThreadState& ts, CallArgs args) {
    return bytes_find_impl(ts, args, "find", false, false);
}
Owned bytes_rfind(ThreadState& ts, CallArgs args) {
    return bytes_find_impl(ts, args, "rfind", true, false);
}
Owned bytes_index(ThreadState& ts, CallArgs args) {
    return bytes_find_impl(ts, args, "index", false, true);
}

Owned bytes_count(ThreadState& ts, CallArgs args) {
    if (!check_search_args(ts, args, "count")) return nullptr;
    std::string needle;
    if (!needle_arg(ts, args[1], &needle)) return nullptr;
    std::string_view s = view_of(args[0]);
    int64_t start, end;
    if (!search_window(ts, args, 2, static_cast<int64_t>(s.size()), &start, &end)) return nullptr;
    if (start > end) return Owned::steal(Value::from_int(0));
    s = s.substr(static_cast<size_t>(start), static_cast<size_t>(end - start));
    if (needle.empty()) return Owned::steal(Value::from_int(static_cast<int64_t>(s.size()) + 1));
    int64_t n = 0;
    for (size_t p = s.find(needle); p != std::string_view::npos;
         p = s.find(needle, p + needle.size()))
        ++n;
    return Owned::steal(Value::from_int(n));
}

Owned bytes_affix(ThreadState& ts, CallArgs args, const char* name, bool suffix) {
    if (!check_positional(ts, drop_self(args), name, 1, 3)) return nullptr;
    std::string_view s = view_of(args[0]);
    int64_t start, end;
    if (!search_window(ts, args, 2, static_cast<int64_t>(s.size()), &start, &end)) return nullptr;
    if (start > end) return Owned::from_bool(false);
    s = s.substr(static_cast<size_t>(start), static_cast<size_t>(end - start));
    auto test = [&](Value v, int* out) {
        std::string_view p;
        if (!bytes_like_view(v, &p)) {
            raisef(ts, &kTypeErrorType, "{} first arg must be bytes or a tuple of bytes, not {}",
                   name, type_name(v));
            return false;
        }
        *out = suffix ? (s.size() >= p.size() && s.substr(s.size() - p.size()) == p)
                      : (s.substr(0, p.size()) == p);
        return true;
    };
    int r = 0;
    if (is_tuple(args[1])) {
        auto* t = args[1].as<TupleObject>();
        for (int64_t i = 0; i < t->length && !r; ++i) {
            if (!test(t->items[i], &r)) return nullptr;
        }
    } else if (!test(args[1], &r)) {
        return nullptr;
    }
    return Owned::from_bool(r != 0);
}

Owned bytes_startswith(ThreadState& ts, CallArgs args) {
    return bytes_affix(ts, args, "startswith", false);
}
Owned bytes_endswith(ThreadState& ts, CallArgs args) {
    return bytes_affix(ts, args, "endswith", true);
}

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

Owned bytes_split(ThreadState& ts, CallArgs args) {
    static const char* const kNames[] = {"sep", "maxsplit"};
    Value a[2];
    if (!parse_args(ts, drop_self(args), "split", kNames, 0, a)) return nullptr;
    std::string_view s = view_of(args[0]);
    int64_t maxsplit = -1;
    if (!a[1].is_null() && !index_int64(ts, a[1], &maxsplit)) return nullptr;
    Ref<ListObject> out = new_list();
    if (a[0].is_null() || a[0].is_none()) {
        size_t i = 0;
        while (true) {
            while (i < s.size() && is_space(s[i]))
                ++i;
            if (i >= s.size()) break;
            if (maxsplit == 0) {
                size_t end = s.size();
                while (end > i && is_space(s[end - 1]))
                    --end;
                list_append_owned(out.get(), make_like(args[0], s.substr(i, end - i)));
                break;
            }
            size_t j = i;
            while (j < s.size() && !is_space(s[j]))
                ++j;
            list_append_owned(out.get(), make_like(args[0], s.substr(i, j - i)));
            if (maxsplit > 0) --maxsplit;
            i = j;
        }
        return out;
    }
    std::string sep;
    if (!needle_arg(ts, a[0], &sep)) return nullptr;
    if (sep.empty()) return raise(ts, &kValueErrorType, "empty separator");
    size_t start = 0;
    while (maxsplit != 0) {
        size_t p = s.find(sep, start);
        if (p == std::string_view::npos) break;
        list_append_owned(out.get(), make_like(args[0], s.substr(start, p - start)));
        start = p + sep.size();
        if (maxsplit > 0) --maxsplit;
    }
    list_append_owned(out.get(), make_like(args[0], s.substr(start)));
    return out;
}

Owned bytes_join(ThreadState& ts, CallArgs args) {
    if (!check_one_arg(ts, drop_self(args), "join()")) return nullptr;
    std::string_view sep = view_of(args[0]);
    Ref<ListObject> items = list_from_iterable(ts, args[1]);
    if (!items) return nullptr;
    std::string out;
    for (int64_t i = 0; i < items->length; ++i) {
        std::string_view part;
        if (!bytes_like_view(items->items[i], &part)) {
            return raisef(ts, &kTypeErrorType,
                          "sequence item {}: expected a bytes-like object, {} found", i,
                          type_name(items->items[i]));
        }
        if (i) out += sep;
        out += part;
    }
    return make_like(args[0], out);
}

Owned bytes_strip_impl(ThreadState& ts, CallArgs args, const char* name, bool left, bool right) {
    if (!check_positional(ts, drop_self(args), name, 0, 1)) return nullptr;
    std::string_view s = view_of(args[0]);
    std::string chars;
    bool whitespace = args.nargs < 2 || args[1].is_none();
    if (!whitespace && !needle_arg(ts, args[1], &chars)) return nullptr;
    auto strip_char = [&](char c) {
        return whitespace ? is_space(c) : chars.find(c) != std::string::npos;
    };
    size_t b = 0, e = s.size();
    if (left)
        while (b < e && strip_char(s[b]))
            ++b;
    if (right)
        while (e > b && strip_char(s[e - 1]))
            --e;
    return make_like(args[0], s.substr(b, e - b));
}

Owned bytes_strip(ThreadState& ts, CallArgs args) {
    return bytes_strip_impl(ts, args, "strip", true, true);
}
Owned bytes_lstrip(ThreadState& ts, CallArgs args) {
    return bytes_strip_impl(ts, args, "lstrip", true, false);
}
Owned bytes_rstrip(ThreadState& ts, CallArgs args) {
    return bytes_strip_impl(ts, args, "rstrip", false, true);
}

Owned bytes_replace(ThreadState& ts, CallArgs args) {
    if (!check_positional(ts, drop_self(args), "replace", 2, 3)) return nullptr;
    std::string old_part, new_part;
    if (!needle_arg(ts, args[1], &old_part) || !needle_arg(ts, args[2], &new_part)) return nullptr;
    int64_t count = -1;
    if (args.nargs > 3 && !index_int64(ts, args[3], &count)) return nullptr;
    std::string_view s = view_of(args[0]);
    std::string out;
    size_t pos = 0;
    if (old_part.empty()) {
        for (size_t i = 0; i <= s.size() && count != 0; ++i, --count) {
            out += new_part;
            if (i < s.size()) out += s[i];
            pos = i + 1;
        }
        if (pos < s.size()) out += s.substr(pos);
        return make_like(args[0], out);
    }
    while (count != 0) {
        size_t p = s.find(old_part, pos);
        if (p == std::string_view::npos) break;
        out += s.substr(pos, p - pos);
        out += new_part;
        pos = p + old_part.size();
        if (count > 0) --count;
    }
    out += s.substr(pos);
    return make_like(args[0], out);
}

Owned bytes_case(ThreadState& ts, CallArgs args, const char* name, bool upper) {
    if (!check_method_no_args(ts, args, name)) return nullptr;
    std::string out(view_of(args[0]));
    for (char& c : out) {
        if (upper && c >= 'a' && c <= 'z') c = static_cast<char>(c - 32);
        if (!upper && c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
    }
    return make_like(args[0], out);
}

Owned bytes_upper(ThreadState& ts, CallArgs args) {
    return bytes_case(ts, args, "upper", true);
}
Owned bytes_lower(ThreadState& ts, CallArgs args) {
    return bytes_case(ts, args, "lower", false);
}

// bytearray mutation.
std::string& mutable_data(CallArgs args) {
    return args[0].as<ByteArrayObject>()->data;
}

Owned bytearray_append(ThreadState& ts, CallArgs args) {
    if (!check_one_arg(ts, drop_self(args), "bytearray.append()")) return nullptr;
    unsigned char c;
    if (!byte_value(ts, args[1], &c)) return nullptr;
    mutable_data(args).push_back(static_cast<char>(c));
    return Owned::none();
}

Owned bytearray_extend(ThreadState& ts, CallArgs args) {
    if (!check_one_arg(ts, drop_self(args), "bytearray.extend()")) return nullptr;
    std::string more;
    if (!collect_bytes(ts, args[1], &more, Collect::Extend)) return nullptr;
    mutable_data(args) += more;
    return Owned::none();
}

Owned bytearray_pop(ThreadState& ts, CallArgs args) {
    if (!check_positional(ts, drop_self(args), "pop", 0, 1)) return nullptr;
    std::string& d = mutable_data(args);
    int64_t i = -1;
    if (args.nargs == 2 && !index_int64(ts, args[1], &i)) return nullptr;
    if (d.empty()) return raise(ts, &kIndexErrorType, "pop from empty bytearray");
    if (!normalize_index(&i, static_cast<int64_t>(d.size()))) {
        return raise(ts, &kIndexErrorType, "pop index out of range");
    }
    unsigned char c = static_cast<unsigned char>(d[i]);
    d.erase(static_cast<size_t>(i), 1);
    return Owned::steal(Value::from_int(c));
}

Owned bytearray_clear(ThreadState& ts, CallArgs args) {
    if (!check_method_no_args(ts, args, "clear")) return nullptr;
    mutable_data(args).clear();
    return Owned::none();
}

Owned bytearray_copy(ThreadState& ts, CallArgs args) {
    if (!check_method_no_args(ts, args, "copy")) return nullptr;
    return new_bytearray(mutable_data(args));
}

Owned bytearray_insert(ThreadState& ts, CallArgs args) {
    if (!check_positional(ts, drop_self(args), "insert", 2, 2)) return nullptr;
    int64_t i;
    if (!index_int64(ts, args[1], &i)) return nullptr;
    unsigned char c;
    if (!byte_value(ts, args[2], &c)) return nullptr;
    std::string& d = mutable_data(args);
    const auto n = static_cast<int64_t>(d.size());
    if (i < 0) i = std::max<int64_t>(0, i + n);
    i = std::min(i, n);
    d.insert(d.begin() + i, static_cast<char>(c));
    return Owned::none();
}

Owned bytearray_remove(ThreadState& ts, CallArgs args) {
    if (!check_one_arg(ts, drop_self(args), "bytearray.remove()")) return nullptr;
    unsigned char c;
    if (!byte_value(ts, args[1], &c)) return nullptr;
    std::string& d = mutable_data(args);
    size_t p = d.find(static_cast<char>(c));
    if (p == std::string::npos) return raise(ts, &kValueErrorType, "value not found in bytearray");
    d.erase(p, 1);
    return Owned::none();
}

Owned bytearray_reverse(ThreadState& ts, CallArgs args) {
    if (!check_method_no_args(ts, args, "reverse")) return nullptr;
    std::string& d = mutable_data(args);
    std::reverse(d.begin(), d.end());
    return Owned::none();
}

// partition/rpartition: the separator must be bytes-like (no ints, unlike find).
Owned bytes_partition_impl(ThreadState& ts, CallArgs args, const char* name, bool reverse) {
    std::string qualname = fmt::format("{}.{}()", type_name(args[0]), name);
    if (!check_one_arg(ts, drop_self(args), qualname.c_str())) return nullptr;
    std::string_view sep;
    if (!bytes_like_view(args[1], &sep)) {
        return raisef(ts, &kTypeErrorType, "a bytes-like object is required, not '{}'",
                      type_name(args[1]));
    }
    if (sep.empty()) return raise(ts, &kValueErrorType, "empty separator");
    std::string sep_copy(sep);  // [sep] may be the object itself
    std::string_view s = view_of(args[0]);
    size_t p = reverse ? s.rfind(sep_copy) : s.find(sep_copy);
    Owned parts[3];
    if (p == std::string_view::npos) {
        parts[reverse ? 2 : 0] = make_like(args[0], s);
        parts[1] = make_like(args[0], {});
        parts[reverse ? 0 : 2] = make_like(args[0], {});
    } else {
        parts[0] = make_like(args[0], s.substr(0, p));
        parts[1] = make_like(args[0], sep_copy);
        parts[2] = make_like(args[0], s.substr(p + sep_copy.size()));
    }
    return new_tuple_of({parts[0].get(), parts[1].get(), parts[2].get()});
}

Owned bytes_partition(ThreadState& ts, CallArgs args) {
    return bytes_partition_impl(ts, args, "partition", false);
}
Owned bytes_rpartition(ThreadState& ts, CallArgs args) {
    return bytes_partition_impl(ts, args, "rpartition", true);
}

// The is*() predicates: ASCII classes only, False for empty data (except as noted by CPython:
// none of these are true for b"").
template <typename Pred>
Owned bytes_predicate(ThreadState& ts, CallArgs args, const char* name, Pred pred) {
    if (!check_method_no_args(ts, args, name)) return nullptr;
    std::string_view s = view_of(args[0]);
    if (s.empty()) return Owned::from_bool(false);
    for (char c : s) {
        if (!pred(static_cast<unsigned char>(c))) return Owned::from_bool(false);
    }
    return Owned::from_bool(true);
}

bool ascii_lower(unsigned char c) {
    return c >= 'a' && c <= 'z';
}
bool ascii_upper(unsigned char c) {
    return c >= 'A' && c <= 'Z';
}
bool ascii_digit(unsigned char c) {
    return c >= '0' && c <= '9';
}
bool ascii_alpha(unsigned char c) {
    return ascii_lower(c) || ascii_upper(c);
}

Owned bytes_isdigit(ThreadState& ts, CallArgs args) {
    return bytes_predicate(ts, args, "isdigit", ascii_digit);
}
Owned bytes_isalpha(ThreadState& ts, CallArgs args) {
    return bytes_predicate(ts, args, "isalpha", ascii_alpha);
}
Owned bytes_isalnum(ThreadState& ts, CallArgs args) {
    return bytes_predicate(ts, args, "isalnum",
                           [](unsigned char c) { return ascii_alpha(c) || ascii_digit(c); });
}
Owned bytes_isspace(ThreadState& ts, CallArgs args) {
    return bytes_predicate(ts, args, "isspace",
                           [](unsigned char c) { return is_space(static_cast<char>(c)); });
}
Owned bytes_isascii(ThreadState& ts, CallArgs args) {
    if (!check_method_no_args(ts, args, "isascii")) return nullptr;
    for (char c : view_of(args[0])) {
        if (static_cast<unsigned char>(c) >= 0x80) return Owned::from_bool(false);
    }
    return Owned::from_bool(true);
}

// islower/isupper: at least one cased byte, and none of the other case.
Owned bytes_case_check(ThreadState& ts, CallArgs args, const char* name, bool upper) {
    if (!check_method_no_args(ts, args, name)) return nullptr;
    bool cased = false;
    for (char ch : view_of(args[0])) {
        auto c = static_cast<unsigned char>(ch);
        if (upper ? ascii_lower(c) : ascii_upper(c)) return Owned::from_bool(false);
        if (upper ? ascii_upper(c) : ascii_lower(c)) cased = true;
    }
    return Owned::from_bool(cased);
}

Owned bytes_islower(ThreadState& ts, CallArgs args) {
    return bytes_case_check(ts, args, "islower", false);
}
Owned bytes_isupper(ThreadState& ts, CallArgs args) {
    return bytes_case_check(ts, args, "isupper", true);
}

#define GILPY_BYTES_COMMON_METHODS                                                                \
    {"decode", bytes_decode}, {"hex", bytes_hex}, {"fromhex", bytes_fromhex, MethodKind::Class},  \
        {"find", bytes_find}, {"rfind", bytes_rfind}, {"index", bytes_index},                     \
        {"count", bytes_count}, {"startswith", bytes_startswith}, {"endswith", bytes_endswith},   \
        {"split", bytes_split}, {"join", bytes_join}, {"strip", bytes_strip},                     \
        {"lstrip", bytes_lstrip}, {"rstrip", bytes_rstrip}, {"replace", bytes_replace},           \
        {"upper", bytes_upper}, {"lower", bytes_lower}, {"partition", bytes_partition},           \
        {"rpartition", bytes_rpartition}, {"isdigit", bytes_isdigit}, {"isalpha", bytes_isalpha}, \
        {"isalnum", bytes_isalnum}, {"isspace", bytes_isspace}, {"isascii", bytes_isascii},       \
        {"islower", bytes_islower}, {                                                             \
        "isupper", bytes_isupper                                                                  \
    }

const MethodDef kBytesMethods[] = {
    GILPY_BYTES_COMMON_METHODS,
    {nullptr, nullptr},
};

const MethodDef kByteArrayMethods[] = {
    GILPY_BYTES_COMMON_METHODS,   {"append", bytearray_append}, {"extend", bytearray_extend},
    {"pop", bytearray_pop},       {"clear", bytearray_clear},   {"copy", bytearray_copy},
    {"insert", bytearray_insert}, {"remove", bytearray_remove}, {"reverse", bytearray_reverse},
    {nullptr, nullptr},
};
#undef GILPY_BYTES_COMMON_METHODS

constexpr NumberSlots kBytesNumber = [] {
    NumberSlots n;
    n.binary[static_cast<int>(BinaryOp::Add)] = bytes_concat;
    n.binary[static_cast<int>(BinaryOp::Mul)] = bytes_repeat;
    n.binary[static_cast<int>(BinaryOp::Mod)] = bytes_mod;
    return n;
}();

constexpr NumberSlots kByteArrayNumber = [] {
    NumberSlots n = kBytesNumber;
    n.inplace[static_cast<int>(BinaryOp::Add)] = bytearray_inplace_concat;
    n.inplace[static_cast<int>(BinaryOp::Mul)] = bytearray_inplace_repeat;
    return n;
}();

}  // namespace

constinit TypeObject kBytesType("bytes", &kObjectType, kTypeBytesSubclass,
                                {
                                    .dealloc = bytes_dealloc,
                                    .repr = bytes_repr_slot,
                                    .hash = bytes_hash,
                                    .compare = bytes_compare,
                                    .length = bytes_length,
                                    .iter = bytes_iter,
                                    .getitem = bytes_getitem,
                                    .contains = bytes_contains,
                                    .new_ = bytes_new,
                                    .number = &kBytesNumber,
                                    .methods = kBytesMethods,
                                });

constinit TypeObject kByteArrayType("bytearray", &kObjectType, 0,
                                    {
                                        .dealloc = bytearray_dealloc,
                                        .repr = bytearray_repr_slot,
                                        .compare = bytes_compare,
                                        .length = bytes_length,
                                        .iter = bytes_iter,
                                        .getitem = bytes_getitem,
                                        .setitem = bytearray_setitem,
                                        .contains = bytes_contains,
                                        .new_ = bytearray_new,
                                        .init = bytearray_init,
                                        .number = &kByteArrayNumber,
                                        .methods = kByteArrayMethods,
                                    });

}  // namespace gilpy::runtime
