// Findings filter: parsing like the Go engine, selection on the fixture.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>
#include <string>

#include "decode/decoder.hpp"
#include "filter/filter.hpp"

using aegis::filter::FindingsFilter;
using aegis::filter::parse_filter;

namespace {

FindingsFilter parsed(const std::string& json) {
  FindingsFilter f;
  const aegis::common::Error e = parse_filter(json, f);
  INFO(json << " -> " << e.message);
  REQUIRE(e.status == AEGIS_OK);
  return f;
}

aegis_status status_of(const std::string& json) {
  FindingsFilter f;
  const aegis::common::Error e = parse_filter(json, f);
  if (e) CHECK_FALSE(e.message.empty());
  return e.status;
}

}  // namespace

TEST_CASE("filter: valid objects", "[filter]") {
  const FindingsFilter all = parsed("{}");
  CHECK(all.severity.empty());
  CHECK(all.offset == 0);
  CHECK(all.limit == 10000);

  const FindingsFilter f = parsed(
      R"( {"severity":"HIGH","provider":"aws","status":"open","category":"NETWORK",)"
      R"("offset":5,"limit":20,"unknown":[1e400,{"x":null}]})");
  CHECK(f.severity == "HIGH");
  CHECK(f.provider == "aws");
  CHECK(f.status == "open");
  CHECK(f.category == "NETWORK");
  CHECK(f.offset == 5);
  CHECK(f.limit == 20);

  // Go's key rules: case-insensitive, later duplicate wins, null leaves the value.
  const FindingsFilter g = parsed(
      R"({"SEVERITY":"LOW","Severity":"MEDIUM","Offset":3,"offset":null,"LIMIT":7,)"
      "\"\xE2\x84\xAA\":1,\"\xC5\xBFtatus\":\"resolved\",\"provider\":null}");
  CHECK(g.severity == "MEDIUM");
  CHECK(g.offset == 3);
  CHECK(g.limit == 7);
  CHECK(g.status == "resolved");
  CHECK(g.provider.empty());

  // Limit clamping; -0 is the integer 0; negatives checked after the last key.
  CHECK(parsed(R"({"limit":0})").limit == 10000);
  CHECK(parsed(R"({"limit":10000})").limit == 10000);
  CHECK(parsed(R"({"limit":10001})").limit == 10000);
  CHECK(parsed(R"({"limit":9223372036854775807})").limit == 10000);
  CHECK(parsed(R"({"offset":-0})").offset == 0);
  CHECK(parsed(R"({"offset":-1,"offset":4})").offset == 4);
  CHECK(parsed(R"({"offset":9223372036854775807})").offset == 9223372036854775807ULL);
  CHECK(parsed(R"({"severity":"\ud800"})").severity == "\xEF\xBF\xBD");
  // Go's nesting limit: 10,000 levels, a value inside the deepest one included.
  CHECK(parsed(R"({"x":)" + std::string(9999, '[') + "1" + std::string(9999, ']') + "}").limit ==
        10000);
  CHECK(status_of(R"({"x":)" + std::string(10000, '[') + std::string(10000, ']') + "}") ==
        AEGIS_ERR_INVALID_FILTER);
}

