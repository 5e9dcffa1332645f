//go:build cgo

package bench

import (
	"bytes"
	"testing"

	aegispath "libaegispath/bridge"
	"libaegispath/go/api"
	"libaegispath/go/engine"
	"libaegispath/go/internal/corpus"
)

func requireNative(tb testing.TB) {
	tb.Helper()
	if !aegispath.Available() {
		tb.Skip("native engine not built in (aegis_purego tag)")
	}
}

func nativeAttackPathComputation(b *testing.B, data []byte) {
	requireNative(b)
	b.ReportAllocs()
	var paths int
	for i := 0; i < b.N; i++ {
		s, err := aegispath.OpenStore(data, api.Options{})
		if err != nil {
			b.Fatal(err)
		}
		paths = s.PathCount()
		s.Close()
	}
	b.ReportMetric(float64(paths), "paths")
}

func nativeComputeAttackPaths(b *testing.B, data []byte) {
	requireNative(b)
	benchBytes(b, func() ([]byte, error) { return aegispath.ComputeAttackPaths(data) })
}

func nativeLoadAndSerializeFindings(b *testing.B, data, filter []byte) {
	requireNative(b)
	benchBytes(b, func() ([]byte, error) { return aegispath.LoadAndSerializeFindings(data, filter) })
}

func nativeDecode(b *testing.B, data []byte) {
	requireNative(b)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		out, err := aegispath.LoadAndSerializeFindings(data, noMatchFilter)
		if err != nil || string(out) != "[]" {
			b.Fatalf("got %q, %v", out, err)
		}
	}
}

// TestEnginesAgreeOnBenchCorpus checks that what the benchmarks compare is
// the same work: both engines give the same bytes for every benchmarked call
// on a small generated corpus of the benchmarks' shape.
func TestEnginesAgreeOnBenchCorpus(t *testing.T) {
	requireNative(t)
	data := corpus.Bytes(corpus.Options{N: 300, Seed: 1})
	goPaths, err := engine.ComputeAttackPathsJSON(data)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(goPaths, []byte(`"hop_count":2`)) {
		t.Fatalf("corpus yields no two-hop path; the benchmark would not exercise the engine")
	}
	nativePaths, err := aegispath.ComputeAttackPaths(data)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(goPaths, nativePaths) {
		t.Errorf("ComputeAttackPaths: go %d bytes, native %d bytes differ", len(goPaths), len(nativePaths))
	}
	for _, filter := range [][]byte{nil, noMatchFilter, []byte(`{"severity":"HIGH","provider":"aws"}`)} {
		g, err := engine.LoadAndSerializeFindings(data, filter)
		if err != nil {
			t.Fatal(err)
		}
		n, err := aegispath.LoadAndSerializeFindings(data, filter)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(g, n) {
			t.Errorf("LoadAndSerializeFindings(%s): go %d bytes, native %d bytes differ", filter, len(g), len(n))
		}
	}
	s, err := aegispath.OpenStore(data, api.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var streamed bytes.Buffer
	if err := s.WriteAttackPaths(&streamed); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(streamed.Bytes(), goPaths) {
		t.Errorf("native store stream: %d bytes, differs from the Go result (%d bytes)", streamed.Len(), len(goPaths))
	}
}
