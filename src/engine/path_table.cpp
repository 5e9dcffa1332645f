#include "engine/path_table.hpp"

#include <algorithm>

namespace aegis::engine {

void PathTable::allocate(size_t n) {
  storage = common::OutputBuffer::allocate(n * sizeof(PathRec));
  recs = {reinterpret_cast<PathRec*>(storage.data()), n};
}

std::optional<size_t> PathTable::find(std::string_view id) const noexcept {
  if (id.size() < 6 || id.size() > 13 || id.substr(0, 3) != "ap-") return std::nullopt;
  const std::string_view digits = id.substr(3);
  uint64_t num = 0;
  for (char c : digits) {
    if (c < '0' || c > '9') return std::nullopt;
    num = num * 10 + static_cast<uint64_t>(c - '0');
  }
  if (num == 0 || num > recs.size()) return std::nullopt;
  // Only the canonical spelling names a path: "ap-007", not "ap-7" or "ap-0007".
  if (digits.size() != std::max<size_t>(3, encode::uint_digits(num))) return std::nullopt;
  // Path numbers increase inside each sort bucket: binary-search every
  // bucket whose number range holds num (at most 20 searches, no index).
  const auto by_num = [](const PathRec& r, uint64_t v) { return r.num < v; };
  for (size_t b = 0; b < kSortBuckets; ++b) {
    const auto first = recs.begin() + static_cast<std::ptrdiff_t>(bucket_begin[b]);
    const auto last = recs.begin() + static_cast<std::ptrdiff_t>(bucket_begin[b + 1]);
    if (first == last || num < first->num || num > (last - 1)->num) continue;
    const auto it = std::lower_bound(first, last, num, by_num);
    if (it != last && it->num == num) return static_cast<size_t>(it - recs.begin());
  }
  return std::nullopt;  // unreachable: every number 1..size names a path
}

}  // namespace aegis::engine
