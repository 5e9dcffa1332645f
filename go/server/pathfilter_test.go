package server

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"libaegispath/go/api"
	"libaegispath/go/engine"
	"libaegispath/go/internal/corpus"
	"libaegispath/go/server/pathindex"
)

func builtIndex(t *testing.T, st api.Store) *pathindex.Index {
	t.Helper()
	ix := pathindex.New()
	if err := ix.Build(context.Background(), st); err != nil {
		t.Fatal(err)
	}
	return ix
}

type pathPage struct {
	Data       []engine.AttackPath `json:"data"`
	Page       int                 `json:"page"`
	PerPage    int                 `json:"per_page"`
	Total      int                 `json:"total"`
	TotalPages int                 `json:"total_pages"`
}

func TestPathFilters(t *testing.T) {
	st := openGo(t, corpus.Bytes(corpus.Options{N: 300, Seed: 3}))
	ix := builtIndex(t, st)
	h := New(Config{Store: st, Engine: "go", Logger: quietLogger, PathIndex: ix})

	// Without filters the list is the store's, byte for byte.
	for _, target := range []string{"/api/v1/attack-paths", "/api/v1/attack-paths?page=3&per_page=7", "/api/v1/attack-paths?severity="} {
		want := mustBytes(t)(st.ListPaths(intParam(queryOf(target, "page")), intParam(queryOf(target, "per_page"))))
		if got := get(h, target); got.status != 200 || got.body != want {
			t.Errorf("%s: %d, body differs from the store's", target, got.status)
		}
	}

	var all []engine.AttackPath
	for p := 1; ; p++ {
		var page pathPage
		json.Unmarshal([]byte(get(h, "/api/v1/attack-paths?per_page=100&page="+strconv.Itoa(p)).body), &page)
		all = append(all, page.Data...)
		if p >= page.TotalPages {
			break
		}
	}
	for _, c := range []struct {
		query string
		keep  func(p engine.AttackPath) bool
	}{
		{"severity=high", func(p engine.AttackPath) bool { return p.Severity == "HIGH" }},
		{"provider=AZURE&hop_count=2", func(p engine.AttackPath) bool { return p.EntryPoint.Provider == "azure" && p.HopCount == 2 }},
		{"account=123456789012", func(p engine.AttackPath) bool { return p.EntryPoint.AccountID == "123456789012" }},
		{"q=f-0001", func(p engine.AttackPath) bool {
			for _, n := range p.Nodes {
				if strings.Contains(n.FindingID, "f-0001") {
					return true
				}
			}
			return false
		}},
		{"hop_count=x", func(engine.AttackPath) bool { return false }},
		{"hop_count=0", func(engine.AttackPath) bool { return false }},
	} {
		var want []engine.AttackPath
		for _, p := range all {
			if c.keep(p) {
				want = append(want, p)
			}
		}
		r := get(h, "/api/v1/attack-paths?per_page=5&page=2&"+c.query)
		var got pathPage
		if err := json.Unmarshal([]byte(r.body), &got); r.status != 200 || err != nil {
			t.Fatalf("%s: %d %v %s", c.query, r.status, err, r.body)
		}
		lo := min(5, len(want))
		if len(want) <= 5 {
			lo = 0 // page 2 past the end is the last page
		}
		wantPage := want[lo:min(lo+5, len(want))]
		ids := func(ps []engine.AttackPath) (s []string) {
			for _, p := range ps {
				s = append(s, p.ID)
			}
			return s
		}
		if got.Total != len(want) || strings.Join(ids(got.Data), ",") != strings.Join(ids(wantPage), ",") {
			t.Errorf("%s: total %d ids %v; want total %d ids %v", c.query, got.Total, ids(got.Data), len(want), ids(wantPage))
		}
		// Each path is the store's own bytes.
		if len(got.Data) > 0 {
			raw := r.body[len(`{"data":[`):]
			first := mustBytes(t)(st.Path(got.Data[0].ID))
			if !strings.HasPrefix(raw, first) {
				t.Errorf("%s: the first path's bytes differ from Store.Path", c.query)
			}
		}
	}
}

func queryOf(target, key string) string {
	_, q, _ := strings.Cut(target, "?")
	for _, kv := range strings.Split(q, "&") {
		if k, v, _ := strings.Cut(kv, "="); k == key {
			return v
		}
	}
	return ""
}

