package store

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"strings"
	"testing"

	"libaegispath/go/api"
	"libaegispath/go/engine"
)

// fixturePath is the upstream test data (third-party, read from the shared
// directory, never copied into the repository). Tests that need it are
// skipped when it is absent.
const fixturePath = "../../../shared/data/upstream/findings_test.json"

func loadFixture(t testing.TB) []byte {
	t.Helper()
	data, err := os.ReadFile(fixturePath)
	if err != nil {
		t.Skipf("fixture %s absent (third-party data, not in the repository): %v", fixturePath, err)
	}
	return data
}

func mustOpen(t testing.TB, doc []byte, opts api.Options) *Store {
	t.Helper()
	s, err := Open(doc, opts)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	return s
}

// envelope is the reference encoding of a page (json.Marshal of the struct
// named in the store semantics).
type envelope struct {
	Data       []json.RawMessage `json:"data"`
	Page       int               `json:"page"`
	PerPage    int               `json:"per_page"`
	Total      int               `json:"total"`
	TotalPages int               `json:"total_pages"`
}

// referencePage pages items the slow, obvious way.
func referencePage(t testing.TB, items [][]byte, page, perPage, defPer, maxPer int) string {
	t.Helper()
	if perPage < 1 || perPage > maxPer {
		perPage = defPer
	}
	total := len(items)
	totalPages := (total + perPage - 1) / perPage
	if page < 1 {
		page = 1
	}
	if page > totalPages {
		page = max(totalPages, 1)
	}
	env := envelope{Data: []json.RawMessage{}, Page: page, PerPage: perPage, Total: total, TotalPages: totalPages}
	for i := (page - 1) * perPage; i < total && i < page*perPage; i++ {
		env.Data = append(env.Data, items[i])
	}
	b, err := json.Marshal(env)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestEmptyDocument(t *testing.T) {
	s := mustOpen(t, []byte(" [ ] "), api.Options{IntegrityHash: true})
	if s.FindingCount() != 0 || s.PathCount() != 0 {
		t.Fatalf("counts = %d, %d", s.FindingCount(), s.PathCount())
	}
	check := func(name string, got []byte, err error, want string) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if string(got) != want {
			t.Errorf("%s =\n%s\nwant\n%s", name, got, want)
		}
	}
	got, err := s.ListFindings(api.FindingQuery{})
	check("ListFindings", got, err, `{"data":[],"page":1,"per_page":50,"total":0,"total_pages":0}`)
	got, err = s.ListFindings(api.FindingQuery{Page: 7, PerPage: 10, Severity: "HIGH"})
	check("ListFindings p7", got, err, `{"data":[],"page":1,"per_page":10,"total":0,"total_pages":0}`)
	got, err = s.ListPaths(0, 0)
	check("ListPaths", got, err, `{"data":[],"page":1,"per_page":20,"total":0,"total_pages":0}`)
	const stats = `{"total_findings":0,"findings_in_paths":0,"isolated_findings":0,"coverage_percent":0,` +
		`"total_paths":0,"critical_paths":0,"high_paths":0,"medium_paths":0,"by_provider":{}}`
	got, err = s.PathStats()
	check("PathStats", got, err, stats)
	var buf bytes.Buffer
	err = s.WriteAttackPaths(&buf)
	check("WriteAttackPaths", buf.Bytes(), err, `{"paths":[],"stats":`+stats+`}`)
	if _, err := s.Finding("x"); !errors.Is(err, api.ErrNotFound) {
		t.Errorf("Finding(x) err = %v, want api.ErrNotFound", err)
	}
	if _, err := s.Path("ap-001"); !errors.Is(err, api.ErrNotFound) {
		t.Errorf("Path(ap-001) err = %v, want api.ErrNotFound", err)
	}
}

