#include "common/runtime_warmup.hpp"

#include <oneapi/tbb/info.h>
#include <oneapi/tbb/task_arena.h>
#include <simdjson.h>

#include <atomic>

#include "common/sha256.hpp"

namespace aegis::common {
namespace {

// Written once, by the load-time warm-up (before any call can run), read by
// every call.
std::atomic<bool> g_warm_up_failed{false};

}  // namespace

bool warm_up_runtime() noexcept {
  try {
    // The first get_active_implementation() picks the implementation for
    // this CPU, allocating as it does.
    (void)simdjson::get_active_implementation()->name();
    // Reading the default concurrency runs oneTBB's topology setup; an
    // initialised arena sets up the scheduler that the arenas of every call
    // share (no worker thread starts until work is submitted).
    (void)tbb::info::default_concurrency();
    tbb::task_arena arena(2);
    arena.initialize();
  } catch (...) {
    g_warm_up_failed.store(true);
    return false;
  }
  try {
    // Only the integrity hashes need libcrypto: a failure here is left to
    // the first call that hashes (which fetches again), not held against
    // every call.
    warm_up_sha256();
  } catch (...) {
  }
  return true;
}

bool runtime_ready() noexcept { return !g_warm_up_failed.load(std::memory_order_relaxed); }

}  // namespace aegis::common
