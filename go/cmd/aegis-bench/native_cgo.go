//go:build cgo && !aegis_purego

package main

/*
#cgo CFLAGS: -I${SRCDIR}/../../../include
#cgo LDFLAGS: -L${SRCDIR}/../../../build -laegispath -Wl,-rpath,${SRCDIR}/../../../build
#include "aegispath.h"
*/
import "C"

import (
	"errors"
	"runtime"
	"time"
	"unsafe"
)

// nativeCompute times the C drop-in call aegis_compute_attack_paths itself.
// Unlike the bridge it does not copy the result into Go memory, so the peak
// RSS is the library's own (one output buffer); the buffer is read in place
// for size, stats and hash, then freed.
func nativeCompute(data []byte, withHash bool) (runResult, error) {
	var res runResult
	if len(data) == 0 {
		return res, errors.New("empty input")
	}
	var outLen C.size_t
	start := time.Now()
	p := C.aegis_compute_attack_paths((*C.uint8_t)(unsafe.Pointer(&data[0])), C.size_t(len(data)), &outLen)
	res.Seconds = time.Since(start).Seconds()
	runtime.KeepAlive(data)
	if p == nil {
		// The drop-in says nothing more; the extended call names the cause
		// (e.g. out of memory), which the harness reports.
		return res, errors.New("aegis_compute_attack_paths returned NULL; " + explainFailure(data))
	}
	defer C.aegis_free(p, outLen)
	out := unsafe.Slice((*byte)(unsafe.Pointer(p)), int(outLen))
	c := newCounter(withHash)
	if withHash {
		c.Write(out)
	} else {
		c.n = int64(len(out))
		c.tail = out[max(0, len(out)-tailBytes):]
	}
	c.fill(&res, true)
	return res, nil
}

// explainFailure repeats the computation through the extended call to learn
// why the drop-in call failed.
func explainFailure(data []byte) string {
	var (
		out    *C.uint8_t
		outLen C.size_t
		e      C.aegis_error
	)
	status := C.aegis_compute_attack_paths_ex((*C.uint8_t)(unsafe.Pointer(&data[0])), C.size_t(len(data)), nil, &out, &outLen, &e)
	runtime.KeepAlive(data)
	if status == C.AEGIS_OK {
		C.aegis_free(out, outLen)
		return "the extended call succeeded when repeated"
	}
	return "aegis_compute_attack_paths_ex: " + C.GoString(C.aegis_status_string(status)) + ": " + C.GoString(&e.message[0])
}
