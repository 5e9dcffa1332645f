// Concurrency stress over the C API, 8 threads at once: one-shot calls,
// one store queried from every thread, streams, limits and cancellation from
// other threads. Every answer is checked against a single-threaded reference.
// Meant for the ThreadSanitizer build (scripts/check/cpp-tsan.sh) as much as
// for its own checks; it runs in every build.
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "aegispath.h"
#include "test_support.hpp"

using aegis_test::bytes;
using aegis_test::take;

namespace {

constexpr int kThreads = 8;

// Two accounts with entries, targets, intermediates and lateral pairs.
std::string stress_doc(int scale) {
  std::string doc = "[";
  const char* types[] = {"compute", "storage", "identity", "database", "serverless"};
  const char* categories[] = {"NETWORK", "DATA_EXPOSURE", "IDENTITY", "VULNERABILITY", "MISCONFIG"};
  const char* severities[] = {"CRITICAL", "HIGH", "MEDIUM", "LOW"};
  for (int i = 0; i < scale; ++i) {
    if (i > 0) doc += ',';
    doc.append("{\"id\":\"s").append(std::to_string(i % (scale - 3)));  // a few repeated ids
    doc.append("\",\"resource_type\":\"").append(types[i % 5]);
    doc.append("\",\"resource_id\":\"r").append(std::to_string(i % 17));
    doc.append("\",\"region\":\"").append(i % 3 ? "eu" : "us");
    doc.append("\",\"account_id\":\"").append(i % 4 ? "a" : "b");
    doc.append("\",\"severity\":\"").append(severities[i % 4]);
    doc.append("\",\"category\":\"").append(categories[(i / 5) % 5]);
    doc.append("\",\"exploit_available\":").append(i % 2 ? "true" : "false");
    doc.append(",\"cloud_provider\":\"").append(i % 3 ? "aws" : "gcp").append("\"}");
  }
  return doc + "]";
}

// An edge document over stress_doc's resources r0..r16: each linked to two
// others with a type drawn from a fixed list, a self-loop, a repeated pair
// that replaces its type, and a row through an unknown resource.
std::string stress_edges() {
  const char* types[] = {"same_region", "iam_trust", "network_reachable", "data_access", "same_account",
                         "custom_link"};
  std::string edges = "[";
  auto row = [&](int a, int b, const char* type) {
    if (edges.size() > 1) edges += ',';
    edges.append("{\"source_id\":\"r").append(std::to_string(a));
    edges.append("\",\"target_id\":\"r").append(std::to_string(b));
    edges.append("\",\"edge_type\":\"").append(type).append("\"}");
  };
  for (int i = 0; i < 17; ++i) {
    row(i, (i * 5 + 3) % 17, types[i % 6]);
    row(i, (i * 7 + 1) % 17, types[(i + 3) % 6]);
  }
  row(4, 4, "same_region");
  row(3, 0, "lateral_movement");  // (0, 3) again: the later type wins
  row(2, 99, "same_region");     // r99 is no finding's resource
  return edges + "]";
}

aegis_options graph_options(const std::string& edges) {
  aegis_options o;
  aegis_options_init(&o);
  o.edges = reinterpret_cast<const uint8_t*>(edges.data());
  o.edges_len = edges.size();
  return o;
}

std::string compute(const std::string& doc, const aegis_options* o, aegis_status* st) {
  uint8_t* out = nullptr;
  size_t len = 0;
  *st = aegis_compute_attack_paths_ex(bytes(doc), doc.size(), o, &out, &len, nullptr);
  return out == nullptr ? std::string() : take(out, len);
}

int append_chunk(void* s, const uint8_t* chunk, size_t len) {
  static_cast<std::string*>(s)->append(reinterpret_cast<const char*>(chunk), len);
  return 0;
}

// Runs body(t) on kThreads threads at once; counts the failures they report.
template <typename Body>
int on_threads(const Body& body) {
  std::atomic<int> failures{0};
  std::atomic<int> ready{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      ready.fetch_add(1);
      while (ready.load() < kThreads) std::this_thread::yield();  // start together
      failures.fetch_add(body(t));
    });
  }
  for (auto& th : threads) th.join();
  return failures.load();
}

}  // namespace

