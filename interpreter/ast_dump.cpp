// ast_dump: prints a tree exactly as python3.11's `ast.dump(tree)` does (no positions), so
// parser tests can compare with strings that python3 printed. Fields follow Python.asdl's
// order; optional fields that are None are left out and lists are always shown, as in 3.11.
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "interpreter/parser.hpp"

namespace gilpy::interpreter {

namespace {

// Whether repr() shows a non-ASCII code point as is. Approximates str.isprintable() without
// the Unicode database: separators, controls, format characters, surrogates and private-use
// characters are escaped; unassigned code points are not recognised.
bool is_printable(uint32_t cp) {
    if (cp <= 0xA0 || cp == 0xAD) return false;
    if ((cp >= 0x2000 && cp <= 0x200F) || (cp >= 0x2028 && cp <= 0x202F)) return false;
    if ((cp >= 0x205F && cp <= 0x206F) || cp == 0x3000 || cp == 0xFEFF) return false;
    if (cp >= 0xD800 && cp <= 0xF8FF) return false;  // surrogates and private use
    if (cp >= 0xFFF0 && cp <= 0xFFFB) return false;
    if (cp >= 0xF0000) return false;  // private use planes
    return true;
}

// Python's repr() of a str or bytes value.
std::string quote_repr(std::string_view s, bool bytes) {
    bool has_single = s.find('\'') != std::string_view::npos;
    bool has_double = s.find('"') != std::string_view::npos;
    char q = has_single && !has_double ? '"' : '\'';
    std::string out = bytes ? "b" : "";
    out += q;
    for (size_t i = 0; i < s.size(); ++i) {
        char ch = s[i];
        auto c = static_cast<unsigned char>(ch);
        if (!bytes && c >= 0x80) {
            int n = (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 1;
            if (i + n > s.size()) n = 1;
            uint32_t cp = n == 1 ? c : n == 2 ? (c & 0x1F) : n == 3 ? (c & 0x0F) : (c & 0x07);
            for (int k = 1; k < n; ++k)
                cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
            if (is_printable(cp)) {
                out.append(s.substr(i, n));
            } else {
                char buf[16];
                if (cp <= 0xFF)
                    std::snprintf(buf, sizeof buf, "\\x%02x", cp);
                else if (cp <= 0xFFFF)
                    std::snprintf(buf, sizeof buf, "\\u%04x", cp);
                else
                    std::snprintf(buf, sizeof buf, "\\U%08x", cp);
                out += buf;
            }
            i += n - 1;
            continue;
        }
        if (c == '\\')
            out += "\\\\";
        else if (c == static_cast<unsigned char>(q))
            out += std::string("\\") + q;
        else if (c == '\n')
            out += "\\n";
        else if (c == '\r')
            out += "\\r";
        else if (c == '\t')
            out += "\\t";
        else if (c < 0x20 || c == 0x7F || (bytes && c >= 0x80)) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\x%02x", c);
            out += buf;
        } else {
            out += ch;
        }
    }
    out += q;
    return out;
}

// Python's repr() of a float: the shortest string that reads back as the same value.
std::string float_repr(double v) {
    if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
    if (std::isnan(v)) return "nan";
    char buf[40];
    for (int prec = 1; prec <= 17; ++prec) {
        std::snprintf(buf, sizeof buf, "%.*e", prec - 1, v);
        if (std::strtod(buf, nullptr) == v) break;
    }
    // buf is "d.ddde[+-]XX": split into digits and exponent.
    std::string s = buf;
    size_t e = s.find('e');
    int exp = std::atoi(s.c_str() + e + 1);
    std::string mant = s.substr(0, e);
    bool neg = mant[0] == '-';
    if (neg) mant.erase(0, 1);
    std::string digits;
    for (char c : mant) {
        if (c != '.') digits += c;
    }
    while (digits.size() > 1 && digits.back() == '0')
        digits.pop_back();
    std::string out = neg ? "-" : "";
    if (exp >= 16 || exp < -4) {
        out += digits[0];
        if (digits.size() > 1) out += "." + digits.substr(1);
        char eb[16];
        std::snprintf(eb, sizeof eb, "e%c%02d", exp < 0 ? '-' : '+', std::abs(exp));
        return out + eb;
    }
    if (exp < 0) return out + "0." + std::string(-exp - 1, '0') + digits;
    if (static_cast<int>(digits.size()) <= exp + 1) {
        return out + digits + std::string(exp + 1 - digits.size(), '0') + ".0";
    }
    return out + digits.substr(0, exp + 1) + "." + digits.substr(exp + 1);
}

// Decimal digits of a big integer literal given with an optional 0x/0o/0b prefix.
std::string big_decimal(const std::string& text) {
    int base = 10;
    size_t i = 0;
    if (text.size() > 2 && text[0] == '0') {
        char p = static_cast<char>(std::tolower(static_cast<unsigned char>(text[1])));
        base = p == 'x' ? 16 : p == 'o' ? 8 : p == 'b' ? 2 : 10;
        if (base != 10) i = 2;
    }
    std::vector<int> dec{0};  // little-endian decimal digits
    for (; i < text.size(); ++i) {
        int d = std::isdigit(static_cast<unsigned char>(text[i]))
                    ? text[i] - '0'
                    : std::tolower(static_cast<unsigned char>(text[i])) - 'a' + 10;
        int carry = d;
        for (int& x : dec) {
            int v = x * base + carry;
            x = v % 10;
            carry = v / 10;
        }
        while (carry) {
            dec.push_back(carry % 10);
            carry /= 10;
        }
    }
    while (dec.size() > 1 && dec.back() == 0)
        dec.pop_back();
    std::string out;
    for (auto it = dec.rbegin(); it != dec.rend(); ++it)
        out += static_cast<char>('0' + *it);
    return out;
}

class Dumper {
  public:
    std::string out;
    bool positions = false;  // ast.dump(include_attributes=True)

