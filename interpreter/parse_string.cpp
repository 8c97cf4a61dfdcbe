// Literals: numbers, string and bytes literals with their escapes, implicit concatenation of
// adjacent literals, and f-strings, whose replacement fields are parsed by a sub-parser over
// the field's text in place (so node positions are real source positions), as in CPython 3.11
// where the tokenizer returns an f-string as one STRING token (Parser/string_parser.c).
#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "interpreter/parser_internal.hpp"

namespace gilpy::interpreter {

namespace {

void append_utf8(std::string* out, uint32_t cp) {
    if (cp < 0x80) {
        out->push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
        out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
        out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
        out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
        out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
        out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
        out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
        out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
}

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// A few character names for \N{...}; the full Unicode name table is not built in.
struct NamedChar {
    const char* name;
    uint32_t cp;
};
constexpr NamedChar kNamedChars[] = {
    {"NULL", 0x0},
    {"BEL", 0x7},
    {"SPACE", 0x20},
    {"NO-BREAK SPACE", 0xA0},
    {"EN DASH", 0x2013},
    {"EM DASH", 0x2014},
    {"BULLET", 0x2022},
    {"HORIZONTAL ELLIPSIS", 0x2026},
    {"EURO SIGN", 0x20AC},
    {"DEGREE SIGN", 0xB0},
    {"COPYRIGHT SIGN", 0xA9},
    {"REGISTERED SIGN", 0xAE},
    {"LEFT-POINTING DOUBLE ANGLE QUOTATION MARK", 0xAB},
    {"RIGHT-POINTING DOUBLE ANGLE QUOTATION MARK", 0xBB},
    {"GREEK SMALL LETTER ALPHA", 0x3B1},
    {"GREEK SMALL LETTER BETA", 0x3B2},
    {"GREEK SMALL LETTER PI", 0x3C0},
    {"GREEK CAPITAL LETTER OMEGA", 0x3A9},
    {"LATIN SMALL LETTER E WITH ACUTE", 0xE9},
    {"SNOWMAN", 0x2603},
    {"CHECK MARK", 0x2713},
    {"BLACK STAR", 0x2605},
    {"DIGIT ZERO", 0x30},
    {"DIGIT ONE", 0x31},
    {"LATIN SMALL LETTER A", 0x61},
    {"LATIN CAPITAL LETTER A", 0x41},
    {"REPLACEMENT CHARACTER", 0xFFFD},
    {"ZERO WIDTH SPACE", 0x200B},
};

bool lookup_char_name(std::string_view name, uint32_t* cp) {
    std::string upper(name);
    for (char& c : upper)
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    for (const auto& n : kNamedChars) {
        if (upper == n.name) {
            *cp = n.cp;
            return true;
        }
    }
    return false;
}

// Decodes the escapes of a str (not raw) literal body. On error returns false with
// CPython's "(unicode error) ..." message in [error].
bool decode_str_escapes(std::string_view body, std::string* out, std::string* error) {
    auto fail = [&](size_t start, size_t end, const char* what) {
        *error = "(unicode error) 'unicodeescape' codec can't decode bytes in position " +
                 std::to_string(start) + "-" + std::to_string(end) + ": " + what;
        return false;
    };
    for (size_t i = 0; i < body.size(); ++i) {
        char c = body[i];
        if (c != '\\') {
            out->push_back(c);
            continue;
        }
        size_t start = i;
        if (++i >= body.size()) {
            out->push_back('\\');  // only in f-strings: a backslash before a field's brace
            break;
        }
        char e = body[i];
        switch (e) {
            case '\n':
                break;
            case '\r':
                if (i + 1 < body.size() && body[i + 1] == '\n') ++i;
                break;
            case '\\':
                out->push_back('\\');
                break;
            case '\'':
                out->push_back('\'');
                break;
            case '"':
                out->push_back('"');
                break;
            case 'a':
                out->push_back('\a');
                break;
            case 'b':
                out->push_back('\b');
                break;
            case 'f':
                out->push_back('\f');
                break;
            case 'n':
                out->push_back('\n');
                break;
            case 'r':
                out->push_back('\r');
                break;
            case 't':
                out->push_back('\t');
                break;
            case 'v':
                out->push_back('\v');
                break;
            case '0':
            case '1':
            case '2':
            case '3':
            case '4':
            case '5':
            case '6':
            case '7': {
                uint32_t v = e - '0';
                for (int k = 0;
                     k < 2 && i + 1 < body.size() && body[i + 1] >= '0' && body[i + 1] <= '7';
                     ++k) {
                    v = v * 8 + (body[++i] - '0');
                }
                append_utf8(out, v);
                break;
            }
            case 'x':
            case 'u':
            case 'U': {
                int digits = e == 'x' ? 2 : e == 'u' ? 4 : 8;
                uint32_t v = 0;
                int got = 0;
                while (got < digits && i + 1 < body.size() && hex_value(body[i + 1]) >= 0) {
                    v = v * 16 + hex_value(body[++i]);
                    ++got;
                }
                if (got < digits) {
                    return fail(start, start + 1 + got,
                                e == 'x'   ? "truncated \\xXX escape"
                                : e == 'u' ? "truncated \\uXXXX escape"
                                           : "truncated \\UXXXXXXXX escape");
                }
                if (v > 0x10FFFF) return fail(start, i, "illegal Unicode character");
                append_utf8(out, v);
                break;
            }
            case 'N': {
                size_t close = body.find('}', i);
                if (i + 1 >= body.size() || body[i + 1] != '{' || close == std::string_view::npos) {
                    return fail(start, i, "malformed \\N character escape");
                }
                uint32_t v;
                if (!lookup_char_name(body.substr(i + 2, close - i - 2), &v)) {
                    return fail(start, close, "unknown Unicode character name");
                }
                append_utf8(out, v);
                i = close;
                break;
            }
            default:
                // Unknown escapes stay as written (CPython warns).
                out->push_back('\\');
                out->push_back(e);
        }
    }
    return true;
}

// Decodes a bytes literal body (not raw).
bool decode_bytes_escapes(std::string_view body, std::string* out, std::string* error) {
    for (size_t i = 0; i < body.size(); ++i) {
        char c = body[i];
        if (c != '\\' || i + 1 >= body.size()) {
            out->push_back(c);
            continue;
        }
        char e = body[++i];
        switch (e) {
            case '\n':
                break;
            case '\r':
                if (i + 1 < body.size() && body[i + 1] == '\n') ++i;
                break;
            case '\\':
                out->push_back('\\');
                break;
            case '\'':
                out->push_back('\'');
                break;
            case '"':
                out->push_back('"');
                break;
            case 'a':
                out->push_back('\a');
                break;
            case 'b':
                out->push_back('\b');
                break;
            case 'f':
                out->push_back('\f');
                break;
            case 'n':
                out->push_back('\n');
                break;
            case 'r':
                out->push_back('\r');
                break;
            case 't':
                out->push_back('\t');
                break;
            case 'v':
                out->push_back('\v');
                break;
            case '0':
            case '1':
            case '2':
            case '3':
            case '4':
            case '5':
            case '6':
            case '7': {
                unsigned v = e - '0';
                for (int k = 0;
                     k < 2 && i + 1 < body.size() && body[i + 1] >= '0' && body[i + 1] <= '7';
                     ++k) {
                    v = v * 8 + (body[++i] - '0');
                }
                out->push_back(static_cast<char>(v & 0xFF));
                break;
            }
            case 'x': {
                if (i + 2 < body.size() + 0 && hex_value(body[i + 1]) >= 0 &&
                    hex_value(body[i + 2]) >= 0) {
                    out->push_back(
                        static_cast<char>(hex_value(body[i + 1]) * 16 + hex_value(body[i + 2])));
                    i += 2;
                } else {
                    *error =
                        "(value error) invalid \\x escape at position " + std::to_string(i - 1);
                    return false;
                }
                break;
            }
            default:
                out->push_back('\\');
                out->push_back(e);
        }
    }
    return true;
}

struct Literal {
    bool raw = false, bytes = false, fstring = false;
    std::string_view body;
    int body_line = 0, body_col = 0;  // where [body] starts in the source
};

Literal split_literal(const Token& t) {
    Literal lit;
    size_t q = t.text.find_first_of("'\"");
    for (char c : t.text.substr(0, q)) {
        if (c == 'r' || c == 'R') lit.raw = true;
        if (c == 'b' || c == 'B') lit.bytes = true;
        if (c == 'f' || c == 'F') lit.fstring = true;
    }
    char quote = t.text[q];
    size_t qlen =
        t.text.size() >= q + 6 && t.text[q + 1] == quote && t.text[q + 2] == quote ? 3 : 1;
    lit.body = t.text.substr(q + qlen, t.text.size() - q - 2 * qlen);
    lit.body_line = t.line;
    lit.body_col = t.col + static_cast<int>(q + qlen);
    return lit;
}

}  // namespace

// ---------------------------------------------------------------- numbers

ExprPtr Parser::number(const Token& t) {
    auto c = make_node<Constant>(span_of(t, t));
    std::string digits;
    for (char ch : t.text) {
        if (ch != '_') digits.push_back(ch);
    }
    char last = digits.back();
    if (last == 'j' || last == 'J') {
        c->value_kind = Constant::Kind::Complex;
        digits.pop_back();
        c->float_value = std::strtod(digits.c_str(), nullptr);
        return c;
    }
    int base = 10;
    size_t skip = 0;
    if (digits.size() > 1 && digits[0] == '0') {
        char p = static_cast<char>(std::tolower(static_cast<unsigned char>(digits[1])));
        if (p == 'x') base = 16, skip = 2;
        if (p == 'o') base = 8, skip = 2;
        if (p == 'b') base = 2, skip = 2;
    }
    if (base == 10 && digits.find_first_of(".eE") != std::string::npos) {
        c->value_kind = Constant::Kind::Float;
        c->float_value = std::strtod(digits.c_str(), nullptr);  // inf for huge values
        return c;
    }
    errno = 0;
    char* end = nullptr;
    unsigned long long v = std::strtoull(digits.c_str() + skip, &end, base);
    if (errno == ERANGE || v > static_cast<unsigned long long>(INT64_MAX)) {
        c->value_kind = Constant::Kind::BigInt;
        c->text = digits;
        return c;
    }
    c->value_kind = Constant::Kind::Int;
    c->int_value = static_cast<int64_t>(v);
    return c;
}

// ---------------------------------------------------------------- strings and f-strings

namespace {

// Builds the values of a JoinedStr: literal text is buffered so adjacent pieces merge into one
// Constant, as CPython does.
struct FStringBuilder {
    ExprList values;
    std::string pending;
    Span span;

