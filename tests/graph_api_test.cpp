// Graph mode through the C API (include/aegispath.h, aegis_options' edge
// members): argument checks, the struct_size rule for the new members, the
// edge document's cap and error reports, ownership (the edges buffer may be
// freed after the call), and the store's path analysis, whose expected
// bytes are worked out by hand from its definition (go/api/analysis.go).
#include <catch2/catch.hpp>

#include <cstddef>
#include <cstring>
#include <memory>
#include <string>

#include "aegispath.h"
#include "test_support.hpp"

namespace {

using aegis_test::bytes;
using aegis_test::take;

// e (entry) -> m1 -> m2 -> t (target) over three edges in account a; x, y,
// z in account b, linked to t at 1, 2 and 3 edges.
const std::string kFindings = R"J([{"id":"e","account_id":"a","cloud_provider":"aws","region":"us-east-1","resource_id":"r-e","resource_name":"web","resource_type":"compute","category":"NETWORK","severity":"HIGH","title":"Open SSH <22>","remediation":"Close port 22","exploit_available":true,"cves":[{"id":"CVE-1","cisa_known_exploited":true},{"id":"CVE-1"},{"id":""}],"mitre_tactics":["TA2","TA1"]},
{"id":"m1","account_id":"a","cloud_provider":"aws","region":"us-east-1","resource_id":"r-m1","resource_name":"role","resource_type":"identity","category":"IDENTITY","severity":"MEDIUM","remediation":"Close port 22"},
{"id":"m2","account_id":"a","cloud_provider":"aws","region":"eu-west-1","resource_id":"r-m2","resource_name":"vpc","resource_type":"network","category":"MISCONFIGURATION","severity":"LOW","title":"Flat VPC"},
{"id":"t","account_id":"a","cloud_provider":"aws","region":"us-east-1","resource_id":"r-t","resource_name":"bucket","resource_type":"storage","category":"DATA_EXPOSURE","severity":"MEDIUM","title":"Public bucket","remediation":"Block public access","cves":[{"id":"CVE-1"},{"id":"CVE-2"}]},
{"id":"x","account_id":"b","region":"us-east-1","resource_id":"r-x","resource_type":"logging","severity":"LOW"},
{"id":"y","account_id":"b","region":"us-east-1","resource_id":"r-y","resource_type":"logging","severity":"LOW"},
{"id":"z","account_id":"b","region":"us-east-1","resource_id":"r-z","resource_type":"logging","severity":"LOW"}])J";
const std::string kEdges = R"J([{"source_id":"r-e","target_id":"r-m1","edge_type":"same_region"},{"source_id":"r-m1","target_id":"r-m2","edge_type":"same_region"},{"source_id":"r-m2","target_id":"r-t","edge_type":"same_account"},{"source_id":"r-t","target_id":"r-x","edge_type":"iam_trust"},{"source_id":"r-x","target_id":"r-y","edge_type":"peer"},{"source_id":"r-y","target_id":"r-z","edge_type":"peer"},{"source_id":"r-e","target_id":"r-e","edge_type":"self"},{"source_id":"r-e","target_id":"nobody","edge_type":"x"}])J";

struct Call {
  aegis_status status;
  std::string out, message;
};

Call compute(const std::string& findings, const aegis_options* o) {
  uint8_t* out = nullptr;
  size_t len = 0;
  aegis_error err;
  aegis_error_init(&err);
  Call c;
  c.status = aegis_compute_attack_paths_ex(bytes(findings), findings.size(), o, &out, &len, &err);
  c.message = err.message;
  if (c.status == AEGIS_OK) c.out = take(out, len);
  return c;
}

aegis_options with_edges(const std::string& edges) {
  aegis_options o;
  aegis_options_init(&o);
  o.edges = bytes(edges);
  o.edges_len = edges.size();
  return o;
}

std::string analysis(aegis_store* store, const char* id) {
  uint8_t* out = nullptr;
  size_t len = 0;
  REQUIRE(aegis_store_path_analysis(store, id, std::strlen(id), &out, &len, nullptr) == AEGIS_OK);
  return take(out, len);
}

}  // namespace

