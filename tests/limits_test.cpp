// The limits of a call (docs/algorithms.md, "Limits and truncation";
// docs/c-api.md, "Limits"): max_paths, max_result_bytes, timeout_ms and the
// aegis_cancel handle, through the C API and at the chain driver.
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "aegispath.h"
#include "decode/decoder.hpp"
#include "engine/account_groups.hpp"
#include "engine/chain_units.hpp"
#include "engine/heuristic_chains.hpp"
#include "test_support.hpp"

using aegis_test::bytes;
using aegis_test::take;

namespace {

// Accounts of `entries` entries and `targets` targets each, every pair a
// one-hop path, plus HIGH findings that pair laterally; mixed severities so
// the sort moves paths away from generation order.
std::string make_doc(int accounts, int entries, int targets, int lateral) {
  std::string doc = "[";
  auto add = [&](const std::string& id, const char* type, const std::string& rid,
                 const std::string& account, const char* severity, const char* category) {
    if (doc.size() > 1) doc += ',';
    doc.append("{\"id\":\"").append(id).append("\",\"resource_type\":\"").append(type);
    doc.append("\",\"resource_id\":\"").append(rid).append("\",\"region\":\"r1\",\"account_id\":\"");
    doc.append(account).append("\",\"severity\":\"").append(severity);
    doc.append("\",\"category\":\"").append(category).append("\",\"cloud_provider\":\"aws\"}");
  };
  const char* severities[] = {"LOW", "MEDIUM", "HIGH", "CRITICAL"};
  for (int a = 0; a < accounts; ++a) {
    const std::string acc = "acct-" + std::to_string(a);
    for (int i = 0; i < entries; ++i)
      add(acc + "-e" + std::to_string(i), "compute", acc + "-vm" + std::to_string(i), acc,
          severities[i % 4], "NETWORK");
    for (int i = 0; i < targets; ++i)
      add(acc + "-t" + std::to_string(i), "storage", acc + "-b" + std::to_string(i), acc,
          severities[(i + 1) % 4], "DATA_EXPOSURE");
    for (int i = 0; i < lateral; ++i)
      add(acc + "-h" + std::to_string(i), "identity", acc + "-role" + std::to_string(i), acc,
          "HIGH", "IDENTITY");
  }
  return doc + "]";
}

struct Result {
  aegis_status status;
  std::string bytes;
  std::string message;
};

Result compute(const std::string& doc, const aegis_options& o) {
  aegis_error e;
  aegis_error_init(&e);
  uint8_t* out = nullptr;
  size_t len = 0;
  const aegis_status st = aegis_compute_attack_paths_ex(bytes(doc), doc.size(), &o, &out, &len, &e);
  return {st, out == nullptr ? std::string() : take(out, len), e.message};
}

aegis_options with_max_paths(uint64_t n) {
  aegis_options o;
  aegis_options_init(&o);
  o.max_paths = n;
  return o;
}

// The paths of a result, each path's JSON, and its number.
struct Path {
  uint64_t num;
  std::string json;
};

std::vector<Path> paths_of(const std::string& result) {
  // A path starts with {"id":"ap-<digits>","title": (its nodes' ids go on
  // with "-node-").
  std::vector<Path> out;
  const std::string mark = "{\"id\":\"ap-";
  const size_t end = result.find("],\"stats\":");
  std::vector<size_t> starts;
  for (size_t at = result.find(mark); at != std::string::npos && at < end;
       at = result.find(mark, at + 1)) {
    size_t d = at + mark.size();
    while (d < result.size() && result[d] >= '0' && result[d] <= '9') ++d;
    if (result.compare(d, 10, "\",\"title\":") == 0) starts.push_back(at);
  }
  for (size_t k = 0; k < starts.size(); ++k) {
    const size_t stop = k + 1 < starts.size() ? starts[k + 1] - 1 : end;  // before the comma
    out.push_back({std::stoull(result.substr(starts[k] + mark.size())),
                   result.substr(starts[k], stop - starts[k])});
  }
  return out;
}

std::string stats_of(const std::string& result) {
  return result.substr(result.find("],\"stats\":") + 10);
}

}  // namespace

