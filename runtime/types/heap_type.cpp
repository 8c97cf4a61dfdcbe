// Class creation (CPython's type_new): bases and metatype checks, the instance layout, the MRO,
// the namespace, slot inheritance and the dunder slots; class attribute assignment; teardown.
#include "runtime/types/heap_type.hpp"

#include <fmt/format.h>

#include <atomic>

#include "runtime/abstract.hpp"
#include "runtime/exceptions.hpp"
#include "runtime/interpreter_state.hpp"
#include "runtime/mro.hpp"
#include "runtime/slot_dunders.hpp"
#include "runtime/thread_state.hpp"
#include "runtime/types/descriptors.hpp"
#include "runtime/types/exception.hpp"
#include "runtime/types/function.hpp"
#include "runtime/types/list.hpp"
#include "runtime/types/tuple.hpp"

namespace gilpy::runtime {

namespace {

// Version tags, shared by every interpreter and thread.
uint64_t new_version_tag() {
    static std::atomic<uint64_t> next{1};
    return next.fetch_add(1, std::memory_order_relaxed);
}

}  // namespace

HeapTypeObject::HeapTypeObject(TypeObject* metatype)
    : TypeObject("", &kObjectType, kTypeHeap, TypeSlots{}), version_tag(new_version_tag()) {
    refcount = 1;
    type = metatype;
}

Value heap_type_lookup(HeapTypeObject* t, StrObject* name) {
    // Names are mostly interned strs, so their addresses spread well once the alignment bits
    // are dropped.
    auto& entry = t->attr_cache[(reinterpret_cast<uintptr_t>(name) >> 4) % t->kAttrCacheSize];
    if (entry.name.get() == name) return entry.value;
    Value found = mro_lookup(t->mro, name);
    entry.name = Ref<StrObject>::borrow(name);
    entry.value = found;
    return found;
}

void invalidate_attr_cache(HeapTypeObject* t) {
    t->version_tag = new_version_tag();
    for (auto& entry : t->attr_cache) {
        entry.name = nullptr;
        entry.value = Value::null();
    }
    for (HeapTypeObject* sub : t->subclasses)
        invalidate_attr_cache(sub);
}

namespace {

void instance_dealloc(Object* self) {
    delete static_cast<InstanceObject*>(self);
}

Ref<DictObject>* instance_object_dict(Object* self) {
    return &static_cast<InstanceObject*>(self)->dict;
}

// Where instances whose struct is [solid]'s keep their __dict__ (null: they have none).
Ref<DictObject>* (*layout_instance_dict(TypeObject* solid))(Object*) {
    if (solid == &kObjectType) return instance_object_dict;
    if (solid == &kListType) return list_instance_dict;
    if (solid == &kDictType) return dict_instance_dict;
    return solid->instance_dict;
}

// The nearest builtin ancestor whose instances have their own struct: a static type that
// shares its base's destructor shares its layout too (the exception hierarchy).
TypeObject* static_solid_base(TypeObject* t) {
    while (t->base && t->base->dealloc == t->dealloc)
        t = t->base;
    return t;
}

// CPython's best_base: the base whose solid base is the most derived; all others' solid bases
// must be its ancestors.
TypeObject* best_base(ThreadState& ts, TupleObject* bases) {
    TypeObject* winner = nullptr;
    TypeObject* base = nullptr;
    for (int64_t i = 0; i < bases->length; ++i) {
        auto* candidate = bases->items[i].as<TypeObject>();
        TypeObject* solid = type_solid_base(candidate);
        if (!winner || is_subtype(solid, winner)) {
            winner = solid;
            base = candidate;
        } else if (!is_subtype(winner, solid)) {
            raise(ts, &kTypeErrorType, "multiple bases have instance lay-out conflict");
            return nullptr;
        }
    }
    return base;
}

// The most derived metatype of [meta] and the bases' metatypes (CPython's
// _PyType_CalculateMetaclass).
TypeObject* calculate_metatype(ThreadState& ts, TypeObject* meta, TupleObject* bases) {
    TypeObject* winner = meta;
    for (int64_t i = 0; i < bases->length; ++i) {
        TypeObject* t = type_of(bases->items[i]);
        if (is_subtype(winner, t)) continue;
        if (is_subtype(t, winner)) {
            winner = t;
            continue;
        }
        raise(ts, &kTypeErrorType,
              "metaclass conflict: the metaclass of a derived class must be a (non-strict) "
              "subclass of the metaclasses of all its bases");
        return nullptr;
    }
    return winner;
}

Owned heap_native_new(ThreadState& ts, TypeObject* type, CallArgs args) {
    return heap_solid_new(type)(ts, type, args);
}

// __new__ written in Python: a static method called with the class first.
Owned heap_python_new(ThreadState& ts, TypeObject* type, CallArgs args) {
    Value f = type_lookup(type, ts.interp.intern("__new__"));
    Owned fn = Owned::borrow(f);
    if (type_of(f) == &kStaticMethodType) fn = staticmethod_function(f);
    return call_with_self(ts, fn.get(), Value::from_object(type), args);
}

// The new_ slot follows whichever __new__ the MRO finds first.
void fix_new_slot(ThreadState& ts, HeapTypeObject* t) {
    Value f = type_lookup(t, ts.interp.intern("__new__"));
    bool builtin = f.is_null() || type_of(f) == &kBuiltinFunctionType;
    t->new_ = builtin ? heap_native_new : heap_python_new;
}

void refresh_slots(ThreadState& ts, HeapTypeObject* t) {
    fixup_heap_slots(t);
    fix_new_slot(ts, t);
    for (HeapTypeObject* sub : t->subclasses)
        refresh_slots(ts, sub);
}

// obj.__dict__ for instances of classes that gave them one.
Owned instance_get_dict(ThreadState&, Value self) {
    Ref<DictObject>* d = type_of(self)->instance_dict(self.as_object());
    if (!*d) *d = new_dict();
    return Owned::borrow(Value::from_object(d->get()));
}

int instance_set_dict(ThreadState& ts, Value self, Value v) {
    if (v.is_null() || !is_dict(v)) {
        raisef(ts, &kTypeErrorType, "__dict__ must be set to a dictionary, not a '{}'",
               v.is_null() ? "NoneType" : type_name(v));
        return -1;
    }
    *type_of(self)->instance_dict(self.as_object()) = Ref<DictObject>::borrow(v.as<DictObject>());
    return 0;
}

const GetSetDef kInstanceDictGetSet = {"__dict__", instance_get_dict, instance_set_dict};

// CPython wraps these plain functions of a class body implicitly.
bool wrap_implicit_methods(ThreadState& ts, DictObject* dict) {
    Value f = dict_get_str(dict, ts.interp.intern("__new__"));
    if (!f.is_null() && type_of(f) == &kFunctionType) {
        Owned sm = new_staticmethod(f);
        dict_set_str(dict, ts.interp.intern("__new__"), sm.get());
    }
    for (const char* name : {"__init_subclass__", "__class_getitem__"}) {
        Value g = dict_get_str(dict, ts.interp.intern(name));
        if (!g.is_null() && type_of(g) == &kFunctionType) {
            Owned cm = new_classmethod(g);
            dict_set_str(dict, ts.interp.intern(name), cm.get());
        }
    }
    return true;
}

// object.__init_subclass__ accepts no keywords; a Python one up the MRO gets them.
bool call_init_subclass(ThreadState& ts, HeapTypeObject* t, DictObject* kwargs) {
    StrObject* name = ts.interp.intern("__init_subclass__");
    TupleObject* mro = t->mro;
    for (int64_t i = 1; i < mro->length; ++i) {
        auto* k = mro->items[i].as<TypeObject>();
        Value f = k->dict ? dict_get_str(k->dict, name) : Value::null();
        if (f.is_null()) continue;
        if (type_of(f) != &kClassMethodType) break;
        Owned fn = classmethod_function(f);
        std::vector<Value> values{Value::from_object(t)};
        Ref<TupleObject> names;
        if (kwargs && kwargs->length) {
            names = new_tuple(kwargs->length);
            int64_t pos = 0, n = 0;
            Value key, value;
            while (dict_next(kwargs, &pos, &key, &value)) {
                names->items[n++] = key;
                incref(key);
                values.push_back(value);
            }
        }
        Owned r = call(ts, fn.get(), CallArgs{values.data(), 1, names.get()});
        return static_cast<bool>(r);
    }
    if (kwargs && kwargs->length) {
        raisef(ts, &kTypeErrorType, "{}.__init_subclass__() takes no keyword arguments", t->name);
        return false;
    }
    return true;
}

// __set_name__(owner, name) on every attribute that defines it (descriptors learning their name).
bool call_set_name(ThreadState& ts, HeapTypeObject* t) {
    StrObject* set_name = ts.interp.intern("__set_name__");
    Ref<DictObject> snapshot = dict_copy(t->dict);
    int64_t pos = 0;
    Value key, value;
    while (dict_next(snapshot.get(), &pos, &key, &value)) {
        if (!value.is_object() || type_lookup(type_of(value), set_name).is_null()) continue;
        bool found;
        Owned r = call_dunder(ts, value, set_name, {Value::from_object(t), key}, &found);
        if (found && !r) {
            // CPython 3.11 reports which attribute failed, chaining the original error as the
            // cause (as _PyErr_FormatFromCause).
            Owned cause = fetch_exception(ts);
            raisef(ts, &kRuntimeErrorType,
                   "Error calling __set_name__ on '{}' instance '{}' in '{}'", type_name(value),
                   key.as<StrObject>()->view(), t->name);
            auto* e = ts.exc.get().as<ExceptionObject>();
            e->context = cause;
            e->cause = std::move(cause);
            e->suppress_context = true;
            return false;
        }
    }
    return true;
}

}  // namespace

TypeObject* type_solid_base(TypeObject* t) {
    if (is_heap_type(t)) return static_cast<HeapTypeObject*>(t)->solid;
    return static_solid_base(t);
}

bool has_python_new(const TypeObject* t) {
    return t->new_ == heap_python_new;
}

NewSlot heap_solid_new(TypeObject* t) {
    if (is_heap_type(t)) return static_cast<HeapTypeObject*>(t)->solid_new;
    return t->new_;
}

void heap_instance_dealloc(Object* self) {
    auto* t = static_cast<HeapTypeObject*>(self->type);
    t->solid_dealloc(self);
    decref(t);
}

Owned type_new(ThreadState& ts, TypeObject* meta, StrObject* name, TupleObject* bases_in,
               DictObject* ns, DictObject* kwargs) {
    Ref<TupleObject> bases = Ref<TupleObject>::borrow(bases_in);
    if (bases->length == 0) bases = new_tuple_of({Value::from_object(&kObjectType)});
    for (int64_t i = 0; i < bases->length; ++i) {
        Value b = bases->items[i];
        if (!is_instance(b, &kTypeType)) {
            return raise(ts, &kTypeErrorType,
                         "metaclass conflict: the metaclass of a derived class must be a "
                         "(non-strict) subclass of the metaclasses of all its bases");
        }
        auto* bt = b.as<TypeObject>();
        if (!(bt->flags & kTypeBaseType)) {
            return raisef(ts, &kTypeErrorType, "type '{}' is not an acceptable base type",
                          bt->name);
        }
    }
    TypeObject* metatype = calculate_metatype(ts, meta, bases.get());
    if (!metatype) return nullptr;
    TypeObject* base = best_base(ts, bases.get());
    if (!base) return nullptr;

    auto* t = new HeapTypeObject(metatype);
    Ref<HeapTypeObject> type = Ref<HeapTypeObject>::steal(t);
    retain_heap_type(metatype);
    t->name_storage = std::string(name->view());
    t->name = t->name_storage.c_str();
    t->base = base;
    t->solid = type_solid_base(base);
    t->solid_new = heap_solid_new(base);
    t->solid_dealloc = is_heap_type(base) ? static_cast<HeapTypeObject*>(base)->solid_dealloc
                       : t->solid == &kObjectType ? instance_dealloc
                                                  : t->solid->dealloc;
    constexpr uint32_t kInherited = kTypeIntSubclass | kTypeStrSubclass | kTypeTupleSubclass |
                                    kTypeListSubclass | kTypeDictSubclass | kTypeExceptionSubclass |
                                    kTypeTypeSubclass | kTypeBytesSubclass;
    t->flags = kTypeHeap | kTypeBaseType | (base->flags & kInherited);
    t->bases = bases.release();

    // Slots start as the primary base's; the dunder fixup below overrides them from the MRO.
    static_cast<TypeSlots&>(*t) = static_cast<const TypeSlots&>(*base);
    if (base->number) t->number_storage = *base->number;
    t->number = &t->number_storage;
    t->methods = nullptr;
    t->getset = nullptr;
    t->dealloc = heap_instance_dealloc;
    t->instance_dict = layout_instance_dict(t->solid);
    if (is_heap_type(base) && base->instance_dict) t->instance_dict = base->instance_dict;
    if (t->instance_dict) t->flags |= kTypeHasInstanceDict;

    // The namespace becomes the class dict.
    Ref<DictObject> dict = dict_copy(ns);
    StrObject* qualname_key = ts.interp.intern("__qualname__");
    Value qualname = dict_get_str(dict.get(), qualname_key);
    if (!qualname.is_null()) {
        if (!is_str(qualname)) {
            return raisef(ts, &kTypeErrorType, "type __qualname__ must be a str, not {}",
                          type_name(qualname));
        }
        t->qualname = Ref<StrObject>::borrow(qualname.as<StrObject>());
        if (dict_delete(ts, dict.get(), Value::from_object(qualname_key)) < 0) return nullptr;
    } else {
        t->qualname = Ref<StrObject>::borrow(name);
    }
    StrObject* module_key = ts.interp.intern("__module__");
    Value module = dict_get_str(dict.get(), module_key);
    if (module.is_null() && ts.interp.hooks.frame_globals) {
        if (DictObject* g = ts.interp.hooks.frame_globals(ts)) {
            Value n = dict_get_str(g, ts.interp.intern("__name__"));
            if (!n.is_null()) {
                dict_set_str(dict.get(), module_key, n);
                module = n;
            }
        }
    }
    if (!module.is_null() && is_str(module)) {
        t->module_name = module.as<StrObject>();
        incref(t->module_name);
    }
    StrObject* doc_key = ts.interp.intern("__doc__");
    if (dict_get_str(dict.get(), doc_key).is_null())
        dict_set_str(dict.get(), doc_key, Value::none());
    // A class that defines equality without a hash is unhashable (its instances are mutable
    // values, and equal values must hash equal).
    if (!dict_get_str(dict.get(), ts.interp.intern("__eq__")).is_null() &&
        dict_get_str(dict.get(), ts.interp.intern("__hash__")).is_null()) {
        dict_set_str(dict.get(), ts.interp.intern("__hash__"), Value::none());
    }
    wrap_implicit_methods(ts, dict.get());
    // The first class in a chain that gives instances a __dict__ also exposes it.
    if (t->instance_dict && type_lookup(base, ts.interp.intern("__dict__")).is_null() &&
        dict_get_str(dict.get(), ts.interp.intern("__dict__")).is_null()) {
        Owned descr = make_object<GetSetDescriptorObject>(&kInstanceDictGetSet, t);
        dict_set_str(dict.get(), ts.interp.intern("__dict__"), descr.get());
    }
    StrObject* cell_key = ts.interp.intern("__classcell__");
    Value cell = dict_get_str(dict.get(), cell_key);
    if (!cell.is_null()) {
        if (type_of(cell) != &kCellType) {
            return raisef(ts, &kTypeErrorType, "__classcell__ must be a nonlocal cell, not {}",
                          type_name(cell));
        }
        cell.as<CellObject>()->value = Owned::borrow(Value::from_object(t));
        if (dict_delete(ts, dict.get(), Value::from_object(cell_key)) < 0) return nullptr;
    }
    t->dict = dict.release();

    Ref<TupleObject> mro = compute_mro(ts, t, t->bases);
    if (!mro) return nullptr;
    t->mro = mro.release();

    refresh_slots(ts, t);
    for (int64_t i = 0; i < t->bases->length; ++i) {
        auto* b = t->bases->items[i].as<TypeObject>();
        if (is_heap_type(b)) static_cast<HeapTypeObject*>(b)->subclasses.push_back(t);
    }
    ts.interp.heap_types.push_back(Ref<Object>::borrow(t));
    // Lookups made while the class was being built may predate changes to its dict.
    invalidate_attr_cache(t);
    if (!call_set_name(ts, t)) return nullptr;
    if (!call_init_subclass(ts, t, kwargs)) return nullptr;
    return Owned(std::move(type));
}

int type_set_attr(ThreadState& ts, Value self, StrObject* name, Value value) {
    auto* t = self.as<TypeObject>();
    if (!is_heap_type(t)) {
        raisef(ts, &kTypeErrorType, "cannot set '{}' attribute of immutable type '{}'",
               name->view(), t->name);
        return -1;
    }
    // Whatever happens below may change the class's dict.
    invalidate_attr_cache(static_cast<HeapTypeObject*>(t));
    // Data descriptors of the metatype (__name__, __doc__ ...) first.
    Value meta_attr = type_lookup(type_of(self), name);
    if (!meta_attr.is_null()) {
        if (DescrSetSlot set = type_of(meta_attr)->descr_set)
            return set(ts, meta_attr, self, value);
    }
    if (value.is_null()) {
        int r = dict_delete(ts, t->dict, Value::from_object(name));
        if (r == 0) {
            raisef(ts, &kAttributeErrorType, "type object '{}' has no attribute '{}'", t->name,
                   name->view());
            return -1;
        }
        if (r < 0) return -1;
    } else {
        dict_set_str(t->dict, name, value);
    }
    if (is_slot_dunder(name)) {
        refresh_slots(ts, static_cast<HeapTypeObject*>(t));
        // Caches filled meanwhile (a __del__ run by the dict change) saw the old slots.
        invalidate_attr_cache(static_cast<HeapTypeObject*>(t));
    }
    return 0;
}

void clear_heap_types(ThreadState& ts) {
    std::vector<Ref<Object>> types = std::move(ts.interp.heap_types);
    ts.interp.heap_types.clear();
    for (Ref<Object>& o : types) {
        auto* t = static_cast<HeapTypeObject*>(o.get());
        if (t->dict) dict_clear(t->dict);
    }
    for (Ref<Object>& o : types) {
        auto* t = static_cast<HeapTypeObject*>(o.get());
        // The MRO names the type itself; dropping it ends that cycle. Lookups on surviving
        // instances now find nothing, which only leaked objects could attempt.
        if (TupleObject* mro = std::exchange(t->mro, nullptr)) decref(mro);
        t->subclasses.clear();
        invalidate_attr_cache(t);
    }
}

void heap_type_dealloc(Object* self) {
    auto* t = static_cast<HeapTypeObject*>(self);
    xdecref(t->dict);
    xdecref(t->mro);
    xdecref(t->bases);
    xdecref(t->module_name);
    delete t;
}

}  // namespace gilpy::runtime
