package engine

import (
	"encoding/json"
	"fmt"
	"math/rand"
	"reflect"
	"strings"
	"testing"
)

// fnd builds a finding with the fields the engine reads; the resource name
// is "n-"+id and the provider "aws".
func fnd(id, account, rtype, rid, region, sev, cat string) Finding {
	return Finding{
		ID: id, AccountID: account, ResourceType: rtype, ResourceID: rid,
		Region: region, Severity: sev, Category: cat,
		ResourceName: "n-" + id, CloudProvider: "aws",
	}
}

// chainsOf returns each path's finding ids joined by ">", in result order.
func chainsOf(r AttackPathResult) []string {
	out := []string{}
	for _, p := range r.Paths {
		out = append(out, strings.Join(p.FindingIDs, ">"))
	}
	return out
}

func TestEmptyResultBytes(t *testing.T) {
	for _, in := range []string{`[]`, ` [ ] `} {
		out, err := ComputeAttackPathsJSON([]byte(in))
		if err != nil {
			t.Fatal(err)
		}
		const want = `{"paths":[],"stats":{"total_findings":0,"findings_in_paths":0,"isolated_findings":0,"coverage_percent":0,"total_paths":0,"critical_paths":0,"high_paths":0,"medium_paths":0,"by_provider":{}}}`
		if string(out) != want {
			t.Errorf("%q → %s", in, out)
		}
	}
	r := ComputeAttackPaths(nil)
	if r.Paths == nil || r.Stats.ByProvider == nil {
		t.Error("nil Paths or ByProvider for no findings")
	}
}

func TestOneFinding(t *testing.T) {
	r := ComputeAttackPaths([]Finding{fnd("a", "1", "compute", "r1", "x", "CRITICAL", "NETWORK")})
	if len(r.Paths) != 0 || r.Stats.TotalFindings != 1 || r.Stats.IsolatedFindings != 1 || r.Stats.CoveragePercent != 0 {
		t.Errorf("got %+v", r)
	}
}

func TestCrossAccountNoPath(t *testing.T) {
	r := ComputeAttackPaths([]Finding{
		fnd("e", "acct-1", "compute", "r1", "x", "CRITICAL", "NETWORK"),
		fnd("t", "acct-2", "storage", "r2", "x", "HIGH", "DATA_EXPOSURE"),
	})
	if len(r.Paths) != 0 || r.Stats.IsolatedFindings != 2 {
		t.Errorf("got %v, stats %+v", chainsOf(r), r.Stats)
	}
}

func TestDirectPathFields(t *testing.T) {
	e := fnd("f-1", "123", "compute", "i-1", "us-east-1", "HIGH", "NETWORK")
	e.MitreTactics = []string{"Initial Access", "Discovery"}
	e.CloudProvider = "gcp"
	tg := fnd("f-2", "123", "Storage", "b-1", "us-east-1", "MEDIUM", "DATA_EXPOSURE")
	tg.MitreTactics = []string{"Discovery", "Collection"}
	r := ComputeAttackPaths([]Finding{e, tg})
	if len(r.Paths) != 1 {
		t.Fatalf("got %v", chainsOf(r))
	}
	p := r.Paths[0]
	node := func(f Finding, i int) AttackPathNode {
		return AttackPathNode{
			ID: fmt.Sprintf("ap-001-node-%d", i), FindingID: f.ID, ResourceID: f.ResourceID,
			ResourceName: f.ResourceName, ResourceType: f.ResourceType, Provider: f.CloudProvider,
			AccountID: f.AccountID, Region: f.Region, Severity: f.Severity, Category: f.Category,
			Label: f.ResourceName,
		}
	}
	want := AttackPath{
		ID:          "ap-001",
		Title:       "n-f-1 → n-f-2",
		Description: "1-hop path in gcp account 123: n-f-1 (NETWORK) to n-f-2 (DATA_EXPOSURE)",
		Severity:    "HIGH",
		Score:       100, // 3*25 + 2*25 = 125, capped
		HopCount:    1,
		EntryPoint:  node(e, 0),
		Target:      node(tg, 1),
		Nodes:       []AttackPathNode{node(e, 0), node(tg, 1)},
		Edges: []AttackPathEdge{{ID: "ap-001-edge-0", Source: "ap-001-node-0", Target: "ap-001-node-1",
			Label: "data access", EdgeType: "data_access"}},
		MitreTactics: []string{"Collection", "Discovery", "Initial Access"},
		FindingIDs:   []string{"f-1", "f-2"},
		Records:      []int32{0, 1},
	}
	if !reflect.DeepEqual(p, want) {
		t.Errorf("path\n got %+v\nwant %+v", p, want)
	}
	if r.Stats.ByProvider["gcp"] != 1 || r.Stats.FindingsInPaths != 2 || r.Stats.HighPaths != 1 || r.Stats.CoveragePercent != 100 {
		t.Errorf("stats %+v", r.Stats)
	}
	out, _ := json.Marshal(p)
	if !strings.Contains(string(out), `"title":"n-f-1 → n-f-2"`) || !strings.HasSuffix(string(out), `"finding_ids":["f-1","f-2"],"ai_enriched":false}`) {
		t.Errorf("json %s", out)
	}
}

