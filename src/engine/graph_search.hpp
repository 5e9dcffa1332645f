// Graph mode's search (docs/algorithms.md, "The search, precisely"), one
// full search per source instead of one per (source, target) pair: the
// search is deterministic and stops at the target's first discovery, so the
// parents found up to then are those of the full search, and one search
// from s gives the chain to every target ("One search per source gives the
// same chains").
//
// Two implementations, chosen per group:
//  - ResourceSearch, when no id repeats in the group: identity by id is
//    then identity by finding, and connect() depends only on resources, so
//    the search runs over resources. Expanding a finding on resource R
//    visits every unvisited finding on R's neighbours at once, so each
//    resource is expanded once, by its first finding in the queue, and a
//    batch of newly visited resources enters the queue in order of their
//    first findings — ascending local resource number, since resources are
//    numbered by first appearance. The source's resource keeps its other
//    findings unvisited until its first neighbour (the smallest, all being
//    at depth 1) is expanded: they hang under that neighbour at depth 2.
//    The search therefore depends only on the source's resource.
//  - IdSearch, when ids repeat: the literal search over ids, with by_id =
//    the last record of each id and the source overriding its own, still
//    once per source and still resource-level where that is exact (a
//    resource once hit has every id on it visited).
#pragma once

#include <cstdint>
#include <vector>

#include "engine/chains.hpp"
#include "engine/graph_group.hpp"

namespace aegis::engine {

inline constexpr uint32_t kMaxHops = kMaxChainNodes - 1;

// A chain of 2..5 findings (group-local x) and the kinds of its edges.
struct GraphChain {
  uint32_t len = 0;
  uint32_t nodes[kMaxChainNodes];
  EdgeKindId kinds[kMaxChainNodes - 1];
};

class ResourceSearch {
 public:
  explicit ResourceSearch(const GraphGroup& g);
  // Searches from resource source (skipped when it is the last one run).
  void run(uint32_t source);
  // The chain from finding s (on the source resource) to finding t != s;
  // false when there is none.
  bool chain(uint32_t s, uint32_t t, GraphChain& out);

 private:
  bool visited(uint32_t r) const noexcept { return (visited_[r / 64] >> (r % 64)) & 1; }
  // Word w of the visited set when every resource of it is visited.
  uint64_t full_word(uint32_t w) const noexcept {
    const uint32_t rest = g_.resources - w * 64;
    return rest >= 64 ? ~uint64_t{0} : (uint64_t{1} << rest) - 1;
  }
  EdgeKindId kind_into(uint32_t r);  // kind of the link parent(r) -> r

  const GraphGroup& g_;
  uint32_t source_ = kNoNode;
  uint32_t first_neighbor_ = kNoNode;  // the source's smallest neighbour
  std::vector<uint64_t> visited_;
  std::vector<uint8_t> depth_;
  std::vector<uint32_t> parent_;
  std::vector<uint32_t> queue_;
  std::vector<uint32_t> open_words_;  // bitset mode: words with unvisited resources
  std::vector<EdgeKindId> kind_into_;  // memo per search, kNoKind = not yet looked up
  std::vector<uint32_t> touched_kinds_;
};

class IdSearch {
 public:
  IdSearch(const GraphGroup& g, const FallbackKinds& fallback);
  // Searches from finding s.
  void run(uint32_t s);
  // The chain from the last source to finding t; false when t has the
  // source's id or was not reached.
  bool chain(uint32_t t, GraphChain& out) const;

 private:
  const GraphGroup& g_;
  FallbackKinds fallback_;
  uint32_t source_ = kNoNode;
  uint32_t stamp_ = 0;
  std::vector<uint32_t> visited_at_, parent_;  // per local id
  std::vector<uint8_t> depth_;
  std::vector<uint32_t> hit_at_, expanded_at_;  // per local resource
  std::vector<uint32_t> queue_, batch_;
};

}  // namespace aegis::engine