// smallDoc: one account with an entry (NETWORK, r1), a target (storage, r1),
// an intermediate, a duplicate id, and mixed-case filter fields.
const smallDoc = `[
 {"id":"n1","account_id":"acc","region":"r1","resource_id":"a","resource_type":"compute","resource_name":"web","category":"NETWORK","severity":"HIGH","cloud_provider":"aws","status":"open","mitre_tactics":["TA2","TA1"]},
 {"id":"s1","account_id":"acc","region":"r1","resource_id":"b","resource_type":"storage","resource_name":"bucket","category":"DATA_EXPOSURE","severity":"critical","cloud_provider":"AWS","status":"Open"},
 {"id":"m1","account_id":"acc","region":"r2","resource_id":"c","resource_type":"identity","resource_name":"role","category":"IDENTITY","severity":"LOW","cloud_provider":"k8s","status":"resolved"},
 {"id":"n1","account_id":"other","region":"r9","resource_id":"z","resource_type":"x","resource_name":"dup","category":"X","severity":"HIGH","cloud_provider":"gcp","status":"open"}
]`

func TestSmallDocument(t *testing.T) {
	s := mustOpen(t, []byte(smallDoc), api.Options{IntegrityHash: true})
	findings, err := engine.DecodeFindings([]byte(smallDoc))
	if err != nil {
		t.Fatal(err)
	}
	fj := make([]string, len(findings))
	for i := range findings {
		findings[i].IntegrityHash = engine.IntegrityHash(&findings[i])
		b, _ := json.Marshal(&findings[i])
		fj[i] = string(b)
	}
	if s.FindingCount() != 4 || s.PathCount() != 1 {
		t.Fatalf("counts = %d, %d; want 4, 1", s.FindingCount(), s.PathCount())
	}

	// Finding: first occurrence of a duplicated id; exact id only.
	got, err := s.Finding("n1")
	if err != nil || string(got) != fj[0] {
		t.Errorf("Finding(n1) = %s, %v; want %s", got, err, fj[0])
	}
	if !strings.Contains(string(got), `"integrity_hash":"`+engine.IntegrityHash(&findings[0])+`"`) {
		t.Errorf("Finding(n1) lacks the computed integrity hash: %s", got)
	}
	for _, id := range []string{"N1", "n", "n1 ", ""} {
		if _, err := s.Finding(id); !errors.Is(err, api.ErrNotFound) {
			t.Errorf("Finding(%q) err = %v, want api.ErrNotFound", id, err)
		}
	}

	list := func(q api.FindingQuery) string {
		t.Helper()
		b, err := s.ListFindings(q)
		if err != nil {
			t.Fatalf("ListFindings(%+v): %v", q, err)
		}
		return string(b)
	}
	page := func(p, per, total, pages int, items ...string) string {
		return fmt.Sprintf(`{"data":[%s],"page":%d,"per_page":%d,"total":%d,"total_pages":%d}`,
			strings.Join(items, ","), p, per, total, pages)
	}
	tests := []struct {
		q    api.FindingQuery
		want string
	}{
		{api.FindingQuery{}, page(1, 50, 4, 1, fj...)},
		{api.FindingQuery{PerPage: 2}, page(1, 2, 4, 2, fj[0], fj[1])},
		{api.FindingQuery{PerPage: 2, Page: 2}, page(2, 2, 4, 2, fj[2], fj[3])},
		{api.FindingQuery{PerPage: 3, Page: 2}, page(2, 3, 4, 2, fj[3])},
		{api.FindingQuery{PerPage: 2, Page: 99}, page(2, 2, 4, 2, fj[2], fj[3])},
		{api.FindingQuery{PerPage: 2, Page: -3}, page(1, 2, 4, 2, fj[0], fj[1])},
		{api.FindingQuery{PerPage: 0}, page(1, 50, 4, 1, fj...)},
		{api.FindingQuery{PerPage: -1}, page(1, 50, 4, 1, fj...)},
		{api.FindingQuery{PerPage: 200}, page(1, 200, 4, 1, fj...)},
		{api.FindingQuery{PerPage: 201}, page(1, 50, 4, 1, fj...)},
		{api.FindingQuery{PerPage: math.MaxInt, Page: math.MaxInt}, page(1, 50, 4, 1, fj...)},
		{api.FindingQuery{PerPage: 3, Page: math.MaxInt}, page(2, 3, 4, 2, fj[3])},
		{api.FindingQuery{PerPage: math.MinInt, Page: math.MinInt}, page(1, 50, 4, 1, fj...)},
		// ASCII case-insensitive filters.
		{api.FindingQuery{Provider: "aws"}, page(1, 50, 2, 1, fj[0], fj[1])},
		{api.FindingQuery{Provider: "AwS", Status: "OPEN"}, page(1, 50, 2, 1, fj[0], fj[1])},
		{api.FindingQuery{Severity: "Critical"}, page(1, 50, 1, 1, fj[1])},
		{api.FindingQuery{Severity: "high", PerPage: 1, Page: 2}, page(2, 1, 2, 2, fj[3])},
		{api.FindingQuery{Severity: "high", Provider: "gcp"}, page(1, 50, 1, 1, fj[3])},
		{api.FindingQuery{Status: "resolved", Provider: "K8S"}, page(1, 50, 1, 1, fj[2])},
		// U+212A KELVIN SIGN folds to 'k' under strings.EqualFold, not here.
		{api.FindingQuery{Provider: "\u212A8s"}, page(1, 50, 0, 0)},
		{api.FindingQuery{Severity: "HIGH "}, page(1, 50, 0, 0)},
		{api.FindingQuery{Severity: "nope", Page: 5, PerPage: 7}, page(1, 7, 0, 0)},
		// category, the same way; combined with the others.
		{api.FindingQuery{Category: "network"}, page(1, 50, 1, 1, fj[0])},
		{api.FindingQuery{Category: "Data_Exposure", Severity: "CRITICAL"}, page(1, 50, 1, 1, fj[1])},
		{api.FindingQuery{Category: "x", Provider: "GCP", Status: "OPEN"}, page(1, 50, 1, 1, fj[3])},
		{api.FindingQuery{Category: "identity", Severity: "high"}, page(1, 50, 0, 0)},
		{api.FindingQuery{Category: "NETWORK "}, page(1, 50, 0, 0)},
		{api.FindingQuery{Category: "\u212A"}, page(1, 50, 0, 0)},
	}
	for _, tc := range tests {
		if got := list(tc.q); got != tc.want {
			t.Errorf("ListFindings(%+v) =\n%s\nwant\n%s", tc.q, got, tc.want)
		}
	}

	// The only path: n1 (NETWORK entry) → s1 (storage target), both r1.
	result := engine.ComputeAttackPaths(findings)
	pj, _ := json.Marshal(&result.Paths[0])
	got, err = s.Path("ap-001")
	if err != nil || string(got) != string(pj) {
		t.Errorf("Path(ap-001) = %s, %v; want %s", got, err, pj)
	}
	if !strings.HasPrefix(string(pj), `{"id":"ap-001","title":"web → bucket",`) {
		t.Errorf("unexpected path JSON %s", pj)
	}
	for _, id := range []string{"ap-1", "ap-01", "ap-0001", "AP-001", "ap-002", "ap-000", "ap-", "ap-x01", "ap-99999999999999999999999", ""} {
		if _, err := s.Path(id); !errors.Is(err, api.ErrNotFound) {
			t.Errorf("Path(%q) err = %v, want api.ErrNotFound", id, err)
		}
	}
	for _, c := range []struct{ page, per int }{{1, 20}, {0, 0}, {-1, 101}, {5, 1}, {1, 100}, {math.MaxInt, math.MaxInt}, {math.MinInt, math.MinInt}} {
		got, err := s.ListPaths(c.page, c.per)
		per := c.per
		if per < 1 || per > 100 {
			per = 20
		}
		want := page(1, per, 1, 1, string(pj))
		if err != nil || string(got) != want {
			t.Errorf("ListPaths(%d, %d) = %s, %v; want %s", c.page, c.per, got, err, want)
		}
	}
}

