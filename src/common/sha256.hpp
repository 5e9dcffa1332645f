// SHA-256 (FIPS 180-4) for the findings' integrity hashes (docs/input.md,
// "The integrity hash"). Small inputs (a few hundred bytes per finding); a
// dependency would not pay off.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace aegis::common {

class Sha256 {
 public:
  Sha256() noexcept;
  void update(std::string_view bytes) noexcept;
  std::array<uint8_t, 32> finish() noexcept;

 private:
  void compress(const uint8_t* block) noexcept;

  std::array<uint32_t, 8> state_;
  std::array<uint8_t, 64> block_{};
  size_t block_len_ = 0;
  uint64_t total_len_ = 0;
};

// Writes the 64 lower-case hex digits of digest into out.
void to_hex(const std::array<uint8_t, 32>& digest, char out[64]) noexcept;

}  // namespace aegis::common
