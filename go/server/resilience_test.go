package server

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httptrace"
	"os"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	aegispath "libaegispath/bridge"
	"libaegispath/go/api"
	"libaegispath/go/engine"
	"libaegispath/go/internal/corpus"
	"libaegispath/go/store"
)

// Resilience tests: a real server on a loopback port against clients that
// stall, trickle or vanish. They use the native store when it is built in
// (its streaming call holds an OS thread while a write blocks, which is what
// stalled clients used to exhaust) and the Go store otherwise. Every wait is
// bounded; the assertions are about what happens (dropped, refused, closed,
// back near the baseline), never how fast.

// resilienceDoc's export must be far larger than what the socket buffers of
// a stalled connection absorb (a few KiB here, see listen).
var resilienceDoc = sync.OnceValue(func() []byte {
	return corpus.Bytes(corpus.Options{N: 400, Seed: 1})
})

func resilienceStore(t *testing.T) (api.Store, string) {
	t.Helper()
	doc := resilienceDoc()
	opts := api.Options{IntegrityHash: true}
	if aegispath.Available() {
		s, err := aegispath.OpenStore(doc, opts)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s, "native"
	}
	s, err := store.Open(doc, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s, "go"
}

// logRecorder is a slog.Handler that keeps the records it is given.
type logRecorder struct {
	mu      sync.Mutex
	records []slog.Record
}

func (l *logRecorder) Enabled(context.Context, slog.Level) bool { return true }
func (l *logRecorder) WithAttrs([]slog.Attr) slog.Handler       { return l }
func (l *logRecorder) WithGroup(string) slog.Handler            { return l }
func (l *logRecorder) Handle(_ context.Context, r slog.Record) error {
	l.mu.Lock()
	l.records = append(l.records, r.Clone())
	l.mu.Unlock()
	return nil
}

// matching returns the records with message msg, as attribute maps.
func (l *logRecorder) matching(msg string) []map[string]slog.Value {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []map[string]slog.Value
	for _, r := range l.records {
		if r.Message != msg {
			continue
		}
		attrs := map[string]slog.Value{}
		r.Attrs(func(a slog.Attr) bool { attrs[a.Key] = a.Value; return true })
		out = append(out, attrs)
	}
	return out
}

// smallBufferListener shrinks each accepted connection's send buffer, so a
// client that does not read stalls the server's writes after a few KiB
// rather than after the kernel's autotuned megabytes.
type smallBufferListener struct {
	net.Listener
	size int
}

func (l smallBufferListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if tc, ok := c.(*net.TCPConn); ok {
		tc.SetWriteBuffer(l.size)
	}
	return c, err
}

// stallBuffer is the socket buffer size of stalled connections, at both ends.
const stallBuffer = 4 << 10

type testServer struct {
	addr string
	logs *logRecorder
}

// serve runs NewHTTPServer(cfg) on 127.0.0.1 until the test ends, with
// stallBuffer-sized send buffers.
func serve(t *testing.T, cfg Config) testServer {
	t.Helper()
	return serveBuffered(t, cfg, stallBuffer)
}

func serveBuffered(t *testing.T, cfg Config, sendBuffer int) testServer {
	t.Helper()
	logs := &logRecorder{}
	cfg.Logger = slog.New(logs)
	srv := NewHTTPServer(cfg)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() { srv.Serve(smallBufferListener{ln, sendBuffer}); close(done) }()
	t.Cleanup(func() {
		srv.Close()
		<-done
	})
	return testServer{ln.Addr().String(), logs}
}

// stalledClient sends a request and then reads nothing (its receive buffer
// is small too).
func stalledClient(t *testing.T, addr, request string) net.Conn {
	t.Helper()
	return client(t, addr, request, stallBuffer)
}

// client sends a request on a connection with the given receive buffer.
func client(t *testing.T, addr, request string, receiveBuffer int) net.Conn {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	c.(*net.TCPConn).SetReadBuffer(receiveBuffer)
	if _, err := io.WriteString(c, request); err != nil {
		t.Fatal(err)
	}
	return c
}

const exportRequest = "GET " + exportURL + " HTTP/1.1\r\nHost: test\r\n\r\n"

// waitFor polls cond until it holds or limit passes; it reports whether it
// held. The limit only keeps a broken server from hanging the test.
func waitFor(limit time.Duration, cond func() bool) bool {
	deadline := time.Now().Add(limit)
	for {
		if cond() {
			return true
		}
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// usage is what the process holds: goroutines, OS threads, resident bytes.
type usage struct {
	goroutines, threads int
	rss                 int64
}

func (u usage) String() string {
	return fmt.Sprintf("%d goroutines, %d threads, RSS %.0f MB", u.goroutines, u.threads, float64(u.rss)/1e6)
}

// measure returns the current usage after returning freed memory to the
// OS, so that garbage is not counted as held.
func measure() usage {
	runtime.GC()
	debug.FreeOSMemory()
	return usage{runtime.NumGoroutine(), procThreads(), residentBytes()}
}

// procThreads is the "Threads:" line of /proc/self/status (0 elsewhere).
func procThreads() int {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(line, "Threads:"); ok {
			n, _ := strconv.Atoi(strings.TrimSpace(v))
			return n
		}
	}
	return 0
}

// exportOnce reads one whole export through a fresh connection and checks it.
func exportOnce(t *testing.T, addr string, want []byte) {
	t.Helper()
	tr := &http.Transport{DisableCompression: true, DisableKeepAlives: true}
	defer tr.CloseIdleConnections()
	resp, err := (&http.Client{Transport: tr}).Get("http://" + addr + exportURL)
	if err != nil {
		t.Fatal(err)
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil || resp.StatusCode != 200 || string(body) != string(want) {
		t.Fatalf("full export: %d, %d bytes, %v; want the %d reference bytes", resp.StatusCode, len(body), err, len(want))
	}
}

// settle waits until the goroutines are back to at most base+slack (the
// server's connection goroutines end a little after the connections).
func settle(t *testing.T, base usage, slack int) usage {
	t.Helper()
	waitFor(10*time.Second, func() bool { return runtime.NumGoroutine() <= base.goroutines+slack })
	return measure()
}

// TestMaxExportsOverTheNetwork: with MaxExports stalled exports holding
// their slots, further exports get 503 with Retry-After, the threads stay
// bounded by the cap, other routes answer, and closing the stalled clients
// (a disconnect mid-export) frees the slots, is logged with the bytes sent,
// and leaves no goroutine behind.
func TestMaxExportsOverTheNetwork(t *testing.T) {
	const maxExports, clients = 4, 40
	st, engineName := resilienceStore(t)
	want, err := engine.ComputeAttackPathsJSON(resilienceDoc())
	if err != nil {
		t.Fatal(err)
	}
	// A long write timeout: the held exports must keep their slots while
	// the others are refused.
	ts := serve(t, Config{Store: st, Engine: engineName, WriteTimeout: time.Minute, MaxExports: maxExports})
	exportOnce(t, ts.addr, want)
	base := settle(t, measure(), 0)

	held := make([]net.Conn, 0, maxExports)
	for len(held) < maxExports {
		c := stalledClient(t, ts.addr, exportRequest)
		c.SetReadDeadline(time.Now().Add(20 * time.Second))
		resp, err := http.ReadResponse(bufio.NewReader(c), nil)
		if err != nil || resp.StatusCode != 200 {
			t.Fatalf("export %d of %d: %v %v", len(held)+1, maxExports, resp, err)
		}
		held = append(held, c) // its body is never read
	}
	peak := 0
	for i := 0; i < clients; i++ {
		c := stalledClient(t, ts.addr, exportRequest)
		c.SetReadDeadline(time.Now().Add(20 * time.Second))
		resp, err := http.ReadResponse(bufio.NewReader(c), nil)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		c.Close()
		var e apiError
		if resp.StatusCode != 503 || resp.Header.Get("Retry-After") != strconv.Itoa(exportRetryAfter) ||
			resp.Header.Get("Content-Type") != "application/json" || json.Unmarshal(body, &e) != nil || e.Code != "too_many_exports" {
			t.Fatalf("export beyond the cap: %d %v %s", resp.StatusCode, resp.Header, body)
		}
		peak = max(peak, procThreads())
	}
	resp, err := http.Get("http://" + ts.addr + "/api/v1/attack-paths/stats")
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("stats while the exports are full: %v %v", resp, err)
	}
	resp.Body.Close()
	if base.threads > 0 && peak > base.threads+maxExports+8 {
		t.Errorf("%d threads with %d exports held, baseline %d", peak, maxExports, base.threads)
	}

	// Disconnect mid-export: each held export ends, logged with its bytes.
	for _, c := range held {
		c.Close()
	}
	if !waitFor(30*time.Second, func() bool { return len(ts.logs.matching("export client gone")) == maxExports }) {
		t.Fatalf("%d of %d disconnected exports were logged as gone", len(ts.logs.matching("export client gone")), maxExports)
	}
	for _, rec := range ts.logs.matching("export client gone") {
		if rec["bytes"].Int64() <= 0 {
			t.Errorf("a disconnect was logged with %v bytes sent", rec["bytes"])
		}
	}
	aborted := 0
	for _, rec := range ts.logs.matching("request") {
		if v, ok := rec["aborted"]; ok && v.Bool() {
			aborted++
		}
	}
	if aborted != maxExports {
		t.Errorf("%d request lines say aborted, want %d", aborted, maxExports)
	}
	http.DefaultClient.CloseIdleConnections()
	now := settle(t, base, 2)
	t.Logf("%s store: baseline %v; thread peak %d; after: %v", engineName, base, peak, now)
	if now.goroutines > base.goroutines+2 {
		t.Errorf("%d goroutines left after the disconnects, baseline %d", now.goroutines, base.goroutines)
	}
	exportOnce(t, ts.addr, want) // the slots are free again
}

// TestStalledExportReadersAreDropped: clients that request the export and
// never read are dropped once WriteTimeout passes without progress; every
// export call returns (for the native store: the C call returns and gives
// its thread back), and the process returns near its baseline. A second
// round of the same proves the threads were released to be reused, not
// leaked.
func TestStalledExportReadersAreDropped(t *testing.T) {
	const clients = 50
	st, engineName := resilienceStore(t)
	want, err := engine.ComputeAttackPathsJSON(resilienceDoc())
	if err != nil {
		t.Fatal(err)
	}
	if len(want) < 1<<20 {
		t.Fatalf("the export is %d bytes; it must be far larger than the stalled socket buffers", len(want))
	}
	ts := serve(t, Config{Store: st, Engine: engineName, WriteTimeout: time.Second, MaxExports: clients})
	exportOnce(t, ts.addr, want) // warm up: pools, lazily started threads
	base := settle(t, measure(), 0)
	t.Logf("%s store, baseline: %v", engineName, base)

	var afterFirst usage
	for round := 1; round <= 2; round++ {
		gone := len(ts.logs.matching("export client gone"))
		conns := make([]net.Conn, clients)
		for i := range conns {
			conns[i] = stalledClient(t, ts.addr, exportRequest)
		}
		peak := 0
		dropped := waitFor(60*time.Second, func() bool {
			peak = max(peak, procThreads())
			return len(ts.logs.matching("export client gone")) >= gone+clients
		})
		if !dropped {
			t.Fatalf("round %d: %d of %d stalled exports were dropped", round, len(ts.logs.matching("export client gone"))-gone, clients)
		}
		for _, rec := range ts.logs.matching("export client gone")[gone:] {
			if rec["bytes"].Int64() <= 0 || rec["bytes"].Int64() >= int64(len(want)) {
				t.Errorf("round %d: a dropped export logged %v bytes sent (of %d)", round, rec["bytes"], len(want))
			}
		}
		// The server lets go of the connections on its own: the clients
		// are still open, and still not reading.
		waitFor(10*time.Second, func() bool { return runtime.NumGoroutine() <= base.goroutines+2 })
		if n := runtime.NumGoroutine(); n > base.goroutines+2 {
			t.Errorf("round %d: %d goroutines with the dropped clients still open, baseline %d", round, n, base.goroutines)
		}
		for _, c := range conns {
			c.Close()
		}
		now := settle(t, base, 2)
		t.Logf("round %d: thread peak %d; after: %v", round, peak, now)
		if now.goroutines > base.goroutines+2 {
			t.Errorf("round %d: %d goroutines left, baseline %d", round, now.goroutines, base.goroutines)
		}
		if round == 1 {
			afterFirst = now
			// The Go store's memory is Go's, all given back; the native
			// store's 4 MiB stream chunks are kept by malloc for reuse,
			// which the second round checks.
			if engineName == "go" && base.rss > 0 && now.rss > base.rss+64<<20 {
				t.Errorf("RSS %.0f MB after the dropped exports, baseline %.0f MB", float64(now.rss)/1e6, float64(base.rss)/1e6)
			}
			continue
		}
		// The runtime keeps idle threads and malloc keeps freed memory, so
		// neither need fall back; neither may grow with every round of
		// stalled clients.
		if base.threads > 0 && now.threads > afterFirst.threads+8 {
			t.Errorf("round 2 grew the threads from %d to %d: they are not given back", afterFirst.threads, now.threads)
		}
		if base.rss > 0 && now.rss > afterFirst.rss+64<<20 {
			t.Errorf("round 2 grew RSS from %.0f to %.0f MB: the dropped exports' memory is not given back",
				float64(afterFirst.rss)/1e6, float64(now.rss)/1e6)
		}
	}
	exportOnce(t, ts.addr, want) // the server still serves exports
}

// TestSlowHeadersTimeOut: clients that trickle their headers ("slowloris")
// are cut off after ReadHeaderTimeout, however steadily they trickle, and
// the server goes on answering others.
func TestSlowHeadersTimeOut(t *testing.T) {
	const clients = 20
	st, engineName := resilienceStore(t)
	ts := serve(t, Config{Store: st, Engine: engineName, ReadHeaderTimeout: 500 * time.Millisecond, WriteTimeout: time.Second})
	base := settle(t, measure(), 0)

	closed := make(chan error, clients)
	for i := 0; i < clients; i++ {
		c, err := net.Dial("tcp", ts.addr)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		go func() {
			// A byte every 50 ms: each read is quick, the headers never end.
			io.WriteString(c, "GET /health HTTP/1.1\r\nHost: test\r\nX-Slow: ")
			stop := time.Now().Add(30 * time.Second)
			for time.Now().Before(stop) {
				if _, err := c.Write([]byte("a")); err != nil {
					break
				}
				time.Sleep(50 * time.Millisecond)
			}
			c.SetReadDeadline(time.Now().Add(5 * time.Second))
			_, err := c.Read(make([]byte, 1))
			closed <- err
		}()
	}
	for i := 0; i < clients; i++ {
		select {
		case err := <-closed:
			if err == nil || errors.Is(err, os.ErrDeadlineExceeded) {
				t.Errorf("a slow client was not cut off: read %v", err)
			}
		case <-time.After(60 * time.Second):
			t.Fatalf("%d of %d slow clients still connected", clients-i, clients)
		}
	}
	resp, err := http.Get("http://" + ts.addr + "/health")
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("health after the slow clients: %v %v", resp, err)
	}
	resp.Body.Close()
	http.DefaultClient.CloseIdleConnections()
	if now := settle(t, base, 2); now.goroutines > base.goroutines+2 {
		t.Errorf("%d goroutines left, baseline %d", now.goroutines, base.goroutines)
	}
}

// TestSlowReaderFinishes: a client that reads slowly but steadily gets the
// whole export even though it takes several times WriteTimeout — the
// deadline is renewed as the export moves, not fixed per request.
func TestSlowReaderFinishes(t *testing.T) {
	const writeTimeout = time.Second
	st, engineName := resilienceStore(t)
	want, err := engine.ComputeAttackPathsJSON(resilienceDoc())
	if err != nil {
		t.Fatal(err)
	}
	// Buffers large enough for TCP to run smoothly, far too small to hold
	// the export: the server must keep writing for the whole read.
	const buffer = 128 << 10
	if len(want) < 16*buffer {
		t.Fatalf("the export is %d bytes; the socket buffers would hold too much of it", len(want))
	}
	ts := serveBuffered(t, Config{Store: st, Engine: engineName, WriteTimeout: writeTimeout}, buffer)
	c := client(t, ts.addr, exportRequest, buffer)
	defer c.Close()
	// Paced so the whole read takes about 4 s (a 64 KiB write is then
	// accepted in about 50 ms, well within the deadline).
	start := time.Now()
	rate := float64(len(want)) / 4 // bytes per second
	c.SetReadDeadline(start.Add(60 * time.Second))
	resp, err := http.ReadResponse(bufio.NewReader(&pacedReader{r: c, start: start, rate: rate}), nil)
	if err != nil {
		t.Fatal(err)
	}
	body, err := io.ReadAll(resp.Body)
	elapsed := time.Since(start)
	if err != nil || resp.StatusCode != 200 || string(body) != string(want) {
		t.Fatalf("slow reader: %d, %d of %d bytes, %v (after %v)", resp.StatusCode, len(body), len(want), err, elapsed)
	}
	if elapsed < 2*writeTimeout {
		t.Errorf("the read took %v, not several write timeouts: the test proves nothing", elapsed)
	}
	if n := len(ts.logs.matching("export client gone")); n != 0 {
		t.Errorf("%d exports logged as gone", n)
	}
}

// pacedReader reads at rate bytes per second on average: after each read it
// sleeps until the bytes so far are due.
type pacedReader struct {
	r     io.Reader
	start time.Time
	rate  float64
	n     int64
}

func (p *pacedReader) Read(b []byte) (int, error) {
	n, err := p.r.Read(b)
	p.n += int64(n)
	time.Sleep(time.Until(p.start.Add(time.Duration(float64(p.n) / p.rate * float64(time.Second)))))
	return n, err
}

// TestKeepAliveAfterExport: an export's write deadline does not outlive it
// (net/http clears a connection's write deadline after each request). A
// request on the same connection after that deadline has passed is
// answered, also in an http.Server of the caller's own, without
// WriteTimeout.
func TestKeepAliveAfterExport(t *testing.T) {
	st, engineName := resilienceStore(t)
	want, err := engine.ComputeAttackPathsJSON(resilienceDoc())
	if err != nil {
		t.Fatal(err)
	}
	const writeTimeout = 200 * time.Millisecond
	srv := httptest.NewServer(New(Config{Store: st, Engine: engineName, Logger: quietLogger, WriteTimeout: writeTimeout}))
	defer srv.Close()
	tr := &http.Transport{DisableCompression: true, MaxConnsPerHost: 1}
	defer tr.CloseIdleConnections()
	hc := &http.Client{Transport: tr}
	reused := 0
	trace := &httptrace.ClientTrace{GotConn: func(i httptrace.GotConnInfo) {
		if i.Reused {
			reused++
		}
	}}
	for i, target := range []string{exportURL, "/health", exportURL, "/api/v1/attack-paths/stats"} {
		req, _ := http.NewRequestWithContext(httptrace.WithClientTrace(context.Background(), trace), http.MethodGet, srv.URL+target, nil)
		resp, err := hc.Do(req)
		if err != nil {
			t.Fatalf("request %d (%s): %v", i, target, err)
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil || resp.StatusCode != 200 || (target == exportURL && string(body) != string(want)) {
			t.Fatalf("request %d (%s): %d, %d bytes, %v", i, target, resp.StatusCode, len(body), err)
		}
		time.Sleep(3 * writeTimeout) // the previous deadline is long past
	}
	if reused != 3 {
		t.Errorf("%d of 3 requests reused the connection; the test needs keep-alive", reused)
	}
}
