// CodeObject: the compiled form of one function, class body, module or comprehension:
// instructions (opcodes.def), their source locations, constants, names and the frame layout.
// Immutable once built; shared by every function object made from it.
#pragma once

#include <cstdint>
#include <memory>
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
    // Only positional parameters, no cells or free variables, not a generator: a call with
    // exactly argcount positional arguments just copies them into a fresh frame.
    kCodeSimpleCall = 1u << 4,
};

// LOAD_GLOBAL's inline cache, one per name: the value found for the name while the globals
// dict had version [globals_version] and (when it came from the builtins; 0 otherwise) the
// builtins dict had [builtins_version]. Dict versions are unique across dicts and change on
// every insertion, deletion and value replacement, so equal versions mean the lookup would
// find the same value, still owned (borrowed here) by its dict.
struct GlobalCacheEntry {
    uint64_t globals_version = 0;
    uint64_t builtins_version = 0;
    Value value;
};

// The inline cache of one LOAD_ATTR, STORE_ATTR or LOAD_METHOD instruction, for instances of
// up to kWays classes (interpreter/attr_cache.hpp): [tags] are the classes' version tags when
// the ways were filled (0: unused); [methods] (LOAD_METHOD) the function each class has for
// the name, borrowed from its MRO's dicts; [index] the entry of the name in the instance dict
// the last time (shared by the ways: subclasses usually lay out their instances alike).
struct AttrCacheEntry {
    static constexpr int kWays = 4;
    uint64_t tags[kWays] = {};
    Value methods[kWays];
    int64_t index = 0;
    uint32_t next_way = 0;  // the way a new class replaces (round robin)
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
    // Set by finish_layout(): frame_slots() and the locals/cells/free part of it.
    int nslots = 0, nfixed = 0;
    int firstlineno = 1;
    Ref<StrObject> name, qualname, filename;
    // Run-time caches beside the bytecode (the rest of the code object never changes).
    std::unique_ptr<GlobalCacheEntry[]> global_cache;  // per entry of names
    std::unique_ptr<AttrCacheEntry[]> attr_cache;      // per attribute instruction
    std::unique_ptr<uint32_t[]> attr_cache_slot;       // per pc: its attr_cache entry

    CodeObject() : Object(&kCodeType) {}
    ~CodeObject();

    int nlocals() const { return static_cast<int>(varnames.size()); }
    int ncells() const { return static_cast<int>(cellvars.size()); }
    int nfree() const { return static_cast<int>(freevars.size()); }
    // Slots of a frame: locals, cells, free variables, then the value stack.
    int frame_slots() const { return nlocals() + ncells() + nfree() + stacksize; }
    // Caches the frame sizes, sets kCodeSimpleCall and allocates the inline caches; called
    // once the code object is built.
    void finish() {
        init_caches();
        nfixed = nlocals() + ncells() + nfree();
        nslots = nfixed + stacksize;
        if (total_args() == argcount && ncells() == 0 && nfree() == 0 &&
            !(flags & kCodeGenerator)) {
            flags |= kCodeSimpleCall;
        }
    }
    void init_caches();
    int total_args() const {
        return argcount + kwonlyargcount + ((flags & kCodeVarargs) ? 1 : 0) +
               ((flags & kCodeVarkeywords) ? 1 : 0);
    }
};

}  // namespace gilpy::interpreter
