// The C3 method resolution order (runtime/mro.hpp): classes made with type_new (what a class
// statement runs) get CPython's __mro__, each class before its bases, bases in the order listed,
// object last; orders that cannot be made consistent, and repeated bases, raise CPython's
// TypeError text. compute_mro is also called directly, on tuples of bases built by hand.
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "runtime/abstract.hpp"
#include "runtime/exceptions.hpp"
#include "runtime/interpreter_state.hpp"
#include "runtime/mro.hpp"
#include "runtime/thread_state.hpp"
#include "runtime/types/dict.hpp"
#include "runtime/types/heap_type.hpp"
#include "runtime/types/list.hpp"
#include "runtime/types/str.hpp"
#include "runtime/types/tuple.hpp"

using namespace gilpy::runtime;

namespace {

struct MroFixture {
    InterpreterState interp;
    ThreadState& ts = interp.main_thread();
    std::vector<Owned> keep;  // the classes, alive until the interpreter ends

    // class <name>(<bases>): pass — null (with the exception pending) if type_new raised.
    TypeObject* try_make(const char* name, std::initializer_list<TypeObject*> bases) {
        Ref<TupleObject> tuple = new_tuple(static_cast<int64_t>(bases.size()));
        int64_t i = 0;
        for (TypeObject* b : bases) {
            incref(b);
            tuple->items[i++] = Value::from_object(b);
        }
        Ref<StrObject> n = new_str(name);
        Ref<DictObject> ns = new_dict();
        dict_set_str(ns.get(), interp.intern("__module__"), Value::from_object(n.get()));
        Owned cls = type_new(ts, &kTypeType, n.get(), tuple.get(), ns.get(), nullptr);
        if (!cls) return nullptr;
        TypeObject* t = cls.get().as<TypeObject>();
        keep.push_back(std::move(cls));
        return t;
    }

    TypeObject* make(const char* name, std::initializer_list<TypeObject*> bases = {}) {
        TypeObject* t = try_make(name, bases);
        if (!t) FAIL("type_new raised: " << pending_message());
        return t;
    }

    // "TypeName: message" of the pending exception, which is cleared.
    std::string pending_message() {
        REQUIRE(ts.exc);
        Owned exc = fetch_exception(ts);
        std::string out = type_name(exc.get());
        Owned text = str(ts, exc.get());
        REQUIRE(text);
        out += ": ";
        out += text.get().as<StrObject>()->view();
        return out;
    }

    static std::vector<std::string> names(const TupleObject* mro) {
        std::vector<std::string> out;
        for (int64_t i = 0; i < mro->length; ++i)
            out.emplace_back(mro->items[i].as<TypeObject>()->name);
        return out;
    }

    static std::vector<std::string> mro_of(const TypeObject* t) { return names(t->mro); }
};

using Names = std::vector<std::string>;

}  // namespace

TEST_CASE_METHOD(MroFixture, "mro: a class without bases derives from object", "[mro]") {
    TypeObject* a = make("A");
    CHECK(mro_of(a) == Names{"A", "object"});
    CHECK(a->mro->items[1].as<TypeObject>() == &kObjectType);
}

TEST_CASE_METHOD(MroFixture, "mro: single inheritance is the chain of bases, object last",
                 "[mro]") {
    TypeObject* a = make("A");
    TypeObject* b = make("B", {a});
    TypeObject* c = make("C", {b});
    TypeObject* d = make("D", {c});
    CHECK(mro_of(d) == Names{"D", "C", "B", "A", "object"});
    CHECK(mro_of(b) == Names{"B", "A", "object"});
    // Every class's MRO starts with itself.
    CHECK(d->mro->items[0].as<TypeObject>() == d);
}

TEST_CASE_METHOD(MroFixture, "mro: builtin bases bring their own chains", "[mro]") {
    TypeObject* e = make("AppError", {&kValueErrorType});
    CHECK(mro_of(e) == Names{"AppError", "ValueError", "Exception", "BaseException", "object"});
    TypeObject* mixin = make("Mixin");
    TypeObject* l = make("MyList", {mixin, &kListType});
    CHECK(mro_of(l) == Names{"MyList", "Mixin", "list", "object"});
}

