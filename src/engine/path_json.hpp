// A path as a 16-byte record and its JSON as a pure function of that record
// (SPEC §3 "A path", DESIGN-NOTES §2, §5). Every string a node needs is escaped
// once per finding into an arena (FindingText), so emitting a path is a run of
// memcpy's, and measuring it (CountSink) is a run of additions.
#pragma once

#include <algorithm>
#include <bit>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "decode/findings.hpp"
#include "encode/json_writer.hpp"
#include "engine/classify.hpp"

namespace aegis::engine {

inline constexpr uint32_t kNoNode = UINT32_MAX;

// nodes = [n0, n1] when n2 == kNoNode, else [n0, n1, n2]; indices into
// doc.findings. num is the path number (the N of ap-N, 1-based).
struct PathRec {
  uint32_t n0, n1, n2, num;
  uint32_t size() const noexcept { return n2 == kNoNode ? 2 : 3; }
  uint32_t node(uint32_t i) const noexcept { return i == 0 ? n0 : i == 1 ? n1 : n2; }
  uint32_t last() const noexcept { return n2 == kNoNode ? n1 : n2; }
};
static_assert(sizeof(PathRec) == 16);

// One MITRE tactic of a finding: raw bytes (for sorting and de-duplication)
// and its escaped form at base + esc_off of the owning FindingText.
struct Tactic {
  std::string_view raw;
  uint32_t esc_off, esc_len;
};

// The escaped strings of one finding, laid out at `base` in this order:
// node tail, id, resource_name, cloud_provider, category, account_id, tactics.
// The node tail is everything of a node object after its id value:
// `","finding_id":"…", … ,"label":"…"}`.
struct FindingText {
  const char* base = nullptr;
  const Tactic* tactics = nullptr;  // sorted by raw, distinct
  // When the finding's account group has at most 64 distinct tactics, bit b
  // of tactic_mask stands for tactic_table[b] (escaped; bits in byte order of
  // the raw strings), so a path's union is an OR. Null table: merge `tactics`.
  const std::string* tactic_table = nullptr;
  uint64_t tactic_mask = 0;
  uint32_t tail_len = 0, id_len = 0, name_len = 0, provider_len = 0, category_len = 0,
           account_len = 0;
  uint32_t n_tactics = 0;
  uint8_t rank = 0;   // severity rank
  uint8_t flags = 0;  // kFlag* of classify.hpp

