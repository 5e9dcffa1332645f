#include "common/stop.hpp"

#include <algorithm>

namespace aegis::common {

StopToken::StopToken(const std::atomic<bool>* cancel, uint64_t timeout_ms) noexcept
    : cancel_(cancel), has_deadline_(timeout_ms > 0), timeout_ms_(timeout_ms) {
  if (has_deadline_) {
    // Beyond ~30 years is no deadline in practice, and would overflow.
    constexpr uint64_t kMaxMs = uint64_t{1} << 40;
    deadline_ = Clock::now() + std::chrono::milliseconds(std::min(timeout_ms, kMaxMs));
  }
}

void StopToken::throw_if_stopped() const {
  if (cancel_ != nullptr && cancel_->load(std::memory_order_relaxed))
    throw StatusError(AEGIS_ERR_CANCELLED, "cancelled by the caller (aegis_cancel_request)");
  if (has_deadline_ && Clock::now() >= deadline_)
    throw StatusError(AEGIS_ERR_TIMED_OUT,
                      "the call ran past its timeout of " + std::to_string(timeout_ms_) + " ms");
}

}  // namespace aegis::common
