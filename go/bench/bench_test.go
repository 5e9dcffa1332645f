package bench

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	"libaegispath/go/engine"
	"libaegispath/go/internal/corpus"
)

func benchFindings() int {
	if v, err := strconv.Atoi(os.Getenv("AEGIS_BENCH_FINDINGS")); err == nil && v > 0 {
		return v
	}
	return 2000
}

// benchCorpus is generated (or read) once per test binary.
var benchCorpus = sync.OnceValues(func() ([]byte, error) {
	if path := os.Getenv("AEGIS_BENCH_CORPUS"); path != "" {
		return os.ReadFile(path)
	}
	return corpus.Bytes(corpus.Options{N: benchFindings(), Seed: 1}), nil
})

// corpusLabel names the corpus in sub-benchmark names, "go/upstream-2000"
// or, for a file, "go/<its base name>", so runs on several corpora can be
// told apart.
func corpusLabel() string {
	if path := os.Getenv("AEGIS_BENCH_CORPUS"); path != "" {
		return strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
	}
	return "upstream-" + strconv.Itoa(benchFindings())
}

// engines runs the go and the native variant of a benchmark as sub-benchmarks.
func engines(b *testing.B, goBench, nativeBench func(b *testing.B)) {
	b.Run("go/"+corpusLabel(), goBench)
	b.Run("native/"+corpusLabel(), nativeBench)
}

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
	engines(b, func(b *testing.B) {
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
	}, func(b *testing.B) { nativeAttackPathComputation(b, data) })
}

// BenchmarkComputeAttackPaths is the full drop-in call, findings JSON in,
// result JSON out; MB/s counts output bytes. native goes through the cgo
// bridge, result copied into Go memory, as the server receives it.
func BenchmarkComputeAttackPaths(b *testing.B) {
	data := loadCorpus(b)
	engines(b, func(b *testing.B) {
		benchBytes(b, func() ([]byte, error) { return engine.ComputeAttackPathsJSON(data) })
	}, func(b *testing.B) { nativeComputeAttackPaths(b, data) })
}

// BenchmarkLoadAndSerializeFindings decodes and re-encodes every finding (no
// filter); MB/s counts output bytes.
func BenchmarkLoadAndSerializeFindings(b *testing.B) {
	data := loadCorpus(b)
	engines(b, func(b *testing.B) {
		benchBytes(b, func() ([]byte, error) { return engine.LoadAndSerializeFindings(data, nil) })
	}, func(b *testing.B) { nativeLoadAndSerializeFindings(b, data, nil) })
}

// BenchmarkDecodeFindings decodes the corpus and keeps nothing (see
// noMatchFilter); MB/s counts input bytes.
func BenchmarkDecodeFindings(b *testing.B) {
	data := loadCorpus(b)
	engines(b, func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			out, err := engine.LoadAndSerializeFindings(data, noMatchFilter)
			if err != nil || string(out) != "[]" {
				b.Fatalf("got %q, %v", out, err)
			}
		}
	}, func(b *testing.B) { nativeDecode(b, data) })
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
