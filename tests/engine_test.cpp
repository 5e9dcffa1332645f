// The heuristic engine (docs/algorithms.md) on hand-made findings, one rule at a time.
// Expected JSON strings were checked against the Go reference engine
// (go/engine.ComputeAttackPaths + json.Marshal) on the same findings.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

#include "encode/finding_encoder.hpp"
#include "engine/attack_paths.hpp"

namespace {

// The fields the engine reads; resource_name defaults to the resource id.
struct F {
  const char* id;
  const char* account;
  const char* region;
  const char* type;
  const char* rid;
  const char* severity;
  const char* category;
  bool exploit = false;
  std::vector<std::string_view> tactics = {};
  const char* name = nullptr;
  const char* provider = "aws";
};

aegis::model::FindingsDoc make_doc(const std::vector<F>& specs) {
  aegis::model::FindingsDoc doc;
  for (const F& s : specs) {
    aegis::model::Finding f;
    f.id = s.id;
    f.account_id = s.account;
    f.region = s.region;
    f.resource_type = s.type;
    f.resource_id = s.rid;
    f.resource_name = s.name ? s.name : s.rid;
    f.severity = s.severity;
    f.category = s.category;
    f.exploit_available = s.exploit;
    f.cloud_provider = s.provider;
    if (!s.tactics.empty()) {
      f.mitre_tactics.backing = s.tactics;
      f.mitre_tactics.len = static_cast<uint32_t>(s.tactics.size());
      f.mitre_tactics.nil = false;
    }
    doc.findings.push_back(f);
  }
  return doc;
}

std::string result_json(const aegis::engine::AttackPaths& ap, unsigned threads = 0) {
  std::string out(ap.result_json_length(), '\0');
  ap.write_result_json(reinterpret_cast<uint8_t*>(out.data()), aegis::engine::Options{threads});
  return out;
}

std::string streamed(const aegis::engine::AttackPaths& ap, unsigned threads = 0) {
  std::string out;
  bool ok = ap.stream_result_json(
      [&](std::string_view piece) {
        out.append(piece);
        return true;
      },
      aegis::engine::Options{threads});
  REQUIRE(ok);
  return out;
}

// Runs the engine and checks that every view of the result agrees.
std::string run(const aegis::model::FindingsDoc& doc, unsigned threads = 0) {
  aegis::engine::AttackPaths ap = aegis::engine::AttackPaths::compute(doc, aegis::engine::Options{threads});
  std::string whole = result_json(ap, threads);
  CHECK(streamed(ap, threads) == whole);
  std::string joined = "{\"paths\":[";
  for (size_t i = 0; i < ap.path_count(); ++i) {
    if (i > 0) joined += ',';
    std::string p = ap.path_json(i);
    CHECK(p.size() == ap.path_json_length(i));
    joined += p;
  }
  joined.append("],\"stats\":").append(ap.stats_json()).append("}");
  CHECK(joined == whole);
  return whole;
}

// The ids of the paths in result order, e.g. "ap-002:f-a>f-b".
std::vector<std::string> path_summaries(const aegis::model::FindingsDoc& doc) {
  aegis::engine::AttackPaths ap = aegis::engine::AttackPaths::compute(doc, {});
  std::vector<std::string> out;
  for (size_t i = 0; i < ap.path_count(); ++i) {
    std::string p = ap.path_json(i);
    std::string s = p.substr(7, p.find('"', 7) - 7) + ":";
    size_t ids = p.find("\"finding_ids\":[");
    std::string list = p.substr(ids + 15, p.find(']', ids) - ids - 15);
    for (char& c : list) {
      if (c == ',') c = '>';
    }
    list.erase(std::remove(list.begin(), list.end(), '"'), list.end());
    out.push_back(s + list);
  }
  return out;
}

const char* const kEmptyStats =
    R"J({"total_findings":0,"findings_in_paths":0,"isolated_findings":0,"coverage_percent":0,"total_paths":0,"critical_paths":0,"high_paths":0,"medium_paths":0,"by_provider":{}})J";

}  // namespace

