// CodeObject: the compiled form of one function, class body, module or comprehension:
// instructions (opcodes.def), their source locations, constants, names and the frame layout.
// Immutable once built; shared by every function object made from it.
#pragma once

#include <cstdint>
#include <vector>

#include "interpreter/opcode.hpp"
#include "runtime/type_object.hpp"
#include "runtime/types/str.hpp"

namespace gilpy::interpreter {

using runtime::Object;
using runtime::Ref;
using runtime::StrObject;
using runtime::Value;

extern runtime::TypeObject kCodeType;

// The source range an instruction came from (1-based lines, 0-based UTF-8 columns; -1 unknown).
struct Location {
    int line = -1, col = -1, end_line = -1, end_col = -1;
};

enum CodeFlags : uint32_t {
    kCodeVarargs = 1u << 0,
    kCodeVarkeywords = 1u << 1,
    kCodeGenerator = 1u << 2,
    kCodeNewLocals = 1u << 3,  // a function: locals are fast slots, not a dict
};

struct CodeObject : Object {
    std::vector<Instr> code;
    std::vector<Location> locations;       // one per instruction
    std::vector<Value> consts;             // each owns one reference
    std::vector<Ref<StrObject>> names;     // interned
    std::vector<Ref<StrObject>> varnames;  // fast locals; parameters first
    std::vector<Ref<StrObject>> cellvars;
    std::vector<Ref<StrObject>> freevars;
    std::vector<int> cell2arg;  // per cellvar: the parameter slot it starts from, or -1
    int argcount = 0, posonlyargcount = 0, kwonlyargcount = 0;
    uint32_t flags = 0;
    int stacksize = 0;
    int firstlineno = 1;
    Ref<StrObject> name, qualname, filename;

    CodeObject() : Object(&kCodeType) {}
    ~CodeObject();

    int nlocals() const { return static_cast<int>(varnames.size()); }
    int ncells() const { return static_cast<int>(cellvars.size()); }
    int nfree() const { return static_cast<int>(freevars.size()); }
    // Slots of a frame: locals, cells, free variables, then the value stack.
    int frame_slots() const { return nlocals() + ncells() + nfree() + stacksize; }
    int total_args() const {
        return argcount + kwonlyargcount + ((flags & kCodeVarargs) ? 1 : 0) +
               ((flags & kCodeVarkeywords) ? 1 : 0);
    }
};

}  // namespace gilpy::interpreter
