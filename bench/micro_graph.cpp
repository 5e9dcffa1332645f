#include "micro_graph.hpp"

#include <benchmark/benchmark.h>

#include <array>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <memory>
#include <mutex>
#include <string_view>
#include <vector>

#include "aegispath.h"
#include "decode/decoder.hpp"
#include "decode/edge_decoder.hpp"
#include "engine/attack_paths.hpp"
#include "model/resource_graph.hpp"

namespace aegis_bench {
namespace {

// Results above this are not buffered (the one-shot calls are skipped), as
// in micro_bench.cpp.
constexpr size_t kMaxBufferedResult = size_t{3} << 30;

std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// A findings document, its edge document and what the benchmarks need of
// them, loaded on first use.
struct GraphPair {
  std::filesystem::path findings_path, edges_path;
  std::once_flag loaded;
  std::string error;  // non-empty: loading failed

  std::string json, edges;
  aegis::model::FindingsDoc doc;
  std::unique_ptr<aegis::model::ResourceIndex> resources;
  aegis::decode::EdgeDocument rows;
  aegis::model::ResourceGraph graph;
  // From one run of each engine.
  size_t graph_paths = 0, graph_result_bytes = 0, heuristic_result_bytes = 0;
  std::array<size_t, 5> hops{};  // paths by hop count (index 1..4)
  size_t per_path_bytes = 0, per_finding_bytes = 0;

  // False (with the benchmark skipped) when the pair could not be loaded.
  bool ready(benchmark::State& st) {
    std::call_once(loaded, [this] { load(); });
    if (!error.empty()) st.SkipWithError(error.c_str());
    return error.empty();
  }

