package parity

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	aegispath "libaegispath/bridge"
	"libaegispath/go/api"
	"libaegispath/go/engine"
	"libaegispath/go/internal/corpus"
	"libaegispath/go/internal/graphcases"
	"libaegispath/go/store"
)

// graphInput is one graph-mode input: findings, an edge document and the
// options both engines get.
type graphInput struct {
	name     string
	findings []byte
	edges    []byte
	maxPaths int
}

// computeGraphBoth runs the one-shot call of both engines in graph mode.
func computeGraphBoth(in graphInput) (goRes, nativeRes outcome) {
	goRes.out, goRes.err = engine.ComputeAttackPathsJSONWithOptions(in.findings,
		engine.Options{Edges: in.edges, MaxPaths: in.maxPaths})
	nativeRes.out, nativeRes.err = aegispath.ComputeAttackPathsWithOptions(in.findings, graphOptions(in))
	return
}

// graphOptions are the store and bridge options of an input.
func graphOptions(in graphInput) api.Options {
	return api.Options{Edges: in.edges, MaxPaths: in.maxPaths}
}

// checkGraph compares the one-shot results and, when both accept, both
// stores opened on the input; it returns the Go outcome.
func checkGraph(t testing.TB, in graphInput) outcome {
	t.Helper()
	g, n := computeGraphBoth(in)
	if d := diff(g, n); d != "" {
		t.Fatalf("%s: ComputeAttackPathsWithOptions: %s\nfindings %s\nedges %s", in.name, d,
			abbreviate(in.findings), abbreviate(in.edges))
	}
	checkGraphStores(t, in, g)
	return g
}

// checkGraphStores opens both stores in graph mode and compares every
// query: counts, stats, the streamed and the buffered result, each path by
// id, pages of paths, a finding by id; both must reject alike.
func checkGraphStores(t testing.TB, in graphInput, oneShot outcome) {
	t.Helper()
	opts := graphOptions(in)
	gs, gerr := store.Open(in.findings, opts)
	ns, nerr := aegispath.OpenStore(in.findings, opts)
	if (gerr != nil) != (nerr != nil) {
		t.Fatalf("%s: store open: go %v, native %v", in.name, gerr, nerr)
	}
	if gerr != nil {
		return
	}
	defer gs.Close()
	defer ns.Close()
	fail := func(what string, g, n outcome) {
		t.Helper()
		if d := diff(g, n); d != "" {
			t.Fatalf("%s: store %s: %s", in.name, what, d)
		}
	}
	if gs.FindingCount() != ns.FindingCount() || gs.PathCount() != ns.PathCount() {
		t.Fatalf("%s: store counts go %d/%d, native %d/%d", in.name, gs.FindingCount(), gs.PathCount(),
			ns.FindingCount(), ns.PathCount())
	}
	var gw, nw bytes.Buffer
	fail("WriteAttackPaths", outcome{gw.Bytes(), gs.WriteAttackPaths(&gw)}, outcome{nw.Bytes(), ns.WriteAttackPaths(&nw)})
	fail("WriteAttackPaths bytes", outcome{gw.Bytes(), nil}, outcome{nw.Bytes(), nil})
	if one, err := ns.AttackPathsJSON(); err != nil || !bytes.Equal(one, nw.Bytes()) {
		t.Fatalf("%s: native AttackPathsJSON differs from its stream (%v)", in.name, err)
	}
	if in.maxPaths == 0 && !bytes.Equal(oneShot.out, gw.Bytes()) {
		t.Fatalf("%s: the Go store's result differs from the one-shot call", in.name)
	}
	g, n := outcome{}, outcome{}
	g.out, g.err = gs.PathStats()
	n.out, n.err = ns.PathStats()
	fail("PathStats", g, n)

	ids := make([]string, gs.PathCount())
	for i := range ids {
		ids[i] = fmt.Sprintf("ap-%03d", i+1)
	}
	for _, id := range append(ids, "ap-000", "ap-9999", "") {
		g.out, g.err = gs.Path(id)
		n.out, n.err = ns.Path(id)
		fail("Path("+id+")", g, n)
	}
	for _, pg := range [][2]int{{1, 1}, {2, 3}, {1, 100}, {0, 0}, {1 << 20, 7}} {
		g.out, g.err = gs.ListPaths(pg[0], pg[1])
		n.out, n.err = ns.ListPaths(pg[0], pg[1])
		fail(fmt.Sprintf("ListPaths(%d, %d)", pg[0], pg[1]), g, n)
	}
	for k, id := range append(ids, "ap-000", "nope") {
		g.out, g.err = gs.PathAnalysis(id)
		n.out, n.err = ns.PathAnalysis(id)
		fail("PathAnalysis("+id+")", g, n)
		if (g.err == nil) != (k < len(ids)) {
			t.Fatalf("%s: Go PathAnalysis(%s): %v", in.name, id, g.err)
		}
	}
	for _, id := range []string{"f1", "a->b", "b"} { // ids FromFuzz draws
		g.out, g.err = gs.Finding(id)
		n.out, n.err = ns.Finding(id)
		fail("Finding("+id+")", g, n)
	}
}

