// The pickle module: CPython's pickle format, protocols 2 to 5, in one native pass each way
// (CPython's _pickle accelerator), so that gilpy and CPython exchange pickles and
// multiprocessing can send any supported value between processes. dumps produces exactly the
// bytes CPython 3.11 produces for None, bool, int, float, str, bytes, bytearray, tuple, list,
// dict, set, frozenset, functions and classes (by module-qualified name), exceptions and
// instances of plain classes (copyreg.__newobj__ + BUILD of their __dict__, or their own
// __reduce__/__reduce_ex__/__getstate__); the same memo (shared and recursive structure) and
// the same 64 KiB frames. loads reads every opcode of protocols 2 to 5 (and the binary ones of
// protocol 1); corrupt or truncated input raises CPython's UnpicklingError/EOFError.
#include <gmp.h>

#include <algorithm>
#include <bit>
#include <cstdlib>
#include <cstring>
#include <new>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "runtime/abstract.hpp"
#include "runtime/args.hpp"
#include "runtime/exceptions.hpp"
#include "runtime/interpreter_state.hpp"
#include "runtime/types/bytes.hpp"
#include "runtime/types/dict.hpp"
#include "runtime/types/exception.hpp"
#include "runtime/types/exception_subclass.hpp"
#include "runtime/types/function.hpp"
#include "runtime/types/heap_type.hpp"
#include "runtime/types/int.hpp"
#include "runtime/types/list.hpp"
#include "runtime/types/module.hpp"
#include "runtime/types/set.hpp"
#include "runtime/types/str.hpp"
#include "runtime/types/tuple.hpp"
#include "stdlib/pickle.hpp"
#include "stdlib/registry.hpp"

namespace gilpy::stdlib {

using namespace runtime;

namespace {

constexpr int kHighestProtocol = 5;
constexpr int kDefaultProtocol = kPickleDefaultProtocol;
constexpr size_t kFrameSizeTarget = 64 * 1024;  // frames are cut at opcode boundaries past it
constexpr size_t kFrameSizeMin = 4;             // smaller frames get no FRAME header
constexpr int64_t kBatchSize = 1000;            // items per APPENDS/SETITEMS/ADDITEMS

// The opcodes (pickletools documents each).
enum Op : unsigned char {
    kMark = '(',
    kStop = '.',
    kPop = '0',
    kPopMark = '1',
    kDup = '2',
    kFloat = 'F',
    kInt = 'I',
    kBinInt = 'J',
    kBinInt1 = 'K',
    kLong = 'L',
    kBinInt2 = 'M',
    kNone = 'N',
    kPersId = 'P',
    kBinPersId = 'Q',
    kReduce = 'R',
    kString = 'S',
    kBinString = 'T',
    kShortBinString = 'U',
    kUnicode = 'V',
    kBinUnicode = 'X',
    kAppend = 'a',
    kBuild = 'b',
    kGlobal = 'c',
    kDict = 'd',
    kEmptyDict = '}',
    kAppends = 'e',
    kGet = 'g',
    kBinGet = 'h',
    kInst = 'i',
    kLongBinGet = 'j',
    kList = 'l',
    kEmptyList = ']',
    kObj = 'o',
    kPut = 'p',
    kBinPut = 'q',
    kLongBinPut = 'r',
    kSetItem = 's',
    kTuple = 't',
    kEmptyTuple = ')',
    kSetItems = 'u',
    kBinFloat = 'G',
    kProto = 0x80,
    kNewObj = 0x81,
    kExt1 = 0x82,
    kExt2 = 0x83,
    kExt4 = 0x84,
    kTuple1 = 0x85,
    kTuple2 = 0x86,
    kTuple3 = 0x87,
    kNewTrue = 0x88,
    kNewFalse = 0x89,
    kLong1 = 0x8a,
    kLong4 = 0x8b,
    kBinBytes = 'B',
    kShortBinBytes = 'C',
    kShortBinUnicode = 0x8c,
    kBinUnicode8 = 0x8d,
    kBinBytes8 = 0x8e,
    kEmptySet = 0x8f,
    kAddItems = 0x90,
    kFrozenSet = 0x91,
    kNewObjEx = 0x92,
    kStackGlobal = 0x93,
    kMemoize = 0x94,
    kFrame = 0x95,
    kByteArray8 = 0x96,
    kNextBuffer = 0x97,
    kReadOnlyBuffer = 0x98,
};

// ---------------------------------------------------------------------------------------------
// Storage that lives inside the pickler/unpickler until it outgrows it: most pickles (a message
// between processes, a small int, a short tuple) then cost no allocation beyond their result.

// A vector whose first N elements are stored inline. Only what the unpickler needs.
template <typename T, size_t N>
class InlineVector {
  public:
    InlineVector() = default;
    InlineVector(const InlineVector&) = delete;
    InlineVector& operator=(const InlineVector&) = delete;
    ~InlineVector() {
        clear();
        if (data_ != inline_data()) ::operator delete(data_);
    }

    size_t size() const { return size_; }
    bool empty() const { return size_ == 0; }
    T& operator[](size_t i) { return data_[i]; }
    T& back() { return data_[size_ - 1]; }
    const T& back() const { return data_[size_ - 1]; }

    void push_back(T v) {
        if (size_ == cap_) grow(cap_ * 2);
        new (data_ + size_) T(std::move(v));
        ++size_;
    }
    void pop_back() { data_[--size_].~T(); }
    // Shrinks to, or grows to (with value-initialised elements), [n] elements.
    void resize(size_t n) {
        if (n > cap_) grow(std::max(n, cap_ * 2));
        while (size_ > n)
            pop_back();
        for (; size_ < n; ++size_)
            new (data_ + size_) T();
    }
    void clear() { resize(0); }

  private:
    T* inline_data() { return reinterpret_cast<T*>(inline_); }
    void grow(size_t cap) {
        T* fresh = static_cast<T*>(::operator new(cap * sizeof(T)));
        for (size_t i = 0; i < size_; ++i) {
            new (fresh + i) T(std::move(data_[i]));
            data_[i].~T();
        }
        if (data_ != inline_data()) ::operator delete(data_);
        data_ = fresh;
        cap_ = cap;
    }

    alignas(T) unsigned char inline_[N * sizeof(T)];
    T* data_ = inline_data();
    size_t size_ = 0;
    size_t cap_ = N;
};

// The bytes a Pickler writes: the first kInline bytes inline, then on the heap.
class OutBuffer {
  public:
    OutBuffer() = default;
    OutBuffer(const OutBuffer&) = delete;
    OutBuffer& operator=(const OutBuffer&) = delete;
    ~OutBuffer() {
        if (data_ != inline_) std::free(data_);
    }

    size_t size() const { return size_; }
    std::string_view view() const { return {data_, size_}; }
    char& operator[](size_t i) { return data_[i]; }

    void push_back(char c) {
        if (size_ == cap_) grow(1);
        data_[size_++] = c;
    }
    void append(const char* p, size_t n) {
        if (cap_ - size_ < n) grow(n);
        std::memcpy(data_ + size_, p, n);
        size_ += n;
    }
    void append(std::string_view s) { append(s.data(), s.size()); }
    void append(size_t n, char c) {
        if (cap_ - size_ < n) grow(n);
        std::memset(data_ + size_, c, n);
        size_ += n;
    }
    // Removes the [n] bytes at [pos].
    void erase(size_t pos, size_t n) {
        std::memmove(data_ + pos, data_ + pos + n, size_ - pos - n);
        size_ -= n;
    }

  private:
    static constexpr size_t kInline = 256;
    static constexpr size_t kSpare = 64;
    // Room for [more] bytes past size_, and some to spare: a big str or bytes payload is
    // followed by a few opcodes (MEMOIZE, STOP), which then need no second reallocation.
    void grow(size_t more) {
        size_t cap = std::max(cap_ * 2, size_ + more + kSpare);
        char* fresh;
        if (data_ == inline_) {
            fresh = static_cast<char*>(std::malloc(cap));
            if (fresh) std::memcpy(fresh, data_, size_);
        } else {
            fresh = static_cast<char*>(std::realloc(data_, cap));
        }
        if (!fresh) throw std::bad_alloc();
        data_ = fresh;
        cap_ = cap;
    }

