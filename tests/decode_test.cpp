// Findings decoder (docs/input.md): Go's json.Unmarshal semantics and the rejections.
#include <catch2/catch.hpp>

#include <cmath>
#include <algorithm>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include "decode/decoder.hpp"
#include "decode/go_syntax.hpp"

using aegis::decode::decode_findings;
using aegis::model::FindingsDoc;

namespace {

std::string read_fixture() {
  std::ifstream in(std::string(AEGIS_SHARED_DATA) + "/upstream/findings_test.json",
                   std::ios::binary);
  if (!in) return {};
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Decodes `json` expecting success.
FindingsDoc ok(const std::string& json) {
  FindingsDoc doc;
  const aegis::common::Error e = decode_findings(json, aegis::decode::kDefaultMaxInputBytes, doc);
  INFO(json.substr(0, 200) << " -> " << e.message);
  REQUIRE(e.status == AEGIS_OK);
  return doc;
}

// Decodes a one-finding document `[<object>]` and returns the finding.
aegis::model::Finding one(const std::string& object, FindingsDoc& keep) {
  keep = ok("[" + object + "]");
  REQUIRE(keep.findings.size() == 1);
  return keep.findings[0];
}

aegis_status status_of(const std::string& json, size_t cap = aegis::decode::kDefaultMaxInputBytes) {
  FindingsDoc doc;
  const aegis::common::Error e = decode_findings(json, cap, doc);
  if (e) CHECK_FALSE(e.message.empty());
  if (e) CHECK(doc.findings.empty());
  return e.status;
}

std::string bytes_of(std::string_view s) {
  std::string hex;
  static constexpr char kHex[] = "0123456789ABCDEF";
  for (unsigned char c : s) {
    hex += kHex[c >> 4];
    hex += kHex[c & 15];
  }
  return hex;
}

}  // namespace

TEST_CASE("fixture decodes to its 200 findings", "[decode]") {
  const std::string json = read_fixture();
  if (json.empty()) {
    WARN("skipped: ../shared/data/upstream/findings_test.json is absent");
    return;
  }
  FindingsDoc doc = ok(json);
  REQUIRE(doc.findings.size() == 200);

  const aegis::model::Finding& a = doc.findings[0];
  CHECK(a.id == "f-14868");
  CHECK(a.source == "aws-security-hub");
  CHECK(a.resource_arn == "arn:aws:rds:us-west-2:234567890123:db/db-497d0612");
  CHECK(a.severity == "MEDIUM");
  CHECK(a.account_id == "234567890123");
  CHECK(a.ai_risk_score == 3.61);
  CHECK_FALSE(a.cvss.has_value());
  CHECK_FALSE(a.epss.has_value());
  CHECK_FALSE(a.cves.nil);  // "cves":[] is empty, not nil
  CHECK(a.cves.size() == 0);
  CHECK(a.ai_contextual_factors.size() == 1);
  CHECK(a.ai_contextual_factors.begin()[0] == "data_resource");
  REQUIRE(a.compliance_mappings.size() == 1);
  CHECK(a.compliance_mappings.begin()[0].framework_id == "pci-dss");
  CHECK(a.compliance_mappings.begin()[0].control_id == "REQ.7.2");
  CHECK(a.compliance_mappings.begin()[0].url == "");
  CHECK(a.category == "DATA_EXPOSURE");
  CHECK(a.status == "in_progress");
  CHECK_FALSE(a.assignee.has_value());
  CHECK(a.tags.nil);
  CHECK(a.ips.nil);
  CHECK(a.sla_breach_date.empty());
  CHECK(a.canonical_rule_id == "DATA_EXPOSURE-14868");

  const aegis::model::Finding& b = doc.findings[199];
  CHECK(b.id == "f-00001");
  CHECK(b.title == "CVE-CVE-2024-42166 \xE2\x80\x94 Deserialization flaw in kv-analytics-deve-00001");
  CHECK(b.cloud_provider == "azure");
  CHECK(b.ai_risk_score == 5.72);
  REQUIRE(b.cvss.has_value());
  CHECK(*b.cvss == 5.71);
  CHECK(*b.epss == 0.29);
  CHECK_FALSE(b.ai_contextual_factors.nil);
  CHECK(b.ai_contextual_factors.size() == 0);
  REQUIRE(b.cves.size() == 1);
  const aegis::model::Cve& cve = b.cves.begin()[0];
  CHECK(cve.id == "CVE-2024-42166");
  CHECK(cve.cvss_version == "3.1");
  CHECK(*cve.cvss == 5.71);
  CHECK_FALSE(cve.cisa_known_exploited);
  CHECK(cve.modified == "2026-01-15T00:00:00Z");
  REQUIRE(b.mitre_tactics.size() == 2);
  CHECK(b.mitre_tactics.begin()[1] == "TA0009");
  REQUIRE(b.compliance_mappings.size() == 2);
  CHECK(b.compliance_mappings.begin()[1].framework_name == "ISO 27001:2022");
  CHECK(b.compliance_mappings.begin()[1].section == "A.7");
}

TEST_CASE("the decoded document outlives the input buffer", "[decode]") {
  FindingsDoc doc;
  {
    std::string json = R"([{"id":"abc","tags":{"k":"v"}}])";
    REQUIRE_FALSE(decode_findings(json, aegis::decode::kDefaultMaxInputBytes, doc));
    json.assign(json.size(), 'x');
  }
  CHECK(doc.findings[0].id == "abc");
  CHECK(doc.findings[0].tags.entries[0].second == "v");
}

TEST_CASE("bytes after the end of the input never count", "[decode]") {
  // The decoder parses the caller's buffer in place when simdjson's padding
  // fits in the page of its last byte, and a copy otherwise. Junk that would
  // complete or change the document sits right after it, at both places.
  struct alignas(4096) Page {
    char bytes[4096];
  };
  auto page = std::make_unique<Page>();
  const std::string junk = R"(3}],"x":"\u00)";
  auto decode_at = [&](size_t offset, std::string_view json, FindingsDoc& doc) {
    REQUIRE(offset + json.size() <= sizeof(Page));
    for (size_t i = 0; i < sizeof(Page); ++i) page->bytes[i] = junk[i % junk.size()];
    std::copy(json.begin(), json.end(), page->bytes + offset);
    return decode_findings(std::string_view(page->bytes + offset, json.size()),
                           aegis::decode::kDefaultMaxInputBytes, doc);
  };
  const std::string whole = R"([{"id":"a","ai_risk_score":12,"title":"t"}])";
  const std::string cut = R"([{"id":"a","ai_risk_score":12)";
  for (size_t offset : {size_t{0}, sizeof(Page) - whole.size() - 8}) {
    INFO("offset " << offset);
    FindingsDoc doc;
    REQUIRE_FALSE(decode_at(offset, whole, doc));
    REQUIRE(doc.findings.size() == 1);
    CHECK(doc.findings[0].ai_risk_score == 12);
    CHECK(doc.findings[0].title == "t");
    CHECK(decode_at(offset, cut, doc).status == AEGIS_ERR_MALFORMED_JSON);
    CHECK(decode_at(offset, "7", doc).status == AEGIS_ERR_SCHEMA);
    CHECK(decode_at(offset, "[", doc).status == AEGIS_ERR_MALFORMED_JSON);
  }
}

