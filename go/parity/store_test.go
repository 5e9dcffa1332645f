package parity

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"

	aegispath "libaegispath/bridge"
	"libaegispath/go/api"
	"libaegispath/go/engine"
	"libaegispath/go/internal/corpus"
	"libaegispath/go/store"
)

// storeInput is the fixture when present, else a generated corpus, so the
// store tests run everywhere the library is built.
func storeInput(t testing.TB) []byte {
	if data, err := readFixture(); err == nil {
		return data
	}
	return corpus.Bytes(corpus.Options{N: 300, Seed: 11})
}

func TestStoreMatchesEngine(t *testing.T) {
	requireNative(t)
	doc := storeInput(t)
	want, err := engine.ComputeAttackPathsJSON(doc)
	if err != nil {
		t.Fatal(err)
	}
	findings, err := engine.DecodeFindings(doc)
	if err != nil {
		t.Fatal(err)
	}
	result := engine.ComputeAttackPaths(findings)

	for _, hash := range []bool{false, true} {
		t.Run(fmt.Sprintf("hash=%v", hash), func(t *testing.T) {
			s, err := aegispath.OpenStore(doc, api.Options{IntegrityHash: hash, MaxThreads: 2})
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			if s.FindingCount() != len(findings) || s.PathCount() != len(result.Paths) {
				t.Errorf("counts %d/%d, want %d/%d", s.FindingCount(), s.PathCount(), len(findings), len(result.Paths))
			}
			got, err := s.AttackPathsJSON()
			if err != nil || !bytes.Equal(got, want) {
				t.Errorf("AttackPathsJSON: %v; %s", err, diff(outcome{want, nil}, outcome{got, err}))
			}
			var buf bytes.Buffer
			if err := s.WriteAttackPaths(&buf); err != nil || !bytes.Equal(buf.Bytes(), want) {
				t.Errorf("WriteAttackPaths: %v; %s", err, diff(outcome{want, nil}, outcome{buf.Bytes(), err}))
			}
			stats, err := s.PathStats()
			wantStats, _ := json.Marshal(result.Stats)
			if err != nil || !bytes.Equal(stats, wantStats) {
				t.Errorf("PathStats: %s, %v; want %s", stats, err, wantStats)
			}
			// Finding: the first with the id; the hash overwritten when on.
			f := findings[len(findings)/2]
			if hash {
				f.IntegrityHash = engine.IntegrityHash(&f)
			}
			wantF, _ := json.Marshal(f)
			if gotF, err := s.Finding(f.ID); err != nil || !bytes.Equal(gotF, wantF) {
				t.Errorf("Finding(%q): %v; %s", f.ID, err, diff(outcome{wantF, nil}, outcome{gotF, err}))
			}
			if len(result.Paths) > 0 {
				p := result.Paths[len(result.Paths)-1]
				wantP, _ := json.Marshal(p)
				if gotP, err := s.Path(p.ID); err != nil || !bytes.Equal(gotP, wantP) {
					t.Errorf("Path(%q): %v; %s", p.ID, err, diff(outcome{wantP, nil}, outcome{gotP, err}))
				}
			}
			for _, id := range []string{"", "no-such-id", "ap-000", "ap-99999999"} {
				if _, err := s.Path(id); !errors.Is(err, api.ErrNotFound) {
					t.Errorf("Path(%q): %v, want ErrNotFound", id, err)
				}
			}
			if _, err := s.Finding("no-such-id"); !errors.Is(err, api.ErrNotFound) {
				t.Errorf("Finding(missing): %v, want ErrNotFound", err)
			}
		})
	}
}

