// The loaded store through its C API: queries, clamping, streaming.
#include <catch2/catch.hpp>

#include <cstddef>
#include <cstring>
#include <memory>
#include <string>

#include "aegispath.h"
#include "test_support.hpp"

using aegis_test::bytes;
using aegis_test::take;

namespace {

struct StoreCloser {
  void operator()(aegis_store* s) const { aegis_store_close(s); }
};
using StorePtr = std::unique_ptr<aegis_store, StoreCloser>;

StorePtr open_store(const std::string& json, bool hashes = false, unsigned threads = 0) {
  aegis_options opts;
  aegis_options_init(&opts);
  opts.compute_integrity_hash = hashes;
  opts.max_threads = threads;
  aegis_store* s = nullptr;
  aegis_error err;
  aegis_error_init(&err);
  const aegis_status st = aegis_store_open(bytes(json), json.size(), &opts, &s, &err);
  INFO(err.message);
  REQUIRE(st == AEGIS_OK);
  return StorePtr(s);
}

aegis_finding_query query(const char* severity = nullptr, const char* provider = nullptr,
                          const char* status = nullptr, int64_t page = 0, int64_t per_page = 0) {
  aegis_finding_query q{};
  q.struct_size = sizeof q;
  q.severity = severity;
  q.severity_len = severity ? std::strlen(severity) : 0;
  q.provider = provider;
  q.provider_len = provider ? std::strlen(provider) : 0;
  q.status = status;
  q.status_len = status ? std::strlen(status) : 0;
  q.page = page;
  q.per_page = per_page;
  return q;
}

std::string list_findings(const aegis_store* s, const aegis_finding_query& q) {
  uint8_t* out = nullptr;
  size_t n = 0;
  REQUIRE(aegis_store_list_findings(s, &q, &out, &n, nullptr) == AEGIS_OK);
  return take(out, n);
}

std::string list_paths(const aegis_store* s, int64_t page, int64_t per_page) {
  uint8_t* out = nullptr;
  size_t n = 0;
  REQUIRE(aegis_store_list_paths(s, page, per_page, &out, &n, nullptr) == AEGIS_OK);
  return take(out, n);
}

std::string tail_of(const std::string& envelope) {
  return envelope.substr(envelope.rfind("],\"page\""));
}

// Three findings: ids a, b, c; severities HIGH, high, LOW; providers aws, AWS, gcp.
const std::string kSmall =
    R"([{"id":"a","severity":"HIGH","cloud_provider":"aws","status":"open"},)"
    R"({"id":"b","severity":"high","cloud_provider":"AWS","status":"OPEN"},)"
    R"({"id":"c","severity":"LOW","cloud_provider":"gcp","status":"closed"}])";

}  // namespace

TEST_CASE("store: finding lookups and lists with the server's semantics", "[store]") {
  StorePtr s = open_store(kSmall);
  CHECK(aegis_store_finding_count(s.get()) == 3);
  CHECK(aegis_store_path_count(s.get()) == 0);

  uint8_t* out = nullptr;
  size_t n = 0;
  REQUIRE(aegis_store_get_finding(s.get(), "b", 1, &out, &n, nullptr) == AEGIS_OK);
  const std::string b = take(out, n);
  CHECK(b.rfind(R"({"id":"b","source":"",)", 0) == 0);
  CHECK(b.find(R"("severity":"high")") != std::string::npos);

  aegis_error err;
  aegis_error_init(&err);
  CHECK(aegis_store_get_finding(s.get(), "zz", 2, &out, &n, &err) == AEGIS_ERR_NOT_FOUND);
  CHECK(out == nullptr);
  CHECK(std::string(err.message).find("zz") != std::string::npos);

  // Case-insensitive filters (ASCII), default paging.
  std::string page = list_findings(s.get(), query("High", "aWs", "open"));
  CHECK(page.rfind(R"({"data":[{"id":"a",)", 0) == 0);
  CHECK(page.find(R"(},{"id":"b",)") != std::string::npos);
  CHECK(tail_of(page) == R"(],"page":1,"per_page":50,"total":2,"total_pages":1})");

  // per_page 1, page 2 → b; page past the end clamps to the last page.
  page = list_findings(s.get(), query(nullptr, nullptr, nullptr, 2, 1));
  CHECK(page.rfind(R"({"data":[{"id":"b",)", 0) == 0);
  CHECK(tail_of(page) == R"(],"page":2,"per_page":1,"total":3,"total_pages":3})");
  page = list_findings(s.get(), query(nullptr, nullptr, nullptr, 99, 1));
  CHECK(page.rfind(R"({"data":[{"id":"c",)", 0) == 0);
  CHECK(tail_of(page) == R"(],"page":3,"per_page":1,"total":3,"total_pages":3})");
  // Out-of-range values fall back to defaults.
  page = list_findings(s.get(), query(nullptr, nullptr, nullptr, -4, 201));
  CHECK(tail_of(page) == R"(],"page":1,"per_page":50,"total":3,"total_pages":1})");
  // No match: empty data, page 1, no pages.
  CHECK(list_findings(s.get(), query("CRITICAL")) ==
        R"({"data":[],"page":1,"per_page":50,"total":0,"total_pages":0})");

  // Paths of an empty result.
  CHECK(list_paths(s.get(), 1, 20) ==
        R"({"data":[],"page":1,"per_page":20,"total":0,"total_pages":0})");
  CHECK(aegis_store_get_path(s.get(), "ap-001", 6, &out, &n, &err) == AEGIS_ERR_NOT_FOUND);
}