TEST_CASE("missing keys leave zero values and nil slices", "[decode]") {
  FindingsDoc keep;
  const aegis::model::Finding f = one("{}", keep);
  CHECK(f.id.empty());
  CHECK(f.ai_risk_score == 0);
  CHECK(f.ai_contextual_factors.nil);
  CHECK(f.cves.nil);
  CHECK(f.compliance_mappings.nil);
  CHECK(f.tags.nil);
  CHECK_FALSE(f.cvss.has_value());
  CHECK_FALSE(f.assignee.has_value());
  CHECK_FALSE(f.exploit_available);
  CHECK(ok("[]").findings.empty());
}

TEST_CASE("null leaves scalars and clears slices, maps and pointers", "[decode]") {
  FindingsDoc keep;
  const aegis::model::Finding f = one(
      R"({"id":"x","id":null,"ai_risk_score":2.5,"ai_risk_score":null,)"
      R"("exploit_available":true,"exploit_available":null,)"
      R"("cves":[{"id":"a"}],"cves":null,"mitre_tactics":["T"],"mitre_tactics":null,)"
      R"("tags":{"a":"b"},"tags":null,"cvss":1,"cvss":null,)"
      R"("assignee":{"user_id":"u"},"assignee":null,"business_owner":null})",
      keep);
  CHECK(f.id == "x");
  CHECK(f.ai_risk_score == 2.5);
  CHECK(f.exploit_available);
  CHECK(f.cves.nil);
  CHECK(f.cves.backing.empty());
  CHECK(f.mitre_tactics.nil);
  CHECK(f.tags.nil);
  CHECK(f.tags.entries.empty());
  CHECK_FALSE(f.cvss.has_value());
  CHECK_FALSE(f.assignee.has_value());
  CHECK_FALSE(f.business_owner.has_value());
}

