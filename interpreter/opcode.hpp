// The bytecode instruction set, expanded from interpreter/opcodes.def: the Op enum, names,
// operand formats and stack effects, and the 32-bit instruction encoding.
#pragma once

#include <cstdint>

namespace gilpy::interpreter {

enum class Op : uint8_t {
#define GILPY_OP(name, format, effect) name,
#include "interpreter/opcodes.def"
#undef GILPY_OP
};

enum class OperandFormat : uint8_t { NONE, U, CONST, NAME, LOCAL, CELL, JUMP, BINOP, CMP };

inline constexpr int kOpCount = 0
#define GILPY_OP(name, format, effect) +1
#include "interpreter/opcodes.def"
#undef GILPY_OP
    ;

// An instruction: the opcode in the low 8 bits, a 24-bit operand above.
using Instr = uint32_t;
inline constexpr uint32_t kMaxOperand = (1u << 24) - 1;
inline Instr make_instr(Op op, uint32_t arg) {
    return static_cast<uint32_t>(op) | (arg << 8);
}
inline Op instr_op(Instr i) {
    return static_cast<Op>(i & 0xff);
}
inline uint32_t instr_arg(Instr i) {
    return i >> 8;
}

const char* op_name(Op op);
OperandFormat op_format(Op op);
bool op_is_jump(Op op);
// Net stack effect of [op] with operand [arg]; for jumps, [jump] selects the taken branch.
int stack_effect(Op op, uint32_t arg, bool jump);

}  // namespace gilpy::interpreter
