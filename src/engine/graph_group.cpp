#include "engine/graph_group.hpp"

#include <algorithm>
#include <bit>
#include <string_view>
#include <unordered_map>

#include "engine/classify.hpp"

namespace aegis::engine {
namespace {

// Bitset rows when a row of bits is no longer than the average list and
// the table stays small: a search then visits whole regions a word at a time.
bool use_bitsets(uint32_t resources, size_t links) noexcept {
  if (resources == 0 || resources > 32768) return false;
  const size_t words = (resources + 63) / 64;
  return words <= std::max<size_t>(1, links / resources);
}

// Connected components (a search over the bitset rows: each resource is
// expanded once, a row read a word at a time), numbered in order of their
// first resource, with a member bitset for each of 2+ resources.
void build_components(GraphGroup& g) {
  const uint32_t words = g.words;
  g.component.assign(g.resources, kNoNode);
  std::vector<uint64_t> assigned(words, 0);
  std::vector<uint32_t> stack, size;
  for (uint32_t start = 0; start < g.resources; ++start) {
    if (g.component[start] != kNoNode) continue;
    const auto c = static_cast<uint32_t>(size.size());
    size.push_back(1);
    g.component[start] = c;
    assigned[start / 64] |= uint64_t{1} << (start % 64);
    stack.assign(1, start);
    while (!stack.empty()) {
      const uint64_t* row = g.row(stack.back());
      stack.pop_back();
      for (uint32_t w = 0; w < words; ++w) {
        uint64_t fresh = row[w] & ~assigned[w];
        assigned[w] |= fresh;
        for (; fresh != 0; fresh &= fresh - 1) {
          const uint32_t r = w * 64 + static_cast<uint32_t>(std::countr_zero(fresh));
          g.component[r] = c;
          ++size[c];
          stack.push_back(r);
        }
      }
    }
  }
  g.component_offset.assign(size.size(), kNoComponentBits);
  for (size_t c = 0; c < size.size(); ++c) {
    if (size[c] < 2) continue;
    g.component_offset[c] = g.component_bits.size();
    g.component_bits.resize(g.component_bits.size() + words, 0);
  }
  for (uint32_t r = 0; r < g.resources; ++r) {
    const uint64_t at = g.component_offset[g.component[r]];
    if (at != kNoComponentBits) g.component_bits[at + r / 64] |= uint64_t{1} << (r % 64);
  }
}

void build_adjacency(GraphGroup& g, std::span<const uint32_t> res_global,
                     const model::ResourceGraph& graph, const std::vector<uint32_t>& local_of) {
  g.adj_offsets.assign(size_t{g.resources} + 1, 0);
  for (uint32_t r = 0; r < g.resources; ++r) {
    const size_t row_begin = g.adj.size();
    bool sorted = true;
    for (const model::Neighbor& nb : graph.neighbors(res_global[r])) {
      const uint32_t local = local_of[nb.resource];
      if (local == kNoNode) continue;  // a resource of another account only
      if (g.adj.size() > row_begin && g.adj.back().resource > local) sorted = false;
      g.adj.push_back(LocalNeighbor{local, static_cast<EdgeKindId>(nb.type)});
    }
    // Local numbers follow first appearance in the group, global ones first
    // appearance in the document: the same order unless a resource id also
    // appears in an earlier account.
    if (!sorted) {
      std::sort(g.adj.begin() + static_cast<std::ptrdiff_t>(row_begin), g.adj.end(),
                [](const LocalNeighbor& a, const LocalNeighbor& b) { return a.resource < b.resource; });
    }
    g.adj_offsets[r + 1] = g.adj.size();
  }
  if (!use_bitsets(g.resources, g.adj.size())) return;
  g.words = (g.resources + 63) / 64;
  g.bits.assign(size_t{g.resources} * g.words, 0);
  for (uint32_t r = 0; r < g.resources; ++r) {
    uint64_t* row = g.bits.data() + size_t{r} * g.words;
    for (const LocalNeighbor& nb : g.neighbors(r)) row[nb.resource / 64] |= uint64_t{1} << (nb.resource % 64);
  }
  build_components(g);
}

// The exact search's tables (ids repeat in the group).
void build_id_tables(GraphGroup& g, const model::FindingsDoc& doc, std::span<const uint32_t> members,
                     std::span<const uint32_t> res_global, const model::ResourceGraph& graph) {
  g.fid.resize(g.size);
  std::unordered_map<std::string_view, uint32_t> ids;
  for (uint32_t x = 0; x < g.size; ++x) {
    auto [it, inserted] = ids.try_emplace(doc.findings[members[x]].id, static_cast<uint32_t>(ids.size()));
    if (inserted) g.last.push_back(x);
    g.fid[x] = it->second;
    g.last[it->second] = x;  // the last record wins
  }
  g.rec_offsets.assign(size_t{g.resources} + 1, 0);
  for (uint32_t x = 0; x < g.size; ++x) ++g.rec_offsets[g.res[x] + 1];
  for (uint32_t r = 0; r < g.resources; ++r) g.rec_offsets[r + 1] += g.rec_offsets[r];
  g.recs.resize(g.size);
  std::vector<uint32_t> next(g.rec_offsets.begin(), g.rec_offsets.end() - 1);
  for (uint32_t x = 0; x < g.size; ++x) g.recs[next[g.res[x]]++] = x;
  g.self_kind.resize(g.resources);
  for (uint32_t r = 0; r < g.resources; ++r) {
    const model::EdgeTypeId t = graph.type_between(res_global[r], res_global[r]);
    g.self_kind[r] = t == model::kNoEdgeType ? kNoKind : static_cast<EdgeKindId>(t);
  }
}

}  // namespace

EdgeKindId GraphGroup::kind_between(uint32_t a, uint32_t b) const noexcept {
  const auto row = neighbors(a);
  const auto it = std::lower_bound(row.begin(), row.end(), b,
                                   [](const LocalNeighbor& n, uint32_t v) { return n.resource < v; });
  return it != row.end() && it->resource == b ? it->kind : kNoKind;
}

EdgeKindId GraphGroup::chain_edge_kind(uint32_t x, uint32_t y, const FallbackKinds& fb) const noexcept {
  const uint32_t a = res[x], b = res[y];
  const EdgeKindId linked = a == b ? (self_kind.empty() ? kNoKind : self_kind[a]) : kind_between(a, b);
  if (linked != kNoKind) return linked;
  // The heuristic edge rule on Go-cased fields (docs/algorithms.md, "Graph
  // mode", step 9).
  const uint8_t from = edge_flags[x], to = edge_flags[y];
  if (to & kFlagDataTarget) return fb.data_access;
  if ((from | to) & kFlagIdentity) return fb.iam_trust;
  if ((from | to) & kFlagNetwork) return fb.network;
  return fb.lateral;
}

GraphGroup build_graph_group(const model::FindingsDoc& doc, std::span<const uint32_t> members,
                             bool repeated_ids, const model::ResourceIndex& resources,
                             const model::ResourceGraph& graph, GroupScratch& scratch) {
  GraphGroup g;
  g.size = static_cast<uint32_t>(members.size());
  g.repeated_ids = repeated_ids;
  auto& local_of = scratch.local_of;
  if (local_of.size() != resources.size()) local_of.assign(resources.size(), kNoNode);
  std::vector<uint32_t> res_global;
  g.res.resize(g.size);
  g.rank.resize(g.size);
  g.edge_flags.resize(g.size);
  for (uint32_t x = 0; x < g.size; ++x) {
    const model::Finding& f = doc.findings[members[x]];
    const uint32_t global = resources.of_finding(members[x]);
    uint32_t& local = local_of[global];
    if (local == kNoNode) {
      local = g.resources++;
      res_global.push_back(global);
      g.first_rec.push_back(x);
    }
    g.res[x] = local;
    g.rank[x] = graph_severity_rank(f.severity);
    g.edge_flags[x] = graph_edge_flags(f);
    switch (graph_classify(f)) {
      case Role::kEntry: g.entries.push_back(x); break;
      case Role::kTarget: g.targets.push_back(x); break;
      case Role::kIntermediate: break;
    }
    if (g.rank[x] >= 3) g.high.push_back(x);
  }
  build_adjacency(g, res_global, graph, local_of);
  if (repeated_ids) build_id_tables(g, doc, members, res_global, graph);
  for (uint32_t global : res_global) local_of[global] = kNoNode;  // the scratch is clean again
  return g;
}

}  // namespace aegis::engine
