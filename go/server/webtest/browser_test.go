package webtest

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/golang-jwt/jwt/v5"

	"libaegispath/go/api"
	"libaegispath/go/engine"
	"libaegispath/go/internal/corpus"
	"libaegispath/go/server"
	"libaegispath/go/server/pathindex"
	"libaegispath/go/server/web"
	"libaegispath/go/store"
)

// The browser test runs when AEGIS_BROWSER_TEST=1 (scripts/check/browser.sh
// sets it and installs Chromium first), so the ordinary `go test ./...`
// runs of the suite do not start a browser three times over.
const enableEnv = "AEGIS_BROWSER_TEST"

// findings is the corpus size: big enough for many pages of paths and
// findings, small enough to load in well under a second.
const findings = 600

func browserOrSkip(t *testing.T) string {
	t.Helper()
	if os.Getenv(enableEnv) != "1" {
		t.Skipf("browser test skipped: set %s=1 to run it (scripts/check/browser.sh does)", enableEnv)
	}
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	chromium, err := FindChromium()
	if err != nil {
		t.Skipf("browser test skipped: %v", err)
	}
	if !web.HasGraphLibrary() {
		t.Fatal("the web view was built without its graph library: run scripts/setup-web.sh (scripts/setup.sh does) before the test")
	}
	return chromium
}

