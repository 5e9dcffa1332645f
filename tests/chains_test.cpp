// The seam for other chain builders (engine/chains.hpp,
// AttackPaths::from_chains): hand-made chains of 4 and 5 findings with
// explicit edge kinds, stored in a ChainStore next to an inline record, go
// through the shared numbering, sort, path table, stats and output. The
// expected JSON is written by hand from docs/algorithms.md ("The path
// object"): node and edge ids, hop_count, title, description, the tactics
// union.
#include <catch2/catch.hpp>

#include <stdexcept>
#include <string>
#include <vector>

#include "engine/attack_paths.hpp"

namespace {

using aegis::engine::AttackPaths;
using aegis::engine::ChainStore;
using aegis::engine::EdgeKindId;
using aegis::engine::EdgeKinds;
using aegis::engine::GroupChains;
using aegis::engine::PathRec;

struct Spec {
  const char* id;
  const char* name;
  const char* type;
  const char* severity;
  const char* category;
  std::vector<std::string_view> tactics;
  const char* account = "acc";
};

aegis::model::FindingsDoc make_doc(const std::vector<Spec>& specs) {
  aegis::model::FindingsDoc doc;
  for (const Spec& s : specs) {
    aegis::model::Finding f;
    f.id = s.id;
    f.account_id = s.account;
    f.region = "r1";
    f.resource_type = s.type;
    f.resource_id = s.id;
    f.resource_name = s.name;
    f.severity = s.severity;
    f.category = s.category;
    f.cloud_provider = "aws";
    if (!s.tactics.empty()) {
      f.mitre_tactics.backing = s.tactics;
      f.mitre_tactics.len = static_cast<uint32_t>(s.tactics.size());
      f.mitre_tactics.nil = false;
    }
    doc.findings.push_back(f);
  }
  return doc;
}

// Findings 0..4 in account "acc", one more alone in its account (no group).
std::vector<Spec> five_specs(std::vector<std::string_view> b_tactics = {"TA3"}) {
  return {
      {"a", "alpha", "compute", "LOW", "NETWORK", {"TA2", "TA1"}},
      {"b", "beta", "identity", "MEDIUM", "IDENTITY", b_tactics},
      {"c", "gamma", "network", "HIGH", "MISCONFIGURATION", {"TA1"}},
      {"d", "delta", "storage", "LOW", "DATA_EXPOSURE", {}},
      {"e", "eps", "logging", "CRITICAL", "COMPLIANCE", {"TA0"}},
      {"z", "zeta", "compute", "HIGH", "NETWORK", {}, "solo"},
  };
}

struct Built {
  aegis::model::FindingsDoc doc;
  AttackPaths paths;
};

// ap-001 = a > b > c > d (stored), ap-002 = a > d (inline, heuristic edge),
// ap-003 = e > d > c > b > a (stored): generation order.
Built build(std::vector<Spec> specs) {
  aegis::model::FindingsDoc doc = make_doc(specs);
  const auto groups = aegis::engine::group_by_account(doc);
  REQUIRE(groups.size() == 1);
  EdgeKinds kinds;
  const EdgeKindId same_region = kinds.add("same_region", "same region");
  const EdgeKindId odd = kinds.add("x<y", "x<y");
  const EdgeKindId same_account = kinds.add("same_account", "same account");
  std::vector<GroupChains> chains(1);
  GroupChains& g = chains[0];
  g.chunks.resize(2);
  const uint32_t four[] = {0, 1, 2, 3};
  const EdgeKindId four_edges[] = {same_region, odd, same_region};
  g.chunks[0].push_back(g.stored.add(four, four_edges));
  g.chunks[0].push_back(PathRec::pair(0, 3));
  const uint32_t five[] = {4, 3, 2, 1, 0};
  const EdgeKindId five_edges[] = {odd, same_region, same_account, same_region};
  g.chunks[1].push_back(g.stored.add(five, five_edges));
  AttackPaths paths = AttackPaths::from_chains(doc, groups, std::move(chains), std::move(kinds),
                                               aegis::engine::ChainDedup::kNone,
                                               aegis::engine::CaseRule::kExact, {});
  return Built{std::move(doc), std::move(paths)};
}

std::string whole(const AttackPaths& ap) {
  std::string out(ap.result_json_length(), '\0');
  ap.write_result_json(reinterpret_cast<uint8_t*>(out.data()), {});
  return out;
}

// Every view of the result agrees: path by path, whole, streamed.
void check_views(const AttackPaths& ap) {
  const std::string all = whole(ap);
  std::string joined = "{\"paths\":[";
  for (size_t i = 0; i < ap.path_count(); ++i) {
    const std::string p = ap.path_json(i);
    CHECK(p.size() == ap.path_json_length(i));
    std::string written(ap.path_json_length(i), '\0');
    ap.write_path_json(i, reinterpret_cast<uint8_t*>(written.data()));
    CHECK(written == p);
    if (i > 0) joined += ',';
    joined += p;
  }
  joined.append("],\"stats\":").append(ap.stats_json()).append("}");
  CHECK(joined == all);
  std::string streamed;
  REQUIRE(ap.stream_result_json(
      [&](std::string_view piece) {
        streamed.append(piece);
        return true;
      },
      {}));
  CHECK(streamed == all);
}

}  // namespace

