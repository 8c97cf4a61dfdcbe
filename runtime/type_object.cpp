// The metatype `type`, the root type `object`, MRO lookup and the one-time bootstrap that gives
// every static builtin type its dict, bases and mro.
#include "runtime/type_object.hpp"

#include <fmt/format.h>

#include <cstring>
#include <mutex>

#include "runtime/abstract.hpp"
#include "runtime/args.hpp"
#include "runtime/exceptions.hpp"
#include "runtime/interpreter_state.hpp"
#include "runtime/slot_dunders.hpp"
#include "runtime/thread_state.hpp"
#include "runtime/types/dict.hpp"
#include "runtime/types/function.hpp"
#include "runtime/types/heap_type.hpp"
#include "runtime/types/list.hpp"
#include "runtime/types/mappingproxy.hpp"
#include "runtime/types/str.hpp"
#include "runtime/types/tuple.hpp"

namespace gilpy::runtime {

#define GILPY_TYPE(name) extern TypeObject name;
#include "runtime/types/types.def"
#undef GILPY_TYPE

bool is_subtype(const TypeObject* t, const TypeObject* base) {
    if (t == base) return true;
    if (TupleObject* mro = t->mro) {
        for (int64_t i = 0; i < mro->length; ++i) {
            if (mro->items[i].as_object() == base) return true;
        }
        return false;
    }
    // Before bootstrap (or for a type whose mro is not built yet) follow the primary bases.
    for (const TypeObject* p = t->base; p; p = p->base) {
        if (p == base) return true;
    }
    return false;
}

Value type_lookup(const TypeObject* t, StrObject* name) {
    if (!t->mro) return Value::null();
    if (t->flags & kTypeHeap) {
        return heap_type_lookup(static_cast<HeapTypeObject*>(const_cast<TypeObject*>(t)), name);
    }
    return mro_lookup(t->mro, name);
}

Value mro_lookup(const TupleObject* mro, StrObject* name) {
    for (int64_t i = 0; i < mro->length; ++i) {
        auto* k = mro->items[i].as<TypeObject>();
        if (k->dict) {
            Value v = dict_get_str(k->dict, name);
            if (!v.is_null()) return v;
        }
    }
    return Value::null();
}

namespace {

// Static names and descriptors are shared by every interpreter, so they are immortal.
template <class T>
Value immortal(Ref<T> r) {
    T* p = r.release();
    make_immortal(p);
    return Value::from_object(p);
}

Value static_name(const char* text) {
    return immortal(new_str(text));
}

// Copies the slots [t] leaves null from [base] (CPython's inherit_slots), so an iterator type
// without its own repr prints like an object. Constructors are not inherited (a type without
// new_ cannot be instantiated), and hash comes only together with compare: a type that defines
// equality without hashing is unhashable, as in CPython.
void inherit_slots(TypeObject* t, const TypeObject* base) {
    if (!t->repr) t->repr = base->repr;
    if (!t->str) t->str = base->str;
    if (!t->compare && !t->hash) {
        t->compare = base->compare;
        t->hash = base->hash;
    }
    if (!t->truth) t->truth = base->truth;
    if (!t->length) t->length = base->length;
    if (!t->getattr) t->getattr = base->getattr;
    if (!t->setattr) t->setattr = base->setattr;
    if (!t->call) t->call = base->call;
    if (!t->iter) t->iter = base->iter;
    if (!t->next) t->next = base->next;
    if (!t->getitem) t->getitem = base->getitem;
    if (!t->setitem) t->setitem = base->setitem;
    if (!t->contains) t->contains = base->contains;
    if (!t->descr_get) t->descr_get = base->descr_get;
    if (!t->descr_set) t->descr_set = base->descr_set;
    if (!t->number) t->number = base->number;
    if (!t->instance_dict) t->instance_dict = base->instance_dict;
}

void build_type(TypeObject* t) {
    if (t->mro) return;
    if (t->base && !t->base->mro) build_type(t->base);
    if (t->base) inherit_slots(t, t->base);
    // bases and mro: single inheritance for static types.
    t->bases = t->base ? new_tuple_of({Value::from_object(t->base)}).release() : empty_tuple();
    if (t->bases != empty_tuple()) make_immortal(t->bases);
    int64_t depth = t->base ? t->base->mro->length : 0;
    Ref<TupleObject> mro = new_tuple(depth + 1);
    mro->items[0] = Value::from_object(t);
    for (int64_t i = 0; i < depth; ++i)
        mro->items[i + 1] = t->base->mro->items[i];
    t->mro = mro.release();
    make_immortal(t->mro);

    Ref<DictObject> dict = new_dict();
    if (t->methods) {
        for (const MethodDef* m = t->methods; m->name; ++m) {
            TypeObject* dtype =
                m->kind == MethodKind::Class ? &kClassMethodDescriptorType : &kMethodDescriptorType;
            Value descr = immortal(make_object<MethodDescriptorObject>(dtype, m, t));
            dict_set_str(dict.get(), static_name(m->name).as<StrObject>(), descr);
        }
    }
    if (t->getset) {
        for (const GetSetDef* g = t->getset; g->name; ++g) {
            Value descr = immortal(make_object<GetSetDescriptorObject>(g, t));
            dict_set_str(dict.get(), static_name(g->name).as<StrObject>(), descr);
        }
    }
    add_slot_wrappers(t, dict.get());
    t->dict = dict.release();
    make_immortal(t->dict);
}

}  // namespace

void ready_static_type(TypeObject* t, const char* module_name) {
    static std::mutex mutex;
    std::lock_guard<std::mutex> lock(mutex);
    if (t->mro) return;
    build_type(t);
    if (module_name) t->module_name = immortal(new_str(module_name)).as<StrObject>();
}

void bootstrap_types() {
    static std::once_flag once;
    std::call_once(once, [] {
        init_slot_dunder_names();
#define GILPY_TYPE(name) build_type(&name);
#include "runtime/types/types.def"
#undef GILPY_TYPE
#define GILPY_EXCEPTION(cname, pyname, base) build_type(&k##cname##Type);
#include "runtime/exception_types.def"
#undef GILPY_EXCEPTION
    });
}

// ---------------------------------------------------------------------------------------------
// object

namespace {

// The module a class reports in reprs: a class's own __module__ entry (rebindable, and
// omitted when not a str), a builtin's fixed one; null for builtins.
StrObject* repr_module(ThreadState& ts, TypeObject* t) {
    StrObject* m = t->module_name;
    if (is_heap_type(t) && t->dict) {
        Value v = dict_get_str(t->dict, ts.interp.intern("__module__"));
        m = !v.is_null() && is_str(v) ? v.as<StrObject>() : nullptr;
    }
    return m && !str_equals(m, "builtins") ? m : nullptr;
}

// Reprs name a class by its module and __qualname__ (a builtin's name already holds its dotted
// path); without a module they use the bare __name__, as CPython.
std::string_view repr_qualname(TypeObject* t) {
    if (is_heap_type(t)) return static_cast<HeapTypeObject*>(t)->qualname->view();
    return t->name;
}

Owned object_repr(ThreadState& ts, Value self) {
    TypeObject* t = type_of(self);
    std::string text;
    if (StrObject* m = repr_module(ts, t)) {
        text = fmt::format("<{}.{} object at {:#x}>", m->view(), repr_qualname(t),
                           reinterpret_cast<uintptr_t>(self.as_object()));
    } else {
        text = fmt::format("<{} object at {:#x}>", t->name,
                           reinterpret_cast<uintptr_t>(self.as_object()));
    }
    return new_str(text);
}

// object.__str__ is the instance type's repr slot, so it exists as a method (object.__str__(x),
// super().__str__()) and not only as the fallback of str(). The slot is called directly, not
// through repr(): a bad __repr__ result is then reported by str() as "__str__ returned ...".
Owned object_str(ThreadState& ts, Value self) {
    return type_of(self)->repr(ts, self);
}

int64_t object_hash(ThreadState&, Value self) {
    // Identity hash: the address rotated so the alignment zeros do not cluster buckets.
    uint64_t bits = self.bits();
    int64_t h = static_cast<int64_t>((bits >> 4) | (bits << 60));
    return h == -1 ? -2 : h;
}

Owned object_compare(ThreadState& ts, Value self, Value other, CompareOp op) {
    if (op == CompareOp::Eq) {
        return self.is(other) ? Owned::from_bool(true) : Owned::borrow(not_implemented());
    }
    if (op == CompareOp::Ne) {
        // The inherited __ne__ asks the type's own __eq__ and inverts it, so a class that only
        // defines __eq__ gets a consistent != (CPython's object_richcompare).
        TypeObject* t = type_of(self);
        if (!t->compare || t->compare == object_compare) {
            return self.is(other) ? Owned::from_bool(false) : Owned::borrow(not_implemented());
        }
        Owned eq = t->compare(ts, self, other, CompareOp::Eq);
        if (!eq || is_not_implemented(eq.get())) return eq;
        int r = truth(ts, eq.get());
        if (r < 0) return nullptr;
        return Owned::from_bool(r == 0);
    }
    return Owned::borrow(not_implemented());
}

// Whether [t] replaces object's __new__ / __init__, by their slots as CPython compares tp_new
// and tp_init (no lookup: every instance creation with arguments asks). A class without a
// __new__ of its own reaches object_new through heap_native_new.
Owned object_new(ThreadState& ts, TypeObject* type, CallArgs args);
int object_init(ThreadState& ts, Value self, CallArgs args);

bool overrides_new(TypeObject* t) {
    if (t->new_ == object_new) return false;
    if (!is_heap_type(t)) return true;
    return has_python_new(t) || static_cast<HeapTypeObject*>(t)->solid_new != object_new;
}

bool overrides_init(TypeObject* t) {
    return t->init != object_init;
}

// Extra arguments are an error unless the other of __new__/__init__ is the one that takes them
// (CPython's excess_args rules, with its messages).
Owned object_new(ThreadState& ts, TypeObject* type, CallArgs args) {
    if (args.nargs != 0 || args.keyword_count() != 0) {
        if (overrides_new(type)) {
            return raise(ts, &kTypeErrorType,
                         "object.__new__() takes exactly one argument (the type to instantiate)");
        }
        if (!overrides_init(type)) {
            return raisef(ts, &kTypeErrorType, "{}() takes no arguments", type->name);
        }
    }
    if (type == &kObjectType) return make_object<Object>(&kObjectType);
    retain_heap_type(type);
    return make_object<InstanceObject>(type);
}

int object_init(ThreadState& ts, Value self, CallArgs args) {
    if (args.nargs != 0 || args.keyword_count() != 0) {
        TypeObject* type = type_of(self);
        if (overrides_init(type)) {
            raise(ts, &kTypeErrorType,
                  "object.__init__() takes exactly one argument (the instance to initialize)");
            return -1;
        }
        if (!overrides_new(type)) {
            raisef(ts, &kTypeErrorType,
                   "{}.__init__() takes exactly one argument (the instance to initialize)",
                   type->name);
            return -1;
        }
    }
    return 0;
}

void object_dealloc(Object* self) {
    delete self;
}

// object.__init_subclass__ takes no arguments: keywords of a class statement that no
// __init_subclass__ up the MRO consumed end here as an error (args[0] is the class).
Owned object_init_subclass(ThreadState& ts, CallArgs args) {
    const char* owner = args.nargs ? args[0].as<TypeObject>()->name : "object";
    if (args.keyword_count()) {
        return raisef(ts, &kTypeErrorType, "{}.__init_subclass__() takes no keyword arguments",
                      owner);
    }
    if (args.nargs > 1) {
        return raisef(ts, &kTypeErrorType, "{}.__init_subclass__() takes no arguments ({} given)",
                      owner, args.nargs - 1);
    }
    return Owned::none();
}

// object.__format__(spec): str(self) for an empty spec, else CPython's TypeError.
Owned object_format(ThreadState& ts, CallArgs args) {
    if (!check_one_arg(ts, drop_self(args), "__format__()")) return nullptr;
    Value spec = args[1];
    if (!is_str(spec)) {
        return raisef(ts, &kTypeErrorType, "__format__() argument must be str, not {}",
                      type_name(spec));
    }
    if (spec.as<StrObject>()->view().empty()) return str(ts, args[0]);
    return raisef(ts, &kTypeErrorType, "unsupported format string passed to {}.__format__",
                  type_name(args[0]));
}

const MethodDef kObjectMethods[] = {
    {"__init_subclass__", object_init_subclass, MethodKind::Class},
    {"__format__", object_format},
    {nullptr, nullptr},
};

Owned object_get_class(ThreadState&, Value self) {
    return Owned::borrow(Value::from_object(type_of(self)));
}

// obj.__class__ = C: only between heap types whose instances share one layout (CPython's
// object_set_class and compatible_for_assignment); the instance's type reference moves over.
int object_set_class(ThreadState& ts, Value self, Value v) {
    if (v.is_null()) {
        raise(ts, &kTypeErrorType, "can't delete __class__ attribute");
        return -1;
    }
    if (!is_instance(v, &kTypeType)) {
        raisef(ts, &kTypeErrorType, "__class__ must be set to a class, not '{}' object",
               type_name(v));
        return -1;
    }
    auto* to = v.as<TypeObject>();
    TypeObject* from = type_of(self);
    if (!is_heap_type(to) || !is_heap_type(from)) {
        raise(ts, &kTypeErrorType,
              "__class__ assignment only supported for mutable types or ModuleType subclasses");
        return -1;
    }
    if (type_solid_base(to) != type_solid_base(from) ||
        (to->instance_dict == nullptr) != (from->instance_dict == nullptr)) {
        raisef(ts, &kTypeErrorType, "__class__ assignment: '{}' object layout differs from '{}'",
               to->name, from->name);
        return -1;
    }
    incref(to);
    self.as_object()->type = to;
    decref(from);
    return 0;
}

const GetSetDef kObjectGetSet[] = {
    {"__class__", object_get_class, object_set_class},
    {nullptr, nullptr},
};

}  // namespace

constinit TypeObject kObjectType("object", nullptr, kTypeBaseType,
                                 {
                                     .dealloc = object_dealloc,
                                     .repr = object_repr,
                                     .str = object_str,
                                     .hash = object_hash,
                                     .compare = object_compare,
                                     .getattr = generic_get_attr,
                                     .setattr = generic_set_attr,
                                     .new_ = object_new,
                                     .init = object_init,
                                     .methods = kObjectMethods,
                                     .getset = kObjectGetSet,
                                 });

// ---------------------------------------------------------------------------------------------
// type

namespace {

Owned type_repr(ThreadState& ts, Value self) {
    auto* t = self.as<TypeObject>();
    if (StrObject* m = repr_module(ts, t)) {
        return new_str(fmt::format("<class '{}.{}'>", m->view(), repr_qualname(t)));
    }
    return new_str(fmt::format("<class '{}'>", t->name));
}

// type(x) returns x's type; calling any other type constructs an instance: new_, then init
// when new_ returned an instance of the type (CPython's type_call).
Owned type_call(ThreadState& ts, Value callable, CallArgs args) {
    auto* t = callable.as<TypeObject>();
    if (t == &kTypeType && args.nargs == 1 && args.keyword_count() == 0) {
        return Owned::borrow(Value::from_object(type_of(args[0])));
    }
    if (t == &kTypeType && args.nargs != 3) {
        return raise(ts, &kTypeErrorType, "type() takes 1 or 3 arguments");
    }
    if (!t->new_) {
        return raisef(ts, &kTypeErrorType, "cannot create '{}' instances", t->name);
    }
    Owned obj = t->new_(ts, t, args);
    if (!obj) return nullptr;
    TypeObject* made = type_of(obj.get());
    if (made->init && is_subtype(made, t)) {
        if (made->init(ts, obj.get(), args) < 0) return nullptr;
    }
    return obj;
}

Owned type_getattr(ThreadState& ts, Value self, StrObject* name) {
    auto* t = self.as<TypeObject>();
    // Data descriptors of the metatype win (e.g. __name__), then the type's own MRO, then the
    // remaining metatype attributes (CPython's type_getattro).
    TypeObject* meta = type_of(self);
    Value meta_attr = type_lookup(meta, name);
    if (!meta_attr.is_null() && type_of(meta_attr)->descr_set) {
        return type_of(meta_attr)->descr_get(ts, meta_attr, self, meta);
    }
    Value attr = type_lookup(t, name);
    if (!attr.is_null()) {
        DescrGetSlot get = type_of(attr)->descr_get;
        if (get) return get(ts, attr, Value::null(), t);
        return Owned::borrow(attr);
    }
    if (!meta_attr.is_null()) {
        DescrGetSlot get = type_of(meta_attr)->descr_get;
        if (get) return get(ts, meta_attr, self, meta);
        return Owned::borrow(meta_attr);
    }
    return raisef(ts, &kAttributeErrorType, "type object '{}' has no attribute '{}'", t->name,
                  name->view());
}

// type.__new__(meta, name, bases, dict, **kwds): a new class.
Owned type_new_slot(ThreadState& ts, TypeObject* meta, CallArgs args) {
    if (args.nargs != 3) {
        if (args.nargs == 1 && meta == &kTypeType) {
            return Owned::borrow(Value::from_object(type_of(args[0])));
        }
        return raise(
            ts, &kTypeErrorType,
            "type.__new__() takes exactly 3 arguments (" + std::to_string(args.nargs) + " given)");
    }
    static const char* const kinds[] = {"str", "tuple", "dict"};
    const bool ok[] = {is_str(args[0]), is_tuple(args[1]), is_dict(args[2])};
    for (int i = 0; i < 3; ++i) {
        if (!ok[i]) {
            return raisef(ts, &kTypeErrorType, "type.__new__() argument {} must be {}, not {}",
                          i + 1, kinds[i], type_name(args[i]));
        }
    }
    Ref<DictObject> kwargs;
    if (args.keyword_count()) {
        kwargs = new_dict();
        for (size_t i = 0; i < args.keyword_count(); ++i) {
            dict_set_str(kwargs.get(), args.kwnames->items[i].as<StrObject>(),
                         args.keyword_value(i));
        }
    }
    return type_new(ts, meta, args[0].as<StrObject>(), args[1].as<TupleObject>(),
                    args[2].as<DictObject>(), kwargs.get());
}

int type_init(ThreadState& ts, Value, CallArgs args) {
    if (args.nargs != 1 && args.nargs != 3) {
        raise(ts, &kTypeErrorType, "type.__init__() takes 1 or 3 arguments");
        return -1;
    }
    return 0;
}

// A static type defined in a module carries the module in its name, as CPython's tp_name does
// ("itertools.count"): __name__ is the part after the last dot, __module__ the part before. So
// does a class made for a host's C++ type (HeapTypeObject::native).
const char* static_type_dot(const TypeObject* t) {
    if ((t->flags & kTypeHeap) && !static_cast<const HeapTypeObject*>(t)->native) return nullptr;
    return std::strrchr(t->name, '.');
}

Owned type_get_name(ThreadState&, Value self) {
    auto* t = self.as<TypeObject>();
    const char* dot = static_type_dot(t);
    return new_str(dot ? dot + 1 : t->name);
}

Owned type_get_qualname(ThreadState&, Value self) {
    auto* t = self.as<TypeObject>();
    if (is_heap_type(t)) return Owned(Ref<StrObject>(static_cast<HeapTypeObject*>(t)->qualname));
    const char* dot = static_type_dot(t);
    return new_str(dot ? dot + 1 : t->name);
}

// __name__ and __qualname__ may be rebound on classes but never deleted, and never changed
// on builtins (CPython's check_set_special_type_attr, with its messages).
bool check_special_type_attr(ThreadState& ts, TypeObject* t, Value v, const char* attr) {
    if (!is_heap_type(t)) {
        raisef(ts, &kTypeErrorType, "cannot set '{}' attribute of immutable type '{}'", attr,
               t->name);
        return false;
    }
    if (v.is_null()) {
        raisef(ts, &kTypeErrorType, "cannot delete '{}' attribute of immutable type '{}'", attr,
               t->name);
        return false;
    }
    return true;
}

int type_set_name(ThreadState& ts, Value self, Value v) {
    auto* t = self.as<TypeObject>();
    if (!check_special_type_attr(ts, t, v, "__name__")) return -1;
    if (!is_str(v)) {
        raisef(ts, &kTypeErrorType, "can only assign string to {}.__name__, not '{}'", t->name,
               type_name(v));
        return -1;
    }
    std::string_view text = v.as<StrObject>()->view();
    if (text.find('\0') != std::string_view::npos) {
        raise(ts, &kValueErrorType, "type name must not contain null characters");
        return -1;
    }
    auto* h = static_cast<HeapTypeObject*>(t);
    h->name_storage = std::string(text);
    h->name = h->name_storage.c_str();
    return 0;
}

int type_set_qualname(ThreadState& ts, Value self, Value v) {
    auto* t = self.as<TypeObject>();
    if (!check_special_type_attr(ts, t, v, "__qualname__")) return -1;
    if (!is_str(v)) {
        raisef(ts, &kTypeErrorType, "can only assign string to {}.__qualname__, not '{}'", t->name,
               type_name(v));
        return -1;
    }
    static_cast<HeapTypeObject*>(t)->qualname = Ref<StrObject>::borrow(v.as<StrObject>());
    return 0;
}

Owned type_get_doc(ThreadState& ts, Value self) {
    auto* t = self.as<TypeObject>();
    Value d = t->dict ? dict_get_str(t->dict, ts.interp.intern("__doc__")) : Value::null();
    if (d.is_null()) return Owned::none();
    if (DescrGetSlot get = type_of(d)->descr_get) return get(ts, d, Value::null(), t);
    return Owned::borrow(d);
}

Owned type_mro(ThreadState& ts, CallArgs args) {
    if (!check_positional(ts, drop_self(args), "mro", 0, 0)) return nullptr;
    TupleObject* mro = args[0].as<TypeObject>()->mro;
    Ref<ListObject> l = make_object<ListObject>();
    for (int64_t i = 0; i < mro->length; ++i)
        list_append_value(l.get(), mro->items[i]);
    return l;
}

Owned type_subclasses(ThreadState& ts, CallArgs args) {
    if (!check_positional(ts, drop_self(args), "__subclasses__", 0, 0)) return nullptr;
    Ref<ListObject> l = make_object<ListObject>();
    auto* t = args[0].as<TypeObject>();
    if (is_heap_type(t)) {
        for (HeapTypeObject* sub : static_cast<HeapTypeObject*>(t)->subclasses) {
            list_append_value(l.get(), Value::from_object(sub));
        }
    } else {
        for (const Ref<Object>& o : ts.interp.heap_types) {
            auto* h = static_cast<TypeObject*>(o.get());
            if (h->bases) {
                for (int64_t i = 0; i < h->bases->length; ++i) {
                    if (h->bases->items[i].as_object() == t)
                        list_append_value(l.get(), Value::from_object(h));
                }
            }
        }
    }
    return l;
}

const MethodDef kTypeMethods[] = {
    {"mro", type_mro},
    {"__subclasses__", type_subclasses},
    {nullptr, nullptr},
};

Owned type_get_mro(ThreadState&, Value self) {
    return Owned::borrow(Value::from_object(self.as<TypeObject>()->mro));
}

Owned type_get_bases(ThreadState&, Value self) {
    return Owned::borrow(Value::from_object(self.as<TypeObject>()->bases));
}

Owned type_get_base(ThreadState&, Value self) {
    TypeObject* base = self.as<TypeObject>()->base;
    return base ? Owned::borrow(Value::from_object(base)) : Owned::none();
}

// A class's __module__ lives in its dict (rebindable); a builtin's is fixed.
Owned type_get_module(ThreadState& ts, Value self) {
    auto* t = self.as<TypeObject>();
    if (is_heap_type(t) && t->dict) {
        Value v = dict_get_str(t->dict, ts.interp.intern("__module__"));
        if (v.is_null()) return raise(ts, &kAttributeErrorType, "__module__");
        return Owned::borrow(v);
    }
    if (StrObject* m = t->module_name) return Owned::borrow(Value::from_object(m));
    const char* dot = static_type_dot(t);
    return new_str(dot ? std::string_view(t->name, static_cast<size_t>(dot - t->name))
                       : std::string_view("builtins"));
}

int type_set_module(ThreadState& ts, Value self, Value v) {
    auto* t = self.as<TypeObject>();
    if (!check_special_type_attr(ts, t, v, "__module__")) return -1;
    dict_set_str(t->dict, ts.interp.intern("__module__"), v);
    return 0;
}

Owned type_get_dict(ThreadState&, Value self) {
    // Read-only: writes must go through setattr so the type's slots follow its dunders.
    return new_mapping_proxy(Value::from_object(self.as<TypeObject>()->dict));
}

const GetSetDef kTypeGetSet[] = {
    {"__name__", type_get_name, type_set_name},
    {"__qualname__", type_get_qualname, type_set_qualname},
    {"__doc__", type_get_doc},
    {"__mro__", type_get_mro},
    {"__bases__", type_get_bases},
    {"__base__", type_get_base},
    {"__module__", type_get_module, type_set_module},
    {"__dict__", type_get_dict},
    {nullptr, nullptr},
};

int64_t type_hash(ThreadState& ts, Value self) {
    return object_hash(ts, self);
}

}  // namespace

constinit TypeObject kTypeType("type", &kObjectType, kTypeBaseType | kTypeTypeSubclass,
                               {
                                   .dealloc = heap_type_dealloc,
                                   .repr = type_repr,
                                   .hash = type_hash,
                                   .getattr = type_getattr,
                                   .setattr = type_set_attr,
                                   .call = type_call,
                                   .new_ = type_new_slot,
                                   .init = type_init,
                                   .methods = kTypeMethods,
                                   .getset = kTypeGetSet,
                               });

}  // namespace gilpy::runtime
