// Tables derived from interpreter/opcodes.def, and the stack effects that depend on operands.
#include "interpreter/opcode.hpp"

namespace gilpy::interpreter {

namespace {

constexpr int VAR = 1000;  // marks operand-dependent effects in opcodes.def

const char* const kNames[] = {
#define GILPY_OP(name, format, effect) #name,
#include "interpreter/opcodes.def"
#undef GILPY_OP
};

const OperandFormat kFormats[] = {
#define GILPY_OP(name, format, effect) OperandFormat::format,
#include "interpreter/opcodes.def"
#undef GILPY_OP
};

const int kEffects[] = {
#define GILPY_OP(name, format, effect) effect,
#include "interpreter/opcodes.def"
#undef GILPY_OP
};

}  // namespace

const char* op_name(Op op) {
    return kNames[static_cast<int>(op)];
}
OperandFormat op_format(Op op) {
    return kFormats[static_cast<int>(op)];
}
bool op_is_jump(Op op) {
    return op_format(op) == OperandFormat::JUMP;
}

int stack_effect(Op op, uint32_t arg, bool jump) {
    const int n = static_cast<int>(arg);
    switch (op) {
        case Op::BUILD_SLICE:
            return 1 - n;
        case Op::BUILD_TUPLE:
        case Op::BUILD_LIST:
        case Op::BUILD_SET:
        case Op::BUILD_STRING:
            return 1 - n;
        case Op::BUILD_MAP:
            return 1 - 2 * n;
        case Op::FORMAT_VALUE:
            return (arg & 4) ? -1 : 0;
        case Op::UNPACK_SEQUENCE:
            return n - 1;
        case Op::UNPACK_EX:
            return static_cast<int>((arg & 0xff) + (arg >> 8));
        case Op::JUMP_IF_FALSE_OR_POP:
        case Op::JUMP_IF_TRUE_OR_POP:
            return jump ? 0 : -1;
        case Op::FOR_ITER:
            return jump ? -1 : 1;
        case Op::SEND:
            return jump ? -1 : 0;
        case Op::SETUP_FINALLY:
            return jump ? 1 : 0;  // the handler starts with the exception
        case Op::CALL:
            return -n;
        case Op::CALL_METHOD:
            return -n - 1;
        case Op::CALL_FUNCTION_EX:
            return -1 - static_cast<int>(arg & 1);
        case Op::MAKE_FUNCTION:
            return -((arg & 1) ? 1 : 0) - ((arg & 2) ? 1 : 0) - ((arg & 4) ? 1 : 0) -
                   ((arg & 8) ? 1 : 0);
        case Op::RAISE_VARARGS:
            return -n;
        case Op::RAISE_ASSERTION:
            return -n;
        default:
            return kEffects[static_cast<int>(op)];
    }
}

}  // namespace gilpy::interpreter