TEST_CASE("stored chains of 4 and 5 findings: JSON, order and ids", "[engine][chains]") {
  const Built b = build(five_specs());
  const AttackPaths& ap = b.paths;
  REQUIRE(ap.path_count() == 3);
  check_views(ap);

  // Sorted: ap-003 (CRITICAL, 100), ap-001 (HIGH, 100), ap-002 (LOW, 50).
  CHECK(ap.find_path("ap-003") == std::optional<size_t>(0));
  CHECK(ap.find_path("ap-001") == std::optional<size_t>(1));
  CHECK(ap.find_path("ap-002") == std::optional<size_t>(2));

  CHECK(ap.path_json(1) ==
        R"J({"id":"ap-001","title":"alpha → delta","description":"3-hop path in aws account acc: alpha (NETWORK) to delta (DATA_EXPOSURE)","severity":"HIGH","score":100,"hop_count":3,)J"
        R"J("entry_point":{"id":"ap-001-node-0","finding_id":"a","resource_id":"a","resource_name":"alpha","resource_type":"compute","provider":"aws","account_id":"acc","region":"r1","severity":"LOW","category":"NETWORK","label":"alpha"},)J"
        R"J("target":{"id":"ap-001-node-3","finding_id":"d","resource_id":"d","resource_name":"delta","resource_type":"storage","provider":"aws","account_id":"acc","region":"r1","severity":"LOW","category":"DATA_EXPOSURE","label":"delta"},)J"
        R"J("nodes":[{"id":"ap-001-node-0","finding_id":"a","resource_id":"a","resource_name":"alpha","resource_type":"compute","provider":"aws","account_id":"acc","region":"r1","severity":"LOW","category":"NETWORK","label":"alpha"},)J"
        R"J({"id":"ap-001-node-1","finding_id":"b","resource_id":"b","resource_name":"beta","resource_type":"identity","provider":"aws","account_id":"acc","region":"r1","severity":"MEDIUM","category":"IDENTITY","label":"beta"},)J"
        R"J({"id":"ap-001-node-2","finding_id":"c","resource_id":"c","resource_name":"gamma","resource_type":"network","provider":"aws","account_id":"acc","region":"r1","severity":"HIGH","category":"MISCONFIGURATION","label":"gamma"},)J"
        R"J({"id":"ap-001-node-3","finding_id":"d","resource_id":"d","resource_name":"delta","resource_type":"storage","provider":"aws","account_id":"acc","region":"r1","severity":"LOW","category":"DATA_EXPOSURE","label":"delta"}],)J"
        R"J("edges":[{"id":"ap-001-edge-0","source":"ap-001-node-0","target":"ap-001-node-1","label":"same region","edge_type":"same_region"},)J"
        R"J({"id":"ap-001-edge-1","source":"ap-001-node-1","target":"ap-001-node-2","label":"x\u003cy","edge_type":"x\u003cy"},)J"
        R"J({"id":"ap-001-edge-2","source":"ap-001-node-2","target":"ap-001-node-3","label":"same region","edge_type":"same_region"}],)J"
        R"J("mitre_tactics":["TA1","TA2","TA3"],"finding_ids":["a","b","c","d"],"ai_enriched":false})J");

  const std::string p3 = ap.path_json(0);
  CHECK(p3.rfind(R"J({"id":"ap-003","title":"eps → alpha","description":"4-hop path in aws account acc: eps (COMPLIANCE) to alpha (NETWORK)","severity":"CRITICAL","score":100,"hop_count":4,"entry_point":{"id":"ap-003-node-0","finding_id":"e",)J",
                  0) == 0);
  CHECK(p3.find(R"J("target":{"id":"ap-003-node-4","finding_id":"a",)J") != std::string::npos);
  CHECK(p3.find(R"J({"id":"ap-003-node-2","finding_id":"c",)J") != std::string::npos);
  CHECK(p3.find(
            R"J("edges":[{"id":"ap-003-edge-0","source":"ap-003-node-0","target":"ap-003-node-1","label":"x\u003cy","edge_type":"x\u003cy"},)J"
            R"J({"id":"ap-003-edge-1","source":"ap-003-node-1","target":"ap-003-node-2","label":"same region","edge_type":"same_region"},)J"
            R"J({"id":"ap-003-edge-2","source":"ap-003-node-2","target":"ap-003-node-3","label":"same account","edge_type":"same_account"},)J"
            R"J({"id":"ap-003-edge-3","source":"ap-003-node-3","target":"ap-003-node-4","label":"same region","edge_type":"same_region"}],)J"
            R"J("mitre_tactics":["TA0","TA1","TA2","TA3"],"finding_ids":["e","d","c","b","a"],"ai_enriched":false})J") !=
        std::string::npos);

  // The inline record next to them keeps the heuristic edge rule (delta is storage).
  CHECK(ap.path_json(2).find(
            R"J("hop_count":1,)J") != std::string::npos);
  CHECK(ap.path_json(2).find(
            R"J("edges":[{"id":"ap-002-edge-0","source":"ap-002-node-0","target":"ap-002-node-1","label":"data access","edge_type":"data_access"}],"mitre_tactics":["TA1","TA2"],"finding_ids":["a","d"],)J") !=
        std::string::npos);

  // "z" is alone in its account: 5 of 6 findings are on paths.
  CHECK(ap.stats_json() ==
        R"J({"total_findings":6,"findings_in_paths":5,"isolated_findings":1,"coverage_percent":83.33333333333334,"total_paths":3,"critical_paths":1,"high_paths":1,"medium_paths":1,"by_provider":{"aws":3}})J");
  // 16 bytes per record; a stored chain of len findings adds len / 2 words
  // of edge kinds and len - 2 words of middle findings.
  CHECK(ap.memory().per_path_bytes == 3 * 16 + 4 * (2 + 2) + 4 * (2 + 3));
}

