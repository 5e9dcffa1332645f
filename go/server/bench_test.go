package server

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	aegispath "libaegispath/bridge"
	"libaegispath/go/api"
	"libaegispath/go/internal/corpus"
	"libaegispath/go/store"
)

// Benchmarks run every endpoint's handler (routing, logging middleware,
// store query, response writing; no network) on a generated corpus, once per
// engine: "go" and, when the native library is built in, "native".
//
//	go test ./go/server -run '^$' -bench . -benchmem
//	AEGIS_BENCH_FINDINGS=20000 AEGIS_BENCH_ENGINES=native go test ./go/server -run '^$' -bench .
//
// Environment: AEGIS_BENCH_FINDINGS (default 2000), AEGIS_BENCH_SHAPE
// (upstream | many-accounts), AEGIS_BENCH_ENGINES (comma list, default all).

func benchFindings() int {
	if v, err := strconv.Atoi(os.Getenv("AEGIS_BENCH_FINDINGS")); err == nil && v > 0 {
		return v
	}
	return 2000
}

func benchShape() corpus.Shape {
	if s := corpus.Shape(os.Getenv("AEGIS_BENCH_SHAPE")); s != "" {
		return s
	}
	return corpus.ShapeUpstream
}

var benchDoc = sync.OnceValue(func() []byte {
	return corpus.Bytes(corpus.Options{N: benchFindings(), Seed: 1, Shape: benchShape()})
})

// benchName names a sub-benchmark after the engine and the corpus, e.g.
// "native/upstream-20000", so results of several runs can be told apart.
func benchName(e benchEngine) string {
	return fmt.Sprintf("%s/%s-%d", e.name, benchShape(), benchFindings())
}

// benchMaxInput lifts the 64 MiB default cap for large corpora (300K ≈ 630 MB).
func benchMaxInput() int { return max(len(benchDoc()), 64<<20) }

func engineWanted(name string) bool {
	list := os.Getenv("AEGIS_BENCH_ENGINES")
	return list == "" || slices.Contains(strings.Split(list, ","), name)
}

// residentBytes reads this process's resident set from /proc (0 elsewhere);
// the native store's memory is invisible to Go's allocator statistics.
func residentBytes() int64 {
	data, err := os.ReadFile("/proc/self/statm")
	if err != nil {
		return 0
	}
	fields := strings.Fields(string(data))
	if len(fields) < 2 {
		return 0
	}
	pages, _ := strconv.ParseInt(fields[1], 10, 64)
	return pages * int64(os.Getpagesize())
}

type benchEngine struct {
	name string
	open func(doc []byte) (api.Store, error)
}

func benchEngines() []benchEngine {
	opts := api.Options{IntegrityHash: true, MaxInputBytes: benchMaxInput()}
	var engines []benchEngine
	if engineWanted("go") {
		engines = append(engines, benchEngine{"go", func(doc []byte) (api.Store, error) {
			s, err := store.Open(doc, opts)
			if err != nil {
				return nil, err // not s: a nil *Store in an interface is not nil
			}
			return s, nil
		}})
	}
	if aegispath.Available() && engineWanted("native") {
		engines = append(engines, benchEngine{"native", func(doc []byte) (api.Store, error) {
			s, err := aegispath.OpenStore(doc, opts)
			if err != nil {
				return nil, err
			}
			return s, nil
		}})
	}
	return engines
}

// loaded keeps one open store per engine for the whole run: opening is the
// expensive part and is measured by BenchmarkServerStartup alone.
var (
	loadedMu     sync.Mutex
	loaded       = map[string]http.Handler{}
	loadedStores = map[string]api.Store{}
)

