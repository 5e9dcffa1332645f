// From the chains of every account group to a numbered, sorted path table:
// the steps every chain builder shares. Each runs per group (groups in
// parallel) except where it says otherwise.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/stop.hpp"
#include "engine/chains.hpp"
#include "engine/finding_text.hpp"
#include "engine/path_order.hpp"
#include "engine/path_table.hpp"
#include "model/findings.hpp"

namespace aegis::engine {

// What the later steps need to know about one group's chains.
struct GroupSummary {
  BucketCounts buckets{};  // paths per sort bucket
  // Paths whose severity is exactly "CRITICAL" / "HIGH" (the stats' counts).
  uint64_t critical_paths = 0, high_paths = 0;
  std::unordered_map<std::string_view, uint64_t> providers;  // first node's provider -> paths
  std::vector<std::string_view> ids_on_paths;  // ids of the findings on its chains (may repeat)
};

// Builds the texts of the findings on group g's chains into texts, turns
// the chains' group-local node indices into finding indices, and counts.
// Returns early (an incomplete summary) when stop asks; the caller checks.
GroupSummary summarize_group(size_t g, const model::FindingsDoc& doc,
                             std::span<const uint32_t> members, GroupChains& chains,
                             FindingTexts& texts, const common::StopToken& stop);

// Numbers group g's paths and puts them in their sorted places in
// table.recs; its stored chains are already in table.chains, from
// chain_offset on. Frees the group's chunks.
void place_group(size_t g, const PathOrder& order, uint32_t chain_offset, GroupChains& chains,
                 PathTable& table, const common::StopToken& stop);

// The number of distinct ids over all groups (one pass, not per group).
uint64_t distinct_ids(std::span<const GroupSummary> summaries);

}  // namespace aegis::engine