func TestEmptyTacticsMarshalAsArray(t *testing.T) {
	r := ComputeAttackPaths([]Finding{
		fnd("e", "1", "compute", "r1", "x", "LOW", "NETWORK"),
		fnd("t", "1", "database", "r2", "x", "LOW", "DATA_EXPOSURE"),
	})
	out, _ := json.Marshal(r.Paths[0])
	if !strings.Contains(string(out), `"mitre_tactics":[],`) {
		t.Errorf("json %s", out)
	}
	if r.Paths[0].Score != 50 || r.Paths[0].Severity != "LOW" || r.Stats.MediumPaths != 1 {
		t.Errorf("path %+v stats %+v", r.Paths[0], r.Stats)
	}
}

func TestClassification(t *testing.T) {
	cases := []struct {
		f    Finding
		want role
	}{
		{fnd("a", "", "storage", "", "", "LOW", "NETWORK"), roleEntry},
		{Finding{Category: "VULNERABILITY", ExploitAvailable: true, ResourceType: "database"}, roleEntry},
		{Finding{Category: "VULNERABILITY", ResourceType: "database"}, roleTarget},
		{Finding{ResourceType: "COMPUTE", Severity: "HIGH"}, roleEntry},
		{Finding{ResourceType: "Container", Severity: "CRITICAL"}, roleEntry},
		{Finding{ResourceType: "serverless", Severity: "high"}, roleIntermediate}, // severity is exact
		{Finding{ResourceType: "serverless", Severity: "MEDIUM"}, roleIntermediate},
		{Finding{ResourceType: "SECRET"}, roleTarget},
		{Finding{ResourceType: "Encryption"}, roleTarget},
		{Finding{ResourceType: "identity", Severity: "CRITICAL"}, roleIntermediate},
		{Finding{Category: "network", ResourceType: "logging"}, roleIntermediate}, // category is exact
		// ASCII-only lower-casing: U+0130 would become 'i' with strings.ToLower.
		{Finding{ResourceType: "CONTA\u0130NER", Severity: "HIGH"}, roleIntermediate},
		{Finding{ResourceType: " storage"}, roleIntermediate},
	}
	for i, c := range cases {
		if got := classify(&c.f); got != c.want {
			t.Errorf("case %d (%q): role %d, want %d", i, c.f.ResourceType, got, c.want)
		}
	}
	if asciiLower("AbC\u0130Z") != "abc\u0130z" || asciiLower("x") != "x" {
		t.Error("asciiLower")
	}
}

func TestDuplicateIDsAndSameResource(t *testing.T) {
	r := ComputeAttackPaths([]Finding{
		// entry and target share an id: no path between them.
		fnd("dup", "1", "compute", "r1", "x", "HIGH", "NETWORK"),
		fnd("dup", "1", "storage", "r2", "x", "LOW", "DATA_EXPOSURE"),
		// Same resource id as the entry: no direct link; the only
		// intermediate also shares it, so none either.
		fnd("t2", "1", "storage", "r1", "x", "LOW", "DATA_EXPOSURE"),
		fnd("m1", "1", "identity", "r1", "x", "LOW", "IDENTITY"),
	})
	if got := chainsOf(r); len(got) != 0 {
		t.Errorf("got %v", got)
	}
	// Distinct-id counting: two findings with id "x" in a chain count once.
	r = ComputeAttackPaths([]Finding{
		fnd("x", "1", "compute", "r1", "x", "HIGH", "NETWORK"),
		fnd("y", "1", "storage", "r2", "x", "LOW", "DATA_EXPOSURE"),
		fnd("x", "2", "compute", "r1", "x", "HIGH", "NETWORK"),
		fnd("y", "2", "storage", "r2", "x", "LOW", "DATA_EXPOSURE"),
	})
	if got := chainsOf(r); !reflect.DeepEqual(got, []string{"x>y", "x>y"}) || r.Stats.FindingsInPaths != 2 || r.Stats.IsolatedFindings != 2 || r.Stats.CoveragePercent != 50 {
		t.Errorf("got %v stats %+v", got, r.Stats)
	}
}

