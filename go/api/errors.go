package api

import "errors"

var (
	// ErrNotFound is matched (errors.Is) by the error of Store.Finding and
	// Store.Path when no item has the requested id. The error itself keeps
	// the store's own message.
	ErrNotFound = errors.New("not found")
	// ErrClosed is returned by the queries of a closed Store.
	ErrClosed = errors.New("store is closed")
	// ErrResultTooLarge is matched by the error of a call whose whole result
	// would be longer than Options.MaxResultBytes.
	ErrResultTooLarge = errors.New("result too large")
)
