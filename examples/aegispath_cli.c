/* aegispath-cli: a command-line tool over the C API, in plain C11 — and an
 * example of the API's use: options and errors (run_findings), the store and
 * its streaming writer (run_paths), version checks (print_version).
 *
 * The arguments are parsed by hand: the grammar is three commands and three
 * options, and a C program cannot use the C++ parsers (CLI11); getopt_long
 * is neither ISO C nor available everywhere the library builds. */
#if !defined(_WIN32) && !defined(_POSIX_C_SOURCE)
#define _POSIX_C_SOURCE 200809L /* isatty, fileno: POSIX, not ISO C */
#endif
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#ifdef _WIN32
#include <io.h>
#define isatty _isatty
#define fileno _fileno
#else
#include <unistd.h>
#endif

#include "aegispath.h"

static const char kUsage[] =
    "usage: aegispath-cli paths [--edges EDGES] [-o OUT] FILE\n"
    "       aegispath-cli findings [-o OUT] FILE [FILTER_JSON]\n"
    "       aegispath-cli version | --version | --help\n"
    "\n"
    "  paths     the attack paths of a findings document: {\"paths\":[...],\"stats\":{...}}\n"
    "  findings  the findings, re-encoded, optionally filtered by a JSON object\n"
    "            such as '{\"severity\":\"HIGH\"}' (exact matches; docs/c-api.md)\n"
    "  version   the library's version and the header this program was built with\n"
    "\n"
    "  FILE         findings JSON (an array); - reads standard input\n"
    "  -o, --output OUT  write to OUT instead of standard output (- = standard output)\n"
    "  --edges EDGES     paths in graph mode over an edge document (docs/input.md)\n"
    "  -h, --help        this text\n"
    "\n"
    "The whole input is read into memory; any size is accepted. A progress line\n"
    "goes to standard error when it is a terminal and the output is not.\n"
    "Exit status: 0 success, 1 failure (the library's or the system's message on\n"
    "standard error), 2 wrong usage.\n";

enum { EXIT_FAILED = 1, EXIT_USAGE = 2, KEEP_GOING = -1 };

/* The command line, parsed. NULL members were not given. */
typedef struct cli_args {
  const char* command; /* "paths", "findings" or "version" */
  const char* input;   /* FILE; "-" is standard input */
  const char* filter;  /* findings: FILTER_JSON */
  const char* output;  /* -o OUT; NULL or "-" is standard output */
  const char* edges;   /* paths: --edges EDGES */
} cli_args;

/* One line on stderr, "aegispath-cli: ..." */
static void complain(const char* format, ...) {
  va_list args;
  va_start(args, format);
  fputs("aegispath-cli: ", stderr);
  vfprintf(stderr, format, args);
  fputc('\n', stderr);
  va_end(args);
}

static int usage_error(const char* problem, const char* arg) {
  complain("%s%s%s (try aegispath-cli --help)", problem, arg ? " " : "", arg ? arg : "");
  return EXIT_USAGE;
}

static int print_version(void) {
  /* The header this program was compiled with and the library it runs with
   * may differ; the struct_size rule (aegispath.h) keeps them compatible. */
  printf("libaegispath %s (header %d.%d.%d)\n", aegis_version_string(), AEGIS_VERSION_MAJOR,
         AEGIS_VERSION_MINOR, AEGIS_VERSION_PATCH);
  return fflush(stdout) == 0 ? 0 : EXIT_FAILED;
}

/* Fills args from argv. Returns KEEP_GOING, or the exit status when the
 * program is done (help, version) or the usage is wrong. Options may come
 * before or after the command; "--" ends them; "-" alone is an operand. */
