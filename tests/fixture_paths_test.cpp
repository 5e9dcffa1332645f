// The engine on the upstream fixture: 200 real findings. The
// fixture is third-party data read from the shared folder; these tests are
// skipped (with a warning) when it is absent. Expected bytes come from the Go
// reference engine (go/engine) on the same file.
#include <catch2/catch.hpp>

#include <array>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>

#include "common/sha256.hpp"
#include "decode/decoder.hpp"
#include "engine/attack_paths.hpp"

namespace {

const std::string kFixture = std::string(AEGIS_SHARED_DATA) + "/upstream/findings_test.json";

bool load_fixture(aegis::model::FindingsDoc& doc) {
  std::ifstream in(kFixture, std::ios::binary);
  if (!in) {
    WARN("skipped: fixture " << kFixture << " is absent");
    return false;
  }
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string json = ss.str();
  const aegis::common::Error err = aegis::decode::decode_findings(json, aegis::decode::kDefaultMaxInputBytes, doc);
  REQUIRE_FALSE(err);
  return true;
}

std::string result_json(const aegis::engine::AttackPaths& ap, unsigned threads) {
  std::string out(ap.result_json_length(), '\0');
  ap.write_result_json(reinterpret_cast<uint8_t*>(out.data()), aegis::engine::Options{threads});
  return out;
}

std::string sha256_hex(std::string_view bytes) {
  aegis::common::Sha256 h;
  h.update(bytes);
  char hex[64];
  aegis::common::to_hex(h.finish(), hex);
  return std::string(hex, 64);
}

}  // namespace

TEST_CASE("fixture: 548 paths and the upstream stats", "[engine][fixture]") {
  aegis::model::FindingsDoc doc;
  if (!load_fixture(doc)) return;
  REQUIRE(doc.findings.size() == 200);
  aegis::engine::AttackPaths ap = aegis::engine::AttackPaths::compute(doc, {});
  REQUIRE(ap.path_count() == 548);
  size_t one_hop = 0, two_hop = 0;
  for (size_t i = 0; i < ap.path_count(); ++i) {
    const std::string p = ap.path_json(i);
    CHECK(p.size() == ap.path_json_length(i));
    if (p.find("\"hop_count\":1,") != std::string::npos) ++one_hop;
    if (p.find("\"hop_count\":2,") != std::string::npos) ++two_hop;
  }
  CHECK(one_hop == 259);
  CHECK(two_hop == 289);
  CHECK(ap.stats_json() ==
        R"J({"total_findings":200,"findings_in_paths":155,"isolated_findings":45,"coverage_percent":77.5,"total_paths":548,"critical_paths":152,"high_paths":291,"medium_paths":105,"by_provider":{"aws":450,"azure":89,"gcp":9}})J");
}

TEST_CASE("fixture: the whole result equals the Go engine's bytes", "[engine][fixture]") {
  aegis::model::FindingsDoc doc;
  if (!load_fixture(doc)) return;
  aegis::engine::AttackPaths ap = aegis::engine::AttackPaths::compute(doc, {});
  const std::string out = result_json(ap, 0);
  CHECK(out.size() == 1086160);
  CHECK(sha256_hex(out) == "9cd1c555d4a38baa83f2c46dcee13a918de850f69ef9a76af53285e17d1723f6");

  std::string streamed;
  CHECK(ap.stream_result_json(
      [&](std::string_view piece) {
        streamed.append(piece);
        return true;
      },
      {}));
  CHECK(streamed == out);

  // A sink that refuses stops the stream.
  int calls = 0;
  CHECK_FALSE(ap.stream_result_json(
      [&](std::string_view) {
        ++calls;
        return false;
      },
      {}));
  CHECK(calls == 1);
}

