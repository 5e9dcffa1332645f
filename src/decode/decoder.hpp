// Findings decoder: JSON bytes -> model::FindingsDoc with Go's json.Unmarshal
// semantics into []Finding, plus the rejections of docs/input.md ("What is
// rejected").
#pragma once

#include <cstddef>
#include <string_view>

#include "common/status.hpp"
#include "model/findings.hpp"

namespace aegis::decode {

inline constexpr size_t kDefaultMaxInputBytes = size_t{64} << 20;

// Decodes a findings document (docs/input.md) into `out`, replacing its findings.
// `json` need not be padded or outlive the call: the document keeps its own
// copy of every string. Errors, checked in this order: AEGIS_ERR_TOO_LARGE
// (len > max_input_bytes), AEGIS_ERR_INVALID_UTF8, AEGIS_ERR_MALFORMED_JSON
// (as Go's scanner judges it), AEGIS_ERR_SCHEMA (e.g.
// `finding 3: field "severity": expected string, got number`). Thread-safe.
common::Error decode_findings(std::string_view json, size_t max_input_bytes,
                              model::FindingsDoc& out);

}  // namespace aegis::decode
