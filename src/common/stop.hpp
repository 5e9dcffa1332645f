// Why a long call may have to stop early: its caller's cancellation flag was
// set (aegis_cancel_request), or its deadline (timeout_ms) passed. The stages
// that can run long (chain building, the path table, result writing,
// streaming) poll a StopToken at bounded intervals; the first to see it set
// ends its own work, and the call then fails with the token's status.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include "aegispath.h"
#include "common/status.hpp"

namespace aegis::common {

class StopToken {
 public:
  using Clock = std::chrono::steady_clock;

  // Never stops.
  StopToken() noexcept = default;
  // Stops when *cancel becomes true (cancel may be null) or, when
  // timeout_ms > 0, timeout_ms milliseconds after now.
  StopToken(const std::atomic<bool>* cancel, uint64_t timeout_ms) noexcept;

  // Whether the work should stop now. Cheap (an atomic load and, with a
  // deadline, a clock read), but meant for every few thousand steps.
  bool stop_requested() const noexcept {
    if (cancel_ != nullptr && cancel_->load(std::memory_order_relaxed)) return true;
    return has_deadline_ && Clock::now() >= deadline_;
  }
  bool can_stop() const noexcept { return cancel_ != nullptr || has_deadline_; }

  // Throws StatusError (AEGIS_ERR_CANCELLED or AEGIS_ERR_TIMED_OUT) when the
  // work should stop.
  void throw_if_stopped() const;

 private:
  const std::atomic<bool>* cancel_ = nullptr;
  bool has_deadline_ = false;
  uint64_t timeout_ms_ = 0;
  Clock::time_point deadline_{};
};

// A token that never stops, for callers without limits.
inline const StopToken& never_stop() noexcept {
  static const StopToken token;
  return token;
}

}  // namespace aegis::common
