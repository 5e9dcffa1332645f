package main

import (
	"fmt"
	"log/slog"
	"strconv"
	"strings"

	aegispath "libaegispath/bridge"
	"libaegispath/go/api"
	"libaegispath/go/store"
)

// The engines, as -engine and AEGIS_PATH_ENGINE name them (any case).
const (
	engineGo     = "go"
	engineNative = "native"
)

// The environment variables that choose the engine when -engine is not given.
const (
	envEngine = "AEGIS_PATH_ENGINE" // "native" or "go"
	envLegacy = "AEGIS_RUST_PATHS"  // the old feature flag: true = native, false = go
)

// engineChoice is the engine asked for and which setting asked for it.
type engineChoice struct {
	name   string // engineGo or engineNative
	source string // "-engine", envEngine, envLegacy or "default"
}

// chooseEngine applies the precedence -engine flag (when given) >
// AEGIS_PATH_ENGINE > AEGIS_RUST_PATHS (strconv.ParseBool; true = native) >
// go. An environment variable that is empty or only blanks is unset. Every
// setting that is present must be valid, even one a higher setting
// overrides, so a typo is reported now rather than when the flag is dropped.
func chooseEngine(flagValue string, flagGiven bool, getenv func(string) string) (engineChoice, error) {
	var choices []engineChoice // present settings, highest precedence first
	if flagGiven {
		name, err := engineName(flagValue)
		if err != nil {
			return engineChoice{}, fmt.Errorf("-engine %q: %w", flagValue, err)
		}
		choices = append(choices, engineChoice{name, "-engine"})
	}
	if v := strings.TrimSpace(getenv(envEngine)); v != "" {
		name, err := engineName(v)
		if err != nil {
			return engineChoice{}, fmt.Errorf("%s=%q: %w", envEngine, v, err)
		}
		choices = append(choices, engineChoice{name, envEngine})
	}
	if v := strings.TrimSpace(getenv(envLegacy)); v != "" {
		native, err := strconv.ParseBool(v)
		if err != nil {
			return engineChoice{}, fmt.Errorf("%s=%q: want true or false", envLegacy, v)
		}
		name := engineGo
		if native {
			name = engineNative
		}
		choices = append(choices, engineChoice{name, envLegacy})
	}
	if len(choices) == 0 {
		return engineChoice{engineGo, "default"}, nil
	}
	return choices[0], nil
}

// engineName validates an engine name, ignoring case.
func engineName(v string) (string, error) {
	switch name := strings.ToLower(v); name {
	case engineGo, engineNative:
		return name, nil
	}
	return "", fmt.Errorf("want %s or %s", engineGo, engineNative)
}

// availableEngine is the engine that runs for the one asked for: native
// falls back to go in a build without the native library (no cgo, or the
// aegis_purego tag), because a pure-Go build must always serve.
func availableEngine(name string, nativeBuiltIn bool) (engine string, fellBack bool) {
	if name == engineNative && !nativeBuiltIn {
		return engineGo, true
	}
	return name, false
}

// openStore opens the store of the engine asked for (falling back as
// availableEngine says, with one log line) and returns it with the name of
// the engine that runs.
func openStore(choice engineChoice, doc []byte, opts api.Options, logger *slog.Logger) (api.Store, string, error) {
	name, fellBack := availableEngine(choice.name, aegispath.Available())
	if fellBack {
		logger.Warn("native engine requested but not built in (no cgo, or the aegis_purego tag); using the Go engine",
			"requested_by", choice.source)
	}
	s, err := openEngine(name, doc, opts)
	if err != nil {
		return nil, "", err
	}
	return s, name, nil
}

// openEngine opens the store of an engine that is available.
func openEngine(name string, doc []byte, opts api.Options) (api.Store, error) {
	if name == engineNative {
		s, err := aegispath.OpenStore(doc, opts)
		if err != nil {
			return nil, err // not s: a nil *Store in an interface is not nil
		}
		return s, nil
	}
	s, err := store.Open(doc, opts)
	if err != nil {
		return nil, err
	}
	return s, nil
}
