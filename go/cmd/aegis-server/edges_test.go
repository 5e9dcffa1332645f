package main

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"libaegispath/go/api"
	"libaegispath/go/internal/graphcases"
	"libaegispath/go/server"
)

// upstreamFour is the four-finding example of docs/algorithms.md, "Graph
// mode": entry → two intermediates → target over same_region, same_region,
// same_account. The heuristic engine links the entry and the target
// directly; graph mode makes one 3-hop path.
func upstreamFour(t *testing.T) graphcases.Case {
	t.Helper()
	return graphCase(t, "upstream-four-findings")
}

func writeFile(t *testing.T, name string, data []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// startRun runs the server of cfg on a free port until the test ends and
// returns its URL.
func startRun(t *testing.T, cfg config) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	urls := make(chan string, 1)
	cfg.addr, cfg.shutdownWait = "127.0.0.1:0", 5*time.Second
	cfg.ready = func(u string) { urls <- u }
	done := make(chan error, 1)
	go func() { done <- run(ctx, cfg, slog.New(slog.NewTextHandler(io.Discard, nil))) }()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("run: %v", err)
			}
		case <-time.After(10 * time.Second):
			t.Error("no shutdown")
		}
	})
	select {
	case u := <-urls:
		return u
	case err := <-done:
		t.Fatalf("run returned early: %v", err)
		return ""
	}
}

// getBody GETs url and returns the status, the headers and the body.
func getBody(t *testing.T, url string) (int, http.Header, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, resp.Header, string(b)
}

// TestRunServesGraphMode: -edges reaches the store of either engine.
func TestRunServesGraphMode(t *testing.T) {
	c := upstreamFour(t)
	findings := writeFile(t, "findings.json", c.FindingsJSON())
	edges := writeFile(t, "edges.json", []byte(c.Edges))
	for _, engineName := range []string{engineGo, engineNative} {
		t.Run(engineName, func(t *testing.T) {
			url := startRun(t, config{findingsFile: findings, edgesFile: edges, engine: engineChoice{engineName, "test"}})
			status, _, body := getBody(t, url+"/api/v1/attack-paths/ap-001")
			var p struct {
				HopCount int `json:"hop_count"`
				Edges    []struct {
					EdgeType string `json:"edge_type"`
				} `json:"edges"`
			}
			if err := json.Unmarshal([]byte(body), &p); status != 200 || err != nil {
				t.Fatalf("ap-001: %d %s (%v)", status, body, err)
			}
			var types []string
			for _, e := range p.Edges {
				types = append(types, e.EdgeType)
			}
			if p.HopCount != 3 || strings.Join(types, ",") != "same_region,same_region,same_account" {
				t.Errorf("ap-001 has hop_count %d, edges %v; want the 3-hop graph-mode path", p.HopCount, types)
			}
			if _, _, health := getBody(t, url+"/health"); !strings.HasSuffix(health, `"findings":4,"paths":1}`) {
				t.Errorf("/health = %s", health)
			}
		})
	}
}

