#include "encode/json_writer.hpp"

#include <array>
#include <charconv>
#include <cmath>

namespace aegis::json {
namespace {

// What encoding/json does with each byte (go1.26, checked with a Go program):
// kRaw copies it; kShort writes a two-byte escape (\" \\ \n \r \t \b \f);
// kUnicode writes \u00XX (other control characters and < > &); kMaybeLineSep
// marks 0xE2, the lead byte of U+2028/U+2029, which Go escapes as \u2028/\u2029.
enum : uint8_t { kRaw = 0, kShort, kUnicode, kMaybeLineSep };

constexpr std::array<uint8_t, 256> make_classes() {
  std::array<uint8_t, 256> t{};
  for (int c = 0; c < 0x20; ++c) t[c] = kUnicode;
  for (unsigned char c : {'"', '\\', '\n', '\r', '\t', '\b', '\f'}) t[c] = kShort;
  for (unsigned char c : {'<', '>', '&'}) t[c] = kUnicode;
  t[0xE2] = kMaybeLineSep;
  return t;
}
constexpr std::array<uint8_t, 256> kClass = make_classes();

constexpr char short_form(unsigned char c) {
  switch (c) {
    case '\n': return 'n';
    case '\r': return 'r';
    case '\t': return 't';
    case '\b': return 'b';
    case '\f': return 'f';
    default: return static_cast<char>(c);  // '"' and '\\' escape as themselves
  }
}

// U+2028 / U+2029 are E2 80 A8 / E2 80 A9.
inline bool is_line_sep(const unsigned char* p, const unsigned char* end) {
  return end - p >= 3 && p[1] == 0x80 && (p[2] == 0xA8 || p[2] == 0xA9);
}

constexpr char kHex[] = "0123456789abcdef";

}  // namespace

bool needs_no_escape(std::string_view s) noexcept {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const auto* end = p + s.size();
  // OR-ing the classes of 8 bytes at a time keeps the common no-escape scan tight.
  while (end - p >= 8) {
    if ((kClass[p[0]] | kClass[p[1]] | kClass[p[2]] | kClass[p[3]] | kClass[p[4]] |
         kClass[p[5]] | kClass[p[6]] | kClass[p[7]]) != 0) {
      break;
    }
    p += 8;
  }
  for (; p < end; ++p) {
    uint8_t c = kClass[*p];
    if (c == kRaw) continue;
    if (c == kMaybeLineSep && !is_line_sep(p, end)) continue;
    return false;
  }
  return true;
}

size_t escaped_length(std::string_view s) noexcept {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const auto* end = p + s.size();
  size_t n = s.size();
  for (; p < end; ++p) {
    switch (kClass[*p]) {
      case kRaw: break;
      case kShort: n += 1; break;
      case kUnicode: n += 5; break;
      case kMaybeLineSep:
        if (is_line_sep(p, end)) {
          n += 3;  // 3 bytes become 6
          p += 2;
        }
        break;
    }
  }
  return n;
}

char* write_escaped(char* dst, std::string_view s) noexcept {
  if (s.empty()) return dst;  // a default string_view has a null data(): no memcpy
  if (needs_no_escape(s)) {
    std::memcpy(dst, s.data(), s.size());
    return dst + s.size();
  }
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const auto* end = p + s.size();
  const auto* run = p;  // start of the pending raw run
  auto flush = [&](const unsigned char* upto) {
    std::memcpy(dst, run, static_cast<size_t>(upto - run));
    dst += upto - run;
  };
  while (p < end) {
    switch (kClass[*p]) {
      case kRaw: ++p; continue;
      case kShort:
        flush(p);
        *dst++ = '\\';
        *dst++ = short_form(*p);
        break;
      case kUnicode:
        flush(p);
        std::memcpy(dst, "\\u00", 4);
        dst[4] = kHex[*p >> 4];
        dst[5] = kHex[*p & 0xF];
        dst += 6;
        break;
      case kMaybeLineSep:
        if (!is_line_sep(p, end)) {
          ++p;
          continue;
        }
        flush(p);
        std::memcpy(dst, p[2] == 0xA8 ? "\\u2028" : "\\u2029", 6);
        dst += 6;
        p += 3;
        run = p;
        continue;
    }
    ++p;
    run = p;
  }
  flush(end);
  return dst;
}

size_t format_float(double v, char* buf) noexcept {
  if (!std::isfinite(v)) {
    // Go's Marshal fails on NaN/Inf; the decoder never produces them (JSON
    // cannot express them), so this is only a defined fallback.
    std::memcpy(buf, "null", 4);
    return 4;
  }
  if (v == 0) {
    if (std::signbit(v)) {
      std::memcpy(buf, "-0", 2);
      return 2;
    }
    buf[0] = '0';
    return 1;
  }
  // Shortest round-trip digits come from to_chars' scientific form; the
  // layout is then Go's: 'e' below 1e-6 or from 1e21 on, else 'f'. The 'f'
  // layout is built from the shortest digits and padded with zeros, as Go does
  // (to_chars' own fixed form would print exact digits for large integers).
  char sci[kMaxFloatChars];
  auto res = std::to_chars(sci, sci + sizeof sci, v, std::chars_format::scientific);
  const char* s = sci;
  const char* e = res.ptr;
  double a = std::fabs(v);
  char* out = buf;
  if (a < 1e-6 || a >= 1e21) {
    size_t n = static_cast<size_t>(e - s);
    std::memcpy(out, s, n);
    // Go drops the leading zero of a two-digit negative exponent: e-07 -> e-7.
    if (n >= 4 && out[n - 4] == 'e' && out[n - 3] == '-' && out[n - 2] == '0') {
      out[n - 2] = out[n - 1];
      --n;
    }
    return n;
  }
  if (*s == '-') *out++ = *s++;
  // Mantissa digits without the point, and the decimal exponent.
  char digits[24];
  size_t nd = 0;
  const char* q = s;
  for (; q < e && *q != 'e'; ++q) {
    if (*q != '.') digits[nd++] = *q;
  }
  int exp10 = 0;
  std::from_chars(q + 1 + (q[1] == '+' ? 1 : 0), e, exp10);
  int point = exp10 + 1;  // digits before the decimal point
  if (point <= 0) {
    *out++ = '0';
    *out++ = '.';
    for (int i = 0; i < -point; ++i) *out++ = '0';
    std::memcpy(out, digits, nd);
    out += nd;
  } else if (static_cast<size_t>(point) >= nd) {
    std::memcpy(out, digits, nd);
    out += nd;
    for (size_t i = nd; i < static_cast<size_t>(point); ++i) *out++ = '0';
  } else {
    std::memcpy(out, digits, static_cast<size_t>(point));
    out += point;
    *out++ = '.';
    std::memcpy(out, digits + point, nd - static_cast<size_t>(point));
    out += nd - static_cast<size_t>(point);
  }
  return static_cast<size_t>(out - buf);
}

void StringSink::escaped(std::string_view s) {
  if (needs_no_escape(s)) {
    out.append(s);
    return;
  }
  size_t old = out.size();
  out.resize(old + escaped_length(s));
  write_escaped(out.data() + old, s);
}

void StringSink::uint(uint64_t v, size_t min_width) {
  char buf[24];
  if (min_width > 20) min_width = 20;
  char* end = write_uint(buf, v, min_width);
  out.append(buf, static_cast<size_t>(end - buf));
}

void StringSink::number(double v) {
  char buf[kMaxFloatChars];
  out.append(buf, format_float(v, buf));
}

std::string quote(std::string_view s) {
  std::string out;
  StringSink{out}.quoted(s);
  return out;
}

std::string float_string(double v) {
  char buf[kMaxFloatChars];
  return std::string(buf, format_float(v, buf));
}

}  // namespace aegis::json
