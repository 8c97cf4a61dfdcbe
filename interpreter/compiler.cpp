// The compiler pipeline: parse, analyse scopes, generate code; errors become SyntaxError.

#include "interpreter/compiler.hpp"

#include <mutex>

#include "interpreter/codegen.hpp"
#include "interpreter/symtable.hpp"
#include "runtime/abstract.hpp"
#include "runtime/exceptions.hpp"
#include "runtime/types/str.hpp"
#include "runtime/types/tuple.hpp"

namespace gilpy::interpreter {

using namespace runtime;

std::nullptr_t raise_syntax_error(ThreadState& ts, const SyntaxErrorInfo& info) {
    TypeObject* type = &kSyntaxErrorType;
    if (info.type == "IndentationError") type = &kIndentationErrorType;
    if (info.type == "TabError") type = &kTabErrorType;
    Owned details = new_tuple_of({});
    Owned filename = new_str(info.filename);
    Owned text = info.text.empty() ? Owned::none() : Owned(new_str(info.text));
    Owned lineno = Owned::steal(Value::from_int(info.line));
    Owned offset = Owned::steal(Value::from_int(info.offset));
    Owned end_lineno = Owned::steal(Value::from_int(info.end_line));
    Owned end_offset = Owned::steal(Value::from_int(info.end_offset));
    details = new_tuple_of({filename.get(), lineno.get(), offset.get(), text.get(),
                            end_lineno.get(), end_offset.get()});
    Owned message = new_str(info.message);
    Owned exc = call_values(ts, Value::from_object(type), {message.get(), details.get()});
    if (!exc) return nullptr;
    return set_exception(ts, std::move(exc));
}

Ref<CodeObject> compile_source(ThreadState& ts, std::string_view source, std::string_view filename,
                               ParseMode mode, bool* incomplete) {
    if (incomplete) *incomplete = false;
    // Every code object comes from here: give the code type its attribute dict first (once
    // per process; interpreters on other threads may compile at the same time).
    static std::once_flag code_type_ready;
    std::call_once(code_type_ready, [] { ready_static_type(&kCodeType, nullptr); });
    ParseResult parsed = parse(source, filename, mode);
    if (parsed.error) {
        if (incomplete && parsed.error->incomplete) {
            *incomplete = true;
            return nullptr;
        }
        return raise_syntax_error(ts, *parsed.error);
    }
    SymbolTable table;
    if (auto error = build_symtable(*parsed.module, source, filename, &table)) {
        return raise_syntax_error(ts, *error);
    }
    CodeGen gen(ts, table, source, filename, mode);
    return gen.compile_module(*parsed.module);
}

}  // namespace gilpy::interpreter
