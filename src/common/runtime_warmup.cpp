#include "common/runtime_warmup.hpp"

#include <oneapi/tbb/info.h>
#include <oneapi/tbb/task_arena.h>
#include <simdjson.h>

#include <atomic>

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
    return true;
  } catch (...) {
    g_warm_up_failed.store(true);
    return false;
  }
}

bool runtime_ready() noexcept { return !g_warm_up_failed.load(std::memory_order_relaxed); }

}  // namespace aegis::common
