package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"hash"
	"hash/crc32"
	"os"
	"runtime"
	"syscall"
	"time"

	aegispath "libaegispath/bridge"
	"libaegispath/go/api"
	"libaegispath/go/engine"
	"libaegispath/go/store"
)

// runResult is the JSON line `aegis-bench run` prints.
type runResult struct {
	Engine      string  `json:"engine"`
	Mode        string  `json:"mode"`
	Findings    int64   `json:"findings"` // total_findings of the result (0 in findings mode)
	InputBytes  int64   `json:"input_bytes"`
	OutputBytes int64   `json:"output_bytes"`
	Paths       int64   `json:"paths"`              // total_paths of the result (0 in findings mode)
	Seconds     float64 `json:"seconds"`            // the engine call alone, not reading the file
	Checksum    string  `json:"checksum,omitempty"` // "crc32c:…" of the output, to compare engines
	// HopCounts[h] is the number of paths of h hops (-hops; index 0 unused).
	HopCounts  []int64 `json:"hop_counts,omitempty"`
	EdgeBytes  int64   `json:"edge_bytes,omitempty"` // size of the edge document (graph modes)
	GoMaxProcs int     `json:"gomaxprocs"`
	SelfMaxRSS int64   `json:"self_maxrss_kb"` // getrusage of this process, for cross-checking
}

// Modes of `run`. compute is the drop-in call each engine offers (for the
// native engine the C function itself, its buffer never copied into Go);
// bridge is the native drop-in as the Go server calls it (result copied into
// Go memory); stream is the loaded store writing the whole result to a
// byte counter; findings is LoadAndSerializeFindings without a filter. The
// graph-mode modes are in graph.go.
var modes = map[string]bool{"compute": true, "bridge": true, "stream": true, "findings": true,
	modeHeuristicEx: true, modeGraphEx: true, modeHeuristicOpen: true, modeGraphOpen: true,
	modeHeuristicStream: true, modeGraphStream: true}

func runCmd(args []string) error {
	fs := flag.NewFlagSet("run", flag.ExitOnError)
	eng := fs.String("engine", "go", "go or native")
	mode := fs.String("mode", "compute", "compute, bridge, stream or findings")
	in := fs.String("in", "", "findings JSON file")
	withHash := fs.Bool("hash", false, "also checksum the output (CRC-32C; after the clock stops, except in stream mode)")
	edgesFile := fs.String("edges", "", "edge document (graph-* modes)")
	withHops := fs.Bool("hops", false, "also count the paths per hop count (inside the clock in stream modes)")
	fs.Parse(args)
	if *in == "" || !modes[*mode] || (*eng != "go" && *eng != "native") {
		return fmt.Errorf("run: need -in, -engine go|native and a known -mode (got %q, %q)", *eng, *mode)
	}
	if *eng == "go" && *mode == "bridge" {
		return errors.New("run: mode bridge is native only")
	}
	if graphModes[*mode] != (*edgesFile != "") {
		return fmt.Errorf("run: -edges is needed by the graph-* modes and only by them (mode %q)", *mode)
	}
	if *eng == "native" && !aegispath.Available() {
		return aegispath.ErrNativeUnavailable
	}
	data, err := os.ReadFile(*in)
	if err != nil {
		return err
	}
	var edges []byte
	if *edgesFile != "" {
		if edges, err = os.ReadFile(*edgesFile); err != nil {
			return err
		}
	}
	var res runResult
	if extendedModes[*mode] {
		res, err = runExtended(*eng, *mode, data, edges, *withHash, *withHops)
	} else {
		res, err = runOnce(*eng, *mode, data, *withHash)
	}
	if err != nil {
		return err
	}
	res.Engine, res.Mode, res.InputBytes, res.EdgeBytes = *eng, *mode, int64(len(data)), int64(len(edges))
	res.GoMaxProcs = runtime.GOMAXPROCS(0)
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) == nil {
		res.SelfMaxRSS = ru.Maxrss // kilobytes on Linux
	}
	line, err := json.Marshal(res)
	if err != nil {
		return err
	}
	fmt.Println(string(line))
	return nil
}

