// Scope analysis in two passes, as CPython's symtable.c: the first walks the tree and records,
// per scope, which names are bound, used, or declared global/nonlocal; the second resolves each
// name top-down knowing which enclosing functions bind what, and marks captured locals as cells.
#include "interpreter/symtable.hpp"

#include <algorithm>
#include <unordered_set>

namespace gilpy::interpreter {

std::string mangle_private(const std::string& private_name, const std::string& name) {
    if (private_name.empty() || name.size() < 3 || name[0] != '_' || name[1] != '_') return name;
    if (name.size() >= 4 && name.compare(name.size() - 2, 2, "__") == 0) return name;
    if (name.find('.') != std::string::npos) return name;
    size_t start = private_name.find_first_not_of('_');
    if (start == std::string::npos) return name;
    return "_" + private_name.substr(start) + name;
}

NameScope Scope::lookup(const std::string& id) const {
    auto it = names.find(id);
    if (it != names.end()) return it->second;
    return kind == ScopeKind::Module || kind == ScopeKind::Class ? NameScope::Local
                                                                 : NameScope::GlobalImplicit;
}

Scope* SymbolTable::scope_of(const void* node) const {
    auto it = scopes_.find(node);
    return it == scopes_.end() ? nullptr : it->second.get();
}

namespace {

enum : uint8_t { kBound = 1, kUsed = 2, kGlobal = 4, kNonlocal = 8, kParam = 16 };

struct ScopeFlags {
    std::unordered_map<std::string, uint8_t> flags;
    std::vector<std::string> bound_order;
    std::vector<Scope*> children;
    std::vector<std::pair<std::string, Span>> declared;  // global/nonlocal, for errors
};

struct ScopeError {
    std::string message;
    Span span;
};

bool is_function_like(const Scope* s) {
    return s->kind == ScopeKind::Function || s->kind == ScopeKind::Lambda ||
           s->kind == ScopeKind::Comprehension;
}

}  // namespace

class SymtableBuilder {
  public:
    explicit SymtableBuilder(SymbolTable* table) : table_(table) {}

    void build(const Module& m) {
        Scope* s = new_scope(&m, ScopeKind::Module, "<module>", 1);
        table_->module_ = s;
        enter(s);
        visit_body(m.body);
        leave();
        std::unordered_set<std::string> none;
        resolve(s, none);
    }

    std::optional<ScopeError> error;

  private:
    SymbolTable* table_;
    std::vector<Scope*> stack_;
    std::unordered_map<Scope*, ScopeFlags> flags_;

    Scope* new_scope(const void* node, ScopeKind kind, std::string name, int line) {
        auto s = std::make_unique<Scope>();
        s->kind = kind;
        s->name = std::move(name);
        s->line = line;
        s->parent = stack_.empty() ? nullptr : stack_.back();
        s->private_name = kind == ScopeKind::Class ? s->name
                          : s->parent              ? s->parent->private_name
                                                   : std::string();
        Scope* raw = s.get();
        if (s->parent) flags_[s->parent].children.push_back(raw);
        table_->scopes_[node] = std::move(s);
        return raw;
    }
    void enter(Scope* s) { stack_.push_back(s); }
    void leave() { stack_.pop_back(); }
    Scope* cur() { return stack_.back(); }

    void fail(std::string message, Span span) {
        if (!error) error = ScopeError{std::move(message), span};
    }

    // Every name is recorded mangled, so pass 2 and the compiler see `_C__x` throughout.
    void add(Scope* s, const std::string& raw_name, uint8_t flag, Span span = {}) {
        const std::string name = mangle_private(s->private_name, raw_name);
        ScopeFlags& f = flags_[s];
        uint8_t& bits = f.flags[name];
        if ((flag & (kBound | kParam)) && !(bits & (kBound | kParam)))
            f.bound_order.push_back(name);
        if (flag == kParam && (bits & kParam)) {
            fail("duplicate argument '" + name + "' in function definition", span);
        }
        bits |= flag;
    }
    void bind(const std::string& name, Span span = {}) { add(cur(), name, kBound, span); }
    void use(const std::string& name) { add(cur(), name, kUsed); }

    // ------------------------------------------------------------ pass 1: statements

    void visit_body(const StmtList& body) {
        for (const StmtPtr& s : body)
            visit_stmt(*s);
    }

