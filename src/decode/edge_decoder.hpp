// Edge document decoder (docs/input.md, "Edge document"): JSON bytes -> the
// counting rows between resources that findings hold, under the findings
// decoder's strictness (Go's JSON syntax, UTF-8, nesting limit, key
// matching; a read key whose value is not a string or null is an error).
//
// The document may be large (the cap defaults to 1 GiB), so it is never
// parsed as one DOM: it is cut into pieces of whole rows, each parsed with
// simdjson on its own and dropped at once (in parallel, memory per thread
// about 15 bytes per byte of a piece). Only the counting rows whose ends are
// both known resources are kept, 12 bytes each, plus each distinct type.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.hpp"
#include "common/stop.hpp"
#include "model/resource_graph.hpp"

namespace aegis::decode {

inline constexpr size_t kDefaultMaxEdgeBytes = size_t{1} << 30;

struct EdgeDocument {
  std::vector<model::EdgeRow> rows;  // document order
  std::vector<std::string> types;    // rows[i].type names types[rows[i].type]
};

// Decodes the edge document json against the findings' resources. Errors,
// in this order, each message starting with "edges: ": AEGIS_ERR_TOO_LARGE
// (over max_bytes), AEGIS_ERR_INVALID_UTF8, AEGIS_ERR_MALFORMED_JSON (as
// Go's scanner judges it; an empty document too), AEGIS_ERR_SCHEMA (top
// level not an array, a row not an object, `row 3: field "edge_type":
// expected string, got number`; the first such row). Uses up to
// max_threads threads (0 = all cores). json need not outlive the call.
// Polls stop between pieces (about every MiB) and in the exact path's
// scans: throws common::StatusError when it is set.
common::Error decode_edges(std::string_view json, size_t max_bytes,
                           const model::ResourceIndex& resources, unsigned max_threads,
                           EdgeDocument& out,
                           const common::StopToken& stop = common::never_stop());

}  // namespace aegis::decode
