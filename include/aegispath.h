/*
 * aegispath.h — the C interface of libaegispath, a native attack-path engine.
 *
 * libaegispath reads a JSON array of cloud-security findings, chains them into
 * attack paths and writes JSON, byte for byte what the Go reference engine
 * writes with encoding/json for the same input. The guide to this header,
 * with examples, is docs/c-api.md in the source distribution; the input
 * format is docs/input.md, the path rules docs/algorithms.md.
 *
 * The functions come in three groups:
 *   1. The drop-in trio (aegis_compute_attack_paths,
 *      aegis_load_and_serialize_findings, aegis_free): the symbols and
 *      signatures of the Rust library this one replaces. They return NULL on
 *      any failure and say nothing more.
 *   2. The extended one-shot calls (*_ex): the same work, with options and an
 *      error report.
 *   3. The loaded store (aegis_store_*): parse a findings document once, then
 *      answer many read-only queries (findings, attack-path pages, stats, the
 *      whole result streamed in bounded memory).
 *
 * Memory. Every byte buffer this library returns is allocated by the library
 * and owned by the caller from then on; the caller releases it with
 * aegis_free(ptr, len), passing the length the library reported — never with
 * free(). Each function below says which of its arguments receive such a
 * buffer. The library keeps the JSON parser buffers of up to two finished
 * decodes of inputs up to 64 MiB (about 2 bytes per input byte) and reuses
 * them in later calls, for speed; that is its only process-wide state, and it
 * is thread-safe.
 *
 * Threads. Every function may be called from any thread at any time. A store
 * may be queried from many threads at once; aegis_store_close must not race
 * with queries on the same store. No function keeps thread-local state, so a
 * caller (a Go goroutine, say) may move between OS threads between two calls.
 * No C++ exception, abort or signal escapes any function of this header.
 *
 * Errors. The extended calls return an aegis_status (0 = success) and, when
 * given an aegis_error, fill it with the status and a message. Status codes
 * are stable: a code keeps its number and meaning in every later version.
 * New codes may be added, so treat any non-zero status you do not know as a
 * failure (aegis_status_string names every code this library knows).
 *
 * Structs (one rule for all). Every struct of this header starts with
 * `size_t struct_size`, and each has an aegis_*_init function that sets
 * struct_size to the size the caller was compiled with and every other
 * member to its default. Initialise a struct with its _init before use.
 * The library reads and writes only the members that lie wholly inside
 * struct_size, so structs may grow at their end without breaking callers
 * built against older headers:
 *   - a struct the caller passes in (aegis_options, aegis_finding_query):
 *     members beyond struct_size take their defaults; a struct_size smaller
 *     than sizeof(size_t) (not initialised) or larger than this library's
 *     struct (a newer header) fails with AEGIS_ERR_INVALID_ARGUMENT;
 *   - a struct the library fills (aegis_error): the library writes the
 *     members that fit inside struct_size and leaves the rest alone.
 *
 * Linking. Build against this header with the library built from the same
 * version: compare aegis_version_number() with AEGIS_VERSION_NUMBER. While
 * the major version is 0, a new minor version may change the ABI (0.2 did:
 * aegis_error gained struct_size, and aegis_options_init became an inline
 * function of this header, so that it records the caller's struct size).
 */
#ifndef AEGISPATH_H
#define AEGISPATH_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* AEGIS_API marks the library's exported functions. The library's own build
 * defines AEGIS_BUILDING (dllexport on Windows); users of the library leave it
 * undefined (dllimport on Windows). Elsewhere the functions have default
 * visibility on both sides: the library is built with hidden visibility, and
 * a caller that hides its own symbols still links to these. */
#if defined(_WIN32) || defined(__CYGWIN__)
#if defined(AEGIS_BUILDING)
#define AEGIS_API __declspec(dllexport)
#else
#define AEGIS_API __declspec(dllimport)
#endif
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
#define AEGIS_VERSION_MINOR 2
#define AEGIS_VERSION_PATCH 0
/* One number, MAJOR*10000 + MINOR*100 + PATCH: 0.2.0 -> 200. */
#define AEGIS_VERSION_NUMBER \
  (AEGIS_VERSION_MAJOR * 10000 + AEGIS_VERSION_MINOR * 100 + AEGIS_VERSION_PATCH)

