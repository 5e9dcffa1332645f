package parity

import (
	"testing"

	aegispath "libaegispath/bridge"
	"libaegispath/go/engine"
	"libaegispath/go/internal/corpus"
)

// BenchmarkComputeFixture runs both engines on the same data in one run:
// compare ns/op of /go and /native.
func BenchmarkComputeFixture(b *testing.B) {
	benchBoth(b, loadFixture(b))
}

// BenchmarkComputeCorpus1000 does the same on a generated 1,000-finding
// corpus of the upstream shape.
func BenchmarkComputeCorpus1000(b *testing.B) {
	benchBoth(b, corpus.Bytes(corpus.Options{N: 1000, Seed: 1}))
}

func benchBoth(b *testing.B, doc []byte) {
	b.Run("go", func(b *testing.B) {
		b.SetBytes(int64(len(doc)))
		for i := 0; i < b.N; i++ {
			if _, err := engine.ComputeAttackPathsJSON(doc); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("native", func(b *testing.B) {
		requireNative(b)
		b.SetBytes(int64(len(doc)))
		for i := 0; i < b.N; i++ {
			if _, err := aegispath.ComputeAttackPaths(doc); err != nil {
				b.Fatal(err)
			}
		}
	})
}