TEST_CASE("keys match case-insensitively, with Go's two special folds", "[decode]") {
  FindingsDoc keep;
  CHECK(one(R"({"ID":"a"})", keep).id == "a");
  CHECK(one(R"({"\u0069d":"b"})", keep).id == "b");
  CHECK(one(R"({"Cloud_Provider":"c"})", keep).cloud_provider == "c");
  // U+212A KELVIN SIGN folds to k, U+017F LONG S to s.
  CHECK(one("{\"ta\xE2\x84\xAA\x65\x64\":1, \"\xC5\xBF" "everity\":\"d\"}", keep).severity == "d");
  CHECK(one(R"({"\u212Aey":"x","\u017Fource":"e"})", keep).source == "e");
  CHECK(one(R"({"ri\u017Fk":"x","RESOURCE_TYPE":"rt"})", keep).resource_type == "rt");
  // Other non-ASCII never matches (U+0131 dotless i, full-width letters).
  CHECK(one("{\"\xC4\xB1" "d\":\"x\"}", keep).id.empty());
  CHECK(one("{\"\xEF\xBD\x89\xEF\xBD\x84\":\"x\"}", keep).id.empty());
  // Nested structs and the filter-like keys follow the same rules.
  const aegis::model::Finding f = one(R"({"CVES":[{"CVSS":7,"Cisa_Known_Exploited":true}]})", keep);
  REQUIRE(f.cves.size() == 1);
  CHECK(*f.cves.begin()[0].cvss == 7.0);
  CHECK(f.cves.begin()[0].cisa_known_exploited);
}

TEST_CASE("duplicate keys apply in document order", "[decode]") {
  FindingsDoc keep;
  CHECK(one(R"({"ID":"x","id":"y"})", keep).id == "y");
  CHECK(one(R"({"id":"y","ID":"x"})", keep).id == "x");
  const aegis::model::Finding f = one(R"({"mitre_tactics":["a","b","c"],"Mitre_Tactics":["d"]})", keep);
  REQUIRE(f.mitre_tactics.size() == 1);
  CHECK(f.mitre_tactics.begin()[0] == "d");
}

