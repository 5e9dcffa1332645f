package pathindex

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
)

// scannedPath is what the scanner reads of one path. Strings are the raw
// contents of JSON strings (still escaped) and alias the scanner's input,
// valid only during the onPath call.
type scannedPath struct {
	id, severity      []byte
	provider, account []byte // of the entry point, nodes[0]
	nodes             []scannedNode
}

// scannedNode is one element of a path's "nodes" array.
type scannedNode struct {
	findingID, resourceID, resourceName []byte
}

// The scanner is a strict reader of the one byte layout the stores write
// (docs/output.md): no whitespace and every key of a path, node and edge in
// the fixed order of the structs in go/engine/types.go. So it reads a path
// as a sequence of expected key literals and string values; a string is
// skipped with one bytes.IndexByte for its closing quote. That is about
// 2.5 times faster than the byte-by-byte JSON tokenizer it replaced (12 s
// instead of 30 s for the 14.4 GB result of 20K findings, about 8 times the
// time of the bare export), which matters for large stores. Anything else is an error, not a guess.
var (
	resultPrefix = []byte(`{"paths":[`)
	statsKey     = []byte(`],"stats":`)
)

// maxPathBytes bounds the bytes held for one path that spans chunks.
const maxPathBytes = 64 << 20

// maxNodes bounds a path's node count (graph mode has at most 5).
const maxNodes = 1 << 16

// scanner reads the attack-path result {"paths":[...],"stats":{...}} as a
// stream of chunks: it is the io.Writer given to api.Store.WriteAttackPaths.
// A path is parsed once all its bytes are in view; the bytes of a path that
// goes on in the next chunk wait in carry.
type scanner struct {
	onPath    func(*scannedPath) error
	carry     []byte
	started   bool // the prefix was seen
	pathsDone bool // the paths array closed
	first     bool // the next path is the array's first
	path      scannedPath
	err       error
}

func newScanner(onPath func(*scannedPath) error) *scanner {
	return &scanner{onPath: onPath}
}

// Write scans one chunk. After the first error every call returns it.
func (s *scanner) Write(p []byte) (int, error) {
	if s.err != nil {
		return 0, s.err
	}
	if err := s.write(p); err != nil {
		s.err = err
		return 0, err
	}
	return len(p), nil
}

func (s *scanner) write(p []byte) error {
	if s.pathsDone {
		return nil // the stats follow; the store has them already
	}
	// Finish the path carried over from earlier chunks, adding as little of
	// p to it as needed, then parse the rest of p where it lies.
	for len(s.carry) > 0 {
		held := len(s.carry)
		take := min(len(p), 16<<10)
		for {
			if held+take > maxPathBytes {
				return fmt.Errorf("a path longer than %d bytes", maxPathBytes)
			}
			s.carry = append(s.carry[:held], p[:take]...)
			n, err := s.parse(s.carry, false)
			if err != nil {
				return err
			}
			if n > 0 {
				if n >= held {
					p = p[n-held:]
					s.carry = s.carry[:0]
				} else {
					s.carry = append(s.carry[:0], s.carry[n:held]...)
				}
				break
			}
			if take == len(p) {
				return nil // all of p waits in carry
			}
			take = min(len(p), 2*take)
		}
		if s.pathsDone {
			return nil
		}
	}
	n, err := s.parse(p, false)
	if err != nil {
		return err
	}
	if len(p)-n > maxPathBytes {
		return fmt.Errorf("a path longer than %d bytes", maxPathBytes)
	}
	s.carry = append(s.carry[:0], p[n:]...)
	return nil
}

// finish parses what is left once the stream has ended.
func (s *scanner) finish() error {
	if s.err != nil {
		return s.err
	}
	if len(s.carry) > 0 && !s.pathsDone {
		if _, err := s.parse(s.carry, true); err != nil {
			return err
		}
	}
	if !s.pathsDone {
		return errors.New("the result ended before its paths array closed")
	}
	return nil
}

// errShort means the bytes ran out inside a path: more are needed.
var errShort = errors.New("the result ended inside a path")

