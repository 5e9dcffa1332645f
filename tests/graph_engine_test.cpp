// Graph mode against its oracle, the Go reference engine: tests/data/
// graph_cases.jsonl holds every hand-worked case of go/internal/graphcases
// and a run of generated inputs, each with the bytes the Go engine writes or
// the class of error it reports (written by go/engine's
// TestNativeGraphFixture, which fails when the file is out of date). Every
// line goes through the one-shot call and the store, with 1 and 2 threads,
// and through the id-level search alone (which must agree with the
// resource-level one wherever both apply).
#include <catch2/catch.hpp>

#include <simdjson.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "aegispath.h"
#include "decode/decoder.hpp"
#include "decode/edge_decoder.hpp"
#include "engine/attack_paths.hpp"
#include "engine/graph_chains.hpp"
#include "test_support.hpp"

namespace {

using aegis_test::bytes;
using aegis_test::take;

struct FixtureCase {
  std::string name, findings, edges, status, result;
  int64_t max_paths = 0;
};

// AEGIS_GRAPH_CASES names another file of the same format (for long local
// runs over many generated inputs).
std::vector<FixtureCase> load_fixture() {
  const char* other = std::getenv("AEGIS_GRAPH_CASES");
  std::ifstream in(other != nullptr ? std::string(other)
                                    : std::string(AEGIS_TEST_DATA) + "/graph_cases.jsonl",
                   std::ios::binary);
  REQUIRE(in);
  std::vector<FixtureCase> cases;
  simdjson::dom::parser parser;
  for (std::string line; std::getline(in, line);) {
    simdjson::dom::element e = parser.parse(line);
    FixtureCase c;
    c.name = std::string(e["name"].get_string().value());
    c.findings = std::string(e["findings"].get_string().value());
    c.edges = std::string(e["edges"].get_string().value());
    c.status = std::string(e["status"].get_string().value());
    c.result = std::string(e["result"].get_string().value());
    c.max_paths = e["max_paths"].get_int64().value();
    cases.push_back(std::move(c));
  }
  return cases;
}

aegis_status status_of(const std::string& s) {
  if (s == "ok") return AEGIS_OK;
  if (s == "utf8") return AEGIS_ERR_INVALID_UTF8;
  if (s == "malformed") return AEGIS_ERR_MALFORMED_JSON;
  return AEGIS_ERR_SCHEMA;
}

aegis_options graph_options(const std::string& edges, unsigned threads) {
  aegis_options o;
  aegis_options_init(&o);
  o.edges = bytes(edges);
  o.edges_len = edges.size();
  o.max_threads = threads;
  return o;
}

// The one-shot call's bytes, or "" with *status set.
std::string compute(const std::string& findings, const aegis_options& o, aegis_status* status,
                    std::string* message = nullptr) {
  uint8_t* out = nullptr;
  size_t len = 0;
  aegis_error err;
  aegis_error_init(&err);
  *status = aegis_compute_attack_paths_ex(bytes(findings), findings.size(), &o, &out, &len, &err);
  if (message != nullptr) *message = err.message;
  return *status == AEGIS_OK ? take(out, len) : std::string();
}

std::string store_result(const std::string& findings, const aegis_options& o) {
  aegis_store* store = nullptr;
  REQUIRE(aegis_store_open(bytes(findings), findings.size(), &o, &store, nullptr) == AEGIS_OK);
  uint8_t* out = nullptr;
  size_t len = 0;
  REQUIRE(aegis_store_paths_json(store, &out, &len, nullptr) == AEGIS_OK);
  aegis_store_close(store);
  return take(out, len);
}

// Graph mode through the engine directly, with the given search.
std::string engine_result(const std::string& findings, const std::string& edges,
                          aegis::engine::GraphSearch search) {
  using namespace aegis;
  model::FindingsDoc doc;
  REQUIRE(!decode::decode_findings(findings, decode::kDefaultMaxInputBytes, doc));
  const model::ResourceIndex resources(doc);
  decode::EdgeDocument rows;
  REQUIRE(!decode::decode_edges(edges, decode::kDefaultMaxEdgeBytes, resources, 0, rows));
  const model::ResourceGraph graph =
      model::ResourceGraph::build(resources.size(), rows.rows, std::move(rows.types));
  const auto groups = engine::group_by_account(doc);
  engine::GraphChains built = engine::graph_chains(doc, groups, resources, graph, search);
  const engine::AttackPaths paths = engine::AttackPaths::from_chains(
      doc, groups, std::move(built.groups), std::move(built.kinds), engine::ChainDedup::kNone,
      engine::CaseRule::kGoCaseMapping, {});
  const common::OutputBuffer out = paths.result_json({});
  return std::string(reinterpret_cast<const char*>(out.data()), out.size());
}

}  // namespace

