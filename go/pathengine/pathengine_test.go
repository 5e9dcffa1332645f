package pathengine

import (
	"bytes"
	"errors"
	"log"
	"strings"
	"sync"
	"testing"

	aegispath "libaegispath/bridge"
)

func TestChoose(t *testing.T) {
	cases := []struct {
		engine, legacy string
		available      bool
		want           string
		warns          bool
	}{
		{"", "", true, "go", false},
		{"", "false", true, "go", false},
		{"", "junk", true, "go", false},
		{"", "true", true, "native", false},
		{"", "1", true, "native", false},
		{"", " TRUE ", true, "native", false},
		{"", "true", false, "go", true},
		{"native", "", true, "native", false},
		{"Native", "", true, "native", false},
		{"native", "", false, "go", true},
		{"go", "true", true, "go", false}, // the new variable wins
		{"GO", "", true, "go", false},
		{"native", "false", true, "native", false},
		{"rust", "true", true, "go", true},
	}
	for _, c := range cases {
		env := map[string]string{EnvEngine: c.engine, EnvLegacy: c.legacy}
		e, warning := choose(func(k string) string { return env[k] }, c.available)
		if e.Name() != c.want || (warning != "") != c.warns {
			t.Errorf("%s=%q %s=%q available=%v: got %s, warning %q; want %s, warns %v",
				EnvEngine, c.engine, EnvLegacy, c.legacy, c.available, e.Name(), warning, c.want, c.warns)
		}
	}
}

func TestFromEnv(t *testing.T) {
	var logged bytes.Buffer
	saved := log.Writer()
	log.SetOutput(&logged)
	t.Cleanup(func() { log.SetOutput(saved) })
	fallbackOnce = sync.Once{} // each run of the test sees a fresh process state

	t.Setenv(EnvEngine, "go")
	t.Setenv(EnvLegacy, "true")
	if got := FromEnv().Name(); got != "go" {
		t.Fatalf("%s=go: got %s", EnvEngine, got)
	}

	t.Setenv(EnvEngine, "")
	want := "go"
	if NativeAvailable() {
		want = "native"
	}
	for i := 0; i < 3; i++ {
		if got := FromEnv().Name(); got != want {
			t.Fatalf("%s=true: got %s, want %s", EnvLegacy, got, want)
		}
	}
	n := strings.Count(logged.String(), "pathengine:")
	if NativeAvailable() && n != 0 {
		t.Errorf("logged with the native engine available: %q", logged.String())
	}
	if !NativeAvailable() && n != 1 {
		t.Errorf("want exactly one fallback warning, got %d: %q", n, logged.String())
	}
}

func TestEnginesAgreeOnSmallInput(t *testing.T) {
	in := []byte(`[{"id":"a","account_id":"1","category":"NETWORK","resource_id":"r1","region":"x","severity":"HIGH"},` +
		`{"id":"b","account_id":"1","resource_type":"storage","resource_id":"r2","region":"x","severity":"LOW"}]`)
	want, err := Go().ComputeAttackPaths(in)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(want, []byte(`"total_paths":1`)) {
		t.Fatalf("go engine: unexpected result %s", want)
	}
	got, err := Native().ComputeAttackPaths(in)
	if !NativeAvailable() {
		if !errors.Is(err, aegispath.ErrNativeUnavailable) {
			t.Fatalf("stub native engine: got error %v", err)
		}
		return
	}
	if err != nil || !bytes.Equal(got, want) {
		t.Fatalf("native: %s, %v\nwant %s", got, err, want)
	}
}
