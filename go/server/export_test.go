package server

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"libaegispath/go/api"
	"libaegispath/go/engine"
	"libaegispath/go/internal/corpus"
)

// countingStore counts the exports it streams.
type countingStore struct {
	api.Store
	exports atomic.Int64
}

func (c *countingStore) WriteAttackPaths(w io.Writer) error {
	c.exports.Add(1)
	return c.Store.WriteAttackPaths(w)
}

const exportURL = "/api/v1/attack-paths/export"

func TestExportHeadersGzipAndETag(t *testing.T) {
	doc := corpus.Bytes(corpus.Options{N: 300, Seed: 1})
	want, err := engine.ComputeAttackPathsJSON(doc)
	if err != nil {
		t.Fatal(err)
	}
	st := &countingStore{Store: openGo(t, doc)}
	tag := ContentTag(doc, "go", "opts")
	h := New(Config{Store: st, Engine: "go", Logger: quietLogger, ExportTag: tag})
	plainTag, gzipTag := `"`+tag+`"`, `"`+tag+`-gzip"`
	hdr := func(kv ...string) http.Header {
		h := http.Header{}
		for i := 0; i < len(kv); i += 2 {
			h.Add(kv[i], kv[i+1])
		}
		return h
	}

	// GET, identity.
	r := do(h, http.MethodGet, exportURL, nil)
	if r.status != 200 || r.body != string(want) {
		t.Fatalf("GET: %d, %d bytes, want the %d reference bytes", r.status, len(r.body), len(want))
	}
	checkExportHeaders(t, "GET", r.header, plainTag, "")

	// GET, gzip: the body decompresses to the same bytes.
	for _, ae := range []string{"gzip", "br, gzip;q=0.5", "x-gzip", "*", "deflate, *;q=0.1"} {
		r = do(h, http.MethodGet, exportURL, hdr("Accept-Encoding", ae))
		checkExportHeaders(t, "GET gzip "+ae, r.header, gzipTag, "gzip")
		zr, err := gzip.NewReader(strings.NewReader(r.body))
		if err != nil {
			t.Fatalf("Accept-Encoding %q: %v", ae, err)
		}
		got, err := io.ReadAll(zr)
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("Accept-Encoding %q: %d bytes decoded (%v), want %d", ae, len(got), err, len(want))
		}
		if len(r.body) >= len(want)/2 {
			t.Errorf("Accept-Encoding %q: %d compressed bytes for %d", ae, len(r.body), len(want))
		}
	}
	// Not gzip.
	for _, ae := range []string{"", "identity", "gzip;q=0", "br", "*;q=0", "gzip;q=0, *", "gzip;q=x"} {
		r = do(h, http.MethodGet, exportURL, hdr("Accept-Encoding", ae))
		if r.body != string(want) {
			t.Errorf("Accept-Encoding %q: not the identity body", ae)
		}
		checkExportHeaders(t, "GET "+ae, r.header, plainTag, "")
	}
	exportsSoFar := st.exports.Load()

	// HEAD: the GET headers, no body, and the store is not asked.
	for _, ae := range []string{"", "gzip"} {
		r = do(h, http.MethodHead, exportURL, hdr("Accept-Encoding", ae))
		wantTag, wantCE := plainTag, ""
		if ae != "" {
			wantTag, wantCE = gzipTag, "gzip"
		}
		if r.status != 200 || r.body != "" {
			t.Errorf("HEAD %q: %d %q", ae, r.status, r.body)
		}
		checkExportHeaders(t, "HEAD "+ae, r.header, wantTag, wantCE)
		if cl := r.header.Get("Content-Length"); cl != "" {
			t.Errorf("HEAD %q: Content-Length %q, but the length is not known", ae, cl)
		}
	}

	// If-None-Match: 304 for the representation's own tag, in any of the
	// forms a client may send it.
	for _, c := range []struct {
		ae, inm string
		match   bool
	}{
		{"", plainTag, true},
		{"", "W/" + plainTag, true},
		{"", `"x", ` + plainTag, true},
		{"", "*", true},
		{"gzip", gzipTag, true},
		{"gzip", `"other",W/` + gzipTag, true},
		{"", gzipTag, false}, // the other representation's tag
		{"gzip", plainTag, false},
		{"", `"` + tag[:20] + `"`, false},
		{"", tag, false}, // unquoted
	} {
		for _, method := range []string{http.MethodGet, http.MethodHead} {
			r = do(h, method, exportURL, hdr("Accept-Encoding", c.ae, "If-None-Match", c.inm))
			if c.match {
				wantTag := plainTag
				if c.ae == "gzip" {
					wantTag = gzipTag
				}
				if r.status != 304 || r.body != "" || r.header.Get("ETag") != wantTag || r.header.Get("Content-Type") != "" {
					t.Errorf("%s If-None-Match %s (AE %q): %d %q ETag %q CT %q; want 304", method, c.inm, c.ae, r.status, r.body, r.header.Get("ETag"), r.header.Get("Content-Type"))
				}
			} else if r.status != 200 {
				t.Errorf("%s If-None-Match %s (AE %q): %d, want 200", method, c.inm, c.ae, r.status)
			}
		}
	}
	if n := st.exports.Load() - exportsSoFar; n != 4 { // the GETs that did not match
		t.Errorf("HEAD and 304 answers streamed %d exports, want only the 4 non-matching GETs", n)
	}

	// Without a tag: no ETag, and If-None-Match is ignored.
	untagged := New(Config{Store: st, Engine: "go", Logger: quietLogger})
	r = do(untagged, http.MethodGet, exportURL, hdr("If-None-Match", "*"))
	if r.status != 200 || r.header.Get("ETag") != "" || r.body != string(want) {
		t.Errorf("untagged: %d ETag %q, %d bytes", r.status, r.header.Get("ETag"), len(r.body))
	}
}

