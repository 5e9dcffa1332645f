// Per-finding facts the heuristic engine reads (docs/algorithms.md,
// "Heuristic engine"): severity rank, role (entry / target / intermediate)
// and the edge-type flags.
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

}  // namespace aegis::engine
