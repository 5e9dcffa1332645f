// The attack-path engine (docs/algorithms.md). A result is built in two
// parts: a chain builder produces the chains of every account group, and the
// shared assembly numbers them, sorts them and keeps them as compact records
// (16 bytes for a chain of 2 or 3 findings) with what their JSON needs. All
// JSON is derived from those records on demand: the whole result into one
// buffer (in parallel, disjoint ranges), one path, or the result streamed in
// chunks.
//
// compute() is the heuristic engine ("Heuristic engine"), compute_graph()
// graph mode ("Graph mode"), whose builder (engine/graph_chains.hpp) plugs
// in through from_chains(): a builder hands over its chains per group, in
// generation order, and gets the same optional dedup, numbering, sort, path
// table, stats and output.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/output_buffer.hpp"
#include "engine/account_groups.hpp"
#include "engine/chain_dedup.hpp"
#include "engine/chains.hpp"
#include "engine/classify.hpp"
#include "engine/options.hpp"
#include "engine/path_stats.hpp"
#include "engine/result_json.hpp"
#include "model/findings.hpp"
#include "model/resource_graph.hpp"

namespace aegis::engine {

class AttackPaths {
 public:
  // The heuristic engine, with opts' path cap and stop token (chains built
  // as ordered units, engine/chain_units.hpp). Keeps a reference to doc: doc
  // must outlive the result. Throws std::bad_alloc, std::length_error past
  // 2^32-2 paths, common::StatusError when opts.stop asks to stop.
  static AttackPaths compute(const model::FindingsDoc& doc, const Options& opts);

  // Graph mode (docs/algorithms.md, "Graph mode") over graph, whose
  // resources are those of `resources` (both built from doc). Keeps a
  // reference to doc only. Throws as compute(), and std::length_error when
  // the graph has more edge types than paths can name (kMaxGraphEdgeTypes).
  static AttackPaths compute_graph(const model::FindingsDoc& doc,
                                   const model::ResourceIndex& resources,
                                   const model::ResourceGraph& graph, const Options& opts);

  // A result from chains another builder made: chains[g] are the chains of
  // groups[g] (groups as group_by_account(doc) returns them), node indices
  // group-local; stored chains name edge kinds of `kinds`; dedup says
  // whether repeated chains are dropped first (engine/chain_dedup.hpp);
  // truncated marks chains that a path cap cut short (build_chains), so the
  // stats end with "truncated":true; case_rule how severities rank (the
  // heuristic engine's exact words, or graph mode's Go case mapping). Same
  // lifetime rule and exceptions as
  // compute().
  static AttackPaths from_chains(const model::FindingsDoc& doc,
                                 std::span<const AccountGroup> groups,
                                 std::vector<GroupChains> chains, EdgeKinds kinds,
                                 ChainDedup dedup, CaseRule case_rule, const Options& opts,
                                 bool truncated = false);

  AttackPaths(AttackPaths&&) noexcept;
  AttackPaths& operator=(AttackPaths&&) noexcept;
  ~AttackPaths();

  size_t path_count() const noexcept;
  const AttackPathStats& stats() const noexcept;

  // Memory the result holds, in bytes of container capacity (allocator
  // overhead not counted): what grows with the number of paths (the 16-byte
  // records and any stored chains), and what grows with the findings (their
  // escaped texts, tactic tables, stats).
  struct Memory {
    size_t per_path_bytes = 0, per_finding_bytes = 0;
  };
  Memory memory() const noexcept;

  // The whole result {"paths":[...],"stats":{...}}: one pass measures the
  // paths, one writes them in parallel into a buffer allocated once. Throws
  // common::StatusError when the length is over opts.max_result_bytes
  // (before allocating) or opts.stop asks to stop.
  common::OutputBuffer result_json(const Options& opts) const;
  // Its exact byte length (a pass over every path).
  size_t result_json_length() const noexcept;
  // Fills exactly result_json_length() bytes at dst.
  void write_result_json(uint8_t* dst, const Options& opts) const;

  // Path i in result (sorted) order, i < path_count().
  size_t path_json_length(size_t i) const noexcept;
  void write_path_json(size_t i, uint8_t* dst) const noexcept;
  std::string path_json(size_t i) const;
  // The findings of path i (indices into doc.findings), in node order: the
  // exact records behind its nodes.
  std::vector<uint32_t> path_findings(size_t i) const;
  // "ap-007" -> its index in result order; nullopt for anything else
  // (including a non-canonical spelling such as "ap-7").
  std::optional<size_t> find_path(std::string_view path_id) const noexcept;
  // The stats object alone.
  std::string stats_json() const;

  // Calls sink with consecutive pieces of the full result (each at most about
  // kStreamChunkBytes unless one path is larger); stops and returns false as
  // soon as sink returns false. Throws common::StatusError when opts.stop
  // asks to stop (polled between pieces).
  static constexpr size_t kStreamChunkBytes = ResultJson::kStreamChunkBytes;
  bool stream_result_json(const std::function<bool(std::string_view)>& sink,
                          const Options& opts) const;

  struct Impl;

 private:
  explicit AttackPaths(std::unique_ptr<Impl> impl) noexcept;
  std::unique_ptr<Impl> impl_;
};

}  // namespace aegis::engine
