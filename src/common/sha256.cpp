#include "common/sha256.hpp"

#include <openssl/err.h>
#include <openssl/evp.h>

#include <new>
#include <stdexcept>
#include <string>

namespace aegis::common {
namespace {

// libcrypto's last error, for the exception message.
[[noreturn]] void fail(const char* what) {
  char reason[256] = "";
  ERR_error_string_n(ERR_get_error(), reason, sizeof reason);
  ERR_clear_error();
  throw std::runtime_error(std::string("SHA-256: ") + what + ": " + reason);
}

// The SHA-256 implementation, fetched from the default provider once: an
// explicit fetch spares each EVP_DigestInit_ex2 the by-name lookup that the
// legacy EVP_sha256() handle costs. Immutable after the thread-safe static
// initialisation; kept for the life of the process.
const EVP_MD* sha256_md() {
  static const EVP_MD* const md = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  if (md == nullptr) fail("EVP_MD_fetch");
  return md;
}

}  // namespace

void Sha256::ContextFree::operator()(evp_md_ctx_st* ctx) const noexcept { EVP_MD_CTX_free(ctx); }

Sha256::Sha256() : ctx_(EVP_MD_CTX_new()) {
  if (!ctx_) throw std::bad_alloc();
  if (EVP_DigestInit_ex2(ctx_.get(), sha256_md(), nullptr) != 1) fail("EVP_DigestInit_ex2");
}

void Sha256::update(std::string_view bytes) {
  if (EVP_DigestUpdate(ctx_.get(), bytes.data(), bytes.size()) != 1) fail("EVP_DigestUpdate");
}

std::array<uint8_t, 32> Sha256::finish() {
  std::array<uint8_t, 32> digest{};
  unsigned len = 0;
  if (EVP_DigestFinal_ex(ctx_.get(), digest.data(), &len) != 1 || len != digest.size())
    fail("EVP_DigestFinal_ex");
  // Ready for the next input; the context keeps its provider state.
  if (EVP_DigestInit_ex2(ctx_.get(), nullptr, nullptr) != 1) fail("EVP_DigestInit_ex2");
  return digest;
}

void to_hex(const std::array<uint8_t, 32>& digest, char out[64]) noexcept {
  static constexpr char kDigits[] = "0123456789abcdef";
  for (size_t i = 0; i < digest.size(); ++i) {
    out[2 * i] = kDigits[digest[i] >> 4];
    out[2 * i + 1] = kDigits[digest[i] & 15];
  }
}

}  // namespace aegis::common
