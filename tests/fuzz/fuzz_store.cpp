// libFuzzer target: a store and every query, with fuzzed queries, checked
// against each other:
//  - finding pages (unfiltered) concatenated are the findings call's array;
//    a filtered page holds the findings that match, and its total is
//    consistent with the count;
//  - path pages concatenated are the whole result's paths; every path found
//    on a page is what aegis_store_get_path returns for its id;
//  - aegis_store_path_stats is the whole result's stats;
//  - a stream that its callback aborts at a fuzzed chunk (or cancels through
//    a handle) delivered a prefix of the whole result and reports so.
// Parameters: max_paths and hashes for opening, query fields, per-page
// sizes, the chunk to abort at, ids to look up.
#include <cstdint>
#include <string>

#include "fuzz_support.hpp"

using namespace aegis_fuzz;

namespace {

Answer buffer_query(const aegis_store* store, int which, int64_t a = 0, int64_t b = 0,
                    std::string_view id = {}, const aegis_finding_query* q = nullptr) {
  return answer([&](uint8_t** out, size_t* len, aegis_error* e) {
    switch (which) {
      case 0: return aegis_store_paths_json(store, out, len, e);
      case 1: return aegis_store_path_stats(store, out, len, e);
      case 2: return aegis_store_list_paths(store, a, b, out, len, e);
      case 3: return aegis_store_get_path(store, id.data(), id.size(), out, len, e);
      case 4: return aegis_store_list_findings(store, q, out, len, e);
      default: return aegis_store_get_finding(store, id.data(), id.size(), out, len, e);
    }
  });
}

// "total":N of a page.
int64_t page_total(std::string_view page) {
  const size_t at = page.rfind("\"total\":");
  check(at != std::string_view::npos, "a page without its total");
  return std::strtoll(std::string(page.substr(at + 8, 24)).c_str(), nullptr, 10);
}

// The id of a path: {"id":"ap-007",...
std::string_view path_id(std::string_view path) {
  check(path.substr(0, 7) == "{\"id\":\"", "a path without its id");
  return path.substr(7, path.find('"', 7) - 7);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const Input in = split(data, size);
  Params params(in.params);
  aegis_options o;
  aegis_options_init(&o);
  const uint8_t paths_pick = params.u8();
  o.max_paths = paths_pick < 160 ? 0 : paths_pick - 159;
  o.compute_integrity_hash = params.u8() & 1;
  o.max_threads = 1 + params.u8() % 2;
  aegis_store* store = nullptr;
  if (aegis_store_open(u8p(in.doc), in.doc.size(), &o, &store, nullptr) != AEGIS_OK) {
    check(store == nullptr, "a failed open handed over a store");
    return 0;
  }
  const size_t n_paths = aegis_store_path_count(store);
  const size_t n_findings = aegis_store_finding_count(store);

  const Answer whole = buffer_query(store, 0);
  check(whole.status == AEGIS_OK, "paths_json failed");
  const ResultParts result = parts(whole.bytes);
  const std::vector<std::string_view> paths = elements(result.paths);
  check(paths.size() == n_paths, "path_count differs from the result's paths");
  const Answer stats = buffer_query(store, 1);
  check(stats.status == AEGIS_OK && stats.bytes == result.stats, "path_stats differs from the result's stats");

  // Path pages, per_page fuzzed (out-of-range values take the default 20).
  const int64_t per_page = static_cast<int64_t>(params.u8()) - 20;
  const int64_t effective = per_page < 1 || per_page > 100 ? 20 : per_page;
  std::string joined;
  const int64_t pages = n_paths == 0 ? 1 : (static_cast<int64_t>(n_paths) + effective - 1) / effective;
  for (int64_t page = 1; page <= pages; ++page) {
    const Answer a = buffer_query(store, 2, page, per_page);
    check(a.status == AEGIS_OK, "list_paths failed");
    check(page_total(a.bytes) == static_cast<int64_t>(n_paths), "a path page's total is wrong");
    const std::string_view d = page_data(a.bytes);
    if (!joined.empty() && !d.empty()) joined += ',';
    joined.append(d);
    // Every path of the first pages is what get_path returns for its id.
    if (page <= 3) {
      for (std::string_view p : elements(d)) {
        const Answer one = buffer_query(store, 3, 0, 0, path_id(p));
        check(one.status == AEGIS_OK && one.bytes == p, "get_path differs from the path on its page");
      }
    }
  }
  check(joined == result.paths, "path pages concatenated differ from the whole result");
  // A page far past the end is the last page; page < 1 is the first.
  check(buffer_query(store, 2, INT64_MAX, per_page).status == AEGIS_OK, "a page past the end failed");
  check(buffer_query(store, 2, INT64_MIN, per_page).status == AEGIS_OK, "page INT64_MIN failed");

  // Finding pages: unfiltered, concatenated, are the findings call's array.
  aegis_finding_query q;
  aegis_finding_query_init(&q);
  q.per_page = 1 + params.u8() % 200;
  std::string findings = "[";
  for (int64_t page = 1; (page - 1) * q.per_page < static_cast<int64_t>(n_findings); ++page) {
    q.page = page;
    const Answer a = buffer_query(store, 4, 0, 0, {}, &q);
    check(a.status == AEGIS_OK, "list_findings failed");
    if (findings.size() > 1 && !page_data(a.bytes).empty()) findings += ',';
    findings.append(page_data(a.bytes));
  }
  findings += ']';
  if (!o.compute_integrity_hash) {
    size_t n = 0;
    uint8_t* p = aegis_load_and_serialize_findings(u8p(in.doc), in.doc.size(), nullptr, 0, &n);
    check(p != nullptr, "the findings call refuses a document the store opened");
    check(take(p, n) == findings, "finding pages concatenated differ from the findings call");
  }
  // A filtered query from fuzzed strings.
  const std::string_view sev = params.str(12), prov = params.str(8), stat = params.str(8);
  q.severity = sev.data();
  q.severity_len = sev.size();
  q.provider = prov.data();
  q.provider_len = prov.size();
  q.status = stat.data();
  q.status_len = stat.size();
  q.page = static_cast<int64_t>(params.u32()) - 5;
  q.per_page = static_cast<int64_t>(params.u8()) - 10;
  const Answer filtered = buffer_query(store, 4, 0, 0, {}, &q);
  check(filtered.status == AEGIS_OK, "a filtered list_findings failed");
  check(page_total(filtered.bytes) <= static_cast<int64_t>(n_findings), "a filtered total over the count");
  // Lookups by fuzzed ids (NOT_FOUND is an answer).
  for (int k = 0; k < 2; ++k) {
    const std::string_view id = params.str(16);
    const Answer f = buffer_query(store, 5, 0, 0, id);
    check(f.status == AEGIS_OK || f.status == AEGIS_ERR_NOT_FOUND, "get_finding failed");
    const Answer p = buffer_query(store, 3, 0, 0, id);
    check(p.status == AEGIS_OK || p.status == AEGIS_ERR_NOT_FOUND, "get_path failed");
  }

  // Streams: whole, aborted at a fuzzed chunk, cancelled after one.
  const Streamed full = stream(store, nullptr, 0);
  check(full.status == AEGIS_OK && full.bytes == whole.bytes, "the stream differs from paths_json");
  const size_t abort_at = 1 + params.u8() % (full.chunks + 1);
  const Streamed cut = stream(store, nullptr, abort_at);
  check(whole.bytes.compare(0, cut.bytes.size(), cut.bytes) == 0, "an aborted stream is not a prefix");
  check((cut.status == AEGIS_ERR_WRITE_ABORTED) == (abort_at <= full.chunks),
        "an aborted stream's status is wrong");
  aegis_cancel* cancel = aegis_cancel_create();
  if (cancel != nullptr) {
    aegis_options limits;
    aegis_options_init(&limits);
    limits.cancel = cancel;
    aegis_cancel_request(cancel);
    const Streamed stopped = stream(store, &limits, 0);
    check(stopped.status == AEGIS_ERR_CANCELLED, "a cancelled stream did not report it");
    check(whole.bytes.compare(0, stopped.bytes.size(), stopped.bytes) == 0, "a cancelled stream is not a prefix");
    aegis_cancel_destroy(cancel);
  }
  aegis_store_close(store);
  return 0;
}
