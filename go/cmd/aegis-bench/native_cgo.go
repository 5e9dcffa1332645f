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

	"libaegispath/go/api"
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
	readInPlace(&res, p, outLen, withHash, false)
	return res, nil
}

// readInPlace fills res from a library result buffer without copying it:
// size, stats, and when asked the hash and the paths per hop count.
func readInPlace(res *runResult, p *C.uint8_t, n C.size_t, withHash, withHops bool) {
	out := unsafe.Slice((*byte)(unsafe.Pointer(p)), int(n))
	c := newCounter(withHash)
	c.countHops(withHops)
	if withHash || withHops {
		c.Write(out)
	} else {
		c.n = int64(len(out))
		c.tail = out[max(0, len(out)-tailBytes):]
	}
	c.fill(res, true)
}

// nativeComputeEx times aegis_compute_attack_paths_ex with opts (graph
// mode when opts.Edges is set); the result is read in place, then freed.
func nativeComputeEx(data []byte, opts api.Options, withHash, withHops bool) (runResult, error) {
	var res runResult
	if len(data) == 0 {
		return res, errors.New("empty input")
	}
	var o C.aegis_options
	C.aegis_options_init(&o)
	if opts.MaxInputBytes > 0 {
		o.max_input_bytes = C.size_t(opts.MaxInputBytes)
	}
	// The options hold a pointer to the edge document: pinned for the call.
	var pinner runtime.Pinner
	defer pinner.Unpin()
	if len(opts.Edges) > 0 {
		pinner.Pin(&opts.Edges[0])
		o.edges, o.edges_len = (*C.uint8_t)(unsafe.Pointer(&opts.Edges[0])), C.size_t(len(opts.Edges))
		o.max_edge_bytes = C.size_t(opts.MaxEdgeBytes)
	} else if opts.Edges != nil {
		return res, errors.New("empty edge document")
	}
	var (
		out    *C.uint8_t
		outLen C.size_t
		e      C.aegis_error
	)
	C.aegis_error_init(&e)
	start := time.Now()
	status := C.aegis_compute_attack_paths_ex((*C.uint8_t)(unsafe.Pointer(&data[0])), C.size_t(len(data)), &o, &out, &outLen, &e)
	res.Seconds = time.Since(start).Seconds()
	runtime.KeepAlive(data)
	if status != C.AEGIS_OK {
		return res, errors.New("aegis_compute_attack_paths_ex: " + C.GoString(C.aegis_status_string(status)) + ": " + C.GoString(&e.message[0]))
	}
	defer C.aegis_free(out, outLen)
	readInPlace(&res, out, outLen, withHash, withHops)
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
	C.aegis_error_init(&e)
	status := C.aegis_compute_attack_paths_ex((*C.uint8_t)(unsafe.Pointer(&data[0])), C.size_t(len(data)), nil, &out, &outLen, &e)
	runtime.KeepAlive(data)
	if status == C.AEGIS_OK {
		C.aegis_free(out, outLen)
		return "the extended call succeeded when repeated"
	}
	return "aegis_compute_attack_paths_ex: " + C.GoString(C.aegis_status_string(status)) + ": " + C.GoString(&e.message[0])
}
