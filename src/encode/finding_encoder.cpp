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

// A key as a template argument, so that its `,"name":` text is a
// compile-time constant: writing it is one fixed-size copy, measuring it adds
// a constant.
template <size_t N>
struct Key {
  // `,"name":"`: the leading comma, the quoted name, the colon and the opening
  // quote of a string value. Slices of it serve every kind of value.
  char text[N + 4]{};
  consteval Key(const char (&name)[N]) {  // NOLINT: implicit by design
    text[0] = ',';
    text[1] = '"';
    for (size_t i = 0; i + 1 < N; ++i) text[2 + i] = name[i];
    text[N + 1] = '"';
    text[N + 2] = ':';
    text[N + 3] = '"';
  }
  static constexpr size_t kNameLen = N - 1;
  // `,"name":` and `,"name":"`, with or without the comma.
  constexpr string_view key(bool first) const noexcept {
    return first ? string_view(text + 1, kNameLen + 3) : string_view(text, kNameLen + 4);
  }
  constexpr string_view key_quote(bool first) const noexcept {
    return first ? string_view(text + 1, kNameLen + 4) : string_view(text, kNameLen + 5);
  }
};

// Writes the keys of one object, handling the comma before every key but the
// first. Both variants of each key are constants, so the branch on `first`
// selects between two fixed-size copies.
template <typename S>
struct ObjectWriter {
  S& s;
  bool first = true;

