// str: immutable Unicode text stored as UTF-8 with its code point count cached. ASCII strings
// (flagged) index in O(1); others walk the bytes. The empty str and every one-character str
// below U+0100 are process-wide immortal singletons, so indexing and iterating ASCII text never
// allocates. The Unicode character classes CPython answers from its database come from small
// range tables (generated from python3's unicodedata) and, for letters and case mapping, from
// glibc's C.UTF-8 locale, opened once and never made process-global.
#include "runtime/types/str.hpp"

#include <fmt/format.h>
#include <locale.h>
#include <malloc.h>
#include <wctype.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <new>
#include <string>
#include <vector>

#include "runtime/abstract.hpp"
#include "runtime/args.hpp"
#include "runtime/exceptions.hpp"
#include "runtime/format_spec.hpp"
#include "runtime/interpreter_state.hpp"
#include "runtime/str_format.hpp"
#include "runtime/types/bytes.hpp"
#include "runtime/types/dict.hpp"
#include "runtime/types/int.hpp"
#include "runtime/types/list.hpp"
#include "runtime/types/slice.hpp"
#include "runtime/types/tuple.hpp"

namespace gilpy::runtime {

// ---------------------------------------------------------------------------------------------
// Unicode character classes

namespace {

struct CodeRange {
    uint32_t first, last;
};

// Code points >= 0x80 that str.isprintable() rejects (categories C*, Z* except space).
constexpr CodeRange kNonPrintable[] = {
    {0x80, 0xA0},       {0xAD, 0xAD},       {0x378, 0x379},     {0x380, 0x383},
    {0x38B, 0x38B},     {0x38D, 0x38D},     {0x3A2, 0x3A2},     {0x530, 0x530},
    {0x557, 0x558},     {0x58B, 0x58C},     {0x590, 0x590},     {0x5C8, 0x5CF},
    {0x5EB, 0x5EE},     {0x5F5, 0x605},     {0x61C, 0x61C},     {0x6DD, 0x6DD},
    {0x70E, 0x70F},     {0x74B, 0x74C},     {0x7B2, 0x7BF},     {0x7FB, 0x7FC},
    {0x82E, 0x82F},     {0x83F, 0x83F},     {0x85C, 0x85D},     {0x85F, 0x85F},
    {0x86B, 0x86F},     {0x88F, 0x897},     {0x8E2, 0x8E2},     {0x984, 0x984},
    {0x98D, 0x98E},     {0x991, 0x992},     {0x9A9, 0x9A9},     {0x9B1, 0x9B1},
    {0x9B3, 0x9B5},     {0x9BA, 0x9BB},     {0x9C5, 0x9C6},     {0x9C9, 0x9CA},
    {0x9CF, 0x9D6},     {0x9D8, 0x9DB},     {0x9DE, 0x9DE},     {0x9E4, 0x9E5},
    {0x9FF, 0xA00},     {0xA04, 0xA04},     {0xA0B, 0xA0E},     {0xA11, 0xA12},
    {0xA29, 0xA29},     {0xA31, 0xA31},     {0xA34, 0xA34},     {0xA37, 0xA37},
    {0xA3A, 0xA3B},     {0xA3D, 0xA3D},     {0xA43, 0xA46},     {0xA49, 0xA4A},
    {0xA4E, 0xA50},     {0xA52, 0xA58},     {0xA5D, 0xA5D},     {0xA5F, 0xA65},
    {0xA77, 0xA80},     {0xA84, 0xA84},     {0xA8E, 0xA8E},     {0xA92, 0xA92},
    {0xAA9, 0xAA9},     {0xAB1, 0xAB1},     {0xAB4, 0xAB4},     {0xABA, 0xABB},
    {0xAC6, 0xAC6},     {0xACA, 0xACA},     {0xACE, 0xACF},     {0xAD1, 0xADF},
    {0xAE4, 0xAE5},     {0xAF2, 0xAF8},     {0xB00, 0xB00},     {0xB04, 0xB04},
    {0xB0D, 0xB0E},     {0xB11, 0xB12},     {0xB29, 0xB29},     {0xB31, 0xB31},
    {0xB34, 0xB34},     {0xB3A, 0xB3B},     {0xB45, 0xB46},     {0xB49, 0xB4A},
    {0xB4E, 0xB54},     {0xB58, 0xB5B},     {0xB5E, 0xB5E},     {0xB64, 0xB65},
    {0xB78, 0xB81},     {0xB84, 0xB84},     {0xB8B, 0xB8D},     {0xB91, 0xB91},
    {0xB96, 0xB98},     {0xB9B, 0xB9B},     {0xB9D, 0xB9D},     {0xBA0, 0xBA2},
    {0xBA5, 0xBA7},     {0xBAB, 0xBAD},     {0xBBA, 0xBBD},     {0xBC3, 0xBC5},
    {0xBC9, 0xBC9},     {0xBCE, 0xBCF},     {0xBD1, 0xBD6},     {0xBD8, 0xBE5},
    {0xBFB, 0xBFF},     {0xC0D, 0xC0D},     {0xC11, 0xC11},     {0xC29, 0xC29},
    {0xC3A, 0xC3B},     {0xC45, 0xC45},     {0xC49, 0xC49},     {0xC4E, 0xC54},
    {0xC57, 0xC57},     {0xC5B, 0xC5C},     {0xC5E, 0xC5F},     {0xC64, 0xC65},
    {0xC70, 0xC76},     {0xC8D, 0xC8D},     {0xC91, 0xC91},     {0xCA9, 0xCA9},
    {0xCB4, 0xCB4},     {0xCBA, 0xCBB},     {0xCC5, 0xCC5},     {0xCC9, 0xCC9},
    {0xCCE, 0xCD4},     {0xCD7, 0xCDC},     {0xCDF, 0xCDF},     {0xCE4, 0xCE5},
    {0xCF0, 0xCF0},     {0xCF3, 0xCFF},     {0xD0D, 0xD0D},     {0xD11, 0xD11},
    {0xD45, 0xD45},     {0xD49, 0xD49},     {0xD50, 0xD53},     {0xD64, 0xD65},
    {0xD80, 0xD80},     {0xD84, 0xD84},     {0xD97, 0xD99},     {0xDB2, 0xDB2},
    {0xDBC, 0xDBC},     {0xDBE, 0xDBF},     {0xDC7, 0xDC9},     {0xDCB, 0xDCE},
    {0xDD5, 0xDD5},     {0xDD7, 0xDD7},     {0xDE0, 0xDE5},     {0xDF0, 0xDF1},
    {0xDF5, 0xE00},     {0xE3B, 0xE3E},     {0xE5C, 0xE80},     {0xE83, 0xE83},
    {0xE85, 0xE85},     {0xE8B, 0xE8B},     {0xEA4, 0xEA4},     {0xEA6, 0xEA6},
    {0xEBE, 0xEBF},     {0xEC5, 0xEC5},     {0xEC7, 0xEC7},     {0xECE, 0xECF},
    {0xEDA, 0xEDB},     {0xEE0, 0xEFF},     {0xF48, 0xF48},     {0xF6D, 0xF70},
    {0xF98, 0xF98},     {0xFBD, 0xFBD},     {0xFCD, 0xFCD},     {0xFDB, 0xFFF},
    {0x10C6, 0x10C6},   {0x10C8, 0x10CC},   {0x10CE, 0x10CF},   {0x1249, 0x1249},
    {0x124E, 0x124F},   {0x1257, 0x1257},   {0x1259, 0x1259},   {0x125E, 0x125F},
    {0x1289, 0x1289},   {0x128E, 0x128F},   {0x12B1, 0x12B1},   {0x12B6, 0x12B7},
    {0x12BF, 0x12BF},   {0x12C1, 0x12C1},   {0x12C6, 0x12C7},   {0x12D7, 0x12D7},
    {0x1311, 0x1311},   {0x1316, 0x1317},   {0x135B, 0x135C},   {0x137D, 0x137F},
    {0x139A, 0x139F},   {0x13F6, 0x13F7},   {0x13FE, 0x13FF},   {0x1680, 0x1680},
    {0x169D, 0x169F},   {0x16F9, 0x16FF},   {0x1716, 0x171E},   {0x1737, 0x173F},
    {0x1754, 0x175F},   {0x176D, 0x176D},   {0x1771, 0x1771},   {0x1774, 0x177F},
    {0x17DE, 0x17DF},   {0x17EA, 0x17EF},   {0x17FA, 0x17FF},   {0x180E, 0x180E},
    {0x181A, 0x181F},   {0x1879, 0x187F},   {0x18AB, 0x18AF},   {0x18F6, 0x18FF},
    {0x191F, 0x191F},   {0x192C, 0x192F},   {0x193C, 0x193F},   {0x1941, 0x1943},
    {0x196E, 0x196F},   {0x1975, 0x197F},   {0x19AC, 0x19AF},   {0x19CA, 0x19CF},
    {0x19DB, 0x19DD},   {0x1A1C, 0x1A1D},   {0x1A5F, 0x1A5F},   {0x1A7D, 0x1A7E},
    {0x1A8A, 0x1A8F},   {0x1A9A, 0x1A9F},   {0x1AAE, 0x1AAF},   {0x1ACF, 0x1AFF},
    {0x1B4D, 0x1B4F},   {0x1B7F, 0x1B7F},   {0x1BF4, 0x1BFB},   {0x1C38, 0x1C3A},
    {0x1C4A, 0x1C4C},   {0x1C89, 0x1C8F},   {0x1CBB, 0x1CBC},   {0x1CC8, 0x1CCF},
    {0x1CFB, 0x1CFF},   {0x1F16, 0x1F17},   {0x1F1E, 0x1F1F},   {0x1F46, 0x1F47},
    {0x1F4E, 0x1F4F},   {0x1F58, 0x1F58},   {0x1F5A, 0x1F5A},   {0x1F5C, 0x1F5C},
    {0x1F5E, 0x1F5E},   {0x1F7E, 0x1F7F},   {0x1FB5, 0x1FB5},   {0x1FC5, 0x1FC5},
    {0x1FD4, 0x1FD5},   {0x1FDC, 0x1FDC},   {0x1FF0, 0x1FF1},   {0x1FF5, 0x1FF5},
    {0x1FFF, 0x200F},   {0x2028, 0x202F},   {0x205F, 0x206F},   {0x2072, 0x2073},
    {0x208F, 0x208F},   {0x209D, 0x209F},   {0x20C1, 0x20CF},   {0x20F1, 0x20FF},
    {0x218C, 0x218F},   {0x2427, 0x243F},   {0x244B, 0x245F},   {0x2B74, 0x2B75},
    {0x2B96, 0x2B96},   {0x2CF4, 0x2CF8},   {0x2D26, 0x2D26},   {0x2D28, 0x2D2C},
    {0x2D2E, 0x2D2F},   {0x2D68, 0x2D6E},   {0x2D71, 0x2D7E},   {0x2D97, 0x2D9F},
    {0x2DA7, 0x2DA7},   {0x2DAF, 0x2DAF},   {0x2DB7, 0x2DB7},   {0x2DBF, 0x2DBF},
    {0x2DC7, 0x2DC7},   {0x2DCF, 0x2DCF},   {0x2DD7, 0x2DD7},   {0x2DDF, 0x2DDF},
    {0x2E5E, 0x2E7F},   {0x2E9A, 0x2E9A},   {0x2EF4, 0x2EFF},   {0x2FD6, 0x2FEF},
    {0x2FFC, 0x3000},   {0x3040, 0x3040},   {0x3097, 0x3098},   {0x3100, 0x3104},
    {0x3130, 0x3130},   {0x318F, 0x318F},   {0x31E4, 0x31EF},   {0x321F, 0x321F},
    {0xA48D, 0xA48F},   {0xA4C7, 0xA4CF},   {0xA62C, 0xA63F},   {0xA6F8, 0xA6FF},
    {0xA7CB, 0xA7CF},   {0xA7D2, 0xA7D2},   {0xA7D4, 0xA7D4},   {0xA7DA, 0xA7F1},
    {0xA82D, 0xA82F},   {0xA83A, 0xA83F},   {0xA878, 0xA87F},   {0xA8C6, 0xA8CD},
    {0xA8DA, 0xA8DF},   {0xA954, 0xA95E},   {0xA97D, 0xA97F},   {0xA9CE, 0xA9CE},
    {0xA9DA, 0xA9DD},   {0xA9FF, 0xA9FF},   {0xAA37, 0xAA3F},   {0xAA4E, 0xAA4F},
    {0xAA5A, 0xAA5B},   {0xAAC3, 0xAADA},   {0xAAF7, 0xAB00},   {0xAB07, 0xAB08},
    {0xAB0F, 0xAB10},   {0xAB17, 0xAB1F},   {0xAB27, 0xAB27},   {0xAB2F, 0xAB2F},
    {0xAB6C, 0xAB6F},   {0xABEE, 0xABEF},   {0xABFA, 0xABFF},   {0xD7A4, 0xD7AF},
    {0xD7C7, 0xD7CA},   {0xD7FC, 0xF8FF},   {0xFA6E, 0xFA6F},   {0xFADA, 0xFAFF},
    {0xFB07, 0xFB12},   {0xFB18, 0xFB1C},   {0xFB37, 0xFB37},   {0xFB3D, 0xFB3D},
    {0xFB3F, 0xFB3F},   {0xFB42, 0xFB42},   {0xFB45, 0xFB45},   {0xFBC3, 0xFBD2},
    {0xFD90, 0xFD91},   {0xFDC8, 0xFDCE},   {0xFDD0, 0xFDEF},   {0xFE1A, 0xFE1F},
    {0xFE53, 0xFE53},   {0xFE67, 0xFE67},   {0xFE6C, 0xFE6F},   {0xFE75, 0xFE75},
    {0xFEFD, 0xFF00},   {0xFFBF, 0xFFC1},   {0xFFC8, 0xFFC9},   {0xFFD0, 0xFFD1},
    {0xFFD8, 0xFFD9},   {0xFFDD, 0xFFDF},   {0xFFE7, 0xFFE7},   {0xFFEF, 0xFFFB},
    {0xFFFE, 0xFFFF},   {0x1000C, 0x1000C}, {0x10027, 0x10027}, {0x1003B, 0x1003B},
    {0x1003E, 0x1003E}, {0x1004E, 0x1004F}, {0x1005E, 0x1007F}, {0x100FB, 0x100FF},
    {0x10103, 0x10106}, {0x10134, 0x10136}, {0x1018F, 0x1018F}, {0x1019D, 0x1019F},
    {0x101A1, 0x101CF}, {0x101FE, 0x1027F}, {0x1029D, 0x1029F}, {0x102D1, 0x102DF},
    {0x102FC, 0x102FF}, {0x10324, 0x1032C}, {0x1034B, 0x1034F}, {0x1037B, 0x1037F},
    {0x1039E, 0x1039E}, {0x103C4, 0x103C7}, {0x103D6, 0x103FF}, {0x1049E, 0x1049F},
    {0x104AA, 0x104AF}, {0x104D4, 0x104D7}, {0x104FC, 0x104FF}, {0x10528, 0x1052F},
    {0x10564, 0x1056E}, {0x1057B, 0x1057B}, {0x1058B, 0x1058B}, {0x10593, 0x10593},
    {0x10596, 0x10596}, {0x105A2, 0x105A2}, {0x105B2, 0x105B2}, {0x105BA, 0x105BA},
    {0x105BD, 0x105FF}, {0x10737, 0x1073F}, {0x10756, 0x1075F}, {0x10768, 0x1077F},
    {0x10786, 0x10786}, {0x107B1, 0x107B1}, {0x107BB, 0x107FF}, {0x10806, 0x10807},
    {0x10809, 0x10809}, {0x10836, 0x10836}, {0x10839, 0x1083B}, {0x1083D, 0x1083E},
    {0x10856, 0x10856}, {0x1089F, 0x108A6}, {0x108B0, 0x108DF}, {0x108F3, 0x108F3},
    {0x108F6, 0x108FA}, {0x1091C, 0x1091E}, {0x1093A, 0x1093E}, {0x10940, 0x1097F},
    {0x109B8, 0x109BB}, {0x109D0, 0x109D1}, {0x10A04, 0x10A04}, {0x10A07, 0x10A0B},
    {0x10A14, 0x10A14}, {0x10A18, 0x10A18}, {0x10A36, 0x10A37}, {0x10A3B, 0x10A3E},
    {0x10A49, 0x10A4F}, {0x10A59, 0x10A5F}, {0x10AA0, 0x10ABF}, {0x10AE7, 0x10AEA},
    {0x10AF7, 0x10AFF}, {0x10B36, 0x10B38}, {0x10B56, 0x10B57}, {0x10B73, 0x10B77},
    {0x10B92, 0x10B98}, {0x10B9D, 0x10BA8}, {0x10BB0, 0x10BFF}, {0x10C49, 0x10C7F},
    {0x10CB3, 0x10CBF}, {0x10CF3, 0x10CF9}, {0x10D28, 0x10D2F}, {0x10D3A, 0x10E5F},
    {0x10E7F, 0x10E7F}, {0x10EAA, 0x10EAA}, {0x10EAE, 0x10EAF}, {0x10EB2, 0x10EFF},
    {0x10F28, 0x10F2F}, {0x10F5A, 0x10F6F}, {0x10F8A, 0x10FAF}, {0x10FCC, 0x10FDF},
    {0x10FF7, 0x10FFF}, {0x1104E, 0x11051}, {0x11076, 0x1107E}, {0x110BD, 0x110BD},
    {0x110C3, 0x110CF}, {0x110E9, 0x110EF}, {0x110FA, 0x110FF}, {0x11135, 0x11135},
    {0x11148, 0x1114F}, {0x11177, 0x1117F}, {0x111E0, 0x111E0}, {0x111F5, 0x111FF},
    {0x11212, 0x11212}, {0x1123F, 0x1127F}, {0x11287, 0x11287}, {0x11289, 0x11289},
    {0x1128E, 0x1128E}, {0x1129E, 0x1129E}, {0x112AA, 0x112AF}, {0x112EB, 0x112EF},
    {0x112FA, 0x112FF}, {0x11304, 0x11304}, {0x1130D, 0x1130E}, {0x11311, 0x11312},
    {0x11329, 0x11329}, {0x11331, 0x11331}, {0x11334, 0x11334}, {0x1133A, 0x1133A},
    {0x11345, 0x11346}, {0x11349, 0x1134A}, {0x1134E, 0x1134F}, {0x11351, 0x11356},
    {0x11358, 0x1135C}, {0x11364, 0x11365}, {0x1136D, 0x1136F}, {0x11375, 0x113FF},
    {0x1145C, 0x1145C}, {0x11462, 0x1147F}, {0x114C8, 0x114CF}, {0x114DA, 0x1157F},
    {0x115B6, 0x115B7}, {0x115DE, 0x115FF}, {0x11645, 0x1164F}, {0x1165A, 0x1165F},
    {0x1166D, 0x1167F}, {0x116BA, 0x116BF}, {0x116CA, 0x116FF}, {0x1171B, 0x1171C},
    {0x1172C, 0x1172F}, {0x11747, 0x117FF}, {0x1183C, 0x1189F}, {0x118F3, 0x118FE},
    {0x11907, 0x11908}, {0x1190A, 0x1190B}, {0x11914, 0x11914}, {0x11917, 0x11917},
    {0x11936, 0x11936}, {0x11939, 0x1193A}, {0x11947, 0x1194F}, {0x1195A, 0x1199F},
    {0x119A8, 0x119A9}, {0x119D8, 0x119D9}, {0x119E5, 0x119FF}, {0x11A48, 0x11A4F},
    {0x11AA3, 0x11AAF}, {0x11AF9, 0x11BFF}, {0x11C09, 0x11C09}, {0x11C37, 0x11C37},
    {0x11C46, 0x11C4F}, {0x11C6D, 0x11C6F}, {0x11C90, 0x11C91}, {0x11CA8, 0x11CA8},
    {0x11CB7, 0x11CFF}, {0x11D07, 0x11D07}, {0x11D0A, 0x11D0A}, {0x11D37, 0x11D39},
    {0x11D3B, 0x11D3B}, {0x11D3E, 0x11D3E}, {0x11D48, 0x11D4F}, {0x11D5A, 0x11D5F},
    {0x11D66, 0x11D66}, {0x11D69, 0x11D69}, {0x11D8F, 0x11D8F}, {0x11D92, 0x11D92},
    {0x11D99, 0x11D9F}, {0x11DAA, 0x11EDF}, {0x11EF9, 0x11FAF}, {0x11FB1, 0x11FBF},
    {0x11FF2, 0x11FFE}, {0x1239A, 0x123FF}, {0x1246F, 0x1246F}, {0x12475, 0x1247F},
    {0x12544, 0x12F8F}, {0x12FF3, 0x12FFF}, {0x1342F, 0x143FF}, {0x14647, 0x167FF},
    {0x16A39, 0x16A3F}, {0x16A5F, 0x16A5F}, {0x16A6A, 0x16A6D}, {0x16ABF, 0x16ABF},
    {0x16ACA, 0x16ACF}, {0x16AEE, 0x16AEF}, {0x16AF6, 0x16AFF}, {0x16B46, 0x16B4F},
    {0x16B5A, 0x16B5A}, {0x16B62, 0x16B62}, {0x16B78, 0x16B7C}, {0x16B90, 0x16E3F},
    {0x16E9B, 0x16EFF}, {0x16F4B, 0x16F4E}, {0x16F88, 0x16F8E}, {0x16FA0, 0x16FDF},
    {0x16FE5, 0x16FEF}, {0x16FF2, 0x16FFF}, {0x187F8, 0x187FF}, {0x18CD6, 0x18CFF},
    {0x18D09, 0x1AFEF}, {0x1AFF4, 0x1AFF4}, {0x1AFFC, 0x1AFFC}, {0x1AFFF, 0x1AFFF},
    {0x1B123, 0x1B14F}, {0x1B153, 0x1B163}, {0x1B168, 0x1B16F}, {0x1B2FC, 0x1BBFF},
    {0x1BC6B, 0x1BC6F}, {0x1BC7D, 0x1BC7F}, {0x1BC89, 0x1BC8F}, {0x1BC9A, 0x1BC9B},
    {0x1BCA0, 0x1CEFF}, {0x1CF2E, 0x1CF2F}, {0x1CF47, 0x1CF4F}, {0x1CFC4, 0x1CFFF},
    {0x1D0F6, 0x1D0FF}, {0x1D127, 0x1D128}, {0x1D173, 0x1D17A}, {0x1D1EB, 0x1D1FF},
    {0x1D246, 0x1D2DF}, {0x1D2F4, 0x1D2FF}, {0x1D357, 0x1D35F}, {0x1D379, 0x1D3FF},
    {0x1D455, 0x1D455}, {0x1D49D, 0x1D49D}, {0x1D4A0, 0x1D4A1}, {0x1D4A3, 0x1D4A4},
    {0x1D4A7, 0x1D4A8}, {0x1D4AD, 0x1D4AD}, {0x1D4BA, 0x1D4BA}, {0x1D4BC, 0x1D4BC},
    {0x1D4C4, 0x1D4C4}, {0x1D506, 0x1D506}, {0x1D50B, 0x1D50C}, {0x1D515, 0x1D515},
    {0x1D51D, 0x1D51D}, {0x1D53A, 0x1D53A}, {0x1D53F, 0x1D53F}, {0x1D545, 0x1D545},
    {0x1D547, 0x1D549}, {0x1D551, 0x1D551}, {0x1D6A6, 0x1D6A7}, {0x1D7CC, 0x1D7CD},
    {0x1DA8C, 0x1DA9A}, {0x1DAA0, 0x1DAA0}, {0x1DAB0, 0x1DEFF}, {0x1DF1F, 0x1DFFF},
    {0x1E007, 0x1E007}, {0x1E019, 0x1E01A}, {0x1E022, 0x1E022}, {0x1E025, 0x1E025},
    {0x1E02B, 0x1E0FF}, {0x1E12D, 0x1E12F}, {0x1E13E, 0x1E13F}, {0x1E14A, 0x1E14D},
    {0x1E150, 0x1E28F}, {0x1E2AF, 0x1E2BF}, {0x1E2FA, 0x1E2FE}, {0x1E300, 0x1E7DF},
    {0x1E7E7, 0x1E7E7}, {0x1E7EC, 0x1E7EC}, {0x1E7EF, 0x1E7EF}, {0x1E7FF, 0x1E7FF},
    {0x1E8C5, 0x1E8C6}, {0x1E8D7, 0x1E8FF}, {0x1E94C, 0x1E94F}, {0x1E95A, 0x1E95D},
    {0x1E960, 0x1EC70}, {0x1ECB5, 0x1ED00}, {0x1ED3E, 0x1EDFF}, {0x1EE04, 0x1EE04},
    {0x1EE20, 0x1EE20}, {0x1EE23, 0x1EE23}, {0x1EE25, 0x1EE26}, {0x1EE28, 0x1EE28},
    {0x1EE33, 0x1EE33}, {0x1EE38, 0x1EE38}, {0x1EE3A, 0x1EE3A}, {0x1EE3C, 0x1EE41},
    {0x1EE43, 0x1EE46}, {0x1EE48, 0x1EE48}, {0x1EE4A, 0x1EE4A}, {0x1EE4C, 0x1EE4C},
    {0x1EE50, 0x1EE50}, {0x1EE53, 0x1EE53}, {0x1EE55, 0x1EE56}, {0x1EE58, 0x1EE58},
    {0x1EE5A, 0x1EE5A}, {0x1EE5C, 0x1EE5C}, {0x1EE5E, 0x1EE5E}, {0x1EE60, 0x1EE60},
    {0x1EE63, 0x1EE63}, {0x1EE65, 0x1EE66}, {0x1EE6B, 0x1EE6B}, {0x1EE73, 0x1EE73},
    {0x1EE78, 0x1EE78}, {0x1EE7D, 0x1EE7D}, {0x1EE7F, 0x1EE7F}, {0x1EE8A, 0x1EE8A},
    {0x1EE9C, 0x1EEA0}, {0x1EEA4, 0x1EEA4}, {0x1EEAA, 0x1EEAA}, {0x1EEBC, 0x1EEEF},
    {0x1EEF2, 0x1EFFF}, {0x1F02C, 0x1F02F}, {0x1F094, 0x1F09F}, {0x1F0AF, 0x1F0B0},
    {0x1F0C0, 0x1F0C0}, {0x1F0D0, 0x1F0D0}, {0x1F0F6, 0x1F0FF}, {0x1F1AE, 0x1F1E5},
    {0x1F203, 0x1F20F}, {0x1F23C, 0x1F23F}, {0x1F249, 0x1F24F}, {0x1F252, 0x1F25F},
    {0x1F266, 0x1F2FF}, {0x1F6D8, 0x1F6DC}, {0x1F6ED, 0x1F6EF}, {0x1F6FD, 0x1F6FF},
    {0x1F774, 0x1F77F}, {0x1F7D9, 0x1F7DF}, {0x1F7EC, 0x1F7EF}, {0x1F7F1, 0x1F7FF},
    {0x1F80C, 0x1F80F}, {0x1F848, 0x1F84F}, {0x1F85A, 0x1F85F}, {0x1F888, 0x1F88F},
    {0x1F8AE, 0x1F8AF}, {0x1F8B2, 0x1F8FF}, {0x1FA54, 0x1FA5F}, {0x1FA6E, 0x1FA6F},
    {0x1FA75, 0x1FA77}, {0x1FA7D, 0x1FA7F}, {0x1FA87, 0x1FA8F}, {0x1FAAD, 0x1FAAF},
    {0x1FABB, 0x1FABF}, {0x1FAC6, 0x1FACF}, {0x1FADA, 0x1FADF}, {0x1FAE8, 0x1FAEF},
    {0x1FAF7, 0x1FAFF}, {0x1FB93, 0x1FB93}, {0x1FBCB, 0x1FBEF}, {0x1FBFA, 0x1FFFF},
    {0x2A6E0, 0x2A6FF}, {0x2B739, 0x2B73F}, {0x2B81E, 0x2B81F}, {0x2CEA2, 0x2CEAF},
    {0x2EBE1, 0x2F7FF}, {0x2FA1E, 0x2FFFF}, {0x3134B, 0xE00FF}, {0xE01F0, 0x10FFFF},
};
// Code points >= 0x80 of category Nd (str.isdecimal).
constexpr CodeRange kDecimal[] = {
    {0x660, 0x669},     {0x6F0, 0x6F9},     {0x7C0, 0x7C9},     {0x966, 0x96F},
    {0x9E6, 0x9EF},     {0xA66, 0xA6F},     {0xAE6, 0xAEF},     {0xB66, 0xB6F},
    {0xBE6, 0xBEF},     {0xC66, 0xC6F},     {0xCE6, 0xCEF},     {0xD66, 0xD6F},
    {0xDE6, 0xDEF},     {0xE50, 0xE59},     {0xED0, 0xED9},     {0xF20, 0xF29},
    {0x1040, 0x1049},   {0x1090, 0x1099},   {0x17E0, 0x17E9},   {0x1810, 0x1819},
    {0x1946, 0x194F},   {0x19D0, 0x19D9},   {0x1A80, 0x1A89},   {0x1A90, 0x1A99},
    {0x1B50, 0x1B59},   {0x1BB0, 0x1BB9},   {0x1C40, 0x1C49},   {0x1C50, 0x1C59},
    {0xA620, 0xA629},   {0xA8D0, 0xA8D9},   {0xA900, 0xA909},   {0xA9D0, 0xA9D9},
    {0xA9F0, 0xA9F9},   {0xAA50, 0xAA59},   {0xABF0, 0xABF9},   {0xFF10, 0xFF19},
    {0x104A0, 0x104A9}, {0x10D30, 0x10D39}, {0x11066, 0x1106F}, {0x110F0, 0x110F9},
    {0x11136, 0x1113F}, {0x111D0, 0x111D9}, {0x112F0, 0x112F9}, {0x11450, 0x11459},
    {0x114D0, 0x114D9}, {0x11650, 0x11659}, {0x116C0, 0x116C9}, {0x11730, 0x11739},
    {0x118E0, 0x118E9}, {0x11950, 0x11959}, {0x11C50, 0x11C59}, {0x11D50, 0x11D59},
    {0x11DA0, 0x11DA9}, {0x16A60, 0x16A69}, {0x16AC0, 0x16AC9}, {0x16B50, 0x16B59},
    {0x1D7CE, 0x1D7FF}, {0x1E140, 0x1E149}, {0x1E2F0, 0x1E2F9}, {0x1E950, 0x1E959},
    {0x1FBF0, 0x1FBF9},
};
// Code points >= 0x80 with a digit value that are not decimal (str.isdigit adds these).
constexpr CodeRange kDigit[] = {
    {0xB2, 0xB3},       {0xB9, 0xB9},       {0x1369, 0x1371},   {0x19DA, 0x19DA},
    {0x2070, 0x2070},   {0x2074, 0x2079},   {0x2080, 0x2089},   {0x2460, 0x2468},
    {0x2474, 0x247C},   {0x2488, 0x2490},   {0x24EA, 0x24EA},   {0x24F5, 0x24FD},
    {0x24FF, 0x24FF},   {0x2776, 0x277E},   {0x2780, 0x2788},   {0x278A, 0x2792},
    {0x10A40, 0x10A43}, {0x10E60, 0x10E68}, {0x11052, 0x1105A}, {0x1F100, 0x1F10A},
};
// Code points >= 0x80 with a numeric value that are not digits (str.isnumeric adds these).
constexpr CodeRange kNumeric[] = {
    {0xBC, 0xBE},       {0x9F4, 0x9F9},     {0xB72, 0xB77},     {0xBF0, 0xBF2},
    {0xC78, 0xC7E},     {0xD58, 0xD5E},     {0xD70, 0xD78},     {0xF2A, 0xF33},
    {0x1372, 0x137C},   {0x16EE, 0x16F0},   {0x17F0, 0x17F9},   {0x2150, 0x2182},
    {0x2185, 0x2189},   {0x2469, 0x2473},   {0x247D, 0x2487},   {0x2491, 0x249B},
    {0x24EB, 0x24F4},   {0x24FE, 0x24FE},   {0x277F, 0x277F},   {0x2789, 0x2789},
    {0x2793, 0x2793},   {0x2CFD, 0x2CFD},   {0x3007, 0x3007},   {0x3021, 0x3029},
    {0x3038, 0x303A},   {0x3192, 0x3195},   {0x3220, 0x3229},   {0x3248, 0x324F},
    {0x3251, 0x325F},   {0x3280, 0x3289},   {0x32B1, 0x32BF},   {0x3405, 0x3405},
    {0x3483, 0x3483},   {0x382A, 0x382A},   {0x3B4D, 0x3B4D},   {0x4E00, 0x4E00},
    {0x4E03, 0x4E03},   {0x4E07, 0x4E07},   {0x4E09, 0x4E09},   {0x4E5D, 0x4E5D},
    {0x4E8C, 0x4E8C},   {0x4E94, 0x4E94},   {0x4E96, 0x4E96},   {0x4EBF, 0x4EC0},
    {0x4EDF, 0x4EDF},   {0x4EE8, 0x4EE8},   {0x4F0D, 0x4F0D},   {0x4F70, 0x4F70},
    {0x5104, 0x5104},   {0x5146, 0x5146},   {0x5169, 0x5169},   {0x516B, 0x516B},
    {0x516D, 0x516D},   {0x5341, 0x5341},   {0x5343, 0x5345},   {0x534C, 0x534C},
    {0x53C1, 0x53C4},   {0x56DB, 0x56DB},   {0x58F1, 0x58F1},   {0x58F9, 0x58F9},
    {0x5E7A, 0x5E7A},   {0x5EFE, 0x5EFF},   {0x5F0C, 0x5F0E},   {0x5F10, 0x5F10},
    {0x62FE, 0x62FE},   {0x634C, 0x634C},   {0x67D2, 0x67D2},   {0x6F06, 0x6F06},
    {0x7396, 0x7396},   {0x767E, 0x767E},   {0x8086, 0x8086},   {0x842C, 0x842C},
    {0x8CAE, 0x8CAE},   {0x8CB3, 0x8CB3},   {0x8D30, 0x8D30},   {0x9621, 0x9621},
    {0x9646, 0x9646},   {0x964C, 0x964C},   {0x9678, 0x9678},   {0x96F6, 0x96F6},
    {0xA6E6, 0xA6EF},   {0xA830, 0xA835},   {0xF96B, 0xF96B},   {0xF973, 0xF973},
    {0xF978, 0xF978},   {0xF9B2, 0xF9B2},   {0xF9D1, 0xF9D1},   {0xF9D3, 0xF9D3},
    {0xF9FD, 0xF9FD},   {0x10107, 0x10133}, {0x10140, 0x10178}, {0x1018A, 0x1018B},
    {0x102E1, 0x102FB}, {0x10320, 0x10323}, {0x10341, 0x10341}, {0x1034A, 0x1034A},
    {0x103D1, 0x103D5}, {0x10858, 0x1085F}, {0x10879, 0x1087F}, {0x108A7, 0x108AF},
    {0x108FB, 0x108FF}, {0x10916, 0x1091B}, {0x109BC, 0x109BD}, {0x109C0, 0x109CF},
    {0x109D2, 0x109FF}, {0x10A44, 0x10A48}, {0x10A7D, 0x10A7E}, {0x10A9D, 0x10A9F},
    {0x10AEB, 0x10AEF}, {0x10B58, 0x10B5F}, {0x10B78, 0x10B7F}, {0x10BA9, 0x10BAF},
    {0x10CFA, 0x10CFF}, {0x10E69, 0x10E7E}, {0x10F1D, 0x10F26}, {0x10F51, 0x10F54},
    {0x10FC5, 0x10FCB}, {0x1105B, 0x11065}, {0x111E1, 0x111F4}, {0x1173A, 0x1173B},
    {0x118EA, 0x118F2}, {0x11C5A, 0x11C6C}, {0x11FC0, 0x11FD4}, {0x12400, 0x1246E},
    {0x16B5B, 0x16B61}, {0x16E80, 0x16E96}, {0x1D2E0, 0x1D2F3}, {0x1D360, 0x1D378},
    {0x1E8C7, 0x1E8CF}, {0x1EC71, 0x1ECAB}, {0x1ECAD, 0x1ECAF}, {0x1ECB1, 0x1ECB4},
    {0x1ED01, 0x1ED2D}, {0x1ED2F, 0x1ED3D}, {0x1F10B, 0x1F10C}, {0x20001, 0x20001},
    {0x20064, 0x20064}, {0x200E2, 0x200E2}, {0x20121, 0x20121}, {0x2092A, 0x2092A},
    {0x20983, 0x20983}, {0x2098C, 0x2098C}, {0x2099C, 0x2099C}, {0x20AEA, 0x20AEA},
    {0x20AFD, 0x20AFD}, {0x20B19, 0x20B19}, {0x22390, 0x22390}, {0x22998, 0x22998},
    {0x23B1B, 0x23B1B}, {0x2626D, 0x2626D}, {0x2F890, 0x2F890},
};

// Code points >= 0x80 of categories L* (str.isalpha).
constexpr CodeRange kAlpha[] = {
    {0xAA, 0xAA},       {0xB5, 0xB5},       {0xBA, 0xBA},       {0xC0, 0xD6},
    {0xD8, 0xF6},       {0xF8, 0x2C1},      {0x2C6, 0x2D1},     {0x2E0, 0x2E4},
    {0x2EC, 0x2EC},     {0x2EE, 0x2EE},     {0x370, 0x374},     {0x376, 0x377},
    {0x37A, 0x37D},     {0x37F, 0x37F},     {0x386, 0x386},     {0x388, 0x38A},
    {0x38C, 0x38C},     {0x38E, 0x3A1},     {0x3A3, 0x3F5},     {0x3F7, 0x481},
    {0x48A, 0x52F},     {0x531, 0x556},     {0x559, 0x559},     {0x560, 0x588},
    {0x5D0, 0x5EA},     {0x5EF, 0x5F2},     {0x620, 0x64A},     {0x66E, 0x66F},
    {0x671, 0x6D3},     {0x6D5, 0x6D5},     {0x6E5, 0x6E6},     {0x6EE, 0x6EF},
    {0x6FA, 0x6FC},     {0x6FF, 0x6FF},     {0x710, 0x710},     {0x712, 0x72F},
    {0x74D, 0x7A5},     {0x7B1, 0x7B1},     {0x7CA, 0x7EA},     {0x7F4, 0x7F5},
    {0x7FA, 0x7FA},     {0x800, 0x815},     {0x81A, 0x81A},     {0x824, 0x824},
    {0x828, 0x828},     {0x840, 0x858},     {0x860, 0x86A},     {0x870, 0x887},
    {0x889, 0x88E},     {0x8A0, 0x8C9},     {0x904, 0x939},     {0x93D, 0x93D},
    {0x950, 0x950},     {0x958, 0x961},     {0x971, 0x980},     {0x985, 0x98C},
    {0x98F, 0x990},     {0x993, 0x9A8},     {0x9AA, 0x9B0},     {0x9B2, 0x9B2},
    {0x9B6, 0x9B9},     {0x9BD, 0x9BD},     {0x9CE, 0x9CE},     {0x9DC, 0x9DD},
    {0x9DF, 0x9E1},     {0x9F0, 0x9F1},     {0x9FC, 0x9FC},     {0xA05, 0xA0A},
    {0xA0F, 0xA10},     {0xA13, 0xA28},     {0xA2A, 0xA30},     {0xA32, 0xA33},
    {0xA35, 0xA36},     {0xA38, 0xA39},     {0xA59, 0xA5C},     {0xA5E, 0xA5E},
    {0xA72, 0xA74},     {0xA85, 0xA8D},     {0xA8F, 0xA91},     {0xA93, 0xAA8},
    {0xAAA, 0xAB0},     {0xAB2, 0xAB3},     {0xAB5, 0xAB9},     {0xABD, 0xABD},
    {0xAD0, 0xAD0},     {0xAE0, 0xAE1},     {0xAF9, 0xAF9},     {0xB05, 0xB0C},
    {0xB0F, 0xB10},     {0xB13, 0xB28},     {0xB2A, 0xB30},     {0xB32, 0xB33},
    {0xB35, 0xB39},     {0xB3D, 0xB3D},     {0xB5C, 0xB5D},     {0xB5F, 0xB61},
    {0xB71, 0xB71},     {0xB83, 0xB83},     {0xB85, 0xB8A},     {0xB8E, 0xB90},
    {0xB92, 0xB95},     {0xB99, 0xB9A},     {0xB9C, 0xB9C},     {0xB9E, 0xB9F},
    {0xBA3, 0xBA4},     {0xBA8, 0xBAA},     {0xBAE, 0xBB9},     {0xBD0, 0xBD0},
    {0xC05, 0xC0C},     {0xC0E, 0xC10},     {0xC12, 0xC28},     {0xC2A, 0xC39},
    {0xC3D, 0xC3D},     {0xC58, 0xC5A},     {0xC5D, 0xC5D},     {0xC60, 0xC61},
    {0xC80, 0xC80},     {0xC85, 0xC8C},     {0xC8E, 0xC90},     {0xC92, 0xCA8},
    {0xCAA, 0xCB3},     {0xCB5, 0xCB9},     {0xCBD, 0xCBD},     {0xCDD, 0xCDE},
    {0xCE0, 0xCE1},     {0xCF1, 0xCF2},     {0xD04, 0xD0C},     {0xD0E, 0xD10},
    {0xD12, 0xD3A},     {0xD3D, 0xD3D},     {0xD4E, 0xD4E},     {0xD54, 0xD56},
    {0xD5F, 0xD61},     {0xD7A, 0xD7F},     {0xD85, 0xD96},     {0xD9A, 0xDB1},
    {0xDB3, 0xDBB},     {0xDBD, 0xDBD},     {0xDC0, 0xDC6},     {0xE01, 0xE30},
    {0xE32, 0xE33},     {0xE40, 0xE46},     {0xE81, 0xE82},     {0xE84, 0xE84},
    {0xE86, 0xE8A},     {0xE8C, 0xEA3},     {0xEA5, 0xEA5},     {0xEA7, 0xEB0},
    {0xEB2, 0xEB3},     {0xEBD, 0xEBD},     {0xEC0, 0xEC4},     {0xEC6, 0xEC6},
    {0xEDC, 0xEDF},     {0xF00, 0xF00},     {0xF40, 0xF47},     {0xF49, 0xF6C},
    {0xF88, 0xF8C},     {0x1000, 0x102A},   {0x103F, 0x103F},   {0x1050, 0x1055},
    {0x105A, 0x105D},   {0x1061, 0x1061},   {0x1065, 0x1066},   {0x106E, 0x1070},
    {0x1075, 0x1081},   {0x108E, 0x108E},   {0x10A0, 0x10C5},   {0x10C7, 0x10C7},
    {0x10CD, 0x10CD},   {0x10D0, 0x10FA},   {0x10FC, 0x1248},   {0x124A, 0x124D},
    {0x1250, 0x1256},   {0x1258, 0x1258},   {0x125A, 0x125D},   {0x1260, 0x1288},
    {0x128A, 0x128D},   {0x1290, 0x12B0},   {0x12B2, 0x12B5},   {0x12B8, 0x12BE},
    {0x12C0, 0x12C0},   {0x12C2, 0x12C5},   {0x12C8, 0x12D6},   {0x12D8, 0x1310},
    {0x1312, 0x1315},   {0x1318, 0x135A},   {0x1380, 0x138F},   {0x13A0, 0x13F5},
    {0x13F8, 0x13FD},   {0x1401, 0x166C},   {0x166F, 0x167F},   {0x1681, 0x169A},
    {0x16A0, 0x16EA},   {0x16F1, 0x16F8},   {0x1700, 0x1711},   {0x171F, 0x1731},
    {0x1740, 0x1751},   {0x1760, 0x176C},   {0x176E, 0x1770},   {0x1780, 0x17B3},
    {0x17D7, 0x17D7},   {0x17DC, 0x17DC},   {0x1820, 0x1878},   {0x1880, 0x1884},
    {0x1887, 0x18A8},   {0x18AA, 0x18AA},   {0x18B0, 0x18F5},   {0x1900, 0x191E},
    {0x1950, 0x196D},   {0x1970, 0x1974},   {0x1980, 0x19AB},   {0x19B0, 0x19C9},
    {0x1A00, 0x1A16},   {0x1A20, 0x1A54},   {0x1AA7, 0x1AA7},   {0x1B05, 0x1B33},
    {0x1B45, 0x1B4C},   {0x1B83, 0x1BA0},   {0x1BAE, 0x1BAF},   {0x1BBA, 0x1BE5},
    {0x1C00, 0x1C23},   {0x1C4D, 0x1C4F},   {0x1C5A, 0x1C7D},   {0x1C80, 0x1C88},
    {0x1C90, 0x1CBA},   {0x1CBD, 0x1CBF},   {0x1CE9, 0x1CEC},   {0x1CEE, 0x1CF3},
    {0x1CF5, 0x1CF6},   {0x1CFA, 0x1CFA},   {0x1D00, 0x1DBF},   {0x1E00, 0x1F15},
    {0x1F18, 0x1F1D},   {0x1F20, 0x1F45},   {0x1F48, 0x1F4D},   {0x1F50, 0x1F57},
    {0x1F59, 0x1F59},   {0x1F5B, 0x1F5B},   {0x1F5D, 0x1F5D},   {0x1F5F, 0x1F7D},
    {0x1F80, 0x1FB4},   {0x1FB6, 0x1FBC},   {0x1FBE, 0x1FBE},   {0x1FC2, 0x1FC4},
    {0x1FC6, 0x1FCC},   {0x1FD0, 0x1FD3},   {0x1FD6, 0x1FDB},   {0x1FE0, 0x1FEC},
    {0x1FF2, 0x1FF4},   {0x1FF6, 0x1FFC},   {0x2071, 0x2071},   {0x207F, 0x207F},
    {0x2090, 0x209C},   {0x2102, 0x2102},   {0x2107, 0x2107},   {0x210A, 0x2113},
    {0x2115, 0x2115},   {0x2119, 0x211D},   {0x2124, 0x2124},   {0x2126, 0x2126},
    {0x2128, 0x2128},   {0x212A, 0x212D},   {0x212F, 0x2139},   {0x213C, 0x213F},
    {0x2145, 0x2149},   {0x214E, 0x214E},   {0x2183, 0x2184},   {0x2C00, 0x2CE4},
    {0x2CEB, 0x2CEE},   {0x2CF2, 0x2CF3},   {0x2D00, 0x2D25},   {0x2D27, 0x2D27},
    {0x2D2D, 0x2D2D},   {0x2D30, 0x2D67},   {0x2D6F, 0x2D6F},   {0x2D80, 0x2D96},
    {0x2DA0, 0x2DA6},   {0x2DA8, 0x2DAE},   {0x2DB0, 0x2DB6},   {0x2DB8, 0x2DBE},
    {0x2DC0, 0x2DC6},   {0x2DC8, 0x2DCE},   {0x2DD0, 0x2DD6},   {0x2DD8, 0x2DDE},
    {0x2E2F, 0x2E2F},   {0x3005, 0x3006},   {0x3031, 0x3035},   {0x303B, 0x303C},
    {0x3041, 0x3096},   {0x309D, 0x309F},   {0x30A1, 0x30FA},   {0x30FC, 0x30FF},
    {0x3105, 0x312F},   {0x3131, 0x318E},   {0x31A0, 0x31BF},   {0x31F0, 0x31FF},
    {0x3400, 0x4DBF},   {0x4E00, 0xA48C},   {0xA4D0, 0xA4FD},   {0xA500, 0xA60C},
    {0xA610, 0xA61F},   {0xA62A, 0xA62B},   {0xA640, 0xA66E},   {0xA67F, 0xA69D},
    {0xA6A0, 0xA6E5},   {0xA717, 0xA71F},   {0xA722, 0xA788},   {0xA78B, 0xA7CA},
    {0xA7D0, 0xA7D1},   {0xA7D3, 0xA7D3},   {0xA7D5, 0xA7D9},   {0xA7F2, 0xA801},
    {0xA803, 0xA805},   {0xA807, 0xA80A},   {0xA80C, 0xA822},   {0xA840, 0xA873},
    {0xA882, 0xA8B3},   {0xA8F2, 0xA8F7},   {0xA8FB, 0xA8FB},   {0xA8FD, 0xA8FE},
    {0xA90A, 0xA925},   {0xA930, 0xA946},   {0xA960, 0xA97C},   {0xA984, 0xA9B2},
    {0xA9CF, 0xA9CF},   {0xA9E0, 0xA9E4},   {0xA9E6, 0xA9EF},   {0xA9FA, 0xA9FE},
    {0xAA00, 0xAA28},   {0xAA40, 0xAA42},   {0xAA44, 0xAA4B},   {0xAA60, 0xAA76},
    {0xAA7A, 0xAA7A},   {0xAA7E, 0xAAAF},   {0xAAB1, 0xAAB1},   {0xAAB5, 0xAAB6},
    {0xAAB9, 0xAABD},   {0xAAC0, 0xAAC0},   {0xAAC2, 0xAAC2},   {0xAADB, 0xAADD},
    {0xAAE0, 0xAAEA},   {0xAAF2, 0xAAF4},   {0xAB01, 0xAB06},   {0xAB09, 0xAB0E},
    {0xAB11, 0xAB16},   {0xAB20, 0xAB26},   {0xAB28, 0xAB2E},   {0xAB30, 0xAB5A},
    {0xAB5C, 0xAB69},   {0xAB70, 0xABE2},   {0xAC00, 0xD7A3},   {0xD7B0, 0xD7C6},
    {0xD7CB, 0xD7FB},   {0xF900, 0xFA6D},   {0xFA70, 0xFAD9},   {0xFB00, 0xFB06},
    {0xFB13, 0xFB17},   {0xFB1D, 0xFB1D},   {0xFB1F, 0xFB28},   {0xFB2A, 0xFB36},
    {0xFB38, 0xFB3C},   {0xFB3E, 0xFB3E},   {0xFB40, 0xFB41},   {0xFB43, 0xFB44},
    {0xFB46, 0xFBB1},   {0xFBD3, 0xFD3D},   {0xFD50, 0xFD8F},   {0xFD92, 0xFDC7},
    {0xFDF0, 0xFDFB},   {0xFE70, 0xFE74},   {0xFE76, 0xFEFC},   {0xFF21, 0xFF3A},
    {0xFF41, 0xFF5A},   {0xFF66, 0xFFBE},   {0xFFC2, 0xFFC7},   {0xFFCA, 0xFFCF},
    {0xFFD2, 0xFFD7},   {0xFFDA, 0xFFDC},   {0x10000, 0x1000B}, {0x1000D, 0x10026},
    {0x10028, 0x1003A}, {0x1003C, 0x1003D}, {0x1003F, 0x1004D}, {0x10050, 0x1005D},
    {0x10080, 0x100FA}, {0x10280, 0x1029C}, {0x102A0, 0x102D0}, {0x10300, 0x1031F},
    {0x1032D, 0x10340}, {0x10342, 0x10349}, {0x10350, 0x10375}, {0x10380, 0x1039D},
    {0x103A0, 0x103C3}, {0x103C8, 0x103CF}, {0x10400, 0x1049D}, {0x104B0, 0x104D3},
    {0x104D8, 0x104FB}, {0x10500, 0x10527}, {0x10530, 0x10563}, {0x10570, 0x1057A},
    {0x1057C, 0x1058A}, {0x1058C, 0x10592}, {0x10594, 0x10595}, {0x10597, 0x105A1},
    {0x105A3, 0x105B1}, {0x105B3, 0x105B9}, {0x105BB, 0x105BC}, {0x10600, 0x10736},
    {0x10740, 0x10755}, {0x10760, 0x10767}, {0x10780, 0x10785}, {0x10787, 0x107B0},
    {0x107B2, 0x107BA}, {0x10800, 0x10805}, {0x10808, 0x10808}, {0x1080A, 0x10835},
    {0x10837, 0x10838}, {0x1083C, 0x1083C}, {0x1083F, 0x10855}, {0x10860, 0x10876},
    {0x10880, 0x1089E}, {0x108E0, 0x108F2}, {0x108F4, 0x108F5}, {0x10900, 0x10915},
    {0x10920, 0x10939}, {0x10980, 0x109B7}, {0x109BE, 0x109BF}, {0x10A00, 0x10A00},
    {0x10A10, 0x10A13}, {0x10A15, 0x10A17}, {0x10A19, 0x10A35}, {0x10A60, 0x10A7C},
    {0x10A80, 0x10A9C}, {0x10AC0, 0x10AC7}, {0x10AC9, 0x10AE4}, {0x10B00, 0x10B35},
    {0x10B40, 0x10B55}, {0x10B60, 0x10B72}, {0x10B80, 0x10B91}, {0x10C00, 0x10C48},
    {0x10C80, 0x10CB2}, {0x10CC0, 0x10CF2}, {0x10D00, 0x10D23}, {0x10E80, 0x10EA9},
    {0x10EB0, 0x10EB1}, {0x10F00, 0x10F1C}, {0x10F27, 0x10F27}, {0x10F30, 0x10F45},
    {0x10F70, 0x10F81}, {0x10FB0, 0x10FC4}, {0x10FE0, 0x10FF6}, {0x11003, 0x11037},
    {0x11071, 0x11072}, {0x11075, 0x11075}, {0x11083, 0x110AF}, {0x110D0, 0x110E8},
    {0x11103, 0x11126}, {0x11144, 0x11144}, {0x11147, 0x11147}, {0x11150, 0x11172},
    {0x11176, 0x11176}, {0x11183, 0x111B2}, {0x111C1, 0x111C4}, {0x111DA, 0x111DA},
    {0x111DC, 0x111DC}, {0x11200, 0x11211}, {0x11213, 0x1122B}, {0x11280, 0x11286},
    {0x11288, 0x11288}, {0x1128A, 0x1128D}, {0x1128F, 0x1129D}, {0x1129F, 0x112A8},
    {0x112B0, 0x112DE}, {0x11305, 0x1130C}, {0x1130F, 0x11310}, {0x11313, 0x11328},
    {0x1132A, 0x11330}, {0x11332, 0x11333}, {0x11335, 0x11339}, {0x1133D, 0x1133D},
    {0x11350, 0x11350}, {0x1135D, 0x11361}, {0x11400, 0x11434}, {0x11447, 0x1144A},
    {0x1145F, 0x11461}, {0x11480, 0x114AF}, {0x114C4, 0x114C5}, {0x114C7, 0x114C7},
    {0x11580, 0x115AE}, {0x115D8, 0x115DB}, {0x11600, 0x1162F}, {0x11644, 0x11644},
    {0x11680, 0x116AA}, {0x116B8, 0x116B8}, {0x11700, 0x1171A}, {0x11740, 0x11746},
    {0x11800, 0x1182B}, {0x118A0, 0x118DF}, {0x118FF, 0x11906}, {0x11909, 0x11909},
    {0x1190C, 0x11913}, {0x11915, 0x11916}, {0x11918, 0x1192F}, {0x1193F, 0x1193F},
    {0x11941, 0x11941}, {0x119A0, 0x119A7}, {0x119AA, 0x119D0}, {0x119E1, 0x119E1},
    {0x119E3, 0x119E3}, {0x11A00, 0x11A00}, {0x11A0B, 0x11A32}, {0x11A3A, 0x11A3A},
    {0x11A50, 0x11A50}, {0x11A5C, 0x11A89}, {0x11A9D, 0x11A9D}, {0x11AB0, 0x11AF8},
    {0x11C00, 0x11C08}, {0x11C0A, 0x11C2E}, {0x11C40, 0x11C40}, {0x11C72, 0x11C8F},
    {0x11D00, 0x11D06}, {0x11D08, 0x11D09}, {0x11D0B, 0x11D30}, {0x11D46, 0x11D46},
    {0x11D60, 0x11D65}, {0x11D67, 0x11D68}, {0x11D6A, 0x11D89}, {0x11D98, 0x11D98},
    {0x11EE0, 0x11EF2}, {0x11FB0, 0x11FB0}, {0x12000, 0x12399}, {0x12480, 0x12543},
    {0x12F90, 0x12FF0}, {0x13000, 0x1342E}, {0x14400, 0x14646}, {0x16800, 0x16A38},
    {0x16A40, 0x16A5E}, {0x16A70, 0x16ABE}, {0x16AD0, 0x16AED}, {0x16B00, 0x16B2F},
    {0x16B40, 0x16B43}, {0x16B63, 0x16B77}, {0x16B7D, 0x16B8F}, {0x16E40, 0x16E7F},
    {0x16F00, 0x16F4A}, {0x16F50, 0x16F50}, {0x16F93, 0x16F9F}, {0x16FE0, 0x16FE1},
    {0x16FE3, 0x16FE3}, {0x17000, 0x187F7}, {0x18800, 0x18CD5}, {0x18D00, 0x18D08},
    {0x1AFF0, 0x1AFF3}, {0x1AFF5, 0x1AFFB}, {0x1AFFD, 0x1AFFE}, {0x1B000, 0x1B122},
    {0x1B150, 0x1B152}, {0x1B164, 0x1B167}, {0x1B170, 0x1B2FB}, {0x1BC00, 0x1BC6A},
    {0x1BC70, 0x1BC7C}, {0x1BC80, 0x1BC88}, {0x1BC90, 0x1BC99}, {0x1D400, 0x1D454},
    {0x1D456, 0x1D49C}, {0x1D49E, 0x1D49F}, {0x1D4A2, 0x1D4A2}, {0x1D4A5, 0x1D4A6},
    {0x1D4A9, 0x1D4AC}, {0x1D4AE, 0x1D4B9}, {0x1D4BB, 0x1D4BB}, {0x1D4BD, 0x1D4C3},
    {0x1D4C5, 0x1D505}, {0x1D507, 0x1D50A}, {0x1D50D, 0x1D514}, {0x1D516, 0x1D51C},
    {0x1D51E, 0x1D539}, {0x1D53B, 0x1D53E}, {0x1D540, 0x1D544}, {0x1D546, 0x1D546},
    {0x1D54A, 0x1D550}, {0x1D552, 0x1D6A5}, {0x1D6A8, 0x1D6C0}, {0x1D6C2, 0x1D6DA},
    {0x1D6DC, 0x1D6FA}, {0x1D6FC, 0x1D714}, {0x1D716, 0x1D734}, {0x1D736, 0x1D74E},
    {0x1D750, 0x1D76E}, {0x1D770, 0x1D788}, {0x1D78A, 0x1D7A8}, {0x1D7AA, 0x1D7C2},
    {0x1D7C4, 0x1D7CB}, {0x1DF00, 0x1DF1E}, {0x1E100, 0x1E12C}, {0x1E137, 0x1E13D},
    {0x1E14E, 0x1E14E}, {0x1E290, 0x1E2AD}, {0x1E2C0, 0x1E2EB}, {0x1E7E0, 0x1E7E6},
    {0x1E7E8, 0x1E7EB}, {0x1E7ED, 0x1E7EE}, {0x1E7F0, 0x1E7FE}, {0x1E800, 0x1E8C4},
    {0x1E900, 0x1E943}, {0x1E94B, 0x1E94B}, {0x1EE00, 0x1EE03}, {0x1EE05, 0x1EE1F},
    {0x1EE21, 0x1EE22}, {0x1EE24, 0x1EE24}, {0x1EE27, 0x1EE27}, {0x1EE29, 0x1EE32},
    {0x1EE34, 0x1EE37}, {0x1EE39, 0x1EE39}, {0x1EE3B, 0x1EE3B}, {0x1EE42, 0x1EE42},
    {0x1EE47, 0x1EE47}, {0x1EE49, 0x1EE49}, {0x1EE4B, 0x1EE4B}, {0x1EE4D, 0x1EE4F},
    {0x1EE51, 0x1EE52}, {0x1EE54, 0x1EE54}, {0x1EE57, 0x1EE57}, {0x1EE59, 0x1EE59},
    {0x1EE5B, 0x1EE5B}, {0x1EE5D, 0x1EE5D}, {0x1EE5F, 0x1EE5F}, {0x1EE61, 0x1EE62},
    {0x1EE64, 0x1EE64}, {0x1EE67, 0x1EE6A}, {0x1EE6C, 0x1EE72}, {0x1EE74, 0x1EE77},
    {0x1EE79, 0x1EE7C}, {0x1EE7E, 0x1EE7E}, {0x1EE80, 0x1EE89}, {0x1EE8B, 0x1EE9B},
    {0x1EEA1, 0x1EEA3}, {0x1EEA5, 0x1EEA9}, {0x1EEAB, 0x1EEBB}, {0x20000, 0x2A6DF},
    {0x2A700, 0x2B738}, {0x2B740, 0x2B81D}, {0x2B820, 0x2CEA1}, {0x2CEB0, 0x2EBE0},
    {0x2F800, 0x2FA1D}, {0x30000, 0x3134A},
};

// The range of [table] holding [cp], or null.
template <size_t N>
const CodeRange* find_range(const CodeRange (&table)[N], uint32_t cp) {
    size_t lo = 0, hi = N;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (cp < table[mid].first) {
            hi = mid;
        } else if (cp > table[mid].last) {
            lo = mid + 1;
        } else {
            return &table[mid];
        }
    }
    return nullptr;
}

// glibc's C.UTF-8 LC_CTYPE, created once (thread-safe static) and used through the *_l
// functions, so nothing touches the process-global locale. Null if unavailable: non-ASCII
// letters then have no case.
locale_t utf8_locale() {
    static const locale_t loc = newlocale(LC_CTYPE_MASK, "C.UTF-8", static_cast<locale_t>(nullptr));
    return loc;
}

bool cp_is_decimal(uint32_t cp) {
    if (cp < 0x80) return cp >= '0' && cp <= '9';
    return find_range(kDecimal, cp) != nullptr;
}
bool cp_is_digit(uint32_t cp) {
    return cp_is_decimal(cp) || (cp >= 0x80 && find_range(kDigit, cp) != nullptr);
}
bool cp_is_numeric(uint32_t cp) {
    return cp_is_digit(cp) || (cp >= 0x80 && find_range(kNumeric, cp) != nullptr);
}
bool cp_is_alpha(uint32_t cp) {
    if (cp < 0x80) return (cp | 0x20) >= 'a' && (cp | 0x20) <= 'z';
    return find_range(kAlpha, cp) != nullptr;
}
bool cp_is_upper(uint32_t cp) {
    if (cp < 0x80) return cp >= 'A' && cp <= 'Z';
    locale_t loc = utf8_locale();
    return loc && iswupper_l(static_cast<wint_t>(cp), loc);
}
bool cp_is_lower(uint32_t cp) {
    if (cp < 0x80) return cp >= 'a' && cp <= 'z';
    locale_t loc = utf8_locale();
    return loc && iswlower_l(static_cast<wint_t>(cp), loc);
}
// Titlecase letters (category Lt): the digraphs and the Greek letters with prosgegrammeni.
bool cp_is_title(uint32_t cp) {
    return cp == 0x1C5 || cp == 0x1C8 || cp == 0x1CB || cp == 0x1F2 ||
           (cp >= 0x1F88 && cp <= 0x1F8F) || (cp >= 0x1F98 && cp <= 0x1F9F) ||
           (cp >= 0x1FA8 && cp <= 0x1FAF) || cp == 0x1FBC || cp == 0x1FCC || cp == 0x1FFC;
}
bool cp_is_cased(uint32_t cp) {
    return cp_is_upper(cp) || cp_is_lower(cp) || cp_is_title(cp);
}

uint32_t cp_to_upper(uint32_t cp) {
    if (cp < 0x80) return cp >= 'a' && cp <= 'z' ? cp - 32 : cp;
    locale_t loc = utf8_locale();
    return loc ? static_cast<uint32_t>(towupper_l(static_cast<wint_t>(cp), loc)) : cp;
}
uint32_t cp_to_lower(uint32_t cp) {
    if (cp < 0x80) return cp >= 'A' && cp <= 'Z' ? cp + 32 : cp;
    locale_t loc = utf8_locale();
    return loc ? static_cast<uint32_t>(towlower_l(static_cast<wint_t>(cp), loc)) : cp;
}
uint32_t cp_to_title(uint32_t cp) {
    if (cp >= 0x1C4 && cp <= 0x1CC) return cp - (cp - 0x1C4) % 3 + 1;  // DŽ Dž dž -> Dž, ...
    if (cp >= 0x1F1 && cp <= 0x1F3) return 0x1F2;
    return cp_to_upper(cp);
}

bool cp_is_id_start(uint32_t cp) {
    return cp == '_' || cp_is_alpha(cp);
}
bool cp_is_id_continue(uint32_t cp) {
    if (cp < 0x80) return cp == '_' || cp_is_alpha(cp) || (cp >= '0' && cp <= '9');
    if (cp == 0xB7) return true;
    return cp_is_decimal(cp) || cp_is_alpha(cp) || (cp >= 0x300 && cp <= 0x36F);
}

enum class CaseMode { Upper, Lower, Title, Fold };

// Appends the full case mapping of [cp] (CPython's SpecialCasing: ß -> SS, ligatures, İ).
void append_case(std::string& out, uint32_t cp, CaseMode mode) {
    if (cp >= 0x80) {
        const char* special = nullptr;
        switch (cp) {
            case 0xDF:  // ß
                special = mode == CaseMode::Upper   ? "SS"
                          : mode == CaseMode::Title ? "Ss"
                          : mode == CaseMode::Fold  ? "ss"
                                                    : nullptr;
                break;
            case 0xFB00:
                special = mode == CaseMode::Upper   ? "FF"
                          : mode == CaseMode::Title ? "Ff"
                          : mode == CaseMode::Fold  ? "ff"
                                                    : nullptr;
                break;
            case 0xFB01:
                special = mode == CaseMode::Upper   ? "FI"
                          : mode == CaseMode::Title ? "Fi"
                          : mode == CaseMode::Fold  ? "fi"
                                                    : nullptr;
                break;
            case 0xFB02:
                special = mode == CaseMode::Upper   ? "FL"
                          : mode == CaseMode::Title ? "Fl"
                          : mode == CaseMode::Fold  ? "fl"
                                                    : nullptr;
                break;
            case 0xFB03:
                special = mode == CaseMode::Upper   ? "FFI"
                          : mode == CaseMode::Title ? "Ffi"
                          : mode == CaseMode::Fold  ? "ffi"
                                                    : nullptr;
                break;
            case 0xFB04:
                special = mode == CaseMode::Upper   ? "FFL"
                          : mode == CaseMode::Title ? "Ffl"
                          : mode == CaseMode::Fold  ? "ffl"
                                                    : nullptr;
                break;
            case 0xFB05:
            case 0xFB06:
                special = mode == CaseMode::Upper   ? "ST"
                          : mode == CaseMode::Title ? "St"
                          : mode == CaseMode::Fold  ? "st"
                                                    : nullptr;
                break;
            case 0x149:  // ŉ
                if (mode == CaseMode::Upper || mode == CaseMode::Title) special = "\xCA\xBCN";
                break;
            case 0x1F0:  // ǰ
                if (mode == CaseMode::Upper || mode == CaseMode::Title) special = "J\xCC\x8C";
                break;
            case 0x390:  // ΐ
                if (mode == CaseMode::Upper || mode == CaseMode::Title) {
                    special = "\xCE\x99\xCC\x88\xCC\x81";
                }
                break;
            case 0x3B0:  // ΰ
                if (mode == CaseMode::Upper || mode == CaseMode::Title) {
                    special = "\xCE\xA5\xCC\x88\xCC\x81";
                }
                break;
            case 0x587:  // և
                if (mode == CaseMode::Upper) special = "\xD4\xB5\xD5\x92";
                if (mode == CaseMode::Title) special = "\xD4\xB5\xD6\x82";
                break;
            case 0x130:  // İ lowers to i + combining dot above
                if (mode == CaseMode::Lower || mode == CaseMode::Fold) special = "i\xCC\x87";
                break;
            case 0x17F:  // ſ folds to s
                if (mode == CaseMode::Fold) special = "s";
                break;
            case 0xB5:  // µ folds to μ
                if (mode == CaseMode::Fold) special = "\xCE\xBC";
                break;
            default:
                break;
        }
        if (special) {
            out += special;
            return;
        }
    }
    uint32_t mapped = cp;
    switch (mode) {
        case CaseMode::Upper:
            mapped = cp_to_upper(cp);
            break;
        case CaseMode::Lower:
        case CaseMode::Fold:
            mapped = cp_to_lower(cp);
            break;
        case CaseMode::Title:
            mapped = cp_to_title(cp);
            break;
    }
    utf8_append(out, mapped);
}

}  // namespace

