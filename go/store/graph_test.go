package store

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"testing"

	"libaegispath/go/api"
	"libaegispath/go/engine"
	"libaegispath/go/internal/corpus"
	"libaegispath/go/internal/graphcases"
)

// checkStoreMatchesEngine compares every path query of a store opened with
// opts with the engine's one-shot result on the same input.
func checkStoreMatchesEngine(t *testing.T, doc []byte, opts api.Options) *Store {
	t.Helper()
	want, err := engine.ComputeAttackPathsJSONWithOptions(doc, engine.Options{Edges: opts.Edges})
	if err != nil {
		t.Fatal(err)
	}
	var result struct {
		Paths []json.RawMessage `json:"paths"`
		Stats json.RawMessage   `json:"stats"`
	}
	if err := json.Unmarshal(want, &result); err != nil {
		t.Fatal(err)
	}
	s := mustOpen(t, doc, opts)
	if s.PathCount() != len(result.Paths) {
		t.Fatalf("PathCount = %d, want %d", s.PathCount(), len(result.Paths))
	}
	var buf bytes.Buffer
	if err := s.WriteAttackPaths(&buf); err != nil || !bytes.Equal(buf.Bytes(), want) {
		t.Errorf("WriteAttackPaths: %v\n got %.400s\nwant %.400s", err, buf.Bytes(), want)
	}
	if got, err := s.PathStats(); err != nil || !bytes.Equal(got, result.Stats) {
		t.Errorf("PathStats = %s, %v; want %s", got, err, result.Stats)
	}
	for i, raw := range result.Paths {
		var p struct{ ID string }
		json.Unmarshal(raw, &p)
		if got, err := s.Path(p.ID); err != nil || !bytes.Equal(got, raw) {
			t.Errorf("Path(%s) = %.200s, %v; want %.200s", p.ID, got, err, raw)
		}
		if _, err := s.PathAnalysis(p.ID); err != nil {
			t.Errorf("PathAnalysis(%s): %v", p.ID, err)
		}
		if i%3 == 0 {
			page, err := s.ListPaths(i+1, 1)
			if err != nil || !bytes.Contains(page, raw) {
				t.Errorf("ListPaths(%d, 1) = %.200s, %v", i+1, page, err)
			}
		}
	}
	return s
}

func TestGraphModeMatchesEngineOnCases(t *testing.T) {
	for _, c := range graphcases.Cases() {
		t.Run(c.Name, func(t *testing.T) {
			s := checkStoreMatchesEngine(t, c.FindingsJSON(), api.Options{Edges: c.EdgesJSON()})
			checkRecords(t, s)
		})
	}
}

// checkRecords asserts that each path's records are the findings its nodes
// describe, record by record (with duplicate ids, the exact ones).
func checkRecords(t *testing.T, s *Store) {
	t.Helper()
	for _, p := range s.paths {
		if len(p.Records) != len(p.Nodes) {
			t.Fatalf("%s: %d records for %d nodes", p.ID, len(p.Records), len(p.Nodes))
		}
		for k, i := range p.Records {
			f, n := &s.findings[i], &p.Nodes[k]
			if f.ID != n.FindingID || f.ResourceID != n.ResourceID || f.ResourceName != n.ResourceName ||
				f.Severity != n.Severity || f.Category != n.Category || f.AccountID != n.AccountID ||
				f.Region != n.Region || f.ResourceType != n.ResourceType {
				t.Errorf("%s node %d: record %d is %+v, node %+v", p.ID, k, i, f, n)
			}
		}
	}
}

func TestGraphModeMatchesEngineOnCorpus(t *testing.T) {
	for _, shape := range []corpus.Shape{corpus.ShapeUpstream, corpus.ShapeManyAccounts} {
		t.Run(string(shape), func(t *testing.T) {
			opts := corpus.Options{N: 240, Seed: 3, Shape: shape}
			doc := corpus.Bytes(opts)
			var edges bytes.Buffer
			if _, err := corpus.GenerateEdges(&edges, opts, corpus.EdgeOptions{SameAccount: 0.05, Typed: true}); err != nil {
				t.Fatal(err)
			}
			s := checkStoreMatchesEngine(t, doc, api.Options{Edges: edges.Bytes(), MaxThreads: 2})
			if s.PathCount() == 0 {
				t.Fatal("corpus has no graph-mode paths; the test proves nothing")
			}
			checkRecords(t, s)
			checkBlastRadiusReference(t, s, edges.Bytes())
		})
	}
}

