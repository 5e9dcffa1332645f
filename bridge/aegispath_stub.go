//go:build !cgo || aegis_purego

package aegispath

import (
	"context"
	"io"
	"strconv"

	"libaegispath/go/api"
)

// Available reports whether the native engine is linked in: never in this
// build (no cgo, or the aegis_purego tag).
func Available() bool { return false }

// Version returns "" in a build without the native engine.
func Version() string { return "" }

// ComputeAttackPaths returns ErrNativeUnavailable in this build.
func ComputeAttackPaths(findingsJSON []byte) ([]byte, error) {
	return nil, ErrNativeUnavailable
}

// LoadAndSerializeFindings returns ErrNativeUnavailable in this build.
func LoadAndSerializeFindings(findingsJSON, filterJSON []byte) ([]byte, error) {
	return nil, ErrNativeUnavailable
}

// ComputeAttackPathsWithOptions returns ErrNativeUnavailable in this build.
func ComputeAttackPathsWithOptions(findingsJSON []byte, opts api.Options) ([]byte, error) {
	return nil, ErrNativeUnavailable
}

// LoadAndSerializeFindingsWithOptions returns ErrNativeUnavailable in this build.
func LoadAndSerializeFindingsWithOptions(findingsJSON, filterJSON []byte, opts api.Options) ([]byte, error) {
	return nil, ErrNativeUnavailable
}

// ComputeAttackPathsContext returns ErrNativeUnavailable in this build.
func ComputeAttackPathsContext(ctx context.Context, findingsJSON []byte, opts api.Options) ([]byte, error) {
	return nil, ErrNativeUnavailable
}

// Store cannot be opened in this build; its methods exist so that code
// using it compiles everywhere (it still implements api.Store).
type Store struct{}

// OpenStore returns ErrNativeUnavailable in this build.
func OpenStore(findingsJSON []byte, opts api.Options) (*Store, error) {
	return nil, ErrNativeUnavailable
}

// OpenStoreContext returns ErrNativeUnavailable in this build.
func OpenStoreContext(ctx context.Context, findingsJSON []byte, opts api.Options) (*Store, error) {
	return nil, ErrNativeUnavailable
}

// Close is a no-op.
func (s *Store) Close() error { return nil }

// FindingCount is 0.
func (s *Store) FindingCount() int { return 0 }

// PathCount is 0.
func (s *Store) PathCount() int { return 0 }

// Finding returns ErrNativeUnavailable.
func (s *Store) Finding(id string) ([]byte, error) { return nil, ErrNativeUnavailable }

// ListFindings returns ErrNativeUnavailable.
func (s *Store) ListFindings(q api.FindingQuery) ([]byte, error) { return nil, ErrNativeUnavailable }

// PathStats returns ErrNativeUnavailable.
func (s *Store) PathStats() ([]byte, error) { return nil, ErrNativeUnavailable }

// Path returns ErrNativeUnavailable.
func (s *Store) Path(id string) ([]byte, error) { return nil, ErrNativeUnavailable }

// PathAnalysis returns ErrNativeUnavailable.
func (s *Store) PathAnalysis(id string) ([]byte, error) { return nil, ErrNativeUnavailable }

// ListPaths returns ErrNativeUnavailable.
func (s *Store) ListPaths(page, perPage int) ([]byte, error) { return nil, ErrNativeUnavailable }

// WriteAttackPaths returns ErrNativeUnavailable.
func (s *Store) WriteAttackPaths(w io.Writer) error { return ErrNativeUnavailable }

// AttackPathsJSON returns ErrNativeUnavailable.
func (s *Store) AttackPathsJSON() ([]byte, error) { return nil, ErrNativeUnavailable }

// String is "status N": the descriptions are the library's, absent here.
func (s Status) String() string { return "status " + strconv.Itoa(int(s)) }
