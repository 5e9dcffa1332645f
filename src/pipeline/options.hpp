// What a caller may set for one call into the library, whatever the front end
// (the one-shot C calls, a store). The C API fills it from aegis_options in
// one place (src/abi/convert.cpp); the core never sees the C struct. A new
// option is a member here (with its default), a line there, and whatever
// stage reads it.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

#include "common/stop.hpp"
#include "decode/decoder.hpp"
#include "decode/edge_decoder.hpp"
#include "engine/options.hpp"

namespace aegis::pipeline {

struct Options {
  size_t max_input_bytes = decode::kDefaultMaxInputBytes;  // larger inputs are refused
  unsigned max_threads = 0;     // worker threads of every parallel stage; 0 = all cores
  bool integrity_hash = false;  // stores only: fill each finding's integrity_hash
  // Limits (docs/algorithms.md, "Limits and truncation"); 0 / null = none.
  uint64_t max_paths = 0;
  uint64_t max_result_bytes = 0;
  uint64_t timeout_ms = 0;                    // from the start of the call
  const std::atomic<bool>* cancel = nullptr;  // the caller's aegis_cancel, for this call only
  // Graph mode's edge document (docs/input.md, "Edge document"); nullopt =
  // the heuristic engine. A view for the duration of the call that opens an
  // analysis: the analysis keeps what it decodes, never the bytes.
  std::optional<std::string_view> edges;
  size_t max_edge_bytes = decode::kDefaultMaxEdgeBytes;  // larger edge documents are refused

  // The deadline and cancellation of a call starting now.
  common::StopToken stop_token() const noexcept { return common::StopToken(cancel, timeout_ms); }
  // The engine's options for a call that stops with `stop` (which must
  // outlive the call).
  engine::Options engine(const common::StopToken& stop) const noexcept {
    return engine::Options{max_threads, max_paths, max_result_bytes, &stop};
  }
};

}  // namespace aegis::pipeline