/* @return the version of the linked library, to compare with
 *         AEGIS_VERSION_NUMBER (the header's). */
AEGIS_API unsigned aegis_version_number(void);

/* @return "MAJOR.MINOR.PATCH" of the linked library, in static storage (never
 *         freed). */
AEGIS_API const char* aegis_version_string(void);

/* ---- Drop-in API (unchanged from the Rust library) --------------------- */

/* Computes every attack path of the findings document json[0..len).
 * @return the result {"paths":[...],"stats":{...}} as a buffer of *out_len
 *         bytes that the library allocated and the caller owns: release it
 *         with aegis_free(ptr, *out_len).
 *         NULL on any failure (NULL pointers, len 0, input over 64 MiB,
 *         invalid input); *out_len is then 0 when out_len is not NULL. */
AEGIS_API uint8_t* aegis_compute_attack_paths(const uint8_t* json, size_t len,
                                              size_t* out_len);

/* Decodes the findings document json[0..len) and selects the findings that
 * match the optional filter object filter[0..filter_len) (filter may be NULL;
 * filter_len 0 means no filter). Filter keys: "severity", "provider",
 * "status", "category" (exact match), "offset" (default 0), "limit" (default
 * and maximum 10000); at most 64 KiB. An invalid filter is a failure.
 * @return the selected findings re-encoded as a JSON array, in a buffer of
 *         *out_len bytes that the library allocated and the caller owns:
 *         release it with aegis_free(ptr, *out_len).
 *         NULL on any failure, as aegis_compute_attack_paths. */
AEGIS_API uint8_t* aegis_load_and_serialize_findings(const uint8_t* json, size_t len,
                                                     const uint8_t* filter,
                                                     size_t filter_len,
                                                     size_t* out_len);

/* Releases a buffer that a function of this library returned. len must be
 * the length the library reported for ptr. NULL or len 0 is a no-op. */
AEGIS_API void aegis_free(uint8_t* ptr, size_t len);

/* ---- Errors ------------------------------------------------------------- */

/* Stable codes: see "Errors" at the top. */
typedef enum aegis_status {
  AEGIS_OK = 0,
  AEGIS_ERR_INVALID_ARGUMENT = 1, /* NULL pointer, empty input, bad option or struct_size */
  AEGIS_ERR_TOO_LARGE = 2,        /* input over the configured cap */
  AEGIS_ERR_MALFORMED_JSON = 3,   /* not well-formed JSON (as Go judges it) */
  AEGIS_ERR_INVALID_UTF8 = 4,     /* input is not valid UTF-8 */
  AEGIS_ERR_SCHEMA = 5,           /* well-formed, but not an array of findings,
                                     or a field has the wrong type or range */
  AEGIS_ERR_INVALID_FILTER = 6,   /* the filter or query is not valid */
  AEGIS_ERR_NOT_FOUND = 7,        /* no finding or path with that id */
  AEGIS_ERR_OUT_OF_MEMORY = 8,
  AEGIS_ERR_WRITE_ABORTED = 9,    /* a write callback returned non-zero */
  AEGIS_ERR_INTERNAL = 10,
  AEGIS_ERR_CANCELLED = 11,       /* the call's aegis_cancel was requested */
  AEGIS_ERR_TIMED_OUT = 12,       /* the call ran past options.timeout_ms */
  AEGIS_ERR_RESULT_TOO_LARGE = 13 /* the result is over options.max_result_bytes */
} aegis_status;

/* What went wrong in a call, filled by every call that takes an aegis_error*
 * (which may be NULL). Initialise it with aegis_error_init; one may serve
 * many calls. On success status is AEGIS_OK and message is "". */
