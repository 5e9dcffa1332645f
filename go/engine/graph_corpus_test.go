package engine

import (
	"bytes"
	"fmt"
	"os"
	"strconv"
	"testing"

	"libaegispath/go/internal/corpus"
)

// upstreamWithBackfill returns n findings of the upstream shape and the
// graph of their backfill edges (same_region rows only).
func upstreamWithBackfill(tb testing.TB, n int) ([]Finding, *ResourceGraph) {
	tb.Helper()
	opts := corpus.Options{N: n, Seed: 1, Shape: corpus.ShapeUpstream}
	return corpusWithEdges(tb, opts, corpus.EdgeOptions{})
}

func corpusWithEdges(tb testing.TB, opts corpus.Options, eo corpus.EdgeOptions) ([]Finding, *ResourceGraph) {
	tb.Helper()
	findings, err := DecodeFindings(corpus.Bytes(opts))
	if err != nil {
		tb.Fatal(err)
	}
	var edges bytes.Buffer
	if _, err := corpus.GenerateEdges(&edges, opts, eo); err != nil {
		tb.Fatal(err)
	}
	g, err := DecodeResourceGraph(edges.Bytes(), 0)
	if err != nil {
		tb.Fatal(err)
	}
	return findings, g
}

// fixtureWithBackfill is the upstream fixture with backfill edges over its
// own resources.
func fixtureWithBackfill(tb testing.TB) ([]Finding, *ResourceGraph) {
	tb.Helper()
	findings, err := DecodeFindings(loadFixture(tb))
	if err != nil {
		tb.Fatal(err)
	}
	var resources []corpus.Resource
	seen := map[string]bool{}
	for _, f := range findings {
		if !seen[f.ResourceID] {
			seen[f.ResourceID] = true
			resources = append(resources, corpus.Resource{Account: f.AccountID, Region: f.Region, ID: f.ResourceID, Type: f.ResourceType})
		}
	}
	var edges bytes.Buffer
	if _, err := corpus.WriteEdges(&edges, resources, corpus.EdgeOptions{Seed: 1}); err != nil {
		tb.Fatal(err)
	}
	g, err := DecodeResourceGraph(edges.Bytes(), 0)
	if err != nil {
		tb.Fatal(err)
	}
	return findings, g
}

// hopCounts returns "1:a 2:b ..." for a result.
func hopCounts(r AttackPathResult) string {
	var counts [maxChainLen]int
	for _, p := range r.Paths {
		counts[p.HopCount]++
	}
	s := ""
	for h := 1; h < maxChainLen; h++ {
		if counts[h] > 0 {
			s += fmt.Sprintf(" %d:%d", h, counts[h])
		}
	}
	return s
}

// With backfill edges only, a region is a clique: a chain is 1 hop when its
// ends are on different resources of one region, 2 when they share a
// resource (through any other resource of the region), and no path leaves
// the region. The checks hold for any corpus; they tie the engine to the
// graph it was given.
func TestBackfillGraphProperties(t *testing.T) {
	findings, g := upstreamWithBackfill(t, 300)
	r := ComputeGraphAttackPaths(findings, g, 0)
	if len(r.Paths) < 100 {
		t.Fatalf("%d paths", len(r.Paths))
	}
	seen := map[string]bool{}
	for i := range r.Paths {
		p := &r.Paths[i]
		checkPathShape(t, p)
		first, last := p.Nodes[0], p.Nodes[p.HopCount]
		for _, n := range p.Nodes {
			if n.Region != first.Region || n.AccountID != first.AccountID {
				t.Fatalf("%s leaves its (account, region)", p.ID)
			}
		}
		want := 1
		if first.ResourceID == last.ResourceID {
			want = 2
		}
		if p.HopCount != want {
			t.Fatalf("%s: %d hops between resources %s and %s", p.ID, p.HopCount, first.ResourceID, last.ResourceID)
		}
		for _, e := range p.Edges {
			if e.EdgeType != "same_region" || e.Label != "same region" {
				t.Fatalf("%s: edge %+v", p.ID, e)
			}
		}
		key := fmt.Sprint(p.FindingIDs)
		if seen[key] {
			t.Fatalf("%s repeats chain %s", p.ID, key)
		}
		seen[key] = true
	}
	checkSortedStable(t, r.Paths)
}

// Typed rows across regions give real multi-hop chains.
func TestTypedEdgesGiveMultiHop(t *testing.T) {
	opts := corpus.Options{N: 300, Seed: 1}
	findings, g := corpusWithEdges(t, opts, corpus.EdgeOptions{SameAccount: 0.01, Typed: true})
	r := ComputeGraphAttackPaths(findings, g, 0)
	hops := map[int]int{}
	for i := range r.Paths {
		checkPathShape(t, &r.Paths[i])
		hops[r.Paths[i].HopCount]++
	}
	if hops[1] == 0 || hops[2] == 0 || hops[3] == 0 {
		t.Errorf("hop counts %v: want 1-, 2- and 3-hop paths", hops)
	}
	t.Logf("300 upstream-shape findings, backfill + 1%% same_account + typed: %d paths,%s", len(r.Paths), hopCounts(r))
}

// BenchmarkGraphReference times the per-pair reference search on the
// fixture and on upstream-shape corpora with backfill edges. The larger
// sizes take minutes per run; select them with -bench and -benchtime=1x:
//
//	go test ./go/engine -run X -bench 'GraphReference/(fixture|500|1000)$' -benchtime 1x
//	AEGIS_GRAPH_BENCH_N=2000 go test ./go/engine -run X -bench GraphReference/env -benchtime 1x -timeout 2h
func BenchmarkGraphReference(b *testing.B) {
	run := func(b *testing.B, findings []Finding, g *ResourceGraph) {
		b.ReportAllocs()
		var r AttackPathResult
		for i := 0; i < b.N; i++ {
			r = ComputeGraphAttackPaths(findings, g, 0)
		}
		b.ReportMetric(float64(len(r.Paths)), "paths")
		b.Logf("%d findings, %d linked pairs: %d paths,%s", len(findings), g.Len(), len(r.Paths), hopCounts(r))
	}
	b.Run("fixture", func(b *testing.B) {
		findings, g := fixtureWithBackfill(b)
		run(b, findings, g)
	})
	for _, n := range []int{200, 500, 1000, 2000} {
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			findings, g := upstreamWithBackfill(b, n)
			run(b, findings, g)
		})
	}
	b.Run("env", func(b *testing.B) {
		n, err := strconv.Atoi(os.Getenv("AEGIS_GRAPH_BENCH_N"))
		if err != nil {
			b.Skip("set AEGIS_GRAPH_BENCH_N to a corpus size")
		}
		findings, g := upstreamWithBackfill(b, n)
		run(b, findings, g)
	})
}
