// __build_class__(func, name, *bases, metaclass=None, **kwds): what a class statement calls.
// It picks the metaclass, prepares the namespace, runs the class body in it, then calls the
// metaclass to make the class (CPython's builtin___build_class__).
#include "runtime/abstract.hpp"
#include "runtime/exceptions.hpp"
#include "runtime/interpreter_state.hpp"
#include "runtime/thread_state.hpp"
#include "runtime/types/dict.hpp"
#include "runtime/types/function.hpp"
#include "runtime/types/heap_type.hpp"
#include "runtime/types/tuple.hpp"

namespace gilpy::runtime {

Owned build_class(ThreadState& ts, CallArgs args) {
    if (args.nargs < 2) {
        return raise(ts, &kTypeErrorType, "__build_class__: not enough arguments");
    }
    Value func = args[0];
    if (type_of(func) != &kFunctionType) {
        return raise(ts, &kTypeErrorType, "__build_class__: func must be a function");
    }
    if (!is_str(args[1])) {
        return raise(ts, &kTypeErrorType, "__build_class__: name is not a string");
    }
    Ref<TupleObject> bases = new_tuple_from(args.args + 2, static_cast<int64_t>(args.nargs - 2));

    // Class keywords: metaclass is ours; the rest go to the metaclass and __init_subclass__.
    Value meta;
    std::vector<Value> kw_values;
    std::vector<Value> kw_names;
    for (size_t i = 0; i < args.keyword_count(); ++i) {
        Value key = args.kwnames->items[i];
        if (key.as<StrObject>()->view() == "metaclass") {
            meta = args.keyword_value(i);
        } else {
            kw_names.push_back(key);
            kw_values.push_back(args.keyword_value(i));
        }
    }
    bool explicit_meta = !meta.is_null();
    if (!explicit_meta) {
        meta = bases->length ? Value::from_object(type_of(bases->items[0]))
                             : Value::from_object(&kTypeType);
    }
    // The most derived metatype of the bases wins over a less derived one (CPython computes
    // it here so __prepare__ comes from the right class).
    if (is_instance(meta, &kTypeType)) {
        auto* winner = meta.as<TypeObject>();
        for (int64_t i = 0; i < bases->length; ++i) {
            TypeObject* t = type_of(bases->items[i]);
            if (is_subtype(t, winner)) winner = t;
        }
        meta = Value::from_object(winner);
    }

    Ref<DictObject> ns = new_dict();
    Owned prepared;
    if (meta.as_object() != &kTypeType) {
        Owned prepare = get_attr_opt(ts, meta, ts.interp.intern("__prepare__"));
        if (!prepare && ts.has_exception()) return nullptr;
        if (prepare) {
            std::vector<Value> pargs{args[1], Value::from_object(bases.get())};
            pargs.insert(pargs.end(), kw_values.begin(), kw_values.end());
            Ref<TupleObject> names;
            if (!kw_names.empty()) names = new_tuple_from(kw_names.data(), std::ssize(kw_names));
            prepared = call(ts, prepare.get(), CallArgs{pargs.data(), 2, names.get()});
            if (!prepared) return nullptr;
            if (!is_dict(prepared.get())) {
                return raisef(ts, &kTypeErrorType,
                              "{}.__prepare__() must return a mapping, not {}",
                              is_instance(meta, &kTypeType) ? meta.as<TypeObject>()->name
                                                            : "<metaclass>",
                              type_name(prepared.get()));
            }
            ns = Ref<DictObject>::borrow(prepared.get().as<DictObject>());
        }
    }

    Owned cell = ts.interp.hooks.run_class_body(ts, func, ns.get());
    if (!cell) return nullptr;

    std::vector<Value> margs{args[1], Value::from_object(bases.get()), Value::from_object(ns.get())};
    margs.insert(margs.end(), kw_values.begin(), kw_values.end());
    Ref<TupleObject> names;
    if (!kw_names.empty()) names = new_tuple_from(kw_names.data(), std::ssize(kw_names));
    Owned cls = call(ts, meta, CallArgs{margs.data(), 3, names.get()});
    if (!cls) return nullptr;
    if (type_of(cell.get()) == &kCellType && is_instance(cls.get(), &kTypeType)) {
        Value in_cell = cell.get().as<CellObject>()->value.get();
        if (!in_cell.is(cls.get())) {
            if (in_cell.is_null()) {
                return raisef(ts, &kRuntimeErrorType,
                              "__class__ not set defining '{}' as {}. Was __classcell__ "
                              "propagated to type.__new__?",
                              args[1].as<StrObject>()->view(), cls.get().as<TypeObject>()->name);
            }
            return raisef(ts, &kTypeErrorType, "__class__ set to {} defining '{}' as {}",
                          type_name(in_cell), args[1].as<StrObject>()->view(),
                          cls.get().as<TypeObject>()->name);
        }
    }
    return cls;
}

}  // namespace gilpy::runtime
