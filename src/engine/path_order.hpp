// Steps 6 and 7 of docs/algorithms.md ("Heuristic engine"), shared by every
// chain builder: number the chains (groups in order, chains in generation
// order), then sort them stably by severity rank, then score, both
// descending. The keys take 4 × 5 values, so the sort is a counting sort
// (docs/design.md): each group scatters its paths, in generation order, into
// its own slots of each key's bucket, and groups can do so in parallel.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "engine/path_view.hpp"

namespace aegis::engine {

// (path severity rank 4..1) × (score 100..0 in steps of 25), most severe first.
inline constexpr size_t kSortBuckets = 4 * 5;
using BucketCounts = std::array<uint64_t, kSortBuckets>;

inline size_t sort_bucket(const PathView& v) noexcept {
  return static_cast<size_t>(4 - path_severity_rank(v)) * 5 + (4 - path_score(v) / 25);
}

// Where the paths of every group go, from the groups' bucket counts alone.
struct PathOrder {
  uint64_t total = 0;
  // Per group: the number of its first path minus one (numbers start at 1).
  std::vector<uint64_t> first_number;
  // Per group and bucket: the position of its first path of that bucket.
  std::vector<BucketCounts> first_slot;
  // Paths [bucket_begin[b], bucket_begin[b + 1]) form bucket b.
  std::array<uint64_t, kSortBuckets + 1> bucket_begin{};

  explicit PathOrder(std::span<const BucketCounts> per_group);
};

}  // namespace aegis::engine
