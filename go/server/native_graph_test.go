//go:build cgo

package server

import (
	"bytes"
	"fmt"
	"testing"

	aegispath "libaegispath/bridge"
	"libaegispath/go/api"
	"libaegispath/go/internal/corpus"
	"libaegispath/go/internal/graphcases"
)

func openNativeWith(t testing.TB, doc []byte, opts api.Options) *aegispath.Store {
	t.Helper()
	if !aegispath.Available() {
		t.Skip("native engine not built in (aegis_purego build)")
	}
	s, err := aegispath.OpenStore(doc, opts)
	if err != nil {
		t.Fatalf("aegispath.OpenStore: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// graphInput is a findings document with the options of a graph-mode store.
type graphInput struct {
	name string
	doc  []byte
	opts api.Options
}

// graphInputs are graph-mode inputs for the server's parity: every case of
// the hand-worked table and generated corpora of both shapes with edges.
func graphInputs(t testing.TB) []graphInput {
	t.Helper()
	var out []graphInput
	for _, c := range graphcases.Cases() {
		out = append(out, graphInput{c.Name, c.FindingsJSON(), api.Options{Edges: c.EdgesJSON(), MaxPaths: c.MaxPaths, IntegrityHash: true}})
	}
	for _, shape := range []corpus.Shape{corpus.ShapeUpstream, corpus.ShapeManyAccounts} {
		opts := corpus.Options{N: 300, Seed: 5, Shape: shape}
		var edges bytes.Buffer
		if _, err := corpus.GenerateEdges(&edges, opts, corpus.EdgeOptions{SameAccount: 0.02, Typed: true}); err != nil {
			t.Fatal(err)
		}
		out = append(out, graphInput{fmt.Sprintf("%s-300", shape), corpus.Bytes(opts), api.Options{Edges: edges.Bytes(), IntegrityHash: true}})
	}
	return out
}

// TestNativeParityGraphMode: in graph mode, with the mode keys in /stats,
// both stores answer every route with the same bytes.
func TestNativeParityGraphMode(t *testing.T) {
	for _, in := range graphInputs(t) {
		t.Run(in.name, func(t *testing.T) {
			doc, opts := in.doc, in.opts
			goSt, nativeSt := openGoWith(t, doc, opts), openNativeWith(t, doc, opts)
			if goSt.PathCount() != nativeSt.PathCount() {
				t.Fatalf("paths: go %d, native %d", goSt.PathCount(), nativeSt.PathCount())
			}
			mode := ModeFull
			if goSt.PathCount() == 0 {
				mode = ModeFullHeuristic // what the server would say after its fallback
			}
			goH := New(Config{Store: goSt, Engine: "x", Logger: quietLogger, PathMode: mode})
			nativeH := New(Config{Store: nativeSt, Engine: "x", Logger: quietLogger, PathMode: mode})
			requests := append([]string{"/health"}, parityRequests...)
			for i := 1; i <= min(goSt.PathCount(), 300)+1; i++ {
				requests = append(requests, fmt.Sprintf("/api/v1/attack-paths/ap-%03d", i), fmt.Sprintf("/api/v1/attack-paths/ap-%03d/analysis", i))
			}
			for _, target := range requests {
				a, b := get(goH, target), get(nativeH, target)
				if a.status != b.status || a.body != b.body || a.header.Get("Content-Type") != b.header.Get("Content-Type") {
					t.Errorf("GET %s: go %d %.300s\nnative %d %.300s", target, a.status, a.body, b.status, b.body)
				}
			}
			if r := get(goH, "/api/v1/attack-paths/stats"); !bytes.Contains([]byte(r.body), []byte(`"mode":"`+mode+`"`)) {
				t.Errorf("/stats without its mode: %s", r.body)
			}
		})
	}
}

// TestNativeTruncation: under a path cap, both stores answer the same bytes
// (stats ending "truncated":true) and the native server marks path routes.
func TestNativeTruncation(t *testing.T) {
	doc := corpus.Bytes(corpus.Options{N: 300, Seed: 9})
	for _, maxPaths := range []int{1, 37, 100} {
		opts := api.Options{MaxPaths: maxPaths, IntegrityHash: true}
		nativeSt := openNativeWith(t, doc, opts)
		goH := New(Config{Store: openGoWith(t, doc, opts), Engine: "x", Logger: quietLogger})
		nativeH := New(Config{Store: nativeSt, Engine: "x", Logger: quietLogger})
		checkTruncationHeader(t, nativeH, true)
		for _, target := range []string{"/api/v1/attack-paths/stats", "/api/v1/attack-paths?per_page=100", "/api/v1/attack-paths/export",
			fmt.Sprintf("/api/v1/attack-paths/ap-%03d", maxPaths), fmt.Sprintf("/api/v1/attack-paths/ap-%03d", maxPaths+1)} {
			a, b := get(goH, target), get(nativeH, target)
			if a.status != b.status || a.body != b.body || a.header.Get(TruncatedHeader) != b.header.Get(TruncatedHeader) {
				t.Errorf("MaxPaths %d, GET %s: go %d %.200s\nnative %d %.200s", maxPaths, target, a.status, a.body, b.status, b.body)
			}
		}
		if nativeSt.PathCount() != maxPaths {
			t.Errorf("MaxPaths %d: %d paths", maxPaths, nativeSt.PathCount())
		}
	}
}
