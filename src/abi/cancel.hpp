// The opaque aegis_cancel handle: one flag, set by aegis_cancel_request from
// any thread and polled by the calls that name the handle (through
// common::StopToken).
#pragma once

#include <atomic>

struct aegis_cancel {
  std::atomic<bool> requested{false};
};
