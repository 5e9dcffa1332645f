package engine

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"unicode"
	"unicode/utf8"

	"libaegispath/go/internal/graphcases"
)

// nativeGraphFixture is the graph-mode oracle for the C++ tests
// (tests/graph_engine_test.cpp), which have no Go at hand: every case of
// the hand-worked table and a run of generated inputs, each with the bytes
// this engine writes or the class of error it reports. -update rewrites it;
// otherwise this test fails when the engine and the file disagree.
var nativeGraphFixture = filepath.Join("..", "..", "tests", "data", "graph_cases.jsonl")

// nativeFixtureSeeds is how many graphcases.FromSeed inputs the fixture holds.
const nativeFixtureSeeds = 64

type nativeFixtureLine struct {
	Name     string `json:"name"`
	Findings string `json:"findings"`
	Edges    string `json:"edges"`
	MaxPaths int    `json:"max_paths"`
	// Status is "ok" or the class of the error: "utf8", "malformed",
	// "schema" (the C API's statuses for the edge document).
	Status string `json:"status"`
	Result string `json:"result"`
}

func edgeErrorClass(doc []byte, err error) string {
	switch {
	case errors.Is(err, ErrInvalidUTF8):
		return "utf8"
	case !json.Valid(doc):
		return "malformed"
	}
	return "schema"
}

func nativeFixtureLineOf(name string, findings, edges []byte, maxPaths int) nativeFixtureLine {
	l := nativeFixtureLine{Name: name, Findings: string(findings), Edges: string(edges), MaxPaths: maxPaths, Status: "ok"}
	out, err := ComputeAttackPathsJSONWithOptions(findings, Options{Edges: edges, MaxPaths: maxPaths})
	if err != nil {
		l.Status = edgeErrorClass(edges, err)
	} else {
		l.Result = string(out)
	}
	return l
}

func TestNativeGraphFixture(t *testing.T) {
	var got bytes.Buffer
	enc := json.NewEncoder(&got)
	for _, c := range graphcases.Cases() {
		if err := enc.Encode(nativeFixtureLineOf(c.Name, c.FindingsJSON(), c.EdgesJSON(), c.MaxPaths)); err != nil {
			t.Fatal(err)
		}
	}
	for seed := 0; seed < nativeFixtureSeeds; seed++ {
		in := graphcases.FromSeed(uint64(seed))
		if err := enc.Encode(nativeFixtureLineOf(fmt.Sprintf("seed-%d", seed), in.Findings, in.Edges, in.MaxPaths)); err != nil {
			t.Fatal(err)
		}
	}
	if *updateGolden {
		if err := os.WriteFile(nativeGraphFixture, got.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(nativeGraphFixture)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got.Bytes(), want) {
		t.Fatalf("%s is out of date: run go test ./go/engine -run TestNativeGraphFixture -update", nativeGraphFixture)
	}
}

// TestGoCaseMappingToASCII pins what the native engine's case-insensitive
// comparisons assume (src/engine/go_case.hpp): strings.ToUpper and
// strings.ToLower map rune by rune, and the only non-ASCII runes they map
// onto ASCII are U+0131 and U+017F (upper) and U+0130 and U+212A (lower).
func TestGoCaseMappingToASCII(t *testing.T) {
	var upper, lower []rune
	for r := rune(0x80); r <= unicode.MaxRune; r++ {
		if !utf8.ValidRune(r) {
			continue
		}
		if unicode.ToUpper(r) < utf8.RuneSelf {
			upper = append(upper, r)
		}
		if unicode.ToLower(r) < utf8.RuneSelf {
			lower = append(lower, r)
		}
	}
	if fmt.Sprint(upper) != fmt.Sprint([]rune{0x131, 0x17F}) || fmt.Sprint(lower) != fmt.Sprint([]rune{0x130, 0x212A}) {
		t.Errorf("non-ASCII runes mapping to ASCII: upper %U, lower %U", upper, lower)
	}
	for r := rune(0); r < utf8.RuneSelf; r++ {
		if unicode.ToUpper(r) >= utf8.RuneSelf || unicode.ToLower(r) >= utf8.RuneSelf {
			t.Errorf("ASCII %q maps outside ASCII", r)
		}
	}
}
