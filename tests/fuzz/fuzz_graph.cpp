// libFuzzer target: graph mode (an edge document in aegis_options) through
// the one-shot call and the store, cross-checked:
//  - the findings are judged first: when the heuristic call refuses them,
//    graph mode fails with the same status; otherwise a failure is the edge
//    document's (its message starts with "edges: ");
//  - one and two threads give identical bytes (one-shot, store, analysis);
//  - the store's paths_json, its stream, its stats, path pages and get_path
//    are the one-shot result and its parts;
//  - a run capped at a fuzzed max_paths (one-shot and store) follows the
//    truncation rule against the uncapped run;
//  - aegis_store_path_analysis of a few ids: NOT_FOUND outside 1..count,
//    otherwise a well-formed analysis of that path (hop count, score and
//    severity, blast_radius.direct = the path's distinct resource ids,
//    total = direct + indirect, indirect <= 1000), the same in the capped
//    store for the paths it keeps;
//  - an edge cap around the document's size refuses exactly the documents
//    over it; a requested cancellation handle stops the call.
// Input (tests/fuzz/fuzz_support.hpp, split_graph): findings, then
// optionally kEdgesSeparator and the edge document, then optionally
// kSeparator and parameters: max_paths pick, hashes, max_edge_bytes pick,
// path numbers to analyse, per_page.
#include <simdjson.h>

#include <cstdint>
#include <set>
#include <string>

#include "fuzz_support.hpp"

using namespace aegis_fuzz;