bool unicode_is_space(uint32_t cp) {
    if (cp < 0x80) return (cp >= 0x09 && cp <= 0x0D) || (cp >= 0x1C && cp <= 0x20);
    return cp == 0x85 || cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) ||
           cp == 0x2028 || cp == 0x2029 || cp == 0x202F || cp == 0x205F || cp == 0x3000;
}

bool unicode_is_printable(uint32_t cp) {
    if (cp < 0x80) return cp >= 0x20 && cp < 0x7F;
    return find_range(kNonPrintable, cp) == nullptr;
}

bool unicode_is_linebreak(uint32_t cp) {
    return (cp >= 0x0A && cp <= 0x0D) || (cp >= 0x1C && cp <= 0x1E) || cp == 0x85 || cp == 0x2028 ||
           cp == 0x2029;
}

int unicode_decimal_value(uint32_t cp) {
    if (cp < 0x80) return cp >= '0' && cp <= '9' ? static_cast<int>(cp - '0') : -1;
    const CodeRange* r = find_range(kDecimal, cp);
    return r ? static_cast<int>((cp - r->first) % 10) : -1;
}

// ---------------------------------------------------------------------------------------------
// UTF-8

namespace {

inline uint64_t load64(const char* p) {
    uint64_t v;
    std::memcpy(&v, p, 8);
    return v;
}

constexpr uint64_t kHighBits = 0x8080808080808080ULL;

// Bytes of the sequence a lead byte starts.
inline int seq_length(uint8_t c) {
    return c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
}

// The length of the all-ASCII prefix of [p, p + n): 64 bytes a step with SSE2, then 32 (the OR
// of four words has a high bit set iff one of their bytes has), then 8, then 1.
int64_t ascii_prefix(const char* p, int64_t n) {
    int64_t i = 0;
#if defined(__SSE2__)
    // 64 bytes a step: the sign bits of their OR say whether any byte is >= 0x80.
    for (; i + 64 <= n; i += 64) {
        const auto* v = reinterpret_cast<const __m128i*>(p + i);
        __m128i any = _mm_or_si128(_mm_or_si128(_mm_loadu_si128(v), _mm_loadu_si128(v + 1)),
                                   _mm_or_si128(_mm_loadu_si128(v + 2), _mm_loadu_si128(v + 3)));
        if (_mm_movemask_epi8(any) != 0) break;
    }
#endif
    for (; i + 32 <= n; i += 32) {
        if (((load64(p + i) | load64(p + i + 8) | load64(p + i + 16) | load64(p + i + 24)) &
             kHighBits) != 0)
            break;
    }
    for (; i + 8 <= n; i += 8) {
        if ((load64(p + i) & kHighBits) != 0) break;
    }
    while (i < n && static_cast<uint8_t>(p[i]) < 0x80)
        ++i;
    return i;
}

// Continuation bytes (10xxxxxx) in [p, p + n): none in the ASCII prefix, then eight at a time.
int64_t count_continuations(const char* p, int64_t n) {
    int64_t count = 0, i = ascii_prefix(p, n);
    for (; i + 8 <= n; i += 8) {
        uint64_t w = load64(p + i);
        if ((w & kHighBits) == 0) continue;
        count += __builtin_popcountll(w & ~(w << 1) & kHighBits);
    }
    for (; i < n; ++i)
        count += (static_cast<uint8_t>(p[i]) & 0xC0) == 0x80;
    return count;
}

// Byte offset reached from [pos] after [count] code points of [p] (valid UTF-8).
int64_t advance_code_points(const char* p, int64_t size, int64_t pos, int64_t count) {
    while (count >= 8 && pos + 8 <= size && (load64(p + pos) & kHighBits) == 0) {
        pos += 8;
        count -= 8;
    }
    while (count > 0 && pos < size) {
        pos += seq_length(static_cast<uint8_t>(p[pos]));
        --count;
    }
    return pos;
}

}  // namespace

