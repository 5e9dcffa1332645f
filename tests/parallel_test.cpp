// Where parallel stages run (common/parallel.hpp, StageArena): every index
// of a loop once, under either kind of arena, and many short stages in a
// row without memory piling up (an arena with worker slots per stage,
// created and destroyed in quick succession, is freed only once a worker has
// left it: each stage then cost ~7 KB for good and walked every earlier one).
#include <catch2/catch.hpp>

#include <atomic>
#include <cstdio>
#include <vector>

#include "common/parallel.hpp"

namespace {

// Resident memory in KiB (Linux), or -1.
[[maybe_unused]] long resident_kib() {
#if defined(__linux__)
  std::FILE* f = std::fopen("/proc/self/statm", "r");
  if (f == nullptr) return -1;
  long pages = 0, resident = 0;
  const bool ok = std::fscanf(f, "%ld %ld", &pages, &resident) == 2;
  std::fclose(f);
  return ok ? resident * 4 : -1;
#else
  return -1;
#endif
}

}  // namespace

TEST_CASE("StageArena: a loop visits every index once, capped or not", "[parallel]") {
  for (unsigned threads : {0u, 1u, 2u, 64u}) {
    INFO("max_threads " << threads);
    std::vector<std::atomic<int>> seen(10000);
    aegis::common::make_arena(threads).execute([&] {
      aegis::common::parallel_each(0, seen.size(), [&](size_t i) { seen[i].fetch_add(1); });
    });
    int wrong = 0;
    for (const auto& s : seen) wrong += s.load() != 1;
    CHECK(wrong == 0);
  }
}

TEST_CASE("StageArena: thousands of short stages leave no memory behind", "[parallel]") {
#if defined(__SANITIZE_ADDRESS__) || defined(AEGIS_TSAN)
  SUCCEED("sanitizers keep freed memory on purpose: resident memory says nothing here");
#else
  auto stages = [](int n) {
    std::atomic<long> sum{0};
    for (int i = 0; i < n; ++i) {
      aegis::common::make_arena(0).execute([&] {
        aegis::common::parallel_each(0, 64, [&](size_t k) { sum.fetch_add(static_cast<long>(k)); });
      });
    }
    return sum.load();
  };
  CHECK(stages(500) == 500 * 2016);  // warm-up: oneTBB's own one-time state
  const long before = resident_kib();
  CHECK(stages(20000) == 20000L * 2016);
  const long after = resident_kib();
  if (before < 0 || after < 0) {
    SUCCEED("no resident-memory figure on this platform");
  } else {
    // An arena per stage piled up about 140 MB here.
    CHECK(after - before < 16 * 1024);
  }
#endif
}