func TestFirstIntermediateChoice(t *testing.T) {
	r := ComputeAttackPaths([]Finding{
		fnd("m0", "1", "compute", "r9", "r3", "LOW", "X"),      // wrong region
		fnd("e", "1", "compute", "re", "r1", "LOW", "NETWORK"), // entry
		fnd("m1", "1", "logging", "r8", "r2", "LOW", "X"),      // does not connect to e
		fnd("m2", "1", "logging", "r7", "r1", "LOW", "X"),      // does not connect to t
		fnd("t", "1", "storage", "rt", "r2", "LOW", "DATA_EXPOSURE"),
		fnd("m3", "1", "compute", "re", "r2", "LOW", "X"),        // same resource as e
		fnd("m4", "1", "compute", "r6", "r2", "LOW", "IDENTITY"), // first usable
		fnd("m5", "1", "logging", "r5", "r1", "LOW", "X"),        // usable? no: r1≠r2, logging≠storage
		fnd("m6", "1", "compute", "r4", "r2", "LOW", "X"),        // usable, later
	})
	got := chainsOf(r)
	if !reflect.DeepEqual(got, []string{"e>m4>t"}) {
		t.Fatalf("got %v", got)
	}
	p := r.Paths[0]
	if p.HopCount != 2 || p.Description != "2-hop path in aws account 1: n-e (NETWORK) to n-t (DATA_EXPOSURE)" || p.Score != 75 {
		t.Errorf("path %+v", p)
	}
	wantEdges := []AttackPathEdge{
		{ID: "ap-001-edge-0", Source: "ap-001-node-0", Target: "ap-001-node-1", Label: "IAM trust", EdgeType: "iam_trust"},
		{ID: "ap-001-edge-1", Source: "ap-001-node-1", Target: "ap-001-node-2", Label: "data access", EdgeType: "data_access"},
	}
	if !reflect.DeepEqual(p.Edges, wantEdges) {
		t.Errorf("edges %+v", p.Edges)
	}
}

func TestEdgeKinds(t *testing.T) {
	cases := []struct {
		from, to       Finding
		typ, wantLabel string
	}{
		{Finding{Category: "IDENTITY"}, Finding{ResourceType: "DATABASE"}, "data_access", "data access"},
		{Finding{}, Finding{ResourceType: "secret"}, "data_access", "data access"},
		{Finding{}, Finding{ResourceType: "encryption", Category: "IDENTITY"}, "iam_trust", "IAM trust"},
		{Finding{Category: "NETWORK"}, Finding{Category: "IDENTITY"}, "iam_trust", "IAM trust"},
		{Finding{}, Finding{Category: "NETWORK"}, "network_reachable", "network access"},
		{Finding{Category: "NETWORK"}, Finding{}, "network_reachable", "network access"},
		{Finding{Category: "identity"}, Finding{ResourceType: "compute"}, "lateral_movement", "lateral movement"},
	}
	for i, c := range cases {
		typ, label := edgeKind(&c.from, &c.to)
		if typ != c.typ || label != c.wantLabel {
			t.Errorf("case %d: %s/%s, want %s/%s", i, typ, label, c.typ, c.wantLabel)
		}
	}
}