func benchHandler(b *testing.B, e benchEngine) http.Handler {
	b.Helper()
	loadedMu.Lock()
	defer loadedMu.Unlock()
	if h, ok := loaded[e.name]; ok {
		return h
	}
	s, err := e.open(benchDoc())
	if err != nil {
		b.Fatalf("%s store: %v", e.name, err)
	}
	h := New(Config{Store: s, Engine: e.name, Logger: quietLogger})
	loaded[e.name] = h
	loadedStores[e.name] = s
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

// benchGET serves target b.N times with each engine and reports the response size.
func benchGET(b *testing.B, target string) {
	for _, e := range benchEngines() {
		benchGETOn(b, e, target)
	}
}

func benchGETOn(b *testing.B, e benchEngine, target string) {
	b.Run(benchName(e), func(b *testing.B) {
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

// firstOpenGrowth remembers, per engine, how much the resident set grew
// during the first store opened in this process; later opens reuse memory the
// allocators kept, so only the first one shows the store's real footprint.
var firstOpenGrowth sync.Map

// BenchmarkServerStartup: decode, hash, compute and index a document, then
// build the handler (what the server does before it can answer). It reports
// the paths and store_MB, the resident-set growth of the first open (for the
// native engine, whose memory Go cannot see).
func BenchmarkServerStartup(b *testing.B) {
	doc := benchDoc()
	for _, e := range benchEngines() {
		b.Run(benchName(e), func(b *testing.B) {
			b.SetBytes(int64(len(doc)))
			var paths int
			for i := 0; i < b.N; i++ {
				runtime.GC()
				before := residentBytes()
				s, err := e.open(doc)
				if err != nil {
					b.Fatal(err)
				}
				New(Config{Store: s, Engine: e.name, Logger: quietLogger})
				b.StopTimer()
				firstOpenGrowth.LoadOrStore(e.name, residentBytes()-before)
				paths = s.PathCount()
				s.Close()
				b.StartTimer()
			}
			grown, _ := firstOpenGrowth.Load(e.name)
			b.ReportMetric(float64(paths), "paths")
			b.ReportMetric(float64(grown.(int64))/1e6, "store_MB")
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
	benchGET(b, fmt.Sprintf("/api/v1/findings/f-%05d", benchFindings()/2+1))
}

func BenchmarkListAttackPaths(b *testing.B) {
	benchGET(b, "/api/v1/attack-paths?page=1&per_page=20")
}

// BenchmarkGetAttackPath looks up the path numbered in the middle of the
// result (ids are numbered in generation order, the result is sorted).
func BenchmarkGetAttackPath(b *testing.B) {
	for _, e := range benchEngines() {
		rec := httptest.NewRecorder()
		benchHandler(b, e).ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/api/v1/attack-paths/stats", nil))
		var stats struct {
			TotalPaths int `json:"total_paths"`
		}
		if err := json.Unmarshal(rec.Body.Bytes(), &stats); err != nil || stats.TotalPaths == 0 {
			b.Fatalf("%s stats: %v (%d paths)", e.name, err, stats.TotalPaths)
		}
		benchGETOn(b, e, fmt.Sprintf("/api/v1/attack-paths/ap-%03d", stats.TotalPaths/2+1))
	}
}

func BenchmarkAttackPathsExport(b *testing.B) {
	benchGET(b, "/api/v1/attack-paths/export")
}

// BenchmarkExportGzip streams the whole result through gzip at each level
// the export could use, in the handler's arrangement (256 KiB buffer, gzip,
// 64 KiB buffer, the connection), into a counter instead of a connection;
// "identity" is the stream alone. MB/s is uncompressed bytes per second,
// ratio is compressed/uncompressed. The export's level, exportGzipLevel,
// was chosen with
//
//	AEGIS_BENCH_FINDINGS=5000 go test ./go/server -run '^$' -bench ExportGzip -benchtime 2x
func BenchmarkExportGzip(b *testing.B) {
	levels := []struct {
		name  string
		level int // < -2: no gzip
	}{
		{"identity", -99},
		{"BestSpeed", gzip.BestSpeed},
		{"HuffmanOnly", gzip.HuffmanOnly},
		{"DefaultCompression", gzip.DefaultCompression},
	}
	for _, e := range benchEngines() {
		for _, l := range levels {
			b.Run(benchName(e)+"/"+l.name, func(b *testing.B) {
				benchHandler(b, e) // opens and keeps the store
				loadedMu.Lock()
				st := loadedStores[e.name]
				loadedMu.Unlock()
				var raw, compressed int64
				for i := 0; i < b.N; i++ {
					out := &countWriter{}
					in := &countWriter{}
					var dst io.Writer = out
					var zw *gzip.Writer
					var zbuf *bufio.Writer
					if l.level >= gzip.HuffmanOnly {
						zbuf = bufio.NewWriterSize(out, exportWriteChunk)
						zw, _ = gzip.NewWriterLevel(zbuf, l.level)
						dst = zw
					}
					bw := bufio.NewWriterSize(io.MultiWriter(in, dst), exportBuffer)
					if err := st.WriteAttackPaths(bw); err != nil {
						b.Fatal(err)
					}
					bw.Flush()
					if zw != nil {
						zw.Close()
						zbuf.Flush()
					}
					raw, compressed = in.n, out.n
				}
				b.SetBytes(raw)
				b.ReportMetric(float64(compressed)/float64(raw), "ratio")
			})
		}
	}
}

// countWriter counts and drops what it is given.
type countWriter struct{ n int64 }

func (c *countWriter) Write(p []byte) (int, error) {
	c.n += int64(len(p))
	return len(p), nil
}
