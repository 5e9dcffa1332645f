// Graph mode's micro-benchmarks (bench/micro_graph.cpp): registered per
// pair of a findings document and its edge document.
#pragma once

#include <filesystem>
#include <string>

namespace aegis_bench {

// Registers BM_DecodeEdges, BM_GraphBuild, BM_GraphEngine and the C calls
// of graph mode next to the heuristic engine's, named <stage>/<name>. The
// files are read, and the engine run once for the counters, only when a
// benchmark of the pair first runs, so a filter that leaves a large pair
// out never loads it.
void register_graph_pair(const std::string& name, const std::filesystem::path& findings,
                         const std::filesystem::path& edges);

}  // namespace aegis_bench