TEST_CASE("filter: rejections", "[filter]") {
  CHECK(status_of("") == AEGIS_ERR_INVALID_FILTER);
  CHECK(status_of("  ") == AEGIS_ERR_INVALID_FILTER);
  CHECK(status_of("[]") == AEGIS_ERR_INVALID_FILTER);
  CHECK(status_of("null") == AEGIS_ERR_INVALID_FILTER);
  CHECK(status_of(R"("severity")") == AEGIS_ERR_INVALID_FILTER);
  CHECK(status_of("{") == AEGIS_ERR_INVALID_FILTER);
  CHECK(status_of("{} {}") == AEGIS_ERR_INVALID_FILTER);
  CHECK(status_of(R"({"x":tru})") == AEGIS_ERR_INVALID_FILTER);
  CHECK(status_of("\xEF\xBB\xBF{}") == AEGIS_ERR_INVALID_FILTER);
  CHECK(status_of("{\"severity\":\"\xFF\"}") == AEGIS_ERR_INVALID_FILTER);
  CHECK(status_of(R"({"severity":1})") == AEGIS_ERR_INVALID_FILTER);
  CHECK(status_of(R"({"provider":["aws"]})") == AEGIS_ERR_INVALID_FILTER);
  CHECK(status_of(R"({"status":true})") == AEGIS_ERR_INVALID_FILTER);
  CHECK(status_of(R"({"category":{}})") == AEGIS_ERR_INVALID_FILTER);
  CHECK(status_of(R"({"offset":"1"})") == AEGIS_ERR_INVALID_FILTER);
  CHECK(status_of(R"({"offset":-1})") == AEGIS_ERR_INVALID_FILTER);
  CHECK(status_of(R"({"limit":-5})") == AEGIS_ERR_INVALID_FILTER);
  CHECK(status_of(R"({"limit":1.0})") == AEGIS_ERR_INVALID_FILTER);
  CHECK(status_of(R"({"limit":1e2})") == AEGIS_ERR_INVALID_FILTER);
  CHECK(status_of(R"({"offset":-0.0})") == AEGIS_ERR_INVALID_FILTER);
  CHECK(status_of(R"({"offset":9223372036854775808})") == AEGIS_ERR_INVALID_FILTER);
  CHECK(status_of(R"({"offset":18446744073709551615})") == AEGIS_ERR_INVALID_FILTER);
  CHECK(status_of(R"({"offset":123456789012345678901234567890})") == AEGIS_ERR_INVALID_FILTER);
  CHECK(status_of(R"({"limit":1e400})") == AEGIS_ERR_INVALID_FILTER);
  CHECK(status_of(R"({"limit":true})") == AEGIS_ERR_INVALID_FILTER);
  // A type error is an error even when a later duplicate is valid (Go saves it).
  CHECK(status_of(R"({"limit":"x","limit":5})") == AEGIS_ERR_INVALID_FILTER);

  std::string big = R"({"x":")" + std::string(aegis::filter::kMaxFilterBytes, 'a') + "\"}";
  CHECK(status_of(big) == AEGIS_ERR_INVALID_FILTER);
  std::string fits = R"({"x":")";
  fits += std::string(aegis::filter::kMaxFilterBytes - fits.size() - 2, 'a') + "\"}";
  REQUIRE(fits.size() == aegis::filter::kMaxFilterBytes);
  CHECK(status_of(fits) == AEGIS_OK);
}

TEST_CASE("filter: selection on the fixture", "[filter]") {
  std::ifstream in(std::string(AEGIS_SHARED_DATA) + "/upstream/findings_test.json",
                   std::ios::binary);
  if (!in) {
    WARN("skipped: ../shared/data/upstream/findings_test.json is absent");
    return;
  }
  std::ostringstream s;
  s << in.rdbuf();
  aegis::model::FindingsDoc doc;
  REQUIRE_FALSE(aegis::decode::decode_findings(s.str(), aegis::decode::kDefaultMaxInputBytes, doc));

  const auto select = [&](const std::string& json) {
    return aegis::filter::select_findings(doc, parsed(json));
  };
  // Expected values counted independently with python3 over the fixture.
  CHECK(select("{}").size() == 200);
  const auto critical = select(R"({"severity":"CRITICAL"})");
  REQUIRE(critical.size() == 20);
  CHECK(critical.front() == 70);
  CHECK(critical.back() == 89);
  CHECK(select(R"({"provider":"azure"})").size() == 50);
  CHECK(select(R"({"provider":"gcp"})").size() == 17);
  CHECK(select(R"({"status":"resolved"})").size() == 15);
  CHECK(select(R"({"category":"IDENTITY"})").size() == 32);
  CHECK(select(R"({"provider":"azure","status":"open"})").size() == 31);
  CHECK(select(R"({"provider":"azure","status":"open","limit":3})") ==
        std::vector<uint32_t>{19, 24, 31});
  CHECK(select(R"({"provider":"azure","status":"open","offset":2,"limit":2})") ==
        std::vector<uint32_t>{31, 41});
  CHECK(select(R"({"severity":"HIGH","category":"VULNERABILITY"})") ==
        std::vector<uint32_t>{118, 119, 122, 126});
  CHECK(select(R"({"severity":"HIGH","category":"VULNERABILITY","offset":2,"limit":1})") ==
        std::vector<uint32_t>{122});
  CHECK(select(R"({"provider":"gcp","category":"NETWORK"})") == std::vector<uint32_t>{20, 59});
  CHECK(select(R"({"severity":"CRITICAL","offset":15})") ==
        std::vector<uint32_t>{85, 86, 87, 88, 89});
  CHECK(select(R"({"severity":"CRITICAL","offset":20})").empty());
  CHECK(select(R"({"offset":190,"limit":0})").size() == 10);
  CHECK(select(R"({"severity":"critical"})").empty());  // exact, case-sensitive
  CHECK(select(R"({"severity":""})").size() == 200);    // empty = no constraint
}