typedef struct aegis_error {
  size_t struct_size;   /* set by aegis_error_init */
  aegis_status status;  /* what the call returned */
  char message[256];    /* NUL-terminated, English, for people, e.g.
                           `finding 3: field "severity": expected string,
                           got number` */
} aegis_error;

/* Sets struct_size to sizeof(aegis_error), status to AEGIS_OK, message to "". */
static inline void aegis_error_init(aegis_error* error) {
  memset(error, 0, sizeof *error);
  error->struct_size = sizeof *error;
}

/* @return a short static description of a status code ("malformed JSON",
 *         ...), "unknown status" for a code this library does not know. */
AEGIS_API const char* aegis_status_string(aegis_status status);

/* ---- Options ------------------------------------------------------------ */

/* The input cap of the drop-in calls, and the default of the others. */
#define AEGIS_DEFAULT_MAX_INPUT_BYTES ((size_t)64 << 20)
/* The default cap of an edge document (graph mode). */
#define AEGIS_DEFAULT_MAX_EDGE_BYTES ((size_t)1 << 30)

/* A cancellation handle: lets another thread stop a long call. Create one
 * with aegis_cancel_create, name it in aegis_options.cancel of the calls it
 * may stop, and destroy it with aegis_cancel_destroy once no call uses it.
 * Opaque. */
typedef struct aegis_cancel aegis_cancel;

/* @return a new handle, not requested, that the caller owns: destroy it with
 *         aegis_cancel_destroy. NULL when out of memory. */
AEGIS_API aegis_cancel* aegis_cancel_create(void);

/* Asks every call running with this handle, and every later one, to stop:
 * they return AEGIS_ERR_CANCELLED promptly (the library checks at bounded
 * intervals, within milliseconds). Callable from any thread, at any time,
 * any number of times. NULL is a no-op. */
AEGIS_API void aegis_cancel_request(aegis_cancel* cancel);

/* Destroys a handle. NULL is a no-op. No call may be using it. */
AEGIS_API void aegis_cancel_destroy(aegis_cancel* cancel);

/* Options of the extended calls and the store. A NULL options pointer means
 * every default. The limits (the last four members; docs/algorithms.md,
 * "Limits and truncation", and docs/c-api.md, "Limits") bound what one call
 * may cost; by default there are none.
 *
 * Graph mode. With an edge document (edges non-NULL), aegis_compute_attack_paths_ex
 * and aegis_store_open compute attack paths over the explicit resource graph
 * it describes — multi-hop paths of up to 4 hops — instead of the heuristic
 * engine (docs/algorithms.md, "Graph mode"). The edge document is a JSON
 * array of graph_edges-shaped rows (docs/input.md, "Edge document"), read
 * under the same rules as findings: its errors have the same status codes
 * (AEGIS_ERR_MALFORMED_JSON, AEGIS_ERR_INVALID_UTF8, AEGIS_ERR_SCHEMA,
 * AEGIS_ERR_TOO_LARGE over max_edge_bytes), with a message that starts with
 * "edges: " (e.g. `edges: row 3: field "edge_type": expected string, got
 * number`; AEGIS_ERR_TOO_LARGE too for more than 65,531 distinct edge types
 * between the findings' resources); an error in the findings is reported
 * first. Rows naming a resource id that no finding has are ignored. Each
 * graph path costs 20 to 36 bytes in memory (1 to 4 hops). The library reads
 * the edge document during the call only and copies what it keeps: the
 * caller may free it as soon as the call returns (a store keeps the decoded
 * graph, never the bytes). aegis_load_and_serialize_findings_ex ignores it;
 * the drop-in calls never take one. */
