// Small byte-level text helpers shared by every stage: UTF-8 validation,
// binary sniffing, hashing, ASCII case and whitespace tests.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "sitrep/status.h"

namespace sitrep {

// OK iff `s` is well-formed UTF-8; otherwise names the first bad byte.
Status validate_utf8(std::string_view s);

// True iff `s` looks like binary data rather than text: NUL bytes or many
// control characters in its first few kilobytes.
bool looks_binary(std::string_view s);

// 64-bit XXH3 of `s`, and its 16-digit lower-case hex form.
uint64_t hash64(std::string_view s);
// A 64-bit finaliser (splitmix64's): spreads every input bit over the output.
inline uint64_t mix64(uint64_t x) {
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  x ^= x >> 31;
  return x;
}
std::string hash_hex(std::string_view s);

inline bool is_ascii_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}
inline char ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? char(c + 32) : c; }
std::string ascii_lower(std::string_view s);
bool iequals(std::string_view a, std::string_view b);
bool istarts_with(std::string_view s, std::string_view prefix);
bool iends_with(std::string_view s, std::string_view suffix);
bool icontains(std::string_view haystack, std::string_view needle);
std::string_view trim(std::string_view s);

// The pieces of `s` between `sep`s (empty pieces kept; none for empty `s`).
std::vector<std::string_view> split(std::string_view s, char sep);

// Calls fn(kind, value) for each "KIND<TAB>value" line of a lexicon data
// file, skipping blank lines, "#" comments and lines without a tab; the value
// is trimmed and lower-cased.
void for_each_lexicon_entry(std::string_view source,
                            const std::function<void(std::string_view, std::string)>& fn);

// Calls fn(line, line_no) for each line of a data table (line_no counts
// from 1), without its newline and trailing spaces, skipping blank lines and
// "#" comments. Returns false as soon as fn does.
bool for_each_data_line(std::string_view source,
                        const std::function<bool(std::string_view, size_t)>& fn);

// Decodes the UTF-8 code point at s[i], advancing i. Invalid bytes yield
// U+FFFD and advance by one.
char32_t next_code_point(std::string_view s, size_t& i);
void append_utf8(std::string& out, char32_t cp);

}  // namespace sitrep
