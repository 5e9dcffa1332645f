// Findings back to JSON, byte for byte what Go's json.Marshal writes for the
// engine.Finding struct: keys in the field table's order with its omitempty
// tags (model/finding_fields.hpp), values as docs/output.md describes.
#pragma once

#include <cstdint>
#include <span>
#include <string>

#include "common/output_buffer.hpp"
#include "model/findings.hpp"

namespace aegis::encode {

// Appends the Go json.Marshal bytes of one Finding.
void append_finding_json(const model::Finding& f, std::string& out);

// Exact byte length of append_finding_json's output for f.
size_t finding_json_length(const model::Finding& f) noexcept;

// Writes f at dst (exactly finding_json_length(f) bytes); returns the end.
char* write_finding_json(const model::Finding& f, char* dst) noexcept;

// `[` f,f,... `]` of doc.findings[indices[k]] into a new buffer; empty -> "[]".
// Throws std::bad_alloc (or std::out_of_range for a bad index).
common::OutputBuffer encode_findings_array(const model::FindingsDoc& doc,
                                           std::span<const uint32_t> indices);

// As above, with the writing spread over up to max_threads threads (0 = all
// cores). The bytes do not depend on the thread count. A result longer than
// max_bytes (0 = no cap) is refused before it is allocated
// (common::StatusError, AEGIS_ERR_RESULT_TOO_LARGE).
common::OutputBuffer encode_findings_array(const model::FindingsDoc& doc,
                                           std::span<const uint32_t> indices,
                                           unsigned max_threads, uint64_t max_bytes = 0);

}  // namespace aegis::encode
