// The attack-path engine (SPEC §3). compute() chains the findings into compact
// 16-byte path records, already numbered and in result order; all JSON is
// derived from those records on demand: the whole result into one buffer (in
// parallel, disjoint ranges), one path, or the result streamed in chunks.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "common/output_buffer.hpp"
#include "decode/findings.hpp"

namespace aegis {

struct EngineOptions {
  unsigned max_threads = 0;  // 0 = all cores
};

struct AttackPathStats {
  uint64_t total_findings = 0, findings_in_paths = 0, isolated_findings = 0;
  double coverage_percent = 0;
  uint64_t total_paths = 0, critical_paths = 0, high_paths = 0, medium_paths = 0;
};

class AttackPaths {
 public:
  // Keeps a reference to doc: doc must outlive the result. Throws
  // std::bad_alloc, or std::length_error past 2^32-2 paths.
  static AttackPaths compute(const FindingsDoc& doc, const EngineOptions& opts);

  AttackPaths(AttackPaths&&) noexcept;
  AttackPaths& operator=(AttackPaths&&) noexcept;
  ~AttackPaths();

  size_t path_count() const noexcept;
  const AttackPathStats& stats() const noexcept;

  // Memory the result holds, in bytes of container capacity (allocator
  // overhead not counted): what grows with the number of paths (the 16-byte
  // records), and what grows with the findings (their escaped texts, tactic
  // tables, stats).
  struct Memory {
    size_t per_path_bytes = 0, per_finding_bytes = 0;
  };
  Memory memory() const noexcept;

  // The whole result {"paths":[...],"stats":{...}}: one pass measures the
  // paths, one writes them in parallel into a buffer allocated once.
  OutputBuffer result_json(const EngineOptions& opts) const;
  // Its exact byte length (a pass over every path).
  size_t result_json_length() const noexcept;
  // Fills exactly result_json_length() bytes at dst.
  void write_result_json(uint8_t* dst, const EngineOptions& opts) const;

  // Path i in result (sorted) order, i < path_count().
  size_t path_json_length(size_t i) const noexcept;
  void write_path_json(size_t i, uint8_t* dst) const noexcept;
  std::string path_json(size_t i) const;
  // "ap-007" -> its index in result order; nullopt for anything else
  // (including a non-canonical spelling such as "ap-7").
  std::optional<size_t> find_path(std::string_view path_id) const noexcept;
  // The stats object alone.
  std::string stats_json() const;

  // Calls sink with consecutive pieces of the full result (each at most about
  // kStreamChunkBytes unless one path is larger); stops and returns false as
  // soon as sink returns false.
  static constexpr size_t kStreamChunkBytes = size_t{4} << 20;
  bool stream_result_json(const std::function<bool(std::string_view)>& sink,
                          const EngineOptions& opts) const;

  struct Impl;

 private:
  explicit AttackPaths(std::unique_ptr<Impl> impl) noexcept;
  std::unique_ptr<Impl> impl_;
};

}  // namespace aegis