func TestStorePages(t *testing.T) {
	requireNative(t)
	doc := storeInput(t)
	findings, _ := engine.DecodeFindings(doc)
	result := engine.ComputeAttackPaths(findings)
	s, err := aegispath.OpenStore(doc, api.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()

	// A page of paths is the slice of the result in order (SPEC store semantics).
	out, err := s.ListPaths(2, 7)
	if err != nil {
		t.Fatal(err)
	}
	var page struct {
		Data    []json.RawMessage `json:"data"`
		Page    int               `json:"page"`
		PerPage int               `json:"per_page"`
		Total   int               `json:"total"`
	}
	if err := json.Unmarshal(out, &page); err != nil {
		t.Fatalf("ListPaths output %s: %v", abbreviate(out), err)
	}
	if page.Page != 2 || page.PerPage != 7 || page.Total != len(result.Paths) {
		t.Errorf("ListPaths(2,7) envelope: %+v", page)
	}
	for i, raw := range page.Data {
		want, _ := json.Marshal(result.Paths[7+i])
		if !bytes.Equal(raw, want) {
			t.Errorf("ListPaths(2,7) item %d differs", i)
		}
	}
	// Case-insensitive severity filter counts the same as a Go count.
	wantTotal := 0
	for i := range findings {
		if strings.EqualFold(findings[i].Severity, "high") {
			wantTotal++
		}
	}
	out, err = s.ListFindings(api.FindingQuery{Severity: "high", PerPage: 1000})
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(out, &page); err != nil {
		t.Fatal(err)
	}
	if page.Total != wantTotal || page.PerPage != 50 || page.Page != 1 {
		t.Errorf("ListFindings(high): total %d per_page %d page %d, want %d 50 1", page.Total, page.PerPage, page.Page, wantTotal)
	}
}

type failingWriter struct {
	n   int // bytes accepted before failing
	err error
}

func (w *failingWriter) Write(p []byte) (int, error) {
	if len(p) > w.n {
		k := w.n
		w.n = 0
		return k, w.err
	}
	w.n -= len(p)
	return len(p), nil
}

type shortWriter struct{}

func (shortWriter) Write(p []byte) (int, error) { return len(p) / 2, nil }

type panicWriter struct{}

func (panicWriter) Write(p []byte) (int, error) { panic("writer exploded") }

func TestStoreWriteErrors(t *testing.T) {
	requireNative(t)
	s, err := aegispath.OpenStore(storeInput(t), api.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	boom := errors.New("disk full")
	if err := s.WriteAttackPaths(&failingWriter{n: 1000, err: boom}); err != boom {
		t.Errorf("failing writer: got %v, want %v", err, boom)
	}
	if err := s.WriteAttackPaths(shortWriter{}); err != io.ErrShortWrite {
		t.Errorf("short writer: got %v, want io.ErrShortWrite", err)
	}
	func() {
		defer func() {
			if r := recover(); r != "writer exploded" {
				t.Errorf("panicking writer: recovered %v", r)
			}
		}()
		s.WriteAttackPaths(panicWriter{})
		t.Error("panic of the writer was swallowed")
	}()
	// The store still works after a failed stream.
	var buf bytes.Buffer
	if err := s.WriteAttackPaths(&buf); err != nil || buf.Len() == 0 {
		t.Errorf("after failures: %v, %d bytes", err, buf.Len())
	}
}

func TestStoreClose(t *testing.T) {
	requireNative(t)
	s, err := aegispath.OpenStore([]byte(`[{"id":"a"}]`), api.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if s.FindingCount() != 1 {
		t.Errorf("FindingCount = %d", s.FindingCount())
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	if _, err := s.Finding("a"); err != api.ErrClosed {
		t.Errorf("Finding after Close: %v", err)
	}
	if err := s.WriteAttackPaths(io.Discard); err != api.ErrClosed {
		t.Errorf("WriteAttackPaths after Close: %v", err)
	}
	if s.FindingCount() != 0 || s.PathCount() != 0 {
		t.Error("counts after Close not 0")
	}
	var e *aegispath.Error
	if _, err := aegispath.OpenStore([]byte(`{}`), api.Options{}); !errors.As(err, &e) || e.Status != aegispath.StatusSchema {
		t.Errorf("OpenStore({}): %v", err)
	}
	if _, err := aegispath.OpenStore(nil, api.Options{}); !errors.As(err, &e) || e.Status != aegispath.StatusInvalidArgument {
		t.Errorf("OpenStore(nil): %v", err)
	}
}

// TestStoreFindingFilters: both stores give the same pages for every HTTP
// filter, category included, in any letter case, alone and combined.
func TestStoreFindingFilters(t *testing.T) {
	requireNative(t)
	doc := corpus.Bytes(corpus.Options{N: 600, Seed: 21})
	native, err := aegispath.OpenStore(doc, api.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer native.Close()
	goStore, err := store.Open(doc, api.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer goStore.Close()
	findings, _ := engine.DecodeFindings(doc)
	categories := map[string]int{}
	for i := range findings {
		categories[findings[i].Category]++
	}
	if len(categories) < 3 {
		t.Fatalf("the corpus has %d categories; the test needs several", len(categories))
	}
	var queries []api.FindingQuery
	for cat, n := range categories {
		for _, spelled := range []string{cat, strings.ToLower(cat), strings.ToUpper(cat)} {
			queries = append(queries,
				api.FindingQuery{Category: spelled},
				api.FindingQuery{Category: spelled, PerPage: 7, Page: 2},
				api.FindingQuery{Category: spelled, Page: n}, // past the end
				api.FindingQuery{Category: spelled, Severity: "high", Provider: "AWS"},
				api.FindingQuery{Category: spelled, Status: "OPEN", PerPage: 200})
		}
	}
	queries = append(queries, api.FindingQuery{Category: "NO-SUCH-CATEGORY"}, api.FindingQuery{Category: " network"})
	var page struct{ Total int }
	for _, q := range queries {
		a, errA := goStore.ListFindings(q)
		b, errB := native.ListFindings(q)
		if errA != nil || errB != nil || !bytes.Equal(a, b) {
			t.Errorf("ListFindings(%+v): go %v %.200s\nnative %v %.200s", q, errA, a, errB, b)
		}
		if q.Severity == "" && q.Status == "" && q.Category != "" {
			json.Unmarshal(a, &page)
			if want := countFold(findings, q.Category); page.Total != want {
				t.Errorf("ListFindings(%+v): total %d, want %d", q, page.Total, want)
			}
		}
	}
}

// countFold counts the findings whose category equals c ignoring case (the
// corpus spells categories in ASCII, where that is ASCII case).
func countFold(findings []engine.Finding, c string) int {
	n := 0
	for i := range findings {
		if len(findings[i].Category) == len(c) && strings.EqualFold(findings[i].Category, c) {
			n++
		}
	}
	return n
}
