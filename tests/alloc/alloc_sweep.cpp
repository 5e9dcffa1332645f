// The allocation-failure sweep: runs a full sequence of C API calls on a small
// document (heuristic and graph mode: one-shot, capped, stores with every
// query and the path analysis, streams, cancelled and deadline-bound calls)
// with the K-th allocation failing (tests/alloc/fail_alloc_shim.cpp,
// LD_PRELOADed), for every K, and checks that each call either succeeds with
// exactly the bytes of an undisturbed run or reports out of memory (NULL for
// the drop-in calls) — never another status, a signal or a hang — and that the
// whole sequence then runs normally again in the same process.
//
//   aegispath_alloc_sweep count              allocations of one sequence
//   aegispath_alloc_sweep sweep FROM TO      K = FROM..TO, in this process
//   aegispath_alloc_sweep persistent FROM TO every allocation from the K-th on fails
//   aegispath_alloc_sweep first-call K       a fresh process whose first
//                                            library calls (the drop-in call,
//                                            a graph store with hashes) have
//                                            their K-th allocation fail
//   aegispath_alloc_sweep count-first        allocations of those first calls
//
// Every K prints "K <k>" before it runs, so the driver script
// (scripts/check/alloc-failure.sh) can name the K of a crash and go on after
// it. A watchdog ends the process with status 3 when one K takes longer than
// AEGIS_SWEEP_HANG_S seconds (default 20): a hang.
#include <dlfcn.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include "aegispath.h"