    char inline_[kInline];
    char* data_ = inline_;
    size_t size_ = 0;
    size_t cap_ = kInline;
};

// ---------------------------------------------------------------------------------------------
// Exceptions: PickleError(Exception) and its PicklingError / UnpicklingError, which CPython
// defines in _pickle (so that is their __module__).

TypeObject* pickle_error_type() {
    static TypeObject* const type = new_exception_subclass({
        .name = "PickleError",
        .module = "_pickle",
        .base = &kExceptionType,
    });
    return type;
}

TypeObject* pickling_error_type() {
    static TypeObject* const type = new_exception_subclass({
        .name = "PicklingError",
        .module = "_pickle",
        .base = pickle_error_type(),
    });
    return type;
}

TypeObject* unpickling_error_type() {
    static TypeObject* const type = new_exception_subclass({
        .name = "UnpicklingError",
        .module = "_pickle",
        .base = pickle_error_type(),
    });
    return type;
}

// The repr of [v] as text, for messages (empty if repr raised, which is then pending).
std::string repr_text(ThreadState& ts, Value v) {
    Owned r = repr(ts, v);
    if (!r) return {};
    return std::string(r.get().as<StrObject>()->view());
}

Owned get_attr_named(ThreadState& ts, Value v, std::string_view name) {
    return get_attr(ts, v, ts.interp.intern(name));
}

// sys.modules[name] after importing it (as the import statement, without a fromlist).
Owned import_module(ThreadState& ts, StrObject* name) {
    if (!ts.interp.hooks.import) return raise(ts, &kImportErrorType, "__import__ not found");
    Owned top = ts.interp.hooks.import(ts, name, nullptr, 0);
    if (!top) return nullptr;
    Value m = dict_get_str(ts.interp.modules.get(), name);
    if (m.is_null()) return top;
    return Owned::borrow(m);
}

// Marks used as memo keys for globals that pickling writes without an object of their own
// (protocol 2 writes bytes as _codecs.encode(str, 'latin1')). Immortal: never freed.
constinit Object kCodecsEncodeMark(&kObjectType, kImmortalRefcount);

// ---------------------------------------------------------------------------------------------
// The memo of the pickler: object identity -> memo index, open addressing on the address.

class MemoTable {
  public:
    MemoTable() = default;
    MemoTable(const MemoTable&) = delete;
    MemoTable& operator=(const MemoTable&) = delete;
    ~MemoTable() {
        if (size_ == 0) return;
        for (size_t i = 0; i < cap_; ++i) {
            if (slots_[i].key) decref(slots_[i].key);
        }
        if (slots_ != inline_) delete[] slots_;
    }
    // The index of [o], or -1.
    int64_t get(Object* o) const {
        if (size_ == 0) return -1;
        size_t mask = cap_ - 1;
        for (size_t i = hash(o);; i = (i + 1) & mask) {
            if (slots_[i].key == o) return slots_[i].index;
            if (!slots_[i].key) return -1;
        }
    }
    // Adds [o] (not present) with the next index, which is returned. The memo keeps [o] alive,
    // so a temporary (a __reduce__ result) cannot be freed and its address reused.
    int64_t put(Object* o) {
        if ((size_ + 1) * 2 > cap_) grow();
        size_t mask = cap_ - 1;
        size_t i = hash(o);
        while (slots_[i].key)
            i = (i + 1) & mask;
        slots_[i] = {o, static_cast<int64_t>(size_)};
        incref(o);
        return static_cast<int64_t>(size_++);
    }

  private:
    struct Slot {
        Object* key;
        int64_t index;
    };
    // Fibonacci hashing: the top bits of the address times 2**64/phi.
    size_t hash(Object* o) const {
        return static_cast<size_t>((reinterpret_cast<uintptr_t>(o) * 0x9E3779B97F4A7C15ull) >>
                                   shift_);
    }
    void grow() {
        size_t old_cap = cap_;
        Slot* old = slots_;
        if (!old) {
            // The first few objects go in the inline slots (a small pickle memoizes a handful).
            cap_ = kInlineSlots;
            shift_ = 64 - std::countr_zero(cap_);
            slots_ = inline_;
            for (Slot& slot : inline_)
                slot = {nullptr, 0};
            return;
        }
        cap_ = cap_ * 2;
        shift_ = 64 - std::countr_zero(cap_);
        slots_ = new Slot[cap_]();
        size_t mask = cap_ - 1;
        for (size_t k = 0; k < old_cap; ++k) {
            if (!old[k].key) continue;
            size_t i = hash(old[k].key);
            while (slots_[i].key)
                i = (i + 1) & mask;
            slots_[i] = old[k];
        }
        if (old != inline_) delete[] old;
    }
    static constexpr size_t kInlineSlots = 16;
    Slot inline_[kInlineSlots];
    Slot* slots_ = nullptr;
    size_t cap_ = 0;
    size_t size_ = 0;
    int shift_ = 64;
};

// ---------------------------------------------------------------------------------------------
// Pickler

void put_u32(OutBuffer& out, uint32_t v) {
    char b[4] = {static_cast<char>(v), static_cast<char>(v >> 8), static_cast<char>(v >> 16),
                 static_cast<char>(v >> 24)};
    out.append(b, 4);
}

class Pickler {
  public:
    Pickler(ThreadState& ts, int proto) : ts_(ts), proto_(proto), framing_(proto >= 4) {}

    // The whole pickle of [obj]; false if raised.
    bool dump(Value obj) {
        out_.push_back(static_cast<char>(kProto));
        out_.push_back(static_cast<char>(proto_));
        if (framing_) start_frame();
        if (!save(obj)) return false;
        out_.push_back(kStop);
        if (framing_) commit_frame();
        return true;
    }
    std::string_view output() const { return out_.view(); }

  private:
    void op(unsigned char c) { out_.push_back(static_cast<char>(c)); }

    void start_frame() {
        frame_start_ = out_.size();
        out_.append(9, '\0');
    }
    // Writes the FRAME header of the open frame, or removes its room when the frame is tiny.
    void commit_frame() {
        size_t payload = out_.size() - frame_start_ - 9;
        if (payload >= kFrameSizeMin) {
            out_[frame_start_] = static_cast<char>(kFrame);
            for (int i = 0; i < 8; ++i)
                out_[frame_start_ + 1 + i] =
                    static_cast<char>(static_cast<uint64_t>(payload) >> (8 * i));
        } else {
            out_.erase(frame_start_, 9);
        }
    }
    // Before every saved object: a frame that reached the target size is closed.
    void opcode_boundary() {
        if (framing_ && out_.size() - frame_start_ - 9 >= kFrameSizeTarget) {
            commit_frame();
            start_frame();
        }
    }
    // An opcode with a large payload: written outside any frame, as CPython does.
    void write_large(std::string_view header, std::string_view payload) {
        if (framing_ && payload.size() >= kFrameSizeTarget) {
            commit_frame();
            out_.append(header);
            out_.append(payload);
            start_frame();
        } else {
            out_.append(header);
            out_.append(payload);
        }
    }

    void memo_put(Object* o) {
        int64_t idx = memo_.put(o);
        if (proto_ >= 4) {
            op(kMemoize);
        } else if (idx < 256) {
            op(kBinPut);
            out_.push_back(static_cast<char>(idx));
        } else {
            op(kLongBinPut);
            put_u32(out_, static_cast<uint32_t>(idx));
        }
    }
    void memo_get(int64_t idx) {
        if (idx < 256) {
            op(kBinGet);
            out_.push_back(static_cast<char>(idx));
        } else {
            op(kLongBinGet);
            put_u32(out_, static_cast<uint32_t>(idx));
        }
    }

    void save_small_int(int64_t v) {
        if (v >= 0 && v < 256) {
            op(kBinInt1);
            out_.push_back(static_cast<char>(v));
        } else if (v >= 0 && v < 65536) {
            op(kBinInt2);
            out_.push_back(static_cast<char>(v));
            out_.push_back(static_cast<char>(v >> 8));
        } else if (v >= INT32_MIN && v <= INT32_MAX) {
            op(kBinInt);
            put_u32(out_, static_cast<uint32_t>(v));
        } else {
            // LONG1 with the shortest two's-complement form.
            uint64_t magnitude = v < 0 ? ~static_cast<uint64_t>(v) : static_cast<uint64_t>(v);
            int bits = 64 - std::countl_zero(magnitude);
            int n = bits / 8 + 1;
            op(kLong1);
            out_.push_back(static_cast<char>(n));
            for (int i = 0; i < n; ++i)
                out_.push_back(static_cast<char>(static_cast<uint64_t>(v) >> (8 * i)));
        }
    }

    void save_big_int(const BigInt& v) {
        // The shortest n with -2**(8n-1) <= v < 2**(8n-1), then v mod 2**(8n) little-endian.
        BigInt magnitude = v.sign() < 0 ? (-v) - BigInt(1) : v;
        int64_t n = magnitude.bit_length() / 8 + 1;
        BigInt twos = v;
        if (v.sign() < 0) twos = BigInt(1).shift_left(static_cast<uint64_t>(8 * n)) + v;
        std::string bytes(static_cast<size_t>(n), '\0');
        size_t count = 0;
        mpz_export(bytes.data(), &count, -1, 1, 0, 0, twos.raw());
        if (n < 256) {
            op(kLong1);
            out_.push_back(static_cast<char>(n));
        } else {
            op(kLong4);
            put_u32(out_, static_cast<uint32_t>(n));
        }
        out_.append(bytes);
    }

    void save_float(double d) {
        uint64_t bits;
        std::memcpy(&bits, &d, 8);
        op(kBinFloat);
        char b[8];
        for (int i = 0; i < 8; ++i)
            b[i] = static_cast<char>(bits >> (8 * (7 - i)));
        out_.append(b, 8);
    }

    void save_str_payload(std::string_view s) {
        char header[9];
        size_t n;
        if (s.size() < 256 && proto_ >= 4) {
            header[0] = static_cast<char>(kShortBinUnicode);
            header[1] = static_cast<char>(s.size());
            n = 2;
        } else if (s.size() > 0xffffffffu && proto_ >= 4) {
            header[0] = static_cast<char>(kBinUnicode8);
            for (int i = 0; i < 8; ++i)
                header[1 + i] = static_cast<char>(static_cast<uint64_t>(s.size()) >> (8 * i));
            n = 9;
        } else {
            header[0] = kBinUnicode;
            for (int i = 0; i < 4; ++i)
                header[1 + i] = static_cast<char>(static_cast<uint64_t>(s.size()) >> (8 * i));
            n = 5;
        }
        write_large({header, n}, s);
    }