TEST_CASE("a repeated []struct key decodes into the existing elements", "[decode]") {
  FindingsDoc keep;
  const aegis::model::Finding f = one(
      R"({"cves":[{"id":"a","url":"u"},{"id":"b","url":"v"}],"cves":[{"id":"x"}],)"
      R"("cves":[{"id":"y"},{"id":"z"}]})",
      keep);
  REQUIRE(f.cves.size() == 2);
  CHECK(f.cves.begin()[0].id == "y");
  CHECK(f.cves.begin()[0].url == "u");
  CHECK(f.cves.begin()[1].id == "z");
  CHECK(f.cves.begin()[1].url == "v");

  // `[]` drops the backing array: nothing stale comes back afterwards.
  const aegis::model::Finding g = one(
      R"({"cves":[{"id":"a","url":"u"}],"cves":[],"cves":[{"id":"y"}]})", keep);
  REQUIRE(g.cves.size() == 1);
  CHECK(g.cves.begin()[0].url == "");
  CHECK(one(R"({"cves":[{"id":"a"}],"cves":[]})", keep).cves.nil == false);

  // A null element keeps the (stale) element as it is.
  const aegis::model::Finding h =
      one(R"({"compliance_mappings":[{"section":"s1"}],"compliance_mappings":[null,{}]})", keep);
  REQUIRE(h.compliance_mappings.size() == 2);
  CHECK(h.compliance_mappings.begin()[0].section == "s1");
  CHECK(h.compliance_mappings.begin()[1].section == "");

  // Strings too: decoded into place, null elements keep stale values.
  const aegis::model::Finding s = one(R"({"ips":["1","2"],"ips":["3"],"ips":[null,null]})", keep);
  REQUIRE(s.ips.size() == 2);
  CHECK(s.ips.begin()[0] == "3");
  CHECK(s.ips.begin()[1] == "2");
}

TEST_CASE("maps merge and pointer structs merge", "[decode]") {
  FindingsDoc keep;
  const aegis::model::Finding f = one(
      R"({"tags":{"b":"1","a":"2"},"tags":{"c":"3","b":"4","a":null},"tags":{"c":"5","c":"6"}})",
      keep);
  REQUIRE(f.tags.entries.size() == 3);
  CHECK(f.tags.entries[0] == std::pair<std::string_view, std::string_view>{"a", ""});
  CHECK(f.tags.entries[1] == std::pair<std::string_view, std::string_view>{"b", "4"});
  CHECK(f.tags.entries[2] == std::pair<std::string_view, std::string_view>{"c", "6"});
  CHECK_FALSE(f.tags.nil);
  CHECK_FALSE(one(R"({"tags":{}})", keep).tags.nil);

  const aegis::model::Finding p = one(
      R"({"assignee":{"user_id":"u1","team":"t1"},"Assignee":{"team":"t2","escalated":true},)"
      R"("technical_contact":{},"business_owner":{"name":"n"},"business_owner":{"email":"e"}})",
      keep);
  REQUIRE(p.assignee.has_value());
  CHECK(p.assignee->user_id == "u1");
  CHECK(p.assignee->team == "t2");
  CHECK(p.assignee->escalated);
  REQUIRE(p.technical_contact.has_value());
  CHECK(p.technical_contact->name.empty());
  CHECK(p.business_owner->name == "n");
  CHECK(p.business_owner->email == "e");
}

