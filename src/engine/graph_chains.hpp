// Graph mode's chain builder (docs/algorithms.md, "Graph mode", steps 1–7):
// per account group, the entry × target chains, then the lateral pass,
// over the resource graph of an edge document, with the run-wide dedup and
// IN set. Hands its chains to AttackPaths::from_chains like any builder.
//
// Work is cut into ordered units: per group (ascending account order), its
// entries in chunks of kEntriesPerUnit (each unit's chains in generation
// order), then one lateral unit. Entry units depend on nothing and run in
// parallel; a lateral unit needs the IN set as every earlier unit left it.
// When no id repeats inside a group, no id appears in two groups and no id
// contains "->", groups share nothing (no chain can repeat a fingerprint, IN
// is per group) and run in parallel too; otherwise groups run one after the
// other, each chain passing the run's fingerprint set in generation order.
// The output is the same for any thread count.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "engine/account_groups.hpp"
#include "engine/chains.hpp"
#include "model/findings.hpp"
#include "model/resource_graph.hpp"

namespace aegis::engine {

inline constexpr size_t kEntriesPerUnit = 8;

// The edge kinds of a run: one per graph type (EdgeKindId = type id), then
// the four of the fallback rule.
inline constexpr size_t kMaxGraphEdgeTypes = 65535 - 4;

// Which search a group uses: the resource-level one where it is exact (no
// repeated id in the group), or the id-level one everywhere (tests compare
// the two).
enum class GraphSearch { kAuto, kIdLevelOnly };

struct GraphChains {
  std::vector<GroupChains> groups;  // one per AccountGroup, node indices group-local
  EdgeKinds kinds;
  bool deduplicated = false;        // chains went through the fingerprint set
};

// The chains of groups (group_by_account(doc)) over graph, whose resources
// are those of `resources`. Runs in the caller's task arena. Throws
// std::length_error when graph has more than kMaxGraphEdgeTypes types,
// std::bad_alloc.
GraphChains graph_chains(const model::FindingsDoc& doc, std::span<const AccountGroup> groups,
                         const model::ResourceIndex& resources, const model::ResourceGraph& graph,
                         GraphSearch search = GraphSearch::kAuto);

// The label of an edge type (docs/algorithms.md, "Graph mode", step 9):
// "same region" for same_region, …; any other type labels itself.
std::string_view edge_type_label(std::string_view type) noexcept;

}  // namespace aegis::engine
