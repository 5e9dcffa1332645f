//go:build cgo

package server

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"testing"

	aegispath "libaegispath/bridge"
	"libaegispath/go/api"
	"libaegispath/go/engine"
	"libaegispath/go/internal/corpus"
)

func openNative(t testing.TB, doc []byte) *aegispath.Store {
	t.Helper()
	if !aegispath.Available() {
		t.Skip("native engine not built in (aegis_purego build)")
	}
	s, err := aegispath.OpenStore(doc, api.Options{IntegrityHash: true})
	if err != nil {
		t.Fatalf("aegispath.OpenStore: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// parityRequests exercise every endpoint, edge pages and bad parameters.
var parityRequests = []string{
	"/api/v1/findings",
	"/api/v1/findings?page=2",
	"/api/v1/findings?page=0&per_page=0",
	"/api/v1/findings?page=-1&per_page=201",
	"/api/v1/findings?page=abc&per_page=x",
	"/api/v1/findings?page=99999999999999999999999&per_page=1",
	"/api/v1/findings?page=1000000&per_page=200",
	"/api/v1/findings?page=9223372036854775807&per_page=200",
	"/api/v1/findings?page=-9223372036854775808&per_page=9223372036854775807",
	"/api/v1/findings?page=%2B2&per_page=%2010",
	"/api/v1/findings?per_page=1&page=7",
	"/api/v1/findings?per_page=200&page=2",
	"/api/v1/findings?severity=critical",
	"/api/v1/findings?severity=HIGH&provider=aws&per_page=13&page=3",
	"/api/v1/findings?provider=Azure&status=OPEN",
	"/api/v1/findings?status=in_progress&provider=GCP",
	"/api/v1/findings?severity=%E2%84%AAritical", // U+212A: no Unicode folding
	"/api/v1/findings?severity=nope&page=3",
	"/api/v1/findings?category=network",
	"/api/v1/findings?category=Vulnerability&severity=HIGH&per_page=5&page=2",
	"/api/v1/findings?category=DATA_EXPOSURE&provider=aws&status=open",
	"/api/v1/findings?category=%E2%84%AA", // U+212A
	"/api/v1/findings?category=&severity=low",
	"/api/v1/findings/f-00001",
	"/api/v1/findings/f-00002",
	"/api/v1/findings/f-14868",
	"/api/v1/findings/F-00001",
	"/api/v1/findings/nope",
	"/api/v1/findings/%ff",
	"/api/v1/attack-paths",
	"/api/v1/attack-paths?page=2&per_page=100",
	"/api/v1/attack-paths?page=0&per_page=101",
	"/api/v1/attack-paths?page=-5&per_page=-5",
	"/api/v1/attack-paths?page=999999&per_page=7",
	"/api/v1/attack-paths?page=3&per_page=1",
	"/api/v1/attack-paths?page=q",
	"/api/v1/attack-paths?page=9223372036854775807&per_page=100",
	"/api/v1/attack-paths?page=-9223372036854775808&per_page=-9223372036854775808",
	"/api/v1/attack-paths/stats",
	"/api/v1/attack-paths/ap-001",
	"/api/v1/attack-paths/ap-002",
	"/api/v1/attack-paths/ap-010",
	"/api/v1/attack-paths/ap-100",
	"/api/v1/attack-paths/ap-1",
	"/api/v1/attack-paths/ap-0001",
	"/api/v1/attack-paths/ap-999999",
	"/api/v1/attack-paths/nope",
	"/api/v1/attack-paths/ap-001/analysis",
	"/api/v1/attack-paths/ap-999999/analysis",
	"/api/v1/attack-paths/nope/analysis",
	"/api/v1/attack-paths/%ff/analysis",
	"/api/v1/attack-paths/export",
	"/api/v1/nothing",
}

// TestNativeParity asserts both engines' stores give byte-identical
// responses (status, content type, body) for the same requests.
func TestNativeParity(t *testing.T) {
	docs := map[string][]byte{
		"small":         []byte(smallDoc),
		"empty":         []byte(`[]`),
		"corpus":        corpus.Bytes(corpus.Options{N: 400, Seed: 1}),
		"many-accounts": corpus.Bytes(corpus.Options{N: 400, Seed: 2, Shape: corpus.ShapeManyAccounts}),
	}
	if fixture, err := os.ReadFile(fixturePath); err == nil {
		docs["fixture"] = fixture
	} else {
		t.Logf("fixture absent (third-party data, not in the repository); generated data only: %v", err)
	}
	for name, doc := range docs {
		t.Run(name, func(t *testing.T) {
			native := openNative(t, doc)
			goH := New(Config{Store: openGo(t, doc), Engine: "x", Logger: quietLogger})
			nativeH := New(Config{Store: native, Engine: "x", Logger: quietLogger})
			requests := append([]string{"/health"}, parityRequests...)
			// Every path of small documents, found and looked up.
			if native.PathCount() <= 600 {
				for i := 1; i <= native.PathCount()+1; i++ {
					requests = append(requests, fmt.Sprintf("/api/v1/attack-paths/ap-%03d", i), fmt.Sprintf("/api/v1/attack-paths/ap-%03d/analysis", i))
				}
			}
			for _, target := range requests {
				a, b := get(goH, target), get(nativeH, target)
				if a.status != b.status || a.body != b.body || a.header.Get("Content-Type") != b.header.Get("Content-Type") {
					t.Errorf("GET %s: go %d %.200s\nnative %d %.200s", target, a.status, a.body, b.status, b.body)
				}
			}
		})
	}
}

// TestNativeExportStreams checks the native export over a real connection
// against the reference bytes.
func TestNativeExportStreams(t *testing.T) {
	doc := corpus.Bytes(corpus.Options{N: 300, Seed: 3})
	want, err := engine.ComputeAttackPathsJSON(doc)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(New(Config{Store: openNative(t, doc), Engine: "native", Logger: quietLogger}))
	defer srv.Close()
	resp, err := http.Get(srv.URL + "/api/v1/attack-paths/export")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	got, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/json" || !bytes.Equal(got, want) {
		t.Errorf("native export: %d %q, %d bytes (want %d)", resp.StatusCode, resp.Header.Get("Content-Type"), len(got), len(want))
	}
}

func TestNativeHealth(t *testing.T) {
	h := New(Config{Store: openNative(t, []byte(smallDoc)), Engine: "native", Logger: quietLogger})
	if r := get(h, "/health"); r.body != `{"status":"ok","engine":"native","findings":5,"paths":4}` {
		t.Errorf("/health = %s", r.body)
	}
	if r := get(h, "/api/v1/findings/nope"); r.status != 404 ||
		r.body != `{"code":"not_found","message":"finding \"nope\" not found","status":404}` {
		t.Errorf("native not found = %d %s", r.status, r.body)
	}
}
