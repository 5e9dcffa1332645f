package parity

import (
	"bytes"
	"encoding/json"
	"fmt"
	"testing"

	"libaegispath/go/engine"
	"libaegispath/go/internal/corpus"
)

// adversarialWithLateIntermediates is the adversarial corpus (one account,
// region and resource: no finding connects to another) followed by three
// intermediates on resources of their own, so every (entry, target) pair
// finds its intermediate only at the very end of the list. The first two
// repeat the ids of the first entry (f-00001) and the first target
// (f-00002), so the pairs with those must skip them: (f-00001, f-00002)
// goes through the third, (f-00001, any other target) through the second,
// every other pair through the first.
func adversarialWithLateIntermediates(n int) []byte {
	doc := bytes.TrimSpace(corpus.Bytes(corpus.Options{N: n, Shape: corpus.ShapeAdversarial}))
	doc = bytes.TrimSuffix(doc, []byte("]"))
	for k, id := range []string{"f-00001", "f-00002", "late-3"} {
		doc = fmt.Appendf(doc, `,{"id":%q,"resource_type":"identity","resource_id":"res-late-%d",`+
			`"region":"us-east-1","account_id":"acct-adversarial","severity":"LOW","category":"IDENTITY"}`, id, k+1)
	}
	return append(doc, ']')
}

// TestAdversarialShapes pins the results of the inputs that made the
// first-intermediate search cubic, and checks the native bytes against the
// Go engine's.
func TestAdversarialShapes(t *testing.T) {
	requireNative(t)
	t.Run("no paths", func(t *testing.T) {
		doc := corpus.Bytes(corpus.Options{N: 1500, Shape: corpus.ShapeAdversarial})
		g := checkCompute(t, doc)
		if g.err != nil {
			t.Fatal(g.err)
		}
		var r engine.AttackPathResult
		if err := json.Unmarshal(g.out, &r); err != nil {
			t.Fatal(err)
		}
		if len(r.Paths) != 0 || r.Stats.TotalFindings != 1500 || r.Stats.FindingsInPaths != 0 {
			t.Errorf("%d paths, stats %+v; want none", len(r.Paths), r.Stats)
		}
	})
	t.Run("late intermediates", func(t *testing.T) {
		const n = 150 // 50 entries, 50 targets, 50 blocked intermediates
		doc := adversarialWithLateIntermediates(n)
		g := checkCompute(t, doc)
		if g.err != nil {
			t.Fatal(g.err)
		}
		var r engine.AttackPathResult
		if err := json.Unmarshal(g.out, &r); err != nil {
			t.Fatal(err)
		}
		if len(r.Paths) != 50*50 {
			t.Fatalf("%d paths, want %d", len(r.Paths), 50*50)
		}
		via := map[string]int{}
		for _, p := range r.Paths {
			if p.HopCount != 2 {
				t.Fatalf("%s: %d hops", p.ID, p.HopCount)
			}
			e, m, tg := p.Nodes[0], p.Nodes[1], p.Nodes[2]
			want := "res-late-1"
			switch {
			case e.FindingID == "f-00001" && tg.FindingID == "f-00002":
				want = "res-late-3"
			case e.FindingID == "f-00001":
				want = "res-late-2"
			}
			if m.ResourceID != want {
				t.Fatalf("%s (%s → %s) goes through %s, want %s", p.ID, e.FindingID, tg.FindingID, m.ResourceID, want)
			}
			via[m.ResourceID]++
		}
		if via["res-late-1"] != 49*50 || via["res-late-2"] != 49 || via["res-late-3"] != 1 {
			t.Errorf("paths per intermediate %v", via)
		}
		// 100 entries and targets on paths plus the three late intermediates,
		// two of which repeat ids already counted.
		if r.Stats.FindingsInPaths != 101 || r.Stats.Truncated {
			t.Errorf("stats %+v", r.Stats)
		}
	})
}
