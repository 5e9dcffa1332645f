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

namespace {

// A deterministic generator (splitmix64) for synthetic graph inputs.
struct Rng {
  uint64_t s;
  uint64_t next() {
    uint64_t z = (s += 0x9E3779B97F4A7C15u);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
    return z ^ (z >> 31);
  }
  size_t below(size_t n) { return static_cast<size_t>(next() % n); }
};

struct Synthetic {
  std::string findings, edges;
};

// accounts × per_account findings over resources_per_account resources each
// (several findings per resource), typed edges inside accounts, a dense
// clique in each account, a few resource ids shared across accounts, and
// optionally one repeated id and one id containing "->".
Synthetic synthetic(uint64_t seed, int accounts, int per_account, int resources_per_account,
                    bool odd_ids) {
  Rng rng{seed};
  const char* types[] = {"compute", "storage", "database", "logging", "identity", "Container", "secret"};
  const char* sevs[] = {"CRITICAL", "HIGH", "MEDIUM", "LOW", "high", "h\xC4\xB1gh", "info"};
  const char* cats[] = {"NETWORK", "VULNERABILITY", "IDENTITY", "COMPLIANCE", "network"};
  const char* edge_types[] = {"same_region", "same_account", "network_reachable", "iam_trust",
                              "data_access", "peered"};
  auto res = [](int a, size_t r) {
    return r < 3 ? "shared-" + std::to_string(r) : "r" + std::to_string(a) + "-" + std::to_string(r);
  };
  Synthetic out;
  out.findings = "[";
  for (int a = 0; a < accounts; ++a) {
    for (int i = 0; i < per_account; ++i) {
      std::string id = "f" + std::to_string(a) + "-" + std::to_string(i);
      if (odd_ids && a == 1 && i == 7) id = "f1-3";        // a repeated id
      if (odd_ids && a == 2 && i == 0) id = "f0-1->f0-2";  // an arrow inside an id
      if (out.findings.size() > 1) out.findings += ",";
      out.findings += R"({"id":")" + id + R"(","account_id":"acct-)" + std::to_string(a) +
                      R"(","cloud_provider":"aws","region":"r1","resource_id":")" +
                      res(a, rng.below(static_cast<size_t>(resources_per_account))) +
                      R"(","resource_name":"n)" + std::to_string(i) + R"(","resource_type":")" +
                      types[rng.below(7)] + R"(","severity":")" + sevs[rng.below(7)] +
                      R"(","category":")" + cats[rng.below(5)] + R"(","exploit_available":)" +
                      (rng.below(2) ? "true" : "false") + R"(,"mitre_tactics":["TA)" +
                      std::to_string(rng.below(4)) + R"("]})";
    }
  }
  out.findings += "]";
  out.edges = "[";
  auto edge = [&](const std::string& x, const std::string& y, const char* t) {
    if (out.edges.size() > 1) out.edges += ",";
    out.edges += R"({"source_id":")" + x + R"(","target_id":")" + y + R"(","edge_type":")" + t + "\"}";
  };
  for (int a = 0; a < accounts; ++a) {
    const auto n = static_cast<size_t>(resources_per_account);
    for (size_t k = 0; k < n * 2; ++k) edge(res(a, rng.below(n)), res(a, rng.below(n)), edge_types[rng.below(6)]);
    for (size_t x = 0; x < 20; ++x) {
      for (size_t y = x + 1; y < 20; ++y) edge(res(a, 10 + x), res(a, 10 + y), "same_region");
    }
  }
  out.edges += "]";
  return out;
}

}  // namespace

TEST_CASE("graph mode: the same bytes for any thread count and either search", "[graph]") {
  for (const bool odd_ids : {false, true}) {
    INFO("odd ids: " << odd_ids);
    const Synthetic in = synthetic(odd_ids ? 11 : 7, 3, 400, 150, odd_ids);
    aegis_status status;
    const std::string one = compute(in.findings, graph_options(in.edges, 1), &status);
    REQUIRE(status == AEGIS_OK);
    const std::string two = compute(in.findings, graph_options(in.edges, 2), &status);
    REQUIRE(status == AEGIS_OK);
    CHECK(one == two);
    CHECK(engine_result(in.findings, in.edges, aegis::engine::GraphSearch::kIdLevelOnly) == one);
    // Chains of every length appear, so the check covers them all.
    for (int hops = 1; hops <= 4; ++hops)
      CHECK(one.find("\"hop_count\":" + std::to_string(hops)) != std::string::npos);
  }
}

