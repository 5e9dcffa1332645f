//go:build cgo && !aegis_purego

package aegispath

// The compile and link flags are in link_clone.go (the default: the clone's
// include/ and build/) or link_system.go (tag aegispath_system: pkg-config);
// cgo joins #cgo lines across the package's files, so everything else is
// shared by both.

/*
#include <stdlib.h>
#include "aegispath.h"

// Defined in write_cgo.go (an exported Go function). The library's callback
// type takes a const chunk, which cgo cannot express, hence this shim.
extern int aegisGoWrite(void* user_data, uint8_t* chunk, size_t len);

static int aegis_bridge_write(void* user_data, const uint8_t* chunk, size_t len) {
	return aegisGoWrite(user_data, (uint8_t*)chunk, len);
}

static aegis_status aegis_bridge_write_paths(const aegis_store* store, void* user_data,
                                             aegis_error* error) {
	return aegis_store_write_paths(store, aegis_bridge_write, user_data, error);
}
*/
import "C"

import (
	"fmt"
	"io"
	"runtime"
	"runtime/cgo"
	"sync"
	"time"
	"unsafe"

	"libaegispath/go/api"
)

// Available reports whether the native engine is linked in.
func Available() bool { return true }

// Version returns the linked library's version, "MAJOR.MINOR.PATCH".
func Version() string { return C.GoString(C.aegis_version_string()) }

// bytesArg returns the pointer and length to pass for b. The pointer is only
// valid during the C call; b is kept alive by the caller's reference.
func bytesArg(b []byte) (*C.uint8_t, C.size_t) {
	if len(b) == 0 {
		return nil, 0
	}
	return (*C.uint8_t)(unsafe.Pointer(&b[0])), C.size_t(len(b))
}

// emptyString gives a non-NULL pointer for an empty string argument: "" is a
// valid id to look up, and NULL means "no value" to the library.
var emptyString = [1]byte{0}

func stringArg(s string) (*C.char, C.size_t) {
	if len(s) == 0 {
		return (*C.char)(unsafe.Pointer(&emptyString[0])), 0
	}
	return (*C.char)(unsafe.Pointer(unsafe.StringData(s))), C.size_t(len(s))
}

// copyChunk bounds each step of takeBuffer's copy. One memmove of a whole
// result (hundreds of MB) has no preemption point, so a garbage collection
// that starts meanwhile spins on the other core and signals this one until
// the copy ends; a yield between steps lets it stop the world at once.
const copyChunk = 8 << 20

// takeBuffer copies a library buffer into Go memory and frees it. It does not
// use C.GoBytes, whose length is a C int: results may exceed 2 GiB.
func takeBuffer(p *C.uint8_t, n C.size_t) []byte {
	if p == nil {
		return nil
	}
	out := make([]byte, int(n))
	src := unsafe.Slice((*byte)(unsafe.Pointer(p)), int(n))
	for off := 0; off < len(out); off += copyChunk {
		copy(out[off:], src[off:min(off+copyChunk, len(src))])
		runtime.Gosched()
	}
	C.aegis_free(p, n)
	return out
}

// ComputeAttackPaths is the drop-in call: the result {"paths":[...],
// "stats":{...}} of the findings document, byte-identical to the Go engine.
func ComputeAttackPaths(findingsJSON []byte) ([]byte, error) {
	if len(findingsJSON) == 0 {
		return nil, errEmptyInput
	}
	in, inLen := bytesArg(findingsJSON)
	var outLen C.size_t
	p := C.aegis_compute_attack_paths(in, inLen, &outLen)
	runtime.KeepAlive(findingsJSON)
	if p == nil {
		return nil, fmt.Errorf("aegispath: aegis_compute_attack_paths returned NULL (input %d bytes)", len(findingsJSON))
	}
	return takeBuffer(p, outLen), nil
}

