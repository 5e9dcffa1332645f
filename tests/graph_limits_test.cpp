// Deadlines and cancellation in graph mode (docs/algorithms.md, "Limits and
// truncation"): every long stage of a graph run polls the call's stop token
// — the edge decoder between its pieces and in its exact scans, the
// resource graph's build, the search per source (uncapped driver) and the
// chain units (capped driver) — so a deadline or a cancellation from another
// thread ends the call wherever it is, capped or not.
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>
#include <thread>
#include <vector>

#include "aegispath.h"
#include "common/status.hpp"
#include "common/stop.hpp"
#include "decode/edge_decoder.hpp"
#include "model/resource_graph.hpp"
#include "test_support.hpp"

using aegis_test::bytes;
using aegis_test::take;

namespace {

// 60,000 entries on 60,000 resources of one account, each resource with 8
// edge rows to others drawn by a fixed LCG (so ~16 neighbours, and 4 hops
// reach most of the account), and one target that no row links: no path
// at all, but every entry's search walks the whole account. Run to its end
// this takes minutes of CPU in a Release build (the calls below never let
// it); the documents are ~7 MB and ~35 MB.
struct SlowGraph {
  std::string findings, edges;
};

const SlowGraph& slow_graph() {
  static const SlowGraph g = [] {
    constexpr uint32_t kResources = 60000;
    constexpr int kRowsPerResource = 8;
    SlowGraph s;
    s.findings.reserve(kResources * 120);
    s.findings.push_back('[');
    for (uint32_t r = 0; r < kResources; ++r) {
      s.findings.append("{\"id\":\"f").append(std::to_string(r));
      s.findings.append("\",\"resource_type\":\"compute\",\"resource_id\":\"r").append(std::to_string(r));
      s.findings.append("\",\"account_id\":\"a\",\"severity\":\"MEDIUM\",\"category\":\"NETWORK\"},");
    }
    s.findings.append("{\"id\":\"t\",\"resource_type\":\"storage\",\"resource_id\":\"tr\",\"account_id\":\"a\"}]");
    s.edges.reserve(size_t{kResources} * kRowsPerResource * 60);
    s.edges.push_back('[');
    uint64_t lcg = 12345;
    for (uint32_t r = 0; r < kResources; ++r) {
      for (int k = 0; k < kRowsPerResource; ++k) {
        lcg = lcg * 6364136223846793005u + 1442695040888963407u;
        if (s.edges.size() > 1) s.edges += ',';
        s.edges.append("{\"source_id\":\"r").append(std::to_string(r));
        s.edges.append("\",\"target_id\":\"r").append(std::to_string((lcg >> 33) % kResources));
        s.edges.append("\",\"edge_type\":\"same_region\"}");
      }
    }
    s.edges += ']';
    return s;
  }();
  return g;
}

aegis_options graph_options(uint64_t max_paths) {
  aegis_options o;
  aegis_options_init(&o);
  const SlowGraph& g = slow_graph();
  o.edges = bytes(g.edges);
  o.edges_len = g.edges.size();
  o.max_paths = max_paths;
  return o;
}

aegis_status compute(const aegis_options& o, std::string* message = nullptr) {
  const SlowGraph& g = slow_graph();
  aegis_error e;
  aegis_error_init(&e);
  uint8_t* out = nullptr;
  size_t len = 0;
  const aegis_status st =
      aegis_compute_attack_paths_ex(bytes(g.findings), g.findings.size(), &o, &out, &len, &e);
  if (out != nullptr) take(out, len);
  if (message != nullptr) *message = e.message;
  return st;
}

using Clock = std::chrono::steady_clock;

// Not a timing test: the bound only says the call did not run to its end
// (minutes); decoding the documents takes well under a second in Release.
constexpr auto kPrompt = std::chrono::seconds(30);

}  // namespace