TEST_CASE("max_paths keeps the first N chains in generation order, numbered and sorted",
          "[limits]") {
  const std::string doc = make_doc(3, 7, 6, 5);
  const Result full = compute(doc, with_max_paths(0));
  REQUIRE(full.status == AEGIS_OK);
  const std::vector<Path> all = paths_of(full.bytes);
  REQUIRE(all.size() == 3 * (7 * 6 + 4));  // each account: 42 pairs, 4 lateral pairs (h0 pairs with h1..h4)
  CHECK(full.bytes.find("truncated") == std::string::npos);

  for (uint64_t n : {uint64_t{1}, uint64_t{5}, uint64_t{42}, uint64_t{43}, uint64_t{45},
                     uint64_t{46}, uint64_t{47}, uint64_t{100}, uint64_t{137}, uint64_t{138},
                     uint64_t{139}, uint64_t{1000}}) {
    INFO("max_paths " << n);
    for (unsigned threads : {1u, 2u}) {
      aegis_options o = with_max_paths(n);
      o.max_threads = threads;
      const Result capped = compute(doc, o);
      REQUIRE(capped.status == AEGIS_OK);
      // Exactly the full result's paths numbered 1..n, in the full order.
      std::vector<std::string> want;
      for (const Path& p : all)
        if (p.num <= n) want.push_back(p.json);
      std::vector<std::string> got;
      for (const Path& p : paths_of(capped.bytes)) got.push_back(p.json);
      CHECK(got == want);
      const bool truncated = n < all.size();
      const std::string stats = stats_of(capped.bytes);
      CHECK((stats.find(",\"truncated\":true}}") != std::string::npos) == truncated);
      CHECK(stats.find("\"total_paths\":" + std::to_string(want.size()) + ",") != std::string::npos);
      CHECK(stats.find("\"total_findings\":" + std::to_string(3 * 18) + ",") != std::string::npos);
      if (!truncated) CHECK(capped.bytes == full.bytes);
    }
  }
}

TEST_CASE("max_paths near UINT64_MAX cuts nothing, in both engines", "[limits][graph]") {
  // The driver's budget (the chains still wanted, plus one) must not wrap.
  const std::string doc = make_doc(2, 5, 4, 3);
  // Graph mode: every entry linked to every target of its account.
  std::string edges = "[";
  for (int a = 0; a < 2; ++a) {
    const std::string acc = "acct-" + std::to_string(a);
    for (int e = 0; e < 5; ++e) {
      for (int t = 0; t < 4; ++t) {
        if (edges.size() > 1) edges += ',';
        edges.append("{\"source_id\":\"").append(acc + "-vm" + std::to_string(e));
        edges.append("\",\"target_id\":\"").append(acc + "-b" + std::to_string(t));
        edges.append("\",\"edge_type\":\"network_reachable\"}");
      }
    }
  }
  edges += "]";
  for (const bool graph : {false, true}) {
    aegis_options o = with_max_paths(0);
    if (graph) {
      o.edges = bytes(edges);
      o.edges_len = edges.size();
    }
    const Result full = compute(doc, o);
    REQUIRE(full.status == AEGIS_OK);
    REQUIRE(paths_of(full.bytes).size() >= 40);
    for (uint64_t n : {UINT64_MAX, UINT64_MAX - 1, UINT64_MAX / 2 + 1}) {
      INFO((graph ? "graph" : "heuristic") << " mode, max_paths " << n);
      o.max_paths = n;
      const Result capped = compute(doc, o);
      REQUIRE(capped.status == AEGIS_OK);
      CHECK(capped.bytes == full.bytes);
    }
  }
}

TEST_CASE("max_paths: the store, its pages and its stream agree with the one-shot call",
          "[limits]") {
  const std::string doc = make_doc(2, 9, 9, 3);
  aegis_options o = with_max_paths(50);
  const Result one_shot = compute(doc, o);
  REQUIRE(one_shot.status == AEGIS_OK);
  aegis_store* store = nullptr;
  REQUIRE(aegis_store_open(bytes(doc), doc.size(), &o, &store, nullptr) == AEGIS_OK);
  CHECK(aegis_store_path_count(store) == 50);
  uint8_t* out = nullptr;
  size_t len = 0;
  REQUIRE(aegis_store_paths_json(store, &out, &len, nullptr) == AEGIS_OK);
  CHECK(take(out, len) == one_shot.bytes);
  REQUIRE(aegis_store_path_stats(store, &out, &len, nullptr) == AEGIS_OK);
  const std::string stats = take(out, len);
  CHECK(stats.ends_with(",\"truncated\":true}"));
  CHECK(one_shot.bytes.ends_with(stats + "}"));
  aegis_store_close(store);
}

