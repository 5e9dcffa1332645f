package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	aegispath "libaegispath/bridge"
	"libaegispath/go/server"
)

func TestParseConfigResultLimits(t *testing.T) {
	none := env{}.get
	cfg, err := parseConfig(nil, none)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.maxPaths.set || cfg.openTimeout != defaultOpenTimeout {
		t.Errorf("defaults: max-paths %+v, open-timeout %v", cfg.maxPaths, cfg.openTimeout)
	}
	if cfg.maxPaths.or(defaultMaxPaths(engineNative)) != 50_000_000 || cfg.maxPaths.or(defaultMaxPaths(engineGo)) != 8_000_000 {
		t.Errorf("engine defaults: native %d, go %d", cfg.maxPaths.or(defaultMaxPaths(engineNative)), cfg.maxPaths.or(defaultMaxPaths(engineGo)))
	}
	// Both defaults keep every path of the 20K upstream corpus.
	if const20K := 6_942_243; defaultMaxPathsNative < const20K || defaultMaxPathsGo < const20K {
		t.Errorf("a default cap truncates the 20K corpus's %d paths", const20K)
	}
	cfg, err = parseConfig([]string{"-max-paths", "0", "-open-timeout", "0"}, none)
	if err != nil || !cfg.maxPaths.set || cfg.maxPaths.or(7) != 0 || cfg.openTimeout != 0 {
		t.Errorf("-max-paths 0 -open-timeout 0: %+v %v, %v", cfg.maxPaths, cfg.openTimeout, err)
	}
	cfg, err = parseConfig([]string{"-max-paths=123", "-open-timeout=90s"}, none)
	if err != nil || cfg.maxPaths.or(7) != 123 || cfg.openTimeout != 90*time.Second {
		t.Errorf("-max-paths=123 -open-timeout=90s: %+v %v, %v", cfg.maxPaths, cfg.openTimeout, err)
	}
	for _, args := range [][]string{{"-max-paths", "-1"}, {"-max-paths", "x"}, {"-max-paths", "1e6"}, {"-open-timeout", "-1s"}, {"-open-timeout", "5"}} {
		if _, err := parseConfig(args, none); err == nil {
			t.Errorf("parseConfig(%q) accepted", args)
		}
	}
}

// explosive is one account whose entries and targets all link: n/2 × n/2
// entry-target paths from a few kilobytes (the shape of the hostile
// documents the default cap is for).
func explosive(n int) []byte {
	var b strings.Builder
	b.WriteByte('[')
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		if i%2 == 0 {
			fmt.Fprintf(&b, `{"id":"e%d","account_id":"a","region":"r","resource_id":"x%d","resource_type":"compute","category":"NETWORK","severity":"HIGH","cloud_provider":"aws"}`, i, i)
		} else {
			fmt.Fprintf(&b, `{"id":"t%d","account_id":"a","region":"r","resource_id":"x%d","resource_type":"storage","severity":"LOW","cloud_provider":"aws"}`, i, i)
		}
	}
	b.WriteByte(']')
	return []byte(b.String())
}

// TestRunMaxPaths: -max-paths reaches either engine's store; a truncated
// result says so in /stats and in the header of path routes, with the same
// bytes from both engines.
func TestRunMaxPaths(t *testing.T) {
	findings := writeFile(t, "findings.json", explosive(200)) // 100 × 100 paths and more
	var stats []string
	for _, engineName := range []string{engineGo, engineNative} {
		cfg := config{findingsFile: findings, engine: engineChoice{engineName, "test"}}
		cfg.maxPaths.Set("250")
		url := startRun(t, cfg)
		status, header, body := getBody(t, url+"/api/v1/attack-paths/stats")
		if status != 200 || !strings.HasSuffix(body, `"total_paths":250,"critical_paths":0,"high_paths":250,"medium_paths":0,"by_provider":{"aws":250},"truncated":true}`) ||
			header.Get(server.TruncatedHeader) != "true" {
			t.Errorf("%s: /stats %d %s, %s %q", engineName, status, body, server.TruncatedHeader, header.Get(server.TruncatedHeader))
		}
		stats = append(stats, body)
		if _, header, body := getBody(t, url+"/api/v1/attack-paths?per_page=1"); header.Get(server.TruncatedHeader) != "true" ||
			!strings.HasSuffix(body, `"total":250,"total_pages":250}`) {
			t.Errorf("%s: the path list %.100s, %s %q", engineName, body, server.TruncatedHeader, header.Get(server.TruncatedHeader))
		}
		if _, header, body := getBody(t, url+"/health"); header.Get(server.TruncatedHeader) != "" || !strings.HasSuffix(body, `"paths":250}`) {
			t.Errorf("%s: /health %s with %s %q", engineName, body, server.TruncatedHeader, header.Get(server.TruncatedHeader))
		}
	}
	if stats[0] != stats[1] {
		t.Errorf("/stats: go %s\nnative %s", stats[0], stats[1])
	}
	// The engine's default cap is far above this document's paths: no
	// truncation, no header.
	cfg := config{findingsFile: findings, engine: engineChoice{engineGo, "test"}}
	_, header, body := getBody(t, startRun(t, cfg)+"/api/v1/attack-paths/stats")
	if strings.Contains(body, "truncated") || header.Get(server.TruncatedHeader) != "" {
		t.Errorf("default cap: %s, %s %q", body, server.TruncatedHeader, header.Get(server.TruncatedHeader))
	}
}

// TestRunOpenTimeout: the native store's open gives up after -open-timeout.
func TestRunOpenTimeout(t *testing.T) {
	if !aegispath.Available() {
		t.Skip("native engine not built in")
	}
	cfg := config{findingsFile: writeFile(t, "findings.json", explosive(4000)), engine: engineChoice{engineNative, "test"},
		openTimeout: time.Millisecond, addr: "127.0.0.1:0"}
	cfg.maxPaths.Set("0")
	err := run(context.Background(), cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	var e *aegispath.Error
	if !errors.As(err, &e) || e.Status != aegispath.StatusTimedOut {
		t.Errorf("run with -open-timeout 1ms: %v; want a timeout", err)
	}
}
