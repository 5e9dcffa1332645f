package engine

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"
)

var updateGolden = flag.Bool("update", false, "rewrite testdata/*.golden.json from the engine")

// TestRulesGolden pins the exact output bytes for a small hand-made document
// that touches every rule of docs/algorithms.md, "Heuristic engine" (entry kinds, targets, an intermediate,
// lateral pairs, unknown severities, ASCII-only lower-casing, group order,
// a single-finding group, escaping). Other engines can diff against it.
func TestRulesGolden(t *testing.T) {
	in, err := os.ReadFile(filepath.Join("testdata", "rules_findings.json"))
	if err != nil {
		t.Fatal(err)
	}
	out, err := ComputeAttackPathsJSON(in)
	if err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("testdata", "rules_paths.golden.json")
	if *updateGolden {
		if err := os.WriteFile(golden, out, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(out, want) {
		t.Errorf("output differs from %s:\n got %s\nwant %s", golden, out, want)
	}
}
