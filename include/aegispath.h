/*
 * aegispath.h — C interface of libaegispath, the native attack-path engine.
 *
 * Three groups of functions live here:
 *   1. The drop-in trio (aegis_compute_attack_paths,
 *      aegis_load_and_serialize_findings, aegis_free): the exact symbols and
 *      signatures of the Rust library this one replaces. They return NULL on
 *      any failure and say nothing more.
 *   2. The extended one-shot calls (*_ex): the same work, plus options and an
 *      error report returned through the call.
 *   3. The loaded store (aegis_store_*): parse a findings document once, then
 *      answer many read-only queries (findings, attack-path pages, stats, the
 *      whole result streamed in bounded memory).
 *
 * Input is a JSON array of findings (see SPEC §2). Output bytes are exactly what
 * Go's encoding/json writes for the same values.
 *
 * Memory: every byte buffer the library hands out is allocated by the library
 * and must be released with aegis_free(ptr, len) — never with free().
 * For speed, the library keeps the JSON parser buffers of up to two finished
 * decodes of inputs up to 64 MiB (about 2 bytes per input byte) and reuses
 * them in the next calls; it is its only process-wide state, thread-safe.
 * Thread safety: every function may be called from any thread at any time.
 * A store may be queried from many threads at once; aegis_store_close must not
 * race with queries on the same store. No function keeps thread-local state, so
 * a caller (a Go goroutine) may move between OS threads between two calls.
 * No C++ exception, abort or signal escapes any function of this header.
 */
#ifndef AEGISPATH_H
#define AEGISPATH_H

#include <stddef.h>
#include <stdint.h>

#if defined(_WIN32)
#define AEGIS_API __declspec(dllexport)
#elif defined(__GNUC__)
#define AEGIS_API __attribute__((visibility("default")))
#else
#define AEGIS_API
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Version ----------------------------------------------------------- */

#define AEGIS_VERSION_MAJOR 0
#define AEGIS_VERSION_MINOR 1
#define AEGIS_VERSION_PATCH 0
/* One number, MAJOR*10000 + MINOR*100 + PATCH: 0.1.0 -> 100. */
#define AEGIS_VERSION_NUMBER \
  (AEGIS_VERSION_MAJOR * 10000 + AEGIS_VERSION_MINOR * 100 + AEGIS_VERSION_PATCH)

/* The version of the linked library, to compare with AEGIS_VERSION_NUMBER. */
AEGIS_API unsigned aegis_version_number(void);
/* "MAJOR.MINOR.PATCH" of the linked library; static storage, never freed. */
AEGIS_API const char* aegis_version_string(void);

/* ---- Drop-in API (unchanged from the Rust library) --------------------- */

/* Computes every attack path of the findings document json[0..len) and returns
 * the result {"paths":[...],"stats":{...}} as a new buffer of *out_len bytes.
 * Returns NULL (and leaves *out_len 0 when out_len is not NULL) on any failure:
 * NULL pointers, len 0, input over 64 MiB, invalid input.
 * The caller frees the result with aegis_free(ptr, *out_len). */
AEGIS_API uint8_t* aegis_compute_attack_paths(const uint8_t* json, size_t len,
                                              size_t* out_len);

/* Decodes the findings document and returns the findings that match the
 * optional filter object (filter may be NULL; filter_len 0 means no filter),
 * re-encoded as a JSON array. Filter keys: "severity", "provider", "status",
 * "category" (exact match), "offset" (default 0), "limit" (default and maximum
 * 10000); at most 64 KiB. An invalid filter is a failure (NULL).
 * The caller frees the result with aegis_free(ptr, *out_len). */
AEGIS_API uint8_t* aegis_load_and_serialize_findings(const uint8_t* json, size_t len,
                                                     const uint8_t* filter,
                                                     size_t filter_len,
                                                     size_t* out_len);

/* Releases a buffer returned by this library. NULL or len 0 is a no-op.
 * len must be the length the library reported for ptr. */
AEGIS_API void aegis_free(uint8_t* ptr, size_t len);

/* ---- Errors and options ------------------------------------------------- */

typedef enum aegis_status {
  AEGIS_OK = 0,
  AEGIS_ERR_INVALID_ARGUMENT = 1, /* NULL pointer, empty input, bad option */
  AEGIS_ERR_TOO_LARGE = 2,        /* input over the configured cap */
  AEGIS_ERR_MALFORMED_JSON = 3,   /* not well-formed JSON (as Go judges it) */
  AEGIS_ERR_INVALID_UTF8 = 4,     /* input is not valid UTF-8 */
  AEGIS_ERR_SCHEMA = 5,           /* well-formed, but not an array of findings
                                     or a field has the wrong type/range */
  AEGIS_ERR_INVALID_FILTER = 6,   /* the filter or query is not valid */
  AEGIS_ERR_NOT_FOUND = 7,        /* no finding or path with that id */
  AEGIS_ERR_OUT_OF_MEMORY = 8,
  AEGIS_ERR_WRITE_ABORTED = 9,    /* a write callback returned non-zero */
  AEGIS_ERR_INTERNAL = 10
} aegis_status;

/* Filled by calls that take an aegis_error* (which may be NULL). On success
 * status is AEGIS_OK and message is "". message is always NUL-terminated. */
typedef struct aegis_error {
  aegis_status status;
  char message[256];
} aegis_error;