    void flush() {
        if (pending.empty()) return;
        auto c = make_node<Constant>(span);
        c->value_kind = Constant::Kind::Str;
        c->text = std::move(pending);
        pending.clear();
        values.push_back(std::move(c));
    }
    void add(ExprPtr e) {
        flush();
        values.push_back(std::move(e));
    }
};

class FStringParser {
  public:
    FStringParser(Parser& p, const Token& t, const Literal& lit)
        : p_(p), tok_(t), lit_(lit), body_(lit.body) {}

    // Parses body_[pos_...] until the end (depth 0) or an unmatched '}' (format specs).
    void parse(FStringBuilder* b, int depth) {
        while (pos_ < body_.size()) {
            char c = body_[pos_];
            if (c == '{') {
                if (depth == 0 && pos_ + 1 < body_.size() && body_[pos_ + 1] == '{') {
                    literal_until(pos_ + 1, b);
                    pos_ += 2;
                    continue;
                }
                field(b, depth);
                continue;
            }
            if (c == '}') {
                if (depth > 0) return;  // end of a format spec
                if (pos_ + 1 < body_.size() && body_[pos_ + 1] == '}') {
                    literal_until(pos_ + 1, b);
                    pos_ += 2;
                    continue;
                }
                fail("f-string: single '}' is not allowed");
            }
            // Literal text up to the next brace; \N{...} braces belong to the escape.
            size_t end = pos_;
            while (end < body_.size() && body_[end] != '{' && body_[end] != '}') {
                if (!lit_.raw && body_[end] == '\\' && end + 2 < body_.size() &&
                    body_[end + 1] == 'N' && body_[end + 2] == '{') {
                    size_t close = body_.find('}', end);
                    end = close == std::string_view::npos ? body_.size() : close + 1;
                    continue;
                }
                // An escape pair, except that a brace after a backslash still opens or
                // closes a field (the backslash stays literal).
                bool pair = body_[end] == '\\' && end + 1 < body_.size() && body_[end + 1] != '{' &&
                            body_[end + 1] != '}';
                end += pair ? 2 : 1;
            }
            literal_until(end, b);
            pos_ = end;
        }
    }

