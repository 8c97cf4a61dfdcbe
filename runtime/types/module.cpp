// The module type: a namespace whose attributes are its dict, with a module-level __getattr__
// fallback (PEP 562) and CPython's repr and AttributeError wording.
#include "runtime/types/module.hpp"

#include <fmt/format.h>

#include "runtime/abstract.hpp"
#include "runtime/args.hpp"
#include "runtime/exceptions.hpp"
#include "runtime/interpreter_state.hpp"
#include "runtime/types/function.hpp"
#include "runtime/types/str.hpp"

namespace gilpy::runtime {

namespace {

void module_dealloc(Object* self) {
    delete static_cast<ModuleObject*>(self);
}

Ref<DictObject>* module_instance_dict(Object* self) {
    return &static_cast<ModuleObject*>(self)->dict;
}

// The module's __name__, or null when it has none (or not a str).
StrObject* module_name_of(ThreadState& ts, ModuleObject* m) {
    Value name = m->dict ? dict_get_str(ts, m->dict.get(), "__name__") : Value::null();
    return !name.is_null() && is_str(name) ? name.as<StrObject>() : nullptr;
}

int64_t module_hash(ThreadState&, Value self) {
    uint64_t bits = self.bits();
    int64_t h = static_cast<int64_t>((bits >> 4) | (bits << 60));
    return h == -1 ? -2 : h;
}

Owned module_get_dict(ThreadState&, Value self) {
    auto* m = self.as<ModuleObject>();
    if (!m->dict) m->dict = new_dict();
    return Owned::borrow(Value::from_object(m->dict.get()));
}

const GetSetDef kModuleGetSet[] = {
    {"__dict__", module_get_dict},
    {nullptr, nullptr},
};

Owned module_getattr(ThreadState& ts, Value self, StrObject* name) {
    Owned v = generic_get_attr(ts, self, name);
    if (v || !exception_matches(ts, &kAttributeErrorType)) return v;
    auto* m = self.as<ModuleObject>();
    Value hook = m->dict ? dict_get_str(ts, m->dict.get(), "__getattr__") : Value::null();
    if (!hook.is_null()) {
        clear_exception(ts);
        return call_values(ts, hook, {Value::from_object(name)});
    }
    clear_exception(ts);
    if (StrObject* module_name = module_name_of(ts, m)) {
        return raisef(ts, &kAttributeErrorType, "module '{}' has no attribute '{}'",
                      module_name->view(), name->view());
    }
    return raisef(ts, &kAttributeErrorType, "module has no attribute '{}'", name->view());
}

Owned module_repr(ThreadState& ts, Value self) {
    auto* m = self.as<ModuleObject>();
    StrObject* name = module_name_of(ts, m);
    std::string_view shown = name ? name->view() : std::string_view("?");
    Value file = m->dict ? dict_get_str(ts, m->dict.get(), "__file__") : Value::null();
    if (!file.is_null() && is_str(file)) {
        return new_str(fmt::format("<module '{}' from '{}'>", shown, file.as<StrObject>()->view()));
    }
    return new_str(fmt::format("<module '{}' (built-in)>", shown));
}

Owned module_new(ThreadState& ts, TypeObject*, CallArgs args) {
    static const char* const kNames[] = {"name", "doc"};
    Value values[2];
    if (!parse_args(ts, args, "module.__init__", kNames, 1, values)) return nullptr;
    if (!is_str(values[0])) {
        return raisef(ts, &kTypeErrorType, "module.__init__() argument 'name' must be str, not {}",
                      type_name(values[0]));
    }
    Ref<ModuleObject> m = new_module(ts, values[0].as<StrObject>()->view());
    if (m && !values[1].is_null()) {
        dict_set_str(m->dict.get(), ts.interp.intern("__doc__"), values[1]);
    }
    return m;
}

}  // namespace

Ref<ModuleObject> new_module(ThreadState& ts, std::string_view name) {
    Ref<ModuleObject> m = make_object<ModuleObject>();
    m->dict = new_dict();
    Owned n = new_str(name);
    DictObject* d = m->dict.get();
    dict_set_str(d, ts.interp.intern("__name__"), n.get());
    dict_set_str(d, ts.interp.intern("__doc__"), Value::none());
    dict_set_str(d, ts.interp.intern("__package__"), Value::none());
    dict_set_str(d, ts.interp.intern("__loader__"), Value::none());
    dict_set_str(d, ts.interp.intern("__spec__"), Value::none());
    return m;
}

void module_add_functions(ThreadState& ts, ModuleObject* module, const MethodDef* methods) {
    Value name = dict_get_str(module->dict.get(), ts.interp.intern("__name__"));
    for (const MethodDef* def = methods; def->name; ++def) {
        Ref<BuiltinFunctionObject> fn = new_builtin_function(def, name);
        dict_set_str(module->dict.get(), ts.interp.intern(def->name), Value::from_object(fn.get()));
    }
}

void module_set(ThreadState& ts, ModuleObject* module, std::string_view name, Value value) {
    dict_set_str(module->dict.get(), ts.interp.intern(name), value);
}

constinit TypeObject kModuleType("module", &kObjectType, kTypeHasInstanceDict,
                                 {
                                     .dealloc = module_dealloc,
                                     .repr = module_repr,
                                     .hash = module_hash,
                                     .getattr = module_getattr,
                                     .new_ = module_new,
                                     .getset = kModuleGetSet,
                                     .instance_dict = module_instance_dict,
                                 });

}  // namespace gilpy::runtime