TEST_CASE("stress: one-shot calls on 8 threads give the single-threaded bytes", "[stress]") {
  const std::string docs[] = {stress_doc(60), stress_doc(140)};
  aegis_options one;
  aegis_options_init(&one);
  one.max_threads = 1;
  std::string want[2], want_capped[2];
  aegis_status st;
  for (int d = 0; d < 2; ++d) {
    want[d] = compute(docs[d], &one, &st);
    REQUIRE(st == AEGIS_OK);
    one.max_paths = 37;
    want_capped[d] = compute(docs[d], &one, &st);
    one.max_paths = 0;
    REQUIRE(st == AEGIS_OK);
  }
  const int failures = on_threads([&](int t) {
    int bad = 0;
    for (int round = 0; round < 6; ++round) {
      const int d = (t + round) % 2;
      aegis_options o;
      aegis_options_init(&o);
      o.max_threads = static_cast<unsigned>(round % 3);
      o.max_paths = round % 2 ? 37 : 0;
      aegis_status s;
      const std::string got = compute(docs[d], &o, &s);
      bad += s != AEGIS_OK || got != (round % 2 ? want_capped[d] : want[d]);
      size_t n = 0;
      uint8_t* p = aegis_compute_attack_paths(bytes(docs[d]), docs[d].size(), &n);
      bad += p == nullptr || take(p, n) != want[d];
    }
    return bad;
  });
  CHECK(failures == 0);
}

TEST_CASE("stress: one store queried and streamed from 8 threads at once", "[stress]") {
  const std::string doc = stress_doc(200);
  aegis_store* store = nullptr;
  REQUIRE(aegis_store_open(bytes(doc), doc.size(), nullptr, &store, nullptr) == AEGIS_OK);
  uint8_t* out = nullptr;
  size_t len = 0;
  REQUIRE(aegis_store_paths_json(store, &out, &len, nullptr) == AEGIS_OK);
  const std::string whole = take(out, len);
  REQUIRE(aegis_store_list_paths(store, 2, 25, &out, &len, nullptr) == AEGIS_OK);
  const std::string page = take(out, len);
  REQUIRE(aegis_store_path_stats(store, &out, &len, nullptr) == AEGIS_OK);
  const std::string stats = take(out, len);
  aegis_finding_query q;
  aegis_finding_query_init(&q);
  q.severity = "high";
  q.severity_len = 4;
  REQUIRE(aegis_store_list_findings(store, &q, &out, &len, nullptr) == AEGIS_OK);
  const std::string findings_page = take(out, len);

  const int failures = on_threads([&](int t) {
    int bad = 0;
    for (int round = 0; round < 8; ++round) {
      uint8_t* o = nullptr;
      size_t n = 0;
      switch ((t + round) % 5) {
        case 0:
          bad += aegis_store_paths_json(store, &o, &n, nullptr) != AEGIS_OK || take(o, n) != whole;
          break;
        case 1:
          bad += aegis_store_list_paths(store, 2, 25, &o, &n, nullptr) != AEGIS_OK || take(o, n) != page;
          break;
        case 2:
          bad += aegis_store_path_stats(store, &o, &n, nullptr) != AEGIS_OK || take(o, n) != stats;
          break;
        case 3:
          bad += aegis_store_list_findings(store, &q, &o, &n, nullptr) != AEGIS_OK ||
                 take(o, n) != findings_page;
          break;
        default: {
          std::string streamed;
          bad += aegis_store_write_paths(store, append_chunk, &streamed, nullptr) != AEGIS_OK ||
                 streamed != whole;
          bad += aegis_store_get_path(store, "ap-001", 6, &o, &n, nullptr) != AEGIS_OK;
          take(o, n);
        }
      }
    }
    return bad;
  });
  CHECK(failures == 0);
  aegis_store_close(store);
}

TEST_CASE("stress: calls cancelled from other threads stop or finish, never anything else",
          "[stress]") {
  const std::string doc = stress_doc(400);
  aegis_options plain;
  aegis_options_init(&plain);
  aegis_status st;
  const std::string want = compute(doc, &plain, &st);
  REQUIRE(st == AEGIS_OK);
  aegis_store* store = nullptr;
  REQUIRE(aegis_store_open(bytes(doc), doc.size(), nullptr, &store, nullptr) == AEGIS_OK);

  std::atomic<int> cancelled{0};
  const int failures = on_threads([&](int t) {
    int bad = 0;
    for (int round = 0; round < 4; ++round) {
      aegis_cancel* cancel = aegis_cancel_create();
      if (cancel == nullptr) return bad + 1;
      aegis_options o;
      aegis_options_init(&o);
      o.cancel = cancel;
      // Half the threads cancel their own call from a helper thread, at
      // once or a little later; the call runs meanwhile.
      std::thread canceller([&, cancel] {
        if ((t + round) % 2) {
          std::this_thread::sleep_for(std::chrono::microseconds(200 * round));
          aegis_cancel_request(cancel);
        }
      });
      aegis_status s;
      std::string got;
      if (t % 2) {
        got = compute(doc, &o, &s);
      } else {
        aegis_error e;
        aegis_error_init(&e);
        s = aegis_store_write_paths_ex(store, &o, append_chunk, &got, &e);
        if (s == AEGIS_ERR_CANCELLED) bad += want.compare(0, got.size(), got) != 0;  // a prefix
      }
      canceller.join();
      if (s == AEGIS_ERR_CANCELLED) {
        cancelled.fetch_add(1);
      } else {
        bad += s != AEGIS_OK || got != want;
      }
      aegis_cancel_destroy(cancel);
    }
    return bad;
  });
  CHECK(failures == 0);
  INFO("calls cancelled: " << cancelled.load());
  aegis_store_close(store);
}

