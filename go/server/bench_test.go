package server

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"sync"
	"testing"

	aegispath "libaegispath/bridge"
	"libaegispath/go/internal/corpus"
	"libaegispath/go/store"
)

// Benchmarks run every endpoint's handler (routing, logging middleware,
// store query, response writing; no network) on a generated corpus of
// AEGIS_BENCH_FINDINGS findings (default 2000), once per engine: "go" and,
// when the native library is built in, "native".
//
//	go test ./go/server -run '^$' -bench . -benchmem
//	AEGIS_BENCH_FINDINGS=5000 go test ./go/server -run '^$' -bench Export

var benchDoc = sync.OnceValue(func() []byte {
	n := 2000
	if v, err := strconv.Atoi(os.Getenv("AEGIS_BENCH_FINDINGS")); err == nil && v > 0 {
		n = v
	}
	return corpus.Bytes(corpus.Options{N: n, Seed: 1})
})

type benchEngine struct {
	name string
	open func(doc []byte) (Store, func() error, error)
}

func benchEngines() []benchEngine {
	engines := []benchEngine{{"go", func(doc []byte) (Store, func() error, error) {
		s, err := store.Open(doc, store.Options{IntegrityHash: true})
		if err != nil {
			return nil, nil, err
		}
		return FromGoStore(s), s.Close, nil
	}}}
	if aegispath.Available() {
		engines = append(engines, benchEngine{"native", func(doc []byte) (Store, func() error, error) {
			s, err := aegispath.OpenStore(doc, aegispath.Options{IntegrityHash: true})
			if err != nil {
				return nil, nil, err
			}
			return FromNativeStore(s), s.Close, nil
		}})
	}
	return engines
}

// loaded keeps one open store per engine for the whole run: opening is the
// expensive part and is measured by BenchmarkServerStartup alone.
var (
	loadedMu sync.Mutex
	loaded   = map[string]http.Handler{}
)

func benchHandler(b *testing.B, e benchEngine) http.Handler {
	b.Helper()
	loadedMu.Lock()
	defer loadedMu.Unlock()
	if h, ok := loaded[e.name]; ok {
		return h
	}
	s, _, err := e.open(benchDoc())
	if err != nil {
		b.Fatalf("%s store: %v", e.name, err)
	}
	h := New(Config{Store: s, Engine: e.name, Logger: quietLogger})
	loaded[e.name] = h
	return h
}

// discardWriter is a ResponseWriter that only counts bytes.
type discardWriter struct {
	header http.Header
	status int
	n      int64
}

func (d *discardWriter) Header() http.Header { return d.header }
func (d *discardWriter) WriteHeader(s int)   { d.status = s }
func (d *discardWriter) Write(p []byte) (int, error) {
	d.n += int64(len(p))
	return len(p), nil
}

// benchGET serves target b.N times and reports the response size.
func benchGET(b *testing.B, target string) {
	for _, e := range benchEngines() {
		b.Run(e.name, func(b *testing.B) {
			h := benchHandler(b, e)
			req := httptest.NewRequest(http.MethodGet, target, nil)
			w := &discardWriter{header: http.Header{}}
			h.ServeHTTP(w, req)
			if w.status != 0 && w.status != http.StatusOK {
				b.Fatalf("GET %s: status %d", target, w.status)
			}
			b.SetBytes(w.n)
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				w.header = http.Header{}
				h.ServeHTTP(w, req)
			}
		})
	}
}

// BenchmarkServerStartup: decode, hash, compute and index a document, then
// build the handler (what the server does before it can answer).
func BenchmarkServerStartup(b *testing.B) {
	doc := benchDoc()
	for _, e := range benchEngines() {
		b.Run(e.name, func(b *testing.B) {
			b.SetBytes(int64(len(doc)))
			for i := 0; i < b.N; i++ {
				s, closeStore, err := e.open(doc)
				if err != nil {
					b.Fatal(err)
				}
				New(Config{Store: s, Engine: e.name, Logger: quietLogger})
				b.StopTimer()
				closeStore()
				b.StartTimer()
			}
		})
	}
}

func BenchmarkListFindings(b *testing.B) {
	b.Run("page", func(b *testing.B) { benchGET(b, "/api/v1/findings?page=2&per_page=50") })
	b.Run("filtered", func(b *testing.B) {
		benchGET(b, "/api/v1/findings?severity=high&provider=aws&status=open&page=2&per_page=50")
	})
}

func BenchmarkGetFinding(b *testing.B) {
	// The corpus numbers its findings f-00001, f-00002, ...: take the middle.
	n := 2000
	if v, err := strconv.Atoi(os.Getenv("AEGIS_BENCH_FINDINGS")); err == nil && v > 0 {
		n = v
	}
	benchGET(b, fmt.Sprintf("/api/v1/findings/f-%05d", n/2+1))
}

func BenchmarkListAttackPaths(b *testing.B) {
	benchGET(b, "/api/v1/attack-paths?page=1&per_page=20")
}

func BenchmarkAttackPathsExport(b *testing.B) {
	benchGET(b, "/api/v1/attack-paths/export")
}
