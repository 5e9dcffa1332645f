package server

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"io"
	"log/slog"
	"math/rand"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"libaegispath/go/api"
	"libaegispath/go/engine"
	"libaegispath/go/internal/corpus"
	"libaegispath/go/store"
)

// fixturePath is the upstream test data (third-party, read from the shared
// directory, never copied into the repository); tests using it are skipped
// when it is absent.
const fixturePath = "../../../shared/data/upstream/findings_test.json"

// smallDoc has one account with two entries and two targets (4 paths) and a
// finding in another account.
const smallDoc = `[
 {"id":"n1","account_id":"acc","region":"r1","resource_id":"a","resource_type":"compute","resource_name":"web","category":"NETWORK","severity":"HIGH","cloud_provider":"aws","status":"open"},
 {"id":"n2","account_id":"acc","region":"r1","resource_id":"b","resource_type":"compute","resource_name":"api","category":"NETWORK","severity":"CRITICAL","cloud_provider":"aws","status":"open"},
 {"id":"s1","account_id":"acc","region":"r1","resource_id":"c","resource_type":"storage","resource_name":"bucket","category":"DATA_EXPOSURE","severity":"LOW","cloud_provider":"aws","status":"resolved"},
 {"id":"d1","account_id":"acc","region":"r1","resource_id":"d","resource_type":"database","resource_name":"db","category":"DATA_EXPOSURE","severity":"MEDIUM","cloud_provider":"aws","status":"open"},
 {"id":"g1","account_id":"other","region":"r9","resource_id":"z","resource_type":"x","resource_name":"lone","category":"X","severity":"HIGH","cloud_provider":"gcp","status":"open"}
]`

// quietLogger drops request lines before formatting them.
var quietLogger = slog.New(slog.NewTextHandler(io.Discard, &slog.HandlerOptions{Level: slog.LevelError + 1}))

