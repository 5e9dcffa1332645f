// The C boundary: drop-in NULL cases, error reports, options, versions.
#include <catch2/catch.hpp>

#include <cstddef>
#include <cstring>
#include <string>

#include "aegispath.h"
#include "test_support.hpp"

using aegis_test::bytes;
using aegis_test::take;

namespace {
const std::string kTwoFindings =
    R"([{"id":"a","account_id":"1","category":"NETWORK","resource_id":"r1","resource_type":"compute","region":"x","severity":"HIGH","resource_name":"A","cloud_provider":"aws"},)"
    R"({"id":"b","account_id":"1","category":"DATA_EXPOSURE","resource_id":"r2","resource_type":"storage","region":"x","severity":"LOW","resource_name":"B","cloud_provider":"aws"}])";
}

TEST_CASE("versions agree between header and library", "[abi]") {
  CHECK(aegis_version_number() == AEGIS_VERSION_NUMBER);
  CHECK(std::string(aegis_version_string()) == "0.2.0");
}

TEST_CASE("drop-in calls return NULL for every bad argument", "[abi]") {
  size_t n = 123;
  CHECK(aegis_compute_attack_paths(nullptr, 10, &n) == nullptr);
  CHECK(n == 0);
  n = 123;
  CHECK(aegis_compute_attack_paths(bytes("[]"), 0, &n) == nullptr);
  CHECK(n == 0);
  CHECK(aegis_compute_attack_paths(bytes("[]"), 2, nullptr) == nullptr);
  CHECK(aegis_load_and_serialize_findings(nullptr, 3, nullptr, 0, &n) == nullptr);
  CHECK(aegis_load_and_serialize_findings(bytes("[]"), 0, nullptr, 0, &n) == nullptr);
  CHECK(aegis_load_and_serialize_findings(bytes("[]"), 2, nullptr, 0, nullptr) == nullptr);
  // A non-NULL filter pointer with length 0 is "no filter"; NULL with a length is an error.
  CHECK(aegis_load_and_serialize_findings(bytes("[]"), 2, nullptr, 5, &n) == nullptr);
  CHECK(aegis_compute_attack_paths(bytes("{}"), 2, &n) == nullptr);
  CHECK(aegis_compute_attack_paths(bytes("[1]"), 3, &n) == nullptr);
  CHECK(aegis_compute_attack_paths(bytes("[{]"), 3, &n) == nullptr);
  const std::string bad_filter = "[1,2]";
  CHECK(aegis_load_and_serialize_findings(bytes("[]"), 2, bytes(bad_filter), bad_filter.size(),
                                          &n) == nullptr);
  aegis_free(nullptr, 10);  // no-op
  aegis_free(nullptr, 0);
}

TEST_CASE("drop-in calls return results that aegis_free releases", "[abi]") {
  size_t n = 0;
  uint8_t* out = aegis_compute_attack_paths(bytes("[]"), 2, &n);
  REQUIRE(out != nullptr);
  CHECK(take(out, n) ==
        R"({"paths":[],"stats":{"total_findings":0,"findings_in_paths":0,"isolated_findings":0,"coverage_percent":0,"total_paths":0,"critical_paths":0,"high_paths":0,"medium_paths":0,"by_provider":{}}})");

  out = aegis_load_and_serialize_findings(bytes("[]"), 2, bytes("{}"), 0, &n);
  REQUIRE(out != nullptr);
  CHECK(take(out, n) == "[]");

  out = aegis_compute_attack_paths(bytes(kTwoFindings), kTwoFindings.size(), &n);
  REQUIRE(out != nullptr);
  const std::string result = take(out, n);
  CHECK(result.rfind(R"({"paths":[{"id":"ap-001","title":"A → B",)", 0) == 0);
  CHECK(result.find(R"("total_paths":1,)") != std::string::npos);
}

TEST_CASE("extended calls report status and message through the call", "[abi]") {
  aegis_error err;
  aegis_error_init(&err);
  uint8_t* out = reinterpret_cast<uint8_t*>(&err);  // must be reset to NULL
  size_t n = 7;
  CHECK(aegis_compute_attack_paths_ex(bytes("{}"), 2, nullptr, &out, &n, &err) ==
        AEGIS_ERR_SCHEMA);
  CHECK(out == nullptr);
  CHECK(n == 0);
  CHECK(err.status == AEGIS_ERR_SCHEMA);
  CHECK(std::strlen(err.message) > 0);

  CHECK(aegis_compute_attack_paths_ex(bytes("[x]"), 3, nullptr, &out, &n, &err) ==
        AEGIS_ERR_MALFORMED_JSON);
  CHECK(aegis_compute_attack_paths_ex(nullptr, 3, nullptr, &out, &n, &err) ==
        AEGIS_ERR_INVALID_ARGUMENT);
  CHECK(std::string(err.message) == "input is NULL");
  CHECK(aegis_compute_attack_paths_ex(bytes("[]"), 2, nullptr, nullptr, &n, &err) ==
        AEGIS_ERR_INVALID_ARGUMENT);
  const std::string bad_utf8 = "[\"\xff\"]";
  CHECK(aegis_compute_attack_paths_ex(bytes(bad_utf8), bad_utf8.size(), nullptr, &out, &n,
                                      &err) == AEGIS_ERR_INVALID_UTF8);
  const std::string filter = R"({"limit":"ten"})";
  CHECK(aegis_load_and_serialize_findings_ex(bytes("[]"), 2, bytes(filter), filter.size(),
                                             nullptr, &out, &n, &err) ==
        AEGIS_ERR_INVALID_FILTER);
  CHECK(std::string(aegis_status_string(AEGIS_ERR_INVALID_FILTER)) == "invalid filter");

  // A NULL error pointer is allowed.
  CHECK(aegis_compute_attack_paths_ex(bytes("{}"), 2, nullptr, &out, &n, nullptr) ==
        AEGIS_ERR_SCHEMA);

  CHECK(aegis_compute_attack_paths_ex(bytes("[]"), 2, nullptr, &out, &n, &err) == AEGIS_OK);
  CHECK(err.status == AEGIS_OK);
  CHECK(err.message[0] == '\0');
  aegis_free(out, n);
}