TEST_CASE("empty input: no paths, zero stats", "[engine]") {
  aegis::model::FindingsDoc doc;
  CHECK(run(doc) == std::string("{\"paths\":[],\"stats\":") + kEmptyStats + "}");
}

TEST_CASE("one finding: no group of two", "[engine]") {
  auto doc = make_doc({{"f-1", "acct", "us-east-1", "compute", "r1", "HIGH", "NETWORK"}});
  CHECK(run(doc) ==
        R"J({"paths":[],"stats":{"total_findings":1,"findings_in_paths":0,"isolated_findings":1,"coverage_percent":0,"total_paths":0,"critical_paths":0,"high_paths":0,"medium_paths":0,"by_provider":{}}})J");
}

TEST_CASE("a one-hop path, byte for byte", "[engine]") {
  auto doc = make_doc({
      {"f-1", "123", "us-east-1", "compute", "i-1", "HIGH", "NETWORK", false,
       {"Lateral Movement", "Initial Access"}, "web <1>"},
      {"f-2", "123", "us-east-1", "Storage", "s3-1", "CRITICAL", "DATA_EXPOSURE", false,
       {"Initial Access", "Exfiltration"}, "bucket\u2028x"},
  });
  CHECK(run(doc) ==
        R"J({"paths":[{"id":"ap-001","title":"web \u003c1\u003e → bucket\u2028x","description":"1-hop path in aws account 123: web \u003c1\u003e (NETWORK) to bucket\u2028x (DATA_EXPOSURE)","severity":"CRITICAL","score":100,"hop_count":1,"entry_point":{"id":"ap-001-node-0","finding_id":"f-1","resource_id":"i-1","resource_name":"web \u003c1\u003e","resource_type":"compute","provider":"aws","account_id":"123","region":"us-east-1","severity":"HIGH","category":"NETWORK","label":"web \u003c1\u003e"},"target":{"id":"ap-001-node-1","finding_id":"f-2","resource_id":"s3-1","resource_name":"bucket\u2028x","resource_type":"Storage","provider":"aws","account_id":"123","region":"us-east-1","severity":"CRITICAL","category":"DATA_EXPOSURE","label":"bucket\u2028x"},"nodes":[{"id":"ap-001-node-0","finding_id":"f-1","resource_id":"i-1","resource_name":"web \u003c1\u003e","resource_type":"compute","provider":"aws","account_id":"123","region":"us-east-1","severity":"HIGH","category":"NETWORK","label":"web \u003c1\u003e"},{"id":"ap-001-node-1","finding_id":"f-2","resource_id":"s3-1","resource_name":"bucket\u2028x","resource_type":"Storage","provider":"aws","account_id":"123","region":"us-east-1","severity":"CRITICAL","category":"DATA_EXPOSURE","label":"bucket\u2028x"}],"edges":[{"id":"ap-001-edge-0","source":"ap-001-node-0","target":"ap-001-node-1","label":"data access","edge_type":"data_access"}],"mitre_tactics":["Exfiltration","Initial Access","Lateral Movement"],"finding_ids":["f-1","f-2"],"ai_enriched":false}],"stats":{"total_findings":2,"findings_in_paths":2,"isolated_findings":0,"coverage_percent":100,"total_paths":1,"critical_paths":1,"high_paths":0,"medium_paths":0,"by_provider":{"aws":1}}})J");
}