TEST_CASE("graph mode: a deadline ends a long run, capped or not", "[limits][graph]") {
  slow_graph();  // generated before any clock starts
  for (const uint64_t max_paths : {uint64_t{0}, uint64_t{5}}) {
    // 1 ms ends the call at its first poll; the longer deadlines land in
    // the edge decoder, the graph's build or the search.
    for (const uint64_t timeout_ms : {uint64_t{1}, uint64_t{40}, uint64_t{300}}) {
      INFO("max_paths " << max_paths << ", timeout_ms " << timeout_ms);
      aegis_options o = graph_options(max_paths);
      o.timeout_ms = timeout_ms;
      std::string message;
      const auto start = Clock::now();
      CHECK(compute(o, &message) == AEGIS_ERR_TIMED_OUT);
      CHECK(Clock::now() - start < kPrompt);
      CHECK(message.find(std::to_string(timeout_ms) + " ms") != std::string::npos);
    }
  }
  // A store's opening too.
  const SlowGraph& g = slow_graph();
  aegis_options o = graph_options(0);
  o.timeout_ms = 300;
  aegis_store* store = nullptr;
  const auto start = Clock::now();
  CHECK(aegis_store_open(bytes(g.findings), g.findings.size(), &o, &store, nullptr) == AEGIS_ERR_TIMED_OUT);
  CHECK(Clock::now() - start < kPrompt);
  CHECK(store == nullptr);
}

TEST_CASE("graph mode: a cancellation from another thread ends a long run, capped or not",
          "[limits][graph]") {
  slow_graph();
  for (const uint64_t max_paths : {uint64_t{0}, uint64_t{5}}) {
    for (const int delay_ms : {0, 40, 300}) {
      INFO("max_paths " << max_paths << ", cancelled after " << delay_ms << " ms");
      aegis_cancel* cancel = aegis_cancel_create();
      REQUIRE(cancel != nullptr);
      aegis_options o = graph_options(max_paths);
      o.cancel = cancel;
      std::atomic<bool> started{false};
      std::thread canceller([&] {
        while (!started.load()) std::this_thread::yield();
        std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms));
        aegis_cancel_request(cancel);
      });
      const auto start = Clock::now();
      started = true;
      const aegis_status st = compute(o);
      canceller.join();
      CHECK(st == AEGIS_ERR_CANCELLED);
      CHECK(Clock::now() - start < kPrompt);
      aegis_cancel_destroy(cancel);
    }
  }
}

TEST_CASE("graph mode: the edge decoder and the graph's build poll the stop token", "[limits][graph]") {
  using aegis::common::StatusError;
  using aegis::common::StopToken;
  // The findings' resources, decoded once without a token.
  const SlowGraph& g = slow_graph();
  aegis::model::FindingsDoc doc;
  const std::vector<std::string> ids = [] {
    std::vector<std::string> v;
    for (uint32_t r = 0; r < 60000; ++r) v.push_back(std::string(1, 'r').append(std::to_string(r)));
    return v;
  }();
  for (const std::string& id : ids) {
    aegis::model::Finding f;
    f.resource_id = id;
    doc.findings.push_back(f);
  }
  const aegis::model::ResourceIndex resources(doc);
  const std::atomic<bool> requested{true};
  const StopToken stopped(&requested, 0);
  auto status_of = [](auto&& call) {
    try {
      call();
    } catch (const StatusError& e) {
      return e.status();
    }
    return AEGIS_OK;
  };

  aegis::decode::EdgeDocument rows;
  auto decode = [&](const std::string& json, const StopToken& stop) {
    return aegis::decode::decode_edges(json, SIZE_MAX, resources, 0, rows, stop);
  };
  // The fast path (pieces of whole rows, parsed in parallel).
  CHECK(status_of([&] { (void)decode(g.edges, stopped); }) == AEGIS_ERR_CANCELLED);
  REQUIRE_FALSE(decode(g.edges, aegis::common::never_stop()));
  CHECK(rows.rows.size() == 60000 * 8);
  // The exact path: a byte after the array sends the document through Go's
  // scan of the whole of it, which polls too.
  std::string trailing = g.edges;
  trailing.push_back('x');
  CHECK(status_of([&] { (void)decode(trailing, stopped); }) == AEGIS_ERR_CANCELLED);
  CHECK(decode(trailing, aegis::common::never_stop()).status == AEGIS_ERR_MALFORMED_JSON);
  REQUIRE_FALSE(decode(g.edges, aegis::common::never_stop()));

  CHECK(status_of([&] {
          (void)aegis::model::ResourceGraph::build(resources.size(), rows.rows, rows.types, stopped);
        }) == AEGIS_ERR_CANCELLED);
  const aegis::model::ResourceGraph graph =
      aegis::model::ResourceGraph::build(resources.size(), rows.rows, rows.types);
  CHECK(graph.resource_count() == 60000);
  CHECK(graph.pair_count() > 60000 * 7);
}