  std::string_view tail() const noexcept { return {base, tail_len}; }
  std::string_view id() const noexcept { return {base + tail_len, id_len}; }
  std::string_view name() const noexcept { return {base + tail_len + id_len, name_len}; }
  std::string_view provider() const noexcept {
    return {base + tail_len + id_len + name_len, provider_len};
  }
  std::string_view category() const noexcept {
    return {base + tail_len + id_len + name_len + provider_len, category_len};
  }
  std::string_view account() const noexcept {
    return {base + tail_len + id_len + name_len + provider_len + category_len, account_len};
  }
  std::string_view tactic_escaped(uint32_t k) const noexcept {
    return {base + tactics[k].esc_off, tactics[k].esc_len};
  }
};

// Appends f's escaped strings to arena (layout above) and fills `text` with the
// lengths and offsets; `tactics` receives f's sorted distinct tactics with
// offsets relative to the finding's start in the arena. base/tactics pointers
// are set later, once the arena and the tactic vector stop moving.
void append_finding_text(const Finding& f, std::string& arena, std::vector<Tactic>& tactics,
                         FindingText& text);

// Path-level derived values.
inline uint8_t path_severity_rank(const PathRec& r, const FindingText* t) noexcept {
  uint8_t best = 1;  // starts from "LOW"; only a strictly higher rank replaces it
  for (uint32_t i = 0; i < r.size(); ++i) best = t[r.node(i)].rank > best ? t[r.node(i)].rank : best;
  return best;
}
inline uint32_t path_score(const PathRec& r, const FindingText* t) noexcept {
  uint32_t sum = 0;
  for (uint32_t i = 0; i < r.size(); ++i) sum += t[r.node(i)].rank * 25u;
  return sum > 100 ? 100 : sum;
}

// "ap-" + the number, at least 3 digits; formatted once per path.
struct PathId {
  char buf[16];
  uint32_t len;
  explicit PathId(uint32_t num) noexcept {
    std::memcpy(buf, "ap-", 3);
    len = static_cast<uint32_t>(json::write_uint(buf + 3, num, 3) - buf);
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

struct EdgeKind {
  std::string_view label, type;
};
// SPEC §3 "An edge", first rule wins.
inline EdgeKind edge_kind(const FindingText& from, const FindingText& to) noexcept {
  if (to.flags & kFlagDataTarget) return {"data access", "data_access"};
  if ((from.flags | to.flags) & kFlagIdentity) return {"IAM trust", "iam_trust"};
  if ((from.flags | to.flags) & kFlagNetwork) return {"network access", "network_reachable"};
  return {"lateral movement", "lateral_movement"};
}

template <typename S>
void emit_edge(S& s, const PathId& pid, uint32_t i, const FindingText& from, const FindingText& to) {
  const auto [label, type] = edge_kind(from, to);
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
  s.raw(label);
  s.raw("\",\"edge_type\":\"");
  s.raw(type);
  s.raw("\"}");
}

// The sorted distinct union of the nodes' tactics: a k-way merge of their
// already sorted, distinct lists (k <= 3), so no allocation.
template <typename S>
void emit_tactics(S& s, const FindingText* const* nodes, uint32_t n) {
  if (const std::string* table = nodes[0]->tactic_table) {  // a path never leaves its group
    uint64_t mask = 0;
    for (uint32_t k = 0; k < n; ++k) mask |= nodes[k]->tactic_mask;
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
  uint32_t pos[3] = {0, 0, 0};
  bool first = true;
  for (;;) {
    int best = -1;
    for (uint32_t k = 0; k < n; ++k) {
      if (pos[k] >= nodes[k]->n_tactics) continue;
      if (best < 0 ||
          nodes[k]->tactics[pos[k]].raw < nodes[best]->tactics[pos[best]].raw) {
        best = static_cast<int>(k);
      }
    }
    if (best < 0) return;
    const FindingText& b = *nodes[best];
    const std::string_view v = b.tactics[pos[best]].raw;
    if (!first) s.ch(',');
    first = false;
    s.ch('"');
    s.raw(b.tactic_escaped(pos[best]));
    s.ch('"');
    for (uint32_t k = 0; k < n; ++k) {
      if (pos[k] < nodes[k]->n_tactics && nodes[k]->tactics[pos[k]].raw == v) ++pos[k];
    }
  }
}

template <typename S>
void emit_path(S& s, const PathRec& r, const FindingText* texts) {
  const uint32_t n = r.size();
  const FindingText* nodes[3] = {&texts[r.n0], &texts[r.n1], n == 3 ? &texts[r.n2] : nullptr};
  const FindingText& first = *nodes[0];
  const FindingText& last = *nodes[n - 1];
  const PathId pid(r.num);
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
  s.raw(severity_name(path_severity_rank(r, texts)));
  s.raw("\",\"score\":");
  s.uint(path_score(r, texts));
  s.raw(",\"hop_count\":");
  s.ch(digit(n - 1));
  s.raw(",\"entry_point\":");
  emit_node(s, pid, 0, first);
  s.raw(",\"target\":");
  emit_node(s, pid, n - 1, last);
  s.raw(",\"nodes\":[");
  for (uint32_t i = 0; i < n; ++i) {
    if (i > 0) s.ch(',');
    emit_node(s, pid, i, *nodes[i]);
  }
  s.raw("],\"edges\":[");
  for (uint32_t i = 1; i < n; ++i) {
    if (i > 1) s.ch(',');
    emit_edge(s, pid, i, *nodes[i - 1], *nodes[i]);
  }
  s.raw("],\"mitre_tactics\":[");
  emit_tactics(s, nodes, n);
  s.raw("],\"finding_ids\":[");
  for (uint32_t i = 0; i < n; ++i) {
    if (i > 0) s.ch(',');
    s.ch('"');
    s.raw(nodes[i]->id());
    s.ch('"');
  }
  s.raw("],\"ai_enriched\":false}");
}

// The byte length of emit_path's output in closed form: the length pass runs
// over every path, so it adds up precomputed lengths instead of walking the
// emitter. Tests compare it with the emitted bytes on every path they build.
inline size_t path_length(const PathRec& r, const FindingText* texts) noexcept {
  constexpr auto L = [](std::string_view v) { return v.size(); };
  const uint32_t n = r.size();
  const FindingText& first = texts[r.n0];
  const FindingText& last = texts[r.last()];
  const size_t pid = 3 + std::max<size_t>(3, json::uint_digits(r.num));
  auto node = [&](const FindingText& f) { return L("{\"id\":\"") + pid + L("-node-") + 1 + f.tail_len; };
  constexpr size_t kEdgeFixed = L("{\"id\":\"") + L("-edge-") + 1 + L("\",\"source\":\"") + L("-node-") + 1 +
                                L("\",\"target\":\"") + L("-node-") + 1 + L("\",\"label\":\"") +
                                L("\",\"edge_type\":\"") + L("\"}");
  const uint32_t score = path_score(r, texts);
  size_t len = L("{\"id\":\"") + pid + L("\",\"title\":\"") + first.name_len + L(" \xE2\x86\x92 ") +
               last.name_len + L("\",\"description\":\"") + 1 + L("-hop path in ") + first.provider_len +
               L(" account ") + first.account_len + L(": ") + first.name_len + L(" (") +
               first.category_len + L(") to ") + last.name_len + L(" (") + last.category_len +
               L(")\",\"severity\":\"") + severity_name(path_severity_rank(r, texts)).size() +
               L("\",\"score\":") + (score == 0 ? 1 : score < 100 ? 2 : 3) + L(",\"hop_count\":") + 1 +
               L(",\"entry_point\":") + node(first) + L(",\"target\":") + node(last) + L(",\"nodes\":[") +
               (n - 1) + L("],\"edges\":[") + (n - 2) + L("],\"mitre_tactics\":[") +
               L("],\"finding_ids\":[") + (n - 1) + L("],\"ai_enriched\":false}");
  for (uint32_t i = 0; i < n; ++i) {
    const FindingText& f = texts[r.node(i)];
    len += node(f) + f.id_len + 2;
    if (i > 0) {
      const auto [label, type] = edge_kind(texts[r.node(i - 1)], f);
      len += kEdgeFixed + 3 * pid + label.size() + type.size();
    }
  }
  if (const std::string* table = first.tactic_table) {
    uint64_t mask = 0;
    for (uint32_t i = 0; i < n; ++i) mask |= texts[r.node(i)].tactic_mask;
    if (mask != 0) len += static_cast<size_t>(std::popcount(mask)) * 3 - 1;  // quotes, commas
    for (; mask != 0; mask &= mask - 1) len += table[std::countr_zero(mask)].size();
  } else {
    const FindingText* nodes[3] = {&texts[r.n0], &texts[r.n1], n == 3 ? &texts[r.n2] : nullptr};
    json::CountSink c;
    emit_tactics(c, nodes, n);
    len += c.n;
  }
  return len;
}

}  // namespace aegis::engine
