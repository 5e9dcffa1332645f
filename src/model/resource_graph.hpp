// The resource graph of graph mode (docs/input.md, "Edge document"): the
// findings' resource ids numbered densely, and the undirected, typed links
// an edge document makes between them. Rows naming a resource id that no
// finding holds link nothing (graph mode walks findings), so they are
// dropped while decoding and never stored.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/stop.hpp"
#include "model/findings.hpp"

namespace aegis::model {

inline constexpr uint32_t kNoResource = UINT32_MAX;

// The distinct resource_id values of a findings document, numbered 0..n-1
// in order of first appearance. Views the document's strings: the document
// must outlive the index. Lookups are thread-safe.
class ResourceIndex {
 public:
  ResourceIndex() = default;
  // Throws std::bad_alloc, or std::length_error past 2^32-2 findings.
  explicit ResourceIndex(const FindingsDoc& doc);

  // The number of id, or kNoResource when no finding has it.
  uint32_t find(std::string_view id) const noexcept;
  // The resource of finding i.
  uint32_t of_finding(uint32_t i) const noexcept { return by_finding_[i]; }
  size_t size() const noexcept { return ids_.size(); }
  std::string_view id(uint32_t r) const noexcept { return ids_[r]; }
  size_t memory_bytes() const noexcept;

 private:
  std::vector<std::string_view> ids_;
  // Open addressing: the low 32 bits of an id's hash above its resource + 1
  // (0 = empty), so one read of a slot rules out almost every other id.
  std::vector<uint64_t> slots_;
  std::vector<uint32_t> by_finding_;
};

using EdgeTypeId = uint32_t;
inline constexpr EdgeTypeId kNoEdgeType = UINT32_MAX;

// One counting row of an edge document whose two ends are resources of the
// index: a -> b of the given type (a == b for a self-loop).
struct EdgeRow {
  uint32_t a, b;
  EdgeTypeId type;
};

// A neighbour of a resource and the type of their link.
struct Neighbor {
  uint32_t resource;
  EdgeTypeId type;
};

class ResourceGraph {
 public:
  ResourceGraph() = default;

  // The graph of `rows` (document order) over n_resources resources: a later
  // row for the same pair, in either direction, replaces the earlier one's
  // type. types[t] names type t. Polls stop between its passes and every
  // 64Ki resources of its per-resource ones. Throws std::bad_alloc,
  // common::StatusError (stopped).
  static ResourceGraph build(size_t n_resources, std::span<const EdgeRow> rows,
                             std::vector<std::string> types,
                             const common::StopToken& stop = common::never_stop());

  size_t resource_count() const noexcept { return self_type_.size(); }
  // The resources linked to r (never r itself), ascending, with the types.
  std::span<const Neighbor> neighbors(uint32_t r) const noexcept {
    return {adjacency_.data() + offsets_[r], adjacency_.data() + offsets_[r + 1]};
  }
  // The type of the link between a and b (a self-loop's when a == b), or
  // kNoEdgeType when no counting row links them. O(log degree).
  EdgeTypeId type_between(uint32_t a, uint32_t b) const noexcept;
  std::string_view type_name(EdgeTypeId t) const noexcept { return types_[t]; }
  size_t type_count() const noexcept { return types_.size(); }
  // Linked pairs of distinct resources.
  size_t pair_count() const noexcept { return adjacency_.size() / 2; }
  size_t memory_bytes() const noexcept;

 private:
  std::vector<uint64_t> offsets_{0};  // neighbors(r) = adjacency_[offsets_[r], offsets_[r + 1])
  std::vector<Neighbor> adjacency_;
  std::vector<EdgeTypeId> self_type_;  // per resource, kNoEdgeType when no self-loop
  std::vector<std::string> types_;
};

}  // namespace aegis::model
