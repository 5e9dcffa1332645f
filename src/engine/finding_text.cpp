#include "engine/finding_text.hpp"

#include <algorithm>
#include <utility>

#include "encode/json_writer.hpp"
#include "engine/classify.hpp"

namespace aegis::engine {

void append_finding_text(const model::Finding& f, CaseRule rule, std::string& arena,
                         std::vector<Tactic>& tactics, FindingText& text) {
  const size_t start = arena.size();
  encode::StringSink s{arena};
  auto mark = [&] { return static_cast<uint32_t>(arena.size()); };

  uint32_t from = mark();
  s.raw("\",\"finding_id\":");
  s.quoted(f.id);
  s.raw(",\"resource_id\":");
  s.quoted(f.resource_id);
  s.raw(",\"resource_name\":");
  s.quoted(f.resource_name);
  s.raw(",\"resource_type\":");
  s.quoted(f.resource_type);
  s.raw(",\"provider\":");
  s.quoted(f.cloud_provider);
  s.raw(",\"account_id\":");
  s.quoted(f.account_id);
  s.raw(",\"region\":");
  s.quoted(f.region);
  s.raw(",\"severity\":");
  s.quoted(f.severity);
  s.raw(",\"category\":");
  s.quoted(f.category);
  s.raw(",\"label\":");
  s.quoted(f.resource_name);
  s.ch('}');
  auto piece = [&](std::string_view v) {
    uint32_t before = mark();
    s.escaped(v);
    return mark() - before;
  };
  text.tail_len = mark() - from;
  text.id_len = piece(f.id);
  text.name_len = piece(f.resource_name);
  text.provider_len = piece(f.cloud_provider);
  text.category_len = piece(f.category);
  text.account_len = piece(f.account_id);
  text.severity_len = piece(f.severity);

  // Sorted, distinct, so a path's union is a merge (docs/algorithms.md,
  // "The path object", mitre_tactics).
  const size_t first_tactic = tactics.size();
  for (std::string_view t : f.mitre_tactics) tactics.push_back(Tactic{t, 0, 0});
  auto b = tactics.begin() + static_cast<std::ptrdiff_t>(first_tactic);
  std::sort(b, tactics.end(), [](const Tactic& x, const Tactic& y) { return x.raw < y.raw; });
  tactics.erase(std::unique(b, tactics.end(),
                            [](const Tactic& x, const Tactic& y) { return x.raw == y.raw; }),
                tactics.end());
  for (size_t k = first_tactic; k < tactics.size(); ++k) {
    tactics[k].esc_off = static_cast<uint32_t>(arena.size() - start);
    tactics[k].esc_len = piece(tactics[k].raw);
  }
  text.n_tactics = static_cast<uint32_t>(tactics.size() - first_tactic);
  text.rank = severity_rank(f.severity, rule);
  text.flags = edge_flags(f, rule) | severity_flags(f.severity);
}

void FindingTexts::build_group(size_t g, const model::FindingsDoc& doc,
                               std::span<const uint32_t> members,
                               std::span<const uint8_t> on_path) {
  GroupStorage& store = groups_[g];
  // (arena offset, first tactic) per finding on a path: the arena and the
  // tactic vector may move while they grow, so pointers are set afterwards.
  std::vector<std::pair<size_t, size_t>> starts;
  starts.reserve(members.size());
  for (size_t x = 0; x < members.size(); ++x) {
    if (!on_path[x]) continue;
    starts.emplace_back(store.arena.size(), store.tactics.size());
    append_finding_text(doc.findings[members[x]], rule_, store.arena, store.tactics,
                        texts_[members[x]]);
  }
  size_t u = 0;
  for (size_t x = 0; x < members.size(); ++x) {
    if (!on_path[x]) continue;
    FindingText& t = texts_[members[x]];
    t.base = store.arena.data() + starts[u].first;
    t.tactics = store.tactics.data() + starts[u].second;
    ++u;
  }
  build_tactic_masks(store, members, on_path);
}

// Few distinct tactics (the usual case: MITRE has 14): one bit each, in
// byte order, so a path's sorted union is an OR of masks.
void FindingTexts::build_tactic_masks(GroupStorage& store, std::span<const uint32_t> members,
                                      std::span<const uint8_t> on_path) {
  std::vector<std::string_view> distinct;
  for (const Tactic& t : store.tactics) distinct.push_back(t.raw);
  std::sort(distinct.begin(), distinct.end());
  distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
  if (distinct.size() > 64) return;
  for (std::string_view d : distinct) {
    std::string& e = store.tactic_table.emplace_back(encode::escaped_length(d), '\0');
    encode::write_escaped(e.data(), d);
  }
  for (size_t x = 0; x < members.size(); ++x) {
    if (!on_path[x]) continue;
    FindingText& t = texts_[members[x]];
    t.tactic_table = store.tactic_table.data();
    for (uint32_t j = 0; j < t.n_tactics; ++j) {
      const auto at = std::lower_bound(distinct.begin(), distinct.end(), t.tactics[j].raw);
      t.tactic_mask |= uint64_t{1} << (at - distinct.begin());
    }
  }
}

size_t FindingTexts::memory_bytes() const noexcept {
  size_t bytes = texts_.capacity() * sizeof(FindingText);
  for (const GroupStorage& g : groups_) {
    bytes += g.arena.capacity() + g.tactics.capacity() * sizeof(Tactic);
    for (const std::string& t : g.tactic_table) bytes += sizeof(std::string) + t.capacity();
  }
  return bytes;
}

}  // namespace aegis::engine
