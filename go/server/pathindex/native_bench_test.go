//go:build cgo && !aegis_purego

package pathindex

import (
	"context"
	"io"
	"os"
	"runtime"
	"strconv"
	"testing"
	"time"

	aegispath "libaegispath/bridge"
	"libaegispath/go/api"
	"libaegispath/go/internal/corpus"
)

// benchFindings is the corpus size of the native benchmarks:
// AEGIS_INDEX_BENCH_FINDINGS, default 20,000 (6.9 million paths, 14.4 GB of
// result streamed through the scanner).
func benchFindings(b *testing.B) int {
	n := 20000
	if v := os.Getenv("AEGIS_INDEX_BENCH_FINDINGS"); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil {
			b.Fatalf("AEGIS_INDEX_BENCH_FINDINGS=%q", v)
		}
	}
	return n
}

func openNativeBench(b *testing.B) *aegispath.Store {
	st, err := aegispath.OpenStore(corpus.Bytes(corpus.Options{N: benchFindings(b), Seed: 1}), api.Options{IntegrityHash: true})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	return st
}

// BenchmarkBuildNative20K: go test ./go/server/pathindex -run '^$' -bench BuildNative -benchtime 1x
func BenchmarkBuildNative20K(b *testing.B) {
	st := openNativeBench(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		ix := New()
		var before runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		if err := ix.Build(context.Background(), st); err != nil {
			b.Fatal(err)
		}
		runtime.GC()
		var after runtime.MemStats
		runtime.ReadMemStats(&after)
		snap := ix.built.Load()
		b.ReportMetric(float64(len(snap.entries)), "paths")
		b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/(1<<20), "index-MiB")
		runtime.KeepAlive(ix)
	}
}

// BenchmarkQueryNative20K times one filtered page over the 20K index.
func BenchmarkQueryNative20K(b *testing.B) {
	st := openNativeBench(b)
	ix := New()
	start := time.Now()
	if err := ix.Build(context.Background(), st); err != nil {
		b.Fatal(err)
	}
	b.Logf("index built in %v", time.Since(start))
	for _, c := range []struct {
		name string
		f    Filter
	}{
		{"none", Filter{}},
		{"severity", Filter{Severity: "high"}},
		{"account+hops", Filter{Account: "sub-workload-001", HopCount: 2}},
		{"text", Filter{Text: "f-0001"}},
		{"text-miss", Filter{Text: "zzz"}},
	} {
		b.Run(c.name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				if _, err := ix.Query(c.f, 3, 20); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkExportNative20K is the baseline of BenchmarkBuildNative20K: the
// same stream, thrown away.
func BenchmarkExportNative20K(b *testing.B) {
	st := openNativeBench(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := st.WriteAttackPaths(io.Discard); err != nil {
			b.Fatal(err)
		}
	}
}