func TestGraphCasesParity(t *testing.T) {
	requireNative(t)
	for _, c := range graphcases.Cases() {
		t.Run(c.Name, func(t *testing.T) {
			g := checkGraph(t, graphInput{name: c.Name, findings: c.FindingsJSON(), edges: c.EdgesJSON(), maxPaths: c.MaxPaths})
			if g.err != nil {
				t.Fatalf("the Go engine rejects a table case: %v", g.err)
			}
		})
	}
}

// TestGraphFourFindingExample is the upstream test's example, end to end
// through the native engine: one path, 3 hops, same_region, same_region,
// same_account.
func TestGraphFourFindingExample(t *testing.T) {
	requireNative(t)
	c := graphcases.Cases()[0]
	out, err := aegispath.ComputeAttackPathsWithOptions(c.FindingsJSON(), api.Options{Edges: c.EdgesJSON()})
	if err != nil {
		t.Fatal(err)
	}
	var r engine.AttackPathResult
	if err := json.Unmarshal(out, &r); err != nil {
		t.Fatal(err)
	}
	if len(r.Paths) != 1 || r.Paths[0].HopCount != 3 {
		t.Fatalf("got %d paths (%s)", len(r.Paths), abbreviate(out))
	}
	var types []string
	for _, e := range r.Paths[0].Edges {
		types = append(types, e.EdgeType)
	}
	if strings.Join(types, ",") != "same_region,same_region,same_account" {
		t.Errorf("edge types %v", types)
	}
}

// graphCorpora are generated corpora with edge documents: both shapes,
// upstream's backfill, a same_account share, typed rows, and small backfill
// groups (so most links are typed and chains get long).
func graphCorpora(t testing.TB) []graphInput {
	sizes := []int{200, 600}
	if testing.Short() || raceEnabled {
		sizes = []int{200}
	}
	edgeOpts := []struct {
		name string
		eo   corpus.EdgeOptions
	}{
		{"backfill", corpus.EdgeOptions{}},
		{"backfill+same_account+typed", corpus.EdgeOptions{SameAccount: 0.02, Typed: true}},
		{"small-groups+typed", corpus.EdgeOptions{MaxGroup: 4, Typed: true}},
		{"same_account-only", corpus.EdgeOptions{MaxGroup: 1, SameAccount: 0.05}},
	}
	var out []graphInput
	for _, shape := range []corpus.Shape{corpus.ShapeUpstream, corpus.ShapeManyAccounts} {
		for _, n := range sizes {
			opts := corpus.Options{N: n, Seed: uint64(n), Shape: shape}
			findings := corpus.Bytes(opts)
			for _, e := range edgeOpts {
				var edges bytes.Buffer
				if _, err := corpus.GenerateEdges(&edges, opts, e.eo); err != nil {
					t.Fatal(err)
				}
				out = append(out, graphInput{name: fmt.Sprintf("%s-%d-%s", shape, n, e.name),
					findings: findings, edges: edges.Bytes()})
			}
		}
	}
	return out
}

