#include "common/sha256.hpp"

#include <openssl/err.h>
#include <openssl/evp.h>

#include <atomic>
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

// The SHA-256 implementation, fetched from the default provider on first
// use: an explicit fetch spares each EVP_DigestInit_ex2 the by-name lookup
// that the legacy EVP_sha256() handle costs. A fetch that fails (libcrypto
// could not allocate, or has no SHA-256) is not kept: the next call tries
// again, so a failure under memory pressure does not last. Once published
// the handle is immutable and kept for the life of the process.
std::atomic<EVP_MD*> g_sha256{nullptr};

const EVP_MD* sha256_md() {
  if (EVP_MD* md = g_sha256.load(std::memory_order_acquire)) return md;
  EVP_MD* fetched = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  if (fetched == nullptr) fail("EVP_MD_fetch");
  EVP_MD* expected = nullptr;
  if (!g_sha256.compare_exchange_strong(expected, fetched, std::memory_order_acq_rel)) {
    EVP_MD_free(fetched);  // another thread published its handle first
    return expected;
  }
  return fetched;
}

// With a fetched SHA-256, the only thing EVP_DigestInit_ex2 can lack is
// memory for the provider's context (libcrypto reports that as an
// "initialization error", not as a failed allocation): out of memory.
void init_or_throw(evp_md_ctx_st* ctx, const EVP_MD* md) {
  if (EVP_DigestInit_ex2(ctx, md, nullptr) == 1) return;
  ERR_clear_error();
  throw std::bad_alloc();
}

}  // namespace

void Sha256::ContextFree::operator()(evp_md_ctx_st* ctx) const noexcept { EVP_MD_CTX_free(ctx); }

Sha256::Sha256() : ctx_(EVP_MD_CTX_new()) {
  if (!ctx_) throw std::bad_alloc();
  init_or_throw(ctx_.get(), sha256_md());
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
  init_or_throw(ctx_.get(), nullptr);
  return digest;
}

void warm_up_sha256() {
  Sha256 hash;
  hash.update("warm-up");
  (void)hash.finish();
}

void to_hex(const std::array<uint8_t, 32>& digest, char out[64]) noexcept {
  static constexpr char kDigits[] = "0123456789abcdef";
  for (size_t i = 0; i < digest.size(); ++i) {
    out[2 * i] = kDigits[digest[i] >> 4];
    out[2 * i + 1] = kDigits[digest[i] & 15];
  }
}

}  // namespace aegis::common
