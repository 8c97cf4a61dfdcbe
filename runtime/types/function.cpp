// Callables: Python functions (their call slot is the eval loop's entry), builtin functions and
// bound builtin methods, method descriptors of builtin types, bound methods and closure cells.
// call_method_def is a C++-exception boundary (STYLE 3.10): bad_alloc becomes MemoryError.
#include "runtime/types/function.hpp"

#include <fmt/format.h>

#include <new>
#include <vector>

#include "runtime/abstract.hpp"
#include "runtime/args.hpp"
#include "runtime/exceptions.hpp"
#include "runtime/interpreter_state.hpp"
#include "runtime/types/module.hpp"

namespace gilpy::runtime {

namespace {

const void* address(Value v) {
    return static_cast<const void*>(v.as_object());
}

// Functions, methods and descriptors hash by identity, like CPython's object hash.
int64_t identity_hash(ThreadState&, Value self) {
    uint64_t bits = self.bits();
    int64_t h = static_cast<int64_t>((bits >> 4) | (bits << 60));
    return h == -1 ? -2 : h;
}

}  // namespace

Owned call_with_self(ThreadState& ts, Value callable, Value self, CallArgs args) {
    const size_t total = args.nargs + args.keyword_count();
    constexpr size_t kSmall = 8;
    Value small[kSmall + 1];
    std::vector<Value> large;
    Value* buffer = small;
    if (total + 1 > kSmall + 1) {
        large.resize(total + 1);
        buffer = large.data();
    }
    buffer[0] = self;
    for (size_t i = 0; i < total; ++i)
        buffer[i + 1] = args.args[i];
    return call(ts, callable, CallArgs{buffer, args.nargs + 1, args.kwnames});
}

namespace {

Owned call_def_with_self(ThreadState& ts, const MethodDef* def, Value self, CallArgs args) {
    const size_t total = args.nargs + args.keyword_count();
    constexpr size_t kSmall = 8;
    Value small[kSmall + 1];
    std::vector<Value> large;
    Value* buffer = small;
    if (total + 1 > kSmall + 1) {
        large.resize(total + 1);
        buffer = large.data();
    }
    buffer[0] = self;
    for (size_t i = 0; i < total; ++i)
        buffer[i + 1] = args.args[i];
    return call_method_def(ts, def, CallArgs{buffer, args.nargs + 1, args.kwnames});
}

// ------------------------------------------------------------------ function

void function_dealloc(Object* self) {
    delete static_cast<FunctionObject*>(self);
}

Owned function_repr(ThreadState&, Value self) {
    return new_str(fmt::format("<function {} at {}>", self.as<FunctionObject>()->qualname->view(),
                               address(self)));
}

Owned function_call(ThreadState& ts, Value callable, CallArgs args) {
    auto* fn = callable.as<FunctionObject>();
    return fn->call_slot(ts, fn, args);
}

Owned function_descr_get(ThreadState&, Value descr, Value obj, TypeObject*) {
    if (obj.is_null() || obj.is_none()) return Owned::borrow(descr);
    return make_object<MethodObject>(Owned::borrow(descr), Owned::borrow(obj));
}

Ref<DictObject>* function_instance_dict(Object* self) {
    return &static_cast<FunctionObject*>(self)->dict;
}

Owned function_get_name(ThreadState&, Value self) {
    return Owned(Ref<StrObject>(self.as<FunctionObject>()->name));
}
int function_set_name(ThreadState& ts, Value self, Value v) {
    if (!is_str(v)) {
        raise(ts, &kTypeErrorType, "__name__ must be set to a string object");
        return -1;
    }
    self.as<FunctionObject>()->name = Ref<StrObject>::borrow(v.as<StrObject>());
    return 0;
}
Owned function_get_qualname(ThreadState&, Value self) {
    return Owned(Ref<StrObject>(self.as<FunctionObject>()->qualname));
}
int function_set_qualname(ThreadState& ts, Value self, Value v) {
    if (!is_str(v)) {
        raise(ts, &kTypeErrorType, "__qualname__ must be set to a string object");
        return -1;
    }
    self.as<FunctionObject>()->qualname = Ref<StrObject>::borrow(v.as<StrObject>());
    return 0;
}
Owned function_get_doc(ThreadState&, Value self) {
    const Owned& doc = self.as<FunctionObject>()->doc;
    return doc ? doc : Owned::none();
}
int function_set_doc(ThreadState&, Value self, Value v) {
    self.as<FunctionObject>()->doc = v.is_null() ? Owned::none() : Owned::borrow(v);
    return 0;
}
// __annotations__: a dict made on first read when the def had none, as CPython's.
Owned function_get_annotations(ThreadState&, Value self) {
    auto* fn = self.as<FunctionObject>();
    if (!fn->annotations) fn->annotations = new_dict();
    return Owned::borrow(Value::from_object(fn->annotations.get()));
}
int function_set_annotations(ThreadState& ts, Value self, Value v) {
    auto* fn = self.as<FunctionObject>();
    if (v.is_null() || v.is_none()) {  // del f.__annotations__, f.__annotations__ = None
        fn->annotations = nullptr;
        return 0;
    }
    if (!is_dict(v)) {
        raise(ts, &kTypeErrorType, "__annotations__ must be set to a dict object");
        return -1;
    }
    fn->annotations = Ref<DictObject>::borrow(v.as<DictObject>());
    return 0;
}
Owned function_get_module(ThreadState&, Value self) {
    const Owned& m = self.as<FunctionObject>()->module;
    return m ? m : Owned::none();
}
int function_set_module(ThreadState&, Value self, Value v) {
    self.as<FunctionObject>()->module = v.is_null() ? Owned::none() : Owned::borrow(v);
    return 0;
}
Owned function_get_defaults(ThreadState&, Value self) {
    auto* fn = self.as<FunctionObject>();
    return fn->defaults ? Owned(Ref<TupleObject>(fn->defaults)) : Owned::none();
}
int function_set_defaults(ThreadState& ts, Value self, Value v) {
    auto* fn = self.as<FunctionObject>();
    if (v.is_null() || v.is_none()) {
        fn->defaults = nullptr;
        return 0;
    }
    if (!is_tuple(v)) {
        raise(ts, &kTypeErrorType, "__defaults__ must be set to a tuple object");
        return -1;
    }
    fn->defaults = Ref<TupleObject>::borrow(v.as<TupleObject>());
    return 0;
}
Owned function_get_kwdefaults(ThreadState&, Value self) {
    auto* fn = self.as<FunctionObject>();
    return fn->kwdefaults ? Owned(Ref<DictObject>(fn->kwdefaults)) : Owned::none();
}
int function_set_kwdefaults(ThreadState& ts, Value self, Value v) {
    auto* fn = self.as<FunctionObject>();
    if (v.is_null() || v.is_none()) {
        fn->kwdefaults = nullptr;
        return 0;
    }
    if (!is_dict(v)) {
        raise(ts, &kTypeErrorType, "__kwdefaults__ must be set to a dict object");
        return -1;
    }
    fn->kwdefaults = Ref<DictObject>::borrow(v.as<DictObject>());
    return 0;
}
int function_set_dict(ThreadState& ts, Value self, Value v) {
    if (v.is_null()) {
        raise(ts, &kTypeErrorType, "cannot delete __dict__");
        return -1;
    }
    if (!is_dict(v)) {
        raisef(ts, &kTypeErrorType, "__dict__ must be set to a dictionary, not a '{}'",
               type_name(v));
        return -1;
    }
    self.as<FunctionObject>()->dict = Ref<DictObject>::borrow(v.as<DictObject>());
    return 0;
}
Owned function_get_globals(ThreadState&, Value self) {
    return Owned(Ref<DictObject>(self.as<FunctionObject>()->globals));
}
Owned function_get_closure(ThreadState&, Value self) {
    auto* fn = self.as<FunctionObject>();
    return fn->closure ? Owned(Ref<TupleObject>(fn->closure)) : Owned::none();
}
Owned function_get_dict(ThreadState&, Value self) {
    auto* fn = self.as<FunctionObject>();
    if (!fn->dict) fn->dict = new_dict();
    return Owned(Ref<DictObject>(fn->dict));
}
Owned function_get_code(ThreadState&, Value self) {
    return Owned(Ref<Object>(self.as<FunctionObject>()->code));
}

const GetSetDef kFunctionGetSet[] = {
    {"__name__", function_get_name, function_set_name},
    {"__qualname__", function_get_qualname, function_set_qualname},
    {"__doc__", function_get_doc, function_set_doc},
    {"__module__", function_get_module, function_set_module},
    {"__defaults__", function_get_defaults, function_set_defaults},
    {"__kwdefaults__", function_get_kwdefaults, function_set_kwdefaults},
    {"__globals__", function_get_globals},
    {"__closure__", function_get_closure},
    {"__dict__", function_get_dict, function_set_dict},
    {"__code__", function_get_code},
    {"__annotations__", function_get_annotations, function_set_annotations},
    {nullptr, nullptr},
};

// ------------------------------------------------------------------ builtin functions

void builtin_dealloc(Object* self) {
    delete static_cast<BuiltinFunctionObject*>(self);
}

Owned builtin_repr(ThreadState&, Value self) {
    auto* b = self.as<BuiltinFunctionObject>();
    if (b->self.is_null() || is_module(b->self.get())) {
        return new_str(fmt::format("<built-in function {}>", b->def->name));
    }
    return new_str(fmt::format(
        "<built-in method {} of {} object at {}>", b->def->name, type_of(b->self.get())->name,
        static_cast<const void*>(b->self.get().is_object() ? b->self.get().as_object() : nullptr)));
}

Owned builtin_call(ThreadState& ts, Value callable, CallArgs args) {
    auto* b = callable.as<BuiltinFunctionObject>();
    if (b->self.is_null()) return call_method_def(ts, b->def, args);
    return call_def_with_self(ts, b->def, b->self.get(), args);
}

Owned builtin_get_name(ThreadState&, Value self) {
    return new_str(self.as<BuiltinFunctionObject>()->def->name);
}
Owned builtin_get_self(ThreadState&, Value self) {
    const Owned& s = self.as<BuiltinFunctionObject>()->self;
    return s ? s : Owned::none();
}
Owned builtin_get_module(ThreadState&, Value self) {
    const Owned& m = self.as<BuiltinFunctionObject>()->module;
    return m ? m : Owned::none();
}

Owned builtin_get_doc(ThreadState&, Value) {
    return Owned::none();
}

Owned builtin_compare(ThreadState&, Value self, Value other, CompareOp op) {
    if ((op != CompareOp::Eq && op != CompareOp::Ne) || type_of(other) != &kBuiltinFunctionType) {
        return Owned::borrow(not_implemented());
    }
    auto* a = self.as<BuiltinFunctionObject>();
    auto* b = other.as<BuiltinFunctionObject>();
    bool eq = a->def == b->def && a->self.get().is(b->self.get());
    return Owned::from_bool(op == CompareOp::Eq ? eq : !eq);
}

int64_t builtin_hash(ThreadState& ts, Value self) {
    auto* b = self.as<BuiltinFunctionObject>();
    uint64_t h = reinterpret_cast<uintptr_t>(b->def) >> 4;
    if (!b->self.is_null()) h ^= static_cast<uint64_t>(identity_hash(ts, b->self.get()));
    int64_t r = static_cast<int64_t>(h);
    return r == -1 ? -2 : r;
}

const GetSetDef kBuiltinGetSet[] = {
    {"__doc__", builtin_get_doc},       {"__name__", builtin_get_name},
    {"__qualname__", builtin_get_name}, {"__self__", builtin_get_self},
    {"__module__", builtin_get_module}, {nullptr, nullptr},
};

// ------------------------------------------------------------------ method descriptors

void descriptor_dealloc(Object* self) {
    delete static_cast<MethodDescriptorObject*>(self);
}

Owned method_descriptor_repr(ThreadState&, Value self) {
    auto* d = self.as<MethodDescriptorObject>();
    return new_str(fmt::format("<method '{}' of '{}' objects>", d->def->name, d->owner->name));
}

bool check_descriptor_self(ThreadState& ts, MethodDescriptorObject* d, CallArgs args) {
    if (args.nargs == 0) {
        raisef(ts, &kTypeErrorType, "unbound method {}.{}() needs an argument", d->owner->name,
               d->def->name);
        return false;
    }
    if (!is_subtype(type_of(args[0]), d->owner)) {
        raisef(ts, &kTypeErrorType,
               "descriptor '{}' for '{}' objects doesn't apply to a '{}' object", d->def->name,
               d->owner->name, type_name(args[0]));
        return false;
    }
    return true;
}

Owned method_descriptor_call(ThreadState& ts, Value callable, CallArgs args) {
    auto* d = callable.as<MethodDescriptorObject>();
    if (d->def->kind == MethodKind::Static) return call_method_def(ts, d->def, args);
    if (!check_descriptor_self(ts, d, args)) return nullptr;
    return call_method_def(ts, d->def, args);
}

Owned method_descriptor_get(ThreadState& ts, Value descr, Value obj, TypeObject*) {
    auto* d = descr.as<MethodDescriptorObject>();
    if (d->def->kind == MethodKind::Static) return new_builtin_function(d->def);
    if (obj.is_null()) return Owned::borrow(descr);
    if (!is_subtype(type_of(obj), d->owner)) {
        return raisef(ts, &kTypeErrorType,
                      "descriptor '{}' for '{}' objects doesn't apply to a '{}' object",
                      d->def->name, d->owner->name, type_name(obj));
    }
    return make_object<BuiltinFunctionObject>(d->def, Owned::borrow(obj));
}

Owned classmethod_descriptor_get(ThreadState&, Value descr, Value obj, TypeObject* owner) {
    auto* d = descr.as<MethodDescriptorObject>();
    TypeObject* cls = owner ? owner : type_of(obj);
    return make_object<BuiltinFunctionObject>(d->def, Owned::borrow(Value::from_object(cls)));
}

Owned classmethod_descriptor_call(ThreadState& ts, Value callable, CallArgs args) {
    auto* d = callable.as<MethodDescriptorObject>();
    if (args.nargs == 0 || !(type_of(args[0])->flags & kTypeTypeSubclass)) {
        return raisef(ts, &kTypeErrorType, "descriptor '{}' of '{}' object needs a type",
                      d->def->name, d->owner->name);
    }
    return call_method_def(ts, d->def, args);
}

// ------------------------------------------------------------------ getset descriptors

void getset_dealloc(Object* self) {
    delete static_cast<GetSetDescriptorObject*>(self);
}

Owned getset_repr(ThreadState&, Value self) {
    auto* g = self.as<GetSetDescriptorObject>();
    return new_str(fmt::format("<attribute '{}' of '{}' objects>", g->def->name, g->owner->name));
}

Owned getset_get(ThreadState& ts, Value descr, Value obj, TypeObject*) {
    auto* g = descr.as<GetSetDescriptorObject>();
    if (obj.is_null()) return Owned::borrow(descr);
    return g->def->get(ts, obj);
}

int getset_set(ThreadState& ts, Value descr, Value obj, Value v) {
    auto* g = descr.as<GetSetDescriptorObject>();
    if (!g->def->set) {
        raisef(ts, &kAttributeErrorType, "attribute '{}' of '{}' objects is not writable",
               g->def->name, g->owner->name);
        return -1;
    }
    return g->def->set(ts, obj, v);
}

// ------------------------------------------------------------------ bound methods

void method_dealloc(Object* self) {
    delete static_cast<MethodObject*>(self);
}

Owned method_repr(ThreadState& ts, Value self) {
    auto* m = self.as<MethodObject>();
    Owned name = get_attr_opt(ts, m->func.get(), ts.interp.intern("__qualname__"));
    if (!name) {
        if (ts.has_exception()) return nullptr;
        name = new_str("?");
    }
    Owned self_repr = repr(ts, m->self.get());
    if (!self_repr) return nullptr;
    return new_str(fmt::format("<bound method {} of {}>", name.get().as<StrObject>()->view(),
                               self_repr.get().as<StrObject>()->view()));
}

Owned method_call(ThreadState& ts, Value callable, CallArgs args) {
    auto* m = callable.as<MethodObject>();
    return call_with_self(ts, m->func.get(), m->self.get(), args);
}

Owned method_compare(ThreadState&, Value self, Value other, CompareOp op) {
    if ((op != CompareOp::Eq && op != CompareOp::Ne) || type_of(other) != &kMethodType) {
        return Owned::borrow(not_implemented());
    }
    auto* a = self.as<MethodObject>();
    auto* b = other.as<MethodObject>();
    bool eq = a->func.get().is(b->func.get()) && a->self.get().is(b->self.get());
    return Owned::from_bool(op == CompareOp::Eq ? eq : !eq);
}

// CPython's meth_hash: the identity of self combined with the function's hash.
int64_t method_hash(ThreadState& ts, Value self) {
    auto* m = self.as<MethodObject>();
    int64_t y = hash(ts, m->func.get());
    if (y == -1) return -1;
    int64_t h = identity_hash(ts, m->self.get()) ^ y;
    return h == -1 ? -2 : h;
}

Owned method_get_self(ThreadState&, Value self) {
    return self.as<MethodObject>()->self;
}
Owned method_get_func(ThreadState&, Value self) {
    return self.as<MethodObject>()->func;
}

Owned method_getattr(ThreadState& ts, Value self, StrObject* name) {
    Owned v = generic_get_attr(ts, self, name);
    if (v || !exception_matches(ts, &kAttributeErrorType)) return v;
    clear_exception(ts);
    return get_attr(ts, self.as<MethodObject>()->func.get(), name);  // __name__, __doc__...
}

const GetSetDef kMethodGetSet[] = {
    {"__self__", method_get_self},
    {"__func__", method_get_func},
    {nullptr, nullptr},
};

// ------------------------------------------------------------------ cells

void cell_dealloc(Object* self) {
    delete static_cast<CellObject*>(self);
}

Owned cell_repr(ThreadState&, Value self) {
    auto* c = self.as<CellObject>();
    if (c->value.is_null()) return new_str(fmt::format("<cell at {}: empty>", address(self)));
    return new_str(fmt::format(
        "<cell at {}: {} object at {}>", address(self), type_name(c->value.get()),
        c->value.get().is_object() ? static_cast<const void*>(c->value.get().as_object())
                                   : nullptr));
}

Owned cell_get_contents(ThreadState& ts, Value self) {
    const Owned& v = self.as<CellObject>()->value;
    if (v.is_null()) return raise(ts, &kValueErrorType, "Cell is empty");
    return v;
}

const GetSetDef kCellGetSet[] = {
    {"cell_contents", cell_get_contents},
    {nullptr, nullptr},
};

// ------------------------------------------------------------------ descriptor names

// __name__, __qualname__ ("int.bit_length", from the owner's own __qualname__) and
// __objclass__ of the descriptors builtin types keep in their dicts.
template <typename D>
Owned descriptor_get_name(ThreadState&, Value self) {
    return new_str(self.as<D>()->def->name);
}

template <typename D>
Owned descriptor_get_qualname(ThreadState& ts, Value self) {
    auto* d = self.as<D>();
    Owned owner = get_attr(ts, Value::from_object(d->owner), ts.interp.intern("__qualname__"));
    if (!owner) return nullptr;
    if (!is_str(owner.get())) return new_str(d->def->name);
    return new_str(fmt::format("{}.{}", owner.get().as<StrObject>()->view(), d->def->name));
}

template <typename D>
Owned descriptor_get_objclass(ThreadState&, Value self) {
    return Owned::borrow(Value::from_object(self.as<D>()->owner));
}

const GetSetDef kMethodDescriptorGetSet[] = {
    {"__name__", descriptor_get_name<MethodDescriptorObject>},
    {"__qualname__", descriptor_get_qualname<MethodDescriptorObject>},
    {"__objclass__", descriptor_get_objclass<MethodDescriptorObject>},
    {nullptr, nullptr},
};

const GetSetDef kGetSetDescriptorGetSet[] = {
    {"__name__", descriptor_get_name<GetSetDescriptorObject>},
    {"__qualname__", descriptor_get_qualname<GetSetDescriptorObject>},
    {"__objclass__", descriptor_get_objclass<GetSetDescriptorObject>},
    {nullptr, nullptr},
};

}  // namespace

Ref<BuiltinFunctionObject> new_builtin_function(const MethodDef* def, Value module) {
    Ref<BuiltinFunctionObject> fn = make_object<BuiltinFunctionObject>(def, Owned());
    if (!module.is_null()) fn->module = Owned::borrow(module);
    return fn;
}

Owned call_method_def(ThreadState& ts, const MethodDef* def, CallArgs args) {
    try {
        return def->fn(ts, args);
    } catch (const std::bad_alloc&) {
        return raise_empty(ts, &kMemoryErrorType);
    }
}

constinit TypeObject kFunctionType("function", &kObjectType, kTypeHasInstanceDict,
                                   {
                                       .dealloc = function_dealloc,
                                       .repr = function_repr,
                                       .hash = identity_hash,
                                       .call = function_call,
                                       .descr_get = function_descr_get,
                                       .getset = kFunctionGetSet,
                                       .instance_dict = function_instance_dict,
                                   });

constinit TypeObject kBuiltinFunctionType("builtin_function_or_method", &kObjectType, 0,
                                          {
                                              .dealloc = builtin_dealloc,
                                              .repr = builtin_repr,
                                              .hash = builtin_hash,
                                              .compare = builtin_compare,
                                              .call = builtin_call,
                                              .getset = kBuiltinGetSet,
                                          });

constinit TypeObject kMethodDescriptorType("method_descriptor", &kObjectType, 0,
                                           {
                                               .dealloc = descriptor_dealloc,
                                               .repr = method_descriptor_repr,
                                               .hash = identity_hash,
                                               .call = method_descriptor_call,
                                               .descr_get = method_descriptor_get,
                                               .getset = kMethodDescriptorGetSet,
                                           });

constinit TypeObject kClassMethodDescriptorType("classmethod_descriptor", &kObjectType, 0,
                                                {
                                                    .dealloc = descriptor_dealloc,
                                                    .repr = method_descriptor_repr,
                                                    .hash = identity_hash,
                                                    .call = classmethod_descriptor_call,
                                                    .descr_get = classmethod_descriptor_get,
                                                    .getset = kMethodDescriptorGetSet,
                                                });

constinit TypeObject kGetSetDescriptorType("getset_descriptor", &kObjectType, 0,
                                           {
                                               .dealloc = getset_dealloc,
                                               .repr = getset_repr,
                                               .hash = identity_hash,
                                               .descr_get = getset_get,
                                               .descr_set = getset_set,
                                               .getset = kGetSetDescriptorGetSet,
                                           });

constinit TypeObject kMethodType("method", &kObjectType, 0,
                                 {
                                     .dealloc = method_dealloc,
                                     .repr = method_repr,
                                     .hash = method_hash,
                                     .compare = method_compare,
                                     .getattr = method_getattr,
                                     .call = method_call,
                                     .getset = kMethodGetSet,
                                 });

constinit TypeObject kCellType("cell", &kObjectType, 0,
                               {
                                   .dealloc = cell_dealloc,
                                   .repr = cell_repr,
                                   .hash = identity_hash,
                                   .getset = kCellGetSet,
                               });

}  // namespace gilpy::runtime
