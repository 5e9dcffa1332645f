// Errors as values inside the library; translated to aegis_status + message
// once, at the C boundary (src/abi/).
#pragma once

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

}  // namespace aegis::common
