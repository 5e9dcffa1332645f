//go:build race

package parity

// raceEnabled: the race detector slows the Go reference engine's per-pair
// search about tenfold, so the largest generated corpora are left to runs
// without it.
const raceEnabled = true
