// Package pathindex is a compact, in-memory index of a store's attack paths,
// built once by streaming the store's whole result (api.Store.
// WriteAttackPaths) through a scanner that keeps, per path, only what the
// filters of the server's path list need: its number, severity, provider,
// account and the (finding id, resource id, resource name) of each node.
// Those strings are interned, so a path costs 16 bytes plus 4 per node
// (about 185 MB for the 6.9 million paths of a 20K-finding corpus).
//
// The stores page paths only in result order; filtering by severity,
// provider, account, hop count or text would otherwise mean encoding and
// scanning every path (14 GB at 20K findings) for every request. With the
// index a filtered page is one pass over the compact entries (tens of
// milliseconds at 20K), and the page's paths are then fetched by id.
//
// An Index is usable before it is built: Status says how far it got and
// Query answers ErrNotReady until Build has finished.
package pathindex

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
	"sync"
	"sync/atomic"

	"libaegispath/go/api"
)

// ErrNotReady is returned by Query before Build has finished.
var ErrNotReady = errors.New("the path index is not built yet")

// ErrFailed wraps Build's error in Query's answer after a failed build.
var ErrFailed = errors.New("the path index could not be built")

// Index is safe for concurrent use; Build runs once.
type Index struct {
	built   atomic.Pointer[snapshot]
	indexed atomic.Int64 // paths scanned so far
	total   atomic.Int64 // the store's path count, known once Build starts
	once    sync.Once
	failMu  sync.Mutex
	failed  error
}

// New returns an empty index; call Build to fill it.
func New() *Index { return &Index{} }

// entry is one path, in result order. Its nodes are nodes[first:next.first].
type entry struct {
	number   uint32 // the path id's number: "ap-007" is 7
	first    uint32 // index of its first node in snapshot.nodes
	account  uint32 // index into snapshot.accounts
	provider uint16 // index into snapshot.providers
	severity uint16 // index into snapshot.severities
}

// node is one distinct (finding id, resource id, resource name) of a path
// node, decoded.
type node struct {
	findingID, resourceID, resourceName string
}

// snapshot is the finished, immutable index.
type snapshot struct {
	entries    []entry
	nodes      []uint32 // every path's nodes, as indices into dict
	dict       []node
	severities []string
	providers  []string
	accounts   []string
	summary    Summary
}

// hops is the hop count of entries[i] (nodes - 1).
func (s *snapshot) hops(i int) int {
	end := len(s.nodes)
	if i+1 < len(s.entries) {
		end = int(s.entries[i+1].first)
	}
	return end - int(s.entries[i].first) - 1
}

// Status is how far Build has got.
type Status struct {
	Ready   bool
	Indexed int   // paths scanned so far
	Total   int   // the store's paths (0 before Build starts)
	Err     error // Build's error, when it failed
}

// Status reports the build's progress.
func (ix *Index) Status() Status {
	ix.failMu.Lock()
	err := ix.failed
	ix.failMu.Unlock()
	return Status{
		Ready:   ix.built.Load() != nil,
		Indexed: int(ix.indexed.Load()),
		Total:   int(ix.total.Load()),
		Err:     err,
	}
}

// Build streams st's result once and publishes the index. It returns ctx's
// error when ctx is cancelled first (the stream stops at the next chunk),
// and refuses to run twice. st must stay open until Build returns.
func (ix *Index) Build(ctx context.Context, st api.Store) error {
	err := errors.New("pathindex: Build already ran")
	ix.once.Do(func() {
		err = ix.build(ctx, st)
		if err != nil {
			ix.failMu.Lock()
			ix.failed = err
			ix.failMu.Unlock()
		}
	})
	return err
}

func (ix *Index) build(ctx context.Context, st api.Store) error {
	total := st.PathCount()
	ix.total.Store(int64(total))
	if total > math.MaxUint32 {
		return fmt.Errorf("pathindex: %d paths is more than an index holds", total)
	}
	b := &builder{
		progress:   &ix.indexed,
		snap:       &snapshot{entries: make([]entry, 0, total), nodes: make([]uint32, 0, 3*total)},
		dictIndex:  map[string]uint32{},
		severities: map[string]uint16{},
		providers:  map[string]uint16{},
		accounts:   map[string]uint32{},
	}
	sc := newScanner(b.path)
	if err := st.WriteAttackPaths(ctxWriter{ctx, sc}); err != nil {
		if ctxErr := ctx.Err(); ctxErr != nil {
			return ctxErr
		}
		return fmt.Errorf("pathindex: reading the attack paths: %w", err)
	}
	if err := sc.finish(); err != nil {
		return fmt.Errorf("pathindex: reading the attack paths: %w", err)
	}
	if len(b.snap.entries) != total {
		return fmt.Errorf("pathindex: the result has %d paths, the store counts %d", len(b.snap.entries), total)
	}
	ix.indexed.Store(int64(total))
	b.snap.summary = summarize(b.snap)
	ix.built.Store(b.snap)
	return nil
}