func TestLateralPairs(t *testing.T) {
	r := ComputeAttackPaths([]Finding{
		fnd("a", "1", "identity", "ra", "x", "HIGH", "IDENTITY"),
		fnd("lo", "1", "identity", "rl", "x", "MEDIUM", "IDENTITY"), // rank < 3
		fnd("b", "1", "identity", "rb", "x", "CRITICAL", "IDENTITY"),
		fnd("c", "1", "logging", "rc", "y", "HIGH", "X"),  // connects to nobody
		fnd("d", "1", "identity", "ra", "x", "HIGH", "X"), // same resource as a
		fnd("e", "1", "identity", "re", "z", "HIGH", "X"),
	})
	// a pairs with b and e (it keeps pairing after its first chain); b and e
	// are then in chains; d pairs with nobody left (b, e are taken).
	// CRITICAL b makes a>b sort first; a>e keeps its number 2.
	if got := chainsOf(r); !reflect.DeepEqual(got, []string{"a>b", "a>e"}) {
		t.Fatalf("got %v", got)
	}
	if r.Paths[0].ID != "ap-001" || r.Paths[0].Severity != "CRITICAL" || r.Paths[0].Score != 100 ||
		r.Paths[1].ID != "ap-002" || r.Paths[1].Severity != "HIGH" || r.Paths[1].Edges[0].EdgeType != "iam_trust" {
		t.Errorf("paths %+v", r.Paths)
	}
	if r.Stats.FindingsInPaths != 3 || r.Stats.CriticalPaths != 1 || r.Stats.HighPaths != 1 {
		t.Errorf("stats %+v", r.Stats)
	}

	// Findings already in an entry→target chain are not paired again, and
	// lateral chains are numbered after the group's entry→target chains.
	r = ComputeAttackPaths([]Finding{
		fnd("h1", "1", "identity", "r1", "x", "HIGH", "X"),
		fnd("e", "1", "compute", "r2", "x", "HIGH", "NETWORK"),
		fnd("t", "1", "storage", "r3", "x", "HIGH", "X"),
		fnd("h2", "1", "identity", "r4", "x", "HIGH", "X"),
	})
	got := []string{}
	for _, p := range r.Paths {
		got = append(got, p.ID+":"+strings.Join(p.FindingIDs, ">"))
	}
	if !reflect.DeepEqual(got, []string{"ap-001:e>t", "ap-002:h1>h2"}) {
		t.Errorf("got %v", got)
	}
}

func TestUnknownSeverities(t *testing.T) {
	r := ComputeAttackPaths([]Finding{
		fnd("e", "1", "compute", "r1", "x", "critical", "NETWORK"),
		fnd("t", "1", "storage", "r2", "x", "", "DATA_EXPOSURE"),
	})
	p := r.Paths[0]
	if p.Severity != "LOW" || p.Score != 0 || r.Stats.MediumPaths != 1 {
		t.Errorf("path %+v", p)
	}
	// LOW stays LOW when a later node is LOW too (no strictly higher rank),
	// and a MEDIUM node replaces it.
	r = ComputeAttackPaths([]Finding{
		fnd("e", "1", "compute", "r1", "x", "LOW", "NETWORK"),
		fnd("t", "1", "storage", "r2", "x", "MEDIUM", "DATA_EXPOSURE"),
	})
	if p := r.Paths[0]; p.Severity != "MEDIUM" || p.Score != 75 {
		t.Errorf("path %+v", p)
	}
}

func TestWideIDsAndStableOrder(t *testing.T) {
	// 1001 entries × 1 target = 1001 one-hop paths, all with equal keys
	// except entry #500, which is CRITICAL.
	var fs []Finding
	for i := 0; i < 1001; i++ {
		sev := "LOW"
		if i == 500 {
			sev = "CRITICAL"
		}
		fs = append(fs, fnd(fmt.Sprintf("e%d", i), "1", "compute", fmt.Sprintf("r%d", i), "x", sev, "NETWORK"))
	}
	fs = append(fs, fnd("t", "1", "storage", "rt", "x", "LOW", "DATA_EXPOSURE"))
	r := ComputeAttackPaths(fs)
	if len(r.Paths) != 1001 {
		t.Fatalf("%d paths", len(r.Paths))
	}
	ids := []string{r.Paths[0].ID, r.Paths[1].ID, r.Paths[99].ID, r.Paths[999].ID, r.Paths[1000].ID}
	if want := []string{"ap-501", "ap-001", "ap-099", "ap-1000", "ap-1001"}; !reflect.DeepEqual(ids, want) {
		t.Errorf("ids %v, want %v", ids, want)
	}
	if r.Paths[999].Nodes[1].ID != "ap-1000-node-1" || r.Paths[999].Edges[0].ID != "ap-1000-edge-0" {
		t.Errorf("node/edge ids %+v", r.Paths[999])
	}
	checkSortedStable(t, r.Paths)
}