int64_t utf8_length(std::string_view s) {
    return static_cast<int64_t>(s.size()) -
           count_continuations(s.data(), static_cast<int64_t>(s.size()));
}

int64_t utf8_validate(std::string_view s) {
    const auto* p = reinterpret_cast<const uint8_t*>(s.data());
    const int64_t n = static_cast<int64_t>(s.size());
    int64_t i = 0;
    while (i < n) {
        i += ascii_prefix(s.data() + i, n - i);
        if (i == n) break;
        uint8_t c = p[i];
        int len;
        uint8_t lo = 0x80, hi = 0xBF;  // allowed range of the second byte
        if (c >= 0xC2 && c <= 0xDF) {
            len = 2;
        } else if (c >= 0xE0 && c <= 0xEF) {
            len = 3;
            if (c == 0xE0) lo = 0xA0;
            if (c == 0xED) hi = 0x9F;  // no surrogates
        } else if (c >= 0xF0 && c <= 0xF4) {
            len = 4;
            if (c == 0xF0) lo = 0x90;
            if (c == 0xF4) hi = 0x8F;
        } else {
            return i;
        }
        if (i + 1 >= n || p[i + 1] < lo || p[i + 1] > hi) return i;
        for (int k = 2; k < len; ++k) {
            if (i + k >= n || (p[i + k] & 0xC0) != 0x80) return i;
        }
        i += len;
    }
    return -1;
}

