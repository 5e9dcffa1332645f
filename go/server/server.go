// Package server is the HTTP API over a loaded findings store: findings by
// filter, page and id, attack paths by page and id, their stats and the whole
// result streamed (docs/http-api.md). It knows only the api.Store interface,
// which both engines' stores implement (the pure-Go libaegispath/go/store and
// the native libaegispath/bridge); which one runs is the caller's choice.
package server

import (
	"bufio"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"libaegispath/go/api"
)

// Config configures New.
type Config struct {
	Store api.Store
	// Engine names the store's engine in /health, e.g. "go" or "native".
	Engine string
	// JWTSecret, when not empty, makes every /api/ route require an HS256
	// bearer token signed with it. /health stays open.
	JWTSecret []byte
	// Logger receives one line per request; nil means slog.Default().
	Logger *slog.Logger
	// Now is the clock for token expiry; nil means time.Now.
	Now func() time.Time
}

type server struct {
	cfg    Config
	log    *slog.Logger
	now    func() time.Time
	routes *http.ServeMux
}

// New returns the API handler: routing, authentication and request logging.
func New(cfg Config) http.Handler {
	s := &server{cfg: cfg, log: cfg.Logger, now: cfg.Now, routes: http.NewServeMux()}
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
	// These two literal routes are more specific than {id}, so ServeMux
	// prefers them (a path with id "stats" cannot exist: ids are "ap-N").
	mux.HandleFunc("GET /api/v1/attack-paths/stats", s.pathStats)
	mux.HandleFunc("GET /api/v1/attack-paths/export", s.export)
	mux.HandleFunc("GET /api/v1/attack-paths/{id}", s.path)
	mux.HandleFunc("/", s.fallback)
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

// exportBuffer batches the stores' writes into fewer, larger socket writes.
const exportBuffer = 256 << 10

// export streams the whole result; it may be gigabytes, so it is never
// built in memory here.
func (s *server) export(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	cw := &countingWriter{w: w}
	bw := bufio.NewWriterSize(cw, exportBuffer)
	err := s.cfg.Store.WriteAttackPaths(bw)
	if err == nil {
		err = bw.Flush()
	}
	if err == nil {
		return
	}
	if cw.n == 0 {
		// Nothing sent yet: a proper error response is still possible.
		w.Header().Del("Content-Type")
		s.fail(w, r, err)
		return
	}
	// Mid-stream: the status is gone. Abort the connection so the client
	// sees a truncated body instead of a complete-looking one.
	s.log.Error("export aborted", "path", r.URL.Path, "bytes", cw.n, "err", err)
	panic(http.ErrAbortHandler)
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

// countingWriter counts the bytes passed on to the response.
type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}
