package server

import (
	"net/http"
	"strings"
	"testing"

	"libaegispath/go/api"
)

// checkTruncationHeader asserts X-Aegis-Truncated on h's routes: "true" on
// every attack-path route (also HEAD, errors and the export) when want, and
// never on the others.
func checkTruncationHeader(t *testing.T, h http.Handler, want bool) {
	t.Helper()
	pathRoutes := []string{
		"/api/v1/attack-paths", "/api/v1/attack-paths?page=2&per_page=1", "/api/v1/attack-paths/stats",
		"/api/v1/attack-paths/ap-001", "/api/v1/attack-paths/ap-001/analysis", "/api/v1/attack-paths/ap-999",
		"/api/v1/attack-paths/export", "/api/v1/attack-paths/summary",
	}
	for _, target := range pathRoutes {
		for _, method := range []string{http.MethodGet, http.MethodHead} {
			r := do(h, method, target, nil)
			if got := r.header.Get(TruncatedHeader) == "true"; got != want {
				t.Errorf("%s %s: %d, %s %q; want truncated %v", method, target, r.status, TruncatedHeader, r.header.Get(TruncatedHeader), want)
			}
		}
	}
	for _, target := range []string{"/health", "/api/v1/findings", "/api/v1/findings/n1", "/api/v1/attack-pathsx", "/"} {
		if r := get(h, target); r.header.Get(TruncatedHeader) != "" {
			t.Errorf("GET %s carries %s: %q", target, TruncatedHeader, r.header.Get(TruncatedHeader))
		}
	}
}

// TestTruncation: a store opened with a path cap that cut its result short
// says so in /stats (its last key) and in the header of every path route.
func TestTruncation(t *testing.T) {
	for _, c := range []struct {
		maxPaths  int
		truncated bool
	}{{0, false}, {2, true}, {4, false}, {5, false}} { // smallDoc has 4 paths
		st := openGoWith(t, []byte(smallDoc), api.Options{MaxPaths: c.maxPaths, IntegrityHash: true})
		h := New(Config{Store: st, Engine: "go", Logger: quietLogger})
		stats := get(h, "/api/v1/attack-paths/stats").body
		if got := strings.HasSuffix(stats, `,"truncated":true}`); got != c.truncated || ResultTruncated(st) != c.truncated {
			t.Errorf("MaxPaths %d: stats %s; want truncated %v", c.maxPaths, stats, c.truncated)
		}
		checkTruncationHeader(t, h, c.truncated)
	}
	// The mode keys and truncation together.
	st := openGoWith(t, []byte(smallDoc), api.Options{MaxPaths: 1})
	h := New(Config{Store: st, Engine: "go", Logger: quietLogger, PathMode: ModeFullHeuristic})
	if stats := get(h, "/api/v1/attack-paths/stats").body; !strings.HasSuffix(stats,
		`"medium_paths":0,"mode":"full_heuristic","candidate_findings":5,"by_provider":{"aws":1},"truncated":true}`) {
		t.Errorf("stats = %s", stats)
	}
	// Authentication first: a refused request learns nothing.
	h = New(Config{Store: st, Engine: "go", Logger: quietLogger, JWTSecret: []byte("s")})
	if r := get(h, "/api/v1/attack-paths"); r.status != 401 || r.header.Get(TruncatedHeader) != "" {
		t.Errorf("unauthenticated: %d, %s %q", r.status, TruncatedHeader, r.header.Get(TruncatedHeader))
	}
	// A store that cannot answer its stats is not called truncated.
	if ResultTruncated(brokenStore{Store: st}) {
		t.Error("a broken store is truncated")
	}
}
