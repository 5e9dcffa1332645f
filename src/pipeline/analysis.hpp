// A findings document decoded once, with its attack paths computed: the
// first thing every front end builds (the one-shot compute call streams it
// out; a store keeps it and answers queries from it). Immutable once open.
#pragma once

#include <memory>
#include <optional>
#include <string_view>

#include "common/status.hpp"
#include "engine/attack_paths.hpp"
#include "model/findings.hpp"
#include "model/resource_graph.hpp"
#include "pipeline/options.hpp"

namespace aegis::pipeline {

class Analysis {
  struct Key {  // lets only open() construct one, through make_unique
    explicit Key() = default;
  };

 public:
  explicit Analysis(Key) {}
  Analysis(const Analysis&) = delete;
  Analysis& operator=(const Analysis&) = delete;

  // Decodes json (the analysis keeps what it needs: json may be freed
  // afterwards), fills the integrity hashes when opts asks, and computes the
  // attack paths under opts' path cap: in graph mode when opts.edges is set
  // (findings errors are reported before edge-document errors); stop is the
  // call's deadline and cancellation. Throws std::bad_alloc,
  // std::length_error, common::StatusError (stopped). options() keeps opts
  // without what belongs to the call alone (timeout_ms, cancel, edges).
  static common::Error open(std::string_view json, const Options& opts,
                            const common::StopToken& stop, std::unique_ptr<Analysis>& out);

  const model::FindingsDoc& doc() const noexcept { return doc_; }
  const engine::AttackPaths& paths() const noexcept { return *paths_; }
  // The options it was opened with, the edge document's view cleared.
  const Options& options() const noexcept { return opts_; }

  // Graph mode only: the findings' resources and the edge document's graph
  // over them (null in heuristic mode).
  bool graph_mode() const noexcept { return graph_ != nullptr; }
  const model::ResourceIndex& resources() const noexcept { return *resources_; }
  const model::ResourceGraph* graph() const noexcept { return graph_.get(); }

 private:
  common::Error open_graph(std::string_view edges, const common::StopToken& stop);

  Options opts_;
  model::FindingsDoc doc_;
  std::unique_ptr<model::ResourceIndex> resources_;  // views doc_
  std::unique_ptr<model::ResourceGraph> graph_;
  std::optional<engine::AttackPaths> paths_;  // refers to doc_, which never moves
};

}  // namespace aegis::pipeline
