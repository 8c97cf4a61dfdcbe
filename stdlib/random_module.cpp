// The random module: CPython 3.11's Mersenne Twister (MT19937) generator and the distributions
// of Lib/random.py, reproducing CPython's sequences exactly for the same seed. The generator
// state lives in one Random object per interpreter (the module functions are bound to it, like
// CPython's random._inst), never in a C++ static.
#include <openssl/evp.h>
#include <sys/random.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_set>
#include <vector>

#include "runtime/abstract.hpp"
#include "runtime/args.hpp"
#include "runtime/exceptions.hpp"
#include "runtime/interpreter_state.hpp"
#include "runtime/types/bytes.hpp"
#include "runtime/types/dict.hpp"
#include "runtime/types/float.hpp"
#include "runtime/types/function.hpp"
#include "runtime/types/int.hpp"
#include "runtime/types/list.hpp"
#include "runtime/types/module.hpp"
#include "runtime/types/range.hpp"
#include "runtime/types/str.hpp"
#include "runtime/types/tuple.hpp"
#include "stdlib/registry.hpp"

namespace gilpy::stdlib {

using namespace runtime;

namespace {

// ------------------------------------------------------------------ the generator

constexpr int kStateWords = 624;  // MT19937's N
constexpr int kShift = 397;       // MT19937's M

extern TypeObject kRandomType;

struct RandomObject : Object {
    uint32_t mt[kStateWords];
    int index = kStateWords + 1;  // next word to hand out; > N: not seeded
    Owned gauss_next;             // the second normal deviate of gauss(), or None
    RandomObject() : Object(&kRandomType), gauss_next(Owned::none()) {}
};

void random_dealloc(Object* self) {
    delete static_cast<RandomObject*>(self);
}

// The next 32-bit output (regenerating the 624 words when they are used up).
uint32_t next_word(RandomObject* r) {
    constexpr uint32_t kMatrixA = 0x9908b0dfu, kUpper = 0x80000000u, kLower = 0x7fffffffu;
    uint32_t* mt = r->mt;
    if (r->index >= kStateWords) {
        auto twist = [&](int i, int next, int far) {
            uint32_t y = (mt[i] & kUpper) | (mt[next] & kLower);
            mt[i] = mt[far] ^ (y >> 1) ^ ((y & 1u) ? kMatrixA : 0u);
        };
        int i = 0;
        for (; i < kStateWords - kShift; ++i)
            twist(i, i + 1, i + kShift);
        for (; i < kStateWords - 1; ++i)
            twist(i, i + 1, i + kShift - kStateWords);
        twist(kStateWords - 1, 0, kShift - 1);
        r->index = 0;
    }
    uint32_t y = mt[r->index++];
    y ^= y >> 11;
    y ^= (y << 7) & 0x9d2c5680u;
    y ^= (y << 15) & 0xefc60000u;
    y ^= y >> 18;
    return y;
}

void init_genrand(RandomObject* r, uint32_t s) {
    r->mt[0] = s;
    for (int i = 1; i < kStateWords; ++i) {
        r->mt[i] = 1812433253u * (r->mt[i - 1] ^ (r->mt[i - 1] >> 30)) + static_cast<uint32_t>(i);
    }
    r->index = kStateWords;
}

// MT19937's init_by_array: the state from a key of 32-bit words (least significant first).
void init_by_array(RandomObject* r, const std::vector<uint32_t>& key) {
    init_genrand(r, 19650218u);
    uint32_t* mt = r->mt;
    size_t i = 1, j = 0;
    const size_t n = kStateWords, len = key.size();
    for (size_t k = std::max(n, len); k; --k) {
        mt[i] = (mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >> 30)) * 1664525u)) + key[j] +
                static_cast<uint32_t>(j);
        if (++i >= n) {
            mt[0] = mt[n - 1];
            i = 1;
        }
        if (++j >= len) j = 0;
    }
    for (size_t k = n - 1; k; --k) {
        mt[i] =
            (mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >> 30)) * 1566083941u)) - static_cast<uint32_t>(i);
        if (++i >= n) {
            mt[0] = mt[n - 1];
            i = 1;
        }
    }
    mt[0] = 0x80000000u;  // a non-zero initial state is assured
    r->index = kStateWords;
}

// random(): 53 bits from two outputs (27 + 26), as CPython's genrand_res53.
double next_double(RandomObject* r) {
    uint32_t a = next_word(r) >> 5, b = next_word(r) >> 6;
    return (a * 67108864.0 + b) * (1.0 / 9007199254740992.0);
}

// getrandbits(k) for 0 < k <= 64: the first output fills the low 32 bits.
uint64_t bits64(RandomObject* r, int k) {
    if (k <= 32) return next_word(r) >> (32 - k);
    uint64_t low = next_word(r);
    uint64_t high = next_word(r) >> (64 - k);
    return low | (high << 32);
}

// getrandbits(k) for any k >= 0 as a BigInt: words least significant first, the last one
// trimmed to the bits that remain.
BigInt bits_big(RandomObject* r, int64_t k) {
    std::vector<uint32_t> words(static_cast<size_t>((k + 31) / 32));
    for (uint32_t& w : words) {
        uint32_t x = next_word(r);
        if (k < 32) x >>= (32 - k);
        w = x;
        k -= 32;
    }
    BigInt out;
    if (!words.empty()) mpz_import(out.raw(), words.size(), -1, 4, 0, 0, words.data());
    return out;
}

// A uniform int in [0, n) for n > 0 (CPython's _randbelow_with_getrandbits).
uint64_t below64(RandomObject* r, uint64_t n) {
    int k = 64 - __builtin_clzll(n);
    uint64_t x = bits64(r, k);
    while (x >= n)
        x = bits64(r, k);
    return x;
}

BigInt below_big(RandomObject* r, const BigInt& n) {
    int64_t k = n.bit_length();
    BigInt x = bits_big(r, k);
    while (x.compare(n) >= 0)
        x = bits_big(r, k);
    return x;
}

// _randbelow of a positive Python int.
Owned below_value(RandomObject* r, Value n) {
    int64_t small;
    if (int_to_int64(n, &small)) {
        return Owned::steal(Value::from_int(static_cast<int64_t>(below64(r, small))));
    }
    return int_from_bigint(below_big(r, int_to_bigint(n)));
}

// The 32-bit words of a non-negative BigInt, least significant first (at least one word).
std::vector<uint32_t> words_of(const BigInt& v) {
    size_t count = (mpz_sizeinbase(v.raw(), 2) + 31) / 32;
    std::vector<uint32_t> words(std::max<size_t>(count, 1), 0);
    size_t written = 0;
    if (v.sign() != 0) mpz_export(words.data(), &written, -1, 4, 0, 0, v.raw());
    return words;
}

std::vector<uint32_t> words_of(uint64_t v) {
    if (v >> 32) return {static_cast<uint32_t>(v), static_cast<uint32_t>(v >> 32)};
    return {static_cast<uint32_t>(v)};
}