static int parse_args(int argc, char** argv, cli_args* args) {
  const char* operands[3];
  int count = 0, options_done = 0;
  for (int i = 1; i < argc; ++i) {
    const char* arg = argv[i];
    if (options_done || arg[0] != '-' || arg[1] == '\0') {
      if (count == 3) return usage_error("unexpected argument", arg);
      operands[count++] = arg;
      continue;
    }
    if (strcmp(arg, "--") == 0) {
      options_done = 1;
    } else if (strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0) {
      fputs(kUsage, stdout);
      return fflush(stdout) == 0 ? 0 : EXIT_FAILED;
    } else if (strcmp(arg, "--version") == 0) {
      return print_version();
    } else if (strcmp(arg, "-o") == 0 || strcmp(arg, "--output") == 0 ||
               strcmp(arg, "--edges") == 0) {
      const char** slot = strcmp(arg, "--edges") == 0 ? &args->edges : &args->output;
      if (*slot != NULL) return usage_error("option given twice:", arg);
      if (i + 1 == argc) return usage_error("missing file name after", arg);
      *slot = argv[++i];
    } else {
      return usage_error("unknown option", arg);
    }
  }
  if (count == 0) return usage_error("missing command (paths, findings or version)", NULL);
  args->command = operands[0];
  if (strcmp(args->command, "version") == 0) {
    if (count > 1) return usage_error("unexpected argument", operands[1]);
    if (args->output != NULL || args->edges != NULL)
      return usage_error("version takes no options", NULL);
    return print_version();
  }
  const int is_paths = strcmp(args->command, "paths") == 0;
  if (!is_paths && strcmp(args->command, "findings") != 0)
    return usage_error("unknown command", args->command);
  if (count == 1) return usage_error("missing FILE (- reads standard input)", NULL);
  if (count == 3 && is_paths) return usage_error("unexpected argument", operands[2]);
  if (args->edges != NULL && !is_paths) return usage_error("--edges applies to paths only", NULL);
  args->input = operands[1];
  args->filter = count == 3 ? operands[2] : NULL;
  return KEEP_GOING;
}

/* ---- Reading ---------------------------------------------------------- */

/* Reads a whole file ("-" = stdin) into a malloc'ed buffer. On failure
 * returns NULL with the reason already printed. */
static uint8_t* read_all(const char* path, size_t* len) {
  const int from_stdin = strcmp(path, "-") == 0;
  const char* name = from_stdin ? "standard input" : path;
  FILE* f = from_stdin ? stdin : fopen(path, "rb");
  if (f == NULL) {
    complain("%s: %s", name, strerror(errno));
    return NULL;
  }
  size_t cap = (size_t)1 << 20, n = 0;
  uint8_t* buf = malloc(cap);
  int failed_errno = buf == NULL ? ENOMEM : 0;
  while (buf != NULL) {
    n += fread(buf + n, 1, cap - n, f);
    if (n < cap) break; /* end of file or an error, told apart below */
    uint8_t* bigger = cap > SIZE_MAX / 2 ? NULL : realloc(buf, cap * 2);
    if (bigger == NULL) {
      failed_errno = ENOMEM;
      break;
    }
    buf = bigger;
    cap *= 2;
  }
  if (failed_errno == 0 && ferror(f)) failed_errno = errno != 0 ? errno : EIO;
  if (!from_stdin) fclose(f);
  if (failed_errno != 0) {
    complain("%s: %s", name, strerror(failed_errno));
    free(buf);
    return NULL;
  }
  *len = n;
  return buf;
}

/* ---- Writing, with progress ------------------------------------------- */