TEST_CASE("graph options: defaults, and what the edge members accept", "[abi][graph]") {
  aegis_options o;
  aegis_options_init(&o);
  CHECK(o.edges == nullptr);
  CHECK(o.edges_len == 0);
  CHECK(o.max_edge_bytes == 0);  // AEGIS_DEFAULT_MAX_EDGE_BYTES
  CHECK(AEGIS_DEFAULT_MAX_EDGE_BYTES == size_t{1} << 30);

  const Call heuristic = compute(kFindings, &o);
  REQUIRE(heuristic.status == AEGIS_OK);
  const aegis_options g = with_edges(kEdges);
  const Call graph = compute(kFindings, &g);
  REQUIRE(graph.status == AEGIS_OK);
  CHECK(graph.out != heuristic.out);
  CHECK(graph.out.find(R"("hop_count":3)") != std::string::npos);

  aegis_options bad = with_edges(kEdges);
  bad.edges_len = 0;
  Call c = compute(kFindings, &bad);
  CHECK(c.status == AEGIS_ERR_INVALID_ARGUMENT);
  CHECK(c.message == "options.edges is not NULL but options.edges_len is 0");
  bad.edges = nullptr;
  bad.edges_len = 3;
  c = compute(kFindings, &bad);
  CHECK(c.status == AEGIS_ERR_INVALID_ARGUMENT);
  CHECK(c.message == "options.edges is NULL but options.edges_len is not 0");

  // `[]` is graph mode with no edges: no paths.
  const std::string empty = "[]";
  const aegis_options none = with_edges(empty);
  c = compute(kFindings, &none);
  REQUIRE(c.status == AEGIS_OK);
  CHECK(c.out.rfind(R"({"paths":[],"stats":{"total_findings":7,)", 0) == 0);
}

TEST_CASE("graph options: an older struct without the edge members is the heuristic engine", "[abi][graph]") {
  aegis_options o = with_edges(kEdges);
  o.struct_size = offsetof(aegis_options, edges_len);  // edges inside, edges_len not: neither read
  const Call old = compute(kFindings, &o);
  REQUIRE(old.status == AEGIS_OK);
  CHECK(old.out == compute(kFindings, nullptr).out);
  // max_edge_bytes outside struct_size takes its default.
  o.struct_size = offsetof(aegis_options, max_edge_bytes);
  o.max_edge_bytes = 1;
  CHECK(compute(kFindings, &o).status == AEGIS_OK);
}

TEST_CASE("graph options: the edge document's cap and errors say it is the edge document", "[abi][graph]") {
  aegis_options o = with_edges(kEdges);
  o.max_edge_bytes = kEdges.size() - 1;
  Call c = compute(kFindings, &o);
  CHECK(c.status == AEGIS_ERR_TOO_LARGE);
  CHECK(c.message.find("edges: the edge document is") == 0);
  o.max_edge_bytes = kEdges.size();
  CHECK(compute(kFindings, &o).status == AEGIS_OK);

  const std::string wrong = R"([{},{},{},{"edge_type":1}])";
  const aegis_options w = with_edges(wrong);
  c = compute(kFindings, &w);
  CHECK(c.status == AEGIS_ERR_SCHEMA);
  CHECK(c.message == R"(edges: row 3: field "edge_type": expected string, got number)");
  const std::string broken = "[{]";
  const aegis_options b = with_edges(broken);
  c = compute(kFindings, &b);
  CHECK(c.status == AEGIS_ERR_MALFORMED_JSON);
  CHECK(c.message.rfind("edges: ", 0) == 0);
  // A findings error is reported first.
  c = compute("{}", &b);
  CHECK(c.status == AEGIS_ERR_SCHEMA);
  CHECK(c.message.find("edges") == std::string::npos);

  // The findings call ignores the edge document.
  uint8_t* out = nullptr;
  size_t len = 0;
  REQUIRE(aegis_load_and_serialize_findings_ex(bytes(kFindings), kFindings.size(), nullptr, 0, &b,
                                               &out, &len, nullptr) == AEGIS_OK);
  aegis_free(out, len);
}

TEST_CASE("graph store: the edges buffer may be freed after open, and the analysis of a path", "[store][graph]") {
  auto edges = std::make_unique<char[]>(kEdges.size());
  std::memcpy(edges.get(), kEdges.data(), kEdges.size());
  aegis_options o;
  aegis_options_init(&o);
  o.edges = reinterpret_cast<const uint8_t*>(edges.get());
  o.edges_len = kEdges.size();
  aegis_store* store = nullptr;
  REQUIRE(aegis_store_open(bytes(kFindings), kFindings.size(), &o, &store, nullptr) == AEGIS_OK);
  edges.reset();  // the store kept what it needs
  REQUIRE(aegis_store_path_count(store) == 1);

  // Hand-worked from the definition: severity HIGH (e), score min(8 × 25,
  // 100); titles and remediation in node order; CVE-1 once, from e;
  // regions us-east-1 then eu-west-1; direct r-e, r-m1, r-m2, r-t; within
  // 2 edges r-x and r-y (r-z is 3 away; the self-loop and the unknown id
  // link nothing).
  CHECK(analysis(store, "ap-001") ==
        R"J({"analysis":"3-hop HIGH path in aws account a: web (compute, NETWORK) reaches bucket (storage, DATA_EXPOSURE) via role, vpc. Findings: Open SSH \u003c22\u003e; Flat VPC; Public bucket.","remediation_steps":["web, role: Close port 22","bucket: Block public access"],"risk_factors":["Path score 100/100, severity HIGH","HIGH NETWORK finding on web: Open SSH \u003c22\u003e","MEDIUM IDENTITY finding on role","LOW MISCONFIGURATION finding on vpc: Flat VPC","MEDIUM DATA_EXPOSURE finding on bucket: Public bucket","Exploit available: web","CVE-1 on web (CISA known exploited)","CVE-2 on bucket","Network-exposed: web","Data store: bucket (storage)","MITRE tactics: TA1, TA2","Crosses regions: us-east-1, eu-west-1"],"blast_radius":{"direct":4,"indirect":2,"total":6}})J");

  uint8_t* out = nullptr;
  size_t len = 0;
  aegis_error err;
  aegis_error_init(&err);
  CHECK(aegis_store_path_analysis(store, "ap-002", 6, &out, &len, &err) == AEGIS_ERR_NOT_FOUND);
  CHECK(out == nullptr);
  CHECK(aegis_store_path_analysis(store, "ap-1", 4, &out, &len, &err) == AEGIS_ERR_NOT_FOUND);
  CHECK(aegis_store_path_analysis(store, nullptr, 3, &out, &len, &err) == AEGIS_ERR_INVALID_ARGUMENT);
  CHECK(aegis_store_path_analysis(nullptr, "ap-001", 6, &out, &len, &err) == AEGIS_ERR_INVALID_ARGUMENT);
  CHECK(aegis_store_path_analysis(store, "ap-001", 6, nullptr, &len, &err) == AEGIS_ERR_INVALID_ARGUMENT);
  aegis_store_close(store);
}