namespace {

// ---- the shim's controls (no-ops without the shim) ------------------------

using ArmFn = void (*)(long, int);
using VoidFn = void (*)();
using CountFn = long (*)();

struct Shim {
  ArmFn arm = nullptr;
  VoidFn disarm = nullptr;
  CountFn count = nullptr;
  CountFn failed = nullptr;
  bool present() const { return arm != nullptr; }
};

Shim find_shim() {
  Shim s;
  s.arm = reinterpret_cast<ArmFn>(dlsym(RTLD_DEFAULT, "aegis_failalloc_arm"));
  s.disarm = reinterpret_cast<VoidFn>(dlsym(RTLD_DEFAULT, "aegis_failalloc_disarm"));
  s.count = reinterpret_cast<CountFn>(dlsym(RTLD_DEFAULT, "aegis_failalloc_count"));
  s.failed = reinterpret_cast<CountFn>(dlsym(RTLD_DEFAULT, "aegis_failalloc_failed"));
  return s;
}

// ---- the document ----------------------------------------------------------

// 40 entries x 25 targets in one account (1,000 paths, a result over 1 MiB,
// so the huge-page buffer path runs too), two intermediates, a second small
// account with a three-finding chain and lateral pairs, and a repeated id.
std::string make_document() {
  std::string doc = "[";
  // Appended piece by piece: GCC 12 warns (-Wrestrict, falsely) on long
  // chains of std::string operator+.
  auto add = [&](const std::string& id, const char* type, const char* rid_prefix, int rid,
                 const char* region, const char* account, const char* severity,
                 const char* category) {
    if (doc.size() > 1) doc += ',';
    for (const std::string& piece :
         {std::string("{\"id\":\""), id, std::string("\",\"resource_type\":\""),
          std::string(type), std::string("\",\"resource_id\":\""), std::string(rid_prefix),
          std::to_string(rid), std::string("\",\"resource_name\":\"n-"), id,
          std::string("\",\"region\":\""), std::string(region),
          std::string("\",\"account_id\":\""), std::string(account),
          std::string("\",\"severity\":\""), std::string(severity),
          std::string("\",\"category\":\""), std::string(category),
          std::string("\",\"cloud_provider\":\"aws\",\"status\":\"OPEN\","
                      "\"mitre_tactics\":[\"TA0001\"]}")})
      doc += piece;
  };
  for (int i = 0; i < 40; ++i)
    add(std::string(1, 'e').append(std::to_string(i)), "compute", "vm-", i, "us-east-1", "acct-a", "HIGH", "NETWORK");
  for (int i = 0; i < 25; ++i)
    add(std::string(1, 't').append(std::to_string(i)), "storage", "bucket-", i, i % 2 ? "eu-west-1" : "us-east-1",
        "acct-a", "CRITICAL", "DATA_EXPOSURE");
  add("m0", "identity", "role-", 0, "eu-west-1", "acct-a", "MEDIUM", "IDENTITY");
  add("m1", "storage", "role-", 1, "us-east-1", "acct-a", "LOW", "IDENTITY");
  add("b0", "compute", "vm-", 100, "ap-south-1", "acct-b", "CRITICAL", "VULNERABILITY");
  add("b1", "identity", "role-", 100, "ap-south-1", "acct-b", "HIGH", "IDENTITY");
  add("b2", "database", "db-", 100, "eu-north-1", "acct-b", "HIGH", "DATA_EXPOSURE");
  add("b3", "identity", "role-", 101, "ap-south-1", "acct-b", "HIGH", "IDENTITY");
  add("b3", "identity", "role-", 102, "ap-south-1", "acct-b", "CRITICAL", "IDENTITY");
  doc += "]";
  return doc;
}

// Graph mode's own small pair of documents (the edge rules cost
// allocations per call, not per path, so a small graph covers them): two
// accounts; in the first, two entries reach a bucket and a database over 1
// to 3 hops, HIGH findings pair laterally, and an id repeats (the id-level
// search); the edge document has every kind of row: counting rows of the
// six types and a custom one, a self-loop, a repeated pair that replaces
// its type, rows through an unknown resource and with a finding end.
struct GraphDocuments {
  std::string findings, edges;
};

GraphDocuments make_graph_documents() {
  GraphDocuments g;
  g.findings = R"([
{"id":"g-e1","resource_type":"compute","resource_id":"ga-vm1","resource_name":"web","region":"r1","account_id":"ga","severity":"HIGH","category":"NETWORK","cloud_provider":"aws","title":"Open port","remediation":"Close it","cves":[{"id":"CVE-1","cisa_known_exploited":true}]},
{"id":"g-e2","resource_type":"container","resource_id":"ga-vm2","resource_name":"api","region":"r2","account_id":"ga","severity":"Critical","category":"VULNERABILITY","exploit_available":true,"cloud_provider":"aws","title":"RCE","remediation":"Patch"},
{"id":"g-m1","resource_type":"identity","resource_id":"ga-role","resource_name":"role","region":"r1","account_id":"ga","severity":"MEDIUM","category":"IDENTITY","cloud_provider":"aws","remediation":"Close it"},
{"id":"g-m2","resource_type":"network","resource_id":"ga-sg","resource_name":"sg","region":"r1","account_id":"ga","severity":"LOW","category":"MISCONFIGURATION","cloud_provider":"aws"},
{"id":"g-t1","resource_type":"storage","resource_id":"ga-bucket","resource_name":"bucket","region":"r1","account_id":"ga","severity":"CRITICAL","category":"DATA_EXPOSURE","cloud_provider":"aws","title":"Public bucket"},
{"id":"g-t2","resource_type":"Database","resource_id":"ga-db","resource_name":"db","region":"r2","account_id":"ga","severity":"high","category":"DATA_EXPOSURE","cloud_provider":"aws"},
{"id":"g-h1","resource_type":"identity","resource_id":"ga-role2","resource_name":"admin","region":"r1","account_id":"ga","severity":"HIGH","category":"IDENTITY","cloud_provider":"aws"},
{"id":"g-h2","resource_type":"identity","resource_id":"ga-role3","resource_name":"ops","region":"r1","account_id":"ga","severity":"HIGH","category":"IDENTITY","cloud_provider":"aws"},
{"id":"g-m1","resource_type":"identity","resource_id":"ga-role4","resource_name":"role4","region":"r1","account_id":"ga","severity":"LOW","category":"IDENTITY","cloud_provider":"aws"},
{"id":"g-e3","resource_type":"serverless","resource_id":"gb-fn","resource_name":"fn","region":"r1","account_id":"gb","severity":"CRITICAL","category":"NETWORK","cloud_provider":"gcp"},
{"id":"g-t3","resource_type":"secret","resource_id":"gb-key","resource_name":"key","region":"r1","account_id":"gb","severity":"MEDIUM","category":"DATA_EXPOSURE","cloud_provider":"gcp"}
])";
  g.edges = "[";
  auto row = [&](const char* a, const char* b, const char* type) {
    if (g.edges.size() > 1) g.edges += ',';
    for (const char* piece : {"{\"id\":\"x\",\"source_type\":\"resource\",\"source_id\":\"", a,
                              "\",\"target_type\":\"resource\",\"target_id\":\"", b,
                              "\",\"edge_type\":\"", type, "\",\"properties\":{\"w\":[1,2]}}"})
      g.edges += piece;
  };
  row("ga-vm1", "ga-role", "same_region");
  row("ga-role", "ga-sg", "iam_trust");
  row("ga-sg", "ga-bucket", "data_access");
  row("ga-vm2", "ga-sg", "network_reachable");
  row("ga-db", "ga-sg", "same_account");
  row("ga-role2", "ga-role3", "lateral_movement");
  row("ga-role3", "ga-role4", "custom link");
  row("ga-role4", "ga-bucket", "same_region");
  row("ga-role", "ga-role", "same_region");
  row("ga-bucket", "ga-sg", "same_account");  // replaces data_access
  row("gb-fn", "gb-key", "same_region");
  row("ga-vm1", "nowhere", "same_region");
  g.edges += ",{\"source_type\":\"finding\",\"source_id\":\"ga-vm1\",\"target_id\":\"ga-db\",\"edge_type\":\"x\"}]";
  return g;
}

