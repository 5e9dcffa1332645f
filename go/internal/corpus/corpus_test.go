package corpus

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"strings"
	"testing"

	"libaegispath/go/engine"
)

func decode(t *testing.T, data []byte) []engine.Finding {
	t.Helper()
	var fs []engine.Finding
	if err := json.Unmarshal(data, &fs); err != nil {
		t.Fatalf("corpus is not valid findings JSON: %v", err)
	}
	return fs
}

func TestDeterministic(t *testing.T) {
	opts := Options{N: 300, Seed: 1}
	a, b := Bytes(opts), Bytes(opts)
	if !bytes.Equal(a, b) {
		t.Fatal("same options produced different bytes")
	}
	opts.Seed = 2
	if bytes.Equal(a, Bytes(opts)) {
		t.Fatal("seeds 1 and 2 produced the same corpus")
	}
	opts = Options{N: 300, Seed: 1, Shape: ShapeManyAccounts}
	if bytes.Equal(a, Bytes(opts)) {
		t.Fatal("shapes upstream and many-accounts produced the same corpus")
	}
}

// A finding depends only on (seed, shape, index): a small corpus is a
// prefix of a larger one, line for line.
func TestPrefixStable(t *testing.T) {
	small := Bytes(Options{N: 50, Seed: 7, NDJSON: true})
	large := Bytes(Options{N: 500, Seed: 7, NDJSON: true})
	if !bytes.HasPrefix(large, small) {
		t.Fatal("50-finding corpus is not a prefix of the 500-finding corpus")
	}
}

func TestNDJSONMatchesArray(t *testing.T) {
	const n = 400
	nd := Bytes(Options{N: n, Seed: 3, NDJSON: true})
	arr := Bytes(Options{N: n, Seed: 3})
	lines := strings.Split(strings.TrimSuffix(string(nd), "\n"), "\n")
	if len(lines) != n {
		t.Fatalf("NDJSON has %d lines, want %d", len(lines), n)
	}
	for i, l := range lines {
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("line %d: %v", i+1, err)
		}
		if want := fmt.Sprintf("f-%05d", i+1); m["id"] != want {
			t.Fatalf("line %d: id %v, want %s", i+1, m["id"], want)
		}
	}
	want := "[\n" + strings.Join(lines, ",\n") + "\n]\n"
	if string(arr) != want {
		t.Fatal("array output is not the NDJSON lines joined into an array")
	}
}

func TestEmptyAndBadOptions(t *testing.T) {
	if got := string(Bytes(Options{N: 0})); got != "[\n]\n" {
		t.Fatalf("empty corpus = %q", got)
	}
	if fs := decode(t, Bytes(Options{N: 0})); len(fs) != 0 {
		t.Fatalf("empty corpus decodes to %d findings", len(fs))
	}
	var sink bytes.Buffer
	if err := Generate(&sink, Options{N: 1, Shape: "nope"}); err == nil {
		t.Fatal("unknown shape accepted")
	}
	if err := Generate(&sink, Options{N: -1}); err == nil {
		t.Fatal("negative size accepted")
	}
}