    void visit_args_defaults(const Arguments& a) {
        for (const ExprPtr& d : a.defaults)
            visit_expr(d.get());
        for (const ExprPtr& d : a.kw_defaults)
            visit_expr(d.get());
        auto annotate = [&](const Arg* arg) {
            if (arg && arg->annotation) visit_expr(arg->annotation.get());
        };
        for (const Arg& x : a.posonlyargs)
            annotate(&x);
        for (const Arg& x : a.args)
            annotate(&x);
        annotate(a.vararg.get());
        for (const Arg& x : a.kwonlyargs)
            annotate(&x);
        annotate(a.kwarg.get());
    }

    void declare_params(Scope* s, const Arguments& a) {
        for (const Arg& x : a.posonlyargs)
            add(s, x.name, kParam, x.span);
        for (const Arg& x : a.args)
            add(s, x.name, kParam, x.span);
        // CPython's slot order: positional, keyword-only, then *args and **kwargs.
        for (const Arg& x : a.kwonlyargs)
            add(s, x.name, kParam, x.span);
        if (a.vararg) add(s, a.vararg->name, kParam, a.vararg->span);
        if (a.kwarg) add(s, a.kwarg->name, kParam, a.kwarg->span);
        s->posonlyargcount = static_cast<int>(a.posonlyargs.size());
        s->argcount = static_cast<int>(a.posonlyargs.size() + a.args.size());
        s->kwonlyargcount = static_cast<int>(a.kwonlyargs.size());
        s->has_varargs = a.vararg != nullptr;
        s->has_varkeywords = a.kwarg != nullptr;
    }

    void visit_stmt(const Stmt& st) {
        switch (st.kind) {
            case StmtKind::FunctionDef: {
                auto& f = as<FunctionDef>(st);
                for (const ExprPtr& d : f.decorators)
                    visit_expr(d.get());
                visit_args_defaults(f.args);
                if (f.returns) visit_expr(f.returns.get());
                bind(f.name, st.span);
                Scope* s = new_scope(&f, ScopeKind::Function, f.name, st.span.line);
                declare_params(s, f.args);
                enter(s);
                visit_body(f.body);
                leave();
                break;
            }
            case StmtKind::ClassDef: {
                auto& c = as<ClassDef>(st);
                for (const ExprPtr& d : c.decorators)
                    visit_expr(d.get());
                for (const ExprPtr& b : c.bases)
                    visit_expr(b.get());
                for (const Keyword& k : c.keywords)
                    visit_expr(k.value.get());
                bind(c.name, st.span);
                Scope* s = new_scope(&c, ScopeKind::Class, c.name, st.span.line);
                enter(s);
                visit_body(c.body);
                leave();
                break;
            }
            case StmtKind::Return: {
                auto& r = as<Return>(st);
                visit_expr(r.value.get());
                break;
            }
            case StmtKind::Delete:
                for (const ExprPtr& t : as<Delete>(st).targets)
                    visit_expr(t.get());
                break;
            case StmtKind::Assign: {
                auto& a = as<Assign>(st);
                visit_expr(a.value.get());
                for (const ExprPtr& t : a.targets)
                    visit_expr(t.get());
                break;
            }
            case StmtKind::AugAssign: {
                auto& a = as<AugAssign>(st);
                visit_expr(a.value.get());
                visit_expr(a.target.get());
                if (a.target->kind == ExprKind::Name) use(as<Name>(*a.target).id);
                break;
            }
            case StmtKind::AnnAssign: {
                auto& a = as<AnnAssign>(st);
                if (a.value) visit_expr(a.value.get());
                visit_expr(a.target.get());
                if (!is_function_like(cur())) visit_expr(a.annotation.get());
                break;
            }
            case StmtKind::For: {
                auto& f = as<For>(st);
                visit_expr(f.iter.get());
                visit_expr(f.target.get());
                visit_body(f.body);
                visit_body(f.orelse);
                break;
            }
            case StmtKind::While: {
                auto& w = as<While>(st);
                visit_expr(w.test.get());
                visit_body(w.body);
                visit_body(w.orelse);
                break;
            }
            case StmtKind::If: {
                auto& i = as<If>(st);
                visit_expr(i.test.get());
                visit_body(i.body);
                visit_body(i.orelse);
                break;
            }
            case StmtKind::With: {
                auto& w = as<With>(st);
                for (const WithItem& item : w.items) {
                    visit_expr(item.context_expr.get());
                    visit_expr(item.optional_vars.get());
                }
                visit_body(w.body);
                break;
            }
            case StmtKind::Raise: {
                auto& r = as<Raise>(st);
                visit_expr(r.exc.get());
                visit_expr(r.cause.get());
                break;
            }
            case StmtKind::Try: {
                auto& t = as<Try>(st);
                visit_body(t.body);
                for (const ExceptHandler& h : t.handlers) {
                    visit_expr(h.type.get());
                    if (!h.name.empty()) bind(h.name, h.span);
                    visit_body(h.body);
                }
                visit_body(t.orelse);
                visit_body(t.finalbody);
                break;
            }
            case StmtKind::Assert: {
                auto& a = as<Assert>(st);
                visit_expr(a.test.get());
                visit_expr(a.msg.get());
                break;
            }
            case StmtKind::Import:
                for (const Alias& a : as<Import>(st).names) {
                    std::string n =
                        a.asname.empty() ? a.name.substr(0, a.name.find('.')) : a.asname;
                    bind(n, a.span);
                }
                break;
            case StmtKind::ImportFrom:
                for (const Alias& a : as<ImportFrom>(st).names) {
                    if (a.name == "*") {
                        if (cur()->kind != ScopeKind::Module) {
                            fail("import * only allowed at module level", st.span);
                        }
                        continue;
                    }
                    bind(a.asname.empty() ? a.name : a.asname, a.span);
                }
                break;
            case StmtKind::Global:
            case StmtKind::Nonlocal:
                declare(as<NameList>(st), st.kind == StmtKind::Global);
                break;
            case StmtKind::Expr:
                visit_expr(as<ExprStmt>(st).value.get());
                break;
            case StmtKind::Pass:
            case StmtKind::Break:
            case StmtKind::Continue:
                break;
        }
    }