func TestGraphCorpusParity(t *testing.T) {
	requireNative(t)
	hops := map[int]int{}
	for _, in := range graphCorpora(t) {
		t.Run(in.name, func(t *testing.T) {
			g := checkGraph(t, in)
			if g.err != nil {
				t.Fatalf("the Go engine rejects a generated corpus: %v", g.err)
			}
			var r engine.AttackPathResult
			json.Unmarshal(g.out, &r)
			for _, p := range r.Paths {
				hops[p.HopCount]++
			}
		})
	}
	t.Logf("paths per hop count over all corpora: %v", hops)
	if hops[1] == 0 || hops[2] == 0 || hops[3] == 0 {
		t.Errorf("the corpora miss multi-hop paths (%v); the comparison proves less than it should", hops)
	}
}

// TestGraphEdgeErrors: documents both engines must reject (or accept)
// alike, and a findings error reported before an edge error.
func TestGraphEdgeErrors(t *testing.T) {
	requireNative(t)
	findings := []byte(`[{"id":"a","resource_id":"r1","category":"NETWORK"},{"id":"b","resource_id":"r2","resource_type":"storage"}]`)
	for _, c := range []struct {
		edges  string
		reject bool
	}{
		{``, true}, {` `, true}, {`{}`, true}, {`[1]`, true}, {`[[]]`, true}, {`["x"]`, true}, {`null`, true},
		{`[`, true}, {`[{}`, true}, {`[{}]x`, true}, {"\xef\xbb\xbf[]", true}, {"[{\"source_id\":\"\xff\"}]", true},
		{`[{"edge_type":1}]`, true}, {`[{"source_id":true}]`, true}, {`[{"target_type":{}}]`, true},
		{`[{"source_id":"r1","target_id":"r2","edge_type":"x","edge_type":2}]`, true},
		{`[{"x":1e999}]`, false}, {`[{"x":[[[[{"y":-0.0e-0}]]]]}]`, false}, {`[]`, false}, {` [ ] `, false},
		{`[{"source_id":null,"target_id":"r2","edge_type":null}]`, false},
		{`[{"SOURCE_ID":"r1","Target_Id":"r2","edge_type":"t"}]`, false},
		{`[{"ſource_id":"r1","target_id":"r2","edge_type":"t"}]`, false},
		{strings.Repeat("[", 10001) + strings.Repeat("]", 10001), true},
	} {
		in := graphInput{name: fmt.Sprintf("edges %q", abbreviate([]byte(c.edges))), findings: findings, edges: []byte(c.edges)}
		if g := checkGraph(t, in); (g.err != nil) != c.reject {
			t.Errorf("%s: go error %v, want reject=%v", in.name, g.err, c.reject)
		}
	}
	// The findings error comes first, in both.
	_, nerr := aegispath.ComputeAttackPathsWithOptions([]byte(`[1]`), api.Options{Edges: []byte(`{}`)})
	if nerr == nil || strings.Contains(nerr.Error(), "edges") {
		t.Errorf("native reports %v, want the findings error", nerr)
	}
	// The edge cap, exactly at and one byte under the document's size.
	doc := []byte(`[{"source_id":"r1","target_id":"r2","edge_type":"t"}]`)
	for _, cap := range []int{len(doc), len(doc) - 1} {
		o := api.Options{Edges: doc, MaxEdgeBytes: cap}
		_, gerr := store.Open(findings, o)
		_, nerr := aegispath.ComputeAttackPathsWithOptions(findings, o)
		if (gerr != nil) != (cap < len(doc)) || (nerr != nil) != (cap < len(doc)) {
			t.Errorf("MaxEdgeBytes %d for %d bytes: go %v, native %v", cap, len(doc), gerr, nerr)
		}
	}
	// A native edge error says which document it is about.
	if _, err := aegispath.ComputeAttackPathsWithOptions(findings, api.Options{Edges: []byte(`[1]`)}); err == nil ||
		!strings.Contains(err.Error(), "edges") {
		t.Errorf("edge error %v does not name the edge document", err)
	}
}

