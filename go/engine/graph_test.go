package engine

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"libaegispath/go/internal/graphcases"
)

// TestGraphCases checks every case of the hand-worked table through the
// JSON entry point: the paths in result order (ids, finding ids, resources,
// hop counts, edge types and labels, severity, score) and the stats.
func TestGraphCases(t *testing.T) {
	for _, c := range graphcases.Cases() {
		t.Run(c.Name, func(t *testing.T) {
			out, err := ComputeAttackPathsJSONWithOptions(c.FindingsJSON(),
				Options{Edges: c.EdgesJSON(), MaxPaths: c.MaxPaths})
			if err != nil {
				t.Fatal(err)
			}
			var r AttackPathResult
			if err := json.Unmarshal(out, &r); err != nil {
				t.Fatal(err)
			}
			checkGraphCase(t, &c, &r)
			if !c.Want.Truncated && bytes.Contains(out, []byte(`"truncated"`)) {
				t.Errorf("untruncated result has the truncated key: %s", out)
			}
			if c.Want.Truncated && !bytes.HasSuffix(out, []byte(`,"truncated":true}}`)) {
				t.Errorf("truncated result does not end with the key: %s", out)
			}
		})
	}
}

func checkGraphCase(t *testing.T, c *graphcases.Case, r *AttackPathResult) {
	t.Helper()
	w := c.Want
	if len(r.Paths) != len(w.Paths) {
		t.Fatalf("%d paths %v, want %d (%s)", len(r.Paths), chainsOf(*r), len(w.Paths), c.Why)
	}
	for k, want := range w.Paths {
		p := &r.Paths[k]
		var types, labels, resources []string
		for _, e := range p.Edges {
			types = append(types, e.EdgeType)
			labels = append(labels, e.Label)
		}
		for _, n := range p.Nodes {
			resources = append(resources, n.ResourceID)
		}
		switch {
		case p.ID != want.ID:
			t.Errorf("path %d: id %s, want %s", k, p.ID, want.ID)
		case !reflect.DeepEqual(p.FindingIDs, want.FindingIDs):
			t.Errorf("%s: finding ids %q, want %q", p.ID, p.FindingIDs, want.FindingIDs)
		case p.HopCount != len(want.FindingIDs)-1:
			t.Errorf("%s: hop_count %d, want %d", p.ID, p.HopCount, len(want.FindingIDs)-1)
		case want.Resources != nil && !reflect.DeepEqual(resources, want.Resources):
			t.Errorf("%s: resources %q, want %q", p.ID, resources, want.Resources)
		case !reflect.DeepEqual(types, want.EdgeTypes) || !reflect.DeepEqual(labels, want.Labels):
			t.Errorf("%s: edges %q / %q, want %q / %q", p.ID, types, labels, want.EdgeTypes, want.Labels)
		case p.Severity != want.Severity || p.Score != want.Score:
			t.Errorf("%s: severity %q score %d, want %q %d", p.ID, p.Severity, p.Score, want.Severity, want.Score)
		}
		checkPathShape(t, p)
	}
	s := r.Stats
	total := len(c.Findings)
	if s.TotalFindings != total || s.FindingsInPaths != w.InPaths || s.IsolatedFindings != total-w.InPaths ||
		s.TotalPaths != len(w.Paths) || s.CriticalPaths != w.Critical || s.HighPaths != w.High ||
		s.MediumPaths != w.Medium || s.Truncated != w.Truncated {
		t.Errorf("stats %+v, want in_paths %d critical %d high %d medium %d truncated %v",
			s, w.InPaths, w.Critical, w.High, w.Medium, w.Truncated)
	}
}

// checkPathShape asserts the structure every path has: node and edge ids,
// entry point and target, the edges joining consecutive nodes.
func checkPathShape(t *testing.T, p *AttackPath) {
	t.Helper()
	if len(p.Nodes) != p.HopCount+1 || len(p.Edges) != p.HopCount || p.EntryPoint != p.Nodes[0] ||
		p.Target != p.Nodes[p.HopCount] {
		t.Fatalf("%s: malformed path %+v", p.ID, p)
	}
	for k, e := range p.Edges {
		if e.Source != p.Nodes[k].ID || e.Target != p.Nodes[k+1].ID {
			t.Errorf("%s: edge %d joins %s → %s", p.ID, k, e.Source, e.Target)
		}
	}
}

