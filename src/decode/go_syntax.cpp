#include "decode/go_syntax.hpp"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <system_error>
#include <vector>

namespace aegis::decode {
namespace {

bool is_space(unsigned char c) noexcept { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }
bool is_digit(unsigned char c) noexcept { return c >= '0' && c <= '9'; }

int hex_value(unsigned char c) noexcept {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Go quotes the offending byte like strconv.QuoteRune-ish `'x'`.
std::string quote_char(unsigned char c) {
  if (c == '\'') return "'\\''";
  if (c == '"') return "'\"'";
  if (c >= 0x20 && c < 0x7F) return std::string{'\'', static_cast<char>(c), '\''};
  static constexpr char kHex[] = "0123456789abcdef";
  return std::string{'\'', '\\', 'x', kHex[c >> 4], kHex[c & 15], '\''};
}

// Bytes scanned between two polls of the stop token.
constexpr size_t kPollBytes = size_t{1} << 20;

class Scanner {
 public:
  Scanner(std::string_view in, std::string* out, const RewriteOptions& opts,
          const common::StopToken& stop = common::never_stop())
      : in_(in), out_(out), opts_(opts), stop_(stop), next_poll_(stop.can_stop() ? kPollBytes : SIZE_MAX) {}

  ScanResult run() {
    ScanResult r;
    if (!scan()) {
      r.message = std::move(error_);
      return r;
    }
    if (out_ != nullptr) {
      out_->append(in_.substr(copied_));
    }
    r.ok = true;
    r.rewrites = rewrites_;
    return r;
  }

 private:
  bool fail(std::string msg) {
    error_ = std::move(msg) + " (at byte " + std::to_string(pos_) + ")";
    return false;
  }
  bool fail_char(std::string_view context) {
    if (pos_ >= in_.size()) return fail_eof();
    return fail("invalid character " + quote_char(byte()) + " " + std::string(context));
  }
  bool fail_eof() {
    error_ = "unexpected end of JSON input";
    return false;
  }

  unsigned char byte() const noexcept { return static_cast<unsigned char>(in_[pos_]); }
  bool eof() const noexcept { return pos_ >= in_.size(); }
  void skip_space() noexcept {
    while (pos_ < in_.size() && is_space(byte())) ++pos_;
  }

  // Replaces in_[begin, end) by `with` in the output copy.
  void replace(size_t begin, size_t end, std::string_view with) {
    ++rewrites_;
    if (out_ == nullptr) return;
    out_->append(in_.substr(copied_, begin - copied_));
    out_->append(with);
    copied_ = end;
  }

  bool scan() {
    if (out_ != nullptr) {
      out_->clear();
      out_->reserve(in_.size() + in_.size() / 16 + 64);
    }
    enum class Next { kValue, kAfterValue };
    Next next = Next::kValue;
    for (;;) {
      if (next == Next::kValue) {
        skip_space();
        if (eof()) return fail_eof();
        switch (byte()) {
          case '{':
          case '[': {
            const bool object = byte() == '{';
            stack_.push_back(object);
            if (stack_.size() > kGoMaxDepth) return fail("exceeded max depth");
            ++pos_;
            skip_space();
            if (eof()) return fail_eof();
            if (byte() == (object ? '}' : ']')) {
              ++pos_;
              stack_.pop_back();
              next = Next::kAfterValue;
            } else if (object && !key()) {
              return false;
            }
            continue;  // kValue (non-empty) or kAfterValue (empty)
          }
          case '"':
            if (!string()) return false;
            break;
          case 't':
            if (!literal("true")) return false;
            break;
          case 'f':
            if (!literal("false")) return false;
            break;
          case 'n':
            if (!literal("null")) return false;
            break;
          default:
            if (byte() == '-' || is_digit(byte())) {
              if (!number()) return false;
              break;
            }
            return fail_char("looking for beginning of value");
        }
        next = Next::kAfterValue;
        continue;
      }
      // After a value.
      if (pos_ >= next_poll_) {
        stop_.throw_if_stopped();
        next_poll_ = pos_ + kPollBytes;
      }
      skip_space();
      if (stack_.empty()) {
        if (!eof()) return fail_char("after top-level value");
        return true;
      }
      if (eof()) return fail_eof();
      const bool object = stack_.back();
      const unsigned char c = byte();
      if (c == ',') {
        ++pos_;
        if (object && !key()) return false;
        next = Next::kValue;
      } else if (c == (object ? '}' : ']')) {
        ++pos_;
        stack_.pop_back();
      } else {
        return fail_char(object ? "after object key:value pair" : "after array element");
      }
    }
  }

  // An object key and its colon; pos_ is before the key (spaces allowed).
  bool key() {
    skip_space();
    if (eof()) return fail_eof();
    if (byte() != '"') return fail_char("looking for beginning of object key string");
    if (!string()) return false;
    skip_space();
    if (eof()) return fail_eof();
    if (byte() != ':') return fail_char("after object key");
    ++pos_;
    return true;
  }

  bool literal(std::string_view word) {
    for (size_t i = 0; i < word.size(); ++i, ++pos_) {
      if (eof()) return fail_eof();
      if (static_cast<char>(byte()) != word[i]) {
        return fail_char("in literal " + std::string(word) + " (expecting " +
                         quote_char(static_cast<unsigned char>(word[i])) + ")");
      }
    }
    return true;
  }

  // Value of the \uXXXX escape at `at`, or -1 if there is none there.
  int escape_at(size_t at) const noexcept {
    if (at + 6 > in_.size() || in_[at] != '\\' || in_[at + 1] != 'u') return -1;
    int v = 0;
    for (size_t i = at + 2; i < at + 6; ++i) {
      const int h = hex_value(static_cast<unsigned char>(in_[i]));
      if (h < 0) return -1;
      v = v * 16 + h;
    }
    return v;
  }

  bool string() {
    ++pos_;  // opening quote
    for (;;) {
      if (eof()) return fail_eof();
      const unsigned char c = byte();
      if (c == '"') {
        ++pos_;
        return true;
      }
      if (c < 0x20) return fail_char("in string literal");
      if (c != '\\') {
        ++pos_;
        continue;
      }
      ++pos_;
      if (eof()) return fail_eof();
      switch (byte()) {
        case '"': case '\\': case '/': case 'b': case 'f': case 'n': case 'r': case 't':
          ++pos_;
          continue;
        case 'u':
          break;
        default:
          return fail_char("in string escape code");
      }
      const size_t esc = pos_ - 1;
      ++pos_;
      for (int i = 0; i < 4; ++i, ++pos_) {
        if (eof()) return fail_eof();
        if (hex_value(byte()) < 0) return fail_char("in \\u hexadecimal character escape");
      }
      const int cp = escape_at(esc);
      if (cp < 0xD800 || cp > 0xDFFF) continue;
      // Go's unquote: a high surrogate followed by an escaped low surrogate is
      // one rune; any other surrogate escape decodes to U+FFFD on its own.
      const int low = escape_at(pos_);
      if (cp < 0xDC00 && low >= 0xDC00 && low <= 0xDFFF) {
        pos_ += 6;  // the pair is fine for simdjson as written
        continue;
      }
      replace(esc, pos_, "\\ufffd");
    }
  }

  bool number() {
    const size_t begin = pos_;
    if (byte() == '-') {
      ++pos_;
      if (eof()) return fail_eof();
      if (!is_digit(byte())) return fail_char("in numeric literal");
    }
    if (byte() == '0') {
      ++pos_;
    } else {
      while (!eof() && is_digit(byte())) ++pos_;
    }
    bool integer = true;
    if (!eof() && byte() == '.') {
      integer = false;
      ++pos_;
      if (eof()) return fail_eof();
      if (!is_digit(byte())) return fail_char("after decimal point in numeric literal");
      while (!eof() && is_digit(byte())) ++pos_;
    }
    if (!eof() && (byte() == 'e' || byte() == 'E')) {
      integer = false;
      ++pos_;
      if (eof()) return fail_eof();
      if (byte() == '+' || byte() == '-') {
        ++pos_;
        if (eof()) return fail_eof();
      }
      if (!is_digit(byte())) return fail_char("in exponent of numeric literal");
      while (!eof() && is_digit(byte())) ++pos_;
    }
    rewrite_number(begin, pos_, integer);
    return true;
  }

  // Integer tokens simdjson reads exactly (int64 or uint64).
  static bool fits_64(std::string_view tok) noexcept {
    const bool neg = tok[0] == '-';
    const std::string_view digits = neg ? tok.substr(1) : tok;
    const std::string_view limit = neg ? "9223372036854775808" : "18446744073709551615";
    if (digits.size() != limit.size()) return digits.size() < limit.size();
    return digits <= limit;
  }

  // Decimal magnitude of a nonzero number: value lies in [10^(M-1), 10^M).
  // Only its sign is used, to tell overflow from underflow.
  static int64_t magnitude(std::string_view tok) noexcept {
    size_t i = tok[0] == '-' ? 1 : 0;
    int64_t m = 0;
    bool seen_nonzero = false;
    for (; i < tok.size() && is_digit(static_cast<unsigned char>(tok[i])); ++i) {
      if (tok[i] != '0') seen_nonzero = true;
      if (seen_nonzero) ++m;
    }
    if (i < tok.size() && tok[i] == '.') {
      for (++i; i < tok.size() && is_digit(static_cast<unsigned char>(tok[i])); ++i) {
        if (seen_nonzero) break;
        if (tok[i] != '0') {
          seen_nonzero = true;
        } else {
          --m;
        }
      }
      while (i < tok.size() && is_digit(static_cast<unsigned char>(tok[i]))) ++i;
    }
    if (i < tok.size() && (tok[i] == 'e' || tok[i] == 'E')) {
      ++i;
      bool neg = false;
      if (tok[i] == '+' || tok[i] == '-') neg = tok[i++] == '-';
      int64_t e = 0;
      for (; i < tok.size(); ++i) {
        if (e < (int64_t{1} << 40)) e = e * 10 + (tok[i] - '0');  // saturate
      }
      m += neg ? -e : e;
    }
    return m;
  }

  void rewrite_number(size_t begin, size_t end, bool integer) {
    const std::string_view tok = in_.substr(begin, end - begin);
    if (integer && fits_64(tok)) {
      if (tok == kOverflowSentinel) {
        replace(begin, end, "1.8446744073709552e+19");
      } else if (opts_.negative_zero_as_double && tok == "-0") {
        replace(begin, end, "-0.0");
      }
      return;
    }
    const bool negative = tok[0] == '-';
    double value = 0;
    const auto res = std::from_chars(tok.data(), tok.data() + tok.size(), value);
    bool overflow = false;
    if (res.ec == std::errc::result_out_of_range) {
      if (magnitude(tok) > 0) {
        overflow = true;
      } else {
        value = 0;
      }
    } else if (std::isinf(value)) {
      overflow = true;
    }
    if (overflow) {
      replace(begin, end, kOverflowSentinel);
      return;
    }
    if (value == 0) {
      replace(begin, end, negative ? "-0.0" : "0.0");
      return;
    }
    char buf[40];
    const auto w = std::to_chars(buf, buf + sizeof buf, value, std::chars_format::scientific);
    const std::string_view repl(buf, static_cast<size_t>(w.ptr - buf));
    if (repl == tok) return;
    replace(begin, end, repl);
  }

  std::string_view in_;
  std::string* out_;
  RewriteOptions opts_;
  const common::StopToken& stop_;
  size_t next_poll_;
  size_t pos_ = 0;
  size_t copied_ = 0;
  size_t rewrites_ = 0;
  std::vector<bool> stack_;  // true = object
  std::string error_;
};

}  // namespace

ScanResult scan_and_rewrite(std::string_view in, std::string& out, const RewriteOptions& opts) {
  return Scanner(in, &out, opts).run();
}

bool is_valid_go_json(std::string_view in) { return check_go_json(in).ok; }

ScanResult check_go_json(std::string_view in, const common::StopToken& stop) {
  return Scanner(in, nullptr, RewriteOptions{}, stop).run();
}

}  // namespace aegis::decode
