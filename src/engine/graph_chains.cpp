#include "engine/graph_chains.hpp"

#include <oneapi/tbb/enumerable_thread_specific.h>

#include <optional>
#include <stdexcept>
#include <string_view>
#include <unordered_map>

#include "common/once.hpp"
#include "common/parallel.hpp"
#include "engine/chain_dedup.hpp"
#include "engine/classify.hpp"
#include "engine/graph_group.hpp"
#include "engine/graph_search.hpp"

namespace aegis::engine {
namespace {

// Finding ids numbered over the whole run (for the IN set), and what they
// say about how groups may run.
struct RunIds {
  std::vector<uint32_t> of_finding;  // kNoNode for findings in no group
  size_t count = 0;
  std::vector<uint8_t> repeated_in_group;  // per group
  bool ordered = false;  // groups must run in order through one fingerprint set
};

RunIds number_ids(const model::FindingsDoc& doc, std::span<const AccountGroup> groups) {
  RunIds ids;
  ids.of_finding.assign(doc.findings.size(), kNoNode);
  ids.repeated_in_group.assign(groups.size(), 0);
  std::unordered_map<std::string_view, uint32_t> number;
  std::vector<uint32_t> group_of;  // per id, the last group that had it
  bool shared = false, arrow = false;
  for (uint32_t g = 0; g < groups.size(); ++g) {
    for (uint32_t i : groups[g].members) {
      const std::string_view id = doc.findings[i].id;
      auto [it, inserted] = number.try_emplace(id, static_cast<uint32_t>(group_of.size()));
      if (inserted) {
        group_of.push_back(g);
        arrow = arrow || id.find("->") != std::string_view::npos;
      } else if (group_of[it->second] == g) {
        ids.repeated_in_group[g] = 1;
      } else {
        shared = true;
        group_of[it->second] = g;
      }
      ids.of_finding[i] = it->second;
    }
  }
  ids.count = group_of.size();
  bool repeated = false;
  for (uint8_t r : ids.repeated_in_group) repeated = repeated || r != 0;
  // Without these, no two chains share a fingerprint and every group's IN
  // holds only its own ids.
  ids.ordered = shared || arrow || repeated;
  return ids;
}

// A group's search, resource-level or id-level (engine/graph_search.hpp).
class Searcher {
 public:
  Searcher(const GraphGroup& g, const FallbackKinds& fallback, bool id_level) : g_(g) {
    if (id_level) {
      ids_.emplace(g, fallback);
    } else {
      resources_.emplace(g);
    }
  }
  void run(uint32_t s) {
    if (resources_) {
      resources_->run(g_.res[s]);
    } else {
      ids_->run(s);
    }
  }
  // The chain from the last search's source s to t.
  bool chain(uint32_t s, uint32_t t, GraphChain& out) {
    return resources_ ? resources_->chain(s, t, out) : ids_->chain(t, out);
  }

 private:
  const GraphGroup& g_;
  std::optional<ResourceSearch> resources_;
  std::optional<IdSearch> ids_;
};

PathRec store_chain(const GraphChain& c, ChainStore& stored) {
  return stored.add({c.nodes, c.len}, {c.kinds, c.len - 1});
}

}  // namespace

struct GraphChainUnits::Impl {
  const model::FindingsDoc& doc;
  std::span<const AccountGroup> groups;
  const model::ResourceIndex& resources;
  const model::ResourceGraph& graph;
  bool id_level;
  FallbackKinds fallback{};
  RunIds ids;
  std::vector<uint8_t> in;  // the IN set, by run id
  ChainFingerprints seen;   // ordered() only
  std::vector<size_t> first_unit;  // per group, its first unit
  // Per group, its search tables, built once on first use.
  std::unique_ptr<common::RetryableOnce[]> built;
  std::vector<std::unique_ptr<GraphGroup>> tables;
  tbb::enumerable_thread_specific<GroupScratch> scratch;

  Impl(const model::FindingsDoc& d, std::span<const AccountGroup> gs,
       const model::ResourceIndex& r, const model::ResourceGraph& gr, bool level)
      : doc(d), groups(gs), resources(r), graph(gr), id_level(level),
        built(std::make_unique<common::RetryableOnce[]>(gs.size())), tables(gs.size()) {}

  const GraphGroup& table(size_t g) {
    built[g].run([&] {
      tables[g] = std::make_unique<GraphGroup>(build_graph_group(
          doc, groups[g].members, id_level || ids.repeated_in_group[g] != 0, resources, graph,
          scratch.local()));
    });
    return *tables[g];
  }
  bool group_id_level(size_t g) const { return id_level || ids.repeated_in_group[g] != 0; }
  uint8_t& in_set(size_t g, uint32_t x) { return in[ids.of_finding[groups[g].members[x]]]; }

