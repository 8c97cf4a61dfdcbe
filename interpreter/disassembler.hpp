// A listing of bytecode in the layout of `python3 -m dis`: line numbers, offsets, opcode names
// and resolved operands, then each nested code object.
#pragma once

#include <string>

#include "interpreter/code_object.hpp"

namespace gilpy::interpreter {

std::string disassemble(const CodeObject* co);

}  // namespace gilpy::interpreter
