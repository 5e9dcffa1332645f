// The stats object of a result (docs/algorithms.md, "Stats"), from what the
// groups' summaries counted, and its JSON.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>


namespace aegis::engine {

struct AttackPathStats {
  uint64_t total_findings = 0, findings_in_paths = 0, isolated_findings = 0;
  double coverage_percent = 0;
  uint64_t total_paths = 0, critical_paths = 0, high_paths = 0, medium_paths = 0;
  // The first node's provider -> paths; a std::map writes its keys in byte
  // order, as Go sorts map keys.
  std::map<std::string, uint64_t, std::less<>> by_provider;
  // A path cap cut the chains short: written as a last key,
  // "truncated":true, and absent otherwise (docs/algorithms.md, "Limits and
  // truncation").
  bool truncated = false;
};

// Fills every count but by_provider. findings_in_paths counts distinct
// finding ids; critical_paths and high_paths are the paths whose severity
// is exactly "CRITICAL" / "HIGH" (the rest are medium_paths).
AttackPathStats count_stats(uint64_t total_findings, uint64_t findings_in_paths,
                            uint64_t total_paths, uint64_t critical_paths, uint64_t high_paths);

// {"total_findings":…,…,"by_provider":{…}}, as Go's json.Marshal writes it.
std::string stats_json(const AttackPathStats& stats);

}  // namespace aegis::engine
