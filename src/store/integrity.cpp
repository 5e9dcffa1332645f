#include "store/integrity.hpp"

#include "common/sha256.hpp"

namespace aegis {

void integrity_hash(const Finding& f, char out[64]) noexcept {
  Sha256 h;
  for (std::string_view field : {f.id, f.source, f.source_finding_id, f.resource_id,
                                 f.account_id, f.region, f.severity, f.title, f.status}) {
    h.update(field);
    h.update(std::string_view("\0", 1));
  }
  to_hex(h.finish(), out);
}

}  // namespace aegis
