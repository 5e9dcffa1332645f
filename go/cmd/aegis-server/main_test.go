package main

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"libaegispath/go/server"
)

func TestParseConfig(t *testing.T) {
	env := map[string]string{
		"AEGIS_ADDR": "0.0.0.0:9", "AEGIS_FINDINGS_FILE": "f.json", "AEGIS_JWT_SECRET": "s",
	}
	getenv := func(k string) string { return env[k] }
	// No engine setting: the default (precedence cases: engine_test.go).
	cfg, err := parseConfig(nil, getenv)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.addr != "0.0.0.0:9" || cfg.findingsFile != "f.json" || cfg.jwtSecret != "s" || cfg.engine != (engineChoice{"go", "default"}) || cfg.corpusFindings != 2000 {
		t.Errorf("env defaults: %+v", cfg)
	}
	cfg, err = parseConfig([]string{"-addr", ":1", "-findings", "g.json", "-engine", "NATIVE", "-max-input-bytes", "5"}, getenv)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.addr != ":1" || cfg.findingsFile != "g.json" || cfg.engine != (engineChoice{"native", "-engine"}) || cfg.maxInputBytes != 5 {
		t.Errorf("flags: %+v", cfg)
	}
	cfg, err = parseConfig(nil, func(string) string { return "" })
	if err != nil || cfg.addr != "127.0.0.1:8080" || cfg.findingsFile != "" || cfg.jwtSecret != "" {
		t.Errorf("no env: %+v, %v", cfg, err)
	}
	for _, args := range [][]string{{"-engine", "rust"}, {"extra"}, {"-corpus-findings", "-1"}, {"-max-input-bytes", "-1"}, {"-max-threads", "-1"}, {"-nope"},
		{"-max-exports", "-1"}, {"-write-timeout", "-1s"}, {"-read-header-timeout", "-1s"}, {"-idle-timeout", "-1ns"}, {"-write-timeout", "10"}} {
		if _, err := parseConfig(args, getenv); err == nil {
			t.Errorf("parseConfig(%q) accepted", args)
		}
	}
}

func TestParseConfigLimits(t *testing.T) {
	none := func(string) string { return "" }
	cfg, err := parseConfig(nil, none)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.writeTimeout != server.DefaultWriteTimeout || cfg.maxExports != server.DefaultMaxExports ||
		cfg.readHeaderWait != server.DefaultReadHeaderTimeout || cfg.idleTimeout != server.DefaultIdleTimeout || cfg.jwtRequireExp {
		t.Errorf("defaults: %+v", cfg)
	}
	cfg, err = parseConfig([]string{"-write-timeout", "10s", "-max-exports", "0", "-read-header-timeout", "1s", "-idle-timeout", "0", "-jwt-require-exp"}, none)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.writeTimeout != 10*time.Second || cfg.maxExports != 0 || cfg.readHeaderWait != time.Second || cfg.idleTimeout != 0 || !cfg.jwtRequireExp {
		t.Errorf("flags: %+v", cfg)
	}
	for _, c := range []struct {
		env  string
		args []string
		want bool
	}{
		{"true", nil, true}, {"1", nil, true}, {" TRUE ", nil, true}, {"false", nil, false}, {"", nil, false},
		{"true", []string{"-jwt-require-exp=false"}, false}, {"false", []string{"-jwt-require-exp"}, true},
	} {
		cfg, err := parseConfig(c.args, func(k string) string { return map[string]string{"AEGIS_JWT_REQUIRE_EXP": c.env}[k] })
		if err != nil || cfg.jwtRequireExp != c.want {
			t.Errorf("AEGIS_JWT_REQUIRE_EXP=%q %q: %v, %v; want %v", c.env, c.args, cfg.jwtRequireExp, err, c.want)
		}
	}
	if _, err := parseConfig(nil, func(k string) string { return map[string]string{"AEGIS_JWT_REQUIRE_EXP": "yes"}[k] }); err == nil ||
		!strings.Contains(err.Error(), `AEGIS_JWT_REQUIRE_EXP="yes"`) {
		t.Errorf("AEGIS_JWT_REQUIRE_EXP=yes: %v", err)
	}
}

func TestRunServesAndShutsDown(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "f.json")
	doc := `[{"id":"a","account_id":"x","region":"r","resource_id":"1","resource_type":"storage","category":"NETWORK","severity":"HIGH"},` +
		`{"id":"b","account_id":"x","region":"r","resource_id":"2","resource_type":"storage","severity":"LOW"}]`
	if err := os.WriteFile(file, []byte(doc), 0o600); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	urls := make(chan string, 1)
	cfg := config{addr: "127.0.0.1:0", findingsFile: file, engine: engineChoice{"go", "test"}, shutdownWait: 5 * time.Second,
		ready: func(u string) { urls <- u }}
	done := make(chan error, 1)
	go func() { done <- run(ctx, cfg, slog.New(slog.NewTextHandler(io.Discard, nil))) }()
	var url string
	select {
	case url = <-urls:
	case err := <-done:
		t.Fatalf("run returned early: %v", err)
	}
	resp, err := http.Get(url + "/health")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if want := `{"status":"ok","engine":"go","findings":2,"paths":1}`; string(body) != want {
		t.Errorf("/health = %s, want %s", body, want)
	}
	// The export is tagged with the document's content tag, and a HEAD
	// answers its headers.
	resp, err = http.Head(url + "/api/v1/attack-paths/export")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if etag := resp.Header.Get("ETag"); resp.StatusCode != 200 || len(etag) != 2+64 ||
		resp.Header.Get("Content-Disposition") != "attachment; filename=attack-paths.json" {
		t.Errorf("HEAD export: %d, ETag %q, %v", resp.StatusCode, etag, resp.Header)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("run after cancel: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("no shutdown")
	}

	// A bad document is reported, not served.
	os.WriteFile(file, []byte(`{}`), 0o600)
	if err := run(context.Background(), cfg, slog.New(slog.NewTextHandler(io.Discard, nil))); err == nil ||
		!strings.Contains(err.Error(), "not a JSON array") {
		t.Errorf("run with a bad document: %v", err)
	}
}
