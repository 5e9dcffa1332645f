// The heuristic engine's chain builder (docs/algorithms.md, "Heuristic
// engine", steps 2–5): for one account group, the entry × target chains of
// 2 or 3 findings, then the lateral pairs, as inline 16-byte records.
#pragma once

#include <cstdint>
#include <span>

#include "engine/chains.hpp"
#include "model/findings.hpp"

namespace aegis::engine {

// The chains of the group whose findings are doc.findings[members[x]], in
// generation order, with group-local node indices x. Runs its entry chunks
// in parallel (in the caller's task arena). Throws std::bad_alloc.
GroupChains heuristic_chains(const model::FindingsDoc& doc, std::span<const uint32_t> members);

}  // namespace aegis::engine
