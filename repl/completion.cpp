// Tab completion through the public API only: __main__'s globals, the builtins module, dir(),
// getattr() and callable(), as python3's rlcompleter computes them.
#include "repl/completion.hpp"

#include <readline/readline.h>

#include <cctype>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <optional>
#include <set>

namespace gilpy::repl {

namespace {

// Python 3.11's keyword.kwlist.
const char* const kKeywords[] = {
    "False", "None",     "True",  "and",    "as",   "assert", "async",  "await",    "break",
    "class", "continue", "def",   "del",    "elif", "else",   "except", "finally",  "for",
    "from",  "global",   "if",    "import", "in",   "is",     "lambda", "nonlocal", "not",
    "or",    "pass",     "raise", "return", "try",  "while",  "with",   "yield",
};

bool starts_with(const std::string& s, const std::string& prefix) {
    return s.compare(0, prefix.size(), prefix) == 0;
}

// [word] with '(' appended when [value] is callable (rlcompleter's _callable_postfix).
std::string callable_postfix(const Object& callable, const Object& value, std::string word) {
    try {
        if (callable(value).truthy()) word += '(';
    } catch (const ScriptError&) {
    }
    return word;
}

// The string keys of a dict (or of a module's __dict__) and their values.
std::vector<std::pair<std::string, Object>> string_items(const Object& mapping) {
    std::vector<std::pair<std::string, Object>> out;
    std::vector<Object> keys = mapping.attr("keys")().cast<std::vector<Object>>();
    for (const Object& key : keys) {
        if (key.type_name() != "str") continue;
        out.emplace_back(key.cast<std::string>(), mapping.item(key));
    }
    return out;
}

std::vector<std::string> global_matches(Interpreter& interp, const std::string& text) {
    std::vector<std::string> matches;
    std::set<std::string> seen = {"__builtins__"};
    for (const char* kw : kKeywords) {
        std::string word = kw;
        if (!starts_with(word, text)) continue;
        seen.insert(word);
        if (word == "finally" || word == "try") {
            word += ':';
        } else if (word != "False" && word != "None" && word != "True" && word != "break" &&
                   word != "continue" && word != "pass" && word != "else") {
            word += ' ';
        }
        matches.push_back(word);
    }
    Object builtins = interp.import_module("builtins");
    Object callable = builtins.attr("callable");
    for (const Object& space : {interp.globals(), builtins.attr("__dict__")}) {
        for (auto& [name, value] : string_items(space)) {
            if (!starts_with(name, text) || !seen.insert(name).second) continue;
            matches.push_back(callable_postfix(callable, value, name));
        }
    }
    return matches;
}

// True if [expr] is a dotted sequence of \w+ words ("os.path", "x", "1"): the only expressions
// the completer evaluates, so completing never calls arbitrary code beyond attribute lookups.
bool is_dotted_name(const std::string& expr) {
    if (expr.empty()) return false;
    bool word_started = false;
    for (char c : expr) {
        if (c == '.') {
            if (!word_started) return false;
            word_started = false;
        } else if (std::isalnum(static_cast<unsigned char>(c)) || c == '_' ||
                   static_cast<unsigned char>(c) >= 0x80) {
            word_started = true;
        } else {
            return false;
        }
    }
    return word_started;
}

std::vector<std::string> attr_matches(Interpreter& interp, const std::string& text) {
    size_t dot = text.rfind('.');
    std::string expr = text.substr(0, dot);
    std::string attr = text.substr(dot + 1);
    if (!is_dotted_name(expr) || (!attr.empty() && !is_dotted_name(attr))) return {};
    Object obj = interp.eval(expr);
    Object builtins = interp.import_module("builtins");
    Object dir = builtins.attr("dir");
    Object callable = builtins.attr("callable");
    Object type = builtins.attr("type")(obj);
    std::set<std::string> words;
    for (const Object& source : {obj, type}) {
        for (const Object& w : dir(source).cast<std::vector<Object>>()) {
            if (w.type_name() == "str") words.insert(w.cast<std::string>());
        }
    }
    words.erase("__builtins__");
    words.insert("__class__");
    std::optional<Object> property;
    if (builtins.has_attr("property")) property = builtins.attr("property");
    Object isinstance = builtins.attr("isinstance");
    Object getattr = builtins.attr("getattr");

    std::string noprefix = attr.empty() ? "_" : attr == "_" ? "__" : "";
    std::vector<std::string> matches;
    while (true) {
        for (const std::string& word : words) {
            if (!starts_with(word, attr)) continue;
            if (!noprefix.empty() && starts_with(word, noprefix)) continue;
            std::string match = expr + "." + word;
            // A property is not evaluated (its getter may do anything) and gets no '('.
            if (property && isinstance(getattr(type, word, nullptr), *property).truthy()) {
                matches.push_back(match);
                continue;
            }
            Object value;
            try {
                value = obj.attr(word);
            } catch (const ScriptError&) {
                matches.push_back(match);
                continue;
            }
            matches.push_back(value.is_none() ? match : callable_postfix(callable, value, match));
        }
        if (!matches.empty() || noprefix.empty()) break;
        noprefix = noprefix == "_" ? "__" : "";
    }
    return matches;
}

Interpreter* g_interp = nullptr;
std::vector<std::string> g_matches;

char* next_match(const char*, int state) {
    static size_t index;
    if (state == 0) index = 0;
    if (index >= g_matches.size()) return nullptr;
    return strdup(g_matches[index++].c_str());
}

char** attempt_completion(const char* text, int, int) {
    rl_attempted_completion_over = 1;  // never fall back to file names
    rl_completion_append_character = '\0';
    std::string word = text;
    if (word.find_first_not_of(" \t") == std::string::npos) {
        // As python3: Tab with nothing to complete indents.
        rl_insert_text("\t");
        return nullptr;
    }
    try {
        GilAcquire gil;  // the REPL released the GIL while waiting for input
        g_matches = completions(*g_interp, word);
    } catch (const std::exception&) {
        g_matches.clear();  // nothing may unwind through readline's C frames
    }
    if (g_matches.empty()) return nullptr;
    return rl_completion_matches(text, next_match);
}

}  // namespace

std::vector<std::string> completions(Interpreter& interp, const std::string& text) {
    try {
        if (text.find('.') != std::string::npos) return attr_matches(interp, text);
        return global_matches(interp, text);
    } catch (const ScriptError&) {
        return {};  // as rlcompleter: a failing evaluation or lookup offers nothing
    } catch (const std::exception&) {
        return {};  // never let an exception unwind through readline's C frames
    }
}

void install_readline_completer(Interpreter& interp) {
    g_interp = &interp;
    // python3's delimiters: '.' is part of the word so "obj.at<Tab>" completes attributes.
    static char delimiters[] = " \t\n`~!@#$%^&*()-=+[{]}\\|;:'\",<>/?";
    rl_completer_word_break_characters = delimiters;
    rl_attempted_completion_function = attempt_completion;
}

}  // namespace gilpy::repl
