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
// other, each chain passing the run's fingerprint set in generation order
// (a dropped chain adds nothing to IN, which matters when ids hold "->").
// The output is the same for any thread count.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "common/stop.hpp"
#include "engine/account_groups.hpp"
#include "engine/chain_units.hpp"
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

// A unit's chains are a UnitChains (engine/chain_units.hpp); every record
// graph mode makes is in stored form.

// Graph mode's work as ordered units, for a driver that runs them in
// waves (graph_chains() below is the plain one; a driver with a path cap or
// a deadline can run them the same way):
//  - unit_count() units, generation order; group_of(u) non-decreasing;
//  - an entry unit (is_lateral(u) false) depends on nothing and may run at
//    any time, in parallel with anything;
//  - the lateral unit of a group reads the IN set as every earlier unit
//    left it once admitted: the group's own earlier units only, or, when
//    ordered() (ids shared between groups, repeated inside one, or holding
//    "->"), every earlier unit of the run;
//  - admit(u) runs once per unit, in generation order, after it ran and
//    before any later lateral unit runs: it applies the fingerprint set
//    (when ordered(): it may drop chains) and adds the kept chains' ids to
//    IN. A lateral unit dedups and fills IN as it goes, so its admit keeps
//    everything.
// A group's search tables are built on first use (thread-safe) and freed by
// release(g) once its lateral unit is admitted.
class GraphChainUnits {
 public:
  // Throws std::length_error when graph has more than kMaxGraphEdgeTypes
  // types, std::bad_alloc.
  GraphChainUnits(const model::FindingsDoc& doc, std::span<const AccountGroup> groups,
                  const model::ResourceIndex& resources, const model::ResourceGraph& graph,
                  GraphSearch search = GraphSearch::kAuto);
  ~GraphChainUnits();

  size_t unit_count() const noexcept { return unit_group_.size(); }
  size_t group_of(size_t u) const noexcept { return unit_group_[u]; }
  bool is_lateral(size_t u) const noexcept { return u + 1 == unit_count() || group_of(u + 1) != group_of(u); }
  bool ordered() const noexcept { return ordered_; }

  // Appends unit u's chains to out: all of them, or the first `budget` in
  // generation order (entry units; a lateral unit always runs whole, its
  // chains depending on each other). Returns early, with an incomplete
  // unit, once stop asks (polled per search). Thread-safe for entry units.
  void run(size_t u, UnitChains& out, uint64_t budget = UINT64_MAX,
           const common::StopToken& stop = common::never_stop());
  void admit(size_t u, UnitChains& chains);
  void release(size_t g);

  // The run's edge kinds (the graph's types, then the fallback rule's).
  EdgeKinds take_kinds() noexcept { return std::move(kinds_); }

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::vector<uint32_t> unit_group_;
  bool ordered_ = false;
  EdgeKinds kinds_;
};

struct GraphChains {
  std::vector<GroupChains> groups;  // one per AccountGroup, node indices group-local
  EdgeKinds kinds;
  bool truncated = false;  // max_paths was reached and more chains existed
};

// Every chain of graph mode, or with max_paths > 0 the first max_paths in
// generation order. Uncapped: the units of GraphChainUnits, groups in
// parallel unless ordered(), each group's entry units in parallel. Capped:
// the same units through build_chains (engine/chain_units.hpp), so that
// chains past the cap are never built. Runs in the caller's task arena.
// Throws as GraphChainUnits, and common::StatusError when stop asks.
GraphChains graph_chains(const model::FindingsDoc& doc, std::span<const AccountGroup> groups,
                         const model::ResourceIndex& resources, const model::ResourceGraph& graph,
                         GraphSearch search = GraphSearch::kAuto, uint64_t max_paths = 0,
                         const common::StopToken& stop = common::never_stop());

// The label of an edge type (docs/algorithms.md, "Graph mode", step 9):
// "same region" for same_region, …; any other type labels itself.
std::string_view edge_type_label(std::string_view type) noexcept;

}  // namespace aegis::engine