  private:
    [[noreturn]] void fail(std::string message) {
        // CPython reports f-string errors just after the literal.
        LexError e;
        e.message = std::move(message);
        e.line = e.end_line = tok_.end_line;
        e.col = e.end_col = tok_.end_col;
        throw e;
    }

    void literal_until(size_t end, FStringBuilder* b) {
        std::string_view piece = body_.substr(pos_, end - pos_);
        if (lit_.raw) {
            b->pending.append(piece);
            return;
        }
        std::string error;
        if (!decode_str_escapes(piece, &b->pending, &error)) fail(error);
    }

    // Where body_[index] is in the source.
    void position_of(size_t index, int* line, int* col) const {
        *line = lit_.body_line;
        size_t line_start = 0;
        for (size_t i = 0; i < index; ++i) {
            if (body_[i] == '\n') ++*line, line_start = i + 1;
        }
        *col = static_cast<int>(index - line_start) + (line_start == 0 ? lit_.body_col : 0);
    }

    void field(FStringBuilder* b, int depth) {
        if (depth >= 2) fail("f-string: expressions nested too deeply");
        size_t start = ++pos_;  // after '{'
        std::vector<char> stack;
        char quote = 0;
        size_t end = start;
        for (; end < body_.size(); ++end) {
            char c = body_[end];
            if (c == '\\') fail("f-string expression part cannot include a backslash");
            if (quote) {
                if (c == quote) quote = 0;
                continue;
            }
            if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '(' || c == '[' || c == '{') {
                stack.push_back(c);
            } else if (c == ')' || c == ']' || c == '}') {
                if (stack.empty()) {
                    if (c == '}') break;
                    fail(std::string("f-string: unmatched '") + c + "'");
                }
                char open = stack.back();
                char want = open == '(' ? ')' : open == '[' ? ']' : '}';
                if (c != want) {
                    fail(std::string("f-string: closing parenthesis '") + c +
                         "' does not match opening parenthesis '" + open + "'");
                }
                stack.pop_back();
            } else if (c == '#') {
                fail("f-string expression part cannot include '#'");
            } else if (stack.empty()) {
                char next = end + 1 < body_.size() ? body_[end + 1] : '\0';
                if (c == '!' && next != '=') break;
                if (c == ':') break;
                if (c == '=' && next != '=' && end > start &&
                    std::strchr("=!<>", body_[end - 1]) == nullptr) {
                    break;
                }
            }
        }
        if (end >= body_.size()) fail("f-string: expecting '}'");
        std::string_view expr_text = body_.substr(start, end - start);
        if (expr_text.find_first_not_of(" \t\n\r\f") == std::string_view::npos) {
            fail("f-string: empty expression not allowed");
        }
        int line, col;
        position_of(start, &line, &col);
        ExprPtr value;
        {
            Parser sub(p_.source_, p_.mode_, Lexer(expr_text, line, col, true),
                       p_.fstring_depth_ + 1);
            try {
                value = sub.parse_fstring_field();
            } catch (LexError& e) {
                if (e.message.rfind("f-string", 0) != 0) e.message = "f-string: " + e.message;
                e.incomplete = false;
                // CPython 3.11 compiles the field as "(expr)" and reports positions in that
                // text (string_parser.c, fstring_compile_expr).
                if (e.line == line && e.end_line == line && e.raw_offset == LexError::kNoRaw &&
                    e.raw_end_offset == LexError::kNoRaw) {
                    std::string wrapped = "(" + std::string(expr_text) + ")";
                    int rel = e.col - col + 1, rel_end = e.end_col - col + 1;
                    if (rel_end == rel && rel == static_cast<int>(wrapped.size()) - 1) ++rel_end;
                    e.raw_offset = char_offset(wrapped, rel);
                    e.raw_end_offset = char_offset(wrapped, rel_end);
                    e.has_text = true;
                    e.text = wrapped + "\n";
                }
                e.replaces_parser_error = true;
                throw;
            }
        }
        pos_ = end;
        auto fv = make_node<FormattedValue>(b->span);
        fv->value = std::move(value);
        bool debug = false, explicit_conversion = false;
        if (body_[pos_] == '=') {
            // Self-documenting `{expr=}`: the text through '=' and the spaces after it.
            size_t after = pos_ + 1;
            while (after < body_.size() && (body_[after] == ' ' || body_[after] == '\t'))
                ++after;
            b->pending.append(body_.substr(start, after - start));
            pos_ = after;
            debug = true;
        }
        if (pos_ < body_.size() && body_[pos_] == '!') {
            char conv = pos_ + 1 < body_.size() ? body_[pos_ + 1] : '\0';
            if (conv != 's' && conv != 'r' && conv != 'a') {
                fail("f-string: invalid conversion character: expected 's', 'r', or 'a'");
            }
            fv->conversion = conv;
            explicit_conversion = true;
            pos_ += 2;
        }
        if (pos_ < body_.size() && body_[pos_] == ':') {
            ++pos_;
            FStringBuilder spec;
            spec.span = b->span;
            parse(&spec, depth + 1);
            spec.flush();
            auto js = make_node<JoinedStr>(b->span);
            js->values = std::move(spec.values);
            fv->format_spec = std::move(js);
        }
        // `{x=}` shows repr unless a conversion or a format spec says otherwise.
        if (debug && !explicit_conversion && !fv->format_spec) fv->conversion = 'r';
        if (pos_ >= body_.size() || body_[pos_] != '}') fail("f-string: expecting '}'");
        ++pos_;
        b->add(std::move(fv));
    }

