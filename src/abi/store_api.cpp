// The aegis_store_* functions: thin wrappers over store::Store.
#include <string_view>

#include "abi/call_guard.hpp"
#include "abi/convert.hpp"
#include "aegispath.h"
#include "store/store.hpp"

// The opaque C handle owns the C++ store.
struct aegis_store {
  std::unique_ptr<aegis::store::Store> impl;
};

namespace {

using aegis::abi::CallGuard;
using aegis::common::Error;
using aegis::common::make_error;
using aegis::common::OutputBuffer;
using aegis::store::Store;

std::string_view as_view(const char* data, size_t len) {
  return data == nullptr ? std::string_view() : std::string_view(data, len);
}

Error need_store(const aegis_store* store) {
  if (store == nullptr || !store->impl) return make_error(AEGIS_ERR_INVALID_ARGUMENT, "store is NULL");
  return {};
}

// Runs a query that fills an OutputBuffer and hands it to the caller.
template <typename Query>
aegis_status answer(const aegis_store* store, uint8_t** out, size_t* out_len, aegis_error* error,
                    Query&& query) {
  CallGuard guard(error, out, out_len);
  return guard.run([&]() -> Error {
    if (Error e = need_store(store)) return e;
    OutputBuffer buffer;
    if (Error e = query(*store->impl, buffer)) return e;
    guard.hand_over(buffer);
    return {};
  });
}

}  // namespace

extern "C" {

aegis_status aegis_store_open(const uint8_t* json, size_t len, const aegis_options* options,
                              aegis_store** out, aegis_error* error) {
  // CallGuard manages byte-buffer out-params; a store handle has none, so use dummies.
  uint8_t* no_buffer = nullptr;
  size_t no_len = 0;
  if (out != nullptr) *out = nullptr;
  CallGuard guard(error, &no_buffer, &no_len);
  return guard.run([&]() -> Error {
    if (out == nullptr) return make_error(AEGIS_ERR_INVALID_ARGUMENT, "out is NULL");
    aegis::pipeline::Options opts;
    if (Error e = aegis::abi::to_pipeline_options(options, opts)) return e;
    if (Error e = aegis::abi::check_input(json, len)) return e;
    auto handle = std::make_unique<aegis_store>();
    if (Error e = Store::open(aegis::abi::as_view(json, len), opts, handle->impl)) return e;
    *out = handle.release();
    return {};
  });
}

void aegis_store_close(aegis_store* store) {
  // Adopting the handle frees it; destructors do not throw.
  std::unique_ptr<aegis_store> owned(store);
}

size_t aegis_store_finding_count(const aegis_store* store) {
  return store != nullptr && store->impl ? store->impl->finding_count() : 0;
}

size_t aegis_store_path_count(const aegis_store* store) {
  return store != nullptr && store->impl ? store->impl->path_count() : 0;
}

aegis_status aegis_store_get_finding(const aegis_store* store, const char* id, size_t id_len,
                                     uint8_t** out, size_t* out_len, aegis_error* error) {
  return answer(store, out, out_len, error, [&](const Store& s, OutputBuffer& b) {
    if (id == nullptr && id_len != 0) return make_error(AEGIS_ERR_INVALID_ARGUMENT, "id is NULL");
    return s.get_finding(as_view(id, id_len), b);
  });
}

aegis_status aegis_store_list_findings(const aegis_store* store, const aegis_finding_query* query,
                                       uint8_t** out, size_t* out_len, aegis_error* error) {
  return answer(store, out, out_len, error, [&](const Store& s, OutputBuffer& b) {
    aegis::store::FindingQuery q;
    if (Error e = aegis::abi::to_finding_query(query, q)) return e;
    return s.list_findings(q, b);
  });
}

aegis_status aegis_store_path_stats(const aegis_store* store, uint8_t** out, size_t* out_len,
                                    aegis_error* error) {
  return answer(store, out, out_len, error,
                [&](const Store& s, OutputBuffer& b) { return s.path_stats(b); });
}

aegis_status aegis_store_get_path(const aegis_store* store, const char* id, size_t id_len,
                                  uint8_t** out, size_t* out_len, aegis_error* error) {
  return answer(store, out, out_len, error, [&](const Store& s, OutputBuffer& b) {
    if (id == nullptr && id_len != 0) return make_error(AEGIS_ERR_INVALID_ARGUMENT, "id is NULL");
    return s.get_path(as_view(id, id_len), b);
  });
}

aegis_status aegis_store_path_analysis(const aegis_store* store, const char* id, size_t id_len,
                                       uint8_t** out, size_t* out_len, aegis_error* error) {
  return answer(store, out, out_len, error, [&](const Store& s, OutputBuffer& b) {
    if (id == nullptr && id_len != 0) return make_error(AEGIS_ERR_INVALID_ARGUMENT, "id is NULL");
    return s.path_analysis(as_view(id, id_len), b);
  });
}

aegis_status aegis_store_list_paths(const aegis_store* store, int64_t page, int64_t per_page,
                                    uint8_t** out, size_t* out_len, aegis_error* error) {
  return answer(store, out, out_len, error, [&](const Store& s, OutputBuffer& b) {
    return s.list_paths(page, per_page, b);
  });
}

aegis_status aegis_store_paths_json(const aegis_store* store, uint8_t** out, size_t* out_len,
                                    aegis_error* error) {
  return answer(store, out, out_len, error, [&](const Store& s, OutputBuffer& b) {
    b = s.paths_json();
    return Error{};
  });
}

aegis_status aegis_store_paths_json_ex(const aegis_store* store, const aegis_options* options,
                                       uint8_t** out, size_t* out_len, aegis_error* error) {
  return answer(store, out, out_len, error, [&](const Store& s, OutputBuffer& b) {
    aegis::store::CallLimits limits;
    if (Error e = aegis::abi::to_call_limits(options, s.max_result_bytes(), limits)) return e;
    b = s.paths_json(limits);
    return Error{};
  });
}

aegis_status aegis_store_write_paths_ex(const aegis_store* store, const aegis_options* options,
                                        aegis_write_fn write, void* user_data,
                                        aegis_error* error) {
  uint8_t* no_buffer = nullptr;
  size_t no_len = 0;
  CallGuard guard(error, &no_buffer, &no_len);
  return guard.run([&]() -> Error {
    if (Error e = need_store(store)) return e;
    if (write == nullptr) return make_error(AEGIS_ERR_INVALID_ARGUMENT, "write callback is NULL");
    aegis::store::CallLimits limits;
    if (Error e = aegis::abi::to_call_limits(options, 0, limits)) return e;
    const bool finished = store->impl->stream_paths(
        [&](std::string_view chunk) {
          return write(user_data, reinterpret_cast<const uint8_t*>(chunk.data()), chunk.size()) ==
                 0;
        },
        limits.stop);
    if (!finished) return make_error(AEGIS_ERR_WRITE_ABORTED, "the write callback asked to stop");
    return {};
  });
}

aegis_status aegis_store_write_paths(const aegis_store* store, aegis_write_fn write,
                                     void* user_data, aegis_error* error) {
  return aegis_store_write_paths_ex(store, nullptr, write, user_data, error);
}

}  // extern "C"
