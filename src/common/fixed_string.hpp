// A string literal as a value that can be a template argument, so a name
// known at compile time (a JSON key, a field name) can make constant text
// from itself: `template <FixedString Name> ...` accepts `f<"id">()`.
#pragma once

#include <cstddef>
#include <string_view>

namespace aegis::common {

template <size_t N>
struct FixedString {
  char chars[N]{};  // the literal's characters and its terminating NUL

  consteval FixedString(const char (&literal)[N]) {  // NOLINT: implicit by design
    for (size_t i = 0; i < N; ++i) chars[i] = literal[i];
  }
  static constexpr size_t size() noexcept { return N - 1; }
  constexpr std::string_view view() const noexcept { return {chars, N - 1}; }
};

}  // namespace aegis::common