typedef struct aegis_options {
  size_t struct_size;         /* set by aegis_options_init */
  size_t max_input_bytes;     /* input cap in bytes; 0 = AEGIS_DEFAULT_MAX_INPUT_BYTES */
  unsigned max_threads;       /* worker threads; 0 (default) = one per core */
  int compute_integrity_hash; /* stores only: non-zero = fill each finding's
                                 integrity_hash (default 0) */
  const uint8_t* edges;       /* graph mode: the edge document edges[0..edges_len),
                                 owned by the caller; NULL (default) = the
                                 heuristic engine. Non-NULL with edges_len 0 (or
                                 NULL with edges_len non-zero) is
                                 AEGIS_ERR_INVALID_ARGUMENT; `[]` is graph mode
                                 with no edges (no paths). */
  size_t edges_len;           /* bytes at edges */
  size_t max_edge_bytes;      /* edge document cap in bytes; 0 (default) =
                                 AEGIS_DEFAULT_MAX_EDGE_BYTES */
  uint64_t max_paths;         /* 0 (default) = no cap; else at most this many
                                 paths: the first ones in generation order,
                                 numbered and sorted as usual, and the stats
                                 end with "truncated":true when more would
                                 have been made. Chains past the cap are
                                 never built, so memory stays bounded. */
  uint64_t max_result_bytes;  /* 0 (default) = no cap; else a result buffer
                                 longer than this fails with
                                 AEGIS_ERR_RESULT_TOO_LARGE before it is
                                 allocated. Streaming is not capped. */
  uint64_t timeout_ms;        /* 0 (default) = none; else the call fails with
                                 AEGIS_ERR_TIMED_OUT once it has run this many
                                 milliseconds (a store: its opening) */
  aegis_cancel* cancel;       /* NULL (default) = none; else the call fails
                                 with AEGIS_ERR_CANCELLED once this handle is
                                 requested (a store: its opening) */
} aegis_options;

/* Sets struct_size to sizeof(aegis_options) and every option to its default. */
static inline void aegis_options_init(aegis_options* options) {
  memset(options, 0, sizeof *options);
  options->struct_size = sizeof *options;
  options->max_input_bytes = AEGIS_DEFAULT_MAX_INPUT_BYTES;
}

/* ---- Extended one-shot calls -------------------------------------------- */

/* As aegis_compute_attack_paths, with options (NULL = defaults) and an error
 * report (error may be NULL). With options->edges set, the result is graph
 * mode's (see aegis_options); the caller may free the edge document when
 * the call returns.
 * On success *out receives a buffer of *out_len bytes that the library
 * allocated and the caller owns: release it with aegis_free(*out, *out_len).
 * @return AEGIS_OK, or the failure's status; on failure *out is NULL and
 *         *out_len is 0. */
AEGIS_API aegis_status aegis_compute_attack_paths_ex(const uint8_t* json, size_t len,
                                                     const aegis_options* options,
                                                     uint8_t** out, size_t* out_len,
                                                     aegis_error* error);

/* As aegis_load_and_serialize_findings, with options and an error report.
 * On success *out receives a buffer of *out_len bytes that the library
 * allocated and the caller owns: release it with aegis_free(*out, *out_len).
 * @return AEGIS_OK, or the failure's status (AEGIS_ERR_INVALID_FILTER for a
 *         bad filter); on failure *out is NULL and *out_len is 0. */
AEGIS_API aegis_status aegis_load_and_serialize_findings_ex(
    const uint8_t* json, size_t len, const uint8_t* filter, size_t filter_len,
    const aegis_options* options, uint8_t** out, size_t* out_len, aegis_error* error);

/* ---- Loaded store ------------------------------------------------------- */

/* A parsed findings document with all its attack paths computed, read-only
 * after creation. Opaque; created by aegis_store_open, destroyed by
 * aegis_store_close. */
typedef struct aegis_store aegis_store;

/* Parses json[0..len) and computes every attack path as compact records. The
 * library copies what it keeps: the caller's buffer may be freed afterwards.
 * options may be NULL (defaults). With options->edges set, the store holds
 * graph mode's paths (see aegis_options) and the decoded resource graph
 * (for aegis_store_path_analysis); the edge document itself may be freed
 * when the call returns.
 * On success *out receives a store that the caller owns: destroy it with
 * aegis_store_close.
 * @return AEGIS_OK, or the failure's status; on failure *out is NULL. */