  // Step 6, first part: entries [lo, hi) of group g, each against every target.
  void entries(size_t g, size_t lo, size_t hi, UnitChains& out, uint64_t budget,
               const common::StopToken& stop) {
    const GraphGroup& t = table(g);
    Searcher search(t, fallback, group_id_level(g));
    GraphChain c;
    for (size_t e = lo; e < hi && out.recs.size() < budget; ++e) {
      if (stop.stop_requested()) return;
      const uint32_t s = t.entries[e];
      search.run(s);
      for (uint32_t target : t.targets) {
        if (!search.chain(s, target, c)) continue;
        out.recs.push_back(store_chain(c, out.stored));
        if (out.recs.size() >= budget) return;
      }
    }
  }

  // Step 6, the lateral pass of group g, reading and filling IN; in an
  // ordered run each chain passes the fingerprint set first (step 7).
  void lateral(size_t g, UnitChains& out, bool ordered, const common::StopToken& stop) {
    const GraphGroup& t = table(g);
    Searcher search(t, fallback, group_id_level(g));
    GraphChain c;
    const auto& high = t.high;
    const auto members = groups[g].members;
    for (size_t i = 0; i < high.size(); ++i) {
      const uint32_t f1 = high[i];
      if (in_set(g, f1)) continue;
      if (stop.stop_requested()) return;
      bool searched = false;
      for (size_t j = i + 1; j < high.size(); ++j) {
        const uint32_t f2 = high[j];
        if (in_set(g, f2)) continue;
        if (!searched) {
          search.run(f1);
          searched = true;
        }
        if (!search.chain(f1, f2, c)) continue;
        if (ordered && !seen.insert({c.nodes, c.len}, doc, members)) continue;
        out.recs.push_back(store_chain(c, out.stored));
        for (uint32_t k = 0; k < c.len; ++k) in_set(g, c.nodes[k]) = 1;
      }
    }
  }

  // An entry unit's chains: dropped when their fingerprint was seen
  // (ordered runs), the kept ones' ids added to IN.
  void admit_entries(size_t g, UnitChains& u, bool ordered) {
    const auto members = groups[g].members;
    std::erase_if(u.recs, [&](const PathRec& r) {
      uint32_t nodes[kMaxChainNodes];
      const uint32_t len = ChainStore::size(r);
      for (uint32_t k = 0; k < len; ++k) nodes[k] = u.stored.node(r, k);
      if (ordered && !seen.insert({nodes, len}, doc, members)) return true;
      for (uint32_t k = 0; k < len; ++k) in_set(g, nodes[k]) = 1;
      return false;
    });
  }
};

GraphChainUnits::GraphChainUnits(const model::FindingsDoc& doc,
                                 std::span<const AccountGroup> groups,
                                 const model::ResourceIndex& resources,
                                 const model::ResourceGraph& graph, GraphSearch search)
    : impl_(std::make_unique<Impl>(doc, groups, resources, graph,
                                   search == GraphSearch::kIdLevelOnly)) {
  if (graph.type_count() > kMaxGraphEdgeTypes)
    throw std::length_error("the edge document has more distinct edge types than paths can name");
  for (size_t t = 0; t < graph.type_count(); ++t) {
    const std::string_view type = graph.type_name(static_cast<model::EdgeTypeId>(t));
    kinds_.add(type, edge_type_label(type));
  }
  FallbackKinds& fb = impl_->fallback;
  fb.data_access = kinds_.add("data_access", "data access");
  fb.iam_trust = kinds_.add("iam_trust", "IAM trust");
  fb.network = kinds_.add("network_reachable", "network access");
  fb.lateral = kinds_.add("lateral_movement", "lateral movement");

  impl_->ids = number_ids(doc, groups);
  impl_->in.assign(impl_->ids.count, 0);
  ordered_ = impl_->ids.ordered;
  // Units: per group its entry chunks, then its lateral step. The entries
  // per group are counted without building the group's tables.
  impl_->first_unit.resize(groups.size());
  for (size_t g = 0; g < groups.size(); ++g) {
    size_t entries = 0;
    for (uint32_t i : groups[g].members) entries += graph_classify(doc.findings[i]) == Role::kEntry;
    impl_->first_unit[g] = unit_group_.size();
    const size_t chunks = (entries + kEntriesPerUnit - 1) / kEntriesPerUnit;
    unit_group_.insert(unit_group_.end(), chunks + 1, static_cast<uint32_t>(g));
  }
}

GraphChainUnits::~GraphChainUnits() = default;

void GraphChainUnits::run(size_t u, UnitChains& out, uint64_t budget,
                          const common::StopToken& stop) {
  const size_t g = group_of(u);
  if (is_lateral(u)) {
    impl_->lateral(g, out, ordered_, stop);
    return;
  }
  const size_t chunk = u - impl_->first_unit[g];
  const size_t n_entries = impl_->table(g).entries.size();
  impl_->entries(g, chunk * kEntriesPerUnit, std::min(n_entries, (chunk + 1) * kEntriesPerUnit),
                 out, budget, stop);
}

void GraphChainUnits::admit(size_t u, UnitChains& chains) {
  if (!is_lateral(u)) impl_->admit_entries(group_of(u), chains, ordered_);
}

void GraphChainUnits::release(size_t g) { impl_->tables[g].reset(); }

namespace {

// The units of a group, in order, as one GroupChains.
GroupChains gather(std::vector<UnitChains>& units) {
  GroupChains out;
  out.chunks.reserve(units.size());
  size_t words = 0;
  for (const UnitChains& u : units) words += u.stored.word_count();
  for (UnitChains& u : units) {
    uint32_t offset = 0;
    if (out.stored.empty() && u.stored.word_count() == words) {
      out.stored = std::move(u.stored);  // the only unit with chains: no copy
    } else {
      if (out.stored.empty()) out.stored.reserve_words(words);
      offset = out.stored.append(u.stored);
    }
    u.stored = ChainStore{};
    for (PathRec& r : u.recs) r = ChainStore::moved(r, offset);
    out.chunks.push_back(std::move(u.recs));
  }
  return out;
}

constexpr std::pair<std::string_view, std::string_view> kLabels[] = {
    {"same_region", "same region"},       {"same_account", "same account"},
    {"network_reachable", "network access"}, {"data_access", "data access"},
    {"iam_trust", "IAM trust"},           {"lateral_movement", "lateral movement"},
};

}  // namespace

std::string_view edge_type_label(std::string_view type) noexcept {
  for (const auto& [t, label] : kLabels) {
    if (t == type) return label;
  }
  return type;
}

namespace {

// GraphChainUnits as the units of build_chains, for capped runs. A lateral
// unit reads IN as admit() left it, so it waits for every earlier unit
// (kEverythingEarlier: its own wave); entry units run in parallel. An
// ordered run's admit() drops repeated chains, so its units run whole.
class CappedGraphUnits final : public ChainUnits {
 public:
  explicit CappedGraphUnits(GraphChainUnits& units) : units_(units) {}
  size_t unit_count() const override { return units_.unit_count(); }
  size_t group_of(size_t u) const override { return units_.group_of(u); }
  UnitNeeds needs(size_t u) const override {
    return units_.is_lateral(u) ? UnitNeeds::kEverythingEarlier : UnitNeeds::kNothing;
  }
  void run(size_t u, const UnitContext& ctx, UnitChains& out) const override {
    units_.run(u, out, ctx.budget, ctx.stop != nullptr ? *ctx.stop : common::never_stop());
  }
  void admit(size_t u, UnitChains& chains) override {
    units_.admit(u, chains);
    if (units_.is_lateral(u)) units_.release(units_.group_of(u));
  }
  bool admit_drops_chains() const override { return units_.ordered(); }

