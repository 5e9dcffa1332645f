// Package pathengine lets the server use either attack-path engine through
// one interface: the pure-Go reference engine (libaegispath/go/engine) or the
// native library (libaegispath/bridge). Both produce the same bytes.
package pathengine

import (
	"log"
	"os"
	"strconv"
	"strings"
	"sync"

	aegispath "libaegispath/bridge"
	"libaegispath/go/engine"
)

// Engine computes attack paths and filtered findings from a findings
// document (SPEC §3 and §5).
type Engine interface {
	// Name is "go" or "native".
	Name() string
	// ComputeAttackPaths returns {"paths":[...],"stats":{...}}.
	ComputeAttackPaths(findingsJSON []byte) ([]byte, error)
	// LoadAndSerializeFindings returns the findings matching the filter
	// object (empty = every finding) as a JSON array.
	LoadAndSerializeFindings(findingsJSON, filterJSON []byte) ([]byte, error)
}

// Environment variables read by FromEnv.
const (
	// EnvEngine selects the engine: "native" or "go" (case-insensitive).
	EnvEngine = "AEGIS_PATH_ENGINE"
	// EnvLegacy is the old feature flag: a true value (strconv.ParseBool)
	// selects the native engine when EnvEngine is unset.
	EnvLegacy = "AEGIS_RUST_PATHS"
)

type goEngine struct{}

func (goEngine) Name() string { return "go" }
func (goEngine) ComputeAttackPaths(findingsJSON []byte) ([]byte, error) {
	return engine.ComputeAttackPathsJSON(findingsJSON)
}
func (goEngine) LoadAndSerializeFindings(findingsJSON, filterJSON []byte) ([]byte, error) {
	return engine.LoadAndSerializeFindings(findingsJSON, filterJSON)
}

type nativeEngine struct{}

func (nativeEngine) Name() string { return "native" }
func (nativeEngine) ComputeAttackPaths(findingsJSON []byte) ([]byte, error) {
	return aegispath.ComputeAttackPaths(findingsJSON)
}
func (nativeEngine) LoadAndSerializeFindings(findingsJSON, filterJSON []byte) ([]byte, error) {
	return aegispath.LoadAndSerializeFindings(findingsJSON, filterJSON)
}

// Go returns the pure-Go engine.
func Go() Engine { return goEngine{} }

// Native returns the native engine. In a build without it (see
// NativeAvailable) its calls return aegispath.ErrNativeUnavailable.
func Native() Engine { return nativeEngine{} }

// NativeAvailable reports whether the native engine is linked in.
func NativeAvailable() bool { return aegispath.Available() }

// fallbackOnce limits FromEnv's warnings to one per process: the server may
// call it per request.
var fallbackOnce sync.Once

// FromEnv returns the engine the environment asks for: native when
// AEGIS_PATH_ENGINE=native, or when AEGIS_PATH_ENGINE is unset and
// AEGIS_RUST_PATHS is true; Go otherwise. When native is asked for but not
// built in, or AEGIS_PATH_ENGINE has an unknown value, it logs once and
// uses Go.
func FromEnv() Engine {
	e, warning := choose(os.Getenv, NativeAvailable())
	if warning != "" {
		fallbackOnce.Do(func() { log.Print(warning) })
	}
	return e
}

// choose implements FromEnv's decision; warning is non-empty when the
// request could not be followed as given.
func choose(getenv func(string) string, nativeAvailable bool) (e Engine, warning string) {
	wantNative := false
	switch v := strings.ToLower(strings.TrimSpace(getenv(EnvEngine))); v {
	case "native":
		wantNative = true
	case "go":
		return Go(), ""
	case "":
		legacy, err := strconv.ParseBool(strings.TrimSpace(getenv(EnvLegacy)))
		wantNative = err == nil && legacy
	default:
		return Go(), "pathengine: unknown " + EnvEngine + "=" + strconv.Quote(v) + " (want native or go); using the Go engine"
	}
	if !wantNative {
		return Go(), ""
	}
	if !nativeAvailable {
		return Go(), "pathengine: native attack-path engine requested but not built in (no cgo); using the Go engine"
	}
	return Native(), ""
}