    // Adds a node's position attributes before the ')' that ends its dump.
    void attributes(const Span& s) {
        if (!positions) return;
        out.pop_back();
        if (out.back() != '(') out += ", ";  // "Pass(" has no fields before the attributes
        out += "lineno=" + std::to_string(s.line) + ", col_offset=" + std::to_string(s.col) +
               ", end_lineno=" + std::to_string(s.end_line) +
               ", end_col_offset=" + std::to_string(s.end_col) + ")";
    }

    void expr(const Expr* e) {
        if (!e) {
            out += "None";
            return;
        }
        switch (e->kind) {
            case ExprKind::BoolOp: {
                auto& n = as<BoolOp>(*e);
                out += "BoolOp(op=";
                out += n.op == BoolOpKind::And ? "And()" : "Or()";
                out += ", values=";
                exprs(n.values);
                out += ")";
                break;
            }
            case ExprKind::NamedExpr: {
                auto& n = as<NamedExpr>(*e);
                open("NamedExpr");
                field("target", n.target.get());
                field("value", n.value.get());
                out += ")";
                break;
            }
            case ExprKind::BinOp: {
                auto& n = as<BinOp>(*e);
                static const char* kOps[] = {"Add",  "BitAnd", "FloorDiv", "LShift", "MatMult",
                                             "Mult", "Mod",    "BitOr",    "Pow",    "RShift",
                                             "Sub",  "Div",    "BitXor"};
                open("BinOp");
                field("left", n.left.get());
                sep();
                out += std::string("op=") + kOps[static_cast<int>(n.op)] + "()";
                field("right", n.right.get());
                out += ")";
                break;
            }
            case ExprKind::UnaryOp: {
                auto& n = as<UnaryOp>(*e);
                static const char* kOps[] = {"Invert", "Not", "UAdd", "USub"};
                out += std::string("UnaryOp(op=") + kOps[static_cast<int>(n.op)] + "()";
                first_ = false;
                field("operand", n.operand.get());
                out += ")";
                break;
            }
            case ExprKind::Lambda: {
                auto& n = as<Lambda>(*e);
                out += "Lambda(args=";
                arguments(n.args);
                first_ = false;
                field("body", n.body.get());
                out += ")";
                break;
            }
            case ExprKind::IfExp: {
                auto& n = as<IfExp>(*e);
                open("IfExp");
                field("test", n.test.get());
                field("body", n.body.get());
                field("orelse", n.orelse.get());
                out += ")";
                break;
            }
            case ExprKind::Dict: {
                auto& n = as<Dict>(*e);
                out += "Dict(keys=";
                exprs(n.keys, true);
                out += ", values=";
                exprs(n.values);
                out += ")";
                break;
            }
            case ExprKind::Set:
                out += "Set(elts=";
                exprs(as<Set>(*e).elts);
                out += ")";
                break;
            case ExprKind::ListComp:
            case ExprKind::SetComp:
            case ExprKind::GeneratorExp:
            case ExprKind::DictComp: {
                auto& n = as<Comp>(*e);
                const char* name = e->kind == ExprKind::ListComp   ? "ListComp"
                                   : e->kind == ExprKind::SetComp  ? "SetComp"
                                   : e->kind == ExprKind::DictComp ? "DictComp"
                                                                   : "GeneratorExp";
                open(name);
                if (e->kind == ExprKind::DictComp) {
                    field("key", n.key.get());
                    field("value", n.value.get());
                } else {
                    field("elt", n.elt.get());
                }
                out += ", generators=[";
                for (size_t i = 0; i < n.generators.size(); ++i) {
                    if (i) out += ", ";
                    const Comprehension& c = n.generators[i];
                    out += "comprehension(target=";
                    expr(c.target.get());
                    out += ", iter=";
                    expr(c.iter.get());
                    out += ", ifs=";
                    exprs(c.ifs);
                    out += std::string(", is_async=") + (c.is_async ? "1" : "0") + ")";
                }
                out += "])";
                break;
            }
            case ExprKind::Await:
                open("Await");
                field("value", as<Await>(*e).value.get());
                out += ")";
                break;
            case ExprKind::Yield:
            case ExprKind::YieldFrom:
                open(e->kind == ExprKind::Yield ? "Yield" : "YieldFrom");
                field("value", as<Yield>(*e).value.get());
                out += ")";
                break;
            case ExprKind::Compare: {
                auto& n = as<Compare>(*e);
                static const char* kOps[] = {"Eq",  "NotEq", "Lt",    "LtE", "Gt",
                                             "GtE", "Is",    "IsNot", "In",  "NotIn"};
                out += "Compare(left=";
                expr(n.left.get());
                out += ", ops=[";
                for (size_t i = 0; i < n.ops.size(); ++i) {
                    if (i) out += ", ";
                    out += std::string(kOps[static_cast<int>(n.ops[i])]) + "()";
                }
                out += "], comparators=";
                exprs(n.comparators);
                out += ")";
                break;
            }
            case ExprKind::Call: {
                auto& n = as<Call>(*e);
                out += "Call(func=";
                expr(n.func.get());
                out += ", args=";
                exprs(n.args);
                out += ", keywords=";
                keywords(n.keywords);
                out += ")";
                break;
            }
            case ExprKind::FormattedValue: {
                auto& n = as<FormattedValue>(*e);
                open("FormattedValue");
                field("value", n.value.get());
                out += ", conversion=" + std::to_string(n.conversion);
                field("format_spec", n.format_spec.get());
                out += ")";
                break;
            }
            case ExprKind::JoinedStr:
                out += "JoinedStr(values=";
                exprs(as<JoinedStr>(*e).values);
                out += ")";
                break;
            case ExprKind::Constant:
                constant(as<Constant>(*e));
                break;
            case ExprKind::Attribute: {
                auto& n = as<Attribute>(*e);
                open("Attribute");
                field("value", n.value.get());
                out += ", attr=" + quote_repr(n.attr, false) + ", ctx=" + ctx(n.ctx) + ")";
                break;
            }
            case ExprKind::Subscript: {
                auto& n = as<Subscript>(*e);
                open("Subscript");
                field("value", n.value.get());
                field("slice", n.slice.get());
                out += ", ctx=" + ctx(n.ctx) + ")";
                break;
            }
            case ExprKind::Starred: {
                auto& n = as<Starred>(*e);
                open("Starred");
                field("value", n.value.get());
                out += ", ctx=" + ctx(n.ctx) + ")";
                break;
            }
            case ExprKind::Name: {
                auto& n = as<Name>(*e);
                out += "Name(id=" + quote_repr(n.id, false) + ", ctx=" + ctx(n.ctx) + ")";
                break;
            }
            case ExprKind::List:
            case ExprKind::Tuple: {
                auto& n = as<Sequence>(*e);
                out += e->kind == ExprKind::List ? "List(elts=" : "Tuple(elts=";
                exprs(n.elts);
                out += ", ctx=" + ctx(n.ctx) + ")";
                break;
            }
            case ExprKind::Slice: {
                auto& n = as<Slice>(*e);
                open("Slice");
                field("lower", n.lower.get());
                field("upper", n.upper.get());
                field("step", n.step.get());
                out += ")";
                break;
            }
        }
        attributes(e->span);
    }