// parse consumes the complete paths at the start of data and returns how
// many bytes it used; 0 means it needs more bytes.
func (s *scanner) parse(data []byte, final bool) (int, error) {
	pos := 0
	if !s.started {
		if len(data) < len(resultPrefix) {
			if final {
				return 0, errors.New("the result is not {\"paths\":[...")
			}
			return 0, nil
		}
		if !bytes.HasPrefix(data, resultPrefix) {
			return 0, fmt.Errorf("the result does not start with %s", resultPrefix)
		}
		s.started = true
		pos = len(resultPrefix)
		s.first = true
	}
	for pos < len(data) {
		c := cursor{b: data, i: pos}
		if data[pos] == ']' {
			if !c.lit(statsKey) {
				if c.err == errShort && !final {
					return pos, nil
				}
				return pos, errors.New("the paths array is not followed by the stats")
			}
			s.pathsDone = true
			return len(data), nil
		}
		if !s.first && !c.lit(comma) {
			return pos, s.short(c.err, final, "paths are not separated by commas")
		}
		if err := s.readPath(&c); err != nil {
			return pos, s.short(err, final, "")
		}
		if err := s.onPath(&s.path); err != nil {
			return pos, err
		}
		s.first = false
		pos = c.i
	}
	return pos, nil
}

// short turns errShort into "need more bytes" (nil) unless the stream has
// ended; what is nil stays a format error named by what.
func (s *scanner) short(err error, final bool, what string) error {
	switch {
	case err == errShort && !final:
		return nil
	case err == nil:
		return errors.New(what)
	}
	return err
}

// The key literals, each from the closing quote of the value before it (or
// the object's '{') to the opening quote of its own value.
var (
	comma = []byte(`,`)

	pathID          = []byte(`{"id":"`)
	pathTitle       = []byte(`,"title":"`)
	pathDescription = []byte(`,"description":"`)
	pathSeverity    = []byte(`,"severity":"`)
	pathScore       = []byte(`,"score":`)
	pathHopCount    = []byte(`,"hop_count":`)
	pathEntryPoint  = []byte(`,"entry_point":`)
	pathTarget      = []byte(`,"target":`)
	pathNodes       = []byte(`,"nodes":[`)
	pathEdges       = []byte(`],"edges":[`)
	pathTactics     = []byte(`],"mitre_tactics":`)
	pathFindingIDs  = []byte(`,"finding_ids":`)
	pathAIEnriched  = []byte(`,"ai_enriched":`)
	// The optional keys after ai_enriched, in order.
	pathOptional = [][]byte{[]byte(`,"ai_summary":"`), []byte(`,"ai_risk_level":"`), []byte(`,"ai_remediation":"`)}
	pathLowConf  = []byte(`,"low_confidence":true`)

	// A node's keys after "id"; all values are strings.
	nodeKeys = [][]byte{
		[]byte(`,"finding_id":"`), []byte(`,"resource_id":"`), []byte(`,"resource_name":"`),
		[]byte(`,"resource_type":"`), []byte(`,"provider":"`), []byte(`,"account_id":"`),
		[]byte(`,"region":"`), []byte(`,"severity":"`), []byte(`,"category":"`), []byte(`,"label":"`),
	}
	edgeKeys = [][]byte{
		[]byte(`,"source":"`), []byte(`,"target":"`), []byte(`,"label":"`), []byte(`,"edge_type":"`),
	}
	objectEnd = []byte(`}`)
)

// Indices into nodeKeys of the values kept.
const (
	keyFindingID    = 0
	keyResourceID   = 1
	keyResourceName = 2
	keyProvider     = 4
	keyAccountID    = 5
)

// readPath reads one path object at c into s.path.
func (s *scanner) readPath(c *cursor) error {
	p := &s.path
	p.nodes = p.nodes[:0]
	p.id = c.strAfter(pathID)
	c.strAfter(pathTitle)
	c.strAfter(pathDescription)
	p.severity = c.strAfter(pathSeverity)
	c.intAfter(pathScore)
	hops := c.intAfter(pathHopCount)
	c.lit(pathEntryPoint)
	c.node(nil)
	c.lit(pathTarget)
	c.node(nil)
	if c.err != nil {
		return s.wrap(c.err)
	}
	if hops < 0 || hops >= maxNodes {
		return fmt.Errorf("path %q: hop_count %d", p.id, hops)
	}
	c.lit(pathNodes)
	for k := 0; k <= hops && c.err == nil; k++ {
		if k > 0 {
			c.lit(comma)
		}
		var vals [nodeValues][]byte
		c.node(&vals)
		p.nodes = append(p.nodes, scannedNode{vals[keyFindingID], vals[keyResourceID], vals[keyResourceName]})
		if k == 0 {
			p.provider, p.account = vals[keyProvider], vals[keyAccountID]
		}
	}
	c.lit(pathEdges)
	for k := 0; k < hops && c.err == nil; k++ {
		if k > 0 {
			c.lit(comma)
		}
		c.edge()
	}
	c.lit(pathTactics)
	c.stringsOrNull()
	c.lit(pathFindingIDs)
	c.stringsOrNull()
	c.lit(pathAIEnriched)
	c.boolean()
	for _, k := range pathOptional {
		if c.has(k) {
			c.strAfter(k)
		}
	}
	if c.has(pathLowConf) {
		c.lit(pathLowConf)
	}
	c.lit(objectEnd)
	if c.err != nil {
		return s.wrap(c.err)
	}
	return nil
}

