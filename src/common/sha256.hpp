// SHA-256 for the findings' integrity hashes (docs/input.md, "The integrity
// hash"), through OpenSSL's libcrypto (EVP). Its assembly uses the CPU's SHA
// extensions (SHA-NI on x86-64, the ARMv8 crypto extensions) when the CPU has
// them, which a portable hand-written compression cannot.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>

struct evp_md_ctx_st;  // OpenSSL's EVP_MD_CTX; openssl/evp.h stays out of this header

namespace aegis::common {

// One hashing context, reusable: finish() returns the digest and starts
// over, so a worker hashes many inputs with one context (allocating and
// initialising an EVP context costs about as much as hashing a finding).
// Not thread-safe; give each thread its own.
class Sha256 {
 public:
  // Throws std::bad_alloc when OpenSSL cannot allocate the context or its
  // provider state, and std::runtime_error when libcrypto cannot fetch
  // SHA-256 (no provider has it, or the fetch could not allocate: the next
  // call fetches again).
  Sha256();
  void update(std::string_view bytes);
  std::array<uint8_t, 32> finish();

 private:
  struct ContextFree {
    void operator()(evp_md_ctx_st* ctx) const noexcept;
  };
  std::unique_ptr<evp_md_ctx_st, ContextFree> ctx_;
};

// libcrypto's one-time setup (its own initialisation, the default
// provider, the SHA-256 fetch) by hashing once. libcrypto does not survive a
// failed allocation inside that setup (a crash, or every later fetch
// failing), so the shared library runs this while it is loaded
// (common/runtime_warmup.hpp). Throws as Sha256 does.
void warm_up_sha256();

// Writes the 64 lower-case hex digits of digest into out.
void to_hex(const std::array<uint8_t, 32>& digest, char out[64]) noexcept;

}  // namespace aegis::common
