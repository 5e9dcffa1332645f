// Go-compatible JSON well-formedness check with a rewrite for simdjson.
//
// simdjson rejects some inputs Go's encoding/json accepts (numbers that do not
// fit a double or a 64-bit integer, lone surrogate escapes). When simdjson
// fails, this scanner judges the input exactly as Go's scanner does and, when
// Go would accept it, writes a copy that simdjson accepts and that decodes to
// the values Go would decode:
//  - a surrogate escape that does not form a valid pair becomes \ufffd (Go's
//    unquote does the same);
//  - integers outside int64/uint64 and all non-integer numbers become the
//    shortest round-trip scientific form of the correctly rounded double;
//  - a number out of float64 range becomes kOverflowSentinel, and a genuine
//    kOverflowSentinel token becomes its (in-range) double, so a decoder that
//    knows it reads a rewritten document treats the uint64 value UINT64_MAX as
//    "out of range" (an error in a float field, harmless anywhere else).
// Non-recursive: nesting is an explicit stack capped at Go's 10,000 levels.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "common/stop.hpp"

namespace aegis::decode {

inline constexpr std::string_view kOverflowSentinel = "18446744073709551615";
inline constexpr size_t kGoMaxDepth = 10000;  // Go's maxNestingDepth

struct RewriteOptions {
  // Write the integer token `-0` as `-0.0`: simdjson reads `-0` as the integer
  // 0, which loses the sign Go keeps when it decodes `-0` into a float64.
  bool negative_zero_as_double = false;
};

struct ScanResult {
  bool ok = false;
  std::string message;  // Go-style syntax error when !ok
  size_t rewrites = 0;  // tokens changed in `out`
};

// Scans `in`; when well-formed, `out` holds the rewritten copy (no padding).
ScanResult scan_and_rewrite(std::string_view in, std::string& out, const RewriteOptions& opts);

// True when Go's scanner accepts `in` (no rewrite produced).
bool is_valid_go_json(std::string_view in);

// Go's scanner's judgement of `in` with its message when it rejects it (no
// rewrite produced). Polls stop about every MiB (the edge document may be
// large): throws common::StatusError when it is set.
ScanResult check_go_json(std::string_view in, const common::StopToken& stop = common::never_stop());

}  // namespace aegis::decode