func TestFixtureMatchesReference(t *testing.T) {
	doc := loadFixture(t)
	for _, threads := range []int{1, 3} {
		t.Run(fmt.Sprint("threads=", threads), func(t *testing.T) {
			s := mustOpen(t, doc, api.Options{IntegrityHash: true, MaxThreads: threads})
			checkAgainstReference(t, s, doc, true)
		})
	}
	t.Run("no-hash", func(t *testing.T) {
		s := mustOpen(t, doc, api.Options{})
		checkAgainstReference(t, s, doc, false)
	})
}

// checkAgainstReference compares every query with a slow reference built
// from the engine's own results.
func checkAgainstReference(t *testing.T, s *Store, doc []byte, hashed bool) {
	findings, err := engine.DecodeFindings(doc)
	if err != nil {
		t.Fatal(err)
	}
	all := make([][]byte, len(findings))
	for i := range findings {
		if hashed {
			findings[i].IntegrityHash = engine.IntegrityHash(&findings[i])
		}
		all[i], _ = json.Marshal(&findings[i])
	}
	result := engine.ComputeAttackPaths(findings)
	if s.FindingCount() != 200 || s.PathCount() != 548 {
		t.Fatalf("counts = %d, %d; want 200, 548", s.FindingCount(), s.PathCount())
	}

	// Hash vectors of SPEC §2.
	f, err := s.Finding("f-14868")
	if err != nil {
		t.Fatal(err)
	}
	hasVector := strings.Contains(string(f), `"integrity_hash":"a2c9915465703de7496baa39e9417ad629e5f75552c19f921b65b8554788c2e5"`)
	if hasVector != hashed {
		t.Errorf("f-14868 hash present = %v, want %v: %s", hasVector, hashed, f)
	}
	for i := range findings {
		got, err := s.Finding(findings[i].ID)
		if err != nil || !bytes.Equal(got, all[i]) {
			t.Fatalf("Finding(%s) differs (err %v)", findings[i].ID, err)
		}
	}

	filtered := func(sev, prov, status string) [][]byte {
		var out [][]byte
		for i := range findings {
			f := &findings[i]
			if (sev == "" || strings.EqualFold(f.Severity, sev)) &&
				(prov == "" || strings.EqualFold(f.CloudProvider, prov)) &&
				(status == "" || strings.EqualFold(f.Status, status)) {
				out = append(out, all[i])
			}
		}
		return out
	}
	queries := []api.FindingQuery{
		{}, {Page: 4}, {Page: 5}, {Page: 100}, {PerPage: 200}, {PerPage: 7, Page: 29}, {PerPage: 7, Page: 28},
		{Severity: "critical"}, {Severity: "HIGH", PerPage: 10, Page: 5}, {Severity: "High", PerPage: 10, Page: 6},
		{Provider: "Azure", Status: "IN_PROGRESS"}, {Provider: "gcp", Severity: "low", Status: "open"},
		{Status: "suppressed", PerPage: 1, Page: 13}, {Provider: "none"},
	}
	for _, q := range queries {
		got, err := s.ListFindings(q)
		if err != nil {
			t.Fatal(err)
		}
		want := referencePage(t, filtered(q.Severity, q.Provider, q.Status), q.Page, q.PerPage, 50, 200)
		if string(got) != want {
			t.Errorf("ListFindings(%+v) differs from the reference:\n got %.300s\nwant %.300s", q, got, want)
		}
	}

	paths := make([][]byte, len(result.Paths))
	for i := range result.Paths {
		paths[i], _ = json.Marshal(&result.Paths[i])
		got, err := s.Path(result.Paths[i].ID)
		if err != nil || !bytes.Equal(got, paths[i]) {
			t.Fatalf("Path(%s) differs (err %v)", result.Paths[i].ID, err)
		}
	}
	for _, c := range [][2]int{{1, 20}, {0, 0}, {28, 20}, {27, 20}, {29, 20}, {1, 100}, {6, 100}, {2, 101}, {548, 1}, {-4, -4}} {
		got, err := s.ListPaths(c[0], c[1])
		if err != nil {
			t.Fatal(err)
		}
		if want := referencePage(t, paths, c[0], c[1], 20, 100); string(got) != want {
			t.Errorf("ListPaths(%d, %d) differs from the reference", c[0], c[1])
		}
	}

	stats, _ := json.Marshal(result.Stats)
	if got, _ := s.PathStats(); !bytes.Equal(got, stats) {
		t.Errorf("PathStats = %s, want %s", got, stats)
	}
	if !strings.Contains(string(stats), `"findings_in_paths":155,`) ||
		!strings.Contains(string(stats), `"coverage_percent":77.5,`) ||
		!strings.HasSuffix(string(stats), `"by_provider":{"aws":450,"azure":89,"gcp":9}}`) {
		t.Errorf("stats disagree with SPEC §7: %s", stats)
	}
	want, err := engine.ComputeAttackPathsJSON(doc)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := s.WriteAttackPaths(&buf); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(buf.Bytes(), want) {
		t.Errorf("WriteAttackPaths differs from ComputeAttackPathsJSON (%d vs %d bytes)", buf.Len(), len(want))
	}
}