TEST_CASE("stress: graph mode on 8 threads: one-shot calls, one store's queries and analyses, stops",
          "[stress][graph]") {
  const std::string doc = stress_doc(200);
  const std::string edges = stress_edges();
  aegis_options one = graph_options(edges);
  one.max_threads = 1;
  aegis_status st;
  const std::string want = compute(doc, &one, &st);
  REQUIRE(st == AEGIS_OK);
  one.max_paths = 11;
  const std::string want_capped = compute(doc, &one, &st);
  REQUIRE(st == AEGIS_OK);
  REQUIRE(want_capped.size() < want.size());  // the cap cut paths

  aegis_options shared_opts = graph_options(edges);
  aegis_store* store = nullptr;
  REQUIRE(aegis_store_open(bytes(doc), doc.size(), &shared_opts, &store, nullptr) == AEGIS_OK);
  const size_t n_paths = aegis_store_path_count(store);
  REQUIRE(n_paths >= 20);
  uint8_t* out = nullptr;
  size_t len = 0;
  REQUIRE(aegis_store_paths_json(store, &out, &len, nullptr) == AEGIS_OK);
  CHECK(take(out, len) == want);
  // The analyses of the first paths, from one thread.
  std::vector<std::string> analyses;
  for (int i = 1; i <= 8; ++i) {
    const std::string id = "ap-00" + std::to_string(i);
    REQUIRE(aegis_store_path_analysis(store, id.data(), id.size(), &out, &len, nullptr) == AEGIS_OK);
    analyses.push_back(take(out, len));
  }

  std::atomic<int> stopped{0};
  const int failures = on_threads([&](int t) {
    int bad = 0;
    for (int round = 0; round < 6; ++round) {
      uint8_t* o = nullptr;
      size_t n = 0;
      switch ((t + round) % 4) {
        case 0: {  // one-shot, thread count and cap varied
          aegis_options g = graph_options(edges);
          g.max_threads = static_cast<unsigned>(round % 3);
          g.max_paths = round % 2 ? 11 : 0;
          aegis_status s;
          bad += compute(doc, &g, &s) != (round % 2 ? want_capped : want) || s != AEGIS_OK;
          break;
        }
        case 1: {  // the shared store's analyses and paths
          const int i = 1 + (t + round) % 8;
          const std::string id = "ap-00" + std::to_string(i);
          bad += aegis_store_path_analysis(store, id.data(), id.size(), &o, &n, nullptr) != AEGIS_OK ||
                 take(o, n) != analyses[static_cast<size_t>(i - 1)];
          bad += aegis_store_get_path(store, id.data(), id.size(), &o, &n, nullptr) != AEGIS_OK;
          take(o, n);
          bad += aegis_store_list_paths(store, 2, 7, &o, &n, nullptr) != AEGIS_OK;
          take(o, n);
          break;
        }
        case 2: {  // the shared store streamed
          std::string streamed;
          bad += aegis_store_write_paths(store, append_chunk, &streamed, nullptr) != AEGIS_OK ||
                 streamed != want;
          break;
        }
        default: {  // a graph call (capped or not) cancelled from a helper thread, or a 1 ms deadline
          aegis_cancel* cancel = aegis_cancel_create();
          if (cancel == nullptr) return bad + 1;
          aegis_options g = graph_options(edges);
          g.cancel = cancel;
          g.max_paths = round % 2 ? 11 : 0;
          if (round % 3 == 0) g.timeout_ms = 1;
          std::thread canceller([&, cancel] {
            std::this_thread::sleep_for(std::chrono::microseconds(100 * round));
            aegis_cancel_request(cancel);
          });
          aegis_status s;
          const std::string got = compute(doc, &g, &s);
          canceller.join();
          if (s == AEGIS_ERR_CANCELLED || s == AEGIS_ERR_TIMED_OUT) {
            stopped.fetch_add(1);
            bad += !got.empty();
          } else {
            bad += s != AEGIS_OK || got != (round % 2 ? want_capped : want);
          }
          aegis_cancel_destroy(cancel);
        }
      }
    }
    return bad;
  });
  CHECK(failures == 0);
  INFO("graph calls stopped: " << stopped.load());
  aegis_store_close(store);
}
