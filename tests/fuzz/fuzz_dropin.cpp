// libFuzzer target: the drop-in trio on any bytes, cross-checked against the
// calls that must give the same answer: aegis_compute_attack_paths vs
// aegis_compute_attack_paths_ex vs a store's aegis_store_paths_json vs its
// stream; aegis_load_and_serialize_findings vs its _ex form; and the decoder
// agreeing with itself (the findings call fails exactly when the paths call
// does, without a filter).
// Parameters (tests/fuzz/fuzz_support.hpp): a filter object.
#include <cstdint>
#include <string>

#include "fuzz_support.hpp"

using namespace aegis_fuzz;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const Input in = split(data, size);
  Params params(in.params);
  const std::string_view filter = params.rest();

  // The drop-in paths call and the _ex call with default options.
  size_t n = 12345;
  uint8_t* p = aegis_compute_attack_paths(u8p(in.doc), in.doc.size(), &n);
  check(p != nullptr || n == 0, "a NULL result with a non-zero length");
  const std::string dropin = take(p, n);
  const bool paths_ok = p != nullptr;
  const Answer ex = answer([&](uint8_t** out, size_t* len, aegis_error* e) {
    return aegis_compute_attack_paths_ex(u8p(in.doc), in.doc.size(), nullptr, out, len, e);
  });
  check((ex.status == AEGIS_OK) == paths_ok, "drop-in and _ex disagree on success");
  check(ex.bytes == dropin, "drop-in and _ex bytes differ");
  if (paths_ok) parts(dropin);  // its shape

  // The store: open fails exactly when the paths call does; its whole
  // result, streamed or in one buffer, is the drop-in's bytes.
  aegis_store* store = nullptr;
  aegis_error e;
  aegis_error_init(&e);
  const aegis_status st = aegis_store_open(u8p(in.doc), in.doc.size(), nullptr, &store, &e);
  check((st == AEGIS_OK) == paths_ok, "store open and the paths call disagree");
  check(st == ex.status, "store open and the paths call report different statuses");
  if (store != nullptr) {
    const Answer whole = answer([&](uint8_t** out, size_t* len, aegis_error* err) {
      return aegis_store_paths_json(store, out, len, err);
    });
    check(whole.status == AEGIS_OK && whole.bytes == dropin, "store paths_json differs from the drop-in");
    const Streamed s = stream(store, nullptr, 0);
    check(s.status == AEGIS_OK && s.bytes == dropin, "the stream differs from the drop-in");
    aegis_store_close(store);
  }

  // The findings call, without and with the fuzzed filter.
  p = aegis_load_and_serialize_findings(u8p(in.doc), in.doc.size(), nullptr, 0, &n);
  const std::string all = take(p, n);
  check((p != nullptr) == paths_ok, "the findings and paths calls disagree on the document");
  if (!filter.empty()) {
    p = aegis_load_and_serialize_findings(u8p(in.doc), in.doc.size(), u8p(filter), filter.size(), &n);
    const std::string filtered = take(p, n);
    const Answer fex = answer([&](uint8_t** out, size_t* len, aegis_error* err) {
      return aegis_load_and_serialize_findings_ex(u8p(in.doc), in.doc.size(), u8p(filter),
                                                  filter.size(), nullptr, out, len, err);
    });
    check((fex.status == AEGIS_OK) == (p != nullptr) && fex.bytes == filtered,
          "filtered findings: drop-in and _ex differ");
    if (p != nullptr) check(paths_ok, "a filtered call succeeded on a document the others refuse");
    if (paths_ok && p == nullptr)
      check(fex.status == AEGIS_ERR_INVALID_FILTER, "a valid document failed with a filter, not as a bad filter");
  }
  return 0;
}
