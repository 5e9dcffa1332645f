package main

import (
	"bytes"
	"errors"
	"log/slog"
	"os"
	"os/exec"
	"strings"
	"testing"

	aegispath "libaegispath/bridge"
	"libaegispath/go/api"
)

// env is a fake environment for chooseEngine and parseConfig.
type env map[string]string

func (e env) get(k string) string { return e[k] }

// noFlag stands for "-engine not given".
const noFlag = "\x00"

func TestChooseEnginePrecedence(t *testing.T) {
	for _, c := range []struct {
		flag, engine, legacy string
		want                 engineChoice
	}{
		{noFlag, "", "", engineChoice{"go", "default"}},
		// The flag beats both variables.
		{"native", "go", "false", engineChoice{"native", "-engine"}},
		{"go", "native", "true", engineChoice{"go", "-engine"}},
		{"NATIVE", "", "", engineChoice{"native", "-engine"}},
		// AEGIS_PATH_ENGINE beats AEGIS_RUST_PATHS when both are set.
		{noFlag, "native", "", engineChoice{"native", envEngine}},
		{noFlag, "Go", "true", engineChoice{"go", envEngine}},
		{noFlag, "native", "false", engineChoice{"native", envEngine}},
		{noFlag, " native\n", "", engineChoice{"native", envEngine}},
		// The legacy flag alone.
		{noFlag, "", "true", engineChoice{"native", envLegacy}},
		{noFlag, "", "1", engineChoice{"native", envLegacy}},
		{noFlag, "", " TRUE ", engineChoice{"native", envLegacy}},
		{noFlag, "", "false", engineChoice{"go", envLegacy}},
		{noFlag, "", "0", engineChoice{"go", envLegacy}},
		// Empty or blank variables are unset.
		{noFlag, "  ", "true", engineChoice{"native", envLegacy}},
		{noFlag, "", " ", engineChoice{"go", "default"}},
	} {
		e := env{envEngine: c.engine, envLegacy: c.legacy}
		got, err := chooseEngine(c.flag, c.flag != noFlag, e.get)
		if err != nil || got != c.want {
			t.Errorf("flag %q %s=%q %s=%q: got %+v, %v; want %+v", c.flag, envEngine, c.engine, envLegacy, c.legacy, got, err, c.want)
		}
	}
}

func TestChooseEngineBadValues(t *testing.T) {
	for _, c := range []struct {
		flag, engine, legacy string
		wantErr              string // the setting the error must name, with its value
	}{
		{"rust", "", "", `-engine "rust"`},
		{"", "", "", `-engine ""`}, // given, but empty
		{" go", "", "", `-engine " go"`},
		{noFlag, "rust", "", envEngine + `="rust"`},
		{noFlag, "native,go", "", envEngine + `="native,go"`},
		{noFlag, "", "yes", envLegacy + `="yes"`},
		{noFlag, "", "maybe", envLegacy + `="maybe"`},
		// A bad value is an error even where a higher setting decides.
		{"go", "rust", "", envEngine + `="rust"`},
		{"native", "", "junk", envLegacy + `="junk"`},
		{noFlag, "go", "junk", envLegacy + `="junk"`},
	} {
		e := env{envEngine: c.engine, envLegacy: c.legacy}
		got, err := chooseEngine(c.flag, c.flag != noFlag, e.get)
		if err == nil || !strings.Contains(err.Error(), c.wantErr) {
			t.Errorf("flag %q %s=%q %s=%q: got %+v, %v; want an error naming %s", c.flag, envEngine, c.engine, envLegacy, c.legacy, got, err, c.wantErr)
		}
	}
}

// TestParseConfigChoosesEngine checks the wiring of flag and environment.
func TestParseConfigChoosesEngine(t *testing.T) {
	both := env{envEngine: "native", envLegacy: "false"}
	for _, c := range []struct {
		args []string
		env  env
		want engineChoice
	}{
		{nil, env{}, engineChoice{"go", "default"}},
		{nil, both, engineChoice{"native", envEngine}},
		{[]string{"-engine", "go"}, both, engineChoice{"go", "-engine"}},
		{[]string{"-engine=Native"}, env{envLegacy: "false"}, engineChoice{"native", "-engine"}},
	} {
		cfg, err := parseConfig(c.args, c.env.get)
		if err != nil || cfg.engine != c.want {
			t.Errorf("parseConfig(%q) with %v: %+v, %v; want %+v", c.args, c.env, cfg.engine, err, c.want)
		}
	}
	for _, c := range []struct {
		args []string
		env  env
	}{
		{[]string{"-engine="}, env{}},
		{[]string{"-engine", "rust"}, env{}},
		{nil, env{envEngine: "rust"}},
		{nil, env{envLegacy: "junk"}},
	} {
		if cfg, err := parseConfig(c.args, c.env.get); err == nil {
			t.Errorf("parseConfig(%q) with %v accepted: %+v", c.args, c.env, cfg.engine)
		}
	}
}

