#include "engine/chain_units.hpp"

#include <oneapi/tbb/task_arena.h>

#include <algorithm>

#include "common/parallel.hpp"

namespace aegis::engine {
namespace {

// Waves under a cap: at least a few units per thread, at most this many.
constexpr size_t kMaxWaveUnits = size_t{1} << 16;

// Runs body(i) for i in [0, n) in parallel, one index per task (units are
// coarse and uneven).
template <typename F>
void parallel_each(size_t n, const F& body) {
  if (n == 1) {
    body(0);
    return;
  }
  common::parallel_each(0, n, body);
}

class Driver {
 public:
  Driver(ChainUnits& units, size_t n_groups, uint64_t max_paths, const common::StopToken& stop)
      : units_(units),
        n_(units.unit_count()),
        n_groups_(n_groups),
        max_paths_(max_paths),
        stop_(stop),
        out_(n_),
        group_start_(n_) {
    for (size_t u = 0; u < n_; ++u) {
      const bool first = u == 0 || units_.group_of(u) != units_.group_of(u - 1);
      group_start_[u] = first ? u : group_start_[u - 1];
    }
  }

  BuiltChains run() {
    const size_t threads = static_cast<size_t>(tbb::this_task_arena::max_concurrency());
    const size_t min_wave = std::max<size_t>(2, 2 * threads);
    size_t wave = capped() ? min_wave : n_;
    size_t u0 = 0;
    while (u0 < end_) {
      stop_.throw_if_stopped();
      const size_t u1 = wave_end(u0, wave);
      const uint64_t produced = run_wave(u0, u1);
      stop_.throw_if_stopped();
      admit_and_count(u0, u1);
      if (capped() && !truncated_) {
        // Size the next wave by what this one produced per unit, so that it
        // is expected to hold about the chains still wanted.
        const uint64_t per_unit = produced / (u1 - u0);
        const uint64_t wanted = still_wanted();
        const uint64_t fit = per_unit == 0 ? uint64_t{wave} * 2 : wanted / per_unit;
        wave = static_cast<size_t>(std::clamp<uint64_t>(fit, min_wave, kMaxWaveUnits));
      }
      u0 = u1;
    }
    return gather();
  }

 private:
  bool capped() const noexcept { return max_paths_ != 0; }

  // The chains that can still be kept, plus one to see the cap passed;
  // saturating, so that max_paths = UINT64_MAX does not wrap to 0.
  uint64_t still_wanted() const noexcept {
    const uint64_t left = max_paths_ - kept_;
    return left == UINT64_MAX ? UINT64_MAX : left + 1;
  }

  // The wave from u0: up to `wave` units; a unit needing everything earlier
  // runs in a wave of its own, and ends the wave before it.
  size_t wave_end(size_t u0, size_t wave) const {
    if (units_.needs(u0) == UnitNeeds::kEverythingEarlier) return u0 + 1;
    size_t u1 = u0 + 1;
    while (u1 < n_ && u1 - u0 < wave && units_.needs(u1) != UnitNeeds::kEverythingEarlier) ++u1;
    return u1;
  }

  // Chains a unit of this wave may stop after: what can still be kept, plus
  // one to see the cap passed. A builder whose admit() drops chains cannot be
  // cut early (a dropped chain would leave the cut short).
  uint64_t budget() const noexcept {
    return capped() && !units_.admit_drops_chains() ? still_wanted() : UINT64_MAX;
  }

  UnitContext context(size_t u, uint64_t budget) const {
    UnitContext ctx;
    ctx.budget = budget;
    ctx.stop = &stop_;
    if (units_.needs(u) != UnitNeeds::kNothing) {
      const size_t s = group_start_[u];
      ctx.group_so_far = std::span<const UnitChains>(out_.data() + s, u - s);
    }
    return ctx;
  }

