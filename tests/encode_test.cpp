// Go-compatible JSON output: string escaping, float64 format and the finding
// encoder. Expected strings were produced by go1.26's encoding/json.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

#include "common/output_buffer.hpp"
#include "encode/finding_encoder.hpp"
#include "encode/json_writer.hpp"

using aegis::encode::float_string;
using aegis::encode::quote;

namespace {

template <typename T>
aegis::model::GoSlice<T> slice(std::vector<T> v) {
  aegis::model::GoSlice<T> s;
  s.len = static_cast<uint32_t>(v.size());
  s.backing = std::move(v);
  s.nil = false;
  return s;
}

double from_bits(uint64_t b) {
  double v;
  std::memcpy(&v, &b, sizeof v);
  return v;
}

}  // namespace

TEST_CASE("strings are escaped as encoding/json does", "[encode]") {
  CHECK(quote("plain ascii") == "\"plain ascii\"");
  CHECK(quote("") == "\"\"");
  CHECK(quote("a\"b\\c") == R"("a\"b\\c")");
  CHECK(quote("\n\r\t\b\f") == R"("\n\r\t\b\f")");
  CHECK(quote(std::string_view("\x00", 1)) == R"("\u0000")");
  CHECK(quote("\x01\x1f") == R"("\u0001\u001f")");
  CHECK(quote("\x0b") == R"("\u000b")");
  CHECK(quote("\x7f") == "\"\x7f\"");  // DEL is not escaped
  CHECK(quote("<a href=x>&amp;") == R"("\u003ca href=x\u003e\u0026amp;")");
  CHECK(quote("line\u2028sep\u2029para") == R"("line\u2028sep\u2029para")");
  // Other three-byte characters starting with 0xE2 stay raw.
  CHECK(quote("a → b €") == "\"a → b €\"");
  CHECK(quote("é日本😀/") == "\"é日本😀/\"");
  // Go's own check: "a\b\f\n\r\t\x00\x1f\x7f<>&\u2028\u2029é\"\\/"
  static const char kGoCase[] = "a\b\f\n\r\t\x00\x1f\x7f<>&\u2028\u2029\xC3\xA9\"\\/";
  CHECK(quote(std::string_view(kGoCase, sizeof kGoCase - 1)) ==
        "\"a\\b\\f\\n\\r\\t\\u0000\\u001f\x7f\\u003c\\u003e\\u0026\\u2028\\u2029\xC3\xA9\\\"\\\\/\"");
}

TEST_CASE("escaped_length matches the bytes written", "[encode]") {
  const std::vector<std::string> cases = {
      "", "x", "a\"b", "\u2028", "\xE2\x80", "\xE2\x80\xA8\xE2\x80\xA9<", "long plain string, no escapes",
      std::string(100, '<'), "0123456789abcdef\n0123456789abcdef"};
  for (const auto& s : cases) {
    std::string out(aegis::encode::escaped_length(s), '?');
    char* end = aegis::encode::write_escaped(out.data(), s);
    CHECK(static_cast<size_t>(end - out.data()) == out.size());
    CHECK(quote(s) == "\"" + out + "\"");
  }
  CHECK(aegis::encode::needs_no_escape("us-east-1/arn:aws:s3:::bucket"));
  CHECK_FALSE(aegis::encode::needs_no_escape("0123456789 & 0123456789"));
  CHECK_FALSE(aegis::encode::needs_no_escape("\u2029"));
  CHECK(aegis::encode::needs_no_escape("\u2192"));
}

TEST_CASE("float64 is written in Go's shortest form", "[encode]") {
  // Pairs printed by json.Marshal in go1.26.
  struct Case {
    double v;
    const char* go;
  };
  const Case cases[] = {
      {8, "8"},
      {0.5, "0.5"},
      {1e-7, "1e-7"},
      {1e21, "1e+21"},
      {1e20, "100000000000000000000"},
      {123456789.125, "123456789.125"},
      {1e-6, "0.000001"},
      {0.000001234, "0.000001234"},
      {3.61, "3.61"},
      {77.5, "77.5"},
      {5e-324, "5e-324"},
      {1.7976931348623157e308, "1.7976931348623157e+308"},
      {0, "0"},
      {0.1, "0.1"},
      {0.3, "0.3"},
      {0.1 + 0.2, "0.30000000000000004"},
      {1.5e-6, "0.0000015"},
      {9.99999e-7, "9.99999e-7"},
      {123456789012345678901.0, "123456789012345680000"},
      {1e-5, "0.00001"},
      {12345.678, "12345.678"},
      {-2.5, "-2.5"},
      {100, "100"},
      {100.0 / 3, "33.333333333333336"},
      {2.2250738585072014e-308, "2.2250738585072014e-308"},
      {1e22, "1e+22"},
      {1.23e-10, "1.23e-10"},
      {-1e-7, "-1e-7"},
      {4.35, "4.35"},
  };
  for (const Case& c : cases) {
    INFO(c.go);
    CHECK(float_string(c.v) == c.go);
  }
  CHECK(float_string(-0.0) == "-0");
  CHECK(float_string(from_bits(1)) == "5e-324");
  CHECK(float_string(from_bits(4907451598986591450ULL)) == "123456789012345680000");
}