    bool save_str(StrObject* s) {
        save_str_payload(s->view());
        memo_put(s);
        return true;
    }

    bool save_bytes(Object* o, std::string_view data) {
        if (proto_ < 3) {
            // bytes(), or _codecs.encode(text, 'latin1') of its latin-1 text.
            if (data.empty()) {
                Ref<TupleObject> args = Ref<TupleObject>::borrow(empty_tuple());
                if (!save_reduce_call(Value::from_object(&kBytesType), args.get())) return false;
            } else {
                std::string text;
                text.reserve(data.size() * 2);
                for (unsigned char c : data)
                    utf8_append(text, c);
                if (!save_codecs_encode()) return false;
                Owned s = new_str(text);
                if (!save(s.get())) return false;
                if (!latin1_) latin1_ = new_str("latin1");
                if (!save(Value::from_object(latin1_.get()))) return false;
                op(kTuple2);
                // The args tuple is a fresh object in CPython too: memoized, never shared.
                Ref<TupleObject> args = new_tuple_of({s.get(), Value::from_object(latin1_.get())});
                memo_put(args.get());
                op(kReduce);
            }
            memo_put(o);
            return true;
        }
        char header[9];
        size_t n;
        if (data.size() < 256) {
            header[0] = kShortBinBytes;
            header[1] = static_cast<char>(data.size());
            n = 2;
        } else if (data.size() > 0xffffffffu && proto_ >= 4) {
            header[0] = static_cast<char>(kBinBytes8);
            for (int i = 0; i < 8; ++i)
                header[1 + i] = static_cast<char>(static_cast<uint64_t>(data.size()) >> (8 * i));
            n = 9;
        } else {
            header[0] = kBinBytes;
            for (int i = 0; i < 4; ++i)
                header[1 + i] = static_cast<char>(static_cast<uint64_t>(data.size()) >> (8 * i));
            n = 5;
        }
        write_large({header, n}, data);
        memo_put(o);
        return true;
    }

    // The global _codecs.encode (protocol 2 bytes), memoized like any global.
    bool save_codecs_encode() {
        int64_t idx = memo_.get(&kCodecsEncodeMark);
        if (idx >= 0) {
            memo_get(idx);
            return true;
        }
        out_.append("c_codecs\nencode\n");
        memo_put(&kCodecsEncodeMark);
        return true;
    }

    bool save_bytearray(ByteArrayObject* b) {
        if (proto_ >= 5) {
            char header[9];
            header[0] = static_cast<char>(kByteArray8);
            for (int i = 0; i < 8; ++i)
                header[1 + i] = static_cast<char>(static_cast<uint64_t>(b->data.size()) >> (8 * i));
            write_large({header, 9}, b->data);
            memo_put(b);
            return true;
        }
        // bytearray.__reduce_ex__: (bytearray, (bytes(b),)) or (bytearray, ()) when empty.
        Ref<TupleObject> args;
        if (b->data.empty()) {
            args = Ref<TupleObject>::borrow(empty_tuple());
        } else {
            Owned bytes = new_bytes(b->data);
            args = new_tuple_of({bytes.get()});
        }
        if (!save_reduce_call(Value::from_object(&kByteArrayType), args.get())) return false;
        memo_put(b);
        return true;
    }

    // func(*args) as REDUCE (the object itself is memoized by the caller).
    bool save_reduce_call(Value func, TupleObject* args) {
        if (!save(func)) return false;
        if (!save(Value::from_object(args))) return false;
        op(kReduce);
        return true;
    }

    bool save_tuple(TupleObject* t) {
        int64_t n = t->length;
        if (n == 0) {
            op(kEmptyTuple);
            return true;
        }
        NativeRecursionGuard guard(ts_);
        if (!guard.enter(" while pickling an object")) return false;
        bool small = n <= 3;
        if (!small) op(kMark);
        for (int64_t i = 0; i < n; ++i) {
            if (!save(t->items[i])) return false;
        }
        // A tuple reachable from its own items was memoized while they were saved: drop what
        // was just built and fetch that one.
        int64_t idx = memo_.get(t);
        if (idx >= 0) {
            if (small) {
                for (int64_t i = 0; i < n; ++i)
                    op(kPop);
            } else {
                op(kPopMark);
            }
            memo_get(idx);
            return true;
        }
        if (small) {
            op(static_cast<unsigned char>(kTuple1 + n - 1));
        } else {
            op(kTuple);
        }
        memo_put(t);
        return true;
    }

    bool save_list(ListObject* l) {
        op(kEmptyList);
        memo_put(l);
        return save_list_items(l);
    }

    bool save_list_items(ListObject* l) {
        NativeRecursionGuard guard(ts_);
        if (!guard.enter(" while pickling an object")) return false;
        if (l->length == 1) {
            Owned item = Owned::borrow(l->items[0]);
            if (!save(item.get())) return false;
            op(kAppend);
            return true;
        }
        int64_t total = 0;
        while (total < l->length) {
            op(kMark);
            int64_t batch = 0;
            while (total < l->length) {
                Owned item = Owned::borrow(l->items[total]);
                if (!save(item.get())) return false;
                ++total;
                if (++batch == kBatchSize) break;
            }
            op(kAppends);
        }
        return true;
    }

    bool save_dict(DictObject* d) {
        op(kEmptyDict);
        memo_put(d);
        return save_dict_items(d);
    }

    bool save_dict_items(DictObject* d) {
        NativeRecursionGuard guard(ts_);
        if (!guard.enter(" while pickling an object")) return false;
        int64_t size = d->length;
        if (size == 0) return true;
        int64_t pos = 0;
        Value k, v;
        if (size == 1) {
            dict_next(d, &pos, &k, &v);
            Owned key = Owned::borrow(k), value = Owned::borrow(v);
            if (!save(key.get()) || !save(value.get())) return false;
            op(kSetItem);
            if (d->length != size) return dict_changed();
            return true;
        }
        int64_t batch;
        do {
            op(kMark);
            batch = 0;
            while (dict_next(d, &pos, &k, &v)) {
                Owned key = Owned::borrow(k), value = Owned::borrow(v);
                if (!save(key.get()) || !save(value.get())) return false;
                if (++batch == kBatchSize) break;
            }
            op(kSetItems);
            if (d->length != size) return dict_changed();
        } while (batch == kBatchSize);
        return true;
    }
    bool dict_changed() {
        raise(ts_, &kRuntimeErrorType, "dictionary changed size during iteration");
        return false;
    }

    bool save_set(SetObject* s) {
        if (proto_ < 4) return save_set_reduce(s, &kSetType);
        op(kEmptySet);
        memo_put(s);
        NativeRecursionGuard guard(ts_);
        if (!guard.enter(" while pickling an object")) return false;
        int64_t size = s->length;
        if (size == 0) return true;
        int64_t pos = 0;
        Value k;
        int64_t batch;
        do {
            op(kMark);
            batch = 0;
            while (set_next(s, &pos, &k)) {
                Owned key = Owned::borrow(k);
                if (!save(key.get())) return false;
                if (++batch == kBatchSize) break;
            }
            op(kAddItems);
            if (s->length != size) {
                raise(ts_, &kRuntimeErrorType, "set changed size during iteration");
                return false;
            }
        } while (batch == kBatchSize);
        return true;
    }

    bool save_frozenset(SetObject* s) {
        if (proto_ < 4) return save_set_reduce(s, &kFrozenSetType);
        NativeRecursionGuard guard(ts_);
        if (!guard.enter(" while pickling an object")) return false;
        op(kMark);
        int64_t pos = 0;
        Value k;
        while (set_next(s, &pos, &k)) {
            Owned key = Owned::borrow(k);
            if (!save(key.get())) return false;
        }
        int64_t idx = memo_.get(s);
        if (idx >= 0) {
            op(kPopMark);
            memo_get(idx);
            return true;
        }
        op(kFrozenSet);
        memo_put(s);
        return true;
    }

    // set/frozenset before protocol 4: (type, (list(items),)).
    bool save_set_reduce(SetObject* s, TypeObject* type) {
        Ref<ListObject> items = new_list(s->length);
        int64_t pos = 0;
        Value k;
        while (set_next(s, &pos, &k))
            list_append_value(items.get(), k);
        Ref<TupleObject> args = new_tuple_of({Value::from_object(items.get())});
        if (!save_reduce_call(Value::from_object(type), args.get())) return false;
        memo_put(s);
        return true;
    }

