package parity

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"libaegispath/go/engine"
	"libaegispath/go/internal/corpus"
	"libaegispath/go/internal/graphcases"
)

// fuzzSeparator is tests/fuzz/fuzz_support.hpp's kSeparator: what follows it
// in a libFuzzer input is parameter bytes.
const fuzzSeparator = "\n\x01PARAMS\x01"

// fuzzEdgesSeparator is fuzz_support.hpp's kEdgesSeparator: in the graph
// target's input, what follows it (up to the parameters) is the edge
// document.
const fuzzEdgesSeparator = "\n\x01EDGES\x01"

// fuzzMaxLen is scripts/fuzz.sh's -max_len: longer inputs are cut.
const fuzzMaxLen = 16384

// seedWriter writes numbered seed files into one directory.
type seedWriter struct {
	t   *testing.T
	dir string
	n   int
}

func newSeedWriter(t *testing.T, env string) *seedWriter {
	dir := os.Getenv(env)
	if dir == "" {
		t.Skip(env + " not set (scripts/fuzz.sh sets it)")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return &seedWriter{t: t, dir: dir}
}

// write writes parts joined as they come (separators included by the caller).
func (w *seedWriter) write(parts ...[]byte) {
	if err := os.WriteFile(filepath.Join(w.dir, fmt.Sprintf("seed-%04d", w.n)), bytes.Join(parts, nil), 0o644); err != nil {
		w.t.Fatal(err)
	}
	w.n++
}

// TestWriteFuzzSeeds writes the seed corpus of the C++ libFuzzer targets
// (tests/fuzz) into $AEGIS_FUZZ_SEEDS_DIR, and is skipped without it
// (scripts/fuzz.sh sets it): the edge-case table, structured documents,
// small generated corpora of every shape, the adversarial shape with late
// intermediates, slices of the fixture when present; some with parameter
// bytes (a filter for the drop-in target, options and queries for the
// others).
func TestWriteFuzzSeeds(t *testing.T) {
	w := newSeedWriter(t, "AEGIS_FUZZ_SEEDS_DIR")
	write := func(doc []byte, params string) {
		if params != "" {
			w.write(doc, []byte(fuzzSeparator), []byte(params))
		} else {
			w.write(doc)
		}
	}
	// Parameter bytes as the targets read them (tests/fuzz/*.cpp).
	params := []string{
		`{"severity":"HIGH","offset":1,"limit":3}`, // dropin: a filter
		// options: whole struct, no input cap, 2 threads, hashes, max_paths 6
		"\x10\x20\x02\x01\x85\x00\x00\x00\x00\x00\x00\x00",
		// options: max_paths 17, max_result_bytes one under the result, a requested cancel
		"\x10\x20\x00\x00\x90\xa0\x00\x00\x00\x00\x00\xd0",
		// store: max_paths 1, hashes, 2 threads, per_page 5, a query
		"\xa0\x01\x01\x19\x07\x04HIGH\x03aws\x04OPEN",
	}
	for i, c := range edgeCases() {
		write([]byte(c.doc), "")
		if i%4 == 0 {
			write([]byte(c.doc), params[i/4%len(params)])
		}
	}
	for seed := uint64(0); seed < 40; seed++ {
		write(structuredDoc(seed), params[seed%uint64(len(params))])
	}
	for _, shape := range []corpus.Shape{corpus.ShapeUpstream, corpus.ShapeManyAccounts, corpus.ShapeAdversarial} {
		for _, size := range []int{2, 6, 20, 40} {
			doc := corpus.Bytes(corpus.Options{N: size, Seed: uint64(size), Shape: shape})
			write(doc, "")
			write(doc, params[size%len(params)])
		}
	}
	write(adversarialWithLateIntermediates(12), "")
	// Graph mode for the options target: its parameters, then a graph pick,
	// an edge cap pick and the edge document.
	for i, c := range graphcases.Cases() {
		write(c.FindingsJSON(), params[1+i%2]+"\xc0"+string(rune(0x10+i%3))+c.Edges)
	}
	if data, err := readFixture(); err == nil {
		if findings, err := engine.DecodeFindings(data); err == nil {
			write(marshalRaw(t, findings[:3]), "")
			write(marshalRaw(t, findings[40:52]), params[2])
		}
	}
	t.Logf("%d seeds in %s", w.n, w.dir)
}

// TestWriteGraphFuzzSeeds writes the seed corpus of the graph-mode libFuzzer
// target (tests/fuzz/fuzz_graph.cpp) into $AEGIS_FUZZ_GRAPH_SEEDS_DIR, and
// is skipped without it (scripts/fuzz.sh sets it): every line of
// tests/data/graph_cases.jsonl (the hand-worked cases and generated inputs
// the C++ tests pin), the structured generator's inputs with titles,
// remediation and CVEs for the analysis, generated corpora of both shapes
// with backfill, same_account and typed edges, and heuristic edge cases with
// an empty edge document; some with parameter bytes (a path cap, hashes,
// an edge cap, paths to analyse, a page size).
func TestWriteGraphFuzzSeeds(t *testing.T) {
	w := newSeedWriter(t, "AEGIS_FUZZ_GRAPH_SEEDS_DIR")
	sep, edgesSep := []byte(fuzzSeparator), []byte(fuzzEdgesSeparator)
	// Parameter bytes in the order fuzz_graph.cpp reads them: max_paths
	// pick, hashes, max_edge_bytes pick, two path numbers, page size.
	params := [][]byte{
		nil,
		[]byte("\xa0\x01\x10\x01\x02\x03"), // a cap, hashes, edge cap at the size, paths 1 and 2
		[]byte("\x70\x00\x0f\x00\x05\x00"), // uncapped, edge cap one under the size
		[]byte("\xfa\x00\x80\x03\x07\x01"), // max_paths 2^64-1, no edge cap
	}
	graphSeed := func(k int, findings, edges []byte) {
		if len(findings)+len(edges) > fuzzMaxLen-64 {
			return // libFuzzer would cut it (and its parameters) short
		}
		if p := params[k%len(params)]; p != nil {
			w.write(findings, edgesSep, edges, sep, p)
		} else {
			w.write(findings, edgesSep, edges)
		}
	}
	f, err := os.Open(filepath.Join("..", "..", "tests", "data", "graph_cases.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	lines := bufio.NewScanner(f)
	lines.Buffer(nil, 1<<24)
	k := 0
	for ; lines.Scan(); k++ {
		var c struct{ Findings, Edges string }
		if err := json.Unmarshal(lines.Bytes(), &c); err != nil {
			t.Fatal(err)
		}
		graphSeed(k, []byte(c.Findings), []byte(c.Edges))
	}
	if err := lines.Err(); err != nil {
		t.Fatal(err)
	}
	for seed := uint64(1000); seed < 1040; seed++ {
		in := graphcases.FromSeed(seed)
		graphSeed(int(seed), withAnalysisFields(in.Findings, []byte(fmt.Sprintf("%x", seed*0x9e3779b97f4a7c15))), in.Edges)
	}
	for _, shape := range []corpus.Shape{corpus.ShapeUpstream, corpus.ShapeManyAccounts} {
		for _, size := range []int{3, 6, 10} {
			opts := corpus.Options{N: size, Seed: uint64(size), Shape: shape}
			findings := corpus.Bytes(opts)
			for i, eo := range []corpus.EdgeOptions{{}, {MaxGroup: 4, SameAccount: 0.05, Typed: true}} {
				var edges bytes.Buffer
				if _, err := corpus.GenerateEdges(&edges, opts, eo); err != nil {
					t.Fatal(err)
				}
				graphSeed(size+i, findings, edges.Bytes())
			}
		}
	}
	for i, c := range edgeCases() {
		if i%3 == 0 {
			graphSeed(i, []byte(c.doc), []byte("[]"))
		}
	}
	t.Logf("%d graph seeds in %s", w.n, w.dir)
}