    void stmt(const Stmt& s) {
        switch (s.kind) {
            case StmtKind::FunctionDef: {
                auto& n = as<FunctionDef>(s);
                out += n.is_async ? "AsyncFunctionDef" : "FunctionDef";
                out += "(name=" + quote_repr(n.name, false) + ", args=";
                arguments(n.args);
                out += ", body=";
                stmts(n.body);
                out += ", decorator_list=";
                exprs(n.decorators);
                first_ = false;
                field("returns", n.returns.get());
                out += ")";
                break;
            }
            case StmtKind::ClassDef: {
                auto& n = as<ClassDef>(s);
                out += "ClassDef(name=" + quote_repr(n.name, false) + ", bases=";
                exprs(n.bases);
                out += ", keywords=";
                keywords(n.keywords);
                out += ", body=";
                stmts(n.body);
                out += ", decorator_list=";
                exprs(n.decorators);
                out += ")";
                break;
            }
            case StmtKind::Return:
                open("Return");
                field("value", as<Return>(s).value.get());
                out += ")";
                break;
            case StmtKind::Delete:
                out += "Delete(targets=";
                exprs(as<Delete>(s).targets);
                out += ")";
                break;
            case StmtKind::Assign:
                out += "Assign(targets=";
                exprs(as<Assign>(s).targets);
                first_ = false;
                field("value", as<Assign>(s).value.get());
                out += ")";
                break;
            case StmtKind::AugAssign: {
                auto& n = as<AugAssign>(s);
                static const char* kOps[] = {"Add",  "BitAnd", "FloorDiv", "LShift", "MatMult",
                                             "Mult", "Mod",    "BitOr",    "Pow",    "RShift",
                                             "Sub",  "Div",    "BitXor"};
                open("AugAssign");
                field("target", n.target.get());
                out += std::string(", op=") + kOps[static_cast<int>(n.op)] + "()";
                field("value", n.value.get());
                out += ")";
                break;
            }
            case StmtKind::AnnAssign: {
                auto& n = as<AnnAssign>(s);
                open("AnnAssign");
                field("target", n.target.get());
                field("annotation", n.annotation.get());
                field("value", n.value.get());
                out += std::string(", simple=") + (n.simple ? "1" : "0") + ")";
                break;
            }
            case StmtKind::For: {
                auto& n = as<For>(s);
                open(n.is_async ? "AsyncFor" : "For");
                field("target", n.target.get());
                field("iter", n.iter.get());
                out += ", body=";
                stmts(n.body);
                out += ", orelse=";
                stmts(n.orelse);
                out += ")";
                break;
            }
            case StmtKind::While:
            case StmtKind::If: {
                const StmtList& body = s.kind == StmtKind::If ? as<If>(s).body : as<While>(s).body;
                const StmtList& orelse =
                    s.kind == StmtKind::If ? as<If>(s).orelse : as<While>(s).orelse;
                open(s.kind == StmtKind::If ? "If" : "While");
                field("test",
                      s.kind == StmtKind::If ? as<If>(s).test.get() : as<While>(s).test.get());
                out += ", body=";
                stmts(body);
                out += ", orelse=";
                stmts(orelse);
                out += ")";
                break;
            }
            case StmtKind::With: {
                auto& n = as<With>(s);
                out += n.is_async ? "AsyncWith(items=[" : "With(items=[";
                for (size_t i = 0; i < n.items.size(); ++i) {
                    if (i) out += ", ";
                    open("withitem");
                    field("context_expr", n.items[i].context_expr.get());
                    field("optional_vars", n.items[i].optional_vars.get());
                    out += ")";
                }
                out += "], body=";
                stmts(n.body);
                out += ")";
                break;
            }
            case StmtKind::Raise:
                open("Raise");
                field("exc", as<Raise>(s).exc.get());
                field("cause", as<Raise>(s).cause.get());
                out += ")";
                break;
            case StmtKind::Try: {
                auto& n = as<Try>(s);
                out += "Try(body=";
                stmts(n.body);
                out += ", handlers=[";
                for (size_t i = 0; i < n.handlers.size(); ++i) {
                    if (i) out += ", ";
                    const ExceptHandler& h = n.handlers[i];
                    open("ExceptHandler");
                    field("type", h.type.get());
                    if (!h.name.empty()) {
                        sep();
                        out += "name=" + quote_repr(h.name, false);
                    }
                    sep();
                    out += "body=";
                    stmts(h.body);
                    out += ")";
                    attributes(h.span);
                }
                out += "], orelse=";
                stmts(n.orelse);
                out += ", finalbody=";
                stmts(n.finalbody);
                out += ")";
                break;
            }
            case StmtKind::Assert:
                open("Assert");
                field("test", as<Assert>(s).test.get());
                field("msg", as<Assert>(s).msg.get());
                out += ")";
                break;
            case StmtKind::Import:
                out += "Import(names=";
                aliases(as<Import>(s).names);
                out += ")";
                break;
            case StmtKind::ImportFrom: {
                auto& n = as<ImportFrom>(s);
                out += "ImportFrom(";
                if (!n.module.empty()) out += "module=" + quote_repr(n.module, false) + ", ";
                out += "names=";
                aliases(n.names);
                out += ", level=" + std::to_string(n.level) + ")";
                break;
            }
            case StmtKind::Global:
            case StmtKind::Nonlocal: {
                auto& n = as<NameList>(s);
                out += s.kind == StmtKind::Global ? "Global(names=[" : "Nonlocal(names=[";
                for (size_t i = 0; i < n.names.size(); ++i) {
                    if (i) out += ", ";
                    out += quote_repr(n.names[i], false);
                }
                out += "])";
                break;
            }
            case StmtKind::Expr:
                out += "Expr(value=";
                expr(as<ExprStmt>(s).value.get());
                out += ")";
                break;
            case StmtKind::Pass:
                out += "Pass()";
                break;
            case StmtKind::Break:
                out += "Break()";
                break;
            case StmtKind::Continue:
                out += "Continue()";
                break;
        }
        attributes(s.span);
    }

