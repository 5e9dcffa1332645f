// Integrity hash of a finding (SPEC §2): lower-case hex SHA-256 over nine
// fields, each followed by one 0x00 byte.
#pragma once

#include "decode/findings.hpp"

namespace aegis {

void integrity_hash(const Finding& f, char out[64]) noexcept;

}  // namespace aegis
