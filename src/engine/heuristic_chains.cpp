#include "engine/heuristic_chains.hpp"


#include <algorithm>
#include <memory>
#include <optional>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/parallel.hpp"
#include "engine/classify.hpp"
#include "engine/first_usable.hpp"

namespace aegis::engine {
namespace {

// Small dense ids for the strings of one account group.
class Interner {
 public:
  uint32_t get(std::string_view s) {
    auto [it, inserted] = map_.try_emplace(s, static_cast<uint32_t>(map_.size()));
    return it->second;
  }
  uint32_t size() const noexcept { return static_cast<uint32_t>(map_.size()); }

 private:
  std::unordered_map<std::string_view, uint32_t> map_;
};

// The intermediates of a group per region and per (region, resource type),
// each list in input order and kept as its FirstUsableTrees tree, so the
// first usable one of a list is found without scanning the group
// (docs/design.md, section 3).
class IntermediateIndex {
 public:
  using Tree = FirstUsableTrees::Tree;

  IntermediateIndex(const std::vector<uint32_t>& intermediates, const std::vector<uint32_t>& region,
                    const std::vector<uint32_t>& type, const std::vector<uint32_t>& rid,
                    const std::vector<uint32_t>& fid, uint32_t n_regions, uint32_t n_types)
      : trees_(rid, fid), by_region_(n_regions), n_types_(n_types) {
    std::vector<std::vector<uint32_t>> by_region(n_regions), rt_lists;
    std::unordered_map<uint64_t, uint32_t> rt_index;
    for (uint32_t m : intermediates) {
      by_region[region[m]].push_back(m);
      auto [it, inserted] =
          rt_index.try_emplace(key(region[m], type[m]), static_cast<uint32_t>(rt_lists.size()));
      if (inserted) rt_lists.emplace_back();
      rt_lists[it->second].push_back(m);
    }
    for (uint32_t r = 0; r < n_regions; ++r) by_region_[r] = trees_.add(by_region[r]);
    std::vector<Tree> rt_trees(rt_lists.size());
    for (size_t i = 0; i < rt_lists.size(); ++i) rt_trees[i] = trees_.add(rt_lists[i]);
    // A dense (region, type) table when small; the hash map otherwise.
    dense_ = uint64_t{n_regions} * n_types <= (uint64_t{1} << 20);
    if (dense_) {
      rt_dense_.assign(size_t{n_regions} * n_types, Tree{});
      for (const auto& [k, idx] : rt_index)
        rt_dense_[(k >> 32) * n_types_ + (k & 0xFFFFFFFFu)] = rt_trees[idx];
    } else {
      rt_map_.reserve(rt_index.size());
      for (const auto& [k, idx] : rt_index) rt_map_.emplace(k, rt_trees[idx]);
    }
  }

  const FirstUsableTrees& trees() const noexcept { return trees_; }
  Tree in_region(uint32_t r) const noexcept { return by_region_[r]; }

  // The intermediates of region r and type t (an empty tree when none).
  Tree in_region_of_type(uint32_t r, uint32_t t) const noexcept {
    if (dense_) return rt_dense_[size_t{r} * n_types_ + t];
    auto it = rt_map_.find(key(r, t));
    return it == rt_map_.end() ? Tree{} : it->second;
  }

 private:
  static uint64_t key(uint32_t r, uint32_t t) noexcept { return (uint64_t{r} << 32) | t; }

  FirstUsableTrees trees_;
  std::vector<Tree> by_region_;
  std::vector<Tree> rt_dense_;
  std::unordered_map<uint64_t, Tree> rt_map_;
  bool dense_ = false;
  uint32_t n_types_;
};

// One account group as the heuristic rules see it: per finding (group-local
// index x) its interned region, resource type, resource id and id, and its
// severity rank; the findings by role (step 2), each in input order.
class HeuristicGroup {
 public:
  // Entries per unit of step 4: unit order is the sequential order.
  static constexpr size_t kEntriesPerChunk = 8;

  // Indexes the group. Keeps references into itself: never moved.
  HeuristicGroup(const model::FindingsDoc& doc, std::span<const uint32_t> members);
  HeuristicGroup(const HeuristicGroup&) = delete;
  HeuristicGroup& operator=(const HeuristicGroup&) = delete;

