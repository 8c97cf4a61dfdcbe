// Frame: the state of one running (or suspended, for generators) code object. Its slots are
// laid out as [fast locals | cells | free variables | value stack], in one array that lives on
// the C++ stack of the eval call for ordinary calls and on the heap for generators.
#pragma once

#include <cstdint>

#include "interpreter/code_object.hpp"
#include "runtime/types/dict.hpp"
#include "runtime/types/function.hpp"

namespace gilpy::interpreter {

// A try block: where to jump when an exception is raised inside it, and the stack depth to
// unwind to first.
struct Block {
    uint32_t handler;
    uint32_t level;
};

// Static nesting of try/with/except blocks is bounded like CPython's CO_MAXBLOCKS (the
// compiler reports "too many statically nested blocks" beyond it).
inline constexpr int kMaxBlocks = 40;

struct Frame {
    CodeObject* co = nullptr;
    runtime::FunctionObject* func = nullptr;  // null for module and class bodies
    runtime::DictObject* globals = nullptr;
    runtime::DictObject* builtins = nullptr;
    runtime::Owned locals;  // module/class namespace (a dict); null for functions
    runtime::Value* slots = nullptr;
    runtime::Value* stack_base = nullptr;
    runtime::Value* sp = nullptr;  // saved stack top (suspended generators)
    uint32_t pc = 0;               // next instruction (saved on yield and on error)
    int nblocks = 0;
    Block blocks[kMaxBlocks];
    Frame* back = nullptr;  // the calling frame
    bool finished = false;  // returned or raised (generators)
};

}  // namespace gilpy::interpreter
