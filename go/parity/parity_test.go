package parity

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"testing"

	aegispath "libaegispath/bridge"
	"libaegispath/go/api"
	"libaegispath/go/engine"
	"libaegispath/go/internal/corpus"
)

// TestEdgeCaseTableOracle checks the table against the Go engine alone, so
// the expectations hold even in a build without the native engine.
func TestEdgeCaseTableOracle(t *testing.T) {
	for _, c := range edgeCases() {
		_, err := engine.ComputeAttackPathsJSON([]byte(c.doc))
		if (err != nil) != c.reject {
			t.Errorf("%s: go engine error = %v, want reject=%v", c.name, err, c.reject)
		}
	}
	doc := []byte(`[{"id":"a"}]`)
	for _, f := range filters {
		_, err := engine.LoadAndSerializeFindings(doc, []byte(f.filter))
		if (err != nil) != f.reject {
			t.Errorf("filter %q: go engine error = %v, want reject=%v", abbreviate([]byte(f.filter)), err, f.reject)
		}
	}
}

func TestEdgeCasesCompute(t *testing.T) {
	requireNative(t)
	for _, c := range edgeCases() {
		t.Run(c.name, func(t *testing.T) {
			g := checkCompute(t, []byte(c.doc))
			if (g.err != nil) != c.reject {
				t.Errorf("go engine error = %v, want reject=%v", g.err, c.reject)
			}
		})
	}
}

func TestEdgeCasesLoad(t *testing.T) {
	requireNative(t)
	for _, c := range edgeCases() {
		t.Run(c.name, func(t *testing.T) {
			for _, f := range []string{``, `{"severity":"HIGH"}`, `{"offset":1,"limit":1}`, `{"limit":-1}`} {
				checkLoad(t, []byte(c.doc), []byte(f))
			}
		})
	}
}

func TestFixtureCompute(t *testing.T) {
	requireNative(t)
	data := loadFixture(t)
	g := checkCompute(t, data)
	if g.err != nil {
		t.Fatal(g.err)
	}
	// SPEC §7: the fixture yields 548 paths.
	if !bytes.Contains(g.out, []byte(`"total_paths":548,`)) {
		t.Errorf("fixture result lacks \"total_paths\":548")
	}
}

func TestFixtureFilters(t *testing.T) {
	requireNative(t)
	data := loadFixture(t)
	for _, f := range filters {
		g := checkLoad(t, data, []byte(f.filter))
		if (g.err != nil) != f.reject {
			t.Errorf("filter %q: go error %v, want reject=%v", abbreviate([]byte(f.filter)), g.err, f.reject)
		}
	}
}

// TestFixtureSlices compares every prefix length of a few and some windows,
// so groups of every size and cut-off pass through both engines.
func TestFixtureSlices(t *testing.T) {
	requireNative(t)
	findings, err := engine.DecodeFindings(loadFixture(t))
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range [][2]int{{0, 1}, {0, 2}, {0, 7}, {0, 50}, {13, 91}, {100, 200}, {150, 160}} {
		doc := marshalRaw(t, findings[r[0]:r[1]])
		checkCompute(t, doc)
		checkLoad(t, doc, nil)
	}
}

func TestGeneratedCorpora(t *testing.T) {
	requireNative(t)
	for _, c := range []struct {
		shape corpus.Shape
		n     int
		seed  uint64
	}{
		{corpus.ShapeUpstream, 200, 1},
		{corpus.ShapeUpstream, 1000, 2},
		{corpus.ShapeManyAccounts, 1000, 3},
		{corpus.ShapeManyAccounts, 3000, 4},
	} {
		t.Run(fmt.Sprintf("%s-%d", c.shape, c.n), func(t *testing.T) {
			doc := corpus.Bytes(corpus.Options{N: c.n, Seed: c.seed, Shape: c.shape})
			if g := checkCompute(t, doc); g.err != nil {
				t.Fatalf("go engine rejects the generated corpus: %v", g.err)
			}
			checkLoad(t, doc, nil)
			checkLoad(t, doc, []byte(`{"severity":"CRITICAL","offset":3,"limit":50}`))
		})
	}
}