TEST_CASE_METHOD(MroFixture, "mro: the diamond visits the shared base once, after both sides",
                 "[mro]") {
    TypeObject* a = make("A");
    TypeObject* b = make("B", {a});
    TypeObject* c = make("C", {a});
    CHECK(mro_of(make("D", {b, c})) == Names{"D", "B", "C", "A", "object"});
    // The order of the bases decides which side comes first.
    CHECK(mro_of(make("E", {c, b})) == Names{"E", "C", "B", "A", "object"});
    // A base listed next to its own subclass is fine when it comes after it.
    CHECK(mro_of(make("F", {b, a})) == Names{"F", "B", "A", "object"});
}

TEST_CASE_METHOD(MroFixture, "mro: the C3 paper's example (what CPython computes)", "[mro]") {
    TypeObject* a = make("A");
    TypeObject* b = make("B");
    TypeObject* c = make("C");
    TypeObject* d = make("D");
    TypeObject* e = make("E");
    TypeObject* k1 = make("K1", {a, b, c});
    TypeObject* k2 = make("K2", {d, b, e});
    TypeObject* k3 = make("K3", {d, a});
    TypeObject* z = make("Z", {k1, k2, k3});
    CHECK(mro_of(k1) == Names{"K1", "A", "B", "C", "object"});
    CHECK(mro_of(k3) == Names{"K3", "D", "A", "object"});
    CHECK(mro_of(z) == Names{"Z", "K1", "K2", "K3", "D", "A", "B", "C", "E", "object"});
}

TEST_CASE_METHOD(MroFixture, "mro: an inconsistent order raises CPython's TypeError", "[mro]") {
    TypeObject* x = make("X");
    TypeObject* y = make("Y");
    TypeObject* a = make("A", {x, y});
    TypeObject* b = make("B", {y, x});
    CHECK(try_make("Z", {a, b}) == nullptr);
    CHECK(pending_message() ==
          "TypeError: Cannot create a consistent method resolution\n"
          "order (MRO) for bases X, Y");
    // object before one of its subclasses cannot work either.
    CHECK(try_make("W", {&kObjectType, a}) == nullptr);
    CHECK(pending_message() ==
          "TypeError: Cannot create a consistent method resolution\n"
          "order (MRO) for bases object, A");
    // A base before its own subclass.
    TypeObject* c = make("C", {x});
    CHECK(try_make("V", {x, c}) == nullptr);
    CHECK(pending_message() ==
          "TypeError: Cannot create a consistent method resolution\n"
          "order (MRO) for bases X, C");
    // The failed classes left nothing behind: a consistent class still works afterwards.
    CHECK(mro_of(make("OK", {a})) == Names{"OK", "A", "X", "Y", "object"});
}

TEST_CASE_METHOD(MroFixture, "mro: a repeated base is an error of its own", "[mro]") {
    TypeObject* a = make("A");
    CHECK(try_make("B", {a, a}) == nullptr);
    CHECK(pending_message() == "TypeError: duplicate base class A");
}

TEST_CASE_METHOD(MroFixture, "mro: compute_mro on a hand-built tuple of bases", "[mro]") {
    TypeObject* a = make("A");
    TypeObject* b = make("B", {a});
    TypeObject* c = make("C", {a});
    TypeObject* probe = make("Probe");
    Ref<TupleObject> bases = new_tuple_of({Value::from_object(b), Value::from_object(c)});
    Ref<TupleObject> mro = compute_mro(ts, probe, bases.get());
    REQUIRE(mro);
    CHECK(names(mro.get()) == Names{"Probe", "B", "C", "A", "object"});
    // The bases' own MROs are untouched.
    CHECK(mro_of(b) == Names{"B", "A", "object"});
    // No bases at all: just the class itself.
    Ref<TupleObject> none = new_tuple(0);
    Ref<TupleObject> alone = compute_mro(ts, probe, none.get());
    REQUIRE(alone);
    CHECK(names(alone.get()) == Names{"Probe"});
    Ref<TupleObject> dup = new_tuple_of({Value::from_object(b), Value::from_object(b)});
    CHECK_FALSE(compute_mro(ts, probe, dup.get()));
    CHECK(pending_message() == "TypeError: duplicate base class B");
}