    void declare(const NameList& decl, bool global) {
        Scope* s = cur();
        const char* what = global ? "global" : "nonlocal";
        if (!global && s->kind == ScopeKind::Module) {
            fail("nonlocal declaration not allowed at module level", decl.span);
            return;
        }
        ScopeFlags& f = flags_[s];
        for (const std::string& name : decl.names) {
            auto it = f.flags.find(mangle_private(s->private_name, name));
            uint8_t bits = it == f.flags.end() ? 0 : it->second;
            if (bits & kParam) {
                fail("name '" + name + "' is parameter and " + what, decl.span);
            } else if (bits & kBound) {
                fail("name '" + name + "' is assigned to before " + what + " declaration",
                     decl.span);
            } else if (bits & kUsed) {
                fail("name '" + name + "' is used prior to " + what + " declaration", decl.span);
            } else if (global && (bits & kNonlocal)) {
                fail("name '" + name + "' is nonlocal and global", decl.span);
            } else if (!global && (bits & kGlobal)) {
                fail("name '" + name + "' is nonlocal and global", decl.span);
            }
            add(s, name, global ? kGlobal : kNonlocal);
            f.declared.emplace_back(mangle_private(s->private_name, name), decl.span);
        }
    }

    // ------------------------------------------------------------ pass 1: expressions

    void visit_exprs(const ExprList& list) {
        for (const ExprPtr& e : list)
            visit_expr(e.get());
    }