TEST_CASE("stored chains merge the tactics of 5 nodes past 64 per group", "[engine][chains]") {
  // Over 64 distinct tactics in the group: the union is a 5-way merge of the
  // nodes' sorted lists instead of a mask.
  std::vector<std::string> names;
  for (int i = 0; i < 66; ++i) names.push_back(std::string("T").append(std::to_string(100 + i)));
  const std::vector<std::string_view> many(names.begin(), names.end());
  const Built b = build(five_specs(many));
  const AttackPaths& ap = b.paths;
  REQUIRE(ap.path_count() == 3);
  check_views(ap);
  std::string want = R"J("mitre_tactics":["T100")J";
  for (size_t i = 1; i < names.size(); ++i) want.append(",\"").append(names[i]).append("\"");
  want += R"J(,"TA0","TA1","TA2"],"finding_ids":["e","d","c","b","a"])J";
  CHECK(ap.path_json(0).find(want) != std::string::npos);
}

TEST_CASE("a chain store takes 2 to 5 findings and one edge less", "[engine][chains]") {
  ChainStore store;
  const uint32_t one[] = {0};
  const uint32_t six[] = {0, 1, 2, 3, 4, 5};
  const uint32_t two[] = {7, 9};
  const EdgeKindId none[1] = {0};
  const EdgeKindId five_edges[] = {0, 0, 0, 0, 0};
  const EdgeKindId one_edge[] = {3};
  CHECK_THROWS_AS(store.add(one, std::span<const EdgeKindId>(none, 0)), std::invalid_argument);
  CHECK_THROWS_AS(store.add(six, five_edges), std::invalid_argument);
  CHECK_THROWS_AS(store.add(two, five_edges), std::invalid_argument);
  const PathRec r = store.add(two, one_edge);
  CHECK(r.is_stored());
  CHECK(ChainStore::size(r) == 2);
  CHECK(store.node(r, 0) == 7);
  CHECK(store.node(r, 1) == 9);
  CHECK(store.edge(r, 0) == 3);
  CHECK(store.word_count() == 1);  // one word of kinds, no middle finding
  const uint32_t five[] = {10, 11, 12, 13, 14};
  const EdgeKindId four_edges[] = {1, 2, 65535, 4};
  PathRec f = store.add(five, four_edges);
  CHECK(store.word_count() == 1 + 2 + 3);
  CHECK(ChainStore::size(f) == 5);
  for (uint32_t k = 0; k < 5; ++k) CHECK(store.node(f, k) == 10 + k);
  for (uint32_t i = 0; i < 4; ++i) CHECK(store.edge(f, i) == four_edges[i]);
  store.map_nodes(f, [](uint32_t x) { return x * 2; });
  for (uint32_t k = 0; k < 5; ++k) CHECK(store.node(f, k) == 2 * (10 + k));
  ChainStore other;
  const uint32_t offset = other.append(store);
  CHECK(offset == 0);
  CHECK(other.append(store) == 6);
  const PathRec moved = ChainStore::moved(f, 6);
  for (uint32_t k = 0; k < 5; ++k) CHECK(other.node(moved, k) == 2 * (10 + k));
  for (uint32_t i = 0; i < 4; ++i) CHECK(other.edge(moved, i) == four_edges[i]);
  const uint32_t too_big[] = {0, aegis::engine::kMaxFindingIndex + 1};
  CHECK_THROWS_AS(store.add(too_big, one_edge), std::invalid_argument);
}

