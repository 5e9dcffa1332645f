// Helpers shared by the Catch2 tests.
#pragma once

#include <cstdint>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>

#include "aegispath.h"

namespace aegis_test {

// The upstream fixture (third-party data in ../shared, never copied into the
// repository). Tests that need it skip themselves when it is absent.
inline std::optional<std::string> upstream_fixture() {
  std::ifstream in(std::string(AEGIS_SHARED_DATA) + "/upstream/findings_test.json",
                   std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

inline const uint8_t* bytes(std::string_view s) {
  return reinterpret_cast<const uint8_t*>(s.data());
}

// Takes ownership of a library buffer and returns it as a string.
inline std::string take(uint8_t* ptr, size_t len) {
  std::string s(reinterpret_cast<const char*>(ptr), len);
  aegis_free(ptr, len);
  return s;
}

}  // namespace aegis_test