 private:
  void load() {
    json = read_file(findings_path);
    edges = read_file(edges_path);
    if (aegis::common::Error e = aegis::decode::decode_findings(json, SIZE_MAX, doc)) {
      error = findings_path.string() + ": " + e.message;
      return;
    }
    resources = std::make_unique<aegis::model::ResourceIndex>(doc);
    if (aegis::common::Error e = aegis::decode::decode_edges(edges, SIZE_MAX, *resources, 0, rows)) {
      error = edges_path.string() + ": " + e.message;
      return;
    }
    graph = aegis::model::ResourceGraph::build(resources->size(), rows.rows, rows.types);
    const auto paths = aegis::engine::AttackPaths::compute_graph(doc, *resources, graph, {});
    graph_paths = paths.path_count();
    graph_result_bytes = paths.result_json_length();
    for (size_t i = 0; i < graph_paths; ++i) ++hops[paths.path_findings(i).size() - 1];
    const auto mem = paths.memory();
    per_path_bytes = mem.per_path_bytes;
    per_finding_bytes = mem.per_finding_bytes;
    heuristic_result_bytes = aegis::engine::AttackPaths::compute(doc, {}).result_json_length();
  }
};

// Options with caps no smaller than the inputs; edges in graph mode.
aegis_options call_options(const GraphPair& p, bool graph_mode) {
  aegis_options o;
  aegis_options_init(&o);
  o.max_input_bytes = p.json.size();
  if (graph_mode) {
    o.edges = reinterpret_cast<const uint8_t*>(p.edges.data());
    o.edges_len = p.edges.size();
    o.max_edge_bytes = p.edges.size();
  }
  return o;
}

void store_open(benchmark::State& st, GraphPair& p, bool graph_mode) {
  if (!p.ready(st)) return;
  const aegis_options o = call_options(p, graph_mode);
  size_t paths = 0;
  for (auto _ : st) {
    aegis_store* store = nullptr;
    aegis_error err;
    aegis_error_init(&err);
    if (aegis_store_open(reinterpret_cast<const uint8_t*>(p.json.data()), p.json.size(), &o, &store,
                         &err) != AEGIS_OK) {
      st.SkipWithError(err.message);
      break;
    }
    paths = aegis_store_path_count(store);
    aegis_store_close(store);
  }
  st.counters["paths"] = static_cast<double>(paths);
}

void compute_ex(benchmark::State& st, GraphPair& p, bool graph_mode) {
  if (!p.ready(st)) return;
  const size_t result_bytes = graph_mode ? p.graph_result_bytes : p.heuristic_result_bytes;
  if (result_bytes > kMaxBufferedResult) {
    st.SkipWithError("result too large to buffer");
    return;
  }
  const aegis_options o = call_options(p, graph_mode);
  for (auto _ : st) {
    uint8_t* out = nullptr;
    size_t len = 0;
    aegis_error err;
    aegis_error_init(&err);
    if (aegis_compute_attack_paths_ex(reinterpret_cast<const uint8_t*>(p.json.data()), p.json.size(), &o,
                                      &out, &len, &err) != AEGIS_OK) {
      st.SkipWithError(err.message);
      break;
    }
    aegis_free(out, len);
  }
  st.SetBytesProcessed(st.iterations() * static_cast<int64_t>(result_bytes));
}

}  // namespace

void register_graph_pair(const std::string& name, const std::filesystem::path& findings,
                         const std::filesystem::path& edges) {
  using benchmark::State;
  // Shared by the benchmarks of the pair (the registry keeps copies of them).
  const auto p = std::make_shared<GraphPair>();
  p->findings_path = findings;
  p->edges_path = edges;
  auto bench_name = [&](const char* stage) { return std::string(stage) + "/" + name; };

  // Edge document -> the rows between known resources, all cores.
  benchmark::RegisterBenchmark(bench_name("BM_DecodeEdges").c_str(), [p](State& st) {
    if (!p->ready(st)) return;
    size_t kept = 0;
    for (auto _ : st) {
      aegis::decode::EdgeDocument out;
      if (aegis::common::Error e = aegis::decode::decode_edges(p->edges, SIZE_MAX, *p->resources, 0, out))
        st.SkipWithError(e.message.c_str());
      kept = out.rows.size();
      benchmark::DoNotOptimize(out.rows.data());
    }
    st.SetBytesProcessed(st.iterations() * static_cast<int64_t>(p->edges.size()));
    st.counters["rows"] = static_cast<double>(kept);
  })->Unit(benchmark::kMillisecond)->UseRealTime();

  // Rows -> the resource graph (adjacency, last row of a pair wins).
  benchmark::RegisterBenchmark(bench_name("BM_GraphBuild").c_str(), [p](State& st) {
    if (!p->ready(st)) return;
    for (auto _ : st) {
      auto g = aegis::model::ResourceGraph::build(p->resources->size(), p->rows.rows, p->rows.types);
      benchmark::DoNotOptimize(g.pair_count());
    }
    st.SetItemsProcessed(st.iterations() * static_cast<int64_t>(p->rows.rows.size()));
  })->Unit(benchmark::kMillisecond);

  // Graph mode's engine on a decoded graph: path records only (no JSON),
  // all cores. Reports the memory the result holds per path, next to what
  // the record layout predicts from the paths' hop counts (16-byte record
  // plus the stored chain: 20, 24, 32, 36 bytes for 1 to 4 hops).
  benchmark::RegisterBenchmark(bench_name("BM_GraphEngine").c_str(), [p](State& st) {
    if (!p->ready(st)) return;
    for (auto _ : st) {
      auto paths = aegis::engine::AttackPaths::compute_graph(p->doc, *p->resources, p->graph, {});
      benchmark::DoNotOptimize(paths.path_count());
    }
    const double n = static_cast<double>(p->graph_paths);
    constexpr std::array<double, 5> kLayoutBytes{0, 20, 24, 32, 36};
    double layout = 0;
    for (size_t h = 1; h <= 4; ++h) {
      layout += kLayoutBytes[h] * static_cast<double>(p->hops[h]);
      st.counters["hops" + std::to_string(h)] = static_cast<double>(p->hops[h]);
    }
    st.SetItemsProcessed(st.iterations() * static_cast<int64_t>(p->graph_paths));
    st.counters["paths"] = n;
    st.counters["bytes_per_path"] = n == 0 ? 0.0 : static_cast<double>(p->per_path_bytes) / n;
    st.counters["layout_bytes_per_path"] = n == 0 ? 0.0 : layout / n;
    st.counters["bytes_per_finding"] =
        static_cast<double>(p->per_finding_bytes) / static_cast<double>(p->doc.findings.size());
  })->Unit(benchmark::kMillisecond)->UseRealTime();

  // The C calls end to end, each mode next to the heuristic engine on the
  // same findings: a store opened (decode, edges, paths), and the one-shot
  // call with its whole result in a library buffer.
  benchmark::RegisterBenchmark(bench_name("BM_StoreOpen").c_str(),
                               [p](State& st) { store_open(st, *p, false); })
      ->Unit(benchmark::kMillisecond)
      ->UseRealTime();
  benchmark::RegisterBenchmark(bench_name("BM_GraphStoreOpen").c_str(),
                               [p](State& st) { store_open(st, *p, true); })
      ->Unit(benchmark::kMillisecond)
      ->UseRealTime();
  benchmark::RegisterBenchmark(bench_name("BM_ComputeEx").c_str(),
                               [p](State& st) { compute_ex(st, *p, false); })
      ->Unit(benchmark::kMillisecond)
      ->UseRealTime();
  benchmark::RegisterBenchmark(bench_name("BM_GraphComputeEx").c_str(),
                               [p](State& st) { compute_ex(st, *p, true); })
      ->Unit(benchmark::kMillisecond)
      ->UseRealTime();
}

}  // namespace aegis_bench
