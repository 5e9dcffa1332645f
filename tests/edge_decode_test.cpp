// The edge document decoder (decode/edge_decoder.hpp; docs/input.md, "Edge
// document"): which rows count, key matching, null, repeated keys, the
// resource graph's later-row-wins rule in both directions, every rejection
// class with its message, and documents large enough to be cut into pieces
// (including cuts that fall inside strings and must be redone exactly).
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "decode/edge_decoder.hpp"
#include "model/resource_graph.hpp"

namespace {

using aegis::decode::decode_edges;
using aegis::decode::EdgeDocument;
using aegis::model::EdgeRow;
using aegis::model::FindingsDoc;
using aegis::model::ResourceGraph;
using aegis::model::ResourceIndex;

// A document whose findings hold the given resource ids (the decoder only
// reads resource_id).
struct Resources {
  FindingsDoc doc;
  ResourceIndex index;
  explicit Resources(const std::vector<std::string_view>& ids) {
    for (std::string_view id : ids) {
      aegis::model::Finding f;
      f.resource_id = id;
      doc.findings.push_back(f);
    }
    index = ResourceIndex(doc);
  }
};

const Resources& abc() {
  static const Resources r({"a", "b", "c", ""});
  return r;
}

// Concatenation by appending (GCC 12 warns, wrongly, about "literal" +
// std::string temporaries: -Wrestrict).
template <typename... Parts>
std::string cat(const Parts&... parts) {
  std::string out;
  (out.append(std::string_view(parts)), ...);
  return out;
}

struct Decoded {
  aegis::common::Error error;
  EdgeDocument doc;
};

Decoded decode(const std::string& json, size_t cap = aegis::decode::kDefaultMaxEdgeBytes,
               const Resources& r = abc(), unsigned threads = 0) {
  Decoded d;
  d.error = decode_edges(json, cap, r.index, threads, d.doc);
  return d;
}

// "a-b:type" per row, resource ids by name.
std::vector<std::string> rows_of(const Decoded& d, const Resources& r = abc()) {
  std::vector<std::string> out;
  for (const EdgeRow& row : d.doc.rows)
    out.push_back(cat(r.index.id(row.a), "-", r.index.id(row.b), ":", d.doc.types[row.type]));
  return out;
}

std::string row(std::string_view src, std::string_view dst, std::string_view type) {
  return cat(R"({"id":"e1","tenant_id":"t","source_type":"resource","source_id":")", src,
             R"(","target_type":"resource","target_id":")", dst, R"(","edge_type":")", type,
             R"(","properties":{"w":[1,2.5e3,null]},"created_at":"2026-03-10T00:00:00Z"})");
}

}  // namespace

TEST_CASE("edges: counting rows, in document order", "[edges]") {
  const Decoded d = decode(cat("[", row("a", "b", "same_region"), ",\n", row("c", "a", "iam_trust"), "]"));
  REQUIRE(!d.error);
  CHECK(rows_of(d) == std::vector<std::string>{"a-b:same_region", "c-a:iam_trust"});
  CHECK(d.doc.types.size() == 2);
}

TEST_CASE("edges: rows that do not count, and ids no finding holds", "[edges]") {
  const Decoded d = decode(R"([
    {"source_type":"finding","source_id":"a","target_id":"b","edge_type":"x"},
    {"source_id":"a","target_type":"Resource","target_id":"b","edge_type":"x"},
    {"source_type":"","source_id":"a","target_id":"b","edge_type":"x"},
    {"source_id":"a","target_id":"b","edge_type":""},
    {"source_id":"a","target_id":"b","edge_type":null},
    {"source_id":"a","target_id":"b"},
    {"source_id":"a","target_id":"zz","edge_type":"x"},
    {"source_id":"qq","target_id":"b","edge_type":"x"},
    {"id":7,"properties":[{"deep":[1,2,{"x":null}]}],"created_at":null}])");
  REQUIRE(!d.error);
  CHECK(d.doc.rows.empty());
  CHECK(d.doc.types.empty());  // types of rows that do not count are not kept
}