    // A module-level name for [obj] (function, class, builtin function): [module].[qualname]
    // after checking that importing the module and looking the name up gives [obj] back.
    bool save_global(Value obj, Value name = Value::null()) {
        Owned qualname =
            name.is_null() ? get_attr_named(ts_, obj, "__qualname__") : Owned::borrow(name);
        if (!qualname) return false;
        if (!is_str(qualname.get())) {
            raisef(ts_, &kTypeErrorType, "attribute name must be string, not '{}'",
                   type_name(qualname.get()));
            return false;
        }
        std::string_view qn = qualname.get().as<StrObject>()->view();
        std::vector<std::string_view> path;
        for (size_t start = 0;;) {
            size_t dot = qn.find('.', start);
            path.push_back(qn.substr(start, dot == std::string_view::npos ? dot : dot - start));
            if (dot == std::string_view::npos) break;
            start = dot + 1;
        }
        for (std::string_view part : path) {
            if (part == "<locals>") {
                std::string r = repr_text(ts_, qualname.get());
                raisef(ts_, &kAttributeErrorType, "Can't pickle local object {}", r);
                return false;
            }
        }
        Owned module_name = which_module(obj, path);
        if (!module_name) return false;
        Owned module = import_module(ts_, module_name.get().as<StrObject>());
        if (!module) {
            clear_exception(ts_);
            std::string r = repr_text(ts_, obj);
            std::string m = repr_text(ts_, module_name.get());
            raisef(ts_, pickling_error_type(), "Can't pickle {}: import of module {} failed", r, m);
            return false;
        }
        Owned parent;
        Owned found = module;
        for (std::string_view part : path) {
            parent = found;
            found = get_attr_opt(ts_, found.get(), ts_.interp.intern(part));
            if (!found) {
                clear_exception(ts_);
                std::string r = repr_text(ts_, obj);
                raisef(ts_, pickling_error_type(),
                       "Can't pickle {}: attribute lookup {} on {} failed", r, qn,
                       module_name.get().as<StrObject>()->view());
                return false;
            }
        }
        if (!found.get().is(obj)) {
            std::string r = repr_text(ts_, obj);
            raisef(ts_, pickling_error_type(), "Can't pickle {}: it's not the same object as {}.{}",
                   r, module_name.get().as<StrObject>()->view(), qn);
            return false;
        }
        if (proto_ >= 4) {
            if (!save(module_name.get()) || !save(qualname.get())) return false;
            op(kStackGlobal);
        } else if (path.size() > 1) {
            // getattr(parent, name) for a nested name before protocol 4.
            Value getattr_fn =
                dict_get_str(ts_.interp.builtins.get(), ts_.interp.intern("getattr"));
            Owned last = new_str(path.back());
            Ref<TupleObject> args = new_tuple_of({parent.get(), last.get()});
            if (!save_reduce_call(getattr_fn, args.get())) return false;
        } else {
            std::string_view m = module_name.get().as<StrObject>()->view();
            if (proto_ < 3) {
                if (m == "builtins")
                    m = "__builtin__";
                else if (m == "copyreg")
                    m = "copy_reg";
            }
            op(kGlobal);
            out_.append(m);
            out_.push_back('\n');
            out_.append(qn);
            out_.push_back('\n');
        }
        memo_put(obj.as_object());
        return true;
    }

    // obj.__module__, or the module in sys.modules that holds [obj] at [path], or __main__.
    Owned which_module(Value obj, const std::vector<std::string_view>& path) {
        Owned m = get_attr_opt(ts_, obj, ts_.interp.intern("__module__"));
        if (!m && ts_.has_exception()) return nullptr;
        if (m && !m.get().is_none()) {
            if (!is_str(m.get())) {
                raisef(ts_, &kTypeErrorType, "module name must be str, not {}", type_name(m.get()));
                return nullptr;
            }
            return m;
        }
        int64_t pos = 0;
        Value key, module;
        while (dict_next(ts_.interp.modules.get(), &pos, &key, &module)) {
            if (!is_str(key) || !is_module(module)) continue;
            std::string_view name = key.as<StrObject>()->view();
            if (name == "__main__" || name == "__mp_main__") continue;
            Owned found = Owned::borrow(module);
            for (std::string_view part : path) {
                found = get_attr_opt(ts_, found.get(), ts_.interp.intern(part));
                if (!found) break;
            }
            clear_exception(ts_);
            if (found && found.get().is(obj)) return Owned::borrow(key);
        }
        return new_str("__main__");
    }

    // The reduce protocol for any other object: its own __reduce_ex__/__reduce__, or the
    // default of object.__reduce_ex__ (copyreg.__newobj__ with the state).
    bool save_other(Value obj) {
        TypeObject* t = type_of(obj);
        if (Value rex = type_lookup(t, ts_.interp.intern("__reduce_ex__")); !rex.is_null()) {
            Owned r = call_method(ts_, obj, ts_.interp.intern("__reduce_ex__"),
                                  {Value::from_int(proto_)});
            if (!r) return false;
            return save_reduce_value(obj, r.get());
        }
        if (Value red = type_lookup(t, ts_.interp.intern("__reduce__")); !red.is_null()) {
            Owned r = call_method(ts_, obj, ts_.interp.intern("__reduce__"), {});
            if (!r) return false;
            return save_reduce_value(obj, r.get());
        }
        if (is_exception(obj)) return save_exception(obj);
        TypeObject* solid = is_heap_type(t) ? type_solid_base(t) : t;
        if (solid != &kObjectType && solid != &kListType && solid != &kDictType) {
            raisef(ts_, &kTypeErrorType, "cannot pickle '{}' object", t->name);
            return false;
        }
        if (!is_heap_type(t) && t != &kObjectType) {
            raisef(ts_, &kTypeErrorType, "cannot pickle '{}' object", t->name);
            return false;
        }
        // copyreg.__newobj__(cls, *args): NEWOBJ with __getnewargs__()'s arguments.
        Ref<TupleObject> args = Ref<TupleObject>::borrow(empty_tuple());
        if (!type_lookup(t, ts_.interp.intern("__getnewargs__")).is_null()) {
            Owned a = call_method(ts_, obj, ts_.interp.intern("__getnewargs__"), {});
            if (!a) return false;
            if (!is_tuple(a.get())) {
                raisef(ts_, &kTypeErrorType, "__getnewargs__ should return a tuple, not '{}'",
                       type_name(a.get()));
                return false;
            }
            args = Ref<TupleObject>::borrow(a.get().as<TupleObject>());
        }
        Owned state = get_state(obj);
        if (!state) return false;
        if (!save(Value::from_object(t))) return false;
        if (!save(Value::from_object(args.get()))) return false;
        op(kNewObj);
        if (!memoize_result(obj)) return false;
        if (solid == &kListType && !save_list_items(obj.as<ListObject>())) return false;
        if (solid == &kDictType && !save_dict_items(obj.as<DictObject>())) return false;
        if (!state.get().is_none()) {
            if (!save(state.get())) return false;
            op(kBuild);
        }
        return true;
    }

    // obj.__getstate__() if the class defines one, else the instance __dict__ (None if empty).
    Owned get_state(Value obj) {
        TypeObject* t = type_of(obj);
        if (!type_lookup(t, ts_.interp.intern("__getstate__")).is_null()) {
            return call_method(ts_, obj, ts_.interp.intern("__getstate__"), {});
        }
        if (t->instance_dict) {
            Ref<DictObject>* d = t->instance_dict(obj.as_object());
            if (d && *d && (*d)->length > 0) return Owned::borrow(Value::from_object(d->get()));
        }
        return Owned::none();
    }

    // BaseException.__reduce__: (type, args) or (type, args, __dict__).
    bool save_exception(Value obj) {
        auto* e = obj.as<ExceptionObject>();
        Ref<TupleObject> args = e->args ? e->args : Ref<TupleObject>::borrow(empty_tuple());
        if (!save(Value::from_object(type_of(obj)))) return false;
        if (!save(Value::from_object(args.get()))) return false;
        op(kReduce);
        if (!memoize_result(obj)) return false;
        if (e->dict && e->dict->length > 0) {
            if (!save(Value::from_object(e->dict.get()))) return false;
            op(kBuild);
        }
        return true;
    }

    // After building [obj] from a reduce: memoize it, or, if saving its arguments already
    // memoized it (a recursive reference), replace the new copy with the memoized one.
    bool memoize_result(Value obj) {
        int64_t idx = memo_.get(obj.as_object());
        if (idx >= 0) {
            op(kPop);
            memo_get(idx);
        } else {
            memo_put(obj.as_object());
        }
        return true;
    }

    // What __reduce_ex__ returned: a global name, or (func, args[, state[, listitems[,
    // dictitems]]]).
    bool save_reduce_value(Value obj, Value r) {
        if (is_str(r)) return save_global(obj, r);
        if (!is_tuple(r)) {
            raise(ts_, pickling_error_type(), "__reduce__ must return a string or tuple");
            return false;
        }
        auto* t = r.as<TupleObject>();
        if (t->length < 2 || t->length > 6) {
            raise(ts_, pickling_error_type(),
                  "tuple returned by __reduce__ must contain 2 through 6 elements");
            return false;
        }
        Value func = t->items[0], args = t->items[1];
        Value state = t->length > 2 ? t->items[2] : Value::none();
        Value listitems = t->length > 3 ? t->items[3] : Value::none();
        Value dictitems = t->length > 4 ? t->items[4] : Value::none();
        if (!is_callable(func)) {
            raise(ts_, pickling_error_type(),
                  "first item of the tuple returned by __reduce__ must be callable");
            return false;
        }
        if (!is_tuple(args)) {
            raise(ts_, pickling_error_type(),
                  "second item of the tuple returned by __reduce__ must be a tuple");
            return false;
        }
        auto* a = args.as<TupleObject>();
        bool newobj = false;
        if (proto_ >= 2) {
            Owned fname = get_attr_opt(ts_, func, ts_.interp.intern("__name__"));
            if (!fname && ts_.has_exception()) return false;
            newobj =
                fname && is_str(fname.get()) && fname.get().as<StrObject>()->view() == "__newobj__";
        }
        if (newobj) {
            if (a->length < 1) {
                raise(ts_, pickling_error_type(), "__newobj__ arglist is empty");
                return false;
            }
            Value cls = a->items[0];
            if (!Value::from_object(type_of(obj)).is(cls)) {
                raise(ts_, pickling_error_type(),
                      "args[0] from __newobj__ args has the wrong class");
                return false;
            }
            if (!save(cls)) return false;
            Ref<TupleObject> rest = new_tuple_from(a->items + 1, a->length - 1);
            if (!save(Value::from_object(rest.get()))) return false;
            op(kNewObj);
        } else {
            if (!save(func) || !save(args)) return false;
            op(kReduce);
        }
        if (!memoize_result(obj)) return false;
        if (!listitems.is_none() && !save_iter_items(listitems, false)) return false;
        if (!dictitems.is_none() && !save_iter_items(dictitems, true)) return false;
        if (!state.is_none()) {
            if (!save(state)) return false;
            op(kBuild);
        }
        return true;
    }

