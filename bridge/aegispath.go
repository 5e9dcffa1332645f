// Package aegispath is the Go binding of libaegispath, the native attack-path
// engine (include/aegispath.h).
//
// # Linking
//
// Built with cgo (the default) it links ../build/libaegispath.so, the
// library's CMake build directory of this clone, and records that directory
// as the rpath, so a fresh clone works after scripts/setup.sh (or
// `cmake -S . -B build -G Ninja && ninja -C build aegispath`) without
// LD_LIBRARY_PATH. That is for working on the library itself.
//
// With the build tag aegispath_system it links the installed library
// instead, through `#cgo pkg-config: aegispath`, with no path into the clone:
//
//	cmake --install build --prefix /opt/aegispath
//	export PKG_CONFIG_PATH=/opt/aegispath/lib/pkgconfig   # only for a prefix pkg-config does not search
//	go build -tags aegispath_system ./...
//
// For a prefix the dynamic loader does not search either, also record it as
// the rpath (CGO_LDFLAGS="-Wl,-rpath,/opt/aegispath/lib") or run with
// LD_LIBRARY_PATH.
//
// # From another Go module
//
// The module path is libaegispath (this repository's go.mod) and it is not
// published on a module proxy, so another module requires it at a
// placeholder version and replaces it with a checkout:
//
//	require libaegispath v0.0.0
//	replace libaegispath => /path/to/clone
//
// then imports aegispath "libaegispath/bridge" and builds with
// -tags aegispath_system. tests/go_consumer in the repository is such a
// module; scripts/check/go-consumer.sh builds and runs it against a scratch
// install.
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
