// Struct sequences (see struct_sequence.hpp).
#include "runtime/types/struct_sequence.hpp"

#include <array>
#include <string>
#include <utility>

#include "runtime/abstract.hpp"
#include "runtime/args.hpp"
#include "runtime/exceptions.hpp"
#include "runtime/types/dict.hpp"
#include "runtime/types/list.hpp"
#include "runtime/types/str.hpp"

namespace gilpy::runtime {

namespace {

// A static type with the spec it was made from, so the shared slots can find the field names.
struct StructSequenceType : TypeObject {
    const StructSequenceSpec* spec;
    StructSequenceType(const StructSequenceSpec& s, const TypeSlots& slots)
        : TypeObject(s.name, &kTupleType, kTypeTupleSubclass, slots), spec(&s) {}
};

const StructSequenceSpec& spec_of(Value self) {
    return *static_cast<const StructSequenceType*>(type_of(self))->spec;
}

void struct_sequence_dealloc(Object* self) {
    // The by-name-only fields live past the tuple's length; the tuple releases the rest.
    auto* t = static_cast<TupleObject*>(self);
    const StructSequenceSpec& spec = spec_of(Value::from_object(self));
    for (int i = spec.n_in_sequence; i < spec.n_fields; ++i)
        decref(t->items[i]);
    kTupleType.dealloc(self);
}

Owned struct_sequence_repr(ThreadState& ts, Value self) {
    const StructSequenceSpec& spec = spec_of(self);
    auto* t = self.as<TupleObject>();
    std::string out = spec.name;
    out += '(';
    for (int i = 0; i < spec.n_in_sequence; ++i) {
        if (i) out += ", ";
        out += spec.fields[i];
        out += '=';
        Owned r = repr(ts, t->items[i]);
        if (!r) return nullptr;
        out += r.get().as<StrObject>()->view();
    }
    out += ')';
    return new_str(out);
}

// struct_time(sequence): the visible fields in order, then optionally the by-name ones (None
// when absent), with CPython's length messages.
Owned struct_sequence_new(ThreadState& ts, TypeObject* type, CallArgs args) {
    static const char* const kNames[] = {"sequence", "dict"};
    Value argv[2];
    std::string fn = std::string(type->name) + "()";
    if (!parse_args(ts, args, fn.c_str(), kNames, 1, argv)) return nullptr;
    const StructSequenceSpec& spec = *static_cast<const StructSequenceType*>(type)->spec;
    if (!get_iter(ts, argv[0])) {
        clear_exception(ts);
        return raise(ts, &kTypeErrorType, "constructor requires a sequence");
    }
    Ref<ListObject> items = list_from_iterable(ts, argv[0]);
    if (!items) return nullptr;
    const int64_t n = items->length;
    if (n < spec.n_in_sequence || n > spec.n_fields) {
        if (spec.n_in_sequence == spec.n_fields) {
            return raisef(ts, &kTypeErrorType, "{} takes a {}-sequence ({}-sequence given)", fn,
                          spec.n_fields, n);
        }
        if (n < spec.n_in_sequence) {
            return raisef(ts, &kTypeErrorType,
                          "{} takes an at least {}-sequence ({}-sequence given)", fn,
                          spec.n_in_sequence, n);
        }
        return raisef(ts, &kTypeErrorType, "{} takes an at most {}-sequence ({}-sequence given)",
                      fn, spec.n_fields, n);
    }
    Ref<TupleObject> t = new_struct_sequence(type);
    for (int i = 0; i < spec.n_fields; ++i) {
        Value v = i < n ? items->items[i] : Value::none();
        incref(v);
        t->items[i] = v;
    }
    return t;
}

// One getter per field index: GetSetDef has no room for a closure, so the index is a template
// argument and the table below maps index -> getter.
template <int I>
Owned field_get(ThreadState&, Value self) {
    return Owned::borrow(self.as<TupleObject>()->items[I]);
}

template <int... I>
constexpr auto make_getters(std::integer_sequence<int, I...>) {
    return std::array<Owned (*)(ThreadState&, Value), sizeof...(I)>{{&field_get<I>...}};
}
constexpr auto kFieldGetters =
    make_getters(std::make_integer_sequence<int, kMaxStructSequenceFields>{});

// Fields are read-only members in CPython, whose message differs from a getset's.
int field_set(ThreadState& ts, Value, Value) {
    raise(ts, &kAttributeErrorType, "readonly attribute");
    return -1;
}

Value immortal_value(Owned v) {
    Value out = v.release();
    if (out.is_object()) make_immortal(out.as_object());
    return out;
}

}  // namespace

TypeObject* new_struct_sequence_type(const StructSequenceSpec& spec) {
    auto* getset = new GetSetDef[spec.n_fields + 1];
    for (int i = 0; i < spec.n_fields; ++i)
        getset[i] = GetSetDef{spec.fields[i], kFieldGetters[i], field_set};
    getset[spec.n_fields] = GetSetDef{nullptr, nullptr};
    auto* t = new StructSequenceType(spec, TypeSlots{
                                               .dealloc = struct_sequence_dealloc,
                                               .repr = struct_sequence_repr,
                                               .new_ = struct_sequence_new,
                                               .getset = getset,
                                           });
    ready_static_type(t, nullptr);
    auto set = [&](const char* name, int64_t value) {
        Value key = immortal_value(new_str(name));
        dict_set_str(t->dict, key.as<StrObject>(), Value::from_int(value));
    };
    set("n_fields", spec.n_fields);
    set("n_sequence_fields", spec.n_in_sequence);
    set("n_unnamed_fields", 0);
    return t;
}

Ref<TupleObject> new_struct_sequence(TypeObject* type) {
    const StructSequenceSpec& spec = *static_cast<const StructSequenceType*>(type)->spec;
    Ref<TupleObject> t = new_tuple(spec.n_fields);
    t->type = type;
    t->length = spec.n_in_sequence;
    return t;
}

}  // namespace gilpy::runtime
