// Host classes (gilpy::class_<T>): a Python heap type whose instances hold a C++ value by value.
//
// The class is made by the runtime's type_new, like a class statement's, then turned into a
// native type: its instances are HostInstanceObjects (the object header, then the T, aligned)
// that its own new and dealloc slots build and destroy (heap_instance_dealloc calls the
// solid_dealloc slot, then drops the class); it has no instance __dict__, cannot be subclassed,
// and is named like an extension type's tp_name ("game.Vec"). What the embedding layer knows
// of the class (the C++ type, the constructor) lives in HeapTypeObject::native. An interpreter
// finds the class of a C++ type by scanning its classes (few, and host types come first).
#include <cxxabi.h>

#include <algorithm>
#include <cstdlib>
#include <memory>
#include <new>
#include <stdexcept>
#include <string>

#include "embed/context.hpp"
#include "embed/host_function.hpp"
#include "gilpy/gilpy.hpp"
#include "runtime/abstract.hpp"
#include "runtime/exceptions.hpp"
#include "runtime/interpreter_state.hpp"
#include "runtime/slot_dunders.hpp"
#include "runtime/thread_state.hpp"
#include "runtime/types/descriptors.hpp"
#include "runtime/types/dict.hpp"
#include "runtime/types/function.hpp"
#include "runtime/types/heap_type.hpp"
#include "runtime/types/str.hpp"
#include "runtime/types/tuple.hpp"