// seed(None): 624 words from the OS, or the time and pid if that fails (as CPython).
void seed_from_os(RandomObject* r) {
    std::vector<uint32_t> key(kStateWords);
    size_t want = key.size() * sizeof(uint32_t), got = 0;
    auto* bytes = reinterpret_cast<char*>(key.data());
    while (got < want) {
        ssize_t n = getrandom(bytes + got, want - got, 0);
        if (n <= 0) {
            if (n < 0 && errno == EINTR) continue;
            break;
        }
        got += static_cast<size_t>(n);
    }
    if (got < want) {
        auto now = std::chrono::system_clock::now().time_since_epoch();
        auto mono = std::chrono::steady_clock::now().time_since_epoch();
        uint64_t ns = std::chrono::duration_cast<std::chrono::nanoseconds>(now).count();
        uint64_t mns = std::chrono::duration_cast<std::chrono::nanoseconds>(mono).count();
        key = {static_cast<uint32_t>(ns), static_cast<uint32_t>(ns >> 32),
               static_cast<uint32_t>(getpid()), static_cast<uint32_t>(mns),
               static_cast<uint32_t>(mns >> 32)};
    }
    init_by_array(r, key);
}

// ------------------------------------------------------------------ argument helpers

RandomObject* self_of(CallArgs args) {
    return args[0].as<RandomObject>();
}

// Matches the arguments (self dropped) of a method that Lib/random.py defines in Python, with
// the messages of a Python function ("Random.randint() missing 1 required positional argument:
// 'b'"). The first [positional] of [names] may be passed by position, the rest only by keyword;
// the first [required] are required. out[i] is null when omitted.
bool py_args(ThreadState& ts, CallArgs args, const char* qualname, const char* const* names,
             int count, int positional, int required, Value* out) {
    for (int i = 0; i < count; ++i)
        out[i] = Value::null();
    size_t given = args.nargs;
    if (given > static_cast<size_t>(positional)) {
        if (required == positional) {
            raisef(ts, &kTypeErrorType, "{}() takes {} positional argument{} but {} were given",
                   qualname, positional + 1, positional == 0 ? "" : "s", given + 1);
        } else {
            raisef(ts, &kTypeErrorType,
                   "{}() takes from {} to {} positional arguments but {} were given", qualname,
                   required + 1, positional + 1, given + 1);
        }
        return false;
    }
    for (size_t i = 0; i < given; ++i)
        out[i] = args[i];
    size_t kwcount = args.keyword_count();
    for (size_t i = 0; i < kwcount; ++i) {
        std::string_view key = args.kwnames->items[i].as<StrObject>()->view();
        int found = -1;
        for (int j = 0; j < count; ++j) {
            if (key == names[j]) found = j;
        }
        if (found < 0) {
            raisef(ts, &kTypeErrorType, "{}() got an unexpected keyword argument '{}'", qualname,
                   key);
            return false;
        }
        if (!out[found].is_null()) {
            raisef(ts, &kTypeErrorType, "{}() got multiple values for argument '{}'", qualname,
                   key);
            return false;
        }
        out[found] = args.keyword_value(i);
    }
    std::vector<const char*> missing;
    for (int i = 0; i < required; ++i) {
        if (out[i].is_null()) missing.push_back(names[i]);
    }
    if (!missing.empty()) {
        std::string list;
        for (size_t i = 0; i < missing.size(); ++i) {
            if (i > 0)
                list += missing.size() == 2 ? " and " : (i + 1 == missing.size() ? ", and " : ", ");
            list += fmt::format("'{}'", missing[i]);
        }
        raisef(ts, &kTypeErrorType, "{}() missing {} required positional argument{}: {}", qualname,
               missing.size(), missing.size() == 1 ? "" : "s", list);
        return false;
    }
    return true;
}

template <size_t N>
bool py_args(ThreadState& ts, CallArgs args, const char* qualname, const char* const (&names)[N],
             int positional, int required, Value (&out)[N]) {
    return py_args(ts, drop_self(args), qualname, names, static_cast<int>(N), positional, required,
                   out);
}

// The value of an optional argument, or [fallback] when it was omitted.
Value or_default(Value v, Value fallback) {
    return v.is_null() ? fallback : v;
}

// A float argument as math functions take it (math.sqrt(x), math.log(x)).
bool to_real(ThreadState& ts, Value v, double* out) {
    if (v.is_float()) {
        *out = v.as_float();
        return true;
    }
    if (is_int(v)) return int_to_double(ts, v, out);
    Owned f = float_from_value(ts, v);
    if (!f) {
        if (exception_matches(ts, &kTypeErrorType) || exception_matches(ts, &kValueErrorType)) {
            clear_exception(ts);
            raisef(ts, &kTypeErrorType, "must be real number, not {}", type_name(v));
        }
        return false;
    }
    *out = f.get().as_float();
    return true;
}

Owned op(ThreadState& ts, Value a, Value b, BinaryOp o) {
    return binary_op(ts, a, b, o);
}
Value flt(double d) {
    return Value::from_float(d);
}

// ------------------------------------------------------------------ core methods

Owned random_random(ThreadState& ts, CallArgs args) {
    if (!check_no_args(ts, drop_self(args), "Random.random()")) return nullptr;
    return Owned::from_float(next_double(self_of(args)));
}

Owned random_getrandbits(ThreadState& ts, CallArgs args) {
    if (!check_one_arg(ts, drop_self(args), "Random.getrandbits()")) return nullptr;
    int64_t k;
    if (!index_int64(ts, args[1], &k)) {
        if (exception_matches(ts, &kOverflowErrorType)) {
            clear_exception(ts);
            return raise(ts, &kOverflowErrorType, "Python int too large to convert to C int");
        }
        return nullptr;
    }
    if (k > INT32_MAX || k < INT32_MIN) {
        return raise(ts, &kOverflowErrorType, "Python int too large to convert to C int");
    }
    if (k < 0) return raise(ts, &kValueErrorType, "number of bits must be non-negative");
    RandomObject* r = self_of(args);
    if (k == 0) return Owned::steal(Value::from_int(0));
    if (k <= 63) return Owned::steal(Value::from_int(static_cast<int64_t>(bits64(r, k))));
    return int_from_bigint(bits_big(r, k));
}

// Seeds from an int, float or any hashable object (CPython's C-level seed): an exact int by
// its absolute value, anything else by its hash taken as an unsigned 64-bit number.
bool seed_with(ThreadState& ts, RandomObject* r, Value a) {
    if (a.is_none()) {
        seed_from_os(r);
        return true;
    }
    if (is_exact_int(a)) {
        int64_t small;
        if (int_to_int64(a, &small)) {
            uint64_t mag = small < 0 ? 0 - static_cast<uint64_t>(small) : small;
            init_by_array(r, words_of(mag));
        } else {
            init_by_array(r, words_of(int_to_bigint(a).abs()));
        }
        return true;
    }
    int64_t h = hash(ts, a);
    if (h == -1 && ts.has_exception()) return false;
    init_by_array(r, words_of(static_cast<uint64_t>(h)));
    return true;
}