AEGIS_API aegis_status aegis_store_open(const uint8_t* json, size_t len,
                                        const aegis_options* options,
                                        aegis_store** out, aegis_error* error);

/* Destroys a store and everything it holds. NULL is a no-op. Buffers that
 * queries returned stay valid: they belong to the caller. */
AEGIS_API void aegis_store_close(aegis_store* store);

/* @return the number of findings in the store (0 for NULL). */
AEGIS_API size_t aegis_store_finding_count(const aegis_store* store);

/* @return the number of attack paths in the store (0 for NULL). */
AEGIS_API size_t aegis_store_path_count(const aegis_store* store);

/* One finding as JSON: the first finding whose id is id[0..id_len).
 * On success *out receives a buffer of *out_len bytes that the library
 * allocated and the caller owns: release it with aegis_free(*out, *out_len).
 * @return AEGIS_OK; AEGIS_ERR_NOT_FOUND when no finding has that id. */
AEGIS_API aegis_status aegis_store_get_finding(const aegis_store* store,
                                               const char* id, size_t id_len,
                                               uint8_t** out, size_t* out_len,
                                               aegis_error* error);

/* Which findings aegis_store_list_findings returns, with the HTTP semantics
 * of the server: severity, provider (cloud_provider) and status match
 * case-insensitively (NULL or length 0 = any); page < 1 becomes 1; per_page
 * outside 1..200 becomes 50; a page past the end becomes the last page (1
 * when there is none). */
typedef struct aegis_finding_query {
  size_t struct_size; /* set by aegis_finding_query_init */
  const char* severity;
  size_t severity_len;
  const char* provider;
  size_t provider_len;
  const char* status;
  size_t status_len;
  int64_t page;       /* default 1 */
  int64_t per_page;   /* default 50 */
} aegis_finding_query;

/* Sets struct_size to sizeof(aegis_finding_query), every filter to "any",
 * page to 1 and per_page to 50. */
static inline void aegis_finding_query_init(aegis_finding_query* query) {
  memset(query, 0, sizeof *query);
  query->struct_size = sizeof *query;
  query->page = 1;
  query->per_page = 50;
}

/* A page of findings: {"data":[...],"page":P,"per_page":N,"total":T,
 * "total_pages":K}. query may be NULL (every finding, first page of 50).
 * On success *out receives a buffer of *out_len bytes that the library
 * allocated and the caller owns: release it with aegis_free(*out, *out_len).
 * @return AEGIS_OK, or AEGIS_ERR_INVALID_ARGUMENT for a bad struct_size. */
AEGIS_API aegis_status aegis_store_list_findings(const aegis_store* store,
                                                 const aegis_finding_query* query,
                                                 uint8_t** out, size_t* out_len,
                                                 aegis_error* error);

/* The stats object of the attack-path result (docs/algorithms.md, "Stats").
 * On success *out receives a buffer of *out_len bytes that the library
 * allocated and the caller owns: release it with aegis_free(*out, *out_len).
 * @return AEGIS_OK, or the failure's status. */
AEGIS_API aegis_status aegis_store_path_stats(const aegis_store* store, uint8_t** out,
                                              size_t* out_len, aegis_error* error);

/* One attack path as JSON, by its id ("ap-007"; only that canonical
 * spelling names it).
 * On success *out receives a buffer of *out_len bytes that the library
 * allocated and the caller owns: release it with aegis_free(*out, *out_len).
 * @return AEGIS_OK; AEGIS_ERR_NOT_FOUND when no path has that id. */
AEGIS_API aegis_status aegis_store_get_path(const aegis_store* store, const char* id,
                                            size_t id_len, uint8_t** out,
                                            size_t* out_len, aegis_error* error);