TEST_CASE("a two-hop path through an intermediate, byte for byte", "[engine]") {
  // Same resource id: the direct link fails, the region's first usable
  // intermediate joins them. Unknown severities rank 0: path severity "LOW".
  auto doc = make_doc({
      {"e", "acc", "eu-west-1", "container", "shared", "INFO", "VULNERABILITY", true},
      {"m-same-rid", "acc", "eu-west-1", "identity", "shared", "LOW", "IDENTITY"},
      {"m", "acc", "eu-west-1", "identity", "role-1", "", "IDENTITY"},
      {"t", "acc", "eu-west-1", "secret", "shared", "info", "MISCONFIGURATION"},
  });
  CHECK(run(doc) ==
        R"J({"paths":[{"id":"ap-001","title":"shared → shared","description":"2-hop path in aws account acc: shared (VULNERABILITY) to shared (MISCONFIGURATION)","severity":"LOW","score":0,"hop_count":2,"entry_point":{"id":"ap-001-node-0","finding_id":"e","resource_id":"shared","resource_name":"shared","resource_type":"container","provider":"aws","account_id":"acc","region":"eu-west-1","severity":"INFO","category":"VULNERABILITY","label":"shared"},"target":{"id":"ap-001-node-2","finding_id":"t","resource_id":"shared","resource_name":"shared","resource_type":"secret","provider":"aws","account_id":"acc","region":"eu-west-1","severity":"info","category":"MISCONFIGURATION","label":"shared"},"nodes":[{"id":"ap-001-node-0","finding_id":"e","resource_id":"shared","resource_name":"shared","resource_type":"container","provider":"aws","account_id":"acc","region":"eu-west-1","severity":"INFO","category":"VULNERABILITY","label":"shared"},{"id":"ap-001-node-1","finding_id":"m","resource_id":"role-1","resource_name":"role-1","resource_type":"identity","provider":"aws","account_id":"acc","region":"eu-west-1","severity":"","category":"IDENTITY","label":"role-1"},{"id":"ap-001-node-2","finding_id":"t","resource_id":"shared","resource_name":"shared","resource_type":"secret","provider":"aws","account_id":"acc","region":"eu-west-1","severity":"info","category":"MISCONFIGURATION","label":"shared"}],"edges":[{"id":"ap-001-edge-0","source":"ap-001-node-0","target":"ap-001-node-1","label":"IAM trust","edge_type":"iam_trust"},{"id":"ap-001-edge-1","source":"ap-001-node-1","target":"ap-001-node-2","label":"data access","edge_type":"data_access"}],"mitre_tactics":[],"finding_ids":["e","m","t"],"ai_enriched":false}],"stats":{"total_findings":4,"findings_in_paths":3,"isolated_findings":1,"coverage_percent":75,"total_paths":1,"critical_paths":0,"high_paths":0,"medium_paths":1,"by_provider":{"aws":1}}})J");
}

TEST_CASE("different accounts never connect, and groups go in byte order", "[engine]") {
  auto cross = make_doc({
      {"e", "A", "r", "compute", "x1", "HIGH", "NETWORK"},
      {"t", "B", "r", "storage", "x2", "HIGH", "DATA_EXPOSURE"},
  });
  CHECK(path_summaries(cross).empty());

  // Account "B" sorts before "a" (byte order), so its path is numbered first.
  auto two = make_doc({
      {"a-e", "a", "r", "compute", "x1", "MEDIUM", "NETWORK"},
      {"a-t", "a", "r", "storage", "x2", "MEDIUM", "DATA_EXPOSURE"},
      {"B-e", "B", "r", "compute", "y1", "MEDIUM", "NETWORK"},
      {"B-t", "B", "r", "storage", "y2", "MEDIUM", "DATA_EXPOSURE"},
  });
  CHECK(path_summaries(two) == std::vector<std::string>{"ap-001:B-e>B-t", "ap-002:a-e>a-t"});
}

TEST_CASE("an entry and a target with the same id make no path", "[engine]") {
  auto doc = make_doc({
      {"dup", "acc", "r", "compute", "x1", "LOW", "NETWORK"},
      {"dup", "acc", "r", "storage", "x2", "LOW", "DATA_EXPOSURE"},
      {"t2", "acc", "r", "database", "x3", "LOW", "DATA_EXPOSURE"},
  });
  CHECK(path_summaries(doc) == std::vector<std::string>{"ap-001:dup>t2"});
}

