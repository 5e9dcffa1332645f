package corpus

import (
	"bytes"
	"encoding/json"
	"testing"

	"libaegispath/go/engine"
)

func edgeDoc(t *testing.T, opts Options, eo EdgeOptions) ([]byte, EdgeCounts) {
	t.Helper()
	var b bytes.Buffer
	c, err := GenerateEdges(&b, opts, eo)
	if err != nil {
		t.Fatal(err)
	}
	if c.Bytes != int64(b.Len()) {
		t.Errorf("counted %d bytes, wrote %d", c.Bytes, b.Len())
	}
	return b.Bytes(), c
}

// Resources lists the corpus's distinct resource ids in order of first
// appearance, with the findings' accounts, regions and types.
func TestResourcesMatchCorpus(t *testing.T) {
	for _, shape := range []Shape{ShapeUpstream, ShapeManyAccounts} {
		opts := Options{N: 700, Seed: 4, Shape: shape}
		var want []Resource
		seen := map[string]bool{}
		for _, f := range decode(t, Bytes(opts)) {
			if !seen[f.ResourceID] {
				seen[f.ResourceID] = true
				want = append(want, Resource{Account: f.AccountID, Region: f.Region, ID: f.ResourceID, Type: f.ResourceType})
			}
		}
		got, err := Resources(opts)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != len(want) {
			t.Fatalf("%s: %d resources, corpus has %d", shape, len(got), len(want))
		}
		for i := range want {
			if got[i] != want[i] {
				t.Fatalf("%s: resource %d is %+v, corpus has %+v", shape, i, got[i], want[i])
			}
		}
	}
}

// The backfill rule: one same_region row per pair of distinct resources of
// each (account, region) group of 2..MaxGroup resources, nothing else.
func TestBackfillRule(t *testing.T) {
	opts := Options{N: 600, Seed: 2}
	resources, _ := Resources(opts)
	byID := map[string]Resource{}
	groupSize := map[[2]string]int{}
	for _, r := range resources {
		byID[r.ID] = r
		groupSize[[2]string{r.Account, r.Region}]++
	}
	for _, maxGroup := range []int{0, 30} {
		doc, counts := edgeDoc(t, opts, EdgeOptions{MaxGroup: maxGroup})
		limit := maxGroup
		if limit == 0 {
			limit = DefaultMaxGroup
		}
		var want int64
		linked := 0
		for _, k := range groupSize {
			if k >= 2 && k <= limit {
				want += int64(k * (k - 1) / 2)
				linked++
			}
		}
		rows, err := engine.DecodeEdges(doc, 0)
		if err != nil {
			t.Fatal(err)
		}
		if int64(len(rows)) != want || counts.SameRegion != want || counts.Rows() != want || counts.LinkedGroups != linked {
			t.Fatalf("max group %d: %d rows, counts %+v; want %d rows in %d groups", maxGroup, len(rows), counts, want, linked)
		}
		if maxGroup == 30 && (linked == len(groupSize) || linked == 0) {
			t.Fatalf("max group 30 should split the %d groups (linked %d)", len(groupSize), linked)
		}
		pairs := map[[2]string]bool{}
		for _, e := range rows {
			a, b := byID[e.SourceID], byID[e.TargetID]
			key := [2]string{min(a.ID, b.ID), max(a.ID, b.ID)}
			switch {
			case !e.Counts() || e.EdgeType != "same_region":
				t.Fatalf("row %+v", e)
			case a.ID == "" || b.ID == "" || a.ID == b.ID:
				t.Fatalf("row %+v: unknown or equal resources", e)
			case a.Account != b.Account || a.Region != b.Region:
				t.Fatalf("row %+v links different groups", e)
			case groupSize[[2]string{a.Account, a.Region}] > limit:
				t.Fatalf("row %+v in a group over %d", e, limit)
			case pairs[key]:
				t.Fatalf("pair %v twice", key)
			}
			pairs[key] = true
		}
	}
}

