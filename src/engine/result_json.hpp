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
  // Fills exactly length() bytes at dst, with up to max_threads threads (0 = all cores).
  void write(char* dst, unsigned max_threads) const;
  // One pass measures the paths, one writes them into a buffer allocated once.
  common::OutputBuffer to_buffer(unsigned max_threads) const;
  // Calls sink with consecutive pieces of the result; stops and returns
  // false as soon as sink returns false.
  bool stream(const std::function<bool(std::string_view)>& sink, unsigned max_threads) const;

 private:
  size_t n_blocks() const noexcept;
  size_t block_end(size_t b) const noexcept;
  uint64_t block_length(size_t b) const noexcept;
  void block_offsets(size_t b0, size_t b1, bool parallel, std::vector<uint64_t>& cum) const;
  void write_blocks(size_t b0, size_t b1, const uint64_t* at, char* dst, bool parallel) const;
  size_t total_length(uint64_t paths_bytes) const noexcept;
  void write_all(const std::vector<uint64_t>& cum, char* dst, bool parallel) const;

  const PathTable& table_;
  std::string_view stats_;
};

}  // namespace aegis::engine
