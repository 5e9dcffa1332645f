// Package parity holds the differential tests between the pure-Go reference
// engine (libaegispath/go/engine) and the native library called through the
// cgo bridge (libaegispath/bridge): both must produce the same bytes, and
// reject the same inputs. The package has no code of its own; in a build
// without cgo its tests skip.
//
// Run with the library built first (see the repository README):
//
//	go test ./go/parity
//	go test ./go/parity -run '^$' -fuzz FuzzParity -fuzztime 3m
//	go test ./go/parity -run '^$' -bench ComputeFixture
package parity