    void stmts(const StmtList& list) {
        out += "[";
        for (size_t i = 0; i < list.size(); ++i) {
            if (i) out += ", ";
            stmt(*list[i]);
        }
        out += "]";
    }

  private:
    bool first_ = true;

    // Field helpers: `Name(` then fields separated by ", ", skipping absent optional ones.
    void open(const char* name) {
        out += name;
        out += "(";
        first_ = true;
    }
    void sep() {
        if (!first_) out += ", ";
        first_ = false;
    }
    void field(const char* name, const Expr* e) {
        if (!e) return;
        sep();
        out += name;
        out += "=";
        bool saved = first_;
        expr(e);
        first_ = saved;
    }

    void exprs(const ExprList& list, bool allow_none = false) {
        out += "[";
        for (size_t i = 0; i < list.size(); ++i) {
            if (i) out += ", ";
            if (!list[i] && allow_none) {
                out += "None";
            } else {
                expr(list[i].get());
            }
        }
        out += "]";
    }

    static std::string ctx(ExprContext c) {
        return c == ExprContext::Load ? "Load()" : c == ExprContext::Store ? "Store()" : "Del()";
    }

    void constant(const Constant& c) {
        out += "Constant(value=";
        switch (c.value_kind) {
            case Constant::Kind::None:
                out += "None";
                break;
            case Constant::Kind::True:
                out += "True";
                break;
            case Constant::Kind::False:
                out += "False";
                break;
            case Constant::Kind::Ellipsis:
                out += "Ellipsis";
                break;
            case Constant::Kind::Int:
                out += std::to_string(c.int_value);
                break;
            case Constant::Kind::BigInt:
                out += big_decimal(c.text);
                break;
            case Constant::Kind::Float:
                out += float_repr(c.float_value);
                break;
            case Constant::Kind::Complex: {
                std::string r = float_repr(c.float_value);
                if (r.size() > 2 && r.compare(r.size() - 2, 2, ".0") == 0) r.resize(r.size() - 2);
                out += r + "j";
                break;
            }
            case Constant::Kind::Str:
                out += quote_repr(c.text, false);
                break;
            case Constant::Kind::Bytes:
                out += quote_repr(c.text, true);
                break;
        }
        out += ")";
    }

