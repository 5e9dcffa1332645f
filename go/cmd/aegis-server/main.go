// Command aegis-server serves findings and attack paths over HTTP from a
// store loaded once at startup, with the pure-Go or the native engine.
//
//	aegis-server [-addr 127.0.0.1:8080] [-findings FILE] [-engine go|native]
//
// Without -findings it serves a generated corpus (the upstream shape of
// go/internal/corpus). This command is the one place that chooses the engine:
// -engine, else AEGIS_PATH_ENGINE=native|go (any case), else the legacy
// AEGIS_RUST_PATHS (true = native, false = go), else go. A bad value in any of
// them is an error (exit status 2). A native request in a build without the
// native library falls back to Go with one log line.
//
// AEGIS_JWT_SECRET (or -jwt-secret) turns on HS256 bearer authentication for
// /api/ routes; -jwt-require-exp (or AEGIS_JWT_REQUIRE_EXP=true) also makes a
// token without an exp claim invalid.
//
// Limits against slow and stalled clients (package server, Config):
//
//	-write-timeout 30s       a client that accepts nothing for this long is dropped;
//	                         an export renews it for every 64 KiB, other responses
//	                         must be written within it
//	-max-exports 8           exports streaming at once; more get 503 + Retry-After
//	-read-header-timeout 10s headers must arrive within this ("slowloris")
//	-idle-timeout 2m         keep-alive connections close after this idle time
//
// 0 turns a limit off. The export's ETag is computed once at load from the
// findings document, the engine, its version and the options.
//
// The web view is served at / (package server/web). After loading, the
// attack paths are indexed in the background for the path list's filters
// and /api/v1/attack-paths/summary (package server/pathindex; 190 MB and
// 12-30 s at 20K findings); -path-index=false skips that.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"

	aegispath "libaegispath/bridge"
	"libaegispath/go/api"
	"libaegispath/go/internal/corpus"
	"libaegispath/go/server"
	"libaegispath/go/server/pathindex"
)

type config struct {
	addr           string
	findingsFile   string
	engine         engineChoice
	maxInputBytes  int
	maxThreads     int
	corpusFindings int
	jwtSecret      string
	jwtRequireExp  bool
	writeTimeout   time.Duration
	maxExports     int
	readHeaderWait time.Duration
	idleTimeout    time.Duration
	shutdownWait   time.Duration
	pathIndex      bool
	ready          func(url string) // tests: called once the server listens
}

func main() {
	logger := slog.New(slog.NewTextHandler(os.Stderr, nil))
	slog.SetDefault(logger)
	cfg, err := parseConfig(os.Args[1:], os.Getenv)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return
		}
		fmt.Fprintln(os.Stderr, "aegis-server:", err)
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, cfg, logger); err != nil {
		logger.Error("aegis-server failed", "err", err)
		os.Exit(1)
	}
}