func TestEdgeShareAndTyped(t *testing.T) {
	opts := Options{N: 400, Seed: 3, Shape: ShapeUpstream}
	eo := EdgeOptions{SameAccount: 0.1, Typed: true}
	doc, counts := edgeDoc(t, opts, eo)
	again, _ := edgeDoc(t, opts, eo)
	if !bytes.Equal(doc, again) {
		t.Fatal("same options, different edge documents")
	}
	if other, _ := edgeDoc(t, Options{N: 400, Seed: 4}, eo); bytes.Equal(doc, other) {
		t.Fatal("seeds 3 and 4 gave the same edge document")
	}
	resources, _ := Resources(opts)
	byID := map[string]Resource{}
	for _, r := range resources {
		byID[r.ID] = r
	}
	rows, err := engine.DecodeEdges(doc, 0)
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]int64{}
	var crossAccountPairs int64
	for _, e := range rows {
		a, b := byID[e.SourceID], byID[e.TargetID]
		if a.ID == "" || b.ID == "" || a.ID == b.ID || a.Account != b.Account {
			t.Fatalf("row %+v", e)
		}
		kinds[e.EdgeType]++
		if e.EdgeType == "same_account" && a.Region == b.Region {
			t.Fatalf("same_account row %+v inside a linked region group", e)
		}
		if e.EdgeType == "data_access" && !isData(b.Type) {
			t.Fatalf("data_access row %+v does not point at data", e)
		}
	}
	for _, r := range resources {
		for _, s := range resources {
			if r.ID < s.ID && r.Account == s.Account && r.Region != s.Region {
				crossAccountPairs++
			}
		}
	}
	if kinds["same_region"] != counts.SameRegion || kinds["same_account"] != counts.SameAccount ||
		kinds["network_reachable"]+kinds["iam_trust"]+kinds["data_access"] != counts.Typed {
		t.Errorf("kinds %v, counts %+v", kinds, counts)
	}
	if share := float64(counts.SameAccount) / float64(crossAccountPairs); share < 0.08 || share > 0.12 {
		t.Errorf("same_account share %.3f of %d pairs, want about 0.1", share, crossAccountPairs)
	}
	if perResource := float64(counts.Typed) / float64(len(resources)); perResource < 0.5 || perResource > 0.8 {
		t.Errorf("%.2f typed rows per resource, want about 0.65", perResource)
	}
	for _, k := range []string{"network_reachable", "iam_trust", "data_access"} {
		if kinds[k] == 0 {
			t.Errorf("no %s rows", k)
		}
	}
	var probe []map[string]any
	if err := json.Unmarshal(doc, &probe); err != nil || len(probe) == 0 {
		t.Fatal(err)
	}
	for _, k := range []string{"id", "tenant_id", "source_type", "source_id", "target_type", "target_id", "edge_type", "properties", "created_at"} {
		if _, ok := probe[0][k]; !ok {
			t.Errorf("rows lack the upstream key %q", k)
		}
	}
	if _, err := GenerateEdges(&bytes.Buffer{}, opts, EdgeOptions{SameAccount: 1.5}); err == nil {
		t.Error("a share over 1 was accepted")
	}
}

// The adversarial shape: entries, targets and intermediates on one
// resource. No two findings connect (equal resource ids), so neither engine
// finds a path; its edge document is empty.
func TestAdversarialShape(t *testing.T) {
	for _, n := range []int{0, 1, 2, 3, 30, 301} {
		opts := Options{N: n, Shape: ShapeAdversarial}
		doc := Bytes(opts)
		if !bytes.Equal(doc, Bytes(Options{N: n, Seed: 9, Shape: ShapeAdversarial})) {
			t.Fatal("the seed changed the adversarial corpus")
		}
		findings, err := engine.DecodeFindings(doc)
		if err != nil || len(findings) != n {
			t.Fatalf("n=%d: %d findings, %v", n, len(findings), err)
		}
		roles := map[string]int{}
		for _, f := range findings {
			if f.AccountID != adversarialAccount || f.Region != adversarialRegion || f.ResourceID != adversarialResource {
				t.Fatalf("finding %+v outside the one account/region/resource", f)
			}
			roles[f.Category]++
		}
		if n >= 3 && (roles["NETWORK"] == 0 || roles["DATA_EXPOSURE"] == 0 || roles["IDENTITY"] == 0) {
			t.Fatalf("n=%d: roles %v", n, roles)
		}
		r := engine.ComputeAttackPaths(findings)
		if len(r.Paths) != 0 || r.Stats.TotalFindings != n || r.Stats.IsolatedFindings != n {
			t.Errorf("n=%d: %d paths, stats %+v", n, len(r.Paths), r.Stats)
		}
		edges, counts := edgeDoc(t, opts, EdgeOptions{SameAccount: 1, Typed: true})
		if counts.Rows() != 0 {
			t.Errorf("n=%d: %d edge rows", n, counts.Rows())
		}
		g, err := engine.DecodeResourceGraph(edges, 0)
		if err != nil {
			t.Fatal(err)
		}
		if r := engine.ComputeGraphAttackPaths(findings, g, 0); len(r.Paths) != 0 {
			t.Errorf("n=%d: graph mode found %d paths", n, len(r.Paths))
		}
	}
}