func TestGroupsInByteOrder(t *testing.T) {
	// "B" < "a" < "\u00e9" in byte order; numbering follows it.
	var fs []Finding
	for _, acct := range []string{"\u00e9", "a", "B"} {
		fs = append(fs,
			fnd("e-"+acct, acct, "compute", "r1", "x", "LOW", "NETWORK"),
			fnd("t-"+acct, acct, "storage", "r2", "x", "LOW", "DATA_EXPOSURE"))
	}
	r := ComputeAttackPaths(fs)
	got := []string{}
	for _, p := range r.Paths {
		got = append(got, p.ID+":"+p.Nodes[0].AccountID)
	}
	if want := []string{"ap-001:B", "ap-002:a", "ap-003:\u00e9"}; !reflect.DeepEqual(got, want) {
		t.Errorf("got %v", got)
	}
}

// plainChains is docs/algorithms.md, "Heuristic engine", steps 2–5, written as literally as possible (a linear
// scan for the intermediate), to check the indexed search of groupChains.
func plainChains(group []*Finding) [][]*Finding {
	var entries, targets, mids []*Finding
	for _, f := range group {
		switch classify(f) {
		case roleEntry:
			entries = append(entries, f)
		case roleTarget:
			targets = append(targets, f)
		default:
			mids = append(mids, f)
		}
	}
	var chains [][]*Finding
	in := map[string]bool{}
	add := func(c ...*Finding) {
		for _, f := range c {
			in[f.ID] = true
		}
		chains = append(chains, c)
	}
	for _, e := range entries {
		for _, t := range targets {
			if e.ID == t.ID {
				continue
			}
			if connected(e, t) {
				add(e, t)
				continue
			}
			for _, m := range mids {
				if m.ID != e.ID && m.ID != t.ID && connected(e, m) && connected(m, t) &&
					(m.Region == e.Region || m.Region == t.Region) {
					add(e, m, t)
					break
				}
			}
		}
	}
	for i, f1 := range group {
		if in[f1.ID] || severityRank(f1.Severity) < 3 {
			continue
		}
		for _, f2 := range group[i+1:] {
			if severityRank(f2.Severity) >= 3 && !in[f2.ID] && connected(f1, f2) {
				add(f1, f2)
			}
		}
	}
	return chains
}

func TestGroupChainsMatchesPlainScan(t *testing.T) {
	rng := rand.New(rand.NewSource(7))
	threeHop, lateral := 0, 0
	pick := func(xs ...string) string { return xs[rng.Intn(len(xs))] }
	for round := 0; round < 300; round++ {
		n := 2 + rng.Intn(40)
		findings := make([]Finding, n)
		group := make([]*Finding, n)
		indices := make([]int32, n)
		for i := range group {
			f := fnd(fmt.Sprintf("f%d", rng.Intn(n+5)), "1",
				pick("compute", "storage", "database", "identity", "network", "logging", "Secret", "container"),
				fmt.Sprintf("r%d", rng.Intn(n)), pick("a", "b", "c"),
				pick("CRITICAL", "HIGH", "MEDIUM", "LOW", "x"),
				pick("NETWORK", "VULNERABILITY", "IDENTITY", "COMPLIANCE"))
			f.ExploitAvailable = rng.Intn(2) == 0
			findings[i] = f
			group[i] = &findings[i]
			indices[i] = int32(i)
		}
		var got [][]*Finding
		for _, c := range groupChains(findings, indices, unlimited) {
			var fs []*Finding
			for _, i := range c.idx[:c.n] {
				fs = append(fs, &findings[i])
			}
			got = append(got, fs)
		}
		if want := plainChains(group); !reflect.DeepEqual(got, want) {
			t.Fatalf("round %d: indexed search differs from the plain scan", round)
		}
		for _, c := range plainChains(group) {
			if len(c) == 3 {
				threeHop++
			} else if classify(c[0]) != roleEntry || classify(c[1]) != roleTarget {
				lateral++
			}
		}
	}
	// The generator must exercise both the intermediate search and lateral pairs.
	if threeHop < 100 || lateral < 50 {
		t.Errorf("weak coverage: %d two-hop chains, %d lateral pairs", threeHop, lateral)
	}
}