TEST_CASE("store: NULL handles and bad arguments are reported, never crash", "[store]") {
  uint8_t* out = nullptr;
  size_t n = 0;
  aegis_error err;
  aegis_error_init(&err);
  CHECK(aegis_store_path_stats(nullptr, &out, &n, &err) == AEGIS_ERR_INVALID_ARGUMENT);
  CHECK(aegis_store_finding_count(nullptr) == 0);
  CHECK(aegis_store_path_count(nullptr) == 0);
  aegis_store_close(nullptr);
  aegis_store* s = nullptr;
  CHECK(aegis_store_open(bytes("{}"), 2, nullptr, &s, &err) == AEGIS_ERR_SCHEMA);
  CHECK(s == nullptr);
  CHECK(aegis_store_open(bytes("[]"), 2, nullptr, nullptr, &err) == AEGIS_ERR_INVALID_ARGUMENT);
  StorePtr ok = open_store("[]");
  aegis_finding_query q{};  // struct_size unset
  CHECK(aegis_store_list_findings(ok.get(), &q, &out, &n, &err) == AEGIS_ERR_INVALID_ARGUMENT);
  q.struct_size = sizeof q + 8;  // a newer header's
  CHECK(aegis_store_list_findings(ok.get(), &q, &out, &n, &err) == AEGIS_ERR_INVALID_ARGUMENT);
  CHECK(aegis_store_write_paths(ok.get(), nullptr, nullptr, &err) == AEGIS_ERR_INVALID_ARGUMENT);
}

namespace {
int append_chunk(void* user, const uint8_t* chunk, size_t len) {
  static_cast<std::string*>(user)->append(reinterpret_cast<const char*>(chunk), len);
  return 0;
}
int refuse_chunk(void*, const uint8_t*, size_t) { return 1; }
}  // namespace

TEST_CASE("store on the upstream fixture: paths, pages, stream, hashes", "[store][fixture]") {
  const auto fixture = aegis_test::upstream_fixture();
  if (!fixture) {
    WARN("skipped: ../shared/data/upstream/findings_test.json is absent");
    return;
  }
  StorePtr s = open_store(*fixture, /*hashes=*/true);
  CHECK(aegis_store_finding_count(s.get()) == 200);
  CHECK(aegis_store_path_count(s.get()) == 548);

  // The buffer, the stream and the drop-in call give the same bytes.
  uint8_t* out = nullptr;
  size_t n = 0;
  REQUIRE(aegis_store_paths_json(s.get(), &out, &n, nullptr) == AEGIS_OK);
  const std::string whole = take(out, n);
  std::string streamed;
  REQUIRE(aegis_store_write_paths(s.get(), append_chunk, &streamed, nullptr) == AEGIS_OK);
  CHECK(streamed == whole);
  out = aegis_compute_attack_paths(bytes(*fixture), fixture->size(), &n);
  REQUIRE(out != nullptr);
  CHECK(take(out, n) == whole);
  aegis_error err;
  aegis_error_init(&err);
  CHECK(aegis_store_write_paths(s.get(), refuse_chunk, nullptr, &err) == AEGIS_ERR_WRITE_ABORTED);

  // Stats equal the tail of the whole result.
  REQUIRE(aegis_store_path_stats(s.get(), &out, &n, nullptr) == AEGIS_OK);
  const std::string stats = take(out, n);
  CHECK(stats.rfind(R"({"total_findings":200,"findings_in_paths":155,"isolated_findings":45,"coverage_percent":77.5,"total_paths":548,)", 0) == 0);
  CHECK(whole.substr(whole.size() - stats.size() - 1) == stats + "}");

  // Pages: the first page holds the first 20 paths of the result, in order.
  const std::string page1 = list_paths(s.get(), 1, 0);
  CHECK(tail_of(page1) == R"(],"page":1,"per_page":20,"total":548,"total_pages":28})");
  const std::string data = page1.substr(9, page1.size() - 9 - tail_of(page1).size());
  CHECK(whole.substr(10, data.size()) == data);  // after {"paths":[
  const std::string last = list_paths(s.get(), 1000, 100);
  CHECK(tail_of(last) == R"(],"page":6,"per_page":100,"total":548,"total_pages":6})");

  // A path by id equals its entry in the whole result.
  REQUIRE(aegis_store_get_path(s.get(), "ap-001", 6, &out, &n, nullptr) == AEGIS_OK);
  const std::string ap1 = take(out, n);
  CHECK(ap1.rfind(R"({"id":"ap-001",)", 0) == 0);
  CHECK(whole.find(ap1) != std::string::npos);

  // Integrity hashes (docs/input.md, "The integrity hash").
  REQUIRE(aegis_store_get_finding(s.get(), "f-14868", 7, &out, &n, nullptr) == AEGIS_OK);
  CHECK(take(out, n).find(R"("integrity_hash":"a2c9915465703de7496baa39e9417ad629e5f75552c19f921b65b8554788c2e5")") != std::string::npos);
  REQUIRE(aegis_store_get_finding(s.get(), "f-00001", 7, &out, &n, nullptr) == AEGIS_OK);
  CHECK(take(out, n).find(R"("integrity_hash":"817a7f4a9fbc2f32c49645f57494d22a6526614efd1923c1508b795656e3f334")") != std::string::npos);

  // One thread or many: the same bytes.
  StorePtr single = open_store(*fixture, true, 1);
  REQUIRE(aegis_store_paths_json(single.get(), &out, &n, nullptr) == AEGIS_OK);
  CHECK(take(out, n) == whole);
}

