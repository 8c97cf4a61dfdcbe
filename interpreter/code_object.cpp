// The code object type.
#include "interpreter/code_object.hpp"

#include <fmt/format.h>

#include "runtime/types/tuple.hpp"

namespace gilpy::interpreter {

using namespace runtime;

CodeObject::~CodeObject() {
    for (Value v : consts)
        decref(v);
}

void CodeObject::init_caches() {
    global_cache = std::make_unique<GlobalCacheEntry[]>(names.size());
    attr_cache_slot = std::make_unique<uint32_t[]>(code.size());
    uint32_t n = 0;
    for (size_t pc = 0; pc < code.size(); ++pc) {
        Op op = instr_op(code[pc]);
        if (op == Op::LOAD_ATTR || op == Op::STORE_ATTR || op == Op::LOAD_METHOD) {
            attr_cache_slot[pc] = n++;
        }
    }
    attr_cache = std::make_unique<AttrCacheEntry[]>(n);
}

namespace {

void code_dealloc(Object* self) {
    delete static_cast<CodeObject*>(self);
}

Owned code_repr(ThreadState&, Value self) {
    auto* co = self.as<CodeObject>();
    return new_str(fmt::format("<code object {} at {}, file \"{}\", line {}>", co->name->view(),
                               static_cast<const void*>(co), co->filename->view(),
                               co->firstlineno));
}

CodeObject* as_code(Value self) {
    return self.as<CodeObject>();
}

Owned code_get_name(ThreadState&, Value self) {
    return Owned(Ref<StrObject>(as_code(self)->name));
}

Owned code_get_qualname(ThreadState&, Value self) {
    return Owned(Ref<StrObject>(as_code(self)->qualname));
}

Owned code_get_filename(ThreadState&, Value self) {
    return Owned(Ref<StrObject>(as_code(self)->filename));
}

Owned code_get_firstlineno(ThreadState&, Value self) {
    return Owned::steal(Value::from_int(as_code(self)->firstlineno));
}

Owned code_get_argcount(ThreadState&, Value self) {
    return Owned::steal(Value::from_int(as_code(self)->argcount));
}

Owned code_get_posonlyargcount(ThreadState&, Value self) {
    return Owned::steal(Value::from_int(as_code(self)->posonlyargcount));
}

Owned code_get_kwonlyargcount(ThreadState&, Value self) {
    return Owned::steal(Value::from_int(as_code(self)->kwonlyargcount));
}

Owned code_get_varnames(ThreadState&, Value self) {
    const auto& names = as_code(self)->varnames;
    Ref<TupleObject> t = new_tuple(static_cast<int64_t>(names.size()));
    for (size_t i = 0; i < names.size(); ++i)
        t->items[i] = Owned(Ref<StrObject>(names[i])).release();
    return t;
}

const GetSetDef kCodeGetSet[] = {
    {"co_name", code_get_name},
    {"co_qualname", code_get_qualname},
    {"co_filename", code_get_filename},
    {"co_firstlineno", code_get_firstlineno},
    {"co_argcount", code_get_argcount},
    {"co_posonlyargcount", code_get_posonlyargcount},
    {"co_kwonlyargcount", code_get_kwonlyargcount},
    {"co_varnames", code_get_varnames},
    {nullptr, nullptr},
};

}  // namespace

constinit TypeObject kCodeType("code", &kObjectType, 0,
                               {
                                   .dealloc = code_dealloc,
                                   .repr = code_repr,
                                   .getset = kCodeGetSet,
                               });

}  // namespace gilpy::interpreter