// parseConfig reads flags, with environment variables as their defaults.
func parseConfig(args []string, getenv func(string) string) (config, error) {
	var cfg config
	fs := flag.NewFlagSet("aegis-server", flag.ContinueOnError)
	fs.StringVar(&cfg.addr, "addr", envOr(getenv, "AEGIS_ADDR", "127.0.0.1:8080"), "listen address (env AEGIS_ADDR)")
	fs.StringVar(&cfg.findingsFile, "findings", getenv("AEGIS_FINDINGS_FILE"),
		"findings JSON file (env AEGIS_FINDINGS_FILE); default: a generated corpus")
	engineFlag := fs.String("engine", "", "attack-path engine: go or native (default: env AEGIS_PATH_ENGINE, then AEGIS_RUST_PATHS, then go)")
	fs.IntVar(&cfg.maxInputBytes, "max-input-bytes", 0, "findings document size cap in bytes (0 = 64 MiB)")
	fs.IntVar(&cfg.maxThreads, "max-threads", 0, "worker threads for loading (0 = one per core)")
	fs.IntVar(&cfg.corpusFindings, "corpus-findings", 2000, "size of the generated corpus used without -findings")
	fs.StringVar(&cfg.jwtSecret, "jwt-secret", getenv("AEGIS_JWT_SECRET"),
		"HS256 secret; when set, /api/ routes need a bearer token (env AEGIS_JWT_SECRET)")
	requireExp, err := envBool(getenv, "AEGIS_JWT_REQUIRE_EXP")
	if err != nil {
		return cfg, err
	}
	fs.BoolVar(&cfg.jwtRequireExp, "jwt-require-exp", requireExp,
		"reject tokens without an exp claim (env AEGIS_JWT_REQUIRE_EXP=true)")
	fs.DurationVar(&cfg.writeTimeout, "write-timeout", server.DefaultWriteTimeout,
		"drop a client that accepts nothing for this long: an export's deadline is renewed for every 64 KiB written, "+
			"any other response must be written within it (0 = no limit)")
	fs.IntVar(&cfg.maxExports, "max-exports", server.DefaultMaxExports,
		"exports streaming at once; more are answered 503 with Retry-After (0 = no limit)")
	fs.DurationVar(&cfg.readHeaderWait, "read-header-timeout", server.DefaultReadHeaderTimeout,
		"time allowed to read a request's headers (0 = no limit)")
	fs.DurationVar(&cfg.idleTimeout, "idle-timeout", server.DefaultIdleTimeout,
		"time a keep-alive connection may wait for its next request (0 = no limit)")
	fs.DurationVar(&cfg.shutdownWait, "shutdown-timeout", 15*time.Second, "how long to wait for requests on shutdown")
	fs.BoolVar(&cfg.pathIndex, "path-index", true,
		"index the attack paths in the background after loading, for the path list's filters and /api/v1/attack-paths/summary "+
			"(16 bytes per path + 4 per node: 190 MB and 12-30 s at 20K findings)")
	if err := fs.Parse(args); err != nil {
		return cfg, err
	}
	if fs.NArg() > 0 {
		return cfg, fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	engineGiven := false
	fs.Visit(func(f *flag.Flag) { engineGiven = engineGiven || f.Name == "engine" })
	if cfg.engine, err = chooseEngine(*engineFlag, engineGiven, getenv); err != nil {
		return cfg, err
	}
	for _, f := range []struct {
		name  string
		value int
	}{{"max-input-bytes", cfg.maxInputBytes}, {"max-threads", cfg.maxThreads}, {"corpus-findings", cfg.corpusFindings}, {"max-exports", cfg.maxExports}} {
		if f.value < 0 {
			return cfg, fmt.Errorf("-%s %d: must be >= 0", f.name, f.value)
		}
	}
	for _, f := range []struct {
		name  string
		value time.Duration
	}{{"write-timeout", cfg.writeTimeout}, {"read-header-timeout", cfg.readHeaderWait}, {"idle-timeout", cfg.idleTimeout}, {"shutdown-timeout", cfg.shutdownWait}} {
		if f.value < 0 {
			return cfg, fmt.Errorf("-%s %v: must be >= 0", f.name, f.value)
		}
	}
	return cfg, nil
}

// envBool reads a boolean environment variable (strconv.ParseBool); empty
// or blank is false.
func envBool(getenv func(string) string, key string) (bool, error) {
	v := strings.TrimSpace(getenv(key))
	if v == "" {
		return false, nil
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		return false, fmt.Errorf("%s=%q: want true or false", key, v)
	}
	return b, nil
}

func envOr(getenv func(string) string, key, def string) string {
	if v := getenv(key); v != "" {
		return v
	}
	return def
}

// run loads the store, serves until ctx is cancelled, then shuts down
// gracefully.
func run(ctx context.Context, cfg config, logger *slog.Logger) error {
	doc, source, err := loadDocument(cfg)
	if err != nil {
		return err
	}
	start := time.Now()
	opts := api.Options{MaxInputBytes: cfg.maxInputBytes, MaxThreads: cfg.maxThreads, IntegrityHash: true}
	st, engineName, err := openStore(cfg.engine, doc, opts, logger)
	if err != nil {
		return fmt.Errorf("load %s: %w", source, err)
	}
	// The export's ETag: everything its bytes are made of, hashed once here
	// (all options, also those that do not shape the bytes: changing one
	// costs clients a full download, never a stale one).
	exportTag := server.ContentTag(doc, "aegis-export-1", engineName, aegispath.Version(), fmt.Sprintf("%+v", opts))
	doc = nil // the store keeps what it needs
	defer st.Close()
	var index *pathindex.Index
	if cfg.pathIndex {
		index = pathindex.New()
		stopIndex := startPathIndex(ctx, index, st, logger)
		defer stopIndex() // before st.Close: the build reads the store
	}
	logger.Info("store loaded", "source", source, "engine", engineName, "engine_chosen_by", cfg.engine.source,
		"findings", st.FindingCount(), "paths", st.PathCount(), "duration", time.Since(start))

	ln, err := net.Listen("tcp", cfg.addr)
	if err != nil {
		return err
	}
	srv := server.NewHTTPServer(server.Config{
		Store: st, Engine: engineName, Logger: logger,
		JWTSecret: []byte(cfg.jwtSecret), JWTRequireExp: cfg.jwtRequireExp,
		ExportTag:    exportTag,
		WriteTimeout: cfg.writeTimeout, MaxExports: cfg.maxExports,
		ReadHeaderTimeout: cfg.readHeaderWait, IdleTimeout: cfg.idleTimeout,
		PathIndex: index,
	})
	logger.Info("limits", "write_timeout", cfg.writeTimeout, "max_exports", cfg.maxExports,
		"read_header_timeout", cfg.readHeaderWait, "idle_timeout", cfg.idleTimeout, "jwt_require_exp", cfg.jwtRequireExp)
	url := "http://" + ln.Addr().String()
	auth := ""
	if cfg.jwtSecret != "" {
		auth = ` -H "Authorization: Bearer $TOKEN"`
	}
	fmt.Printf("aegis-server: serving %d findings, %d attack paths (engine %s) on %s — try: curl%s %s/api/v1/attack-paths/stats\n",
		st.FindingCount(), st.PathCount(), engineName, url, auth, url)

	if cfg.ready != nil {
		cfg.ready(url)
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	select {
	case err := <-served:
		return err
	case <-ctx.Done():
	}
	logger.Info("shutting down", "timeout", cfg.shutdownWait)
	sctx, cancel := context.WithTimeout(context.Background(), cfg.shutdownWait)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		srv.Close()
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-served; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// startPathIndex builds index from st in the background and logs the
// outcome; the returned function cancels the build and waits for it.
func startPathIndex(ctx context.Context, index *pathindex.Index, st api.Store, logger *slog.Logger) (stop func()) {
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		start := time.Now()
		if err := index.Build(ctx, st); err != nil {
			if ctx.Err() == nil {
				logger.Error("path index failed; the path list takes no filters", "err", err)
			}
			return
		}
		logger.Info("path index ready", "paths", st.PathCount(), "duration", time.Since(start))
	}()
	return func() {
		cancel()
		<-done
	}
}

// loadDocument reads the findings file, or generates the default corpus.
func loadDocument(cfg config) (doc []byte, source string, err error) {
	if cfg.findingsFile != "" {
		doc, err = os.ReadFile(cfg.findingsFile)
		return doc, cfg.findingsFile, err
	}
	doc = corpus.Bytes(corpus.Options{N: cfg.corpusFindings, Seed: 1, Shape: corpus.ShapeUpstream})
	return doc, "generated corpus (" + strconv.Itoa(cfg.corpusFindings) + " findings, seed 1)", nil
}
