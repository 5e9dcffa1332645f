// Per-finding facts the engines read (docs/algorithms.md, "Heuristic
// engine" and "Graph mode"): severity rank, role (entry / target /
// intermediate) and the edge-type flags. The heuristic engine compares
// exactly (ASCII-lower-casing resource_type only); graph mode compares under
// Go's Unicode case mapping (engine/go_case.hpp).
#pragma once

#include <cstdint>
#include <string_view>

#include "model/findings.hpp"

namespace aegis::engine {

enum class Role : uint8_t { kEntry, kTarget, kIntermediate };

// CRITICAL 4, HIGH 3, MEDIUM 2, LOW 1, anything else 0 (exact, case-sensitive).
uint8_t severity_rank(std::string_view severity) noexcept;

// The severity string a path of the given rank (1..4) reports.
std::string_view severity_name(uint8_t rank) noexcept;

// True when ASCII-lower-cased s equals lower (which is already lower case).
bool ascii_iequals(std::string_view s, std::string_view lower) noexcept;

// docs/algorithms.md, "Heuristic engine", step 2: first rule wins.
Role classify(const model::Finding& f) noexcept;

// Edge-type inputs (docs/algorithms.md, "The path object").
enum : uint8_t {
  kFlagDataTarget = 1,  // lower(resource_type) in {storage, database, secret}
  kFlagIdentity = 2,    // category == "IDENTITY"
  kFlagNetwork = 4,     // category == "NETWORK"
};
uint8_t edge_flags(const model::Finding& f) noexcept;

// Whether a path whose severity is this finding's counts as critical_paths
// or high_paths in the stats: the exact strings only, in both engines
// (docs/algorithms.md, "Graph mode", step 10).
enum : uint8_t {
  kFlagSeverityCritical = 8,  // severity == "CRITICAL"
  kFlagSeverityHigh = 16,     // severity == "HIGH"
};
uint8_t severity_flags(std::string_view severity) noexcept;

// How a rule compares strings: the heuristic engine's exact comparisons, or
// graph mode's Go case mapping.
enum class CaseRule : uint8_t { kExact, kGoCaseMapping };

// Graph mode, steps 2 and 3: rank on upper(severity), and the heuristic
// classification with upper(category), upper(severity), lower(resource_type).
uint8_t graph_severity_rank(std::string_view severity) noexcept;
Role graph_classify(const model::Finding& f) noexcept;
// The edge-type inputs of graph mode's fallback rule (consecutive chain
// findings on resources no edge links): lower(resource_type),
// upper(category).
uint8_t graph_edge_flags(const model::Finding& f) noexcept;

inline uint8_t severity_rank(std::string_view severity, CaseRule rule) noexcept {
  return rule == CaseRule::kExact ? severity_rank(severity) : graph_severity_rank(severity);
}
inline uint8_t edge_flags(const model::Finding& f, CaseRule rule) noexcept {
  return rule == CaseRule::kExact ? edge_flags(f) : graph_edge_flags(f);
}

}  // namespace aegis::engine