// failWriter accepts n bytes, then fails.
type failWriter struct{ n int }

var errWrite = errors.New("write failed")

func (w *failWriter) Write(p []byte) (int, error) {
	if len(p) > w.n {
		k := w.n
		w.n = 0
		return k, errWrite
	}
	w.n -= len(p)
	return len(p), nil
}

func TestWriteAttackPathsWriterError(t *testing.T) {
	s := mustOpen(t, loadFixture(t), api.Options{MaxThreads: 2})
	var full bytes.Buffer
	if err := s.WriteAttackPaths(&full); err != nil {
		t.Fatal(err)
	}
	for _, n := range []int{0, 5, 20, full.Len() / 2, full.Len() - 1} {
		if err := s.WriteAttackPaths(&failWriter{n: n}); !errors.Is(err, errWrite) {
			t.Errorf("after %d bytes: err = %v, want the writer's error", n, err)
		}
	}
}

func TestOpenErrors(t *testing.T) {
	for _, c := range []struct {
		doc  string
		opts api.Options
		want error
	}{
		{`{}`, api.Options{}, engine.ErrNotArray},
		{`[1]`, api.Options{}, engine.ErrNotObject},
		{`[{"id":1}]`, api.Options{}, engine.ErrInvalidJSON},
		{`[`, api.Options{}, engine.ErrInvalidJSON},
		{`[{"id":"abcdef"}]`, api.Options{MaxInputBytes: 10}, engine.ErrTooLarge},
		{"[\"\xff\"]", api.Options{}, engine.ErrInvalidUTF8},
	} {
		if _, err := Open([]byte(c.doc), c.opts); !errors.Is(err, c.want) {
			t.Errorf("Open(%q) err = %v, want %v", c.doc, err, c.want)
		}
	}
}

