// Graph mode's case-insensitive comparisons against Go's strings.ToUpper /
// strings.ToLower (engine/go_case.hpp). Go maps rune by rune, and the only
// non-ASCII runes it maps onto ASCII are U+0131, U+017F (upper) and U+0130,
// U+212A (lower) — pinned on the Go side by go/engine's
// TestGoCaseMappingToASCII. Given that, checking every rune against every
// letter here covers every comparison the engine makes.
#include <catch2/catch.hpp>

#include <string>

#include "engine/classify.hpp"
#include "engine/go_case.hpp"

namespace {

std::string utf8(char32_t r) {
  std::string s;
  if (r < 0x80) {
    s += static_cast<char>(r);
  } else if (r < 0x800) {
    s += static_cast<char>(0xC0 | (r >> 6));
    s += static_cast<char>(0x80 | (r & 0x3F));
  } else if (r < 0x10000) {
    s += static_cast<char>(0xE0 | (r >> 12));
    s += static_cast<char>(0x80 | ((r >> 6) & 0x3F));
    s += static_cast<char>(0x80 | (r & 0x3F));
  } else {
    s += static_cast<char>(0xF0 | (r >> 18));
    s += static_cast<char>(0x80 | ((r >> 12) & 0x3F));
    s += static_cast<char>(0x80 | ((r >> 6) & 0x3F));
    s += static_cast<char>(0x80 | (r & 0x3F));
  }
  return s;
}

}  // namespace

TEST_CASE("go case: every rune against every letter", "[go_case]") {
  using aegis::engine::go_lower_equals;
  using aegis::engine::go_upper_equals;
  size_t upper_hits = 0, lower_hits = 0;
  for (char32_t r = 0; r <= 0x10FFFF; ++r) {
    if (r >= 0xD800 && r <= 0xDFFF) continue;  // not scalar values
    const std::string s = utf8(r);
    for (char up = 'A'; up <= 'Z'; ++up) {
      const char low = static_cast<char>(up - 'A' + 'a');
      const bool want_upper = r == static_cast<char32_t>(up) || r == static_cast<char32_t>(low) ||
                              (up == 'I' && r == 0x131) || (up == 'S' && r == 0x17F);
      const bool want_lower = r == static_cast<char32_t>(up) || r == static_cast<char32_t>(low) ||
                              (low == 'i' && r == 0x130) || (low == 'k' && r == 0x212A);
      const char u[2] = {up, 0}, l[2] = {low, 0};
      if (go_upper_equals(s, u) != want_upper || go_lower_equals(s, l) != want_lower) {
        FAIL("rune U+" << std::hex << static_cast<uint32_t>(r) << " against " << up);
      }
      upper_hits += want_upper;
      lower_hits += want_lower;
    }
  }
  CHECK(upper_hits == 26 * 2 + 2);
  CHECK(lower_hits == 26 * 2 + 2);
}

TEST_CASE("go case: words, lengths and the engine's ranks", "[go_case]") {
  using aegis::engine::go_lower_equals;
  using aegis::engine::go_upper_equals;
  using aegis::engine::graph_severity_rank;
  CHECK(go_upper_equals("h\xC4\xB1gh", "HIGH"));  // hıgh
  CHECK(go_upper_equals("High", "HIGH"));
  CHECK(!go_upper_equals("HIGH ", "HIGH"));
  CHECK(!go_upper_equals("HIG", "HIGH"));
  CHECK(!go_upper_equals("", "HIGH"));
  CHECK(!go_upper_equals("H\xC4\xB0GH", "HIGH"));  // HİGH: ToUpper keeps İ
  CHECK(go_upper_equals("\xC5\xBF" "ecret", "SECRET"));
  CHECK(!go_lower_equals("\xC5\xBF" "ecret", "secret"));  // ToLower keeps ſ
  CHECK(go_lower_equals("\xE2\x84\xAA" "ey", "key"));  // KELVIN SIGN
  CHECK(go_lower_equals("\xC4\xB0" "dentity", "identity"));  // İ
  CHECK(!go_lower_equals("\xC4\xB1" "dentity", "identity"));  // ToLower keeps ı
  CHECK(go_lower_equals("DATABASE", "database"));
  CHECK(graph_severity_rank("cr\xC4\xB1t\xC4\xB1" "cal") == 4);
  CHECK(graph_severity_rank("Critical") == 4);
  CHECK(graph_severity_rank("h\xC4\xB1gh") == 3);
  CHECK(graph_severity_rank("medium") == 2);
  CHECK(graph_severity_rank("low") == 1);
  CHECK(graph_severity_rank("info") == 0);
  CHECK(graph_severity_rank("") == 0);
  CHECK(aegis::engine::severity_rank("High") == 0);  // the heuristic engine stays exact
}