    Parser& p_;
    const Token& tok_;
    const Literal& lit_;
    std::string_view body_;
    size_t pos_ = 0;
};

}  // namespace

ExprPtr Parser::parse_fstring_field() {
    paren_depth_ = 1;  // CPython parses the field as if it were parenthesized
    ExprPtr e = at_kw("yield") ? yield_expression() : star_expressions();
    if (tok().kind != TokenKind::EndMarker) {
        if (at_op("=")) check_stray_assignment(*e);
        fail_after_expression(*e);
    }
    return e;
}

ExprPtr Parser::strings() {
    Token first = tok();
    std::vector<Token> toks;
    while (tok().kind == TokenKind::String)
        toks.push_back(take());
    Span span = span_of(first, last_);
    bool any_bytes = false, any_str = false, any_f = false;
    std::vector<Literal> lits;
    for (const Token& t : toks) {
        lits.push_back(split_literal(t));
        (lits.back().bytes ? any_bytes : any_str) = true;
        any_f |= lits.back().fstring;
    }
    if (any_bytes && any_str) fail_token(tok(), "cannot mix bytes and nonbytes literals");
    if (any_bytes) {
        auto c = make_node<Constant>(span);
        c->value_kind = Constant::Kind::Bytes;
        for (size_t i = 0; i < lits.size(); ++i) {
            for (char ch : lits[i].body) {
                if (static_cast<unsigned char>(ch) >= 0x80) {
                    fail_token(toks[i], "bytes can only contain ASCII literal characters");
                }
            }
            std::string error;
            if (lits[i].raw) {
                c->text.append(lits[i].body);
            } else if (!decode_bytes_escapes(lits[i].body, &c->text, &error)) {
                fail_token(tok(), error);
            }
        }
        return c;
    }
    FStringBuilder b;
    b.span = span;
    for (size_t i = 0; i < lits.size(); ++i) {
        if (lits[i].fstring) {
            FStringParser fp(*this, toks[i], lits[i]);
            fp.parse(&b, 0);
        } else if (lits[i].raw) {
            b.pending.append(lits[i].body);
        } else {
            std::string error;
            if (!decode_str_escapes(lits[i].body, &b.pending, &error)) fail_token(tok(), error);
        }
    }
    if (!any_f) {
        auto c = make_node<Constant>(span);
        c->value_kind = Constant::Kind::Str;
        c->text = std::move(b.pending);
        return c;
    }
    b.flush();
    auto js = make_node<JoinedStr>(span);
    js->values = std::move(b.values);
    return js;
}

}  // namespace gilpy::interpreter