// checkBlastRadiusReference recomputes every path's blast radius the slow,
// obvious way from the edge rows and compares.
func checkBlastRadiusReference(t *testing.T, s *Store, edgeDoc []byte) {
	t.Helper()
	rows, err := engine.DecodeEdges(edgeDoc, 0)
	if err != nil {
		t.Fatal(err)
	}
	held := map[string]bool{}
	for i := range s.findings {
		held[s.findings[i].ResourceID] = true
	}
	maxIndirect := 0
	for _, p := range s.paths {
		dist := map[string]int{}
		for _, n := range p.Nodes {
			dist[n.ResourceID] = 0
		}
		direct := len(dist)
		for d := 1; d <= 2; d++ {
			for _, r := range rows {
				if !r.Counts() || r.SourceID == r.TargetID || !held[r.SourceID] || !held[r.TargetID] {
					continue
				}
				for _, end := range [][2]string{{r.SourceID, r.TargetID}, {r.TargetID, r.SourceID}} {
					if from, ok := dist[end[0]]; ok && from == d-1 {
						if _, seen := dist[end[1]]; !seen {
							dist[end[1]] = d
						}
					}
				}
			}
		}
		indirect := min(len(dist)-direct, api.MaxBlastRadiusIndirect)
		maxIndirect = max(maxIndirect, indirect)
		out, err := s.PathAnalysis(p.ID)
		if err != nil {
			t.Fatal(err)
		}
		var a api.PathAnalysis
		if err := json.Unmarshal(out, &a); err != nil {
			t.Fatal(err)
		}
		want := api.BlastRadius{Direct: direct, Indirect: indirect, Total: direct + indirect}
		if a.BlastRadius != want {
			t.Fatalf("%s: blast radius %+v, want %+v", p.ID, a.BlastRadius, want)
		}
	}
	t.Logf("%d paths, largest indirect blast radius %d", len(s.paths), maxIndirect)
	if maxIndirect == 0 {
		t.Error("no path has neighbours; the comparison proves little")
	}
}

func TestGraphModeOpenErrors(t *testing.T) {
	good := []byte(`[{"id":"a"}]`)
	for _, c := range []struct {
		doc, edges string
		opts       api.Options
		want       error
	}{
		{`[1]`, `{}`, api.Options{}, engine.ErrNotObject}, // the findings error comes first
		{string(good), `{}`, api.Options{}, engine.ErrEdgesNotArray},
		{string(good), `[1]`, api.Options{}, engine.ErrEdgeNotObject},
		{string(good), `[{"edge_type":1}]`, api.Options{}, engine.ErrInvalidEdgeJSON},
		{string(good), `[`, api.Options{}, engine.ErrInvalidEdgeJSON},
		{string(good), "[\"\xff\"]", api.Options{}, engine.ErrInvalidUTF8},
		{string(good), `[{},{}]`, api.Options{MaxEdgeBytes: 5}, engine.ErrTooLarge},
	} {
		opts := c.opts
		opts.Edges = []byte(c.edges)
		if s, err := Open([]byte(c.doc), opts); !errors.Is(err, c.want) || s != nil {
			t.Errorf("Open(%q, edges %q) = %v, %v; want %v", c.doc, c.edges, s, err, c.want)
		}
	}
	if _, err := Open(good, api.Options{Edges: []byte(`[{},{}]`), MaxEdgeBytes: 7}); err != nil {
		t.Errorf("edge document at the cap: %v", err)
	}
	opts := api.Options{MaxEdgeBytes: -1}
	if _, err := Open(good, opts); err == nil || err.Error() != opts.Validate().Error() {
		t.Errorf("negative MaxEdgeBytes: %v", err)
	}
}

func TestGraphModeEmptyEdgesHasNoPaths(t *testing.T) {
	doc := corpus.Bytes(corpus.Options{N: 50, Seed: 1})
	s := mustOpen(t, doc, api.Options{Edges: []byte(`[]`)})
	if s.PathCount() != 0 {
		t.Errorf("graph mode without edges: %d paths", s.PathCount())
	}
	if h := mustOpen(t, doc, api.Options{}); h.PathCount() == 0 {
		t.Error("the heuristic engine finds no paths either; the test proves nothing")
	}
}

func TestGraphModeEdgesAreCopied(t *testing.T) {
	c := graphcases.Cases()[0]
	edges := c.EdgesJSON()
	s := mustOpen(t, c.FindingsJSON(), api.Options{Edges: edges})
	before, _ := s.PathAnalysis("ap-001")
	for i := range edges {
		edges[i] = ' '
	}
	after, _ := s.PathAnalysis("ap-001")
	if !bytes.Equal(before, after) || s.PathCount() != 1 {
		t.Errorf("store depends on the caller's edge buffer: %s / %s", before, after)
	}
}

