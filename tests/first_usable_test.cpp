// The constant-time first-usable-intermediate trees (engine/first_usable.hpp)
// against the plain scan they replace, on lists built to defeat them: few
// distinct resource and finding ids, long runs, alternations, the blocking
// values early and late.
#include <catch2/catch.hpp>

#include <cstdint>
#include <random>
#include <vector>

#include "engine/first_usable.hpp"

namespace {

using aegis::engine::FirstUsableTrees;
using aegis::engine::kNoNode;

// The definition: the first element whose resource id and finding id are
// both unblocked.
uint32_t scan(const std::vector<uint32_t>& list, const std::vector<uint32_t>& rid,
              const std::vector<uint32_t>& fid, uint32_t ra, uint32_t rb, uint32_t fa,
              uint32_t fb) {
  for (uint32_t m : list) {
    if (rid[m] != ra && rid[m] != rb && fid[m] != fa && fid[m] != fb) return m;
  }
  return kNoNode;
}

}  // namespace

TEST_CASE("first usable: every query on random lists agrees with a scan", "[engine]") {
  std::mt19937 rng(20240611);
  for (int round = 0; round < 160; ++round) {
    // Elements 0..n-1 with ids drawn from small pools, so blocking is common.
    const uint32_t n = 1 + rng() % 40;
    const uint32_t rid_pool = 1 + rng() % 5, fid_pool = 1 + rng() % 6;
    std::vector<uint32_t> rid(n), fid(n);
    for (uint32_t x = 0; x < n; ++x) {
      switch (round % 4) {
        case 0: rid[x] = rng() % rid_pool; fid[x] = rng() % fid_pool; break;
        case 1: rid[x] = x % 2; fid[x] = (x / 2) % 2; break;  // alternations
        case 2: rid[x] = 0; fid[x] = x < n / 2 ? 0 : x; break;  // one long run, then distinct
        default: rid[x] = x < n - 2 ? x % 3 : 7; fid[x] = x % 4; break;  // usable only late
      }
    }
    FirstUsableTrees trees(rid, fid);
    // Two lists over the elements: all of them, and every other one.
    std::vector<uint32_t> all(n), odd;
    for (uint32_t x = 0; x < n; ++x) {
      all[x] = x;
      if (x % 2) odd.push_back(x);
    }
    const auto t_all = trees.add(all);
    const auto t_odd = trees.add(odd);
    // Every combination of blocking values from the pools (and beyond them).
    for (uint32_t ra = 0; ra < 8; ++ra)
      for (uint32_t rb = ra; rb < 8; ++rb)
        for (uint32_t fa = 0; fa < 8; ++fa)
          for (uint32_t fb = fa; fb < 8; ++fb) {
            INFO("round " << round << " blocking " << ra << "," << rb << " / " << fa << "," << fb);
            REQUIRE(trees.first_usable(t_all, ra, rb, fa, fb) == scan(all, rid, fid, ra, rb, fa, fb));
            REQUIRE(trees.first_usable(t_odd, ra, rb, fa, fb) == scan(odd, rid, fid, ra, rb, fa, fb));
          }
  }
}

TEST_CASE("first usable: empty and one-element lists, and the size of a tree", "[engine]") {
  std::vector<uint32_t> rid = {5, 6}, fid = {1, 2};
  FirstUsableTrees trees(rid, fid);
  const auto empty = trees.add(std::vector<uint32_t>{});
  CHECK(trees.first_usable(empty, 0, 0, 0, 0) == kNoNode);
  const auto one = trees.add(std::vector<uint32_t>{1});
  CHECK(trees.first_usable(one, 0, 0, 0, 0) == 1);
  CHECK(trees.first_usable(one, 6, 0, 0, 0) == kNoNode);
  CHECK(trees.first_usable(one, 0, 0, 0, 2) == kNoNode);
  // 0 + 1 + (2^5 - 1) nodes: a long list costs at most 31.
  std::vector<uint32_t> long_rid(1000, 0), long_fid(1000, 0);
  FirstUsableTrees long_trees(long_rid, long_fid);
  std::vector<uint32_t> list(1000);
  for (uint32_t x = 0; x < 1000; ++x) list[x] = x;
  const auto t = long_trees.add(list);
  CHECK(t.levels == FirstUsableTrees::kMaxLevels);
  CHECK(long_trees.memory_bytes() >= 31 * sizeof(uint32_t));
  CHECK(long_trees.first_usable(t, 0, 0, 9, 9) == kNoNode);
  CHECK(long_trees.first_usable(t, 1, 1, 9, 9) == 0);
}
