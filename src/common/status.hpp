// Errors as values inside the library; translated to aegis_status + message
// once, at the C boundary (src/abi/).
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <utility>

#include "aegispath.h"

namespace aegis::common {

struct Error {
  aegis_status status = AEGIS_OK;
  std::string message;

  explicit operator bool() const noexcept { return status != AEGIS_OK; }
};

inline Error make_error(aegis_status status, std::string message) {
  return Error{status, std::move(message)};
}

// A failure with a status of its own, thrown where returning an Error through
// every layer would not do (from deep inside the engine); the C boundary
// reports its status and message.
class StatusError : public std::runtime_error {
 public:
  StatusError(aegis_status status, const std::string& message)
      : std::runtime_error(message), status_(status) {}
  aegis_status status() const noexcept { return status_; }

 private:
  aegis_status status_;
};

// Throws AEGIS_ERR_RESULT_TOO_LARGE when a result of len bytes is over the
// caller's max_result_bytes (0 = no cap): checked before the result's buffer
// is allocated.
inline void check_result_bytes(uint64_t len, uint64_t max_result_bytes) {
  if (max_result_bytes == 0 || len <= max_result_bytes) return;
  throw StatusError(AEGIS_ERR_RESULT_TOO_LARGE,
                    "the result would be " + std::to_string(len) +
                        " bytes, over max_result_bytes (" + std::to_string(max_result_bytes) + ")");
}

}  // namespace aegis::common