    void visit_expr(const Expr* e) {
        if (!e) return;
        switch (e->kind) {
            case ExprKind::Name: {
                auto& n = as<Name>(*e);
                if (n.ctx == ExprContext::Load) {
                    use(n.id);
                    // Zero-argument super() reads the method's class from an implicit
                    // __class__ cell of the class body (CPython's symtable does the same).
                    if (n.id == "super" && is_function_like(cur())) use("__class__");
                } else {
                    bind(n.id, e->span);
                }
                break;
            }
            case ExprKind::BoolOp:
                visit_exprs(as<BoolOp>(*e).values);
                break;
            case ExprKind::NamedExpr: {
                auto& n = as<NamedExpr>(*e);
                visit_expr(n.value.get());
                bind_walrus(as<Name>(*n.target).id, e->span);
                break;
            }
            case ExprKind::BinOp:
                visit_expr(as<BinOp>(*e).left.get());
                visit_expr(as<BinOp>(*e).right.get());
                break;
            case ExprKind::UnaryOp:
                visit_expr(as<UnaryOp>(*e).operand.get());
                break;
            case ExprKind::Lambda: {
                auto& l = as<Lambda>(*e);
                visit_args_defaults(l.args);
                Scope* s = new_scope(&l, ScopeKind::Lambda, "<lambda>", e->span.line);
                declare_params(s, l.args);
                enter(s);
                visit_expr(l.body.get());
                leave();
                break;
            }
            case ExprKind::IfExp: {
                auto& i = as<IfExp>(*e);
                visit_expr(i.test.get());
                visit_expr(i.body.get());
                visit_expr(i.orelse.get());
                break;
            }
            case ExprKind::Dict:
                visit_exprs(as<Dict>(*e).keys);
                visit_exprs(as<Dict>(*e).values);
                break;
            case ExprKind::Set:
                visit_exprs(as<Set>(*e).elts);
                break;
            case ExprKind::ListComp:
            case ExprKind::SetComp:
            case ExprKind::DictComp:
            case ExprKind::GeneratorExp:
                visit_comprehension(as<Comp>(*e));
                break;
            case ExprKind::Await:
                visit_expr(as<Await>(*e).value.get());
                break;
            case ExprKind::Yield:
            case ExprKind::YieldFrom:
                visit_expr(as<Yield>(*e).value.get());
                mark_generator(e);
                break;
            case ExprKind::Compare:
                visit_expr(as<Compare>(*e).left.get());
                visit_exprs(as<Compare>(*e).comparators);
                break;
            case ExprKind::Call: {
                auto& c = as<Call>(*e);
                visit_expr(c.func.get());
                visit_exprs(c.args);
                for (const Keyword& k : c.keywords)
                    visit_expr(k.value.get());
                break;
            }
            case ExprKind::FormattedValue:
                visit_expr(as<FormattedValue>(*e).value.get());
                visit_expr(as<FormattedValue>(*e).format_spec.get());
                break;
            case ExprKind::JoinedStr:
                visit_exprs(as<JoinedStr>(*e).values);
                break;
            case ExprKind::Constant:
                break;
            case ExprKind::Attribute:
                visit_expr(as<Attribute>(*e).value.get());
                break;
            case ExprKind::Subscript:
                visit_expr(as<Subscript>(*e).value.get());
                visit_expr(as<Subscript>(*e).slice.get());
                break;
            case ExprKind::Starred:
                visit_expr(as<Starred>(*e).value.get());
                break;
            case ExprKind::List:
            case ExprKind::Tuple:
                visit_exprs(as<Sequence>(*e).elts);
                break;
            case ExprKind::Slice:
                visit_expr(as<Slice>(*e).lower.get());
                visit_expr(as<Slice>(*e).upper.get());
                visit_expr(as<Slice>(*e).step.get());
                break;
        }
    }

    void mark_generator(const Expr* e) {
        Scope* s = cur();
        if (s->kind == ScopeKind::Module || s->kind == ScopeKind::Class) {
            fail("'yield' outside function", e->span);
            return;
        }
        if (s->kind == ScopeKind::Comprehension) {
            const char* what = s->name == "<genexpr>"   ? "generator expression"
                               : s->name == "<setcomp>"  ? "set comprehension"
                               : s->name == "<dictcomp>" ? "dict comprehension"
                                                         : "list comprehension";
            fail(std::string("'yield' inside ") + what, e->span);
            return;
        }
        s->is_generator = true;
    }

    // `x := v` inside a comprehension binds x in the nearest enclosing non-comprehension scope.
    void bind_walrus(const std::string& name, Span span) {
        Scope* s = cur();
        if (s->kind != ScopeKind::Comprehension) {
            bind(name, span);
            return;
        }
        Scope* target = s;
        while (target->kind == ScopeKind::Comprehension)
            target = target->parent;
        if (target->kind == ScopeKind::Class) {
            fail("assignment expression within a comprehension cannot be used in a class body",
                 span);
            return;
        }
        if (target->kind == ScopeKind::Module) {
            add(target, name, kBound);
            for (Scope* c = s; c != target; c = c->parent)
                add(c, name, kGlobal);
        } else {
            add(target, name, kBound);
            for (Scope* c = s; c != target; c = c->parent)
                add(c, name, kNonlocal);
        }
    }

    void visit_comprehension(const Comp& c) {
        // The first iterable is evaluated in the enclosing scope; the rest inside.
        visit_expr(c.generators[0].iter.get());
        const char* name = c.kind == ExprKind::ListComp   ? "<listcomp>"
                           : c.kind == ExprKind::SetComp  ? "<setcomp>"
                           : c.kind == ExprKind::DictComp ? "<dictcomp>"
                                                          : "<genexpr>";
        Scope* s = new_scope(&c, ScopeKind::Comprehension, name, c.span.line);
        add(s, ".0", kParam);
        s->argcount = 1;
        enter(s);
        for (size_t i = 0; i < c.generators.size(); ++i) {
            const Comprehension& g = c.generators[i];
            if (i > 0) visit_expr(g.iter.get());
            visit_expr(g.target.get());
            visit_exprs(g.ifs);
        }
        visit_expr(c.elt.get());
        visit_expr(c.key.get());
        visit_expr(c.value.get());
        if (c.kind == ExprKind::GeneratorExp) s->is_generator = true;
        leave();
    }

    // ------------------------------------------------------------ pass 2: resolution

