// Integrity hashes of findings (docs/input.md, "The integrity hash"):
// lower-case hex SHA-256 over nine fields, each followed by one 0x00 byte.
#pragma once

#include "model/findings.hpp"

namespace aegis::pipeline {

void integrity_hash(const model::Finding& f, char out[64]) noexcept;

// Sets every finding's integrity_hash to its hash, with up to max_threads
// threads (0 = all cores); the hex digits are kept alive by doc.
void fill_integrity_hashes(model::FindingsDoc& doc, unsigned max_threads);

}  // namespace aegis::pipeline
