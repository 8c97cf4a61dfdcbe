// The eval loop: runs the bytecode of one frame.
//
// Design note.
// - Layout: f->slots holds [fast locals | cells | free variables | value stack]. Every Value on
//   the stack and in the slots owns one reference. `sp` points one past the top of stack.
// - Hot state (pc, sp, the instruction array, constants, names) lives in locals of run_frame.
//   Only two events write it back into the frame: a generator's YIELD_VALUE (pc and sp, to
//   resume later) and the error path (pc, for the traceback line). Python-to-Python calls
//   recurse through call_function (call.cpp), each with its own run_frame activation.
// - Dispatch: computed goto over a table expanded from opcodes.def (a missing handler is a
//   compile error: its label would not exist).
// - Errors: every failing operation jumps to `error`, which records a traceback entry for this
//   frame, then either jumps to the innermost try block's handler (after unwinding the stack to
//   the block's level and pushing the exception) or returns null to the caller. RERAISE and a
//   bare `raise` enter at `error_noadd`: their traceback already names this frame.
// - The eval breaker (one atomic word in the interpreter) is read at backward jumps and at frame
//   entry, so a loop that never calls still notices Ctrl-C and, later, GIL drop requests.
#include <algorithm>
#include <cstring>

#include "interpreter/attr_cache.hpp"
#include "interpreter/eval.hpp"
#include "interpreter/eval_internal.hpp"
#include "interpreter/eval_ops.hpp"
#include "runtime/abstract.hpp"
#include "runtime/exceptions.hpp"
#include "runtime/interpreter_state.hpp"
#include "runtime/types/dict.hpp"
#include "runtime/types/exception.hpp"
#include "runtime/types/float.hpp"
#include "runtime/types/generator.hpp"
#include "runtime/types/int.hpp"
#include "runtime/types/list.hpp"
#include "runtime/types/slice.hpp"
#include "runtime/types/str.hpp"
#include "runtime/types/tuple.hpp"