// LoadAndSerializeFindings is the drop-in call: the findings matching the
// filter object (empty = no filter) re-encoded as a JSON array.
func LoadAndSerializeFindings(findingsJSON, filterJSON []byte) ([]byte, error) {
	if len(findingsJSON) == 0 {
		return nil, errEmptyInput
	}
	in, inLen := bytesArg(findingsJSON)
	filter, filterLen := bytesArg(filterJSON)
	var outLen C.size_t
	p := C.aegis_load_and_serialize_findings(in, inLen, filter, filterLen, &outLen)
	runtime.KeepAlive(findingsJSON)
	runtime.KeepAlive(filterJSON)
	if p == nil {
		return nil, fmt.Errorf("aegispath: aegis_load_and_serialize_findings returned NULL (input %d bytes, filter %d bytes)",
			len(findingsJSON), len(filterJSON))
	}
	return takeBuffer(p, outLen), nil
}

// cOptions converts opts. Out-of-range values (negative ones, which the
// unsigned C fields cannot hold) are refused as the Go store refuses them.
func cOptions(op string, opts api.Options) (C.aegis_options, error) {
	var o C.aegis_options
	C.aegis_options_init(&o)
	if err := opts.Validate(); err != nil {
		return o, &Error{Op: op, Status: StatusInvalidArgument, Message: err.Error()}
	}
	o.max_input_bytes = C.size_t(opts.MaxInputBytes)
	o.max_threads = C.unsigned(opts.MaxThreads)
	if opts.IntegrityHash {
		o.compute_integrity_hash = 1
	}
	o.max_paths = C.uint64_t(opts.MaxPaths)
	o.max_result_bytes = C.uint64_t(opts.MaxResultBytes)
	if opts.Timeout > 0 {
		// Whole milliseconds, rounded up: a sub-millisecond timeout is not none.
		o.timeout_ms = C.uint64_t((opts.Timeout + time.Millisecond - 1) / time.Millisecond)
	}
	return o, nil
}

// newError converts a failed status and its report.
func newError(op string, status C.aegis_status, e *C.aegis_error) error {
	msg := C.GoString(&e.message[0])
	if msg == "" {
		msg = C.GoString(C.aegis_status_string(status))
	}
	return &Error{Op: op, Status: Status(status), Message: msg}
}

// result turns an (out, status) pair of an extended call into Go values.
func result(op string, status C.aegis_status, out *C.uint8_t, outLen C.size_t, e *C.aegis_error) ([]byte, error) {
	if status != C.AEGIS_OK {
		if out != nil { // not expected; never leak
			C.aegis_free(out, outLen)
		}
		return nil, newError(op, status, e)
	}
	if out == nil {
		return nil, &Error{Op: op, Status: StatusInternal, Message: "success without a result buffer"}
	}
	return takeBuffer(out, outLen), nil
}

// ComputeAttackPathsWithOptions is ComputeAttackPaths with options and an
// *Error describing any failure.
func ComputeAttackPathsWithOptions(findingsJSON []byte, opts api.Options) ([]byte, error) {
	const op = "aegis_compute_attack_paths_ex"
	o, err := cOptions(op, opts)
	if err != nil {
		return nil, err
	}
	in, inLen := bytesArg(findingsJSON)
	var (
		out    *C.uint8_t
		outLen C.size_t
		e      C.aegis_error
	)
	C.aegis_error_init(&e)
	status := C.aegis_compute_attack_paths_ex(in, inLen, &o, &out, &outLen, &e)
	runtime.KeepAlive(findingsJSON)
	return result(op, status, out, outLen, &e)
}

// LoadAndSerializeFindingsWithOptions is LoadAndSerializeFindings with
// options and an *Error describing any failure.
func LoadAndSerializeFindingsWithOptions(findingsJSON, filterJSON []byte, opts api.Options) ([]byte, error) {
	const op = "aegis_load_and_serialize_findings_ex"
	o, err := cOptions(op, opts)
	if err != nil {
		return nil, err
	}
	in, inLen := bytesArg(findingsJSON)
	filter, filterLen := bytesArg(filterJSON)
	var (
		out    *C.uint8_t
		outLen C.size_t
		e      C.aegis_error
	)
	C.aegis_error_init(&e)
	status := C.aegis_load_and_serialize_findings_ex(in, inLen, filter, filterLen, &o, &out, &outLen, &e)
	runtime.KeepAlive(findingsJSON)
	runtime.KeepAlive(filterJSON)
	return result(op, status, out, outLen, &e)
}