const std::string kFilter = R"({"severity":"HIGH","offset":1,"limit":30})";

// ---- one step of the sequence ---------------------------------------------

const uint8_t* bytes(const std::string& s) { return reinterpret_cast<const uint8_t*>(s.data()); }

// What a step returned: a status and its bytes (empty for calls without a
// buffer). Results live in preallocated storage, so checking them does not
// allocate while allocations fail.
struct Outcome {
  aegis_status status = AEGIS_OK;
  std::string bytes;
};

class Sequence {
 public:
  Sequence(std::string doc, GraphDocuments graph) : doc_(std::move(doc)), graph_(std::move(graph)) {}

  // Runs every step; record == true stores the results as the reference,
  // otherwise each is checked against it. Returns false on a violation.
  bool run(bool record) {
    step_ = 0;
    ok_ = true;
    record_ = record;

    size_t n = 0;
    uint8_t* p = aegis_compute_attack_paths(bytes(doc_), doc_.size(), &n);
    check_dropin("aegis_compute_attack_paths", p, n);
    p = aegis_load_and_serialize_findings(bytes(doc_), doc_.size(), bytes(kFilter),
                                          kFilter.size(), &n);
    check_dropin("aegis_load_and_serialize_findings", p, n);
    p = aegis_load_and_serialize_findings(bytes(doc_), doc_.size(), nullptr, 0, &n);
    check_dropin("aegis_load_and_serialize_findings (no filter)", p, n);

    aegis_options one_thread;
    aegis_options_init(&one_thread);
    one_thread.max_threads = 1;
    aegis_error error;
    aegis_error_init(&error);
    uint8_t* out = nullptr;
    size_t out_len = 0;
    aegis_status st = aegis_compute_attack_paths_ex(bytes(doc_), doc_.size(), &one_thread, &out,
                                                    &out_len, &error);
    check("aegis_compute_attack_paths_ex", st, out, out_len, error);
    st = aegis_load_and_serialize_findings_ex(bytes(doc_), doc_.size(), bytes(kFilter),
                                              kFilter.size(), nullptr, &out, &out_len, &error);
    check("aegis_load_and_serialize_findings_ex", st, out, out_len, error);

    // The limits: a path cap that truncates, a deadline far away, a
    // cancellation handle never requested (NULL when its allocation failed).
    aegis_cancel* cancel = aegis_cancel_create();
    aegis_options limits;
    aegis_options_init(&limits);
    limits.max_paths = 300;
    limits.max_result_bytes = uint64_t{1} << 30;
    limits.timeout_ms = 600000;
    limits.cancel = cancel;
    st = aegis_compute_attack_paths_ex(bytes(doc_), doc_.size(), &limits, &out, &out_len, &error);
    check("aegis_compute_attack_paths_ex (limits)", st, out, out_len, error);

    aegis_options hashes;
    aegis_options_init(&hashes);
    hashes.compute_integrity_hash = 1;
    aegis_store* store = nullptr;
    st = aegis_store_open(bytes(doc_), doc_.size(), &hashes, &store, &error);
    check("aegis_store_open", st, nullptr, 0, error);
    if (store != nullptr) {
      store_queries(store);
      aegis_store_close(store);
    } else {
      skip_store_queries();
    }

    st = aegis_store_open(bytes(doc_), doc_.size(), &limits, &store, &error);
    check("aegis_store_open (limits)", st, nullptr, 0, error);
    if (store != nullptr) {
      st = aegis_store_paths_json_ex(store, &limits, &out, &out_len, &error);
      check("aegis_store_paths_json_ex", st, out, out_len, error);
      stream_.clear();
      st = aegis_store_write_paths_ex(store, &limits, &Sequence::collect, this, &error);
      check_stream("aegis_store_write_paths_ex", st, error);
      aegis_store_close(store);
    } else {
      step_ += 2;
    }
    graph_steps(cancel);
    aegis_cancel_destroy(cancel);
    return ok_;
  }