// The int that version 2 seeding makes of str/bytes data: the data followed by its SHA-512
// digest, read as one big-endian number.
bool sha512_seed(ThreadState& ts, std::string_view data, BigInt* out) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int digest_len = 0;
    if (!EVP_Digest(data.data(), data.size(), digest, &digest_len, EVP_sha512(), nullptr)) {
        raise(ts, &kValueErrorType, "sha512 is not available");
        return false;
    }
    std::string all(data);
    all.append(reinterpret_cast<const char*>(digest), digest_len);
    mpz_import(out->raw(), all.size(), 1, 1, 0, 0, all.data());
    return true;
}

Owned random_seed(ThreadState& ts, CallArgs args) {
    static const char* const kNames[] = {"a", "version"};
    Value v[2];
    if (!py_args(ts, args, "Random.seed", kNames, 2, 0, v)) return nullptr;
    RandomObject* r = self_of(args);
    Value a = or_default(v[0], Value::none());
    Value version = or_default(v[1], Value::from_int(2));
    int is_v1 = equals(ts, version, Value::from_int(1));
    if (is_v1 < 0) return nullptr;
    bool text = is_str(a) || is_bytes(a) ||
                (a.is_object() && (a.as_object()->type->flags & kTypeBytesSubclass));
    Owned seed_value = Owned::borrow(a);
    if (is_v1 && text) {
        // Python 2's str hash, over code points (str) or latin-1 characters (bytes).
        std::vector<uint32_t> points;
        if (is_str(a)) {
            std::string_view s = a.as<StrObject>()->view();
            int64_t pos = 0;
            while (pos < static_cast<int64_t>(s.size()))
                points.push_back(utf8_decode(s, &pos));
        } else {
            std::string_view s;
            bytes_like_view(a, &s);
            for (unsigned char c : s)
                points.push_back(c);
        }
        uint64_t x = points.empty() ? 0 : static_cast<uint64_t>(points[0]) << 7;
        for (uint32_t c : points)
            x = (1000003u * x) ^ c;
        x ^= points.size();
        BigInt big;
        mpz_import(big.raw(), 1, -1, 8, 0, 0, &x);
        seed_value = int_from_bigint(std::move(big));
    } else {
        int is_v2 = equals(ts, version, Value::from_int(2));
        if (is_v2 < 0) return nullptr;
        bool bytes_like = is_str(a) || is_bytes(a) || is_bytearray(a) ||
                          (a.is_object() && (a.as_object()->type->flags & kTypeBytesSubclass));
        if (is_v2 && bytes_like) {
            std::string_view data;
            if (is_str(a)) {
                data = a.as<StrObject>()->view();
            } else {
                bytes_like_view(a, &data);
            }
            BigInt big;
            if (!sha512_seed(ts, data, &big)) return nullptr;
            seed_value = int_from_bigint(std::move(big));
        } else if (!(a.is_none() || is_int(a) || a.is_float() || bytes_like)) {
            return raise(ts, &kTypeErrorType,
                         "The only supported seed types are: None,\n"
                         "int, float, str, bytes, and bytearray.");
        }
    }
    if (!seed_with(ts, r, seed_value.get())) return nullptr;
    r->gauss_next = Owned::none();
    return Owned::none();
}

constexpr int64_t kStateVersion = 3;

Owned random_getstate(ThreadState& ts, CallArgs args) {
    static const char* const kNames[] = {""};
    Value v[1];
    if (!py_args(ts, args, "Random.getstate", kNames, 0, 0, v)) return nullptr;
    RandomObject* r = self_of(args);
    Ref<TupleObject> words = new_tuple(kStateWords + 1);
    for (int i = 0; i < kStateWords; ++i)
        words->items[i] = Value::from_int(r->mt[i]);
    words->items[kStateWords] = Value::from_int(r->index);
    return new_tuple_of(
        {Value::from_int(kStateVersion), Value::from_object(words.get()), r->gauss_next.get()});
}

// The C-level setstate: a tuple of 624 words and the index.
bool set_internal_state(ThreadState& ts, RandomObject* r, Value state) {
    if (!is_tuple(state)) {
        raise(ts, &kTypeErrorType, "state vector must be a tuple");
        return false;
    }
    auto* t = state.as<TupleObject>();
    if (t->length != kStateWords + 1) {
        raise(ts, &kValueErrorType, "state vector is the wrong size");
        return false;
    }
    uint32_t words[kStateWords];
    for (int i = 0; i < kStateWords; ++i) {
        Value w = t->items[i];
        if (!is_int(w)) {
            raise(ts, &kTypeErrorType, "an integer is required");
            return false;
        }
        if (int_sign(w) < 0) {
            raise(ts, &kOverflowErrorType, "can't convert negative value to unsigned int");
            return false;
        }
        int64_t small;
        if (int_to_int64(w, &small)) {
            words[i] = static_cast<uint32_t>(small);
        } else {
            BigInt big = int_to_bigint(w);
            if (big.bit_length() > 64) {
                raise(ts, &kOverflowErrorType,
                      "Python int too large to convert to C unsigned long");
                return false;
            }
            words[i] = static_cast<uint32_t>(mpz_getlimbn(big.raw(), 0));
        }
    }
    Value last = t->items[kStateWords];
    if (!is_int(last)) {
        raisef(ts, &kTypeErrorType, "'{}' object cannot be interpreted as an integer",
               type_name(last));
        return false;
    }
    int64_t index;
    if (!int_to_int64(last, &index)) {
        raise(ts, &kOverflowErrorType, "Python int too large to convert to C long");
        return false;
    }
    if (index < 0 || index > kStateWords) {
        raise(ts, &kValueErrorType, "invalid state");
        return false;
    }
    std::copy(words, words + kStateWords, r->mt);
    r->index = static_cast<int>(index);
    return true;
}

// Unpacks `version, internalstate, gauss_next = state` with the unpacking errors of Python.
bool unpack3(ThreadState& ts, Value state, Owned* out) {
    Owned it = get_iter(ts, state);
    if (!it) {
        if (exception_matches(ts, &kTypeErrorType)) {
            clear_exception(ts);
            raisef(ts, &kTypeErrorType, "cannot unpack non-iterable {} object", type_name(state));
        }
        return false;
    }
    for (int i = 0; i < 3; ++i) {
        out[i] = iter_next(ts, it.get());
        if (!out[i]) {
            if (ts.has_exception()) return false;
            raisef(ts, &kValueErrorType, "not enough values to unpack (expected 3, got {})", i);
            return false;
        }
    }
    Owned extra = iter_next(ts, it.get());
    if (extra) {
        raise(ts, &kValueErrorType, "too many values to unpack (expected 3)");
        return false;
    }
    return !ts.has_exception();
}