// TestStatuses checks that the extended calls classify failures as the
// header documents, and agree with the drop-in calls on success.
func TestStatuses(t *testing.T) {
	requireNative(t)
	for _, c := range []struct {
		doc    string
		opts   api.Options
		status aegispath.Status
	}{
		{``, api.Options{}, aegispath.StatusInvalidArgument},
		{"\ufeff[]", api.Options{}, aegispath.StatusMalformedJSON},
		{`[{"x":tru}]`, api.Options{}, aegispath.StatusMalformedJSON},
		{nested(9999, "[", "]"), api.Options{}, aegispath.StatusMalformedJSON},
		{"[{\"id\":\"\xff\"}]", api.Options{}, aegispath.StatusInvalidUTF8},
		{`{}`, api.Options{}, aegispath.StatusSchema},
		{`null`, api.Options{}, aegispath.StatusSchema},
		{`[1]`, api.Options{}, aegispath.StatusSchema},
		{`[{"id":1}]`, api.Options{}, aegispath.StatusSchema},
		{`[{"ai_risk_score":1e400}]`, api.Options{}, aegispath.StatusSchema},
		{`[ {} ]`, api.Options{MaxInputBytes: 5}, aegispath.StatusTooLarge},
		{`[ {} ]`, api.Options{MaxInputBytes: 6}, aegispath.StatusOK},
		{`[]`, api.Options{MaxInputBytes: -1}, aegispath.StatusInvalidArgument},
		{`[]`, api.Options{MaxThreads: 1}, aegispath.StatusOK},
	} {
		out, err := aegispath.ComputeAttackPathsWithOptions([]byte(c.doc), c.opts)
		var e *aegispath.Error
		switch {
		case c.status == aegispath.StatusOK && err != nil:
			t.Errorf("%q %+v: unexpected error %v", abbreviate([]byte(c.doc)), c.opts, err)
		case c.status == aegispath.StatusOK:
			want, _ := engine.ComputeAttackPathsJSON([]byte(c.doc))
			if !bytes.Equal(out, want) {
				t.Errorf("%q: got %s, want %s", c.doc, out, want)
			}
		case !errors.As(err, &e):
			t.Errorf("%q: error %v (%T), want *aegispath.Error", abbreviate([]byte(c.doc)), err, err)
		case e.Status != c.status || e.Message == "":
			t.Errorf("%q: status %d message %q, want status %d", abbreviate([]byte(c.doc)), e.Status, e.Message, c.status)
		}
	}
	_, err := aegispath.LoadAndSerializeFindingsWithOptions([]byte(`[]`), []byte(`{"limit":-1}`), api.Options{})
	var e *aegispath.Error
	if !errors.As(err, &e) || e.Status != aegispath.StatusInvalidFilter {
		t.Errorf("invalid filter: got %v, want status %d", err, aegispath.StatusInvalidFilter)
	}
}

// TestExtendedMatchesDropIn: thread count and the extended entry points do
// not change a byte.
func TestExtendedMatchesDropIn(t *testing.T) {
	requireNative(t)
	doc := corpus.Bytes(corpus.Options{N: 600, Seed: 7})
	want, err := engine.ComputeAttackPathsJSON(doc)
	if err != nil {
		t.Fatal(err)
	}
	for _, threads := range []int{0, 1, 3} {
		got, err := aegispath.ComputeAttackPathsWithOptions(doc, api.Options{MaxThreads: threads})
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("threads %d: %v; %s", threads, err, diff(outcome{want, nil}, outcome{got, err}))
		}
	}
	wantF, _ := engine.LoadAndSerializeFindings(doc, []byte(`{"status":"OPEN"}`))
	gotF, err := aegispath.LoadAndSerializeFindingsWithOptions(doc, []byte(`{"status":"OPEN"}`), api.Options{MaxThreads: 2})
	if err != nil || !bytes.Equal(gotF, wantF) {
		t.Errorf("load with options: %v; %s", err, diff(outcome{wantF, nil}, outcome{gotF, err}))
	}
}

func TestDropInErrors(t *testing.T) {
	requireNative(t)
	if _, err := aegispath.ComputeAttackPaths(nil); err == nil {
		t.Error("empty input accepted")
	}
	_, err := aegispath.ComputeAttackPaths([]byte(`[{"id":1}]`))
	if err == nil || err.Error() != "aegispath: aegis_compute_attack_paths returned NULL (input 10 bytes)" {
		t.Errorf("got %v", err)
	}
	if _, err := aegispath.LoadAndSerializeFindings([]byte(`[]`), []byte(`[]`)); err == nil {
		t.Error("invalid filter accepted")
	}
	if v := aegispath.Version(); !regexp.MustCompile(`^[0-9]+\.[0-9]+\.[0-9]+$`).MatchString(v) {
		t.Errorf("Version() = %q", v)
	}
}