    // The items of an iterator as APPEND(S) or, for pairs, SETITEM(S).
    bool save_iter_items(Value iterable, bool pairs) {
        Owned it = get_iter(ts_, iterable);
        if (!it) return false;
        Owned first = iter_next(ts_, it.get());
        if (!first) return !ts_.has_exception();
        auto save_one = [&](Value item) {
            if (!pairs) return save(item);
            if (!is_tuple(item) || item.as<TupleObject>()->length != 2) {
                raise(ts_, &kTypeErrorType, "dict items iterator must return 2-tuples");
                return false;
            }
            return save(item.as<TupleObject>()->items[0]) && save(item.as<TupleObject>()->items[1]);
        };
        Owned second = iter_next(ts_, it.get());
        if (!second) {
            if (ts_.has_exception()) return false;
            if (!save_one(first.get())) return false;
            op(pairs ? kSetItem : kAppend);
            return true;
        }
        Owned pending[2] = {std::move(first), std::move(second)};
        int npending = 2;
        while (npending > 0) {
            op(kMark);
            int64_t batch = 0;
            while (true) {
                Owned item;
                if (npending > 0) {
                    item = std::move(pending[2 - npending]);
                    --npending;
                } else {
                    item = iter_next(ts_, it.get());
                    if (!item) {
                        if (ts_.has_exception()) return false;
                        break;
                    }
                }
                if (!save_one(item.get())) return false;
                if (++batch == kBatchSize) break;
            }
            op(pairs ? kSetItems : kAppends);
            if (batch < kBatchSize) break;
            Owned next = iter_next(ts_, it.get());
            if (!next) {
                if (ts_.has_exception()) return false;
                break;
            }
            pending[1] = std::move(next);
            npending = 1;
        }
        return true;
    }

  public:
    // Frames are cut before an object once they reached the target size.
    bool save(Value v) {
        opcode_boundary();
        switch (v.tag()) {
            case Tag::None:
                op(kNone);
                break;
            case Tag::Bool:
                op(v.as_bool() ? kNewTrue : kNewFalse);
                break;
            case Tag::Int:
                save_small_int(v.as_int());
                break;
            case Tag::Float:
                save_float(v.as_float());
                break;
            case Tag::Null:
                break;
            case Tag::Object:
                return save_object(v);
        }
        return true;
    }

  private:
    bool save_object(Value v) {
        Object* o = v.as_object();
        TypeObject* t = o->type;
        if (t == &kIntType) {
            save_big_int(static_cast<IntObject*>(o)->value);
            return true;
        }
        int64_t idx = memo_.get(o);
        if (idx >= 0) {
            memo_get(idx);
            return true;
        }
        bool ok;
        if (t == &kStrType) {
            ok = save_str(static_cast<StrObject*>(o));
        } else if (t == &kTupleType) {
            ok = save_tuple(static_cast<TupleObject*>(o));
        } else if (t == &kListType) {
            ok = save_list(static_cast<ListObject*>(o));
        } else if (t == &kDictType) {
            ok = save_dict(static_cast<DictObject*>(o));
        } else if (t == &kBytesType) {
            ok = save_bytes(o, static_cast<BytesObject*>(o)->view());
        } else if (t == &kByteArrayType) {
            ok = save_bytearray(static_cast<ByteArrayObject*>(o));
        } else if (t == &kSetType) {
            ok = save_set(static_cast<SetObject*>(o));
        } else if (t == &kFrozenSetType) {
            ok = save_frozenset(static_cast<SetObject*>(o));
        } else if (t == &kFunctionType || (t->flags & kTypeTypeSubclass)) {
            ok = save_global(v);
        } else if (t == &kBuiltinFunctionType &&
                   (static_cast<BuiltinFunctionObject*>(o)->self.is_null() ||
                    is_module(static_cast<BuiltinFunctionObject*>(o)->self.get()))) {
            ok = save_global(v);
        } else {
            NativeRecursionGuard guard(ts_);
            if (!guard.enter(" while pickling an object")) return false;
            ok = save_other(v);
        }
        return ok;
    }