  template <Key K>
  void key() {
    if (first) {
      s.raw(K.key(true));
    } else {
      s.raw(K.key(false));
    }
    first = false;
  }
  template <Key K>
  void str(string_view v) {
    if (first) {
      s.raw(K.key_quote(true));
    } else {
      s.raw(K.key_quote(false));
    }
    first = false;
    s.escaped(v);
    s.ch('"');
  }
  template <Key K>
  void str_omit(string_view v) {
    if (!v.empty()) str<K>(v);
  }
  template <Key K>
  void boolean(bool v) {
    key<K>();
    s.boolean(v);
  }
  template <Key K>
  void number(double v) {
    key<K>();
    s.number(v);
  }
  template <Key K>
  void number_ptr_omit(const std::optional<double>& v) {
    if (v) number<K>(*v);
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
  o.template str<"id">(c.id);
  o.template str<"url">(c.url);
  o.template str<"nvd_url">(c.nvd_url);
  o.template str<"mitre_url">(c.mitre_url);
  o.template str<"description">(c.description);
  o.template number_ptr_omit<"cvss">(c.cvss);
  o.template str_omit<"cvss_vector">(c.cvss_vector);
  o.template str_omit<"cvss_version">(c.cvss_version);
  o.template number_ptr_omit<"epss">(c.epss);
  o.template boolean<"cisa_known_exploited">(c.cisa_known_exploited);
  o.template str<"published">(c.published);
  o.template str<"modified">(c.modified);
  s.ch('}');
}

template <typename S>
void emit_mapping(S& s, const ComplianceMapping& m) {
  s.ch('{');
  ObjectWriter<S> o{s};
  o.template str<"framework_id">(m.framework_id);
  o.template str<"framework_name">(m.framework_name);
  o.template str<"control_id">(m.control_id);
  o.template str<"control_title">(m.control_title);
  o.template str<"section">(m.section);
  o.template str<"severity">(m.severity);
  o.template str<"url">(m.url);
  s.ch('}');
}

template <typename S>
void emit_assignee(S& s, const Assignee& a) {
  s.ch('{');
  ObjectWriter<S> o{s};
  o.template str_omit<"user_id">(a.user_id);
  o.template str_omit<"user_email">(a.user_email);
  o.template str_omit<"user_name">(a.user_name);
  o.template str_omit<"team">(a.team);
  o.template str_omit<"assigned_at">(a.assigned_at);
  o.template str_omit<"assigned_by">(a.assigned_by);
  o.template str_omit<"due_date">(a.due_date);
  if (a.escalated) o.template boolean<"escalated">(true);
  o.template str_omit<"escalated_to">(a.escalated_to);
  o.template str_omit<"escalated_at">(a.escalated_at);
  s.ch('}');
}

template <typename S>
void emit_contact(S& s, const Contact& c) {
  s.ch('{');
  ObjectWriter<S> o{s};
  o.template str_omit<"name">(c.name);
  o.template str_omit<"email">(c.email);
  o.template str_omit<"team">(c.team);
  o.template str_omit<"phone">(c.phone);
  o.template str_omit<"slack_id">(c.slack_id);
  o.template str_omit<"on_call_url">(c.on_call_url);
  s.ch('}');
}

template <typename S>
void emit_finding(S& s, const Finding& f) {
  s.ch('{');
  ObjectWriter<S> o{s};
  o.template str<"id">(f.id);
  o.template str<"source">(f.source);
  o.template str<"source_finding_id">(f.source_finding_id);
  o.template str<"type">(f.type);
  o.template str<"title">(f.title);
  o.template str<"description">(f.description);
  o.template str<"resource_type">(f.resource_type);
  o.template str<"resource_id">(f.resource_id);
  o.template str<"resource_name">(f.resource_name);
  o.template str_omit<"resource_arn">(f.resource_arn);
  o.template str<"platform">(f.platform);
  o.template str<"cloud_provider">(f.cloud_provider);
  o.template str<"region">(f.region);
  o.template str<"account_id">(f.account_id);
  o.template str<"account_name">(f.account_name);
  o.template str<"environment_type">(f.environment_type);
  o.template str<"static_severity">(f.static_severity);
  o.template str<"severity">(f.severity);
  o.template number<"ai_risk_score">(f.ai_risk_score);
  o.template str<"ai_risk_level">(f.ai_risk_level);
  o.template str<"ai_risk_rationale">(f.ai_risk_rationale);
  o.template key<"ai_contextual_factors">();
  emit_strings(s, f.ai_contextual_factors);
  o.template number_ptr_omit<"cvss">(f.cvss);
  o.template str_omit<"cvss_vector">(f.cvss_vector);
  o.template number_ptr_omit<"epss">(f.epss);
  o.template boolean<"exploit_available">(f.exploit_available);
  o.template key<"cves">();
  emit_slice(s, f.cves, [&](const Cve& c) { emit_cve(s, c); });
  o.template key<"mitre_tactics">();
  emit_strings(s, f.mitre_tactics);
  o.template key<"mitre_techniques">();
  emit_strings(s, f.mitre_techniques);
  o.template key<"compliance_mappings">();
  emit_slice(s, f.compliance_mappings, [&](const ComplianceMapping& m) { emit_mapping(s, m); });
  o.template str<"remediation">(f.remediation);
  o.template boolean<"auto_remediatable">(f.auto_remediatable);
  o.template str<"category">(f.category);
  o.template str<"status">(f.status);
  o.template str<"workflow_status">(f.workflow_status);
  if (f.assignee) {
    o.template key<"assignee">();
    emit_assignee(s, *f.assignee);
  }
  o.template boolean<"suppressed">(f.suppressed);
  if (f.technical_contact) {
    o.template key<"technical_contact">();
    emit_contact(s, *f.technical_contact);
  }
  if (f.business_owner) {
    o.template key<"business_owner">();
    emit_contact(s, *f.business_owner);
  }
  o.template str<"service_name">(f.service_name);
  o.template str<"line_of_business">(f.line_of_business);
  o.template str_omit<"team">(f.team);
  o.template str<"first_found_at">(f.first_found_at);
  o.template str<"last_seen_at">(f.last_seen_at);
  o.template str_omit<"sla_breach_date">(f.sla_breach_date);
  o.template str<"due_date">(f.due_date);
  o.template str<"deduplication_key">(f.deduplication_key);
  o.template str<"canonical_rule_id">(f.canonical_rule_id);
  o.template str_omit<"integrity_hash">(f.integrity_hash);
  // omitempty drops an empty map or slice whether nil or not.
  if (!f.tags.entries.empty()) {
    o.template key<"tags">();
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
    o.template key<"ips">();
    emit_strings(s, f.ips);
  }
  if (!f.emails.empty()) {
    o.template key<"emails">();
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