// Store is a findings document parsed once by the library, with its attack
// paths computed, answering read-only queries. It is safe for concurrent use.
// Close releases the native memory; there is no finalizer, so an unclosed
// Store leaks it.
type Store struct {
	// mu is read-locked by every query and write-locked by Close, so the
	// handle is never freed while a query uses it.
	mu     sync.RWMutex
	handle *C.aegis_store
}

// OpenStore parses findingsJSON (the library keeps its own copy).
func OpenStore(findingsJSON []byte, opts api.Options) (*Store, error) {
	const op = "aegis_store_open"
	o, err := cOptions(op, opts)
	if err != nil {
		return nil, err
	}
	in, inLen := bytesArg(findingsJSON)
	var (
		h *C.aegis_store
		e C.aegis_error
	)
	C.aegis_error_init(&e)
	status := C.aegis_store_open(in, inLen, &o, &h, &e)
	runtime.KeepAlive(findingsJSON)
	if status != C.AEGIS_OK {
		if h != nil { // not expected; never leak
			C.aegis_store_close(h)
		}
		return nil, newError(op, status, &e)
	}
	if h == nil {
		return nil, &Error{Op: op, Status: StatusInternal, Message: "success without a store"}
	}
	return &Store{handle: h}, nil
}

// Close releases the store. Closing again is a no-op; queries after Close
// return api.ErrClosed.
func (s *Store) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.handle != nil {
		C.aegis_store_close(s.handle)
		s.handle = nil
	}
	return nil
}

// acquire read-locks the store and returns its handle, or api.ErrClosed. The
// caller must call s.mu.RUnlock.
func (s *Store) acquire() (*C.aegis_store, error) {
	s.mu.RLock()
	if s.handle == nil {
		s.mu.RUnlock()
		return nil, api.ErrClosed
	}
	return s.handle, nil
}

// FindingCount is the number of findings (0 after Close).
func (s *Store) FindingCount() int {
	h, err := s.acquire()
	if err != nil {
		return 0
	}
	defer s.mu.RUnlock()
	n := C.aegis_store_finding_count(h)
	runtime.KeepAlive(s)
	return int(n)
}

// PathCount is the number of attack paths (0 after Close).
func (s *Store) PathCount() int {
	h, err := s.acquire()
	if err != nil {
		return 0
	}
	defer s.mu.RUnlock()
	n := C.aegis_store_path_count(h)
	runtime.KeepAlive(s)
	return int(n)
}

// bufferQuery runs one query that returns a library buffer.
func (s *Store) bufferQuery(op string, call func(h *C.aegis_store, out **C.uint8_t, outLen *C.size_t, e *C.aegis_error) C.aegis_status) ([]byte, error) {
	h, err := s.acquire()
	if err != nil {
		return nil, err
	}
	defer s.mu.RUnlock()
	var (
		out    *C.uint8_t
		outLen C.size_t
		e      C.aegis_error
	)
	C.aegis_error_init(&e)
	status := call(h, &out, &outLen, &e)
	runtime.KeepAlive(s)
	return result(op, status, out, outLen, &e)
}

// Finding returns the first finding whose id is id, as JSON; an *Error
// matching api.ErrNotFound when there is none.
func (s *Store) Finding(id string) ([]byte, error) {
	return s.bufferQuery("aegis_store_get_finding", func(h *C.aegis_store, out **C.uint8_t, outLen *C.size_t, e *C.aegis_error) C.aegis_status {
		p, n := stringArg(id)
		status := C.aegis_store_get_finding(h, p, n, out, outLen, e)
		runtime.KeepAlive(id)
		return status
	})
}

