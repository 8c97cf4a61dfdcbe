// _multiprocessing.RawValue and RawArray: C numbers, characters and arrays of them stored in
// shared memory, so a process and the children it forks see one another's writes. They are the
// ctypes objects CPython's multiprocessing.sharedctypes returns (c_int, c_char_Array_5, ...),
// with ctypes' conversions, wrapping, reprs and messages.
//
// Each object owns a MAP_SHARED | MAP_ANONYMOUS mapping holding its C data; the object itself
// (type, size, attribute dict) is process-private and inherited by fork. Reads and writes take
// the GIL but nothing else: between processes they are plain loads and stores, so `v.value += 1`
// races without a lock, as with ctypes.
#include <fmt/format.h>
#include <sys/mman.h>

#include <cerrno>
#include <cstring>
#include <map>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "runtime/abstract.hpp"
#include "runtime/args.hpp"
#include "runtime/exceptions.hpp"
#include "runtime/types/bytes.hpp"
#include "runtime/types/dict.hpp"
#include "runtime/types/list.hpp"
#include "runtime/types/slice.hpp"
#include "runtime/types/str.hpp"
#include "runtime/types/tuple.hpp"
#include "stdlib/mp_convert.hpp"
#include "stdlib/multiprocessing.hpp"

namespace gilpy::stdlib {

using namespace runtime;

extern TypeObject kSimpleCDataType;
extern TypeObject kCArrayType;
extern TypeObject kCCharType, kCWCharType, kCByteType, kCUByteType, kCShortType, kCUShortType,
    kCIntType, kCUIntType, kCLongType, kCULongType, kCFloatType, kCDoubleType;

namespace {

enum class Kind : uint8_t { Signed, Unsigned, Float, Char, WChar };

// One C type of sharedctypes' table. 'q' and 'Q' share c_long and c_ulong, as ctypes makes
// c_longlong an alias of c_long where both have 8 bytes.
struct CType {
    char code;  // the sharedctypes typecode
    Kind kind;
    uint8_t size;
    TypeObject* type;
    const char* format;  // ctypes' _type_
};

const CType kCTypes[] = {
    {'c', Kind::Char, 1, &kCCharType, "c"},    {'u', Kind::WChar, 4, &kCWCharType, "u"},
    {'b', Kind::Signed, 1, &kCByteType, "b"},  {'B', Kind::Unsigned, 1, &kCUByteType, "B"},
    {'h', Kind::Signed, 2, &kCShortType, "h"}, {'H', Kind::Unsigned, 2, &kCUShortType, "H"},
    {'i', Kind::Signed, 4, &kCIntType, "i"},   {'I', Kind::Unsigned, 4, &kCUIntType, "I"},
    {'l', Kind::Signed, 8, &kCLongType, "l"},  {'L', Kind::Unsigned, 8, &kCULongType, "L"},
    {'q', Kind::Signed, 8, &kCLongType, "l"},  {'Q', Kind::Unsigned, 8, &kCULongType, "L"},
    {'f', Kind::Float, 4, &kCFloatType, "f"},  {'d', Kind::Float, 8, &kCDoubleType, "d"},
};

// A value (length 1) or an array of [length] elements of [ctype], in its own shared mapping.
struct CDataObject : Object {
    const CType* ctype;
    int64_t length;
    char* data;
    size_t mapped;
    Ref<DictObject> dict;  // instance attributes, as ctypes objects have
    CDataObject(TypeObject* t, const CType* c, int64_t n) : Object(t), ctype(c), length(n) {}
};

CDataObject* cdata(Value v) {
    return v.as<CDataObject>();
}

void cdata_dealloc(Object* self) {
    auto* o = static_cast<CDataObject*>(self);
    if (o->data) munmap(o->data, o->mapped);
    delete o;
}

Ref<DictObject>* cdata_instance_dict(Object* self) {
    return &static_cast<CDataObject*>(self)->dict;
}

// A new zero-filled object of [type]; null with MemoryError raised if the mapping fails.
Ref<CDataObject> new_cdata(ThreadState& ts, TypeObject* type, const CType* c, int64_t length) {
    size_t bytes = static_cast<size_t>(length) * c->size;
    size_t mapped = bytes ? bytes : 1;
    void* p = mmap(nullptr, mapped, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) {
        raise_empty(ts, &kMemoryErrorType);
        return nullptr;
    }
    Ref<CDataObject> o = make_object<CDataObject>(type, c, length);
    o->data = static_cast<char*>(p);
    o->mapped = mapped;
    return o;
}

// ------------------------------------------------------------------ element conversions

// The low 64 bits of an integer in two's complement (ctypes' wrapping); false if raised.
bool int_bits(ThreadState& ts, Value v, uint64_t* out) {
    Owned i = index(ts, v);
    if (!i) return false;
    if (i.get().is_int()) {
        *out = static_cast<uint64_t>(i.get().as_int());
        return true;
    }
    const mpz_t& z = i.get().as<IntObject>()->value.raw();
    uint64_t low = mpz_size(z) ? static_cast<uint64_t>(mpz_getlimbn(z, 0)) : 0;
    *out = mpz_sgn(z) < 0 ? ~low + 1 : low;
    return true;
}

// The code point of a one-character str for c_wchar; false if raised.
bool wchar_code(ThreadState& ts, Value v, uint32_t* out) {
    if (!is_str(v)) {
        raisef(ts, &kTypeErrorType, "unicode string expected instead of {} instance", type_name(v));
        return false;
    }
    StrObject* s = v.as<StrObject>();
    if (s->length != 1) {
        raise(ts, &kTypeErrorType, "one character unicode string expected");
        return false;
    }
    int64_t pos = 0;
    *out = utf8_decode(s->view(), &pos);
    return true;
}

// The byte for c_char: a bytes or bytearray of length 1, or an int in range(256).
bool char_code(ThreadState& ts, Value v, uint8_t* out) {
    std::string_view b;
    if (bytes_like_view(v, &b) && b.size() == 1) {
        *out = static_cast<uint8_t>(b[0]);
        return true;
    }
    int64_t i;
    if (is_int(v) && int_to_int64(v, &i) && i >= 0 && i < 256) {
        *out = static_cast<uint8_t>(i);
        return true;
    }
    raise(ts, &kTypeErrorType, "one character bytes, bytearray or integer expected");
    return false;
}

// Converts [v] to [c] and writes it at [p]; nothing is written if it raises.
bool store(ThreadState& ts, const CType* c, char* p, Value v) {
    switch (c->kind) {
        case Kind::Signed:
        case Kind::Unsigned: {
            uint64_t bits;
            if (!int_bits(ts, v, &bits)) return false;
            uint8_t b1 = static_cast<uint8_t>(bits);
            uint16_t b2 = static_cast<uint16_t>(bits);
            uint32_t b4 = static_cast<uint32_t>(bits);
            switch (c->size) {
                case 1:
                    std::memcpy(p, &b1, 1);
                    break;
                case 2:
                    std::memcpy(p, &b2, 2);
                    break;
                case 4:
                    std::memcpy(p, &b4, 4);
                    break;
                default:
                    std::memcpy(p, &bits, 8);
                    break;
            }
            return true;
        }
        case Kind::Float: {
            double d;
            if (!real_arg(ts, v, &d)) return false;
            if (c->size == 4) {
                float f = static_cast<float>(d);
                std::memcpy(p, &f, 4);
            } else {
                std::memcpy(p, &d, 8);
            }
            return true;
        }
        case Kind::Char: {
            uint8_t b;
            if (!char_code(ts, v, &b)) return false;
            *p = static_cast<char>(b);
            return true;
        }
        case Kind::WChar: {
            uint32_t cp;
            if (!wchar_code(ts, v, &cp)) return false;
            std::memcpy(p, &cp, 4);
            return true;
        }
    }
    return false;
}

Owned wchar_str(ThreadState& ts, uint32_t cp) {
    if (cp > 0x10FFFF) {
        return raisef(ts, &kValueErrorType, "character U+{:x} is not in range [U+0000; U+10ffff]",
                      cp);
    }
    return str_from_code_point(cp);
}

// The Python value of the element of [c] at [p].
Owned load(ThreadState& ts, const CType* c, const char* p) {
    switch (c->kind) {
        case Kind::Signed: {
            int64_t i = 0;
            switch (c->size) {
                case 1: {
                    int8_t x;
                    std::memcpy(&x, p, 1);
                    i = x;
                    break;
                }
                case 2: {
                    int16_t x;
                    std::memcpy(&x, p, 2);
                    i = x;
                    break;
                }
                case 4: {
                    int32_t x;
                    std::memcpy(&x, p, 4);
                    i = x;
                    break;
                }
                default:
                    std::memcpy(&i, p, 8);
                    break;
            }
            return Owned::steal(Value::from_int(i));
        }
        case Kind::Unsigned: {
            uint64_t u = 0;
            switch (c->size) {
                case 1: {
                    uint8_t x;
                    std::memcpy(&x, p, 1);
                    u = x;
                    break;
                }
                case 2: {
                    uint16_t x;
                    std::memcpy(&x, p, 2);
                    u = x;
                    break;
                }
                case 4: {
                    uint32_t x;
                    std::memcpy(&x, p, 4);
                    u = x;
                    break;
                }
                default:
                    std::memcpy(&u, p, 8);
                    break;
            }
            if (u <= static_cast<uint64_t>(INT64_MAX)) {
                return Owned::steal(Value::from_int(static_cast<int64_t>(u)));
            }
            BigInt big;
            mpz_set_ui(big.raw(), u);
            return int_from_bigint(std::move(big));
        }
        case Kind::Float: {
            if (c->size == 4) {
                float f;
                std::memcpy(&f, p, 4);
                return Owned::from_float(f);
            }
            double d;
            std::memcpy(&d, p, 8);
            return Owned::from_float(d);
        }
        case Kind::Char:
            return new_bytes(std::string_view(p, 1));
        case Kind::WChar: {
            uint32_t cp;
            std::memcpy(&cp, p, 4);
            return wchar_str(ts, cp);
        }
    }
    return nullptr;
}

int no_delete(ThreadState& ts) {
    raise(ts, &kTypeErrorType, "can't delete attribute");
    return -1;
}

// ------------------------------------------------------------------ simple values

Owned value_get(ThreadState& ts, Value self) {
    CDataObject* o = cdata(self);
    return load(ts, o->ctype, o->data);
}

int value_set(ThreadState& ts, Value self, Value v) {
    if (v.is_null()) return no_delete(ts);
    CDataObject* o = cdata(self);
    return store(ts, o->ctype, o->data, v) ? 0 : -1;
}

// __init__(value=0), which RawValue runs.
int value_init(ThreadState& ts, Value self, CallArgs args) {
    if (!check_no_keywords(ts, args, "__init__()")) return -1;
    if (args.nargs > 1) {
        raisef(ts, &kTypeErrorType, "__init__ expected at most 1 argument, got {}", args.nargs);
        return -1;
    }
    if (args.nargs == 0) return 0;
    CDataObject* o = cdata(self);
    return store(ts, o->ctype, o->data, args[0]) ? 0 : -1;
}

Owned value_repr(ThreadState& ts, Value self) {
    Owned v = value_get(ts, self);
    if (!v) return nullptr;
    Owned r = repr(ts, v.get());
    if (!r) return nullptr;
    return new_str(fmt::format("{}({})", type_name(self), r.get().as<StrObject>()->view()));
}

// ctypes' truth: any non-zero byte (so c_double(-0.0) is true).
int value_truth(ThreadState&, Value self) {
    CDataObject* o = cdata(self);
    size_t bytes = static_cast<size_t>(o->length) * o->ctype->size;
    for (size_t i = 0; i < bytes; ++i) {
        if (o->data[i]) return 1;
    }
    return 0;
}

int64_t cdata_hash(ThreadState& ts, Value) {
    raise(ts, &kTypeErrorType, "unhashable type");
    return -1;
}

// ------------------------------------------------------------------ arrays

int64_t array_length(ThreadState&, Value self) {
    return cdata(self)->length;
}

// An index argument as ctypes reads it; 1 an index, 0 not an index (nothing raised), -1 raised.
int array_index(ThreadState& ts, Value key, int64_t* out) {
    if (!is_int(key)) {
        const NumberSlots* n = type_of(key)->number;
        if (!n || !n->index) return 0;
    }
    Owned i = index(ts, key);
    if (!i) return -1;
    if (!int_to_int64(i.get(), out)) {
        raise(ts, &kIndexErrorType, "cannot fit 'int' into an index-sized integer");
        return -1;
    }
    return 1;
}

// The slice [start:...:step] of [count] elements: bytes for c_char, str for c_wchar, else a list.
Owned array_slice(ThreadState& ts, CDataObject* o, int64_t start, int64_t step, int64_t count) {
    const CType* c = o->ctype;
    if (c->kind == Kind::Char) {
        std::string out;
        for (int64_t i = 0, j = start; i < count; ++i, j += step)
            out += o->data[j];
        return new_bytes(out);
    }
    if (c->kind == Kind::WChar) {
        std::string out;
        for (int64_t i = 0, j = start; i < count; ++i, j += step) {
            uint32_t cp;
            std::memcpy(&cp, o->data + j * 4, 4);
            if (cp > 0x10FFFF) return wchar_str(ts, cp);
            utf8_append(out, cp);
        }
        return new_str(out);
    }
    Ref<ListObject> list = new_list(0);
    for (int64_t i = 0, j = start; i < count; ++i, j += step) {
        Owned item = load(ts, c, o->data + j * c->size);
        if (!item) return nullptr;
        list_append_owned(list.get(), std::move(item));
    }
    return list;
}

Owned array_getitem(ThreadState& ts, Value self, Value key) {
    CDataObject* o = cdata(self);
    int64_t i;
    int r = array_index(ts, key, &i);
    if (r < 0) return nullptr;
    if (r > 0) {
        if (!normalize_index(&i, o->length)) return raise(ts, &kIndexErrorType, "invalid index");
        return load(ts, o->ctype, o->data + i * o->ctype->size);
    }
    if (is_slice(key)) {
        int64_t start, stop, step, count;
        if (!slice_indices(ts, key.as<SliceObject>(), o->length, &start, &stop, &step, &count)) {
            return nullptr;
        }
        return array_slice(ts, o, start, step, count);
    }
    return raise(ts, &kTypeErrorType, "indices must be integers");
}

// a[slice] = seq: the same number of items, converted and written one by one (ctypes stops at
// the first bad item, keeping the earlier ones).
int array_set_slice(ThreadState& ts, CDataObject* o, SliceObject* slice, Value v) {
    int64_t start, stop, step, count;
    if (!slice_indices(ts, slice, o->length, &start, &stop, &step, &count)) return -1;
    int64_t other = length(ts, v);
    if (other < 0) clear_exception(ts);
    if (other != count) {
        raise(ts, &kValueErrorType, "Can only assign sequence of same size");
        return -1;
    }
    for (int64_t i = 0, j = start; i < count; ++i, j += step) {
        Owned item = get_item(ts, v, Value::from_int(i));
        if (!item || !store(ts, o->ctype, o->data + j * o->ctype->size, item.get())) return -1;
    }
    return 0;
}

int array_setitem(ThreadState& ts, Value self, Value key, Value v) {
    if (v.is_null()) {
        raise(ts, &kTypeErrorType, "Array does not support item deletion");
        return -1;
    }
    CDataObject* o = cdata(self);
    int64_t i;
    int r = array_index(ts, key, &i);
    if (r < 0) return -1;
    if (r > 0) {
        if (!normalize_index(&i, o->length)) {
            raise(ts, &kIndexErrorType, "invalid index");
            return -1;
        }
        return store(ts, o->ctype, o->data + i * o->ctype->size, v) ? 0 : -1;
    }
    if (is_slice(key)) return array_set_slice(ts, o, key.as<SliceObject>(), v);
    raise(ts, &kTypeErrorType, "indices must be integer");
    return -1;
}

// __init__(*items): the first elements, in order.
int array_init(ThreadState& ts, Value self, CallArgs args) {
    if (!check_no_keywords(ts, args, "__init__()")) return -1;
    CDataObject* o = cdata(self);
    for (size_t i = 0; i < args.nargs; ++i) {
        if (static_cast<int64_t>(i) >= o->length) {
            raise(ts, &kIndexErrorType, "invalid index");
            return -1;
        }
        if (!store(ts, o->ctype, o->data + i * o->ctype->size, args[i])) return -1;
    }
    return 0;
}

// c_char arrays: .value is the bytes up to the first NUL, .raw all of them.
Owned char_array_value(ThreadState&, Value self) {
    CDataObject* o = cdata(self);
    return new_bytes(std::string_view(o->data, strnlen(o->data, o->length)));
}

int char_array_set_value(ThreadState& ts, Value self, Value v) {
    if (v.is_null()) return no_delete(ts);
    if (!is_bytes(v)) {
        raisef(ts, &kTypeErrorType, "bytes expected instead of {} instance", type_name(v));
        return -1;
    }
    CDataObject* o = cdata(self);
    std::string_view b = v.as<BytesObject>()->view();
    if (static_cast<int64_t>(b.size()) > o->length) {
        raise(ts, &kValueErrorType, "byte string too long");
        return -1;
    }
    std::memcpy(o->data, b.data(), b.size());
    if (static_cast<int64_t>(b.size()) < o->length) o->data[b.size()] = 0;
    return 0;
}

Owned char_array_raw(ThreadState&, Value self) {
    CDataObject* o = cdata(self);
    return new_bytes(std::string_view(o->data, o->length));
}

int char_array_set_raw(ThreadState& ts, Value self, Value v) {
    if (v.is_null()) return no_delete(ts);
    std::string_view b;
    if (!bytes_like_view(v, &b)) {
        raisef(ts, &kTypeErrorType, "a bytes-like object is required, not '{}'", type_name(v));
        return -1;
    }
    CDataObject* o = cdata(self);
    if (static_cast<int64_t>(b.size()) > o->length) {
        raise(ts, &kValueErrorType, "byte string too long");
        return -1;
    }
    std::memcpy(o->data, b.data(), b.size());
    return 0;
}

// c_wchar arrays: .value is the str up to the first NUL.
Owned wchar_array_value(ThreadState& ts, Value self) {
    CDataObject* o = cdata(self);
    std::string out;
    for (int64_t i = 0; i < o->length; ++i) {
        uint32_t cp;
        std::memcpy(&cp, o->data + i * 4, 4);
        if (cp == 0) break;
        if (cp > 0x10FFFF) return wchar_str(ts, cp);
        utf8_append(out, cp);
    }
    return new_str(out);
}

int wchar_array_set_value(ThreadState& ts, Value self, Value v) {
    if (v.is_null()) return no_delete(ts);
    if (!is_str(v)) {
        raisef(ts, &kTypeErrorType, "unicode string expected instead of {} instance", type_name(v));
        return -1;
    }
    CDataObject* o = cdata(self);
    StrObject* s = v.as<StrObject>();
    if (s->length > o->length) {
        raise(ts, &kValueErrorType, "string too long");
        return -1;
    }
    std::string_view text = s->view();
    int64_t pos = 0, i = 0;
    while (pos < static_cast<int64_t>(text.size())) {
        uint32_t cp = utf8_decode(text, &pos);
        std::memcpy(o->data + 4 * i++, &cp, 4);
    }
    if (i < o->length) std::memset(o->data + 4 * i, 0, 4);
    return 0;
}

const GetSetDef kCharArrayGetSet[] = {
    {"value", char_array_value, char_array_set_value},
    {"raw", char_array_raw, char_array_set_raw},
    {nullptr, nullptr},
};

const GetSetDef kWCharArrayGetSet[] = {
    {"value", wchar_array_value, wchar_array_set_value},
    {nullptr, nullptr},
};

// Adds the class attribute [name] to a static type's dict (while readying it, once).
void set_class_attr(TypeObject* t, const char* name, Value v) {
    Ref<StrObject> key = new_str(name);
    make_immortal(key.get());
    dict_set_str(t->dict, key.get(), v);
}

// The array type of [length] elements of [c] (c_int_Array_3), made once per process and kept,
// as ctypes caches `c_int * 3`.
TypeObject* array_type(const CType* c, int64_t length) {
    static std::mutex mutex;
    // Never destroyed, so the types stay reachable (and valid) until the process ends.
    static auto* cache = new std::map<std::pair<TypeObject*, int64_t>, TypeObject*>;
    std::lock_guard<std::mutex> lock(mutex);
    TypeObject*& t = (*cache)[{c->type, length}];
    if (t) return t;
    std::string name = fmt::format("{}_Array_{}", c->type->name, length);
    char* stored = new char[name.size() + 1];
    std::memcpy(stored, name.c_str(), name.size() + 1);
    TypeSlots slots;
    slots.dealloc = cdata_dealloc;  // not inherited
    if (c->kind == Kind::Char) slots.getset = kCharArrayGetSet;
    if (c->kind == Kind::WChar) slots.getset = kWCharArrayGetSet;
    t = new TypeObject(stored, &kCArrayType, kTypeHasInstanceDict, slots);
    ready_static_type(t, "multiprocessing.sharedctypes");
    set_class_attr(t, "_length_", Value::from_int(length));
    set_class_attr(t, "_type_", Value::from_object(c->type));
    return t;
}

// ------------------------------------------------------------------ RawValue and RawArray

// The C type a typecode (or one of the value types) names; TypeError as ctypes.sizeof when none.
const CType* lookup_ctype(ThreadState& ts, Value typecode) {
    for (const CType& c : kCTypes) {
        if (is_str(typecode) ? str_equals(typecode.as<StrObject>(), std::string_view(&c.code, 1))
                             : typecode.is_object() && typecode.as_object() == c.type) {
            return &c;
        }
    }
    raise(ts, &kTypeErrorType, "this type has no size");
    return nullptr;
}

// Python-function style messages for RawValue(typecode_or_type, *args), which takes no keywords.
Owned mp_raw_value(ThreadState& ts, CallArgs args) {
    Value typecode = args.nargs ? args[0] : Value::null();
    for (size_t i = 0, n = args.keyword_count(); i < n; ++i) {
        std::string_view name = args.kwnames->items[i].as<StrObject>()->view();
        if (name != "typecode_or_type") {
            return raisef(ts, &kTypeErrorType, "RawValue() got an unexpected keyword argument '{}'",
                          name);
        }
        if (!typecode.is_null()) {
            return raise(ts, &kTypeErrorType,
                         "RawValue() got multiple values for argument 'typecode_or_type'");
        }
        typecode = args.keyword_value(i);
    }
    if (typecode.is_null()) {
        return raise(ts, &kTypeErrorType,
                     "RawValue() missing 1 required positional argument: 'typecode_or_type'");
    }
    const CType* c = lookup_ctype(ts, typecode);
    if (!c) return nullptr;
    Ref<CDataObject> o = new_cdata(ts, c->type, c, 1);
    if (!o) return nullptr;
    CallArgs rest{args.args + 1, args.nargs ? args.nargs - 1 : 0, nullptr};
    if (value_init(ts, Value::from_object(o.get()), rest) < 0) return nullptr;
    return o;
}

// RawArray(typecode, size): zeros.
Owned raw_array_of_size(ThreadState& ts, Value typecode, Value size) {
    int64_t n;
    if (!int_to_int64(size, &n)) {
        return raise(ts, &kOverflowErrorType, "cannot fit 'int' into an index-sized integer");
    }
    const CType* c = lookup_ctype(ts, typecode);
    if (!c) return nullptr;
    if (n < 0) return raisef(ts, &kValueErrorType, "Array length must be >= 0, not {}", n);
    if (n > INT64_MAX / c->size) return raise(ts, &kOverflowErrorType, "array too large");
    return new_cdata(ts, array_type(c, n), c, n);
}

// RawArray(typecode, sequence): as long as the sequence, holding its items.
Owned raw_array_of_items(ThreadState& ts, Value typecode, Value init) {
    int64_t n = length(ts, init);
    if (n < 0) return nullptr;
    const CType* c = lookup_ctype(ts, typecode);
    if (!c) return nullptr;
    std::vector<Owned> items;
    Owned it = get_iter(ts, init);
    if (!it) return nullptr;
    while (Owned item = iter_next(ts, it.get()))
        items.push_back(std::move(item));
    if (ts.has_exception()) return nullptr;
    Ref<CDataObject> o = new_cdata(ts, array_type(c, n), c, n);
    if (!o) return nullptr;
    for (size_t i = 0; i < items.size(); ++i) {
        if (static_cast<int64_t>(i) >= n) return raise(ts, &kIndexErrorType, "invalid index");
        if (!store(ts, c, o->data + i * c->size, items[i].get())) return nullptr;
    }
    return o;
}

Owned mp_raw_array(ThreadState& ts, CallArgs args) {
    Value v[2];
    if (args.kwnames && args.keyword_count() > 0) {
        static const char* const names[] = {"typecode_or_type", "size_or_initializer"};
        if (!parse_args(ts, args, "RawArray", names, 2, v)) return nullptr;
    } else if (args.nargs != 2) {
        if (args.nargs > 2) {
            return raisef(ts, &kTypeErrorType,
                          "RawArray() takes 2 positional arguments but {} were given", args.nargs);
        }
        return raise(ts, &kTypeErrorType,
                     args.nargs == 1 ? "RawArray() missing 1 required positional argument: "
                                       "'size_or_initializer'"
                                     : "RawArray() missing 2 required positional arguments: "
                                       "'typecode_or_type' and 'size_or_initializer'");
    } else {
        v[0] = args[0];
        v[1] = args[1];
    }
    if (is_int(v[1])) return raw_array_of_size(ts, v[0], v[1]);
    return raw_array_of_items(ts, v[0], v[1]);
}

const MethodDef kSharedMemoryFunctions[] = {
    {"RawValue", mp_raw_value},
    {"RawArray", mp_raw_array},
    {nullptr, nullptr},
};

const GetSetDef kValueGetSet[] = {
    {"value", value_get, value_set},
    {nullptr, nullptr},
};

void ready_types() {
    static std::once_flag once;
    std::call_once(once, [] {
        ready_static_type(&kSimpleCDataType, "_ctypes");
        ready_static_type(&kCArrayType, "_ctypes");
        for (const CType& c : kCTypes) {
            if (c.type->mro) continue;  // 'q' and 'Q' reuse c_long and c_ulong
            ready_static_type(c.type, "ctypes");
            Ref<StrObject> format = new_str(c.format);
            make_immortal(format.get());
            set_class_attr(c.type, "_type_", Value::from_object(format.get()));
        }
    });
}

}  // namespace

// Each value type carries its own dealloc, which types do not inherit.
#define GILPY_CTYPE(cname, pyname)                                              \
    constinit TypeObject cname(pyname, &kSimpleCDataType, kTypeHasInstanceDict, \
                               {.dealloc = cdata_dealloc})
GILPY_CTYPE(kCCharType, "c_char");
GILPY_CTYPE(kCWCharType, "c_wchar");
GILPY_CTYPE(kCByteType, "c_byte");
GILPY_CTYPE(kCUByteType, "c_ubyte");
GILPY_CTYPE(kCShortType, "c_short");
GILPY_CTYPE(kCUShortType, "c_ushort");
GILPY_CTYPE(kCIntType, "c_int");
GILPY_CTYPE(kCUIntType, "c_uint");
GILPY_CTYPE(kCLongType, "c_long");
GILPY_CTYPE(kCULongType, "c_ulong");
GILPY_CTYPE(kCFloatType, "c_float");
GILPY_CTYPE(kCDoubleType, "c_double");
#undef GILPY_CTYPE

// The bases, as ctypes': every value type derives from _SimpleCData, every array type from Array.
constinit TypeObject kSimpleCDataType("_SimpleCData", &kObjectType, kTypeHasInstanceDict,
                                      {
                                          .dealloc = cdata_dealloc,
                                          .repr = value_repr,
                                          .hash = cdata_hash,
                                          .truth = value_truth,
                                          .init = value_init,
                                          .getset = kValueGetSet,
                                          .instance_dict = cdata_instance_dict,
                                      });

constinit TypeObject kCArrayType("Array", &kObjectType, kTypeHasInstanceDict,
                                 {
                                     .dealloc = cdata_dealloc,
                                     .hash = cdata_hash,
                                     .length = array_length,
                                     .getitem = array_getitem,
                                     .setitem = array_setitem,
                                     .init = array_init,
                                     .instance_dict = cdata_instance_dict,
                                 });

bool add_shared_memory(ThreadState& ts, ModuleObject* module) {
    ready_types();
    module_add_functions(ts, module, kSharedMemoryFunctions);
    module_set(ts, module, "_SimpleCData", Value::from_object(&kSimpleCDataType));
    module_set(ts, module, "_Array", Value::from_object(&kCArrayType));
    for (const CType& c : kCTypes) {
        if (c.code != 'q' && c.code != 'Q') {
            module_set(ts, module, c.type->name, Value::from_object(c.type));
        }
    }
    return true;
}

}  // namespace gilpy::stdlib