// analysisFindings is the worked example of the analysis: the four-finding
// chain e → m1 → m2 → t, plus findings near it (x one edge from t, y two,
// z three; w behind an id no finding holds).
const analysisFindings = `[
{"id":"e","title":"Open SSH port","resource_type":"compute","resource_id":"r-e","resource_name":"web",
 "cloud_provider":"aws","region":"us-east-1","account_id":"a","severity":"HIGH","exploit_available":true,
 "cves":[{"id":"CVE-2024-1","cisa_known_exploited":true}],"mitre_tactics":["TA0001"],
 "remediation":"Close port 22","category":"NETWORK"},
{"id":"m1","title":"Over-privileged role","resource_type":"identity","resource_id":"r-m1","resource_name":"role",
 "cloud_provider":"aws","region":"us-east-1","account_id":"a","severity":"MEDIUM",
 "mitre_tactics":["TA0004","TA0001"],"remediation":"Scope the role","category":"IDENTITY"},
{"id":"m2","title":"Open SSH port","resource_type":"network","resource_id":"r-m2","resource_name":"vpc",
 "cloud_provider":"aws","region":"us-west-2","account_id":"a","severity":"LOW",
 "cves":[{"id":"CVE-2024-1"},{"id":"CVE-2024-2"},{"id":""}],"remediation":"Close port 22",
 "category":"MISCONFIGURATION"},
{"id":"t","title":"Public bucket <x>&","resource_type":"storage","resource_id":"r-t","resource_name":"bucket",
 "cloud_provider":"aws","region":"us-east-1","account_id":"a","severity":"MEDIUM","category":"DATA_EXPOSURE"},
{"id":"x","resource_type":"logging","resource_id":"r-x","resource_name":"logs","region":"us-east-1","account_id":"a","severity":"LOW"},
{"id":"y","resource_type":"logging","resource_id":"r-y","region":"us-east-1","account_id":"a","severity":"LOW"},
{"id":"z","resource_type":"logging","resource_id":"r-z","region":"us-east-1","account_id":"a","severity":"LOW"},
{"id":"w","resource_type":"logging","resource_id":"r-w","region":"us-east-1","account_id":"a","severity":"LOW"},
{"id":"o","resource_type":"logging","resource_id":"r-o","region":"us-east-1","account_id":"b","severity":"LOW"}
]`

var analysisEdges = graphcases.Doc(
	graphcases.Row("r-e", "r-m1", "same_region"), graphcases.Row("r-m1", "r-m2", "same_region"),
	graphcases.Row("r-t", "r-m2", "same_account"), graphcases.Row("r-t", "r-x", "same_region"),
	graphcases.Row("r-x", "r-y", "same_region"), graphcases.Row("r-y", "r-z", "same_region"),
	graphcases.Row("r-t", "r-ghost", "same_region"), graphcases.Row("r-ghost", "r-w", "same_region"),
	graphcases.Row("r-z", "r-z", "same_region"))

func TestPathAnalysisGraphMode(t *testing.T) {
	s := mustOpen(t, []byte(analysisFindings), api.Options{Edges: []byte(analysisEdges)})
	if s.PathCount() != 1 {
		t.Fatalf("%d paths, want the one chain e → m1 → m2 → t", s.PathCount())
	}
	got, err := s.PathAnalysis("ap-001")
	if err != nil {
		t.Fatal(err)
	}
	want := `{"analysis":"3-hop HIGH path in aws account a: web (compute, NETWORK) reaches bucket (storage, DATA_EXPOSURE) via role, vpc.` +
		` Findings: Open SSH port; Over-privileged role; Public bucket \u003cx\u003e\u0026.",` +
		`"remediation_steps":["web, vpc: Close port 22","role: Scope the role"],` +
		`"risk_factors":["Path score 100/100, severity HIGH",` +
		`"HIGH NETWORK finding on web: Open SSH port","MEDIUM IDENTITY finding on role: Over-privileged role",` +
		`"LOW MISCONFIGURATION finding on vpc: Open SSH port","MEDIUM DATA_EXPOSURE finding on bucket: Public bucket \u003cx\u003e\u0026",` +
		`"Exploit available: web","CVE-2024-1 on web (CISA known exploited)","CVE-2024-2 on vpc",` +
		`"Network-exposed: web","Data store: bucket (storage)","MITRE tactics: TA0001, TA0004",` +
		`"Crosses regions: us-east-1, us-west-2"],` +
		// direct: r-e, r-m1, r-m2, r-t; indirect: r-x (1 edge), r-y (2 edges);
		// not r-z (3 edges) nor r-w (only through r-ghost, which no finding holds).
		`"blast_radius":{"direct":4,"indirect":2,"total":6}}`
	if string(got) != want {
		t.Errorf("PathAnalysis:\n got %s\nwant %s", got, want)
	}
}

