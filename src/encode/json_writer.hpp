// The primitives of Go-compatible JSON output (docs/output.md): string
// escaping as encoding/json does it, float64 in Go's shortest form, and three
// sinks that share one emitting code path — CountSink measures, PtrSink writes
// into a pre-sized buffer, StringSink appends. Writing a value through a
// template on the sink keeps "length" and "bytes" from ever disagreeing.
// Objects with keys known at compile time: encode/object_writer.hpp.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace aegis::encode {

// Upper bound of format_float's output (e.g. "-2.2250738585072014e-308").
inline constexpr size_t kMaxFloatChars = 32;

// Escaped length of s without the surrounding quotes.
size_t escaped_length(std::string_view s) noexcept;
// Writes s escaped (no quotes) at dst; returns the end. dst must hold
// escaped_length(s) bytes.
char* write_escaped(char* dst, std::string_view s) noexcept;
// True when s is written as is (the common case: plain ASCII identifiers).
bool needs_no_escape(std::string_view s) noexcept;

// Writes v as Go's json.Marshal does for a float64; returns the length.
// buf must hold kMaxFloatChars bytes.
size_t format_float(double v, char* buf) noexcept;

inline size_t uint_digits(uint64_t v) noexcept {
  size_t n = 1;
  while (v >= 10) {
    v /= 10;
    ++n;
  }
  return n;
}

// Writes v in decimal, at least min_width digits (zero-padded); returns the end.
inline char* write_uint(char* dst, uint64_t v, size_t min_width = 1) noexcept {
  size_t n = uint_digits(v);
  if (n < min_width) {
    std::memset(dst, '0', min_width - n);
    dst += min_width - n;
  }
  char* end = dst + n;
  char* p = end;
  do {
    *--p = static_cast<char>('0' + v % 10);
    v /= 10;
  } while (v != 0);
  return end;
}

// Measures. Each member mirrors the PtrSink/StringSink member of the same name.
struct CountSink {
  size_t n = 0;
  void raw(std::string_view s) noexcept { n += s.size(); }
  void ch(char) noexcept { ++n; }
  void escaped(std::string_view s) noexcept { n += escaped_length(s); }
  void quoted(std::string_view s) noexcept { n += escaped_length(s) + 2; }
  void boolean(bool b) noexcept { n += b ? 4 : 5; }
  void uint(uint64_t v, size_t min_width = 1) noexcept {
    size_t d = uint_digits(v);
    n += d < min_width ? min_width : d;
  }
  void number(double v) noexcept {
    char buf[kMaxFloatChars];
    n += format_float(v, buf);
  }
};

// Writes into memory sized beforehand (by a CountSink pass).
struct PtrSink {
  char* p;
  void raw(std::string_view s) noexcept {
    std::memcpy(p, s.data(), s.size());
    p += s.size();
  }
  void ch(char c) noexcept { *p++ = c; }
  void escaped(std::string_view s) noexcept { p = write_escaped(p, s); }
  void quoted(std::string_view s) noexcept {
    *p++ = '"';
    p = write_escaped(p, s);
    *p++ = '"';
  }
  void boolean(bool b) noexcept { raw(b ? std::string_view("true") : std::string_view("false")); }
  void uint(uint64_t v, size_t min_width = 1) noexcept { p = write_uint(p, v, min_width); }
  void number(double v) noexcept { p += format_float(v, p); }
};

// Appends to a std::string (grows amortised; no per-field temporaries).
struct StringSink {
  std::string& out;
  void raw(std::string_view s) { out.append(s); }
  void ch(char c) { out.push_back(c); }
  void escaped(std::string_view s);
  void quoted(std::string_view s) {
    out.push_back('"');
    escaped(s);
    out.push_back('"');
  }
  void boolean(bool b) { raw(b ? std::string_view("true") : std::string_view("false")); }
  void uint(uint64_t v, size_t min_width = 1);
  void number(double v);
};

// Convenience: s escaped and quoted, as a new string.
std::string quote(std::string_view s);
// Convenience: Go's bytes for a float64.
std::string float_string(double v);

}  // namespace aegis::encode
