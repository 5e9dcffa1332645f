// Parallel loops and oneTBB arenas: every parallel stage of the library goes
// through these.
//
// Arenas are sized by the caller's thread cap. Inside a Go server, Go owns
// the machine too, so every parallel stage runs with at most max_threads
// threads (0 = one per core). Asking for more threads than cores only makes
// oneTBB print a warning, so the count is capped at the cores (StageArena).
//
// ThreadSanitizer builds (AEGIS_TSAN): libtbb itself is not instrumented, so
// TSan cannot see the happens-before edges its task handoff creates, and
// would report every read of data the caller wrote before a loop. The loops
// below state those edges, which are exactly oneTBB's fork/join guarantee:
// the caller releases before the loop and every task acquires when it
// starts (fork); every task releases when it ends and the caller acquires
// after the loop (join). Tasks never acquire each other's releases, so races
// between the tasks of one loop, or between calls, stay visible.
#pragma once

#include <oneapi/tbb/blocked_range.h>
#include <oneapi/tbb/info.h>
#include <oneapi/tbb/parallel_for.h>
#include <oneapi/tbb/task_arena.h>

#include <cstddef>
#include <optional>

#if defined(AEGIS_TSAN)
#include <sanitizer/tsan_interface.h>
#endif

namespace aegis::common {

// Where a parallel stage runs. With a cap below the cores, in an arena of
// its own of that many threads. Without one (0, or at least the cores), in
// the calling thread's own arena, isolated (tbb::this_task_arena::isolate:
// a thread waiting in the stage runs only the stage's tasks, as in an arena
// of its own): oneTBB keeps one such arena per calling thread, while an
// arena with worker slots that is created and destroyed per stage is only
// freed once a worker has left it, so stages in quick succession (small
// inputs, calls failing early) piled up arenas, ~7 KB each, and every later
// stage walked them all (oneTBB 2021.8; uxlfoundation/oneTBB#967).
class StageArena {
 public:
  explicit StageArena(unsigned max_threads) {
    const int cores = tbb::info::default_concurrency();
    if (max_threads != 0 && max_threads < static_cast<unsigned>(cores))
      arena_.emplace(static_cast<int>(max_threads));
  }
  template <typename F>
  void execute(const F& f) {
    if (arena_) {
      arena_->execute(f);
    } else {
      tbb::this_task_arena::isolate(f);
    }
  }

 private:
  std::optional<tbb::task_arena> arena_;
};

inline StageArena make_arena(unsigned max_threads) { return StageArena(max_threads); }

namespace detail {

// The fork and join edges of one loop (no-ops outside TSan builds).
class ForkJoin {
 public:
  ForkJoin() noexcept { release(&fork_); }
  ~ForkJoin() { acquire(&join_); }
  ForkJoin(const ForkJoin&) = delete;
  ForkJoin& operator=(const ForkJoin&) = delete;
  void task_begins() noexcept { acquire(&fork_); }
  void task_ends() noexcept { release(&join_); }

 private:
#if defined(AEGIS_TSAN)
  static void release(char* at) noexcept { __tsan_release(at); }
  static void acquire(char* at) noexcept { __tsan_acquire(at); }
#else
  static void release(char*) noexcept {}
  static void acquire(char*) noexcept {}
#endif
  char fork_ = 0, join_ = 0;
};

}  // namespace detail

// Calls body(lo, hi) on disjoint subranges covering [begin, end), each of at
// least `grain` items (but the last), in parallel in the caller's arena.
template <typename Body>
void parallel_ranges(size_t begin, size_t end, size_t grain, const Body& body) {
  if (begin >= end) return;
  detail::ForkJoin edges;
  tbb::parallel_for(tbb::blocked_range<size_t>(begin, end, grain == 0 ? 1 : grain),
                    [&](const tbb::blocked_range<size_t>& r) {
                      edges.task_begins();
                      body(r.begin(), r.end());
                      edges.task_ends();
                    });
}

// Calls body(i) for every i in [begin, end) in parallel, one index per task
// (for coarse, uneven items).
template <typename Body>
void parallel_each(size_t begin, size_t end, const Body& body) {
  parallel_ranges(begin, end, 1, [&](size_t lo, size_t hi) {
    for (size_t i = lo; i < hi; ++i) body(i);
  });
}

}  // namespace aegis::common