TEST_CASE("numbers decode into floats as Go does", "[decode]") {
  FindingsDoc keep;
  CHECK(one(R"({"ai_risk_score":7})", keep).ai_risk_score == 7.0);
  CHECK(one(R"({"ai_risk_score":-3})", keep).ai_risk_score == -3.0);
  CHECK(one(R"({"ai_risk_score":9007199254740993})", keep).ai_risk_score == 9007199254740992.0);
  CHECK(one(R"({"ai_risk_score":18446744073709551615})", keep).ai_risk_score ==
        18446744073709551616.0);
  // Integers beyond 64 bits (simdjson rejects them; the fallback rewrites).
  CHECK(one(R"({"ai_risk_score":123456789012345678901234567890})", keep).ai_risk_score ==
        1.2345678901234568e+29);
  CHECK(one(R"({"cvss":-98765432109876543210})", keep).cvss == -9.876543210987654e+19);
  // Big integer plus the literal sentinel token in the same document.
  const aegis::model::Finding both = one(
      R"({"ai_risk_score":18446744073709551615,"epss":123456789012345678901234567890})", keep);
  CHECK(both.ai_risk_score == 18446744073709551616.0);
  CHECK(*both.epss == 1.2345678901234568e+29);
  // Underflow is zero, signs kept.
  CHECK(one(R"({"ai_risk_score":1e-400})", keep).ai_risk_score == 0.0);
  const double neg_under = one(R"({"ai_risk_score":-1e-400})", keep).ai_risk_score;
  CHECK((neg_under == 0.0 && std::signbit(neg_under)));
  const double neg_zero = one(R"({"ai_risk_score":-0})", keep).ai_risk_score;
  CHECK((neg_zero == 0.0 && std::signbit(neg_zero)));
  const double pos_zero = one(R"({"ai_risk_score":0,"x":"-0,"})", keep).ai_risk_score;
  CHECK((pos_zero == 0.0 && !std::signbit(pos_zero)));
  // `-0` at every alignment (the pre-check scans 16 bytes at a time), and a
  // `-0` elsewhere must not change a genuine integer 0.
  for (size_t pad = 0; pad < 40; ++pad) {
    const aegis::model::Finding z = one(R"({"id":")" + std::string(pad, 'x') + R"(","cvss":-0})", keep);
    REQUIRE(z.cvss.has_value());
    CHECK(std::signbit(*z.cvss));
    const aegis::model::Finding y = one(R"({"id":")" + std::string(pad, 'x') + R"(","cvss":0,"zz":[-0]})", keep);
    CHECK_FALSE(std::signbit(*y.cvss));
  }
  CHECK(one(R"({"ai_risk_score":4.9e-324})", keep).ai_risk_score == 4.9e-324);
  CHECK(one(R"({"ai_risk_score":1.7976931348623157e308})", keep).ai_risk_score ==
        1.7976931348623157e308);
  // Out-of-range numbers are fine outside float fields.
  CHECK(one(R"({"zz":1e400,"id":"k","yy":[-1e99999999999999999999]})", keep).id == "k");
  CHECK(one(R"({"zz":0e99999999999999999999,"ai_risk_score":1E2})", keep).ai_risk_score == 100);
}

TEST_CASE("lone surrogate escapes decode to U+FFFD", "[decode]") {
  FindingsDoc keep;
  CHECK(bytes_of(one(R"({"id":"\ud800"})", keep).id) == "EFBFBD");
  CHECK(bytes_of(one(R"({"id":"\udc00x"})", keep).id) == "EFBFBD78");
  CHECK(bytes_of(one(R"({"id":"\ud800\ud800\udc00"})", keep).id) == "EFBFBDF0908080");
  CHECK(bytes_of(one(R"({"id":"a\uDBFF\u0041"})", keep).id) == "61EFBFBD41");
  CHECK(bytes_of(one(R"({"id":"\ud83d\ude00"})", keep).id) == "F09F9880");
  // A key with a lone surrogate matches nothing (and is not an error).
  CHECK(one(R"({"i\ud800d":"x","\ud800":1})", keep).id.empty());
}