func TestRunRefusesBadEdges(t *testing.T) {
	c := upstreamFour(t)
	findings := writeFile(t, "findings.json", c.FindingsJSON())
	for _, engineName := range []string{engineGo, engineNative} {
		for _, e := range []struct{ doc, want string }{
			{`{"source_id":"a"}`, "edge"},
			{`[{"source_id":1}]`, "source_id"},
			{"[\"\xff\"]", "UTF-8"},
		} {
			cfg := config{findingsFile: findings, edgesFile: writeFile(t, "edges.json", []byte(e.doc)),
				engine: engineChoice{engineName, "test"}, addr: "127.0.0.1:0"}
			err := run(context.Background(), cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
			if err == nil || !strings.Contains(err.Error(), e.want) {
				t.Errorf("%s, edges %q: %v; want an error naming %s", engineName, e.doc, err, e.want)
			}
		}
	}
	cfg := config{findingsFile: findings, edgesFile: filepath.Join(t.TempDir(), "missing.json"), engine: engineChoice{engineGo, "test"}}
	if err := run(context.Background(), cfg, slog.New(slog.NewTextHandler(io.Discard, nil))); err == nil ||
		!strings.Contains(err.Error(), "missing.json") {
		t.Errorf("missing edge file: %v", err)
	}
}

func TestReadEdgesCap(t *testing.T) {
	path := writeFile(t, "edges.json", []byte(`[{"source_id":"a","target_id":"b","edge_type":"x"}]`))
	doc, err := readEdges(path, 0)
	if err != nil || !strings.HasPrefix(string(doc), `[{"source_id"`) {
		t.Errorf("readEdges under the default cap: %q, %v", doc, err)
	}
	if _, err := readEdges(path, 10); err == nil || !strings.Contains(err.Error(), "over the cap of 10 bytes") {
		t.Errorf("a regular file over the cap: %v", err)
	}
	// A file whose size says nothing (a device) is read only up to the cap.
	if _, err := readEdges("/dev/zero", 1<<20); err == nil || !strings.Contains(err.Error(), "over the cap") {
		t.Errorf("/dev/zero: %v", err)
	}
}

func TestParseConfigEdges(t *testing.T) {
	cfg, err := parseConfig(nil, env{"AEGIS_EDGES_FILE": "e.json"}.get)
	if err != nil || cfg.edgesFile != "e.json" {
		t.Errorf("AEGIS_EDGES_FILE: %q, %v", cfg.edgesFile, err)
	}
	cfg, err = parseConfig([]string{"-edges", "f.json"}, env{"AEGIS_EDGES_FILE": "e.json"}.get)
	if err != nil || cfg.edgesFile != "f.json" {
		t.Errorf("-edges over AEGIS_EDGES_FILE: %q, %v", cfg.edgesFile, err)
	}
}

func graphCase(t *testing.T, name string) graphcases.Case {
	t.Helper()
	for _, c := range graphcases.Cases() {
		if c.Name == name {
			return c
		}
	}
	t.Fatalf("graphcases has no case %q", name)
	return graphcases.Case{}
}

// TestOpenPathStoreModes: the mode follows the edge document, and a
// document that gives no path falls back to the heuristic engine's paths.
func TestOpenPathStoreModes(t *testing.T) {
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	for _, engineName := range []string{engineGo, engineNative} {
		for _, c := range []struct {
			name      string
			noEdges   bool
			wantMode  string
			wantPaths int
		}{
			{"upstream-four-findings", false, server.ModeFull, 1},
			{"upstream-four-findings", true, "", 1},
			// `[]` and edges between intermediates give no graph path;
			// the heuristic engine links entry and target.
			{"empty-edge-document", false, server.ModeFullHeuristic, 1},
			{"no-paths", false, server.ModeFullHeuristic, 1},
		} {
			gc := graphCase(t, c.name)
			opts := api.Options{IntegrityHash: true, Edges: gc.EdgesJSON()}
			if c.noEdges {
				opts.Edges = nil
			}
			st, _, mode, used, err := openPathStore(engineChoice{engineName, "test"}, gc.FindingsJSON(), opts, quiet)
			if err != nil {
				t.Fatalf("%s %s: %v", engineName, c.name, err)
			}
			if mode != c.wantMode || st.PathCount() != c.wantPaths {
				t.Errorf("%s %s (no edges %v): mode %q, %d paths; want %q, %d", engineName, c.name, c.noEdges, mode, st.PathCount(), c.wantMode, c.wantPaths)
			}
			if (used.Edges == nil) != (mode != server.ModeFull) {
				t.Errorf("%s %s: the store was opened with edges %q in mode %q", engineName, c.name, used.Edges, mode)
			}
			st.Close()
		}
	}
}

// TestRunStatsModeParity: both engines' servers answer /stats with the same
// bytes in each mode, with the mode keys after medium_paths.
func TestRunStatsModeParity(t *testing.T) {
	for _, c := range []struct {
		name, mode string
		edges      bool
	}{
		{"upstream-four-findings", `"mode":"full","candidate_findings":4,`, true},
		{"no-paths", `"mode":"full_heuristic","candidate_findings":4,`, true},
		{"upstream-four-findings", "", false},
	} {
		gc := graphCase(t, c.name)
		cfg := config{findingsFile: writeFile(t, "findings.json", gc.FindingsJSON())}
		if c.edges {
			cfg.edgesFile = writeFile(t, "edges.json", gc.EdgesJSON())
		}
		var bodies []string
		for _, engineName := range []string{engineGo, engineNative} {
			cfg.engine = engineChoice{engineName, "test"}
			_, _, body := getBody(t, startRun(t, cfg)+"/api/v1/attack-paths/stats")
			bodies = append(bodies, body)
		}
		if bodies[0] != bodies[1] {
			t.Errorf("%s: go %s\nnative %s", c.name, bodies[0], bodies[1])
		}
		if c.mode != "" && !strings.Contains(bodies[0], `"medium_paths":0,`+c.mode+`"by_provider":`) ||
			c.mode == "" && strings.Contains(bodies[0], `"mode"`) {
			t.Errorf("%s: /stats = %s, want %q after medium_paths", c.name, bodies[0], c.mode)
		}
	}
}