    // [bound_above]: names bound by enclosing function scopes, visible as free variables.
    void resolve(Scope* s, const std::unordered_set<std::string>& bound_above) {
        ScopeFlags& f = flags_[s];
        bool function = is_function_like(s);
        for (auto& [name, bits] : f.flags) {
            NameScope ns;
            if (bits & kGlobal) {
                ns = NameScope::GlobalExplicit;
            } else if (bits & kNonlocal) {
                if (!bound_above.count(name)) {
                    Span span;
                    for (auto& [n, sp] : f.declared) {
                        if (n == name) span = sp;
                    }
                    fail("no binding for nonlocal '" + name + "' found", span);
                }
                ns = NameScope::Free;
            } else if (bits & (kBound | kParam)) {
                ns = NameScope::Local;
            } else if (s->kind != ScopeKind::Module && bound_above.count(name)) {
                ns = NameScope::Free;
            } else {
                ns = NameScope::GlobalImplicit;
            }
            s->names[name] = ns;
        }
        if (function) {
            for (const std::string& name : f.bound_order) {
                if (s->names[name] == NameScope::Local) s->varnames.push_back(name);
            }
        }

        std::unordered_set<std::string> child_bound;
        if (function) {
            child_bound = bound_above;
            for (auto& [name, ns] : s->names) {
                if (ns == NameScope::Local) child_bound.insert(name);
                if (ns == NameScope::GlobalExplicit) child_bound.erase(name);
            }
        } else if (s->kind == ScopeKind::Class) {
            child_bound = bound_above;
            for (auto& [name, ns] : s->names) {
                if (ns == NameScope::GlobalExplicit) child_bound.erase(name);
            }
            child_bound.insert("__class__");
        }

        std::vector<std::string> free_in_children;
        for (Scope* child : f.children) {
            resolve(child, child_bound);
            for (const std::string& fv : child->freevars)
                free_in_children.push_back(fv);
        }
        std::unordered_set<std::string> seen;
        for (const std::string& fv : free_in_children) {
            if (!seen.insert(fv).second) continue;
            if (s->kind == ScopeKind::Class && fv == "__class__") {
                s->names[fv] = NameScope::Cell;
                continue;
            }
            auto it = s->names.find(fv);
            if (function && it != s->names.end() && it->second == NameScope::Local) {
                it->second = NameScope::Cell;
                continue;
            }
            if (function && it != s->names.end() && it->second == NameScope::Cell) continue;
            // Passed through this scope from further out.
            if (function && (it == s->names.end() || it->second == NameScope::GlobalImplicit)) {
                s->names[fv] = NameScope::Free;
            }
            if (s->kind == ScopeKind::Class) {
                if (it == s->names.end() || it->second == NameScope::GlobalImplicit) {
                    s->names[fv] = NameScope::Free;
                }
                s->needs_class_closure = true;
            }
            if (s->kind != ScopeKind::Module &&
                std::find(s->freevars.begin(), s->freevars.end(), fv) == s->freevars.end()) {
                s->freevars.push_back(fv);
            }
        }
        // Free variables this scope uses itself.
        for (auto& [name, ns] : s->names) {
            if (ns == NameScope::Free &&
                std::find(s->freevars.begin(), s->freevars.end(), name) == s->freevars.end()) {
                s->freevars.push_back(name);
            }
            if (ns == NameScope::Cell) s->cellvars.push_back(name);
        }
        std::sort(s->cellvars.begin(), s->cellvars.end());
        std::sort(s->freevars.begin(), s->freevars.end());
    }
};

std::optional<SyntaxErrorInfo> build_symtable(const Module& module, std::string_view source,
                                              std::string_view filename, SymbolTable* out) {
    SymtableBuilder builder(out);
    builder.build(module);
    if (!builder.error) return std::nullopt;
    SyntaxErrorInfo info;
    info.type = "SyntaxError";
    info.message = builder.error->message;
    info.filename = std::string(filename);
    info.line = builder.error->span.line;
    info.offset = builder.error->span.col + 1;
    info.end_line = builder.error->span.end_line;
    info.end_offset = builder.error->span.end_col + 1;
    // The offending source line, for the caret display.
    size_t pos = 0;
    for (int line = 1; line < info.line && pos != std::string_view::npos; ++line) {
        pos = source.find('\n', pos);
        if (pos != std::string_view::npos) ++pos;
    }
    if (pos != std::string_view::npos && info.line > 0) {
        size_t end = source.find('\n', pos);
        info.text =
            std::string(source.substr(pos, end == std::string_view::npos ? end : end - pos + 1));
    }
    return info;
}

}  // namespace gilpy::interpreter