// Without edges the options entry point is the heuristic engine, bytes
// unchanged.
func TestNoEdgesIsHeuristic(t *testing.T) {
	for _, c := range graphcases.Cases() {
		want, err := ComputeAttackPathsJSON(c.FindingsJSON())
		if err != nil {
			t.Fatal(err)
		}
		got, err := ComputeAttackPathsJSONWithOptions(c.FindingsJSON(), Options{})
		if err != nil || !bytes.Equal(got, want) {
			t.Fatalf("%s: options without edges differ from the heuristic engine: %v", c.Name, err)
		}
	}
	// The empty edge document is graph mode, not "no edges".
	doc := []byte(`[{"id":"e","account_id":"a","resource_type":"compute","resource_id":"r1","severity":"HIGH","category":"NETWORK"},` +
		`{"id":"t","account_id":"a","resource_type":"storage","resource_id":"r2"}]`)
	heuristic, _ := ComputeAttackPathsJSON(doc)
	graph, err := ComputeAttackPathsJSONWithOptions(doc, Options{Edges: []byte(`[]`)})
	if err != nil || !bytes.Contains(heuristic, []byte(`"total_paths":1`)) || !bytes.Contains(graph, []byte(`"total_paths":0`)) {
		t.Errorf("heuristic %s\ngraph %s (%v)", heuristic, graph, err)
	}
}

func TestDecodeEdges(t *testing.T) {
	rows, err := DecodeEdges([]byte(` [ {"source_id":"a","target_id":"b","edge_type":"x","properties":{"k":[1,2.5e3,null]}},`+
		`{"Source_Type":"finding","source_id":null,"SOURCE_ID":"c","EDGE_TYPE":"y","edge_type":"z","\u0074arget_id":"d","id":7} ] `), 0)
	if err != nil {
		t.Fatal(err)
	}
	want := []Edge{
		{SourceType: "resource", SourceID: "a", TargetType: "resource", TargetID: "b", EdgeType: "x"},
		{SourceType: "finding", SourceID: "c", TargetType: "resource", TargetID: "d", EdgeType: "z"},
	}
	if !reflect.DeepEqual(rows, want) {
		t.Errorf("rows %+v\nwant %+v", rows, want)
	}
	if !rows[0].Counts() || rows[1].Counts() {
		t.Error("Counts")
	}
	// Any well-formed number is fine inside an ignored key.
	if _, err := DecodeEdges([]byte(`[{"properties":1e400,"id":-0.0e-999}]`), 0); err != nil {
		t.Errorf("out-of-range numbers in ignored keys: %v", err)
	}
	if rows, err := DecodeEdges([]byte(`[]`), 0); err != nil || len(rows) != 0 {
		t.Errorf("[] → %v, %v", rows, err)
	}
}

