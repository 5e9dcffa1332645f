// Step 1 of both engines (docs/algorithms.md, "Heuristic engine", step 1):
// the findings grouped by account_id. Paths never leave a group.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "model/findings.hpp"

namespace aegis::engine {

struct AccountGroup {
  std::string_view account_id;
  std::vector<uint32_t> members;  // indices into doc.findings, input order
};

// The groups of at least two findings, in ascending byte order of
// account_id (groups of one make no path). Throws std::length_error when
// the findings do not fit 32-bit indices.
std::vector<AccountGroup> group_by_account(const model::FindingsDoc& doc);

}  // namespace aegis::engine
