//go:build cgo && !aegis_purego && !aegispath_system

package aegispath

// The default for development: the header of this clone and the library of
// its CMake build directory, with that directory as the rpath, so `go test`
// works after `scripts/setup.sh` without LD_LIBRARY_PATH.

// #cgo CFLAGS: -I${SRCDIR}/../include
// #cgo LDFLAGS: -L${SRCDIR}/../build -laegispath -Wl,-rpath,${SRCDIR}/../build
import "C"