TEST_CASE("max_paths bounds what is built, not only what is kept", "[limits]") {
  // 600 x 600 = 360,000 chains in one group; a cap of 1,000 builds a few
  // thousand (the units of the waves that reach it), never the rest.
  const std::string doc = make_doc(1, 600, 600, 0);
  aegis::model::FindingsDoc findings;
  REQUIRE_FALSE(aegis::decode::decode_findings(doc, SIZE_MAX, findings));
  const auto groups = aegis::engine::group_by_account(findings);
  auto units = aegis::engine::heuristic_units(findings, groups);
  const aegis::engine::BuiltChains built =
      aegis::engine::build_chains(*units, groups.size(), 1000, aegis::common::never_stop());
  CHECK(built.truncated);
  size_t kept = 0;
  for (const auto& chunk : built.groups[0].chunks) kept += chunk.size();
  CHECK(kept == 1000);
  // Each unit (8 entries) stops at the chains still wanted: at most one
  // wave of units, each cut at the budget.
  CHECK(built.chains_built <= 1000 + 2 * 8 * 600);
  CHECK(built.units_run < 76);  // of 76 units (75 chunks and the lateral step)

  const auto uncapped = aegis::engine::build_chains(*units, groups.size(), 0, aegis::common::never_stop());
  CHECK_FALSE(uncapped.truncated);
  CHECK(uncapped.chains_built == 360000);
}

TEST_CASE("max_result_bytes refuses a result before allocating it", "[limits]") {
  const std::string doc = make_doc(1, 5, 5, 2);
  const Result full = compute(doc, with_max_paths(0));
  REQUIRE(full.status == AEGIS_OK);
  aegis_options o = with_max_paths(0);
  o.max_result_bytes = full.bytes.size();
  CHECK(compute(doc, o).bytes == full.bytes);
  o.max_result_bytes = full.bytes.size() - 1;
  const Result refused = compute(doc, o);
  CHECK(refused.status == AEGIS_ERR_RESULT_TOO_LARGE);
  CHECK(refused.bytes.empty());
  CHECK(refused.message.find("max_result_bytes") != std::string::npos);

  // The findings call too.
  aegis_error e;
  aegis_error_init(&e);
  uint8_t* out = nullptr;
  size_t len = 0;
  o.max_result_bytes = 10;
  CHECK(aegis_load_and_serialize_findings_ex(bytes(doc), doc.size(), nullptr, 0, &o, &out, &len,
                                             &e) == AEGIS_ERR_RESULT_TOO_LARGE);
  CHECK(out == nullptr);

  // A store keeps its cap for paths_json; _ex sets one per call; streaming is never capped.
  aegis_store* store = nullptr;
  REQUIRE(aegis_store_open(bytes(doc), doc.size(), &o, &store, nullptr) == AEGIS_OK);
  CHECK(aegis_store_paths_json(store, &out, &len, &e) == AEGIS_ERR_RESULT_TOO_LARGE);
  aegis_options none;
  aegis_options_init(&none);
  REQUIRE(aegis_store_paths_json_ex(store, &none, &out, &len, &e) == AEGIS_OK);
  CHECK(take(out, len) == full.bytes);
  std::string streamed;
  auto collect = [](void* s, const uint8_t* chunk, size_t n) {
    static_cast<std::string*>(s)->append(reinterpret_cast<const char*>(chunk), n);
    return 0;
  };
  REQUIRE(aegis_store_write_paths(store, collect, &streamed, &e) == AEGIS_OK);
  CHECK(streamed == full.bytes);
  aegis_store_close(store);
}