static double now_seconds(void) {
  struct timespec ts;
  timespec_get(&ts, TIME_UTC);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Where the output goes: the file, the first OS error writing it, and the
 * progress line's state. */
typedef struct output {
  FILE* file;
  const char* name;
  int write_errno;          /* 0 until a write fails */
  unsigned long long bytes; /* written so far */
  int progress;             /* show a progress line on stderr */
  int progress_shown;       /* a line is on screen (to be cleared) */
  double started, last_shown;
  size_t paths; /* paths: the total, for the progress line */
} output;

static int open_output(output* out, const char* path) {
  memset(out, 0, sizeof *out);
  const int to_stdout = path == NULL || strcmp(path, "-") == 0;
  out->name = to_stdout ? "standard output" : path;
  out->file = to_stdout ? stdout : fopen(path, "wb");
  if (out->file == NULL) {
    complain("%s: %s", path, strerror(errno));
    return EXIT_FAILED;
  }
  /* A terminal showing the output needs no progress line over it. */
  out->progress = isatty(fileno(stderr)) && !isatty(fileno(out->file));
  out->started = out->last_shown = now_seconds();
  return 0;
}

static void show_progress(output* out, const char* stage) {
  if (!out->progress) return;
  if (stage != NULL) {
    fprintf(stderr, "\raegispath-cli: %s\033[K", stage);
  } else {
    const double now = now_seconds();
    if (now - out->last_shown < 0.25) return; /* a few updates per second at most */
    out->last_shown = now;
    fprintf(stderr, "\raegispath-cli: %.1f MB written (%zu paths), %.0f s\033[K",
            (double)out->bytes / 1e6, out->paths, now - out->started);
  }
  fflush(stderr);
  out->progress_shown = 1;
}

/* Appends bytes; on failure keeps the OS's reason and returns nonzero. */
static int write_bytes(output* out, const uint8_t* bytes, size_t len) {
  if (out->write_errno != 0) return 1;
  errno = 0;
  if (fwrite(bytes, 1, len, out->file) != len) {
    out->write_errno = errno != 0 ? errno : EIO;
    return 1;
  }
  out->bytes += len;
  show_progress(out, NULL);
  return 0;
}

/* The library's write callback (aegis_write_fn): 0 continues, nonzero stops. */
static int write_chunk(void* user_data, const uint8_t* chunk, size_t len) {
  return write_bytes((output*)user_data, chunk, len);
}

/* Flushes and closes; returns the exit status, reporting a write error with
 * the OS's words (e.g. "No space left on device"). */
static int close_output(output* out) {
  if (out->progress_shown) fputs("\r\033[K", stderr);
  if (out->write_errno == 0 && fflush(out->file) != 0) out->write_errno = errno != 0 ? errno : EIO;
  if (out->file != stdout && fclose(out->file) != 0 && out->write_errno == 0)
    out->write_errno = errno != 0 ? errno : EIO;
  if (out->write_errno == 0) return 0;
  complain("writing %s: %s", out->name, strerror(out->write_errno));
  return EXIT_FAILED;
}

/* ---- The commands: the C API at work ---------------------------------- */

static int library_failure(aegis_status status, const aegis_error* error) {
  complain("%s: %s", aegis_status_string(status), error->message);
  return EXIT_FAILED;
}

/* Graph mode: the edge document, taken whole whatever its size (as the
 * findings are). An empty file is no JSON document: say so here, where the
 * file name is known. */
static int set_edges(aegis_options* options, const char* name, const uint8_t* edges,
                     size_t len) {
  if (len == 0) {
    complain("%s: empty file (an edge document is a JSON array, e.g. [])", name);
    return EXIT_FAILED;
  }
  options->edges = edges;
  options->edges_len = len;
  options->max_edge_bytes = len;
  return 0;
}

/* paths: open a store and stream its result, so memory stays small however
 * large the result (a 20K-finding document makes 14 GB of JSON). */
static int run_paths(const cli_args* args, const uint8_t* input, size_t len, output* out) {
  aegis_options options;
  aegis_options_init(&options);
  options.max_input_bytes = len > 0 ? len : 1; /* the CLI takes what it is given */
  uint8_t* edges = NULL;
  size_t edges_len = 0;
  if (args->edges != NULL) {
    edges = read_all(args->edges, &edges_len);
    if (edges == NULL) return EXIT_FAILED;
    if (set_edges(&options, args->edges, edges, edges_len) != 0) {
      free(edges);
      return EXIT_FAILED;
    }
  }
  aegis_error error;
  aegis_error_init(&error);
  aegis_store* store = NULL;
  show_progress(out, "computing attack paths...");
  aegis_status status = aegis_store_open(input, len, &options, &store, &error);
  if (status == AEGIS_OK) {
    out->paths = aegis_store_path_count(store);
    status = aegis_store_write_paths(store, write_chunk, out, &error);
  }
  aegis_store_close(store); /* NULL is fine */
  free(edges);
  /* The writer's own failure is the one to report: the library only saw
   * its callback ask to stop (AEGIS_ERR_WRITE_ABORTED). */
  if (out->write_errno != 0 || status == AEGIS_OK) return 0;
  return library_failure(status, &error);
}

/* findings: one extended call; the result comes back in one library buffer. */
static int run_findings(const cli_args* args, const uint8_t* input, size_t len, output* out) {
  aegis_options options;
  aegis_options_init(&options);
  options.max_input_bytes = len > 0 ? len : 1;
  aegis_error error;
  aegis_error_init(&error);
  uint8_t* result = NULL;
  size_t result_len = 0;
  show_progress(out, "encoding findings...");
  const aegis_status status = aegis_load_and_serialize_findings_ex(
      input, len, (const uint8_t*)args->filter, args->filter ? strlen(args->filter) : 0,
      &options, &result, &result_len, &error);
  if (status != AEGIS_OK) return library_failure(status, &error);
  write_bytes(out, result, result_len);
  aegis_free(result, result_len);
  return 0;
}

int main(int argc, char** argv) {
  cli_args args = {0};
  const int parsed = parse_args(argc, argv, &args);
  if (parsed != KEEP_GOING) return parsed;

  size_t len = 0;
  uint8_t* input = read_all(args.input, &len);
  if (input == NULL) return EXIT_FAILED;
  output out;
  if (open_output(&out, args.output) != 0) {
    free(input);
    return EXIT_FAILED;
  }
  const int status = strcmp(args.command, "paths") == 0 ? run_paths(&args, input, len, &out)
                                                         : run_findings(&args, input, len, &out);
  free(input);
  const int closed = close_output(&out);
  return status != 0 ? status : closed;
}
