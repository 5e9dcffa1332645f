#include "engine/path_order.hpp"

#include <numeric>

namespace aegis::engine {

PathOrder::PathOrder(std::span<const BucketCounts> per_group)
    : first_number(per_group.size()), first_slot(per_group.size()) {
  BucketCounts bucket_total{};
  for (size_t g = 0; g < per_group.size(); ++g) {
    first_number[g] = total;
    for (size_t b = 0; b < kSortBuckets; ++b) bucket_total[b] += per_group[g][b];
    total += std::accumulate(per_group[g].begin(), per_group[g].end(), uint64_t{0});
  }
  BucketCounts next{};
  for (size_t b = 0; b < kSortBuckets; ++b) {
    bucket_begin[b] = b == 0 ? 0 : bucket_begin[b - 1] + bucket_total[b - 1];
    next[b] = bucket_begin[b];
  }
  bucket_begin[kSortBuckets] = total;
  for (size_t g = 0; g < per_group.size(); ++g) {
    first_slot[g] = next;
    for (size_t b = 0; b < kSortBuckets; ++b) next[b] += per_group[g][b];
  }
}

}  // namespace aegis::engine
