#include "pipeline/analysis.hpp"

#include <string>

#include "decode/edge_decoder.hpp"
#include "engine/graph_chains.hpp"
#include "pipeline/input.hpp"
#include "pipeline/integrity.hpp"

namespace aegis::pipeline {

common::Error Analysis::open(std::string_view json, const Options& opts,
                             const common::StopToken& stop, std::unique_ptr<Analysis>& out) {
  auto analysis = std::make_unique<Analysis>(Key{});
  analysis->opts_ = opts;
  analysis->opts_.timeout_ms = 0;
  analysis->opts_.cancel = nullptr;
  analysis->opts_.edges.reset();  // a view of the caller's bytes: not kept
  if (common::Error e = decode_input(json, opts, analysis->doc_)) return e;
  stop.throw_if_stopped();
  if (opts.integrity_hash) fill_integrity_hashes(analysis->doc_, opts.max_threads);
  if (opts.edges) {
    if (common::Error e = analysis->open_graph(*opts.edges, stop)) return e;
  } else {
    analysis->paths_.emplace(engine::AttackPaths::compute(analysis->doc_, opts.engine(stop)));
  }
  out = std::move(analysis);
  return {};
}

// Graph mode: the edge document decoded against the findings' resources,
// then the paths over its graph.
common::Error Analysis::open_graph(std::string_view edges, const common::StopToken& stop) {
  resources_ = std::make_unique<model::ResourceIndex>(doc_);
  decode::EdgeDocument rows;
  if (common::Error e = decode::decode_edges(edges, opts_.max_edge_bytes, *resources_,
                                             opts_.max_threads, rows, stop))
    return e;
  if (rows.types.size() > engine::kMaxGraphEdgeTypes) {
    return common::make_error(AEGIS_ERR_TOO_LARGE,
                              "edges: " + std::to_string(rows.types.size()) +
                                  " distinct edge types between findings' resources, over the "
                                  "limit of " + std::to_string(engine::kMaxGraphEdgeTypes));
  }
  graph_ = std::make_unique<model::ResourceGraph>(
      model::ResourceGraph::build(resources_->size(), rows.rows, std::move(rows.types), stop));
  rows = decode::EdgeDocument{};
  stop.throw_if_stopped();
  paths_.emplace(engine::AttackPaths::compute_graph(doc_, *resources_, *graph_, opts_.engine(stop)));
  return {};
}

}  // namespace aegis::pipeline
