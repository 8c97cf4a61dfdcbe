// mappingproxy: every reading operation forwards to the wrapped mapping (lookups, iteration,
// comparison, get/keys/values/items/copy); there is no way to write through it.
#include "runtime/types/mappingproxy.hpp"

#include "runtime/abstract.hpp"
#include "runtime/args.hpp"
#include "runtime/exceptions.hpp"
#include "runtime/interpreter_state.hpp"
#include "runtime/thread_state.hpp"
#include "runtime/types/list.hpp"
#include "runtime/types/str.hpp"
#include "runtime/types/tuple.hpp"

namespace gilpy::runtime {

namespace {

struct MappingProxyObject : Object {
    Owned mapping;
    MappingProxyObject(TypeObject* t, Owned m) : Object(t), mapping(std::move(m)) {}
};

Value mapping_of(Value self) {
    return self.as<MappingProxyObject>()->mapping.get();
}

void mappingproxy_dealloc(Object* self) {
    delete static_cast<MappingProxyObject*>(self);
}

// mappingproxy(mapping): anything subscriptable except the sequences list and tuple.
Owned mappingproxy_new(ThreadState& ts, TypeObject* type, CallArgs args) {
    static const char* const kNames[] = {"mapping"};
    Value a[1];
    if (!parse_args(ts, args, "mappingproxy", kNames, 1, a)) return nullptr;
    Value m = a[0];
    if (!type_of(m)->getitem || has_flag(m, kTypeListSubclass | kTypeTupleSubclass)) {
        return raisef(ts, &kTypeErrorType, "mappingproxy() argument must be a mapping, not {}",
                      type_name(m));
    }
    return make_object<MappingProxyObject>(type, Owned::borrow(m));
}

Owned mappingproxy_repr(ThreadState& ts, Value self) {
    Owned r = repr(ts, mapping_of(self));
    if (!r) return nullptr;
    std::string text = "mappingproxy(";
    text += r.get().as<StrObject>()->view();
    text += ')';
    return new_str(text);
}

Owned mappingproxy_str(ThreadState& ts, Value self) {
    return str(ts, mapping_of(self));
}

Owned mappingproxy_compare(ThreadState& ts, Value self, Value other, CompareOp op) {
    return compare(ts, mapping_of(self), other, op);
}

int64_t mappingproxy_length(ThreadState& ts, Value self) {
    return length(ts, mapping_of(self));
}

Owned mappingproxy_iter(ThreadState& ts, Value self) {
    return get_iter(ts, mapping_of(self));
}

Owned mappingproxy_getitem(ThreadState& ts, Value self, Value key) {
    return get_item(ts, mapping_of(self), key);
}

int mappingproxy_contains(ThreadState& ts, Value self, Value item) {
    return contains(ts, mapping_of(self), item);
}

// proxy | other and other | proxy: the mapping's own | (a dict gives a new dict).
Owned mappingproxy_or(ThreadState& ts, Value a, Value b) {
    if (type_of(a) == &kMappingProxyType) a = mapping_of(a);
    if (type_of(b) == &kMappingProxyType) b = mapping_of(b);
    return binary_op(ts, a, b, BinaryOp::Or);
}

Owned mappingproxy_ior(ThreadState& ts, Value a, Value) {
    return raisef(ts, &kTypeErrorType, "'|=' is not supported by {}; use '|' instead",
                  type_name(a));
}

// get(key, default=None) and the argument-less views forward as method calls.
Owned mappingproxy_get(ThreadState& ts, CallArgs args) {
    if (!check_positional(ts, drop_self(args), "get", 1, 2)) return nullptr;
    Value dflt = args.nargs > 2 ? args[2] : Value::none();
    return call_method(ts, mapping_of(args[0]), ts.interp.intern("get"), {args[1], dflt});
}

Owned forward_no_args(ThreadState& ts, CallArgs args, const char* name) {
    if (args.keyword_count()) {
        return raisef(ts, &kTypeErrorType, "mappingproxy.{}() takes no keyword arguments", name);
    }
    if (args.nargs > 1) {
        return raisef(ts, &kTypeErrorType, "mappingproxy.{}() takes no arguments ({} given)", name,
                      args.nargs - 1);
    }
    return call_method(ts, mapping_of(args[0]), ts.interp.intern(name), {});
}

Owned mappingproxy_keys(ThreadState& ts, CallArgs args) {
    return forward_no_args(ts, args, "keys");
}
Owned mappingproxy_values(ThreadState& ts, CallArgs args) {
    return forward_no_args(ts, args, "values");
}
Owned mappingproxy_items(ThreadState& ts, CallArgs args) {
    return forward_no_args(ts, args, "items");
}
Owned mappingproxy_copy(ThreadState& ts, CallArgs args) {
    return forward_no_args(ts, args, "copy");
}

Owned mappingproxy_reversed(ThreadState& ts, CallArgs args) {
    return forward_no_args(ts, args, "__reversed__");
}

constexpr NumberSlots make_mappingproxy_number() {
    NumberSlots n;
    n.binary[static_cast<int>(BinaryOp::Or)] = mappingproxy_or;
    n.inplace[static_cast<int>(BinaryOp::Or)] = mappingproxy_ior;
    return n;
}

constinit const NumberSlots kMappingProxyNumber = make_mappingproxy_number();

const MethodDef kMappingProxyMethods[] = {
    {"get", mappingproxy_get},
    {"keys", mappingproxy_keys},
    {"values", mappingproxy_values},
    {"items", mappingproxy_items},
    {"copy", mappingproxy_copy},
    {"__reversed__", mappingproxy_reversed},
    {nullptr, nullptr},
};

}  // namespace

Owned new_mapping_proxy(Value mapping) {
    return make_object<MappingProxyObject>(&kMappingProxyType, Owned::borrow(mapping));
}

constinit TypeObject kMappingProxyType("mappingproxy", &kObjectType, 0,
                                       {
                                           .dealloc = mappingproxy_dealloc,
                                           .repr = mappingproxy_repr,
                                           .str = mappingproxy_str,
                                           .compare = mappingproxy_compare,
                                           .length = mappingproxy_length,
                                           .iter = mappingproxy_iter,
                                           .getitem = mappingproxy_getitem,
                                           .contains = mappingproxy_contains,
                                           .new_ = mappingproxy_new,
                                           .number = &kMappingProxyNumber,
                                           .methods = kMappingProxyMethods,
                                       });

}  // namespace gilpy::runtime