// wrap names the path in a format error.
func (s *scanner) wrap(err error) error {
	if err == errShort {
		return err
	}
	return fmt.Errorf("path %q: %w", s.path.id, err)
}

// nodeValues is len(nodeKeys).
const nodeValues = 10

// cursor reads b from i; the first failure sticks in err and makes every
// later read a no-op, so readPath checks once per stretch.
type cursor struct {
	b   []byte
	i   int
	err error
}

func (c *cursor) fail(err error) {
	if c.err == nil {
		c.err = err
	}
}

// has reports whether lit comes next (false after a failure). Running out
// of bytes while matching is errShort: the answer depends on the next chunk.
func (c *cursor) has(lit []byte) bool {
	if c.err != nil {
		return false
	}
	rest := c.b[c.i:]
	if len(rest) < len(lit) {
		if bytes.HasPrefix(lit, rest) {
			c.fail(errShort)
		}
		return false
	}
	return bytes.Equal(rest[:len(lit)], lit)
}

// lit consumes lit or fails.
func (c *cursor) lit(lit []byte) bool {
	if c.err != nil {
		return false
	}
	if !c.has(lit) {
		c.fail(fmt.Errorf("expected %s at %.40q", lit, c.b[c.i:]))
		return false
	}
	c.i += len(lit)
	return true
}

// str reads a string's contents up to its closing quote (the opening one is
// already consumed): the first quote not escaped by an odd run of
// backslashes.
func (c *cursor) str() []byte {
	if c.err != nil {
		return nil
	}
	start := c.i
	for j := start; ; {
		q := bytes.IndexByte(c.b[j:], '"')
		if q < 0 {
			c.fail(errShort)
			return nil
		}
		q += j
		if trailingBackslashes(c.b[start:q])%2 == 0 {
			c.i = q + 1
			return c.b[start:q]
		}
		j = q + 1
	}
}

func (c *cursor) strAfter(lit []byte) []byte {
	if !c.lit(lit) {
		return nil
	}
	return c.str()
}

// intAfter reads lit and then a decimal integer (a leading '-' allowed).
func (c *cursor) intAfter(lit []byte) int {
	if !c.lit(lit) {
		return 0
	}
	j := c.i
	if j < len(c.b) && c.b[j] == '-' {
		j++
	}
	digits := j
	for j < len(c.b) && c.b[j] >= '0' && c.b[j] <= '9' {
		j++
	}
	if j == len(c.b) {
		c.fail(errShort)
		return 0
	}
	n, err := strconv.Atoi(string(c.b[c.i:j]))
	if err != nil || j == digits {
		c.fail(fmt.Errorf("not an integer at %.20q", c.b[c.i:]))
		return 0
	}
	c.i = j
	return n
}

func (c *cursor) boolean() {
	if c.has(trueLit) {
		c.lit(trueLit)
		return
	}
	c.lit(falseLit)
}

var (
	trueLit  = []byte(`true`)
	falseLit = []byte(`false`)
	nullLit  = []byte(`null`)
)

// stringsOrNull reads null or an array of strings.
func (c *cursor) stringsOrNull() {
	if c.has(nullLit) {
		c.lit(nullLit)
		return
	}
	if !c.lit([]byte(`[`)) {
		return
	}
	if c.has([]byte(`]`)) {
		c.i++
		return
	}
	for c.err == nil {
		c.lit([]byte(`"`))
		c.str()
		if c.has([]byte(`]`)) {
			c.i++
			return
		}
		c.lit(comma)
	}
}

// node reads a node object; with vals, the values of nodeKeys land in it.
func (c *cursor) node(vals *[nodeValues][]byte) {
	c.strAfter(pathID) // a node's "id", spelled like a path's
	for k, key := range nodeKeys {
		v := c.strAfter(key)
		if vals != nil {
			vals[k] = v
		}
	}
	c.lit(objectEnd)
}

func (c *cursor) edge() {
	c.strAfter(pathID)
	for _, key := range edgeKeys {
		c.strAfter(key)
	}
	c.lit(objectEnd)
}

// trailingBackslashes counts the backslashes that end b.
func trailingBackslashes(b []byte) int {
	n := 0
	for n < len(b) && b[len(b)-1-n] == '\\' {
		n++
	}
	return n
}