TEST_CASE("fixture: spot checks of whole paths, order and ids", "[engine][fixture]") {
  aegis::model::FindingsDoc doc;
  if (!load_fixture(doc)) return;
  aegis::engine::AttackPaths ap = aegis::engine::AttackPaths::compute(doc, {});
  // Result order starts with ap-010 (CRITICAL, 100, a two-hop path) ...
  CHECK(ap.path_json(0) ==
        R"J({"id":"ap-010","title":"fn-identity-deve-15771 → s3-catalog-stag-10978","description":"2-hop path in aws account 123456789012: fn-identity-deve-15771 (NETWORK) to s3-catalog-stag-10978 (IDENTITY)","severity":"CRITICAL","score":100,"hop_count":2,"entry_point":{"id":"ap-010-node-0","finding_id":"f-15771","resource_id":"fn-839b7541","resource_name":"fn-identity-deve-15771","resource_type":"serverless","provider":"aws","account_id":"123456789012","region":"us-west-2","severity":"MEDIUM","category":"NETWORK","label":"fn-identity-deve-15771"},"target":{"id":"ap-010-node-2","finding_id":"f-10978","resource_id":"s3-catalog-stag-10978-bucket","resource_name":"s3-catalog-stag-10978","resource_type":"storage","provider":"aws","account_id":"123456789012","region":"eu-west-1","severity":"CRITICAL","category":"IDENTITY","label":"s3-catalog-stag-10978"},"nodes":[{"id":"ap-010-node-0","finding_id":"f-15771","resource_id":"fn-839b7541","resource_name":"fn-identity-deve-15771","resource_type":"serverless","provider":"aws","account_id":"123456789012","region":"us-west-2","severity":"MEDIUM","category":"NETWORK","label":"fn-identity-deve-15771"},{"id":"ap-010-node-1","finding_id":"f-00582","resource_id":"fn-5162bde5","resource_name":"fn-networking-stag-00582","resource_type":"serverless","provider":"aws","account_id":"123456789012","region":"eu-west-1","severity":"MEDIUM","category":"DATA_EXPOSURE","label":"fn-networking-stag-00582"},{"id":"ap-010-node-2","finding_id":"f-10978","resource_id":"s3-catalog-stag-10978-bucket","resource_name":"s3-catalog-stag-10978","resource_type":"storage","provider":"aws","account_id":"123456789012","region":"eu-west-1","severity":"CRITICAL","category":"IDENTITY","label":"s3-catalog-stag-10978"}],"edges":[{"id":"ap-010-edge-0","source":"ap-010-node-0","target":"ap-010-node-1","label":"network access","edge_type":"network_reachable"},{"id":"ap-010-edge-1","source":"ap-010-node-1","target":"ap-010-node-2","label":"data access","edge_type":"data_access"}],"mitre_tactics":["TA0003","TA0006","TA0010"],"finding_ids":["f-15771","f-00582","f-10978"],"ai_enriched":false})J");
  // ... and ends with ap-491 (LOW, 50).
  CHECK(ap.path_json(547) ==
        R"J({"id":"ap-491","title":"ad-identity-prod-14283 → sql-catalog-deve-18592","description":"1-hop path in azure account sub-platform-001: ad-identity-prod-14283 (NETWORK) to sql-catalog-deve-18592 (IDENTITY)","severity":"LOW","score":50,"hop_count":1,"entry_point":{"id":"ap-491-node-0","finding_id":"f-14283","resource_id":"/subscriptions/sub-platform-001/resourceGroups/production-rg-eastus/providers/Microsoft.AAD/domainServices/ad-identity-prod-14283","resource_name":"ad-identity-prod-14283","resource_type":"identity","provider":"azure","account_id":"sub-platform-001","region":"eastus","severity":"LOW","category":"NETWORK","label":"ad-identity-prod-14283"},"target":{"id":"ap-491-node-1","finding_id":"f-18592","resource_id":"/subscriptions/sub-platform-001/resourceGroups/development-rg-eastus/providers/Microsoft.Sql/servers/sql-catalog-deve-18592","resource_name":"sql-catalog-deve-18592","resource_type":"database","provider":"azure","account_id":"sub-platform-001","region":"eastus","severity":"LOW","category":"IDENTITY","label":"sql-catalog-deve-18592"},"nodes":[{"id":"ap-491-node-0","finding_id":"f-14283","resource_id":"/subscriptions/sub-platform-001/resourceGroups/production-rg-eastus/providers/Microsoft.AAD/domainServices/ad-identity-prod-14283","resource_name":"ad-identity-prod-14283","resource_type":"identity","provider":"azure","account_id":"sub-platform-001","region":"eastus","severity":"LOW","category":"NETWORK","label":"ad-identity-prod-14283"},{"id":"ap-491-node-1","finding_id":"f-18592","resource_id":"/subscriptions/sub-platform-001/resourceGroups/development-rg-eastus/providers/Microsoft.Sql/servers/sql-catalog-deve-18592","resource_name":"sql-catalog-deve-18592","resource_type":"database","provider":"azure","account_id":"sub-platform-001","region":"eastus","severity":"LOW","category":"IDENTITY","label":"sql-catalog-deve-18592"}],"edges":[{"id":"ap-491-edge-0","source":"ap-491-node-0","target":"ap-491-node-1","label":"data access","edge_type":"data_access"}],"mitre_tactics":["TA0001","TA0006","TA0010"],"finding_ids":["f-14283","f-18592"],"ai_enriched":false})J");
  CHECK(ap.find_path("ap-001") == std::optional<size_t>(443));
  CHECK(ap.find_path("ap-029") == std::optional<size_t>(3));
  CHECK(ap.find_path("ap-039") == std::optional<size_t>(6));
  CHECK(ap.find_path("ap-100") == std::optional<size_t>(180));
  CHECK(ap.find_path("ap-548") == std::optional<size_t>(442));
  CHECK(ap.find_path("ap-549") == std::nullopt);
  const std::string p39 = ap.path_json(6);
  CHECK(p39.find(R"J("title":"fn-ml-sand-18107 → db-platform-stag-02024")J") != std::string::npos);
  CHECK(p39.find(R"J("mitre_tactics":[],"finding_ids":["f-18107","f-00582","f-02024"])J") !=
        std::string::npos);
  CHECK(p39.find(R"J("label":"lateral movement","edge_type":"lateral_movement")J") != std::string::npos);
}