namespace {

// A document whose paths take a long time: one account of 20,000 entries
// and 20,000 targets on one resource (no pair connects, 4e8 pair checks and
// a lateral step over 40,000 HIGH findings).
const std::string& slow_doc() {
  static const std::string doc = [] {
    std::string d = "[";
    for (int i = 0; i < 40000; ++i) {
      if (i > 0) d += ',';
      d.append("{\"id\":\"f").append(std::to_string(i));
      d.append(i % 2 ? "\",\"resource_type\":\"storage\"" : "\",\"resource_type\":\"compute\"");
      d.append(",\"resource_id\":\"same\",\"account_id\":\"a\",\"severity\":\"HIGH\",\"category\":\"");
      d.append(i % 2 ? "DATA\"}" : "NETWORK\"}");
    }
    return d + "]";
  }();
  return doc;
}

}  // namespace

TEST_CASE("timeout_ms: a long call fails with AEGIS_ERR_TIMED_OUT", "[limits]") {
  aegis_options o = with_max_paths(0);
  o.timeout_ms = 20;
  const auto start = std::chrono::steady_clock::now();
  const Result r = compute(slow_doc(), o);
  CHECK(r.status == AEGIS_ERR_TIMED_OUT);
  CHECK(r.bytes.empty());
  CHECK(r.message.find("20 ms") != std::string::npos);
  // Not a timing test: only that it did not run to its end (minutes).
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(60));
  aegis_store* store = nullptr;
  CHECK(aegis_store_open(bytes(slow_doc()), slow_doc().size(), &o, &store, nullptr) ==
        AEGIS_ERR_TIMED_OUT);
  CHECK(store == nullptr);
}

TEST_CASE("aegis_cancel: a call stops when another thread requests it", "[limits]") {
  aegis_cancel* cancel = aegis_cancel_create();
  REQUIRE(cancel != nullptr);
  aegis_options o = with_max_paths(0);
  o.cancel = cancel;
  std::atomic<bool> started{false};
  std::thread canceller([&] {
    while (!started.load()) std::this_thread::yield();
    std::this_thread::sleep_for(std::chrono::milliseconds(30));
    aegis_cancel_request(cancel);
  });
  started = true;
  const Result r = compute(slow_doc(), o);
  canceller.join();
  CHECK(r.status == AEGIS_ERR_CANCELLED);
  CHECK(std::string(aegis_status_string(AEGIS_ERR_CANCELLED)) == "cancelled");
  // A requested handle stops every later call at once.
  CHECK(compute(make_doc(1, 2, 2, 0), o).status == AEGIS_ERR_CANCELLED);
  aegis_cancel_request(cancel);  // again: harmless
  aegis_cancel_destroy(cancel);
  aegis_cancel_destroy(nullptr);
  aegis_cancel_request(nullptr);
}

TEST_CASE("aegis_store_write_paths_ex: cancelled or timed out between chunks", "[limits]") {
  // ~20 MB of paths: several chunks.
  const std::string doc = make_doc(1, 100, 100, 0);
  aegis_store* store = nullptr;
  REQUIRE(aegis_store_open(bytes(doc), doc.size(), nullptr, &store, nullptr) == AEGIS_OK);
  aegis_cancel* cancel = aegis_cancel_create();
  aegis_options o;
  aegis_options_init(&o);
  o.cancel = cancel;
  struct State {
    aegis_cancel* cancel;
    int chunks = 0;
  } state{cancel};
  auto cancel_after_first = [](void* s, const uint8_t*, size_t) {
    auto* st = static_cast<State*>(s);
    if (++st->chunks == 2) aegis_cancel_request(st->cancel);
    return 0;
  };
  aegis_error e;
  aegis_error_init(&e);
  CHECK(aegis_store_write_paths_ex(store, &o, cancel_after_first, &state, &e) ==
        AEGIS_ERR_CANCELLED);
  CHECK(e.status == AEGIS_ERR_CANCELLED);
  CHECK(state.chunks == 2);  // checked before each chunk: no chunk after the request
  // Without limits, the same stream runs to its end.
  state.chunks = -1000000;
  CHECK(aegis_store_write_paths_ex(store, nullptr, cancel_after_first, &state, &e) == AEGIS_OK);
  aegis_cancel_destroy(cancel);
  aegis_store_close(store);
}