TEST_CASE("a zero Finding encodes like Go's zero struct", "[encode]") {
  aegis::model::Finding f;
  std::string out;
  aegis::encode::append_finding_json(f, out);
  CHECK(out ==
        R"({"id":"","source":"","source_finding_id":"","type":"","title":"","description":"","resource_type":"","resource_id":"","resource_name":"","platform":"","cloud_provider":"","region":"","account_id":"","account_name":"","environment_type":"","static_severity":"","severity":"","ai_risk_score":0,"ai_risk_level":"","ai_risk_rationale":"","ai_contextual_factors":null,"exploit_available":false,"cves":null,"mitre_tactics":null,"mitre_techniques":null,"compliance_mappings":null,"remediation":"","auto_remediatable":false,"category":"","status":"","workflow_status":"","suppressed":false,"service_name":"","line_of_business":"","first_found_at":"","last_seen_at":"","due_date":"","deduplication_key":"","canonical_rule_id":""})");
  CHECK(aegis::encode::finding_json_length(f) == out.size());
}

TEST_CASE("a full Finding: omit rules, nil vs empty, sorted map, nested objects", "[encode]") {
  aegis::model::Finding f;
  f.id = "f-1";
  f.source = "src<x>";
  f.title = "a\"b\\c\nd";
  f.resource_type = "compute";
  f.resource_arn = "arn:aws";
  f.region = "us-east-1";
  f.account_id = "123";
  f.severity = "HIGH";
  f.ai_risk_score = 77.5;
  f.ai_contextual_factors = slice<std::string_view>({});  // empty, not nil -> []
  f.cvss = 9.8;
  f.epss = 0.0;  // present zero pointer is written
  f.exploit_available = true;
  aegis::model::Cve cve;
  cve.id = "CVE-1";
  cve.cvss = 9.8;
  cve.cvss_version = "3.1";
  cve.cisa_known_exploited = true;
  f.cves = slice<aegis::model::Cve>({cve});
  // A stale element beyond len (Go's backing array) is not written.
  f.mitre_tactics = slice<std::string_view>({"Initial Access", "é→", "stale"});
  f.mitre_tactics.len = 2;
  aegis::model::ComplianceMapping m;
  m.framework_id = "cis";
  f.compliance_mappings = slice<aegis::model::ComplianceMapping>({m});
  f.assignee = aegis::model::Assignee{};  // all fields omitted -> {}
  aegis::model::Contact c;
  c.email = "a@b";
  f.technical_contact = c;
  f.team = "t";
  f.tags.nil = false;
  f.tags.entries = {{"a", "1&"}, {"b", "2"}};
  f.ips = slice<std::string_view>({});  // empty: omitted by omitempty
  f.emails = slice<std::string_view>({"x@y"});
  std::string out;
  aegis::encode::append_finding_json(f, out);
  CHECK(out ==
        R"({"id":"f-1","source":"src\u003cx\u003e","source_finding_id":"","type":"","title":"a\"b\\c\nd","description":"","resource_type":"compute","resource_id":"","resource_name":"","resource_arn":"arn:aws","platform":"","cloud_provider":"","region":"us-east-1","account_id":"123","account_name":"","environment_type":"","static_severity":"","severity":"HIGH","ai_risk_score":77.5,"ai_risk_level":"","ai_risk_rationale":"","ai_contextual_factors":[],"cvss":9.8,"epss":0,"exploit_available":true,"cves":[{"id":"CVE-1","url":"","nvd_url":"","mitre_url":"","description":"","cvss":9.8,"cvss_version":"3.1","cisa_known_exploited":true,"published":"","modified":""}],"mitre_tactics":["Initial Access","é→"],"mitre_techniques":null,"compliance_mappings":[{"framework_id":"cis","framework_name":"","control_id":"","control_title":"","section":"","severity":"","url":""}],"remediation":"","auto_remediatable":false,"category":"","status":"","workflow_status":"","assignee":{},"suppressed":false,"technical_contact":{"email":"a@b"},"service_name":"","line_of_business":"","team":"t","first_found_at":"","last_seen_at":"","due_date":"","deduplication_key":"","canonical_rule_id":"","tags":{"a":"1\u0026","b":"2"},"emails":["x@y"]})");
  CHECK(aegis::encode::finding_json_length(f) == out.size());
  std::string direct(out.size(), '?');
  CHECK(aegis::encode::write_finding_json(f, direct.data()) == direct.data() + direct.size());
  CHECK(direct == out);
}

