// The decoded findings document: 52-field findings exactly as Go's
// encoding/json would hold them after json.Unmarshal (SPEC §2), including the
// quirks that change output bytes (nil vs empty slices, slice-element reuse on
// repeated keys, pointer structs merged on repeated keys).
//
// Strings are views into the simdjson document owned by FindingsDoc, so the
// whole document stays valid as long as the FindingsDoc lives.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

namespace aegis {

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

struct Cve {
  std::string_view id, url, nvd_url, mitre_url, description;
  std::optional<double> cvss;
  std::string_view cvss_vector, cvss_version;
  std::optional<double> epss;
  bool cisa_known_exploited = false;
  std::string_view published, modified;
};

struct ComplianceMapping {
  std::string_view framework_id, framework_name, control_id, control_title, section,
      severity, url;
};

struct Assignee {
  std::string_view user_id, user_email, user_name, team, assigned_at, assigned_by,
      due_date;
  bool escalated = false;
  std::string_view escalated_to, escalated_at;
};

struct Contact {
  std::string_view name, email, team, phone, slack_id, on_call_url;
};

// Go map[string]string: keys unique, written sorted by byte order.
struct StringMap {
  std::vector<std::pair<std::string_view, std::string_view>> entries;  // sorted, unique
  bool nil = true;
};

// Field order = SPEC §2 order = output order.
struct Finding {
  std::string_view id, source, source_finding_id, type, title, description,
      resource_type, resource_id, resource_name;
  std::string_view resource_arn;  // omitempty
  std::string_view platform, cloud_provider, region, account_id, account_name,
      environment_type, static_severity, severity;
  double ai_risk_score = 0;
  std::string_view ai_risk_level, ai_risk_rationale;
  StringSlice ai_contextual_factors;
  std::optional<double> cvss;     // omitempty (absent != 0)
  std::string_view cvss_vector;   // omitempty
  std::optional<double> epss;     // omitempty
  bool exploit_available = false;
  GoSlice<Cve> cves;
  StringSlice mitre_tactics, mitre_techniques;
  GoSlice<ComplianceMapping> compliance_mappings;
  std::string_view remediation;
  bool auto_remediatable = false;
  std::string_view category, status, workflow_status;
  std::optional<Assignee> assignee;  // omitempty
  bool suppressed = false;
  std::optional<Contact> technical_contact, business_owner;  // omitempty
  std::string_view service_name, line_of_business;
  std::string_view team;  // omitempty
  std::string_view first_found_at, last_seen_at;
  std::string_view sla_breach_date;  // omitempty
  std::string_view due_date, deduplication_key, canonical_rule_id;
  std::string_view integrity_hash;  // omitempty
  StringMap tags;                   // omitempty
  StringSlice ips, emails;          // omitempty
};

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

}  // namespace aegis