 private:
  void store_queries(aegis_store* store) {
    aegis_error error;
    aegis_error_init(&error);
    uint8_t* out = nullptr;
    size_t out_len = 0;
    aegis_status st = aegis_store_get_finding(store, "b3", 2, &out, &out_len, &error);
    check("aegis_store_get_finding", st, out, out_len, error);
    aegis_finding_query query;
    aegis_finding_query_init(&query);
    query.severity = "high";
    query.severity_len = 4;
    query.page = 2;
    query.per_page = 7;
    st = aegis_store_list_findings(store, &query, &out, &out_len, &error);
    check("aegis_store_list_findings", st, out, out_len, error);
    st = aegis_store_path_stats(store, &out, &out_len, &error);
    check("aegis_store_path_stats", st, out, out_len, error);
    st = aegis_store_get_path(store, "ap-010", 6, &out, &out_len, &error);
    check("aegis_store_get_path", st, out, out_len, error);
    st = aegis_store_list_paths(store, 3, 9, &out, &out_len, &error);
    check("aegis_store_list_paths", st, out, out_len, error);
    st = aegis_store_paths_json(store, &out, &out_len, &error);
    check("aegis_store_paths_json", st, out, out_len, error);
    stream_.clear();
    st = aegis_store_write_paths(store, &Sequence::collect, this, &error);
    check_stream("aegis_store_write_paths", st, error);
  }

  void skip_store_queries() { step_ += 7; }

  aegis_options graph_options() const {
    aegis_options o;
    aegis_options_init(&o);
    o.edges = bytes(graph_.edges);
    o.edges_len = graph_.edges.size();
    o.max_threads = 2;
    return o;
  }

