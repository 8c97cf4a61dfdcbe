// The method descriptor of gilpy::class_ methods: found in the class's dict, it binds to an
// instance (obj.method is a builtin method bound to obj) and, called through the class
// (Vec.length(v)), checks its first argument, with CPython's method_descriptor messages.
#include <fmt/format.h>

#include "embed/host_function.hpp"
#include "runtime/exceptions.hpp"
#include "runtime/thread_state.hpp"

namespace gilpy::embed {

using namespace runtime;

namespace {

struct HostMethodObject : runtime::Object {
    std::shared_ptr<const HostCallable> callable;
    Ref<TypeObject> owner;  // the class (its dict holds this descriptor: cleared at teardown)

    HostMethodObject(TypeObject* t, std::shared_ptr<const HostCallable> c, TypeObject* o)
        : runtime::Object(t), callable(std::move(c)), owner(Ref<TypeObject>::borrow(o)) {}
};

extern TypeObject kHostMethodType;

void host_method_dealloc(runtime::Object* self) {
    delete static_cast<HostMethodObject*>(self);
}

Owned host_method_repr(ThreadState&, Value self) {
    auto* m = self.as<HostMethodObject>();
    return new_str(fmt::format("<method '{}' of '{}' objects>", m->callable->name, m->owner->name));
}

std::nullptr_t wrong_self(ThreadState& ts, HostMethodObject* m, Value obj) {
    return raisef(ts, &kTypeErrorType,
                  "descriptor '{}' for '{}' objects doesn't apply to a '{}' object",
                  m->callable->name, m->owner->name, type_name(obj));
}

// Vec.length(v): the instance is the first argument.
Owned host_method_call(ThreadState& ts, Value callable, CallArgs args) {
    auto* m = callable.as<HostMethodObject>();
    if (args.nargs == 0) {
        return raisef(ts, &kTypeErrorType, "unbound method {}() needs an argument",
                      m->callable->qualname);
    }
    if (!is_subtype(type_of(args[0]), m->owner.get())) return wrong_self(ts, m, args[0]);
    Owned keep = Owned::borrow(callable);
    return call_host(ts, *m->callable, args[0],
                     CallArgs{args.args + 1, args.nargs - 1, args.kwnames});
}

Owned host_method_get(ThreadState& ts, Value descr, Value obj, TypeObject*) {
    auto* m = descr.as<HostMethodObject>();
    if (obj.is_null()) return Owned::borrow(descr);
    if (!is_subtype(type_of(obj), m->owner.get())) return wrong_self(ts, m, obj);
    return new_host_function(m->callable, Owned::borrow(obj));
}

Owned host_method_name(ThreadState&, Value self) {
    return new_str(self.as<HostMethodObject>()->callable->name);
}

Owned host_method_qualname(ThreadState&, Value self) {
    return new_str(self.as<HostMethodObject>()->callable->qualname);
}

Owned host_method_doc(ThreadState&, Value self) {
    const std::string& doc = self.as<HostMethodObject>()->callable->doc;
    if (doc.empty()) return Owned::none();
    return new_str(doc);
}

Owned host_method_objclass(ThreadState&, Value self) {
    return Owned::borrow(Value::from_object(self.as<HostMethodObject>()->owner.get()));
}

const GetSetDef kHostMethodGetSet[] = {
    {"__name__", host_method_name},
    {"__qualname__", host_method_qualname},
    {"__doc__", host_method_doc},
    {"__objclass__", host_method_objclass},
    {nullptr, nullptr},
};

// Named like CPython's, whose extension types' methods are method_descriptor objects.
constinit TypeObject kHostMethodType("method_descriptor", &kObjectType, 0,
                                     {
                                         .dealloc = host_method_dealloc,
                                         .repr = host_method_repr,
                                         .call = host_method_call,
                                         .descr_get = host_method_get,
                                         .getset = kHostMethodGetSet,
                                     });

}  // namespace

Owned new_host_method(std::shared_ptr<const HostCallable> c, TypeObject* owner) {
    ready_static_type(&kHostMethodType, nullptr);
    return make_object<HostMethodObject>(&kHostMethodType, std::move(c), owner);
}

}  // namespace gilpy::embed