Owned random_setstate(ThreadState& ts, CallArgs args) {
    static const char* const kNames[] = {"state"};
    Value v[1];
    if (!py_args(ts, args, "Random.setstate", kNames, 1, 1, v)) return nullptr;
    RandomObject* r = self_of(args);
    Owned version = get_item(ts, v[0], Value::from_int(0));
    if (!version) return nullptr;
    int is3 = equals(ts, version.get(), Value::from_int(3));
    if (is3 < 0) return nullptr;
    int is2 = is3 ? 0 : equals(ts, version.get(), Value::from_int(2));
    if (is2 < 0) return nullptr;
    if (!is3 && !is2) {
        Owned text = str(ts, version.get());
        if (!text) return nullptr;
        return raisef(ts, &kValueErrorType,
                      "state with version {} passed to Random.setstate() of version {}",
                      text.get().as<StrObject>()->view(), kStateVersion);
    }
    Owned parts[3];
    if (!unpack3(ts, v[0], parts)) return nullptr;
    r->gauss_next = parts[2];
    if (is3) {
        if (!set_internal_state(ts, r, parts[1].get())) return nullptr;
        return Owned::none();
    }
    // Version 2 (Python 2.x): each word reduced modulo 2**32 first.
    Owned it = get_iter(ts, parts[1].get());
    if (!it) return nullptr;
    Owned modulus = int_from_bigint(BigInt(1).shift_left(32));
    Ref<ListObject> reduced = new_list();
    while (Owned item = iter_next(ts, it.get())) {
        Owned m = op(ts, item.get(), modulus.get(), BinaryOp::Mod);
        if (!m) {
            if (exception_matches(ts, &kValueErrorType)) {
                clear_exception(ts);
                raise_empty(ts, &kTypeErrorType);
            }
            return nullptr;
        }
        list_append_owned(reduced.get(), std::move(m));
    }
    if (ts.has_exception()) return nullptr;
    Ref<TupleObject> t = new_tuple_from(reduced->items, reduced->length);
    if (!set_internal_state(ts, r, Value::from_object(t.get()))) return nullptr;
    return Owned::none();
}

// ------------------------------------------------------------------ integers

// An argument of randrange as an int: operator.index, or an integral float (deprecated in
// 3.10, still accepted by 3.11); [what] names the argument in the ValueError.
Owned randrange_int(ThreadState& ts, Value v, const char* what) {
    if (is_int(v)) return index(ts, v);
    Owned i = index(ts, v);
    if (i || !exception_matches(ts, &kTypeErrorType)) return i;
    clear_exception(ts);
    Owned as_int = call_values(ts, Value::from_object(&kIntType), {v});
    if (!as_int) return nullptr;
    int same = equals(ts, as_int.get(), v);
    if (same < 0) return nullptr;
    if (!same) return raisef(ts, &kValueErrorType, "non-integer {} for randrange()", what);
    return as_int;
}

Owned randrange(ThreadState& ts, RandomObject* r, Value start, Value stop, Value step) {
    Owned istart = randrange_int(ts, start, "arg 1");
    if (!istart) return nullptr;
    if (stop.is_null() || stop.is_none()) {
        if (!step.is_null() && !(step.is_int() && step.as_int() == 1)) {
            return raise(ts, &kTypeErrorType, "Missing a non-None stop argument");
        }
        if (int_sign(istart.get()) > 0) return below_value(r, istart.get());
        return raise(ts, &kValueErrorType, "empty range for randrange()");
    }
    Owned istop = randrange_int(ts, stop, "stop");
    if (!istop) return nullptr;
    int64_t a, b;
    // The common case: small bounds and step 1 without building int objects.
    bool unit_step = step.is_null() || (step.is_int() && step.as_int() == 1);
    if (unit_step && int_to_int64(istart.get(), &a) && int_to_int64(istop.get(), &b) &&
        !__builtin_sub_overflow(b, a, &b)) {
        int64_t width = b;
        if (width > 0) {
            return Owned::steal(Value::from_int(a + static_cast<int64_t>(below64(r, width))));
        }
        return raisef(ts, &kValueErrorType, "empty range for randrange() ({}, {}, {})", a,
                      a + width, width);
    }
    Owned width = op(ts, istop.get(), istart.get(), BinaryOp::Sub);
    if (!width) return nullptr;
    Owned istep =
        step.is_null() ? Owned::steal(Value::from_int(1)) : randrange_int(ts, step, "step");
    if (!istep) return nullptr;
    if (istep.get().is_int() && istep.get().as_int() == 1) {
        if (int_sign(width.get()) > 0) {
            Owned k = below_value(r, width.get());
            return op(ts, istart.get(), k.get(), BinaryOp::Add);
        }
        Owned s1 = int_to_decimal_str(ts, istart.get());
        Owned s2 = int_to_decimal_str(ts, istop.get());
        Owned s3 = int_to_decimal_str(ts, width.get());
        if (!s1 || !s2 || !s3) return nullptr;
        return raisef(ts, &kValueErrorType, "empty range for randrange() ({}, {}, {})",
                      s1.get().as<StrObject>()->view(), s2.get().as<StrObject>()->view(),
                      s3.get().as<StrObject>()->view());
    }
    int sign = int_sign(istep.get());
    if (sign == 0) return raise(ts, &kValueErrorType, "zero step for randrange()");
    // n = (width + step - 1) // step for positive steps, (width + step + 1) // step otherwise.
    Owned n = op(ts, width.get(), istep.get(), BinaryOp::Add);
    if (!n) return nullptr;
    n = op(ts, n.get(), Value::from_int(sign > 0 ? -1 : 1), BinaryOp::Add);
    if (!n) return nullptr;
    n = op(ts, n.get(), istep.get(), BinaryOp::FloorDiv);
    if (!n) return nullptr;
    if (int_sign(n.get()) <= 0) return raise(ts, &kValueErrorType, "empty range for randrange()");
    Owned k = below_value(r, n.get());
    Owned scaled = op(ts, istep.get(), k.get(), BinaryOp::Mul);
    if (!scaled) return nullptr;
    return op(ts, istart.get(), scaled.get(), BinaryOp::Add);
}

Owned random_randrange(ThreadState& ts, CallArgs args) {
    static const char* const kNames[] = {"start", "stop", "step"};
    Value v[3];
    if (!py_args(ts, args, "Random.randrange", kNames, 3, 1, v)) return nullptr;
    return randrange(ts, self_of(args), v[0], v[1], v[2]);
}

Owned random_randint(ThreadState& ts, CallArgs args) {
    static const char* const kNames[] = {"a", "b"};
    Value v[2];
    if (!py_args(ts, args, "Random.randint", kNames, 2, 2, v)) return nullptr;
    int64_t a, b;
    RandomObject* r = self_of(args);
    if (v[0].is_int() && v[1].is_int()) {
        a = v[0].as_int();
        b = v[1].as_int();
        int64_t width;
        if (b < INT64_MAX && !__builtin_sub_overflow(b + 1, a, &width)) {
            if (width > 0) {
                return Owned::steal(Value::from_int(a + static_cast<int64_t>(below64(r, width))));
            }
            return raisef(ts, &kValueErrorType, "empty range for randrange() ({}, {}, {})", a,
                          b + 1, width);
        }
    }
    Owned stop = op(ts, v[1], Value::from_int(1), BinaryOp::Add);
    if (!stop) return nullptr;
    return randrange(ts, r, v[0], stop.get(), Value::null());
}