TEST_CASE("graph mode: bytes per path", "[graph]") {
  // A stored path: a 16-byte record plus, in the chain store, its edge kinds
  // (two 16-bit kinds per word) and its middle findings (a word each).
  const Synthetic in = synthetic(3, 2, 300, 100, false);
  using namespace aegis;
  model::FindingsDoc doc;
  REQUIRE(!decode::decode_findings(in.findings, decode::kDefaultMaxInputBytes, doc));
  const model::ResourceIndex resources(doc);
  decode::EdgeDocument rows;
  REQUIRE(!decode::decode_edges(in.edges, decode::kDefaultMaxEdgeBytes, resources, 0, rows));
  const model::ResourceGraph graph =
      model::ResourceGraph::build(resources.size(), rows.rows, std::move(rows.types));
  const engine::AttackPaths paths = engine::AttackPaths::compute_graph(doc, resources, graph, {});
  size_t want = 0;
  uint64_t by_hops[5] = {};
  for (size_t i = 0; i < paths.path_count(); ++i) {
    const size_t len = paths.path_findings(i).size();
    want += 16 + 4 * (len / 2 + len - 2);
    ++by_hops[len - 1];
  }
  REQUIRE(by_hops[1] > 0);
  REQUIRE(by_hops[4] > 0);
  // 1 to 4 hops: 20, 24, 32, 36 bytes.
  CHECK(paths.memory().per_path_bytes == want);
}

TEST_CASE("graph units: any running order of entry units, admitted in order, gives the same chains", "[graph]") {
  // What a wave-running driver (a path cap, a deadline) relies on: entry
  // units depend on nothing; admit() and lateral units run in generation
  // order; a budget cuts a unit at its first chains.
  using namespace aegis;
  for (const bool odd_ids : {false, true}) {
    INFO("odd ids: " << odd_ids);
    const Synthetic in = synthetic(odd_ids ? 5 : 6, 3, 200, 80, odd_ids);
    model::FindingsDoc doc;
    REQUIRE(!decode::decode_findings(in.findings, decode::kDefaultMaxInputBytes, doc));
    const model::ResourceIndex resources(doc);
    decode::EdgeDocument rows;
    REQUIRE(!decode::decode_edges(in.edges, decode::kDefaultMaxEdgeBytes, resources, 0, rows));
    const model::ResourceGraph graph =
        model::ResourceGraph::build(resources.size(), rows.rows, std::move(rows.types));
    const auto groups = engine::group_by_account(doc);
    const engine::GraphChains plain = engine::graph_chains(doc, groups, resources, graph);

    engine::GraphChainUnits units(doc, groups, resources, graph);
    CHECK(units.ordered() == odd_ids);
    std::vector<engine::UnitChains> out(units.unit_count());
    for (size_t u = units.unit_count(); u-- > 0;) {
      if (!units.is_lateral(u)) units.run(u, out[u]);
    }
    for (size_t u = 0; u < units.unit_count(); ++u) {
      if (units.is_lateral(u)) units.run(u, out[u]);
      units.admit(u, out[u]);
    }
    // The same chains, unit by unit, as the plain driver's chunks.
    std::vector<std::vector<uint32_t>> mine, theirs;
    auto flatten = [](const engine::ChainStore& store, const std::vector<engine::PathRec>& recs,
                      std::vector<std::vector<uint32_t>>& to) {
      for (const engine::PathRec& r : recs) {
        std::vector<uint32_t> nodes;
        for (uint32_t k = 0; k < engine::ChainStore::size(r); ++k) nodes.push_back(store.node(r, k));
        for (uint32_t k = 0; k + 1 < engine::ChainStore::size(r); ++k) nodes.push_back(1000000 + store.edge(r, k));
        to.push_back(std::move(nodes));
      }
    };
    for (const engine::UnitChains& u : out) flatten(u.stored, u.recs, mine);
    for (const engine::GroupChains& g : plain.groups)
      for (const auto& chunk : g.chunks) flatten(g.stored, chunk, theirs);
    CHECK(mine.size() > 1000);
    CHECK(mine == theirs);

    // A budget keeps a unit's first chains.
    engine::GraphChainUnits again(doc, groups, resources, graph);
    engine::UnitChains whole, cut;
    again.run(0, whole);
    again.run(0, cut, 3);
    REQUIRE(whole.recs.size() > 3);
    REQUIRE(cut.recs.size() == 3);
    for (size_t i = 0; i < 3; ++i) {
      for (uint32_t k = 0; k < engine::ChainStore::size(whole.recs[i]); ++k)
        CHECK(whole.stored.node(whole.recs[i], k) == cut.stored.node(cut.recs[i], k));
    }
  }
}
