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
// Store implements api.Store (libaegispath/go/api), as the pure-Go
// libaegispath/go/store does, and both give the same bytes; options, queries,
// ErrNotFound and ErrClosed are that package's.
//
// Built without cgo, or with the build tag aegis_purego, every call returns
// ErrNativeUnavailable and Available reports false; callers then use the
// pure-Go store (cmd/aegis-server falls back to it, saying so once).
//
// Buffers handed to the library are only borrowed for the duration of a
// call; every result is copied into Go memory and the library's buffer freed
// before the call returns.
package aegispath

import (
	"context"
	"errors"
	"fmt"

	"libaegispath/go/api"
)

// Both builds' Store implement the interface the server needs.
var _ api.Store = (*Store)(nil)

var (
	// ErrNativeUnavailable is returned by every call of a build without cgo.
	ErrNativeUnavailable = errors.New("aegispath: native engine not available (built without cgo)")
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

// Is makes errors.Is match the status's Go counterpart: api.ErrNotFound,
// api.ErrResultTooLarge, context.DeadlineExceeded (timed out) and
// context.Canceled (cancelled).
func (e *Error) Is(target error) bool {
	switch target {
	case api.ErrNotFound:
		return e.Status == StatusNotFound
	case api.ErrResultTooLarge:
		return e.Status == StatusResultTooLarge
	case context.DeadlineExceeded:
		return e.Status == StatusTimedOut
	case context.Canceled:
		return e.Status == StatusCancelled
	}
	return false
}