// ListFindings returns one page of the findings matching q:
// {"data":[...],"page":P,"per_page":N,"total":T,"total_pages":K}. The
// library applies the paging rules of api.FindingQuery.
func (s *Store) ListFindings(q api.FindingQuery) ([]byte, error) {
	return s.bufferQuery("aegis_store_list_findings", func(h *C.aegis_store, out **C.uint8_t, outLen *C.size_t, e *C.aegis_error) C.aegis_status {
		// cq holds pointers to the Go strings, so they are pinned for the
		// call (cgo refuses unpinned Go pointers inside an argument).
		var pinner runtime.Pinner
		defer pinner.Unpin()
		arg := func(s string) (*C.char, C.size_t) {
			if s == "" {
				return nil, 0 // NULL: any value
			}
			pinner.Pin(unsafe.StringData(s))
			return stringArg(s)
		}
		var cq C.aegis_finding_query
		cq.struct_size = C.size_t(unsafe.Sizeof(cq))
		cq.severity, cq.severity_len = arg(q.Severity)
		cq.provider, cq.provider_len = arg(q.Provider)
		cq.status, cq.status_len = arg(q.Status)
		cq.page = C.int64_t(q.Page)
		cq.per_page = C.int64_t(q.PerPage)
		return C.aegis_store_list_findings(h, &cq, out, outLen, e)
	})
}

// PathStats returns the stats object of the attack-path result.
func (s *Store) PathStats() ([]byte, error) {
	return s.bufferQuery("aegis_store_path_stats", func(h *C.aegis_store, out **C.uint8_t, outLen *C.size_t, e *C.aegis_error) C.aegis_status {
		return C.aegis_store_path_stats(h, out, outLen, e)
	})
}

// Path returns the attack path whose id is id ("ap-007"); an *Error matching
// api.ErrNotFound when there is none.
func (s *Store) Path(id string) ([]byte, error) {
	return s.bufferQuery("aegis_store_get_path", func(h *C.aegis_store, out **C.uint8_t, outLen *C.size_t, e *C.aegis_error) C.aegis_status {
		p, n := stringArg(id)
		status := C.aegis_store_get_path(h, p, n, out, outLen, e)
		runtime.KeepAlive(id)
		return status
	})
}

// ListPaths returns one page of attack paths in result order, with the
// paging rules of api.Store.ListPaths (applied by the library).
func (s *Store) ListPaths(page, perPage int) ([]byte, error) {
	return s.bufferQuery("aegis_store_list_paths", func(h *C.aegis_store, out **C.uint8_t, outLen *C.size_t, e *C.aegis_error) C.aegis_status {
		return C.aegis_store_list_paths(h, C.int64_t(page), C.int64_t(perPage), out, outLen, e)
	})
}

// AttackPathsJSON returns the whole result {"paths":[...],"stats":{...}} as
// one buffer (the bytes of ComputeAttackPaths on the same document).
func (s *Store) AttackPathsJSON() ([]byte, error) {
	return s.bufferQuery("aegis_store_paths_json", func(h *C.aegis_store, out **C.uint8_t, outLen *C.size_t, e *C.aegis_error) C.aegis_status {
		return C.aegis_store_paths_json(h, out, outLen, e)
	})
}

// writeState travels through the library to aegisGoWrite in a cgo.Handle.
type writeState struct {
	w     io.Writer
	err   error // the first write error; stops the stream
	panic any   // a panic of w.Write, re-raised after the C call returns
}

// WriteAttackPaths streams the whole result to w in bounded chunks, so memory
// stays small whatever the result's size. It returns w's first error (the
// stream stops there).
func (s *Store) WriteAttackPaths(w io.Writer) error {
	const op = "aegis_store_write_paths"
	h, err := s.acquire()
	if err != nil {
		return err
	}
	defer s.mu.RUnlock()
	state := &writeState{w: w}
	handle := cgo.NewHandle(state)
	defer handle.Delete()
	var e C.aegis_error
	C.aegis_error_init(&e)
	// The address of the handle (an integer, no Go pointers inside) is
	// passed as user_data; C uses it only during this call.
	status := C.aegis_bridge_write_paths(h, unsafe.Pointer(&handle), &e)
	runtime.KeepAlive(s)
	runtime.KeepAlive(&handle)
	if state.panic != nil {
		panic(state.panic)
	}
	if state.err != nil {
		return state.err
	}
	if status != C.AEGIS_OK {
		return newError(op, status, &e)
	}
	return nil
}
