// Package store is the pure-Go loaded store: a findings document decoded once
// by the reference engine, its attack paths computed once, then many cheap
// read-only queries (findings by filter/page/id, attack paths by page/id,
// stats, the whole result streamed). Its answers are byte for byte those of
// the native store in libaegispath (bridge package aegispath).
package store

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"runtime"
	"strconv"
	"sync"

	"libaegispath/go/api"
	"libaegispath/go/engine"
)

// Store holds one decoded document and its attack-path result. It implements
// api.Store: all methods are safe for concurrent use; Close must not race
// with queries.
type Store struct {
	findings    []engine.Finding
	findingJSON [][]byte       // json.Marshal of each finding, input order
	findingByID map[string]int // first finding (input order) per id
	paths       []engine.AttackPath
	pathPos     []int32 // path number-1 → position in sorted order
	statsJSON   []byte
	threads     int
	closed      bool
}

var _ api.Store = (*Store)(nil)

// Open decodes findingsJSON (docs/input.md), optionally fills in integrity
// hashes, computes the attack paths (docs/algorithms.md, "Heuristic engine")
// once (at most opts.MaxPaths of them when it is > 0, as the native store)
// and pre-encodes each finding and the stats. Options out of range
// (opts.Validate) are refused; opts.Timeout and opts.MaxResultBytes do not
// apply to this store (see api.Options).
func Open(findingsJSON []byte, opts api.Options) (*Store, error) {
	if err := opts.Validate(); err != nil {
		return nil, err
	}
	findings, err := engine.DecodeFindingsLimit(findingsJSON, opts.MaxInputBytes)
	if err != nil {
		return nil, err
	}
	threads := opts.MaxThreads
	if threads <= 0 {
		threads = runtime.GOMAXPROCS(0)
	}
	s := &Store{
		findings:    findings,
		findingJSON: make([][]byte, len(findings)),
		findingByID: make(map[string]int, len(findings)),
		threads:     threads,
	}

	// Hash and encode findings in parallel: each worker owns a contiguous
	// range, so no element is touched by two goroutines.
	var encErr error
	var errOnce sync.Once
	parallelRanges(len(findings), threads, func(lo, hi int) {
		for i := lo; i < hi; i++ {
			f := &findings[i]
			if opts.IntegrityHash {
				f.IntegrityHash = engine.IntegrityHash(f)
			}
			b, err := json.Marshal(f)
			if err != nil {
				errOnce.Do(func() { encErr = err })
				return
			}
			s.findingJSON[i] = b
		}
	})
	if encErr != nil {
		return nil, fmt.Errorf("encode finding: %w", encErr)
	}
	for i := range findings {
		if _, dup := s.findingByID[findings[i].ID]; !dup {
			s.findingByID[findings[i].ID] = i
		}
	}

	result := engine.ComputeAttackPathsMax(findings, opts.MaxPaths)
	s.paths = result.Paths
	if s.statsJSON, err = json.Marshal(result.Stats); err != nil {
		return nil, fmt.Errorf("encode stats: %w", err)
	}
	// Path ids are "ap-" + generation number; remember where each number
	// landed after the sort so Path(id) needs no map of strings.
	s.pathPos = make([]int32, len(s.paths))
	for pos := range s.paths {
		n, ok := pathNumber(s.paths[pos].ID)
		if !ok || n < 1 || n > len(s.paths) {
			return nil, fmt.Errorf("unexpected path id %q", s.paths[pos].ID)
		}
		s.pathPos[n-1] = int32(pos)
	}
	return s, nil
}

// Close releases the store's memory. Queries after Close return api.ErrClosed.
func (s *Store) Close() error {
	*s = Store{closed: true}
	return nil
}

// FindingCount is the number of findings in the document.
func (s *Store) FindingCount() int { return len(s.findings) }

// PathCount is the number of attack paths.
func (s *Store) PathCount() int { return len(s.paths) }

// Finding returns the JSON of the first finding (input order) whose id is id.
func (s *Store) Finding(id string) ([]byte, error) {
	if s.closed {
		return nil, api.ErrClosed
	}
	i, ok := s.findingByID[id]
	if !ok {
		return nil, fmt.Errorf("finding %q: %w", id, api.ErrNotFound)
	}
	return clone(s.findingJSON[i]), nil
}

