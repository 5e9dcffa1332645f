#include "engine/graph_chains.hpp"

#include <oneapi/tbb/enumerable_thread_specific.h>
#include <oneapi/tbb/parallel_for.h>

#include <optional>
#include <stdexcept>
#include <string_view>
#include <unordered_map>

#include "engine/chain_dedup.hpp"
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

// Chains of one unit, in generation order, stored-form records into `stored`.
struct UnitChains {
  std::vector<PathRec> recs;
  ChainStore stored;
};

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

class GroupBuilder {
 public:
  GroupBuilder(const model::FindingsDoc& doc, std::span<const uint32_t> members, bool id_level,
               bool repeated, const model::ResourceIndex& resources,
               const model::ResourceGraph& graph, GroupScratch& scratch,
               const FallbackKinds& fallback)
      : doc_(doc),
        members_(members),
        g_(build_graph_group(doc, members, repeated || id_level, resources, graph, scratch)),
        id_level_(repeated || id_level),
        fallback_(fallback) {}

  size_t entry_units() const noexcept {
    return (g_.entries.size() + kEntriesPerUnit - 1) / kEntriesPerUnit;
  }

  // Step 6, first part, for the entries of unit u, each against every target.
  UnitChains entry_unit(size_t u) const {
    UnitChains out;
    Searcher search(g_, fallback_, id_level_);
    GraphChain c;
    const size_t hi = std::min(g_.entries.size(), (u + 1) * kEntriesPerUnit);
    for (size_t e = u * kEntriesPerUnit; e < hi; ++e) {
      const uint32_t s = g_.entries[e];
      search.run(s);
      for (uint32_t t : g_.targets) {
        if (search.chain(s, t, c)) out.recs.push_back(store_chain(c, out.stored));
      }
    }
    return out;
  }

  // Step 6, the lateral pass, reading and filling the run's IN set (by run
  // id); seen, when given, is the run's fingerprint set (step 7).
  UnitChains lateral(const std::vector<uint32_t>& run_id, std::vector<uint8_t>& in,
                     ChainFingerprints* seen) const {
    UnitChains out;
    Searcher search(g_, fallback_, id_level_);
    GraphChain c;
    auto in_set = [&](uint32_t x) -> uint8_t& { return in[run_id[members_[x]]]; };
    const auto& high = g_.high;
    for (size_t i = 0; i < high.size(); ++i) {
      const uint32_t f1 = high[i];
      if (in_set(f1)) continue;
      bool searched = false;
      for (size_t j = i + 1; j < high.size(); ++j) {
        const uint32_t f2 = high[j];
        if (in_set(f2)) continue;
        if (!searched) {
          search.run(f1);
          searched = true;
        }
        if (!search.chain(f1, f2, c)) continue;
        if (seen != nullptr && !seen->insert({c.nodes, c.len}, doc_, members_)) continue;
        out.recs.push_back(store_chain(c, out.stored));
        for (uint32_t k = 0; k < c.len; ++k) in_set(c.nodes[k]) = 1;
      }
    }
    return out;
  }

  // Marks the ids of units' chains in IN, after dropping (when seen is
  // given) the chains whose fingerprint was seen.
  void keep_and_mark(std::vector<UnitChains>& units, const std::vector<uint32_t>& run_id,
                     std::vector<uint8_t>& in, ChainFingerprints* seen) const {
    for (UnitChains& u : units) {
      std::erase_if(u.recs, [&](const PathRec& r) {
        const auto nodes = u.stored.nodes(r);
        if (seen != nullptr && !seen->insert(nodes, doc_, members_)) return true;
        for (uint32_t x : nodes) in[run_id[members_[x]]] = 1;
        return false;
      });
    }
  }

 private:
  const model::FindingsDoc& doc_;
  std::span<const uint32_t> members_;
  GraphGroup g_;
  bool id_level_;
  FallbackKinds fallback_;
};

// The units of a group, in order, as one GroupChains.
GroupChains gather(std::vector<UnitChains>& units) {
  GroupChains out;
  out.chunks.reserve(units.size());
  for (UnitChains& u : units) {
    uint32_t offset = 0;
    if (out.stored.empty()) {
      out.stored = std::move(u.stored);
    } else {
      offset = out.stored.append(u.stored);
    }
    u.stored = ChainStore{};
    for (PathRec& r : u.recs) r.n0 += offset;
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

GraphChains graph_chains(const model::FindingsDoc& doc, std::span<const AccountGroup> groups,
                         const model::ResourceIndex& resources, const model::ResourceGraph& graph,
                         GraphSearch search) {
  if (graph.type_count() > kMaxGraphEdgeTypes)
    throw std::length_error("the edge document has more distinct edge types than paths can name");
  GraphChains result;
  for (size_t t = 0; t < graph.type_count(); ++t)
    result.kinds.add(graph.type_name(static_cast<model::EdgeTypeId>(t)),
                     edge_type_label(graph.type_name(static_cast<model::EdgeTypeId>(t))));
  FallbackKinds fallback{};
  fallback.data_access = result.kinds.add("data_access", "data access");
  fallback.iam_trust = result.kinds.add("iam_trust", "IAM trust");
  fallback.network = result.kinds.add("network_reachable", "network access");
  fallback.lateral = result.kinds.add("lateral_movement", "lateral movement");

  const RunIds ids = number_ids(doc, groups);
  std::vector<uint8_t> in(ids.count, 0);
  result.groups.resize(groups.size());
  result.deduplicated = ids.ordered;
  tbb::enumerable_thread_specific<GroupScratch> scratch;
  const bool id_level = search == GraphSearch::kIdLevelOnly;

  auto build_group = [&](size_t g, ChainFingerprints* seen) {
    const GroupBuilder b(doc, groups[g].members, id_level, ids.repeated_in_group[g] != 0,
                         resources, graph, scratch.local(), fallback);
    std::vector<UnitChains> units(b.entry_units() + 1);  // + the lateral unit
    tbb::parallel_for(size_t{0}, units.size() - 1, [&](size_t u) { units[u] = b.entry_unit(u); });
    b.keep_and_mark(units, ids.of_finding, in, seen);
    units.back() = b.lateral(ids.of_finding, in, seen);
    result.groups[g] = gather(units);
  };
  if (!ids.ordered) {
    // Groups share no id: each touches only its own entries of `in`.
    tbb::parallel_for(size_t{0}, groups.size(), [&](size_t g) { build_group(g, nullptr); });
  } else {
    ChainFingerprints seen;
    for (size_t g = 0; g < groups.size(); ++g) build_group(g, &seen);
  }
  return result;
}

}  // namespace aegis::engine