    ThreadState& ts_;
    int proto_;
    bool framing_;
    OutBuffer out_;
    size_t frame_start_ = 0;
    MemoTable memo_;
    Ref<StrObject> latin1_;
};

// The protocol argument: None -> DEFAULT_PROTOCOL, negative -> HIGHEST_PROTOCOL.
bool parse_protocol(ThreadState& ts, Value v, int* out) {
    if (v.is_null() || v.is_none()) {
        *out = kDefaultProtocol;
        return true;
    }
    int64_t p;
    if (!arg_int64(ts, v, &p)) return false;
    if (p < 0) p = kHighestProtocol;
    if (p > kHighestProtocol) {
        raisef(ts, &kValueErrorType, "pickle protocol must be <= {}", kHighestProtocol);
        return false;
    }
    *out = static_cast<int>(p);
    return true;
}

// dumps(obj, protocol=None, *, fix_imports=True, buffer_callback=None)
Owned pickle_dumps(ThreadState& ts, CallArgs args) {
    static const char* const kNames[] = {"obj", "protocol", "fix_imports", "buffer_callback"};
    Value a[4];
    if (args.kwnames == nullptr && (args.nargs == 1 || args.nargs == 2)) {
        // The common call, dumps(obj) or dumps(obj, protocol): nothing to match by name.
        a[0] = args[0];
        a[1] = args.nargs == 2 ? args[1] : Value::null();
    } else if (!parse_args(ts, args, "dumps", kNames, 1, a, 2)) {
        return nullptr;
    }
    int proto;
    if (!parse_protocol(ts, a[1], &proto)) return nullptr;
    return pickle_to_bytes(ts, a[0], proto);
}

// dump(obj, file, protocol=None, *, fix_imports=True, buffer_callback=None)
Owned pickle_dump(ThreadState& ts, CallArgs args) {
    static const char* const kNames[] = {"obj", "file", "protocol", "fix_imports",
                                         "buffer_callback"};
    Value a[5];
    if (!parse_args(ts, args, "dump", kNames, 2, a, 3)) return nullptr;
    int proto;
    if (!parse_protocol(ts, a[2], &proto)) return nullptr;
    Owned write = get_attr_opt(ts, a[1], ts.interp.intern("write"));
    if (!write) {
        if (ts.has_exception()) return nullptr;
        return raise(ts, &kTypeErrorType, "file must have a 'write' attribute");
    }
    Owned data = pickle_to_bytes(ts, a[0], proto);
    if (!data) return nullptr;
    Owned r = call_values(ts, write.get(), {data.get()});
    if (!r) return nullptr;
    return Owned::none();
}

// ---------------------------------------------------------------------------------------------
// Unpickler

// _codecs.encode(text, encoding) for the latin-1 text protocol 2 stores bytes as (and UTF-8).
Owned codecs_encode(ThreadState& ts, CallArgs args) {
    if (!check_positional(ts, args, "encode", 1, 3)) return nullptr;
    if (!is_str(args[0])) {
        return raisef(ts, &kTypeErrorType, "utf_8_encode() argument 1 must be str, not {}",
                      type_name(args[0]));
    }
    std::string_view text = args[0].as<StrObject>()->view();
    std::string enc = "utf-8";
    if (args.nargs > 1) {
        if (!is_str(args[1])) {
            return raisef(ts, &kTypeErrorType, "encode() argument 'encoding' must be str, not {}",
                          type_name(args[1]));
        }
        enc = args[1].as<StrObject>()->view();
        for (char& c : enc)
            c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    if (enc == "utf-8" || enc == "utf8" || enc == "utf_8") return new_bytes(text);
    if (enc == "latin1" || enc == "latin-1" || enc == "latin_1" || enc == "iso-8859-1") {
        std::string out;
        out.reserve(text.size());
        int64_t pos = 0;
        int64_t index = 0;
        while (pos < static_cast<int64_t>(text.size())) {
            uint32_t cp = utf8_decode(text, &pos);
            if (cp > 0xff) {
                return raisef(ts, &kUnicodeEncodeErrorType,
                              "'latin-1' codec can't encode character '\\u{:04x}' in position {}: "
                              "ordinal not in range(256)",
                              cp, index);
            }
            out.push_back(static_cast<char>(cp));
            ++index;
        }
        return new_bytes(out);
    }
    return raisef(ts, &kLookupErrorType, "unknown encoding: {}", enc);
}

const MethodDef kCodecsEncodeDef = {"encode", codecs_encode};

class Unpickler {
  public:
    // Reads from [data] (kept alive by the caller), or from [file] when it is not null.
    Unpickler(ThreadState& ts, std::string_view data, Value file)
        : ts_(ts), p_(data.data()), end_(data.data() + data.size()), file_(file) {}

    Owned load() {
        while (true) {
            if (p_ == end_ && !fill(1)) {
                if (ts_.has_exception()) return nullptr;
                return raise(ts_, &kEOFErrorType, "Ran out of input");
            }
            unsigned char c = static_cast<unsigned char>(*p_++);
            if (c == kStop) {
                if (!marks_.empty())
                    return raise(ts_, unpickling_error_type(), "unexpected MARK found");
                if (stack_.empty()) return underflow();
                Owned r = std::move(stack_.back());
                stack_.pop_back();
                return r;
            }
            if (!dispatch(c)) return nullptr;
        }
    }

    // Bytes of the input not consumed (file input: to be given back by seeking, unused).
    size_t unread() const { return static_cast<size_t>(end_ - p_); }

  private:
    // Makes [n] bytes available at p_ (reading the file when there is one); false if the input
    // ends first (no exception unless reading raised).
    bool fill(size_t n) {
        if (static_cast<size_t>(end_ - p_) >= n) return true;
        if (file_.is_null()) return false;
        size_t have = static_cast<size_t>(end_ - p_);
        std::string rest(p_, have);
        Owned data = call_method(ts_, file_, ts_.interp.intern("read"),
                                 {Value::from_int(static_cast<int64_t>(n - have))});
        if (!data) return false;
        std::string_view got;
        if (!bytes_like_view(data.get(), &got)) {
            raisef(ts_, &kTypeErrorType, "a bytes-like object is required, not '{}'",
                   type_name(data.get()));
            return false;
        }
        buffer_ = rest;
        buffer_.append(got);
        p_ = buffer_.data();
        end_ = p_ + buffer_.size();
        return static_cast<size_t>(end_ - p_) >= n;
    }

    // [n] argument bytes; null with UnpicklingError if the input ends.
    const char* take(size_t n) {
        if (!fill(n)) {
            if (!ts_.has_exception())
                raise(ts_, unpickling_error_type(), "pickle data was truncated");
            return nullptr;
        }
        const char* r = p_;
        p_ += n;
        return r;
    }

    // A line ending with '\n' (GLOBAL's arguments), without the newline.
    bool read_line(std::string_view* out) {
        while (true) {
            const void* nl = std::memchr(p_, '\n', static_cast<size_t>(end_ - p_));
            if (nl) {
                *out = std::string_view(p_, static_cast<const char*>(nl) - p_);
                p_ = static_cast<const char*>(nl) + 1;
                return true;
            }
            if (file_.is_null()) break;
            size_t have = static_cast<size_t>(end_ - p_);
            if (!fill(have + 1)) break;
        }
        if (!ts_.has_exception()) raise(ts_, unpickling_error_type(), "pickle data was truncated");
        return false;
    }

    static uint64_t le(const char* b, int n) {
        uint64_t v = 0;
        for (int i = 0; i < n; ++i)
            v |= static_cast<uint64_t>(static_cast<unsigned char>(b[i])) << (8 * i);
        return v;
    }

    std::nullptr_t underflow() {
        return raise(ts_, unpickling_error_type(), "unpickling stack underflow");
    }

    // The stack position of the innermost mark (items below it are not this opcode's).
    size_t fence() const { return marks_.empty() ? 0 : marks_.back(); }

    bool push(Owned v) {
        if (!v) return false;
        stack_.push_back(std::move(v));
        return true;
    }
    Owned pop() {
        if (stack_.size() <= fence()) return underflow();
        Owned v = std::move(stack_.back());
        stack_.pop_back();
        return v;
    }
    // The position of the innermost mark, which is removed; -1 with UnpicklingError if none.
    int64_t pop_mark() {
        if (marks_.empty()) {
            raise(ts_, unpickling_error_type(), "could not find MARK");
            return -1;
        }
        size_t m = marks_.back();
        marks_.pop_back();
        return static_cast<int64_t>(m);
    }

    Ref<TupleObject> tuple_from(size_t start) {
        size_t n = stack_.size() - start;
        Ref<TupleObject> t = new_tuple(static_cast<int64_t>(n));
        for (size_t i = 0; i < n; ++i)
            t->items[i] = stack_[start + i].release();
        stack_.resize(start);
        return t;
    }

    bool memo_put(uint64_t idx, Value v) {
        if (idx < (1u << 24)) {
            if (idx >= memo_.size()) memo_.resize(std::max<size_t>(idx + 1, memo_.size() * 2));
            if (memo_[idx].is_null()) ++memo_len_;
            memo_[idx] = Owned::borrow(v);
        } else {
            auto [it, added] = memo_big_.try_emplace(idx, Owned::borrow(v));
            if (added)
                ++memo_len_;
            else
                it->second = Owned::borrow(v);
        }
        return true;
    }
    bool memo_get(uint64_t idx) {
        Value v;
        if (idx < memo_.size()) {
            v = memo_[idx].get();
        } else if (auto it = memo_big_.find(idx); it != memo_big_.end()) {
            v = it->second.get();
        }
        if (v.is_null()) {
            raisef(ts_, unpickling_error_type(), "Memo value not found at index {}", idx);
            return false;
        }
        stack_.push_back(Owned::borrow(v));
        return true;
    }

    bool load_str(size_t n) {
        const char* s = take(n);
        if (!s) return false;
        std::string_view text(s, n);
        int64_t bad;
        Ref<StrObject> str = new_str_from_utf8(text, &bad);
        if (!str) {
            // bytes.decode raises CPython's UnicodeDecodeError for this text.
            Owned b = new_bytes(text);
            Owned r = call_method(ts_, b.get(), ts_.interp.intern("decode"), {});
            if (r) raise(ts_, unpickling_error_type(), "invalid UTF-8 in string");
            return false;
        }
        return push(std::move(str));
    }

    bool load_long(size_t n) {
        const char* b = take(n);
        if (!b) return false;
        if (n == 0) return push(Owned::steal(Value::from_int(0)));
        if (n <= 8) {
            uint64_t v = le(b, static_cast<int>(n));
            if (n < 8 && (v >> (8 * n - 1)) & 1) v |= ~uint64_t{0} << (8 * n);
            return push(Owned::steal(Value::from_int(static_cast<int64_t>(v))));
        }
        BigInt v;
        mpz_import(v.raw(), n, -1, 1, 0, 0, b);
        if (static_cast<unsigned char>(b[n - 1]) & 0x80) {
            v = v - BigInt(1).shift_left(static_cast<uint64_t>(8 * n));
        }
        return push(int_from_bigint(std::move(v)));
    }

    // module.qualname for GLOBAL and STACK_GLOBAL (CPython's find_class).
    Owned find_class(std::string_view module, std::string_view name) {
        if (proto_ < 3) {
            if (module == "__builtin__")
                module = "builtins";
            else if (module == "copy_reg")
                module = "copyreg";
        }
        if (module == "_codecs" && name == "encode") {
            return new_builtin_function(&kCodecsEncodeDef,
                                        Value::from_object(ts_.interp.intern("_codecs")));
        }
        Owned m = import_module(ts_, ts_.interp.intern(module));
        if (!m) return nullptr;
        Owned found = m;
        std::vector<std::string_view> path;
        if (proto_ >= 4) {
            for (size_t start = 0;;) {
                size_t dot = name.find('.', start);
                path.push_back(
                    name.substr(start, dot == std::string_view::npos ? dot : dot - start));
                if (dot == std::string_view::npos) break;
                start = dot + 1;
            }
        } else {
            path.push_back(name);
        }
        for (std::string_view part : path) {
            if (part == "<locals>") {
                std::string mr = repr_text(ts_, m.get());
                return raisef(ts_, &kAttributeErrorType, "Can't get local attribute '{}' on {}",
                              name, mr);
            }
            found = get_attr_opt(ts_, found.get(), ts_.interp.intern(part));
            if (!found) {
                if (ts_.has_exception()) return nullptr;
                std::string mr = repr_text(ts_, m.get());
                return raisef(ts_, &kAttributeErrorType, "Can't get attribute '{}' on {}", name,
                              mr);
            }
        }
        return found;
    }

    bool load_build() {
        Owned state = pop();
        if (!state) return false;
        if (stack_.size() <= fence()) return underflow(), false;
        Value inst = stack_.back().get();
        Owned setstate = get_attr_opt(ts_, inst, ts_.interp.intern("__setstate__"));
        if (setstate) return !call_values(ts_, setstate.get(), {state.get()}).is_null();
        if (ts_.has_exception()) return false;
        Value dict_state = state.get(), slot_state = Value::none();
        if (is_tuple(dict_state) && dict_state.as<TupleObject>()->length == 2) {
            slot_state = dict_state.as<TupleObject>()->items[1];
            dict_state = dict_state.as<TupleObject>()->items[0];
        }
        if (!dict_state.is_none()) {
            if (!is_dict(dict_state)) {
                raise(ts_, unpickling_error_type(), "state is not a dictionary");
                return false;
            }
            TypeObject* t = type_of(inst);
            Ref<DictObject>* d = t->instance_dict ? t->instance_dict(inst.as_object()) : nullptr;
            int64_t pos = 0;
            Value k, v;
            while (dict_next(dict_state.as<DictObject>(), &pos, &k, &v)) {
                if (d) {
                    if (!*d) *d = new_dict();
                    if (!dict_set(ts_, d->get(), k, v)) return false;
                } else {
                    if (!is_str(k)) {
                        raise(ts_, &kTypeErrorType, "attribute name must be string");
                        return false;
                    }
                    if (set_attr(ts_, inst, k.as<StrObject>(), v) < 0) return false;
                }
            }
        }
        if (!slot_state.is_none()) {
            if (!is_dict(slot_state)) {
                raise(ts_, unpickling_error_type(), "slot state is not a dictionary");
                return false;
            }
            int64_t pos = 0;
            Value k, v;
            while (dict_next(slot_state.as<DictObject>(), &pos, &k, &v)) {
                if (!is_str(k)) {
                    raise(ts_, &kTypeErrorType, "attribute name must be string");
                    return false;
                }
                if (set_attr(ts_, inst, k.as<StrObject>(), v) < 0) return false;
            }
        }
        return true;
    }

    // cls.__new__(cls, *args[, **kwargs]).
    Owned new_object(Value cls, TupleObject* args, Value kwargs, const char* what) {
        if (!is_instance(cls, &kTypeType)) {
            return raisef(ts_, unpickling_error_type(), "{} class argument isn't a type object",
                          what);
        }
        Owned new_fn = get_attr_named(ts_, cls, "__new__");
        if (!new_fn) return nullptr;
        std::vector<Value> argv;
        argv.reserve(static_cast<size_t>(args->length) + 1);
        argv.push_back(cls);
        for (int64_t i = 0; i < args->length; ++i)
            argv.push_back(args->items[i]);
        Ref<TupleObject> kwnames;
        if (!kwargs.is_null() && is_dict(kwargs) && kwargs.as<DictObject>()->length > 0) {
            auto* d = kwargs.as<DictObject>();
            kwnames = new_tuple(d->length);
            int64_t pos = 0, i = 0;
            Value k, v;
            while (dict_next(d, &pos, &k, &v)) {
                incref(k);
                kwnames->items[i++] = k;
                argv.push_back(v);
            }
        }
        return call(ts_, new_fn.get(),
                    CallArgs{argv.data(), static_cast<size_t>(args->length) + 1, kwnames.get()});
    }

    bool add_items_to(Value target, size_t start, unsigned char opcode) {
        size_t n = stack_.size();
        if (opcode == kAppends || opcode == kAppend) {
            if (is_exact_list(target)) {
                auto* l = target.as<ListObject>();
                list_reserve(l, l->length + static_cast<int64_t>(n - start));
                for (size_t i = start; i < n; ++i)
                    list_append_owned(l, std::move(stack_[i]));
            } else {
                Owned extend = get_attr_opt(ts_, target, ts_.interp.intern("extend"));
                if (!extend && ts_.has_exception()) return false;
                Owned append = extend ? Owned() : get_attr_named(ts_, target, "append");
                if (!extend && !append) return false;
                if (extend) {
                    Ref<ListObject> items = new_list(static_cast<int64_t>(n - start));
                    for (size_t i = start; i < n; ++i)
                        list_append_owned(items.get(), std::move(stack_[i]));
                    stack_.resize(start);
                    return !call_values(ts_, extend.get(), {Value::from_object(items.get())})
                                .is_null();
                }
                for (size_t i = start; i < n; ++i) {
                    if (!call_values(ts_, append.get(), {stack_[i].get()})) return false;
                }
            }
        } else if (opcode == kSetItems || opcode == kSetItem) {
            if ((n - start) % 2 != 0) {
                raise(ts_, unpickling_error_type(), "odd number of items for SETITEMS");
                return false;
            }
            for (size_t i = start; i < n; i += 2) {
                if (is_exact_dict(target)) {
                    if (!dict_set(ts_, target.as<DictObject>(), stack_[i].get(),
                                  stack_[i + 1].get()))
                        return false;
                } else if (set_item(ts_, target, stack_[i].get(), stack_[i + 1].get()) < 0) {
                    return false;
                }
            }
        } else {  // ADDITEMS
            if (is_any_set(target) && type_of(target) == &kSetType) {
                for (size_t i = start; i < n; ++i) {
                    if (!set_add(ts_, target.as<SetObject>(), stack_[i].get())) return false;
                }
            } else {
                Owned add = get_attr_named(ts_, target, "add");
                if (!add) return false;
                for (size_t i = start; i < n; ++i) {
                    if (!call_values(ts_, add.get(), {stack_[i].get()})) return false;
                }
            }
        }
        stack_.resize(start);
        return true;
    }

    bool dispatch(unsigned char c) {
        switch (c) {
            case kProto: {
                const char* b = take(1);
                if (!b) return false;
                int p = static_cast<unsigned char>(*b);
                if (p > kHighestProtocol) {
                    raisef(ts_, &kValueErrorType, "unsupported pickle protocol: {}", p);
                    return false;
                }
                proto_ = p;
                return true;
            }
            case kFrame: {
                const char* b = take(8);
                if (!b) return false;
                uint64_t n = le(b, 8);
                if (n > static_cast<uint64_t>(PTRDIFF_MAX)) {
                    raise(ts_, &kOverflowErrorType,
                          "FRAME length exceeds system's maximum of "
                          "9223372036854775807 bytes");
                    return false;
                }
                if (!fill(static_cast<size_t>(n))) {
                    if (!ts_.has_exception())
                        raise(ts_, unpickling_error_type(), "pickle data was truncated");
                    return false;
                }
                return true;
            }
            case kNone:
                return push(Owned::none());
            case kNewTrue:
                return push(Owned::from_bool(true));
            case kNewFalse:
                return push(Owned::from_bool(false));
            case kBinInt1: {
                const char* b = take(1);
                return b && push(Owned::steal(Value::from_int(static_cast<unsigned char>(*b))));
            }
            case kBinInt2: {
                const char* b = take(2);
                return b && push(Owned::steal(Value::from_int(static_cast<int64_t>(le(b, 2)))));
            }
            case kBinInt: {
                const char* b = take(4);
                return b && push(Owned::steal(Value::from_int(static_cast<int32_t>(le(b, 4)))));
            }
            case kLong1: {
                const char* b = take(1);
                return b && load_long(static_cast<unsigned char>(*b));
            }
            case kLong4: {
                const char* b = take(4);
                if (!b) return false;
                int32_t n = static_cast<int32_t>(le(b, 4));
                if (n < 0) {
                    raise(ts_, unpickling_error_type(), "LONG pickle has negative byte count");
                    return false;
                }
                return load_long(static_cast<size_t>(n));
            }
            case kBinFloat: {
                const char* b = take(8);
                if (!b) return false;
                uint64_t bits = 0;
                for (int i = 0; i < 8; ++i)
                    bits = (bits << 8) | static_cast<unsigned char>(b[i]);
                double d;
                std::memcpy(&d, &bits, 8);
                return push(Owned::from_float(d));
            }
            case kShortBinUnicode: {
                const char* b = take(1);
                return b && load_str(static_cast<unsigned char>(*b));
            }
            case kBinUnicode: {
                const char* b = take(4);
                return b && load_str(le(b, 4));
            }
            case kBinUnicode8: {
                const char* b = take(8);
                return b && load_str(le(b, 8));
            }
            case kShortBinBytes:
            case kBinBytes:
            case kBinBytes8:
            case kByteArray8:
            case kShortBinString:
            case kBinString: {
                int width = c == kShortBinBytes || c == kShortBinString ? 1
                            : (c == kBinBytes || c == kBinString)       ? 4
                                                                        : 8;
                const char* b = take(static_cast<size_t>(width));
                if (!b) return false;
                uint64_t n = le(b, width);
                if (c == kBinString && static_cast<int32_t>(n) < 0) {
                    raise(ts_, unpickling_error_type(), "BINSTRING pickle has negative byte count");
                    return false;
                }
                const char* s = take(n);
                if (!s) return false;
                std::string_view data(s, n);
                if (c == kByteArray8) return push(new_bytearray(data));
                if (c == kShortBinString || c == kBinString) {
                    // Python 2 str: decoded as ASCII (the default encoding of loads).
                    for (unsigned char ch : data) {
                        if (ch >= 0x80) {
                            Owned bytes = new_bytes(data);
                            Owned r = call_method(ts_, bytes.get(), ts_.interp.intern("decode"),
                                                  {Value::from_object(ts_.interp.intern("ascii"))});
                            return false;
                        }
                    }
                    return push(new_str(data));
                }
                return push(new_bytes(data));
            }
            case kEmptyTuple:
                return push(Owned::borrow(Value::from_object(empty_tuple())));
            case kTuple1:
            case kTuple2:
            case kTuple3: {
                size_t n = c - kTuple1 + 1;
                if (stack_.size() < fence() + n) return underflow(), false;
                return push(tuple_from(stack_.size() - n));
            }
            case kTuple: {
                int64_t m = pop_mark();
                return m >= 0 && push(tuple_from(static_cast<size_t>(m)));
            }
            case kEmptyList:
                return push(new_list());
            case kEmptyDict:
                return push(new_dict());
            case kEmptySet:
                return push(new_set());
            case kList: {
                int64_t m = pop_mark();
                if (m < 0) return false;
                Ref<ListObject> l = new_list(static_cast<int64_t>(stack_.size()) - m);
                for (size_t i = static_cast<size_t>(m); i < stack_.size(); ++i)
                    list_append_owned(l.get(), std::move(stack_[i]));
                stack_.resize(static_cast<size_t>(m));
                return push(std::move(l));
            }
            case kDict: {
                int64_t m = pop_mark();
                if (m < 0) return false;
                Ref<DictObject> d = new_dict();
                if ((stack_.size() - static_cast<size_t>(m)) % 2 != 0) {
                    raise(ts_, unpickling_error_type(), "odd number of items for DICT");
                    return false;
                }
                for (size_t i = static_cast<size_t>(m); i < stack_.size(); i += 2) {
                    if (!dict_set(ts_, d.get(), stack_[i].get(), stack_[i + 1].get())) return false;
                }
                stack_.resize(static_cast<size_t>(m));
                return push(std::move(d));
            }
            case kFrozenSet: {
                int64_t m = pop_mark();
                if (m < 0) return false;
                Ref<SetObject> s = new_set(&kFrozenSetType);
                for (size_t i = static_cast<size_t>(m); i < stack_.size(); ++i) {
                    if (!set_add(ts_, s.get(), stack_[i].get())) return false;
                }
                stack_.resize(static_cast<size_t>(m));
                return push(std::move(s));
            }
            case kAppend:
            case kSetItem: {
                size_t n = c == kAppend ? 1 : 2;
                if (stack_.size() < fence() + n + 1) return underflow(), false;
                size_t start = stack_.size() - n;
                return add_items_to(stack_[start - 1].get(), start, c);
            }
            case kAppends:
            case kSetItems:
            case kAddItems: {
                int64_t m = pop_mark();
                if (m < 0) return false;
                if (m == 0 || static_cast<size_t>(m) <= fence()) return underflow(), false;
                return add_items_to(stack_[static_cast<size_t>(m) - 1].get(),
                                    static_cast<size_t>(m), c);
            }
            case kMark:
                marks_.push_back(stack_.size());
                return true;
            case kPop: {
                if (stack_.size() > fence()) {
                    stack_.pop_back();
                    return true;
                }
                if (!marks_.empty()) {
                    marks_.pop_back();
                    return true;
                }
                return underflow(), false;
            }
            case kPopMark: {
                int64_t m = pop_mark();
                if (m < 0) return false;
                stack_.resize(static_cast<size_t>(m));
                return true;
            }
            case kDup: {
                if (stack_.size() <= fence()) return underflow(), false;
                return push(stack_.back());
            }
            case kBinGet: {
                const char* b = take(1);
                return b && memo_get(static_cast<unsigned char>(*b));
            }
            case kLongBinGet: {
                const char* b = take(4);
                return b && memo_get(le(b, 4));
            }
            case kBinPut:
            case kLongBinPut: {
                const char* b = take(c == kBinPut ? 1 : 4);
                if (!b) return false;
                if (stack_.size() <= fence()) return underflow(), false;
                return memo_put(le(b, c == kBinPut ? 1 : 4), stack_.back().get());
            }
            case kMemoize: {
                if (stack_.size() <= fence()) return underflow(), false;
                return memo_put(memo_len_, stack_.back().get());
            }
            case kGlobal: {
                std::string_view module, name;
                if (!read_line(&module)) return false;
                std::string m(module);
                if (!read_line(&name)) return false;
                return push(find_class(m, name));
            }
            case kStackGlobal: {
                Owned name = pop();
                if (!name) return false;
                Owned module = pop();
                if (!module) return false;
                if (!is_exact_str(name.get()) || !is_exact_str(module.get())) {
                    raise(ts_, unpickling_error_type(), "STACK_GLOBAL requires str");
                    return false;
                }
                return push(find_class(module.get().as<StrObject>()->view(),
                                       name.get().as<StrObject>()->view()));
            }
            case kReduce: {
                Owned args = pop();
                if (!args) return false;
                Owned func = pop();
                if (!func) return false;
                if (!is_tuple(args.get())) {
                    raise(ts_, &kTypeErrorType, "argument list must be a tuple");
                    return false;
                }
                auto* t = args.get().as<TupleObject>();
                return push(call(ts_, func.get(),
                                 CallArgs{t->items, static_cast<size_t>(t->length), nullptr}));
            }
            case kNewObj: {
                Owned args = pop();
                if (!args) return false;
                Owned cls = pop();
                if (!cls) return false;
                if (!is_tuple(args.get())) {
                    raise(ts_, unpickling_error_type(), "NEWOBJ expected an arg tuple.");
                    return false;
                }
                return push(
                    new_object(cls.get(), args.get().as<TupleObject>(), Value::null(), "NEWOBJ"));
            }
            case kNewObjEx: {
                Owned kwargs = pop();
                if (!kwargs) return false;
                Owned args = pop();
                if (!args) return false;
                Owned cls = pop();
                if (!cls) return false;
                if (!is_tuple(args.get())) {
                    raisef(ts_, unpickling_error_type(),
                           "NEWOBJ_EX args argument must be a tuple, not {}",
                           type_name(args.get()));
                    return false;
                }
                if (!is_dict(kwargs.get())) {
                    raisef(ts_, unpickling_error_type(),
                           "NEWOBJ_EX kwargs argument must be a dict, not {}",
                           type_name(kwargs.get()));
                    return false;
                }
                return push(
                    new_object(cls.get(), args.get().as<TupleObject>(), kwargs.get(), "NEWOBJ_EX"));
            }
            case kBuild:
                return load_build();
            case kNextBuffer:
            case kReadOnlyBuffer:
                raise(
                    ts_, unpickling_error_type(),
                    "pickle stream refers to out-of-band data but no *buffers* argument was given");
                return false;
            default:
                break;
        }
        if (c >= 0x20 && c <= 0x7e) {
            raisef(ts_, unpickling_error_type(), "invalid load key, '{}'.", static_cast<char>(c));
        } else {
            raisef(ts_, unpickling_error_type(), "invalid load key, '\\x{:02x}'.", c);
        }
        return false;
    }

    ThreadState& ts_;
    const char* p_;
    const char* end_;
    Value file_;
    std::string buffer_;
    int proto_ = 0;
    InlineVector<Owned, 16> stack_;
    InlineVector<size_t, 8> marks_;
    InlineVector<Owned, 16> memo_;
    std::unordered_map<uint64_t, Owned> memo_big_;
    uint64_t memo_len_ = 0;
};

// loads(data, /, *, fix_imports=True, encoding='ASCII', errors='strict', buffers=())
Owned pickle_loads(ThreadState& ts, CallArgs args) {
    static const char* const kNames[] = {"data", "fix_imports", "encoding", "errors", "buffers"};
    Value a[5];
    if (args.kwnames == nullptr && args.nargs == 1) {
        a[0] = args[0];  // the common call, loads(data)
    } else if (!parse_args(ts, args, "loads", kNames, 1, a, 1, 1)) {
        return nullptr;
    }
    std::string_view data;
    if (!bytes_like_view(a[0], &data)) {
        return raisef(ts, &kTypeErrorType, "a bytes-like object is required, not '{}'",
                      type_name(a[0]));
    }
    // A bytearray could change while unpickling runs code: read a copy of it.
    std::string copy;
    if (!is_bytes(a[0])) {
        copy.assign(data);
        data = copy;
    }
    Owned keep = Owned::borrow(a[0]);
    Unpickler u(ts, data, Value::null());
    return u.load();
}

// load(file, *, fix_imports=True, encoding='ASCII', errors='strict', buffers=())
Owned pickle_load(ThreadState& ts, CallArgs args) {
    static const char* const kNames[] = {"file", "fix_imports", "encoding", "errors", "buffers"};
    Value a[5];
    if (!parse_args(ts, args, "load", kNames, 1, a, 1)) return nullptr;
    Owned read = get_attr_opt(ts, a[0], ts.interp.intern("read"));
    Owned readline = read ? get_attr_opt(ts, a[0], ts.interp.intern("readline")) : Owned();
    if (!read || !readline) {
        if (ts.has_exception()) return nullptr;
        return raise(ts, &kTypeErrorType, "file must have 'read' and 'readline' attributes");
    }
    Unpickler u(ts, {}, a[0]);
    return u.load();
}

const MethodDef kPickleFunctions[] = {
    {"dumps", pickle_dumps}, {"dump", pickle_dump}, {"loads", pickle_loads},
    {"load", pickle_load},   {nullptr, nullptr},
};

}  // namespace

Owned pickle_to_bytes(ThreadState& ts, Value obj, int protocol) {
    Pickler p(ts, protocol);
    if (!p.dump(obj)) return nullptr;
    return new_bytes(p.output());
}

bool pickle_into(ThreadState& ts, Value obj, int protocol, std::string& out) {
    Pickler p(ts, protocol);
    if (!p.dump(obj)) return false;
    out.append(p.output());
    return true;
}

Owned unpickle_bytes(ThreadState& ts, std::string_view data) {
    Unpickler u(ts, data, Value::null());
    return u.load();
}

Ref<ModuleObject> init_pickle_module(ThreadState& ts) {
    Ref<ModuleObject> m = new_module(ts, "pickle");
    if (!m) return nullptr;
    module_add_functions(ts, m.get(), kPickleFunctions);
    module_set(ts, m.get(), "PickleError", Value::from_object(pickle_error_type()));
    module_set(ts, m.get(), "PicklingError", Value::from_object(pickling_error_type()));
    module_set(ts, m.get(), "UnpicklingError", Value::from_object(unpickling_error_type()));
    module_set(ts, m.get(), "HIGHEST_PROTOCOL", Value::from_int(kHighestProtocol));
    module_set(ts, m.get(), "DEFAULT_PROTOCOL", Value::from_int(kDefaultProtocol));
    return m;
}

}  // namespace gilpy::stdlib
