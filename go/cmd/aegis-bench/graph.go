package main

import (
	"bytes"
	"fmt"
	"time"

	aegispath "libaegispath/bridge"
	"libaegispath/go/api"
	"libaegispath/go/engine"
	"libaegispath/go/store"
)

// The modes of `run` that take options (issue 10's graph-mode benchmarks).
// Each comes in a heuristic and a graph-mode flavour on the same corpus, so
// the report can set them side by side:
//
//	heuristic-ex, graph-ex          the extended one-shot call (native: the C
//	                                function itself, result read in place)
//	heuristic-open, graph-open      opening a loaded store (decode, paths);
//	                                the time of Open alone
//	heuristic-stream, graph-stream  open + the whole result streamed to a
//	                                byte counter
//
// The input caps are raised to the inputs' sizes, so corpora over the
// default caps (300K findings, their edge documents) run too.
const (
	modeHeuristicEx     = "heuristic-ex"
	modeGraphEx         = "graph-ex"
	modeHeuristicOpen   = "heuristic-open"
	modeGraphOpen       = "graph-open"
	modeHeuristicStream = "heuristic-stream"
	modeGraphStream     = "graph-stream"
)

var (
	extendedModes = map[string]bool{modeHeuristicEx: true, modeGraphEx: true, modeHeuristicOpen: true,
		modeGraphOpen: true, modeHeuristicStream: true, modeGraphStream: true}
	graphModes = map[string]bool{modeGraphEx: true, modeGraphOpen: true, modeGraphStream: true}
)

// extendedOptions are the store options of a run: caps no smaller than the
// inputs, edges in graph mode.
func extendedOptions(data, edges []byte) api.Options {
	opts := api.Options{Edges: edges}
	if len(data) > engine.DefaultMaxInputBytes {
		opts.MaxInputBytes = len(data)
	}
	if len(edges) > engine.DefaultMaxEdgeBytes {
		opts.MaxEdgeBytes = len(edges)
	}
	return opts
}

// runExtended performs the timed call of an extended mode. edges is nil in
// the heuristic modes.
func runExtended(eng, mode string, data, edges []byte, withHash, withHops bool) (runResult, error) {
	var res runResult
	opts := extendedOptions(data, edges)
	switch mode {
	case modeHeuristicEx, modeGraphEx:
		if eng == "native" {
			return nativeComputeEx(data, opts, withHash, withHops)
		}
		start := time.Now()
		out, err := engine.ComputeAttackPathsJSONWithOptions(data, engine.Options{
			MaxInputBytes: opts.MaxInputBytes, Edges: opts.Edges, MaxEdgeBytes: opts.MaxEdgeBytes})
		res.Seconds = time.Since(start).Seconds()
		if err != nil {
			return res, err
		}
		c := newCounter(withHash)
		c.countHops(withHops)
		c.Write(out)
		c.fill(&res, true)
		return res, nil
	case modeHeuristicOpen, modeGraphOpen, modeHeuristicStream, modeGraphStream:
		stream := mode == modeHeuristicStream || mode == modeGraphStream
		c := newCounter(withHash)
		c.countHops(withHops)
		start := time.Now()
		s, err := openStore(eng, data, opts)
		if err == nil && stream {
			err = s.WriteAttackPaths(c)
		}
		res.Seconds = time.Since(start).Seconds()
		if err != nil {
			return res, err
		}
		defer s.Close()
		if stream {
			c.fill(&res, true)
		} else {
			res.Findings, res.Paths = int64(s.FindingCount()), int64(s.PathCount())
		}
		return res, nil
	}
	return res, fmt.Errorf("unknown mode %q", mode)
}

func openStore(eng string, data []byte, opts api.Options) (api.Store, error) {
	if eng == "go" {
		s, err := store.Open(data, opts)
		if err != nil {
			return nil, err
		}
		return s, nil
	}
	s, err := aegispath.OpenStore(data, opts)
	if err != nil {
		return nil, err
	}
	return s, nil
}

// hopKey precedes every path's hop count in a result, and only there: the
// key is unique to paths, and inside a JSON string its quotes would be
// escaped.
var hopKey = []byte(`"hop_count":`)

// hopScanner counts the paths of each hop count in a result that arrives in
// pieces. carry holds the end of the previous piece, shorter than a whole
// match, so a match split across pieces is counted once.
type hopScanner struct {
	counts []int64
	carry  []byte
}

// matchLen is a key and its one digit (hop counts are 1 to 4).
var matchLen = len(hopKey) + 1

func (h *hopScanner) write(p []byte) {
	if len(h.carry) > 0 {
		joined := append(h.carry, p[:min(len(p), matchLen)]...)
		// Only matches that start in the carry: the others lie inside p.
		h.scan(joined, len(h.carry))
		if len(p) < matchLen {
			h.carry = append(h.carry[:0], joined[max(0, len(joined)-(matchLen-1)):]...)
			return
		}
	}
	h.scan(p, len(p))
	h.carry = append(h.carry[:0], p[max(0, len(p)-(matchLen-1)):]...)
}

// scan counts the complete matches of b that start before limit.
func (h *hopScanner) scan(b []byte, limit int) {
	for off := 0; off < limit; {
		i := bytes.Index(b[off:], hopKey)
		if i < 0 || off+i >= limit {
			return
		}
		at := off + i + len(hopKey)
		if at >= len(b) {
			return // incomplete: the rest arrives with the next piece
		}
		if d := b[at]; '0' <= d && d <= '9' {
			for int(d-'0') >= len(h.counts) {
				h.counts = append(h.counts, 0)
			}
			h.counts[d-'0']++
		}
		off = at
	}
}
