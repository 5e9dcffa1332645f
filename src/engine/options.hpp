// What a caller may set for one run of the engine.
#pragma once

#include <cstdint>

#include "common/stop.hpp"

namespace aegis::engine {

struct Options {
  unsigned max_threads = 0;  // worker threads of every parallel stage; 0 = all cores
  // Chain building keeps at most this many chains, the first in generation
  // order (docs/algorithms.md, "Limits and truncation"); 0 = all.
  uint64_t max_paths = 0;
  // A result buffer longer than this is refused before it is allocated
  // (AEGIS_ERR_RESULT_TOO_LARGE); 0 = no cap. Streaming is not capped.
  uint64_t max_result_bytes = 0;
  // Polled by every long stage; the stage then ends early and the call fails
  // with the token's status. null = never stops. Must outlive the call.
  const common::StopToken* stop = nullptr;

  const common::StopToken& stop_token() const noexcept {
    return stop != nullptr ? *stop : common::never_stop();
  }
};

}  // namespace aegis::engine