// ListFindings returns one page of the findings that match q, as
// {"data":[...],"page":P,"per_page":N,"total":T,"total_pages":K}, with the
// paging rules of api.FindingQuery.
func (s *Store) ListFindings(q api.FindingQuery) ([]byte, error) {
	if s.closed {
		return nil, api.ErrClosed
	}
	perPage := q.PerPage
	if perPage < 1 || perPage > api.MaxFindingsPerPage {
		perPage = api.DefaultFindingsPerPage
	}
	unfiltered := q.Severity == "" && q.Provider == "" && q.Status == ""
	match := func(f *engine.Finding) bool {
		return (q.Severity == "" || asciiEqualFold(f.Severity, q.Severity)) &&
			(q.Provider == "" || asciiEqualFold(f.CloudProvider, q.Provider)) &&
			(q.Status == "" || asciiEqualFold(f.Status, q.Status))
	}
	total := len(s.findings)
	if !unfiltered {
		total = 0
		for i := range s.findings {
			if match(&s.findings[i]) {
				total++
			}
		}
	}
	page, totalPages := clampPage(q.Page, perPage, total)
	skip := (page - 1) * perPage

	// Collect the indices of the page's matches (input order).
	idx := make([]int, 0, min(perPage, total))
	if unfiltered {
		for i := skip; i < total && len(idx) < perPage; i++ {
			idx = append(idx, i)
		}
	} else {
		seen := 0
		for i := range s.findings {
			if len(idx) == perPage {
				break
			}
			if !match(&s.findings[i]) {
				continue
			}
			if seen >= skip {
				idx = append(idx, i)
			}
			seen++
		}
	}
	size := 64
	for _, i := range idx {
		size += len(s.findingJSON[i]) + 1
	}
	b := make([]byte, 0, size)
	b = append(b, `{"data":[`...)
	for k, i := range idx {
		if k > 0 {
			b = append(b, ',')
		}
		b = append(b, s.findingJSON[i]...)
	}
	return appendEnvelopeTail(b, page, perPage, total, totalPages), nil
}

// PathStats returns the JSON of the result's stats.
func (s *Store) PathStats() ([]byte, error) {
	if s.closed {
		return nil, api.ErrClosed
	}
	return clone(s.statsJSON), nil
}

// Path returns the JSON of the attack path whose id is id.
func (s *Store) Path(id string) ([]byte, error) {
	if s.closed {
		return nil, api.ErrClosed
	}
	n, ok := pathNumber(id)
	if !ok || n < 1 || n > len(s.paths) || id != formatPathID(n) {
		return nil, fmt.Errorf("attack path %q: %w", id, api.ErrNotFound)
	}
	return json.Marshal(&s.paths[s.pathPos[n-1]])
}

// ListPaths returns one page of attack paths in result order, in the same
// envelope as ListFindings, with the paging rules of api.Store.ListPaths.
func (s *Store) ListPaths(page, perPage int) ([]byte, error) {
	if s.closed {
		return nil, api.ErrClosed
	}
	if perPage < 1 || perPage > api.MaxPathsPerPage {
		perPage = api.DefaultPathsPerPage
	}
	total := len(s.paths)
	page, totalPages := clampPage(page, perPage, total)
	lo := min((page-1)*perPage, total)
	hi := min(lo+perPage, total)
	b := append(make([]byte, 0, 2048*(hi-lo)+64), `{"data":[`...)
	for i := lo; i < hi; i++ {
		if i > lo {
			b = append(b, ',')
		}
		p, err := json.Marshal(&s.paths[i])
		if err != nil {
			return nil, err
		}
		b = append(b, p...)
	}
	return appendEnvelopeTail(b, page, perPage, total, totalPages), nil
}

// clampPage applies the paging rules: page < 1 → 1; page beyond the last
// page → the last page (1 when there is nothing).
func clampPage(page, perPage, total int) (clamped, totalPages int) {
	totalPages = total / perPage
	if total%perPage != 0 {
		totalPages++
	}
	if page < 1 {
		page = 1
	}
	if page > totalPages {
		page = max(totalPages, 1)
	}
	return page, totalPages
}

// appendEnvelopeTail closes the data array and writes the paging fields in
// json.Marshal's order.
func appendEnvelopeTail(b []byte, page, perPage, total, totalPages int) []byte {
	b = append(b, `],"page":`...)
	b = strconv.AppendInt(b, int64(page), 10)
	b = append(b, `,"per_page":`...)
	b = strconv.AppendInt(b, int64(perPage), 10)
	b = append(b, `,"total":`...)
	b = strconv.AppendInt(b, int64(total), 10)
	b = append(b, `,"total_pages":`...)
	b = strconv.AppendInt(b, int64(totalPages), 10)
	return append(b, '}')
}