func TestDecodeEdgesRejects(t *testing.T) {
	for _, c := range []struct {
		doc  string
		max  int
		want error
	}{
		{``, 0, ErrInvalidEdgeJSON},
		{`[`, 0, ErrInvalidEdgeJSON},
		{`[{}] x`, 0, ErrInvalidEdgeJSON},
		{`[{"source_id":"a"},{"edge_type":"x",}]`, 0, ErrInvalidEdgeJSON},
		{`[{"properties":tru}]`, 0, ErrInvalidEdgeJSON},
		{"\xef\xbb\xbf[]", 0, ErrInvalidEdgeJSON}, // a byte-order mark is valid UTF-8, not JSON
		{"[\"\xff\"]", 0, ErrInvalidUTF8},
		{`{}`, 0, ErrEdgesNotArray},
		{`null`, 0, ErrEdgesNotArray},
		{`"[]"`, 0, ErrEdgesNotArray},
		{`[{}, null]`, 0, ErrEdgeNotObject},
		{`[[]]`, 0, ErrEdgeNotObject},
		{`[{"source_id":1}]`, 0, ErrInvalidEdgeJSON},
		{`[{"edge_type":true}]`, 0, ErrInvalidEdgeJSON},
		{`[{"target_type":{}}]`, 0, ErrInvalidEdgeJSON},
		{`[{"Source_Type":["resource"]}]`, 0, ErrInvalidEdgeJSON},
		{`[{}]`, 3, ErrTooLarge},
		{`[` + strings.Repeat(`[`, 10001) + strings.Repeat(`]`, 10001) + `]`, 0, ErrInvalidEdgeJSON},
	} {
		_, err := DecodeEdges([]byte(c.doc), c.max)
		if !errors.Is(err, c.want) {
			t.Errorf("%.40q: err %v, want %v", c.doc, err, c.want)
		} else if !strings.Contains(err.Error(), "edge") {
			t.Errorf("%.40q: error %q does not say it is about the edge document", c.doc, err)
		}
	}
	// Nesting up to Go's limit inside an ignored key is fine.
	deep := `[{"properties":` + strings.Repeat(`[`, 9998) + strings.Repeat(`]`, 9998) + `}]`
	if _, err := DecodeEdges([]byte(deep), 0); err != nil {
		t.Errorf("nesting 10000 deep: %v", err)
	}
	// The options entry point reports findings errors first, then edge errors.
	if _, err := ComputeAttackPathsJSONWithOptions([]byte(`{}`), Options{Edges: []byte(`{}`)}); !errors.Is(err, ErrNotArray) {
		t.Errorf("findings error: %v", err)
	}
	if _, err := ComputeAttackPathsJSONWithOptions([]byte(`[]`), Options{Edges: []byte(`{}`)}); !errors.Is(err, ErrEdgesNotArray) {
		t.Errorf("edge error: %v", err)
	}
	if _, err := ComputeAttackPathsJSONWithOptions([]byte(`[]`), Options{Edges: []byte(`[{}]`), MaxEdgeBytes: 2}); !errors.Is(err, ErrTooLarge) {
		t.Errorf("edge cap: %v", err)
	}
	if _, err := ComputeAttackPathsJSONWithOptions([]byte(`[]`), Options{Edges: []byte{}}); !errors.Is(err, ErrInvalidEdgeJSON) {
		t.Errorf("empty (non-nil) edge document: %v", err)
	}
}

func TestResourceGraph(t *testing.T) {
	g := NewResourceGraph([]Edge{
		{SourceType: "resource", SourceID: "a", TargetType: "resource", TargetID: "b", EdgeType: "x"},
		{SourceType: "resource", SourceID: "b", TargetType: "resource", TargetID: "a", EdgeType: "y"},
		{SourceType: "resource", SourceID: "a", TargetType: "resource", TargetID: "b", EdgeType: ""},
		{SourceType: "resource", SourceID: "c", TargetType: "resource", TargetID: "c", EdgeType: "self"},
	})
	if typ, ok := g.EdgeType("a", "b"); !ok || typ != "y" {
		t.Errorf("a–b: %q %v", typ, ok)
	}
	if typ, ok := g.EdgeType("b", "a"); !ok || typ != "y" {
		t.Errorf("b–a: %q %v", typ, ok)
	}
	if _, ok := g.EdgeType("a", "c"); ok {
		t.Error("a–c linked")
	}
	if typ, _ := g.EdgeType("c", "c"); typ != "self" || g.Len() != 2 {
		t.Errorf("self-loop %q, %d pairs", typ, g.Len())
	}
}

// TestGraphCasesGolden pins the exact output bytes of every case, one line
// per case (name, tab, result), beyond the facts the table states: titles,
// descriptions, node fields, escaping ("->" is written "-\u003e").
func TestGraphCasesGolden(t *testing.T) {
	var got bytes.Buffer
	for _, c := range graphcases.Cases() {
		out, err := ComputeAttackPathsJSONWithOptions(c.FindingsJSON(), Options{Edges: c.EdgesJSON(), MaxPaths: c.MaxPaths})
		if err != nil {
			t.Fatal(err)
		}
		got.WriteString(c.Name + "\t")
		got.Write(out)
		got.WriteByte('\n')
	}
	golden := filepath.Join("testdata", "graph_cases.golden.txt")
	if *updateGolden {
		if err := os.WriteFile(golden, got.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got.Bytes(), want) {
		gl, wl := strings.Split(got.String(), "\n"), strings.Split(string(want), "\n")
		for i := 0; i < min(len(gl), len(wl)); i++ {
			if gl[i] != wl[i] {
				t.Fatalf("line %d differs from %s:\n got %s\nwant %s", i+1, golden, gl[i], wl[i])
			}
		}
		t.Fatalf("%s: %d lines, want %d", golden, len(gl), len(wl))
	}
}