TEST_CASE("malformed JSON is rejected as Go's scanner judges it", "[decode]") {
  CHECK(status_of("") == AEGIS_ERR_MALFORMED_JSON);
  CHECK(status_of(" \n\t ") == AEGIS_ERR_MALFORMED_JSON);
  CHECK(status_of("\xEF\xBB\xBF[]") == AEGIS_ERR_MALFORMED_JSON);  // BOM
  CHECK(status_of("[] x") == AEGIS_ERR_MALFORMED_JSON);
  CHECK(status_of("[]]") == AEGIS_ERR_MALFORMED_JSON);
  CHECK(status_of(std::string("[]\0", 3)) == AEGIS_ERR_MALFORMED_JSON);
  CHECK(status_of(R"([{"x":tru}])") == AEGIS_ERR_MALFORMED_JSON);
  CHECK(status_of(R"([{"x":nul}])") == AEGIS_ERR_MALFORMED_JSON);
  CHECK(status_of(R"([{"x":01}])") == AEGIS_ERR_MALFORMED_JSON);
  CHECK(status_of(R"([{"x":1.}])") == AEGIS_ERR_MALFORMED_JSON);
  CHECK(status_of(R"([{"x":-}])") == AEGIS_ERR_MALFORMED_JSON);
  CHECK(status_of(R"([{"x":+1}])") == AEGIS_ERR_MALFORMED_JSON);
  CHECK(status_of(R"([{"x":.5}])") == AEGIS_ERR_MALFORMED_JSON);
  CHECK(status_of(R"([{"x":1e}])") == AEGIS_ERR_MALFORMED_JSON);
  CHECK(status_of(R"([{"x":"\x"}])") == AEGIS_ERR_MALFORMED_JSON);
  CHECK(status_of(R"([{"x":"\u12G4"}])") == AEGIS_ERR_MALFORMED_JSON);
  CHECK(status_of("[{\"x\":\"a\tb\"}]") == AEGIS_ERR_MALFORMED_JSON);
  CHECK(status_of(R"([{"x":1,}])") == AEGIS_ERR_MALFORMED_JSON);
  CHECK(status_of(R"([{"x" 1}])") == AEGIS_ERR_MALFORMED_JSON);
  CHECK(status_of(R"([{"x":1})") == AEGIS_ERR_MALFORMED_JSON);
  CHECK(status_of(R"([{'x':1}])") == AEGIS_ERR_MALFORMED_JSON);
  CHECK(status_of("[{\"x\":1}]\v") == AEGIS_ERR_MALFORMED_JSON);
  // Malformed even where simdjson would also have failed for another reason.
  CHECK(status_of(R"([{"x":1e400,"y":tru}])") == AEGIS_ERR_MALFORMED_JSON);
  CHECK(status_of(R"([{"x":"\ud800"},])") == AEGIS_ERR_MALFORMED_JSON);
}

TEST_CASE("nesting: 10000 levels are accepted, 10001 are not", "[decode]") {
  const auto nested = [](size_t depth) {
    // The top-level array is level 1; the rest sits inside an unknown key.
    std::string s = "[{\"x\":";
    s += std::string(depth - 2, '[');
    s += std::string(depth - 2, ']');
    s += "}]";
    return s;
  };
  CHECK(status_of(nested(10000)) == AEGIS_OK);
  CHECK(status_of(nested(10001)) == AEGIS_ERR_MALFORMED_JSON);
  // Same limit on the fallback path (a number simdjson rejects forces it).
  const auto nested_big = [](size_t depth) {
    std::string s = "[{\"x\":1e400,\"y\":";
    s += std::string(depth - 2, '[');
    s += std::string(depth - 2, ']');
    s += "}]";
    return s;
  };
  CHECK(status_of(nested_big(10000)) == AEGIS_OK);
  CHECK(status_of(nested_big(10001)) == AEGIS_ERR_MALFORMED_JSON);
  // A scalar inside the 10,000th level is still within Go's limit.
  const auto nested_value = [](size_t depth) {
    return "[{\"x\":" + std::string(depth - 2, '[') + "1" + std::string(depth - 2, ']') + "}]";
  };
  CHECK(status_of(nested_value(10000)) == AEGIS_OK);
  CHECK(status_of(nested_value(10001)) == AEGIS_ERR_MALFORMED_JSON);
  CHECK(aegis::decode::is_valid_go_json(std::string(10000, '[') + std::string(10000, ']')));
  CHECK_FALSE(aegis::decode::is_valid_go_json(std::string(10001, '[') + std::string(10001, ']')));
}

