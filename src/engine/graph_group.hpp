// One account group as graph mode's search sees it (docs/algorithms.md,
// "Graph mode"; docs/design.md, "Graph mode"): its findings by group-local
// index x (input order), their resources numbered locally in order of first
// appearance, and the group's resource-level adjacency — bitset rows for
// dense groups, sorted lists otherwise — with the edge kind of every link.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "engine/chains.hpp"
#include "model/findings.hpp"
#include "model/resource_graph.hpp"

namespace aegis::engine {

inline constexpr EdgeKindId kNoKind = UINT16_MAX;
inline constexpr uint64_t kNoComponentBits = UINT64_MAX;

// The four kinds of the heuristic edge rule, used for consecutive chain
// findings that no edge links (possible only when ids repeat); they follow
// the graph's types in the run's EdgeKinds.
struct FallbackKinds {
  EdgeKindId data_access, iam_trust, network, lateral;
};

struct LocalNeighbor {
  uint32_t resource;  // local
  EdgeKindId kind;
};

struct GraphGroup {
  uint32_t size = 0;       // findings
  uint32_t resources = 0;  // distinct resource ids
  std::vector<uint32_t> res;        // x -> its local resource
  std::vector<uint32_t> first_rec;  // local resource -> its first finding x
  std::vector<uint8_t> rank;        // x -> rank(severity), Go case mapping
  std::vector<uint8_t> edge_flags;  // x -> kFlag* for the fallback edge rule
  std::vector<uint32_t> entries, targets, high;  // x of each role, input order; high: rank >= 3

  // Adjacency: the local resources linked to r, ascending, never r itself.
  std::vector<uint64_t> adj_offsets;
  std::vector<LocalNeighbor> adj;
  // When dense: row r is bits[r * words, (r + 1) * words), bit s set iff r
  // and s are linked. words == 0: lists only.
  uint32_t words = 0;
  std::vector<uint64_t> bits;
  // When dense: the connected component of each resource, and for each
  // component of two or more resources its members as a bitset of `words`
  // words at component_bits[component_offset[c]] (a search marks the rest
  // visited up front, so the words of a finished component drop out).
  std::vector<uint32_t> component;
  std::vector<uint64_t> component_offset;  // kNoComponentBits for single resources
  std::vector<uint64_t> component_bits;

  // Only when ids repeat inside the group (the exact search):
  bool repeated_ids = false;
  std::vector<uint32_t> fid;       // x -> local id number
  std::vector<uint32_t> last;      // local id -> the last x with that id
  std::vector<uint32_t> rec_offsets, recs;  // local resource -> its findings, ascending
  std::vector<EdgeKindId> self_kind;        // local resource -> its self-loop's kind, or kNoKind

  std::span<const LocalNeighbor> neighbors(uint32_t r) const noexcept {
    return {adj.data() + adj_offsets[r], adj.data() + adj_offsets[r + 1]};
  }
  const uint64_t* row(uint32_t r) const noexcept { return bits.data() + size_t{r} * words; }
  // The kind of the link between local resources a != b, or kNoKind.
  EdgeKindId kind_between(uint32_t a, uint32_t b) const noexcept;
  // The kind of edge x -> y of a chain: the edge's, else the fallback rule.
  EdgeKindId chain_edge_kind(uint32_t x, uint32_t y, const FallbackKinds& fb) const noexcept;
};

// A thread's scratch for building groups: global resource -> local.
struct GroupScratch {
  std::vector<uint32_t> local_of;  // kNoNode when the resource is not in the group
};

// Builds group `members` (indices into doc.findings, input order).
// repeated_ids says whether two of them share an id (then the exact
// search's tables are filled); kinds are the graph's type ids. Throws
// std::bad_alloc.
GraphGroup build_graph_group(const model::FindingsDoc& doc, std::span<const uint32_t> members,
                             bool repeated_ids, const model::ResourceIndex& resources,
                             const model::ResourceGraph& graph, GroupScratch& scratch);

}  // namespace aegis::engine