/* A short static description of a status code ("malformed JSON", ...). */
AEGIS_API const char* aegis_status_string(aegis_status status);

/* Options for the extended calls. Always initialise with aegis_options_init
 * first: struct_size lets the struct grow without breaking the ABI. */
typedef struct aegis_options {
  size_t struct_size;       /* = sizeof(aegis_options), set by aegis_options_init */
  size_t max_input_bytes;   /* input cap; 0 = default (64 MiB) */
  unsigned max_threads;     /* worker threads; 0 = one per core */
  int compute_integrity_hash; /* stores only: non-zero = fill integrity_hash */
} aegis_options;

/* Sets every option to its default. */
AEGIS_API void aegis_options_init(aegis_options* options);

/* ---- Extended one-shot calls -------------------------------------------- */

/* As aegis_compute_attack_paths, with options (NULL = defaults) and an error
 * report. On success *out is a new buffer of *out_len bytes, freed with
 * aegis_free; on failure *out is NULL and *out_len is 0. */
AEGIS_API aegis_status aegis_compute_attack_paths_ex(const uint8_t* json, size_t len,
                                                     const aegis_options* options,
                                                     uint8_t** out, size_t* out_len,
                                                     aegis_error* error);

/* As aegis_load_and_serialize_findings, with options and an error report. */
AEGIS_API aegis_status aegis_load_and_serialize_findings_ex(
    const uint8_t* json, size_t len, const uint8_t* filter, size_t filter_len,
    const aegis_options* options, uint8_t** out, size_t* out_len, aegis_error* error);

/* ---- Loaded store ------------------------------------------------------- */

/* A parsed findings document with all attack paths computed, read-only after
 * creation. Opaque; created by aegis_store_open, destroyed by aegis_store_close. */
typedef struct aegis_store aegis_store;

/* Parses json[0..len) (the library copies what it keeps; the caller's buffer
 * may be freed afterwards), computes every attack path as compact records and
 * returns the store in *out. options may be NULL. */
AEGIS_API aegis_status aegis_store_open(const uint8_t* json, size_t len,
                                        const aegis_options* options,
                                        aegis_store** out, aegis_error* error);

/* Destroys a store. NULL is a no-op. */
AEGIS_API void aegis_store_close(aegis_store* store);

/* Number of findings and of attack paths in the store (0 for NULL). */
AEGIS_API size_t aegis_store_finding_count(const aegis_store* store);
AEGIS_API size_t aegis_store_path_count(const aegis_store* store);

/* One finding as JSON, by its id (the first finding with that id). */
AEGIS_API aegis_status aegis_store_get_finding(const aegis_store* store,
                                               const char* id, size_t id_len,
                                               uint8_t** out, size_t* out_len,
                                               aegis_error* error);

/* A page of findings, with the HTTP semantics of the server: severity,
 * provider (cloud_provider) and status match case-insensitively (NULL or
 * length 0 = any); page < 1 becomes 1; per_page outside 1..200 becomes 50; a
 * page past the end becomes the last page (1 when there is none). Returns
 * {"data":[...],"page":P,"per_page":N,"total":T,"total_pages":K}. */
typedef struct aegis_finding_query {
  size_t struct_size; /* = sizeof(aegis_finding_query) */
  const char* severity;
  size_t severity_len;
  const char* provider;
  size_t provider_len;
  const char* status;
  size_t status_len;
  int64_t page;
  int64_t per_page;
} aegis_finding_query;

AEGIS_API aegis_status aegis_store_list_findings(const aegis_store* store,
                                                 const aegis_finding_query* query,
                                                 uint8_t** out, size_t* out_len,
                                                 aegis_error* error);

/* The stats object of the attack-path result (SPEC §3, "Stats"). */
AEGIS_API aegis_status aegis_store_path_stats(const aegis_store* store, uint8_t** out,
                                              size_t* out_len, aegis_error* error);

/* One attack path as JSON, by its id ("ap-007"). */
AEGIS_API aegis_status aegis_store_get_path(const aegis_store* store, const char* id,
                                            size_t id_len, uint8_t** out,
                                            size_t* out_len, aegis_error* error);

/* A page of attack paths in result order: page < 1 becomes 1; per_page
 * outside 1..100 becomes 20; a page past the end becomes the last page.
 * Returns {"data":[...],"page":P,"per_page":N,"total":T,"total_pages":K}. */
AEGIS_API aegis_status aegis_store_list_paths(const aegis_store* store, int64_t page,
                                              int64_t per_page, uint8_t** out,
                                              size_t* out_len, aegis_error* error);

/* Receives consecutive chunks of output. Return 0 to continue, non-zero to
 * abort (the call then returns AEGIS_ERR_WRITE_ABORTED). The chunk is only
 * valid during the call. */
typedef int (*aegis_write_fn)(void* user_data, const uint8_t* chunk, size_t len);

/* Streams the whole result {"paths":[...],"stats":{...}} — the same bytes as
 * aegis_compute_attack_paths — through write, in chunks of bounded size, so
 * memory stays small whatever the result's size. */
AEGIS_API aegis_status aegis_store_write_paths(const aegis_store* store,
                                               aegis_write_fn write, void* user_data,
                                               aegis_error* error);

/* The whole result as one buffer (freed with aegis_free). */
AEGIS_API aegis_status aegis_store_paths_json(const aegis_store* store, uint8_t** out,
                                              size_t* out_len, aegis_error* error);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* AEGISPATH_H */
