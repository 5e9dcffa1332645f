package engine

import "encoding/json"

// Options configures ComputeAttackPathsJSONWithOptions. The zero value is
// the drop-in behaviour of ComputeAttackPathsJSON.
type Options struct {
	// MaxInputBytes caps the findings document; <= 0 means
	// DefaultMaxInputBytes.
	MaxInputBytes int
	// Edges is an edge document (docs/input.md, "Edge document"). nil selects
	// the heuristic engine; any other value, even `[]`, selects graph mode.
	Edges []byte
	// MaxEdgeBytes caps the edge document; <= 0 means DefaultMaxEdgeBytes.
	MaxEdgeBytes int
	// MaxPaths > 0 keeps only the first MaxPaths chains in generation order
	// and marks the stats "truncated" when more would have been produced
	// (docs/algorithms.md, "Limits and truncation"). <= 0: no cap.
	MaxPaths int
}

// ComputeAttackPathsJSON is the Go equivalent of aegis_compute_attack_paths:
// decode (default cap), compute with the heuristic engine, json.Marshal.
func ComputeAttackPathsJSON(findingsJSON []byte) ([]byte, error) {
	return ComputeAttackPathsJSONWithOptions(findingsJSON, Options{})
}

// ComputeAttackPathsJSONWithOptions decodes the findings (then the edge
// document, if any), computes attack paths — graph mode when opts.Edges is
// not nil, the heuristic engine otherwise — and returns the json.Marshal
// bytes of the result. A findings error is reported before an edge error.
func ComputeAttackPathsJSONWithOptions(findingsJSON []byte, opts Options) ([]byte, error) {
	findings, err := DecodeFindingsLimit(findingsJSON, opts.MaxInputBytes)
	if err != nil {
		return nil, err
	}
	if opts.Edges == nil {
		return json.Marshal(ComputeAttackPathsMax(findings, opts.MaxPaths))
	}
	graph, err := DecodeResourceGraph(opts.Edges, opts.MaxEdgeBytes)
	if err != nil {
		return nil, err
	}
	return json.Marshal(ComputeGraphAttackPaths(findings, graph, opts.MaxPaths))
}
