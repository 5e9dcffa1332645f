// Comparisons under Go's strings.ToUpper / strings.ToLower (Unicode simple
// case mapping, rune by rune), for graph mode's case-insensitive rules
// (docs/algorithms.md, "Graph mode", steps 2 and 3). Graph mode only ever
// compares a mapped string with an ASCII word, so these answer exactly
// "upper(s) == word" / "lower(s) == word" without building upper(s).
//
// A rune maps onto an ASCII letter under Go's tables only if it is that
// letter in either case, or one of four non-ASCII runes (checked over every
// rune against go1.26, see tests/go_case_test.cpp):
//   unicode.ToUpper: U+0131 LATIN SMALL LETTER DOTLESS I -> 'I',
//                    U+017F LATIN SMALL LETTER LONG S    -> 'S';
//   unicode.ToLower: U+0130 LATIN CAPITAL LETTER I WITH DOT ABOVE -> 'i',
//                    U+212A KELVIN SIGN                  -> 'k'.
// Every other non-ASCII rune maps to a non-ASCII rune, so it can match no
// ASCII word; ASCII non-letters map to themselves. Input is valid UTF-8
// (the decoders reject anything else).
#pragma once

#include <cstddef>
#include <string_view>

namespace aegis::engine {

namespace go_case_detail {

inline bool at(std::string_view s, size_t i, unsigned char b) noexcept {
  return i < s.size() && static_cast<unsigned char>(s[i]) == b;
}

}  // namespace go_case_detail

// strings.ToUpper(s) == word, for word made of ASCII upper-case letters.
inline bool go_upper_equals(std::string_view s, std::string_view word) noexcept {
  using go_case_detail::at;
  size_t i = 0;
  for (char w : word) {
    if (i >= s.size()) return false;
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      const char up = (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : static_cast<char>(c);
      if (up != w) return false;
      ++i;
    } else if (w == 'I' && c == 0xC4 && at(s, i + 1, 0xB1)) {  // U+0131
      i += 2;
    } else if (w == 'S' && c == 0xC5 && at(s, i + 1, 0xBF)) {  // U+017F
      i += 2;
    } else {
      return false;
    }
  }
  return i == s.size();
}

// strings.ToLower(s) == word, for word made of ASCII lower-case letters.
inline bool go_lower_equals(std::string_view s, std::string_view word) noexcept {
  using go_case_detail::at;
  size_t i = 0;
  for (char w : word) {
    if (i >= s.size()) return false;
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      const char low = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : static_cast<char>(c);
      if (low != w) return false;
      ++i;
    } else if (w == 'i' && c == 0xC4 && at(s, i + 1, 0xB0)) {  // U+0130
      i += 2;
    } else if (w == 'k' && c == 0xE2 && at(s, i + 1, 0x84) && at(s, i + 2, 0xAA)) {  // U+212A
      i += 3;
    } else {
      return false;
    }
  }
  return i == s.size();
}

}  // namespace aegis::engine