    void arg(const Arg& a) {
        out += "arg(arg=" + quote_repr(a.name, false);
        first_ = false;
        field("annotation", a.annotation.get());
        out += ")";
        attributes(a.span);
    }

    void args(const std::vector<Arg>& list) {
        out += "[";
        for (size_t i = 0; i < list.size(); ++i) {
            if (i) out += ", ";
            arg(list[i]);
        }
        out += "]";
    }

    void arguments(const Arguments& a) {
        out += "arguments(posonlyargs=";
        args(a.posonlyargs);
        out += ", args=";
        args(a.args);
        if (a.vararg) {
            out += ", vararg=";
            arg(*a.vararg);
        }
        out += ", kwonlyargs=";
        args(a.kwonlyargs);
        out += ", kw_defaults=";
        exprs(a.kw_defaults, true);
        if (a.kwarg) {
            out += ", kwarg=";
            arg(*a.kwarg);
        }
        out += ", defaults=";
        exprs(a.defaults);
        out += ")";
    }

    void keywords(const std::vector<Keyword>& list) {
        out += "[";
        for (size_t i = 0; i < list.size(); ++i) {
            if (i) out += ", ";
            out += "keyword(";
            if (!list[i].arg.empty()) out += "arg=" + quote_repr(list[i].arg, false) + ", ";
            out += "value=";
            expr(list[i].value.get());
            out += ")";
            attributes(list[i].span);
        }
        out += "]";
    }

    void aliases(const std::vector<Alias>& list) {
        out += "[";
        for (size_t i = 0; i < list.size(); ++i) {
            if (i) out += ", ";
            out += "alias(name=" + quote_repr(list[i].name, false);
            if (!list[i].asname.empty()) out += ", asname=" + quote_repr(list[i].asname, false);
            out += ")";
            attributes(list[i].span);
        }
        out += "]";
    }
};

}  // namespace

std::string ast_dump(const Module& module, bool include_positions) {
    Dumper d;
    d.positions = include_positions;
    d.out = "Module(body=";
    d.stmts(module.body);
    d.out += ", type_ignores=[])";
    return d.out;
}

std::string ast_dump(const Expr& expr) {
    Dumper d;
    d.expr(&expr);
    return d.out;
}

}  // namespace gilpy::interpreter
