//go:build cgo && !aegis_purego

package aegispath

// This file holds only the exported callback: a file with //export may not
// define C functions in its preamble.

// #include <stddef.h>
// #include <stdint.h>
import "C"

import (
	"io"
	"runtime/cgo"
	"unsafe"
)

// aegisGoWrite receives one output chunk of aegis_store_write_paths and
// passes it to the writer of the Store.WriteAttackPaths call. The chunk is
// not copied: io.Writer implementations must not retain it. It returns 0 to
// continue and 1 to stop the stream. A panic of the writer is caught here —
// unwinding through the library's frames is not allowed — and re-raised by
// WriteAttackPaths.
//
//export aegisGoWrite
func aegisGoWrite(userData unsafe.Pointer, chunk *C.uint8_t, n C.size_t) (ret C.int) {
	state := (*(*cgo.Handle)(userData)).Value().(*writeState)
	if state.err != nil || state.panic != nil {
		return 1
	}
	defer func() {
		if r := recover(); r != nil {
			state.panic = r
			ret = 1
		}
	}()
	if n == 0 {
		return 0
	}
	p := unsafe.Slice((*byte)(unsafe.Pointer(chunk)), int(n))
	written, err := state.w.Write(p)
	if err == nil && written < len(p) {
		err = io.ErrShortWrite
	}
	if err != nil {
		state.err = err
		return 1
	}
	return 0
}