TEST_CASE("store: an older, smaller query struct takes defaults for the rest", "[store]") {
  StorePtr s = open_store(kSmall);
  aegis_finding_query q = query("LOW", nullptr, nullptr, 1, 1);
  // Up to the severity filter only: page and per_page are not read (1, 50).
  q.struct_size = offsetof(aegis_finding_query, provider);
  CHECK(list_findings(s.get(), q).find(R"(],"page":1,"per_page":50,"total":1,"total_pages":1})") !=
        std::string::npos);
  // The whole struct: per_page 1 is read.
  q.struct_size = sizeof q;
  q.severity = nullptr;
  q.severity_len = 0;
  CHECK(tail_of(list_findings(s.get(), q)) == R"(],"page":1,"per_page":1,"total":3,"total_pages":3})");
}

namespace {
// Categories in several spellings: ids n1, n2, v, k, n3.
const std::string kCategories =
    R"([{"id":"n1","severity":"HIGH","category":"NETWORK"},)"
    R"({"id":"n2","severity":"LOW","category":"network"},)"
    R"({"id":"v","severity":"HIGH","category":"VULNERABILITY"},)"
    R"({"id":"k","severity":"HIGH","category":"KEY"},)"
    R"({"id":"n3","severity":"high","category":"NetWork"}])";

aegis_finding_query category_query(const char* category, const char* severity = nullptr) {
  aegis_finding_query q = query(severity);
  q.category = category;
  q.category_len = category ? std::strlen(category) : 0;
  return q;
}

// The ids of an envelope's findings, in order, as "a,b,c".
std::string ids_of(const std::string& envelope) {
  std::string ids;
  for (size_t at = envelope.find("{\"id\":\""); at != std::string::npos;
       at = envelope.find("{\"id\":\"", at + 1)) {
    const size_t begin = at + 7;
    if (!ids.empty()) ids += ',';
    ids.append(envelope, begin, envelope.find('"', begin) - begin);
  }
  return ids;
}
}  // namespace

TEST_CASE("store: the category filter ignores ASCII case and combines with the others", "[store]") {
  StorePtr s = open_store(kCategories);
  CHECK(ids_of(list_findings(s.get(), category_query("network"))) == "n1,n2,n3");
  CHECK(ids_of(list_findings(s.get(), category_query("NETWORK", "high"))) == "n1,n3");
  CHECK(ids_of(list_findings(s.get(), category_query("vulnerability"))) == "v");
  CHECK(tail_of(list_findings(s.get(), category_query("NET"))) ==
        R"(],"page":1,"per_page":50,"total":0,"total_pages":0})");
  // Only A-Z/a-z fold: a KELVIN SIGN (U+212A) is not a K.
  CHECK(ids_of(list_findings(s.get(), category_query("\xE2\x84\xAA" "EY"))).empty());
  CHECK(ids_of(list_findings(s.get(), category_query("key"))) == "k");
  // NULL, or a length of 0, is "any category".
  CHECK(ids_of(list_findings(s.get(), category_query(nullptr))) == "n1,n2,v,k,n3");
  aegis_finding_query empty = category_query("network");
  empty.category_len = 0;
  CHECK(ids_of(list_findings(s.get(), empty)) == "n1,n2,v,k,n3");
}

TEST_CASE("store: a query struct from before category keeps its meaning", "[store]") {
  StorePtr s = open_store(kCategories);
  aegis_finding_query q = category_query("VULNERABILITY", "HIGH");
  // The struct of a header without category ends at per_page: the category
  // members are outside struct_size and not read.
  q.struct_size = offsetof(aegis_finding_query, category);
  CHECK(ids_of(list_findings(s.get(), q)) == "n1,v,k,n3");
  // The pointer inside but its length outside: still not read.
  q.struct_size = offsetof(aegis_finding_query, category_len);
  CHECK(ids_of(list_findings(s.get(), q)) == "n1,v,k,n3");
  q.struct_size = sizeof q;
  CHECK(ids_of(list_findings(s.get(), q)) == "v");
}