// TestHeuristicAnalysisParity: the analysis of every path of the heuristic
// store, on the fixture (or a generated corpus) — real titles,
// remediation, CVEs and tactics.
func TestHeuristicAnalysisParity(t *testing.T) {
	requireNative(t)
	checkHeuristicAnalysis(t, storeInput(t))
	checkHeuristicAnalysis(t, corpus.Bytes(corpus.Options{N: 150, Seed: 9, Shape: corpus.ShapeManyAccounts}))
}

// TestGraphSeedsParity runs the structured generator's seeds (what the
// fuzzer starts from) in ordinary test runs.
func TestGraphSeedsParity(t *testing.T) {
	requireNative(t)
	n := uint64(2000)
	if testing.Short() {
		n = 200
	}
	rejected, withPaths := 0, 0
	for seed := uint64(0); seed < n; seed++ {
		in := fromGraphcases(fmt.Sprint("seed ", seed), graphcases.FromSeed(seed))
		in.findings = withAnalysisFields(in.findings, []byte(fmt.Sprintf("%x", seed*0x9e3779b97f4a7c15)))
		g := checkGraph(t, in)
		if seed%8 == 0 {
			checkHeuristicAnalysis(t, in.findings)
		}
		switch {
		case g.err != nil:
			rejected++
		case !bytes.HasPrefix(g.out, []byte(`{"paths":[]`)):
			withPaths++
		}
	}
	if rejected == 0 || withPaths < int(n)/4 {
		t.Errorf("generator drifted: %d of %d rejected, %d with paths", rejected, n, withPaths)
	}
}

func fromGraphcases(name string, in graphcases.Input) graphInput {
	return graphInput{name: name, findings: in.Findings, edges: in.Edges, maxPaths: in.MaxPaths}
}

// FuzzGraphParity generates findings and an edge document from the fuzz
// bytes (graphcases.FromFuzzSized: structure, not syntax) and compares both
// engines byte for byte — the one-shot call and every store query — or
// both reject; for one input in four (by length) the heuristic stores'
// analyses of the same findings too. Inputs are smaller than FromFuzz's (up
// to 10 findings and 5 + 9 edge rows: as many 3- and 4-hop chains per random
// input) and cost ~30% less each, so that a run reaches millions of
// executions. Crashers are kept in testdata/fuzz/FuzzGraphParity.
//
//	go test ./go/parity -run '^$' -fuzz FuzzGraphParity -fuzztime 30m -fuzzminimizetime 10x -parallel 2
//
// (-fuzzminimizetime 10x: the default minimises each new corpus entry for up
// to a minute, and the workers' executions stall meanwhile — about half
// the time on 2 cores.)
func FuzzGraphParity(f *testing.F) {
	requireNative(f)
	for _, s := range []string{"", "\x01\x02\x03", strings.Repeat("\x07\xff\x10", 90), strings.Repeat("\x00\x01", 200)} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		in := fromGraphcases("fuzz input", graphcases.FromFuzzSized(data, graphcases.Size{MaxFindings: 10, MaxRows: 10}))
		in.findings = withAnalysisFields(in.findings, data)
		checkGraph(t, in)
		if len(data)%4 == 0 {
			// The heuristic store's analysis (no edges) on the same findings.
			checkHeuristicAnalysis(t, in.findings)
		}
	})
}

