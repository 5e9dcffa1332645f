// Chain building as ordered work units, so that a path cap bounds memory and
// a deadline or cancellation stops it promptly, for any chain builder.
//
// A builder cuts its work into units listed in generation order (the order
// that numbers the chains, docs/algorithms.md, "Heuristic engine", step 6):
// the heuristic engine's units are its groups' chunks of entries (step 4),
// each group's lateral step (step 5) after them. build_chains() runs the units
// in waves of consecutive units, in parallel inside a wave, and after each wave
// counts the chains of the prefix in order:
//  - without a cap, all units form one wave (as fast as building per group);
//  - with max_paths, waves are a few units each; every unit is told how many
//    chains can still matter (the cap minus the prefix kept so far, plus one to
//    see that the cap is passed) and stops there; after the wave the driver
//    keeps the exact prefix, cuts the unit where the cap falls and builds no
//    later unit. Memory stays at the cap plus one wave's chains, never the
//    uncapped result;
//  - the stop token is polled between waves and by the units themselves.
//
// Dependencies between units: a unit may read the chains of its group's
// earlier units (the lateral step needs the ids already on chains), or of
// every earlier unit (graph mode's lateral step reads IN across groups,
// docs/algorithms.md, "Graph mode"); the driver runs such units only after
// those are finished, admitted and counted. admit() runs once per unit, in
// generation order, before counting: the place for a per-unit dedup step
// (graph mode drops repeated chains there, so only kept chains count).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "common/stop.hpp"
#include "engine/chains.hpp"

namespace aegis::engine {

// One unit's chains, generation order, node indices group-local.
struct UnitChains {
  std::vector<PathRec> recs;
  ChainStore stored;  // what stored-form records of recs name
};

enum class UnitNeeds : uint8_t {
  kNothing,            // may run at once, in parallel with anything
  kEarlierOfGroup,     // reads the chains of its group's earlier units
  kEverythingEarlier,  // reads what every earlier unit produced and admit() kept
};

// What a unit may read while it runs.
struct UnitContext {
  // The chains of the group's earlier units, in order (kEarlierOfGroup and
  // kEverythingEarlier units only; empty otherwise).
  std::span<const UnitChains> group_so_far;
  // The unit may stop after this many chains: later ones cannot be kept.
  uint64_t budget = UINT64_MAX;
  const common::StopToken* stop = nullptr;  // poll every few thousand steps
};

class ChainUnits {
 public:
  virtual ~ChainUnits() = default;
  virtual size_t unit_count() const = 0;
  // The group of unit u (groups[g] of the builder; non-decreasing in u).
  virtual size_t group_of(size_t u) const = 0;
  virtual UnitNeeds needs(size_t u) const = 0;
  // Appends unit u's chains to out, in generation order: all of them, or at
  // least min(all, ctx.budget), stopping early when ctx.stop asks (the call
  // then fails, so what was written does not matter). Runs in parallel with
  // other units; must not throw except std::bad_alloc.
  virtual void run(size_t u, const UnitContext& ctx, UnitChains& out) const = 0;
  // Called once per finished unit, in generation order, before its chains
  // are counted; may drop chains (a dedup step). Sequential.
  virtual void admit(size_t /*u*/, UnitChains& /*chains*/) {}
  // True when admit() may drop chains: units then always run to the end
  // (a budget counted before the drop would cut them short).
  virtual bool admit_drops_chains() const { return false; }
};

struct BuiltChains {
  std::vector<GroupChains> groups;  // one per group, chunks in generation order
  bool truncated = false;           // max_paths was reached and more chains existed
  uint64_t chains_built = 0;        // by the units that ran, kept or not (memory's high-water mark)
  size_t units_run = 0;
};

// Runs every unit (or, with max_paths > 0, those whose chains can be among the
// first max_paths) in the caller's task arena, and gathers the kept chains per
// group (n_groups of them). Throws common::StatusError when stop asks it to
// stop, std::bad_alloc.
BuiltChains build_chains(ChainUnits& units, size_t n_groups, uint64_t max_paths,
                         const common::StopToken& stop);

}  // namespace aegis::engine
