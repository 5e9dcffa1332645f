// The whole result {"paths":[...],"stats":{...}} of a path table: its exact
// length, written into one buffer (in parallel, disjoint ranges), or streamed
// in chunks of bounded size. Paths are measured and written in blocks whose
// offsets are computed when a result is written, never kept (docs/design.md,
// on parallel writing).
#pragma once

#include <cstddef>
#include <functional>
#include <string_view>
#include <vector>

#include "common/output_buffer.hpp"
#include "engine/options.hpp"
#include "engine/path_table.hpp"

namespace aegis::engine {

class ResultJson {
 public:
  // Pieces of at most about this many bytes, unless one block of paths is larger.
  static constexpr size_t kStreamChunkBytes = size_t{4} << 20;

  // Keeps references: table and stats_json must outlive this object.
  ResultJson(const PathTable& table, std::string_view stats_json) noexcept
      : table_(table), stats_(stats_json) {}

  // The exact byte length (a pass over every path).
  size_t length() const noexcept;
  // Fills exactly length() bytes at dst, with up to opts.max_threads threads
  // (0 = all cores). Throws common::StatusError when opts' stop token asks.
  void write(char* dst, const Options& opts) const;
  // One pass measures the paths, one writes them into a buffer allocated
  // once: refused (common::StatusError) before allocating when longer than
  // opts.max_result_bytes.
  common::OutputBuffer to_buffer(const Options& opts) const;
  // Calls sink with consecutive pieces of the result; stops and returns
  // false as soon as sink returns false. The stop token is polled between
  // pieces (and blocks); opts.max_result_bytes does not apply.
  bool stream(const std::function<bool(std::string_view)>& sink, const Options& opts) const;

 private:
  size_t n_blocks() const noexcept;
  size_t block_end(size_t b) const noexcept;
  uint64_t block_length(size_t b) const noexcept;
  void block_offsets(size_t b0, size_t b1, const Options& opts, std::vector<uint64_t>& cum) const;
  void write_blocks(size_t b0, size_t b1, const uint64_t* at, char* dst, const Options& opts) const;
  size_t total_length(uint64_t paths_bytes) const noexcept;
  void write_all(const std::vector<uint64_t>& cum, char* dst, const Options& opts) const;

  const PathTable& table_;
  std::string_view stats_;
};

}  // namespace aegis::engine
