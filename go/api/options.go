package api

import "fmt"

// Options configure opening a Store (and the bridge's one-shot calls). The
// zero value means every default. A new option is one field here, one check
// in Validate if it has a range, and its use in each store.
type Options struct {
	// MaxInputBytes caps the findings document; 0 means the default, 64 MiB.
	MaxInputBytes int
	// MaxThreads caps the worker threads (goroutines in the Go store, library
	// threads in the native one); 0 means one per core.
	MaxThreads int
	// IntegrityHash overwrites every finding's integrity_hash with the
	// computed hash (what the server does when it loads its data).
	IntegrityHash bool
	// Edges is an edge document (docs/input.md, "Edge document"). nil
	// selects the heuristic engine; any other value, even `[]`, selects
	// graph mode (docs/algorithms.md, "Graph mode"). A store copies what it
	// keeps: the slice may be reused once Open returns.
	Edges []byte
	// MaxEdgeBytes caps the edge document; 0 means the default, 1 GiB.
	MaxEdgeBytes int
}

// Validate reports the first option out of its range. Both stores call it,
// so a value means the same thing, or is refused the same way, whichever
// engine runs.
func (o Options) Validate() error {
	if o.MaxInputBytes < 0 {
		return fmt.Errorf("options: MaxInputBytes %d is negative", o.MaxInputBytes)
	}
	if o.MaxThreads < 0 {
		return fmt.Errorf("options: MaxThreads %d is negative", o.MaxThreads)
	}
	if o.MaxEdgeBytes < 0 {
		return fmt.Errorf("options: MaxEdgeBytes %d is negative", o.MaxEdgeBytes)
	}
	return nil
}
