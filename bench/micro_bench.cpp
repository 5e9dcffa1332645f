// C++ micro-benchmarks of each stage of the native engine — decode, filter,
// finding encoder, attack-path engine, result writer — and of the drop-in C
// calls, on generated corpora (the upstream benchmark's shape, go/internal/corpus).
//
// Corpora: every file findings-<N>.json (and adversarial-<N>.json) in
// $AEGIS_BENCH_CORPUS_DIR, and/or the single file $AEGIS_BENCH_CORPUS.
// scripts/bench.sh generates them with
//   go run ./go/cmd/aegis-gen -n N -o DIR/findings-N.json
//   go run ./go/cmd/aegis-gen -n N -shape adversarial -o DIR/adversarial-N.json
// (the adversarial shape is the input that made the first-intermediate search
// cubic: one account, region and resource, no paths). Benchmarks are named
// BM_<Stage>/<findings>[/threads:<T>] (T 0 = all cores), or
// BM_<Stage>/adversarial-<findings>.
//
// Graph mode (bench/micro_graph.cpp): every findings-<shape>-<N>.json with
// an edges-<shape>-<N>.json beside it in the directory (scripts/bench.sh
// makes them with aegis-gen -edges), or $AEGIS_BENCH_CORPUS with
// $AEGIS_BENCH_EDGES (named "file"): BM_<Stage>/<shape>-<N>.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <numeric>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "aegispath.h"
#include "common/output_buffer.hpp"
#include "decode/decoder.hpp"
#include "encode/finding_encoder.hpp"
#include "engine/attack_paths.hpp"
#include "filter/filter.hpp"
#include "micro_graph.hpp"
#include "pipeline/integrity.hpp"

