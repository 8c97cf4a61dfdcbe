// list: a growable array of owned values with CPython's over-allocation pattern, slice
// assignment, a stable sort that survives raising comparisons and detects mutation, and a
// reverse iterator.
#include "runtime/types/list.hpp"

#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

#include "runtime/abstract.hpp"
#include "runtime/args.hpp"
#include "runtime/exceptions.hpp"
#include "runtime/types/int.hpp"
#include "runtime/types/iterator.hpp"
#include "runtime/types/range.hpp"
#include "runtime/types/slice.hpp"
#include "runtime/types/str.hpp"
#include "runtime/types/tuple.hpp"

namespace gilpy::runtime {

Ref<DictObject>* list_instance_dict(Object* self) {
    return &static_cast<ListObject*>(self)->dict;
}

ListObject::~ListObject() {
    for (int64_t i = 0; i < length; ++i)
        decref(items[i]);
    std::free(items);
}

void list_reserve(ListObject* list, int64_t capacity) {
    if (capacity <= list->capacity) return;
    // CPython's growth: about 1.125x plus a little, so appends are amortised O(1).
    int64_t grown = capacity + (capacity >> 3) + (capacity < 9 ? 3 : 6);
    auto* p =
        static_cast<Value*>(std::realloc(list->items, sizeof(Value) * static_cast<size_t>(grown)));
    if (!p) throw std::bad_alloc();
    list->items = p;
    list->capacity = grown;
}

Ref<ListObject> new_list(int64_t capacity) {
    Ref<ListObject> l = make_object<ListObject>();
    if (capacity > 0) {
        l->items = static_cast<Value*>(std::malloc(sizeof(Value) * static_cast<size_t>(capacity)));
        if (!l->items) throw std::bad_alloc();
        l->capacity = capacity;
    }
    return l;
}

void list_append_owned(ListObject* list, Owned v) {
    if (list->length == list->capacity) list_reserve(list, list->length + 1);
    list->items[list->length++] = v.release();
}

void list_append_value(ListObject* list, Value v) {
    list_append_owned(list, Owned::borrow(v));
}

bool list_extend(ThreadState& ts, ListObject* list, Value iterable) {
    if (is_exact_list(iterable) || is_exact_tuple(iterable)) {
        const bool from_list = is_exact_list(iterable);
        const int64_t n =
            from_list ? iterable.as<ListObject>()->length : iterable.as<TupleObject>()->length;
        list_reserve(list, list->length + n);
        // Read the source after reserving: `a.extend(a)` reads a's (possibly moved) items.
        const Value* src =
            from_list ? iterable.as<ListObject>()->items : iterable.as<TupleObject>()->items;
        Value* dst = list->items + list->length;
        for (int64_t i = 0; i < n; ++i) {
            incref(src[i]);
            dst[i] = src[i];
        }
        list->length += n;
        return true;
    }
    if (iterable.is_object() && iterable.as_object()->type == &kRangeType &&
        !iterable.as<RangeObject>()->big) {
        // list(range(n)): no iterator, one allocation.
        auto* r = iterable.as<RangeObject>();
        list_reserve(list, list->length + r->length);
        int64_t v = r->start;
        for (int64_t i = 0; i < r->length; ++i) {
            list->items[list->length++] = Value::from_int(v);
            if (i + 1 < r->length) v += r->step;  // never step past the last value (overflow)
        }
        return true;
    }
    Owned it = get_iter(ts, iterable);
    if (!it) return false;
    NextSlot next = type_of(it.get())->next;
    if (!next) {
        raisef(ts, &kTypeErrorType, "'{}' object is not an iterator", type_name(it.get()));
        return false;
    }
    while (true) {
        Owned v = next(ts, it.get());
        if (!v) return !ts.has_exception();
        list_append_owned(list, std::move(v));
    }
}

Ref<ListObject> list_from_iterable(ThreadState& ts, Value iterable) {
    Ref<ListObject> l = new_list();
    if (!list_extend(ts, l.get(), iterable)) return nullptr;
    return l;
}

namespace {

// ------------------------------------------------------------------ sort
//
// A stable natural merge sort in the spirit of CPython's timsort (without galloping): ascending
// and strictly descending runs are found and extended to a minimum length by binary insertion,
// then adjacent runs are merged pairwise until one is left. Presorted input costs n-1
// comparisons. Comparisons always ask "is the later item less than the earlier one", as
// CPython's do, so a TypeError names the operands in CPython's order. Once a comparison has
// raised, every later comparison answers false without calling anything: the algorithm still
// finishes, so the list ends as a permutation of its items, never with lost or repeated ones.

// An item with its sort key, when a key function is given.
struct SortItem {
    Value key;
    Value value;
};

inline Value key_of(Value v) {
    return v;
}
inline Value key_of(const SortItem& item) {
    return item.key;
}

enum class SortKind { Int, Float, Str, Generic };

// The common homogeneous cases get comparisons that call nothing (CPython's pre-sort check).
template <class T>
SortKind sort_kind(const T* items, int64_t n) {
    if (n == 0) return SortKind::Generic;
    Value first = key_of(items[0]);
    if (first.is_int()) {
        for (int64_t i = 1; i < n; ++i) {
            if (!key_of(items[i]).is_int()) return SortKind::Generic;
        }
        return SortKind::Int;
    }
    if (first.is_float()) {
        for (int64_t i = 1; i < n; ++i) {
            if (!key_of(items[i]).is_float()) return SortKind::Generic;
        }
        return SortKind::Float;
    }
    if (is_exact_str(first)) {
        for (int64_t i = 1; i < n; ++i) {
            if (!is_exact_str(key_of(items[i]))) return SortKind::Generic;
        }
        return SortKind::Str;
    }
    return SortKind::Generic;
}

struct IntLess {
    template <class T>
    bool operator()(const T& a, const T& b) const {
        return key_of(a).as_int() < key_of(b).as_int();
    }
};
struct FloatLess {
    template <class T>
    bool operator()(const T& a, const T& b) const {
        return key_of(a).as_float() < key_of(b).as_float();
    }
};
// UTF-8 byte order is code point order, so comparing bytes compares the strings.
struct StrLess {
    template <class T>
    bool operator()(const T& a, const T& b) const {
        return key_of(a).template as<StrObject>()->view() <
               key_of(b).template as<StrObject>()->view();
    }
};
struct GenericLess {
    ThreadState* ts;
    bool* failed;
    template <class T>
    bool operator()(const T& a, const T& b) const {
        if (*failed) return false;
        int r = compare_bool(*ts, key_of(a), key_of(b), CompareOp::Lt);
        if (r < 0) *failed = true;
        return r > 0;
    }
};

// Extends the sorted run [lo, start) to [lo, hi) by binary insertion.
template <class T, class Less>
void binary_insertion(T* a, int64_t lo, int64_t start, int64_t hi, Less& less) {
    for (int64_t i = start; i < hi; ++i) {
        T pivot = a[i];
        int64_t left = lo, right = i;
        while (left < right) {
            int64_t mid = left + (right - left) / 2;
            if (less(pivot, a[mid])) {
                right = mid;
            } else {
                left = mid + 1;
            }
        }
        std::memmove(static_cast<void*>(a + left + 1), a + left,
                     sizeof(T) * static_cast<size_t>(i - left));
        a[left] = pivot;
    }
}

// Merges the adjacent sorted runs [lo, mid) and [mid, hi), using [buffer] for the left run.
template <class T, class Less>
void merge_runs(T* a, int64_t lo, int64_t mid, int64_t hi, std::vector<T>& buffer, Less& less) {
    if (!less(a[mid], a[mid - 1])) return;  // already in order
    buffer.assign(a + lo, a + mid);
    const T* left = buffer.data();
    const T* left_end = left + (mid - lo);
    T* right = a + mid;
    T* right_end = a + hi;
    T* out = a + lo;
    while (left < left_end && right < right_end) {
        // Take from the right run only when strictly less: equal items keep their order.
        if (less(*right, *left)) {
            *out++ = *right++;
        } else {
            *out++ = *left++;
        }
    }
    while (left < left_end)
        *out++ = *left++;  // what remains on the right is in place
}

int64_t min_run_length(int64_t n) {
    int64_t r = 0;
    while (n >= 64) {
        r |= n & 1;
        n >>= 1;
    }
    return n + r;
}

// Safe with any comparator, even one that is not a strict weak order (user __lt__, NaNs).
template <class T, class Less>
void merge_sort(T* a, int64_t n, Less less) {
    if (n < 2) return;
    const int64_t min_run = min_run_length(n);
    std::vector<int64_t> bounds{0};  // run starts, then n
    for (int64_t lo = 0; lo < n;) {
        int64_t hi = lo + 1;
        if (hi < n) {
            if (less(a[hi], a[lo])) {
                // Strictly descending: reversing it keeps the sort stable.
                while (hi + 1 < n && less(a[hi + 1], a[hi]))
                    ++hi;
                std::reverse(a + lo, a + hi + 1);
            } else {
                while (hi + 1 < n && !less(a[hi + 1], a[hi]))
                    ++hi;
            }
            ++hi;
        }
        if (hi - lo < min_run) {
            int64_t end = std::min(n, lo + min_run);
            binary_insertion(a, lo, hi, end, less);
            hi = end;
        }
        bounds.push_back(hi);
        lo = hi;
    }
    std::vector<T> buffer;
    while (bounds.size() > 2) {
        std::vector<int64_t> merged{0};
        for (size_t i = 0; i + 1 < bounds.size(); i += 2) {
            if (i + 2 < bounds.size()) {
                merge_runs(a, bounds[i], bounds[i + 1], bounds[i + 2], buffer, less);
                merged.push_back(bounds[i + 2]);
            } else {
                merged.push_back(bounds[i + 1]);
            }
        }
        bounds = std::move(merged);
    }
}

// Sorts [items] by key, stably; false if a comparison raised (items are still a permutation).
// Ints and strs are totally ordered, so the library's stable sort is safe for them; floats
// (NaN) and everything else go through merge_sort, which tolerates inconsistent answers.
template <class T>
bool sort_items(ThreadState& ts, T* items, int64_t n) {
    switch (sort_kind(items, n)) {
        case SortKind::Int:
            std::stable_sort(items, items + n, IntLess{});
            return true;
        case SortKind::Float:
            merge_sort(items, n, FloatLess{});
            return true;
        case SortKind::Str:
            std::stable_sort(items, items + n, StrLess{});
            return true;
        case SortKind::Generic:
            break;
    }
    bool failed = false;
    merge_sort(items, n, GenericLess{&ts, &failed});
    return !failed;
}

// Sorts [items] in place without a key function; false if a comparison raised.
bool sort_plain(ThreadState& ts, Value* items, int64_t n, bool reverse) {
    if (sort_kind(items, n) == SortKind::Int) {
        // Equal small ints are indistinguishable, so stability does not matter: sort the raw
        // integers, the cheapest possible way.
        std::vector<int64_t> ints(static_cast<size_t>(n));
        for (int64_t i = 0; i < n; ++i)
            ints[i] = items[i].as_int();
        if (reverse) {
            std::sort(ints.begin(), ints.end(), std::greater<int64_t>());
        } else {
            std::sort(ints.begin(), ints.end());
        }
        for (int64_t i = 0; i < n; ++i)
            items[i] = Value::from_int(ints[i]);
        return true;
    }
    // Reversing before and after keeps equal items in their original order (CPython).
    if (reverse) std::reverse(items, items + n);
    bool ok = sort_items(ts, items, n);
    if (reverse) std::reverse(items, items + n);
    return ok;
}

}  // namespace

bool list_sort_values(ThreadState& ts, ListObject* list, Value key, bool reverse) {
    // Take the items out, as CPython does: during the sort the list looks empty, and anything
    // a comparison or key function puts in it is detected (and dropped) afterwards.
    Value* items = list->items;
    const int64_t n = list->length;
    const int64_t cap = list->capacity;
    list->items = nullptr;
    list->length = list->capacity = 0;

    bool failed = false;
    if (key.is_null() || key.is_none()) {
        failed = !sort_plain(ts, items, n, reverse);
    } else {
        std::vector<Owned> keys;  // owns the computed keys until the end
        std::vector<SortItem> work(static_cast<size_t>(n));
        keys.reserve(static_cast<size_t>(n));
        for (int64_t i = 0; i < n; ++i) {
            Owned k = call_values(ts, key, {items[i]});
            if (!k) {
                failed = true;
                break;
            }
            work[i] = {k.get(), items[i]};
            keys.push_back(std::move(k));
        }
        if (!failed) {
            if (reverse) std::reverse(work.begin(), work.end());
            failed = !sort_items(ts, work.data(), n);
            if (reverse) std::reverse(work.begin(), work.end());
            for (int64_t i = 0; i < n; ++i)
                items[i] = work[i].value;
        }
    }

    const bool modified = list->items != nullptr || list->length != 0;
    Value* extra = list->items;
    const int64_t extra_n = list->length;
    list->items = items;
    list->length = n;
    list->capacity = cap;
    for (int64_t i = 0; i < extra_n; ++i)
        decref(extra[i]);
    std::free(extra);
    if (failed) return false;
    if (modified) {
        raise(ts, &kValueErrorType, "list modified during sort");
        return false;
    }
    return true;
}

namespace {

void list_dealloc(Object* self) {
    delete static_cast<ListObject*>(self);
}

// Drops every item, releasing the references only once the list is consistent (a decref may
// run code that looks at the list).
void list_clear_items(ListObject* l) {
    Value* items = l->items;
    int64_t n = l->length;
    l->items = nullptr;
    l->length = l->capacity = 0;
    for (int64_t i = 0; i < n; ++i)
        decref(items[i]);
    std::free(items);
}

// Comparisons of items hold a reference: the comparison may run code that removes the item.
int item_equals(ThreadState& ts, Value item, Value other) {
    if (item.is(other)) return 1;
    if (item.is_int() && other.is_int()) return 0;
    incref(item);
    int r = equals(ts, item, other);
    decref(item);
    return r;
}

// The start/stop of index(): any int (huge ones clamp), with CPython's slice-index message.
bool search_bound(ThreadState& ts, Value v, int64_t* out) {
    if (v.is_int()) {
        *out = v.as_int();
        return true;
    }
    Owned i = index(ts, v);
    if (!i) {
        if (exception_matches(ts, &kTypeErrorType)) {
            clear_exception(ts);
            raise(ts, &kTypeErrorType,
                  "slice indices must be integers or have an __index__ method");
        }
        return false;
    }
    if (!int_to_int64(i.get(), out)) *out = int_sign(i.get()) < 0 ? INT64_MIN / 2 : INT64_MAX / 2;
    return true;
}

// True for values with __index__ (what sequence repetition accepts).
bool has_index(Value v) {
    if (is_int(v)) return true;
    const NumberSlots* n = type_of(v)->number;
    return n && n->index;
}

// For `seq <op> other` where [self_slot] cannot use [other]: CPython tries the other operand's
// reflected method before reporting the sequence's own error, so give that slot its turn.
Owned try_other_slot(ThreadState& ts, Value a, Value b, BinaryOp op, BinarySlot self_slot) {
    // Only classes can define reflected methods; a builtin's slot has nothing to offer here.
    if (!(type_of(b)->flags & kTypeHeap)) return Owned::borrow(not_implemented());
    const NumberSlots* n = type_of(b)->number;
    BinarySlot other = n ? n->binary[static_cast<int>(op)] : nullptr;
    if (!other || other == self_slot) return Owned::borrow(not_implemented());
    return other(ts, a, b);
}

Owned list_repr(ThreadState& ts, Value self) {
    auto* l = self.as<ListObject>();
    if (l->length == 0) return new_str("[]");
    for (Object* o : ts.repr_stack) {
        if (o == l) return new_str("[...]");
    }
    NativeRecursionGuard guard(ts);
    if (!guard.enter(" while getting the repr of an object")) return nullptr;
    ts.repr_stack.push_back(l);
    std::string out = "[";
    bool ok = true;
    for (int64_t i = 0; i < l->length; ++i) {  // re-read: a repr may shrink the list
        if (i) out += ", ";
        Owned item = Owned::borrow(l->items[i]);
        Owned r = repr(ts, item.get());
        if (!r) {
            ok = false;
            break;
        }
        out += r.get().as<StrObject>()->view();
    }
    ts.repr_stack.pop_back();
    if (!ok) return nullptr;
    out += "]";
    return new_str(out);
}

int64_t list_length(ThreadState&, Value self) {
    return self.as<ListObject>()->length;
}

int list_contains(ThreadState& ts, Value self, Value item) {
    auto* l = self.as<ListObject>();
    for (int64_t i = 0; i < l->length; ++i) {
        int eq = item_equals(ts, l->items[i], item);
        if (eq != 0) return eq;
    }
    return 0;
}

// A subscript that is not a slice, as an int64; CPython's messages for the other cases.
bool list_index_arg(ThreadState& ts, Value key, int64_t* out) {
    if (key.is_int()) {
        *out = key.as_int();
        return true;
    }
    if (!has_index(key)) {
        raisef(ts, &kTypeErrorType, "list indices must be integers or slices, not {}",
               type_name(key));
        return false;
    }
    if (!index_int64(ts, key, out)) {
        if (exception_matches(ts, &kOverflowErrorType)) {
            clear_exception(ts);
            raisef(ts, &kIndexErrorType, "cannot fit '{}' into an index-sized integer",
                   type_name(key));
        }
        return false;
    }
    return true;
}

Owned list_getitem(ThreadState& ts, Value self, Value key) {
    auto* l = self.as<ListObject>();
    if (key.is_int()) {
        int64_t i = key.as_int();
        if (!normalize_index(&i, l->length)) {
            return raise(ts, &kIndexErrorType, "list index out of range");
        }
        return Owned::borrow(l->items[i]);
    }
    if (is_slice(key)) {
        int64_t start, stop, step, count;
        if (!slice_indices(ts, key.as<SliceObject>(), l->length, &start, &stop, &step, &count)) {
            return nullptr;
        }
        Ref<ListObject> out = new_list(count);
        for (int64_t i = 0, j = start; i < count; ++i, j += step) {
            incref(l->items[j]);
            out->items[i] = l->items[j];
        }
        out->length = count;
        return out;
    }
    int64_t i;
    if (!list_index_arg(ts, key, &i)) return nullptr;
    if (!normalize_index(&i, l->length)) {
        return raise(ts, &kIndexErrorType, "list index out of range");
    }
    return Owned::borrow(l->items[i]);
}

// The new items of a slice assignment, as a list (a copy, so `a[i:j] = a` reads the old items).
Ref<ListObject> slice_source(ThreadState& ts, Value values, bool extended) {
    if (!is_list(values) && !is_tuple(values) && !type_of(values)->iter &&
        !type_of(values)->getitem) {
        raise(ts, &kTypeErrorType,
              extended ? "must assign iterable to extended slice" : "can only assign an iterable");
        return nullptr;
    }
    return list_from_iterable(ts, values);
}

// l[start:stop:step] = values, or del l[start:stop:step] when [values] is null.
int list_assign_slice(ThreadState& ts, ListObject* l, SliceObject* s, Value values) {
    int64_t start, stop, step, count;
    if (!slice_indices(ts, s, l->length, &start, &stop, &step, &count)) return -1;
    Ref<ListObject> src;
    if (!values.is_null()) {
        src = slice_source(ts, values, step != 1);
        if (!src) return -1;
        // The iteration may have run code that resized the list: resolve the slice again.
        if (!slice_indices(ts, s, l->length, &start, &stop, &step, &count)) return -1;
    }
    const int64_t m = src ? src->length : 0;
    if (step == 1) {
        if (stop < start) stop = start;
        std::vector<Value> old(l->items + start, l->items + stop);
        const int64_t delta = m - (stop - start);
        if (delta > 0) list_reserve(l, l->length + delta);
        if (l->length > stop) {
            std::memmove(static_cast<void*>(l->items + start + m), l->items + stop,
                         sizeof(Value) * static_cast<size_t>(l->length - stop));
        }
        for (int64_t i = 0; i < m; ++i) {
            incref(src->items[i]);
            l->items[start + i] = src->items[i];
        }
        l->length += delta;
        for (Value v : old)
            decref(v);
        return 0;
    }
    if (values.is_null()) {
        // Extended slice deletion: keep the items that are not selected, in order.
        if (count == 0) return 0;
        std::vector<Value> gone;
        gone.reserve(static_cast<size_t>(count));
        int64_t lo = step > 0 ? start : start + (count - 1) * step;  // lowest selected index
        int64_t stride = step > 0 ? step : -step;
        int64_t out = lo;
        for (int64_t i = lo; i < l->length; ++i) {
            bool selected = (i - lo) % stride == 0 && (i - lo) / stride < count;
            if (selected) {
                gone.push_back(l->items[i]);
            } else {
                l->items[out++] = l->items[i];
            }
        }
        l->length = out;
        for (Value v : gone)
            decref(v);
        return 0;
    }
    if (m != count) {
        raisef(ts, &kValueErrorType,
               "attempt to assign sequence of size {} to extended slice of size {}", m, count);
        return -1;
    }
    std::vector<Value> old;
    old.reserve(static_cast<size_t>(count));
    for (int64_t i = 0, j = start; i < count; ++i, j += step) {
        old.push_back(l->items[j]);
        incref(src->items[i]);
        l->items[j] = src->items[i];
    }
    for (Value v : old)
        decref(v);
    return 0;
}

int list_setitem(ThreadState& ts, Value self, Value key, Value v) {
    auto* l = self.as<ListObject>();
    int64_t i;
    if (key.is_int()) {
        i = key.as_int();
    } else if (is_slice(key)) {
        return list_assign_slice(ts, l, key.as<SliceObject>(), v);
    } else if (!list_index_arg(ts, key, &i)) {
        return -1;
    }
    if (!normalize_index(&i, l->length)) {
        raise(ts, &kIndexErrorType, "list assignment index out of range");
        return -1;
    }
    Value old = l->items[i];
    if (v.is_null()) {
        std::memmove(static_cast<void*>(l->items + i), l->items + i + 1,
                     sizeof(Value) * static_cast<size_t>(l->length - i - 1));
        --l->length;
    } else {
        incref(v);
        l->items[i] = v;
    }
    decref(old);
    return 0;
}

Owned list_compare(ThreadState& ts, Value self, Value other, CompareOp op) {
    if (!is_list(other)) return Owned::borrow(not_implemented());
    auto* a = self.as<ListObject>();
    auto* b = other.as<ListObject>();
    if ((op == CompareOp::Eq || op == CompareOp::Ne) && a->length != b->length) {
        return Owned::from_bool(op == CompareOp::Ne);
    }
    NativeRecursionGuard guard(ts);
    if (!guard.enter(" in comparison")) return nullptr;
    // Find the first index where the items differ (lengths are re-read: __eq__ may mutate).
    int64_t i = 0;
    for (; i < a->length && i < b->length; ++i) {
        Owned x = Owned::borrow(a->items[i]);
        Owned y = Owned::borrow(b->items[i]);
        int eq = equals(ts, x.get(), y.get());
        if (eq < 0) return nullptr;
        if (!eq) break;
    }
    if (i >= a->length || i >= b->length) {
        return Owned::from_bool(ordered_compare(a->length, b->length, op));
    }
    if (op == CompareOp::Eq) return Owned::from_bool(false);
    if (op == CompareOp::Ne) return Owned::from_bool(true);
    Owned x = Owned::borrow(a->items[i]);
    Owned y = Owned::borrow(b->items[i]);
    return compare(ts, x.get(), y.get(), op);
}

Owned list_iter(ThreadState&, Value self) {
    return new_seq_iterator(self);
}

Owned list_concat(ThreadState& ts, Value a, Value b) {
    if (!is_list(a)) return Owned::borrow(not_implemented());  // CPython: only the left's concat
    if (!is_list(b)) {
        Owned r = try_other_slot(ts, a, b, BinaryOp::Add, list_concat);
        if (!r || !is_not_implemented(r.get())) return r;
        return raisef(ts, &kTypeErrorType, "can only concatenate list (not \"{}\") to list",
                      type_name(b));
    }
    auto* x = a.as<ListObject>();
    auto* y = b.as<ListObject>();
    const int64_t n = x->length + y->length;
    Ref<ListObject> out = new_list(n);
    for (int64_t i = 0; i < x->length; ++i) {
        incref(x->items[i]);
        out->items[i] = x->items[i];
    }
    for (int64_t i = 0; i < y->length; ++i) {
        incref(y->items[i]);
        out->items[x->length + i] = y->items[i];
    }
    out->length = n;
    return out;
}

Owned list_inplace_concat(ThreadState& ts, Value a, Value b) {
    if (!list_extend(ts, a.as<ListObject>(), b)) return nullptr;
    return Owned::borrow(a);
}

// seq * n and n * seq (the slot is called with the operands in source order).
Owned list_repeat(ThreadState& ts, Value a, Value b) {
    const bool left = is_list(a);
    Value seq = left ? a : b;
    Value count = left ? b : a;
    if (!has_index(count)) {
        if (left) {
            Owned r = try_other_slot(ts, a, b, BinaryOp::Mul, list_repeat);
            if (!r || !is_not_implemented(r.get())) return r;
        }
        return raisef(ts, &kTypeErrorType, "can't multiply sequence by non-int of type '{}'",
                      type_name(count));
    }
    int64_t n;
    if (!index_int64(ts, count, &n)) {
        if (exception_matches(ts, &kOverflowErrorType)) {
            clear_exception(ts);
            raisef(ts, &kOverflowErrorType, "cannot fit '{}' into an index-sized integer",
                   type_name(count));
        }
        return nullptr;
    }
    auto* l = seq.as<ListObject>();
    const int64_t len = l->length;
    if (n <= 0 || len == 0) return new_list();
    if (len > INT64_MAX / 16 / n) return raise_empty(ts, &kMemoryErrorType);
    Ref<ListObject> out = new_list(len * n);
    Value* dst = out->items;
    for (int64_t k = 0; k < n; ++k) {
        for (int64_t i = 0; i < len; ++i) {
            incref(l->items[i]);
            *dst++ = l->items[i];
        }
    }
    out->length = len * n;
    return out;
}

Owned list_inplace_repeat(ThreadState& ts, Value a, Value b) {
    if (!has_index(b)) {
        return raisef(ts, &kTypeErrorType, "can't multiply sequence by non-int of type '{}'",
                      type_name(b));
    }
    int64_t n;
    if (!index_int64(ts, b, &n)) return nullptr;
    auto* l = a.as<ListObject>();
    const int64_t len = l->length;
    if (n <= 0 || len == 0) {
        list_clear_items(l);
        return Owned::borrow(a);
    }
    if (len > INT64_MAX / 16 / n) return raise_empty(ts, &kMemoryErrorType);
    list_reserve(l, len * n);
    for (int64_t k = 1; k < n; ++k) {
        for (int64_t i = 0; i < len; ++i) {
            incref(l->items[i]);
            l->items[l->length++] = l->items[i];
        }
    }
    return Owned::borrow(a);
}

Owned list_new(ThreadState&, TypeObject* type, CallArgs) {
    retain_heap_type(type);
    return make_object<ListObject>(type);
}

int list_init(ThreadState& ts, Value self, CallArgs args) {
    if (!check_no_keywords(ts, args, "list()")) return -1;
    if (args.nargs > 1) {
        raisef(ts, &kTypeErrorType, "list expected at most 1 argument, got {}", args.nargs);
        return -1;
    }
    auto* l = self.as<ListObject>();
    if (l->length) list_clear_items(l);
    if (args.nargs == 1 && !list_extend(ts, l, args[0])) return -1;
    return 0;
}

// ------------------------------------------------------------------ methods

ListObject* self_list(CallArgs args) {
    return args[0].as<ListObject>();
}

Owned list_append(ThreadState& ts, CallArgs args) {
    if (args.nargs != 2 || args.kwnames) {
        if (!check_one_arg(ts, drop_self(args), "list.append()")) return nullptr;
    }
    ListObject* l = self_list(args);
    if (l->length == l->capacity) list_reserve(l, l->length + 1);
    incref(args[1]);
    l->items[l->length++] = args[1];
    return Owned::none();
}

Owned list_extend_method(ThreadState& ts, CallArgs args) {
    if (!check_one_arg(ts, drop_self(args), "list.extend()")) return nullptr;
    if (!list_extend(ts, self_list(args), args[1])) return nullptr;
    return Owned::none();
}

Owned list_insert(ThreadState& ts, CallArgs args) {
    if (!check_positional(ts, drop_self(args), "insert", 2, 2)) return nullptr;
    auto* l = self_list(args);
    int64_t i;
    if (!index_int64(ts, args[1], &i)) return nullptr;
    if (i < 0) i = std::max<int64_t>(0, i + l->length);
    i = std::min(i, l->length);
    list_reserve(l, l->length + 1);
    std::memmove(static_cast<void*>(l->items + i + 1), l->items + i,
                 sizeof(Value) * static_cast<size_t>(l->length - i));
    incref(args[2]);
    l->items[i] = args[2];
    ++l->length;
    return Owned::none();
}

Owned list_pop(ThreadState& ts, CallArgs args) {
    if (!check_positional(ts, drop_self(args), "pop", 0, 1)) return nullptr;
    auto* l = self_list(args);
    int64_t i = -1;
    if (args.nargs == 2 && !index_int64(ts, args[1], &i)) return nullptr;
    if (l->length == 0) return raise(ts, &kIndexErrorType, "pop from empty list");
    if (!normalize_index(&i, l->length)) {
        return raise(ts, &kIndexErrorType, "pop index out of range");
    }
    Owned v = Owned::steal(l->items[i]);
    std::memmove(static_cast<void*>(l->items + i), l->items + i + 1,
                 sizeof(Value) * static_cast<size_t>(l->length - i - 1));
    --l->length;
    return v;
}

Owned list_remove(ThreadState& ts, CallArgs args) {
    if (!check_one_arg(ts, drop_self(args), "list.remove()")) return nullptr;
    auto* l = self_list(args);
    for (int64_t i = 0; i < l->length; ++i) {
        int eq = item_equals(ts, l->items[i], args[1]);
        if (eq < 0) return nullptr;
        if (eq && i < l->length) {
            Value old = l->items[i];
            std::memmove(static_cast<void*>(l->items + i), l->items + i + 1,
                         sizeof(Value) * static_cast<size_t>(l->length - i - 1));
            --l->length;
            decref(old);
            return Owned::none();
        }
    }
    return raise(ts, &kValueErrorType, "list.remove(x): x not in list");
}

Owned list_index(ThreadState& ts, CallArgs args) {
    if (!check_positional(ts, drop_self(args), "index", 1, 3)) return nullptr;
    auto* l = self_list(args);
    int64_t start = 0, stop = INT64_MAX / 2;
    if (args.nargs > 2 && !search_bound(ts, args[2], &start)) return nullptr;
    if (args.nargs > 3 && !search_bound(ts, args[3], &stop)) return nullptr;
    if (start < 0) start = std::max<int64_t>(0, start + l->length);
    if (stop < 0) stop = std::max<int64_t>(0, stop + l->length);
    for (int64_t i = start; i < stop && i < l->length; ++i) {
        int eq = item_equals(ts, l->items[i], args[1]);
        if (eq < 0) return nullptr;
        if (eq) return Owned::steal(Value::from_int(i));
    }
    Owned text = repr(ts, args[1]);
    if (!text) return nullptr;
    return raisef(ts, &kValueErrorType, "{} is not in list", text.get().as<StrObject>()->view());
}

Owned list_count(ThreadState& ts, CallArgs args) {
    if (!check_one_arg(ts, drop_self(args), "list.count()")) return nullptr;
    auto* l = self_list(args);
    int64_t n = 0;
    for (int64_t i = 0; i < l->length; ++i) {
        int eq = item_equals(ts, l->items[i], args[1]);
        if (eq < 0) return nullptr;
        n += eq;
    }
    return Owned::steal(Value::from_int(n));
}

Owned list_clear(ThreadState& ts, CallArgs args) {
    if (!check_no_args(ts, drop_self(args), "list.clear()")) return nullptr;
    list_clear_items(self_list(args));
    return Owned::none();
}

Owned list_copy(ThreadState& ts, CallArgs args) {
    if (!check_no_args(ts, drop_self(args), "list.copy()")) return nullptr;
    auto* l = self_list(args);
    Ref<ListObject> out = new_list(l->length);
    for (int64_t i = 0; i < l->length; ++i) {
        incref(l->items[i]);
        out->items[i] = l->items[i];
    }
    out->length = l->length;
    return out;
}

Owned list_reverse(ThreadState& ts, CallArgs args) {
    if (!check_no_args(ts, drop_self(args), "list.reverse()")) return nullptr;
    auto* l = self_list(args);
    std::reverse(l->items, l->items + l->length);
    return Owned::none();
}

Owned list_sort(ThreadState& ts, CallArgs args) {
    static const char* const kNames[] = {"key", "reverse"};
    Value out[2];
    if (!parse_args(ts, drop_self(args), "sort", kNames, 0, out, 0)) return nullptr;
    bool reverse = false;
    if (!out[1].is_null()) {
        // CPython converts reverse with int semantics: sort(reverse=1.5) is a TypeError.
        int64_t r;
        if (!index_int64(ts, out[1], &r)) return nullptr;
        reverse = r != 0;
    }
    if (!list_sort_values(ts, self_list(args), out[0], reverse)) return nullptr;
    return Owned::none();
}

// ------------------------------------------------------------------ reverse iterator

// The iterator of reversed(list): walks down from the end, re-checking the length each step
// because the list may shrink meanwhile.
struct ListReverseIterator : Object {
    Owned list;  // null once exhausted
    int64_t index;
    ListReverseIterator(Owned l, int64_t i)
        : Object(&kListReverseIteratorType), list(std::move(l)), index(i) {}
};

Owned list_reversed(ThreadState& ts, CallArgs args) {
    if (!check_no_args(ts, drop_self(args), "list.__reversed__()")) return nullptr;
    auto* l = self_list(args);
    return make_object<ListReverseIterator>(Owned::borrow(args[0]), l->length - 1);
}

void list_reverse_iterator_dealloc(Object* self) {
    delete static_cast<ListReverseIterator*>(self);
}

Owned list_reverse_iterator_iter(ThreadState&, Value self) {
    return Owned::borrow(self);
}

Owned list_reverse_iterator_next(ThreadState&, Value self) {
    auto* it = self.as<ListReverseIterator>();
    if (it->list.is_null()) return nullptr;
    auto* l = it->list.get().as<ListObject>();
    if (it->index >= 0 && it->index < l->length) return Owned::borrow(l->items[it->index--]);
    it->index = -1;
    it->list = nullptr;
    return nullptr;
}

Owned list_reverse_iterator_length_hint(ThreadState&, CallArgs args) {
    auto* it = args[0].as<ListReverseIterator>();
    int64_t n = 0;
    if (!it->list.is_null() && it->index < it->list.get().as<ListObject>()->length) {
        n = it->index + 1;
    }
    return Owned::steal(Value::from_int(n));
}

const MethodDef kListMethods[] = {
    {"append", list_append}, {"extend", list_extend_method},
    {"insert", list_insert}, {"pop", list_pop},
    {"remove", list_remove}, {"index", list_index},
    {"count", list_count},   {"clear", list_clear},
    {"copy", list_copy},     {"reverse", list_reverse},
    {"sort", list_sort},     {"__reversed__", list_reversed},
    {nullptr, nullptr},
};

const MethodDef kListReverseIteratorMethods[] = {
    {"__length_hint__", list_reverse_iterator_length_hint},
    {nullptr, nullptr},
};

constexpr NumberSlots kListNumber = [] {
    NumberSlots n;
    n.binary[static_cast<int>(BinaryOp::Add)] = list_concat;
    n.binary[static_cast<int>(BinaryOp::Mul)] = list_repeat;
    n.inplace[static_cast<int>(BinaryOp::Add)] = list_inplace_concat;
    n.inplace[static_cast<int>(BinaryOp::Mul)] = list_inplace_repeat;
    return n;
}();

}  // namespace

constinit TypeObject kListType("list", &kObjectType, kTypeBaseType | kTypeListSubclass,
                               {
                                   .dealloc = list_dealloc,
                                   .repr = list_repr,
                                   .compare = list_compare,
                                   .length = list_length,
                                   .iter = list_iter,
                                   .getitem = list_getitem,
                                   .setitem = list_setitem,
                                   .contains = list_contains,
                                   .new_ = list_new,
                                   .init = list_init,
                                   .number = &kListNumber,
                                   .methods = kListMethods,
                               });

constinit TypeObject kListReverseIteratorType("list_reverseiterator", &kObjectType, 0,
                                              {
                                                  .dealloc = list_reverse_iterator_dealloc,
                                                  .iter = list_reverse_iterator_iter,
                                                  .next = list_reverse_iterator_next,
                                                  .methods = kListReverseIteratorMethods,
                                              });

}  // namespace gilpy::runtime