TEST_CASE("the first usable intermediate in input order wins", "[engine]") {
  // Entry in r1/compute, target in r2/storage: no direct link. Candidates are
  // intermediates in (r1, storage) or (r2, compute).
  std::vector<F> base = {
      {"e", "acc", "r1", "compute", "i-1", "MEDIUM", "NETWORK"},
      {"m-elsewhere", "acc", "r3", "storage", "x", "MEDIUM", "MISCONFIGURATION"},
      {"m-r1-wrongtype", "acc", "r1", "network", "x", "MEDIUM", "MISCONFIGURATION"},
      {"m-r2-compute-same-rid", "acc", "r2", "compute", "s-1", "MEDIUM", "MISCONFIGURATION"},
      {"m-r2-compute", "acc", "r2", "compute", "c-9", "MEDIUM", "MISCONFIGURATION"},
      {"m-r1-storage", "acc", "r1", "storage-ish", "z", "MEDIUM", "MISCONFIGURATION"},
      {"t", "acc", "r2", "storage", "s-1", "MEDIUM", "DATA_EXPOSURE"},
  };
  // (r2, compute) qualifies through the entry's resource type; it comes first.
  CHECK(path_summaries(make_doc(base)) == std::vector<std::string>{"ap-001:e>m-r2-compute>t"});

  // An intermediate of type "storage" in r1 (the (entry region, target type)
  // list) placed earlier wins instead.
  std::vector<F> earlier = base;
  earlier.insert(earlier.begin() + 2, F{"m-r1-storage2", "acc", "r1", "storage", "q", "MEDIUM",
                                        "COMPLIANCE"});
  // Its own type makes it a target, not an intermediate: still m-r2-compute,
  // plus the direct link e -> m-r1-storage2 (same region).
  CHECK(path_summaries(make_doc(earlier)) ==
        std::vector<std::string>{"ap-001:e>m-r1-storage2", "ap-002:e>m-r2-compute>t"});

  // Intermediates sharing the target's finding id are skipped as well.
  std::vector<F> same_id = base;
  same_id[4].id = "t";
  CHECK(path_summaries(make_doc(same_id)).empty());
}

TEST_CASE("first intermediate: the (entry region, target type) list", "[engine]") {
  auto doc = make_doc({
      {"e", "acc", "r1", "compute", "i-1", "MEDIUM", "NETWORK"},
      {"m-late", "acc", "r2", "compute", "c", "MEDIUM", "MISCONFIGURATION"},
      {"t", "acc", "r2", "Database", "d-1", "MEDIUM", "DATA_EXPOSURE"},
      {"m-r1-db-type", "acc", "r1", "Database2", "x", "MEDIUM", "MISCONFIGURATION"},
  });
  // m-late (r2, compute) is the only usable one: the (r1, "Database") list is empty.
  CHECK(path_summaries(doc) == std::vector<std::string>{"ap-001:e>m-late>t"});

  auto doc2 = make_doc({
      {"e", "acc", "r1", "compute", "i-1", "MEDIUM", "NETWORK"},
      {"m-r1-db", "acc", "r1", "db", "x", "MEDIUM", "MISCONFIGURATION"},
      {"m-r2-compute", "acc", "r2", "compute", "c", "MEDIUM", "MISCONFIGURATION"},
      {"t", "acc", "r2", "db", "d-1", "MEDIUM", "MISCONFIGURATION"},
      {"t-real", "acc", "r2", "secret", "d-2", "MEDIUM", "DATA_EXPOSURE"},
  });
  // For t-real (r2/secret) only (r2, compute) helps; "db" is no target type.
  CHECK(path_summaries(doc2) == std::vector<std::string>{"ap-001:e>m-r2-compute>t-real"});
}

