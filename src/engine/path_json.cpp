#include "engine/path_json.hpp"

#include <algorithm>

namespace aegis::engine {

void append_finding_text(const Finding& f, std::string& arena, std::vector<Tactic>& tactics,
                         FindingText& text) {
  const size_t start = arena.size();
  json::StringSink s{arena};
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

  // Sorted, distinct, so a path's union is a merge (SPEC §3 mitre_tactics).
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
  text.rank = severity_rank(f.severity);
  text.flags = edge_flags(f);
}

}  // namespace aegis::engine
