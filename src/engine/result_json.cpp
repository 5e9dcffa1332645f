#include "engine/result_json.hpp"


#include <algorithm>
#include <cstring>

#include "common/parallel.hpp"

namespace aegis::engine {
namespace {

// Paths per block: the unit of parallel writing and of stream chunks.
constexpr size_t kBlock = 256;
// Blocks measured at a time while streaming: a few chunks' worth.
constexpr size_t kStreamWindowBlocks = 64;
constexpr std::string_view kPrefix = "{\"paths\":[";
constexpr std::string_view kMid = "],\"stats\":";

// Runs one(b) for every block of [b0, b1), in parallel unless opts asks for
// one thread. When the stop token asks, the remaining blocks are skipped and
// StatusError is thrown (from the calling thread, after the loop).
template <typename F>
void for_blocks(size_t b0, size_t b1, const Options& opts, const F& one) {
  const common::StopToken& stop = opts.stop_token();
  const bool stoppable = stop.can_stop();
  if (opts.max_threads == 1 || b1 - b0 < 2) {
    for (size_t b = b0; b < b1; ++b) {
      if (stoppable && stop.stop_requested()) break;
      one(b);
    }
  } else {
    common::parallel_ranges(b0, b1, 1, [&](size_t lo, size_t hi) {
      for (size_t b = lo; b < hi; ++b) {
        if (stoppable && stop.stop_requested()) return;
        one(b);
      }
    });
  }
  if (stoppable) stop.throw_if_stopped();
}

char* put(char* dst, std::string_view bytes) noexcept {
  std::memcpy(dst, bytes.data(), bytes.size());
  return dst + bytes.size();
}

}  // namespace

size_t ResultJson::n_blocks() const noexcept { return (table_.size() + kBlock - 1) / kBlock; }

size_t ResultJson::block_end(size_t b) const noexcept {
  return std::min(table_.size(), (b + 1) * kBlock);
}

// Bytes of block b with the comma before each of its paths but the first of all.
uint64_t ResultJson::block_length(size_t b) const noexcept {
  uint64_t len = 0;
  for (size_t i = b * kBlock; i < block_end(b); ++i) len += table_.path_length(i) + (i > 0 ? 1 : 0);
  return len;
}

// Offsets of blocks [b0, b1) relative to b0: cum[i] = bytes of blocks
// [b0, b0 + i); cum gets b1 - b0 + 1 entries.
void ResultJson::block_offsets(size_t b0, size_t b1, const Options& opts,
                               std::vector<uint64_t>& cum) const {
  cum.assign(b1 - b0 + 1, 0);
  for_blocks(b0, b1, opts, [&](size_t b) { cum[b - b0 + 1] = block_length(b); });
  for (size_t i = 1; i < cum.size(); ++i) cum[i] += cum[i - 1];
}

// Writes blocks [b0, b1) at dst: block b at dst + (at[b - b0] - at[0]),
// with `at` a slice of offsets from block_offsets.
void ResultJson::write_blocks(size_t b0, size_t b1, const uint64_t* at, char* dst,
                              const Options& opts) const {
  for_blocks(b0, b1, opts, [&](size_t b) {
    table_.write_paths(b * kBlock, block_end(b), dst + (at[b - b0] - at[0]));
  });
}

size_t ResultJson::total_length(uint64_t paths_bytes) const noexcept {
  return kPrefix.size() + paths_bytes + kMid.size() + stats_.size() + 1;
}

// The whole result at dst, whose size is total_length(cum.back()).
void ResultJson::write_all(const std::vector<uint64_t>& cum, char* dst, const Options& opts) const {
  dst = put(dst, kPrefix);
  write_blocks(0, n_blocks(), cum.data(), dst, opts);
  dst = put(dst + cum.back(), kMid);
  dst = put(dst, stats_);
  *dst = '}';
}

size_t ResultJson::length() const noexcept {
  uint64_t paths_bytes = 0;
  for (size_t b = 0; b < n_blocks(); ++b) paths_bytes += block_length(b);
  return total_length(paths_bytes);
}

void ResultJson::write(char* dst, const Options& opts) const {
  std::vector<uint64_t> cum;
  common::make_arena(opts.max_threads).execute([&] {
    block_offsets(0, n_blocks(), opts, cum);
    write_all(cum, dst, opts);
  });
}

common::OutputBuffer ResultJson::to_buffer(const Options& opts) const {
  std::vector<uint64_t> cum;
  common::OutputBuffer out;
  common::make_arena(opts.max_threads).execute([&] {
    block_offsets(0, n_blocks(), opts, cum);
    const size_t len = total_length(cum.back());
    common::check_result_bytes(len, opts.max_result_bytes);
    out = common::OutputBuffer::allocate(len);
    write_all(cum, reinterpret_cast<char*>(out.data()), opts);
  });
  return out;
}

bool ResultJson::stream(const std::function<bool(std::string_view)>& sink,
                        const Options& opts) const {
  const common::StopToken& stop = opts.stop_token();
  if (!sink(kPrefix)) return false;
  common::StageArena arena(opts.max_threads);
  std::vector<char> buf;
  std::vector<uint64_t> cum;
  const size_t nb = n_blocks();
  for (size_t w0 = 0; w0 < nb; w0 += kStreamWindowBlocks) {
    const size_t w1 = std::min(nb, w0 + kStreamWindowBlocks);
    arena.execute([&] { block_offsets(w0, w1, opts, cum); });
    // Chunks of whole blocks, at most kStreamChunkBytes unless one block is larger.
    for (size_t b0 = w0; b0 < w1;) {
      stop.throw_if_stopped();
      size_t b1 = b0 + 1;
      while (b1 < w1 && cum[b1 + 1 - w0] - cum[b0 - w0] <= kStreamChunkBytes) ++b1;
      const size_t len = cum[b1 - w0] - cum[b0 - w0];
      if (buf.size() < len) buf.resize(len);
      arena.execute([&] { write_blocks(b0, b1, cum.data() + (b0 - w0), buf.data(), opts); });
      if (!sink(std::string_view(buf.data(), len))) return false;
      b0 = b1;
    }
  }
  stop.throw_if_stopped();
  if (!sink(kMid) || !sink(stats_)) return false;
  return sink("}");
}

}  // namespace aegis::engine
