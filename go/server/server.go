// Package server is the HTTP API over a loaded findings store: findings by
// filter, page and id, attack paths by page and id, their stats and the whole
// result streamed (docs/http-api.md). It knows only the api.Store interface,
// which both engines' stores implement (the pure-Go libaegispath/go/store and
// the native libaegispath/bridge); which one runs is the caller's choice.
//
// # Authentication
//
// With Config.JWTSecret set, every /api/ route needs "Authorization: Bearer
// <token>", a JWS compact token checked with github.com/golang-jwt/jwt/v5:
// alg exactly HS256 (none, HS384, HS512, RS256, ... are refused), the
// signature, then exp and nbf as nbf <= now < exp, with no leeway. exp is
// optional unless Config.JWTRequireExp. A header or claims object that
// repeats a key is refused (parsers disagree on which copy counts), as is a
// header with "crit". Failures answer 401 with WWW-Authenticate and a JSON
// error naming the reason.
//
// # Export
//
// GET /api/v1/attack-paths/export streams the whole result
// {"paths":[...],"stats":{...}} without holding it in memory, chunked, as an
// attachment (Content-Disposition: attachment; filename=attack-paths.json).
// With "Accept-Encoding: gzip" it is gzip-compressed on the fly at
// gzip.BestSpeed (chosen for throughput; see exportGzipLevel). Responses
// carry Vary: Accept-Encoding and, when Config.ExportTag is set, a strong
// ETag per encoding ("TAG" or "TAG-gzip"); If-None-Match with that tag (or
// "*") answers 304 without streaming. HEAD answers the headers a GET would,
// without computing the body (and so without Content-Length). A failure
// before the first byte is a JSON 500; after it, the connection is aborted
// so the client sees a truncated body, never a complete-looking one.
//
// # Limits
//
// Config.WriteTimeout drops a client that accepts nothing for that long:
// an export renews the deadline before every write of at most 64 KiB, so a
// slow client that keeps reading finishes a multi-gigabyte export, while a
// stalled one is cut off, which makes the store's streaming call return
// (the native store's call holds an OS thread while a write blocks). Other
// responses must be written within WriteTimeout of their request.
// Config.MaxExports caps the exports streaming at once; one more gets 503
// with Retry-After: 5 and a JSON error. NewHTTPServer also applies
// Config.ReadHeaderTimeout (slowly trickled headers are cut off) and
// Config.IdleTimeout. A client that disconnects mid-export, or is dropped,
// is logged ("export client gone") with the bytes handed to the connection,
// and its request line says aborted=true.
//
// # Path filters and the web view
//
// With Config.PathIndex, GET /api/v1/attack-paths also takes severity,
// provider, account, hop_count and q (text in a node's finding id,
// resource id or name), answered from the index in the same envelope
// (pathfilter.go); GET /api/v1/attack-paths/summary gives the index's state
// and paths per hop count, severity, provider and account. Without filters
// the list is the store's, byte for byte. The browser view (package web) is
// served at / and /ui/, outside /api/, so it loads without a token and then
// asks for one when the API answers 401.
package server

import (
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"libaegispath/go/api"
	"libaegispath/go/server/pathindex"
	"libaegispath/go/server/web"
)

// Config configures New and NewHTTPServer. The zero value of a limit means
// "none"; cmd/aegis-server passes the Default* values unless told otherwise.
type Config struct {
	Store api.Store
	// Engine names the store's engine in /health, e.g. "go" or "native".
	Engine string
	// JWTSecret, when not empty, makes every /api/ route require an HS256
	// bearer token signed with it. /health stays open.
	JWTSecret []byte
	// JWTRequireExp makes a token without an exp claim invalid.
	JWTRequireExp bool
	// ExportTag identifies the bytes of the export: equal tags, equal bytes.
	// ContentTag computes one from what the result is made of. When set, the
	// export carries it as a strong ETag and answers If-None-Match with 304.
	// It must consist of letters, digits, '-', '_' and '.'.
	ExportTag string
	// WriteTimeout bounds every write to a client. An export renews it
	// before each write of at most 64 KiB, so a client that keeps reading
	// finishes however long the export takes, and one that accepts nothing
	// for WriteTimeout is dropped (which also ends the store's streaming
	// call). Any other response must be written within WriteTimeout of its
	// request's headers (http.Server.WriteTimeout, set by NewHTTPServer).
	WriteTimeout time.Duration
	// MaxExports caps the exports streaming at once; one more is answered
	// 503 with Retry-After.
	MaxExports int
	// ReadHeaderTimeout bounds reading a request's headers (slow clients
	// that trickle headers, "slowloris", are cut off); NewHTTPServer only.
	ReadHeaderTimeout time.Duration
	// IdleTimeout bounds how long a keep-alive connection waits for its
	// next request; NewHTTPServer only.
	IdleTimeout time.Duration
	// Logger receives one line per request; nil means slog.Default().
	Logger *slog.Logger
	// Now is the clock for token expiry; nil means time.Now.
	Now func() time.Time
	// PathIndex, when set, answers the filters of the path list and
	// /api/v1/attack-paths/summary (see pathfilter.go); it may still be
	// building. Without it those filters are refused with 501.
	PathIndex *pathindex.Index
}