Owned random_randbytes(ThreadState& ts, CallArgs args) {
    static const char* const kNames[] = {"n"};
    Value v[1];
    if (!py_args(ts, args, "Random.randbytes", kNames, 1, 1, v)) return nullptr;
    Owned bits = op(ts, v[0], Value::from_int(8), BinaryOp::Mul);
    if (!bits) return nullptr;
    int64_t k;
    if (!index_int64(ts, bits.get(), &k)) return nullptr;
    if (k < 0) return raise(ts, &kValueErrorType, "number of bits must be non-negative");
    if (k > INT32_MAX)
        return raise(ts, &kOverflowErrorType, "Python int too large to convert to C int");
    RandomObject* r = self_of(args);
    std::string out;
    out.reserve(static_cast<size_t>(k / 8));
    for (int64_t left = k; left > 0; left -= 32) {
        uint32_t w = next_word(r);
        if (left < 32) w >>= (32 - left);
        for (int64_t b = 0; b < std::min<int64_t>(left, 32); b += 8) {
            out.push_back(static_cast<char>((w >> b) & 0xff));
        }
    }
    return new_bytes(out);
}

// ------------------------------------------------------------------ sequences

// seq[i] for a borrowed sequence, with fast paths for lists and tuples.
Owned item_at(ThreadState& ts, Value seq, int64_t i) {
    if (is_exact_list(seq)) {
        auto* l = seq.as<ListObject>();
        if (i < l->length) return Owned::borrow(l->items[i]);
    } else if (is_exact_tuple(seq)) {
        auto* t = seq.as<TupleObject>();
        if (i < t->length) return Owned::borrow(t->items[i]);
    }
    return get_item(ts, seq, Value::from_int(i));
}

Owned random_choice(ThreadState& ts, CallArgs args) {
    static const char* const kNames[] = {"seq"};
    Value v[1];
    if (!py_args(ts, args, "Random.choice", kNames, 1, 1, v)) return nullptr;
    int64_t n = length(ts, v[0]);
    if (n < 0) return nullptr;
    if (n == 0) return raise(ts, &kIndexErrorType, "Cannot choose from an empty sequence");
    return item_at(ts, v[0], static_cast<int64_t>(below64(self_of(args), n)));
}

Owned random_shuffle(ThreadState& ts, CallArgs args) {
    static const char* const kNames[] = {"x"};
    Value v[1];
    if (!py_args(ts, args, "Random.shuffle", kNames, 1, 1, v)) return nullptr;
    RandomObject* r = self_of(args);
    Value x = v[0];
    int64_t n = length(ts, x);
    if (n < 0) return nullptr;
    for (int64_t i = n - 1; i >= 1; --i) {
        int64_t j = static_cast<int64_t>(below64(r, i + 1));
        if (is_exact_list(x) && x.as<ListObject>()->length == n) {
            Value* items = x.as<ListObject>()->items;
            std::swap(items[i], items[j]);
            continue;
        }
        Owned xj = get_item(ts, x, Value::from_int(j));
        if (!xj) return nullptr;
        Owned xi = get_item(ts, x, Value::from_int(i));
        if (!xi) return nullptr;
        if (set_item(ts, x, Value::from_int(i), xj.get()) < 0) return nullptr;
        if (set_item(ts, x, Value::from_int(j), xi.get()) < 0) return nullptr;
    }
    return Owned::none();
}