namespace gilpy {

using namespace runtime;

namespace {

// HeapTypeObject::native of a host class.
struct HostClassData : runtime::Object {
    const detail::ClassOps* ops;                      // static storage of the host
    std::shared_ptr<const embed::HostCallable> init;  // the constructor; null: none
    HostClassData(TypeObject* t, const detail::ClassOps* o) : runtime::Object(t), ops(o) {}
};

void class_data_dealloc(runtime::Object* self) {
    delete static_cast<HostClassData*>(self);
}

constinit TypeObject kHostClassDataType("gilpy.class_data", &kObjectType, 0,
                                        {.dealloc = class_data_dealloc});

// One instance: the header, then the C++ value at value_offset(align).
struct HostInstanceObject : runtime::Object {
    const detail::ClassOps* ops;
    bool constructed = false;  // the value exists (its constructor returned)
    HostInstanceObject(TypeObject* t, const detail::ClassOps* o) : runtime::Object(t), ops(o) {}
};

size_t value_offset(size_t align) {
    return (sizeof(HostInstanceObject) + align - 1) / align * align;
}
std::align_val_t block_align(const detail::ClassOps* ops) {
    return std::align_val_t(std::max(ops->align, alignof(HostInstanceObject)));
}
void* value_of_instance(HostInstanceObject* inst) {
    return reinterpret_cast<char*>(inst) + value_offset(inst->ops->align);
}

bool same_type(const detail::ClassOps& a, const detail::ClassOps& b) {
    return a.type == b.type || *a.type == *b.type;
}

HostClassData* class_data(TypeObject* t) {
    if (!is_heap_type(t)) return nullptr;
    runtime::Object* native = static_cast<HeapTypeObject*>(t)->native.get();
    if (!native || native->type != &kHostClassDataType) return nullptr;
    return static_cast<HostClassData*>(native);
}

// The class of this interpreter for the C++ type [ops] describes, or null.
HeapTypeObject* find_class(ThreadState& ts, const detail::ClassOps& ops) {
    for (const Ref<runtime::Object>& o : ts.interp.heap_types) {
        auto* t = static_cast<HeapTypeObject*>(o.get());
        HostClassData* data = class_data(t);
        if (data && same_type(*data->ops, ops)) return t;
    }
    return nullptr;
}

std::string cpp_name(const std::type_info& type) {
    int status = 0;
    std::unique_ptr<char, void (*)(void*)> text(
        abi::__cxa_demangle(type.name(), nullptr, nullptr, &status), std::free);
    return status == 0 && text ? std::string(text.get()) : std::string(type.name());
}

// A new, not yet constructed instance of [type] (a host class).
Ref<HostInstanceObject> allocate_instance(TypeObject* type, const detail::ClassOps* ops) {
    void* block = ::operator new(value_offset(ops->align) + ops->size, block_align(ops));
    retain_heap_type(type);
    return Ref<HostInstanceObject>::steal(new (block) HostInstanceObject(type, ops));
}

// The solid_dealloc slot: destroys the value, then frees the block (heap_instance_dealloc
// drops the class afterwards).
void host_instance_dealloc(runtime::Object* self) {
    auto* inst = static_cast<HostInstanceObject*>(self);
    const detail::ClassOps* ops = inst->ops;
    if (inst->constructed) ops->destroy(value_of_instance(inst));
    inst->~HostInstanceObject();
    ::operator delete(static_cast<void*>(inst), block_align(ops));
}

// The solid_new slot: Vec(a, b) runs the constructor defined with init<...>.
Owned host_instance_new(ThreadState& ts, TypeObject* type, CallArgs args) {
    HostClassData* data = class_data(type);
    if (!data || !data->init) {
        return raisef(ts, &kTypeErrorType, "cannot create '{}' instances", type->name);
    }
    Ref<HostInstanceObject> inst = allocate_instance(type, data->ops);
    // The callable is shared: a constructor replaced while it runs stays alive.
    std::shared_ptr<const embed::HostCallable> init = data->init;
    if (!embed::call_host(ts, *init, Value::from_object(inst.get()), args)) return nullptr;
    inst->constructed = true;
    return Owned(std::move(inst));
}

TypeObject* checked_class(const gilpy::Object& type) {
    Value v = embed::value_of(type);
    if (!is_instance(v, &kTypeType) || !class_data(v.as<TypeObject>())) {
        throw std::logic_error("gilpy: not a class made by gilpy::class_");
    }
    return v.as<TypeObject>();
}

void set_class_attr(ThreadState& ts, TypeObject* t, std::string_view name, Value value) {
    if (type_set_attr(ts, Value::from_object(t), ts.interp.intern(name), value) < 0) {
        embed::throw_script_error(ts);
    }
}

// What a method or accessor of [t] named [name] is called in __qualname__ and messages.
embed::HostCallable member_base(ThreadState& ts, TypeObject* t, std::string_view name) {
    embed::HostCallable base;
    std::string cls(static_cast<HeapTypeObject*>(t)->qualname->view());
    base.name = std::string(name);
    base.qualname = base.builtin_name = base.python_name = cls + "." + base.name;
    Owned module = get_attr_opt(ts, Value::from_object(t), ts.interp.intern("__module__"));
    if (module && is_str(module.get())) base.module = module.get().as<StrObject>()->view();
    clear_exception(ts);
    return base;
}

}  // namespace

std::string embed::registered_class_name(ThreadState& ts, const detail::ClassOps& ops) {
    if (HeapTypeObject* t = find_class(ts, ops)) return t->name;
    return cpp_name(*ops.type);
}

namespace detail {

gilpy::Object class_create(const gilpy::Object& module, std::string_view name, std::string_view doc,
                           const ClassOps& ops) {
    ThreadState& ts = embed::require_thread();
    if (HeapTypeObject* existing = find_class(ts, ops)) {
        throw std::logic_error("gilpy::class_: the C++ type " + cpp_name(*ops.type) +
                               " is already registered in this interpreter as " + existing->name);
    }
    ready_static_type(&kHostClassDataType, nullptr);
    gilpy::Object module_name = module.attr("__name__");
    std::string module_text = module_name.cast<std::string>();
    Ref<DictObject> ns = new_dict();
    dict_set_str(ns.get(), ts.interp.intern("__module__"), embed::value_of(module_name));
    Ref<StrObject> qualname = new_str(name);
    dict_set_str(ns.get(), ts.interp.intern("__qualname__"), Value::from_object(qualname.get()));
    Owned doc_value = doc.empty() ? Owned::none() : Owned(new_str(doc));
    dict_set_str(ns.get(), ts.interp.intern("__doc__"), doc_value.get());
    Owned made = type_new(ts, &kTypeType, qualname.get(), empty_tuple(), ns.get(), nullptr);
    if (!made) embed::throw_script_error(ts);
    gilpy::Object type = embed::to_object(std::move(made));
    auto* t = static_cast<HeapTypeObject*>(embed::value_of(type).as<TypeObject>());

    // The native layout: the value inside the instance, no __dict__, no subclasses.
    t->native = make_object<HostClassData>(&kHostClassDataType, &ops);
    t->name_storage = module_text + "." + std::string(name);
    t->name = t->name_storage.c_str();
    t->solid = t;  // a layout of its own: never an InstanceObject (attribute caches, __class__)
    t->solid_new = host_instance_new;
    t->solid_dealloc = host_instance_dealloc;
    t->instance_dict = nullptr;
    t->flags &= ~(kTypeBaseType | kTypeHasInstanceDict);
    // (type's own __dict__ descriptor would take a setattr; the class's entry goes directly.)
    if (dict_delete(ts, t->dict, Value::from_object(ts.interp.intern("__dict__"))) < 0) {
        embed::throw_script_error(ts);
    }
    invalidate_attr_cache(t);
    // A __new__ of its own, so that object.__init__ accepts the constructor's arguments.
    Owned new_fn =
        make_object<BuiltinFunctionObject>(&kNewWrapperDef, Owned::borrow(Value::from_object(t)));
    set_class_attr(ts, t, "__new__", new_fn.get());
    module.set_attr(name, type);
    return type;
}

void class_set_init(const gilpy::Object& type, FunctionInfo info, HostThunk thunk) {
    ThreadState& ts = embed::require_thread();
    TypeObject* t = checked_class(type);
    embed::HostCallable base = member_base(ts, t, "__init__");
    base.builtin_name = std::string(static_cast<HeapTypeObject*>(t)->qualname->view());
    base.method = true;
    class_data(t)->init =
        embed::make_host_callable(ts, std::move(base), std::move(info), std::move(thunk));
}

void class_add_method(const gilpy::Object& type, std::string_view name, FunctionInfo info,
                      HostThunk thunk) {
    ThreadState& ts = embed::require_thread();
    TypeObject* t = checked_class(type);
    embed::HostCallable base = member_base(ts, t, name);
    base.method = true;
    auto callable =
        embed::make_host_callable(ts, std::move(base), std::move(info), std::move(thunk));
    Owned method = embed::new_host_method(std::move(callable), t);
    set_class_attr(ts, t, name, method.get());
}

void class_add_property(const gilpy::Object& type, std::string_view name, std::string_view doc,
                        HostThunk getter, HostThunk setter) {
    ThreadState& ts = embed::require_thread();
    TypeObject* t = checked_class(type);
    // The accessors are plain builtins property() calls with the instance.
    auto accessor = [&](HostThunk thunk, size_t arity) {
        embed::HostCallable base = member_base(ts, t, name);
        base.keep_conversion_error = true;
        FunctionInfo info;
        info.arity = arity;
        return embed::new_host_function(
            embed::make_host_callable(ts, std::move(base), std::move(info), std::move(thunk)), {});
    };
    Owned fget = accessor(std::move(getter), 1);
    Owned fset = setter ? accessor(std::move(setter), 2) : Owned::none();
    Owned doc_value = doc.empty() ? Owned::none() : Owned(new_str(doc));
    Owned property = call_values(ts, Value::from_object(&kPropertyType),
                                 {fget.get(), fset.get(), Value::none(), doc_value.get()});
    if (!property) embed::throw_script_error(ts);
    set_class_attr(ts, t, name, property.get());
}

void* instance_storage(const gilpy::Object& instance) {
    Value v = embed::value_of(instance);
    if (!v.is_object() || !class_data(type_of(v))) {
        throw std::logic_error("gilpy: not an instance of a class made by gilpy::class_");
    }
    return value_of_instance(v.as<HostInstanceObject>());
}

gilpy::Object make_instance(const ClassOps& ops, void (*construct)(void* dst, void* src),
                            void* src) {
    ThreadState& ts = embed::require_thread();
    HeapTypeObject* t = find_class(ts, ops);
    if (!t) {
        raisef(ts, &kTypeErrorType, "no Python class is registered for the C++ type {}",
               cpp_name(*ops.type));
        embed::throw_script_error(ts);
    }
    Ref<HostInstanceObject> inst = allocate_instance(t, class_data(t)->ops);
    construct(value_of_instance(inst.get()), src);  // a C++ exception frees the block
    inst->constructed = true;
    return embed::to_object(Owned(std::move(inst)));
}

bool load_instance(const gilpy::Object& o, const ClassOps& ops, bool none_ok, void** out) {
    Value v = embed::value_of(o);
    if (none_ok && v.is_none()) {
        *out = nullptr;
        return true;
    }
    if (v.is_object()) {
        HostClassData* data = class_data(type_of(v));
        auto* inst = v.as<HostInstanceObject>();
        if (data && same_type(*data->ops, ops) && inst->constructed) {
            *out = value_of_instance(inst);
            return true;
        }
    }
    ThreadState& ts = embed::require_thread();
    raisef(ts, &kTypeErrorType, "expected {}, got {}", embed::registered_class_name(ts, ops),
           type_name(v));
    return false;
}

}  // namespace detail

}  // namespace gilpy
