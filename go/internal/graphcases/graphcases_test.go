package graphcases_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"libaegispath/go/engine"
	"libaegispath/go/internal/graphcases"
)

func TestCasesWellFormed(t *testing.T) {
	names := map[string]bool{}
	for _, c := range graphcases.Cases() {
		if names[c.Name] || c.Name == "" || c.Why == "" {
			t.Errorf("case %q: empty or repeated name, or no reason", c.Name)
		}
		names[c.Name] = true
		if _, err := engine.DecodeFindings(c.FindingsJSON()); err != nil {
			t.Errorf("%s: findings: %v", c.Name, err)
		}
		if _, err := engine.DecodeEdges(c.EdgesJSON(), 0); err != nil {
			t.Errorf("%s: edges: %v", c.Name, err)
		}
		for _, p := range c.Want.Paths {
			if len(p.FindingIDs) < 2 || len(p.EdgeTypes) != len(p.FindingIDs)-1 || len(p.Labels) != len(p.EdgeTypes) ||
				(p.Resources != nil && len(p.Resources) != len(p.FindingIDs)) {
				t.Errorf("%s: malformed expected path %+v", c.Name, p)
			}
		}
	}
	if len(names) < 20 {
		t.Errorf("only %d cases", len(names))
	}
}

func TestFromFuzzDeterministic(t *testing.T) {
	for _, data := range [][]byte{nil, {1, 2, 3}, bytes.Repeat([]byte{0xff, 7}, 300)} {
		a, b := graphcases.FromFuzz(data), graphcases.FromFuzz(data)
		if !bytes.Equal(a.Findings, b.Findings) || !bytes.Equal(a.Edges, b.Edges) || a.MaxPaths != b.MaxPaths {
			t.Fatal("same bytes, different inputs")
		}
	}
	if a, b := graphcases.FromSeed(1), graphcases.FromSeed(2); bytes.Equal(a.Edges, b.Edges) && bytes.Equal(a.Findings, b.Findings) {
		t.Fatal("seeds 1 and 2 gave the same input")
	}
}

// TestFromFuzzThroughEngine runs generated inputs through the Go engine:
// each is either rejected with an edge-document error or gives a result
// that keeps the invariants of graph mode; and the generator keeps
// producing every kind of input a parity fuzzer needs.
func TestFromFuzzThroughEngine(t *testing.T) {
	n := 3000
	if testing.Short() {
		n = 300
	}
	var rejected, withPaths, multiHop, fourHop, truncated int
	for seed := 0; seed < n; seed++ {
		in := graphcases.FromSeed(uint64(seed))
		r, err := runGo(in)
		if err != nil {
			if !strings.Contains(err.Error(), "edge") {
				t.Fatalf("seed %d: %v", seed, err)
			}
			rejected++
			continue
		}
		if msg := invariants(in, r); msg != "" {
			t.Fatalf("seed %d: %s\nfindings %s\nedges %s", seed, msg, in.Findings, in.Edges)
		}
		if len(r.Paths) > 0 {
			withPaths++
		}
		for _, p := range r.Paths {
			if p.HopCount >= 2 {
				multiHop++
			}
			if p.HopCount == 4 {
				fourHop++
			}
		}
		if r.Stats.Truncated {
			truncated++
		}
	}
	t.Logf("%d inputs: %d rejected, %d with paths, %d paths of 2+ hops, %d of 4 hops, %d truncated",
		n, rejected, withPaths, multiHop, fourHop, truncated)
	if rejected == 0 || rejected > n/8 || withPaths < n/4 || multiHop < n/10 || truncated < n/50 {
		t.Errorf("generator drifted: %d of %d rejected, %d with paths, %d multi-hop paths, %d truncated",
			rejected, n, withPaths, multiHop, truncated)
	}
}

// FuzzFromFuzz drives the generator with fuzz bytes through the Go engine
// and checks the invariants (the parity fuzzer adds the native engine).
func FuzzFromFuzz(f *testing.F) {
	for _, s := range []string{"", "\x01\x02\x03", strings.Repeat("\x07\xff\x10", 90)} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		in := graphcases.FromFuzz(data)
		r, err := runGo(in)
		if err != nil {
			return
		}
		if msg := invariants(in, r); msg != "" {
			t.Fatalf("%s\nfindings %s\nedges %s", msg, in.Findings, in.Edges)
		}
	})
}

func runGo(in graphcases.Input) (engine.AttackPathResult, error) {
	var r engine.AttackPathResult
	out, err := engine.ComputeAttackPathsJSONWithOptions(in.Findings, engine.Options{Edges: in.Edges, MaxPaths: in.MaxPaths})
	if err != nil {
		return r, err
	}
	if err := json.Unmarshal(out, &r); err != nil {
		return r, fmt.Errorf("output is not JSON: %v", err)
	}
	return r, nil
}

// invariants returns what is wrong with a graph-mode result, or "".
func invariants(in graphcases.Input, r engine.AttackPathResult) string {
	rank := func(s string) int {
		return map[string]int{"CRITICAL": 4, "HIGH": 3, "MEDIUM": 2, "LOW": 1}[strings.ToUpper(s)]
	}
	s := r.Stats
	if s.TotalPaths != len(r.Paths) || s.CriticalPaths+s.HighPaths+s.MediumPaths != len(r.Paths) {
		return fmt.Sprintf("stats %+v for %d paths", s, len(r.Paths))
	}
	if in.MaxPaths > 0 && len(r.Paths) > in.MaxPaths || in.MaxPaths == 0 && s.Truncated {
		return fmt.Sprintf("%d paths, truncated %v under cap %d", len(r.Paths), s.Truncated, in.MaxPaths)
	}
	fingerprints := map[string]bool{}
	for i, p := range r.Paths {
		if p.HopCount < 1 || p.HopCount > 4 || len(p.Nodes) != p.HopCount+1 || len(p.Edges) != p.HopCount {
			return fmt.Sprintf("%s: %d hops, %d nodes, %d edges", p.ID, p.HopCount, len(p.Nodes), len(p.Edges))
		}
		fp := strings.Join(p.FindingIDs, "->")
		if fingerprints[fp] {
			return fmt.Sprintf("%s repeats fingerprint %q", p.ID, fp)
		}
		fingerprints[fp] = true
		for _, n := range p.Nodes {
			if n.AccountID != p.Nodes[0].AccountID {
				return p.ID + " spans accounts"
			}
		}
		if i > 0 {
			a, b := &r.Paths[i-1], &p
			if rank(a.Severity) < rank(b.Severity) || rank(a.Severity) == rank(b.Severity) && a.Score < b.Score {
				return fmt.Sprintf("%s before %s out of order", a.ID, b.ID)
			}
		}
	}
	return ""
}