// asciiEqualFold compares a and b folding only ASCII letters
// (strings.EqualFold would also fold e.g. U+212A KELVIN SIGN to 'k').
func asciiEqualFold(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		x, y := a[i], b[i]
		if 'A' <= x && x <= 'Z' {
			x += 'a' - 'A'
		}
		if 'A' <= y && y <= 'Z' {
			y += 'a' - 'A'
		}
		if x != y {
			return false
		}
	}
	return true
}

// pathNumber parses the decimal number of a path id "ap-NNN". Callers check
// the canonical spelling with formatPathID.
func pathNumber(id string) (int, bool) {
	const prefix = "ap-"
	if len(id) <= len(prefix) || id[:len(prefix)] != prefix || len(id) > len(prefix)+18 {
		return 0, false
	}
	n := 0
	for _, c := range []byte(id[len(prefix):]) {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// formatPathID is the engine's id spelling: "ap-" + at least 3 digits.
func formatPathID(n int) string {
	s := strconv.Itoa(n)
	for len(s) < 3 {
		s = "0" + s
	}
	return "ap-" + s
}

func clone(b []byte) []byte { return append([]byte(nil), b...) }

// parallelRanges splits [0, n) into at most workers contiguous ranges and
// runs fn on each in its own goroutine, returning when all are done.
func parallelRanges(n, workers int, fn func(lo, hi int)) {
	if n == 0 {
		return
	}
	workers = max(1, min(workers, n))
	if workers == 1 {
		fn(0, n)
		return
	}
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		lo, hi := n*w/workers, n*(w+1)/workers
		wg.Add(1)
		go func() {
			defer wg.Done()
			fn(lo, hi)
		}()
	}
	wg.Wait()
}

// WriteAttackPaths streams the whole result {"paths":[...],"stats":{...}} to
// w: the same bytes as engine.ComputeAttackPathsJSON, without holding them
// all in memory. Paths are encoded in parallel in chunks and written in order.
func (s *Store) WriteAttackPaths(w io.Writer) error {
	if s.closed {
		return api.ErrClosed
	}
	if _, err := io.WriteString(w, `{"paths":[`); err != nil {
		return err
	}
	if err := s.writePaths(w); err != nil {
		return err
	}
	if _, err := io.WriteString(w, `],"stats":`); err != nil {
		return err
	}
	if _, err := w.Write(s.statsJSON); err != nil {
		return err
	}
	_, err := io.WriteString(w, "}")
	return err
}

// exportChunk is the number of paths encoded by one task of writePaths.
const exportChunk = 512

// chunkPool recycles the encoded chunks of writePaths (~1 MB each).
var chunkPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// writePaths writes every path, comma separated. Chunks are encoded by up to
// s.threads goroutines; a bounded queue of per-chunk results keeps the output
// in order and memory bounded to a few chunks.
func (s *Store) writePaths(w io.Writer) error {
	n := len(s.paths)
	chunks := (n + exportChunk - 1) / exportChunk
	if chunks == 0 {
		return nil
	}
	type encoded struct {
		buf *bytes.Buffer
		err error
	}
	paths := s.paths
	queue := make(chan chan encoded, 2*s.threads)
	done := make(chan struct{})
	// On an early return, stop producing and wait for the encoders in
	// flight, so no goroutine outlives the call.
	var wg sync.WaitGroup
	defer wg.Wait()
	defer close(done)
	wg.Add(1)
	go func() {
		defer wg.Done()
		defer close(queue)
		sem := make(chan struct{}, s.threads)
		for c := 0; c < chunks; c++ {
			out := make(chan encoded, 1)
			select {
			case queue <- out:
			case <-done:
				return
			}
			select {
			case sem <- struct{}{}:
			case <-done:
				return
			}
			wg.Add(1)
			go func(c int) {
				defer wg.Done()
				defer func() { <-sem }()
				buf := chunkPool.Get().(*bytes.Buffer)
				buf.Reset()
				// An Encoder writes into the pooled buffer directly;
				// json.Marshal would allocate a copy per path. Its output
				// is json.Marshal's plus a newline, which is cut.
				enc := json.NewEncoder(buf)
				for i := c * exportChunk; i < min((c+1)*exportChunk, n); i++ {
					if i > 0 {
						buf.WriteByte(',')
					}
					if err := enc.Encode(&paths[i]); err != nil {
						out <- encoded{err: err}
						return
					}
					buf.Truncate(buf.Len() - 1)
				}
				out <- encoded{buf: buf}
			}(c)
		}
	}()
	for out := range queue {
		e := <-out
		if e.err != nil {
			return e.err
		}
		_, err := w.Write(e.buf.Bytes())
		chunkPool.Put(e.buf)
		if err != nil {
			return err
		}
	}
	return nil
}
