// The decoded findings document: 52-field findings exactly as Go's
// encoding/json holds them after json.Unmarshal (docs/input.md), including
// the quirks that change output bytes (nil vs empty slices, slice-element
// reuse on repeated keys, pointer structs merged on repeated keys).
//
// The structs' members come from the field table (model/finding_fields.hpp),
// so a field is declared, decoded and encoded from one row. Strings are views
// into storage that FindingsDoc owns, so the whole document stays valid as
// long as the FindingsDoc lives.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

#include "model/finding_fields.hpp"

namespace aegis::model {

// A Go slice decoded with Go's reuse rules. `backing` plays the role of Go's
// backing array: its size is the capacity ever used, and elements beyond
// `len` keep stale values that a later decode of the same key can re-expose
// (Go decodes into existing elements instead of zeroing them).
template <typename T>
struct GoSlice {
  std::vector<T> backing;
  uint32_t len = 0;
  bool nil = true;

  const T* begin() const noexcept { return backing.data(); }
  const T* end() const noexcept { return backing.data() + len; }
  uint32_t size() const noexcept { return len; }
  bool empty() const noexcept { return len == 0; }
};

using StringSlice = GoSlice<std::string_view>;

// Go map[string]string: keys unique, written sorted by byte order.
struct StringMap {
  std::vector<std::pair<std::string_view, std::string_view>> entries;  // sorted, unique
  bool nil = true;
};

// One member per row of the field table, value-initialised (empty strings,
// 0, false, absent optionals, nil slices).
#define AEGIS_MODEL_MEMBER(name, type, tag) type name{};

struct Cve {
  AEGIS_CVE_FIELDS(AEGIS_MODEL_MEMBER)
};

struct ComplianceMapping {
  AEGIS_COMPLIANCE_MAPPING_FIELDS(AEGIS_MODEL_MEMBER)
};

struct Assignee {
  AEGIS_ASSIGNEE_FIELDS(AEGIS_MODEL_MEMBER)
};

struct Contact {
  AEGIS_CONTACT_FIELDS(AEGIS_MODEL_MEMBER)
};

struct Finding {
  AEGIS_FINDING_FIELDS(AEGIS_MODEL_MEMBER)
};

#undef AEGIS_MODEL_MEMBER

// Owns everything the findings' string views point into.
class FindingsDoc {
 public:
  std::vector<Finding> findings;

  // Keeps `owner` (a parser, a rewritten input copy, a string arena...) alive
  // for as long as this document lives.
  void keep_alive(std::shared_ptr<void> owner) { owners_.push_back(std::move(owner)); }

 private:
  std::vector<std::shared_ptr<void>> owners_;
};

}  // namespace aegis::model