func TestWideIDs(t *testing.T) {
	g, err := newGenerator(Options{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	var f engine.Finding
	if err := json.Unmarshal(g.appendFinding(nil, 123455), &f); err != nil {
		t.Fatal(err)
	}
	if f.ID != "f-123456" {
		t.Fatalf("id %q, want f-123456", f.ID)
	}
}

func share(count, n int) float64 { return float64(count) / float64(n) }

func checkShares(t *testing.T, what string, counts map[string]int, want map[string]float64, n int, tol float64) {
	t.Helper()
	for k, w := range want {
		if got := share(counts[k], n); math.Abs(got-w) > tol {
			t.Errorf("%s %q: share %.4f, want %.4f ± %.3f", what, k, got, w, tol)
		}
	}
	for k := range counts {
		if _, ok := want[k]; !ok {
			t.Errorf("%s: unexpected value %q", what, k)
		}
	}
}

func TestUpstreamShape(t *testing.T) {
	const n = 20000
	data := Bytes(Options{N: n, Seed: 1})
	perFinding := float64(len(data)) / n
	if perFinding < 1500 || perFinding > 2500 {
		t.Errorf("%.0f bytes per finding, want 1500..2500", perFinding)
	}
	fs := decode(t, data)
	if len(fs) != n {
		t.Fatalf("%d findings, want %d", len(fs), n)
	}

	regionsOf := map[string][]string{"aws": awsRegions, "azure": azureRegions, "gcp": gcpRegions}
	categoryOf := map[string]string{}
	for _, ft := range findingTypes {
		categoryOf[ft.name] = ft.category
	}
	accounts, sevs, types, rtypes := map[string]int{}, map[string]int{}, map[string]int{}, map[string]int{}
	hashes := 0
	for i, f := range fs {
		if want := fmt.Sprintf("f-%05d", i+1); f.ID != want {
			t.Fatalf("finding %d: id %q, want %q", i, f.ID, want)
		}
		accounts[f.AccountID]++
		sevs[f.Severity]++
		types[f.Type]++
		rtypes[f.ResourceType]++
		if f.Category != categoryOf[f.Type] {
			t.Fatalf("%s: type %s has category %s", f.ID, f.Type, f.Category)
		}
		if !contains(regionsOf[f.CloudProvider], f.Region) {
			t.Fatalf("%s: region %s is not a %s region", f.ID, f.Region, f.CloudProvider)
		}
		vuln := f.Type == "vulnerability"
		if f.ExploitAvailable && !vuln {
			t.Fatalf("%s: exploit_available on a %s", f.ID, f.Type)
		}
		if vuln && f.Severity == "CRITICAL" && !f.ExploitAvailable {
			t.Fatalf("%s: CRITICAL vulnerability without exploit", f.ID)
		}
		if f.CVEs == nil || f.MitreTactics == nil || f.ComplianceMappings == nil || f.AIContextualFactors == nil {
			t.Fatalf("%s: an always-present array is missing", f.ID)
		}
		wantCVEs := 0
		if vuln {
			wantCVEs = 1
		}
		if len(f.CVEs) != wantCVEs || (f.CVSS != nil) != vuln || (f.EPSS != nil) != vuln {
			t.Fatalf("%s: %d CVEs, cvss %v, epss %v on a %s", f.ID, len(f.CVEs), f.CVSS, f.EPSS, f.Type)
		}
		if vuln && (f.CVEs[0].CVSS == nil || *f.CVEs[0].CVSS != *f.CVSS || f.CVEs[0].ID != f.CanonicalRuleID) {
			t.Fatalf("%s: CVE does not match the finding", f.ID)
		}
		nt := len(f.MitreTactics)
		switch f.Type {
		case "vulnerability", "iam_risk", "network_exposure":
			if nt < 1 || nt > 2 || len(f.MitreTechniques) != nt {
				t.Fatalf("%s: %d tactics / %d techniques", f.ID, nt, len(f.MitreTechniques))
			}
		default:
			if nt != 0 {
				t.Fatalf("%s: %d tactics on a %s", f.ID, nt, f.Type)
			}
		}
		if nc := len(f.ComplianceMappings); nc < 1 || nc > 2 {
			t.Fatalf("%s: %d compliance mappings", f.ID, nc)
		}
		if f.IntegrityHash != "" {
			hashes++
			want := specHash(f.ID, f.Source, f.SourceFindingID, f.ResourceID, f.AccountID, f.Region, f.Severity, f.Title, f.Status)
			if f.IntegrityHash != want {
				t.Fatalf("%s: integrity hash %s, want %s", f.ID, f.IntegrityHash, want)
			}
		}
	}
	const tol = 0.015
	checkShares(t, "account", accounts, map[string]float64{
		"123456789012": 0.325, "234567890123": 0.325,
		"sub-workload-001": 0.125, "sub-platform-001": 0.125, "proj-analytics-001": 0.10,
	}, n, tol)
	checkShares(t, "severity", sevs, map[string]float64{
		"CRITICAL": 9.0 / 80, "HIGH": 21.0 / 80, "MEDIUM": 29.0 / 80, "LOW": 21.0 / 80,
	}, n, tol)
	sixth, ninth := map[string]float64{}, map[string]float64{}
	for _, ft := range findingTypes {
		sixth[ft.name] = 1.0 / 6
	}
	for _, rt := range resourceTypes {
		ninth[rt] = 1.0 / 9
	}
	checkShares(t, "type", types, sixth, n, tol)
	checkShares(t, "resource_type", rtypes, ninth, n, tol)
	if hashes < n/10 {
		t.Errorf("only %d findings carry an integrity hash", hashes)
	}

	// The corpus must exercise the encoder's escaping and both UTF-8 forms.
	for _, needle := range []string{`<`, `&`, `\"`, `\n`, `\u2014`, "—", `\ud83d\udd12`, "\u2028", "Zoë"} {
		if !bytes.Contains(data, []byte(needle)) {
			t.Errorf("corpus never contains %q", needle)
		}
	}
}

func TestManyAccountsShape(t *testing.T) {
	const n = 20000
	fs := decode(t, Bytes(Options{N: n, Seed: 1, Shape: ShapeManyAccounts}))
	if len(fs) != n {
		t.Fatalf("%d findings, want %d", len(fs), n)
	}
	region := map[string]string{}
	providers := map[string]int{}
	for _, f := range fs {
		if r, ok := region[f.AccountID]; ok && r != f.Region {
			t.Fatalf("account %s in regions %s and %s", f.AccountID, r, f.Region)
		}
		region[f.AccountID] = f.Region
		providers[f.CloudProvider]++
		i := strings.LastIndexByte(f.AccountID, '-')
		if i < 0 || !contains(manyServices, f.AccountID[:i]) || !contains(manyEnvs, f.AccountID[i+1:]) {
			t.Fatalf("account %q is not <service>-<env>", f.AccountID)
		}
	}
	if len(region) != 240 {
		t.Errorf("%d accounts, want 240", len(region))
	}
	checkShares(t, "provider", providers, map[string]float64{"aws": 0.65, "azure": 0.25, "gcp": 0.10}, n, 0.02)
}

// The hash helper follows docs/input.md, "Integrity hash"; check it on the
// documented vectors when the upstream fixture is available (skipped
// otherwise).
func TestIntegrityHashSpecVector(t *testing.T) {
	data, err := os.ReadFile("../../../../shared/data/upstream/findings_test.json")
	if err != nil {
		t.Skip("upstream fixture not available:", err)
	}
	fs := decode(t, data)
	for _, f := range fs {
		if f.ID == "f-00001" {
			got := integrityHash(f.ID, f.Source, f.SourceFindingID, f.ResourceID, f.AccountID, f.Region, f.Severity, f.Title, f.Status)
			if got != "817a7f4a9fbc2f32c49645f57494d22a6526614efd1923c1508b795656e3f334" {
				t.Fatalf("integrity hash of f-00001 = %s", got)
			}
			return
		}
	}
	t.Fatal("fixture has no f-00001")
}

// specHash is an independent restatement of the integrity hash of docs/input.md.
func specHash(fields ...string) string {
	var buf []byte
	for _, f := range fields {
		buf = append(append(buf, f...), 0)
	}
	sum := sha256.Sum256(buf)
	return hex.EncodeToString(sum[:])
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}
