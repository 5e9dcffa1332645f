// Graph mode's dedup (docs/algorithms.md, "Graph mode", step 7): a chain
// whose fingerprint — its finding ids joined by "->" — an earlier chain
// already has is dropped, earlier meaning an earlier group or earlier in the
// same group's generation order. Because the fingerprint is the joined
// string, ["a->b", "c"] repeats ["a", "b->c"]. ChainFingerprints is the seen
// set; drop_repeated_chains applies it as a step between a builder and the
// assembly. When no finding id contains "->", a dropped chain's ids are those
// of the chain it repeats, so the ids on kept chains are the ids on all
// chains; otherwise they are not, and a builder whose later chains depend on
// those ids (graph mode's IN set) applies the set itself, in order.
#pragma once

#include <memory>
#include <span>

#include "engine/account_groups.hpp"
#include "engine/chains.hpp"
#include "model/findings.hpp"

namespace aegis::engine {

enum class ChainDedup {
  kNone,          // every chain is a path (the heuristic engine)
  kByIdSequence,  // a repeated fingerprint is dropped before numbering
};

// The fingerprints seen so far.
class ChainFingerprints {
 public:
  ChainFingerprints();
  ~ChainFingerprints();
  ChainFingerprints(ChainFingerprints&&) noexcept;
  ChainFingerprints& operator=(ChainFingerprints&&) noexcept;

  // Records the fingerprint of r (node indices local to members; stored
  // chains in `stored`); false when it was already seen. The id strings
  // must outlive the set.
  bool insert(const PathRec& r, const ChainStore& stored, const model::FindingsDoc& doc,
              std::span<const uint32_t> members);
  // The same for the chain of findings doc.findings[members[x]], x in nodes.
  bool insert(std::span<const uint32_t> nodes, const model::FindingsDoc& doc,
              std::span<const uint32_t> members);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Drops the repeated chains of chains[g] (the chains of groups[g]), groups
// in order. Runs sequentially. A dropped stored chain stays in its
// ChainStore, unnamed.
void drop_repeated_chains(const model::FindingsDoc& doc, std::span<const AccountGroup> groups,
                          std::span<GroupChains> chains);

}  // namespace aegis::engine
