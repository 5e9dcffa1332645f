package parity

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	aegispath "libaegispath/bridge"
	"libaegispath/go/api"
	"libaegispath/go/engine"
	"libaegispath/go/internal/corpus"
	"libaegispath/go/internal/graphcases"
	"libaegispath/go/store"
)

// lateralNumbers returns the numbers of the paths that are lateral pairs
// (docs/algorithms.md, "Heuristic engine", step 5): one hop to a finding
// that is not a target. A cap there cuts a group's lateral step.
func lateralNumbers(t *testing.T, full []byte) map[int]bool {
	t.Helper()
	var r engine.AttackPathResult
	if err := json.Unmarshal(full, &r); err != nil {
		t.Fatal(err)
	}
	out := map[int]bool{}
	for _, p := range r.Paths {
		switch strings.ToLower(p.Target.ResourceType) {
		case "storage", "database", "secret", "encryption":
			continue
		}
		if p.HopCount == 1 {
			var n int
			fmt.Sscanf(p.ID, "ap-%d", &n)
			out[n] = true
		}
	}
	return out
}

// TestMaxPathsParity: under every cap (sampled on larger corpora), the
// native one-shot call, the native store and the pure-Go store give the Go
// engine's bytes: the first N chains in generation order, stats over them,
// "truncated":true exactly when more existed. The caps include cuts inside
// groups' lateral steps and at group boundaries.
func TestMaxPathsParity(t *testing.T) {
	requireNative(t)
	type input struct {
		name string
		doc  []byte
		all  bool // every cap; otherwise a sample
	}
	inputs := []input{
		{"upstream-100", corpus.Bytes(corpus.Options{N: 100, Seed: 3}), true},
		{"many-accounts-300", corpus.Bytes(corpus.Options{N: 300, Seed: 4, Shape: corpus.ShapeManyAccounts}), true},
		{"upstream-500", corpus.Bytes(corpus.Options{N: 500, Seed: 5}), false},
		{"adversarial-late", adversarialWithLateIntermediates(60), true},
	}
	if data, err := readFixture(); err == nil {
		inputs = append(inputs, input{"fixture", data, false})
	}
	for _, in := range inputs {
		t.Run(in.name, func(t *testing.T) {
			full, err := engine.ComputeAttackPathsJSON(in.doc)
			if err != nil {
				t.Fatal(err)
			}
			var r engine.AttackPathResult
			if err := json.Unmarshal(full, &r); err != nil {
				t.Fatal(err)
			}
			total := len(r.Paths)
			lateral := lateralNumbers(t, full)
			// A sample: the ends, every 12th lateral pair (a cut inside a
			// lateral step, and at its end), and 12 caps spread evenly.
			caps := []int{}
			seenLateral := 0
			for n := 1; n <= total+1; n++ {
				pick := in.all || n <= 3 || n >= total-2 || n%(total/12+1) == 0
				if !in.all && lateral[n] && lateral[n+1] {
					seenLateral++
					pick = pick || seenLateral%12 == 1
				}
				if pick {
					caps = append(caps, n)
				}
			}
			midLateral := 0
			for _, n := range caps {
				if lateral[n] && lateral[n+1] {
					midLateral++
				}
				checkCap(t, in.doc, n, total)
			}
			t.Logf("%d paths, %d caps checked, %d of them inside a lateral step", total, len(caps), midLateral)
			if in.name == "upstream-100" && midLateral == 0 {
				t.Error("no cap fell inside a lateral step: the corpus no longer covers that case")
			}
		})
	}
}

func checkCap(t *testing.T, doc []byte, n, total int) {
	t.Helper()
	checkCapWithEdges(t, doc, nil, n, total)
}

