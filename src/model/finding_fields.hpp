// The field table of the findings model: every field of a finding and of its
// nested objects, written down once. Each row is X(name, type, tag):
//   name  the C++ member and the JSON key (they are always equal);
//   type  the member's type, modelled on the Go struct's (a Go *T is a
//         std::optional<T>, a Go []T a GoSlice<T>);
//   tag   `always`, or `omitempty` for Go's `json:",omitempty"`.
// Rows are in struct order, which is the order Go writes the keys in
// (docs/input.md, "The 52 fields of a finding" and "Nested objects").
//
// Three users read the table, so a field added here is declared, decoded and
// encoded at once: model/findings.hpp declares the structs from it,
// decode/decoder.cpp matches keys to fields with it, and
// encode/finding_encoder.cpp writes the fields in its order with its tags
// (both through model::Fields<T>, model/field_visit.hpp).
#pragma once

#define AEGIS_CVE_FIELDS(X)                                                                 \
  X(id, std::string_view, always)                                                           \
  X(url, std::string_view, always)                                                          \
  X(nvd_url, std::string_view, always)                                                      \
  X(mitre_url, std::string_view, always)                                                    \
  X(description, std::string_view, always)                                                  \
  X(cvss, std::optional<double>, omitempty)                                                 \
  X(cvss_vector, std::string_view, omitempty)                                               \
  X(cvss_version, std::string_view, omitempty)                                              \
  X(epss, std::optional<double>, omitempty)                                                 \
  X(cisa_known_exploited, bool, always)                                                     \
  X(published, std::string_view, always)                                                    \
  X(modified, std::string_view, always)

#define AEGIS_COMPLIANCE_MAPPING_FIELDS(X)                                                  \
  X(framework_id, std::string_view, always)                                                 \
  X(framework_name, std::string_view, always)                                               \
  X(control_id, std::string_view, always)                                                   \
  X(control_title, std::string_view, always)                                                \
  X(section, std::string_view, always)                                                      \
  X(severity, std::string_view, always)                                                     \
  X(url, std::string_view, always)

#define AEGIS_ASSIGNEE_FIELDS(X)                                                            \
  X(user_id, std::string_view, omitempty)                                                   \
  X(user_email, std::string_view, omitempty)                                                \
  X(user_name, std::string_view, omitempty)                                                 \
  X(team, std::string_view, omitempty)                                                      \
  X(assigned_at, std::string_view, omitempty)                                               \
  X(assigned_by, std::string_view, omitempty)                                               \
  X(due_date, std::string_view, omitempty)                                                  \
  X(escalated, bool, omitempty)                                                             \
  X(escalated_to, std::string_view, omitempty)                                              \
  X(escalated_at, std::string_view, omitempty)

#define AEGIS_CONTACT_FIELDS(X)                                                             \
  X(name, std::string_view, omitempty)                                                      \
  X(email, std::string_view, omitempty)                                                     \
  X(team, std::string_view, omitempty)                                                      \
  X(phone, std::string_view, omitempty)                                                     \
  X(slack_id, std::string_view, omitempty)                                                  \
  X(on_call_url, std::string_view, omitempty)

#define AEGIS_FINDING_FIELDS(X)                                                             \
  X(id, std::string_view, always)                                                           \
  X(source, std::string_view, always)                                                       \
  X(source_finding_id, std::string_view, always)                                            \
  X(type, std::string_view, always)                                                         \
  X(title, std::string_view, always)                                                        \
  X(description, std::string_view, always)                                                  \
  X(resource_type, std::string_view, always)                                                \
  X(resource_id, std::string_view, always)                                                  \
  X(resource_name, std::string_view, always)                                                \
  X(resource_arn, std::string_view, omitempty)                                              \
  X(platform, std::string_view, always)                                                     \
  X(cloud_provider, std::string_view, always)                                               \
  X(region, std::string_view, always)                                                       \
  X(account_id, std::string_view, always)                                                   \
  X(account_name, std::string_view, always)                                                 \
  X(environment_type, std::string_view, always)                                             \
  X(static_severity, std::string_view, always)                                              \
  X(severity, std::string_view, always)                                                     \
  X(ai_risk_score, double, always)                                                          \
  X(ai_risk_level, std::string_view, always)                                                \
  X(ai_risk_rationale, std::string_view, always)                                            \
  X(ai_contextual_factors, StringSlice, always)                                             \
  X(cvss, std::optional<double>, omitempty)                                                 \
  X(cvss_vector, std::string_view, omitempty)                                               \
  X(epss, std::optional<double>, omitempty)                                                 \
  X(exploit_available, bool, always)                                                        \
  X(cves, GoSlice<Cve>, always)                                                             \
  X(mitre_tactics, StringSlice, always)                                                     \
  X(mitre_techniques, StringSlice, always)                                                  \
  X(compliance_mappings, GoSlice<ComplianceMapping>, always)                                \
  X(remediation, std::string_view, always)                                                  \
  X(auto_remediatable, bool, always)                                                        \
  X(category, std::string_view, always)                                                     \
  X(status, std::string_view, always)                                                       \
  X(workflow_status, std::string_view, always)                                              \
  X(assignee, std::optional<Assignee>, omitempty)                                           \
  X(suppressed, bool, always)                                                               \
  X(technical_contact, std::optional<Contact>, omitempty)                                   \
  X(business_owner, std::optional<Contact>, omitempty)                                      \
  X(service_name, std::string_view, always)                                                 \
  X(line_of_business, std::string_view, always)                                             \
  X(team, std::string_view, omitempty)                                                      \
  X(first_found_at, std::string_view, always)                                               \
  X(last_seen_at, std::string_view, always)                                                 \
  X(sla_breach_date, std::string_view, omitempty)                                           \
  X(due_date, std::string_view, always)                                                     \
  X(deduplication_key, std::string_view, always)                                            \
  X(canonical_rule_id, std::string_view, always)                                            \
  X(integrity_hash, std::string_view, omitempty)                                            \
  X(tags, StringMap, omitempty)                                                             \
  X(ips, StringSlice, omitempty)                                                            \
  X(emails, StringSlice, omitempty)
