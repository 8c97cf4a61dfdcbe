// The format-specification mini-language
// ("[[fill]align][sign][z][#][0][width][grouping][.precision][type]") shared by format(),
// str.format() and f-strings for int, float and str (CPython's Python/formatter_unicode.c
// behaviour, messages word for word).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "runtime/value.hpp"

namespace gilpy::runtime {

struct ThreadState;

struct FormatSpec {
    uint32_t fill = ' ';       // a code point
    char align = 0;            // '<', '>', '^', '=' or 0 (the type's default)
    char sign = 0;             // '+', '-', ' ' or 0
    bool no_neg_zero = false;  // 'z'
    bool alternate = false;    // '#'
    bool zero_pad = false;     // '0' before the width
    int64_t width = -1;
    char grouping = 0;  // ',' or '_' or 0
    int64_t precision = -1;
    char type = 0;  // 'd', 'f', 's', ... or 0
};

// Parses [spec]; raises ValueError ("Invalid format specifier") and returns false when malformed.
// A '0' before the width (without an explicit fill) sets fill '0' and zero_pad but leaves align
// alone: numbers then default to '=' alignment, strings to '<', as in CPython.
[[nodiscard]] bool parse_format_spec(ThreadState& ts, std::string_view spec, FormatSpec* out);
// The same, naming the formatted type in the error, as format() does: "Invalid format specifier
// 'abc' for object of type 'int'".
[[nodiscard]] bool parse_format_spec(ThreadState& ts, std::string_view spec, const char* type_name,
                                     FormatSpec* out);

// Pads [text] (UTF-8, [length] code points) to the spec's width with its fill and alignment
// ([default_align] when the spec has none); appends to [out].
void format_pad(const FormatSpec& spec, std::string_view text, int64_t length, char default_align,
                std::string* out);

// format(value, spec) for each builtin kind; null when raised (ValueError "Unknown format code
// 'x' for object of type 'str'", "Sign not allowed in string format specifier", ...).
Owned format_int(ThreadState& ts, Value v, std::string_view spec);
Owned format_float(ThreadState& ts, double d, std::string_view spec);
Owned format_str(ThreadState& ts, Value s, std::string_view spec);

}  // namespace gilpy::runtime
