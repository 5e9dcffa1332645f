package engine

import (
	"fmt"
	"math/rand"
	"testing"
)

// firstIntermediateByDefinition is step 4's search as docs/algorithms.md
// states it: every intermediate of the group, in input order.
func firstIntermediateByDefinition(findings []Finding, intermediates []int32, e, t *Finding) int32 {
	for _, i := range intermediates {
		if usableIntermediate(e, &findings[i], t) {
			return i
		}
	}
	return -1
}

// TestIntermediateIndexMatchesDefinition checks every (entry, target) pair
// of random groups drawn from tiny pools of regions, types, resource ids and
// finding ids, so that blocking by resource id and by repeated finding ids is
// the common case, not the exception.
func TestIntermediateIndexMatchesDefinition(t *testing.T) {
	rng := rand.New(rand.NewSource(7))
	regions := []string{"r1", "r2", "r3"}
	types := []string{"compute", "identity", "network", "storage"}
	for round := 0; round < 300; round++ {
		n := 2 + rng.Intn(60)
		rids, ids := 1+rng.Intn(5), 1+rng.Intn(n)
		findings := make([]Finding, n)
		for i := range findings {
			findings[i] = Finding{
				ID:           fmt.Sprintf("f%d", rng.Intn(ids)),
				ResourceID:   fmt.Sprintf("res%d", rng.Intn(rids)),
				Region:       regions[rng.Intn(1+round%len(regions))],
				ResourceType: types[rng.Intn(len(types))],
			}
			if round%3 == 0 && i < n-3 { // one resource until the very end
				findings[i].ResourceID = "shared"
			}
		}
		// Any finding may play entry or target; the intermediates are the
		// odd positions.
		var intermediates []int32
		for i := 1; i < n; i += 2 {
			intermediates = append(intermediates, int32(i))
		}
		ix := newIntermediateIndex(findings, intermediates)
		for a := range findings {
			for b := range findings {
				e, tg := &findings[a], &findings[b]
				got := ix.first(findings, e, tg)
				want := firstIntermediateByDefinition(findings, intermediates, e, tg)
				if got != want {
					t.Fatalf("round %d, entry %d, target %d: index gives %d, the definition %d\n%+v",
						round, a, b, got, want, findings)
				}
			}
		}
	}
}

// TestAdversarialShapeIsNotCubic pins the result of the shape that made the
// old search cubic (one account, region and resource): no paths. At 1,200
// findings the old search made 6.4e7 candidate checks; the index makes at
// most five per pair.
func TestAdversarialShapeIsNotCubic(t *testing.T) {
	var findings []Finding
	roles := [3][2]string{{"compute", "NETWORK"}, {"storage", "DATA_EXPOSURE"}, {"identity", "IDENTITY"}}
	for i := 0; i < 1200; i++ {
		r := roles[i%3]
		findings = append(findings, Finding{
			ID: fmt.Sprintf("f-%05d", i+1), ResourceType: r[0], ResourceID: "res-shared",
			Region: "us-east-1", AccountID: "acct", Severity: "HIGH", Category: r[1],
		})
	}
	r := ComputeAttackPaths(findings)
	if len(r.Paths) != 0 || r.Stats.TotalFindings != 1200 || r.Stats.FindingsInPaths != 0 {
		t.Fatalf("%d paths, stats %+v", len(r.Paths), r.Stats)
	}
}