TEST_CASE("empty non-nil map omitted, escalated assignee, empty contact", "[encode]") {
  aegis::model::Finding g;
  g.assignee = aegis::model::Assignee{};
  g.assignee->user_id = "u";
  g.assignee->escalated = true;
  g.business_owner = aegis::model::Contact{};
  g.tags.nil = false;  // empty map: omitted
  g.ai_risk_score = 1e-7;
  std::string out;
  aegis::encode::append_finding_json(g, out);
  CHECK(out ==
        R"({"id":"","source":"","source_finding_id":"","type":"","title":"","description":"","resource_type":"","resource_id":"","resource_name":"","platform":"","cloud_provider":"","region":"","account_id":"","account_name":"","environment_type":"","static_severity":"","severity":"","ai_risk_score":1e-7,"ai_risk_level":"","ai_risk_rationale":"","ai_contextual_factors":null,"exploit_available":false,"cves":null,"mitre_tactics":null,"mitre_techniques":null,"compliance_mappings":null,"remediation":"","auto_remediatable":false,"category":"","status":"","workflow_status":"","assignee":{"user_id":"u","escalated":true},"suppressed":false,"business_owner":{},"service_name":"","line_of_business":"","first_found_at":"","last_seen_at":"","due_date":"","deduplication_key":"","canonical_rule_id":""})");
}

TEST_CASE("encode_findings_array writes the selected findings in order", "[encode]") {
  aegis::model::FindingsDoc doc;
  doc.findings.resize(3);
  doc.findings[0].id = "a";
  doc.findings[1].id = "b<";
  doc.findings[2].id = "c";
  std::string fa, fb, fc;
  aegis::encode::append_finding_json(doc.findings[0], fa);
  aegis::encode::append_finding_json(doc.findings[1], fb);
  aegis::encode::append_finding_json(doc.findings[2], fc);

  const std::vector<uint32_t> idx = {2, 1, 2};
  aegis::common::OutputBuffer buf = aegis::encode::encode_findings_array(doc, idx);
  std::string got(reinterpret_cast<const char*>(buf.data()), buf.size());
  CHECK(got == "[" + fc + "," + fb + "," + fc + "]");

  aegis::common::OutputBuffer empty = aegis::encode::encode_findings_array(doc, {});
  CHECK(std::string(reinterpret_cast<const char*>(empty.data()), empty.size()) == "[]");

  const std::vector<uint32_t> bad = {3};
  CHECK_THROWS_AS(aegis::encode::encode_findings_array(doc, bad), std::out_of_range);
}

TEST_CASE("encode_findings_array is identical with threads on a large page", "[encode]") {
  aegis::model::FindingsDoc doc;
  doc.findings.resize(8000);
  std::vector<std::string> ids(doc.findings.size());
  std::vector<uint32_t> idx;
  for (size_t i = 0; i < doc.findings.size(); ++i) {
    ids[i] = "f-" + std::to_string(i);
    doc.findings[i].id = ids[i];
    doc.findings[i].ai_risk_score = static_cast<double>(i) / 7;
    idx.push_back(static_cast<uint32_t>(i));
  }
  aegis::common::OutputBuffer one = aegis::encode::encode_findings_array(doc, idx, 1);
  aegis::common::OutputBuffer many = aegis::encode::encode_findings_array(doc, idx, 4);
  REQUIRE(one.size() > (4u << 20));  // big enough for the threaded branch
  REQUIRE(one.size() == many.size());
  CHECK(std::memcmp(one.data(), many.data(), one.size()) == 0);
}

TEST_CASE("OutputBuffer: malloc below 1 MiB, mmap from it, ownership moves", "[encode]") {
  for (size_t len : {size_t{1}, size_t{4096}, aegis::common::kLargeBufferBytes - 1, aegis::common::kLargeBufferBytes,
                     aegis::common::kLargeBufferBytes * 3 + 7}) {
    aegis::common::OutputBuffer b = aegis::common::OutputBuffer::allocate(len);
    REQUIRE(b.size() == len);
    std::memset(b.data(), 'x', len);
    aegis::common::OutputBuffer moved = std::move(b);
    CHECK(b.data() == nullptr);
    CHECK(moved.size() == len);
    const size_t n = moved.size();
    uint8_t* raw = moved.release();
    CHECK(moved.data() == nullptr);
    CHECK(raw[n - 1] == 'x');
    aegis::common::release_output(raw, n);
  }
  aegis::common::OutputBuffer zero = aegis::common::OutputBuffer::allocate(0);
  CHECK(zero.data() == nullptr);
  aegis::common::release_output(nullptr, 10);  // no-op
}