func checkExportHeaders(t *testing.T, what string, h http.Header, etag, encoding string) {
	t.Helper()
	for k, v := range map[string]string{
		"Content-Type":        "application/json",
		"Content-Disposition": "attachment; filename=attack-paths.json",
		"Vary":                "Accept-Encoding",
		"ETag":                etag,
		"Content-Encoding":    encoding,
	} {
		if got := h.Get(k); got != v {
			t.Errorf("%s: %s %q, want %q", what, k, got, v)
		}
	}
}

func TestAcceptsGzip(t *testing.T) {
	for _, c := range []struct {
		headers []string
		want    bool
	}{
		{nil, false},
		{[]string{""}, false},
		{[]string{"gzip"}, true},
		{[]string{"GZIP"}, true},
		{[]string{" gzip ; q=1.0 "}, true},
		{[]string{"deflate", "gzip"}, true},
		{[]string{"gzip;q=0"}, false},
		{[]string{"gzip;q=0.000"}, false},
		{[]string{"gzip;q=0.001"}, true},
		{[]string{"gzip;q=2"}, false},
		{[]string{"gzip;q=-1"}, false},
		{[]string{"gzip;level=1"}, true},
		{[]string{"x-gzip;q=0.5"}, true},
		{[]string{"*"}, true},
		{[]string{"*;q=0"}, false},
		{[]string{"gzip;q=0, *"}, false}, // an explicit gzip wins over *
		{[]string{"*, gzip;q=0"}, false},
		{[]string{"identity, br"}, false},
		{[]string{"gzipx"}, false},
	} {
		if got := acceptsGzip(c.headers); got != c.want {
			t.Errorf("acceptsGzip(%q) = %v, want %v", c.headers, got, c.want)
		}
	}
}