TEST_CASE("dedup by id sequence: repeats are dropped before numbering", "[engine][chains]") {
  // Ids repeat across accounts A and B; all LOW, so the 3-finding chain
  // (score 75) sorts before the pairs (50), which keep number order.
  const aegis::model::FindingsDoc doc = make_doc({
      {"p", "p-in-a", "compute", "LOW", "NETWORK", {}, "A"},
      {"q", "q-in-a", "storage", "LOW", "DATA_EXPOSURE", {}, "A"},
      {"r", "r-in-a", "logging", "LOW", "COMPLIANCE", {}, "A"},
      {"p", "p-in-b", "compute", "LOW", "NETWORK", {}, "B"},
      {"q", "q-in-b", "storage", "LOW", "DATA_EXPOSURE", {}, "B"},
  });
  const auto groups = aegis::engine::group_by_account(doc);
  REQUIRE(groups.size() == 2);
  auto make_chains = [] {
    std::vector<GroupChains> chains(2);
    const uint32_t pqr[] = {0, 1, 2};
    const EdgeKindId two_edges[] = {0, 0};
    chains[0].chunks.resize(2);
    chains[0].chunks[0].push_back(PathRec::pair(0, 1));                      // p > q
    chains[0].chunks[0].push_back(chains[0].stored.add(pqr, two_edges));     // p > q > r
    chains[0].chunks[1].push_back(PathRec::pair(0, 1));                      // p > q again
    chains[1].chunks.resize(1);
    chains[1].chunks[0].push_back(PathRec::pair(0, 1));  // p > q, as in A
    chains[1].chunks[0].push_back(PathRec::pair(1, 0));  // q > p: another sequence
    return chains;
  };
  auto kinds = [] {
    EdgeKinds k;
    k.add("same_region", "same region");
    return k;
  };
  auto summary = [](const AttackPaths& ap) {
    std::vector<std::string> out;
    for (size_t i = 0; i < ap.path_count(); ++i) {
      const std::string p = ap.path_json(i);
      const size_t names = p.find("\"title\":\"") + 9;
      out.push_back(p.substr(7, 6) + " " + p.substr(names, p.find('"', names) - names));
    }
    return out;
  };
  const AttackPaths kept = AttackPaths::from_chains(doc, groups, make_chains(), kinds(),
                                                    aegis::engine::ChainDedup::kByIdSequence,
                                                    aegis::engine::CaseRule::kExact, {});
  check_views(kept);
  CHECK(summary(kept) == std::vector<std::string>{"ap-002 p-in-a → r-in-a", "ap-001 p-in-a → q-in-a",
                                                  "ap-003 q-in-b → p-in-b"});
  CHECK(kept.stats().total_paths == 3);

  const AttackPaths all = AttackPaths::from_chains(doc, groups, make_chains(), kinds(),
                                                   aegis::engine::ChainDedup::kNone,
                                               aegis::engine::CaseRule::kExact, {});
  CHECK(all.path_count() == 5);
  CHECK(summary(all)[4] == "ap-005 q-in-b → p-in-b");
}