  // Graph mode: the one-shot call, a capped run under every limit, a store
  // with its analysis and other queries, a cancelled call, a store opened
  // with a deadline that may pass.
  void graph_steps(aegis_cancel* unrequested) {
    aegis_error error;
    aegis_error_init(&error);
    uint8_t* out = nullptr;
    size_t out_len = 0;
    aegis_options graph = graph_options();
    aegis_status st =
        aegis_compute_attack_paths_ex(bytes(graph_.findings), graph_.findings.size(), &graph, &out, &out_len, &error);
    check("aegis_compute_attack_paths_ex (graph)", st, out, out_len, error);
    const size_t graph_step = step_ - 1;

    aegis_options capped = graph_options();
    capped.max_paths = 3;  // of 6: truncated
    capped.max_result_bytes = uint64_t{1} << 30;
    capped.timeout_ms = 600000;
    capped.cancel = unrequested;
    st = aegis_compute_attack_paths_ex(bytes(graph_.findings), graph_.findings.size(), &capped, &out, &out_len, &error);
    check("aegis_compute_attack_paths_ex (graph, limits)", st, out, out_len, error);

    aegis_store* store = nullptr;
    graph.compute_integrity_hash = 1;
    st = aegis_store_open(bytes(graph_.findings), graph_.findings.size(), &graph, &store, &error);
    check("aegis_store_open (graph)", st, nullptr, 0, error);
    if (store != nullptr) {
      st = aegis_store_path_analysis(store, "ap-001", 6, &out, &out_len, &error);
      check("aegis_store_path_analysis (graph)", st, out, out_len, error);
      st = aegis_store_path_analysis(store, "ap-004", 6, &out, &out_len, &error);
      check("aegis_store_path_analysis (graph, ap-004)", st, out, out_len, error);
      st = aegis_store_get_path(store, "ap-003", 6, &out, &out_len, &error);
      check("aegis_store_get_path (graph)", st, out, out_len, error);
      st = aegis_store_list_paths(store, 2, 9, &out, &out_len, &error);
      check("aegis_store_list_paths (graph)", st, out, out_len, error);
      st = aegis_store_paths_json(store, &out, &out_len, &error);
      check("aegis_store_paths_json (graph)", st, out, out_len, error);
      stream_.clear();
      st = aegis_store_write_paths(store, &Sequence::collect, this, &error);
      check_stream("aegis_store_write_paths (graph)", st, error);
      aegis_store_close(store);
    } else {
      step_ += 6;
    }

    // A requested handle: the call reports it (or out of memory before it
    // got that far). Without a handle (its allocation failed) the step is
    // skipped: the call would have nothing to stop it.
    aegis_cancel* cancel = aegis_cancel_create();
    if (cancel != nullptr) {
      aegis_cancel_request(cancel);
      aegis_options stopped = graph_options();
      stopped.cancel = cancel;
      st = aegis_compute_attack_paths_ex(bytes(graph_.findings), graph_.findings.size(), &stopped, &out, &out_len, &error);
      check("aegis_compute_attack_paths_ex (graph, cancelled)", st, out, out_len, error,
            AEGIS_ERR_CANCELLED);
      aegis_cancel_destroy(cancel);
    } else {
      step_ += 1;
    }

    // A 1 ms deadline on a small document may pass or not: either it timed
    // out, or the store holds exactly the graph result.
    aegis_options deadline = graph_options();
    deadline.timeout_ms = 1;
    st = aegis_store_open(bytes(graph_.findings), graph_.findings.size(), &deadline, &store, &error);
    if (st == AEGIS_ERR_TIMED_OUT || st == AEGIS_ERR_OUT_OF_MEMORY) {
      check_stop("aegis_store_open (graph, 1 ms)", st, store, error);
    } else if (store != nullptr) {
      st = aegis_store_paths_json(store, &out, &out_len, &error);
      Outcome& ref = reference_[graph_step];
      if (record_ || st == AEGIS_ERR_OUT_OF_MEMORY) {
        // Nothing to compare while recording; out of memory is an answer.
      } else if (st != AEGIS_OK || out_len != ref.bytes.size() ||
                 std::memcmp(out, ref.bytes.data(), out_len) != 0) {
        fail("aegis_store_open (graph, 1 ms)", "a store that did not time out has other paths", st,
             error.message);
      }
      aegis_free(out, out_len);
      aegis_store_close(store);
    } else {
      fail("aegis_store_open (graph, 1 ms)", "neither a store, a time-out nor out of memory", st,
           error.message);
    }
  }

