// super(): attribute lookup that starts after a given class in the MRO of an object's type, so
// a method can reach the implementation it overrides. The zero-argument form takes the class
// from the method's __class__ cell and the object from its first argument, which only the eval
// loop can see (the super_args hook).
#include <fmt/format.h>

#include "runtime/abstract.hpp"
#include "runtime/args.hpp"
#include "runtime/exceptions.hpp"
#include "runtime/interpreter_state.hpp"
#include "runtime/thread_state.hpp"
#include "runtime/types/dict.hpp"
#include "runtime/types/str.hpp"
#include "runtime/types/tuple.hpp"

namespace gilpy::runtime {

extern TypeObject kSuperType;

namespace {

struct SuperObject : Object {
    Ref<TypeObject> type;      // the class the search starts after
    Owned obj;                 // the instance or class the result is bound to (null: unbound)
    Ref<TypeObject> obj_type;  // whose MRO is searched
    explicit SuperObject(TypeObject* t) : Object(t) {}
};

void super_dealloc(Object* self) {
    delete static_cast<SuperObject*>(self);
}

Owned super_new(ThreadState&, TypeObject* type, CallArgs) {
    Owned r = make_object<SuperObject>(type);
    retain_heap_type(type);
    return r;
}

// The type whose MRO super searches: obj's type, or obj itself for super(C, cls) in
// classmethods (CPython's supercheck).
TypeObject* super_check(ThreadState& ts, TypeObject* type, Value obj) {
    if (is_instance(obj, &kTypeType) && is_subtype(obj.as<TypeObject>(), type)) {
        return obj.as<TypeObject>();
    }
    if (is_subtype(type_of(obj), type)) return type_of(obj);
    raise(ts, &kTypeErrorType, "super(type, obj): obj must be an instance or subtype of type");
    return nullptr;
}

int super_init(ThreadState& ts, Value self, CallArgs args) {
    if (!check_no_keywords(ts, args, "super()")) return -1;
    if (args.nargs > 2) {
        raisef(ts, &kTypeErrorType, "super() expected at most 2 arguments, got {}", args.nargs);
        return -1;
    }
    Value type_arg, obj_arg;
    Owned frame_type, frame_obj;
    if (args.nargs == 0) {
        if (!ts.interp.hooks.super_args) {
            raise(ts, &kRuntimeErrorType, "super(): no current frame");
            return -1;
        }
        if (!ts.interp.hooks.super_args(ts, &frame_type, &frame_obj)) return -1;
        type_arg = frame_type.get();
        obj_arg = frame_obj.get();
    } else {
        type_arg = args[0];
        if (args.nargs == 2 && !args[1].is_none()) obj_arg = args[1];
    }
    if (!is_instance(type_arg, &kTypeType)) {
        raisef(ts, &kTypeErrorType, "super() argument 1 must be a type, not {}",
               type_name(type_arg));
        return -1;
    }
    auto* s = self.as<SuperObject>();
    s->type = Ref<TypeObject>::borrow(type_arg.as<TypeObject>());
    if (!obj_arg.is_null()) {
        TypeObject* obj_type = super_check(ts, s->type.get(), obj_arg);
        if (!obj_type) return -1;
        s->obj = Owned::borrow(obj_arg);
        s->obj_type = Ref<TypeObject>::borrow(obj_type);
    }
    return 0;
}

Owned super_getattr(ThreadState& ts, Value self, StrObject* name) {
    auto* s = self.as<SuperObject>();
    if (s->obj_type && name->view() != "__class__") {
        TupleObject* mro = s->obj_type->mro;
        int64_t i = 0;
        while (i < mro->length && mro->items[i].as_object() != s->type.get())
            ++i;
        for (++i; i < mro->length; ++i) {
            auto* k = mro->items[i].as<TypeObject>();
            Value v = k->dict ? dict_get_str(k->dict, name) : Value::null();
            if (v.is_null()) continue;
            DescrGetSlot get = type_of(v)->descr_get;
            if (!get) return Owned::borrow(v);
            // Bound to the instance; for super(C, cls) the class binds as the owner only.
            Value obj = s->obj.get().is(Value::from_object(s->obj_type.get())) ? Value::null()
                                                                               : s->obj.get();
            return get(ts, v, obj, s->obj_type.get());
        }
    }
    return generic_get_attr(ts, self, name);
}

Owned super_repr(ThreadState&, Value self) {
    auto* s = self.as<SuperObject>();
    if (!s->type) return new_str("<super: <class 'NULL'>, NULL>");
    if (!s->obj_type) {
        return new_str(fmt::format("<super: <class '{}'>, NULL>", s->type->name));
    }
    return new_str(
        fmt::format("<super: <class '{}'>, <{} object>>", s->type->name, s->obj_type->name));
}

Owned super_thisclass(ThreadState&, Value self) {
    auto* s = self.as<SuperObject>();
    return s->type ? Owned::borrow(Value::from_object(s->type.get())) : Owned::none();
}
Owned super_self(ThreadState&, Value self) {
    auto* s = self.as<SuperObject>();
    return s->obj ? s->obj : Owned::none();
}
Owned super_self_class(ThreadState&, Value self) {
    auto* s = self.as<SuperObject>();
    return s->obj_type ? Owned::borrow(Value::from_object(s->obj_type.get())) : Owned::none();
}

const GetSetDef kSuperGetSet[] = {
    {"__thisclass__", super_thisclass},
    {"__self__", super_self},
    {"__self_class__", super_self_class},
    {nullptr, nullptr},
};

}  // namespace

constinit TypeObject kSuperType("super", &kObjectType, kTypeBaseType,
                                {
                                    .dealloc = super_dealloc,
                                    .repr = super_repr,
                                    .getattr = super_getattr,
                                    .new_ = super_new,
                                    .init = super_init,
                                    .getset = kSuperGetSet,
                                });

}  // namespace gilpy::runtime
