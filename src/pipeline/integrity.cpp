#include "pipeline/integrity.hpp"


#include <memory>
#include <string_view>
#include <vector>

#include "common/parallel.hpp"
#include "common/sha256.hpp"

namespace aegis::pipeline {

void integrity_hash(const model::Finding& f, char out[64]) noexcept {
  common::Sha256 h;
  for (std::string_view field : {f.id, f.source, f.source_finding_id, f.resource_id,
                                 f.account_id, f.region, f.severity, f.title, f.status}) {
    h.update(field);
    h.update(std::string_view("\0", 1));
  }
  common::to_hex(h.finish(), out);
}

void fill_integrity_hashes(model::FindingsDoc& doc, unsigned max_threads) {
  auto& findings = doc.findings;
  const size_t n = findings.size();
  auto hex = std::make_shared<std::vector<char>>(n * 64);
  common::make_arena(max_threads).execute([&] {
    common::parallel_ranges(0, n, 512, [&](size_t lo, size_t hi) {
      for (size_t i = lo; i != hi; ++i) {
        char* digits = hex->data() + 64 * i;
        integrity_hash(findings[i], digits);
        findings[i].integrity_hash = std::string_view(digits, 64);
      }
    });
  });
  doc.keep_alive(std::move(hex));
}

}  // namespace aegis::pipeline
