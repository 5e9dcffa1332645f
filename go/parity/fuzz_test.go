package parity

import (
	"testing"

	"libaegispath/go/engine"
	"libaegispath/go/internal/corpus"
)

// FuzzParity feeds each input to both engines: the outputs must be the same
// bytes, or both must reject. The seeds (the edge-case table and slices of
// the fixture) run in every `go test`; crashers found by -fuzz are kept in
// testdata/fuzz/FuzzParity as regression seeds.
func FuzzParity(f *testing.F) {
	requireNative(f)
	for _, c := range edgeCases() {
		f.Add([]byte(c.doc))
	}
	if data, err := readFixture(); err == nil {
		if findings, err := engine.DecodeFindings(data); err == nil {
			f.Add(marshalRaw(f, findings[:3]))
			f.Add(marshalRaw(f, findings[40:52]))
		}
		// The raw fixture's first bytes up to the end of its second finding
		// (source formatting, unknown keys), closed into a document.
		if end := nthObjectEnd(data, 2); end > 0 {
			f.Add(append(append([]byte{}, data[:end]...), ']'))
		}
	}
	f.Fuzz(func(t *testing.T, doc []byte) {
		g, n := computeBoth(doc)
		if d := diff(g, n); d != "" {
			t.Errorf("ComputeAttackPaths: %s", d)
		}
		g, n = loadBoth(doc, nil)
		if d := diff(g, n); d != "" {
			t.Errorf("LoadAndSerializeFindings: %s", d)
		}
	})
}

// nthObjectEnd returns the offset just past the n-th top-level element of
// a JSON array of objects (strings skipped properly), or -1.
func nthObjectEnd(data []byte, n int) int {
	depth, inString, escaped := 0, false, false
	for i, c := range data {
		switch {
		case inString:
			switch {
			case escaped:
				escaped = false
			case c == '\\':
				escaped = true
			case c == '"':
				inString = false
			}
		case c == '"':
			inString = true
		case c == '{' || c == '[':
			depth++
		case c == '}' || c == ']':
			depth--
			if depth == 1 && c == '}' {
				n--
				if n == 0 {
					return i + 1
				}
			}
		}
	}
	return -1
}

// FuzzFilterParity fuzzes the filter object of LoadAndSerializeFindings
// over a fixed small corpus; seeds are the filter table.
func FuzzFilterParity(f *testing.F) {
	requireNative(f)
	for _, c := range filters {
		f.Add([]byte(c.filter))
	}
	doc := corpus.Bytes(corpus.Options{N: 40, Seed: 5})
	f.Fuzz(func(t *testing.T, filter []byte) {
		g, n := loadBoth(doc, filter)
		if d := diff(g, n); d != "" {
			t.Errorf("LoadAndSerializeFindings(filter %q): %s", abbreviate(filter), d)
		}
	})
}