TEST_CASE("a top level that is not an array of objects is a schema error", "[decode]") {
  CHECK(status_of("{}") == AEGIS_ERR_SCHEMA);
  CHECK(status_of("null") == AEGIS_ERR_SCHEMA);
  CHECK(status_of(R"("x")") == AEGIS_ERR_SCHEMA);
  CHECK(status_of("1") == AEGIS_ERR_SCHEMA);
  CHECK(status_of("[1]") == AEGIS_ERR_SCHEMA);
  CHECK(status_of("[null]") == AEGIS_ERR_SCHEMA);
  CHECK(status_of("[[]]") == AEGIS_ERR_SCHEMA);
  CHECK(status_of(R"([{},"x"])") == AEGIS_ERR_SCHEMA);
}

TEST_CASE("a wrong type for a known field is a schema error", "[decode]") {
  const auto field = [](const std::string& body) { return status_of("[{" + body + "}]"); };
  CHECK(field(R"("id":1)") == AEGIS_ERR_SCHEMA);
  CHECK(field(R"("severity":true)") == AEGIS_ERR_SCHEMA);
  CHECK(field(R"("title":["a"])") == AEGIS_ERR_SCHEMA);
  CHECK(field(R"("title":{})") == AEGIS_ERR_SCHEMA);
  CHECK(field(R"("exploit_available":"true")") == AEGIS_ERR_SCHEMA);
  CHECK(field(R"("suppressed":0)") == AEGIS_ERR_SCHEMA);
  CHECK(field(R"("ai_risk_score":"1")") == AEGIS_ERR_SCHEMA);
  CHECK(field(R"("ai_risk_score":false)") == AEGIS_ERR_SCHEMA);
  CHECK(field(R"("ai_risk_score":1e400)") == AEGIS_ERR_SCHEMA);
  CHECK(field(R"("ai_risk_score":-1e400)") == AEGIS_ERR_SCHEMA);
  CHECK(field(R"("cvss":1e99999999999999999999)") == AEGIS_ERR_SCHEMA);
  CHECK(field(R"("epss":)" + std::string(400, '9')) == AEGIS_ERR_SCHEMA);
  CHECK(field(R"("cves":[{"cvss":1.8e309}])") == AEGIS_ERR_SCHEMA);
  CHECK(field(R"("cvss":[])") == AEGIS_ERR_SCHEMA);
  CHECK(field(R"("mitre_tactics":{})") == AEGIS_ERR_SCHEMA);
  CHECK(field(R"("mitre_tactics":"TA0001")") == AEGIS_ERR_SCHEMA);
  CHECK(field(R"("mitre_tactics":["a",1])") == AEGIS_ERR_SCHEMA);
  CHECK(field(R"("ips":[["a"]])") == AEGIS_ERR_SCHEMA);
  CHECK(field(R"("cves":[1])") == AEGIS_ERR_SCHEMA);
  CHECK(field(R"("cves":["CVE-1"])") == AEGIS_ERR_SCHEMA);
  CHECK(field(R"("cves":{})") == AEGIS_ERR_SCHEMA);
  CHECK(field(R"("cves":[{"id":5}])") == AEGIS_ERR_SCHEMA);
  CHECK(field(R"("compliance_mappings":[{"url":false}])") == AEGIS_ERR_SCHEMA);
  CHECK(field(R"("tags":{"a":1})") == AEGIS_ERR_SCHEMA);
  CHECK(field(R"("tags":{"a":{}})") == AEGIS_ERR_SCHEMA);
  CHECK(field(R"("tags":[])") == AEGIS_ERR_SCHEMA);
  CHECK(field(R"("tags":"a=b")") == AEGIS_ERR_SCHEMA);
  CHECK(field(R"("assignee":[])") == AEGIS_ERR_SCHEMA);
  CHECK(field(R"("assignee":{"escalated":"yes"})") == AEGIS_ERR_SCHEMA);
  CHECK(field(R"("technical_contact":"bob")") == AEGIS_ERR_SCHEMA);
  CHECK(field(R"("business_owner":{"phone":5})") == AEGIS_ERR_SCHEMA);
  // The same values under unknown keys are fine.
  CHECK(field(R"("idx":1,"tags2":[1],"zz":1e400,"yy":[1e400,{"a":-1e999}])") == AEGIS_OK);

  FindingsDoc doc;
  const aegis::common::Error e = decode_findings(R"([{},{},{},{"severity":1}])", 1 << 20, doc);
  CHECK(e.status == AEGIS_ERR_SCHEMA);
  CHECK(e.message == "finding 3: field \"severity\": expected string, got number");
  const aegis::common::Error n = decode_findings(R"([{"cves":[{},{"cvss":"x"}]}])", 1 << 20, doc);
  CHECK(n.message == "finding 0: field \"cves[1].cvss\": expected number, got string");
}