// checkCapWithEdges is checkCap in graph mode when edges is not nil.
func checkCapWithEdges(t *testing.T, doc, edges []byte, n, total int) {
	t.Helper()
	opts := api.Options{MaxPaths: n, Edges: edges}
	want, err := engine.ComputeAttackPathsJSONWithOptions(doc, engine.Options{MaxPaths: n, Edges: edges})
	if err != nil {
		t.Fatal(err)
	}
	if truncated := bytes.HasSuffix(want, []byte(`,"truncated":true}}`)); truncated != (total > n) {
		t.Fatalf("cap %d of %d: the Go engine's truncated mark is %v", n, total, truncated)
	}
	got, err := aegispath.ComputeAttackPathsWithOptions(doc, opts)
	if d := diff(outcome{want, nil}, outcome{got, err}); d != "" {
		t.Fatalf("cap %d: one-shot: %s", n, d)
	}
	native, err := aegispath.OpenStore(doc, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer native.Close()
	pure, err := store.Open(doc, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer pure.Close()
	var nb, pb bytes.Buffer
	if err := native.WriteAttackPaths(&nb); err != nil {
		t.Fatal(err)
	}
	if err := pure.WriteAttackPaths(&pb); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(nb.Bytes(), want) || !bytes.Equal(pb.Bytes(), want) {
		t.Fatalf("cap %d: streamed: native %s; pure Go %s", n,
			diff(outcome{want, nil}, outcome{nb.Bytes(), nil}), diff(outcome{want, nil}, outcome{pb.Bytes(), nil}))
	}
	ns, _ := native.PathStats()
	ps, _ := pure.PathStats()
	if !bytes.Equal(ns, ps) || native.PathCount() != pure.PathCount() || native.PathCount() != min(n, total) {
		t.Fatalf("cap %d: stats %s vs %s, counts %d vs %d", n, ns, ps, native.PathCount(), pure.PathCount())
	}
	for _, page := range []int{1, 2} {
		a, _ := native.ListPaths(page, 7)
		b, _ := pure.ListPaths(page, 7)
		if !bytes.Equal(a, b) {
			t.Fatalf("cap %d: page %d differs", n, page)
		}
	}
}

// TestLimitsErrors: the other limits fail with their own statuses, matched
// by the Go errors a caller expects.
func TestLimitsErrors(t *testing.T) {
	requireNative(t)
	doc := corpus.Bytes(corpus.Options{N: 2000, Seed: 9})
	full, err := aegispath.ComputeAttackPaths(doc)
	if err != nil {
		t.Fatal(err)
	}
	var e *aegispath.Error

	// The result cap: at the result's length it passes, one byte less fails.
	if got, err := aegispath.ComputeAttackPathsWithOptions(doc, api.Options{MaxResultBytes: len(full)}); err != nil || !bytes.Equal(got, full) {
		t.Errorf("MaxResultBytes = the length: %v", err)
	}
	_, err = aegispath.ComputeAttackPathsWithOptions(doc, api.Options{MaxResultBytes: len(full) - 1})
	if !errors.As(err, &e) || e.Status != aegispath.StatusResultTooLarge || !errors.Is(err, api.ErrResultTooLarge) {
		t.Errorf("MaxResultBytes = the length - 1: %v", err)
	}
	s, err := aegispath.OpenStore(doc, api.Options{MaxResultBytes: 100})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.AttackPathsJSON(); !errors.Is(err, api.ErrResultTooLarge) {
		t.Errorf("store AttackPathsJSON over the cap: %v", err)
	}
	var buf bytes.Buffer
	if err := s.WriteAttackPaths(&buf); err != nil || !bytes.Equal(buf.Bytes(), full) {
		t.Errorf("streaming is not capped: %v", err)
	}

	// A deadline far shorter than the call: a status of its own, matching
	// context.DeadlineExceeded. The adversarial shape at 60,000 findings
	// takes seconds (its lateral step is quadratic), so 1 ms always passes.
	slow := corpus.Bytes(corpus.Options{N: 60000, Shape: corpus.ShapeAdversarial})
	start := time.Now()
	_, err = aegispath.ComputeAttackPathsWithOptions(slow, api.Options{Timeout: time.Millisecond, MaxInputBytes: len(slow)})
	if !errors.As(err, &e) || e.Status != aegispath.StatusTimedOut || !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Timeout 1ms: %v", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("a 1 ms timeout returned after %v", d)
	}
	_, err = aegispath.OpenStore(slow, api.Options{Timeout: time.Millisecond, MaxInputBytes: len(slow)})
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("OpenStore with Timeout 1ms: %v", err)
	}
	if err := (api.Options{MaxPaths: -1}).Validate(); err == nil {
		t.Error("MaxPaths -1 validates")
	}
}

