#include "pipeline/integrity.hpp"


#include <memory>
#include <string_view>
#include <vector>

#include "common/parallel.hpp"

namespace aegis::pipeline {

void IntegrityHasher::hash(const model::Finding& f, char out[64]) {
  joined_.clear();
  for (std::string_view field : {f.id, f.source, f.source_finding_id, f.resource_id,
                                 f.account_id, f.region, f.severity, f.title, f.status}) {
    joined_.append(field);
    joined_.push_back('\0');
  }
  sha_.update(joined_);
  common::to_hex(sha_.finish(), out);
}

void fill_integrity_hashes(model::FindingsDoc& doc, unsigned max_threads) {
  auto& findings = doc.findings;
  const size_t n = findings.size();
  auto hex = std::make_shared<std::vector<char>>(n * 64);
  common::make_arena(max_threads).execute([&] {
    common::parallel_ranges(0, n, 512, [&](size_t lo, size_t hi) {
      IntegrityHasher hasher;  // one per chunk of findings: a context per 512 hashes
      for (size_t i = lo; i != hi; ++i) {
        char* digits = hex->data() + 64 * i;
        hasher.hash(findings[i], digits);
        findings[i].integrity_hash = std::string_view(digits, 64);
      }
    });
  });
  doc.keep_alive(std::move(hex));
}

}  // namespace aegis::pipeline
