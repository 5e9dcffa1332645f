#include "model/resource_graph.hpp"

#include <algorithm>
#include <bit>
#include <cstring>
#include <functional>
#include <stdexcept>

namespace aegis::model {
namespace {

// A fast hash for resource ids (the edge decoder looks up two per row):
// eight bytes at a time, multiply-xorshift mixing.
size_t hash_id(std::string_view s) noexcept {
  uint64_t h = 0x9E3779B97F4A7C15u ^ s.size();
  size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    uint64_t w;
    std::memcpy(&w, s.data() + i, 8);
    h = (h ^ w) * 0xFF51AFD7ED558CCDu;
    h ^= h >> 32;
  }
  if (i < s.size()) {
    uint64_t w = 0;
    std::memcpy(&w, s.data() + i, s.size() - i);
    h = (h ^ w) * 0xC4CEB9FE1A85EC53u;
  }
  h ^= h >> 29;
  h *= 0xBF58476D1CE4E5B9u;
  h ^= h >> 32;
  return static_cast<size_t>(h);
}

}  // namespace

ResourceIndex::ResourceIndex(const FindingsDoc& doc) {
  const size_t n = doc.findings.size();
  if (n >= kNoResource) throw std::length_error("too many findings");
  // A power of two at least twice the findings: probes stay short.
  const size_t n_slots = std::bit_ceil(std::max<size_t>(16, 2 * n));
  slots_.assign(n_slots, 0);
  by_finding_.resize(n);
  const size_t mask = n_slots - 1;
  for (size_t i = 0; i < n; ++i) {
    const std::string_view id = doc.findings[i].resource_id;
    const size_t h = hash_id(id);
    const uint64_t tag = uint64_t{static_cast<uint32_t>(h)} << 32;
    for (size_t s = h & mask;; s = (s + 1) & mask) {
      const uint64_t at = slots_[s];
      if (at == 0) {
        ids_.push_back(id);
        slots_[s] = tag | ids_.size();
        by_finding_[i] = static_cast<uint32_t>(ids_.size() - 1);
        break;
      }
      const auto r = static_cast<uint32_t>(at) - 1;
      if ((at & ~uint64_t{UINT32_MAX}) == tag && ids_[r] == id) {
        by_finding_[i] = r;
        break;
      }
    }
  }
}

uint32_t ResourceIndex::find(std::string_view id) const noexcept {
  if (slots_.empty()) return kNoResource;
  const size_t mask = slots_.size() - 1;
  const size_t h = hash_id(id);
  const uint64_t tag = uint64_t{static_cast<uint32_t>(h)} << 32;
  for (size_t s = h & mask;; s = (s + 1) & mask) {
    const uint64_t at = slots_[s];
    if (at == 0) return kNoResource;
    const auto r = static_cast<uint32_t>(at) - 1;
    if ((at & ~uint64_t{UINT32_MAX}) == tag && ids_[r] == id) return r;
  }
}

size_t ResourceIndex::memory_bytes() const noexcept {
  return ids_.capacity() * sizeof(std::string_view) + slots_.capacity() * sizeof(uint64_t) +
         by_finding_.capacity() * sizeof(uint32_t);
}

ResourceGraph ResourceGraph::build(size_t n, std::span<const EdgeRow> rows,
                                   std::vector<std::string> types, const common::StopToken& stop) {
  // Each pass over the rows is a few ns per row; the per-resource passes
  // poll every kPollResources resources.
  constexpr size_t kPollResources = size_t{1} << 16;
  auto poll = [&](size_t r) {
    if (r % kPollResources == 0) stop.throw_if_stopped();
  };
  ResourceGraph g;
  g.types_ = std::move(types);
  g.self_type_.assign(n, kNoEdgeType);

  // The rows of each pair's smaller end, in document order (a counting
  // sort), as (larger end, type).
  std::vector<uint64_t> start(n + 1, 0);
  for (const EdgeRow& r : rows) {
    if (r.a == r.b) {
      g.self_type_[r.a] = r.type;  // the last row wins
    } else {
      ++start[std::min(r.a, r.b) + 1];
    }
  }
  for (size_t i = 0; i < n; ++i) start[i + 1] += start[i];
  stop.throw_if_stopped();
  std::vector<Neighbor> by_low(start[n]);
  {
    std::vector<uint64_t> next(start.begin(), start.end() - 1);
    for (const EdgeRow& r : rows) {
      if (r.a != r.b) by_low[next[std::min(r.a, r.b)]++] = Neighbor{std::max(r.a, r.b), r.type};
    }
  }
  // Per smaller end: sorted by the larger end, the last row of each pair
  // kept (a stable sort keeps document order among a pair's rows).
  std::vector<uint64_t> kept(n, 0);
  std::vector<uint64_t> degree(n, 0);
  for (size_t lo = 0; lo < n; ++lo) {
    poll(lo);
    const auto b = by_low.begin() + static_cast<std::ptrdiff_t>(start[lo]);
    const auto e = by_low.begin() + static_cast<std::ptrdiff_t>(start[lo + 1]);
    std::stable_sort(b, e, [](const Neighbor& x, const Neighbor& y) { return x.resource < y.resource; });
    auto out = b;
    for (auto it = b; it != e; ++it) {
      if (it + 1 != e && (it + 1)->resource == it->resource) continue;
      *out++ = *it;
      ++degree[it->resource];
    }
    kept[lo] = static_cast<uint64_t>(out - b);
    degree[lo] += kept[lo];
  }
  // Both directions. Filling rows in ascending order of the smaller end
  // leaves every row sorted: row r first gets its smaller neighbours (from
  // the rows of smaller ends, in ascending order), then its larger ones.
  g.offsets_.assign(n + 1, 0);
  for (size_t r = 0; r < n; ++r) g.offsets_[r + 1] = g.offsets_[r] + degree[r];
  g.adjacency_.resize(g.offsets_[n]);
  std::vector<uint64_t> next(g.offsets_.begin(), g.offsets_.end() - 1);
  for (size_t lo = 0; lo < n; ++lo) {
    poll(lo);
    for (uint64_t k = start[lo]; k < start[lo] + kept[lo]; ++k) {
      const Neighbor hi = by_low[k];
      g.adjacency_[next[lo]++] = hi;
      g.adjacency_[next[hi.resource]++] = Neighbor{static_cast<uint32_t>(lo), hi.type};
    }
  }
  return g;
}

EdgeTypeId ResourceGraph::type_between(uint32_t a, uint32_t b) const noexcept {
  if (a == b) return self_type_[a];
  const auto row = neighbors(a);
  const auto it = std::lower_bound(row.begin(), row.end(), b,
                                   [](const Neighbor& x, uint32_t v) { return x.resource < v; });
  return it != row.end() && it->resource == b ? it->type : kNoEdgeType;
}

size_t ResourceGraph::memory_bytes() const noexcept {
  size_t bytes = offsets_.capacity() * sizeof(uint64_t) + adjacency_.capacity() * sizeof(Neighbor) +
                 self_type_.capacity() * sizeof(EdgeTypeId);
  for (const std::string& t : types_) bytes += sizeof(std::string) + t.capacity();
  return bytes;
}

}  // namespace aegis::model
