// The analysis of one attack path (the store's path_analysis query, the
// body of the server's GET /api/v1/attack-paths/{id}/analysis; the
// definition, shared with the Go store, is go/api/analysis.go):
//   {"analysis":"…","remediation_steps":[…],"risk_factors":[…],
//    "blast_radius":{"direct":N,"indirect":N,"total":N}}
// Everything is derived from the path's own finding records and, for the
// blast radius, from the document's findings and edge graph; nothing is
// canned.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "engine/classify.hpp"
#include "model/findings.hpp"
#include "model/resource_graph.hpp"

namespace aegis::store {

// The cap of blast_radius.indirect.
inline constexpr uint64_t kMaxBlastRadiusIndirect = 1000;

struct BlastRadius {
  uint64_t direct = 0, indirect = 0;
};

// What the blast radius needs of the whole document: in graph mode the
// resource graph (resources within 2 edges of the path's), in heuristic mode
// the distinct resources of each (account_id, region). Immutable once built;
// views the document's strings.
class Neighbourhood {
 public:
  // Graph mode: resources and graph as the analysis holds them.
  Neighbourhood(const model::ResourceIndex& resources, const model::ResourceGraph& graph) noexcept
      : resources_(&resources), graph_(&graph) {}
  // Heuristic mode: indexes doc's resources by place.
  explicit Neighbourhood(const model::FindingsDoc& doc);

  // The blast radius of the chain of findings `records` (indices into doc).
  BlastRadius blast_radius(const model::FindingsDoc& doc, std::span<const uint32_t> records) const;

 private:
  struct PlaceHash {
    size_t operator()(const std::pair<std::string_view, std::string_view>& p) const noexcept;
  };

  const model::ResourceIndex* resources_ = nullptr;
  const model::ResourceGraph* graph_ = nullptr;  // null in heuristic mode
  model::ResourceIndex own_resources_;           // heuristic mode
  std::unordered_map<std::pair<std::string_view, std::string_view>, std::vector<uint32_t>,
                     PlaceHash>
      by_place_;
};

// The analysis JSON of the path whose findings are `records` (node order),
// ranked under `rule` (the engine's).
std::string path_analysis_json(const model::FindingsDoc& doc, std::span<const uint32_t> records,
                               engine::CaseRule rule, const Neighbourhood& near);

}  // namespace aegis::store
