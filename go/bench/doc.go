// Package bench holds the Go benchmarks that compare the two attack-path
// engines side by side on the same generated corpus in the same run — the
// old server's table (AttackPathComputation, ComputeAttackPaths,
// LoadAndSerializeFindings, DecodeFindings), each with a "go/<corpus>" and a
// "native/<corpus>" sub-benchmark:
//
//	go test ./go/bench -run '^$' -bench . -benchmem
//	AEGIS_BENCH_FINDINGS=5000 go test ./go/bench -run '^$' -bench ComputeAttackPaths -benchtime 3x
//
// The corpus is corpus.Bytes(N findings, seed 1, upstream shape) with N from
// AEGIS_BENCH_FINDINGS (default 2000), or the file named by
// AEGIS_BENCH_CORPUS. The native sub-benchmarks need cgo and the library
// (build/libaegispath.so) and are skipped otherwise.
package bench
