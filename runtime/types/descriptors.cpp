// staticmethod, classmethod and property. Each is a small object holding callables; their
// descr_get/descr_set slots are what make `obj.attr` call them.
#include "runtime/types/descriptors.hpp"

#include <fmt/format.h>

#include "runtime/abstract.hpp"
#include "runtime/args.hpp"
#include "runtime/exceptions.hpp"
#include "runtime/interpreter_state.hpp"
#include "runtime/thread_state.hpp"
#include "runtime/types/dict.hpp"
#include "runtime/types/function.hpp"
#include "runtime/types/str.hpp"

namespace gilpy::runtime {

namespace {

// staticmethod and classmethod share one layout: the callable, and a __dict__ (CPython copies
// __doc__, __name__ ... through to it via __wrapped__-style attribute access).
struct WrapperDescriptorObject : Object {
    Owned callable;
    Ref<DictObject> dict;
    WrapperDescriptorObject(TypeObject* t, Owned f) : Object(t), callable(std::move(f)) {}
};

void wrapper_dealloc(Object* self) {
    delete static_cast<WrapperDescriptorObject*>(self);
}

Ref<DictObject>* wrapper_instance_dict(Object* self) {
    return &static_cast<WrapperDescriptorObject*>(self)->dict;
}

Owned wrapper_new(ThreadState& ts, TypeObject* type, CallArgs args) {
    const char* name = is_subtype(type, &kStaticMethodType) ? "staticmethod" : "classmethod";
    if (!check_no_keywords(
            ts, args, is_subtype(type, &kStaticMethodType) ? "staticmethod()" : "classmethod()")) {
        return nullptr;
    }
    if (args.nargs != 1) {
        return raisef(ts, &kTypeErrorType, "{} expected 1 argument, got {}", name, args.nargs);
    }
    Owned r = make_object<WrapperDescriptorObject>(type, Owned::borrow(args[0]));
    retain_heap_type(type);
    return r;
}

// Both accept (and ignore) the constructor's argument in __init__.
int wrapper_init(ThreadState&, Value, CallArgs) {
    return 0;
}

Owned wrapper_repr(ThreadState& ts, Value self) {
    Owned inner = repr(ts, self.as<WrapperDescriptorObject>()->callable.get());
    if (!inner) return nullptr;
    return new_str(fmt::format("<{}({})>", type_name(self), inner.get().as<StrObject>()->view()));
}

Owned wrapper_func(ThreadState&, Value self) {
    return self.as<WrapperDescriptorObject>()->callable;
}

// __doc__, __name__, __qualname__ ... come from the wrapped function (CPython 3.10's
// functools.update_wrapper-like behaviour of staticmethod/classmethod).
Owned wrapper_getattr(ThreadState& ts, Value self, StrObject* name) {
    Owned v = generic_get_attr(ts, self, name);
    if (v || !exception_matches(ts, &kAttributeErrorType)) return v;
    std::string_view n = name->view();
    if (n != "__doc__" && n != "__name__" && n != "__qualname__" && n != "__module__" &&
        n != "__wrapped__") {
        return v;
    }
    clear_exception(ts);
    Value f = self.as<WrapperDescriptorObject>()->callable.get();
    if (n == "__wrapped__") return Owned::borrow(f);
    return get_attr(ts, f, name);
}

const GetSetDef kWrapperGetSet[] = {
    {"__func__", wrapper_func},
    {nullptr, nullptr},
};

Owned staticmethod_get(ThreadState&, Value descr, Value, TypeObject*) {
    return descr.as<WrapperDescriptorObject>()->callable;
}

Owned staticmethod_call(ThreadState& ts, Value self, CallArgs args) {
    return call(ts, self.as<WrapperDescriptorObject>()->callable.get(), args);
}

Owned classmethod_get(ThreadState& ts, Value descr, Value obj, TypeObject* owner) {
    TypeObject* cls = owner ? owner : type_of(obj);
    Value f = descr.as<WrapperDescriptorObject>()->callable.get();
    // A wrapped descriptor (classmethod over property, 3.9-3.12) binds through its own __get__.
    if (type_of(f)->descr_get && type_of(f) != &kFunctionType &&
        type_of(f) != &kBuiltinFunctionType) {
        return type_of(f)->descr_get(ts, f, Value::from_object(cls),
                                     type_of(Value::from_object(cls)));
    }
    return make_object<MethodObject>(Owned::borrow(f), Owned::borrow(Value::from_object(cls)));
}

// ------------------------------------------------------------------ property

struct PropertyObject : Object {
    Owned fget, fset, fdel, doc;  // null: absent (None in Python)
    Owned name;                   // set by __set_name__, for messages
    PropertyObject(TypeObject* t) : Object(t) {}
};

void property_dealloc(Object* self) {
    delete static_cast<PropertyObject*>(self);
}

Owned or_none(const Owned& v) {
    return v ? v : Owned::none();
}
Owned none_to_null(Value v) {
    return v.is_null() || v.is_none() ? Owned() : Owned::borrow(v);
}

Owned property_new(ThreadState&, TypeObject* type, CallArgs) {
    Owned r = make_object<PropertyObject>(type);
    retain_heap_type(type);
    return r;
}

int property_init(ThreadState& ts, Value self, CallArgs args) {
    static const char* const names[] = {"fget", "fset", "fdel", "doc"};
    Value v[4];
    if (!parse_args(ts, args, "property", names, 0, v)) return -1;
    auto* p = self.as<PropertyObject>();
    p->fget = none_to_null(v[0]);
    p->fset = none_to_null(v[1]);
    p->fdel = none_to_null(v[2]);
    p->doc = none_to_null(v[3]);
    // Without an explicit doc, the getter's docstring documents the property.
    if (!p->doc && p->fget) {
        Owned d = get_attr_opt(ts, p->fget.get(), ts.interp.intern("__doc__"));
        if (!d && ts.has_exception()) return -1;
        p->doc = none_to_null(d.get());
    }
    return 0;
}

// "property 'x' of 'C' object has no getter" (the name known from __set_name__ or the getter).
std::nullptr_t property_missing(ThreadState& ts, PropertyObject* p, Value obj, const char* what) {
    Owned name = p->name;
    if (!name && p->fget) {
        name = get_attr_opt(ts, p->fget.get(), ts.interp.intern("__name__"));
        if (!name) clear_exception(ts);
    }
    if (name && is_str(name.get())) {
        return raisef(ts, &kAttributeErrorType, "property '{}' of '{}' object has no {}",
                      name.get().as<StrObject>()->view(), type_name(obj), what);
    }
    return raisef(ts, &kAttributeErrorType, "property of '{}' object has no {}", type_name(obj),
                  what);
}

Owned property_get(ThreadState& ts, Value descr, Value obj, TypeObject*) {
    if (obj.is_null()) return Owned::borrow(descr);
    auto* p = descr.as<PropertyObject>();
    if (!p->fget) return property_missing(ts, p, obj, "getter");
    return call_values(ts, p->fget.get(), {obj});
}

int property_set(ThreadState& ts, Value descr, Value obj, Value v) {
    auto* p = descr.as<PropertyObject>();
    Owned r;
    if (v.is_null()) {
        if (!p->fdel) return (property_missing(ts, p, obj, "deleter"), -1);
        r = call_values(ts, p->fdel.get(), {obj});
    } else {
        if (!p->fset) return (property_missing(ts, p, obj, "setter"), -1);
        r = call_values(ts, p->fset.get(), {obj, v});
    }
    return r ? 0 : -1;
}

// getter/setter/deleter return a copy with one accessor replaced (so subclasses can extend).
Owned property_copy(ThreadState& ts, Value self, int which, Value f) {
    auto* p = self.as<PropertyObject>();
    Value fns[3] = {p->fget ? p->fget.get() : Value::none(),
                    p->fset ? p->fset.get() : Value::none(),
                    p->fdel ? p->fdel.get() : Value::none()};
    fns[which] = f;
    // The docstring follows a new getter unless it was given explicitly.
    Value doc = p->doc ? p->doc.get() : Value::none();
    if (which == 0) doc = Value::none();
    Owned copy = call_values(ts, Value::from_object(type_of(self)), {fns[0], fns[1], fns[2], doc});
    if (copy && p->name && is_instance(copy.get(), &kPropertyType)) {
        copy.get().as<PropertyObject>()->name = p->name;
    }
    return copy;
}

Owned property_getter(ThreadState& ts, CallArgs args) {
    if (!check_one_arg(ts, drop_self(args), "getter()")) return nullptr;
    return property_copy(ts, args[0], 0, args[1]);
}
Owned property_setter(ThreadState& ts, CallArgs args) {
    if (!check_one_arg(ts, drop_self(args), "setter()")) return nullptr;
    return property_copy(ts, args[0], 1, args[1]);
}
Owned property_deleter(ThreadState& ts, CallArgs args) {
    if (!check_one_arg(ts, drop_self(args), "deleter()")) return nullptr;
    return property_copy(ts, args[0], 2, args[1]);
}

Owned property_set_name(ThreadState& ts, CallArgs args) {
    if (!check_positional(ts, drop_self(args), "__set_name__", 2, 2)) return nullptr;
    args[0].as<PropertyObject>()->name = Owned::borrow(args[2]);
    return Owned::none();
}

Owned property_fget(ThreadState&, Value self) {
    return or_none(self.as<PropertyObject>()->fget);
}
Owned property_fset(ThreadState&, Value self) {
    return or_none(self.as<PropertyObject>()->fset);
}
Owned property_fdel(ThreadState&, Value self) {
    return or_none(self.as<PropertyObject>()->fdel);
}
Owned property_doc(ThreadState&, Value self) {
    return or_none(self.as<PropertyObject>()->doc);
}

int property_set_doc(ThreadState&, Value self, Value v) {
    self.as<PropertyObject>()->doc = none_to_null(v);
    return 0;
}

const MethodDef kPropertyMethods[] = {
    {"getter", property_getter},         {"setter", property_setter}, {"deleter", property_deleter},
    {"__set_name__", property_set_name}, {nullptr, nullptr},
};

const GetSetDef kPropertyGetSet[] = {
    {"fget", property_fget}, {"fset", property_fset},
    {"fdel", property_fdel}, {"__doc__", property_doc, property_set_doc},
    {nullptr, nullptr},
};

}  // namespace

Owned new_staticmethod(Value f) {
    return make_object<WrapperDescriptorObject>(&kStaticMethodType, Owned::borrow(f));
}
Owned new_classmethod(Value f) {
    return make_object<WrapperDescriptorObject>(&kClassMethodType, Owned::borrow(f));
}
Owned staticmethod_function(Value sm) {
    return sm.as<WrapperDescriptorObject>()->callable;
}
Owned classmethod_function(Value cm) {
    return cm.as<WrapperDescriptorObject>()->callable;
}

constinit TypeObject kStaticMethodType("staticmethod", &kObjectType,
                                       kTypeBaseType | kTypeHasInstanceDict,
                                       {
                                           .dealloc = wrapper_dealloc,
                                           .repr = wrapper_repr,
                                           .getattr = wrapper_getattr,
                                           .call = staticmethod_call,
                                           .descr_get = staticmethod_get,
                                           .new_ = wrapper_new,
                                           .init = wrapper_init,
                                           .getset = kWrapperGetSet,
                                           .instance_dict = wrapper_instance_dict,
                                       });

constinit TypeObject kClassMethodType("classmethod", &kObjectType,
                                      kTypeBaseType | kTypeHasInstanceDict,
                                      {
                                          .dealloc = wrapper_dealloc,
                                          .repr = wrapper_repr,
                                          .getattr = wrapper_getattr,
                                          .descr_get = classmethod_get,
                                          .new_ = wrapper_new,
                                          .init = wrapper_init,
                                          .getset = kWrapperGetSet,
                                          .instance_dict = wrapper_instance_dict,
                                      });

constinit TypeObject kPropertyType("property", &kObjectType, kTypeBaseType,
                                   {
                                       .dealloc = property_dealloc,
                                       .descr_get = property_get,
                                       .descr_set = property_set,
                                       .new_ = property_new,
                                       .init = property_init,
                                       .methods = kPropertyMethods,
                                       .getset = kPropertyGetSet,
                                   });

}  // namespace gilpy::runtime
