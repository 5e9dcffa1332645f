package engine

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"reflect"
	"testing"
)

// fixturePath is the upstream server's test data (third-party; read from
// ../shared beside the repository, never copied into it).
const fixturePath = "../../../shared/data/upstream/findings_test.json"

func loadFixture(tb testing.TB) []byte {
	tb.Helper()
	data, err := os.ReadFile(fixturePath)
	if err != nil {
		tb.Skipf("skipped: upstream fixture %s is not available (%v)", fixturePath, err)
	}
	return data
}

func TestFixtureAttackPaths(t *testing.T) {
	findings, err := DecodeFindings(loadFixture(t))
	if err != nil {
		t.Fatal(err)
	}
	if len(findings) != 200 {
		t.Fatalf("decoded %d findings, want 200", len(findings))
	}
	r := ComputeAttackPaths(findings)
	s := r.Stats
	want := AttackPathStats{
		TotalFindings: 200, FindingsInPaths: 155, IsolatedFindings: 45,
		CoveragePercent: 77.5, TotalPaths: 548,
		CriticalPaths: 152, HighPaths: 291, MediumPaths: 105,
		ByProvider: map[string]int{"aws": 450, "azure": 89, "gcp": 9},
	}
	if !reflect.DeepEqual(s, want) {
		t.Errorf("stats = %+v\nwant    %+v", s, want)
	}
	hops := map[int]int{}
	for _, p := range r.Paths {
		hops[p.HopCount]++
	}
	if len(hops) != 2 || hops[1] != 259 || hops[2] != 289 {
		t.Errorf("hop counts = %v, want 1:259 2:289", hops)
	}
	checkSortedStable(t, r.Paths)
}

// checkSortedStable asserts the order of docs/algorithms.md, "Ordering": rank desc, score desc, and
// generation order (the id number) inside equal keys.
func checkSortedStable(t *testing.T, paths []AttackPath) {
	t.Helper()
	for i := 1; i < len(paths); i++ {
		a, b := &paths[i-1], &paths[i]
		ra, rb := severityRank(a.Severity), severityRank(b.Severity)
		switch {
		case ra < rb, ra == rb && a.Score < b.Score:
			t.Fatalf("paths %s, %s out of order", a.ID, b.ID)
		case ra == rb && a.Score == b.Score && idNumber(t, a.ID) > idNumber(t, b.ID):
			t.Fatalf("paths %s, %s: tie not kept in generation order", a.ID, b.ID)
		}
	}
}

func idNumber(t *testing.T, id string) int {
	t.Helper()
	var n int
	if _, err := fmt.Sscanf(id, "ap-%d", &n); err != nil {
		t.Fatalf("bad path id %q", id)
	}
	return n
}

func TestFixtureIntegrityHash(t *testing.T) {
	findings, err := DecodeFindings(loadFixture(t))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"f-14868": "a2c9915465703de7496baa39e9417ad629e5f75552c19f921b65b8554788c2e5",
		"f-00001": "817a7f4a9fbc2f32c49645f57494d22a6526614efd1923c1508b795656e3f334",
	}
	seen := 0
	for i := range findings {
		if w, ok := want[findings[i].ID]; ok {
			seen++
			if got := IntegrityHash(&findings[i]); got != w {
				t.Errorf("IntegrityHash(%s) = %s, want %s", findings[i].ID, got, w)
			}
		}
	}
	if seen != len(want) {
		t.Errorf("found %d of the %d vector findings", seen, len(want))
	}
}

func TestFixtureJSON(t *testing.T) {
	data := loadFixture(t)
	out, err := ComputeAttackPathsJSON(data)
	if err != nil {
		t.Fatal(err)
	}
	// Pinned digest of the oracle's output for the fixture: any change to
	// the bytes of the reference engine must be deliberate.
	sum := sha256.Sum256(out)
	t.Logf("attack paths: %d bytes, sha256 %s", len(out), hex.EncodeToString(sum[:]))
	if got := hex.EncodeToString(sum[:]); got != fixtureResultSHA256 || len(out) != fixtureResultLen {
		t.Errorf("result: %d bytes sha256 %s, want %d bytes %s", len(out), got, fixtureResultLen, fixtureResultSHA256)
	}
	if !bytes.HasPrefix(out, []byte(`{"paths":[{"id":"ap-`)) {
		t.Errorf("unexpected start %q", out[:40])
	}

	// Findings round trip: re-encoding and decoding again is a fixed point.
	all, err := LoadAndSerializeFindings(data, nil)
	if err != nil {
		t.Fatal(err)
	}
	again, err := LoadAndSerializeFindings(all, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(all, again) {
		t.Error("re-encoded findings are not a fixed point")
	}
	var decoded []map[string]json.RawMessage
	if err := json.Unmarshal(all, &decoded); err != nil || len(decoded) != 200 {
		t.Fatalf("re-encoded findings: %d, %v", len(decoded), err)
	}
	// Keys no struct knows (e.g. impacted_resources) are dropped.
	if _, ok := decoded[0]["impacted_resources"]; ok {
		t.Error("unknown key impacted_resources survived")
	}
	sum = sha256.Sum256(all)
	t.Logf("findings: %d bytes, sha256 %s", len(all), hex.EncodeToString(sum[:]))
	if got := hex.EncodeToString(sum[:]); got != fixtureFindingsSHA256 || len(all) != fixtureFindingsLen {
		t.Errorf("findings: %d bytes sha256 %s, want %d bytes %s", len(all), got, fixtureFindingsLen, fixtureFindingsSHA256)
	}

	filtered, err := LoadAndSerializeFindings(data, []byte(`{"severity":"CRITICAL","provider":"aws","limit":3,"offset":1}`))
	if err != nil {
		t.Fatal(err)
	}
	var page []Finding
	if err := json.Unmarshal(filtered, &page); err != nil {
		t.Fatal(err)
	}
	if len(page) != 3 {
		t.Fatalf("filtered page has %d findings, want 3", len(page))
	}
	for _, f := range page {
		if f.Severity != "CRITICAL" || f.CloudProvider != "aws" {
			t.Errorf("filter let through %s (%s, %s)", f.ID, f.Severity, f.CloudProvider)
		}
	}
}

const (
	fixtureResultSHA256   = "9cd1c555d4a38baa83f2c46dcee13a918de850f69ef9a76af53285e17d1723f6"
	fixtureResultLen      = 1086160
	fixtureFindingsSHA256 = "ba18f192106c001e37b192e7554f7af45ab9bebc9707e022190cac65dd22c413"
	fixtureFindingsLen    = 374788
)

func BenchmarkDecodeFindings(b *testing.B) {
	data := loadFixture(b)
	b.SetBytes(int64(len(data)))
	for i := 0; i < b.N; i++ {
		if _, err := DecodeFindings(data); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkComputeAttackPaths(b *testing.B) {
	findings, err := DecodeFindings(loadFixture(b))
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		ComputeAttackPaths(findings)
	}
}

func BenchmarkComputeAttackPathsJSON(b *testing.B) {
	data := loadFixture(b)
	b.SetBytes(int64(len(data)))
	for i := 0; i < b.N; i++ {
		if _, err := ComputeAttackPathsJSON(data); err != nil {
			b.Fatal(err)
		}
	}
}