// builder receives the scanner's paths and nodes and interns their strings.
type builder struct {
	progress   *atomic.Int64
	snap       *snapshot
	dictIndex  map[string]uint32
	keyBuf     []byte
	severities map[string]uint16
	providers  map[string]uint16
	accounts   map[string]uint32
	pathNodes  int // nodes of the current path added so far
}

// progressEvery is how many paths pass between progress updates.
const progressEvery = 1 << 14

func (b *builder) node(n *scannedNode) error {
	// One key per distinct triple; the raw (escaped) bytes are unique per
	// decoded value because the writer spells each string one way.
	k := append(b.keyBuf[:0], n.findingID...)
	k = append(k, 0)
	k = append(k, n.resourceID...)
	k = append(k, 0)
	k = append(k, n.resourceName...)
	b.keyBuf = k
	id, ok := b.dictIndex[string(k)]
	if !ok {
		var d node
		var err error
		if d.findingID, err = decodeString(n.findingID); err != nil {
			return err
		}
		if d.resourceID, err = decodeString(n.resourceID); err != nil {
			return err
		}
		if d.resourceName, err = decodeString(n.resourceName); err != nil {
			return err
		}
		id = uint32(len(b.snap.dict))
		b.snap.dict = append(b.snap.dict, d)
		b.dictIndex[string(k)] = id
	}
	b.snap.nodes = append(b.snap.nodes, id)
	return nil
}

func (b *builder) path(p *scannedPath) error {
	number, ok := pathNumber(string(p.id))
	if !ok {
		return fmt.Errorf("path id %q is not of the form ap-NNN", p.id)
	}
	if len(b.snap.nodes)+len(p.nodes) > math.MaxUint32 {
		return errors.New("too many path nodes")
	}
	e := entry{number: number, first: uint32(len(b.snap.nodes))}
	for i := range p.nodes {
		if err := b.node(&p.nodes[i]); err != nil {
			return err
		}
	}
	var err error
	if e.severity, err = intern16(b.severities, &b.snap.severities, p.severity, "severities"); err != nil {
		return err
	}
	if e.provider, err = intern16(b.providers, &b.snap.providers, p.provider, "providers"); err != nil {
		return err
	}
	acct, ok := b.accounts[string(p.account)]
	if !ok {
		s, err := decodeString(p.account)
		if err != nil {
			return err
		}
		acct = uint32(len(b.snap.accounts))
		b.snap.accounts = append(b.snap.accounts, s)
		b.accounts[string(p.account)] = acct
	}
	e.account = acct
	b.snap.entries = append(b.snap.entries, e)
	if n := len(b.snap.entries); n%progressEvery == 0 {
		b.progress.Store(int64(n))
	}
	return nil
}

// ctxWriter stops the stream at the first chunk after ctx is done.
type ctxWriter struct {
	ctx context.Context
	w   *scanner
}

func (c ctxWriter) Write(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.w.Write(p)
}

func intern16(m map[string]uint16, list *[]string, raw []byte, what string) (uint16, error) {
	if i, ok := m[string(raw)]; ok {
		return i, nil
	}
	if len(*list) > math.MaxUint16 {
		return 0, fmt.Errorf("more than %d distinct path %s", math.MaxUint16+1, what)
	}
	s, err := decodeString(raw)
	if err != nil {
		return 0, err
	}
	i := uint16(len(*list))
	*list = append(*list, s)
	m[string(raw)] = i
	return i, nil
}

// decodeString unescapes the contents of a JSON string.
func decodeString(raw []byte) (string, error) {
	for _, c := range raw {
		if c == '\\' {
			var s string
			q := make([]byte, 0, len(raw)+2)
			q = append(append(append(q, '"'), raw...), '"')
			if err := json.Unmarshal(q, &s); err != nil {
				return "", fmt.Errorf("bad JSON string %q: %w", raw, err)
			}
			return s, nil
		}
	}
	return string(raw), nil
}

// pathNumber parses "ap-" + digits as spelled by the engines (at least three
// digits, zero-padded only up to three), so PathID gives the id back.
func pathNumber(id string) (uint32, bool) {
	const prefix = "ap-"
	if len(id) <= len(prefix) || id[:len(prefix)] != prefix {
		return 0, false
	}
	n, err := strconv.ParseUint(id[len(prefix):], 10, 32)
	if err != nil || PathID(uint32(n)) != id {
		return 0, false
	}
	return uint32(n), true
}

// PathID spells path number n as the engines do: "ap-" and at least 3
// digits.
func PathID(n uint32) string {
	s := strconv.FormatUint(uint64(n), 10)
	for len(s) < 3 {
		s = "0" + s
	}
	return "ap-" + s
}