func TestContentTag(t *testing.T) {
	doc := []byte(smallDoc)
	base := ContentTag(doc, "go", "x")
	if len(base) != 64 || !validTag(base) {
		t.Fatalf("ContentTag = %q, want 64 hex digits", base)
	}
	if ContentTag(doc, "go", "x") != base {
		t.Error("ContentTag is not deterministic")
	}
	for _, other := range []string{
		ContentTag(doc, "native", "x"),
		ContentTag(doc, "go", "y"),
		ContentTag(doc, "gox"),     // the settings are length-prefixed:
		ContentTag(doc, "g", "ox"), // no two lists spell the same
		ContentTag(doc[1:], "go", "x"),
		ContentTag(doc),
	} {
		if other == base {
			t.Errorf("two different inputs share the tag %s", base)
		}
	}
	for _, bad := range []string{`a"b`, "a b", "a,b", "é"} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("New accepted ExportTag %q", bad)
				}
			}()
			New(Config{Store: openGo(t, doc), ExportTag: bad})
		}()
	}
}

// blockingStore's export writes a first part, then waits until released.
type blockingStore struct {
	api.Store
	started chan struct{}
	release chan struct{}
}

func (b *blockingStore) WriteAttackPaths(w io.Writer) error {
	io.WriteString(w, `{"paths":[`)
	b.started <- struct{}{}
	<-b.release
	_, err := io.WriteString(w, `],"stats":{}}`)
	return err
}

func TestMaxExports(t *testing.T) {
	st := &blockingStore{Store: openGo(t, []byte(smallDoc)), started: make(chan struct{}), release: make(chan struct{})}
	h := New(Config{Store: st, Engine: "go", Logger: quietLogger, MaxExports: 2, ExportTag: "t"})
	done := make(chan response, 2)
	for i := 0; i < 2; i++ {
		go func() { done <- get(h, exportURL) }()
		<-st.started
	}
	// Both slots are taken: a third export is refused, other routes and
	// HEAD are not.
	r := get(h, exportURL)
	if want := `{"code":"too_many_exports","message":"2 exports are already streaming, the most this server runs at once; retry later","status":503}`; r.status != 503 || r.body != want {
		t.Errorf("third export: %d %s", r.status, r.body)
	}
	if r.header.Get("Retry-After") != "5" || r.header.Get("Content-Type") != "application/json" ||
		r.header.Get("ETag") != "" || r.header.Get("Content-Disposition") != "" {
		t.Errorf("503 headers: %v", r.header)
	}
	if r := do(h, http.MethodHead, exportURL, nil); r.status != 200 {
		t.Errorf("HEAD while full: %d", r.status)
	}
	if r := get(h, "/api/v1/attack-paths/stats"); r.status != 200 {
		t.Errorf("stats while full: %d", r.status)
	}
	close(st.release)
	for i := 0; i < 2; i++ {
		if r := <-done; r.status != 200 || r.body != `{"paths":[],"stats":{}}` {
			t.Errorf("held export: %d %q", r.status, r.body)
		}
	}
	// The slots are free again.
	next := make(chan response, 1)
	go func() { next <- get(h, exportURL) }()
	select {
	case <-st.started:
	case r := <-next:
		t.Fatalf("export after the others finished: %d %s", r.status, r.body)
	}
	if r := <-next; r.status != 200 {
		t.Errorf("export after the others finished: %d %s", r.status, r.body)
	}
}

// TestExportWriteDeadlineWithRecorder: a ResponseWriter without a
// connection (no deadlines) still gets the whole export.
func TestExportWriteDeadlineWithRecorder(t *testing.T) {
	doc := corpus.Bytes(corpus.Options{N: 200, Seed: 4})
	want, _ := engine.ComputeAttackPathsJSON(doc)
	h := New(Config{Store: openGo(t, doc), Engine: "go", Logger: quietLogger, WriteTimeout: 1})
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, exportURL, nil))
	if rec.Code != 200 || !bytes.Equal(rec.Body.Bytes(), want) {
		t.Errorf("export with WriteTimeout through a recorder: %d, %d bytes, want %d", rec.Code, rec.Body.Len(), len(want))
	}
}
