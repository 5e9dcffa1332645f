// libFuzzer target: the _ex calls and store opening with fuzzed options
// (struct_size, input cap, threads, integrity hashes, max_paths,
// max_result_bytes, timeout, a cancellation handle, an edge document and
// its cap: graph mode). Every answer is checked against a reference
// computed with default options (but the same edge document and edge cap)
// on one thread:
//  - a bad struct_size is AEGIS_ERR_INVALID_ARGUMENT, an input over the cap
//    AEGIS_ERR_TOO_LARGE, a document the reference refuses the same status;
//  - otherwise success gives the reference's bytes under the same max_paths,
//    whatever the thread count, and those are the uncapped result's first
//    max_paths paths (by number, in result order) with "truncated":true
//    exactly when paths were cut; a result longer than max_result_bytes is
//    AEGIS_ERR_RESULT_TOO_LARGE; a requested handle AEGIS_ERR_CANCELLED; a
//    deadline may give AEGIS_ERR_TIMED_OUT and nothing else.
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_support.hpp"

using namespace aegis_fuzz;

namespace {

// struct_size values worth trying: unset, too small, each member's end, the
// whole struct, a newer (larger) struct.
size_t fuzzed_struct_size(uint8_t pick) {
  const size_t sizes[] = {0,
                          4,
                          sizeof(size_t),
                          offsetof(aegis_options, max_threads),
                          offsetof(aegis_options, compute_integrity_hash),
                          offsetof(aegis_options, edges),
                          offsetof(aegis_options, edges_len),
                          offsetof(aegis_options, max_edge_bytes),
                          offsetof(aegis_options, max_paths),
                          offsetof(aegis_options, max_result_bytes),
                          offsetof(aegis_options, timeout_ms),
                          offsetof(aegis_options, cancel),
                          sizeof(aegis_options) + 8};
  // Mostly the whole struct.
  return pick < 200 ? sizeof(aegis_options) : sizes[pick % (sizeof sizes / sizeof sizes[0])];
}

bool has(const aegis_options& o, const void* member, size_t member_size) {
  return static_cast<size_t>(static_cast<const char*>(member) - reinterpret_cast<const char*>(&o)) +
             member_size <=
         o.struct_size;
}

Answer compute(std::string_view doc, const aegis_options* o) {
  return answer([&](uint8_t** out, size_t* len, aegis_error* e) {
    return aegis_compute_attack_paths_ex(u8p(doc), doc.size(), o, out, len, e);
  });
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const Input in = split(data, size);
  Params params(in.params);
  aegis_options o;
  aegis_options_init(&o);
  o.struct_size = fuzzed_struct_size(params.u8());
  const uint8_t cap_pick = params.u8();
  o.max_input_bytes = cap_pick < 16 ? cap_pick * in.doc.size() / 8 : 0;  // around the input's size
  o.max_threads = params.u8() % 4;
  o.compute_integrity_hash = params.u8() & 1;
  const uint8_t paths_pick = params.u8();
  o.max_paths = paths_pick < 128 ? 0 : paths_pick < 250 ? paths_pick - 127 : params.u64();
  const uint8_t bytes_pick = params.u8();
  const uint32_t bytes_value = params.u32();
  const uint8_t timeout_pick = params.u8();
  o.timeout_ms = timeout_pick < 200 ? 0 : timeout_pick < 250 ? 600000 : 1 + timeout_pick % 3;
  const uint8_t cancel_pick = params.u8();
  aegis_cancel* cancel = cancel_pick >= 128 ? aegis_cancel_create() : nullptr;
  if (cancel != nullptr && cancel_pick >= 200) aegis_cancel_request(cancel);
  o.cancel = cancel;
  const bool cancelled = cancel != nullptr && cancel_pick >= 200 && has(o, &o.cancel, sizeof o.cancel);
  const bool may_time_out = o.timeout_ms != 0 && has(o, &o.timeout_ms, sizeof o.timeout_ms);
  // Graph mode: the parameters' remaining bytes as the edge document, and
  // its cap around its size. Both count only inside struct_size.
  const uint8_t graph_pick = params.u8();
  const uint8_t edge_cap_pick = params.u8();
  const std::string_view edges = params.rest();
  if (graph_pick >= 160 && !edges.empty()) {
    o.edges = u8p(edges);
    o.edges_len = edges.size();
    if (edge_cap_pick < 64) o.max_edge_bytes = edges.size() + edge_cap_pick % 3 - 1;
  }
  const bool graph = o.edges != nullptr && has(o, &o.edges_len, sizeof o.edges_len);

  // The reference: default options, one thread, the same effective max_paths.
  aegis_options ref_opts;
  aegis_options_init(&ref_opts);
  ref_opts.max_threads = 1;
  ref_opts.max_input_bytes = in.doc.size() + 1;
  if (graph) {
    ref_opts.edges = o.edges;
    ref_opts.edges_len = o.edges_len;
    if (has(o, &o.max_edge_bytes, sizeof o.max_edge_bytes)) ref_opts.max_edge_bytes = o.max_edge_bytes;
  }
  const bool sizes_ok = o.struct_size >= sizeof(size_t) && o.struct_size <= sizeof(aegis_options);
  const uint64_t max_paths = has(o, &o.max_paths, sizeof o.max_paths) ? o.max_paths : 0;
  ref_opts.max_paths = max_paths;
  const Answer ref = compute(in.doc, &ref_opts);
  // Computed once the reference is known, so the cap lands near its length.
  if (bytes_pick >= 128 && ref.status == AEGIS_OK)
    o.max_result_bytes = bytes_pick < 192 ? ref.bytes.size() + (bytes_value % 3) - 1 : bytes_value;
  const uint64_t result_cap = has(o, &o.max_result_bytes, sizeof o.max_result_bytes) ? o.max_result_bytes : 0;
  const size_t input_cap = has(o, &o.max_input_bytes, sizeof o.max_input_bytes) && o.max_input_bytes != 0
                               ? o.max_input_bytes
                               : AEGIS_DEFAULT_MAX_INPUT_BYTES;

  const Answer got = compute(in.doc, &o);
  if (!sizes_ok) {
    check(got.status == AEGIS_ERR_INVALID_ARGUMENT, "a bad struct_size was not refused");
  } else if (in.doc.empty()) {
    check(got.status == AEGIS_ERR_INVALID_ARGUMENT, "an empty input was not refused");
  } else if (in.doc.size() > input_cap) {
    check(got.status == AEGIS_ERR_TOO_LARGE, "an input over the cap was not refused");
  } else if (ref.status != AEGIS_OK) {
    // The edge document is read after the findings, once the call may
    // already have stopped.
    const bool edge_error = ref.message.rfind("edges: ", 0) == 0;
    const bool stopped = (cancelled && got.status == AEGIS_ERR_CANCELLED) ||
                         (may_time_out && got.status == AEGIS_ERR_TIMED_OUT);
    check(got.status == ref.status || (edge_error && stopped),
          "a refused document gave another status with options",
          std::to_string(got.status) + " vs " + std::to_string(ref.status));
  } else if (got.status == AEGIS_OK) {
    check(!cancelled, "a cancelled call succeeded");
    check(got.bytes == ref.bytes, "options changed the bytes (threads, hashes, deadline)");
    check(result_cap == 0 || got.bytes.size() <= result_cap, "a result over max_result_bytes");
  } else if (got.status == AEGIS_ERR_RESULT_TOO_LARGE) {
    check(result_cap != 0 && ref.bytes.size() > result_cap, "refused as too large, but it fits");
  } else if (got.status == AEGIS_ERR_CANCELLED) {
    check(cancelled, "cancelled without a request");
  } else {
    check(got.status == AEGIS_ERR_TIMED_OUT && may_time_out, "an unexpected failure",
          std::to_string(got.status));
  }
  if (got.status == AEGIS_OK && result_cap != 0 && ref.bytes.size() > result_cap)
    fail("a result over max_result_bytes was returned");
  if (sizes_ok && ref.status == AEGIS_OK && !cancelled && !may_time_out && in.doc.size() <= input_cap)
    check(got.status == AEGIS_OK || got.status == AEGIS_ERR_RESULT_TOO_LARGE,
          "a call without a reason to fail failed", std::to_string(got.status));

  // Truncation: the capped reference is the uncapped result's first
  // max_paths paths by number, in the uncapped order, stats marked.
  if (ref.status == AEGIS_OK && max_paths != 0) {
    ref_opts.max_paths = 0;
    const Answer full = compute(in.doc, &ref_opts);
    check(full.status == AEGIS_OK, "the uncapped reference failed");
    check_capped(full.bytes, ref.bytes, max_paths);
  }

  // The findings call and a store with the same options: the same rules for
  // failures that come before any result.
  const Answer findings = answer([&](uint8_t** out, size_t* len, aegis_error* e) {
    return aegis_load_and_serialize_findings_ex(u8p(in.doc), in.doc.size(), nullptr, 0, &o, out,
                                                len, e);
  });
  if (!sizes_ok) check(findings.status == AEGIS_ERR_INVALID_ARGUMENT, "findings: bad struct_size");
  aegis_store* store = nullptr;
  aegis_error e;
  aegis_error_init(&e);
  const aegis_status st = aegis_store_open(u8p(in.doc), in.doc.size(), &o, &store, &e);
  if (!sizes_ok) check(st == AEGIS_ERR_INVALID_ARGUMENT, "store: bad struct_size");
  if (st == AEGIS_OK) {
    check(ref.status == AEGIS_OK && !cancelled, "a store opened where the call fails");
    const Answer whole = answer([&](uint8_t** out, size_t* len, aegis_error* err) {
      return aegis_store_paths_json_ex(store, nullptr, out, len, err);  // the store's own cap
    });
    if (whole.status == AEGIS_OK) {
      check(whole.bytes == ref.bytes, "the store's result differs from the one-shot call");
    } else {
      check(whole.status == AEGIS_ERR_RESULT_TOO_LARGE && result_cap != 0 &&
                ref.bytes.size() > result_cap,
            "the store's paths_json failed for no reason");
    }
    aegis_store_close(store);
  } else {
    check(store == nullptr, "a failed open handed over a store");
  }
  aegis_cancel_destroy(cancel);
  return 0;
}
