// Integrity hashes of findings (docs/input.md, "The integrity hash"):
// lower-case hex SHA-256 over nine fields, each followed by one 0x00 byte.
#pragma once

#include <string>

#include "common/sha256.hpp"
#include "model/findings.hpp"

namespace aegis::pipeline {

// Hashes findings one after another for one thread. The nine fields are
// joined into one buffer and hashed with one update: per-field updates cost
// a third more time, as each EVP call has a fixed overhead.
class IntegrityHasher {
 public:
  // Writes f's 64 hex digits into out.
  void hash(const model::Finding& f, char out[64]);

 private:
  common::Sha256 sha_;
  std::string joined_;  // reused: no allocation once it has grown to a finding's size
};

// Sets every finding's integrity_hash to its hash, with up to max_threads
// threads (0 = all cores); the hex digits are kept alive by doc.
void fill_integrity_hashes(model::FindingsDoc& doc, unsigned max_threads);

}  // namespace aegis::pipeline
