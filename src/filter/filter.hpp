// Findings filter of aegis_load_and_serialize_findings (docs/c-api.md):
// parse the filter object, select findings.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.hpp"
#include "model/findings.hpp"

namespace aegis::filter {

inline constexpr size_t kMaxFilterBytes = size_t{64} << 10;
inline constexpr uint64_t kMaxFilterLimit = 10000;

// An empty string means "no constraint" on that field.
struct FindingsFilter {
  std::string severity, provider, status, category;
  uint64_t offset = 0;
  uint64_t limit = kMaxFilterLimit;
};

// Parses a filter object like the Go engine: json.Unmarshal into
// struct{Severity, Provider, Status, Category string; Offset, Limit int} after
// checking the first non-space byte is `{` (so Go's key rules apply:
// case-insensitive, later duplicate wins, unknown keys ignored, null leaves the
// value). Negative offset/limit are errors; limit 0 or over 10,000 means 10,000.
// Every failure is AEGIS_ERR_INVALID_FILTER (also invalid UTF-8, malformed
// JSON, over 64 KiB, non-integer numbers).
common::Error parse_filter(std::string_view json, FindingsFilter& out);

// Indices (input order) of the findings that pass: exact equality on severity,
// cloud_provider (filter "provider"), status and category; then skip `offset`
// and take at most `limit`.
std::vector<uint32_t> select_findings(const model::FindingsDoc& doc, const FindingsFilter& filter);

}  // namespace aegis::filter