TEST_CASE("lateral pairs: f1 keeps pairing, ids in paths are skipped", "[engine]") {
  auto doc = make_doc({
      {"a", "acc", "r", "identity", "x1", "HIGH", "IDENTITY"},
      {"b", "acc", "r", "identity", "x2", "CRITICAL", "MISCONFIGURATION"},
      {"low", "acc", "r", "identity", "x3", "MEDIUM", "MISCONFIGURATION"},
      {"c", "acc", "other", "identity", "x4", "HIGH", "COMPLIANCE"},
      {"b", "acc", "r", "logging", "x5", "HIGH", "MISCONFIGURATION"},  // id already in
      {"d", "acc", "r", "identity", "x1", "HIGH", "COMPLIANCE"},      // same resource as a
  });
  CHECK(path_summaries(doc) == std::vector<std::string>{"ap-001:a>b", "ap-002:a>c"});
  // a>b: CRITICAL, score 175 capped to 100; a>c: HIGH, 150 -> 100.
  aegis::engine::AttackPaths ap = aegis::engine::AttackPaths::compute(doc, {});
  CHECK(ap.stats_json() ==
        R"J({"total_findings":6,"findings_in_paths":3,"isolated_findings":3,"coverage_percent":50,"total_paths":2,"critical_paths":1,"high_paths":1,"medium_paths":0,"by_provider":{"aws":2}})J");
  const std::string p2 = ap.path_json(1);
  CHECK(p2.find(R"J("edges":[{"id":"ap-002-edge-0","source":"ap-002-node-0","target":"ap-002-node-1","label":"IAM trust","edge_type":"iam_trust"}])J") != std::string::npos);
}

TEST_CASE("edge type precedence: data store first, then IDENTITY, NETWORK, lateral", "[engine]") {
  auto doc = make_doc({
      {"e", "acc", "r1", "compute", "c1", "LOW", "VULNERABILITY", true},
      {"id-mid", "acc", "r2", "compute", "c2", "LOW", "IDENTITY"},
      {"t-db", "acc", "r2", "DATABASE", "d1", "LOW", "DATA_EXPOSURE"},
      {"t-enc", "acc", "r2", "encryption", "k1", "LOW", "MISCONFIGURATION"},
      {"plain-mid", "acc", "r4", "compute", "c4", "LOW", "COMPLIANCE"},
      {"t-enc2", "acc", "r4", "encryption", "k2", "LOW", "COMPLIANCE"},
      {"n", "acc", "r5", "network", "n1", "LOW", "NETWORK"},
      {"t-enc3", "acc", "r5", "encryption", "k3", "LOW", "COMPLIANCE"},
  });
  aegis::engine::AttackPaths ap = aegis::engine::AttackPaths::compute(doc, {});
  std::vector<std::string> edges;
  for (size_t i = 0; i < ap.path_count(); ++i) {
    const std::string p = ap.path_json(i);
    std::string kinds;
    for (size_t at = p.find("\"label\":\""); at != std::string::npos;
         at = p.find("\"label\":\"", at + 1)) {
      // node labels are resource names; edge labels are followed by edge_type
      const size_t end = p.find('"', at + 9);
      if (p.compare(end, 15, "\",\"edge_type\":\"") != 0) continue;
      kinds += p.substr(at + 9, end - at - 9) + "/";
      kinds += p.substr(end + 15, p.find('"', end + 15) - end - 15) + ";";
    }
    edges.push_back(kinds);
  }
  // e reaches the r2 targets through id-mid (r2, compute = e's type) and
  // t-enc2 through plain-mid; n reaches only t-enc3 (same region).
  CHECK(path_summaries(doc) ==
        std::vector<std::string>{"ap-001:e>id-mid>t-db", "ap-002:e>id-mid>t-enc",
                                 "ap-003:e>plain-mid>t-enc2", "ap-004:n>t-enc3"});
  CHECK(edges == std::vector<std::string>{
                     "IAM trust/iam_trust;data access/data_access;",
                     "IAM trust/iam_trust;IAM trust/iam_trust;",
                     "lateral movement/lateral_movement;lateral movement/lateral_movement;",
                     "network access/network_reachable;"});
}