uint32_t utf8_decode(std::string_view s, int64_t* pos) {
    const auto* p = reinterpret_cast<const uint8_t*>(s.data()) + *pos;
    uint8_t c = p[0];
    if (c < 0x80) {
        *pos += 1;
        return c;
    }
    if (c < 0xE0) {
        *pos += 2;
        return (static_cast<uint32_t>(c & 0x1F) << 6) | (p[1] & 0x3F);
    }
    if (c < 0xF0) {
        *pos += 3;
        return (static_cast<uint32_t>(c & 0x0F) << 12) | (static_cast<uint32_t>(p[1] & 0x3F) << 6) |
               (p[2] & 0x3F);
    }
    *pos += 4;
    return (static_cast<uint32_t>(c & 0x07) << 18) | (static_cast<uint32_t>(p[1] & 0x3F) << 12) |
           (static_cast<uint32_t>(p[2] & 0x3F) << 6) | (p[3] & 0x3F);
}

void utf8_append(std::string& out, uint32_t cp) {
    if (cp < 0x80) {
        out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
        char b[2] = {static_cast<char>(0xC0 | (cp >> 6)), static_cast<char>(0x80 | (cp & 0x3F))};
        out.append(b, 2);
    } else if (cp < 0x10000) {
        char b[3] = {static_cast<char>(0xE0 | (cp >> 12)),
                     static_cast<char>(0x80 | ((cp >> 6) & 0x3F)),
                     static_cast<char>(0x80 | (cp & 0x3F))};
        out.append(b, 3);
    } else {
        char b[4] = {
            static_cast<char>(0xF0 | (cp >> 18)), static_cast<char>(0x80 | ((cp >> 12) & 0x3F)),
            static_cast<char>(0x80 | ((cp >> 6) & 0x3F)), static_cast<char>(0x80 | (cp & 0x3F))};
        out.append(b, 4);
    }
}

