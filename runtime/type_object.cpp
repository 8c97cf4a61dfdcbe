// The metatype `type`, the root type `object`, MRO lookup and the one-time bootstrap that gives
// every static builtin type its dict, bases and mro.
#include "runtime/type_object.hpp"

#include <fmt/format.h>

#include <mutex>

#include "runtime/abstract.hpp"
#include "runtime/args.hpp"
#include "runtime/exceptions.hpp"
#include "runtime/thread_state.hpp"
#include "runtime/types/dict.hpp"
#include "runtime/types/function.hpp"
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
    TupleObject* mro = t->mro;
    if (!mro) return Value::null();
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

Value static_name(const char* text) { return immortal(new_str(text)); }

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
    for (int64_t i = 0; i < depth; ++i) mro->items[i + 1] = t->base->mro->items[i];
    t->mro = mro.release();
    make_immortal(t->mro);

    Ref<DictObject> dict = new_dict();
    if (t->methods) {
        for (const MethodDef* m = t->methods; m->name; ++m) {
            TypeObject* dtype = m->kind == MethodKind::Class ? &kClassMethodDescriptorType
                                                             : &kMethodDescriptorType;
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
    t->dict = dict.release();
    make_immortal(t->dict);
}

}  // namespace

void bootstrap_types() {
    static std::once_flag once;
    std::call_once(once, [] {
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

Owned object_repr(ThreadState& ts, Value self) {
    TypeObject* t = type_of(self);
    std::string text;
    if (t->module_name && !str_equals(t->module_name, "builtins")) {
        text = fmt::format("<{}.{} object at {:#x}>", t->module_name->view(), t->name,
                           reinterpret_cast<uintptr_t>(self.as_object()));
    } else {
        text = fmt::format("<{} object at {:#x}>", t->name,
                           reinterpret_cast<uintptr_t>(self.as_object()));
    }
    return new_str(text);
}

int64_t object_hash(ThreadState&, Value self) {
    // Identity hash: the address rotated so the alignment zeros do not cluster buckets.
    uint64_t bits = self.bits();
    int64_t h = static_cast<int64_t>((bits >> 4) | (bits << 60));
    return h == -1 ? -2 : h;
}

Owned object_compare(ThreadState&, Value self, Value other, CompareOp op) {
    if (op == CompareOp::Eq) {
        return self.is(other) ? Owned::from_bool(true) : Owned::borrow(not_implemented());
    }
    if (op == CompareOp::Ne) {
        return self.is(other) ? Owned::from_bool(false) : Owned::borrow(not_implemented());
    }
    return Owned::borrow(not_implemented());
}

Owned object_new(ThreadState& ts, TypeObject* type, CallArgs args) {
    if (args.nargs != 0 || args.keyword_count() != 0) {
        return raise(ts, &kTypeErrorType, "object() takes no arguments");
    }
    return make_object<Object>(&kObjectType);
}

void object_dealloc(Object* self) { delete self; }

Owned object_get_class(ThreadState&, Value self) {
    return Owned::borrow(Value::from_object(type_of(self)));
}

const GetSetDef kObjectGetSet[] = {
    {"__class__", object_get_class},
    {nullptr, nullptr},
};

}  // namespace

constinit TypeObject kObjectType("object", nullptr, kTypeBaseType,
                                 {
                                     .dealloc = object_dealloc,
                                     .repr = object_repr,
                                     .hash = object_hash,
                                     .compare = object_compare,
                                     .new_ = object_new,
                                     .getset = kObjectGetSet,
                                 });

// ---------------------------------------------------------------------------------------------
// type

namespace {

Owned type_repr(ThreadState& ts, Value self) {
    auto* t = self.as<TypeObject>();
    if (t->module_name && !str_equals(t->module_name, "builtins")) {
        return new_str(fmt::format("<class '{}.{}'>", t->module_name->view(), t->name));
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

Owned type_get_name(ThreadState&, Value self) { return new_str(self.as<TypeObject>()->name); }

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

Owned type_get_module(ThreadState&, Value self) {
    StrObject* m = self.as<TypeObject>()->module_name;
    return m ? Owned::borrow(Value::from_object(m)) : Owned(new_str("builtins"));
}

Owned type_get_dict(ThreadState&, Value self) {
    // CPython returns a read-only mappingproxy; gilpy returns the dict itself (a documented
    // difference until mappingproxy exists).
    return Owned::borrow(Value::from_object(self.as<TypeObject>()->dict));
}

const GetSetDef kTypeGetSet[] = {
    {"__name__", type_get_name},     {"__qualname__", type_get_name},
    {"__mro__", type_get_mro},       {"__bases__", type_get_bases},
    {"__base__", type_get_base},     {"__module__", type_get_module},
    {"__dict__", type_get_dict},     {nullptr, nullptr},
};

int64_t type_hash(ThreadState& ts, Value self) { return object_hash(ts, self); }

}  // namespace

constinit TypeObject kTypeType("type", &kObjectType, kTypeBaseType | kTypeTypeSubclass,
                               {
                                   .repr = type_repr,
                                   .hash = type_hash,
                                   .getattr = type_getattr,
                                   .call = type_call,
                                   .getset = kTypeGetSet,
                               });

}  // namespace gilpy::runtime
