// The loaded store: a findings document decoded once, attack paths computed
// once as compact records, then many concurrent read-only queries whose bytes
// equal the Go store's (see go/store). Immutable after open, so queries need
// no locks.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "aegispath.h"
#include "common/output_buffer.hpp"
#include "common/status.hpp"
#include "decode/findings.hpp"
#include "engine/attack_paths.hpp"

namespace aegis {

struct FindingQuery {
  std::string_view severity, provider, status;  // empty = any; ASCII case-insensitive
  int64_t page = 1;
  int64_t per_page = 50;
};

// One page of a list after the server's clamping rules.
struct PageWindow {
  int64_t page, per_page, total, total_pages;
  size_t begin, end;  // half-open range into the matching items
};

// page < 1 → 1; per_page outside 1..max_per_page → default_per_page; a page
// past the end → the last page (1 when empty).
PageWindow clamp_page(int64_t page, int64_t per_page, size_t total, int64_t default_per_page,
                      int64_t max_per_page);

class Store {
  struct Key {  // lets only open() construct a Store, through make_unique
    explicit Key() = default;
  };

 public:
  explicit Store(Key) {}
  static Error open(std::string_view json, const aegis_options& options,
                    std::unique_ptr<Store>& out);

  size_t finding_count() const noexcept { return doc_.findings.size(); }
  size_t path_count() const noexcept { return paths_->path_count(); }

  Error get_finding(std::string_view id, OutputBuffer& out) const;
  Error list_findings(const FindingQuery& query, OutputBuffer& out) const;
  Error path_stats(OutputBuffer& out) const;
  Error get_path(std::string_view id, OutputBuffer& out) const;
  Error list_paths(int64_t page, int64_t per_page, OutputBuffer& out) const;
  OutputBuffer paths_json() const;
  // Streams the whole result; false when the sink asked to stop.
  bool stream_paths(const std::function<bool(std::string_view)>& sink) const;

 private:
  std::string_view finding_json(uint32_t i) const noexcept {
    return std::string_view(findings_json_).substr(finding_offsets_[i],
                                                   finding_offsets_[i + 1] - finding_offsets_[i]);
  }

  FindingsDoc doc_;
  std::vector<char> hashes_;  // 64 hex digits per finding when hashes are on
  // Every finding's JSON, encoded once at open: finding i is
  // findings_json_[finding_offsets_[i], finding_offsets_[i + 1]).
  std::string findings_json_;
  std::vector<size_t> finding_offsets_;
  std::unordered_map<std::string_view, uint32_t> first_by_id_;
  EngineOptions engine_options_;
  std::optional<AttackPaths> paths_;  // refers to doc_, which never moves
};

}  // namespace aegis
