package engine

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"unicode/utf8"
)

// DefaultMaxEdgeBytes is the default size cap of an edge document.
const DefaultMaxEdgeBytes = 1 << 30

// Sentinel errors of the edge decoder, besides ErrTooLarge and
// ErrInvalidUTF8; returned errors wrap them (use errors.Is).
var (
	// ErrInvalidEdgeJSON: the edge document is not well-formed JSON, or a key
	// graph mode reads has a value that is not a string (or null).
	ErrInvalidEdgeJSON = errors.New("invalid edge document JSON")
	// ErrEdgesNotArray: the top-level value is not an array.
	ErrEdgesNotArray = errors.New("edge document is not a JSON array")
	// ErrEdgeNotObject: an element of the top-level array is not an object.
	ErrEdgeNotObject = errors.New("edge row is not a JSON object")
)

// Edge is one row of an edge document (the upstream server's graph_edges
// rows): only the keys graph mode reads. Other keys (id, tenant_id,
// properties, created_at, ...) are ignored.
type Edge struct {
	SourceType string `json:"source_type"`
	SourceID   string `json:"source_id"`
	TargetType string `json:"target_type"`
	TargetID   string `json:"target_id"`
	EdgeType   string `json:"edge_type"`
}

// resourceNode is the node type of the rows graph mode uses; a missing
// source_type or target_type key means it.
const resourceNode = "resource"

// Counts reports whether the row takes part in the graph: both ends are
// resources and it has a type (docs/input.md, "Edge document").
func (e *Edge) Counts() bool {
	return e.SourceType == resourceNode && e.TargetType == resourceNode && e.EdgeType != ""
}

// DecodeEdges decodes an edge document whose size must not exceed maxBytes
// (<= 0 means DefaultMaxEdgeBytes), under the findings decoder's rules: it
// rejects invalid UTF-8, malformed JSON, a top level that is not an array,
// elements that are not objects and read keys whose value is not a string.
// Keys match as encoding/json matches them (case-insensitively); null
// leaves a field as it was, so a null or missing source_type/target_type
// reads as "resource". Every row is returned, counting or not.
func DecodeEdges(doc []byte, maxBytes int) ([]Edge, error) {
	var rows []Edge
	err := decodeEdgeRows(doc, maxBytes, func(e *Edge) { rows = append(rows, *e) })
	if err != nil {
		return nil, err
	}
	return rows, nil
}

// decodeEdgeRows validates doc and hands each row to fn in document order,
// one element decoded at a time so memory stays near the input's size.
func decodeEdgeRows(doc []byte, maxBytes int, fn func(*Edge)) error {
	if maxBytes <= 0 {
		maxBytes = DefaultMaxEdgeBytes
	}
	if len(doc) > maxBytes {
		return fmt.Errorf("edge document: %w: %d bytes > %d", ErrTooLarge, len(doc), maxBytes)
	}
	if !utf8.Valid(doc) {
		return fmt.Errorf("edge document: %w", ErrInvalidUTF8)
	}
	// Syntax and nesting depth of the whole document first, as the
	// findings decoder does, so a malformed tail is reported as such.
	if !json.Valid(doc) {
		var probe json.RawMessage
		err := json.Unmarshal(doc, &probe) // for encoding/json's message
		return fmt.Errorf("%w: %v", ErrInvalidEdgeJSON, err)
	}
	if first := firstByte(doc); first != '[' {
		return fmt.Errorf("%w: top level is %s", ErrEdgesNotArray, kindOf(doc))
	}
	dec := json.NewDecoder(bytes.NewReader(doc))
	if _, err := dec.Token(); err != nil { // the '['
		return fmt.Errorf("%w: %v", ErrInvalidEdgeJSON, err)
	}
	for i := 0; dec.More(); i++ {
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return fmt.Errorf("%w: element %d: %v", ErrInvalidEdgeJSON, i, err)
		}
		if raw[0] != '{' {
			return fmt.Errorf("%w: element %d is %s", ErrEdgeNotObject, i, kindOf(raw))
		}
		e := Edge{SourceType: resourceNode, TargetType: resourceNode}
		if err := json.Unmarshal(raw, &e); err != nil {
			return fmt.Errorf("%w: element %d: %v", ErrInvalidEdgeJSON, i, err)
		}
		fn(&e)
	}
	return nil
}

// ResourceGraph is the undirected, typed resource graph of an edge
// document: for each linked pair of resource ids, the type of the last
// counting row between them (either direction).
type ResourceGraph struct {
	types map[resourcePair]string
}

// resourcePair is an unordered pair of resource ids, smaller id first.
type resourcePair struct{ lo, hi string }

func pairOf(a, b string) resourcePair {
	if b < a {
		a, b = b, a
	}
	return resourcePair{a, b}
}

// NewResourceGraph builds the graph of the counting rows, in order: a later
// row for the same pair replaces the earlier one's type.
func NewResourceGraph(rows []Edge) *ResourceGraph {
	g := &ResourceGraph{types: map[resourcePair]string{}}
	for i := range rows {
		g.add(&rows[i])
	}
	return g
}

// DecodeResourceGraph decodes an edge document (see DecodeEdges) straight
// into its graph.
func DecodeResourceGraph(doc []byte, maxBytes int) (*ResourceGraph, error) {
	g := &ResourceGraph{types: map[resourcePair]string{}}
	if err := decodeEdgeRows(doc, maxBytes, g.add); err != nil {
		return nil, err
	}
	return g, nil
}

func (g *ResourceGraph) add(e *Edge) {
	if e.Counts() {
		g.types[pairOf(e.SourceID, e.TargetID)] = e.EdgeType
	}
}

// EdgeType returns the type of the edge between resource ids a and b, and
// whether they are linked at all. A row from an id to itself links the id
// to itself; the path engine never connects two findings on one resource.
func (g *ResourceGraph) EdgeType(a, b string) (string, bool) {
	t, ok := g.types[pairOf(a, b)]
	return t, ok
}

// EachPair calls fn once per linked pair of resource ids, with the type of
// its last counting row, in no particular order. A self-loop row gives a
// pair with a == b.
func (g *ResourceGraph) EachPair(fn func(a, b, edgeType string)) {
	for p, t := range g.types {
		fn(p.lo, p.hi, t)
	}
}

// Len returns the number of linked pairs.
func (g *ResourceGraph) Len() int { return len(g.types) }
