// Chains of findings, the form in which a chain builder hands its work to the
// rest of the engine (numbering, sorting, the path table, stats, JSON), which
// all builders share. The heuristic engine's chains of 2 or 3 findings fit a
// 16-byte record; a builder whose chains are longer or whose edges carry their
// own kinds (graph mode: up to 5 findings, edge types from an edge document,
// docs/algorithms.md, "Graph mode") keeps the rest of each chain in a
// ChainStore and hands over records that name it.
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
//  - stored: n1 has kStoredBit set; the chain runs from n0 to n2 and its
//    length, its edge kinds and its middle findings are an entry of a
//    ChainStore that n1 names (chains of 2 to 5 findings, explicit kinds).
// Node values are finding indices (group-local while a builder fills them),
// always below kStoredBit. num is the path number, the N of ap-N (1-based),
// set at numbering.
struct PathRec {
  uint32_t n0, n1, n2, num;

  static constexpr uint32_t kStoredBit = uint32_t{1} << 31;

  static constexpr PathRec pair(uint32_t a, uint32_t b) noexcept { return {a, b, kNoNode, 0}; }
  static constexpr PathRec triple(uint32_t a, uint32_t b, uint32_t c) noexcept {
    return {a, b, c, 0};
  }
  bool is_stored() const noexcept { return (n1 & kStoredBit) != 0; }
  // Nodes of an inline record.
  uint32_t inline_size() const noexcept { return n2 == kNoNode ? 2 : 3; }
};
static_assert(sizeof(PathRec) == 16);

// The largest finding index a record can hold.
inline constexpr uint32_t kMaxFindingIndex = PathRec::kStoredBit - 1;

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

// Chains with explicit edge kinds. A stored record keeps a chain's first
// and last findings itself; its entry here is the chain's edge kinds, two
// 16-bit kinds per 32-bit word, then its middle findings, one word each. A
// stored path thus costs 16 bytes for the record plus 4 × (len / 2 + len -
// 2): 20, 24, 32 and 36 bytes for 1 to 4 hops. The record's n1 holds
// kStoredBit, len - 2 (2 bits) and the entry's word offset (29 bits).
class ChainStore {
 public:
  // Words a store may hold: the offset's 29 bits.
  static constexpr size_t kMaxWords = size_t{1} << 29;

  // Appends the chain `nodes` (2..kMaxChainNodes findings, each at most
  // kMaxFindingIndex) whose edge i joins nodes[i] and nodes[i + 1] with kind
  // edges[i] (edges.size() == nodes.size() - 1) and returns the stored-form
  // record naming it (num 0). Throws std::invalid_argument for other sizes,
  // std::length_error when the store outgrows kMaxWords.
  PathRec add(std::span<const uint32_t> nodes, std::span<const EdgeKindId> edges);

  // The number of findings of stored record r.
  static uint32_t size(const PathRec& r) noexcept { return ((r.n1 >> 29) & 3u) + 2; }
  // Finding k of stored record r (0 <= k < size(r)).
  uint32_t node(const PathRec& r, uint32_t k) const noexcept {
    const uint32_t len = size(r);
    if (k == 0) return r.n0;
    if (k == len - 1) return r.n2;
    return words_[offset(r) + len / 2 + (k - 1)];
  }
  // Kind of edge i of r (0 <= i < size(r) - 1).
  EdgeKindId edge(const PathRec& r, uint32_t i) const noexcept {
    return static_cast<EdgeKindId>(words_[offset(r) + i / 2] >> (16 * (i % 2)));
  }
  // Applies f to every finding of stored record r, in place (the first and
  // last in r, the middle ones in the store).
  template <typename F>
  void map_nodes(PathRec& r, const F& f) noexcept {
    const uint32_t len = size(r);
    r.n0 = f(r.n0);
    uint32_t* middle = words_.data() + offset(r) + len / 2;
    for (uint32_t k = 0; k + 2 < len; ++k) middle[k] = f(middle[k]);
    r.n2 = f(r.n2);
  }
  // r's record once its store was appended to another at word `offset`.
  static PathRec moved(PathRec r, uint32_t offset) noexcept {
    r.n1 += offset;
    return r;
  }

  bool empty() const noexcept { return words_.empty(); }
  size_t word_count() const noexcept { return words_.size(); }
  void reserve_words(size_t n) { words_.reserve(n); }
  // Appends every chain of other; records naming them become moved(r,
  // returned offset). Throws std::length_error past kMaxWords.
  uint32_t append(const ChainStore& other);
  size_t memory_bytes() const noexcept { return words_.capacity() * sizeof(uint32_t); }

 private:
  static uint32_t offset(const PathRec& r) noexcept { return r.n1 & ((uint32_t{1} << 29) - 1); }

  std::vector<uint32_t> words_;
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
