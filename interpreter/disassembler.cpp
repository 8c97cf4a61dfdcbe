// The disassembler: operands are decoded generically from each opcode's format in opcodes.def,
// so a new opcode needs no change here (STYLE 3.5).
#include "interpreter/disassembler.hpp"

#include <fmt/format.h>

#include "runtime/abstract.hpp"
#include "runtime/interpreter_state.hpp"
#include "runtime/thread_state.hpp"
#include "runtime/types/str.hpp"

namespace gilpy::interpreter {

using namespace runtime;

namespace {

const char* const kBinaryOpNames[] = {"+", "&",  "//", "<<", "@", "*", "%",
                                      "|", "**", ">>", "-",  "/", "^"};
const char* const kCompareNames[] = {"<", "<=", "==", "!=", ">", ">="};

std::string const_repr(Value v) {
    switch (v.tag()) {
        case Tag::None:
            return "None";
        case Tag::Bool:
            return v.as_bool() ? "True" : "False";
        case Tag::Int:
            return std::to_string(v.as_int());
        case Tag::Float:
            return fmt::format("{}", v.as_float());
        case Tag::Object:
            if (is_str(v)) return str_repr(v.as<StrObject>()->view());
            if (v.as_object()->type == &kCodeType) {
                auto* co = v.as<CodeObject>();
                return fmt::format("<code object {} at {}, file \"{}\", line {}>", co->name->view(),
                                   static_cast<const void*>(co), co->filename->view(),
                                   co->firstlineno);
            }
            return std::string("<") + v.as_object()->type->name + ">";
        default:
            return "?";
    }
}

std::string operand_text(const CodeObject* co, Op op, uint32_t arg) {
    switch (op_format(op)) {
        case OperandFormat::CONST:
            return "(" + const_repr(co->consts[arg]) + ")";
        case OperandFormat::NAME:
            return "(" + std::string(co->names[arg]->view()) + ")";
        case OperandFormat::LOCAL:
            return "(" + std::string(co->varnames[arg]->view()) + ")";
        case OperandFormat::CELL: {
            int i = static_cast<int>(arg);
            const auto& n = i < co->ncells() ? co->cellvars[i] : co->freevars[i - co->ncells()];
            return "(" + std::string(n->view()) + ")";
        }
        case OperandFormat::JUMP:
            return fmt::format("(to {})", arg * 2);
        case OperandFormat::BINOP:
            return arg < 13 ? std::string("(") + kBinaryOpNames[arg] + ")"
                            : std::string("(") + kBinaryOpNames[arg - 13] + "=)";
        case OperandFormat::CMP:
            return std::string("(") + kCompareNames[arg] + ")";
        default:
            return "";
    }
}

void disassemble_into(const CodeObject* co, std::string* out) {
    int last_line = -1;
    for (size_t i = 0; i < co->code.size(); ++i) {
        Instr in = co->code[i];
        Op op = instr_op(in);
        uint32_t arg = instr_arg(in);
        int line = co->locations[i].line;
        if (line != last_line && line > 0) {
            if (i > 0) *out += "\n";
            *out += fmt::format("{:>3}", line);
            last_line = line;
        } else {
            *out += "   ";
        }
        std::string text = fmt::format("{:>10} {:<20}", i * 2, op_name(op));
        if (op_format(op) != OperandFormat::NONE) {
            text += fmt::format(" {} {}", arg, operand_text(co, op, arg));
        }
        while (!text.empty() && text.back() == ' ')
            text.pop_back();
        *out += text + "\n";
    }
    for (Value c : co->consts) {
        if (c.is_object() && c.as_object()->type == &kCodeType) {
            auto* inner = c.as<CodeObject>();
            *out += fmt::format("\nDisassembly of {}:\n", const_repr(c));
            disassemble_into(inner, out);
        }
    }
}

}  // namespace

std::string disassemble(const CodeObject* co) {
    std::string out;
    disassemble_into(co, &out);
    return out;
}

}  // namespace gilpy::interpreter