namespace {

aegis_options graph_options(std::string_view edges, unsigned threads) {
  aegis_options o;
  aegis_options_init(&o);
  o.edges = u8p(edges);
  o.edges_len = edges.size();
  o.max_threads = threads;
  return o;
}

Answer compute(std::string_view findings, const aegis_options* o) {
  return answer([&](uint8_t** out, size_t* len, aegis_error* e) {
    return aegis_compute_attack_paths_ex(u8p(findings), findings.size(), o, out, len, e);
  });
}

aegis_store* open_store(std::string_view findings, const aegis_options& o) {
  aegis_store* store = nullptr;
  aegis_error e;
  aegis_error_init(&e);
  const aegis_status st = aegis_store_open(u8p(findings), findings.size(), &o, &store, &e);
  check(st == AEGIS_OK, "a store refused what the one-shot call accepts", e.message);
  return store;
}

Answer store_call(const aegis_store* store, int which, std::string_view id = {}, int64_t per_page = 0,
                  int64_t page = 1) {
  return answer([&](uint8_t** out, size_t* len, aegis_error* e) {
    switch (which) {
      case 0: return aegis_store_paths_json(store, out, len, e);
      case 1: return aegis_store_path_stats(store, out, len, e);
      case 2: return aegis_store_get_path(store, id.data(), id.size(), out, len, e);
      case 3: return aegis_store_list_paths(store, page, per_page, out, len, e);
      default: return aegis_store_path_analysis(store, id.data(), id.size(), out, len, e);
    }
  });
}

std::string path_id(uint64_t n) {
  std::string digits = std::to_string(n);
  if (digits.size() < 3) digits.insert(0, 3 - digits.size(), '0');
  return "ap-" + digits;
}

std::string_view str_of(simdjson::dom::element e, const char* what) {
  std::string_view s;
  check(e.get_string().get(s) == simdjson::SUCCESS, what);
  return s;
}

int64_t int_of(simdjson::dom::element e, const char* what) {
  int64_t v = 0;
  check(e.get_int64().get(v) == simdjson::SUCCESS, what);
  return v;
}

// An analysis read against its path (docs/c-api.md and go/api/analysis.go
// give the rules; these are the ones that follow from the path alone).
void check_analysis(std::string_view analysis, std::string_view path) {
  simdjson::dom::parser path_parser, analysis_parser;
  simdjson::dom::element p, a;
  check(path_parser.parse(path.data(), path.size()).get(p) == simdjson::SUCCESS, "a path is not JSON",
        std::string(path));
  check(analysis_parser.parse(analysis.data(), analysis.size()).get(a) == simdjson::SUCCESS,
        "an analysis is not JSON", std::string(analysis));
  simdjson::dom::object obj;
  check(a.get_object().get(obj) == simdjson::SUCCESS, "an analysis is not an object");
  const char* keys[] = {"analysis", "remediation_steps", "risk_factors", "blast_radius"};
  size_t k = 0;
  for (auto field : obj) {
    check(k < 4 && field.key == keys[k], "an analysis's keys are not the four, in order",
          std::string(analysis));
    ++k;
  }
  check(k == 4, "an analysis lacks keys", std::string(analysis));

  const int64_t hops = int_of(p["hop_count"], "a path without hop_count");
  const std::string_view text = str_of(a["analysis"], "analysis is not a string");
  const std::string hop_head = std::to_string(hops) + "-hop ";
  check(text.substr(0, hop_head.size()) == hop_head, "the analysis does not start with the hop count",
        std::string(text));
  simdjson::dom::array steps, factors;
  check(a["remediation_steps"].get_array().get(steps) == simdjson::SUCCESS, "remediation_steps is not an array");
  for (auto s : steps) str_of(s, "a remediation step is not a string");
  check(a["risk_factors"].get_array().get(factors) == simdjson::SUCCESS, "risk_factors is not an array");
  std::string first_factor;
  for (auto f : factors) {
    const std::string_view s = str_of(f, "a risk factor is not a string");
    if (first_factor.empty()) first_factor = std::string(s) + '\x01';
  }
  const std::string want = "Path score " + std::to_string(int_of(p["score"], "a path without score")) +
                           "/100, severity " + std::string(str_of(p["severity"], "a path without severity")) +
                           '\x01';
  check(first_factor == want, "the first risk factor is not the path's score and severity", first_factor);

  std::set<std::string_view> resources;
  simdjson::dom::array nodes;
  check(p["nodes"].get_array().get(nodes) == simdjson::SUCCESS, "a path without nodes");
  size_t n_nodes = 0;
  for (auto n : nodes) {
    resources.insert(str_of(n["resource_id"], "a node without resource_id"));
    ++n_nodes;
  }
  check(static_cast<int64_t>(n_nodes) == hops + 1, "a path's nodes are not hop_count + 1");
  const int64_t direct = int_of(a["blast_radius"]["direct"], "blast_radius.direct");
  const int64_t indirect = int_of(a["blast_radius"]["indirect"], "blast_radius.indirect");
  const int64_t total = int_of(a["blast_radius"]["total"], "blast_radius.total");
  check(direct == static_cast<int64_t>(resources.size()), "blast_radius.direct is not the path's resources",
        std::string(analysis));
  check(indirect >= 0 && indirect <= 1000, "blast_radius.indirect out of range");
  check(total == direct + indirect, "blast_radius.total is not direct + indirect");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const GraphInput in = split_graph(data, size);
  Params params(in.params);
  const uint8_t paths_pick = params.u8();
  const bool hashes = (params.u8() & 1) != 0;
  const uint8_t edge_cap_pick = params.u8();
  const uint8_t analyse[2] = {params.u8(), params.u8()};
  const int64_t per_page = 1 + params.u8() % 8;

  // The findings alone (heuristic engine): graph mode judges them first.
  aegis_options plain;
  aegis_options_init(&plain);
  plain.max_threads = 1;
  plain.max_paths = 1;
  const Answer findings_status = compute(in.findings, &plain);

  const aegis_options one = graph_options(in.edges, 1);
  const aegis_options two = graph_options(in.edges, 2);
  const Answer full = compute(in.findings, &one);
  if (in.edges.empty()) {  // a non-NULL edges pointer with edges_len 0
    check(full.status == AEGIS_ERR_INVALID_ARGUMENT, "edges_len 0 with an edges pointer was accepted");
    return 0;
  }
  const Answer full2 = compute(in.findings, &two);
  check(full2.status == full.status && full2.bytes == full.bytes, "1 and 2 threads differ (one-shot)");
  if (findings_status.status != AEGIS_OK) {
    check(full.status == findings_status.status, "graph mode did not report the findings' error first",
          full.message);
  } else if (full.status != AEGIS_OK) {
    check(full.message.rfind("edges: ", 0) == 0, "an edge-document error without \"edges: \"",
          full.message);
    check(full.status == AEGIS_ERR_MALFORMED_JSON || full.status == AEGIS_ERR_INVALID_UTF8 ||
              full.status == AEGIS_ERR_SCHEMA || full.status == AEGIS_ERR_TOO_LARGE,
          "an edge document refused with an unexpected status", full.message);
  }
  // The edge cap, around the document's size.
  const size_t edge_cap = in.edges.size() + edge_cap_pick % 3 - 1;  // one under, at, one over
  if (edge_cap_pick < 48 && edge_cap != 0 && findings_status.status == AEGIS_OK) {
    aegis_options capped_edges = graph_options(in.edges, 1);
    capped_edges.max_edge_bytes = edge_cap;
    const Answer r = compute(in.findings, &capped_edges);
    if (in.edges.size() > capped_edges.max_edge_bytes) {
      check(r.status == AEGIS_ERR_TOO_LARGE && r.message.rfind("edges: ", 0) == 0,
            "an edge document over max_edge_bytes was not refused as too large", r.message);
    } else {
      check(r.status == full.status, "an edge cap the document fits changed the status", r.message);
    }
  }
  // A requested handle stops a call that would succeed; a refused input
  // may report its own error first.
  if (aegis_cancel* cancel = aegis_cancel_create()) {
    aegis_options stopped = graph_options(in.edges, 1);
    stopped.cancel = cancel;
    aegis_cancel_request(cancel);
    const aegis_status st = compute(in.findings, &stopped).status;
    check(st == AEGIS_ERR_CANCELLED || (full.status != AEGIS_OK && st == full.status),
          "a cancelled graph call did not report it", std::to_string(st));
    aegis_cancel_destroy(cancel);
  }
  if (full.status != AEGIS_OK) return 0;

  // The store, with one and two threads: the one-shot result and its parts.
  aegis_options store_one = one, store_two = two;
  store_one.compute_integrity_hash = store_two.compute_integrity_hash = hashes;
  aegis_store* store = open_store(in.findings, store_one);
  aegis_store* store2 = open_store(in.findings, store_two);
  const Answer whole = store_call(store, 0);
  check(whole.status == AEGIS_OK && whole.bytes == full.bytes, "the store's result differs from the one-shot call");
  check(store_call(store2, 0).bytes == full.bytes, "1 and 2 threads differ (store)");
  const Streamed streamed = stream(store, nullptr, 0);
  check(streamed.status == AEGIS_OK && streamed.bytes == full.bytes, "the stream differs from paths_json");
  const ResultParts result = parts(full.bytes);
  const std::vector<std::string_view> paths = elements(result.paths);
  const size_t count = paths.size();
  check(aegis_store_path_count(store) == count, "path_count differs from the result's paths");
  check(store_call(store, 1).bytes == result.stats, "path_stats differs from the result's stats");
  std::string joined;
  for (int64_t page = 1; (page - 1) * per_page < static_cast<int64_t>(count) && page <= 4; ++page) {
    const Answer a = store_call(store, 3, {}, per_page, page);
    check(a.status == AEGIS_OK, "list_paths failed");
    const std::string_view d = page_data(a.bytes);
    if (!joined.empty() && !d.empty()) joined += ',';
    joined.append(d);
  }
  check(std::string_view(result.paths).substr(0, joined.size()) == joined, "path pages differ from the result");

  // A capped run: one-shot with either thread count, and a store.
  const uint64_t max_paths = paths_pick < 96 ? 0 : paths_pick < 250 ? 1 + paths_pick % (count + 2) : UINT64_MAX;
  aegis_store* capped_store = nullptr;
  if (max_paths != 0) {
    aegis_options capped = one;
    capped.max_paths = max_paths;
    const Answer c1 = compute(in.findings, &capped);
    check(c1.status == AEGIS_OK, "a capped graph run failed");
    check_capped(full.bytes, c1.bytes, max_paths);
    capped.max_threads = 2;
    check(compute(in.findings, &capped).bytes == c1.bytes, "1 and 2 threads differ (capped)");
    capped_store = open_store(in.findings, capped);
    check(store_call(capped_store, 0).bytes == c1.bytes, "the capped store differs from the capped call");
  }

  // The analysis of a few paths: by number (1..count, then just outside).
  const std::vector<std::pair<uint64_t, std::string_view>> by_number = numbered(full.bytes);
  for (uint8_t pick : analyse) {
    const uint64_t n = pick % (count + 2);  // 0 and count + 1: no such path
    const std::string id = path_id(n);
    const Answer a = store_call(store, 4, id);
    check(store_call(store2, 4, id).bytes == a.bytes, "1 and 2 threads differ (analysis)");
    if (n == 0 || n > count) {
      check(a.status == AEGIS_ERR_NOT_FOUND, "the analysis of a path that does not exist");
      continue;
    }
    check(a.status == AEGIS_OK, "the analysis of an existing path failed");
    std::string_view path;
    for (const auto& [num, p] : by_number) {
      if (num == n) path = p;
    }
    check(!path.empty(), "no path with a number up to the count");
    check(store_call(store, 2, id).bytes == path, "get_path differs from the path in the result");
    check_analysis(a.bytes, path);
    if (capped_store != nullptr) {
      const Answer c = store_call(capped_store, 4, id);
      if (n <= max_paths) {
        check(c.status == AEGIS_OK && c.bytes == a.bytes, "a kept path's analysis differs in the capped store");
      } else {
        check(c.status == AEGIS_ERR_NOT_FOUND, "the capped store analyses a path it cut");
      }
    }
  }
  aegis_store_close(capped_store);
  aegis_store_close(store2);
  aegis_store_close(store);
  return 0;
}
