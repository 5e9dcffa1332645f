// oneTBB arenas sized by the caller's thread cap. Inside a Go server, Go owns
// the machine too, so every parallel stage runs in an arena of at most
// max_threads workers (0 = one per core). Asking for more threads than cores
// only makes oneTBB print a warning, so the count is capped at the cores.
#pragma once

#include <oneapi/tbb/info.h>
#include <oneapi/tbb/task_arena.h>

namespace aegis::common {

inline tbb::task_arena make_arena(unsigned max_threads) {
  const int cores = tbb::info::default_concurrency();
  if (max_threads == 0 || max_threads >= static_cast<unsigned>(cores)) return tbb::task_arena(cores);
  return tbb::task_arena(static_cast<int>(max_threads));
}

}  // namespace aegis::common
