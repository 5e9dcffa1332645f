package bench

import (
	"os"
	"strconv"
	"sync"
	"testing"

	"libaegispath/go/engine"
	"libaegispath/go/internal/corpus"
)

// benchCorpus is generated (or read) once per test binary.
var benchCorpus = sync.OnceValues(func() ([]byte, error) {
	if path := os.Getenv("AEGIS_BENCH_CORPUS"); path != "" {
		return os.ReadFile(path)
	}
	n := 2000
	if v, err := strconv.Atoi(os.Getenv("AEGIS_BENCH_FINDINGS")); err == nil && v > 0 {
		n = v
	}
	return corpus.Bytes(corpus.Options{N: n, Seed: 1}), nil
})

func loadCorpus(b *testing.B) []byte {
	b.Helper()
	data, err := benchCorpus()
	if err != nil {
		b.Fatal(err)
	}
	return data
}

// noMatchFilter selects nothing, so LoadAndSerializeFindings with it costs
// the decode (and a trivial filter pass) and writes only "[]": the one way to
// time the native decoder from Go, used for both engines alike.
var noMatchFilter = []byte(`{"severity":"NO-SUCH-SEVERITY"}`)

// BenchmarkAttackPathComputation times the path computation without JSON
// output. go: engine.ComputeAttackPaths on already decoded findings (Go
// values out). native: opening a store (decode plus path records; the native
// engine has no Go-value form), so native does strictly more work here.
func BenchmarkAttackPathComputation(b *testing.B) {
	data := loadCorpus(b)
	b.Run("go", func(b *testing.B) {
		findings, err := engine.DecodeFindings(data)
		if err != nil {
			b.Fatal(err)
		}
		b.ReportAllocs()
		b.ResetTimer()
		var paths int
		for i := 0; i < b.N; i++ {
			paths = len(engine.ComputeAttackPaths(findings).Paths)
		}
		b.ReportMetric(float64(paths), "paths")
	})
	b.Run("native", func(b *testing.B) { nativeAttackPathComputation(b, data) })
}

// BenchmarkComputeAttackPaths is the full drop-in call, findings JSON in,
// result JSON out; MB/s counts output bytes. native goes through the cgo
// bridge, result copied into Go memory, as the server receives it.
func BenchmarkComputeAttackPaths(b *testing.B) {
	data := loadCorpus(b)
	b.Run("go", func(b *testing.B) {
		benchBytes(b, func() ([]byte, error) { return engine.ComputeAttackPathsJSON(data) })
	})
	b.Run("native", func(b *testing.B) { nativeComputeAttackPaths(b, data) })
}

// BenchmarkLoadAndSerializeFindings decodes and re-encodes every finding (no
// filter); MB/s counts output bytes.
func BenchmarkLoadAndSerializeFindings(b *testing.B) {
	data := loadCorpus(b)
	b.Run("go", func(b *testing.B) {
		benchBytes(b, func() ([]byte, error) { return engine.LoadAndSerializeFindings(data, nil) })
	})
	b.Run("native", func(b *testing.B) { nativeLoadAndSerializeFindings(b, data, nil) })
}

// BenchmarkDecodeFindings decodes the corpus and keeps nothing (see
// noMatchFilter); MB/s counts input bytes.
func BenchmarkDecodeFindings(b *testing.B) {
	data := loadCorpus(b)
	b.Run("go", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			out, err := engine.LoadAndSerializeFindings(data, noMatchFilter)
			if err != nil || string(out) != "[]" {
				b.Fatalf("got %q, %v", out, err)
			}
		}
	})
	b.Run("native", func(b *testing.B) { nativeDecode(b, data) })
}

// benchBytes runs call b.N times; b.SetBytes is the size of its output.
func benchBytes(b *testing.B, call func() ([]byte, error)) {
	b.Helper()
	out, err := call()
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(out)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := call(); err != nil {
			b.Fatal(err)
		}
	}
}
