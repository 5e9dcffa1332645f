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
// native library falls back to Go with one log line. AEGIS_JWT_SECRET (or
// -jwt-secret) turns on HS256 bearer authentication for /api/ routes.
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
	"syscall"
	"time"

	"libaegispath/go/api"
	"libaegispath/go/internal/corpus"
	"libaegispath/go/server"
)

type config struct {
	addr           string
	findingsFile   string
	engine         engineChoice
	maxInputBytes  int
	maxThreads     int
	corpusFindings int
	jwtSecret      string
	shutdownWait   time.Duration
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
	fs.DurationVar(&cfg.shutdownWait, "shutdown-timeout", 15*time.Second, "how long to wait for requests on shutdown")
	if err := fs.Parse(args); err != nil {
		return cfg, err
	}
	if fs.NArg() > 0 {
		return cfg, fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	engineGiven := false
	fs.Visit(func(f *flag.Flag) { engineGiven = engineGiven || f.Name == "engine" })
	var err error
	if cfg.engine, err = chooseEngine(*engineFlag, engineGiven, getenv); err != nil {
		return cfg, err
	}
	for _, f := range []struct {
		name  string
		value int
	}{{"max-input-bytes", cfg.maxInputBytes}, {"max-threads", cfg.maxThreads}, {"corpus-findings", cfg.corpusFindings}} {
		if f.value < 0 {
			return cfg, fmt.Errorf("-%s %d: must be >= 0", f.name, f.value)
		}
	}
	return cfg, nil
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
	doc = nil // the store keeps what it needs
	defer st.Close()
	logger.Info("store loaded", "source", source, "engine", engineName, "engine_chosen_by", cfg.engine.source,
		"findings", st.FindingCount(), "paths", st.PathCount(), "duration", time.Since(start))

	ln, err := net.Listen("tcp", cfg.addr)
	if err != nil {
		return err
	}
	srv := &http.Server{
		Handler: server.New(server.Config{
			Store: st, Engine: engineName, JWTSecret: []byte(cfg.jwtSecret), Logger: logger,
		}),
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       2 * time.Minute,
		// No WriteTimeout: an export may stream gigabytes.
		ErrorLog: slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
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

// loadDocument reads the findings file, or generates the default corpus.
func loadDocument(cfg config) (doc []byte, source string, err error) {
	if cfg.findingsFile != "" {
		doc, err = os.ReadFile(cfg.findingsFile)
		return doc, cfg.findingsFile, err
	}
	doc = corpus.Bytes(corpus.Options{N: cfg.corpusFindings, Seed: 1, Shape: corpus.ShapeUpstream})
	return doc, "generated corpus (" + strconv.Itoa(cfg.corpusFindings) + " findings, seed 1)", nil
}