int64_t str_byte_offset(const StrObject* s, int64_t index) {
    if (s->ascii) return index;
    if (index <= 0) return 0;
    if (index >= s->length) return s->size;
    if (index <= s->length / 2) return advance_code_points(s->data, s->size, 0, index);
    // Closer to the end: walk backwards over lead bytes.
    int64_t pos = s->size;
    for (int64_t k = s->length - index; k > 0; --k) {
        --pos;
        while ((static_cast<uint8_t>(s->data[pos]) & 0xC0) == 0x80)
            --pos;
    }
    return pos;
}

// ---------------------------------------------------------------------------------------------
// Allocation, singletons, hashing

namespace {

// The header and [size] bytes plus a NUL, from malloc so that str_concat_consume can grow a
// string in place with realloc. The caller sets length and ascii.
StrObject* allocate_str(TypeObject* type, int64_t size) {
    void* memory = std::malloc(sizeof(StrObject) + static_cast<size_t>(size));
    if (!memory) throw std::bad_alloc();
    auto* s = static_cast<StrObject*>(new (memory) Object(type));
    s->length = 0;
    s->size = size;
    s->hash = -1;
    s->ascii = true;
    s->interned = false;
    s->data[size] = '\0';
    return s;
}

inline uint64_t mix_multiply(uint64_t a, uint64_t b) {
    __uint128_t r = static_cast<__uint128_t>(a) * b;
    return static_cast<uint64_t>(r) ^ static_cast<uint64_t>(r >> 64);
}

// A fast 64-bit hash (multiply-fold, 16 bytes per step). CPython randomises str hashes per
// process, so no script can depend on the values.
int64_t hash_bytes(const char* p, int64_t size) {
    if (size == 0) return 0;  // hash('') == 0, as in CPython
    constexpr uint64_t k0 = 0xa0761d6478bd642fULL, k1 = 0xe7037ed1a0b428dbULL;
    constexpr uint64_t k2 = 0x8ebc6af09c88c6e3ULL, k3 = 0x589965cc75374cc3ULL;
    uint64_t seed = k0 ^ static_cast<uint64_t>(size);
    int64_t n = size;
    while (n > 16) {
        seed = mix_multiply(load64(p) ^ k1, load64(p + 8) ^ seed);
        p += 16;
        n -= 16;
    }
    uint64_t a, b;
    if (n >= 8) {
        a = load64(p);
        b = load64(p + n - 8);
    } else if (n >= 4) {
        uint32_t x, y;
        std::memcpy(&x, p, 4);
        std::memcpy(&y, p + n - 4, 4);
        a = x;
        b = y;
    } else {
        a = (static_cast<uint64_t>(static_cast<uint8_t>(p[0])) << 16) |
            (static_cast<uint64_t>(static_cast<uint8_t>(p[n >> 1])) << 8) |
            static_cast<uint8_t>(p[n - 1]);
        b = 0;
    }
    uint64_t h =
        mix_multiply(k2 ^ static_cast<uint64_t>(size), mix_multiply(a ^ k1, b ^ seed) ^ k3);
    auto result = static_cast<int64_t>(h);
    return result == -1 ? -2 : result;
}

struct StrSingletons {
    StrObject* empty;
    StrObject* latin1[256];  // one-character strings U+0000..U+00FF
};

StrObject* make_singleton(std::string_view utf8, int64_t length) {
    StrObject* s = allocate_str(&kStrType, static_cast<int64_t>(utf8.size()));
    std::memcpy(s->data, utf8.data(), utf8.size());
    s->length = length;
    s->ascii = length == s->size;
    // Computed now: immortal strings are shared by all interpreters and must not be written.
    s->hash = hash_bytes(s->data, s->size);
    s->interned = true;
    make_immortal(s);
    return s;
}

const StrSingletons& singletons() {
    static const StrSingletons cache = [] {
        StrSingletons c{};
        c.empty = make_singleton("", 0);
        for (uint32_t cp = 0; cp < 256; ++cp) {
            std::string text;
            utf8_append(text, cp);
            c.latin1[cp] = make_singleton(text, 1);
        }
        return c;
    }();
    return cache;
}

inline Ref<StrObject> empty_str() {
    return Ref<StrObject>::borrow(singletons().empty);
}
inline Ref<StrObject> char_str(uint32_t cp) {
    return Ref<StrObject>::borrow(singletons().latin1[cp]);
}

// Gives a freshly written string its length and ascii flag; size-0 strings become the
// singleton.
Ref<StrObject> finish_raw(StrObject* s, int64_t length) {
    if (s->size == 0) {
        std::free(s);
        return empty_str();
    }
    s->length = length;
    s->ascii = length == s->size;
    return Ref<StrObject>::steal(s);
}

}  // namespace

Ref<StrObject> new_str(std::string_view utf8) {
    const auto size = static_cast<int64_t>(utf8.size());
    if (size == 0) return empty_str();
    if (size == 1 && static_cast<uint8_t>(utf8[0]) < 0x80)
        return char_str(static_cast<uint8_t>(utf8[0]));
    StrObject* s = allocate_str(&kStrType, size);
    std::memcpy(s->data, utf8.data(), utf8.size());
    return finish_raw(s, size - count_continuations(s->data, size));
}

Ref<StrObject> new_str_from_utf8(std::string_view bytes, int64_t* bad) {
    const auto size = static_cast<int64_t>(bytes.size());
    int64_t ascii = ascii_prefix(bytes.data(), size);
    if (ascii == size) return new_str_with_length(bytes, size);
    int64_t at = utf8_validate(bytes.substr(static_cast<size_t>(ascii)));
    if (at >= 0) {
        *bad = ascii + at;
        return nullptr;
    }
    StrObject* s = allocate_str(&kStrType, size);
    std::memcpy(s->data, bytes.data(), bytes.size());
    return finish_raw(s, size - count_continuations(s->data, size));
}

Ref<StrObject> new_str_with_length(std::string_view utf8, int64_t length) {
    const auto size = static_cast<int64_t>(utf8.size());
    if (size == 0) return empty_str();
    if (length == 1 && size <= 2) {
        int64_t pos = 0;
        uint32_t cp = utf8_decode(utf8, &pos);
        if (cp < 256) return char_str(cp);
    }
    StrObject* s = allocate_str(&kStrType, size);
    std::memcpy(s->data, utf8.data(), utf8.size());
    return finish_raw(s, length);
}

Ref<StrObject> new_str_uninitialized(int64_t size) {
    return Ref<StrObject>::steal(allocate_str(&kStrType, size));
}

void str_finish(StrObject* s) {
    s->length = s->size - count_continuations(s->data, s->size);
    s->ascii = s->length == s->size;
    s->hash = -1;
}

Ref<StrObject> str_from_code_point(uint32_t cp) {
    if (cp < 256) return char_str(cp);
    std::string text;
    utf8_append(text, cp);
    StrObject* s = allocate_str(&kStrType, static_cast<int64_t>(text.size()));
    std::memcpy(s->data, text.data(), text.size());
    return finish_raw(s, 1);
}

int64_t str_hash(StrObject* s) {
    if (s->hash != -1) return s->hash;
    s->hash = hash_bytes(s->data, s->size);
    return s->hash;
}

bool str_equals(const StrObject* a, const StrObject* b) {
    if (a == b) return true;
    if (a->size != b->size) return false;
    if (a->hash != -1 && b->hash != -1 && a->hash != b->hash) return false;
    return std::memcmp(a->data, b->data, static_cast<size_t>(a->size)) == 0;
}

Ref<StrObject> str_substring(StrObject* s, int64_t start, int64_t stop) {
    if (start <= 0 && stop >= s->length && s->type == &kStrType) return Ref<StrObject>::borrow(s);
    if (stop <= start) return empty_str();
    if (s->ascii)
        return new_str_with_length({s->data + start, static_cast<size_t>(stop - start)},
                                   stop - start);
    int64_t b0 = str_byte_offset(s, start);
    int64_t b1 = advance_code_points(s->data, s->size, b0, stop - start);
    return new_str_with_length({s->data + b0, static_cast<size_t>(b1 - b0)}, stop - start);
}

// ---------------------------------------------------------------------------------------------
// repr

namespace {

void append_hex_escape(std::string& out, char kind, uint32_t value, int digits) {
    static const char kHex[] = "0123456789abcdef";
    out.push_back('\\');
    out.push_back(kind);
    for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4)
        out.push_back(kHex[(value >> shift) & 0xF]);
}

void append_escaped_code_point(std::string& out, uint32_t cp) {
    if (cp <= 0xFF) {
        append_hex_escape(out, 'x', cp, 2);
    } else if (cp <= 0xFFFF) {
        append_hex_escape(out, 'u', cp, 4);
    } else {
        append_hex_escape(out, 'U', cp, 8);
    }
}

}  // namespace

std::string str_repr(std::string_view s) {
    const bool has_single = s.find('\'') != std::string_view::npos;
    const bool has_double = has_single && s.find('"') != std::string_view::npos;
    const char quote = has_single && !has_double ? '"' : '\'';
    std::string out;
    out.reserve(s.size() + 2);
    out.push_back(quote);
    const auto n = static_cast<int64_t>(s.size());
    int64_t pos = 0;
    while (pos < n) {
        auto c = static_cast<uint8_t>(s[pos]);
        if (c < 0x80) {
            ++pos;
            if (c == static_cast<uint8_t>(quote) || c == '\\') {
                out.push_back('\\');
                out.push_back(static_cast<char>(c));
            } else if (c == '\n') {
                out += "\\n";
            } else if (c == '\t') {
                out += "\\t";
            } else if (c == '\r') {
                out += "\\r";
            } else if (c < 0x20 || c == 0x7F) {
                append_hex_escape(out, 'x', c, 2);
            } else {
                out.push_back(static_cast<char>(c));
            }
            continue;
        }
        int64_t start = pos;
        uint32_t cp = utf8_decode(s, &pos);
        if (unicode_is_printable(cp)) {
            out.append(s.data() + start, static_cast<size_t>(pos - start));
        } else {
            append_escaped_code_point(out, cp);
        }
    }
    out.push_back(quote);
    return out;
}

// ---------------------------------------------------------------------------------------------
// Concatenation, joining and search helpers shared by slots and methods

namespace {

inline Owned not_impl() {
    return Owned::borrow(not_implemented());
}

// A new str of the bytes [b0, b1) of [s]; [s] itself when that is all of an exact str.
Ref<StrObject> byte_piece(StrObject* s, int64_t b0, int64_t b1) {
    if (b0 == 0 && b1 == s->size && s->type == &kStrType) return Ref<StrObject>::borrow(s);
    std::string_view v(s->data + b0, static_cast<size_t>(b1 - b0));
    if (s->ascii) return new_str_with_length(v, b1 - b0);
    return new_str(v);
}

// An exact str with the content of [s] (str(subclass instance)).
Ref<StrObject> exact_copy(StrObject* s) {
    if (s->type == &kStrType) return Ref<StrObject>::borrow(s);
    return new_str_with_length(s->view(), s->length);
}

inline Owned self_or_copy(StrObject* s) {
    return exact_copy(s);
}

int64_t find_bytes(std::string_view hay, std::string_view needle) {
    if (needle.empty()) return 0;
    if (needle.size() > hay.size()) return -1;
    const void* p = needle.size() == 1
                        ? std::memchr(hay.data(), needle[0], hay.size())
                        : memmem(hay.data(), hay.size(), needle.data(), needle.size());
    return p ? static_cast<const char*>(p) - hay.data() : -1;
}

int64_t rfind_bytes(std::string_view hay, std::string_view needle) {
    const auto n = static_cast<int64_t>(needle.size());
    if (n == 0) return static_cast<int64_t>(hay.size());
    int64_t end = static_cast<int64_t>(hay.size()) - n + 1;  // candidate starts are [0, end)
    while (end > 0) {
        const void* p = memrchr(hay.data(), needle[0], static_cast<size_t>(end));
        if (!p) return -1;
        int64_t i = static_cast<const char*>(p) - hay.data();
        if (std::memcmp(hay.data() + i, needle.data(), static_cast<size_t>(n)) == 0) return i;
        end = i;
    }
    return -1;
}

// Non-overlapping occurrences, at most [limit].
int64_t count_bytes(std::string_view hay, std::string_view needle, int64_t limit) {
    int64_t count = 0;
    size_t pos = 0;
    while (count < limit) {
        int64_t at = find_bytes(hay.substr(pos), needle);
        if (at < 0) break;
        ++count;
        pos += static_cast<size_t>(at) + needle.size();
    }
    return count;
}

// CPython's ADJUST_INDICES: clamps [start, end) against a sequence of [length].
void adjust_indices(int64_t* start, int64_t* end, int64_t length) {
    if (*end > length) {
        *end = length;
    } else if (*end < 0) {
        *end += length;
        if (*end < 0) *end = 0;
    }
    if (*start < 0) {
        *start += length;
        if (*start < 0) *start = 0;
    }
}

// A start/end argument: None keeps the default; huge ints clamp (CPython's _PyEval_SliceIndex).
bool slice_index_arg(ThreadState& ts, Value v, int64_t* out) {
    if (v.is_null() || v.is_none()) return true;
    if (v.is_int()) {
        *out = v.as_int();
        return true;
    }
    const NumberSlots* n = type_of(v)->number;
    if (is_int(v) || (n && n->index)) {
        Owned i = index(ts, v);
        if (!i) return false;
        if (!int_to_int64(i.get(), out))
            *out = int_sign(i.get()) < 0 ? INT64_MIN / 4 : INT64_MAX / 4;
        return true;
    }
    raise(ts, &kTypeErrorType,
          "slice indices must be integers or None or have an __index__ method");
    return false;
}

// Parses (sub[, start[, end]]) of find/index/count/startswith... ("O|OO:name").
bool parse_find_args(ThreadState& ts, CallArgs args, const char* name, Value* sub, int64_t* start,
                     int64_t* end) {
    if (args.keyword_count() != 0) {
        raisef(ts, &kTypeErrorType, "{}() takes no keyword arguments", name);
        return false;
    }
    size_t n = args.nargs - 1;
    if (n < 1) {
        raisef(ts, &kTypeErrorType, "{}() takes at least 1 argument (0 given)", name);
        return false;
    }
    if (n > 3) {
        raisef(ts, &kTypeErrorType, "{}() takes at most 3 arguments ({} given)", name, n);
        return false;
    }
    *sub = args[1];
    *start = 0;
    *end = INT64_MAX;
    if (n > 1 && !slice_index_arg(ts, args[2], start)) return false;
    if (n > 2 && !slice_index_arg(ts, args[3], end)) return false;
    return true;
}

// find/rfind in code points within [start, end) (already given by the caller, unadjusted).
int64_t find_in(StrObject* s, StrObject* sub, int64_t start, int64_t end, bool reverse) {
    adjust_indices(&start, &end, s->length);
    if (end - start < sub->length) return -1;
    if (sub->size == 0) return reverse ? end : start;
    int64_t b0 = str_byte_offset(s, start);
    int64_t b1 = s->ascii ? end : advance_code_points(s->data, s->size, b0, end - start);
    std::string_view hay(s->data + b0, static_cast<size_t>(b1 - b0));
    int64_t at = reverse ? rfind_bytes(hay, sub->view()) : find_bytes(hay, sub->view());
    if (at < 0) return -1;
    return s->ascii ? b0 + at : start + utf8_length(hay.substr(0, static_cast<size_t>(at)));
}

// The whole-str arguments of methods: "must be str, not int".
StrObject* str_arg(ThreadState& ts, Value v) {
    if (is_str(v)) return v.as<StrObject>();
    raisef(ts, &kTypeErrorType, "must be str, not {}", type_name(v));
    return nullptr;
}

bool no_arguments(ThreadState& ts, CallArgs args, const char* qualname) {
    return check_no_args(ts, drop_self(args), qualname);
}

// True when the operand's own type may answer a reflected operator (a class with __radd__):
// the str slot then declines instead of raising its own TypeError.
bool defers_to_other(Value other, BinaryOp op) {
    TypeObject* t = type_of(other);
    return (t->flags & kTypeHeap) && t->number && t->number->binary[static_cast<int>(op)];
}

}  // namespace

namespace {

Owned concat_strs(StrObject* x, StrObject* y) {
    if (y->size == 0) return exact_copy(x);
    if (x->size == 0) return exact_copy(y);
    StrObject* s = allocate_str(&kStrType, x->size + y->size);
    std::memcpy(s->data, x->data, static_cast<size_t>(x->size));
    std::memcpy(s->data + x->size, y->data, static_cast<size_t>(y->size));
    return finish_raw(s, x->length + y->length);
}

}  // namespace

