// The _functools module: reduce (a tight loop of calls) and _lru_cache_wrapper (the callable
// lru_cache and cache return: a dict of results keyed by the arguments, with hit and miss
// counts and least-recently-used eviction); functools.py (stdlib/lib) builds the rest on them.
#include "runtime/abstract.hpp"
#include "runtime/args.hpp"
#include "runtime/exceptions.hpp"
#include "runtime/interpreter_state.hpp"
#include "runtime/types/dict.hpp"
#include "runtime/types/function.hpp"
#include "runtime/types/module.hpp"
#include "runtime/types/str.hpp"
#include "runtime/types/tuple.hpp"
#include "stdlib/registry.hpp"

namespace gilpy::stdlib {

using namespace runtime;

namespace {

// reduce(function, iterable[, initial]): folds the iterable from the left.
Owned functools_reduce(ThreadState& ts, CallArgs args) {
    if (!check_no_keywords(ts, args, "reduce()")) return nullptr;
    if (!check_positional(ts, args, "reduce", 2, 3)) return nullptr;
    Value fn = args[0];
    Owned it = get_iter(ts, args[1]);
    if (!it) {
        if (exception_matches(ts, &kTypeErrorType)) {
            clear_exception(ts);
            raise(ts, &kTypeErrorType, "reduce() arg 2 must support iteration");
        }
        return nullptr;
    }
    Owned acc = args.nargs > 2 ? Owned::borrow(args[2]) : Owned();
    while (true) {
        Owned x = iter_next(ts, it.get());
        if (!x) {
            if (ts.exc) return nullptr;
            break;
        }
        if (!acc) {
            acc = std::move(x);
            continue;
        }
        Value pair[2] = {acc.get(), x.get()};
        Owned r = call(ts, fn, CallArgs{pair, 2, nullptr});
        if (!r) return nullptr;
        acc = std::move(r);
    }
    if (!acc) {
        return raise(ts, &kTypeErrorType, "reduce() of empty iterable with no initial value");
    }
    return acc;
}

// ------------------------------------------------------------------ _lru_cache_wrapper

// Dicts keep insertion order, so the cache dict doubles as the recency list: a hit moves its
// key to the end, and a full cache evicts its first key.
struct LruCacheObject : Object {
    Owned func;
    Owned cache_info_type;  // CacheInfo(hits, misses, maxsize, currsize)
    Ref<DictObject> cache = new_dict();
    int64_t maxsize = -1;  // -1: unbounded
    bool typed = false;
    int64_t hits = 0;
    int64_t misses = 0;
    Ref<DictObject> dict;  // __dict__: update_wrapper's __name__, __doc__, __wrapped__ ...
    LruCacheObject(TypeObject* t) : Object(t) {}
};

extern TypeObject kLruCacheType;

LruCacheObject* as_lru(Value v) {
    return v.as<LruCacheObject>();
}

void lru_dealloc(Object* self) {
    delete static_cast<LruCacheObject*>(self);
}

Ref<DictObject>* lru_instance_dict(Object* self) {
    return &static_cast<LruCacheObject*>(self)->dict;
}

// _lru_cache_wrapper(user_function, maxsize, typed, cache_info_type); maxsize is None or an int
// (negative counts as 0).
Owned lru_new(ThreadState& ts, TypeObject* type, CallArgs args) {
    if (!check_no_keywords(ts, args, "_lru_cache_wrapper()")) return nullptr;
    if (!check_positional(ts, args, "_lru_cache_wrapper", 4, 4)) return nullptr;
    if (!is_callable(args[0]))
        return raise(ts, &kTypeErrorType, "the first argument must be callable");
    int64_t maxsize = -1;
    if (!args[1].is_none()) {
        if (!index_int64(ts, args[1], &maxsize)) return nullptr;
        if (maxsize < 0) maxsize = 0;
    }
    int typed = truth(ts, args[2]);
    if (typed < 0) return nullptr;
    auto* w = new LruCacheObject(type);
    Owned r = Owned::steal(Value::from_object(w));
    w->func = Owned::borrow(args[0]);
    w->maxsize = maxsize;
    w->typed = typed != 0;
    w->cache_info_type = Owned::borrow(args[3]);
    return r;
}

// The cache key of a call, as CPython's _make_key: a lone int or str argument is its own key;
// otherwise a tuple of the positionals, then (with keywords) a marker and the name/value pairs,
// then (typed) the argument types.
Owned make_key(LruCacheObject* w, CallArgs args) {
    size_t nkw = args.keyword_count();
    if (nkw == 0 && !w->typed) {
        if (args.nargs == 1) {
            TypeObject* t = type_of(args[0]);
            if (t == &kIntType || t == &kStrType) return Owned::borrow(args[0]);
        }
        Ref<TupleObject> key = new_tuple(static_cast<int64_t>(args.nargs));
        for (size_t i = 0; i < args.nargs; ++i) {
            incref(args[i]);
            key->items[i] = args[i];
        }
        return key;
    }
    size_t n = args.nargs + (nkw ? 1 + 2 * nkw : 0) + (w->typed ? args.nargs + nkw : 0);
    Ref<TupleObject> key = new_tuple(static_cast<int64_t>(n));
    size_t k = 0;
    auto put = [&](Value v) {
        incref(v);
        key->items[k++] = v;
    };
    for (size_t i = 0; i < args.nargs; ++i)
        put(args[i]);
    if (nkw) {
        // The wrapper itself marks where the keywords start: no argument can equal it by accident.
        put(Value::from_object(w));
        for (size_t i = 0; i < nkw; ++i) {
            put(args.kwnames->items[i]);
            put(args.keyword_value(i));
        }
    }
    if (w->typed) {
        for (size_t i = 0; i < args.nargs; ++i)
            put(Value::from_object(type_of(args[i])));
        for (size_t i = 0; i < nkw; ++i)
            put(Value::from_object(type_of(args.keyword_value(i))));
    }
    return key;
}

Owned lru_call(ThreadState& ts, Value self, CallArgs args) {
    LruCacheObject* w = as_lru(self);
    if (w->maxsize == 0) {
        ++w->misses;
        return call(ts, w->func.get(), args);
    }
    Owned key = make_key(w, args);
    if (!key) return nullptr;
    Value found;
    int r = dict_lookup(ts, w->cache.get(), key.get(), &found);
    if (r < 0) return nullptr;
    if (r) {
        ++w->hits;
        Owned result = Owned::borrow(found);
        if (w->maxsize > 0) {
            // Most recently used: to the end.
            if (dict_delete(ts, w->cache.get(), key.get()) < 0) return nullptr;
            if (!dict_set(ts, w->cache.get(), key.get(), result.get())) return nullptr;
        }
        return result;
    }
    ++w->misses;
    Owned result = call(ts, w->func.get(), args);
    if (!result) return nullptr;
    if (w->maxsize > 0) {
        // The call itself may have cached this key (recursion): keep that entry.
        r = dict_lookup(ts, w->cache.get(), key.get(), &found);
        if (r < 0) return nullptr;
        if (r) return result;
        DictObject* c = w->cache.get();
        if (c->length >= w->maxsize) {
            for (int64_t i = 0; i < c->entries_used; ++i) {
                if (c->entries[i].key.is_null()) continue;
                Owned oldest = Owned::borrow(c->entries[i].key);
                if (dict_delete(ts, c, oldest.get()) < 0) return nullptr;
                break;
            }
        }
    }
    if (!dict_set(ts, w->cache.get(), key.get(), result.get())) return nullptr;
    return result;
}

// As a method, the wrapper binds like a function.
Owned lru_descr_get(ThreadState&, Value descr, Value obj, TypeObject*) {
    if (obj.is_null() || obj.is_none()) return Owned::borrow(descr);
    return Owned::steal(
        Value::from_object(new MethodObject(Owned::borrow(descr), Owned::borrow(obj))));
}

Owned lru_cache_info(ThreadState& ts, CallArgs args) {
    if (!check_positional(ts, drop_self(args), "cache_info", 0, 0)) return nullptr;
    LruCacheObject* w = as_lru(args[0]);
    Value maxsize = w->maxsize < 0 ? Value::none() : Value::from_int(w->maxsize);
    return call_values(ts, w->cache_info_type.get(),
                       {Value::from_int(w->hits), Value::from_int(w->misses), maxsize,
                        Value::from_int(w->cache->length)});
}

Owned lru_cache_clear(ThreadState& ts, CallArgs args) {
    if (!check_positional(ts, drop_self(args), "cache_clear", 0, 0)) return nullptr;
    LruCacheObject* w = as_lru(args[0]);
    w->hits = w->misses = 0;
    // A fresh dict: the old one's values are released after the wrapper no longer refers to it.
    Ref<DictObject> old = std::move(w->cache);
    w->cache = new_dict();
    return Owned::none();
}

Owned lru_get_dict(ThreadState&, Value self) {
    Ref<DictObject>& d = as_lru(self)->dict;
    if (!d) d = new_dict();
    return Owned::borrow(Value::from_object(d.get()));
}

const MethodDef kLruCacheMethods[] = {
    {"cache_info", lru_cache_info},
    {"cache_clear", lru_cache_clear},
    {nullptr, nullptr},
};

const GetSetDef kLruCacheGetSet[] = {
    {"__dict__", lru_get_dict},
    {nullptr, nullptr},
};

constinit TypeObject kLruCacheType("functools._lru_cache_wrapper", &kObjectType,
                                   kTypeHasInstanceDict,
                                   {
                                       .dealloc = lru_dealloc,
                                       .call = lru_call,
                                       .descr_get = lru_descr_get,
                                       .new_ = lru_new,
                                       .methods = kLruCacheMethods,
                                       .getset = kLruCacheGetSet,
                                       .instance_dict = lru_instance_dict,
                                   });

const MethodDef kFunctoolsFunctions[] = {
    {"reduce", functools_reduce},
    {nullptr, nullptr},
};

}  // namespace

Ref<ModuleObject> init_functools_module(ThreadState& ts) {
    ready_static_type(&kLruCacheType, nullptr);
    Ref<ModuleObject> m = new_module(ts, "_functools");
    if (!m) return nullptr;
    module_add_functions(ts, m.get(), kFunctoolsFunctions);
    module_set(ts, m.get(), "_lru_cache_wrapper", Value::from_object(&kLruCacheType));
    return m;
}

}  // namespace gilpy::stdlib
