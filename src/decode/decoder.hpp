// Findings decoder: JSON bytes -> FindingsDoc with Go's json.Unmarshal
// semantics into []Finding, plus the rejections of SPEC §2.
#pragma once

#include <cstddef>
#include <string_view>

#include "common/status.hpp"
#include "decode/findings.hpp"

namespace aegis {

inline constexpr size_t kDefaultMaxInputBytes = size_t{64} << 20;

// Decodes a findings document (SPEC §2) into `out`, replacing its findings.
// `json` need not be padded or outlive the call: the document keeps its own
// copy of every string. Errors, checked in this order: AEGIS_ERR_TOO_LARGE
// (len > max_input_bytes), AEGIS_ERR_INVALID_UTF8, AEGIS_ERR_MALFORMED_JSON
// (as Go's scanner judges it), AEGIS_ERR_SCHEMA (e.g.
// `finding 3: field "severity": expected string, got number`). Thread-safe.
Error decode_findings(std::string_view json, size_t max_input_bytes, FindingsDoc& out);

}  // namespace aegis
