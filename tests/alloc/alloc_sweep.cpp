// The allocation-failure sweep: runs a full sequence of C API calls on a small
// document with the K-th allocation failing (tests/alloc/fail_alloc_shim.cpp,
// LD_PRELOADed), for every K, and checks that each call either succeeds with
// exactly the bytes of an undisturbed run or reports out of memory (NULL for
// the drop-in calls) — never another status, a signal or a hang — and that the
// whole sequence then runs normally again in the same process.
//
//   aegispath_alloc_sweep count              allocations of one sequence
//   aegispath_alloc_sweep sweep FROM TO      K = FROM..TO, in this process
//   aegispath_alloc_sweep persistent FROM TO every allocation from the K-th on fails
//   aegispath_alloc_sweep first-call K       a fresh process whose very first
//                                            library call has its K-th
//                                            allocation fail
//   aegispath_alloc_sweep count-first        allocations of that first call
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
  explicit Sequence(std::string doc) : doc_(std::move(doc)) {}

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

  void compare(const char* name, Outcome& ref, aegis_status st, const uint8_t* out, size_t len,
               const char* message) {
    if (record_) {
      ref.status = st;
      ref.bytes.assign(reinterpret_cast<const char*>(out == nullptr ? bytes(doc_) : out),
                       out == nullptr ? 0 : len);
      if (st != AEGIS_OK) fail(name, "failed in the reference run", st, message);
      return;
    }
    if (st == AEGIS_ERR_OUT_OF_MEMORY) {
      ++out_of_memory_;
      return;
    }
    if (st != AEGIS_OK) return fail(name, "neither success nor out of memory", st, message);
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
             const aegis_error& error) {
    Outcome& ref = slot();
    if (st != AEGIS_OK && out != nullptr) fail(name, "a buffer came with a failure", st, "");
    if (st != error.status) fail(name, "the error report disagrees", error.status, error.message);
    compare(name, ref, st, out, len, error.message);
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
  Sequence seq(make_document());

  if (mode == "count-first" || mode == "first-call") {
    // The first library call of this process, with the shim armed first.
    const long k = mode == "first-call" && argc > 2 ? std::atol(argv[2]) : 0;
    const std::string doc = make_document();
    size_t n = 0;
    start_watchdog();
    shim.arm(k > 0 ? k : LONG_MAX, 0);
    uint8_t* p = aegis_compute_attack_paths(bytes(doc), doc.size(), &n);
    const long used = shim.count();
    shim.disarm();
    if (mode == "count-first") {
      std::printf("%ld\n", used);
      aegis_free(p, n);
      return 0;
    }
    aegis_free(p, n);
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