func TestAvailableEngine(t *testing.T) {
	for _, c := range []struct {
		name     string
		builtIn  bool
		want     string
		fellBack bool
	}{
		{"native", true, "native", false},
		{"native", false, "go", true},
		{"go", true, "go", false},
		{"go", false, "go", false},
	} {
		got, fellBack := availableEngine(c.name, c.builtIn)
		if got != c.want || fellBack != c.fellBack {
			t.Errorf("availableEngine(%q, %v) = %q, %v; want %q, %v", c.name, c.builtIn, got, fellBack, c.want, c.fellBack)
		}
	}
}

// TestOpenStore opens each engine's store on this build: native runs when
// it is built in, and otherwise falls back to go with exactly one warning.
func TestOpenStore(t *testing.T) {
	doc := []byte(`[{"id":"a","account_id":"x","region":"r","resource_id":"1","resource_type":"storage","category":"NETWORK","severity":"HIGH"}]`)
	for _, requested := range []string{engineGo, engineNative} {
		var logs bytes.Buffer
		logger := slog.New(slog.NewTextHandler(&logs, nil))
		st, name, err := openStore(engineChoice{requested, "test"}, doc, api.Options{IntegrityHash: true}, logger)
		if err != nil {
			t.Fatalf("%s: %v", requested, err)
		}
		want, warnings := requested, 0
		if requested == engineNative && !aegispath.Available() {
			want, warnings = engineGo, 1
		}
		if name != want || st.FindingCount() != 1 {
			t.Errorf("%s requested: %s store with %d findings, want %s with 1", requested, name, st.FindingCount(), want)
		}
		if n := strings.Count(logs.String(), "level=WARN"); n != warnings ||
			(warnings == 1 && !strings.Contains(logs.String(), "not built in")) {
			t.Errorf("%s requested: %d warnings, want %d: %q", requested, n, warnings, logs.String())
		}
		st.Close()
	}
	// A failed open returns a nil interface, not a typed nil.
	for _, requested := range []string{engineGo, engineNative} {
		st, _, err := openStore(engineChoice{requested, "test"}, []byte(`{}`), api.Options{}, slog.New(slog.NewTextHandler(&bytes.Buffer{}, nil)))
		if err == nil || st != nil {
			t.Errorf("%s with a bad document: %v, %v; want a nil store and an error", requested, st, err)
		}
	}
}

// TestMainExitsOnBadEngine runs main in a child process (this test binary,
// re-executed) with each kind of bad setting: it must exit with status 2 and
// name the setting, before loading anything.
func TestMainExitsOnBadEngine(t *testing.T) {
	if os.Getenv("AEGIS_SERVER_TEST_MAIN") == "1" {
		os.Args = append([]string{"aegis-server"}, strings.Fields(os.Getenv("AEGIS_SERVER_TEST_ARGS"))...)
		main()
		os.Exit(0) // not reached with a bad setting
	}
	for _, c := range []struct {
		args, engine, legacy string
		want                 string
	}{
		{"-engine rust", "", "", `aegis-server: -engine "rust": want go or native`},
		{"", "rust", "", `aegis-server: AEGIS_PATH_ENGINE="rust": want go or native`},
		{"", "", "maybe", `aegis-server: AEGIS_RUST_PATHS="maybe": want true or false`},
	} {
		cmd := exec.Command(os.Args[0], "-test.run=^TestMainExitsOnBadEngine$")
		cmd.Env = append(os.Environ(), "AEGIS_SERVER_TEST_MAIN=1", "AEGIS_SERVER_TEST_ARGS="+c.args,
			envEngine+"="+c.engine, envLegacy+"="+c.legacy, "AEGIS_FINDINGS_FILE=/nonexistent")
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		err := cmd.Run()
		var exit *exec.ExitError
		if !errors.As(err, &exit) || exit.ExitCode() != 2 || !strings.Contains(stderr.String(), c.want) {
			t.Errorf("args %q %s=%q %s=%q: %v, stderr %q; want exit status 2 and %q",
				c.args, envEngine, c.engine, envLegacy, c.legacy, err, stderr.String(), c.want)
		}
	}
}