Owned str_concat(ThreadState& ts, Value a, Value b) {
    if (!is_str(a)) return not_impl();
    if (!is_str(b)) {
        if (defers_to_other(b, BinaryOp::Add)) return not_impl();
        return raisef(ts, &kTypeErrorType, "can only concatenate str (not \"{}\") to str",
                      type_name(b));
    }
    return concat_strs(a.as<StrObject>(), b.as<StrObject>());
}

Owned str_concat_consume(Owned left, const StrObject* right) {
    auto* l = left.get().as<StrObject>();
    if (right->size == 0 && l->type == &kStrType) return left;
    if (l->type != &kStrType || l->refcount != 1 || l->interned || l == right || l->size == 0) {
        return concat_strs(l, const_cast<StrObject*>(right));
    }
    const int64_t new_size = l->size + right->size;
    const size_t needed = sizeof(StrObject) + static_cast<size_t>(new_size);
    StrObject* s = l;
    if (malloc_usable_size(l) < needed) {
        // Grow by half again, so a loop of `s += t` costs amortised O(len(t)).
        void* memory = std::realloc(l, needed + static_cast<size_t>(new_size / 2));
        if (!memory) throw std::bad_alloc();
        s = static_cast<StrObject*>(static_cast<Object*>(memory));
    }
    left.release();
    std::memcpy(s->data + s->size, right->data, static_cast<size_t>(right->size));
    s->size = new_size;
    s->data[new_size] = '\0';
    s->length += right->length;
    s->ascii = s->ascii && right->ascii;
    s->hash = -1;
    return Owned::steal(Value::from_object(s));
}

Owned str_join(ThreadState& ts, StrObject* sep, Value iterable) {
    Ref<ListObject> owned_list;
    const Value* items;
    int64_t count;
    if (is_exact_list(iterable)) {
        items = iterable.as<ListObject>()->items;
        count = iterable.as<ListObject>()->length;
    } else if (is_exact_tuple(iterable)) {
        items = iterable.as<TupleObject>()->items;
        count = iterable.as<TupleObject>()->length;
    } else {
        TypeObject* t = type_of(iterable);
        if (!t->iter && !t->getitem) return raise(ts, &kTypeErrorType, "can only join an iterable");
        owned_list = list_from_iterable(ts, iterable);
        if (!owned_list) return nullptr;
        items = owned_list->items;
        count = owned_list->length;
    }
    if (count == 0) return empty_str();
    if (count == 1 && is_exact_str(items[0])) return Owned::borrow(items[0]);
    int64_t size = sep->size * (count - 1), length = sep->length * (count - 1);
    for (int64_t i = 0; i < count; ++i) {
        if (!is_str(items[i])) {
            return raisef(ts, &kTypeErrorType, "sequence item {}: expected str instance, {} found",
                          i, type_name(items[i]));
        }
        size += items[i].as<StrObject>()->size;
        length += items[i].as<StrObject>()->length;
    }
    StrObject* s = allocate_str(&kStrType, size);
    char* p = s->data;
    for (int64_t i = 0; i < count; ++i) {
        if (i && sep->size) {
            std::memcpy(p, sep->data, static_cast<size_t>(sep->size));
            p += sep->size;
        }
        auto* part = items[i].as<StrObject>();
        std::memcpy(p, part->data, static_cast<size_t>(part->size));
        p += part->size;
    }
    return finish_raw(s, length);
}

// ---------------------------------------------------------------------------------------------
// Slots

namespace {

void str_dealloc(Object* self) {
    std::free(self);
}

Owned str_repr_slot(ThreadState&, Value self) {
    return new_str(str_repr(self.as<StrObject>()->view()));
}

Owned str_str_slot(ThreadState&, Value self) {
    return exact_copy(self.as<StrObject>());
}

int64_t str_hash_slot(ThreadState&, Value self) {
    return str_hash(self.as<StrObject>());
}

Owned str_compare(ThreadState&, Value self, Value other, CompareOp op) {
    if (!is_str(other)) return not_impl();
    auto* a = self.as<StrObject>();
    auto* b = other.as<StrObject>();
    if (op == CompareOp::Eq) return Owned::from_bool(str_equals(a, b));
    if (op == CompareOp::Ne) return Owned::from_bool(!str_equals(a, b));
    // UTF-8 byte order is code point order.
    int c = std::memcmp(a->data, b->data, static_cast<size_t>(std::min(a->size, b->size)));
    if (c == 0) c = (a->size > b->size) - (a->size < b->size);
    switch (op) {
        case CompareOp::Lt:
            return Owned::from_bool(c < 0);
        case CompareOp::Le:
            return Owned::from_bool(c <= 0);
        case CompareOp::Gt:
            return Owned::from_bool(c > 0);
        default:
            return Owned::from_bool(c >= 0);
    }
}

int str_truth(ThreadState&, Value self) {
    return self.as<StrObject>()->size != 0;
}

int64_t str_length_slot(ThreadState&, Value self) {
    return self.as<StrObject>()->length;
}

int str_contains(ThreadState& ts, Value self, Value item) {
    if (!is_str(item)) {
        raisef(ts, &kTypeErrorType, "'in <string>' requires string as left operand, not {}",
               type_name(item));
        return -1;
    }
    return find_bytes(self.as<StrObject>()->view(), item.as<StrObject>()->view()) >= 0;
}

// The one-character str at code point [i] (0 <= i < length).
Owned char_at(StrObject* s, int64_t i) {
    if (s->ascii) return char_str(static_cast<uint8_t>(s->data[i]));
    int64_t pos = str_byte_offset(s, i);
    int64_t start = pos;
    uint32_t cp = utf8_decode(s->view(), &pos);
    if (cp < 256) return char_str(cp);
    return new_str_with_length({s->data + start, static_cast<size_t>(pos - start)}, 1);
}

Owned str_slice(ThreadState& ts, StrObject* s, SliceObject* slice) {
    int64_t start, stop, step, count;
    if (!slice_indices(ts, slice, s->length, &start, &stop, &step, &count)) return nullptr;
    if (count <= 0) return empty_str();
    if (step == 1) return str_substring(s, start, start + count);
    if (s->ascii) {
        StrObject* out = allocate_str(&kStrType, count);
        for (int64_t i = 0, j = start; i < count; ++i, j += step)
            out->data[i] = s->data[j];
        return finish_raw(out, count);
    }
    std::vector<int64_t> offsets;  // byte offset of every code point, then the end
    offsets.reserve(static_cast<size_t>(s->length + 1));
    for (int64_t pos = 0; pos < s->size; pos += seq_length(static_cast<uint8_t>(s->data[pos]))) {
        offsets.push_back(pos);
    }
    offsets.push_back(s->size);
    std::string out;
    for (int64_t i = 0, j = start; i < count; ++i, j += step) {
        out.append(s->data + offsets[j], static_cast<size_t>(offsets[j + 1] - offsets[j]));
    }
    return new_str_with_length(out, count);
}

Owned str_getitem(ThreadState& ts, Value self, Value key) {
    auto* s = self.as<StrObject>();
    int64_t i;
    if (key.is_int()) {
        i = key.as_int();
    } else if (is_slice(key)) {
        return str_slice(ts, s, key.as<SliceObject>());
    } else {
        const NumberSlots* n = type_of(key)->number;
        if (!is_int(key) && !(n && n->index)) {
            return raisef(ts, &kTypeErrorType, "string indices must be integers, not '{}'",
                          type_name(key));
        }
        if (!index_int64(ts, key, &i)) return nullptr;
    }
    if (!normalize_index(&i, s->length))
        return raise(ts, &kIndexErrorType, "string index out of range");
    return char_at(s, i);
}

Owned str_repeat(ThreadState& ts, Value a, Value b) {
    Value seq = is_str(a) ? a : b;
    Value count = is_str(a) ? b : a;
    if (!is_str(seq)) return not_impl();
    const NumberSlots* num = type_of(count)->number;
    if (!is_int(count) && !(num && num->index)) {
        if (defers_to_other(count, BinaryOp::Mul)) return not_impl();
        return raisef(ts, &kTypeErrorType, "can't multiply sequence by non-int of type '{}'",
                      type_name(count));
    }
    int64_t n;
    if (count.is_int()) {
        n = count.as_int();
    } else {
        Owned i = index(ts, count);
        if (!i) return nullptr;
        if (!int_to_int64(i.get(), &n)) {
            return raise(ts, &kOverflowErrorType, "cannot fit 'int' into an index-sized integer");
        }
    }
    auto* s = seq.as<StrObject>();
    if (n <= 0 || s->size == 0) return empty_str();
    if (n == 1) return exact_copy(s);
    if (s->size > INT64_MAX / 2 / n)
        return raise(ts, &kOverflowErrorType, "repeated string is too long");
    const int64_t size = s->size * n;
    if (size > (int64_t{1} << 40)) return raise_empty(ts, &kMemoryErrorType);
    StrObject* out = allocate_str(&kStrType, size);
    if (s->size == 1) {
        std::memset(out->data, s->data[0], static_cast<size_t>(size));
    } else {
        std::memcpy(out->data, s->data, static_cast<size_t>(s->size));
        int64_t done = s->size;
        while (done < size) {  // doubling copies
            int64_t chunk = std::min(done, size - done);
            std::memcpy(out->data + done, out->data, static_cast<size_t>(chunk));
            done += chunk;
        }
    }
    return finish_raw(out, s->length * n);
}

Owned str_mod(ThreadState& ts, Value a, Value b) {
    if (!is_str(a)) return not_impl();
    return printf_format(ts, a.as<StrObject>()->view(), b, false);
}

// str(object='') and str(object=b'', encoding='utf-8', errors='strict').
Owned str_new(ThreadState& ts, TypeObject* type, CallArgs args) {
    Owned result;
    if (args.nargs == 1 && args.keyword_count() == 0) {
        result = str(ts, args[0]);
    } else {
        static const char* const kNames[] = {"object", "encoding", "errors"};
        Value a[3];
        if (!parse_args(ts, args, "str", kNames, 0, a)) return nullptr;
        if (a[1].is_null() && a[2].is_null()) {
            result = a[0].is_null() ? Owned(empty_str()) : str(ts, a[0]);
        } else {
            for (int k = 1; k < 3; ++k) {
                if (!a[k].is_null() && !is_str(a[k])) {
                    return raisef(ts, &kTypeErrorType, "str() argument '{}' must be str, not {}",
                                  kNames[k], type_name(a[k]));
                }
            }
            std::string_view data;
            if (a[0].is_null()) {
                data = {};
            } else if (is_str(a[0])) {
                return raise(ts, &kTypeErrorType, "decoding str is not supported");
            } else if (!bytes_like_view(a[0], &data)) {
                return raisef(ts, &kTypeErrorType,
                              "decoding to str: need a bytes-like object, {} found",
                              type_name(a[0]));
            }
            Owned bytes = new_bytes(data);
            Owned encoding = a[1].is_null() ? Owned(new_str("utf-8")) : Owned::borrow(a[1]);
            Owned errors = a[2].is_null() ? Owned(new_str("strict")) : Owned::borrow(a[2]);
            result = call_method(ts, bytes.get(), ts.interp.intern("decode"),
                                 {encoding.get(), errors.get()});
        }
    }
    if (!result || type == &kStrType) return result;
    // A subclass instance: the same text under the subclass's type.
    auto* text = result.get().as<StrObject>();
    StrObject* s = allocate_str(type, text->size);
    std::memcpy(s->data, text->data, static_cast<size_t>(text->size));
    s->length = text->length;
    s->ascii = text->ascii;
    return Owned::steal(Value::from_object(s));
}

// ---------------------------------------------------------------------------------------------
// Iterator: walks the UTF-8 forward, one code point per step.

struct StrIteratorObject : Object {
    Ref<StrObject> str;  // null once exhausted
    int64_t pos = 0;     // byte offset
    int64_t index = 0;   // code points consumed
    explicit StrIteratorObject(Ref<StrObject> s) : Object(&kStrIteratorType), str(std::move(s)) {}
};

Owned str_iter(ThreadState&, Value self) {
    return make_object<StrIteratorObject>(Ref<StrObject>::borrow(self.as<StrObject>()));
}

void str_iterator_dealloc(Object* self) {
    delete static_cast<StrIteratorObject*>(self);
}

Owned str_iterator_self(ThreadState&, Value self) {
    return Owned::borrow(self);
}

Owned str_iterator_next(ThreadState&, Value self) {
    auto* it = self.as<StrIteratorObject>();
    StrObject* s = it->str.get();
    if (!s) return nullptr;
    if (it->pos >= s->size) {
        it->str = nullptr;
        return nullptr;
    }
    ++it->index;
    auto c = static_cast<uint8_t>(s->data[it->pos]);
    if (c < 0x80) {
        ++it->pos;
        return char_str(c);
    }
    int64_t start = it->pos;
    uint32_t cp = utf8_decode(s->view(), &it->pos);
    if (cp < 256) return char_str(cp);
    return new_str_with_length({s->data + start, static_cast<size_t>(it->pos - start)}, 1);
}

Owned str_iterator_length_hint(ThreadState&, CallArgs args) {
    auto* it = args[0].as<StrIteratorObject>();
    int64_t n = it->str ? it->str->length - it->index : 0;
    return Owned::steal(Value::from_int(n));
}

const MethodDef kStrIteratorMethods[] = {
    {"__length_hint__", str_iterator_length_hint},
    {nullptr, nullptr},
};

}  // namespace

// ---------------------------------------------------------------------------------------------
// Methods: splitting and joining

