// Matching JSON object keys to struct fields the way Go's encoding/json does:
// an exact match, else a case-insensitive one (bytes.EqualFold). All our field
// names are lower-case ASCII, so a key matches a field iff its fold equals the
// name, where the fold lower-cases ASCII and maps the only two non-ASCII runes
// whose case orbit reaches ASCII: U+212A KELVIN SIGN -> 'k', U+017F LONG S ->
// 's' (verified exhaustively against go1.26). Any other non-ASCII byte means
// the key can match no field.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace aegis::decode {

// Longest field name we match (keeps fold buffers on the stack).
inline constexpr size_t kMaxKeyLen = 32;

// Folds `key` into `buf` (capacity kMaxKeyLen). Returns the folded length, or
// SIZE_MAX when the key cannot fold to any field name (too long, or non-ASCII
// other than the two special runes).
inline size_t fold_key(std::string_view key, char* buf) noexcept {
  size_t n = 0;
  for (size_t i = 0; i < key.size();) {
    if (n == kMaxKeyLen) return SIZE_MAX;
    const auto c = static_cast<unsigned char>(key[i]);
    if (c < 0x80) {
      buf[n++] = static_cast<char>((c >= 'A' && c <= 'Z') ? c + ('a' - 'A') : c);
      ++i;
      continue;
    }
    const auto at = [&](size_t j) { return static_cast<unsigned char>(key[j]); };
    if (c == 0xE2 && i + 2 < key.size() && at(i + 1) == 0x84 && at(i + 2) == 0xAA) {
      buf[n++] = 'k';  // U+212A KELVIN SIGN
      i += 3;
    } else if (c == 0xC5 && i + 1 < key.size() && at(i + 1) == 0xBF) {
      buf[n++] = 's';  // U+017F LATIN SMALL LETTER LONG S
      i += 2;
    } else {
      return SIZE_MAX;
    }
  }
  return n;
}

// Equality of two byte strings of length `n` (<= kMaxKeyLen here), in 8-byte
// words: keys are short, and a libc memcmp call costs more than the compare.
inline bool same_bytes(const char* a, const char* b, size_t n) noexcept {
  for (; n >= 8; a += 8, b += 8, n -= 8) {
    uint64_t x, y;
    std::memcpy(&x, a, 8);
    std::memcpy(&y, b, 8);
    if (x != y) return false;
  }
  for (; n > 0; ++a, ++b, --n) {
    if (*a != *b) return false;
  }
  return true;
}

inline bool same_key(std::string_view a, std::string_view b) noexcept {
  return a.size() == b.size() && same_bytes(a.data(), b.data(), a.size());
}

// A compile-time open-addressing table from field name to field index. The
// hash looks at the length and three bytes only: names are few and distinct
// enough that probe chains stay short, and every hit is verified by compare.
template <size_t N>
class KeyTable {
 public:
  static constexpr size_t kSlots = 256;
  static_assert(N < kSlots / 2, "table too full");

  constexpr explicit KeyTable(const std::array<std::string_view, N>& names) : names_(names) {
    for (auto& s : slots_) s = -1;
    for (size_t i = 0; i < N; ++i) {
      size_t h = hash(names_[i]);
      while (slots_[h] != -1) h = (h + 1) & (kSlots - 1);
      slots_[h] = static_cast<int16_t>(i);
    }
  }

  // Field index for `key` with Go's matching rules, or -1.
  int find(std::string_view key) const noexcept {
    const int exact = find_exact(key);
    if (exact >= 0) return exact;
    char buf[kMaxKeyLen];
    const size_t n = fold_key(key, buf);
    if (n == SIZE_MAX) return -1;
    const std::string_view folded(buf, n);
    if (folded == key) return -1;  // folding changed nothing: already missed
    return find_exact(folded);
  }

  int find_exact(std::string_view key) const noexcept {
    if (key.size() < 2 || key.size() > kMaxKeyLen) return -1;
    for (size_t h = hash(key);; h = (h + 1) & (kSlots - 1)) {
      const int idx = slots_[h];
      if (idx < 0) return -1;
      if (same_key(names_[static_cast<size_t>(idx)], key)) return idx;
    }
  }

  constexpr std::string_view name(size_t i) const noexcept { return names_[i]; }
  static constexpr size_t size() noexcept { return N; }

 private:
  // Requires key.size() >= 2 (every field name is at least "id").
  static constexpr size_t hash(std::string_view k) noexcept {
    const auto b = [&](size_t i) { return static_cast<size_t>(static_cast<unsigned char>(k[i])); };
    size_t h = k.size() * 0x9E37u;
    h ^= b(0) * 0x85EBu;
    h ^= b(k.size() - 1) * 0xC2B3u;
    h ^= b(k.size() / 2) * 0x27D5u;
    h ^= h >> 7;
    return h & (kSlots - 1);
  }

  std::array<std::string_view, N> names_;
  std::array<int16_t, kSlots> slots_{};
};

}  // namespace aegis::decode
