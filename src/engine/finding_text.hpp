// The escaped strings of the findings that lie on some path (docs/design.md:
// every string a node needs is escaped once per finding, so writing a path is
// a run of copies and measuring it a run of additions). Shared by every chain
// builder; built per account group, in parallel.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/classify.hpp"
#include "model/findings.hpp"

namespace aegis::engine {

// One MITRE tactic of a finding: raw bytes (for sorting and de-duplication)
// and its escaped form at base + esc_off of the owning FindingText.
struct Tactic {
  std::string_view raw;
  uint32_t esc_off, esc_len;
};

// The escaped strings of one finding, laid out at `base` in this order:
// node tail, id, resource_name, cloud_provider, category, account_id,
// severity, tactics.
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
           account_len = 0, severity_len = 0;
  uint32_t n_tactics = 0;
  uint8_t rank = 0;   // severity rank, under the engine's CaseRule
  uint8_t flags = 0;  // kFlag* of classify.hpp (edge flags under the engine's CaseRule)

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
  std::string_view severity() const noexcept {
    return {base + tail_len + id_len + name_len + provider_len + category_len + account_len,
            severity_len};
  }
  std::string_view tactic_escaped(uint32_t k) const noexcept {
    return {base + tactics[k].esc_off, tactics[k].esc_len};
  }
};

// Appends f's escaped strings to arena (layout above) and fills `text` with the
// lengths and offsets; `tactics` receives f's sorted distinct tactics with
// offsets relative to the finding's start in the arena. base/tactics pointers
// are set later, once the arena and the tactic vector stop moving.
void append_finding_text(const model::Finding& f, std::string& arena, std::vector<Tactic>& tactics,
                         FindingText& text);

// The texts of every finding on a path, by finding index; entries of other
// findings stay empty.
class FindingTexts {
 public:
  FindingTexts() = default;
  FindingTexts(size_t n_findings, size_t n_groups, CaseRule rule)
      : texts_(n_findings), groups_(n_groups), rule_(rule) {}

  // Builds the texts of members[x] for every x with on_path[x] != 0, into the
  // storage of group g. Calls for different groups may run at once: each
  // writes only its own members' entries.
  void build_group(size_t g, const model::FindingsDoc& doc, std::span<const uint32_t> members,
                   std::span<const uint8_t> on_path);

  const FindingText* data() const noexcept { return texts_.data(); }
  // Container capacity held, in bytes.
  size_t memory_bytes() const noexcept;

 private:
  struct GroupStorage {
    std::string arena;                      // escaped strings
    std::vector<Tactic> tactics;
    std::vector<std::string> tactic_table;  // escaped, byte order of the raw strings
  };
  void build_tactic_masks(GroupStorage& g, std::span<const uint32_t> members,
                          std::span<const uint8_t> on_path);

  std::vector<FindingText> texts_;
  std::vector<GroupStorage> groups_;
  CaseRule rule_ = CaseRule::kExact;
};

}  // namespace aegis::engine