// testServer serves a generated corpus with a built path index.
func testServer(t *testing.T, secret string) (*httptest.Server, api.Store) {
	t.Helper()
	st, err := store.Open(corpus.Bytes(corpus.Options{N: findings, Seed: 1}), api.Options{IntegrityHash: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	ix := pathindex.New()
	if err := ix.Build(context.Background(), st); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(server.New(server.Config{
		Store: st, Engine: "go", PathIndex: ix, JWTSecret: []byte(secret),
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
	}))
	t.Cleanup(srv.Close)
	return srv, st
}

func getJSON(t *testing.T, base, path string, v any) {
	t.Helper()
	res, err := http.Get(base + path)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if res.StatusCode != 200 {
		t.Fatalf("GET %s: %s", path, res.Status)
	}
	if err := json.NewDecoder(res.Body).Decode(v); err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
}

type pathsPage struct {
	Data       []engine.AttackPath `json:"data"`
	Page       int                 `json:"page"`
	Total      int                 `json:"total"`
	TotalPages int                 `json:"total_pages"`
}

type findingsPage struct {
	Data  []engine.Finding `json:"data"`
	Page  int              `json:"page"`
	Total int              `json:"total"`
}

func pathIDs(ps []engine.AttackPath) []string {
	ids := make([]string, len(ps))
	for i, p := range ps {
		ids[i] = p.ID
	}
	return ids
}

// session bundles the browser, the server and where screenshots go.
type session struct {
	t     *testing.T
	b     *Browser
	base  string
	shots string
}

func newSession(t *testing.T, chromium, base string, width, height int) *session {
	t.Helper()
	b, err := Launch(chromium, t.TempDir(), width, height)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(b.Close)
	root, err := RepoRoot()
	if err != nil {
		t.Fatal(err)
	}
	return &session{t: t, b: b, base: base, shots: filepath.Join(root, "build", "screenshots")}
}

func (s *session) must(err error) {
	s.t.Helper()
	if err != nil {
		s.t.Fatal(err)
	}
}

func (s *session) open(hash, route string) {
	s.t.Helper()
	s.must(s.b.Do(30*time.Second, chromedp.Navigate(s.base+"/"+hash)))
	s.must(s.b.WaitView(route, 20*time.Second))
}

// goTo changes the hash like a link would and waits for the view.
func (s *session) goTo(hash, route string) {
	s.t.Helper()
	s.eval(fmt.Sprintf(`location.hash = %q, true`, hash))
	s.must(s.b.WaitView(route, 20*time.Second))
}

func (s *session) eval(js string) {
	s.t.Helper()
	_, err := Eval[chromedp.Void](s.b, js)
	s.must(err)
}

func evalAs[T any](s *session, js string) T {
	s.t.Helper()
	v, err := Eval[T](s.b, js)
	s.must(err)
	return v
}

func (s *session) shot(name string) {
	s.t.Helper()
	file := filepath.Join(s.shots, name+".png")
	s.must(s.b.Screenshot(file))
	s.t.Logf("screenshot %s", file)
}

func (s *session) noConsoleErrors(phase string) {
	s.t.Helper()
	if errs := s.b.Console(); len(errs) > 0 {
		s.t.Errorf("%s: the console has errors:\n  %s", phase, strings.Join(errs, "\n  "))
	}
}

func TestBrowser(t *testing.T) {
	chromium := browserOrSkip(t)
	srv, _ := testServer(t, "")
	s := newSession(t, chromium, srv.URL, 1280, 800)

	t.Run("overview numbers equal /stats", func(t *testing.T) {
		s.t = t
		s.open("#/", "overview")
		var stats map[string]any
		getJSON(t, srv.URL, "/api/v1/attack-paths/stats", &stats)
		type shownStat struct{ Text, Value string }
		shown := evalAs[map[string]shownStat](s, `Object.fromEntries([...document.querySelectorAll('[data-stat]')].map(e => [e.dataset.stat, {Text: e.textContent, Value: e.dataset.value}]))`)
		if len(shown) != 8 {
			t.Errorf("the overview shows %d numbers, want 8: %v", len(shown), shown)
		}
		for key, got := range shown {
			want := fmt.Sprint(stats[key])
			text := strings.ReplaceAll(got.Text, ",", "")
			if key == "coverage_percent" {
				text = fmt.Sprintf("%.2f%%", stats[key]) // shown rounded, kept exact in data-value
				if got.Text != text {
					t.Errorf("coverage shown as %q, want %q", got.Text, text)
				}
				text = got.Value
			}
			if text != want || got.Value != want {
				t.Errorf("%s: the page shows %q (data-value %q), /stats says %s", key, got.Text, got.Value, want)
			}
		}
		byProvider := evalAs[map[string]string](s, `Object.fromEntries([...document.querySelectorAll('#chart-provider .bar-row')].map(r => [r.dataset.label, r.querySelector('.bar-value').textContent]))`)
		for p, n := range stats["by_provider"].(map[string]any) {
			if v := byProvider[p]; !strings.HasPrefix(strings.ReplaceAll(v, ",", ""), fmt.Sprint(n)+" (") {
				t.Errorf("provider %s: chart says %q, /stats %v", p, v, n)
			}
		}
		s.must(s.b.WaitFor(`document.querySelectorAll('#chart-hops .bar-row').length > 0`, 10*time.Second))
		var sum struct {
			HopCounts []pathindex.HopCount `json:"hop_counts"`
		}
		getJSON(t, srv.URL, "/api/v1/attack-paths/summary", &sum)
		hops := evalAs[[]string](s, `[...document.querySelectorAll('#chart-hops .bar-row')].map(r => r.dataset.label + '=' + r.dataset.value)`)
		var want []string
		for _, h := range sum.HopCounts {
			want = append(want, fmt.Sprintf("%d %s=%d", h.Hops, map[bool]string{true: "hop", false: "hops"}[h.Hops == 1], h.Paths))
		}
		if !slices.Equal(hops, want) {
			t.Errorf("hop chart %v, summary %v", hops, want)
		}
		if e := evalAs[string](s, `document.querySelector('[data-fact=engine]').textContent`); e != "go" {
			t.Errorf("engine shown %q, want go", e)
		}
		s.shot("overview")
	})

	var firstRows []string
	t.Run("the table shows the first page in API order", func(t *testing.T) {
		s.t = t
		s.goTo("#/paths", "paths")
		var page pathsPage
		getJSON(t, srv.URL, "/api/v1/attack-paths", &page)
		firstRows = evalAs[[]string](s, `[...document.querySelectorAll('#paths-table tbody tr')].map(r => r.dataset.id)`)
		if !slices.Equal(firstRows, pathIDs(page.Data)) {
			t.Fatalf("table rows %v, API page %v", firstRows, pathIDs(page.Data))
		}
		cells := evalAs[[]string](s, `[...document.querySelector('#paths-table tbody tr').cells].map(c => c.innerText.trim())`)
		p := page.Data[0]
		want := []string{p.Severity, fmt.Sprint(p.Score), fmt.Sprint(p.HopCount), p.Title + " " + p.ID, p.EntryPoint.AccountID, p.EntryPoint.Provider}
		if !slices.Equal(cells, want) {
			t.Errorf("first row %q, want %q", cells, want)
		}
		s.shot("paths")
	})

	t.Run("filters change the rows and the URL", func(t *testing.T) {
		s.t = t
		// A select applies on change, as a user's pick does.
		s.eval(`(() => { const el = document.querySelector('#path-filters select[name=severity]');
			el.value = 'HIGH'; el.dispatchEvent(new Event('change', {bubbles: true})); })()`)
		s.must(s.b.WaitFor(`location.hash.includes('severity=HIGH')`, 10*time.Second))
		s.must(s.b.WaitView("paths", 20*time.Second))
		var high pathsPage
		getJSON(t, srv.URL, "/api/v1/attack-paths?severity=HIGH", &high)
		rows := evalAs[[]string](s, `[...document.querySelectorAll('#paths-table tbody tr')].map(r => r.dataset.id)`)
		if !slices.Equal(rows, pathIDs(high.Data)) || slices.Equal(rows, firstRows) {
			t.Fatalf("severity=HIGH rows %v, API %v (unfiltered %v)", rows, pathIDs(high.Data), firstRows)
		}
		for _, p := range high.Data {
			if p.Severity != "HIGH" {
				t.Fatalf("the API's filtered page has a %s path", p.Severity)
			}
		}
		// Typing in the search box and pressing Enter.
		s.must(s.b.Do(10*time.Second, chromedp.SendKeys(chromedp.CSS(`#path-filters input[name=q]`), "f-0002"+kb.Enter)))
		s.must(s.b.WaitFor(`location.hash.includes('q=f-0002')`, 10*time.Second))
		s.must(s.b.WaitView("paths", 20*time.Second))
		var both pathsPage
		getJSON(t, srv.URL, "/api/v1/attack-paths?severity=HIGH&q=f-0002", &both)
		rows = evalAs[[]string](s, `[...document.querySelectorAll('#paths-table tbody tr')].map(r => r.dataset.id)`)
		if len(both.Data) == 0 || !slices.Equal(rows, pathIDs(both.Data)) {
			t.Fatalf("severity=HIGH&q=f-0002 rows %v, API %v", rows, pathIDs(both.Data))
		}
		status := evalAs[string](s, `document.getElementById('paths-status').textContent`)
		if !strings.Contains(strings.ReplaceAll(status, ",", ""), fmt.Sprintf("%d matching paths", both.Total)) {
			t.Errorf("status line %q, want %d matching paths", status, both.Total)
		}
		// The URL alone restores the view (shared links).
		hash := evalAs[string](s, `location.hash`)
		s.open(hash, "paths")
		again := evalAs[[]string](s, `[...document.querySelectorAll('#paths-table tbody tr')].map(r => r.dataset.id)`)
		if !slices.Equal(again, rows) {
			t.Errorf("reloading %s shows %v, want %v", hash, again, rows)
		}
		if v := evalAs[string](s, `document.querySelector('#path-filters input[name=q]').value`); v != "f-0002" {
			t.Errorf("the search box says %q after a reload", v)
		}
		s.shot("paths-filtered")
	})

	t.Run("paging with the keyboard", func(t *testing.T) {
		s.t = t
		s.goTo("#/paths?per_page=10", "paths")
		s.must(s.b.Do(10*time.Second, chromedp.KeyEvent("]")))
		s.must(s.b.WaitFor(`location.hash.includes('page=2')`, 10*time.Second))
		s.must(s.b.WaitView("paths", 20*time.Second))
		var page pathsPage
		getJSON(t, srv.URL, "/api/v1/attack-paths?per_page=10&page=2", &page)
		rows := evalAs[[]string](s, `[...document.querySelectorAll('#paths-table tbody tr')].map(r => r.dataset.id)`)
		if !slices.Equal(rows, pathIDs(page.Data)) {
			t.Fatalf("page 2 rows %v, API %v", rows, pathIDs(page.Data))
		}
		// j highlights the first row; Enter opens it.
		s.must(s.b.Do(10*time.Second, chromedp.KeyEvent("j"), chromedp.KeyEvent(kb.Enter)))
		s.must(s.b.WaitView("path", 20*time.Second))
		if h := evalAs[string](s, `location.hash`); h != "#/paths/"+rows[0] {
			t.Fatalf("j, Enter opened %s, want #/paths/%s", h, rows[0])
		}
	})

	t.Run("a path draws exactly its nodes and edges", func(t *testing.T) {
		s.t = t
		// The longest path of the first page, for the richest picture.
		var page pathsPage
		getJSON(t, srv.URL, "/api/v1/attack-paths?per_page=100", &page)
		p := page.Data[0]
		for _, q := range page.Data {
			if q.HopCount > p.HopCount {
				p = q
			}
		}
		s.goTo("#/paths/"+url.PathEscape(p.ID), "path")
		s.must(s.b.WaitFor(`!document.getElementById('view').innerText.includes('Loading the finding')`, 10*time.Second))
		type drawnNode struct {
			ID    string  `json:"id"`
			Label string  `json:"label"`
			X     float64 `json:"x"`
		}
		type drawnEdge struct {
			ID, Source, Target, Label string
		}
		nodes := evalAs[[]drawnNode](s, `window.aegisGraph.nodes().map(n => ({id: n.id(), label: n.data('label'), x: n.position('x')}))`)
		edges := evalAs[[]drawnEdge](s, `window.aegisGraph.edges().map(e => ({ID: e.id(), Source: e.source().id(), Target: e.target().id(), Label: e.data('label')}))`)
		if len(nodes) != len(p.Nodes) || len(edges) != len(p.Edges) {
			t.Fatalf("drawn %d nodes and %d edges, the path has %d and %d", len(nodes), len(edges), len(p.Nodes), len(p.Edges))
		}
		for i, n := range p.Nodes {
			want := fmt.Sprintf("%s\n%s · %s\n%s", n.ResourceName, n.ResourceType, n.Severity, n.Category)
			if nodes[i].ID != n.ID || nodes[i].Label != want {
				t.Errorf("node %d drawn as %q %q, want %q %q", i, nodes[i].ID, nodes[i].Label, n.ID, want)
			}
			if i > 0 && nodes[i].X <= nodes[i-1].X {
				t.Errorf("node %d is not right of node %d (x %v <= %v)", i, i-1, nodes[i].X, nodes[i-1].X)
			}
		}
		for i, e := range p.Edges {
			if got := edges[i]; got != (drawnEdge{e.ID, e.Source, e.Target, e.Label}) {
				t.Errorf("edge %d drawn as %+v, want %+v", i, got, e)
			}
		}
		// The same in the page's text: every node with its finding, every edge.
		text := evalAs[string](s, `document.getElementById('path-nodes').innerText`)
		for _, n := range p.Nodes {
			var f engine.Finding
			getJSON(t, srv.URL, "/api/v1/findings/"+url.PathEscape(n.FindingID), &f)
			for _, want := range []string{n.ResourceName, n.Severity, n.Category, n.FindingID, f.Title, f.Remediation} {
				if !strings.Contains(text, want) {
					t.Errorf("the node list lacks %q", want)
				}
			}
			for _, c := range f.CVEs {
				if !strings.Contains(text, c.ID) {
					t.Errorf("the node list lacks CVE %s", c.ID)
				}
			}
		}
		for _, e := range p.Edges {
			if !strings.Contains(text, e.Label+" ("+e.EdgeType+")") {
				t.Errorf("the node list lacks edge %q", e.Label)
			}
		}
		// Arrow keys step along the drawing.
		s.must(s.b.Do(10*time.Second, chromedp.Focus(chromedp.CSS("#graph")), chromedp.KeyEvent(kb.ArrowRight), chromedp.KeyEvent(kb.ArrowRight)))
		sel := evalAs[[]string](s, `window.aegisGraph.nodes(':selected').map(n => n.id())`)
		if !slices.Equal(sel, []string{p.Nodes[1].ID}) {
			t.Errorf("after → → the selection is %v, want [%s]", sel, p.Nodes[1].ID)
		}
		if n := evalAs[int](s, `document.querySelectorAll('#blast-label').length`); n != 0 {
			t.Errorf("a blast radius is drawn in heuristic mode")
		}
		s.shot("path")
		// Escape goes back to the table it came from.
		s.must(s.b.Do(10*time.Second, chromedp.KeyEvent(kb.Escape)))
		s.must(s.b.WaitView("paths", 20*time.Second))
	})

	t.Run("the findings page pages", func(t *testing.T) {
		s.t = t
		s.goTo("#/findings", "findings")
		var p1, p2 findingsPage
		getJSON(t, srv.URL, "/api/v1/findings", &p1)
		getJSON(t, srv.URL, "/api/v1/findings?page=2", &p2)
		ids := func(fs []engine.Finding) (out []string) {
			for _, f := range fs {
				out = append(out, f.ID)
			}
			return out
		}
		rows := evalAs[[]string](s, `[...document.querySelectorAll('#findings-table tbody tr')].map(r => r.dataset.id)`)
		if !slices.Equal(rows, ids(p1.Data)) {
			t.Fatalf("findings page 1 %v, API %v", rows, ids(p1.Data))
		}
		s.shot("findings")
		s.must(s.b.Do(10*time.Second, chromedp.Click(chromedp.CSS(`.pager a[data-pager=next]`))))
		s.must(s.b.WaitFor(`location.hash.includes('page=2')`, 10*time.Second))
		s.must(s.b.WaitView("findings", 20*time.Second))
		rows = evalAs[[]string](s, `[...document.querySelectorAll('#findings-table tbody tr')].map(r => r.dataset.id)`)
		if !slices.Equal(rows, ids(p2.Data)) || slices.Equal(ids(p1.Data), ids(p2.Data)) {
			t.Fatalf("findings page 2 %v, API %v", rows, ids(p2.Data))
		}
		// A filter, then one finding's detail.
		s.goTo("#/findings?severity=critical", "findings")
		var crit findingsPage
		getJSON(t, srv.URL, "/api/v1/findings?severity=critical", &crit)
		rows = evalAs[[]string](s, `[...document.querySelectorAll('#findings-table tbody tr')].map(r => r.dataset.id)`)
		if !slices.Equal(rows, ids(crit.Data)) {
			t.Fatalf("severity=critical rows %v, API %v", rows, ids(crit.Data))
		}
		f := crit.Data[0]
		s.must(s.b.Do(10*time.Second, chromedp.Click(chromedp.CSS(`#findings-table tbody tr:first-child a`))))
		s.must(s.b.WaitView("finding", 20*time.Second))
		if title := evalAs[string](s, `document.getElementById('finding-title').textContent`); title != f.Title {
			t.Errorf("finding title %q, want %q", title, f.Title)
		}
		detail := evalAs[string](s, `document.getElementById('finding-detail').innerText`)
		for _, want := range []string{f.ResourceID, f.Remediation, f.IntegrityHash} {
			if !strings.Contains(detail, want) {
				t.Errorf("the detail lacks %q", want)
			}
		}
		s.shot("finding")
	})

	t.Run("no console errors", func(t *testing.T) {
		s.t = t
		s.noConsoleErrors("every view at 1280×800")
	})

	t.Run("readable on a narrow window", func(t *testing.T) {
		n := newSession(t, chromium, srv.URL, 420, 860)
		n.must(n.b.Do(10*time.Second, chromedp.EmulateViewport(420, 860)))
		for _, v := range []struct{ hash, route, shot string }{
			{"#/", "overview", "narrow-overview"},
			{"#/paths", "paths", "narrow-paths"},
			{"#/paths/" + firstRows[0], "path", "narrow-path"},
		} {
			n.open(v.hash, v.route)
			// The page itself never scrolls sideways; wide tables scroll in
			// their own box.
			if over := evalAs[int](n, `document.documentElement.scrollWidth - window.innerWidth`); over > 0 {
				t.Errorf("%s: the page is %d px wider than a 420 px window", v.hash, over)
			}
			n.shot(v.shot)
		}
		n.noConsoleErrors("narrow window")
	})

}

func TestBrowserAsksForAToken(t *testing.T) {
	chromium := browserOrSkip(t)
	const secret = "browser-test-secret"
	srv, _ := testServer(t, secret)
	s := newSession(t, chromium, srv.URL, 1280, 800)

	s.must(s.b.Do(30*time.Second, chromedp.Navigate(srv.URL+"/#/paths")))
	s.must(s.b.WaitFor(`document.documentElement.dataset.state === 'auth' && !!document.getElementById('token-form')`, 20*time.Second))
	s.noConsoleErrors("asking for a token") // no API request was made without one
	s.shot("token")

	signed, err := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.MapClaims{"sub": "browser-test", "exp": time.Now().Add(time.Hour).Unix()}).SignedString([]byte(secret))
	if err != nil {
		t.Fatal(err)
	}
	s.must(s.b.Do(10*time.Second, chromedp.SendKeys(chromedp.CSS(`#token-form input`), signed+kb.Enter)))
	s.must(s.b.WaitView("paths", 20*time.Second))
	if tok := evalAs[string](s, `sessionStorage.getItem('aegis.token')`); tok != signed {
		t.Errorf("sessionStorage holds %q, want the token", tok)
	}
	if n := evalAs[int](s, `document.querySelectorAll('#paths-table tbody tr').length`); n == 0 {
		t.Error("no rows after signing in")
	}
	s.noConsoleErrors("signed in")

	// A token the server refuses brings the prompt back with its reason
	// (the browser logs the 401 itself; that is expected here).
	s.eval(`sessionStorage.setItem('aegis.token', 'not.a.token'), true`)
	s.must(s.b.Do(30*time.Second, chromedp.Reload())) // a fresh page: nothing cached from the good token
	s.must(s.b.WaitFor(`document.documentElement.dataset.state === 'auth' && !!document.getElementById('token-form')`, 20*time.Second))
	if msg := evalAs[string](s, `document.querySelector('#token-form [role=alert]').textContent`); !strings.Contains(msg, "malformed token") {
		t.Errorf("the prompt says %q, want the server's reason", msg)
	}
	if tok := evalAs[string](s, `sessionStorage.getItem('aegis.token') || ''`); tok != "" {
		t.Errorf("the refused token is still stored: %q", tok)
	}
}

// TestBrowserBlastRadius plays the graph-mode server that is planned (stats
// with "mode", GET /api/v1/attack-paths/{id}/analysis; docs/http-api.md,
// "Planned") in front of today's, to check the page draws what that route
// answers.
func TestBrowserBlastRadius(t *testing.T) {
	chromium := browserOrSkip(t)
	st, err := store.Open(corpus.Bytes(corpus.Options{N: 100, Seed: 1}), api.Options{IntegrityHash: true})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ix := pathindex.New()
	if err := ix.Build(context.Background(), st); err != nil {
		t.Fatal(err)
	}
	inner := server.New(server.Config{Store: st, Engine: "go", PathIndex: ix, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	const analysis = `{"analysis":"Two findings chain from the internet to a bucket.","remediation_steps":["Close the port","Rotate the key"],` +
		`"risk_factors":["exploit available"],"blast_radius":{"direct":3,"indirect":41,"total":44}}`
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.URL.Path == "/api/v1/attack-paths/stats":
			b, _ := st.PathStats()
			w.Header().Set("Content-Type", "application/json")
			io.WriteString(w, `{"mode":"full","candidate_findings":100,`+string(b[1:]))
		case strings.HasSuffix(r.URL.Path, "/analysis"):
			w.Header().Set("Content-Type", "application/json")
			io.WriteString(w, analysis)
		default:
			inner.ServeHTTP(w, r)
		}
	}))
	defer srv.Close()
	s := newSession(t, chromium, srv.URL, 1280, 800)
	s.open("#/", "overview")
	if m := evalAs[string](s, `document.querySelector('[data-fact=mode]').textContent`); m != "full" {
		t.Errorf("mode shown %q, want full", m)
	}
	s.open("#/paths/ap-001", "path")
	s.must(s.b.WaitFor(`!!document.getElementById('blast-label')`, 10*time.Second))
	label := evalAs[string](s, `document.getElementById('blast-label').textContent`)
	if label != "Blast radius: 3 direct, 41 indirect, 44 resources in all" {
		t.Errorf("blast radius label %q", label)
	}
	panel := evalAs[string](s, `document.getElementById('analysis').innerText`)
	for _, want := range []string{"Two findings chain", "Close the port", "Rotate the key", "exploit available"} {
		if !strings.Contains(panel, want) {
			t.Errorf("the analysis panel lacks %q", want)
		}
	}
	if n := evalAs[int](s, `window.aegisGraph.nodes().length`); n < 2 {
		t.Errorf("%d nodes drawn", n)
	}
	s.shot("path-blast-radius")
	s.noConsoleErrors("graph mode")
}