func TestPathAnalysisHeuristicMode(t *testing.T) {
	s := mustOpen(t, []byte(analysisFindings), api.Options{})
	if s.PathCount() != 1 {
		t.Fatalf("%d paths, want the one chain e → t", s.PathCount())
	}
	got, err := s.PathAnalysis("ap-001")
	if err != nil {
		t.Fatal(err)
	}
	want := `{"analysis":"1-hop HIGH path in aws account a: web (compute, NETWORK) reaches bucket (storage, DATA_EXPOSURE).` +
		` Findings: Open SSH port; Public bucket \u003cx\u003e\u0026.",` +
		`"remediation_steps":["web: Close port 22"],` +
		`"risk_factors":["Path score 100/100, severity HIGH",` +
		`"HIGH NETWORK finding on web: Open SSH port","MEDIUM DATA_EXPOSURE finding on bucket: Public bucket \u003cx\u003e\u0026",` +
		`"Exploit available: web","CVE-2024-1 on web (CISA known exploited)",` +
		`"Network-exposed: web","Data store: bucket (storage)","MITRE tactics: TA0001"],` +
		// (a, us-east-1) also holds r-m1, r-x, r-y, r-z, r-w; r-m2 is in
		// us-west-2 and r-o in account b.
		`"blast_radius":{"direct":2,"indirect":5,"total":7}}`
	if string(got) != want {
		t.Errorf("PathAnalysis:\n got %s\nwant %s", got, want)
	}
}

func TestPathAnalysisEmptyFieldsAndNotFound(t *testing.T) {
	// Nothing to say beyond the path itself: empty names, no titles, no
	// remediation, no tactics; the lists are [] rather than null.
	doc := `[{"id":"a","resource_id":"1","category":"NETWORK","severity":"high"},` +
		`{"id":"b","resource_id":"2","resource_type":"Secret","severity":"x","remediation":"rotate"}]`
	s := mustOpen(t, []byte(doc), api.Options{Edges: []byte(`[{"source_id":"1","target_id":"2","edge_type":"t"}]`)})
	got, err := s.PathAnalysis("ap-001")
	if err != nil {
		t.Fatal(err)
	}
	want := `{"analysis":"1-hop high path in  account :  (, NETWORK) reaches  (Secret, ).",` +
		`"remediation_steps":["rotate"],` +
		`"risk_factors":["Path score 75/100, severity high","high NETWORK finding on ","x  finding on ",` +
		`"Network-exposed: ","Data store:  (Secret)"],` +
		`"blast_radius":{"direct":2,"indirect":0,"total":2}}`
	if string(got) != want {
		t.Errorf("PathAnalysis:\n got %s\nwant %s", got, want)
	}
	for _, id := range []string{"", "ap-1", "ap-000", "ap-002", "AP-001", "ap-0001", "ap-001 "} {
		if _, err := s.PathAnalysis(id); !errors.Is(err, api.ErrNotFound) {
			t.Errorf("PathAnalysis(%q): %v, want ErrNotFound", id, err)
		}
	}
	s.Close()
	if _, err := s.PathAnalysis("ap-001"); !errors.Is(err, api.ErrClosed) {
		t.Errorf("PathAnalysis after Close: %v", err)
	}
}

func TestPathAnalysisEmptyLists(t *testing.T) {
	doc := `[{"id":"a","resource_id":"1","category":"NETWORK"},{"id":"b","resource_id":"2","resource_type":"storage"}]`
	s := mustOpen(t, []byte(doc), api.Options{})
	got, _ := s.PathAnalysis("ap-001")
	if !bytes.Contains(got, []byte(`"remediation_steps":[],`)) {
		t.Errorf("no remediation should be [], got %s", got)
	}
}

// TestBlastRadiusCap: more neighbours than the cap count as the cap.
func TestBlastRadiusCap(t *testing.T) {
	const leaves = api.MaxBlastRadiusIndirect + 200
	var doc bytes.Buffer
	doc.WriteString(`[{"id":"e","resource_id":"hub","category":"NETWORK","region":"r","account_id":"a"},` +
		`{"id":"t","resource_id":"tgt","resource_type":"storage","region":"r","account_id":"a"}`)
	rows := []string{graphcases.Row("hub", "tgt", "same_region")}
	for i := 0; i < leaves; i++ {
		fmt.Fprintf(&doc, `,{"id":"l%d","resource_id":"leaf%d","severity":"LOW","region":"r","account_id":"a"}`, i, i)
		rows = append(rows, graphcases.Row("hub", fmt.Sprintf("leaf%d", i), "same_region"))
	}
	doc.WriteString("]")
	want := `"blast_radius":{"direct":2,"indirect":1000,"total":1002}}`
	for _, opts := range []api.Options{{}, {Edges: []byte(graphcases.Doc(rows...))}} {
		s := mustOpen(t, doc.Bytes(), opts)
		got, err := s.PathAnalysis("ap-001")
		if err != nil || !bytes.HasSuffix(got, []byte(want)) {
			t.Errorf("graph mode %v: %.100s…%s, %v; want …%s", opts.Edges != nil, got, got[max(0, len(got)-60):], err, want)
		}
	}
}
