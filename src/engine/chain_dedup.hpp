// An optional shared step between a chain builder and the assembly: drop
// every chain whose sequence of finding ids an earlier chain already has,
// earlier meaning an earlier group or earlier in the same group's generation
// order (graph mode's dedup, docs/algorithms.md, "Graph mode"). A dropped
// chain's ids are those of the chain it repeats, so a builder's own set of
// ids on chains is the same with or without this step.
#pragma once

#include <span>

#include "engine/account_groups.hpp"
#include "engine/chains.hpp"
#include "model/findings.hpp"

namespace aegis::engine {

enum class ChainDedup {
  kNone,          // every chain is a path (the heuristic engine)
  kByIdSequence,  // a repeated id sequence is dropped before numbering
};

// Drops the repeated chains of chains[g] (the chains of groups[g]), groups
// in order. Runs sequentially. A dropped stored chain stays in its
// ChainStore, unnamed.
void drop_repeated_chains(const model::FindingsDoc& doc, std::span<const AccountGroup> groups,
                          std::span<GroupChains> chains);

}  // namespace aegis::engine
