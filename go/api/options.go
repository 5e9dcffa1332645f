package api

import (
	"fmt"
	"time"
)

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
	// MaxPaths > 0 keeps only the first MaxPaths attack paths in generation
	// order, numbered and sorted as usual, and marks the stats
	// "truncated":true when more would have been made (docs/algorithms.md,
	// "Limits and truncation"). Both stores give the same bytes, and neither
	// builds the paths past the cap. 0 means no cap.
	MaxPaths int
	// MaxResultBytes > 0 refuses a whole result held in one buffer that
	// would be longer (the native one-shot calls and Store.AttackPathsJSON of
	// the bridge), before it is built; streaming (WriteAttackPaths) is never
	// capped. 0 means no cap.
	MaxResultBytes int
	// Timeout > 0 bounds one call of the native library (a one-shot call, or
	// opening a store): it fails once it has run this long. The pure-Go
	// store does not apply it. 0 means no deadline.
	Timeout time.Duration
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
	if o.MaxPaths < 0 {
		return fmt.Errorf("options: MaxPaths %d is negative", o.MaxPaths)
	}
	if o.MaxResultBytes < 0 {
		return fmt.Errorf("options: MaxResultBytes %d is negative", o.MaxResultBytes)
	}
	if o.Timeout < 0 {
		return fmt.Errorf("options: Timeout %v is negative", o.Timeout)
	}
	return nil
}
