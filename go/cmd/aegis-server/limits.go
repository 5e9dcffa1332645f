package main

import (
	"fmt"
	"strconv"
	"time"
)

// The defaults of the store-open limits (docs/http-api.md, "Limits of the
// result"). A small document can ask for a huge result — paths grow with
// entries × targets per account: a 5.5 MB document of one account asks for
// about 9e8 paths — so the server caps the paths it keeps. The cap is per
// engine because a path costs the stores very different memory: 16 bytes
// of records in the native store, about 1.3-1.6 KB of Go values in the Go
// store. Both defaults keep every path of the 20,000-finding upstream
// corpus (6.9 million).
const (
	// 50 M paths: 0.8 GB of path records (the 5.5 MB document above opens
	// capped in 1.7 GB of RSS instead of filling memory).
	defaultMaxPathsNative = 50_000_000
	// 8 M paths: about 10-13 GB in the Go store.
	defaultMaxPathsGo = 8_000_000
	// The native store's open (decoding, hashing, every path) gives up
	// after this long; the 20K corpus opens in about 2 s. The Go store
	// has no deadline (api.Options.Timeout).
	defaultOpenTimeout = 5 * time.Minute
)

// defaultMaxPaths is the path cap of an engine when -max-paths is not given.
func defaultMaxPaths(engine string) int {
	if engine == engineNative {
		return defaultMaxPathsNative
	}
	return defaultMaxPathsGo
}

// optionalInt is a flag value that knows whether it was set, so a default
// can depend on other settings (-max-paths depends on the engine).
type optionalInt struct {
	value int
	set   bool
}

func (o *optionalInt) String() string {
	if o == nil || !o.set {
		return "" // the usage text states the default
	}
	return strconv.Itoa(o.value)
}

func (o *optionalInt) Set(s string) error {
	v, err := strconv.Atoi(s)
	if err != nil {
		return fmt.Errorf("want an integer")
	}
	if v < 0 {
		return fmt.Errorf("must be >= 0")
	}
	o.value, o.set = v, true
	return nil
}

// or returns the value when set, else def.
func (o optionalInt) or(def int) int {
	if o.set {
		return o.value
	}
	return def
}