TEST_CASE("stable sort by severity then score, ties keep generation order", "[engine]") {
  auto doc = make_doc({
      {"e-low", "acc", "r", "compute", "c1", "LOW", "NETWORK"},
      {"e-high", "acc", "r", "compute", "c2", "HIGH", "NETWORK"},
      {"t-med", "acc", "r", "storage", "s1", "MEDIUM", "DATA_EXPOSURE"},
      {"t-low", "acc", "r", "storage", "s2", "LOW", "DATA_EXPOSURE"},
      {"t-crit", "acc", "r", "storage", "s3", "CRITICAL", "DATA_EXPOSURE"},
      {"t-low2", "acc", "r", "storage", "s4", "LOW", "DATA_EXPOSURE"},
  });
  // Generation order: e-low x (t-med, t-low, t-crit, t-low2), then e-high x ...
  // Keys (severity, score): 1 MEDIUM 75, 2 LOW 50, 3 CRITICAL 100, 4 LOW 50,
  // 5 HIGH 100, 6 HIGH 100, 7 CRITICAL 100, 8 HIGH 100.
  CHECK(path_summaries(doc) ==
        std::vector<std::string>{"ap-003:e-low>t-crit", "ap-007:e-high>t-crit",
                                 "ap-005:e-high>t-med", "ap-006:e-high>t-low",
                                 "ap-008:e-high>t-low2", "ap-001:e-low>t-med",
                                 "ap-002:e-low>t-low", "ap-004:e-low>t-low2"});
  aegis::engine::AttackPaths ap = aegis::engine::AttackPaths::compute(doc, {});
  CHECK(ap.find_path("ap-003") == std::optional<size_t>(0));
  CHECK(ap.find_path("ap-004") == std::optional<size_t>(7));
  CHECK(ap.find_path("ap-4") == std::nullopt);
  CHECK(ap.find_path("ap-0004") == std::nullopt);
  CHECK(ap.find_path("ap-009") == std::nullopt);
  CHECK(ap.find_path("ap-000") == std::nullopt);
  CHECK(ap.find_path("ap-00x") == std::nullopt);
  CHECK(ap.find_path("") == std::nullopt);
  CHECK(ap.stats().critical_paths == 2);
  CHECK(ap.stats().high_paths == 3);
  CHECK(ap.stats().medium_paths == 3);
}

TEST_CASE("mitre_tactics: sorted distinct union, escaped", "[engine]") {
  auto doc = make_doc({
      {"e", "acc", "r", "compute", "c1", "LOW", "NETWORK", false, {"b", "a<", "b"}},
      {"m", "acc", "r", "logging", "g", "LOW", "COMPLIANCE", false, {"Z", "a<"}},
      {"t", "acc", "r", "storage", "c1", "LOW", "DATA_EXPOSURE", false, {"c", "B"}},
  });
  aegis::engine::AttackPaths ap = aegis::engine::AttackPaths::compute(doc, {});
  REQUIRE(ap.path_count() == 1);
  CHECK(ap.path_json(0).find(R"J("mitre_tactics":["B","Z","a\u003c","b","c"])J") != std::string::npos);
}

TEST_CASE("mitre_tactics with more than 64 distinct tactics in a group", "[engine]") {
  // Past 64 the per-group bit masks give way to merging sorted lists.
  std::vector<std::string> names;
  for (int i = 0; i < 70; ++i) names.push_back(std::string("T") + std::to_string(100 + i));
  std::vector<std::string_view> many(names.begin(), names.begin() + 66);
  auto doc = make_doc({
      {"e", "acc", "r", "compute", "c1", "LOW", "NETWORK", false, {"T169", "T105", "T100"}},
      {"m", "acc", "r", "logging", "g", "LOW", "COMPLIANCE", false, many},
      {"t", "acc", "r", "storage", "c1", "LOW", "DATA_EXPOSURE", false, {"T168", "T105", "T099"}},
      {"t2", "acc", "r", "storage", "c2", "LOW", "DATA_EXPOSURE", false, {"T167"}},
  });
  aegis::engine::AttackPaths ap = aegis::engine::AttackPaths::compute(doc, {});
  REQUIRE(ap.path_count() == 2);
  std::string want = R"J("mitre_tactics":["T099")J";
  for (int i = 0; i < 66; ++i) want += ",\"" + names[i] + "\"";
  want += R"J(,"T168","T169"])J";
  CHECK(ap.path_json(0).find(want) != std::string::npos);  // e > m > t
  CHECK(ap.path_json(1).find(R"J("mitre_tactics":["T100","T105","T167","T169"])J") != std::string::npos);
}

