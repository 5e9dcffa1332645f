#include "encode/json_writer.hpp"

#include <array>
#include <charconv>
#include <cmath>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace aegis::encode {
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

namespace {

// Slow paths: a byte-at-a-time walk over the class table, taken only by
// strings that hold a byte needing a look (see has_candidate).
bool needs_no_escape_slow(const unsigned char* p, const unsigned char* end) noexcept {
  for (; p < end; ++p) {
    const uint8_t c = kClass[*p];
    if (c == kRaw) continue;
    if (c == kMaybeLineSep && !is_line_sep(p, end)) continue;
    return false;
  }
  return true;
}

size_t escaped_length_slow(const unsigned char* p, const unsigned char* end) noexcept {
  size_t n = static_cast<size_t>(end - p);
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

char* write_escaped_slow(char* dst, const unsigned char* p, const unsigned char* end) noexcept {
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

// Fast paths. A "candidate" byte is one whose class is not kRaw: < 0x20, '"',
// '\\', '<', '>', '&' or 0xE2 (most 0xE2 are not U+2028/9; the slow path
// sorts that out). Strings are short (≈21 bytes on average in real findings),
// so the whole string is covered by at most a few loads, overlapping at the
// end instead of finishing byte by byte, and never reading outside [p, end).
#if defined(__SSE2__)

inline bool candidates(__m128i x) noexcept {
  const __m128i ctrl = _mm_cmpeq_epi8(_mm_max_epu8(x, _mm_set1_epi8(0x1F)), _mm_set1_epi8(0x1F));
  // '<' 0x3C and '>' 0x3E differ in bit 1 only; '"' 0x22 and '&' 0x26 in bit 2 only.
  const __m128i angle = _mm_cmpeq_epi8(_mm_or_si128(x, _mm_set1_epi8(0x02)), _mm_set1_epi8(0x3E));
  const __m128i quote_amp =
      _mm_cmpeq_epi8(_mm_or_si128(x, _mm_set1_epi8(0x04)), _mm_set1_epi8(0x26));
  const __m128i bslash = _mm_cmpeq_epi8(x, _mm_set1_epi8('\\'));
  const __m128i e2 = _mm_cmpeq_epi8(x, _mm_set1_epi8(static_cast<char>(0xE2)));
  const __m128i any = _mm_or_si128(_mm_or_si128(ctrl, angle),
                                   _mm_or_si128(_mm_or_si128(quote_amp, bslash), e2));
  return _mm_movemask_epi8(any) != 0;
}

inline __m128i load16(const char* p) noexcept {
  return _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
}

inline uint64_t load8(const char* p) noexcept {
  uint64_t v;
  std::memcpy(&v, p, 8);
  return v;
}

inline uint32_t load4(const char* p) noexcept {
  uint32_t v;
  std::memcpy(&v, p, 4);
  return v;
}

// The bytes of a string shorter than 16, gathered into one register: every
// lane holds some byte of the string (repeats are harmless for the test).
inline __m128i gather_short(const char* p, size_t n) noexcept {
  if (n >= 8) {
    return _mm_set_epi64x(static_cast<int64_t>(load8(p + n - 8)), static_cast<int64_t>(load8(p)));
  }
  if (n >= 4) {
    const uint64_t v = load4(p) | (uint64_t{load4(p + n - 4)} << 32);
    return _mm_set1_epi64x(static_cast<int64_t>(v));
  }
  const auto b = [&](size_t i) { return uint32_t{static_cast<unsigned char>(p[i])}; };
  return _mm_set1_epi32(static_cast<int>(b(0) | b(n / 2) << 8 | b(n - 1) << 16 | b(0) << 24));
}

// True when s has a candidate byte; s must not be empty.
inline bool has_candidate(const char* p, size_t n) noexcept {
  if (n < 16) return candidates(gather_short(p, n));
  const char* last = p + n - 16;
  for (; p < last; p += 16) {
    if (candidates(load16(p))) return true;
  }
  return candidates(load16(last));
}

// Copies s to dst when it has no candidate byte and returns the end; returns
// nullptr (having maybe written part of dst) otherwise. s must not be empty.
inline char* copy_if_plain(char* dst, const char* p, size_t n) noexcept {
  if (n >= 16) {
    const char* last = p + n - 16;
    char* d = dst;
    for (; p < last; p += 16, d += 16) {
      const __m128i x = load16(p);
      if (candidates(x)) return nullptr;
      _mm_storeu_si128(reinterpret_cast<__m128i*>(d), x);
    }
    const __m128i x = load16(last);
    if (candidates(x)) return nullptr;
    _mm_storeu_si128(reinterpret_cast<__m128i*>(dst + n - 16), x);
    return dst + n;
  }
  if (candidates(gather_short(p, n))) return nullptr;
  // Overlapping stores of the head and the tail, as the loads were.
  if (n >= 8) {
    const uint64_t a = load8(p), b = load8(p + n - 8);
    std::memcpy(dst, &a, 8);
    std::memcpy(dst + n - 8, &b, 8);
  } else if (n >= 4) {
    const uint32_t a = load4(p), b = load4(p + n - 4);
    std::memcpy(dst, &a, 4);
    std::memcpy(dst + n - 4, &b, 4);
  } else {
    const char a = p[0], b = p[n / 2], c = p[n - 1];
    dst[0] = a;
    dst[n / 2] = b;
    dst[n - 1] = c;
  }
  return dst + n;
}

#else  // portable: the class table, byte by byte

inline bool has_candidate(const char* p, size_t n) noexcept {
  const auto* u = reinterpret_cast<const unsigned char*>(p);
  for (size_t i = 0; i < n; ++i) {
    if (kClass[u[i]] != kRaw) return true;
  }
  return false;
}

inline char* copy_if_plain(char* dst, const char* p, size_t n) noexcept {
  if (has_candidate(p, n)) return nullptr;
  std::memcpy(dst, p, n);
  return dst + n;
}

#endif

const unsigned char* bytes(std::string_view s) noexcept {
  return reinterpret_cast<const unsigned char*>(s.data());
}

}  // namespace

bool needs_no_escape(std::string_view s) noexcept {
  if (s.empty() || !has_candidate(s.data(), s.size())) return true;
  return needs_no_escape_slow(bytes(s), bytes(s) + s.size());
}

size_t escaped_length(std::string_view s) noexcept {
  if (s.empty() || !has_candidate(s.data(), s.size())) return s.size();
  return escaped_length_slow(bytes(s), bytes(s) + s.size());
}

char* write_escaped(char* dst, std::string_view s) noexcept {
  if (s.empty()) return dst;  // a default string_view has a null data(): no memcpy
  if (char* end = copy_if_plain(dst, s.data(), s.size())) return end;
  return write_escaped_slow(dst, bytes(s), bytes(s) + s.size());
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

}  // namespace aegis::encode