TEST_CASE("edges: keys fold as encoding/json folds them, and null leaves a value", "[edges]") {
  const Decoded d = decode(R"([
    {"SOURCE_ID":"a","Target_Id":"b","EDGE_TYPE":"k1"},
    {"\u0073ource_id":"a","target_id":"c","edge_type":"k2"},
    {"ſource_id":"b","target_id":"c","edge_type":"k3"},
    {"source_type":null,"target_type":null,"source_id":"a","target_id":"b","edge_type":"k4"},
    {"source_id":"a","source_id":null,"target_id":"b","edge_type":"k5","edge_type":"k6"},
    {"target_id":"a","edge_type":"k7"},
    {"source_id":"c","source_type":"finding","source_type":"resource","target_id":"a","edge_type":"k8"}])");
  REQUIRE(!d.error);
  CHECK(rows_of(d) == std::vector<std::string>{"a-b:k1", "a-c:k2", "b-c:k3", "a-b:k4", "a-b:k6",
                                               "-a:k7", "c-a:k8"});
}

TEST_CASE("edges: a key's first letter in any case, and nothing else, can start a match", "[edges]") {
  const Decoded d = decode(R"([
    {"Source_id":"a","tARGET_ID":"b","Edge_Type":"k1","TARGET_TYPE":"resource","Source_Type":"resource"},
    {"source_id":"a","target_id":"c","edge_type":"k2","Target_type":"finding"},
    {"source_id":"a","target_id":"c","edge_type":"k3","\u0045dge_type":"k4"},
    {"source_id":"b","target_id":"c","edge_type":"k5","dge_type":"x","xedge_type":"x","3ource_id":"c",
     "\u0013ource_id":"c","ſource_type":"finding"},
    {"source_id":"c","target_id":"a","Ddge_type":"x","Fdge_type":"x"}])");
  REQUIRE(!d.error);
  // Row 2 names a finding end; row 4's ſource_type is source_type; row 5
  // has no edge type.
  CHECK(rows_of(d) == std::vector<std::string>{"a-b:k1", "a-c:k4"});
}

TEST_CASE("edges: escapes decode, and a lone surrogate becomes U+FFFD", "[edges]") {
  const Decoded d = decode(R"([{"source_id":"\u0061","target_id":"b","edge_type":"\u0073ame"},
    {"source_id":"b","target_id":"c","edge_type":"\ud800"}])");
  REQUIRE(!d.error);
  CHECK(rows_of(d) == std::vector<std::string>{"a-b:same", "b-c:\xEF\xBF\xBD"});
}

TEST_CASE("edges: the graph keeps the last row of a pair in either direction", "[edges]") {
  const Decoded d = decode(cat("[", row("a", "b", "x"), ",", row("b", "a", "y"), ",",
                               row("a", "b", ""), ",", row("c", "c", "self1"), ",",
                               row("c", "c", "self2"), ",", row("b", "c", "z"), "]"));
  REQUIRE(!d.error);
  const ResourceGraph g = ResourceGraph::build(abc().index.size(), d.doc.rows, d.doc.types);
  const uint32_t a = abc().index.find("a"), b = abc().index.find("b"), c = abc().index.find("c");
  CHECK(g.type_name(g.type_between(a, b)) == "y");
  CHECK(g.type_name(g.type_between(b, a)) == "y");
  CHECK(g.type_name(g.type_between(c, c)) == "self2");
  CHECK(g.type_between(a, c) == aegis::model::kNoEdgeType);
  CHECK(g.type_between(a, a) == aegis::model::kNoEdgeType);
  CHECK(g.pair_count() == 2);  // a-b, b-c: a self-loop is no neighbour
  REQUIRE(g.neighbors(b).size() == 2);
  CHECK(g.neighbors(b)[0].resource == a);
  CHECK(g.neighbors(b)[1].resource == c);
  CHECK(g.neighbors(c).size() == 1);
}