TEST_CASE("fixture: identical bytes with 1, 2 and 8 threads", "[engine][fixture]") {
  aegis::model::FindingsDoc doc;
  if (!load_fixture(doc)) return;
  const std::string one = result_json(aegis::engine::AttackPaths::compute(doc, {1}), 1);
  CHECK(result_json(aegis::engine::AttackPaths::compute(doc, {2}), 2) == one);
  CHECK(result_json(aegis::engine::AttackPaths::compute(doc, {8}), 8) == one);
}

TEST_CASE("fixture: every path id finds its own path", "[engine][fixture]") {
  aegis::model::FindingsDoc doc;
  if (!load_fixture(doc)) return;
  const aegis::engine::AttackPaths ap = aegis::engine::AttackPaths::compute(doc, {});
  REQUIRE(ap.path_count() == 548);
  constexpr std::string_view kHead = R"({"id":")";
  for (size_t i = 0; i < ap.path_count(); ++i) {
    const std::string p = ap.path_json(i);
    REQUIRE(p.rfind(kHead, 0) == 0);
    const std::string id = p.substr(kHead.size(), p.find('"', kHead.size()) - kHead.size());
    INFO(id);
    CHECK(ap.find_path(id) == std::optional<size_t>(i));
  }
  CHECK(ap.find_path("ap-549") == std::nullopt);
}

TEST_CASE("fixture: the result holds 16 bytes per path", "[engine][fixture]") {
  aegis::model::FindingsDoc doc;
  if (!load_fixture(doc)) return;
  const aegis::engine::AttackPaths ap = aegis::engine::AttackPaths::compute(doc, {});
  const aegis::engine::AttackPaths::Memory m = ap.memory();
  CHECK(m.per_path_bytes == 548 * 16);
  CHECK(m.per_finding_bytes >= 200 * 64);  // at least one text record per finding
}
