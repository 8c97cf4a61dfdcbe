// The operator module: CPython 3.11's function forms of the operators (add, getitem, iadd,
// length_hint, ...), with their dunder aliases (__add__ ...), and the callable types
// attrgetter, itemgetter and methodcaller with CPython's reprs and argument messages.
#include <fmt/format.h>

#include <string>
#include <vector>

#include "runtime/abstract.hpp"
#include "runtime/args.hpp"
#include "runtime/exceptions.hpp"
#include "runtime/interpreter_state.hpp"
#include "runtime/types/dict.hpp"
#include "runtime/types/int.hpp"
#include "runtime/types/module.hpp"
#include "runtime/types/str.hpp"
#include "runtime/types/tuple.hpp"
#include "stdlib/registry.hpp"

namespace gilpy::stdlib {

using namespace runtime;

namespace {

// ------------------------------------------------------------------ argument checks

// A function of exactly [n] positional arguments (CPython's _PyArg_CheckPositional), called
// without keywords ("_operator.add() takes no keyword arguments").
bool check_fixed(ThreadState& ts, CallArgs args, const char* name, size_t n) {
    if (args.kwnames && args.keyword_count() > 0) {
        raisef(ts, &kTypeErrorType, "_operator.{}() takes no keyword arguments", name);
        return false;
    }
    return check_positional(ts, args, name, n, n);
}

// A function of one argument (CPython's METH_O).
bool check_unary(ThreadState& ts, CallArgs args, const char* name) {
    if (args.kwnames && args.keyword_count() > 0) {
        raisef(ts, &kTypeErrorType, "_operator.{}() takes no keyword arguments", name);
        return false;
    }
    if (args.nargs == 1) return true;
    raisef(ts, &kTypeErrorType, "_operator.{}() takes exactly one argument ({} given)", name,
           args.nargs);
    return false;
}

// ------------------------------------------------------------------ arithmetic and bitwise

#define GILPY_BINARY(fn, pyname, op)                               \
    Owned fn(ThreadState& ts, CallArgs args) {                     \
        if (!check_fixed(ts, args, pyname, 2)) return nullptr;     \
        return binary_op(ts, args[0], args[1], BinaryOp::op);      \
    }                                                              \
    Owned i##fn(ThreadState& ts, CallArgs args) {                  \
        if (!check_fixed(ts, args, "i" pyname, 2)) return nullptr; \
        return inplace_op(ts, args[0], args[1], BinaryOp::op);     \
    }

GILPY_BINARY(op_add, "add", Add)
GILPY_BINARY(op_sub, "sub", Sub)
GILPY_BINARY(op_mul, "mul", Mul)
GILPY_BINARY(op_matmul, "matmul", MatMul)
GILPY_BINARY(op_truediv, "truediv", TrueDiv)
GILPY_BINARY(op_floordiv, "floordiv", FloorDiv)
GILPY_BINARY(op_mod, "mod", Mod)
GILPY_BINARY(op_pow, "pow", Pow)
GILPY_BINARY(op_lshift, "lshift", LShift)
GILPY_BINARY(op_rshift, "rshift", RShift)
GILPY_BINARY(op_and, "and_", And)
GILPY_BINARY(op_or, "or_", Or)
GILPY_BINARY(op_xor, "xor", Xor)
#undef GILPY_BINARY

Owned op_neg(ThreadState& ts, CallArgs args) {
    if (!check_unary(ts, args, "neg")) return nullptr;
    return unary_op(ts, args[0], UnaryOp::Neg);
}

Owned op_pos(ThreadState& ts, CallArgs args) {
    if (!check_unary(ts, args, "pos")) return nullptr;
    return unary_op(ts, args[0], UnaryOp::Pos);
}

Owned op_invert(ThreadState& ts, CallArgs args) {
    if (!check_unary(ts, args, "invert")) return nullptr;
    return unary_op(ts, args[0], UnaryOp::Invert);
}

Owned op_inv(ThreadState& ts, CallArgs args) {
    if (!check_unary(ts, args, "inv")) return nullptr;
    return unary_op(ts, args[0], UnaryOp::Invert);
}

// abs(): the operand's number slot, with the builtin's message when it has none.
Owned op_abs(ThreadState& ts, CallArgs args) {
    if (!check_unary(ts, args, "abs")) return nullptr;
    const NumberSlots* n = type_of(args[0])->number;
    if (!n || !n->abs) {
        return raisef(ts, &kTypeErrorType, "bad operand type for abs(): '{}'", type_name(args[0]));
    }
    return n->abs(ts, args[0]);
}

Owned op_index(ThreadState& ts, CallArgs args) {
    if (!check_unary(ts, args, "index")) return nullptr;
    return index(ts, args[0]);
}

// ------------------------------------------------------------------ truth and comparison

Owned op_not(ThreadState& ts, CallArgs args) {
    if (!check_unary(ts, args, "not_")) return nullptr;
    int t = truth(ts, args[0]);
    if (t < 0) return nullptr;
    return Owned::from_bool(t == 0);
}

Owned op_truth(ThreadState& ts, CallArgs args) {
    if (!check_unary(ts, args, "truth")) return nullptr;
    int t = truth(ts, args[0]);
    if (t < 0) return nullptr;
    return Owned::from_bool(t != 0);
}

#define GILPY_COMPARE(fn, pyname, op)                          \
    Owned fn(ThreadState& ts, CallArgs args) {                 \
        if (!check_fixed(ts, args, pyname, 2)) return nullptr; \
        return compare(ts, args[0], args[1], CompareOp::op);   \
    }

GILPY_COMPARE(op_lt, "lt", Lt)
GILPY_COMPARE(op_le, "le", Le)
GILPY_COMPARE(op_eq, "eq", Eq)
GILPY_COMPARE(op_ne, "ne", Ne)
GILPY_COMPARE(op_gt, "gt", Gt)
GILPY_COMPARE(op_ge, "ge", Ge)
#undef GILPY_COMPARE

Owned op_is(ThreadState& ts, CallArgs args) {
    if (!check_fixed(ts, args, "is_", 2)) return nullptr;
    return Owned::from_bool(args[0].is(args[1]));
}

Owned op_is_not(ThreadState& ts, CallArgs args) {
    if (!check_fixed(ts, args, "is_not", 2)) return nullptr;
    return Owned::from_bool(!args[0].is(args[1]));
}

// ------------------------------------------------------------------ sequences

Owned op_contains(ThreadState& ts, CallArgs args) {
    if (!check_fixed(ts, args, "contains", 2)) return nullptr;
    int r = contains(ts, args[0], args[1]);
    if (r < 0) return nullptr;
    return Owned::from_bool(r != 0);
}

// Iterates [seq] looking for [item] by identity or equality: the number of matches, or (when
// [first] is set) the index of the first; -1 if raised, -2 if not found.
int64_t search(ThreadState& ts, Value seq, Value item, bool first) {
    Owned it = get_iter(ts, seq);
    if (!it) {
        if (exception_matches(ts, &kTypeErrorType)) {
            clear_exception(ts);
            raisef(ts, &kTypeErrorType, "argument of type '{}' is not iterable", type_name(seq));
        }
        return -1;
    }
    int64_t n = 0, i = 0;
    while (true) {
        Owned x = iter_next(ts, it.get());
        if (!x) return ts.exc ? -1 : (first ? -2 : n);
        int eq = x.get().is(item) ? 1 : equals(ts, x.get(), item);
        if (eq < 0) return -1;
        if (eq) {
            if (first) return i;
            ++n;
        }
        ++i;
    }
}

Owned op_count_of(ThreadState& ts, CallArgs args) {
    if (!check_fixed(ts, args, "countOf", 2)) return nullptr;
    int64_t n = search(ts, args[0], args[1], false);
    if (n < 0) return nullptr;
    return Owned::steal(Value::from_int(n));
}

Owned op_index_of(ThreadState& ts, CallArgs args) {
    if (!check_fixed(ts, args, "indexOf", 2)) return nullptr;
    int64_t n = search(ts, args[0], args[1], true);
    if (n == -2) return raise(ts, &kValueErrorType, "sequence.index(x): x not in sequence");
    if (n < 0) return nullptr;
    return Owned::steal(Value::from_int(n));
}

Owned op_getitem(ThreadState& ts, CallArgs args) {
    if (!check_fixed(ts, args, "getitem", 2)) return nullptr;
    return get_item(ts, args[0], args[1]);
}

Owned op_setitem(ThreadState& ts, CallArgs args) {
    if (!check_fixed(ts, args, "setitem", 3)) return nullptr;
    if (set_item(ts, args[0], args[1], args[2]) < 0) return nullptr;
    return Owned::none();
}

Owned op_delitem(ThreadState& ts, CallArgs args) {
    if (!check_fixed(ts, args, "delitem", 2)) return nullptr;
    if (del_item(ts, args[0], args[1]) < 0) return nullptr;
    return Owned::none();
}

// CPython's PySequence_Check: indexable and not a mapping (dict).
bool is_sequence(Value v) {
    TypeObject* t = type_of(v);
    return t->getitem && !(t->flags & kTypeDictSubclass);
}

Owned concat(ThreadState& ts, CallArgs args, const char* name, bool inplace) {
    if (!check_fixed(ts, args, name, 2)) return nullptr;
    if (!is_sequence(args[0])) {
        return raisef(ts, &kTypeErrorType, "'{}' object can't be concatenated", type_name(args[0]));
    }
    return inplace ? inplace_op(ts, args[0], args[1], BinaryOp::Add)
                   : binary_op(ts, args[0], args[1], BinaryOp::Add);
}

Owned op_concat(ThreadState& ts, CallArgs args) {
    return concat(ts, args, "concat", false);
}
Owned op_iconcat(ThreadState& ts, CallArgs args) {
    return concat(ts, args, "iconcat", true);
}

// length_hint(obj, default=0): len() if it works, else __length_hint__, else default.
Owned op_length_hint(ThreadState& ts, CallArgs args) {
    if (args.kwnames && args.keyword_count() > 0) {
        return raise(ts, &kTypeErrorType, "length_hint() takes no keyword arguments");
    }
    if (!check_positional(ts, args, "length_hint", 1, 2)) return nullptr;
    int64_t fallback = 0;
    if (args.nargs > 1) {
        if (!is_int(args[1]) && !(type_of(args[1])->number && type_of(args[1])->number->index)) {
            return raisef(ts, &kTypeErrorType, "'{}' object cannot be interpreted as an integer",
                          type_name(args[1]));
        }
        if (!index_int64(ts, args[1], &fallback)) return nullptr;
    }
    Value obj = args[0];
    if (type_of(obj)->length) {
        int64_t n = length(ts, obj);
        if (n >= 0) return Owned::steal(Value::from_int(n));
        if (!exception_matches(ts, &kTypeErrorType)) return nullptr;
        clear_exception(ts);
    }
    Value hint = type_lookup(type_of(obj), ts.interp.intern("__length_hint__"));
    if (hint.is_null()) return Owned::steal(Value::from_int(fallback));
    Owned r = call_values(ts, hint, {obj});
    if (!r) {
        if (!exception_matches(ts, &kTypeErrorType)) return nullptr;
        clear_exception(ts);
        return Owned::steal(Value::from_int(fallback));
    }
    if (is_not_implemented(r.get())) return Owned::steal(Value::from_int(fallback));
    if (!is_int(r.get())) {
        return raisef(ts, &kTypeErrorType, "__length_hint__ must be an integer, not {}",
                      type_name(r.get()));
    }
    int64_t n;
    if (!index_int64(ts, r.get(), &n)) return nullptr;
    if (n < 0) return raise(ts, &kValueErrorType, "__length_hint__() should return >= 0");
    return r;
}

// call(obj, /, *args, **kwargs)
Owned op_call(ThreadState& ts, CallArgs args) {
    if (args.nargs < 1) {
        return raisef(ts, &kTypeErrorType, "call expected at least 1 argument, got {}", args.nargs);
    }
    return call(ts, args[0], drop_self(args));
}

// ------------------------------------------------------------------ attrgetter

struct AttrGetterObject : Object {
    std::vector<Ref<StrObject>> names;               // as given, for the repr
    std::vector<std::vector<Ref<StrObject>>> paths;  // each name split at the dots
    AttrGetterObject() : Object(nullptr) {}
};

extern TypeObject kAttrGetterType;

Owned attrgetter_new(ThreadState& ts, TypeObject*, CallArgs args) {
    if (!check_no_keywords(ts, args, "attrgetter()")) return nullptr;
    if (args.nargs < 1) {
        return raise(ts, &kTypeErrorType, "attrgetter expected 1 argument, got 0");
    }
    Ref<AttrGetterObject> g = make_object<AttrGetterObject>();
    g->type = &kAttrGetterType;
    for (size_t i = 0; i < args.nargs; ++i) {
        if (!is_str(args[i])) return raise(ts, &kTypeErrorType, "attribute name must be a string");
        auto* s = args[i].as<StrObject>();
        g->names.push_back(Ref<StrObject>::borrow(s));
        std::vector<Ref<StrObject>> path;
        std::string_view text = s->view();
        size_t start = 0;
        while (true) {
            size_t dot = text.find('.', start);
            path.push_back(new_str(text.substr(start, dot - start)));
            if (dot == std::string_view::npos) break;
            start = dot + 1;
        }
        g->paths.push_back(std::move(path));
    }
    return g;
}

Owned attrgetter_call(ThreadState& ts, Value self, CallArgs args) {
    if (!check_no_keywords(ts, args, "attrgetter()")) return nullptr;
    if (args.nargs != 1) {
        return raisef(ts, &kTypeErrorType, "attrgetter expected 1 argument, got {}", args.nargs);
    }
    auto* g = self.as<AttrGetterObject>();
    auto fetch = [&](const std::vector<Ref<StrObject>>& path) -> Owned {
        Owned v = Owned::borrow(args[0]);
        for (const Ref<StrObject>& part : path) {
            v = get_attr(ts, v.get(), part.get());
            if (!v) return nullptr;
        }
        return v;
    };
    if (g->paths.size() == 1) return fetch(g->paths[0]);
    Ref<TupleObject> out = new_tuple(static_cast<int64_t>(g->paths.size()));
    for (size_t i = 0; i < g->paths.size(); ++i) {
        Owned v = fetch(g->paths[i]);
        if (!v) return nullptr;
        out->items[i] = v.release();
    }
    return out;
}

Owned attrgetter_repr(ThreadState&, Value self) {
    auto* g = self.as<AttrGetterObject>();
    std::string out = "operator.attrgetter(";
    for (size_t i = 0; i < g->names.size(); ++i) {
        if (i) out += ", ";
        out += str_repr(g->names[i]->view());
    }
    out += ")";
    return new_str(out);
}

// ------------------------------------------------------------------ itemgetter

struct ItemGetterObject : Object {
    Ref<TupleObject> items;
    ItemGetterObject() : Object(nullptr) {}
};

extern TypeObject kItemGetterType;

Owned itemgetter_new(ThreadState& ts, TypeObject*, CallArgs args) {
    if (!check_no_keywords(ts, args, "itemgetter()")) return nullptr;
    if (args.nargs < 1) {
        return raise(ts, &kTypeErrorType, "itemgetter expected 1 argument, got 0");
    }
    Ref<ItemGetterObject> g = make_object<ItemGetterObject>();
    g->type = &kItemGetterType;
    g->items = new_tuple_from(args.args, static_cast<int64_t>(args.nargs));
    return g;
}

Owned itemgetter_call(ThreadState& ts, Value self, CallArgs args) {
    if (!check_no_keywords(ts, args, "itemgetter()")) return nullptr;
    if (args.nargs != 1) {
        return raisef(ts, &kTypeErrorType, "itemgetter expected 1 argument, got {}", args.nargs);
    }
    TupleObject* items = self.as<ItemGetterObject>()->items.get();
    if (items->length == 1) return get_item(ts, args[0], items->items[0]);
    Ref<TupleObject> out = new_tuple(items->length);
    for (int64_t i = 0; i < items->length; ++i) {
        Owned v = get_item(ts, args[0], items->items[i]);
        if (!v) return nullptr;
        out->items[i] = v.release();
    }
    return out;
}

Owned itemgetter_repr(ThreadState& ts, Value self) {
    TupleObject* items = self.as<ItemGetterObject>()->items.get();
    NativeRecursionGuard guard(ts);
    if (!guard.enter(" while getting the repr of an object")) return nullptr;
    std::string out = "operator.itemgetter(";
    for (int64_t i = 0; i < items->length; ++i) {
        if (i) out += ", ";
        Owned r = repr(ts, items->items[i]);
        if (!r) return nullptr;
        out += r.get().as<StrObject>()->view();
    }
    out += ")";
    return new_str(out);
}

// ------------------------------------------------------------------ methodcaller

struct MethodCallerObject : Object {
    Ref<StrObject> name;
    std::vector<Owned> values;  // the positional arguments, then the keyword values
    size_t nargs = 0;
    Ref<TupleObject> kwnames;  // null without keywords
    MethodCallerObject() : Object(nullptr) {}
};

extern TypeObject kMethodCallerType;

Owned methodcaller_new(ThreadState& ts, TypeObject*, CallArgs args) {
    if (args.nargs < 1) {
        return raise(ts, &kTypeErrorType,
                     "methodcaller needs at least one argument, the method name");
    }
    if (!is_str(args[0])) return raise(ts, &kTypeErrorType, "method name must be a string");
    Ref<MethodCallerObject> m = make_object<MethodCallerObject>();
    m->type = &kMethodCallerType;
    m->name = Ref<StrObject>::borrow(args[0].as<StrObject>());
    m->nargs = args.nargs - 1;
    size_t nkw = args.keyword_count();
    for (size_t i = 1; i < args.nargs + nkw; ++i)
        m->values.push_back(Owned::borrow(args.args[i]));
    if (nkw) m->kwnames = Ref<TupleObject>::borrow(args.kwnames);
    return m;
}

Owned methodcaller_call(ThreadState& ts, Value self, CallArgs args) {
    if (!check_no_keywords(ts, args, "methodcaller()")) return nullptr;
    if (args.nargs != 1) {
        return raisef(ts, &kTypeErrorType, "methodcaller expected 1 argument, got {}", args.nargs);
    }
    auto* m = self.as<MethodCallerObject>();
    Owned method = get_attr(ts, args[0], m->name.get());
    if (!method) return nullptr;
    std::vector<Value> values;
    values.reserve(m->values.size());
    for (const Owned& v : m->values)
        values.push_back(v.get());
    return call(ts, method.get(), CallArgs{values.data(), m->nargs, m->kwnames.get()});
}

Owned methodcaller_repr(ThreadState& ts, Value self) {
    auto* m = self.as<MethodCallerObject>();
    NativeRecursionGuard guard(ts);
    if (!guard.enter(" while getting the repr of an object")) return nullptr;
    std::string out = "operator.methodcaller(" + str_repr(m->name->view());
    for (size_t i = 0; i < m->values.size(); ++i) {
        out += ", ";
        if (i >= m->nargs) {
            out += m->kwnames->items[i - m->nargs].as<StrObject>()->view();
            out += "=";
        }
        Owned r = repr(ts, m->values[i].get());
        if (!r) return nullptr;
        out += r.get().as<StrObject>()->view();
    }
    out += ")";
    return new_str(out);
}

template <class T>
void dealloc_as(Object* self) {
    delete static_cast<T*>(self);
}

// ------------------------------------------------------------------ tables

// Every function, under its plain name.
const MethodDef kOperatorFunctions[] = {
    {"abs", op_abs},
    {"add", op_add},
    {"and_", op_and},
    {"call", op_call},
    {"concat", op_concat},
    {"contains", op_contains},
    {"countOf", op_count_of},
    {"delitem", op_delitem},
    {"eq", op_eq},
    {"floordiv", op_floordiv},
    {"ge", op_ge},
    {"getitem", op_getitem},
    {"gt", op_gt},
    {"iadd", iop_add},
    {"iand", iop_and},
    {"iconcat", op_iconcat},
    {"ifloordiv", iop_floordiv},
    {"ilshift", iop_lshift},
    {"imatmul", iop_matmul},
    {"imod", iop_mod},
    {"imul", iop_mul},
    {"index", op_index},
    {"indexOf", op_index_of},
    {"inv", op_inv},
    {"invert", op_invert},
    {"ior", iop_or},
    {"ipow", iop_pow},
    {"irshift", iop_rshift},
    {"is_", op_is},
    {"is_not", op_is_not},
    {"isub", iop_sub},
    {"itruediv", iop_truediv},
    {"ixor", iop_xor},
    {"le", op_le},
    {"length_hint", op_length_hint},
    {"lshift", op_lshift},
    {"lt", op_lt},
    {"matmul", op_matmul},
    {"mod", op_mod},
    {"mul", op_mul},
    {"ne", op_ne},
    {"neg", op_neg},
    {"not_", op_not},
    {"or_", op_or},
    {"pos", op_pos},
    {"pow", op_pow},
    {"rshift", op_rshift},
    {"setitem", op_setitem},
    {"sub", op_sub},
    {"truediv", op_truediv},
    {"truth", op_truth},
    {"xor", op_xor},
    {nullptr, nullptr},
};

// The dunder aliases: the same function objects under a second name (operator.__add__ is
// operator.add).
const char* const kOperatorAliases[][2] = {
    {"__abs__", "abs"},
    {"__add__", "add"},
    {"__and__", "and_"},
    {"__call__", "call"},
    {"__concat__", "concat"},
    {"__contains__", "contains"},
    {"__delitem__", "delitem"},
    {"__eq__", "eq"},
    {"__floordiv__", "floordiv"},
    {"__ge__", "ge"},
    {"__getitem__", "getitem"},
    {"__gt__", "gt"},
    {"__iadd__", "iadd"},
    {"__iand__", "iand"},
    {"__iconcat__", "iconcat"},
    {"__ifloordiv__", "ifloordiv"},
    {"__ilshift__", "ilshift"},
    {"__imatmul__", "imatmul"},
    {"__imod__", "imod"},
    {"__imul__", "imul"},
    {"__index__", "index"},
    {"__inv__", "inv"},
    {"__invert__", "invert"},
    {"__ior__", "ior"},
    {"__ipow__", "ipow"},
    {"__irshift__", "irshift"},
    {"__isub__", "isub"},
    {"__itruediv__", "itruediv"},
    {"__ixor__", "ixor"},
    {"__le__", "le"},
    {"__lshift__", "lshift"},
    {"__lt__", "lt"},
    {"__matmul__", "matmul"},
    {"__mod__", "mod"},
    {"__mul__", "mul"},
    {"__ne__", "ne"},
    {"__neg__", "neg"},
    {"__not__", "not_"},
    {"__or__", "or_"},
    {"__pos__", "pos"},
    {"__pow__", "pow"},
    {"__rshift__", "rshift"},
    {"__setitem__", "setitem"},
    {"__sub__", "sub"},
    {"__truediv__", "truediv"},
    {"__xor__", "xor"},
};

constinit TypeObject kAttrGetterType("operator.attrgetter", &kObjectType, 0,
                                     {.dealloc = dealloc_as<AttrGetterObject>,
                                      .repr = attrgetter_repr,
                                      .call = attrgetter_call,
                                      .new_ = attrgetter_new});
constinit TypeObject kItemGetterType("operator.itemgetter", &kObjectType, 0,
                                     {.dealloc = dealloc_as<ItemGetterObject>,
                                      .repr = itemgetter_repr,
                                      .call = itemgetter_call,
                                      .new_ = itemgetter_new});
constinit TypeObject kMethodCallerType("operator.methodcaller", &kObjectType, 0,
                                       {.dealloc = dealloc_as<MethodCallerObject>,
                                        .repr = methodcaller_repr,
                                        .call = methodcaller_call,
                                        .new_ = methodcaller_new});

TypeObject* const kOperatorTypes[] = {&kAttrGetterType, &kItemGetterType, &kMethodCallerType,
                                      nullptr};

}  // namespace

Ref<ModuleObject> init_operator_module(ThreadState& ts) {
    for (TypeObject* const* t = kOperatorTypes; *t; ++t)
        ready_static_type(*t, nullptr);
    Ref<ModuleObject> m = new_module(ts, "operator");
    if (!m) return nullptr;
    module_add_functions(ts, m.get(), kOperatorFunctions);
    for (const auto& alias : kOperatorAliases) {
        Value fn = dict_get_str(ts, m->dict.get(), alias[1]);
        module_set(ts, m.get(), alias[0], fn);
    }
    module_set(ts, m.get(), "attrgetter", Value::from_object(&kAttrGetterType));
    module_set(ts, m.get(), "itemgetter", Value::from_object(&kItemGetterType));
    module_set(ts, m.get(), "methodcaller", Value::from_object(&kMethodCallerType));
    return m;
}

}  // namespace gilpy::stdlib