namespace gilpy::interpreter {

using namespace runtime;

namespace {

inline Owned call_value(ThreadState& ts, Value callable, CallArgs args) {
    if (callable.is_object() && callable.as_object()->type == &kFunctionType) {
        auto* fn = callable.as<FunctionObject>();
        return fn->call_slot(ts, fn, args);
    }
    return call(ts, callable, args);
}

// Truth of a value with the common immediates inlined.
inline int fast_truth(ThreadState& ts, Value v) {
    switch (v.tag()) {
        case Tag::Bool:
            return v.as_bool();
        case Tag::None:
            return 0;
        case Tag::Int:
            return v.as_int() != 0;
        default:
            return truth(ts, v);
    }
}

// Small-int fast paths of BINARY_OP; false when the slow path must run.
inline bool int_binary_fast(int64_t a, int64_t b, uint32_t op, Value* out) {
    int64_t r;
    switch (static_cast<BinaryOp>(op >= 13 ? op - 13 : op)) {
        case BinaryOp::Add:
            if (__builtin_add_overflow(a, b, &r)) return false;
            break;
        case BinaryOp::Sub:
            if (__builtin_sub_overflow(a, b, &r)) return false;
            break;
        case BinaryOp::Mul:
            if (__builtin_mul_overflow(a, b, &r)) return false;
            break;
        case BinaryOp::FloorDiv:
            if (b <= 0 || a == INT64_MIN) return false;
            r = a / b;
            if ((a % b != 0) && (a < 0)) --r;
            break;
        case BinaryOp::Mod:
            if (b <= 0) return false;
            r = a % b;
            if (r < 0) r += b;
            break;
        case BinaryOp::And:
            r = a & b;
            break;
        case BinaryOp::Or:
            r = a | b;
            break;
        case BinaryOp::Xor:
            r = a ^ b;
            break;
        default:
            return false;
    }
    *out = Value::from_int(r);
    return true;
}

inline bool float_binary_fast(double a, double b, uint32_t op, Value* out) {
    double r;
    switch (static_cast<BinaryOp>(op >= 13 ? op - 13 : op)) {
        case BinaryOp::Add:
            r = a + b;
            break;
        case BinaryOp::Sub:
            r = a - b;
            break;
        case BinaryOp::Mul:
            r = a * b;
            break;
        case BinaryOp::TrueDiv:
            if (b == 0.0) return false;
            r = a / b;
            break;
        default:
            return false;
    }
    *out = Value::from_float(r);
    return true;
}

// LOAD_GLOBAL's lookup on a cache miss: refills [cache] when the name is found.
[[gnu::noinline]] Value load_global_slow(DictObject* globals, DictObject* builtins, StrObject* name,
                                         GlobalCacheEntry* cache) {
    Value v = dict_get_str(globals, name);
    uint64_t builtins_version = 0;
    if (v.is_null()) {
        v = dict_get_str(builtins, name);
        if (v.is_null()) return v;
        builtins_version = dict_identified_version(builtins);
    }
    cache->globals_version = dict_identified_version(globals);
    cache->builtins_version = builtins_version;
    cache->value = v;
    return v;
}

}  // namespace

Owned run_frame(ThreadState& ts, Frame* f) {
    static void* const kTargets[] = {
#define GILPY_OP(name, format, effect) &&L_##name,
#include "interpreter/opcodes.def"
#undef GILPY_OP
    };

    CodeObject* const co = f->co;
    const Instr* const code = co->code.data();
    const Value* const consts = co->consts.data();
    const Ref<StrObject>* const names = co->names.data();
    Value* const slots = f->slots;
    Value* const cells = slots + co->nlocals();
    Value* const stack_base = f->stack_base;
    Value* sp = f->sp;
    uint32_t pc = f->pc;
    Instr instr = 0;
    TupleObject* kwnames = nullptr;
    // The eval-breaker word, kept at hand: it is read at every call and backward jump.
    const std::atomic<uint32_t>* const breaker = &ts.interp.eval_breaker;
    void* const saved_frame = ts.frame;
    f->back = static_cast<Frame*>(saved_frame);
    ts.frame = f;

#define DISPATCH()                    \
    do {                              \
        instr = code[pc++];           \
        goto* kTargets[instr & 0xff]; \
    } while (0)
#define TARGET(name) L_##name:
#define ARG (instr >> 8)
#define PUSH(v) (*sp++ = (v))
#define POP() (*--sp)
#define TOP() (sp[-1])
#define CHECK(cond) \
    if (!(cond)) goto error
// Where a thread can be asked to drop the GIL, take a signal or an async exception: frame
// entry, backward jumps and after calls, the same points as CPython 3.11 (so the same
// statements can be torn by a switch, e.g. a call between a load and a store).
#if defined(GILPY_NO_EVAL_BREAKER)  // measurement builds only (CMakeLists.txt)
#define CHECK_EVAL_BREAKER() (void)breaker
#else
#define CHECK_EVAL_BREAKER()                        \
    if (breaker->load(std::memory_order_relaxed)) { \
        if (!handle_eval_breaker(ts)) goto error;   \
    }
#endif

    if (ts.has_exception()) goto error;  // a generator resumed by throw()
    CHECK_EVAL_BREAKER();
    DISPATCH();

    TARGET(NOP) {
        DISPATCH();
    }

    TARGET(POP_TOP) {
        decref(POP());
        DISPATCH();
    }

    TARGET(COPY) {
        Value v = sp[-static_cast<int>(ARG)];
        incref(v);
        PUSH(v);
        DISPATCH();
    }

    TARGET(SWAP) {
        std::swap(sp[-1], sp[-static_cast<int>(ARG)]);
        DISPATCH();
    }

    TARGET(LOAD_CONST) {
        Value v = consts[ARG];
        incref(v);
        PUSH(v);
        DISPATCH();
    }

    TARGET(LOAD_FAST) {
        Value v = slots[ARG];
        if (v.is_null()) {
            raise_unbound_local(ts, co->varnames[ARG].get());
            goto error;
        }
        incref(v);
        PUSH(v);
        DISPATCH();
    }

    TARGET(STORE_FAST) {
        Value old = slots[ARG];
        slots[ARG] = POP();
        decref(old);
        DISPATCH();
    }

    TARGET(DELETE_FAST) {
        Value old = slots[ARG];
        if (old.is_null()) {
            raise_unbound_local(ts, co->varnames[ARG].get());
            goto error;
        }
        slots[ARG] = Value::null();
        decref(old);
        DISPATCH();
    }

    TARGET(LOAD_DEREF) {
        auto* cell = cells[ARG].as<CellObject>();
        Value v = cell->value.get();
        if (v.is_null()) {
            raise_unbound_deref(ts, co, ARG);
            goto error;
        }
        incref(v);
        PUSH(v);
        DISPATCH();
    }

    TARGET(STORE_DEREF) {
        auto* cell = cells[ARG].as<CellObject>();
        cell->value = Owned::steal(POP());
        DISPATCH();
    }

    TARGET(DELETE_DEREF) {
        auto* cell = cells[ARG].as<CellObject>();
        if (cell->value.is_null()) {
            raise_unbound_deref(ts, co, ARG);
            goto error;
        }
        cell->value = nullptr;
        DISPATCH();
    }

    TARGET(LOAD_CLOSURE) {
        Value c = cells[ARG];
        incref(c);
        PUSH(c);
        DISPATCH();
    }

    TARGET(LOAD_CLASSDEREF) {
        StrObject* name = deref_name(co, ARG);
        Value v = dict_get_str(f->locals.get().as<DictObject>(), name);
        if (v.is_null()) {
            v = cells[ARG].as<CellObject>()->value.get();
            if (v.is_null()) {
                raise_unbound_deref(ts, co, ARG);
                goto error;
            }
        }
        incref(v);
        PUSH(v);
        DISPATCH();
    }

    TARGET(LOAD_NAME) {
        StrObject* name = names[ARG].get();
        Value v = dict_get_str(f->locals.get().as<DictObject>(), name);
        if (v.is_null()) v = dict_get_str(f->globals, name);
        if (v.is_null()) v = dict_get_str(f->builtins, name);
        if (v.is_null()) {
            raise_name_error(ts, name);
            goto error;
        }
        incref(v);
        PUSH(v);
        DISPATCH();
    }

    TARGET(STORE_NAME) {
        Value v = POP();
        dict_set_str(f->locals.get().as<DictObject>(), names[ARG].get(), v);
        decref(v);
        DISPATCH();
    }

    TARGET(DELETE_NAME) {
        StrObject* name = names[ARG].get();
        int r = dict_delete(ts, f->locals.get().as<DictObject>(), Value::from_object(name));
        if (r == 0) raise_name_error(ts, name);
        CHECK(r > 0);
        DISPATCH();
    }

    TARGET(LOAD_GLOBAL) {
        GlobalCacheEntry& cache = co->global_cache[ARG];
        Value v;
        if (cache.globals_version == f->globals->version &&
            (cache.builtins_version == 0 || cache.builtins_version == f->builtins->version)) {
            v = cache.value;
        } else {
            v = load_global_slow(f->globals, f->builtins, names[ARG].get(), &cache);
            if (v.is_null()) {
                raise_name_error(ts, names[ARG].get());
                goto error;
            }
        }
        incref(v);
        PUSH(v);
        DISPATCH();
    }

    TARGET(STORE_GLOBAL) {
        Value v = POP();
        dict_set_str(f->globals, names[ARG].get(), v);
        decref(v);
        DISPATCH();
    }

    TARGET(DELETE_GLOBAL) {
        StrObject* name = names[ARG].get();
        int r = dict_delete(ts, f->globals, Value::from_object(name));
        if (r == 0) raise_name_error(ts, name);
        CHECK(r > 0);
        DISPATCH();
    }

    TARGET(LOAD_ATTR) {
        Value obj = TOP();
        AttrCacheEntry& cache = co->attr_cache[co->attr_cache_slot[pc - 1]];
        Value v = load_attr_cached(cache, obj, names[ARG].get());
        if (v.is_null()) v = load_attr_refill(cache, obj, names[ARG].get());
        if (!v.is_null()) {
            incref(v);
            TOP() = v;
            decref(obj);
            DISPATCH();
        }
        Owned attr = get_attr(ts, obj, names[ARG].get());
        decref(obj);
        if (!attr) {
            --sp;
            goto error;
        }
        TOP() = attr.release();
        DISPATCH();
    }

    TARGET(STORE_ATTR) {
        Value obj = POP();
        Value v = POP();
        AttrCacheEntry& cache = co->attr_cache[co->attr_cache_slot[pc - 1]];
        if (store_attr_cached(cache, obj, names[ARG].get(), v) ||
            store_attr_refill(cache, obj, names[ARG].get(), v)) {
            decref(obj);
            decref(v);
            DISPATCH();
        }
        int r = set_attr(ts, obj, names[ARG].get(), v);
        decref(obj);
        decref(v);
        CHECK(r >= 0);
        DISPATCH();
    }

    TARGET(DELETE_ATTR) {
        Value obj = POP();
        int r = set_attr(ts, obj, names[ARG].get(), Value::null());
        decref(obj);
        CHECK(r >= 0);
        DISPATCH();
    }

    TARGET(LOAD_METHOD) {
        Value obj = TOP();
        AttrCacheEntry& cache = co->attr_cache[co->attr_cache_slot[pc - 1]];
        Value method = load_method_cached(cache, obj, names[ARG].get());
        if (method.is_null()) {
            Value attr = load_module_attr(cache, obj, names[ARG].get());
            if (!attr.is_null()) {  // math.sqrt(x): a plain call of the attribute
                incref(attr);
                TOP() = attr;
                decref(obj);
                PUSH(Value::null());
                DISPATCH();
            }
            method = lookup_plain_method(obj, names[ARG].get());
            if (!method.is_null()) fill_load_method_cache(cache, obj, method);
        }
        if (!method.is_null()) {
            incref(method);
            TOP() = method;
            PUSH(obj);  // the reference moves from the old TOP
            DISPATCH();
        }
        Owned attr = get_attr(ts, obj, names[ARG].get());
        decref(obj);
        if (!attr) {
            --sp;
            goto error;
        }
        TOP() = attr.release();
        PUSH(Value::null());
        DISPATCH();
    }

    TARGET(BINARY_OP) {
        Value b = POP();
        Value a = TOP();
        Value r;
        if (a.is_int() && b.is_int()) {
            if (int_binary_fast(a.as_int(), b.as_int(), ARG, &r)) {
                TOP() = r;
                DISPATCH();
            }
        } else if (a.is_float() && b.is_float()) {
            if (float_binary_fast(a.as_float(), b.as_float(), ARG, &r)) {
                TOP() = r;
                DISPATCH();
            }
        }
        Owned result = ARG < 13 ? binary_op(ts, a, b, static_cast<BinaryOp>(ARG))
                                : inplace_op(ts, a, b, static_cast<BinaryOp>(ARG - 13));
        decref(a);
        decref(b);
        if (!result) {
            --sp;
            goto error;
        }
        TOP() = result.release();
        DISPATCH();
    }

    TARGET(UNARY_NEGATIVE) {
        Value v = TOP();
        if (v.is_int() && v.as_int() != INT64_MIN) {
            TOP() = Value::from_int(-v.as_int());
            DISPATCH();
        }
        if (v.is_float()) {
            TOP() = Value::from_float(-v.as_float());
            DISPATCH();
        }
        Owned r = unary_op(ts, v, UnaryOp::Neg);
        decref(v);
        if (!r) {
            --sp;
            goto error;
        }
        TOP() = r.release();
        DISPATCH();
    }

    TARGET(UNARY_POSITIVE) {
        Value v = TOP();
        Owned r = unary_op(ts, v, UnaryOp::Pos);
        decref(v);
        if (!r) {
            --sp;
            goto error;
        }
        TOP() = r.release();
        DISPATCH();
    }

    TARGET(UNARY_INVERT) {
        Value v = TOP();
        Owned r = unary_op(ts, v, UnaryOp::Invert);
        decref(v);
        if (!r) {
            --sp;
            goto error;
        }
        TOP() = r.release();
        DISPATCH();
    }

    TARGET(UNARY_NOT) {
        Value v = TOP();
        int t = fast_truth(ts, v);
        decref(v);
        if (t < 0) {
            --sp;
            goto error;
        }
        TOP() = Value::from_bool(!t);
        DISPATCH();
    }

    TARGET(COMPARE_OP) {
        Value b = POP();
        Value a = TOP();
        if (a.is_int() && b.is_int()) {
            TOP() = Value::from_bool(
                ordered_compare(a.as_int(), b.as_int(), static_cast<CompareOp>(ARG)));
            DISPATCH();
        }
        if (a.is_float() && b.is_float()) {
            TOP() = Value::from_bool(
                ordered_compare(a.as_float(), b.as_float(), static_cast<CompareOp>(ARG)));
            DISPATCH();
        }
        Owned r = compare(ts, a, b, static_cast<CompareOp>(ARG));
        decref(a);
        decref(b);
        if (!r) {
            --sp;
            goto error;
        }
        TOP() = r.release();
        DISPATCH();
    }

    TARGET(IS_OP) {
        Value b = POP();
        Value a = TOP();
        bool r = a.is(b) != (ARG != 0);
        decref(a);
        decref(b);
        TOP() = Value::from_bool(r);
        DISPATCH();
    }

    TARGET(CONTAINS_OP) {
        Value container = POP();
        Value item = TOP();
        int r = contains(ts, container, item);
        decref(container);
        decref(item);
        if (r < 0) {
            --sp;
            goto error;
        }
        TOP() = Value::from_bool((r != 0) != (ARG != 0));
        DISPATCH();
    }

    TARGET(BINARY_SUBSCR) {
        Value key = POP();
        Value obj = TOP();
        if (key.is_int()) {
            Value item = subscript_fast(obj, key.as_int());
            if (!item.is_null()) {
                incref(item);
                decref(obj);
                TOP() = item;
                DISPATCH();
            }
        }
        Owned r = get_item(ts, obj, key);
        decref(obj);
        decref(key);
        if (!r) {
            --sp;
            goto error;
        }
        TOP() = r.release();
        DISPATCH();
    }

    TARGET(STORE_SUBSCR) {
        Value key = POP();
        Value obj = POP();
        Value v = POP();
        if (key.is_int() && store_subscript_fast(obj, key.as_int(), v)) {
            decref(obj);  // v's reference moved into the list
            DISPATCH();
        }
        int r = set_item(ts, obj, key, v);
        decref(key);
        decref(obj);
        decref(v);
        CHECK(r >= 0);
        DISPATCH();
    }

    TARGET(DELETE_SUBSCR) {
        Value key = POP();
        Value obj = POP();
        int r = del_item(ts, obj, key);
        decref(key);
        decref(obj);
        CHECK(r >= 0);
        DISPATCH();
    }

    TARGET(BUILD_SLICE) {
        Value step = ARG == 3 ? POP() : Value::none();
        Value stop = POP();
        Value start = TOP();
        Owned s = new_slice(start, stop, step);
        decref(start);
        decref(stop);
        decref(step);
        TOP() = s.release();
        DISPATCH();
    }

    TARGET(BUILD_TUPLE) {
        const uint32_t n = ARG;
        Ref<TupleObject> t = new_tuple(n);
        sp -= n;
        std::memcpy(static_cast<void*>(t->items), sp, n * sizeof(Value));  // steals
        PUSH(Value::from_object(t.release()));
        DISPATCH();
    }

    TARGET(BUILD_LIST) {
        const uint32_t n = ARG;
        Ref<ListObject> l = new_list(n);
        sp -= n;
        for (uint32_t i = 0; i < n; ++i)
            list_append_owned(l.get(), Owned::steal(sp[i]));
        PUSH(Value::from_object(l.release()));
        DISPATCH();
    }

    TARGET(BUILD_SET) {
        const uint32_t n = ARG;
        sp -= n;
        Owned s = build_set(ts, sp, n);
        CHECK(s);
        PUSH(s.release());
        DISPATCH();
    }

    TARGET(BUILD_MAP) {
        const uint32_t n = ARG;
        sp -= 2 * n;
        Owned d = build_map(ts, sp, n);
        CHECK(d);
        PUSH(d.release());
        DISPATCH();
    }

    TARGET(BUILD_STRING) {
        const uint32_t n = ARG;
        sp -= n;
        Owned s = build_string(sp, n);
        PUSH(s.release());
        DISPATCH();
    }

    TARGET(LIST_APPEND) {
        Value v = POP();
        list_append_owned(sp[-static_cast<int>(ARG)].as<ListObject>(), Owned::steal(v));
        DISPATCH();
    }

    TARGET(SET_ADD) {
        Value v = POP();
        bool ok = set_add_value(ts, sp[-static_cast<int>(ARG)], v);
        decref(v);
        CHECK(ok);
        DISPATCH();
    }

    TARGET(MAP_ADD) {
        Value v = POP();
        Value k = POP();
        bool ok = dict_set(ts, sp[-static_cast<int>(ARG)].as<DictObject>(), k, v);
        decref(k);
        decref(v);
        CHECK(ok);
        DISPATCH();
    }

    TARGET(LIST_EXTEND) {
        Value it = POP();
        bool ok = list_extend(ts, sp[-static_cast<int>(ARG)].as<ListObject>(), it);
        if (!ok && exception_matches(ts, &kTypeErrorType) && type_of(it)->iter == nullptr &&
            type_of(it)->getitem == nullptr) {
            clear_exception(ts);
            raisef(ts, &kTypeErrorType, "Value after * must be an iterable, not {}", type_name(it));
        }
        decref(it);
        CHECK(ok);
        DISPATCH();
    }

    TARGET(SET_UPDATE) {
        Value it = POP();
        bool ok = set_update_value(ts, sp[-static_cast<int>(ARG)], it);
        decref(it);
        CHECK(ok);
        DISPATCH();
    }

    TARGET(DICT_UPDATE) {
        Value m = POP();
        bool ok = dict_update_display(ts, sp[-static_cast<int>(ARG)].as<DictObject>(), m);
        decref(m);
        CHECK(ok);
        DISPATCH();
    }

    TARGET(DICT_MERGE) {
        Value m = POP();
        bool ok = dict_merge_kwargs(ts, sp[-static_cast<int>(ARG)].as<DictObject>(), m,
                                    sp[-static_cast<int>(ARG) - 2]);
        decref(m);
        CHECK(ok);
        DISPATCH();
    }

    TARGET(LIST_TO_TUPLE) {
        auto* l = TOP().as<ListObject>();
        Ref<TupleObject> t = new_tuple_from(l->items, l->length);
        decref(TOP());
        TOP() = Value::from_object(t.release());
        DISPATCH();
    }

    TARGET(FORMAT_VALUE) {
        Value spec = (ARG & 4) ? POP() : Value::null();
        Value v = TOP();
        Owned r = format_value(ts, v, ARG & 3, spec);
        decref(spec);
        decref(v);
        if (!r) {
            --sp;
            goto error;
        }
        TOP() = r.release();
        DISPATCH();
    }

    TARGET(UNPACK_SEQUENCE) {
        Value seq = POP();
        bool ok = unpack_sequence(ts, seq, ARG, sp);
        decref(seq);
        CHECK(ok);
        sp += ARG;
        DISPATCH();
    }

    TARGET(UNPACK_EX) {
        Value seq = POP();
        const uint32_t before = ARG & 0xff, after = ARG >> 8;
        bool ok = unpack_ex(ts, seq, before, after, sp);
        decref(seq);
        CHECK(ok);
        sp += before + after + 1;
        DISPATCH();
    }

    TARGET(JUMP_FORWARD) {
        pc = ARG;
        DISPATCH();
    }

    TARGET(JUMP_BACKWARD) {
        pc = ARG;
        CHECK_EVAL_BREAKER();
        DISPATCH();
    }

    TARGET(POP_JUMP_IF_FALSE) {
        Value v = POP();
        int t = fast_truth(ts, v);
        decref(v);
        CHECK(t >= 0);
        if (!t) pc = ARG;
        DISPATCH();
    }

    TARGET(POP_JUMP_IF_TRUE) {
        Value v = POP();
        int t = fast_truth(ts, v);
        decref(v);
        CHECK(t >= 0);
        if (t) pc = ARG;
        DISPATCH();
    }

    TARGET(JUMP_IF_FALSE_OR_POP) {
        int t = fast_truth(ts, TOP());
        CHECK(t >= 0);
        if (!t) {
            pc = ARG;
        } else {
            decref(POP());
        }
        DISPATCH();
    }

    TARGET(JUMP_IF_TRUE_OR_POP) {
        int t = fast_truth(ts, TOP());
        CHECK(t >= 0);
        if (t) {
            pc = ARG;
        } else {
            decref(POP());
        }
        DISPATCH();
    }

    TARGET(GET_ITER) {
        Value v = TOP();
        Owned it = get_iter(ts, v);
        decref(v);
        if (!it) {
            --sp;
            goto error;
        }
        TOP() = it.release();
        DISPATCH();
    }

    TARGET(FOR_ITER) {
        Value it = TOP();
        Owned next = type_of(it)->next(ts, it);
        if (next) {
            PUSH(next.release());
            DISPATCH();
        }
        CHECK(!ts.has_exception());
        --sp;
        decref(it);
        pc = ARG;
        DISPATCH();
    }

    TARGET(KW_NAMES) {
        kwnames = consts[ARG].as<TupleObject>();
        DISPATCH();
    }

    TARGET(CALL) {
        const uint32_t n = ARG;
        Value* args = sp - n;
        const size_t nkw = kwnames ? static_cast<size_t>(kwnames->length) : 0;
        Owned r = call_value(ts, args[-1], CallArgs{args, n - nkw, kwnames});
        kwnames = nullptr;
        for (Value* p = args - 1; p < sp; ++p)
            decref(*p);
        sp = args - 1;
        CHECK(r);
        PUSH(r.release());
        CHECK_EVAL_BREAKER();
        DISPATCH();
    }

    TARGET(CALL_METHOD) {
        const uint32_t n = ARG;
        Value* args = sp - n;
        const size_t nkw = kwnames ? static_cast<size_t>(kwnames->length) : 0;
        Owned r;
        if (!args[-1].is_null()) {
            r = call_value(ts, args[-2], CallArgs{args - 1, n + 1 - nkw, kwnames});
        } else {
            r = call_value(ts, args[-2], CallArgs{args, n - nkw, kwnames});
        }
        kwnames = nullptr;
        for (Value* p = args - 2; p < sp; ++p)
            decref(*p);
        sp = args - 2;
        CHECK(r);
        PUSH(r.release());
        CHECK_EVAL_BREAKER();
        DISPATCH();
    }

    TARGET(CALL_FUNCTION_EX) {
        Value kwargs = (ARG & 1) ? POP() : Value::null();
        Value args = POP();
        Value func = TOP();
        Owned r = call_with_unpacked(ts, func, args, kwargs);
        decref(kwargs);
        decref(args);
        decref(func);
        if (!r) {
            --sp;
            goto error;
        }
        TOP() = r.release();
        CHECK_EVAL_BREAKER();
        DISPATCH();
    }

    TARGET(MAKE_FUNCTION) {
        Value code_value = POP();
        Ref<FunctionObject> fn = new_function(ts, code_value.as<CodeObject>(), f->globals);
        decref(code_value);
        if (ARG & 8) fn->closure = Ref<TupleObject>::steal(POP().as<TupleObject>());
        if (ARG & 4) fn->annotations = Ref<DictObject>::steal(POP().as<DictObject>());
        if (ARG & 2) fn->kwdefaults = Ref<DictObject>::steal(POP().as<DictObject>());
        if (ARG & 1) fn->defaults = Ref<TupleObject>::steal(POP().as<TupleObject>());
        PUSH(Value::from_object(fn.release()));
        DISPATCH();
    }

    TARGET(RETURN_VALUE) {
        Value result = POP();
        while (sp > stack_base)
            decref(POP());
        f->finished = true;
        f->sp = stack_base;
        ts.frame = saved_frame;
        return Owned::steal(result);
    }

    TARGET(YIELD_VALUE) {
        Value v = POP();
        f->sp = sp;
        f->pc = pc;
        ts.frame = saved_frame;
        return Owned::steal(v);
    }

    TARGET(RAISE_VARARGS) {
        if (ARG == 0) {
            if (ts.handled.empty() || ts.handled.back().is_null()) {
                raise(ts, &kRuntimeErrorType, "No active exception to reraise");
                goto error;
            }
            ts.exc = ts.handled.back();
            goto error_noadd;
        }
        Value cause = ARG == 2 ? POP() : Value::null();
        Value exc = POP();
        do_raise(ts, exc, cause);
        decref(exc);
        decref(cause);
        goto error;
    }

    TARGET(SETUP_FINALLY) {
        f->blocks[f->nblocks++] = Block{ARG, static_cast<uint32_t>(sp - stack_base)};
        DISPATCH();
    }

    TARGET(POP_BLOCK) {
        --f->nblocks;
        DISPATCH();
    }

    TARGET(PUSH_EXC_INFO) {
        ts.handled.push_back(Owned::borrow(TOP()));
        DISPATCH();
    }

    TARGET(POP_EXCEPT) {
        ts.handled.pop_back();
        DISPATCH();
    }

    TARGET(CHECK_EXC_MATCH) {
        Value type = POP();
        int r = exception_matches_type(ts, TOP(), type);
        decref(type);
        CHECK(r >= 0);
        PUSH(Value::from_bool(r != 0));
        DISPATCH();
    }

    TARGET(RERAISE) {
        ts.exc = Owned::borrow(TOP());
        goto error_noadd;
    }

    TARGET(BEFORE_WITH) {
        Value mgr = TOP();
        Owned exit_fn;
        Owned entered = enter_context(ts, mgr, &exit_fn);
        decref(mgr);
        if (!entered) {
            --sp;
            goto error;
        }
        TOP() = exit_fn.release();
        PUSH(entered.release());
        DISPATCH();
    }

    TARGET(WITH_EXCEPT_START) {
        Value exc = TOP();
        Value exit_fn = sp[-2];
        Owned r = call_exit_with_exception(ts, exit_fn, exc);
        CHECK(r);
        int t = fast_truth(ts, r.get());
        CHECK(t >= 0);
        PUSH(Value::from_bool(t != 0));
        DISPATCH();
    }

    TARGET(IMPORT_NAME) {
        Value fromlist = POP();
        Value level = TOP();
        Owned m = import_name(ts, names[ARG].get(), f->globals, fromlist, level);
        decref(fromlist);
        decref(level);
        if (!m) {
            --sp;
            goto error;
        }
        TOP() = m.release();
        DISPATCH();
    }

    TARGET(IMPORT_FROM) {
        Owned v = import_from(ts, TOP(), names[ARG].get());
        CHECK(v);
        PUSH(v.release());
        DISPATCH();
    }

    TARGET(IMPORT_STAR) {
        Value m = POP();
        bool ok = import_star(ts, m, f->locals.get().as<DictObject>());
        decref(m);
        CHECK(ok);
        DISPATCH();
    }

    TARGET(RAISE_ASSERTION) {
        Value msg = ARG ? POP() : Value::null();
        Owned exc = msg.is_null()
                        ? call_values(ts, Value::from_object(&kAssertionErrorType), {})
                        : call_values(ts, Value::from_object(&kAssertionErrorType), {msg});
        decref(msg);
        if (exc) set_exception(ts, std::move(exc));
        goto error;
    }

    TARGET(LOAD_BUILD_CLASS) {
        Value v = dict_get_str(f->builtins, ts.interp.intern("__build_class__"));
        if (v.is_null()) {
            raise(ts, &kNameErrorType, "__build_class__ not found");
            goto error;
        }
        incref(v);
        PUSH(v);
        DISPATCH();
    }

    TARGET(SETUP_ANNOTATIONS) {
        DISPATCH();
    }

    TARGET(PRINT_EXPR) {
        Value v = POP();
        bool ok = display_value(ts, v);
        decref(v);
        CHECK(ok);
        DISPATCH();
    }

    TARGET(GET_YIELD_FROM_ITER) {
        Value v = TOP();
        if (!(v.is_object() && v.as_object()->type == &kGeneratorType)) {
            Owned it = get_iter(ts, v);
            decref(v);
            if (!it) {
                --sp;
                goto error;
            }
            TOP() = it.release();
        }
        DISPATCH();
    }

    TARGET(SEND) {
        Value v = POP();
        Value receiver = TOP();
        Owned r;
        GenStatus status = iter_send(ts, receiver, v, &r);
        decref(v);
        CHECK(status != GenStatus::Error);
        if (status == GenStatus::Return) {
            TOP() = r.release();
            decref(receiver);
            pc = ARG;
            DISPATCH();
        }
        PUSH(r.release());
        DISPATCH();
    }

error:
    if (!ts.has_exception()) {
        raise(ts, &kSystemErrorType, "error return without exception set");
    }
    add_traceback_entry(ts, f, pc);
error_noadd:
    kwnames = nullptr;
    if (f->nblocks > 0) {
        Block b = f->blocks[--f->nblocks];
        Value* level = stack_base + b.level;
        while (sp > level)
            decref(POP());
        PUSH(fetch_exception(ts).release());
        pc = b.handler;
        DISPATCH();
    }
    while (sp > stack_base)
        decref(POP());
    f->finished = true;
    f->sp = stack_base;
    f->pc = pc;
    ts.frame = saved_frame;
    return nullptr;

#undef DISPATCH
#undef TARGET
#undef ARG
#undef PUSH
#undef POP
#undef TOP
#undef CHECK
#undef CHECK_EVAL_BREAKER
}

}  // namespace gilpy::interpreter