// TestGraphMaxPathsParity: graph mode under caps, as TestMaxPathsParity for
// the heuristic engine: every cap of the hand-worked cases (duplicate ids
// make the run ordered, so admit() drops chains before they count) and a
// sample on generated corpora with multi-hop chains, one-shot and both
// stores against the Go engine.
func TestGraphMaxPathsParity(t *testing.T) {
	requireNative(t)
	check := func(t *testing.T, in graphInput, all bool) int {
		full, err := engine.ComputeAttackPathsJSONWithOptions(in.findings, engine.Options{Edges: in.edges})
		if err != nil {
			return -1 // cases the engines must reject are TestGraphCasesParity's
		}
		var r engine.AttackPathResult
		if err := json.Unmarshal(full, &r); err != nil {
			t.Fatal(err)
		}
		total := len(r.Paths)
		for n := 1; n <= total+1; n++ {
			if all || n <= 3 || n >= total-2 || n%(total/10+1) == 0 {
				checkCapWithEdges(t, in.findings, in.edges, n, total)
			}
		}
		return total
	}
	capped := 0
	for _, c := range graphcases.Cases() {
		if total := check(t, graphInput{name: c.Name, findings: c.FindingsJSON(), edges: c.EdgesJSON()}, true); total > 1 {
			capped++
		}
	}
	if capped < 5 {
		t.Errorf("only %d hand-worked cases have more than one path: the caps prove little", capped)
	}
	for _, in := range graphCorpora(t) {
		if !strings.Contains(in.name, "-200-") {
			continue // the larger corpora add time, not cases
		}
		t.Run(in.name, func(t *testing.T) { check(t, in, false) })
	}
}

// TestContextCancellation: a context that ends stops a long native call
// with an error matching context.Canceled; a context ended before the call
// stops it at once; one that never ends changes nothing.
func TestContextCancellation(t *testing.T) {
	requireNative(t)
	doc := corpus.Bytes(corpus.Options{N: 2000, Seed: 2})
	want, err := aegispath.ComputeAttackPaths(doc)
	if err != nil {
		t.Fatal(err)
	}
	got, err := aegispath.ComputeAttackPathsContext(context.Background(), doc, api.Options{})
	if err != nil || !bytes.Equal(got, want) {
		t.Fatalf("background context: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := aegispath.ComputeAttackPathsContext(ctx, doc, api.Options{}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled before the call: %v", err)
	}
	if _, err := aegispath.OpenStoreContext(ctx, doc, api.Options{}); !errors.Is(err, context.Canceled) {
		t.Errorf("store, cancelled before the call: %v", err)
	}
	// Cancelled during the call: the 2K result (141 MB) takes far longer than 1 ms to
	// build and write, so the call must stop with the cancellation.
	ctx, cancel = context.WithCancel(context.Background())
	time.AfterFunc(time.Millisecond, cancel)
	if _, err := aegispath.ComputeAttackPathsContext(ctx, doc, api.Options{}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled during the call: %v", err)
	}
	// A context that ends after a successful call leaves the result alone.
	ctx, cancel = context.WithCancel(context.Background())
	s, err := aegispath.OpenStoreContext(ctx, doc, api.Options{})
	cancel()
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if s.PathCount() == 0 {
		t.Error("the store has no paths")
	}
}
