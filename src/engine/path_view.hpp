// A path as the JSON writer reads it: its number, its nodes' texts and the
// kind of each edge, resolved from a 16-byte record. The two forms of record
// (engine/chains.hpp) differ only here: an inline record's edge kinds follow
// from its findings by the heuristic rule, a stored chain's come from its
// ChainStore. Everything downstream (sort keys, JSON, lengths) sees one shape.
#pragma once

#include <cstdint>
#include <string_view>

#include "engine/chains.hpp"
#include "engine/classify.hpp"
#include "engine/finding_text.hpp"

namespace aegis::engine {

struct PathView {
  uint32_t num = 0;
  uint32_t len = 0;  // nodes, 2..kMaxChainNodes
  const FindingText* nodes[kMaxChainNodes] = {};
  const EdgeKind* edges[kMaxChainNodes - 1] = {};  // edges[i] joins nodes[i] and nodes[i + 1]

  const FindingText& first() const noexcept { return *nodes[0]; }
  const FindingText& last() const noexcept { return *nodes[len - 1]; }
};

// The heuristic edge rule (docs/algorithms.md, "The path object", edges):
// the first that applies wins.
inline constexpr EdgeKind kDataAccessEdge{"data access", "data_access"};
inline constexpr EdgeKind kIamTrustEdge{"IAM trust", "iam_trust"};
inline constexpr EdgeKind kNetworkEdge{"network access", "network_reachable"};
inline constexpr EdgeKind kLateralEdge{"lateral movement", "lateral_movement"};

inline const EdgeKind& heuristic_edge_kind(const FindingText& from,
                                           const FindingText& to) noexcept {
  if (to.flags & kFlagDataTarget) return kDataAccessEdge;
  if ((from.flags | to.flags) & kFlagIdentity) return kIamTrustEdge;
  if ((from.flags | to.flags) & kFlagNetwork) return kNetworkEdge;
  return kLateralEdge;
}

// Fills view.len and view.nodes from r (texts by finding index; chains holds
// the chain of a stored record).
inline void resolve_nodes(const PathRec& r, const FindingText* texts, const ChainStore& chains,
                          PathView& view) noexcept {
  if (!r.is_stored()) {
    view.len = r.inline_size();
    view.nodes[0] = &texts[r.n0];
    view.nodes[1] = &texts[r.n1];
    if (view.len == 3) view.nodes[2] = &texts[r.n2];
    return;
  }
  view.len = ChainStore::size(r);
  for (uint32_t i = 0; i < view.len; ++i) view.nodes[i] = &texts[chains.node(r, i)];
}

// The whole view of r; kinds names the edge kinds of stored chains.
inline PathView view_of(const PathRec& r, const FindingText* texts, const ChainStore& chains,
                        const EdgeKinds& kinds) noexcept {
  PathView v;
  v.num = r.num;
  resolve_nodes(r, texts, chains, v);
  if (r.is_stored()) {
    for (uint32_t i = 0; i + 1 < v.len; ++i) v.edges[i] = &kinds[chains.edge(r, i)];
  } else {
    for (uint32_t i = 0; i + 1 < v.len; ++i)
      v.edges[i] = &heuristic_edge_kind(*v.nodes[i], *v.nodes[i + 1]);
  }
  return v;
}

// The path's severity rank: the highest of its nodes', starting from LOW (1),
// replaced only by a strictly higher rank.
inline uint8_t path_severity_rank(const PathView& v) noexcept {
  uint8_t best = 1;
  for (uint32_t i = 0; i < v.len; ++i) best = v.nodes[i]->rank > best ? v.nodes[i]->rank : best;
  return best;
}

// The node whose severity the path reports: the first of the highest rank
// above LOW, or null when no node ranks above LOW (the path then reports
// "LOW"). Both engines: the heuristic engine's ranks 2..4 are the exact
// words, so the node's spelling is the canonical one there.
inline const FindingText* path_severity_node(const PathView& v) noexcept {
  const FindingText* best = nullptr;
  uint8_t rank = 1;
  for (uint32_t i = 0; i < v.len; ++i) {
    if (v.nodes[i]->rank > rank) {
      rank = v.nodes[i]->rank;
      best = v.nodes[i];
    }
  }
  return best;
}

// The path's severity as written (escaped).
inline std::string_view path_severity_text(const PathView& v) noexcept {
  const FindingText* n = path_severity_node(v);
  return n == nullptr ? std::string_view("LOW") : n->severity();
}

// Σ rank × 25 over the nodes, capped at 100.
inline uint32_t path_score(const PathView& v) noexcept {
  uint32_t sum = 0;
  for (uint32_t i = 0; i < v.len; ++i) sum += v.nodes[i]->rank * 25u;
  return sum > 100 ? 100 : sum;
}

}  // namespace aegis::engine
