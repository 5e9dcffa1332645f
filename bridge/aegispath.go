// Package aegispath is the Go binding of libaegispath, the native attack-path
// engine (include/aegispath.h).
//
// Built with cgo (the default) it links ../build/libaegispath.so, the
// library's CMake build directory, and records that directory as the rpath,
// so a fresh clone works after
//
//	cmake -S . -B build -G Ninja && ninja -C build aegispath
//
// without LD_LIBRARY_PATH. To use an installed copy instead, point the
// linker at it, e.g. CGO_LDFLAGS="$(pkg-config --libs aegispath)" or
// CGO_LDFLAGS="-L/opt/aegispath/lib -Wl,-rpath,/opt/aegispath/lib"
// (flags given there come after the package's own, and the dynamic loader
// uses the first rpath that holds the library).
//
// Built without cgo, or with the build tag aegis_purego, every call returns
// ErrNativeUnavailable and Available reports false; callers then use the
// pure-Go engine (package libaegispath/go/pathengine chooses for them).
//
// Buffers handed to the library are only borrowed for the duration of a
// call; every result is copied into Go memory and the library's buffer freed
// before the call returns.
package aegispath

import (
	"errors"
	"fmt"
)

var (
	// ErrNativeUnavailable is returned by every call of a build without cgo.
	ErrNativeUnavailable = errors.New("aegispath: native engine not available (built without cgo)")
	// ErrNotFound matches (errors.Is) an *Error whose status is StatusNotFound:
	// no finding or path has the requested id.
	ErrNotFound = errors.New("aegispath: not found")
	// ErrClosed is returned by the queries of a closed Store.
	ErrClosed = errors.New("aegispath: store is closed")
	// errEmptyInput is returned, without calling the library, for an empty
	// findings document (the library would refuse it too).
	errEmptyInput = errors.New("aegispath: empty findings input")
)

// Error is a failure reported by the library through an extended call.
type Error struct {
	Op      string // the C function, e.g. "aegis_store_open"
	Status  Status // never StatusOK
	Message string // the library's message
}

func (e *Error) Error() string {
	return fmt.Sprintf("aegispath: %s: %s (status %d)", e.Op, e.Message, e.Status)
}

// Is makes errors.Is(err, ErrNotFound) true for a not-found status.
func (e *Error) Is(target error) bool {
	return target == ErrNotFound && e.Status == StatusNotFound
}

// Options tunes the extended calls and stores. The zero value means the
// library's defaults.
type Options struct {
	// MaxInputBytes caps the findings document; 0 = the default, 64 MiB.
	MaxInputBytes int
	// MaxThreads caps the library's worker threads; 0 = one per core.
	MaxThreads int
	// IntegrityHash fills every finding's integrity_hash (stores only).
	IntegrityHash bool
}

// FindingQuery selects a page of a Store's findings. Empty strings match any
// value; Severity, Provider (cloud_provider) and Status compare ASCII
// case-insensitively. Page < 1 means 1; PerPage outside 1..200 means 50; a
// page past the end means the last page.
type FindingQuery struct {
	Severity, Provider, Status string
	Page, PerPage              int
}
