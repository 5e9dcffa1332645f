// The heuristic engine's chain builder (docs/algorithms.md, "Heuristic
// engine", steps 2–5): for each account group, the entry × target chains of
// 2 or 3 findings, then the lateral pairs, as inline 16-byte records.
#pragma once

#include <memory>
#include <span>

#include "engine/account_groups.hpp"
#include "engine/chain_units.hpp"
#include "model/findings.hpp"

namespace aegis::engine {

// The chains of every group as ordered work units for build_chains: per
// group, its entries in chunks of 8 (step 4), then its lateral pairs (step
// 5, reading the group's step 4 chains). Indexes the groups in parallel (in
// the caller's task arena). doc and groups must outlive the result. Throws
// std::bad_alloc.
std::unique_ptr<ChainUnits> heuristic_units(const model::FindingsDoc& doc,
                                            std::span<const AccountGroup> groups);

}  // namespace aegis::engine
