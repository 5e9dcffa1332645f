package server

import (
	"strconv"
	"strings"
	"testing"

	"libaegispath/go/api"
	"libaegispath/go/internal/graphcases"
	"libaegispath/go/store"
)

// graphCase returns the named case of the graph-mode table.
func graphCase(t testing.TB, name string) graphcases.Case {
	t.Helper()
	for _, c := range graphcases.Cases() {
		if c.Name == name {
			return c
		}
	}
	t.Fatalf("graphcases has no case %q", name)
	return graphcases.Case{}
}

func openGoWith(t testing.TB, doc []byte, opts api.Options) *store.Store {
	t.Helper()
	s, err := store.Open(doc, opts)
	if err != nil {
		t.Fatalf("store.Open: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestWithMode(t *testing.T) {
	stats := `{"total_findings":4,"findings_in_paths":4,"isolated_findings":0,"coverage_percent":100,"total_paths":1,` +
		`"critical_paths":1,"high_paths":0,"medium_paths":0,"by_provider":{"aws":1}}`
	got, err := withMode([]byte(stats), ModeFull, 4)
	want := `{"total_findings":4,"findings_in_paths":4,"isolated_findings":0,"coverage_percent":100,"total_paths":1,` +
		`"critical_paths":1,"high_paths":0,"medium_paths":0,"mode":"full","candidate_findings":4,"by_provider":{"aws":1}}`
	if err != nil || string(got) != want {
		t.Errorf("withMode = %s, %v\nwant %s", got, err, want)
	}
	// A provider named like the key does not move the insertion point, and
	// a truncated result keeps its last key.
	stats = `{"medium_paths":0,"by_provider":{",\"by_provider\":":1},"truncated":true}`
	got, err = withMode([]byte(stats), ModeFullHeuristic, 7)
	want = `{"medium_paths":0,"mode":"full_heuristic","candidate_findings":7,"by_provider":{",\"by_provider\":":1},"truncated":true}`
	if err != nil || string(got) != want {
		t.Errorf("withMode = %s, %v\nwant %s", got, err, want)
	}
	if _, err := withMode([]byte(`{}`), ModeFull, 0); err == nil {
		t.Error("stats without by_provider accepted")
	}
}

// TestStatsMode: with a mode, /stats is the store's stats with the two
// keys after medium_paths; without one, the store's bytes exactly.
func TestStatsMode(t *testing.T) {
	c := graphCase(t, "upstream-four-findings")
	st := openGoWith(t, c.FindingsJSON(), api.Options{Edges: c.EdgesJSON()})
	plain, err := st.PathStats()
	if err != nil {
		t.Fatal(err)
	}
	const want = `{"total_findings":4,"findings_in_paths":4,"isolated_findings":0,"coverage_percent":100,"total_paths":1,` +
		`"critical_paths":1,"high_paths":0,"medium_paths":0,"mode":"full","candidate_findings":4,"by_provider":{"aws":1}}`
	for _, c := range []struct {
		mode, want string
	}{
		{ModeFull, want},
		{ModeFullHeuristic, strings.Replace(want, `"full"`, `"full_heuristic"`, 1)},
		{"", string(plain)},
	} {
		h := New(Config{Store: st, Engine: "go", Logger: quietLogger, PathMode: c.mode})
		if r := get(h, "/api/v1/attack-paths/stats"); r.status != 200 || r.body != c.want ||
			r.header.Get("Content-Length") != itoa(len(c.want)) {
			t.Errorf("mode %q: %d %s (Content-Length %s)\nwant %s", c.mode, r.status, r.body, r.header.Get("Content-Length"), c.want)
		}
		// The export is the library's result: never the mode keys.
		if r := get(h, "/api/v1/attack-paths/export"); strings.Contains(r.body, `"mode"`) || !strings.HasSuffix(r.body, string(plain)+"}") {
			t.Errorf("mode %q: the export changed: %.300s", c.mode, r.body)
		}
	}
	defer func() {
		if recover() == nil {
			t.Error("New accepted PathMode \"sampled\"")
		}
	}()
	New(Config{Store: st, PathMode: "sampled"})
}

func itoa(n int) string { return strconv.Itoa(n) }

// TestAnalysisGraphMode: in graph mode the route answers the store's
// analysis, whose blast radius follows the edge document.
func TestAnalysisGraphMode(t *testing.T) {
	c := graphCase(t, "upstream-four-findings")
	st := openGoWith(t, c.FindingsJSON(), api.Options{Edges: c.EdgesJSON()})
	h := New(Config{Store: st, Engine: "go", Logger: quietLogger, PathMode: ModeFull})
	want, err := st.PathAnalysis("ap-001")
	if err != nil {
		t.Fatal(err)
	}
	r := get(h, "/api/v1/attack-paths/ap-001/analysis")
	if r.status != 200 || r.body != string(want) || r.header.Get("Content-Type") != "application/json" {
		t.Errorf("analysis = %d %s; want %s", r.status, r.body, want)
	}
	if !strings.HasPrefix(r.body, `{"analysis":"3-hop CRITICAL path in aws account a: `) ||
		!strings.HasSuffix(r.body, `"blast_radius":{"direct":4,"indirect":0,"total":4}}`) {
		t.Errorf("analysis of the 3-hop path = %s", r.body)
	}
	if r := get(h, "/api/v1/attack-paths/ap-002/analysis"); r.status != 404 ||
		r.body != `{"code":"not_found","message":"attack path \"ap-002\" not found","status":404}` {
		t.Errorf("unknown path's analysis = %d %s", r.status, r.body)
	}
}