func openGo(t testing.TB, doc []byte) *store.Store {
	t.Helper()
	s, err := store.Open(doc, api.Options{IntegrityHash: true})
	if err != nil {
		t.Fatalf("store.Open: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

type response struct {
	status int
	header http.Header
	body   string
}

func do(h http.Handler, method, target string, header http.Header) response {
	req := httptest.NewRequest(method, target, nil)
	for k, v := range header {
		req.Header[k] = v
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return response{rec.Code, rec.Header(), rec.Body.String()}
}

func get(h http.Handler, target string) response { return do(h, http.MethodGet, target, nil) }

func mustBytes(t testing.TB) func([]byte, error) string {
	return func(b []byte, err error) string {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
}

func TestEndpoints(t *testing.T) {
	st := openGo(t, []byte(smallDoc))
	h := New(Config{Store: st, Engine: "go", Logger: quietLogger})
	must := mustBytes(t)
	if st.PathCount() != 4 {
		t.Fatalf("smallDoc has %d paths, want 4", st.PathCount())
	}
	notFound := func(what string) string {
		return `{"code":"not_found","message":` + what + `,"status":404}`
	}
	tests := []struct {
		target string
		status int
		body   string
	}{
		{"/health", 200, `{"status":"ok","engine":"go","findings":5,"paths":4}`},
		{"/api/v1/findings", 200, must(st.ListFindings(api.FindingQuery{}))},
		{"/api/v1/findings?severity=high&provider=AWS&status=Open", 200,
			must(st.ListFindings(api.FindingQuery{Severity: "high", Provider: "AWS", Status: "Open"}))},
		{"/api/v1/findings?page=2&per_page=2", 200, must(st.ListFindings(api.FindingQuery{Page: 2, PerPage: 2}))},
		{"/api/v1/findings?page=9&per_page=2", 200, must(st.ListFindings(api.FindingQuery{Page: 3, PerPage: 2}))},
		// Bad paging parameters mean "default".
		{"/api/v1/findings?page=abc&per_page=1.5", 200, must(st.ListFindings(api.FindingQuery{}))},
		{"/api/v1/findings?page=99999999999999999999999&per_page=-3", 200, must(st.ListFindings(api.FindingQuery{}))},
		{"/api/v1/findings?page=&per_page=", 200, must(st.ListFindings(api.FindingQuery{}))},
		{"/api/v1/findings?severity=nope", 200, `{"data":[],"page":1,"per_page":50,"total":0,"total_pages":0}`},
		{"/api/v1/findings?page=2&page=1&per_page=1", 200, must(st.ListFindings(api.FindingQuery{Page: 2, PerPage: 1}))},
		{"/api/v1/findings/s1", 200, must(st.Finding("s1"))},
		{"/api/v1/findings/g1", 200, must(st.Finding("g1"))},
		{"/api/v1/findings/nope", 404, notFound(`"finding \"nope\" not found"`)},
		{"/api/v1/findings/S1", 404, notFound(`"finding \"S1\" not found"`)},
		{"/api/v1/findings/%ff", 400, `{"code":"bad_request","message":"id is not valid UTF-8","status":400}`},
		{"/api/v1/attack-paths", 200, must(st.ListPaths(0, 0))},
		{"/api/v1/attack-paths?page=2&per_page=3", 200, must(st.ListPaths(2, 3))},
		{"/api/v1/attack-paths?page=0&per_page=101", 200, must(st.ListPaths(1, 20))},
		{"/api/v1/attack-paths?page=x&per_page=y", 200, must(st.ListPaths(1, 20))},
		{"/api/v1/attack-paths/stats", 200, must(st.PathStats())},
		{"/api/v1/attack-paths/ap-001", 200, must(st.Path("ap-001"))},
		{"/api/v1/attack-paths/ap-004", 200, must(st.Path("ap-004"))},
		{"/api/v1/attack-paths/ap-005", 404, notFound(`"attack path \"ap-005\" not found"`)},
		{"/api/v1/attack-paths/ap-1", 404, notFound(`"attack path \"ap-1\" not found"`)},
		{"/api/v1/attack-paths/stats/x", 404, `{"code":"not_found","message":"no route for /api/v1/attack-paths/stats/x","status":404}`},
		{"/api/v1/findings/", 404, `{"code":"not_found","message":"no route for /api/v1/findings/","status":404}`},
		{"/api/v2/findings", 404, `{"code":"not_found","message":"no route for /api/v2/findings","status":404}`},
		// "/" is the web view (TestWebViewRoutes); other unknown paths are JSON 404s.
		{"/nope", 404, `{"code":"not_found","message":"no route for /nope","status":404}`},
	}
	for _, tc := range tests {
		r := get(h, tc.target)
		if r.status != tc.status || r.body != tc.body {
			t.Errorf("GET %s = %d %.200s\nwant %d %.200s", tc.target, r.status, r.body, tc.status, tc.body)
		}
		if ct := r.header.Get("Content-Type"); ct != "application/json" {
			t.Errorf("GET %s: Content-Type %q", tc.target, ct)
		}
	}

	// Sanity of the values compared above (the store is tested on its own).
	if r := get(h, "/api/v1/attack-paths/ap-001"); !strings.HasPrefix(r.body, `{"id":"ap-001","title":"web → bucket",`) {
		t.Errorf("ap-001 = %.100s", r.body)
	}
	if r := get(h, "/api/v1/attack-paths/stats"); !strings.HasPrefix(r.body, `{"total_findings":5,"findings_in_paths":4,`) {
		t.Errorf("stats = %s", r.body)
	}
}

func TestMethodsAndHead(t *testing.T) {
	h := New(Config{Store: openGo(t, []byte(smallDoc)), Engine: "go", Logger: quietLogger})
	for _, c := range []struct{ method, target string }{
		{http.MethodPost, "/api/v1/findings"},
		{http.MethodDelete, "/api/v1/findings/n1"},
		{http.MethodPut, "/api/v1/attack-paths/stats"},
		{http.MethodPost, "/health"},
	} {
		r := do(h, c.method, c.target, nil)
		want := `{"code":"method_not_allowed","message":"` + c.method + ` is not allowed here","status":405}`
		if r.status != 405 || r.body != want || r.header.Get("Allow") != "GET, HEAD" {
			t.Errorf("%s %s = %d %s (Allow %q)", c.method, c.target, r.status, r.body, r.header.Get("Allow"))
		}
	}
	if r := do(h, http.MethodPost, "/nowhere", nil); r.status != 404 {
		t.Errorf("POST /nowhere = %d, want 404", r.status)
	}
	r := do(h, http.MethodHead, "/health", nil)
	if r.status != 200 || r.body != "" || r.header.Get("Content-Length") != "52" {
		t.Errorf("HEAD /health = %d %q, Content-Length %q", r.status, r.body, r.header.Get("Content-Length"))
	}
}

// signHS is an HS256-style token builder for tests: header and claims are
// given as JSON text, the signature uses hash h.
func sign(header, claims string, secret []byte) string {
	enc := base64.RawURLEncoding
	input := enc.EncodeToString([]byte(header)) + "." + enc.EncodeToString([]byte(claims))
	mac := hmac.New(sha256.New, secret)
	mac.Write([]byte(input))
	return input + "." + enc.EncodeToString(mac.Sum(nil))
}

func TestAuth(t *testing.T) {
	secret := []byte("s3cret")
	now := time.Unix(1_700_000_000, 0)
	h := New(Config{
		Store: openGo(t, []byte(smallDoc)), Engine: "go", Logger: quietLogger,
		JWTSecret: secret, Now: func() time.Time { return now },
	})
	const hs256 = `{"alg":"HS256","typ":"JWT"}`
	good := sign(hs256, `{"sub":"u1","exp":1700000060}`, secret)
	unauthorized := func(msg string) string {
		return `{"code":"unauthorized","message":"` + msg + `","status":401}`
	}
	bearer := func(tok string) http.Header { return http.Header{"Authorization": {"Bearer " + tok}} }
	wrongSig := good[:strings.LastIndexByte(good, '.')+1] +
		base64.RawURLEncoding.EncodeToString(make([]byte, 32))
	tests := []struct {
		name   string
		target string
		header http.Header
		status int
		body   string
	}{
		{"health open", "/health", nil, 200, `{"status":"ok","engine":"go","findings":5,"paths":4}`},
		{"no token", "/api/v1/findings", nil, 401, unauthorized("missing bearer token")},
		{"no token, unknown route", "/api/v9", nil, 401, unauthorized("missing bearer token")},
		{"basic scheme", "/api/v1/findings", http.Header{"Authorization": {"Basic dTpw"}}, 401, unauthorized("missing bearer token")},
		{"empty bearer", "/api/v1/findings", http.Header{"Authorization": {"Bearer "}}, 401, unauthorized("missing bearer token")},
		{"good token", "/api/v1/findings/n1", bearer(good), 200, ""},
		{"good token, lower-case scheme", "/api/v1/attack-paths/stats", http.Header{"Authorization": {"bearer " + good}}, 200, ""},
		{"no exp", "/api/v1/findings", bearer(sign(hs256, `{"sub":"u1"}`, secret)), 200, ""},
		{"nbf passed", "/api/v1/findings", bearer(sign(hs256, `{"nbf":1699999999.5,"exp":1.7e9}`, secret)), 401, unauthorized("token expired")},
		{"nbf passed, exp future", "/api/v1/findings", bearer(sign(hs256, `{"nbf":1699999999.5,"exp":1700000000.5}`, secret)), 200, ""},
		{"bad signature", "/api/v1/findings", bearer(wrongSig), 401, unauthorized("invalid token signature")},
		{"other secret", "/api/v1/findings", bearer(sign(hs256, `{}`, []byte("other"))), 401, unauthorized("invalid token signature")},
		{"expired", "/api/v1/findings", bearer(sign(hs256, `{"exp":1699999999}`, secret)), 401, unauthorized("token expired")},
		{"expires now", "/api/v1/findings", bearer(sign(hs256, `{"exp":1700000000}`, secret)), 401, unauthorized("token expired")},
		{"not yet valid", "/api/v1/findings", bearer(sign(hs256, `{"nbf":1700000001}`, secret)), 401, unauthorized("token not yet valid")},
		{"exp as string", "/api/v1/findings", bearer(sign(hs256, `{"exp":"1800000000"}`, secret)), 401, unauthorized("invalid token claims")},
		{"alg none", "/api/v1/findings", bearer(sign(`{"alg":"none"}`, `{}`, secret)), 401, unauthorized("token algorithm must be HS256")},
		{"alg HS512 header", "/api/v1/findings", bearer(sign(`{"alg":"HS512"}`, `{}`, secret)), 401, unauthorized("token algorithm must be HS256")},
		{"alg RS256", "/api/v1/findings", bearer(sign(`{"alg":"RS256"}`, `{}`, secret)), 401, unauthorized("token algorithm must be HS256")},
		{"alg key upper-case", "/api/v1/findings", bearer(sign(`{"ALG":"HS256"}`, `{}`, secret)), 401, unauthorized("token algorithm must be HS256")},
		{"crit header", "/api/v1/findings", bearer(sign(`{"alg":"HS256","crit":["x"]}`, `{}`, secret)), 401, unauthorized("malformed token")},
		{"two segments", "/api/v1/findings", bearer("a.b"), 401, unauthorized("malformed token")},
		{"not base64", "/api/v1/findings", bearer("a!.b.c"), 401, unauthorized("malformed token")},
		{"claims not object", "/api/v1/findings", bearer(sign(hs256, `[1]`, secret)), 401, unauthorized("malformed token")},
		{"padded signature", "/api/v1/findings", bearer(good + "="), 401, unauthorized("malformed token")},
	}
	for _, tc := range tests {
		r := do(h, http.MethodGet, tc.target, tc.header)
		if r.status != tc.status || (tc.body != "" && r.body != tc.body) {
			t.Errorf("%s: GET %s = %d %s; want %d %s", tc.name, tc.target, r.status, r.body, tc.status, tc.body)
		}
		if tc.status == 401 && r.header.Get("WWW-Authenticate") == "" {
			t.Errorf("%s: 401 without WWW-Authenticate", tc.name)
		}
	}
	// A good token sees exactly the unauthenticated server's answer.
	open := New(Config{Store: openGo(t, []byte(smallDoc)), Engine: "go", Logger: quietLogger})
	for _, target := range []string{"/api/v1/findings?per_page=2", "/api/v1/attack-paths/ap-002", "/api/v1/attack-paths/export"} {
		a, b := do(h, http.MethodGet, target, bearer(good)), get(open, target)
		if a.status != 200 || a.body != b.body {
			t.Errorf("GET %s with a good token = %d %.100s; want %.100s", target, a.status, a.body, b.body)
		}
	}
}

func TestExportStreamsReferenceBytes(t *testing.T) {
	docs := map[string][]byte{
		"small":  []byte(smallDoc),
		"corpus": corpus.Bytes(corpus.Options{N: 300, Seed: 1}),
	}
	if fixture, err := os.ReadFile(fixturePath); err == nil {
		docs["fixture"] = fixture
	} else {
		t.Logf("fixture absent (third-party data, not in the repository); using generated data only: %v", err)
	}
	for name, doc := range docs {
		t.Run(name, func(t *testing.T) {
			want, err := engine.ComputeAttackPathsJSON(doc)
			if err != nil {
				t.Fatal(err)
			}
			srv := httptest.NewServer(New(Config{Store: openGo(t, doc), Engine: "go", Logger: quietLogger}))
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
			if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/json" {
				t.Errorf("status %d, Content-Type %q", resp.StatusCode, resp.Header.Get("Content-Type"))
			}
			if !bytes.Equal(got, want) {
				t.Errorf("export = %d bytes, want the %d bytes of ComputeAttackPathsJSON", len(got), len(want))
			}
		})
	}
}

// brokenStore fails the way a store can fail.
type brokenStore struct {
	api.Store
	exportPrefix string // bytes written before WriteAttackPaths fails
}

var errBroken = errors.New("broken store")

func (brokenStore) ListFindings(api.FindingQuery) ([]byte, error) { return nil, errBroken }
func (brokenStore) PathStats() ([]byte, error)                    { return nil, errBroken }
func (b brokenStore) WriteAttackPaths(w io.Writer) error {
	if b.exportPrefix != "" {
		io.WriteString(w, b.exportPrefix)
		if f, ok := w.(interface{ Flush() error }); ok {
			f.Flush()
		}
	}
	return errBroken
}

func TestStoreErrors(t *testing.T) {
	var logs bytes.Buffer
	base := openGo(t, []byte(smallDoc))
	h := New(Config{Store: brokenStore{Store: base}, Engine: "go", Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	const internal = `{"code":"internal","message":"internal error","status":500}`
	for _, target := range []string{"/api/v1/findings", "/api/v1/attack-paths/stats", "/api/v1/attack-paths/export"} {
		if r := get(h, target); r.status != 500 || r.body != internal || r.header.Get("Content-Type") != "application/json" {
			t.Errorf("GET %s = %d %s (%q)", target, r.status, r.body, r.header.Get("Content-Type"))
		}
	}
	if !strings.Contains(logs.String(), "broken store") {
		t.Errorf("the store error was not logged: %s", logs.String())
	}

	// Failing mid-stream: the client must not receive a complete-looking
	// body, plain or compressed. The prefix is random so that gzip cannot
	// hold it all back (a failure before anything is sent is a 500).
	prefix := make([]byte, 2*exportBuffer)
	rand.New(rand.NewSource(1)).Read(prefix)
	srv := httptest.NewServer(New(Config{Store: brokenStore{Store: base, exportPrefix: `{"paths":[` + string(prefix)}, Engine: "go", Logger: quietLogger}))
	defer srv.Close()
	for _, gz := range []bool{false, true} {
		req, _ := http.NewRequest(http.MethodGet, srv.URL+"/api/v1/attack-paths/export", nil)
		if gz {
			req.Header.Set("Accept-Encoding", "gzip")
		}
		// The transport adds no Accept-Encoding of its own and decodes nothing.
		resp, err := (&http.Client{Transport: &http.Transport{DisableCompression: true}}).Do(req)
		if err != nil {
			t.Fatal(err) // the headers and a first part were sent
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err == nil {
			t.Errorf("gzip %v: mid-stream failure read cleanly: %d, %d bytes", gz, resp.StatusCode, len(body))
		}
		if got := resp.Header.Get("Content-Encoding"); (got == "gzip") != gz {
			t.Errorf("gzip %v: Content-Encoding %q", gz, got)
		}
	}
}

func TestRequestLog(t *testing.T) {
	var logs bytes.Buffer
	h := New(Config{Store: openGo(t, []byte(smallDoc)), Engine: "go",
		Logger: slog.New(slog.NewJSONHandler(&logs, nil))})
	get(h, "/api/v1/findings/nope")
	var line struct {
		Msg, Method, Path string
		Status            int
		Bytes             int64
		Duration          int64
	}
	if err := json.Unmarshal(logs.Bytes(), &line); err != nil {
		t.Fatalf("log line %q: %v", logs.String(), err)
	}
	if line.Msg != "request" || line.Method != "GET" || line.Path != "/api/v1/findings/nope" ||
		line.Status != 404 || line.Bytes != int64(len(`{"code":"not_found","message":"finding \"nope\" not found","status":404}`)) ||
		line.Duration <= 0 {
		t.Errorf("log line = %+v (%s)", line, logs.String())
	}
}

func TestVerifyJWTEdges(t *testing.T) {
	secret := []byte("k")
	now := time.Unix(100, 0)
	for _, c := range []struct {
		token string
		want  error
	}{
		{sign(`{"alg":"HS256"}`, `{"exp":101}`, secret), nil},
		{sign(`{"alg":"HS256"}`, `{"exp":100}`, secret), errExpired},
		{sign(`{"alg":"HS256"}`, `{"nbf":100}`, secret), nil},
		{sign(`{"alg":"HS256"}`, `{"nbf":100.001}`, secret), errNotYetValid},
		{sign(`{"alg":"HS256"}`, `{"exp":null}`, secret), errClaimInvalid},
		{sign(`{"alg":"HS256"}`, `{"exp":[1]}`, secret), errClaimInvalid},
		{sign(`{"alg":"HS256"}`, `not json`, secret), errMalformed},
		{sign(`{"alg":["HS256"]}`, `{}`, secret), errAlgorithm},
		{sign(`{"alg":"hs256"}`, `{}`, secret), errAlgorithm},
		{sign(`{"alg":"HS256"}`, `{}`, secret) + ".x", errMalformed},
		{"..", errMalformed},
		{"", errMalformed},
	} {
		v := newTokenVerifier(secret, false, func() time.Time { return now })
		if err := v.verify(c.token); err != c.want {
			t.Errorf("verify(%q) = %v, want %v", c.token, err, c.want)
		}
	}
}

func ExampleNew() {
	st, err := store.Open([]byte(smallDoc), api.Options{IntegrityHash: true})
	if err != nil {
		panic(err)
	}
	h := New(Config{Store: st, Engine: "go", Logger: quietLogger})
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/health", nil))
	fmt.Println(rec.Code, rec.Body.String())
	// Output: 200 {"status":"ok","engine":"go","findings":5,"paths":4}
}

// signWith builds a token whose signature is HMAC with hash h (sha256 for
// HS256, sha512 for HS512), so an algorithm is refused for its name, not
// for a signature made with another hash.
func signWith(h func() hash.Hash, header, claims string, secret []byte) string {
	enc := base64.RawURLEncoding
	input := enc.EncodeToString([]byte(header)) + "." + enc.EncodeToString([]byte(claims))
	mac := hmac.New(h, secret)
	mac.Write([]byte(input))
	return input + "." + enc.EncodeToString(mac.Sum(nil))
}

// unsigned builds a token with an empty signature, as alg "none" has.
func unsigned(header, claims string) string {
	enc := base64.RawURLEncoding
	return enc.EncodeToString([]byte(header)) + "." + enc.EncodeToString([]byte(claims)) + "."
}

func TestVerifyTokens(t *testing.T) {
	secret := []byte("k")
	now := time.Unix(1000, 0)
	const hs256 = `{"alg":"HS256","typ":"JWT"}`
	for _, c := range []struct {
		name       string
		token      string
		requireExp bool
		want       error
	}{
		// Duplicate keys, in the header and in the claims, at any depth and
		// however they are spelled.
		{"dup alg", sign(`{"alg":"HS256","alg":"HS256"}`, `{}`, secret), false, errDuplicateKey},
		{"dup alg none first", sign(`{"alg":"none","alg":"HS256"}`, `{}`, secret), false, errDuplicateKey},
		{"dup typ", sign(`{"alg":"HS256","typ":"JWT","typ":"x"}`, `{}`, secret), false, errDuplicateKey},
		{"dup exp", sign(hs256, `{"exp":1,"exp":9e9}`, secret), false, errDuplicateKey},
		{"dup exp escaped", sign(hs256, `{"exp":1,"\u0065xp":9e9}`, secret), false, errDuplicateKey},
		{"dup sub", sign(hs256, `{"sub":"a","sub":"b"}`, secret), false, errDuplicateKey},
		{"dup nested", sign(hs256, `{"x":{"a":1,"a":2}}`, secret), false, errDuplicateKey},
		{"dup in array", sign(hs256, `{"x":[1,{"a":1,"a":1}]}`, secret), false, errDuplicateKey},
		{"same key in two objects", sign(hs256, `{"x":{"a":1},"y":{"a":1},"a":[{"a":1},{"a":2}]}`, secret), false, nil},
		{"keys differing in case", sign(hs256, `{"exp":1001,"EXP":1}`, secret), false, nil},
		// Algorithms other than HS256, whatever the signature.
		{"alg none, no signature", unsigned(`{"alg":"none"}`, `{}`), false, errAlgorithm},
		{"alg none, signed", sign(`{"alg":"none"}`, `{}`, secret), false, errAlgorithm},
		{"alg None", sign(`{"alg":"None"}`, `{}`, secret), false, errAlgorithm},
		{"HS512 signed with SHA-512", signWith(sha512.New, `{"alg":"HS512"}`, `{}`, secret), false, errAlgorithm},
		{"HS384 signed with SHA-384", signWith(sha512.New384, `{"alg":"HS384"}`, `{}`, secret), false, errAlgorithm},
		{"RS256", sign(`{"alg":"RS256"}`, `{}`, secret), false, errAlgorithm},
		{"ES256", sign(`{"alg":"ES256"}`, `{}`, secret), false, errAlgorithm},
		{"no alg", sign(`{"typ":"JWT"}`, `{}`, secret), false, errAlgorithm},
		{"alg null", sign(`{"alg":null}`, `{}`, secret), false, errAlgorithm},
		// exp: optional unless required.
		{"no exp", sign(hs256, `{"sub":"u"}`, secret), false, nil},
		{"no exp, required", sign(hs256, `{"sub":"u"}`, secret), true, errNoExpiry},
		{"exp future, required", sign(hs256, `{"exp":1001}`, secret), true, nil},
		{"expired, required", sign(hs256, `{"exp":999}`, secret), true, errExpired},
		{"expired", sign(hs256, `{"exp":999.999}`, secret), false, errExpired},
		{"exp now", sign(hs256, `{"exp":1000}`, secret), false, errExpired},
		{"exp in a fraction", sign(hs256, `{"exp":1000.000001}`, secret), false, nil},
		{"exp far future", sign(hs256, `{"exp":1e300}`, secret), false, nil},
		{"exp far past", sign(hs256, `{"exp":-1e300}`, secret), false, errExpired},
		{"exp too large a number", sign(hs256, `{"exp":1e400}`, secret), false, errClaimInvalid},
		{"exp string", sign(hs256, `{"exp":"2000"}`, secret), false, errClaimInvalid},
		{"exp string, required", sign(hs256, `{"exp":"2000"}`, secret), true, errClaimInvalid},
		{"exp true", sign(hs256, `{"exp":true}`, secret), false, errClaimInvalid},
		{"exp object", sign(hs256, `{"exp":{}}`, secret), false, errClaimInvalid},
		// nbf.
		{"nbf future", sign(hs256, `{"nbf":1000.5,"exp":2000}`, secret), false, errNotYetValid},
		{"nbf future, no exp", sign(hs256, `{"nbf":1001}`, secret), false, errNotYetValid},
		{"nbf now", sign(hs256, `{"nbf":1000,"exp":2000}`, secret), true, nil},
		{"nbf string", sign(hs256, `{"nbf":"1"}`, secret), false, errClaimInvalid},
		// The library's checks are kept: signature first, then the claims.
		{"wrong secret", sign(hs256, `{"exp":2000}`, []byte("other")), false, errSignature},
		{"wrong secret, expired", sign(hs256, `{"exp":1}`, []byte("other")), false, errSignature},
		{"header trailing data", sign(`{"alg":"HS256"} x`, `{}`, secret), false, errMalformed},
		{"claims trailing object", sign(hs256, `{}{}`, secret), false, errMalformed},
		{"claims string", sign(hs256, `"x"`, secret), false, errMalformed},
		{"header not base64", "%%%." + strings.SplitN(sign(hs256, `{}`, secret), ".", 2)[1], false, errMalformed},
		{"signature not base64", sign(hs256, `{}`, secret) + "!", false, errMalformed},
		{"four segments", sign(hs256, `{}`, secret) + ".", false, errMalformed},
	} {
		v := newTokenVerifier(secret, c.requireExp, func() time.Time { return now })
		if err := v.verify(c.token); err != c.want {
			t.Errorf("%s: verify = %v, want %v", c.name, err, c.want)
		}
	}
}

// TestAuthRequireExp checks the option's wiring into the handler.
func TestAuthRequireExp(t *testing.T) {
	secret := []byte("s3cret")
	now := time.Unix(1_700_000_000, 0)
	for _, require := range []bool{false, true} {
		h := New(Config{
			Store: openGo(t, []byte(smallDoc)), Engine: "go", Logger: quietLogger,
			JWTSecret: secret, JWTRequireExp: require, Now: func() time.Time { return now },
		})
		noExp := sign(`{"alg":"HS256"}`, `{"sub":"u1"}`, secret)
		withExp := sign(`{"alg":"HS256"}`, `{"sub":"u1","exp":1700000001}`, secret)
		r := do(h, http.MethodGet, "/api/v1/attack-paths/stats", http.Header{"Authorization": {"Bearer " + noExp}})
		if require {
			if want := `{"code":"unauthorized","message":"token has no exp claim","status":401}`; r.status != 401 || r.body != want {
				t.Errorf("required exp, token without: %d %s", r.status, r.body)
			}
		} else if r.status != 200 {
			t.Errorf("optional exp, token without: %d %s", r.status, r.body)
		}
		if r := do(h, http.MethodGet, "/api/v1/attack-paths/stats", http.Header{"Authorization": {"Bearer " + withExp}}); r.status != 200 {
			t.Errorf("require %v, token with exp: %d %s", require, r.status, r.body)
		}
	}
}