 private:
  GraphChainUnits& units_;
};

}  // namespace

GraphChains graph_chains(const model::FindingsDoc& doc, std::span<const AccountGroup> groups,
                         const model::ResourceIndex& resources, const model::ResourceGraph& graph,
                         GraphSearch search, uint64_t max_paths, const common::StopToken& stop) {
  GraphChainUnits units(doc, groups, resources, graph, search);
  if (max_paths != 0) {
    CappedGraphUnits capped(units);
    BuiltChains built = build_chains(capped, groups.size(), max_paths, stop);
    GraphChains result;
    result.groups = std::move(built.groups);
    result.truncated = built.truncated;
    result.kinds = units.take_kinds();
    return result;
  }
  GraphChains result;
  result.groups.resize(groups.size());
  // Units by group: [begin[g], begin[g + 1]), the lateral one last.
  std::vector<size_t> begin(groups.size() + 1, units.unit_count());
  for (size_t u = units.unit_count(); u-- > 0;) begin[units.group_of(u)] = u;
  auto build_group = [&](size_t g) {
    std::vector<UnitChains> out(begin[g + 1] - begin[g]);
    if (stop.stop_requested()) return;
    common::parallel_each(0, out.size() - 1,
                          [&](size_t k) { units.run(begin[g] + k, out[k], UINT64_MAX, stop); });
    if (stop.stop_requested()) return;  // units may be incomplete
    for (size_t k = 0; k + 1 < out.size(); ++k) units.admit(begin[g] + k, out[k]);
    units.run(begin[g + 1] - 1, out.back(), UINT64_MAX, stop);
    units.admit(begin[g + 1] - 1, out.back());
    units.release(g);
    result.groups[g] = gather(out);
  };
  if (!units.ordered()) {
    // Groups share no id: each touches only its own entries of IN.
    common::parallel_each(0, groups.size(), build_group);
  } else {
    for (size_t g = 0; g < groups.size(); ++g) build_group(g);
  }
  stop.throw_if_stopped();
  result.kinds = units.take_kinds();
  return result;
}

}  // namespace aegis::engine