/* The analysis of one attack path, by its id ("ap-007"), as JSON:
 *   {"analysis":"...","remediation_steps":[...],"risk_factors":[...],
 *    "blast_radius":{"direct":N,"indirect":N,"total":N}}
 * built from the path's own finding records (their titles, remediation,
 * severities, CVEs, ...; the exact rules are in go/api/analysis.go, which
 * the Go store follows byte for byte). blast_radius.direct counts the path's
 * distinct resource ids; indirect the further resource ids near them, at
 * most 1000: in a store opened with an edge document, those within 2 edges
 * of the path's resources; otherwise, those of the findings sharing
 * (account_id, region) with one of the path's. The first call builds an
 * index for the latter (about 16 bytes per finding), kept by the store.
 * On success *out receives a buffer of *out_len bytes that the library
 * allocated and the caller owns: release it with aegis_free(*out, *out_len).
 * @return AEGIS_OK; AEGIS_ERR_NOT_FOUND when no path has that id. */
AEGIS_API aegis_status aegis_store_path_analysis(const aegis_store* store, const char* id,
                                                 size_t id_len, uint8_t** out,
                                                 size_t* out_len, aegis_error* error);

/* A page of attack paths in result order: {"data":[...],"page":P,
 * "per_page":N,"total":T,"total_pages":K}. page < 1 becomes 1; per_page
 * outside 1..100 becomes 20; a page past the end becomes the last page.
 * On success *out receives a buffer of *out_len bytes that the library
 * allocated and the caller owns: release it with aegis_free(*out, *out_len).
 * @return AEGIS_OK, or the failure's status. */
AEGIS_API aegis_status aegis_store_list_paths(const aegis_store* store, int64_t page,
                                              int64_t per_page, uint8_t** out,
                                              size_t* out_len, aegis_error* error);

/* Receives consecutive chunks of output. The chunk belongs to the library and
 * is valid only during the call. Return 0 to continue, non-zero to stop (the
 * streaming call then returns AEGIS_ERR_WRITE_ABORTED). */
typedef int (*aegis_write_fn)(void* user_data, const uint8_t* chunk, size_t len);

/* Streams the whole result {"paths":[...],"stats":{...}} — the bytes
 * aegis_compute_attack_paths returns for the same document — through write,
 * in chunks of at most about 4 MiB (more only when a single path is larger),
 * so memory stays small whatever the result's size. No buffer is handed to
 * the caller.
 * @return AEGIS_OK; AEGIS_ERR_WRITE_ABORTED when write asked to stop. */
AEGIS_API aegis_status aegis_store_write_paths(const aegis_store* store,
                                               aegis_write_fn write, void* user_data,
                                               aegis_error* error);

/* The whole result as one buffer (the bytes aegis_store_write_paths streams).
 * The store's max_result_bytes (from aegis_store_open) applies.
 * On success *out receives a buffer of *out_len bytes that the library
 * allocated and the caller owns: release it with aegis_free(*out, *out_len).
 * @return AEGIS_OK, or the failure's status (AEGIS_ERR_RESULT_TOO_LARGE). */
AEGIS_API aegis_status aegis_store_paths_json(const aegis_store* store, uint8_t** out,
                                              size_t* out_len, aegis_error* error);

/* As aegis_store_paths_json, with limits for this call: of options (NULL =
 * the store's max_result_bytes, no deadline) only max_result_bytes,
 * timeout_ms and cancel are read (0 / NULL = none).
 * @return as aegis_store_paths_json, or AEGIS_ERR_TIMED_OUT,
 *         AEGIS_ERR_CANCELLED. */
AEGIS_API aegis_status aegis_store_paths_json_ex(const aegis_store* store,
                                                 const aegis_options* options, uint8_t** out,
                                                 size_t* out_len, aegis_error* error);

/* As aegis_store_write_paths, with a deadline and a cancellation handle for
 * this call: of options (NULL = none) only timeout_ms and cancel are read,
 * and checked between chunks. The stream's bytes so far stay written.
 * @return as aegis_store_write_paths, or AEGIS_ERR_TIMED_OUT,
 *         AEGIS_ERR_CANCELLED. */
AEGIS_API aegis_status aegis_store_write_paths_ex(const aegis_store* store,
                                                  const aegis_options* options,
                                                  aegis_write_fn write, void* user_data,
                                                  aegis_error* error);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* AEGISPATH_H */