func TestPathFiltersWithoutOrBeforeTheIndex(t *testing.T) {
	st := openGo(t, []byte(smallDoc))
	none := New(Config{Store: st, Logger: quietLogger})
	if r := get(none, "/api/v1/attack-paths?severity=HIGH"); r.status != http.StatusNotImplemented || !strings.Contains(r.body, `"not_implemented"`) {
		t.Errorf("no index: %d %s", r.status, r.body)
	}
	if r := get(none, "/api/v1/attack-paths/summary"); r.status != http.StatusNotFound {
		t.Errorf("summary without an index: %d %s", r.status, r.body)
	}

	ix := pathindex.New()
	h := New(Config{Store: st, Logger: quietLogger, PathIndex: ix})
	r := get(h, "/api/v1/attack-paths?severity=HIGH")
	if r.status != http.StatusServiceUnavailable || r.header.Get("Retry-After") == "" || !strings.Contains(r.body, "not ready") {
		t.Errorf("index not built: %d %v %s", r.status, r.header, r.body)
	}
	if r := get(h, "/api/v1/attack-paths/summary"); r.status != 200 || r.body != `{"index":"building","indexed_paths":0,"total_paths":0}` {
		t.Errorf("summary while building: %d %s", r.status, r.body)
	}
	if err := ix.Build(context.Background(), st); err != nil {
		t.Fatal(err)
	}
	r = get(h, "/api/v1/attack-paths/summary")
	want := `{"index":"ready","indexed_paths":4,"total_paths":4,` +
		`"hop_counts":[{"hop_count":1,"paths":4}],` +
		`"severities":[{"severity":"CRITICAL","paths":2},{"severity":"HIGH","paths":2}],` +
		`"providers":[{"provider":"aws","paths":4}],` +
		`"accounts":[{"account_id":"acc","provider":"aws","paths":4}],"account_count":1}`
	if r.status != 200 || r.body != want {
		t.Errorf("summary:\n got %s\nwant %s", r.body, want)
	}
	if r := get(h, "/api/v1/attack-paths?severity=critical&per_page=1&page=2"); r.status != 200 ||
		!strings.HasSuffix(r.body, `],"page":2,"per_page":1,"total":2,"total_pages":2}`) {
		t.Errorf("filtered page: %d %s", r.status, r.body)
	}
}

func TestFailedIndex(t *testing.T) {
	st := openGo(t, []byte(smallDoc))
	ix := pathindex.New()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	ix.Build(ctx, st)
	h := New(Config{Store: st, Logger: quietLogger, PathIndex: ix})
	if r := get(h, "/api/v1/attack-paths?q=x"); r.status != http.StatusInternalServerError {
		t.Errorf("failed index: %d %s", r.status, r.body)
	}
	if r := get(h, "/api/v1/attack-paths/summary"); !strings.HasPrefix(r.body, `{"index":"failed"`) {
		t.Errorf("summary of a failed index: %s", r.body)
	}
}

func TestWebViewRoutes(t *testing.T) {
	st := openGo(t, []byte(smallDoc))
	h := New(Config{Store: st, Logger: quietLogger, JWTSecret: []byte("s")})
	// The page is outside /api/: it loads without a token, then asks for one.
	r := get(h, "/")
	if r.status != 200 || !strings.HasPrefix(r.header.Get("Content-Type"), "text/html") || !strings.Contains(r.body, "<html") {
		t.Fatalf("GET /: %d %v", r.status, r.header)
	}
	if r := get(h, "/ui/app.css"); r.status != 200 || !strings.HasPrefix(r.header.Get("Content-Type"), "text/css") {
		t.Errorf("GET /ui/app.css: %d %v", r.status, r.header)
	}
	for target, status := range map[string]int{"/ui/nope.js": 404, "/index.html": 404, "/api/v1/attack-paths": 401} {
		if r := get(h, target); r.status != status || !strings.Contains(r.body, `"status":`) {
			t.Errorf("GET %s: %d %s, want a JSON %d", target, r.status, r.body, status)
		}
	}
	if r := do(h, http.MethodPost, "/", nil); r.status != http.StatusMethodNotAllowed {
		t.Errorf("POST /: %d", r.status)
	}
}
