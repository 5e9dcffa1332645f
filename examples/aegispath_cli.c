/* aegispath-cli: the C API from plain C (C11).
 *
 *   aegispath-cli paths FILE            attack paths of a findings file, to stdout
 *   aegispath-cli paths FILE --edges EDGES
 *                                       graph-mode paths over an edge document
 *   aegispath-cli findings FILE [FILTER] findings (optionally filtered) to stdout
 *   aegispath-cli version
 *
 * FILE "-" reads standard input. Exit status 0 on success, 1 on a library
 * error (its message goes to stderr), 2 on usage or I/O errors. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aegispath.h"

static int write_chunk(void* user_data, const uint8_t* chunk, size_t len) {
  return fwrite(chunk, 1, len, (FILE*)user_data) == len ? 0 : 1;
}

static uint8_t* read_all(const char* path, size_t* len) {
  FILE* f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
  if (f == NULL) return NULL;
  size_t cap = 1 << 20, n = 0;
  uint8_t* buf = malloc(cap);
  while (buf != NULL) {
    n += fread(buf + n, 1, cap - n, f);
    if (n < cap) break;
    uint8_t* bigger = realloc(buf, cap *= 2);
    if (bigger == NULL) { free(buf); buf = NULL; }
    else buf = bigger;
  }
  if (f != stdin) fclose(f);
  *len = n;
  return buf;
}

int main(int argc, char** argv) {
  if (argc == 2 && strcmp(argv[1], "version") == 0) {
    printf("libaegispath %s (header %d.%d.%d)\n", aegis_version_string(),
           AEGIS_VERSION_MAJOR, AEGIS_VERSION_MINOR, AEGIS_VERSION_PATCH);
    return 0;
  }
  const int paths = argc >= 3 && strcmp(argv[1], "paths") == 0;
  const int edges_given = paths && argc == 5 && strcmp(argv[3], "--edges") == 0;
  if (argc < 3 || (!paths && strcmp(argv[1], "findings") != 0) ||
      (paths && argc != 3 && !edges_given)) {
    fprintf(stderr, "usage: %s paths FILE [--edges EDGES] | findings FILE [FILTER_JSON] | version\n",
            argv[0]);
    return 2;
  }
  size_t len = 0;
  uint8_t* input = read_all(argv[2], &len);
  if (input == NULL) {
    perror(argv[2]);
    return 2;
  }
  aegis_options options;
  aegis_options_init(&options);
  options.max_input_bytes = len > 0 ? len : 1; /* the CLI reads what it is given */
  uint8_t* edges = NULL;
  if (edges_given) {
    size_t edges_len = 0;
    edges = read_all(argv[4], &edges_len);
    if (edges == NULL) {
      perror(argv[4]);
      free(input);
      return 2;
    }
    /* An empty file is passed as is: the library says why it is refused. */
    options.edges = edges_len > 0 ? edges : (const uint8_t*)"";
    options.edges_len = edges_len;
    options.max_edge_bytes = edges_len > 0 ? edges_len : 1;
  }
  aegis_error error;
  aegis_error_init(&error);
  aegis_status status;
  if (paths) {
    /* The store streams the result in bounded memory instead of one huge buffer. */
    aegis_store* store = NULL;
    status = aegis_store_open(input, len, &options, &store, &error);
    if (status == AEGIS_OK) status = aegis_store_write_paths(store, write_chunk, stdout, &error);
    aegis_store_close(store);
  } else {
    const char* filter = argc > 3 ? argv[3] : NULL;
    uint8_t* out = NULL;
    size_t out_len = 0;
    status = aegis_load_and_serialize_findings_ex(
        input, len, (const uint8_t*)filter, filter ? strlen(filter) : 0, &options, &out,
        &out_len, &error);
    if (status == AEGIS_OK) fwrite(out, 1, out_len, stdout);
    aegis_free(out, out_len);
  }
  free(input);
  free(edges);
  if (status != AEGIS_OK) {
    fprintf(stderr, "aegispath: %s: %s\n", aegis_status_string(status), error.message);
    return 1;
  }
  return 0;
}
