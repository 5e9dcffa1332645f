package server

import (
	"errors"

	aegispath "libaegispath/bridge"
	"libaegispath/go/store"
)

// FromGoStore adapts the pure-Go store to Store.
func FromGoStore(s *store.Store) Store { return goStore{s} }

// FromNativeStore adapts the native (cgo) store to Store.
func FromNativeStore(s *aegispath.Store) Store { return nativeStore{s} }

type goStore struct{ *store.Store }

func (g goStore) Finding(id string) ([]byte, error) {
	b, err := g.Store.Finding(id)
	return b, translate(err, store.ErrNotFound)
}

func (g goStore) Path(id string) ([]byte, error) {
	b, err := g.Store.Path(id)
	return b, translate(err, store.ErrNotFound)
}

func (g goStore) ListFindings(q FindingQuery) ([]byte, error) {
	return g.Store.ListFindings(store.FindingQuery(q))
}

type nativeStore struct{ *aegispath.Store }

func (n nativeStore) Finding(id string) ([]byte, error) {
	b, err := n.Store.Finding(id)
	return b, translate(err, aegispath.ErrNotFound)
}

func (n nativeStore) Path(id string) ([]byte, error) {
	b, err := n.Store.Path(id)
	return b, translate(err, aegispath.ErrNotFound)
}

func (n nativeStore) ListFindings(q FindingQuery) ([]byte, error) {
	return n.Store.ListFindings(aegispath.FindingQuery(q))
}

// translate makes a store's not-found error also match this package's
// ErrNotFound, keeping the original in the chain.
func translate(err, storeNotFound error) error {
	if err != nil && errors.Is(err, storeNotFound) {
		return notFoundError{err}
	}
	return err
}

type notFoundError struct{ err error }

func (e notFoundError) Error() string   { return e.err.Error() }
func (e notFoundError) Unwrap() []error { return []error{e.err, ErrNotFound} }