TEST_CASE("store analysis in heuristic mode: the blast radius is the path's places", "[store]") {
  // e -> t in (a, r1); r3 (twice) and r4 share it; r5 is in (a, r2), r6 in (b, r1).
  const std::string findings = R"J([{"id":"e","account_id":"a","region":"r1","resource_id":"r1","resource_name":"web","resource_type":"compute","category":"NETWORK","severity":"HIGH"},
{"id":"t","account_id":"a","region":"r1","resource_id":"r2","resource_name":"db","resource_type":"storage","category":"DATA_EXPOSURE","severity":"LOW"},
{"id":"o1","account_id":"a","region":"r1","resource_id":"r3","resource_type":"logging","severity":"LOW"},
{"id":"o2","account_id":"a","region":"r1","resource_id":"r3","resource_type":"logging","severity":"LOW"},
{"id":"o3","account_id":"a","region":"r1","resource_id":"r4","resource_type":"logging","severity":"LOW"},
{"id":"o4","account_id":"a","region":"r2","resource_id":"r5","resource_type":"logging","severity":"LOW"},
{"id":"o5","account_id":"b","region":"r1","resource_id":"r6","resource_type":"logging","severity":"LOW"}])J";
  aegis_store* store = nullptr;
  REQUIRE(aegis_store_open(bytes(findings), findings.size(), nullptr, &store, nullptr) == AEGIS_OK);
  REQUIRE(aegis_store_path_count(store) == 1);
  CHECK(analysis(store, "ap-001") ==
        R"J({"analysis":"1-hop HIGH path in  account a: web (compute, NETWORK) reaches db (storage, DATA_EXPOSURE).","remediation_steps":[],"risk_factors":["Path score 100/100, severity HIGH","HIGH NETWORK finding on web","LOW DATA_EXPOSURE finding on db","Network-exposed: web","Data store: db (storage)"],"blast_radius":{"direct":2,"indirect":2,"total":4}})J");
  aegis_store_close(store);
}

TEST_CASE("store analysis: the indirect count stops at 1000", "[store][graph]") {
  // One hub resource linked to 1,200 others; the path e -> t passes it.
  std::string findings = R"([{"id":"e","account_id":"a","resource_id":"hub","resource_type":"compute","category":"NETWORK","severity":"HIGH"},{"id":"t","account_id":"a","resource_id":"r0","resource_type":"storage","severity":"LOW"})";
  std::string edges = "[";
  for (int i = 0; i < 1200; ++i) {
    findings += R"(,{"id":"x)" + std::to_string(i) + R"(","account_id":"b","resource_id":"r)" +
                std::to_string(i + 1) + R"(","resource_type":"logging","severity":"LOW"})";
    if (i > 0) edges += ",";
    edges += R"({"source_id":"hub","target_id":"r)" + std::to_string(i) + R"(","edge_type":"same_region"})";
  }
  findings += "]";
  edges += "]";
  const aegis_options o = with_edges(edges);
  aegis_store* store = nullptr;
  REQUIRE(aegis_store_open(bytes(findings), findings.size(), &o, &store, nullptr) == AEGIS_OK);
  const std::string a = analysis(store, "ap-001");
  CHECK(a.find(R"("blast_radius":{"direct":2,"indirect":1000,"total":1002}})") != std::string::npos);
  aegis_store_close(store);
  // Heuristic mode: 1,200 resources share (b, "") but the path's place is (a, "").
  REQUIRE(aegis_store_open(bytes(findings), findings.size(), nullptr, &store, nullptr) == AEGIS_OK);
  CHECK(analysis(store, "ap-001").find(R"("indirect":0,)") != std::string::npos);
  aegis_store_close(store);
}
