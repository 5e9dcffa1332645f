package server

import (
	"bufio"
	"compress/gzip"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

const (
	// exportBuffer batches the stores' writes into fewer, larger writes.
	exportBuffer = 256 << 10
	// exportWriteChunk is the most written to the connection under one write
	// deadline: a client must accept this much per WriteTimeout to stay.
	exportWriteChunk = 64 << 10
	// exportGzipLevel is chosen for throughput. On the 5,000-finding
	// corpus's 931 MB result (one core, native store): BestSpeed 0.41 GB/s,
	// body 8.5% of the JSON; HuffmanOnly 0.33-0.36 GB/s at 64%;
	// DefaultCompression 0.15 GB/s at 5.1%. BestSpeed compresses 2.8x as
	// fast as the default for a body 1.7x as large, and beats HuffmanOnly
	// on both (BenchmarkExportGzip in bench_test.go).
	exportGzipLevel = gzip.BestSpeed
	// exportRetryAfter is the Retry-After, in seconds, of a refused export.
	exportRetryAfter = 5
)

// gzipWriters recycles the compressors (about 1 MB of state each).
var gzipWriters = sync.Pool{New: func() any {
	zw, _ := gzip.NewWriterLevel(nil, exportGzipLevel) // the level is valid
	return zw
}}

// export streams the whole result; it may be gigabytes, so it is never
// built in memory here. HEAD and a matching If-None-Match answer headers
// only, without touching the store.
func (s *server) export(w http.ResponseWriter, r *http.Request) {
	gz := acceptsGzip(r.Header.Values("Accept-Encoding"))
	h := w.Header()
	h.Add("Vary", "Accept-Encoding")
	etag := s.exportETag(gz)
	if etag != "" {
		h.Set("ETag", etag)
		if etagListMatches(r.Header.Values("If-None-Match"), etag) {
			w.WriteHeader(http.StatusNotModified)
			return
		}
	}
	if r.Method == http.MethodHead {
		setExportHeaders(h, gz)
		w.WriteHeader(http.StatusOK)
		return
	}
	if s.exports != nil {
		select {
		case s.exports <- struct{}{}:
			defer func() { <-s.exports }()
		default:
			h.Del("ETag")
			h.Set("Retry-After", strconv.Itoa(exportRetryAfter))
			writeError(w, http.StatusServiceUnavailable, "too_many_exports",
				strconv.Itoa(cap(s.exports))+" exports are already streaming, the most this server runs at once; retry later")
			return
		}
	}
	setExportHeaders(h, gz)

	ew := &exportWriter{w: w, rc: http.NewResponseController(w), timeout: s.cfg.WriteTimeout}
	var dst io.Writer = ew
	var zw *gzip.Writer
	var zbuf *bufio.Writer
	if gz {
		// flate writes in small pieces: collect them before the connection.
		zbuf = bufio.NewWriterSize(ew, exportWriteChunk)
		zw = gzipWriters.Get().(*gzip.Writer)
		zw.Reset(zbuf)
		defer gzipWriters.Put(zw)
		dst = zw
	}
	bw := bufio.NewWriterSize(dst, exportBuffer)
	err := s.cfg.Store.WriteAttackPaths(bw)
	if err == nil {
		err = bw.Flush()
	}
	if err == nil && zw != nil {
		if err = zw.Close(); err == nil {
			err = zbuf.Flush()
		}
	}
	switch {
	case err == nil:
		return
	case ew.err == nil && ew.sent == 0:
		// The store failed before anything was sent: a proper error
		// response is still possible.
		for _, k := range []string{"Content-Type", "Content-Disposition", "Content-Encoding", "ETag", "Vary"} {
			h.Del(k)
		}
		s.fail(w, r, err)
		return
	case ew.err != nil:
		// The client went away, or accepted nothing for WriteTimeout.
		s.log.Warn("export client gone", "path", r.URL.Path, "remote", r.RemoteAddr,
			"bytes", ew.sent, "gzip", gz, "err", ew.err)
	default:
		s.log.Error("export aborted", "path", r.URL.Path, "bytes", ew.sent, "err", err)
	}
	// Mid-stream the status is gone. Abort the connection so the client
	// sees a truncated body instead of a complete-looking one.
	panic(http.ErrAbortHandler)
}

func setExportHeaders(h http.Header, gz bool) {
	h.Set("Content-Type", "application/json")
	h.Set("Content-Disposition", "attachment; filename=attack-paths.json")
	if gz {
		h.Set("Content-Encoding", "gzip")
	}
}

// exportETag is the strong entity tag of the representation sent: each
// content coding is a representation of its own, with a tag of its own.
func (s *server) exportETag(gz bool) string {
	if s.cfg.ExportTag == "" {
		return ""
	}
	if gz {
		return `"` + s.cfg.ExportTag + `-gzip"`
	}
	return `"` + s.cfg.ExportTag + `"`
}

// ContentTag returns an ExportTag for the result computed from doc with the
// given settings (the engine, its version, the options: whatever shapes the
// bytes). It is the hex SHA-256 of the settings, each length-prefixed, and
// the document; computing it costs one pass over the document, at load.
func ContentTag(doc []byte, settings ...string) string {
	h := sha256.New()
	var n [8]byte
	for _, s := range settings {
		binary.BigEndian.PutUint64(n[:], uint64(len(s)))
		h.Write(n[:])
		io.WriteString(h, s)
	}
	h.Write(doc)
	return hex.EncodeToString(h.Sum(nil))
}

// validTag reports whether tag can go inside a quoted ETag as it is.
func validTag(tag string) bool {
	for i := 0; i < len(tag); i++ {
		c := tag[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '_' || c == '.') {
			return false
		}
	}
	return true
}

// etagListMatches applies If-None-Match (RFC 9110, 13.1.2): "*" or any
// listed tag equal to etag under the weak comparison (a W/ prefix is
// ignored).
func etagListMatches(headers []string, etag string) bool {
	for _, header := range headers {
		for _, t := range strings.Split(header, ",") {
			t = strings.TrimSpace(t)
			if t == "*" || strings.TrimPrefix(t, "W/") == etag {
				return true
			}
		}
	}
	return false
}

// acceptsGzip reads Accept-Encoding (RFC 9110, 12.5.3): gzip (or x-gzip)
// with a q above 0, or, when gzip is not listed, "*" with a q above 0.
func acceptsGzip(headers []string) bool {
	gzipQ, anyQ := -1.0, -1.0
	for _, header := range headers {
		for _, item := range strings.Split(header, ",") {
			name, params, _ := strings.Cut(item, ";")
			q := 1.0
			for _, p := range strings.Split(params, ";") {
				if k, v, ok := strings.Cut(p, "="); ok && strings.EqualFold(strings.TrimSpace(k), "q") {
					if f, err := strconv.ParseFloat(strings.TrimSpace(v), 64); err == nil && f >= 0 && f <= 1 {
						q = f
					} else {
						q = 0 // a q we cannot read does not opt in
					}
				}
			}
			switch strings.ToLower(strings.TrimSpace(name)) {
			case "gzip", "x-gzip":
				gzipQ = max(gzipQ, q)
			case "*":
				anyQ = max(anyQ, q)
			}
		}
	}
	if gzipQ >= 0 {
		return gzipQ > 0
	}
	return anyQ > 0
}

// exportWriter writes the export to the response in pieces of at most
// exportWriteChunk, renewing the connection's write deadline before each,
// and counts what it handed to the connection. Its first error is kept: it
// is the client's (gone, or stalled past the deadline), not the store's.
type exportWriter struct {
	w       http.ResponseWriter
	rc      *http.ResponseController
	timeout time.Duration
	sent    int64
	err     error
}

func (e *exportWriter) Write(p []byte) (int, error) {
	written := 0
	for len(p) > 0 {
		n := min(len(p), exportWriteChunk)
		if e.timeout > 0 {
			if err := e.rc.SetWriteDeadline(time.Now().Add(e.timeout)); errors.Is(err, http.ErrNotSupported) {
				e.timeout = 0 // a writer without a connection (tests): nothing to bound
			}
		}
		k, err := e.w.Write(p[:n])
		e.sent += int64(k)
		written += k
		if err != nil {
			e.err = err
			return written, err
		}
		p = p[n:]
	}
	return written, nil
}