TEST_CASE("path ids widen past 999: ap-1000", "[engine]") {
  std::vector<std::string> names;
  names.reserve(100);
  for (int i = 0; i < 41; ++i) names.push_back(std::string("e") + std::to_string(i));
  for (int i = 0; i < 25; ++i) names.push_back(std::string("t") + std::to_string(i));
  std::vector<F> specs;
  for (int i = 0; i < 41; ++i) specs.push_back({names[i].c_str(), "acc", "r", "compute", names[i].c_str(), "LOW", "NETWORK"});
  for (int i = 0; i < 25; ++i) {
    const char* n = names[41 + i].c_str();
    specs.push_back({n, "acc", "r", "storage", n, "LOW", "DATA_EXPOSURE"});
  }
  auto doc = make_doc(specs);
  aegis::engine::AttackPaths ap = aegis::engine::AttackPaths::compute(doc, {});
  REQUIRE(ap.path_count() == 1025);
  // All paths tie (LOW, 50): result order is generation order.
  CHECK(ap.path_json(0).rfind("{\"id\":\"ap-001\",", 0) == 0);
  CHECK(ap.path_json(999).rfind("{\"id\":\"ap-1000\",", 0) == 0);
  CHECK(ap.path_json(999).find("\"id\":\"ap-1000-node-1\"") != std::string::npos);
  CHECK(ap.path_json(999).find("\"id\":\"ap-1000-edge-0\",\"source\":\"ap-1000-node-0\"") != std::string::npos);
  CHECK(ap.find_path("ap-1000") == std::optional<size_t>(999));
  CHECK(ap.find_path("ap-1025") == std::optional<size_t>(1024));
  CHECK(ap.find_path("ap-01000") == std::nullopt);
  CHECK(run(doc).size() == ap.result_json_length());
}

namespace {

// Findings over several accounts, regions and types, with some duplicate
// ids and shared resources, so that groups, chunks and blocks vary. `keep`
// owns the strings the findings point to.
aegis::model::FindingsDoc varied_doc(int n, std::vector<std::string>& keep) {
  keep.clear();
  keep.reserve(2 * static_cast<size_t>(n));
  static const char* const kTypes[] = {"compute", "storage", "database", "identity", "network",
                                       "serverless", "container", "logging", "encryption"};
  static const char* const kRegions[] = {"r1", "r2", "r3"};
  static const char* const kAccounts[] = {"acc-b", "acc-a", "acc-c", "solo"};
  static const char* const kSev[] = {"CRITICAL", "HIGH", "MEDIUM", "LOW", "INFO"};
  static const char* const kCat[] = {"NETWORK", "VULNERABILITY", "IDENTITY", "COMPLIANCE",
                                     "DATA_EXPOSURE"};
  std::vector<F> specs;
  for (int i = 0; i < n; ++i) {
    const char* id = keep.emplace_back("f-" + std::to_string(i % (n - n / 15))).c_str();  // some duplicate ids
    const char* rid = keep.emplace_back("r-" + std::to_string(i % (n * 7 / 15))).c_str();  // shared resources
    specs.push_back({id, kAccounts[i % 3 == 0 ? 0 : (i % 7 == 0 ? 3 : i % 3)], kRegions[(i / 3) % 3],
                     kTypes[(i * 7) % 9], rid, kSev[(i * 3) % 5], kCat[(i / 2) % 5], i % 4 == 0,
                     {i % 2 ? "Execution" : "Discovery"}, nullptr, i % 5 == 0 ? "azure" : "aws"});
  }
  return make_doc(specs);
}

}  // namespace