// The defaults of cmd/aegis-server's flags.
const (
	DefaultWriteTimeout      = 30 * time.Second
	DefaultMaxExports        = 8
	DefaultReadHeaderTimeout = 10 * time.Second
	DefaultIdleTimeout       = 2 * time.Minute
)

type server struct {
	cfg     Config
	log     *slog.Logger
	now     func() time.Time
	routes  *http.ServeMux
	exports chan struct{} // one token per running export; nil = no cap
}

// NewHTTPServer returns an http.Server serving New(cfg) with cfg's timeouts.
// Its ErrorLog goes to cfg.Logger at level WARN.
func NewHTTPServer(cfg Config) *http.Server {
	logger := cfg.Logger
	if logger == nil {
		logger = slog.Default()
	}
	return &http.Server{
		Handler:           New(cfg),
		ReadHeaderTimeout: cfg.ReadHeaderTimeout,
		// The per-request bound of ordinary routes; the export extends it
		// write by write (see Config.WriteTimeout). No ReadTimeout: requests
		// have no body, and it would also cancel a long export's context.
		WriteTimeout: cfg.WriteTimeout,
		IdleTimeout:  cfg.IdleTimeout,
		ErrorLog:     slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
}

// New returns the API handler: routing, authentication and request logging.
func New(cfg Config) http.Handler {
	if !validTag(cfg.ExportTag) {
		panic("server: ExportTag " + strconv.Quote(cfg.ExportTag) + " has characters other than letters, digits, '-', '_' and '.'")
	}
	s := &server{cfg: cfg, log: cfg.Logger, now: cfg.Now, routes: http.NewServeMux()}
	if cfg.MaxExports > 0 {
		s.exports = make(chan struct{}, cfg.MaxExports)
	}
	if s.log == nil {
		s.log = slog.Default()
	}
	if s.now == nil {
		s.now = time.Now
	}
	mux := s.routes
	mux.HandleFunc("GET /health", s.health)
	mux.HandleFunc("GET /api/v1/findings", s.listFindings)
	mux.HandleFunc("GET /api/v1/findings/{id}", s.finding)
	mux.HandleFunc("GET /api/v1/attack-paths", s.listPaths)
	// These literal routes are more specific than {id}, so ServeMux
	// prefers them (a path with id "stats" cannot exist: ids are "ap-N").
	mux.HandleFunc("GET /api/v1/attack-paths/stats", s.pathStats)
	mux.HandleFunc("GET /api/v1/attack-paths/export", s.export)
	mux.HandleFunc("GET /api/v1/attack-paths/summary", s.pathSummary)
	mux.HandleFunc("GET /api/v1/attack-paths/{id}", s.path)
	mux.HandleFunc("/", s.fallback)
	// The web view (package web): the page at /, its files under /ui/.
	ui := web.Handler(web.Options{
		AuthRequired: len(cfg.JWTSecret) > 0,
		NotFound: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			writeError(w, http.StatusNotFound, "not_found", "no route for "+r.URL.Path)
		}),
	})
	mux.Handle("GET /{$}", ui)
	mux.Handle("GET /ui/", ui)
	return s.logRequests(s.authenticate(mux))
}