  size_t entry_chunks() const noexcept {
    return (entries_.size() + kEntriesPerChunk - 1) / kEntriesPerChunk;
  }
  // Step 4 for the entries of chunk c, each against every target.
  void entry_chunk(size_t c, const UnitContext& ctx, std::vector<PathRec>& out) const;
  // Step 5, after the group's step 4 chains.
  void lateral_pairs(const UnitContext& ctx, std::vector<PathRec>& out) const;

 private:

  // Step 3.
  bool connect(uint32_t a, uint32_t b) const noexcept {
    return rid_[a] != rid_[b] && (reg_[a] == reg_[b] || typ_[a] == typ_[b]);
  }
  uint32_t first_usable(IntermediateIndex::Tree tree, uint32_t e, uint32_t t) const noexcept {
    return index_->trees().first_usable(tree, rid_[e], rid_[t], fid_[e], fid_[t]);
  }
  uint32_t first_intermediate(uint32_t e, uint32_t t) const noexcept;

  std::vector<uint32_t> reg_, typ_, rid_, fid_;
  std::vector<uint8_t> rank_;
  std::vector<uint32_t> entries_, targets_, intermediates_;
  uint32_t n_fids_ = 0;
  std::optional<IntermediateIndex> index_;
};

HeuristicGroup::HeuristicGroup(const model::FindingsDoc& doc, std::span<const uint32_t> members) {
  const size_t k = members.size();
  reg_.resize(k);
  typ_.resize(k);
  rid_.resize(k);
  fid_.resize(k);
  rank_.resize(k);
  Interner regions, types, resources, ids;
  for (uint32_t x = 0; x < k; ++x) {
    const model::Finding& f = doc.findings[members[x]];
    reg_[x] = regions.get(f.region);
    typ_[x] = types.get(f.resource_type);
    rid_[x] = resources.get(f.resource_id);
    fid_[x] = ids.get(f.id);
    rank_[x] = severity_rank(f.severity);
    switch (classify(f)) {
      case Role::kEntry: entries_.push_back(x); break;
      case Role::kTarget: targets_.push_back(x); break;
      case Role::kIntermediate: intermediates_.push_back(x); break;
    }
  }
  n_fids_ = ids.size();
  index_.emplace(intermediates_, reg_, typ_, rid_, fid_, regions.size(), types.size());
}

// Step 4's first intermediate m joining entry e and target t, or kNoNode.
// m must share a region with e or t and connect to both, so the candidates
// are the lists (e's region, t's type) and (t's region, e's type), or the
// whole region when e and t share one; each list answers in constant time.
uint32_t HeuristicGroup::first_intermediate(uint32_t e, uint32_t t) const noexcept {
  if (reg_[e] == reg_[t]) return first_usable(index_->in_region(reg_[e]), e, t);
  const uint32_t a = first_usable(index_->in_region_of_type(reg_[e], typ_[t]), e, t);
  const uint32_t b = first_usable(index_->in_region_of_type(reg_[t], typ_[e]), e, t);
  return std::min(a, b);  // kNoNode is the largest value
}

// Polls the stop token every this many pairs.
constexpr size_t kPollEvery = 4096;

void HeuristicGroup::entry_chunk(size_t c, const UnitContext& ctx,
                                 std::vector<PathRec>& out) const {
  const size_t lo = c * kEntriesPerChunk;
  const size_t hi = std::min(entries_.size(), lo + kEntriesPerChunk);
  // The chunk's most paths: address space only until written, and no
  // copies as it grows.
  out.reserve(static_cast<size_t>(
      std::min<uint64_t>(uint64_t{hi - lo} * targets_.size(), ctx.budget)));
  const bool stoppable = ctx.stop != nullptr && ctx.stop->can_stop();
  for (size_t ei = lo; ei < hi; ++ei) {
    const uint32_t e = entries_[ei];
    for (size_t ti = 0; ti < targets_.size(); ++ti) {
      const uint32_t t = targets_[ti];
      if (stoppable && ti % kPollEvery == 0 && ctx.stop->stop_requested()) return;
      if (fid_[e] == fid_[t]) continue;
      if (connect(e, t)) {
        out.push_back(PathRec::pair(e, t));
      } else if (const uint32_t m = first_intermediate(e, t); m != kNoNode) {
        out.push_back(PathRec::triple(e, m, t));
      } else {
        continue;
      }
      if (out.size() >= ctx.budget) return;
    }
  }
}

// Step 5: lateral pairs among HIGH/CRITICAL findings whose ids are not yet
// on a chain; a finding keeps pairing with later ones.
void HeuristicGroup::lateral_pairs(const UnitContext& ctx, std::vector<PathRec>& out) const {
  std::vector<uint8_t> in(n_fids_, 0);
  for (const UnitChains& unit : ctx.group_so_far) {
    for (const PathRec& r : unit.recs) {
      in[fid_[r.n0]] = 1;
      in[fid_[r.n1]] = 1;
      if (r.n2 != kNoNode) in[fid_[r.n2]] = 1;
    }
  }
  std::vector<uint32_t> high;
  for (uint32_t x = 0; x < rank_.size(); ++x) {
    if (rank_[x] >= 3) high.push_back(x);
  }
  const bool stoppable = ctx.stop != nullptr && ctx.stop->can_stop();
  size_t steps = 0;
  for (size_t i = 0; i < high.size(); ++i) {
    const uint32_t a = high[i];
    if (in[fid_[a]]) continue;
    // The pairs tried so far, rounded to whole rows, pace the polling.
    steps += high.size() - i;
    if (stoppable && steps >= kPollEvery) {
      steps = 0;
      if (ctx.stop->stop_requested()) return;
    }
    for (size_t j = i + 1; j < high.size(); ++j) {
      const uint32_t b = high[j];
      if (in[fid_[b]] || !connect(a, b)) continue;
      out.push_back(PathRec::pair(a, b));
      in[fid_[a]] = 1;
      in[fid_[b]] = 1;
      if (out.size() >= ctx.budget) return;
    }
  }
}

// Every group's step 4 chunks, then its step 5, as units in generation order.
class HeuristicUnits final : public ChainUnits {
 public:
  HeuristicUnits(const model::FindingsDoc& doc, std::span<const AccountGroup> groups)
      : groups_(groups.size()) {
    common::parallel_each(0, groups.size(), [&](size_t g) {
      groups_[g] = std::make_unique<HeuristicGroup>(doc, groups[g].members);
    });
    for (size_t g = 0; g < groups.size(); ++g) {
      const auto chunks = static_cast<uint32_t>(groups_[g]->entry_chunks());
      for (uint32_t c = 0; c < chunks; ++c) units_.push_back(Unit{static_cast<uint32_t>(g), c});
      units_.push_back(Unit{static_cast<uint32_t>(g), kLateral});
    }
  }

  size_t unit_count() const override { return units_.size(); }
  size_t group_of(size_t u) const override { return units_[u].group; }
  UnitNeeds needs(size_t u) const override {
    return units_[u].chunk == kLateral ? UnitNeeds::kEarlierOfGroup : UnitNeeds::kNothing;
  }
  void run(size_t u, const UnitContext& ctx, UnitChains& out) const override {
    const HeuristicGroup& group = *groups_[units_[u].group];
    if (units_[u].chunk == kLateral) {
      group.lateral_pairs(ctx, out.recs);
    } else {
      group.entry_chunk(units_[u].chunk, ctx, out.recs);
    }
  }

 private:
  static constexpr uint32_t kLateral = UINT32_MAX;
  struct Unit {
    uint32_t group;
    uint32_t chunk;  // an entry chunk, or kLateral
  };

  std::vector<std::unique_ptr<HeuristicGroup>> groups_;
  std::vector<Unit> units_;
};

}  // namespace

std::unique_ptr<ChainUnits> heuristic_units(const model::FindingsDoc& doc,
                                            std::span<const AccountGroup> groups) {
  return std::make_unique<HeuristicUnits>(doc, groups);
}

}  // namespace aegis::engine