// withAnalysisFields adds what PathAnalysis reads beyond the fields graph
// mode uses — titles, remediation, CVEs — to a generated findings document,
// drawn from the fuzz bytes read backwards (FromFuzz reads them forwards),
// from small pools so values repeat along a path, with escapes and empty
// values. The fields are spliced in as text, at the start of each object
// (FromFuzz writes every finding as json.Marshal does, starting {"id":, a
// spelling no string can hold unescaped): decoding and re-encoding the
// document took about a sixth of each fuzz input's time.
func withAnalysisFields(doc, data []byte) []byte {
	pos := len(data)
	draw := func(n int) int {
		if pos == 0 {
			return 0
		}
		pos--
		return int(data[pos]) % n
	}
	titles := []string{`""`, `"Open port"`, `"Open port"`, `"<b>&amp;"`, `"é\u2028 ok"`, `"Weak key"`}
	remediations := []string{`""`, `"Close it"`, `"Close it"`, `"Rotate \"keys\""`, `"Patch"`}
	cves := []string{`null`, `[]`, `[{"id":"CVE-1"}]`, `[{"id":"CVE-1","cisa_known_exploited":true},{"id":""},{"id":"CVE-2"}]`,
		`[{"id":"CVE-2","cisa_known_exploited":true}]`}
	start := []byte(`{"id":`)
	out := make([]byte, 0, len(doc)+bytes.Count(doc, start)*96)
	for {
		i := bytes.Index(doc, start)
		if i < 0 {
			break
		}
		out = append(out, doc[:i+1]...)
		out = append(out, `"title":`...)
		out = append(out, titles[draw(len(titles))]...)
		out = append(out, `,"remediation":`...)
		out = append(out, remediations[draw(len(remediations))]...)
		out = append(out, `,"cves":`...)
		out = append(out, cves[draw(len(cves))]...)
		out = append(out, ',')
		doc = doc[i+1:]
	}
	return append(out, doc...)
}

// checkHeuristicAnalysis compares both stores' PathAnalysis for every path
// of the heuristic engine (no edge document).
func checkHeuristicAnalysis(t testing.TB, findings []byte) {
	t.Helper()
	gs, gerr := store.Open(findings, api.Options{})
	ns, nerr := aegispath.OpenStore(findings, api.Options{})
	if (gerr != nil) != (nerr != nil) {
		t.Fatalf("store open: go %v, native %v", gerr, nerr)
	}
	if gerr != nil {
		return
	}
	defer gs.Close()
	defer ns.Close()
	for i := 1; i <= gs.PathCount(); i++ {
		id := fmt.Sprintf("ap-%03d", i)
		var g, n outcome
		g.out, g.err = gs.PathAnalysis(id)
		n.out, n.err = ns.PathAnalysis(id)
		if d := diff(g, n); d != "" || g.err != nil {
			t.Fatalf("heuristic PathAnalysis(%s): %v %s\nfindings %s", id, g.err, d, abbreviate(findings))
		}
	}
}

// TestAnalysisCapParity: a hub linked to more resources than the blast
// radius counts, in both modes.
func TestAnalysisCapParity(t *testing.T) {
	requireNative(t)
	const leaves = api.MaxBlastRadiusIndirect + 50
	var doc bytes.Buffer
	doc.WriteString(`[{"id":"e","resource_id":"hub","category":"NETWORK","region":"r","account_id":"a","title":"T"},` +
		`{"id":"t","resource_id":"tgt","resource_type":"storage","region":"r","account_id":"a","remediation":"R"}`)
	rows := []string{graphcases.Row("hub", "tgt", "same_region")}
	for i := 0; i < leaves; i++ {
		fmt.Fprintf(&doc, `,{"id":"l%d","resource_id":"leaf%d","severity":"LOW","region":"r","account_id":"a"}`, i, i)
		rows = append(rows, graphcases.Row(fmt.Sprintf("leaf%d", i), fmt.Sprintf("leaf%d", i+1), "same_region"))
		if i%2 == 0 {
			rows = append(rows, graphcases.Row("tgt", fmt.Sprintf("leaf%d", i), "same_account"))
		}
	}
	doc.WriteString("]")
	checkGraph(t, graphInput{name: "hub", findings: doc.Bytes(), edges: []byte(graphcases.Doc(rows...))})
	checkHeuristicAnalysis(t, doc.Bytes())
}
