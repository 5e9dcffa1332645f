// A JSON object written through a sink (encode/json_writer.hpp), key by key.
// Keys known at compile time are template arguments, so the text `,"name":`
// is a constant: writing it is one fixed-size copy, measuring it adds a
// constant. The writer adds the comma before every key but the first.
//
//   ObjectWriter o(sink);                 // writes {
//   o.string<"id">(id);                   // "id":"…"  (escaped)
//   o.uint<"total">(n);                   // ,"total":12
//   o.key<"nodes">(); sink.raw("[]");     // ,"nodes": then any value
//   o.end();                              // writes }
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "common/fixed_string.hpp"
#include "encode/json_writer.hpp"

namespace aegis::encode {

// `,"name":"` for a key known at compile time: the leading comma, the quoted
// name, the colon and the opening quote of a string value. Slices of it
// serve every kind of value, with or without the comma.
template <common::FixedString Name>
struct KeyText {
  static constexpr size_t kNameLen = Name.size();
  static constexpr std::array<char, kNameLen + 5> kText = [] {
    std::array<char, kNameLen + 5> t{};
    t[0] = ',';
    t[1] = '"';
    for (size_t i = 0; i < kNameLen; ++i) t[2 + i] = Name.chars[i];
    t[kNameLen + 2] = '"';
    t[kNameLen + 3] = ':';
    t[kNameLen + 4] = '"';
    return t;
  }();
  // `"name":` (first) or `,"name":`.
  static constexpr std::string_view key(bool first) noexcept {
    return first ? std::string_view(kText.data() + 1, kNameLen + 3)
                 : std::string_view(kText.data(), kNameLen + 4);
  }
  // The same with the opening quote of a string value.
  static constexpr std::string_view key_quote(bool first) noexcept {
    return first ? std::string_view(kText.data() + 1, kNameLen + 4)
                 : std::string_view(kText.data(), kNameLen + 5);
  }
};

template <typename S>
class ObjectWriter {
 public:
  // Writes the opening brace.
  explicit ObjectWriter(S& sink) : s_(sink) { s_.ch('{'); }
  ObjectWriter(const ObjectWriter&) = delete;
  ObjectWriter& operator=(const ObjectWriter&) = delete;

  // Writes the closing brace; the writer is done.
  void end() { s_.ch('}'); }
  S& sink() noexcept { return s_; }

  // The key alone; the caller writes the value through sink().
  template <common::FixedString Name>
  void key() {
    // Both variants are constants, so the branch picks between two
    // fixed-size copies.
    if (first_) {
      s_.raw(KeyText<Name>::key(true));
    } else {
      s_.raw(KeyText<Name>::key(false));
    }
    first_ = false;
  }
  // A key known only at run time (a map key), escaped.
  void key(std::string_view name) {
    if (!first_) s_.ch(',');
    first_ = false;
    s_.quoted(name);
    s_.ch(':');
  }

  template <common::FixedString Name>
  void string(std::string_view v) {
    if (first_) {
      s_.raw(KeyText<Name>::key_quote(true));
    } else {
      s_.raw(KeyText<Name>::key_quote(false));
    }
    first_ = false;
    s_.escaped(v);
    s_.ch('"');
  }
  template <common::FixedString Name>
  void number(double v) {
    key<Name>();
    s_.number(v);
  }
  template <common::FixedString Name>
  void uint(uint64_t v) {
    key<Name>();
    s_.uint(v);
  }
  template <common::FixedString Name>
  void boolean(bool v) {
    key<Name>();
    s_.boolean(v);
  }

 private:
  S& s_;
  bool first_ = true;
};

}  // namespace aegis::encode
