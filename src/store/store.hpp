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

#include "common/once.hpp"
#include "common/output_buffer.hpp"
#include "common/status.hpp"
#include "common/stop.hpp"
#include "pipeline/analysis.hpp"
#include "pipeline/options.hpp"
#include "store/path_analysis.hpp"

namespace aegis::store {

struct FindingQuery {
  // empty = any; ASCII case-insensitive (provider is cloud_provider)
  std::string_view severity, provider, status, category;
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

// Limits of one call on a store (its options' max_result_bytes, or the
// caller's for that call, and a deadline / cancellation for that call).
struct CallLimits {
  uint64_t max_result_bytes = 0;  // 0 = no cap
  common::StopToken stop;         // never stops by default
};

class Store {
  struct Key {  // lets only open() construct a Store, through make_unique
    explicit Key() = default;
  };

 public:
  explicit Store(Key) {}
  // Decodes json and computes its attack paths (pipeline::Analysis, under
  // options' path cap, deadline and cancellation), then encodes every
  // finding once. json may be freed afterwards.
  static common::Error open(std::string_view json, const pipeline::Options& options,
                            std::unique_ptr<Store>& out);

  size_t finding_count() const noexcept { return doc().findings.size(); }
  size_t path_count() const noexcept { return paths().path_count(); }

  common::Error get_finding(std::string_view id, common::OutputBuffer& out) const;
  common::Error list_findings(const FindingQuery& query, common::OutputBuffer& out) const;
  common::Error path_stats(common::OutputBuffer& out) const;
  common::Error get_path(std::string_view id, common::OutputBuffer& out) const;
  common::Error list_paths(int64_t page, int64_t per_page, common::OutputBuffer& out) const;
  // The analysis of one path (store/path_analysis.hpp); AEGIS_ERR_NOT_FOUND
  // when no path has that id.
  common::Error path_analysis(std::string_view id, common::OutputBuffer& out) const;
  // The whole result, under the store's max_result_bytes.
  common::OutputBuffer paths_json() const;
  common::OutputBuffer paths_json(const CallLimits& limits) const;
  // The max_result_bytes the store was opened with (0 = none).
  uint64_t max_result_bytes() const noexcept { return analysis_->options().max_result_bytes; }
  // Streams the whole result; false when the sink asked to stop. Throws
  // common::StatusError when stop asks.
  bool stream_paths(const std::function<bool(std::string_view)>& sink,
                    const common::StopToken& stop = common::never_stop()) const;

 private:
  std::string_view finding_json(uint32_t i) const noexcept {
    return std::string_view(findings_json_).substr(finding_offsets_[i],
                                                   finding_offsets_[i + 1] - finding_offsets_[i]);
  }

  const model::FindingsDoc& doc() const noexcept { return analysis_->doc(); }
  const engine::AttackPaths& paths() const noexcept { return analysis_->paths(); }
  engine::Options engine_options(const common::StopToken& stop) const noexcept {
    return analysis_->options().engine(stop);
  }

  std::unique_ptr<pipeline::Analysis> analysis_;
  // Every finding's JSON, encoded once at open: finding i is
  // findings_json_[finding_offsets_[i], finding_offsets_[i + 1]).
  std::string findings_json_;
  std::vector<size_t> finding_offsets_;
  std::unordered_map<std::string_view, uint32_t> first_by_id_;
  // The blast radius's index, built by the first path_analysis query.
  mutable common::RetryableOnce near_once_;
  mutable std::unique_ptr<Neighbourhood> near_;
};

}  // namespace aegis::store