TEST_CASE("edges: every rejection has its status and says it is the edge document", "[edges]") {
  struct Case {
    std::string doc;
    aegis_status status;
    std::string message;  // a part of it
  };
  const std::vector<Case> cases = {
      {"", AEGIS_ERR_MALFORMED_JSON, "edges: unexpected end of JSON input"},
      {"  \n", AEGIS_ERR_MALFORMED_JSON, "edges: unexpected end"},
      {"[", AEGIS_ERR_MALFORMED_JSON, "edges:"},
      {"[{}] x", AEGIS_ERR_MALFORMED_JSON, "edges: invalid character 'x'"},
      {R"([{"source_id":"a"},{"edge_type":"x",}])", AEGIS_ERR_MALFORMED_JSON, "edges:"},
      {R"([{"properties":tru}])", AEGIS_ERR_MALFORMED_JSON, "edges:"},
      {R"([{},])", AEGIS_ERR_MALFORMED_JSON, "edges:"},
      {"\xEF\xBB\xBF[]", AEGIS_ERR_MALFORMED_JSON, "edges:"},
      {"[\"\xFF\"]", AEGIS_ERR_INVALID_UTF8, "edges: invalid UTF-8"},
      {"[{\"properties\":\"\xC3\"}] x", AEGIS_ERR_INVALID_UTF8, "edges: invalid UTF-8"},
      {"{}", AEGIS_ERR_SCHEMA, "edges: top level is not an array (got object)"},
      {"null", AEGIS_ERR_SCHEMA, "edges: top level is not an array (got null)"},
      {R"("[]")", AEGIS_ERR_SCHEMA, "edges: top level is not an array (got string)"},
      {" 12 ", AEGIS_ERR_SCHEMA, "edges: top level is not an array (got number)"},
      {"[{}, null]", AEGIS_ERR_SCHEMA, "edges: row 1 is not an object (got null)"},
      {"[[]]", AEGIS_ERR_SCHEMA, "edges: row 0 is not an object (got array)"},
      {R"([{},{},{},{"edge_type":1}])", AEGIS_ERR_SCHEMA,
       R"(edges: row 3: field "edge_type": expected string, got number)"},
      {R"([{"source_id":true}])", AEGIS_ERR_SCHEMA, R"(field "source_id": expected string, got bool)"},
      {R"([{"target_type":{}}])", AEGIS_ERR_SCHEMA, R"(field "target_type": expected string, got object)"},
      {R"([{"Source_Type":["resource"]}])", AEGIS_ERR_SCHEMA,
       R"(field "source_type": expected string, got array)"},
      // A schema error before a syntax error: the syntax error wins, as in Go.
      {R"([{"edge_type":1}, {"x":tru}])", AEGIS_ERR_MALFORMED_JSON, "edges:"},
      {cat("[", std::string(10001, '['), std::string(10001, ']'), "]"), AEGIS_ERR_MALFORMED_JSON,
       "edges: exceeded max depth"},
  };
  for (const Case& c : cases) {
    INFO(c.doc.substr(0, 60));
    const Decoded d = decode(c.doc);
    CHECK(d.error.status == c.status);
    CHECK(d.error.message.find(c.message) != std::string::npos);
  }
  const Decoded big = decode("[{}]", 3);
  CHECK(big.error.status == AEGIS_ERR_TOO_LARGE);
  CHECK(big.error.message == "edges: the edge document is 4 bytes, over its cap of 3");
}

TEST_CASE("edges: what Go accepts and simdjson does not is accepted", "[edges]") {
  // Nesting exactly at Go's limit inside an ignored key, and numbers out of
  // every native range in ignored keys.
  const std::string deep =
      cat(R"([{"source_id":"a","target_id":"b","edge_type":"x","properties":)",
          std::string(9998, '['), std::string(9998, ']'), "}]");
  const Decoded d = decode(deep);
  REQUIRE(!d.error);
  CHECK(rows_of(d) == std::vector<std::string>{"a-b:x"});
  const Decoded n = decode(R"([{"w":1e400,"v":123456789012345678901234567890,"source_id":"a","target_id":"c","edge_type":"y"}])");
  REQUIRE(!n.error);
  CHECK(rows_of(n) == std::vector<std::string>{"a-c:y"});
}

