#include "engine/attack_paths.hpp"


#include <stdexcept>

#include "common/parallel.hpp"
#include "encode/json_writer.hpp"
#include "engine/assembly.hpp"
#include "engine/finding_text.hpp"
#include "engine/graph_chains.hpp"
#include "engine/heuristic_chains.hpp"
#include "engine/path_json.hpp"
#include "engine/path_table.hpp"

namespace aegis::engine {

// The texts view strings of the document (tactics are compared raw), so the
// document must outlive the result.
struct AttackPaths::Impl {
  Impl(const model::FindingsDoc& doc, size_t n_groups, CaseRule rule)
      : texts(doc.findings.size(), n_groups, rule) {}

  FindingTexts texts;
  PathTable table;
  AttackPathStats stats;
  std::string stats_json;

  ResultJson result() const noexcept { return ResultJson(table, stats_json); }
};

namespace {

// Moves the stored chains of every group into one store; returns where each
// group's begin.
std::vector<uint32_t> gather_chains(std::span<GroupChains> chains, ChainStore& into) {
  std::vector<uint32_t> offsets(chains.size());
  size_t words = 0;
  for (const GroupChains& g : chains) words += g.stored.word_count();
  into.reserve_words(words);  // one allocation, no copy while growing
  for (size_t g = 0; g < chains.size(); ++g) {
    offsets[g] = into.append(chains[g].stored);
    chains[g].stored = ChainStore{};
  }
  return offsets;
}

AttackPathStats gather_stats(const model::FindingsDoc& doc, std::span<const GroupSummary> summaries,
                             const PathOrder& order) {
  uint64_t critical = 0, high = 0;
  for (const GroupSummary& s : summaries) {
    critical += s.critical_paths;
    high += s.high_paths;
  }
  AttackPathStats st =
      count_stats(doc.findings.size(), distinct_ids(summaries), order.total, critical, high);
  for (const GroupSummary& s : summaries) {
    for (const auto& [provider, paths] : s.providers)
      st.by_provider[std::string(provider)] += paths;
  }
  return st;
}

}  // namespace

AttackPaths AttackPaths::compute(const model::FindingsDoc& doc, const Options& opts) {
  const std::vector<AccountGroup> groups = group_by_account(doc);
  BuiltChains built;
  common::make_arena(opts.max_threads).execute([&] {
    const std::unique_ptr<ChainUnits> units = heuristic_units(doc, groups);
    built = build_chains(*units, groups.size(), opts.max_paths, opts.stop_token());
  });
  return from_chains(doc, groups, std::move(built.groups), EdgeKinds{}, ChainDedup::kNone,
                     CaseRule::kExact, opts, built.truncated);
}

AttackPaths AttackPaths::compute_graph(const model::FindingsDoc& doc,
                                       const model::ResourceIndex& resources,
                                       const model::ResourceGraph& graph, const Options& opts) {
  const std::vector<AccountGroup> groups = group_by_account(doc);
  GraphChains built;
  common::make_arena(opts.max_threads).execute([&] {
    built = graph_chains(doc, groups, resources, graph, GraphSearch::kAuto, opts.max_paths,
                         opts.stop_token());
  });
  // The builder applied the fingerprint set itself, in generation order.
  return from_chains(doc, groups, std::move(built.groups), std::move(built.kinds),
                     ChainDedup::kNone, CaseRule::kGoCaseMapping, opts, built.truncated);
}

AttackPaths AttackPaths::from_chains(const model::FindingsDoc& doc,
                                     std::span<const AccountGroup> groups,
                                     std::vector<GroupChains> chains, EdgeKinds kinds,
                                     ChainDedup dedup, CaseRule case_rule,
                                     const Options& opts, bool truncated) {
  if (chains.size() != groups.size()) throw std::invalid_argument("one GroupChains per group");
  const common::StopToken& stop = opts.stop_token();
  if (dedup == ChainDedup::kByIdSequence) drop_repeated_chains(doc, groups, chains);
  auto impl = std::make_unique<Impl>(doc, groups.size(), case_rule);
  PathTable& table = impl->table;
  table.texts = impl->texts.data();
  table.edge_kinds = std::move(kinds);
  common::StageArena arena(opts.max_threads);

  std::vector<GroupSummary> summaries(groups.size());
  arena.execute([&] {
    common::parallel_each(0, groups.size(), [&](size_t g) {
      summaries[g] = summarize_group(g, doc, groups[g].members, chains[g], impl->texts, stop);
    });
  });
  stop.throw_if_stopped();
  std::vector<BucketCounts> counts(groups.size());
  for (size_t g = 0; g < groups.size(); ++g) counts[g] = summaries[g].buckets;
  const PathOrder order(counts);
  if (order.total >= UINT32_MAX) throw std::length_error("too many attack paths");

  const std::vector<uint32_t> chain_offsets = gather_chains(chains, table.chains);
  table.allocate(order.total);
  table.bucket_begin = order.bucket_begin;
  arena.execute([&] {
    common::parallel_each(0, groups.size(), [&](size_t g) {
      place_group(g, order, chain_offsets[g], chains[g], table, stop);
    });
  });
  stop.throw_if_stopped();

  impl->stats = gather_stats(doc, summaries, order);
  impl->stats.truncated = truncated;
  impl->stats_json = engine::stats_json(impl->stats);
  return AttackPaths(std::move(impl));
}

AttackPaths::AttackPaths(std::unique_ptr<Impl> impl) noexcept : impl_(std::move(impl)) {}
AttackPaths::AttackPaths(AttackPaths&&) noexcept = default;
AttackPaths& AttackPaths::operator=(AttackPaths&&) noexcept = default;
AttackPaths::~AttackPaths() = default;

size_t AttackPaths::path_count() const noexcept { return impl_->table.size(); }
const AttackPathStats& AttackPaths::stats() const noexcept { return impl_->stats; }

AttackPaths::Memory AttackPaths::memory() const noexcept {
  Memory m;
  m.per_path_bytes = impl_->table.memory_bytes();
  m.per_finding_bytes = impl_->texts.memory_bytes() + impl_->stats_json.capacity();
  return m;
}

common::OutputBuffer AttackPaths::result_json(const Options& opts) const {
  return impl_->result().to_buffer(opts);
}

size_t AttackPaths::result_json_length() const noexcept { return impl_->result().length(); }

void AttackPaths::write_result_json(uint8_t* dst, const Options& opts) const {
  impl_->result().write(reinterpret_cast<char*>(dst), opts);
}

size_t AttackPaths::path_json_length(size_t i) const noexcept {
  return impl_->table.path_length(i);
}

void AttackPaths::write_path_json(size_t i, uint8_t* dst) const noexcept {
  encode::PtrSink s{reinterpret_cast<char*>(dst)};
  emit_path(s, impl_->table.view(i));
}

std::string AttackPaths::path_json(size_t i) const {
  // Appends rather than pre-sizing, so tests comparing its size with
  // path_json_length check the length formula independently.
  std::string out;
  encode::StringSink s{out};
  emit_path(s, impl_->table.view(i));
  return out;
}

std::vector<uint32_t> AttackPaths::path_findings(size_t i) const {
  const PathView v = impl_->table.view(i);
  std::vector<uint32_t> out(v.len);
  for (uint32_t k = 0; k < v.len; ++k)
    out[k] = static_cast<uint32_t>(v.nodes[k] - impl_->table.texts);
  return out;
}

std::optional<size_t> AttackPaths::find_path(std::string_view id) const noexcept {
  return impl_->table.find(id);
}

std::string AttackPaths::stats_json() const { return impl_->stats_json; }

bool AttackPaths::stream_result_json(const std::function<bool(std::string_view)>& sink,
                                     const Options& opts) const {
  return impl_->result().stream(sink, opts);
}

}  // namespace aegis::engine