  // A call whose status may be a stop or out of memory, nothing else.
  void check_stop(const char* name, aegis_status st, const aegis_store* store, const aegis_error& error) {
    if (store != nullptr) fail(name, "a store came with a failure", st, "");
    if (st != error.status) fail(name, "the error report disagrees", error.status, error.message);
    if (st == AEGIS_ERR_OUT_OF_MEMORY) {
      if (record_) fail(name, "out of memory in the reference run", st, error.message);
      ++out_of_memory_;
    }
  }

  static int collect(void* self, const uint8_t* chunk, size_t len) {
    auto* s = static_cast<Sequence*>(self);
    // Capacity reserved up front (the reference run sized it).
    if (s->stream_.size() + len > s->stream_.capacity()) return 1;
    s->stream_.append(reinterpret_cast<const char*>(chunk), len);
    return 0;
  }

  Outcome& slot() {
    if (step_ >= reference_.size()) reference_.resize(step_ + 1);
    return reference_[step_++];
  }

  void fail(const char* name, const char* what, aegis_status st, const char* message) {
    ok_ = false;
    std::fprintf(stderr, "  %s: %s (status %d: %s)\n", name, what, static_cast<int>(st), message);
  }

  // expected: the status of an undisturbed run (AEGIS_OK, or the failure
  // the step asks for).
  void compare(const char* name, Outcome& ref, aegis_status st, const uint8_t* out, size_t len,
               const char* message, aegis_status expected = AEGIS_OK) {
    if (record_) {
      ref.status = st;
      ref.bytes.assign(reinterpret_cast<const char*>(out == nullptr ? bytes(doc_) : out),
                       out == nullptr ? 0 : len);
      if (st != expected) fail(name, "another status in the reference run", st, message);
      return;
    }
    if (st == AEGIS_ERR_OUT_OF_MEMORY) {
      ++out_of_memory_;
      return;
    }
    if (st != expected) return fail(name, "neither its status nor out of memory", st, message);
    const size_t have = out == nullptr ? 0 : len;
    if (have != ref.bytes.size() || (have != 0 && std::memcmp(out, ref.bytes.data(), have) != 0))
      fail(name, "succeeded with different bytes", st, message);
  }

  void check_dropin(const char* name, uint8_t* p, size_t n) {
    Outcome& ref = slot();
    compare(name, ref, p == nullptr ? AEGIS_ERR_OUT_OF_MEMORY : AEGIS_OK, p, n, "NULL");
    aegis_free(p, n);
  }

  void check(const char* name, aegis_status st, uint8_t* out, size_t len,
             const aegis_error& error, aegis_status expected = AEGIS_OK) {
    Outcome& ref = slot();
    if (st != AEGIS_OK && out != nullptr) fail(name, "a buffer came with a failure", st, "");
    if (st != error.status) fail(name, "the error report disagrees", error.status, error.message);
    compare(name, ref, st, out, len, error.message, expected);
    aegis_free(out, len);
  }

  void check_stream(const char* name, aegis_status st, const aegis_error& error) {
    Outcome& ref = slot();
    compare(name, ref, st, bytes(stream_), stream_.size(), error.message);
  }

 public:
  void reserve_stream(size_t n) { stream_.reserve(n); }
  size_t out_of_memory() const { return out_of_memory_; }

 private:
  std::string doc_;
  GraphDocuments graph_;
  std::vector<Outcome> reference_;
  std::string stream_;
  size_t step_ = 0;
  bool ok_ = true;
  bool record_ = false;
  size_t out_of_memory_ = 0;
};

// ---- the watchdog ----------------------------------------------------------

std::atomic<long> g_progress{0};