TEST_CASE("graph mode: every fixture case byte for byte with the Go engine", "[graph]") {
  const std::vector<FixtureCase> cases = load_fixture();
  REQUIRE(cases.size() > 60);
  size_t compared = 0, capped = 0;
  for (const FixtureCase& c : cases) {
    INFO(c.name << "\nfindings " << c.findings << "\nedges " << c.edges);
    if (c.max_paths > 0) {
      // max_paths is not an option of this library yet: these cases wait for it.
      ++capped;
      continue;
    }
    for (unsigned threads : {1u, 2u}) {
      const aegis_options o = graph_options(c.edges, threads);
      aegis_status status;
      const std::string got = compute(c.findings, o, &status);
      REQUIRE(status == status_of(c.status));
      if (status != AEGIS_OK) continue;
      REQUIRE(got == c.result);
      REQUIRE(store_result(c.findings, o) == c.result);
    }
    if (c.status == "ok") {
      REQUIRE(engine_result(c.findings, c.edges, aegis::engine::GraphSearch::kIdLevelOnly) == c.result);
    }
    ++compared;
  }
  WARN(compared << " cases compared, " << capped << " with max_paths skipped");
  CHECK(compared > 60);
}

TEST_CASE("graph mode: the upstream test's four findings give one 3-hop path", "[graph]") {
  // docs/algorithms.md, "Graph mode", worked example.
  const std::string findings = R"([
    {"id":"e","account_id":"a","cloud_provider":"aws","region":"us-east-1","resource_type":"compute","resource_id":"r-e","resource_name":"web","category":"NETWORK","severity":"HIGH"},
    {"id":"m1","account_id":"a","cloud_provider":"aws","region":"us-east-1","resource_type":"identity","resource_id":"r-m1","resource_name":"role","category":"IDENTITY","severity":"MEDIUM"},
    {"id":"m2","account_id":"a","cloud_provider":"aws","region":"us-east-1","resource_type":"network","resource_id":"r-m2","resource_name":"vpc","category":"MISCONFIGURATION","severity":"LOW"},
    {"id":"t","account_id":"a","cloud_provider":"aws","region":"us-east-1","resource_type":"storage","resource_id":"r-t","resource_name":"bucket","category":"DATA_EXPOSURE","severity":"MEDIUM"}])";
  const std::string edges = R"([{"source_id":"r-e","target_id":"r-m1","edge_type":"same_region"},
    {"source_id":"r-m1","target_id":"r-m2","edge_type":"same_region"},
    {"source_id":"r-m2","target_id":"r-t","edge_type":"same_account"}])";
  aegis_status status;
  const std::string out = compute(findings, graph_options(edges, 0), &status);
  REQUIRE(status == AEGIS_OK);
  CHECK(out.find("\"hop_count\":3") != std::string::npos);
  CHECK(out.find("\"total_paths\":1,") != std::string::npos);
  CHECK(out.find("\"description\":\"3-hop path in aws account a: web (NETWORK) to bucket "
                 "(DATA_EXPOSURE)\",\"severity\":\"HIGH\",\"score\":100") != std::string::npos);
  CHECK(out.find(R"("label":"same region","edge_type":"same_region"},{"id":"ap-001-edge-1")") !=
        std::string::npos);
  CHECK(out.find(R"("label":"same account","edge_type":"same_account"}])") != std::string::npos);
  CHECK(out.find(R"("finding_ids":["e","m1","m2","t"])") != std::string::npos);
}
