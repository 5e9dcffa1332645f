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
	opts := api.Options{MaxPaths: n}
	want, err := engine.ComputeAttackPathsJSONWithOptions(doc, engine.Options{MaxPaths: n})
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