  // Runs units [u0, u1): first those that need nothing, in parallel; then
  // those reading their group's earlier units, groups in parallel, each
  // group's in order. Returns the chains produced.
  uint64_t run_wave(size_t u0, size_t u1) {
    const uint64_t b = budget();
    std::vector<size_t> first, after;
    for (size_t u = u0; u < u1; ++u)
      (units_.needs(u) == UnitNeeds::kEarlierOfGroup ? after : first).push_back(u);
    parallel_each(first.size(), [&](size_t i) {
      if (stop_.stop_requested()) return;
      units_.run(first[i], context(first[i], b), out_[first[i]]);
    });
    if (!after.empty()) {
      // A unit whose earlier units in this wave already hold more than the
      // cap cannot contribute: skip it and every later one.
      if (capped()) {
        uint64_t known = kept_;
        size_t k = 0;
        for (size_t u = u0; u < u1 && k < after.size(); ++u) {
          if (u == after[k]) {
            if (known > max_paths_) break;
            ++k;
          } else {
            known += out_[u].recs.size();
          }
        }
        after.resize(k);
      }
      // Runs of the same group, in order.
      std::vector<std::pair<size_t, size_t>> runs;
      for (size_t i = 0; i < after.size(); ++i) {
        if (runs.empty() || units_.group_of(after[runs.back().first]) != units_.group_of(after[i]))
          runs.emplace_back(i, i);
        runs.back().second = i + 1;
      }
      parallel_each(runs.size(), [&](size_t r) {
        for (size_t i = runs[r].first; i < runs[r].second; ++i) {
          if (stop_.stop_requested()) return;
          units_.run(after[i], context(after[i], b), out_[after[i]]);
        }
      });
    }
    uint64_t produced = 0;
    for (size_t u = u0; u < u1; ++u) produced += out_[u].recs.size();
    chains_built_ += produced;
    units_run_ += first.size() + after.size();
    return produced;
  }

  // admit() and counting in generation order; cuts the unit where the cap
  // falls and ends the build there.
  void admit_and_count(size_t u0, size_t u1) {
    for (size_t u = u0; u < u1; ++u) {
      units_.admit(u, out_[u]);
      const uint64_t size = out_[u].recs.size();
      if (capped() && kept_ + size > max_paths_) {
        out_[u].recs.resize(static_cast<size_t>(max_paths_ - kept_));
        kept_ = max_paths_;
        truncated_ = true;
        end_ = u + 1;
        for (size_t v = u + 1; v < u1; ++v) out_[v] = UnitChains{};
        return;
      }
      kept_ += size;
    }
  }

  // The kept units' chains per group: record vectors move as chunks, stored
  // chains are appended to the group's store (their records re-pointed).
  BuiltChains gather() {
    BuiltChains built;
    built.truncated = truncated_;
    built.chains_built = chains_built_;
    built.units_run = units_run_;
    built.groups.resize(n_groups_);
    for (size_t u = 0; u < end_; ++u) {
      GroupChains& group = built.groups[units_.group_of(u)];
      UnitChains& unit = out_[u];
      if (!unit.stored.empty()) {
        const uint32_t offset = group.stored.append(unit.stored);
        for (PathRec& r : unit.recs) {
          if (r.is_stored()) r = ChainStore::moved(r, offset);
        }
        unit.stored = ChainStore{};
      }
      group.chunks.push_back(std::move(unit.recs));
    }
    return built;
  }

  ChainUnits& units_;
  const size_t n_;
  const size_t n_groups_;
  const uint64_t max_paths_;
  const common::StopToken& stop_;
  std::vector<UnitChains> out_;
  std::vector<size_t> group_start_;  // per unit: the first unit of its group
  uint64_t kept_ = 0;
  bool truncated_ = false;
  uint64_t chains_built_ = 0;
  size_t units_run_ = 0;
  size_t end_ = n_;  // units [0, end_) are kept
};

}  // namespace

BuiltChains build_chains(ChainUnits& units, size_t n_groups, uint64_t max_paths,
                         const common::StopToken& stop) {
  return Driver(units, n_groups, max_paths, stop).run();
}

}  // namespace aegis::engine