TEST_CASE("edges: documents of many pieces decode as one", "[edges]") {
  // About 6 MiB of rows: several pieces, with 1 and 2 threads.
  std::vector<std::string> ids;
  for (int i = 0; i < 300; ++i) ids.push_back(cat("res-", std::to_string(i)));
  std::vector<std::string_view> views(ids.begin(), ids.end());
  const Resources r(views);
  std::string doc = "[";
  std::vector<std::string> want;
  for (int i = 0; doc.size() < (size_t{6} << 20); ++i) {
    if (i > 0) doc += ",\n";
    const std::string& a = ids[static_cast<size_t>(i) % 300];
    const std::string& b = ids[static_cast<size_t>(i * 7 + 3) % 300];
    const std::string type = cat("t", std::to_string(i % 5));
    doc += row(a, b, type);
    want.push_back(cat(a, "-", b, ":", type));
  }
  doc += "]";
  for (unsigned threads : {1u, 2u}) {
    const Decoded d = decode(doc, aegis::decode::kDefaultMaxEdgeBytes, r, threads);
    REQUIRE(!d.error);
    CHECK(rows_of(d, r) == want);
  }

  SECTION("a cut inside a string is redone exactly") {
    // Every row carries a string with "},{" in it, and the rows are a few
    // KiB, so speculative cuts land inside strings.
    std::string tricky = "[";
    std::vector<std::string> want2;
    const std::string filler(3000, 'x');
    for (int i = 0; tricky.size() < (size_t{3} << 20); ++i) {
      if (i > 0) tricky += ",";
      tricky += cat(R"({"note":"} , {)", filler, R"(},{\"q\":1}","source_id":")",
                    ids[static_cast<size_t>(i) % 300], R"(","target_id":")",
                    ids[static_cast<size_t>(i + 1) % 300], R"(","edge_type":"e"})");
      want2.push_back(cat(ids[static_cast<size_t>(i) % 300], "-", ids[static_cast<size_t>(i + 1) % 300], ":e"));
    }
    tricky += "]";
    const Decoded d = decode(tricky, aegis::decode::kDefaultMaxEdgeBytes, r, 2);
    REQUIRE(!d.error);
    CHECK(rows_of(d, r) == want2);
  }

  SECTION("the first bad row of a large document is the one reported") {
    const std::string bad =
        cat(doc.substr(0, doc.size() - 1), R"(,{},{"edge_type":["x"]},{"edge_type":2}])");
    const Decoded d = decode(bad, aegis::decode::kDefaultMaxEdgeBytes, r, 2);
    CHECK(d.error.status == AEGIS_ERR_SCHEMA);
    CHECK(d.error.message == cat("edges: row ", std::to_string(want.size() + 1),
                                 ": field \"edge_type\": expected string, got array"));
  }

  SECTION("a syntax error in the last piece beats a schema error in the first") {
    const std::string bad = cat(R"([{"edge_type":2},)", doc.substr(1, doc.size() - 2), R"(,{"x":nul}])");
    const Decoded d = decode(bad, aegis::decode::kDefaultMaxEdgeBytes, r, 2);
    CHECK(d.error.status == AEGIS_ERR_MALFORMED_JSON);
  }

  SECTION("invalid UTF-8 in the last piece beats a schema error in the first") {
    const std::string bad =
        cat(R"([{"edge_type":2},)", doc.substr(1, doc.size() - 2), ",{\"x\":\"\xF0\x28\"}]");
    const Decoded d = decode(bad, aegis::decode::kDefaultMaxEdgeBytes, r, 2);
    CHECK(d.error.status == AEGIS_ERR_INVALID_UTF8);
  }
}
