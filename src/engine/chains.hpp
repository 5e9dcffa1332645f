// Chains of findings, the form in which a chain builder hands its work to the
// rest of the engine (numbering, sorting, the path table, stats, JSON), which
// all builders share. The heuristic engine's chains of 2 or 3 findings fit a
// 16-byte record; a builder whose chains are longer or whose edges carry their
// own kinds (graph mode: up to 5 findings, edge types from an edge document,
// docs/algorithms.md, "Graph mode") stores them in a ChainStore and hands over
// records that name them.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace aegis::engine {

inline constexpr uint32_t kNoNode = UINT32_MAX;
inline constexpr uint32_t kMaxChainNodes = 5;

// A path in 16 bytes, in one of two forms:
//  - inline: the chain [n0, n1] (n2 == kNoNode) or [n0, n1, n2]; the kind of
//    each edge follows from its two findings (the heuristic edge rule);
//  - stored: n1 == kNoNode; the chain is n2 findings at position n0 of a
//    ChainStore, with an explicit kind per edge.
// Node values are finding indices (group-local while a builder fills them).
// num is the path number, the N of ap-N (1-based), set at numbering.
struct PathRec {
  uint32_t n0, n1, n2, num;

  static constexpr PathRec pair(uint32_t a, uint32_t b) noexcept { return {a, b, kNoNode, 0}; }
  static constexpr PathRec triple(uint32_t a, uint32_t b, uint32_t c) noexcept {
    return {a, b, c, 0};
  }
  bool is_stored() const noexcept { return n1 == kNoNode; }
  // Nodes of an inline record.
  uint32_t inline_size() const noexcept { return n2 == kNoNode ? 2 : 3; }
};
static_assert(sizeof(PathRec) == 16);

// The kind of an edge as the path JSON writes it: label and edge_type,
// already escaped.
struct EdgeKind {
  std::string_view label, type;
};

using EdgeKindId = uint16_t;

// The edge kinds that stored chains name, by id.
class EdgeKinds {
 public:
  // Adds a kind (type and label as plain strings; escaped here) and returns
  // its id. Throws std::length_error past 65,536 kinds.
  EdgeKindId add(std::string_view type, std::string_view label);
  const EdgeKind& operator[](EdgeKindId id) const noexcept { return entries_[id]->kind; }
  size_t size() const noexcept { return entries_.size(); }

 private:
  struct Entry {  // heap-allocated, so `kind` may view `type` and `label`
    std::string type, label;
    EdgeKind kind;
  };
  std::vector<std::unique_ptr<const Entry>> entries_;
};

// Chains with explicit edge kinds, one after the other: per node a u32
// finding index and a 16-bit kind (so a stored path costs 16 + 6 bytes per
// node in all).
class ChainStore {
 public:
  // Appends the chain `nodes` (2..kMaxChainNodes findings) whose edge i joins
  // nodes[i] and nodes[i + 1] with kind edges[i] (edges.size() ==
  // nodes.size() - 1) and returns the stored-form record naming it (num 0).
  // Throws std::invalid_argument for other sizes, std::length_error when the
  // store outgrows 32-bit positions.
  PathRec add(std::span<const uint32_t> nodes, std::span<const EdgeKindId> edges);

  std::span<const uint32_t> nodes(const PathRec& r) const noexcept {
    return {nodes_.data() + r.n0, r.n2};
  }
  std::span<uint32_t> nodes(const PathRec& r) noexcept { return {nodes_.data() + r.n0, r.n2}; }
  // Kind of edge i of r (0 <= i < r.n2 - 1).
  EdgeKindId edge(const PathRec& r, uint32_t i) const noexcept { return edges_[r.n0 + i]; }

  bool empty() const noexcept { return nodes_.empty(); }
  // Appends every chain of other; records naming them add the returned
  // offset to n0.
  uint32_t append(const ChainStore& other);
  size_t memory_bytes() const noexcept {
    return nodes_.capacity() * sizeof(uint32_t) + edges_.capacity() * sizeof(EdgeKindId);
  }

 private:
  std::vector<uint32_t> nodes_;
  // Parallel to nodes_: the kind of the edge from each node to the next; the
  // slot of a chain's last node is unused.
  std::vector<EdgeKindId> edges_;
};

// What a chain builder hands over for one account group: its chains in
// generation order (the order that numbers them), node indices group-local
// (positions in AccountGroup::members).
struct GroupChains {
  // Chunk after chunk, so that builders may fill chunks in parallel.
  std::vector<std::vector<PathRec>> chunks;
  ChainStore stored;  // the chains that stored-form records name

  template <typename F>
  void for_each(const F& f) {
    for (auto& chunk : chunks) {
      for (PathRec& r : chunk) f(r);
    }
  }
  template <typename F>
  void for_each(const F& f) const {
    for (const auto& chunk : chunks) {
      for (const PathRec& r : chunk) f(r);
    }
  }
};

}  // namespace aegis::engine
