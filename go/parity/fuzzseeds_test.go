package parity

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"libaegispath/go/engine"
	"libaegispath/go/internal/corpus"
)

// fuzzSeparator is tests/fuzz/fuzz_support.hpp's kSeparator: what follows it
// in a libFuzzer input is parameter bytes.
const fuzzSeparator = "\n\x01PARAMS\x01"

// TestWriteFuzzSeeds writes the seed corpus of the C++ libFuzzer targets
// (tests/fuzz) into $AEGIS_FUZZ_SEEDS_DIR, and is skipped without it
// (scripts/fuzz.sh sets it): the edge-case table, structured documents,
// small generated corpora of every shape, the adversarial shape with late
// intermediates, slices of the fixture when present; some with parameter
// bytes (a filter for the drop-in target, options and queries for the
// others).
func TestWriteFuzzSeeds(t *testing.T) {
	dir := os.Getenv("AEGIS_FUZZ_SEEDS_DIR")
	if dir == "" {
		t.Skip("AEGIS_FUZZ_SEEDS_DIR not set (scripts/fuzz.sh sets it)")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	n := 0
	write := func(doc []byte, params string) {
		if params != "" {
			doc = append(append(append([]byte{}, doc...), fuzzSeparator...), params...)
		}
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("seed-%04d", n)), doc, 0o644); err != nil {
			t.Fatal(err)
		}
		n++
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
	if data, err := readFixture(); err == nil {
		if findings, err := engine.DecodeFindings(data); err == nil {
			write(marshalRaw(t, findings[:3]), "")
			write(marshalRaw(t, findings[40:52]), params[2])
		}
	}
	t.Logf("%d seeds in %s", n, dir)
}