TEST_CASE("invalid UTF-8 and oversized input are rejected", "[decode]") {
  CHECK(status_of("[{\"id\":\"\xFF\"}]") == AEGIS_ERR_INVALID_UTF8);
  CHECK(status_of("[{\"id\":\"\xC0\xAF\"}]") == AEGIS_ERR_INVALID_UTF8);      // overlong '/'
  CHECK(status_of("[{\"id\":\"\xED\xA0\x80\"}]") == AEGIS_ERR_INVALID_UTF8);  // raw surrogate
  CHECK(status_of("[{\"id\":\"\xE2\x82\"}]") == AEGIS_ERR_INVALID_UTF8);      // truncated
  CHECK(status_of("[{\"\xFF\":1}]") == AEGIS_ERR_INVALID_UTF8);
  // Invalid UTF-8 wins over a syntax error elsewhere.
  CHECK(status_of("[{\"id\":\"\x01\"},\"\xFF\"]") == AEGIS_ERR_INVALID_UTF8);
  CHECK(status_of("[1e400,\"\xFF\"]") == AEGIS_ERR_INVALID_UTF8);

  const std::string doc = R"([{"id":"a"}])";
  CHECK(status_of(doc, doc.size()) == AEGIS_OK);
  CHECK(status_of(doc, doc.size() - 1) == AEGIS_ERR_TOO_LARGE);
}

TEST_CASE("go_syntax rewrite keeps values and marks overflow", "[decode]") {
  std::string out;
  const auto rewrite = [&](std::string_view in) {
    const auto r = aegis::decode::scan_and_rewrite(in, out, {});
    REQUIRE(r.ok);
    return out;
  };
  CHECK(rewrite(R"([1e400,-1e400,"\ud800",12,-0])") ==
        R"([18446744073709551615,18446744073709551615,"\ufffd",12,-0])");
  CHECK(rewrite("[18446744073709551615]") == "[1.8446744073709552e+19]");
  CHECK(rewrite("[123456789012345678901234567890]") == "[1.2345678901234568e+29]");
  CHECK(rewrite("[-1e-400, 0.5]") == "[-0.0, 5e-01]");
  aegis::decode::RewriteOptions neg;
  neg.negative_zero_as_double = true;
  REQUIRE(aegis::decode::scan_and_rewrite("[-0,0,-0.0]", out, neg).ok);
  CHECK(out == "[-0.0,0,-0.0]");
  const auto bad = aegis::decode::scan_and_rewrite("[1,2", out, {});
  CHECK_FALSE(bad.ok);
  CHECK(bad.message == "unexpected end of JSON input");
  const auto bad2 = aegis::decode::scan_and_rewrite("[1 x]", out, {});
  CHECK(bad2.message.rfind("invalid character 'x' after array element", 0) == 0);
}