namespace {

// One corpus with what every benchmark needs precomputed once, so each
// benchmark times only its own stage.
struct Corpus {
  std::string name;  // the finding count as text, used in benchmark names
  std::string json;
  aegis::model::FindingsDoc doc;
  std::vector<uint32_t> all;  // 0..n-1
  size_t result_bytes = 0;    // bytes of the attack-path result
  size_t paths = 0;
};

std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::unique_ptr<Corpus> load_corpus(const std::filesystem::path& path) {
  auto c = std::make_unique<Corpus>();
  c->json = read_file(path);
  if (aegis::common::Error e = aegis::decode::decode_findings(c->json, SIZE_MAX, c->doc)) {
    std::fprintf(stderr, "micro_bench: %s: %s\n", path.c_str(), e.message.c_str());
    return nullptr;
  }
  c->name = std::to_string(c->doc.findings.size());
  if (path.filename().string().starts_with("adversarial-")) c->name = "adversarial-" + c->name;
  c->all.resize(c->doc.findings.size());
  std::iota(c->all.begin(), c->all.end(), uint32_t{0});
  const auto paths = aegis::engine::AttackPaths::compute(c->doc, {});
  c->result_bytes = paths.result_json_length();
  c->paths = paths.path_count();
  return c;
}

// The 2-thread result buffer of a 5K corpus is ~800 MB; at 20K (~13 GB) only
// the streaming benchmark runs, so the machine's memory is not exhausted.
constexpr size_t kMaxBufferedResult = size_t{3} << 30;

const std::string_view kFilter = R"({"severity":"HIGH","provider":"aws","status":"open"})";

void register_corpus(const Corpus* c) {
  using benchmark::State;
  const auto in_bytes = static_cast<int64_t>(c->json.size());
  const auto out_bytes = static_cast<int64_t>(c->result_bytes);
  auto name = [&](const char* stage) { return std::string(stage) + "/" + c->name; };

  // Decode: JSON bytes -> FindingsDoc, single-threaded by design.
  benchmark::RegisterBenchmark(name("BM_Decode").c_str(), [c, in_bytes](State& st) {
    for (auto _ : st) {
      aegis::model::FindingsDoc doc;
      aegis::common::Error e = aegis::decode::decode_findings(c->json, SIZE_MAX, doc);
      if (e) st.SkipWithError(e.message.c_str());
      benchmark::DoNotOptimize(doc.findings.data());
    }
    st.SetBytesProcessed(st.iterations() * in_bytes);
  })->Unit(benchmark::kMillisecond);

  // Filter: parse a filter object and select from a decoded document.
  benchmark::RegisterBenchmark(name("BM_Filter").c_str(), [c](State& st) {
    size_t kept = 0;
    for (auto _ : st) {
      aegis::filter::FindingsFilter f;
      if (aegis::common::Error e = aegis::filter::parse_filter(kFilter, f)) st.SkipWithError(e.message.c_str());
      kept = aegis::filter::select_findings(c->doc, f).size();
      benchmark::DoNotOptimize(kept);
    }
    st.SetItemsProcessed(st.iterations() * static_cast<int64_t>(c->doc.findings.size()));
    st.counters["kept"] = static_cast<double>(kept);
  })->Unit(benchmark::kMicrosecond);

  // Integrity hashes: one SHA-256 per finding over nine fields, on one
  // thread (the store spreads them over its arena). Items are hashes; bytes
  // are the bytes hashed (the fields plus their nine separators).
  benchmark::RegisterBenchmark(name("BM_IntegrityHash").c_str(), [c](State& st) {
    int64_t hashed = 0;
    for (const auto& f : c->doc.findings) {
      for (std::string_view field : {f.id, f.source, f.source_finding_id, f.resource_id,
                                     f.account_id, f.region, f.severity, f.title, f.status})
        hashed += static_cast<int64_t>(field.size()) + 1;
    }
    char hex[64];
    aegis::pipeline::IntegrityHasher hasher;
    for (auto _ : st) {
      for (const auto& f : c->doc.findings) {
        hasher.hash(f, hex);
        benchmark::DoNotOptimize(hex);
      }
    }
    st.SetItemsProcessed(st.iterations() * static_cast<int64_t>(c->doc.findings.size()));
    st.SetBytesProcessed(st.iterations() * hashed);
  })->Unit(benchmark::kMillisecond);

  // Finding encoder: every finding back to Go's JSON bytes.
  for (unsigned threads : {1u, 0u}) {
    benchmark::RegisterBenchmark(
        (name("BM_EncodeFindings") + "/threads:" + std::to_string(threads)).c_str(),
        [c, threads](State& st) {
          size_t bytes = 0;
          for (auto _ : st) {
            aegis::common::OutputBuffer out = aegis::encode::encode_findings_array(c->doc, c->all, threads);
            bytes = out.size();
            benchmark::DoNotOptimize(out.data());
          }
          st.SetBytesProcessed(st.iterations() * static_cast<int64_t>(bytes));
        })
        ->Unit(benchmark::kMillisecond)
        ->UseRealTime();
  }

  // Engine: path records only (no JSON), all cores.
  // Also reports the memory the result holds per path (the store keeps it).
  benchmark::RegisterBenchmark(name("BM_Engine").c_str(), [c](State& st) {
    aegis::engine::AttackPaths::Memory mem;
    for (auto _ : st) {
      auto paths = aegis::engine::AttackPaths::compute(c->doc, {});
      benchmark::DoNotOptimize(paths.path_count());
      mem = paths.memory();
    }
    st.SetItemsProcessed(st.iterations() * static_cast<int64_t>(c->paths));
    st.counters["paths"] = static_cast<double>(c->paths);
    st.counters["bytes_per_path"] =
        c->paths == 0 ? 0.0 : static_cast<double>(mem.per_path_bytes) / static_cast<double>(c->paths);
    st.counters["bytes_per_finding"] =
        static_cast<double>(mem.per_finding_bytes) / static_cast<double>(c->doc.findings.size());
  })->Unit(benchmark::kMillisecond)->UseRealTime();

  // Result writer into one buffer that is already touched: the pure JSON
  // output rate, without page faults (docs/design.md, on fresh memory).
  if (c->result_bytes <= kMaxBufferedResult) {
    for (unsigned threads : {1u, 0u}) {
      benchmark::RegisterBenchmark(
          (name("BM_WriteResult") + "/threads:" + std::to_string(threads)).c_str(),
          [c, threads, out_bytes](State& st) {
            const auto paths = aegis::engine::AttackPaths::compute(c->doc, {});
            std::vector<uint8_t> buf(c->result_bytes);
            for (auto _ : st) {
              paths.write_result_json(buf.data(), {threads});
              benchmark::ClobberMemory();
            }
            st.SetBytesProcessed(st.iterations() * out_bytes);
          })
          ->Unit(benchmark::kMillisecond)
          ->UseRealTime();
    }
  }

  // Result streamed in chunks to a sink that only counts: bounded memory at
  // any size, the way the store serves a 13 GB result.
  for (unsigned threads : {1u, 0u}) {
    benchmark::RegisterBenchmark(
        (name("BM_StreamResult") + "/threads:" + std::to_string(threads)).c_str(),
        [c, threads, out_bytes](State& st) {
          const auto paths = aegis::engine::AttackPaths::compute(c->doc, {});
          for (auto _ : st) {
            size_t seen = 0;
            paths.stream_result_json(
                [&seen](std::string_view chunk) {
                  seen += chunk.size();
                  return true;
                },
                {threads});
            if (seen != c->result_bytes) st.SkipWithError("streamed size differs from result_json_length");
          }
          st.SetBytesProcessed(st.iterations() * out_bytes);
        })
        ->Unit(benchmark::kMillisecond)
        ->UseRealTime();
  }

  // The drop-in C calls, end to end: input bytes in, library buffer out.
  if (c->result_bytes <= kMaxBufferedResult) {
    benchmark::RegisterBenchmark(name("BM_DropInComputeAttackPaths").c_str(), [c, out_bytes](State& st) {
      for (auto _ : st) {
        size_t len = 0;
        uint8_t* out = aegis_compute_attack_paths(reinterpret_cast<const uint8_t*>(c->json.data()),
                                                  c->json.size(), &len);
        if (out == nullptr) st.SkipWithError("aegis_compute_attack_paths returned NULL");
        aegis_free(out, len);
      }
      st.SetBytesProcessed(st.iterations() * out_bytes);
      st.counters["paths"] = static_cast<double>(c->paths);
    })->Unit(benchmark::kMillisecond)->UseRealTime();
  }
  benchmark::RegisterBenchmark(name("BM_DropInLoadAndSerializeFindings").c_str(), [c, in_bytes](State& st) {
    for (auto _ : st) {
      size_t len = 0;
      uint8_t* out = aegis_load_and_serialize_findings(
          reinterpret_cast<const uint8_t*>(c->json.data()), c->json.size(), nullptr, 0, &len);
      if (out == nullptr) st.SkipWithError("aegis_load_and_serialize_findings returned NULL");
      aegis_free(out, len);
    }
    st.SetBytesProcessed(st.iterations() * in_bytes);
  })->Unit(benchmark::kMillisecond)->UseRealTime();
}

// The digits after prefix when stem is prefix + digits, else "".
std::string_view numbered(std::string_view stem, std::string_view prefix) {
  if (!stem.starts_with(prefix) || stem.size() == prefix.size()) return {};
  const std::string_view digits = stem.substr(prefix.size());
  return std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; }) ? digits
                                                                                                : std::string_view{};
}

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;

  std::vector<std::filesystem::path> files;
  // Graph mode: findings-<shape>-<N>.json beside edges-<shape>-<N>.json.
  std::vector<std::pair<std::string, std::filesystem::path>> graph_pairs;
  if (const char* dir = std::getenv("AEGIS_BENCH_CORPUS_DIR"); dir && *dir) {
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
      const std::string fname = entry.path().filename().string();
      if (!fname.ends_with(".json")) continue;
      const std::string_view stem = std::string_view(fname).substr(0, fname.size() - 5);
      if (!numbered(stem, "findings-").empty() || !numbered(stem, "adversarial-").empty()) {
        files.push_back(entry.path());
      } else if (stem.starts_with("edges-")) {
        const std::string name(stem.substr(6));
        if (std::filesystem::exists(entry.path().parent_path() / ("findings-" + name + ".json")))
          graph_pairs.emplace_back(name, entry.path());
      }
    }
  }
  if (const char* file = std::getenv("AEGIS_BENCH_CORPUS"); file && *file) {
    if (const char* edges = std::getenv("AEGIS_BENCH_EDGES"); edges && *edges) {
      aegis_bench::register_graph_pair("file", file, edges);
    } else {
      files.emplace_back(file);
    }
  }
  std::sort(graph_pairs.begin(), graph_pairs.end());
  for (const auto& [name, edges] : graph_pairs)
    aegis_bench::register_graph_pair(name, edges.parent_path() / ("findings-" + name + ".json"), edges);
  if (files.empty() && graph_pairs.empty() && std::getenv("AEGIS_BENCH_EDGES") == nullptr) {
    std::fprintf(stderr,
                 "micro_bench: no corpus; set AEGIS_BENCH_CORPUS_DIR (findings-<N>.json files, and "
                 "findings-<name>.json beside edges-<name>.json for graph mode) or AEGIS_BENCH_CORPUS "
                 "(one file; with AEGIS_BENCH_EDGES its edge document), e.g. go run ./go/cmd/aegis-gen "
                 "-n 5000 -o F -edges E\n");
    return 2;
  }

  // Smallest corpus first, so the output reads in size order.
  std::vector<std::unique_ptr<Corpus>> corpora;
  for (const auto& f : files) {
    if (auto c = load_corpus(f)) corpora.push_back(std::move(c));
  }
  std::sort(corpora.begin(), corpora.end(),
            [](const auto& a, const auto& b) { return a->doc.findings.size() < b->doc.findings.size(); });
  for (const auto& c : corpora) register_corpus(c.get());

  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
