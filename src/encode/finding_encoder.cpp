#include "encode/finding_encoder.hpp"

#include <oneapi/tbb/blocked_range.h>
#include <oneapi/tbb/info.h>
#include <oneapi/tbb/parallel_for.h>
#include <oneapi/tbb/task_arena.h>

#include <stdexcept>
#include <string_view>
#include <vector>

#include "encode/json_writer.hpp"

namespace aegis {
namespace {

using std::string_view;

// Writes the keys of one object, handling the comma before every key but the first.
template <typename S>
struct ObjectWriter {
  S& s;
  bool first = true;

  void key(string_view k) {
    if (!first) s.ch(',');
    first = false;
    s.ch('"');
    s.raw(k);
    s.raw("\":");
  }
  void str(string_view k, string_view v) {
    key(k);
    s.quoted(v);
  }
  void str_omit(string_view k, string_view v) {
    if (!v.empty()) str(k, v);
  }
  void boolean(string_view k, bool v) {
    key(k);
    s.boolean(v);
  }
  void number(string_view k, double v) {
    key(k);
    s.number(v);
  }
  void number_ptr_omit(string_view k, const std::optional<double>& v) {
    if (v) number(k, *v);
  }
};

// A Go []string: nil -> null, otherwise [..] (empty non-nil -> []).
template <typename S>
void emit_strings(S& s, const StringSlice& v) {
  if (v.nil) {
    s.raw("null");
    return;
  }
  s.ch('[');
  bool first = true;
  for (string_view e : v) {
    if (!first) s.ch(',');
    first = false;
    s.quoted(e);
  }
  s.ch(']');
}

template <typename S, typename T, typename F>
void emit_slice(S& s, const GoSlice<T>& v, F&& emit_elem) {
  if (v.nil) {
    s.raw("null");
    return;
  }
  s.ch('[');
  bool first = true;
  for (const T& e : v) {
    if (!first) s.ch(',');
    first = false;
    emit_elem(e);
  }
  s.ch(']');
}

template <typename S>
void emit_cve(S& s, const Cve& c) {
  s.ch('{');
  ObjectWriter<S> o{s};
  o.str("id", c.id);
  o.str("url", c.url);
  o.str("nvd_url", c.nvd_url);
  o.str("mitre_url", c.mitre_url);
  o.str("description", c.description);
  o.number_ptr_omit("cvss", c.cvss);
  o.str_omit("cvss_vector", c.cvss_vector);
  o.str_omit("cvss_version", c.cvss_version);
  o.number_ptr_omit("epss", c.epss);
  o.boolean("cisa_known_exploited", c.cisa_known_exploited);
  o.str("published", c.published);
  o.str("modified", c.modified);
  s.ch('}');
}

template <typename S>
void emit_mapping(S& s, const ComplianceMapping& m) {
  s.ch('{');
  ObjectWriter<S> o{s};
  o.str("framework_id", m.framework_id);
  o.str("framework_name", m.framework_name);
  o.str("control_id", m.control_id);
  o.str("control_title", m.control_title);
  o.str("section", m.section);
  o.str("severity", m.severity);
  o.str("url", m.url);
  s.ch('}');
}

template <typename S>
void emit_assignee(S& s, const Assignee& a) {
  s.ch('{');
  ObjectWriter<S> o{s};
  o.str_omit("user_id", a.user_id);
  o.str_omit("user_email", a.user_email);
  o.str_omit("user_name", a.user_name);
  o.str_omit("team", a.team);
  o.str_omit("assigned_at", a.assigned_at);
  o.str_omit("assigned_by", a.assigned_by);
  o.str_omit("due_date", a.due_date);
  if (a.escalated) o.boolean("escalated", true);
  o.str_omit("escalated_to", a.escalated_to);
  o.str_omit("escalated_at", a.escalated_at);
  s.ch('}');
}

template <typename S>
void emit_contact(S& s, const Contact& c) {
  s.ch('{');
  ObjectWriter<S> o{s};
  o.str_omit("name", c.name);
  o.str_omit("email", c.email);
  o.str_omit("team", c.team);
  o.str_omit("phone", c.phone);
  o.str_omit("slack_id", c.slack_id);
  o.str_omit("on_call_url", c.on_call_url);
  s.ch('}');
}

template <typename S>
void emit_finding(S& s, const Finding& f) {
  s.ch('{');
  ObjectWriter<S> o{s};
  o.str("id", f.id);
  o.str("source", f.source);
  o.str("source_finding_id", f.source_finding_id);
  o.str("type", f.type);
  o.str("title", f.title);
  o.str("description", f.description);
  o.str("resource_type", f.resource_type);
  o.str("resource_id", f.resource_id);
  o.str("resource_name", f.resource_name);
  o.str_omit("resource_arn", f.resource_arn);
  o.str("platform", f.platform);
  o.str("cloud_provider", f.cloud_provider);
  o.str("region", f.region);
  o.str("account_id", f.account_id);
  o.str("account_name", f.account_name);
  o.str("environment_type", f.environment_type);
  o.str("static_severity", f.static_severity);
  o.str("severity", f.severity);
  o.number("ai_risk_score", f.ai_risk_score);
  o.str("ai_risk_level", f.ai_risk_level);
  o.str("ai_risk_rationale", f.ai_risk_rationale);
  o.key("ai_contextual_factors");
  emit_strings(s, f.ai_contextual_factors);
  o.number_ptr_omit("cvss", f.cvss);
  o.str_omit("cvss_vector", f.cvss_vector);
  o.number_ptr_omit("epss", f.epss);
  o.boolean("exploit_available", f.exploit_available);
  o.key("cves");
  emit_slice(s, f.cves, [&](const Cve& c) { emit_cve(s, c); });
  o.key("mitre_tactics");
  emit_strings(s, f.mitre_tactics);
  o.key("mitre_techniques");
  emit_strings(s, f.mitre_techniques);
  o.key("compliance_mappings");
  emit_slice(s, f.compliance_mappings, [&](const ComplianceMapping& m) { emit_mapping(s, m); });
  o.str("remediation", f.remediation);
  o.boolean("auto_remediatable", f.auto_remediatable);
  o.str("category", f.category);
  o.str("status", f.status);
  o.str("workflow_status", f.workflow_status);
  if (f.assignee) {
    o.key("assignee");
    emit_assignee(s, *f.assignee);
  }
  o.boolean("suppressed", f.suppressed);
  if (f.technical_contact) {
    o.key("technical_contact");
    emit_contact(s, *f.technical_contact);
  }
  if (f.business_owner) {
    o.key("business_owner");
    emit_contact(s, *f.business_owner);
  }
  o.str("service_name", f.service_name);
  o.str("line_of_business", f.line_of_business);
  o.str_omit("team", f.team);
  o.str("first_found_at", f.first_found_at);
  o.str("last_seen_at", f.last_seen_at);
  o.str_omit("sla_breach_date", f.sla_breach_date);
  o.str("due_date", f.due_date);
  o.str("deduplication_key", f.deduplication_key);
  o.str("canonical_rule_id", f.canonical_rule_id);
  o.str_omit("integrity_hash", f.integrity_hash);
  // omitempty drops an empty map or slice whether nil or not.
  if (!f.tags.entries.empty()) {
    o.key("tags");
    s.ch('{');
    bool first = true;
    for (const auto& [k, v] : f.tags.entries) {
      if (!first) s.ch(',');
      first = false;
      s.quoted(k);
      s.ch(':');
      s.quoted(v);
    }
    s.ch('}');
  }
  if (!f.ips.empty()) {
    o.key("ips");
    emit_strings(s, f.ips);
  }
  if (!f.emails.empty()) {
    o.key("emails");
    emit_strings(s, f.emails);
  }
  s.ch('}');
}

}  // namespace

void append_finding_json(const Finding& f, std::string& out) {
  json::StringSink s{out};
  emit_finding(s, f);
}

size_t finding_json_length(const Finding& f) noexcept {
  json::CountSink s;
  emit_finding(s, f);
  return s.n;
}

char* write_finding_json(const Finding& f, char* dst) noexcept {
  json::PtrSink s{dst};
  emit_finding(s, f);
  return s.p;
}

OutputBuffer encode_findings_array(const FindingsDoc& doc, std::span<const uint32_t> indices) {
  return encode_findings_array(doc, indices, 1);
}

OutputBuffer encode_findings_array(const FindingsDoc& doc, std::span<const uint32_t> indices,
                                   unsigned max_threads) {
  const size_t n = indices.size();
  for (uint32_t i : indices) {
    if (i >= doc.findings.size()) throw std::out_of_range("finding index out of range");
  }
  // offsets[k] = where finding k starts; one measuring pass, then disjoint writes.
  std::vector<size_t> offsets(n + 1);
  size_t pos = 1;  // '['
  for (size_t k = 0; k < n; ++k) {
    if (k > 0) ++pos;  // ','
    offsets[k] = pos;
    pos += finding_json_length(doc.findings[indices[k]]);
  }
  offsets[n] = pos;
  const size_t total = pos + 1;  // ']'
  OutputBuffer buf = OutputBuffer::allocate(total);
  char* base = reinterpret_cast<char*>(buf.data());
  base[0] = '[';
  base[total - 1] = ']';
  auto write_range = [&](size_t lo, size_t hi) {
    for (size_t k = lo; k < hi; ++k) {
      if (k > 0) base[offsets[k] - 1] = ',';
      write_finding_json(doc.findings[indices[k]], base + offsets[k]);
    }
  };
  // Threads only pay off for big pages; a filter page is usually small.
  if (max_threads == 1 || total < (size_t{4} << 20)) {
    write_range(0, n);
  } else {
    // Capped at the core count: asking oneTBB for more only prints a warning.
    const int cores = tbb::info::default_concurrency();
    tbb::task_arena arena(max_threads == 0 || max_threads >= static_cast<unsigned>(cores)
                              ? cores
                              : static_cast<int>(max_threads));
    arena.execute([&] {
      tbb::parallel_for(tbb::blocked_range<size_t>(0, n, 256),
                        [&](const tbb::blocked_range<size_t>& r) { write_range(r.begin(), r.end()); });
    });
  }
  return buf;
}

}  // namespace aegis