TEST_CASE("the result does not depend on the thread count", "[engine]") {
  std::vector<std::string> keep;
  const auto doc = varied_doc(1500, keep);
  const std::string one = run(doc, 1);
  CHECK(one.size() > (8u << 20));  // several stream chunks
  CHECK(run(doc, 2) == one);
  CHECK(run(doc, 8) == one);
}

TEST_CASE("streaming measures the paths in windows and writes them in chunks", "[engine]") {
  std::vector<std::string> keep;
  const auto doc = varied_doc(3000, keep);
  const aegis::engine::AttackPaths ap = aegis::engine::AttackPaths::compute(doc, {});
  // Several windows of 64 blocks of 256 paths, many 4 MiB chunks.
  REQUIRE(ap.path_count() > 2 * 64 * 256);
  const std::string whole = result_json(ap);
  REQUIRE(whole.size() > 8 * aegis::engine::AttackPaths::kStreamChunkBytes);
  CHECK(ap.result_json(aegis::engine::Options{}).size() == whole.size());
  for (unsigned threads : {1u, 2u}) {
    size_t pieces = 0, largest = 0;
    std::string out;
    REQUIRE(ap.stream_result_json(
        [&](std::string_view piece) {
          ++pieces;
          largest = std::max(largest, piece.size());
          out.append(piece);
          return true;
        },
        aegis::engine::Options{threads}));
    CHECK(out == whole);
    CHECK(pieces > 8);
    CHECK(largest <= aegis::engine::AttackPaths::kStreamChunkBytes);
  }
}

TEST_CASE("one account, region and resource: no paths, and late intermediates are found",
          "[engine]") {
  // The shape that made the intermediate search cubic (go/internal/corpus,
  // ShapeAdversarial): entries, targets and intermediates in turn, all on one
  // resource, so nothing connects. Then intermediates on resources of their
  // own at the very end; the first two repeat the ids of the first entry and
  // the first target, so the pairs with those must skip them.
  std::vector<std::string> ids;
  for (int i = 0; i < 300; ++i) ids.push_back("f-" + std::to_string(i));
  std::vector<F> specs;
  const char* types[] = {"compute", "storage", "identity"};
  const char* categories[] = {"NETWORK", "DATA_EXPOSURE", "IDENTITY"};
  for (int i = 0; i < 300; ++i)
    specs.push_back({ids[i].c_str(), "acct", "us-east-1", types[i % 3], "res-shared", "HIGH",
                     categories[i % 3]});
  CHECK(path_summaries(make_doc(specs)).empty());

  specs.push_back({"f-0", "acct", "us-east-1", "identity", "late-1", "LOW", "IDENTITY"});
  specs.push_back({"f-1", "acct", "us-east-1", "identity", "late-2", "LOW", "IDENTITY"});
  specs.push_back({"late-3", "acct", "us-east-1", "identity", "late-3", "LOW", "IDENTITY"});
  const std::vector<std::string> paths = path_summaries(make_doc(specs));
  REQUIRE(paths.size() == 100 * 100);
  size_t via[3] = {};
  for (const std::string& p : paths) {
    const std::string chain = p.substr(p.find(':') + 1);
    const std::string entry = chain.substr(0, chain.find('>'));
    const std::string target = chain.substr(chain.rfind('>') + 1);
    const std::string middle =
        chain.substr(entry.size() + 1, chain.size() - entry.size() - target.size() - 2);
    // The middle id is "f-0" (late-1), "f-1" (late-2) or "late-3".
    const int k = middle == "f-0" ? 0 : middle == "f-1" ? 1 : middle == "late-3" ? 2 : -1;
    REQUIRE(k >= 0);
    const int want = entry == "f-0" ? (target == "f-1" ? 2 : 1) : 0;
    REQUIRE(k == want);
    ++via[k];
  }
  CHECK(via[0] == 99 * 100);
  CHECK(via[1] == 99);
  CHECK(via[2] == 1);
}