func TestOpenRefusesNegativeOptions(t *testing.T) {
	for _, opts := range []api.Options{{MaxInputBytes: -1}, {MaxThreads: -2}} {
		s, err := Open([]byte(smallDoc), opts)
		if err == nil || s != nil {
			t.Errorf("Open with %+v: %v, %v; want an error", opts, s, err)
		} else if err.Error() != opts.Validate().Error() {
			t.Errorf("Open with %+v: %v, want Validate's %v", opts, err, opts.Validate())
		}
	}
}

func TestClose(t *testing.T) {
	s := mustOpen(t, []byte(smallDoc), api.Options{})
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if s.FindingCount() != 0 || s.PathCount() != 0 {
		t.Error("counts after Close are not 0")
	}
	if _, err := s.Finding("n1"); !errors.Is(err, api.ErrClosed) {
		t.Errorf("Finding after Close: %v", err)
	}
	if _, err := s.ListFindings(api.FindingQuery{}); !errors.Is(err, api.ErrClosed) {
		t.Errorf("ListFindings after Close: %v", err)
	}
	if _, err := s.ListPaths(1, 1); !errors.Is(err, api.ErrClosed) {
		t.Errorf("ListPaths after Close: %v", err)
	}
	if _, err := s.PathStats(); !errors.Is(err, api.ErrClosed) {
		t.Errorf("PathStats after Close: %v", err)
	}
	if _, err := s.Path("ap-001"); !errors.Is(err, api.ErrClosed) {
		t.Errorf("Path after Close: %v", err)
	}
	if _, err := s.PathAnalysis("ap-001"); !errors.Is(err, api.ErrClosed) {
		t.Errorf("PathAnalysis after Close: %v", err)
	}
	if err := s.WriteAttackPaths(&bytes.Buffer{}); !errors.Is(err, api.ErrClosed) {
		t.Errorf("WriteAttackPaths after Close: %v", err)
	}
}

func TestAsciiEqualFold(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want bool
	}{
		{"HIGH", "high", true}, {"aWs", "AwS", true}, {"", "", true},
		{"k", "\u212A", false}, {"s", "ſ", false}, {"é", "É", false},
		{"[", "{", false}, {"@", "`", false}, {"ab", "abc", false},
	} {
		if got := asciiEqualFold(c.a, c.b); got != c.want {
			t.Errorf("asciiEqualFold(%q, %q) = %v", c.a, c.b, got)
		}
	}
}
