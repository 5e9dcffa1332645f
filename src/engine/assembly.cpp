#include "engine/assembly.hpp"

#include <unordered_set>

namespace aegis::engine {
namespace {

// Which of the group's findings lie on one of its chains.
std::vector<uint8_t> mark_on_path(const GroupChains& chains, size_t group_size) {
  std::vector<uint8_t> on_path(group_size, 0);
  chains.for_each([&](const PathRec& r) {
    if (r.is_stored()) {
      for (uint32_t k = 0; k < ChainStore::size(r); ++k) on_path[chains.stored.node(r, k)] = 1;
      return;
    }
    on_path[r.n0] = 1;
    on_path[r.n1] = 1;
    if (r.n2 != kNoNode) on_path[r.n2] = 1;
  });
  return on_path;
}

// Replaces r's group-local node indices by finding indices; returns the
// local index of its first node.
uint32_t to_finding_indices(PathRec& r, ChainStore& stored, std::span<const uint32_t> members) {
  if (r.is_stored()) {
    const uint32_t first = r.n0;
    stored.map_nodes(r, [&](uint32_t x) { return members[x]; });
    return first;
  }
  const uint32_t first = r.n0;
  r.n0 = members[r.n0];
  r.n1 = members[r.n1];
  if (r.n2 != kNoNode) r.n2 = members[r.n2];
  return first;
}

}  // namespace

GroupSummary summarize_group(size_t g, const model::FindingsDoc& doc,
                             std::span<const uint32_t> members, GroupChains& chains,
                             FindingTexts& texts, const common::StopToken& stop) {
  GroupSummary out;
  const std::vector<uint8_t> on_path = mark_on_path(chains, members.size());
  texts.build_group(g, doc, members, on_path);
  for (size_t x = 0; x < members.size(); ++x) {
    if (on_path[x]) out.ids_on_paths.push_back(doc.findings[members[x]].id);
  }
  // Paths per first node, then per provider: a hash lookup per path would
  // cost more than the rest of the loop.
  std::vector<uint64_t> first_count(members.size(), 0);
  PathView v;
  for (std::vector<PathRec>& chunk : chains.chunks) {
    if (stop.stop_requested()) return out;
    for (PathRec& r : chunk) {
      ++first_count[to_finding_indices(r, chains.stored, members)];
      resolve_nodes(r, texts.data(), chains.stored, v);
      ++out.buckets[sort_bucket(v)];
      if (const FindingText* sev = path_severity_node(v)) {
        out.critical_paths += (sev->flags & kFlagSeverityCritical) != 0;
        out.high_paths += (sev->flags & kFlagSeverityHigh) != 0;
      }
    }
  }
  for (size_t x = 0; x < members.size(); ++x) {
    if (first_count[x] == 0) continue;
    out.providers[doc.findings[members[x]].cloud_provider] += first_count[x];
  }
  return out;
}

void place_group(size_t g, const PathOrder& order, uint32_t chain_offset, GroupChains& chains,
                 PathTable& table, const common::StopToken& stop) {
  BucketCounts next = order.first_slot[g];
  uint64_t num = order.first_number[g];
  PathView v;
  for (const std::vector<PathRec>& chunk : chains.chunks) {
    if (stop.stop_requested()) break;
    for (PathRec r : chunk) {
      r.num = static_cast<uint32_t>(++num);
      if (r.is_stored()) r = ChainStore::moved(r, chain_offset);
      resolve_nodes(r, table.texts, table.chains, v);
      table.recs[next[sort_bucket(v)]++] = r;
    }
  }
  std::vector<std::vector<PathRec>>().swap(chains.chunks);
}

uint64_t distinct_ids(std::span<const GroupSummary> summaries) {
  std::unordered_set<std::string_view> ids;
  for (const GroupSummary& s : summaries) ids.insert(s.ids_on_paths.begin(), s.ids_on_paths.end());
  return ids.size();
}

}  // namespace aegis::engine