// runOnce performs the timed call. Hashing and stats parsing of buffered
// results happen after the clock stops.
func runOnce(eng, mode string, data []byte, withHash bool) (runResult, error) {
	var res runResult
	switch mode {
	case "compute", "bridge", "findings":
		if eng == "native" && mode == "compute" {
			return nativeCompute(data, withHash)
		}
		call := map[string]func() ([]byte, error){
			"go/compute":      func() ([]byte, error) { return engine.ComputeAttackPathsJSON(data) },
			"native/bridge":   func() ([]byte, error) { return aegispath.ComputeAttackPaths(data) },
			"go/findings":     func() ([]byte, error) { return engine.LoadAndSerializeFindings(data, nil) },
			"native/findings": func() ([]byte, error) { return aegispath.LoadAndSerializeFindings(data, nil) },
		}[eng+"/"+mode]
		start := time.Now()
		out, err := call()
		res.Seconds = time.Since(start).Seconds()
		if err != nil {
			return res, err
		}
		c := newCounter(withHash)
		c.Write(out)
		c.fill(&res, mode != "findings")
		return res, nil
	case "stream":
		c := newCounter(withHash)
		start := time.Now()
		var err error
		if eng == "go" {
			var s *store.Store
			if s, err = store.Open(data, api.Options{}); err == nil {
				err = s.WriteAttackPaths(c)
				s.Close()
			}
		} else {
			var s *aegispath.Store
			if s, err = aegispath.OpenStore(data, api.Options{}); err == nil {
				err = s.WriteAttackPaths(c)
				s.Close()
			}
		}
		res.Seconds = time.Since(start).Seconds()
		if err != nil {
			return res, err
		}
		c.fill(&res, true)
		return res, nil
	}
	return res, fmt.Errorf("unknown mode %q", mode)
}

// tailBytes is how much of the end of a result counter keeps: enough for the
// stats object, whose size does not grow with the number of paths.
const tailBytes = 64 << 10

// counter is an io.Writer that counts, keeps the last tailBytes and
// optionally checksums what it is given; it stands in for a socket or file so
// huge results need no memory.
type counter struct {
	n    int64
	tail []byte
	h    hash.Hash
	hops *hopScanner // nil unless countHops(true)
}

func newCounter(withHash bool) *counter {
	c := &counter{}
	if withHash {
		// CRC-32C runs at memory speed (SSE4.2); SHA-256 without SHA-NI
		// would add seconds per GB to the process wall time.
		c.h = crc32.New(crc32.MakeTable(crc32.Castagnoli))
	}
	return c
}

// countHops turns counting paths per hop count on or off.
func (c *counter) countHops(on bool) {
	c.hops = nil
	if on {
		c.hops = &hopScanner{}
	}
}

func (c *counter) Write(p []byte) (int, error) {
	c.n += int64(len(p))
	if c.h != nil {
		c.h.Write(p)
	}
	if c.hops != nil {
		c.hops.write(p)
	}
	if len(p) >= tailBytes {
		c.tail = append(c.tail[:0], p[len(p)-tailBytes:]...)
	} else {
		c.tail = append(c.tail, p...)
		if len(c.tail) > 2*tailBytes { // trim rarely, not on every write
			c.tail = append(c.tail[:0], c.tail[len(c.tail)-tailBytes:]...)
		}
	}
	return len(p), nil
}

// fill copies the counted size, hash and (for path results) the stats into res.
func (c *counter) fill(res *runResult, pathResult bool) {
	res.OutputBytes = c.n
	if c.hops != nil {
		res.HopCounts = append([]int64{}, c.hops.counts...)
	}
	if c.h != nil {
		res.Checksum = fmt.Sprintf("crc32c:%08x", c.h.Sum(nil))
	}
	if pathResult {
		if st, ok := statsFromTail(c.tail); ok {
			res.Findings, res.Paths = st.TotalFindings, st.TotalPaths
		} else {
			res.Paths = -1
		}
	}
}

type tailStats struct {
	TotalFindings int64 `json:"total_findings"`
	TotalPaths    int64 `json:"total_paths"`
}

// statsFromTail reads the stats object at the end of a result
// {"paths":[...],"stats":{...}}. The last `],"stats":` is the real one: inside
// a JSON string the quotes would be escaped.
func statsFromTail(tail []byte) (tailStats, bool) {
	var st tailStats
	marker := []byte(`],"stats":`)
	i := bytes.LastIndex(tail, marker)
	if i < 0 || !bytes.HasSuffix(tail, []byte("}")) {
		return st, false
	}
	obj := tail[i+len(marker) : len(tail)-1]
	if err := json.Unmarshal(obj, &st); err != nil {
		return st, false
	}
	return st, true
}
