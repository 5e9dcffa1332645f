// Package api is the contract between the HTTP server and the loaded stores
// behind it: the Store interface, its query and option types, its errors and
// its paging limits. Both stores implement it directly and answer byte for
// byte alike — the pure-Go libaegispath/go/store and the native
// libaegispath/bridge — so the server never knows which engine it runs on;
// the choice is made once, in go/cmd/aegis-server.
//
// The HTTP semantics these methods serve are described in docs/http-api.md.
package api

import "io"

// Store is a findings document loaded once, with its attack paths computed,
// answering read-only queries. Implementations are safe for concurrent use;
// Close must not race with queries.
//
// Every []byte result is a JSON document owned by the caller.
type Store interface {
	// FindingCount is the number of findings in the document (0 after Close).
	FindingCount() int
	// PathCount is the number of attack paths (0 after Close).
	PathCount() int
	// Finding returns the first finding (input order) whose id is id, or an
	// error matching ErrNotFound (errors.Is) when there is none.
	Finding(id string) ([]byte, error)
	// ListFindings returns one page of the findings matching q, as
	// {"data":[...],"page":P,"per_page":N,"total":T,"total_pages":K}.
	ListFindings(q FindingQuery) ([]byte, error)
	// PathStats returns the stats object of the attack-path result.
	PathStats() ([]byte, error)
	// Path returns the attack path whose id is id ("ap-007"), or an error
	// matching ErrNotFound when there is none.
	Path(id string) ([]byte, error)
	// PathAnalysis describes the attack path whose id is id, as
	// {"analysis":…,"remediation_steps":[…],"risk_factors":[…],
	// "blast_radius":{"direct":N,"indirect":N,"total":N}} (the rules are
	// PathAnalysis's doc), or an error matching ErrNotFound when no path
	// has that id.
	PathAnalysis(id string) ([]byte, error)
	// ListPaths returns one page of attack paths in result order, in
	// ListFindings' envelope. Page < 1 means 1; perPage outside
	// 1..MaxPathsPerPage means DefaultPathsPerPage; a page past the end
	// means the last page.
	ListPaths(page, perPage int) ([]byte, error)
	// WriteAttackPaths streams the whole result {"paths":[...],"stats":{...}}
	// to w in bounded memory. It returns w's first error; the stream stops
	// there.
	WriteAttackPaths(w io.Writer) error
	// Close releases the store. Closing again is a no-op; queries after
	// Close return ErrClosed.
	Close() error
}