TEST_CASE("options: input cap and struct_size", "[abi]") {
  aegis_options opts;
  aegis_options_init(&opts);
  CHECK(opts.struct_size == sizeof(aegis_options));
  CHECK(opts.max_input_bytes == size_t{64} << 20);
  CHECK(opts.max_threads == 0u);

  aegis_error err;
  aegis_error_init(&err);
  uint8_t* out = nullptr;
  size_t n = 0;
  opts.max_input_bytes = 10;
  CHECK(aegis_compute_attack_paths_ex(bytes(kTwoFindings), kTwoFindings.size(), &opts, &out, &n,
                                      &err) == AEGIS_ERR_TOO_LARGE);
  opts.max_input_bytes = kTwoFindings.size();
  CHECK(aegis_compute_attack_paths_ex(bytes(kTwoFindings), kTwoFindings.size(), &opts, &out, &n,
                                      &err) == AEGIS_OK);
  aegis_free(out, n);

  aegis_options unset{};
  CHECK(aegis_compute_attack_paths_ex(bytes("[]"), 2, &unset, &out, &n, &err) ==
        AEGIS_ERR_INVALID_ARGUMENT);

  // The drop-in call keeps the 64 MiB default.
  std::string big = "[" + std::string((size_t{64} << 20), ' ') + "]";
  size_t len = 0;
  CHECK(aegis_compute_attack_paths(bytes(big), big.size(), &len) == nullptr);
  opts.max_input_bytes = big.size();
  CHECK(aegis_compute_attack_paths_ex(bytes(big), big.size(), &opts, &out, &n, &err) == AEGIS_OK);
  aegis_free(out, n);
}

TEST_CASE("structs: _init sets struct_size and the defaults", "[abi]") {
  aegis_error err;
  std::memset(&err, 0x5a, sizeof err);
  aegis_error_init(&err);
  CHECK(err.struct_size == sizeof(aegis_error));
  CHECK(err.status == AEGIS_OK);
  CHECK(err.message[0] == '\0');

  aegis_finding_query q;
  std::memset(&q, 0x5a, sizeof q);
  aegis_finding_query_init(&q);
  CHECK(q.struct_size == sizeof(aegis_finding_query));
  CHECK(q.severity == nullptr);
  CHECK(q.severity_len == 0);
  CHECK(q.provider == nullptr);
  CHECK(q.status == nullptr);
  CHECK(q.page == 1);
  CHECK(q.per_page == 50);
}

TEST_CASE("structs: an older, smaller options struct takes defaults for the rest", "[abi]") {
  aegis_error err;
  aegis_error_init(&err);
  uint8_t* out = nullptr;
  size_t n = 0;
  aegis_options opts;
  aegis_options_init(&opts);
  opts.max_input_bytes = 10;  // outside the struct_size below: not read
  opts.struct_size = offsetof(aegis_options, max_input_bytes);
  CHECK(aegis_compute_attack_paths_ex(bytes(kTwoFindings), kTwoFindings.size(), &opts, &out, &n,
                                      &err) == AEGIS_OK);
  aegis_free(out, n);
  // Inside it: read.
  opts.struct_size = offsetof(aegis_options, max_threads);
  CHECK(aegis_compute_attack_paths_ex(bytes(kTwoFindings), kTwoFindings.size(), &opts, &out, &n,
                                      &err) == AEGIS_ERR_TOO_LARGE);
  // Larger than this library's struct: a newer header, refused.
  opts.struct_size = sizeof(aegis_options) + 8;
  CHECK(aegis_compute_attack_paths_ex(bytes("[]"), 2, &opts, &out, &n, &err) ==
        AEGIS_ERR_INVALID_ARGUMENT);
  CHECK(std::string(err.message).find("struct_size") != std::string::npos);
}

TEST_CASE("structs: the library writes only what fits the error's struct_size", "[abi]") {
  uint8_t* out = nullptr;
  size_t n = 0;
  aegis_error err;
  aegis_error_init(&err);
  err.struct_size = 0;  // nothing fits
  err.status = AEGIS_ERR_INTERNAL;
  std::strcpy(err.message, "untouched");
  CHECK(aegis_compute_attack_paths_ex(bytes("{}"), 2, nullptr, &out, &n, &err) ==
        AEGIS_ERR_SCHEMA);
  CHECK(err.status == AEGIS_ERR_INTERNAL);
  CHECK(std::string(err.message) == "untouched");

  err.struct_size = offsetof(aegis_error, message);  // status fits, the message not
  CHECK(aegis_compute_attack_paths_ex(bytes("{}"), 2, nullptr, &out, &n, &err) ==
        AEGIS_ERR_SCHEMA);
  CHECK(err.status == AEGIS_ERR_SCHEMA);
  CHECK(std::string(err.message) == "untouched");

  err.struct_size = sizeof err;
  CHECK(aegis_compute_attack_paths_ex(bytes("{}"), 2, nullptr, &out, &n, &err) ==
        AEGIS_ERR_SCHEMA);
  CHECK(std::string(err.message) != "untouched");
}
