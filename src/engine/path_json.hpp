// A path's JSON as a pure function of its view (docs/algorithms.md, "The path
// object"; docs/design.md on tiny records): emit_path writes it through any
// sink (encode/json_writer.hpp), path_length gives its byte length in closed
// form, from the pre-escaped lengths, without walking the emitter.
#pragma once

#include <algorithm>
#include <bit>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "encode/json_writer.hpp"
#include "engine/classify.hpp"
#include "engine/path_view.hpp"

namespace aegis::engine {

// "ap-" + the number, at least 3 digits; formatted once per path.
struct PathId {
  char buf[16];
  uint32_t len;
  explicit PathId(uint32_t num) noexcept {
    std::memcpy(buf, "ap-", 3);
    len = static_cast<uint32_t>(encode::write_uint(buf + 3, num, 3) - buf);
  }
  std::string_view view() const noexcept { return {buf, len}; }
};

inline char digit(uint32_t i) noexcept { return static_cast<char>('0' + i); }  // i < 10

template <typename S>
void emit_node(S& s, const PathId& pid, uint32_t i, const FindingText& f) {
  s.raw("{\"id\":\"");
  s.raw(pid.view());
  s.raw("-node-");
  s.ch(digit(i));
  s.raw(f.tail());
}

// Edge i - 1 -> i.
template <typename S>
void emit_edge(S& s, const PathId& pid, uint32_t i, const EdgeKind& kind) {
  s.raw("{\"id\":\"");
  s.raw(pid.view());
  s.raw("-edge-");
  s.ch(digit(i - 1));
  s.raw("\",\"source\":\"");
  s.raw(pid.view());
  s.raw("-node-");
  s.ch(digit(i - 1));
  s.raw("\",\"target\":\"");
  s.raw(pid.view());
  s.raw("-node-");
  s.ch(digit(i));
  s.raw("\",\"label\":\"");
  s.raw(kind.label);
  s.raw("\",\"edge_type\":\"");
  s.raw(kind.type);
  s.raw("\"}");
}

// The sorted distinct union of the nodes' tactics: an OR of the group's
// tactic masks, or a k-way merge of the nodes' sorted distinct lists; no
// allocation either way.
template <typename S>
void emit_tactics(S& s, const PathView& v) {
  if (const std::string* table = v.nodes[0]->tactic_table) {  // a path never leaves its group
    uint64_t mask = 0;
    for (uint32_t k = 0; k < v.len; ++k) mask |= v.nodes[k]->tactic_mask;
    bool first = true;
    for (; mask != 0; mask &= mask - 1) {
      if (!first) s.ch(',');
      first = false;
      s.ch('"');
      s.raw(table[std::countr_zero(mask)]);
      s.ch('"');
    }
    return;
  }
  uint32_t pos[kMaxChainNodes] = {};
  bool first = true;
  for (;;) {
    int best = -1;
    for (uint32_t k = 0; k < v.len; ++k) {
      if (pos[k] >= v.nodes[k]->n_tactics) continue;
      if (best < 0 || v.nodes[k]->tactics[pos[k]].raw < v.nodes[best]->tactics[pos[best]].raw) {
        best = static_cast<int>(k);
      }
    }
    if (best < 0) return;
    const FindingText& b = *v.nodes[best];
    const std::string_view raw = b.tactics[pos[best]].raw;
    if (!first) s.ch(',');
    first = false;
    s.ch('"');
    s.raw(b.tactic_escaped(pos[best]));
    s.ch('"');
    for (uint32_t k = 0; k < v.len; ++k) {
      if (pos[k] < v.nodes[k]->n_tactics && v.nodes[k]->tactics[pos[k]].raw == raw) ++pos[k];
    }
  }
}

template <typename S>
void emit_path(S& s, const PathView& v) {
  const uint32_t n = v.len;
  const FindingText& first = v.first();
  const FindingText& last = v.last();
  const PathId pid(v.num);
  s.raw("{\"id\":\"");
  s.raw(pid.view());
  s.raw("\",\"title\":\"");
  s.raw(first.name());
  s.raw(" \xE2\x86\x92 ");  // " → "
  s.raw(last.name());
  s.raw("\",\"description\":\"");
  s.ch(digit(n - 1));
  s.raw("-hop path in ");
  s.raw(first.provider());
  s.raw(" account ");
  s.raw(first.account());
  s.raw(": ");
  s.raw(first.name());
  s.raw(" (");
  s.raw(first.category());
  s.raw(") to ");
  s.raw(last.name());
  s.raw(" (");
  s.raw(last.category());
  s.raw(")\",\"severity\":\"");
  s.raw(path_severity_text(v));
  s.raw("\",\"score\":");
  s.uint(path_score(v));
  s.raw(",\"hop_count\":");
  s.ch(digit(n - 1));
  s.raw(",\"entry_point\":");
  emit_node(s, pid, 0, first);
  s.raw(",\"target\":");
  emit_node(s, pid, n - 1, last);
  s.raw(",\"nodes\":[");
  for (uint32_t i = 0; i < n; ++i) {
    if (i > 0) s.ch(',');
    emit_node(s, pid, i, *v.nodes[i]);
  }
  s.raw("],\"edges\":[");
  for (uint32_t i = 1; i < n; ++i) {
    if (i > 1) s.ch(',');
    emit_edge(s, pid, i, *v.edges[i - 1]);
  }
  s.raw("],\"mitre_tactics\":[");
  emit_tactics(s, v);
  s.raw("],\"finding_ids\":[");
  for (uint32_t i = 0; i < n; ++i) {
    if (i > 0) s.ch(',');
    s.ch('"');
    s.raw(v.nodes[i]->id());
    s.ch('"');
  }
  s.raw("],\"ai_enriched\":false}");
}

// The byte length of emit_path's output in closed form: the length pass runs
// over every path, so it adds up precomputed lengths instead of walking the
// emitter. Tests compare it with the emitted bytes on every path they build.
inline size_t path_length(const PathView& v) noexcept {
  constexpr auto L = [](std::string_view s) { return s.size(); };
  const uint32_t n = v.len;
  const FindingText& first = v.first();
  const FindingText& last = v.last();
  const size_t pid = 3 + std::max<size_t>(3, encode::uint_digits(v.num));
  auto node = [&](const FindingText& f) {
    return L("{\"id\":\"") + pid + L("-node-") + 1 + f.tail_len;
  };
  constexpr size_t kEdgeFixed = L("{\"id\":\"") + L("-edge-") + 1 + L("\",\"source\":\"") +
                                L("-node-") + 1 + L("\",\"target\":\"") + L("-node-") + 1 +
                                L("\",\"label\":\"") + L("\",\"edge_type\":\"") + L("\"}");
  const uint32_t score = path_score(v);
  size_t len = L("{\"id\":\"") + pid + L("\",\"title\":\"") + first.name_len +
               L(" \xE2\x86\x92 ") + last.name_len + L("\",\"description\":\"") + 1 +
               L("-hop path in ") + first.provider_len + L(" account ") + first.account_len +
               L(": ") + first.name_len + L(" (") + first.category_len + L(") to ") +
               last.name_len + L(" (") + last.category_len + L(")\",\"severity\":\"") +
               path_severity_text(v).size() + L("\",\"score\":") +
               (score == 0 ? 1 : score < 100 ? 2 : 3) + L(",\"hop_count\":") + 1 +
               L(",\"entry_point\":") + node(first) + L(",\"target\":") + node(last) +
               L(",\"nodes\":[") + (n - 1) + L("],\"edges\":[") + (n - 2) +
               L("],\"mitre_tactics\":[") + L("],\"finding_ids\":[") + (n - 1) +
               L("],\"ai_enriched\":false}");
  for (uint32_t i = 0; i < n; ++i) {
    const FindingText& f = *v.nodes[i];
    len += node(f) + f.id_len + 2;
    if (i > 0) {
      const EdgeKind& kind = *v.edges[i - 1];
      len += kEdgeFixed + 3 * pid + kind.label.size() + kind.type.size();
    }
  }
  if (const std::string* table = first.tactic_table) {
    uint64_t mask = 0;
    for (uint32_t i = 0; i < n; ++i) mask |= v.nodes[i]->tactic_mask;
    if (mask != 0) len += static_cast<size_t>(std::popcount(mask)) * 3 - 1;  // quotes, commas
    for (; mask != 0; mask &= mask - 1) len += table[std::countr_zero(mask)].size();
  } else {
    encode::CountSink c;
    emit_tactics(c, v);
    len += c.n;
  }
  return len;
}

}  // namespace aegis::engine
