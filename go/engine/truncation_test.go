package engine

import (
	"bytes"
	"encoding/json"
	"reflect"
	"testing"
)

// checkTruncation asserts that capped (the result under MaxPaths = n) is
// full (the uncapped result) cut to its first n chains in generation
// order — the paths numbered 1..n, in full's sorted order — with stats over
// those paths and the truncated mark exactly when full has more than n.
func checkTruncation(t *testing.T, full, capped AttackPathResult, n int) {
	t.Helper()
	want := []AttackPath{}
	for _, p := range full.Paths {
		var num int
		if num = idNumber(t, p.ID); num <= n {
			want = append(want, p)
		}
	}
	if !reflect.DeepEqual(capped.Paths, want) {
		t.Fatalf("cap %d: %d paths, want the %d numbered 1..%d in full order", n, len(capped.Paths), len(want), n)
	}
	ids := map[string]bool{}
	critical, high, medium := 0, 0, 0
	byProvider := map[string]int{}
	for _, p := range want {
		for _, id := range p.FindingIDs {
			ids[id] = true
		}
		switch p.Severity {
		case "CRITICAL":
			critical++
		case "HIGH":
			high++
		default:
			medium++
		}
		byProvider[p.Nodes[0].Provider]++
	}
	s := capped.Stats
	wantStats := AttackPathStats{
		TotalFindings: full.Stats.TotalFindings, FindingsInPaths: len(ids),
		IsolatedFindings: full.Stats.TotalFindings - len(ids), TotalPaths: len(want),
		CriticalPaths: critical, HighPaths: high, MediumPaths: medium, ByProvider: byProvider,
		Truncated: len(full.Paths) > n,
	}
	if wantStats.TotalFindings > 0 {
		wantStats.CoveragePercent = float64(len(ids)) / float64(wantStats.TotalFindings) * 100
	}
	if !reflect.DeepEqual(s, wantStats) {
		t.Errorf("cap %d: stats %+v\nwant %+v", n, s, wantStats)
	}
}

func TestMaxPathsHeuristic(t *testing.T) {
	findings, err := DecodeFindings(loadFixture(t))
	if err != nil {
		t.Fatal(err)
	}
	full := ComputeAttackPaths(findings)
	if len(full.Paths) != 548 || full.Stats.Truncated {
		t.Fatalf("uncapped: %d paths, truncated %v", len(full.Paths), full.Stats.Truncated)
	}
	for _, n := range []int{1, 2, 100, 300, 547, 548, 549, 10000} {
		checkTruncation(t, full, ComputeAttackPathsMax(findings, n), n)
	}
	if !reflect.DeepEqual(ComputeAttackPathsMax(findings, 0), full) || !reflect.DeepEqual(ComputeAttackPathsMax(findings, -1), full) {
		t.Error("a cap <= 0 changed the result")
	}
}

func TestMaxPathsBytes(t *testing.T) {
	doc := loadFixture(t)
	full, err := ComputeAttackPathsJSON(doc)
	if err != nil {
		t.Fatal(err)
	}
	same, _ := ComputeAttackPathsJSONWithOptions(doc, Options{MaxPaths: 548})
	if !bytes.Equal(same, full) {
		t.Error("a cap equal to the path count changed the bytes")
	}
	capped, _ := ComputeAttackPathsJSONWithOptions(doc, Options{MaxPaths: 10})
	// The key comes last, after by_provider's object.
	if !bytes.HasSuffix(capped, []byte(`},"truncated":true}}`)) || !bytes.Contains(capped, []byte(`"total_paths":10,`)) {
		t.Errorf("capped stats end %s", capped[max(0, len(capped)-120):])
	}
	var r AttackPathResult
	if err := json.Unmarshal(capped, &r); err != nil || len(r.Paths) != 10 {
		t.Fatalf("%d paths, %v", len(r.Paths), err)
	}
}

// The cap in graph mode counts chains after dedup; the generation order
// spans groups (a small corpus with backfill-style edges).
func TestMaxPathsGraph(t *testing.T) {
	findings, graph := upstreamWithBackfill(t, 120)
	full := ComputeGraphAttackPaths(findings, graph, 0)
	if len(full.Paths) < 50 {
		t.Fatalf("only %d paths", len(full.Paths))
	}
	for _, n := range []int{1, 7, len(full.Paths) / 2, len(full.Paths) - 1, len(full.Paths), len(full.Paths) + 1} {
		checkTruncation(t, full, ComputeGraphAttackPaths(findings, graph, n), n)
	}
}