// health is open even when authentication is on (load balancers probe it).
func (s *server) health(w http.ResponseWriter, r *http.Request) {
	body, err := json.Marshal(struct {
		Status   string `json:"status"`
		Engine   string `json:"engine"`
		Findings int    `json:"findings"`
		Paths    int    `json:"paths"`
	}{"ok", s.cfg.Engine, s.cfg.Store.FindingCount(), s.cfg.Store.PathCount()})
	s.reply(w, r, body, err)
}

func (s *server) listFindings(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	body, err := s.cfg.Store.ListFindings(api.FindingQuery{
		Severity: q.Get("severity"),
		Provider: q.Get("provider"),
		Status:   q.Get("status"),
		Page:     intParam(q.Get("page")),
		PerPage:  intParam(q.Get("per_page")),
	})
	s.reply(w, r, body, err)
}

func (s *server) finding(w http.ResponseWriter, r *http.Request) {
	id, ok := s.pathID(w, r)
	if !ok {
		return
	}
	body, err := s.cfg.Store.Finding(id)
	s.reply(w, r, body, err)
}

func (s *server) listPaths(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if f, filtered := pathFilter(q); filtered {
		s.listFilteredPaths(w, r, f)
		return
	}
	body, err := s.cfg.Store.ListPaths(intParam(q.Get("page")), intParam(q.Get("per_page")))
	s.reply(w, r, body, err)
}

func (s *server) pathStats(w http.ResponseWriter, r *http.Request) {
	body, err := s.cfg.Store.PathStats()
	s.reply(w, r, body, err)
}

func (s *server) path(w http.ResponseWriter, r *http.Request) {
	id, ok := s.pathID(w, r)
	if !ok {
		return
	}
	body, err := s.cfg.Store.Path(id)
	s.reply(w, r, body, err)
}

// fallback answers unknown routes, and known routes with the wrong method,
// with JSON errors (ServeMux would answer in plain text).
func (s *server) fallback(w http.ResponseWriter, r *http.Request) {
	probe := r.Clone(r.Context())
	probe.Method = http.MethodGet
	if _, pattern := s.routes.Handler(probe); pattern != "/" && pattern != "" {
		w.Header().Set("Allow", "GET, HEAD")
		writeError(w, http.StatusMethodNotAllowed, "method_not_allowed", r.Method+" is not allowed here")
		return
	}
	writeError(w, http.StatusNotFound, "not_found", "no route for "+r.URL.Path)
}

// pathID returns the {id} path value; ids that no document can contain
// (invalid UTF-8, which the decoders reject) are a bad request.
func (s *server) pathID(w http.ResponseWriter, r *http.Request) (string, bool) {
	id := r.PathValue("id")
	if !utf8.ValidString(id) {
		writeError(w, http.StatusBadRequest, "bad_request", "id is not valid UTF-8")
		return "", false
	}
	return id, true
}

// intParam parses a paging parameter; anything that is not a decimal int
// is 0, which the store treats as "default".
func intParam(v string) int {
	n, err := strconv.Atoi(v)
	if err != nil {
		return 0
	}
	return n
}

// reply writes a store's answer, or the error it returned.
func (s *server) reply(w http.ResponseWriter, r *http.Request, body []byte, err error) {
	if err != nil {
		s.fail(w, r, err)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		w.Write(body)
	}
}

// fail maps a store error to a JSON error response: not found → 404,
// anything else → 500 (logged; its text is not shown to the client).
func (s *server) fail(w http.ResponseWriter, r *http.Request, err error) {
	if errors.Is(err, api.ErrNotFound) {
		writeError(w, http.StatusNotFound, "not_found", notFoundMessage(r))
		return
	}
	s.log.Error("store query failed", "method", r.Method, "path", r.URL.Path, "err", err)
	writeError(w, http.StatusInternalServerError, "internal", "internal error")
}

func notFoundMessage(r *http.Request) string {
	id := r.PathValue("id")
	if strings.HasPrefix(r.URL.Path, "/api/v1/attack-paths/") {
		return "attack path " + strconv.Quote(id) + " not found"
	}
	return "finding " + strconv.Quote(id) + " not found"
}

// apiError is the body of every error response.
type apiError struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	Status  int    `json:"status"`
}

func writeError(w http.ResponseWriter, status int, code, message string) {
	body, _ := json.Marshal(apiError{Code: code, Message: message, Status: status})
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Content-Length", strconv.Itoa(len(body)))
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	w.Write(body)
}