namespace {

inline StrObject* self_str(CallArgs args) {
    return args[0].as<StrObject>();
}

// A byte of ASCII whitespace (str.isspace's answer for U+0000..U+007F).
inline bool ascii_space(uint8_t c) {
    return (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x20);
}

// Whether the code point at byte [pos] is whitespace; sets *next past it.
inline bool space_at(const StrObject* s, int64_t pos, int64_t* next) {
    auto c = static_cast<uint8_t>(s->data[pos]);
    if (c < 0x80) {
        *next = pos + 1;
        return ascii_space(c);
    }
    *next = pos;
    return unicode_is_space(utf8_decode(s->view(), next));
}

// The byte offset of the code point before byte [pos] (pos > 0).
inline int64_t previous_start(const StrObject* s, int64_t pos) {
    --pos;
    while (pos > 0 && (static_cast<uint8_t>(s->data[pos]) & 0xC0) == 0x80)
        --pos;
    return pos;
}

void append_piece(ListObject* list, StrObject* s, int64_t b0, int64_t b1) {
    list_append_owned(list, byte_piece(s, b0, b1));
}

void reverse_list(ListObject* list) {
    std::reverse(list->items, list->items + list->length);
}

Owned split_whitespace(StrObject* s, int64_t maxsplit, bool right) {
    Ref<ListObject> out = new_list();
    const int64_t n = s->size;
    int64_t next;
    if (!right) {
        int64_t i = 0;
        while (maxsplit-- > 0) {
            while (i < n && space_at(s, i, &next))
                i = next;
            if (i == n) break;
            int64_t j = i;
            while (i < n && !space_at(s, i, &next))
                i = next;
            append_piece(out.get(), s, j, i);
        }
        while (i < n && space_at(s, i, &next))
            i = next;
        if (i < n) append_piece(out.get(), s, i, n);
        return out;
    }
    int64_t i = n;
    while (maxsplit-- > 0) {
        while (i > 0 && space_at(s, previous_start(s, i), &next))
            i = previous_start(s, i);
        if (i == 0) break;
        int64_t j = i;
        while (i > 0 && !space_at(s, previous_start(s, i), &next))
            i = previous_start(s, i);
        append_piece(out.get(), s, i, j);
    }
    while (i > 0 && space_at(s, previous_start(s, i), &next))
        i = previous_start(s, i);
    if (i > 0) append_piece(out.get(), s, 0, i);
    reverse_list(out.get());
    return out;
}

Owned split_separator(StrObject* s, StrObject* sep, int64_t maxsplit, bool right) {
    Ref<ListObject> out = new_list();
    std::string_view text = s->view(), needle = sep->view();
    const auto m = static_cast<int64_t>(needle.size());
    if (!right) {
        int64_t i = 0;
        while (maxsplit-- > 0) {
            int64_t at = find_bytes(text.substr(static_cast<size_t>(i)), needle);
            if (at < 0) break;
            append_piece(out.get(), s, i, i + at);
            i += at + m;
        }
        append_piece(out.get(), s, i, s->size);
        return out;
    }
    int64_t j = s->size;
    while (maxsplit-- > 0) {
        int64_t at = rfind_bytes(text.substr(0, static_cast<size_t>(j)), needle);
        if (at < 0) break;
        append_piece(out.get(), s, at + m, j);
        j = at;
    }
    append_piece(out.get(), s, 0, j);
    reverse_list(out.get());
    return out;
}

Owned split_impl(ThreadState& ts, CallArgs args, bool right) {
    static const char* const kNames[] = {"sep", "maxsplit"};
    Value a[2];
    if (!parse_args(ts, drop_self(args), right ? "rsplit" : "split", kNames, 0, a)) return nullptr;
    int64_t maxsplit = -1;
    if (!a[1].is_null() && !index_int64(ts, a[1], &maxsplit)) return nullptr;
    if (maxsplit < 0) maxsplit = INT64_MAX;
    StrObject* s = self_str(args);
    if (a[0].is_null() || a[0].is_none()) return split_whitespace(s, maxsplit, right);
    if (!is_str(a[0]))
        return raisef(ts, &kTypeErrorType, "must be str or None, not {}", type_name(a[0]));
    auto* sep = a[0].as<StrObject>();
    if (sep->size == 0) return raise(ts, &kValueErrorType, "empty separator");
    return split_separator(s, sep, maxsplit, right);
}

Owned str_split(ThreadState& ts, CallArgs args) {
    return split_impl(ts, args, false);
}
Owned str_rsplit(ThreadState& ts, CallArgs args) {
    return split_impl(ts, args, true);
}

Owned str_splitlines(ThreadState& ts, CallArgs args) {
    static const char* const kNames[] = {"keepends"};
    Value a[1];
    if (!parse_args(ts, drop_self(args), "splitlines", kNames, 0, a)) return nullptr;
    int keepends = a[0].is_null() ? 0 : truth(ts, a[0]);
    if (keepends < 0) return nullptr;
    StrObject* s = self_str(args);
    Ref<ListObject> out = new_list();
    const int64_t n = s->size;
    int64_t i = 0;
    while (i < n) {
        int64_t j = i, eol = n, after = n;
        while (j < n) {
            auto c = static_cast<uint8_t>(s->data[j]);
            int64_t next = j;
            uint32_t cp = c < 0x80 ? (next = j + 1, c) : utf8_decode(s->view(), &next);
            if (unicode_is_linebreak(cp)) {
                eol = j;
                after = next;
                if (cp == '\r' && after < n && s->data[after] == '\n') ++after;
                break;
            }
            j = next;
        }
        append_piece(out.get(), s, i, keepends ? after : eol);
        i = after;
    }
    return out;
}

Owned str_join_method(ThreadState& ts, CallArgs args) {
    if (!check_one_arg(ts, drop_self(args), "str.join()")) return nullptr;
    return str_join(ts, self_str(args), args[1]);
}

// strip/lstrip/rstrip: [where] 1 = left, 2 = right, 3 = both.
Owned strip_impl(ThreadState& ts, CallArgs args, const char* name, int where) {
    if (!check_positional(ts, drop_self(args), name, 0, 1)) return nullptr;
    StrObject* s = self_str(args);
    Value chars = args.nargs > 1 ? args[1] : Value::null();
    bool ascii_set[128] = {};
    std::vector<uint32_t> wide_set;
    const bool whitespace = chars.is_null() || chars.is_none();
    if (!whitespace) {
        if (!is_str(chars)) return raisef(ts, &kTypeErrorType, "{} arg must be None or str", name);
        std::string_view cv = chars.as<StrObject>()->view();
        for (int64_t pos = 0; pos < static_cast<int64_t>(cv.size());) {
            uint32_t cp = utf8_decode(cv, &pos);
            if (cp < 128) {
                ascii_set[cp] = true;
            } else {
                wide_set.push_back(cp);
            }
        }
    }
    auto strips = [&](int64_t pos) {
        int64_t next = pos;
        uint32_t cp = utf8_decode(s->view(), &next);
        if (whitespace) return unicode_is_space(cp);
        if (cp < 128) return ascii_set[cp];
        return std::find(wide_set.begin(), wide_set.end(), cp) != wide_set.end();
    };
    int64_t i = 0, j = s->size;
    if (where & 1) {
        while (i < j && strips(i))
            i += seq_length(static_cast<uint8_t>(s->data[i]));
    }
    if (where & 2) {
        while (j > i && strips(previous_start(s, j)))
            j = previous_start(s, j);
    }
    return byte_piece(s, i, j);
}

Owned str_strip(ThreadState& ts, CallArgs args) {
    return strip_impl(ts, args, "strip", 3);
}
Owned str_lstrip(ThreadState& ts, CallArgs args) {
    return strip_impl(ts, args, "lstrip", 1);
}
Owned str_rstrip(ThreadState& ts, CallArgs args) {
    return strip_impl(ts, args, "rstrip", 2);
}

Owned partition_impl(ThreadState& ts, CallArgs args, const char* qualname, bool right) {
    if (!check_one_arg(ts, drop_self(args), qualname)) return nullptr;
    StrObject* s = self_str(args);
    StrObject* sep = str_arg(ts, args[1]);
    if (!sep) return nullptr;
    if (sep->size == 0) return raise(ts, &kValueErrorType, "empty separator");
    int64_t at = right ? rfind_bytes(s->view(), sep->view()) : find_bytes(s->view(), sep->view());
    if (at < 0) {
        Owned whole = exact_copy(s);
        Owned empty = empty_str();
        return right ? Owned(new_tuple_of({empty.get(), empty.get(), whole.get()}))
                     : Owned(new_tuple_of({whole.get(), empty.get(), empty.get()}));
    }
    Owned head = byte_piece(s, 0, at);
    Owned tail = byte_piece(s, at + sep->size, s->size);
    return new_tuple_of({head.get(), Value::from_object(exact_copy(sep).get()), tail.get()});
}

Owned str_partition(ThreadState& ts, CallArgs args) {
    return partition_impl(ts, args, "str.partition()", false);
}
Owned str_rpartition(ThreadState& ts, CallArgs args) {
    return partition_impl(ts, args, "str.rpartition()", true);
}

// ---------------------------------------------------------------------------------------------
// Methods: searching and replacing

Owned find_impl(ThreadState& ts, CallArgs args, const char* name, bool reverse, bool raises) {
    Value sub_value;
    int64_t start, end;
    if (!parse_find_args(ts, args, name, &sub_value, &start, &end)) return nullptr;
    StrObject* sub = str_arg(ts, sub_value);
    if (!sub) return nullptr;
    int64_t at = find_in(self_str(args), sub, start, end, reverse);
    if (at < 0 && raises) return raise(ts, &kValueErrorType, "substring not found");
    return Owned::steal(Value::from_int(at));
}

Owned str_find(ThreadState& ts, CallArgs args) {
    return find_impl(ts, args, "find", false, false);
}
Owned str_rfind(ThreadState& ts, CallArgs args) {
    return find_impl(ts, args, "rfind", true, false);
}
Owned str_index(ThreadState& ts, CallArgs args) {
    return find_impl(ts, args, "index", false, true);
}
Owned str_rindex(ThreadState& ts, CallArgs args) {
    return find_impl(ts, args, "rindex", true, true);
}

Owned str_count(ThreadState& ts, CallArgs args) {
    Value sub_value;
    int64_t start, end;
    if (!parse_find_args(ts, args, "count", &sub_value, &start, &end)) return nullptr;
    StrObject* sub = str_arg(ts, sub_value);
    if (!sub) return nullptr;
    StrObject* s = self_str(args);
    adjust_indices(&start, &end, s->length);
    if (end - start < sub->length) return Owned::steal(Value::from_int(0));
    if (sub->size == 0) return Owned::steal(Value::from_int(end - start + 1));
    int64_t b0 = str_byte_offset(s, start);
    int64_t b1 = s->ascii ? end : advance_code_points(s->data, s->size, b0, end - start);
    std::string_view hay(s->data + b0, static_cast<size_t>(b1 - b0));
    return Owned::steal(Value::from_int(count_bytes(hay, sub->view(), INT64_MAX)));
}

// Whether [sub] occurs at the start (or end) of s[start:end].
bool tail_match(StrObject* s, StrObject* sub, int64_t start, int64_t end, bool at_end) {
    adjust_indices(&start, &end, s->length);
    end -= sub->length;
    if (end < start) return false;
    if (sub->size == 0) return true;
    int64_t at = str_byte_offset(s, at_end ? end : start);
    if (at + sub->size > s->size) return false;
    return std::memcmp(s->data + at, sub->data, static_cast<size_t>(sub->size)) == 0;
}

Owned affix_impl(ThreadState& ts, CallArgs args, const char* name, bool at_end) {
    Value prefix;
    int64_t start, end;
    if (!parse_find_args(ts, args, name, &prefix, &start, &end)) return nullptr;
    StrObject* s = self_str(args);
    if (is_tuple(prefix)) {
        auto* t = prefix.as<TupleObject>();
        for (int64_t i = 0; i < t->length; ++i) {
            if (!is_str(t->items[i])) {
                return raisef(ts, &kTypeErrorType, "tuple for {} must only contain str, not {}",
                              name, type_name(t->items[i]));
            }
            if (tail_match(s, t->items[i].as<StrObject>(), start, end, at_end)) {
                return Owned::from_bool(true);
            }
        }
        return Owned::from_bool(false);
    }
    if (!is_str(prefix)) {
        return raisef(ts, &kTypeErrorType, "{} first arg must be str or a tuple of str, not {}",
                      name, type_name(prefix));
    }
    return Owned::from_bool(tail_match(s, prefix.as<StrObject>(), start, end, at_end));
}

Owned str_startswith(ThreadState& ts, CallArgs args) {
    return affix_impl(ts, args, "startswith", false);
}
Owned str_endswith(ThreadState& ts, CallArgs args) {
    return affix_impl(ts, args, "endswith", true);
}

Owned str_replace(ThreadState& ts, CallArgs args) {
    if (!check_positional(ts, drop_self(args), "replace", 2, 3)) return nullptr;
    StrObject* s = self_str(args);
    for (int k = 1; k <= 2; ++k) {
        if (!is_str(args[k])) {
            return raisef(ts, &kTypeErrorType, "replace() argument {} must be str, not {}", k,
                          type_name(args[k]));
        }
    }
    auto* old_s = args[1].as<StrObject>();
    auto* new_s = args[2].as<StrObject>();
    int64_t limit = -1;
    if (args.nargs > 3 && !index_int64(ts, args[3], &limit)) return nullptr;
    if (limit < 0) limit = INT64_MAX;
    if (old_s->size == 0) {
        // Insert [new] before every code point and at the end, [limit] times at most.
        int64_t inserts = std::min(limit, s->length + 1);
        if (inserts == 0) return exact_copy(s);
        StrObject* out = allocate_str(&kStrType, s->size + inserts * new_s->size);
        char* p = out->data;
        int64_t pos = 0;
        for (int64_t k = 0; k < inserts; ++k) {
            std::memcpy(p, new_s->data, static_cast<size_t>(new_s->size));
            p += new_s->size;
            if (pos < s->size) {
                int len = seq_length(static_cast<uint8_t>(s->data[pos]));
                std::memcpy(p, s->data + pos, static_cast<size_t>(len));
                p += len;
                pos += len;
            }
        }
        std::memcpy(p, s->data + pos, static_cast<size_t>(s->size - pos));
        return finish_raw(out, s->length + inserts * new_s->length);
    }
    std::vector<int64_t> hits;
    std::string_view text = s->view();
    for (size_t pos = 0; static_cast<int64_t>(hits.size()) < limit;) {
        int64_t at = find_bytes(text.substr(pos), old_s->view());
        if (at < 0) break;
        hits.push_back(static_cast<int64_t>(pos) + at);
        pos += static_cast<size_t>(at + old_s->size);
    }
    if (hits.empty()) return exact_copy(s);
    const auto m = static_cast<int64_t>(hits.size());
    StrObject* out = allocate_str(&kStrType, s->size + m * (new_s->size - old_s->size));
    char* p = out->data;
    int64_t prev = 0;
    for (int64_t at : hits) {
        std::memcpy(p, s->data + prev, static_cast<size_t>(at - prev));
        p += at - prev;
        std::memcpy(p, new_s->data, static_cast<size_t>(new_s->size));
        p += new_s->size;
        prev = at + old_s->size;
    }
    std::memcpy(p, s->data + prev, static_cast<size_t>(s->size - prev));
    return finish_raw(out, s->length + m * (new_s->length - old_s->length));
}

Owned affix_remove(ThreadState& ts, CallArgs args, const char* name, bool suffix) {
    if (!check_one_arg(ts, drop_self(args), suffix ? "str.removesuffix()" : "str.removeprefix()")) {
        return nullptr;
    }
    if (!is_str(args[1])) {
        return raisef(ts, &kTypeErrorType, "{}() argument must be str, not {}", name,
                      type_name(args[1]));
    }
    StrObject* s = self_str(args);
    auto* affix = args[1].as<StrObject>();
    std::string_view v = s->view(), a = affix->view();
    if (affix->size == 0 || affix->size > s->size) return exact_copy(s);
    if (!suffix && v.substr(0, a.size()) == a) return byte_piece(s, affix->size, s->size);
    if (suffix && v.substr(v.size() - a.size()) == a)
        return byte_piece(s, 0, s->size - affix->size);
    return exact_copy(s);
}

Owned str_removeprefix(ThreadState& ts, CallArgs args) {
    return affix_remove(ts, args, "removeprefix", false);
}
Owned str_removesuffix(ThreadState& ts, CallArgs args) {
    return affix_remove(ts, args, "removesuffix", true);
}

// ---------------------------------------------------------------------------------------------
// Methods: case and character classes

Owned case_impl(ThreadState& ts, CallArgs args, const char* qualname, char kind) {
    if (!no_arguments(ts, args, qualname)) return nullptr;
    StrObject* s = self_str(args);
    if (s->size == 0) return exact_copy(s);
    if (s->ascii) {
        StrObject* out = allocate_str(&kStrType, s->size);
        bool previous_cased = false;
        for (int64_t i = 0; i < s->size; ++i) {
            auto c = static_cast<uint8_t>(s->data[i]);
            bool upper = c >= 'A' && c <= 'Z', lower = c >= 'a' && c <= 'z';
            bool to_upper = false, to_lower = false;
            switch (kind) {
                case 'U':
                    to_upper = true;
                    break;
                case 'L':
                case 'F':
                    to_lower = true;
                    break;
                case 'S':
                    to_upper = lower;
                    to_lower = upper;
                    break;
                case 'C':
                    to_upper = i == 0;
                    to_lower = i != 0;
                    break;
                case 'T':
                    to_upper = !previous_cased;
                    to_lower = previous_cased;
                    previous_cased = upper || lower;
                    break;
            }
            if (to_upper && lower) c = static_cast<uint8_t>(c - 32);
            if (to_lower && upper) c = static_cast<uint8_t>(c + 32);
            out->data[i] = static_cast<char>(c);
        }
        return finish_raw(out, s->length);
    }
    std::string out;
    out.reserve(static_cast<size_t>(s->size));
    std::string_view v = s->view();
    bool previous_cased = false;
    uint32_t previous = 0;
    for (int64_t pos = 0, i = 0; pos < s->size; ++i) {
        uint32_t cp = utf8_decode(v, &pos);
        switch (kind) {
            case 'U':
                append_case(out, cp, CaseMode::Upper);
                break;
            case 'F':
                append_case(out, cp, CaseMode::Fold);
                break;
            case 'L':
                if (cp == 0x3A3) {  // capital sigma: final form at the end of a word
                    bool next_cased = false;
                    if (pos < s->size) {
                        int64_t p2 = pos;
                        next_cased = cp_is_cased(utf8_decode(v, &p2));
                    }
                    utf8_append(out, i > 0 && cp_is_cased(previous) && !next_cased ? 0x3C2 : 0x3C3);
                } else {
                    append_case(out, cp, CaseMode::Lower);
                }
                break;
            case 'S':
                if (cp_is_upper(cp)) {
                    append_case(out, cp, CaseMode::Lower);
                } else if (cp_is_lower(cp)) {
                    append_case(out, cp, CaseMode::Upper);
                } else {
                    utf8_append(out, cp);
                }
                break;
            case 'C':
                append_case(out, cp, i == 0 ? CaseMode::Title : CaseMode::Lower);
                break;
            case 'T':
                append_case(out, cp, previous_cased ? CaseMode::Lower : CaseMode::Title);
                previous_cased = cp_is_cased(cp);
                break;
        }
        previous = cp;
    }
    return new_str(out);
}

Owned str_upper(ThreadState& ts, CallArgs args) {
    return case_impl(ts, args, "str.upper()", 'U');
}
Owned str_lower(ThreadState& ts, CallArgs args) {
    return case_impl(ts, args, "str.lower()", 'L');
}
Owned str_casefold(ThreadState& ts, CallArgs args) {
    return case_impl(ts, args, "str.casefold()", 'F');
}
Owned str_swapcase(ThreadState& ts, CallArgs args) {
    return case_impl(ts, args, "str.swapcase()", 'S');
}
Owned str_capitalize(ThreadState& ts, CallArgs args) {
    return case_impl(ts, args, "str.capitalize()", 'C');
}
Owned str_title(ThreadState& ts, CallArgs args) {
    return case_impl(ts, args, "str.title()", 'T');
}

// Every code point satisfies [pred] (and the string is not empty, unless [empty_result]).
template <class Pred>
Owned all_chars(ThreadState& ts, CallArgs args, const char* qualname, bool empty_result,
                Pred pred) {
    if (!no_arguments(ts, args, qualname)) return nullptr;
    StrObject* s = self_str(args);
    if (s->size == 0) return Owned::from_bool(empty_result);
    std::string_view v = s->view();
    for (int64_t pos = 0; pos < s->size;) {
        if (!pred(utf8_decode(v, &pos))) return Owned::from_bool(false);
    }
    return Owned::from_bool(true);
}

Owned str_isdigit(ThreadState& ts, CallArgs args) {
    return all_chars(ts, args, "str.isdigit()", false, cp_is_digit);
}
Owned str_isdecimal(ThreadState& ts, CallArgs args) {
    return all_chars(ts, args, "str.isdecimal()", false, cp_is_decimal);
}
Owned str_isnumeric(ThreadState& ts, CallArgs args) {
    return all_chars(ts, args, "str.isnumeric()", false, cp_is_numeric);
}
Owned str_isalpha(ThreadState& ts, CallArgs args) {
    return all_chars(ts, args, "str.isalpha()", false, cp_is_alpha);
}
Owned str_isalnum(ThreadState& ts, CallArgs args) {
    return all_chars(ts, args, "str.isalnum()", false,
                     [](uint32_t cp) { return cp_is_alpha(cp) || cp_is_numeric(cp); });
}
Owned str_isspace(ThreadState& ts, CallArgs args) {
    return all_chars(ts, args, "str.isspace()", false, unicode_is_space);
}
Owned str_isprintable(ThreadState& ts, CallArgs args) {
    return all_chars(ts, args, "str.isprintable()", true, unicode_is_printable);
}
Owned str_isascii(ThreadState& ts, CallArgs args) {
    if (!no_arguments(ts, args, "str.isascii()")) return nullptr;
    return Owned::from_bool(self_str(args)->ascii);
}

// isupper/islower: some cased character, and none of the other case (titlecase counts as
// both "not lower" and "not upper").
Owned cased_impl(ThreadState& ts, CallArgs args, const char* qualname, bool upper) {
    if (!no_arguments(ts, args, qualname)) return nullptr;
    StrObject* s = self_str(args);
    std::string_view v = s->view();
    bool cased = false;
    for (int64_t pos = 0; pos < s->size;) {
        uint32_t cp = utf8_decode(v, &pos);
        bool u = cp_is_upper(cp), l = cp_is_lower(cp), t = cp_is_title(cp);
        if (upper ? (l || t) : (u || t)) return Owned::from_bool(false);
        if (upper ? u : l) cased = true;
    }
    return Owned::from_bool(cased);
}

Owned str_isupper(ThreadState& ts, CallArgs args) {
    return cased_impl(ts, args, "str.isupper()", true);
}
Owned str_islower(ThreadState& ts, CallArgs args) {
    return cased_impl(ts, args, "str.islower()", false);
}

Owned str_istitle(ThreadState& ts, CallArgs args) {
    if (!no_arguments(ts, args, "str.istitle()")) return nullptr;
    StrObject* s = self_str(args);
    std::string_view v = s->view();
    bool cased = false, previous_cased = false;
    for (int64_t pos = 0; pos < s->size;) {
        uint32_t cp = utf8_decode(v, &pos);
        if (cp_is_upper(cp) || cp_is_title(cp)) {
            if (previous_cased) return Owned::from_bool(false);
            previous_cased = cased = true;
        } else if (cp_is_lower(cp)) {
            if (!previous_cased) return Owned::from_bool(false);
            previous_cased = cased = true;
        } else {
            previous_cased = false;
        }
    }
    return Owned::from_bool(cased);
}

Owned str_isidentifier(ThreadState& ts, CallArgs args) {
    if (!no_arguments(ts, args, "str.isidentifier()")) return nullptr;
    StrObject* s = self_str(args);
    if (s->size == 0) return Owned::from_bool(false);
    std::string_view v = s->view();
    int64_t pos = 0;
    if (!cp_is_id_start(utf8_decode(v, &pos))) return Owned::from_bool(false);
    while (pos < s->size) {
        if (!cp_is_id_continue(utf8_decode(v, &pos))) return Owned::from_bool(false);
    }
    return Owned::from_bool(true);
}

// ---------------------------------------------------------------------------------------------
// Methods: padding and layout

// [left] and [right] copies of the code point [fill] around [s].
Owned pad(StrObject* s, int64_t left, int64_t right, uint32_t fill) {
    if (left <= 0 && right <= 0) return exact_copy(s);
    left = std::max<int64_t>(left, 0);
    right = std::max<int64_t>(right, 0);
    std::string f;
    utf8_append(f, fill);
    const auto fs = static_cast<int64_t>(f.size());
    StrObject* out = allocate_str(&kStrType, s->size + (left + right) * fs);
    char* p = out->data;
    auto put_fill = [&](int64_t count) {
        if (fs == 1) {
            std::memset(p, f[0], static_cast<size_t>(count));
            p += count;
        } else {
            for (int64_t k = 0; k < count; ++k, p += fs)
                std::memcpy(p, f.data(), f.size());
        }
    };
    put_fill(left);
    std::memcpy(p, s->data, static_cast<size_t>(s->size));
    p += s->size;
    put_fill(right);
    return finish_raw(out, s->length + left + right);
}

// center/ljust/rjust: [mode] 'c', 'l' or 'r'.
Owned justify_impl(ThreadState& ts, CallArgs args, const char* name, char mode) {
    if (!check_positional(ts, drop_self(args), name, 1, 2)) return nullptr;
    StrObject* s = self_str(args);
    int64_t width;
    if (!index_int64(ts, args[1], &width)) return nullptr;
    uint32_t fill = ' ';
    if (args.nargs > 2) {
        if (!is_str(args[2])) {
            return raisef(ts, &kTypeErrorType,
                          "The fill character must be a unicode character, not {}",
                          type_name(args[2]));
        }
        auto* f = args[2].as<StrObject>();
        if (f->length != 1) {
            return raise(ts, &kTypeErrorType,
                         "The fill character must be exactly one character long");
        }
        int64_t pos = 0;
        fill = utf8_decode(f->view(), &pos);
    }
    if (s->length >= width) return exact_copy(s);
    int64_t margin = width - s->length;
    switch (mode) {
        case 'l':
            return pad(s, 0, margin, fill);
        case 'r':
            return pad(s, margin, 0, fill);
        default: {
            int64_t left = margin / 2 + (margin & width & 1);
            return pad(s, left, margin - left, fill);
        }
    }
}

Owned str_center(ThreadState& ts, CallArgs args) {
    return justify_impl(ts, args, "center", 'c');
}
Owned str_ljust(ThreadState& ts, CallArgs args) {
    return justify_impl(ts, args, "ljust", 'l');
}
Owned str_rjust(ThreadState& ts, CallArgs args) {
    return justify_impl(ts, args, "rjust", 'r');
}

Owned str_zfill(ThreadState& ts, CallArgs args) {
    if (!check_one_arg(ts, drop_self(args), "str.zfill()")) return nullptr;
    StrObject* s = self_str(args);
    int64_t width;
    if (!index_int64(ts, args[1], &width)) return nullptr;
    if (s->length >= width) return exact_copy(s);
    Owned padded = pad(s, width - s->length, 0, '0');
    auto* out = padded.get().as<StrObject>();
    int64_t fill = width - s->length;
    if (s->size > 0 && (s->data[0] == '+' || s->data[0] == '-')) {
        // Move the sign in front of the zeros (the result is a fresh, unshared string).
        out->data[0] = s->data[0];
        out->data[fill] = '0';
    }
    return padded;
}

Owned str_expandtabs(ThreadState& ts, CallArgs args) {
    static const char* const kNames[] = {"tabsize"};
    Value a[1];
    if (!parse_args(ts, drop_self(args), "expandtabs", kNames, 0, a)) return nullptr;
    int64_t tabsize = 8;
    if (!a[0].is_null() && !index_int64(ts, a[0], &tabsize)) return nullptr;
    StrObject* s = self_str(args);
    if (!std::memchr(s->data, '\t', static_cast<size_t>(s->size))) return exact_copy(s);
    std::string out;
    std::string_view v = s->view();
    int64_t column = 0, length = 0;
    for (int64_t pos = 0; pos < s->size;) {
        int64_t start = pos;
        uint32_t cp = utf8_decode(v, &pos);
        if (cp == '\t') {
            if (tabsize > 0) {
                int64_t spaces = tabsize - column % tabsize;
                out.append(static_cast<size_t>(spaces), ' ');
                column += spaces;
                length += spaces;
            }
            continue;
        }
        out.append(v.data() + start, static_cast<size_t>(pos - start));
        ++length;
        column = cp == '\n' || cp == '\r' ? 0 : column + 1;
    }
    return new_str_with_length(out, length);
}

// ---------------------------------------------------------------------------------------------
// Methods: encoding, formatting, translation

enum class Codec { Utf8, Ascii, Latin1 };

// Python's codec name normalisation for the three codecs str.encode knows natively.
bool lookup_codec(std::string_view name, Codec* out) {
    std::string n;
    for (char c : name)
        n.push_back(c == '_' || c == ' '
                        ? '-'
                        : static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    if (n == "utf-8" || n == "utf8" || n == "u8" || n == "utf" || n == "cp65001") {
        *out = Codec::Utf8;
    } else if (n == "ascii" || n == "us-ascii" || n == "646") {
        *out = Codec::Ascii;
    } else if (n == "latin-1" || n == "latin1" || n == "latin" || n == "l1" || n == "iso-8859-1" ||
               n == "iso8859-1" || n == "8859" || n == "cp819" || n == "iso-ir-100") {
        *out = Codec::Latin1;
    } else {
        return false;
    }
    return true;
}

// Raises UnicodeEncodeError(encoding, object, start, end, reason), whose str() is CPython's
// "'ascii' codec can't encode character '\xe9' in position 0: ordinal not in range(128)".
std::nullptr_t raise_encode_error(ThreadState& ts, const char* codec, Value object, int64_t start,
                                  int64_t end, const char* reason) {
    Owned codec_name = new_str(codec);
    Owned reason_text = new_str(reason);
    Owned exc = call_values(ts, Value::from_object(&kUnicodeEncodeErrorType),
                            {codec_name.get(), object, Value::from_int(start), Value::from_int(end),
                             reason_text.get()});
    if (!exc) return nullptr;
    return set_exception(ts, std::move(exc));
}

Owned str_encode(ThreadState& ts, CallArgs args) {
    static const char* const kNames[] = {"encoding", "errors"};
    Value a[2];
    if (!parse_args(ts, drop_self(args), "encode", kNames, 0, a)) return nullptr;
    for (int k = 0; k < 2; ++k) {
        if (!a[k].is_null() && !is_str(a[k])) {
            return raisef(ts, &kTypeErrorType, "encode() argument '{}' must be str, not {}",
                          kNames[k], type_name(a[k]));
        }
    }
    std::string_view encoding = a[0].is_null() ? "utf-8" : a[0].as<StrObject>()->view();
    std::string_view errors = a[1].is_null() ? "strict" : a[1].as<StrObject>()->view();
    Codec codec;
    if (!lookup_codec(encoding, &codec))
        return raisef(ts, &kLookupErrorType, "unknown encoding: {}", encoding);
    StrObject* s = self_str(args);
    std::string_view v = s->view();
    if (s->ascii) return new_bytes(v);
    const char* codec_name = codec == Codec::Utf8    ? "utf-8"
                             : codec == Codec::Ascii ? "ascii"
                                                     : "latin-1";
    const uint32_t limit = codec == Codec::Ascii ? 0x80 : 0x100;
    auto encodable = [&](uint32_t cp) {
        if (codec == Codec::Utf8) return cp < 0xD800 || cp > 0xDFFF;
        return cp < limit;
    };
    if (codec == Codec::Utf8 && utf8_validate(v) < 0) return new_bytes(v);  // no surrogates
    std::string out;
    out.reserve(v.size());
    for (int64_t pos = 0, i = 0; pos < s->size;) {
        int64_t start = pos;
        uint32_t cp = utf8_decode(v, &pos);
        if (encodable(cp)) {
            if (codec == Codec::Utf8) {
                out.append(v.data() + start, static_cast<size_t>(pos - start));
            } else {
                out.push_back(static_cast<char>(cp));
            }
            ++i;
            continue;
        }
        // A run of unencodable characters [i, j).
        int64_t j = i + 1, run_end = pos;
        std::vector<uint32_t> run{cp};
        for (int64_t p2 = pos; p2 < s->size;) {
            uint32_t c2 = utf8_decode(v, &p2);
            if (encodable(c2)) break;
            run.push_back(c2);
            run_end = p2;
            ++j;
        }
        const char* reason = codec == Codec::Utf8    ? "surrogates not allowed"
                             : codec == Codec::Ascii ? "ordinal not in range(128)"
                                                     : "ordinal not in range(256)";
        if (errors == "strict") return raise_encode_error(ts, codec_name, args[0], i, j, reason);
        for (uint32_t c : run) {
            if (errors == "ignore") {
            } else if (errors == "replace") {
                out.push_back('?');
            } else if (errors == "backslashreplace") {
                append_escaped_code_point(out, c);
            } else if (errors == "xmlcharrefreplace") {
                out += fmt::format("&#{};", c);
            } else if (errors == "surrogateescape" && c >= 0xDC80 && c <= 0xDCFF) {
                out.push_back(static_cast<char>(c - 0xDC00));
            } else if (errors == "surrogatepass" && codec == Codec::Utf8) {
                utf8_append(out, c);
            } else if (errors == "surrogateescape" || errors == "surrogatepass") {
                return raise_encode_error(ts, codec_name, args[0], i, i + 1, reason);
            } else {
                return raisef(ts, &kLookupErrorType, "unknown error handler name '{}'", errors);
            }
        }
        pos = run_end;
        i = j;
    }
    return new_bytes(out);
}

Owned str_dunder_format(ThreadState& ts, CallArgs args) {
    if (!check_one_arg(ts, drop_self(args), "str.__format__()")) return nullptr;
    if (!is_str(args[1])) {
        return raisef(ts, &kTypeErrorType, "__format__() argument must be str, not {}",
                      type_name(args[1]));
    }
    auto* spec = args[1].as<StrObject>();
    if (spec->size == 0) return exact_copy(self_str(args));
    return format_str(ts, args[0], spec->view());
}

Owned str_maketrans(ThreadState& ts, CallArgs args) {
    if (!check_positional(ts, args, "maketrans", 1, 3)) return nullptr;
    Ref<DictObject> table = new_dict();
    if (args.nargs == 1) {
        if (!is_dict(args[0])) {
            return raise(ts, &kTypeErrorType,
                         "if you give only one argument to maketrans it must be a dict");
        }
        int64_t pos = 0;
        Value key, value;
        while (dict_next(args[0].as<DictObject>(), &pos, &key, &value)) {
            Owned new_key;
            if (is_str(key)) {
                auto* k = key.as<StrObject>();
                if (k->length != 1) {
                    return raise(ts, &kValueErrorType,
                                 "string keys in translate table must be of length 1");
                }
                int64_t p = 0;
                new_key = Owned::steal(Value::from_int(utf8_decode(k->view(), &p)));
            } else if (is_int(key)) {
                new_key = Owned::borrow(key);
            } else {
                return raise(ts, &kTypeErrorType,
                             "keys in translate table must be strings or integers");
            }
            if (!dict_set(ts, table.get(), new_key.get(), value)) return nullptr;
        }
        return table;
    }
    for (size_t k = 1; k < args.nargs; ++k) {
        if (!is_str(args[k])) {
            return raisef(ts, &kTypeErrorType, "maketrans() argument {} must be str, not {}", k + 1,
                          type_name(args[k]));
        }
    }
    if (!is_str(args[0])) {
        return raise(ts, &kTypeErrorType,
                     "first maketrans argument must be a string if there is a second argument");
    }
    auto* x = args[0].as<StrObject>();
    auto* y = args[1].as<StrObject>();
    if (x->length != y->length) {
        return raise(ts, &kValueErrorType,
                     "the first two maketrans arguments must have equal length");
    }
    for (int64_t px = 0, py = 0; px < x->size;) {
        uint32_t from = utf8_decode(x->view(), &px);
        uint32_t to = utf8_decode(y->view(), &py);
        if (!dict_set(ts, table.get(), Value::from_int(from), Value::from_int(to))) return nullptr;
    }
    if (args.nargs > 2) {
        auto* z = args[2].as<StrObject>();
        for (int64_t pz = 0; pz < z->size;) {
            uint32_t c = utf8_decode(z->view(), &pz);
            if (!dict_set(ts, table.get(), Value::from_int(c), Value::none())) return nullptr;
        }
    }
    return table;
}

Owned str_translate(ThreadState& ts, CallArgs args) {
    if (!check_one_arg(ts, drop_self(args), "str.translate()")) return nullptr;
    StrObject* s = self_str(args);
    Value table = args[1];
    std::string out;
    out.reserve(static_cast<size_t>(s->size));
    int64_t length = 0;
    std::string_view v = s->view();
    for (int64_t pos = 0; pos < s->size;) {
        int64_t start = pos;
        uint32_t cp = utf8_decode(v, &pos);
        Value key = Value::from_int(cp);
        Owned mapped;
        if (is_exact_dict(table)) {
            Value found;
            int r = dict_lookup(ts, table.as<DictObject>(), key, &found);
            if (r < 0) return nullptr;
            if (r) mapped = Owned::borrow(found);
        } else {
            mapped = get_item(ts, table, key);
            if (!mapped) {
                if (!exception_matches(ts, &kLookupErrorType)) return nullptr;
                clear_exception(ts);
            }
        }
        if (!mapped) {  // unmapped: kept
            out.append(v.data() + start, static_cast<size_t>(pos - start));
            ++length;
            continue;
        }
        Value m = mapped.get();
        if (m.is_none()) continue;
        if (is_int(m)) {
            int64_t c;
            if (!int_to_int64(m, &c) || c < 0 || c >= 0x110000) {
                return raise(ts, &kValueErrorType, "character mapping must be in range(0x110000)");
            }
            utf8_append(out, static_cast<uint32_t>(c));
            ++length;
        } else if (is_str(m)) {
            out += m.as<StrObject>()->view();
            length += m.as<StrObject>()->length;
        } else {
            return raise(ts, &kTypeErrorType, "character mapping must return integer, None or str");
        }
    }
    return new_str_with_length(out, length);
}

Owned str_getnewargs(ThreadState& ts, CallArgs args) {
    if (!no_arguments(ts, args, "str.__getnewargs__()")) return nullptr;
    Owned copy = exact_copy(self_str(args));
    return new_tuple_of({copy.get()});
}

constexpr NumberSlots kStrNumber = [] {
    NumberSlots n;
    n.binary[static_cast<int>(BinaryOp::Add)] = str_concat;
    n.binary[static_cast<int>(BinaryOp::Mul)] = str_repeat;
    n.binary[static_cast<int>(BinaryOp::Mod)] = str_mod;
    return n;
}();

const MethodDef kStrMethods[] = {
    {"split", str_split},
    {"rsplit", str_rsplit},
    {"splitlines", str_splitlines},
    {"join", str_join_method},
    {"strip", str_strip},
    {"lstrip", str_lstrip},
    {"rstrip", str_rstrip},
    {"partition", str_partition},
    {"rpartition", str_rpartition},
    {"find", str_find},
    {"rfind", str_rfind},
    {"index", str_index},
    {"rindex", str_rindex},
    {"count", str_count},
    {"startswith", str_startswith},
    {"endswith", str_endswith},
    {"replace", str_replace},
    {"removeprefix", str_removeprefix},
    {"removesuffix", str_removesuffix},
    {"upper", str_upper},
    {"lower", str_lower},
    {"casefold", str_casefold},
    {"swapcase", str_swapcase},
    {"capitalize", str_capitalize},
    {"title", str_title},
    {"isdigit", str_isdigit},
    {"isdecimal", str_isdecimal},
    {"isnumeric", str_isnumeric},
    {"isalpha", str_isalpha},
    {"isalnum", str_isalnum},
    {"isspace", str_isspace},
    {"isprintable", str_isprintable},
    {"isascii", str_isascii},
    {"isupper", str_isupper},
    {"islower", str_islower},
    {"istitle", str_istitle},
    {"isidentifier", str_isidentifier},
    {"center", str_center},
    {"ljust", str_ljust},
    {"rjust", str_rjust},
    {"zfill", str_zfill},
    {"expandtabs", str_expandtabs},
    {"encode", str_encode},
    {"format", str_format_method},
    {"format_map", str_format_map_method},
    {"__format__", str_dunder_format},
    {"maketrans", str_maketrans, MethodKind::Static},
    {"translate", str_translate},
    {"__getnewargs__", str_getnewargs},
    {nullptr, nullptr},
};

}  // namespace

constinit TypeObject kStrType("str", &kObjectType, kTypeStrSubclass,
                              {
                                  .dealloc = str_dealloc,
                                  .repr = str_repr_slot,
                                  .str = str_str_slot,
                                  .hash = str_hash_slot,
                                  .compare = str_compare,
                                  .truth = str_truth,
                                  .length = str_length_slot,
                                  .iter = str_iter,
                                  .getitem = str_getitem,
                                  .contains = str_contains,
                                  .new_ = str_new,
                                  .number = &kStrNumber,
                                  .methods = kStrMethods,
                              });

constinit TypeObject kStrIteratorType("str_ascii_iterator", &kObjectType, 0,
                                      {
                                          .dealloc = str_iterator_dealloc,
                                          .iter = str_iterator_self,
                                          .next = str_iterator_next,
                                          .methods = kStrIteratorMethods,
                                      });

}  // namespace gilpy::runtime
