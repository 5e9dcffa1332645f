// The parse cache: decodes reuse the parsers and documents of earlier ones,
// and a document in use is never handed to another decode.
#include <catch2/catch.hpp>

#include <string>
#include <thread>
#include <vector>

#include "decode/decoder.hpp"
#include "decode/parse_cache.hpp"

namespace {

// Joins its pieces (GCC 12 warns falsely about `"literal" + std::string&&`).
template <typename... Parts>
std::string cat(const Parts&... parts) {
  std::string out;
  (out.append(parts), ...);
  return out;
}

// n findings whose ids and titles carry `tag`, so documents differ in size
// and content.
std::string findings_json(const std::string& tag, int n) {
  std::string json = "[";
  for (int i = 0; i < n; ++i) {
    if (i > 0) json += ',';
    const std::string num = std::to_string(i);
    json += cat(R"({"id":")", tag, "-", num, R"(","title":"title of )", tag, R"(","ai_risk_score":)", num,
                R"(,"mitre_tactics":[")", tag, R"("]})");
  }
  return json + "]";
}

aegis::model::FindingsDoc decode(const std::string& json) {
  aegis::model::FindingsDoc doc;
  const aegis::common::Error e = aegis::decode::decode_findings(json, aegis::decode::kDefaultMaxInputBytes, doc);
  INFO(e.message);
  REQUIRE_FALSE(e);
  return doc;
}

void check(const aegis::model::FindingsDoc& doc, const std::string& tag, int n) {
  REQUIRE(doc.findings.size() == static_cast<size_t>(n));
  for (int i = 0; i < n; i += 97) {
    const aegis::model::Finding& f = doc.findings[static_cast<size_t>(i)];
    CHECK(f.id == cat(tag, "-", std::to_string(i)));
    CHECK(f.title == cat("title of ", tag));
    CHECK(f.ai_risk_score == i);
    REQUIRE(f.mitre_tactics.size() == 1);
    CHECK(*f.mitre_tactics.begin() == tag);
  }
}

}  // namespace

TEST_CASE("parse cache: documents alive keep their bytes while others are decoded", "[decode][cache]") {
  const std::string big = findings_json("big", 5000), small = findings_json("small", 300);
  { check(decode(big), "big", 5000); }  // leaves a large document in the cache
  const aegis::model::FindingsDoc a = decode(small);
  const aegis::model::FindingsDoc b = decode(findings_json("other", 800));
  const aegis::model::FindingsDoc c = decode(big);
  check(a, "small", 300);
  check(b, "other", 800);
  check(c, "big", 5000);
  // More documents alive than the cache holds, then all given back at once.
  {
    std::vector<aegis::model::FindingsDoc> many;
    for (int k = 0; k < 5; ++k) many.push_back(decode(findings_json(cat("k", std::to_string(k)), 200 + k)));
    for (int k = 0; k < 5; ++k) check(many[static_cast<size_t>(k)], cat("k", std::to_string(k)), 200 + k);
  }
  check(decode(small), "small", 300);
}

TEST_CASE("parse cache: gives back only what it may keep", "[decode][cache]") {
  // A document sized past the limit is freed, not kept.
  auto huge = std::make_unique<simdjson::dom::document>();
  REQUIRE_FALSE(huge->allocate(aegis::decode::kMaxCachedInputBytes + 1));
  aegis::decode::give_cached_document(std::move(huge));
  for (size_t i = 0; i < aegis::decode::kCachedDocuments + 1; ++i) {
    CHECK(aegis::decode::take_cached_document(1)->capacity() <= aegis::decode::kMaxCachedInputBytes);
  }
}

TEST_CASE("parse cache: concurrent decodes each get their own buffers", "[decode][cache]") {
  std::vector<std::thread> threads;
  std::vector<int> failures(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([t, &failures] {
      const std::string tag = cat("t", std::to_string(t));
      const std::string json = findings_json(tag, 300 + 100 * t);
      for (int round = 0; round < 25; ++round) {
        aegis::model::FindingsDoc doc;
        if (aegis::decode::decode_findings(json, aegis::decode::kDefaultMaxInputBytes, doc) ||
            doc.findings.size() != static_cast<size_t>(300 + 100 * t) ||
            doc.findings.back().id != cat(tag, "-", std::to_string(299 + 100 * t)) ||
            doc.findings.front().title != cat("title of ", tag)) {
          ++failures[static_cast<size_t>(t)];
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  CHECK(failures == std::vector<int>(4, 0));
}