// bisect.bisect_right(a, x, 0, hi) over a list of numbers.
int64_t bisect_right(ThreadState& ts, ListObject* a, Value x, int64_t hi) {
    int64_t lo = 0;
    while (lo < hi) {
        int64_t mid = (lo + hi) / 2;
        Value m = a->items[mid];
        int less;
        if (x.is_float() && m.is_float()) {
            less = x.as_float() < m.as_float();
        } else if (x.is_int() && m.is_int()) {
            less = x.as_int() < m.as_int();
        } else {
            less = compare_bool(ts, x, m, CompareOp::Lt);
            if (less < 0) return -1;
        }
        if (less) {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    return lo;
}

// list(itertools.accumulate(iterable)).
Ref<ListObject> accumulate(ThreadState& ts, Value iterable) {
    Owned it = get_iter(ts, iterable);
    if (!it) return nullptr;
    Ref<ListObject> out = new_list();
    Owned total;
    while (Owned item = iter_next(ts, it.get())) {
        if (!total) {
            total = std::move(item);
        } else {
            total = op(ts, total.get(), item.get(), BinaryOp::Add);
            if (!total) return nullptr;
        }
        list_append_value(out.get(), total.get());
    }
    if (ts.has_exception()) return nullptr;
    return out;
}

// The count of a `repeat(None, k)`: an index, negatives meaning zero.
bool repeat_count(ThreadState& ts, Value k, int64_t* out) {
    if (!index_int64(ts, k, out)) return false;
    if (*out < 0) *out = 0;
    return true;
}

Owned random_choices(ThreadState& ts, CallArgs args) {
    static const char* const kNames[] = {"population", "weights", "cum_weights", "k"};
    Value v[4];
    if (!py_args(ts, args, "Random.choices", kNames, 2, 1, v)) return nullptr;
    RandomObject* r = self_of(args);
    Value population = v[0];
    Value weights = or_default(v[1], Value::none());
    Value cum = or_default(v[2], Value::none());
    Value kv = or_default(v[3], Value::from_int(1));
    int64_t n = length(ts, population);
    if (n < 0) return nullptr;
    Ref<ListObject> cum_weights;
    if (cum.is_none()) {
        if (weights.is_none()) {
            int64_t k;
            if (!repeat_count(ts, kv, &k)) return nullptr;
            double nf = static_cast<double>(n);
            Ref<ListObject> out = new_list(k);
            for (int64_t i = 0; i < k; ++i) {
                Owned item =
                    item_at(ts, population, static_cast<int64_t>(std::floor(next_double(r) * nf)));
                if (!item) return nullptr;
                list_append_owned(out.get(), std::move(item));
            }
            return out;
        }
        cum_weights = accumulate(ts, weights);
        if (!cum_weights) {
            if (exception_matches(ts, &kTypeErrorType) && is_int(weights)) {
                clear_exception(ts);
                Owned text = repr(ts, weights);
                if (!text) return nullptr;
                return raisef(ts, &kTypeErrorType,
                              "The number of choices must be a keyword argument: k={}",
                              text.get().as<StrObject>()->view());
            }
            return nullptr;
        }
    } else {
        if (!weights.is_none()) {
            return raise(ts, &kTypeErrorType, "Cannot specify both weights and cumulative weights");
        }
        if (is_exact_list(cum)) {
            cum_weights = Ref<ListObject>::borrow(cum.as<ListObject>());
        } else {
            // Lookups go through a list copy; the checks below use the original's length.
            int64_t cn = length(ts, cum);
            if (cn < 0) return nullptr;
            if (cn != n) {
                return raise(ts, &kValueErrorType,
                             "The number of weights does not match the population");
            }
            cum_weights = list_from_iterable(ts, cum);
            if (!cum_weights) return nullptr;
        }
    }
    if (cum_weights->length != n) {
        return raise(ts, &kValueErrorType, "The number of weights does not match the population");
    }
    if (n == 0) return raise(ts, &kIndexErrorType, "list index out of range");
    Owned total = op(ts, cum_weights->items[n - 1], flt(0.0), BinaryOp::Add);
    if (!total) return nullptr;
    int positive = compare_bool(ts, total.get(), flt(0.0), CompareOp::Gt);
    if (positive < 0) return nullptr;
    if (!positive) return raise(ts, &kValueErrorType, "Total of weights must be greater than zero");
    double t;
    if (!to_real(ts, total.get(), &t)) return nullptr;
    if (!std::isfinite(t)) return raise(ts, &kValueErrorType, "Total of weights must be finite");
    int64_t k;
    if (!repeat_count(ts, kv, &k)) return nullptr;
    Ref<ListObject> out = new_list(k);
    for (int64_t i = 0; i < k; ++i) {
        Owned x = op(ts, flt(next_double(r)), total.get(), BinaryOp::Mul);
        if (!x) return nullptr;
        int64_t at = bisect_right(ts, cum_weights.get(), x.get(), n - 1);
        if (at < 0) return nullptr;
        Owned item = item_at(ts, population, at);
        if (!item) return nullptr;
        list_append_owned(out.get(), std::move(item));
    }
    return out;
}

// The collections.abc.Sequence check of sample() for the builtin sequence types.
bool is_sequence(Value v) {
    if (!v.is_object()) return false;
    TypeObject* t = v.as_object()->type;
    return (t->flags &
            (kTypeListSubclass | kTypeTupleSubclass | kTypeStrSubclass | kTypeBytesSubclass)) ||
           is_subtype(t, &kRangeType) || is_subtype(t, &kByteArrayType) ||
           is_subtype(t, &kBytesType);
}

// The indices sample() picks from a population of [n] (CPython's choice between a pool that
// shrinks and a set of picked indices, which decides how many random words are consumed).
std::vector<int64_t> sample_indices(RandomObject* r, int64_t n, int64_t k) {
    std::vector<int64_t> picked(static_cast<size_t>(k));
    int64_t setsize = 21;  // size of a small set minus size of an empty list
    if (k > 5) {
        double exponent = std::ceil(std::log(static_cast<double>(k * 3)) / std::log(4.0));
        setsize += static_cast<int64_t>(std::ldexp(1.0, 2 * static_cast<int>(exponent)));
    }
    if (n <= setsize) {
        std::vector<int64_t> pool(static_cast<size_t>(n));
        for (int64_t i = 0; i < n; ++i)
            pool[i] = i;
        for (int64_t i = 0; i < k; ++i) {
            int64_t j = static_cast<int64_t>(below64(r, n - i));
            picked[i] = pool[j];
            pool[j] = pool[n - i - 1];
        }
    } else {
        std::unordered_set<int64_t> selected;
        for (int64_t i = 0; i < k; ++i) {
            int64_t j = static_cast<int64_t>(below64(r, n));
            while (selected.count(j))
                j = static_cast<int64_t>(below64(r, n));
            selected.insert(j);
            picked[i] = j;
        }
    }
    return picked;
}

// The `not 0 <= k <= n` check and `[None] * k` of sample().
bool sample_size(ThreadState& ts, Value kv, int64_t n, int64_t* k) {
    int ok = compare_bool(ts, Value::from_int(0), kv, CompareOp::Le);
    if (ok > 0) ok = compare_bool(ts, kv, Value::from_int(n), CompareOp::Le);
    if (ok < 0) return false;
    if (!ok) {
        raise(ts, &kValueErrorType, "Sample larger than population or is negative");
        return false;
    }
    if (!is_int(kv)) {
        raisef(ts, &kTypeErrorType, "can't multiply sequence by non-int of type '{}'",
               type_name(kv));
        return false;
    }
    return int_to_int64(kv, k);
}

Owned random_sample(ThreadState& ts, CallArgs args) {
    static const char* const kNames[] = {"population", "k", "counts"};
    Value v[3];
    if (!py_args(ts, args, "Random.sample", kNames, 2, 2, v)) return nullptr;
    RandomObject* r = self_of(args);
    Value population = v[0];
    if (!is_sequence(population)) {
        return raise(ts, &kTypeErrorType,
                     "Population must be a sequence.  For dicts or sets, use sorted(d).");
    }
    int64_t n = length(ts, population);
    if (n < 0) return nullptr;
    Value counts = or_default(v[2], Value::none());
    if (!counts.is_none()) {
        Ref<ListObject> cum = accumulate(ts, counts);
        if (!cum) return nullptr;
        if (cum->length != n) {
            return raise(ts, &kValueErrorType,
                         "The number of counts does not match the population");
        }
        if (n == 0) return raise(ts, &kIndexErrorType, "pop from empty list");
        Owned total = Owned::borrow(cum->items[n - 1]);
        if (!is_int(total.get())) return raise(ts, &kTypeErrorType, "Counts must be integers");
        if (int_sign(total.get()) <= 0) {
            return raise(ts, &kValueErrorType, "Total of counts must be greater than zero");
        }
        int64_t total_n;
        if (!int_to_int64(total.get(), &total_n)) {
            return raise(ts, &kOverflowErrorType, "Python int too large to convert to C ssize_t");
        }
        int64_t k;
        if (!sample_size(ts, v[1], total_n, &k)) return nullptr;
        std::vector<int64_t> picked = sample_indices(r, total_n, k);
        Ref<ListObject> out = new_list(k);
        for (int64_t s : picked) {
            int64_t at = bisect_right(ts, cum.get(), Value::from_int(s), n - 1);
            if (at < 0) return nullptr;
            Owned item = item_at(ts, population, at);
            if (!item) return nullptr;
            list_append_owned(out.get(), std::move(item));
        }
        return out;
    }
    int64_t k;
    if (!sample_size(ts, v[1], n, &k)) return nullptr;
    std::vector<int64_t> picked = sample_indices(r, n, k);
    Ref<ListObject> out = new_list(k);
    for (int64_t at : picked) {
        Owned item = item_at(ts, population, at);
        if (!item) return nullptr;
        list_append_owned(out.get(), std::move(item));
    }
    return out;
}

// ------------------------------------------------------------------ distributions

Owned random_uniform(ThreadState& ts, CallArgs args) {
    static const char* const kNames[] = {"a", "b"};
    Value v[2];
    if (!py_args(ts, args, "Random.uniform", kNames, 2, 2, v)) return nullptr;
    double u = next_double(self_of(args));
    if (v[0].is_float() && v[1].is_float()) {
        double a = v[0].as_float(), b = v[1].as_float();
        return Owned::from_float(a + (b - a) * u);
    }
    Owned width = op(ts, v[1], v[0], BinaryOp::Sub);
    if (!width) return nullptr;
    Owned scaled = op(ts, width.get(), flt(u), BinaryOp::Mul);
    if (!scaled) return nullptr;
    return op(ts, v[0], scaled.get(), BinaryOp::Add);
}

Owned random_triangular(ThreadState& ts, CallArgs args) {
    static const char* const kNames[] = {"low", "high", "mode"};
    Value v[3];
    if (!py_args(ts, args, "Random.triangular", kNames, 3, 0, v)) return nullptr;
    Owned low = Owned::borrow(or_default(v[0], flt(0.0)));
    Owned high = Owned::borrow(or_default(v[1], flt(1.0)));
    Value mode = or_default(v[2], Value::none());
    double u = next_double(self_of(args));
    Owned c;
    if (mode.is_none()) {
        c = Owned::from_float(0.5);
    } else {
        Owned num = op(ts, mode, low.get(), BinaryOp::Sub);
        if (!num) return nullptr;
        Owned den = op(ts, high.get(), low.get(), BinaryOp::Sub);
        if (!den) return nullptr;
        c = op(ts, num.get(), den.get(), BinaryOp::TrueDiv);
        if (!c) {
            if (!exception_matches(ts, &kZeroDivisionErrorType)) return nullptr;
            clear_exception(ts);
            return low;
        }
    }
    int greater = compare_bool(ts, flt(u), c.get(), CompareOp::Gt);
    if (greater < 0) return nullptr;
    if (greater) {
        u = 1.0 - u;
        c = op(ts, flt(1.0), c.get(), BinaryOp::Sub);
        if (!c) return nullptr;
        std::swap(low, high);
    }
    Owned uc = op(ts, flt(u), c.get(), BinaryOp::Mul);
    if (!uc) return nullptr;
    double product;
    if (!to_real(ts, uc.get(), &product)) return nullptr;
    if (product < 0) return raise(ts, &kValueErrorType, "math domain error");
    Owned span = op(ts, high.get(), low.get(), BinaryOp::Sub);
    if (!span) return nullptr;
    Owned scaled = op(ts, span.get(), flt(std::sqrt(product)), BinaryOp::Mul);
    if (!scaled) return nullptr;
    return op(ts, low.get(), scaled.get(), BinaryOp::Add);
}

// mu + z * sigma, with Python's arithmetic on the arguments.
Owned shift_scale(ThreadState& ts, Value mu, double z, Value sigma) {
    if (mu.is_float() && sigma.is_float()) {
        return Owned::from_float(mu.as_float() + z * sigma.as_float());
    }
    Owned scaled = op(ts, flt(z), sigma, BinaryOp::Mul);
    if (!scaled) return nullptr;
    return op(ts, mu, scaled.get(), BinaryOp::Add);
}

const double kNvMagic = 4 * std::exp(-0.5) / std::sqrt(2.0);

double normal_deviate(RandomObject* r) {
    for (;;) {
        double u1 = next_double(r);
        double u2 = 1.0 - next_double(r);
        double z = kNvMagic * (u1 - 0.5) / u2;
        if (z * z / 4.0 <= -std::log(u2)) return z;
    }
}

Owned random_normalvariate(ThreadState& ts, CallArgs args) {
    static const char* const kNames[] = {"mu", "sigma"};
    Value v[2];
    if (!py_args(ts, args, "Random.normalvariate", kNames, 2, 0, v)) return nullptr;
    double z = normal_deviate(self_of(args));
    return shift_scale(ts, or_default(v[0], flt(0.0)), z, or_default(v[1], flt(1.0)));
}

Owned random_lognormvariate(ThreadState& ts, CallArgs args) {
    static const char* const kNames[] = {"mu", "sigma"};
    Value v[2];
    if (!py_args(ts, args, "Random.lognormvariate", kNames, 2, 2, v)) return nullptr;
    double z = normal_deviate(self_of(args));
    Owned x = shift_scale(ts, v[0], z, v[1]);
    if (!x) return nullptr;
    double d;
    if (!to_real(ts, x.get(), &d)) return nullptr;
    double e = std::exp(d);
    if (std::isinf(e) && std::isfinite(d)) {
        return raise(ts, &kOverflowErrorType, "math range error");
    }
    return Owned::from_float(e);
}

Owned random_gauss(ThreadState& ts, CallArgs args) {
    static const char* const kNames[] = {"mu", "sigma"};
    Value v[2];
    if (!py_args(ts, args, "Random.gauss", kNames, 2, 0, v)) return nullptr;
    RandomObject* r = self_of(args);
    Owned z = std::move(r->gauss_next);
    r->gauss_next = Owned::none();
    if (z.get().is_none()) {
        double x2pi = next_double(r) * (2 * M_PI);
        double g2rad = std::sqrt(-2.0 * std::log(1.0 - next_double(r)));
        z = Owned::from_float(std::cos(x2pi) * g2rad);
        r->gauss_next = Owned::from_float(std::sin(x2pi) * g2rad);
    }
    Value mu = or_default(v[0], flt(0.0)), sigma = or_default(v[1], flt(1.0));
    if (z.get().is_float()) return shift_scale(ts, mu, z.get().as_float(), sigma);
    Owned scaled = op(ts, z.get(), sigma, BinaryOp::Mul);
    if (!scaled) return nullptr;
    return op(ts, mu, scaled.get(), BinaryOp::Add);
}

Owned random_expovariate(ThreadState& ts, CallArgs args) {
    static const char* const kNames[] = {"lambd"};
    Value v[1];
    if (!py_args(ts, args, "Random.expovariate", kNames, 1, 1, v)) return nullptr;
    double e = -std::log(1.0 - next_double(self_of(args)));
    return op(ts, flt(e), v[0], BinaryOp::TrueDiv);
}

Owned random_vonmisesvariate(ThreadState& ts, CallArgs args) {
    static const char* const kNames[] = {"mu", "kappa"};
    Value v[2];
    if (!py_args(ts, args, "Random.vonmisesvariate", kNames, 2, 2, v)) return nullptr;
    RandomObject* r = self_of(args);
    constexpr double kTwoPi = 2 * M_PI;
    int tiny = compare_bool(ts, v[1], flt(1e-6), CompareOp::Le);
    if (tiny < 0) return nullptr;
    if (tiny) return Owned::from_float(kTwoPi * next_double(r));
    double kappa;
    if (!to_real(ts, v[1], &kappa)) return nullptr;
    double s = 0.5 / kappa;
    double rr = s + std::sqrt(1.0 + s * s);
    double z;
    for (;;) {
        double u1 = next_double(r);
        z = std::cos(M_PI * u1);
        double d = z / (rr + z);
        double u2 = next_double(r);
        if (u2 < 1.0 - d * d || u2 <= (1.0 - d) * std::exp(d)) break;
    }
    double q = 1.0 / rr;
    double f = (q + z) / (1.0 + q * z);
    double u3 = next_double(r);
    double angle = std::acos(f);
    Owned theta = op(ts, v[0], flt(angle), u3 > 0.5 ? BinaryOp::Add : BinaryOp::Sub);
    if (!theta) return nullptr;
    return op(ts, theta.get(), flt(kTwoPi), BinaryOp::Mod);
}

// gammavariate's deviate for shape [alpha] and scale 1 (Cheng's method above 1, Ahrens-Dieter's
// GS below, as Lib/random.py).
double gamma_deviate(RandomObject* r, double alpha) {
    static const double kLog4 = std::log(4.0);
    static const double kSgMagic = 1.0 + std::log(4.5);
    if (alpha > 1.0) {
        double ainv = std::sqrt(2.0 * alpha - 1.0);
        double bbb = alpha - kLog4;
        double ccc = alpha + ainv;
        for (;;) {
            double u1 = next_double(r);
            if (!(1e-7 < u1 && u1 < 0.9999999)) continue;
            double u2 = 1.0 - next_double(r);
            double v = std::log(u1 / (1.0 - u1)) / ainv;
            double x = alpha * std::exp(v);
            double z = u1 * u1 * u2;
            double rr = bbb + ccc * v - x;
            if (rr + kSgMagic - 4.5 * z >= 0.0 || rr >= std::log(z)) return x;
        }
    }
    if (alpha == 1.0) return -std::log(1.0 - next_double(r));
    for (;;) {
        double u = next_double(r);
        double b = (M_E + alpha) / M_E;
        double p = b * u;
        double x = p <= 1.0 ? std::pow(p, 1.0 / alpha) : -std::log((b - p) / alpha);
        double u1 = next_double(r);
        if (p > 1.0) {
            if (u1 <= std::pow(x, alpha - 1.0)) return x;
        } else if (u1 <= std::exp(-x)) {
            return x;
        }
    }
}

// The alpha > 0 and beta > 0 check of gammavariate (Python comparisons); alpha as a double.
bool gamma_args(ThreadState& ts, Value alpha, Value beta, double* a) {
    int bad = compare_bool(ts, alpha, flt(0.0), CompareOp::Le);
    if (bad == 0) bad = compare_bool(ts, beta, flt(0.0), CompareOp::Le);
    if (bad < 0) return false;
    if (bad) {
        raise(ts, &kValueErrorType, "gammavariate: alpha and beta must be > 0.0");
        return false;
    }
    return to_real(ts, alpha, a);
}

Owned random_gammavariate(ThreadState& ts, CallArgs args) {
    static const char* const kNames[] = {"alpha", "beta"};
    Value v[2];
    if (!py_args(ts, args, "Random.gammavariate", kNames, 2, 2, v)) return nullptr;
    double alpha;
    if (!gamma_args(ts, v[0], v[1], &alpha)) return nullptr;
    double x = gamma_deviate(self_of(args), alpha);
    return op(ts, flt(x), v[1], BinaryOp::Mul);
}

Owned random_betavariate(ThreadState& ts, CallArgs args) {
    static const char* const kNames[] = {"alpha", "beta"};
    Value v[2];
    if (!py_args(ts, args, "Random.betavariate", kNames, 2, 2, v)) return nullptr;
    RandomObject* r = self_of(args);
    double alpha, beta;
    if (!gamma_args(ts, v[0], flt(1.0), &alpha)) return nullptr;
    double y = gamma_deviate(r, alpha);
    if (y == 0.0) return Owned::from_float(0.0);
    if (!gamma_args(ts, v[1], flt(1.0), &beta)) return nullptr;
    return Owned::from_float(y / (y + gamma_deviate(r, beta)));
}

Owned random_paretovariate(ThreadState& ts, CallArgs args) {
    static const char* const kNames[] = {"alpha"};
    Value v[1];
    if (!py_args(ts, args, "Random.paretovariate", kNames, 1, 1, v)) return nullptr;
    double u = 1.0 - next_double(self_of(args));
    Owned exponent = op(ts, flt(-1.0), v[0], BinaryOp::TrueDiv);
    if (!exponent) return nullptr;
    return op(ts, flt(u), exponent.get(), BinaryOp::Pow);
}

Owned random_weibullvariate(ThreadState& ts, CallArgs args) {
    static const char* const kNames[] = {"alpha", "beta"};
    Value v[2];
    if (!py_args(ts, args, "Random.weibullvariate", kNames, 2, 2, v)) return nullptr;
    double u = 1.0 - next_double(self_of(args));
    Owned exponent = op(ts, flt(1.0), v[1], BinaryOp::TrueDiv);
    if (!exponent) return nullptr;
    Owned powered = op(ts, flt(-std::log(u)), exponent.get(), BinaryOp::Pow);
    if (!powered) return nullptr;
    return op(ts, v[0], powered.get(), BinaryOp::Mul);
}

const MethodDef kRandomFunctions[] = {
    {"seed", random_seed},
    {"random", random_random},
    {"uniform", random_uniform},
    {"triangular", random_triangular},
    {"randint", random_randint},
    {"choice", random_choice},
    {"randrange", random_randrange},
    {"sample", random_sample},
    {"shuffle", random_shuffle},
    {"choices", random_choices},
    {"normalvariate", random_normalvariate},
    {"lognormvariate", random_lognormvariate},
    {"expovariate", random_expovariate},
    {"vonmisesvariate", random_vonmisesvariate},
    {"gammavariate", random_gammavariate},
    {"gauss", random_gauss},
    {"betavariate", random_betavariate},
    {"paretovariate", random_paretovariate},
    {"weibullvariate", random_weibullvariate},
    {"getstate", random_getstate},
    {"setstate", random_setstate},
    {"getrandbits", random_getrandbits},
    {"randbytes", random_randbytes},
    {nullptr, nullptr},
};

// The generator's type ("Random", printed <random.Random object at ...> as CPython's
// random._inst). Not in runtime/types/types.def (stdlib types cannot be listed there), so its
// bases, MRO and dict are built here, once per process, like bootstrap_types() does; after that
// it is never mutated.
constinit TypeObject kRandomType("Random", &kObjectType, 0,
                                 {
                                     .dealloc = random_dealloc,
                                 });

}  // namespace

Ref<ModuleObject> init_random_module(ThreadState& ts) {
    ready_static_type(&kRandomType, "random");
    Ref<ModuleObject> m = new_module(ts, "random");
    if (!m) return nullptr;
    Ref<RandomObject> inst = make_object<RandomObject>();
    seed_from_os(inst.get());
    Value name = Value::from_object(ts.interp.intern("random"));
    for (const MethodDef* def = kRandomFunctions; def->name; ++def) {
        Ref<BuiltinFunctionObject> fn =
            make_object<BuiltinFunctionObject>(def, Owned::borrow(Value::from_object(inst.get())));
        fn->module = Owned::borrow(name);
        module_set(ts, m.get(), def->name, Value::from_object(fn.get()));
    }
    module_set(ts, m.get(), "_inst", Value::from_object(inst.get()));
    module_set(ts, m.get(), "NV_MAGICCONST", Value::from_float(kNvMagic));
    module_set(ts, m.get(), "TWOPI", Value::from_float(2 * M_PI));
    module_set(ts, m.get(), "LOG4", Value::from_float(std::log(4.0)));
    module_set(ts, m.get(), "SG_MAGICCONST", Value::from_float(1.0 + std::log(4.5)));
    module_set(ts, m.get(), "BPF", Value::from_int(53));
    module_set(ts, m.get(), "RECIP_BPF", Value::from_float(std::ldexp(1.0, -53)));
    return m;
}

}  // namespace gilpy::stdlib