void start_watchdog() {
  const char* env = std::getenv("AEGIS_SWEEP_HANG_S");
  const int limit_s = env != nullptr ? std::atoi(env) : 20;
  std::thread([limit_s] {
    long seen = -1;
    auto since = std::chrono::steady_clock::now();
    for (;;) {
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
      const long now = g_progress.load();
      if (now != seen) {
        seen = now;
        since = std::chrono::steady_clock::now();
      } else if (std::chrono::steady_clock::now() - since > std::chrono::seconds(limit_s)) {
        static const char msg[] = "HANG: no progress within the time limit\n";
        (void)!write(2, msg, sizeof msg - 1);
        _exit(3);
      }
    }
  }).detach();
}

int usage() {
  std::fprintf(stderr,
               "usage: aegispath_alloc_sweep count | count-first | sweep FROM TO | "
               "persistent FROM TO | first-call K\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) return usage();
  const std::string mode = argv[1];
  const Shim shim = find_shim();
  if (!shim.present()) {
    std::fprintf(stderr, "aegispath_alloc_sweep: run with LD_PRELOAD=<fail_alloc_shim.so>\n");
    return 2;
  }
  Sequence seq(make_document(), make_graph_documents());

  if (mode == "count-first" || mode == "first-call") {
    // The first library calls of this process, with the shim armed first:
    // the drop-in call, then the first store with integrity hashes (the
    // first use of libcrypto) in graph mode.
    const long k = mode == "first-call" && argc > 2 ? std::atol(argv[2]) : 0;
    const std::string doc = make_document();
    const GraphDocuments graph = make_graph_documents();
    size_t n = 0;
    start_watchdog();
    shim.arm(k > 0 ? k : LONG_MAX, 0);
    uint8_t* p = aegis_compute_attack_paths(bytes(doc), doc.size(), &n);
    aegis_options o;
    aegis_options_init(&o);
    o.compute_integrity_hash = 1;
    o.edges = bytes(graph.edges);
    o.edges_len = graph.edges.size();
    aegis_store* store = nullptr;
    const aegis_status st = aegis_store_open(bytes(graph.findings), graph.findings.size(), &o, &store, nullptr);
    const long used = shim.count();
    shim.disarm();
    aegis_store_close(store);
    aegis_free(p, n);
    if (mode == "count-first") {
      std::printf("%ld\n", used);
      return 0;
    }
    if (st != AEGIS_OK && st != AEGIS_ERR_OUT_OF_MEMORY) {
      std::fprintf(stderr, "first store: neither success nor out of memory (status %d)\n", static_cast<int>(st));
      return 1;
    }
    // Whatever the first call did, the library now works normally.
    seq.reserve_stream(8 << 20);
    if (!seq.run(true)) return 1;
    g_progress++;
    return seq.run(false) ? 0 : 1;
  }

  seq.reserve_stream(8 << 20);
  if (!seq.run(true)) {
    std::fprintf(stderr, "the undisturbed reference run failed\n");
    return 1;
  }
  if (mode == "count") {
    shim.arm(LONG_MAX, 0);
    seq.run(false);
    std::printf("%ld\n", shim.count());
    shim.disarm();
    return 0;
  }
  if ((mode != "sweep" && mode != "persistent") || argc < 4) return usage();
  const long from = std::atol(argv[2]), to = std::atol(argv[3]);
  const bool persistent = mode == "persistent";
  start_watchdog();
  long violations = 0, fired = 0;
  for (long k = from; k <= to; ++k) {
    std::printf("K %ld\n", k);
    std::fflush(stdout);
    shim.arm(k, persistent ? 1 : 0);
    const bool armed_ok = seq.run(false);
    const long failed = shim.failed();
    shim.disarm();
    g_progress++;
    if (failed > 0) ++fired;
    const bool after_ok = seq.run(false);  // the library works normally again
    g_progress++;
    if (!armed_ok || !after_ok) {
      std::fprintf(stderr, "K %ld: %s\n", k,
                   armed_ok ? "the undisturbed run after it failed" : "a call misbehaved");
      ++violations;
    }
  }
  std::printf("DONE %ld runs, %ld with a failed allocation, %zu out-of-memory reports, "
              "%ld violations\n",
              to - from + 1, fired, seq.out_of_memory(), violations);
  return violations == 0 ? 0 : 1;
}
