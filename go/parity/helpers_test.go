package parity

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"testing"

	aegispath "libaegispath/bridge"
	"libaegispath/go/engine"
)

// fixturePath is the upstream server's test data (third-party: read from the
// shared directory next to the repository, never copied into it).
const fixturePath = "../../../shared/data/upstream/findings_test.json"

func requireNative(tb testing.TB) {
	tb.Helper()
	if !aegispath.Available() {
		tb.Skip("skipped: native engine not built in (no cgo or tag aegis_purego)")
	}
}

// loadFixture returns the upstream fixture or skips the test when absent.
func loadFixture(tb testing.TB) []byte {
	tb.Helper()
	data, err := readFixture()
	if err != nil {
		tb.Skipf("skipped: upstream fixture %s is not available (%v)", fixturePath, err)
	}
	return data
}

// outcome is one engine's answer: bytes or an error.
type outcome struct {
	out []byte
	err error
}

func (o outcome) String() string {
	if o.err != nil {
		return "error: " + o.err.Error()
	}
	return fmt.Sprintf("%d bytes: %s", len(o.out), abbreviate(o.out))
}

func abbreviate(b []byte) string {
	if len(b) <= 300 {
		return string(b)
	}
	return string(b[:300]) + "…"
}

// diff reports how two outcomes differ, "" when they agree: both errors, or
// the same bytes.
func diff(goRes, nativeRes outcome) string {
	switch {
	case goRes.err != nil && nativeRes.err != nil:
		return ""
	case goRes.err != nil:
		return fmt.Sprintf("go rejects (%v), native accepts (%s)", goRes.err, abbreviate(nativeRes.out))
	case nativeRes.err != nil:
		return fmt.Sprintf("native rejects (%v), go accepts (%s)", nativeRes.err, abbreviate(goRes.out))
	case !bytes.Equal(goRes.out, nativeRes.out):
		return firstDifference(goRes.out, nativeRes.out)
	}
	return ""
}

// firstDifference describes where two byte strings part, with context.
func firstDifference(a, b []byte) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	lo := max(i-80, 0)
	return fmt.Sprintf("bytes differ at offset %d (go %d bytes, native %d bytes)\n  go:     …%s\n  native: …%s",
		i, len(a), len(b), a[lo:min(i+80, len(a))], b[lo:min(i+80, len(b))])
}

func computeBoth(in []byte) (goRes, nativeRes outcome) {
	goRes.out, goRes.err = engine.ComputeAttackPathsJSON(in)
	nativeRes.out, nativeRes.err = aegispath.ComputeAttackPaths(in)
	return
}

func loadBoth(in, filter []byte) (goRes, nativeRes outcome) {
	goRes.out, goRes.err = engine.LoadAndSerializeFindings(in, filter)
	nativeRes.out, nativeRes.err = aegispath.LoadAndSerializeFindings(in, filter)
	return
}

// checkCompute fails t when the engines disagree on in; it returns the Go
// outcome for further assertions.
func checkCompute(t testing.TB, in []byte) outcome {
	t.Helper()
	g, n := computeBoth(in)
	if d := diff(g, n); d != "" {
		t.Errorf("ComputeAttackPaths: %s", d)
	}
	return g
}

func checkLoad(t testing.TB, in, filter []byte) outcome {
	t.Helper()
	g, n := loadBoth(in, filter)
	if d := diff(g, n); d != "" {
		t.Errorf("LoadAndSerializeFindings(filter %q): %s", abbreviate(filter), d)
	}
	return g
}

func marshalRaw(tb testing.TB, findings []engine.Finding) []byte {
	tb.Helper()
	b, err := json.Marshal(findings)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

func readFixture() ([]byte, error) { return os.ReadFile(fixturePath) }
