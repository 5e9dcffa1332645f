package pathindex

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"testing"

	"libaegispath/go/api"
	"libaegispath/go/engine"
	"libaegispath/go/internal/corpus"
	"libaegispath/go/store"
)

// oddFindings chain into paths whose names need escaping (quotes,
// backslashes, <>&, control characters, non-ASCII, U+2028) and whose
// severities and providers are spelled unusually.
func oddFindings() []engine.Finding {
	base := func(id, rtype, name, sev, cat string) engine.Finding {
		return engine.Finding{
			ID: id, ResourceType: rtype, ResourceID: "r-" + id, ResourceName: name,
			CloudProvider: "AWS\"x", AccountID: "acct \\ 1", Region: "us-east-1",
			Severity: sev, Category: cat,
		}
	}
	return []engine.Finding{
		base("o1", "compute", `web "front" \ <a&b>`, "CRITICAL", "NETWORK"),
		base("o2", "storage", "bucket\u2028ø\t\x01", "HIGH", "DATA_EXPOSURE"),
		base("o3", "identity", "role ✓", "HIGH", "IDENTITY"),
		base("o4", "database", "db}{][,:", "MEDIUM", "MISCONFIGURATION"),
	}
}

func openGoStore(t testing.TB, doc []byte) *store.Store {
	t.Helper()
	st, err := store.Open(doc, api.Options{IntegrityHash: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// testDoc is a small upstream-shape corpus followed by oddFindings.
func testDoc(t testing.TB, n int) []byte {
	t.Helper()
	var fs []engine.Finding
	if err := json.Unmarshal(corpus.Bytes(corpus.Options{N: n, Seed: 7}), &fs); err != nil {
		t.Fatal(err)
	}
	doc, err := json.Marshal(append(fs, oddFindings()...))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func built(t testing.TB, st api.Store) *Index {
	t.Helper()
	ix := New()
	if err := ix.Build(context.Background(), st); err != nil {
		t.Fatalf("Build: %v", err)
	}
	return ix
}

func decodedPaths(t testing.TB, st api.Store) []engine.AttackPath {
	t.Helper()
	var buf bytes.Buffer
	if err := st.WriteAttackPaths(&buf); err != nil {
		t.Fatal(err)
	}
	var res engine.AttackPathResult
	if err := json.Unmarshal(buf.Bytes(), &res); err != nil {
		t.Fatal(err)
	}
	return res.Paths
}

// checkSnapshot compares every entry of the index with the decoded path.
func checkSnapshot(t *testing.T, snap *snapshot, paths []engine.AttackPath) {
	t.Helper()
	if len(snap.entries) != len(paths) {
		t.Fatalf("%d entries, want %d", len(snap.entries), len(paths))
	}
	for i, p := range paths {
		e := snap.entries[i]
		got := fmt.Sprintf("%s %q %q %q hops=%d", PathID(e.number), snap.severities[e.severity],
			snap.providers[e.provider], snap.accounts[e.account], snap.hops(i))
		want := fmt.Sprintf("%s %q %q %q hops=%d", p.ID, p.Severity, p.EntryPoint.Provider, p.EntryPoint.AccountID, p.HopCount)
		if got != want {
			t.Fatalf("path %d: index has %s, result has %s", i, got, want)
		}
		for k, n := range p.Nodes {
			d := snap.dict[snap.nodes[int(e.first)+k]]
			if d != (node{n.FindingID, n.ResourceID, n.ResourceName}) {
				t.Fatalf("path %s node %d: index has %+v, result has %+v", p.ID, k, d, n)
			}
		}
	}
}

func TestBuildMatchesTheResult(t *testing.T) {
	st := openGoStore(t, testDoc(t, 300))
	paths := decodedPaths(t, st)
	ix := built(t, st)
	checkSnapshot(t, ix.built.Load(), paths)
	odd := 0
	for _, p := range paths {
		if p.EntryPoint.AccountID == "acct \\ 1" {
			odd++
		}
	}
	if odd == 0 {
		t.Fatal("the odd findings made no path; the escaping cases are not exercised")
	}
	if s := ix.Status(); !s.Ready || s.Indexed != len(paths) || s.Total != len(paths) || s.Err != nil {
		t.Fatalf("status %+v after a build of %d paths", s, len(paths))
	}
}

// chunkWriter hands the result to w in pieces of size n, like a store that
// writes small chunks.
type chunkWriter struct {
	w io.Writer
	n int
}

func (c chunkWriter) Write(p []byte) (int, error) {
	for i := 0; i < len(p); i += c.n {
		if _, err := c.w.Write(p[i:min(i+c.n, len(p))]); err != nil {
			return i, err
		}
	}
	return len(p), nil
}

// chunkedStore is a store whose WriteAttackPaths writes in n-byte chunks.
type chunkedStore struct {
	api.Store
	n int
}

func (c chunkedStore) WriteAttackPaths(w io.Writer) error {
	return c.Store.WriteAttackPaths(chunkWriter{w, c.n})
}

func TestEveryChunkBoundary(t *testing.T) {
	var fs []engine.Finding
	fs = append(fs, oddFindings()...)
	doc, _ := json.Marshal(fs)
	st := openGoStore(t, doc)
	paths := decodedPaths(t, st)
	var whole bytes.Buffer
	st.WriteAttackPaths(&whole)
	for n := 1; n <= whole.Len(); n++ {
		ix := New()
		if err := ix.Build(context.Background(), chunkedStore{st, n}); err != nil {
			t.Fatalf("chunks of %d bytes: %v", n, err)
		}
		checkSnapshot(t, ix.built.Load(), paths)
	}
}

// brute filters decoded paths the slow way.
func brute(paths []engine.AttackPath, f Filter) []string {
	var ids []string
	for _, p := range paths {
		if f.Severity != "" && !strings.EqualFold(p.Severity, f.Severity) ||
			f.Provider != "" && !strings.EqualFold(p.EntryPoint.Provider, f.Provider) ||
			f.Account != "" && !strings.EqualFold(p.EntryPoint.AccountID, f.Account) ||
			f.HopCount != 0 && p.HopCount != f.HopCount {
			continue
		}
		if f.Text != "" {
			hit := false
			for _, n := range p.Nodes {
				for _, s := range []string{n.FindingID, n.ResourceID, n.ResourceName} {
					hit = hit || strings.Contains(strings.ToLower(s), strings.ToLower(f.Text))
				}
			}
			if !hit {
				continue
			}
		}
		ids = append(ids, p.ID)
	}
	return ids
}

func TestQueryMatchesBruteForce(t *testing.T) {
	st := openGoStore(t, testDoc(t, 300))
	paths := decodedPaths(t, st)
	ix := built(t, st)
	filters := []Filter{
		{},
		{Severity: "critical"},
		{Severity: "HIGH", Provider: "azure"},
		{Provider: "AWS"},
		{Account: "123456789012", HopCount: 2},
		{HopCount: 1},
		{HopCount: 7},
		{HopCount: -1},
		{Text: "F-0001"},
		{Text: "s3-"},
		{Text: `"front"`},
		{Text: "ø"},
		{Text: "no such thing"},
		{Severity: "nope"},
		{Account: "acct \\ 1", Provider: `aws"X`},
	}
	for _, f := range filters {
		want := brute(paths, f)
		for _, perPage := range []int{1, 7, 20, 100} {
			pages := (len(want) + perPage - 1) / perPage
			for _, page := range []int{-3, 0, 1, 2, pages, pages + 1, 1 << 40} {
				got, err := ix.Query(f, page, perPage)
				if err != nil {
					t.Fatal(err)
				}
				wantPage := min(max(page, 1), max(pages, 1))
				lo := min((wantPage-1)*perPage, len(want))
				wantIDs := want[lo:min(lo+perPage, len(want))]
				if got.Total != len(want) || got.TotalPages != pages || got.Page != wantPage || got.PerPage != perPage ||
					!slices.Equal(got.IDs, wantIDs) && !(len(got.IDs) == 0 && len(wantIDs) == 0) {
					t.Fatalf("%+v page %d per %d: got page %d/%d total %d ids %v; want page %d/%d total %d ids %v",
						f, page, perPage, got.Page, got.TotalPages, got.Total, got.IDs, wantPage, pages, len(want), wantIDs)
				}
			}
		}
	}
}

func TestSummaryCountsEveryPath(t *testing.T) {
	st := openGoStore(t, testDoc(t, 300))
	paths := decodedPaths(t, st)
	ix := built(t, st)
	sum, ok := ix.Summary()
	if !ok {
		t.Fatal("no summary after Build")
	}
	hops := map[int]int{}
	sev := map[string]int{}
	prov := map[string]int{}
	acct := map[string]int{}
	for _, p := range paths {
		hops[p.HopCount]++
		sev[p.Severity]++
		prov[p.EntryPoint.Provider]++
		acct[p.EntryPoint.AccountID]++
	}
	gotHops := map[int]int{}
	for i, h := range sum.HopCounts {
		if i > 0 && sum.HopCounts[i-1].Hops >= h.Hops {
			t.Fatalf("hop counts not ascending: %+v", sum.HopCounts)
		}
		gotHops[h.Hops] = h.Paths
	}
	gotSev := map[string]int{}
	for _, s := range sum.Severities {
		gotSev[s.Severity] = s.Paths
	}
	gotProv := map[string]int{}
	for _, p := range sum.Providers {
		gotProv[p.Provider] = p.Paths
	}
	gotAcct := map[string]int{}
	for _, a := range sum.Accounts {
		gotAcct[a.AccountID] = a.Paths
	}
	for what, pair := range map[string][2]any{
		"hops": {gotHops, hops}, "severities": {gotSev, sev}, "providers": {gotProv, prov}, "accounts": {gotAcct, acct},
	} {
		if fmt.Sprint(pair[0]) != fmt.Sprint(pair[1]) {
			t.Errorf("%s: summary %v, result %v", what, pair[0], pair[1])
		}
	}
	if sum.AccountCount != len(acct) {
		t.Errorf("account_count %d, want %d", sum.AccountCount, len(acct))
	}
	if len(sum.Severities) > 1 && rank(sum.Severities[0].Severity) < rank(sum.Severities[1].Severity) {
		t.Errorf("severities not by rank: %+v", sum.Severities)
	}
}

func TestNotReadyThenOnce(t *testing.T) {
	ix := New()
	if _, err := ix.Query(Filter{}, 1, 20); !errors.Is(err, ErrNotReady) {
		t.Fatalf("Query before Build: %v, want ErrNotReady", err)
	}
	if _, ok := ix.Summary(); ok {
		t.Fatal("Summary before Build says ok")
	}
	st := openGoStore(t, testDoc(t, 50))
	if err := ix.Build(context.Background(), st); err != nil {
		t.Fatal(err)
	}
	if err := ix.Build(context.Background(), st); err == nil {
		t.Fatal("a second Build succeeded")
	}
	if _, err := ix.Query(Filter{}, 1, 0); err == nil {
		t.Fatal("perPage 0 accepted")
	}
}

func TestCancelledBuild(t *testing.T) {
	st := openGoStore(t, testDoc(t, 300))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	ix := New()
	if err := ix.Build(ctx, st); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled Build: %v", err)
	}
	if _, err := ix.Query(Filter{}, 1, 20); !errors.Is(err, ErrFailed) {
		t.Fatalf("Query after a failed build: %v, want ErrFailed", err)
	}
	if s := ix.Status(); s.Ready || s.Err == nil {
		t.Fatalf("status after a failed build: %+v", s)
	}
}

// fixedStore serves a hand-written result.
type fixedStore struct {
	api.Store
	result string
	paths  int
}

func (f fixedStore) PathCount() int { return f.paths }
func (f fixedStore) WriteAttackPaths(w io.Writer) error {
	_, err := io.WriteString(w, f.result)
	return err
}

func TestBadResultsAreErrors(t *testing.T) {
	n0 := engine.AttackPathNode{ID: "ap-001-node-0", FindingID: "f", ResourceID: "r", ResourceName: "n}\"{", Provider: "aws", AccountID: "a", Severity: "HIGH", Label: "n}\"{"}
	n1 := n0
	n1.ID, n1.FindingID = "ap-001-node-1", "g"
	res := engine.AttackPathResult{Paths: []engine.AttackPath{{
		ID: "ap-001", Title: "n → n", Severity: "HIGH", HopCount: 1, EntryPoint: n0, Target: n1,
		Nodes: []engine.AttackPathNode{n0, n1}, Edges: []engine.AttackPathEdge{{ID: "ap-001-edge-0"}},
	}}}
	b, err := json.Marshal(res)
	if err != nil {
		t.Fatal(err)
	}
	good := string(b)
	if err := New().Build(context.Background(), fixedStore{result: good, paths: 1}); err != nil {
		t.Fatalf("the well-formed result %s: %v", good, err)
	}
	for name, c := range map[string]struct {
		result string
		paths  int
	}{
		"empty":           {"", 0},
		"not a result":    {`[1,2]`, 0},
		"truncated":       {good[:len(good)/2], 1},
		"no stats":        {strings.Replace(good, `],"stats":`, `],"statz":`, 1), 1},
		"wrong count":     {good, 2},
		"too many hops":   {strings.Replace(good, `"hop_count":1`, `"hop_count":2`, 1), 1},
		"too few hops":    {strings.Replace(good, `"hop_count":1`, `"hop_count":0`, 1), 1},
		"bad id":          {strings.Replace(good, `"id":"ap-001","title"`, `"id":"ap-1","title"`, 1), 1},
		"no severity":     {strings.Replace(good, `"severity":"HIGH","score"`, `"score"`, 1), 1},
		"node without id": {replaceLast(good, `"finding_id":"g",`, ``), 1},
		"node 0 without":  {replaceLast(good, `"finding_id":"f",`, ``), 1},
		"no provider":     {replaceAfter(good, `"nodes":[`, `"provider":"aws",`, ``), 1},
		"no account":      {replaceAfter(good, `"nodes":[`, `"account_id":"a",`, ``), 1},
		"bad hop count":   {strings.Replace(good, `"hop_count":1`, `"hop_count":-1`, 1), 1},
		"no nodes":        {strings.Replace(good, `"nodes":`, `"nodez":`, 1), 1},
		"bad escape":      {strings.Replace(good, `"id":"ap-001","title"`, `"id":"ap-\\u00zz","title"`, 1), 1},
	} {
		err := New().Build(context.Background(), fixedStore{result: c.result, paths: c.paths})
		if err == nil {
			t.Errorf("%s: Build accepted %s", name, c.result)
		}
	}
}

func replaceLast(s, old, new string) string {
	i := strings.LastIndex(s, old)
	if i < 0 {
		panic("replaceLast: " + old + " not in " + s)
	}
	return s[:i] + new + s[i+len(old):]
}

// replaceAfter replaces the first old after marker.
func replaceAfter(s, marker, old, new string) string {
	m := strings.Index(s, marker)
	i := strings.Index(s[m:], old)
	if m < 0 || i < 0 {
		panic("replaceAfter: " + old + " not after " + marker)
	}
	return s[:m+i] + new + s[m+i+len(old):]
}
