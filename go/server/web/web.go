// Package web is the browser view of aegis-server: a small single-page app
// (overview, attack-path table, one path drawn as a graph, findings) that
// reads the JSON API, embedded in the binary so it works offline with no
// CDN. The page is served at "/" and its files under "/ui/".
//
// The graph library (Cytoscape.js) is pinned in package-lock.json and
// vendored into assets/vendor by scripts/setup-web.sh before the build; a
// build without it still serves the page, which then lists a path's nodes
// and edges as text (HasGraphLibrary reports which one this binary is).
package web

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"net/http"
	"path"
	"strconv"
	"strings"
)

//go:embed assets
var assets embed.FS

// GraphLibrary is the vendored Cytoscape.js file, relative to /ui/.
const GraphLibrary = "vendor/cytoscape.min.js"

// contentSecurityPolicy allows only this server's own scripts, styles,
// images and API; no inline script. Inline styles are allowed because the
// graph library sets style attributes on the elements it creates.
const contentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; " +
	"img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

// contentTypes by file extension: a fixed table, so the answer does not
// depend on the host's mime.types.
var contentTypes = map[string]string{
	".html": "text/html; charset=utf-8",
	".css":  "text/css; charset=utf-8",
	".js":   "text/javascript; charset=utf-8",
	".svg":  "image/svg+xml",
	".png":  "image/png",
}

// file is one embedded asset, ready to serve.
type file struct {
	body        []byte
	contentType string
	etag        string
}

// site holds every asset by its URL path.
type site struct {
	files    map[string]file
	notFound http.Handler
}

// HasGraphLibrary reports whether the graph library was vendored into this
// build.
func HasGraphLibrary() bool {
	_, err := fs.Stat(assets, "assets/"+GraphLibrary)
	return err == nil
}

// Options configure Handler.
type Options struct {
	// AuthRequired tells the page that the API wants a bearer token, so it
	// asks for one before its first request.
	AuthRequired bool
	// NotFound answers paths under /ui/ that are no asset; nil means
	// http.NotFound.
	NotFound http.Handler
}

// Handler serves the page at "/" and its assets at "/ui/<file>". Responses
// carry a strong ETag and "Cache-Control: no-cache", so a browser
// revalidates (a 304 when nothing changed) and never runs stale code after
// an upgrade.
func Handler(opts Options) http.Handler {
	if opts.NotFound == nil {
		opts.NotFound = http.HandlerFunc(http.NotFound)
	}
	s := &site{files: map[string]file{}, notFound: opts.NotFound}
	err := fs.WalkDir(assets, "assets", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		body, err := assets.ReadFile(name)
		if err != nil {
			return err
		}
		if name == "assets/index.html" {
			body = page(body, opts)
		}
		sum := sha256.Sum256(body)
		ct, ok := contentTypes[path.Ext(name)]
		if !ok {
			ct = "text/plain; charset=utf-8" // README.md, cytoscape.LICENSE, ...
		}
		url := "/ui/" + strings.TrimPrefix(name, "assets/")
		s.files[url] = file{body: body, contentType: ct, etag: `"` + hex.EncodeToString(sum[:12]) + `"`}
		return nil
	})
	if err != nil {
		panic("web: reading the embedded assets: " + err.Error()) // cannot happen with embed.FS
	}
	index, ok := s.files["/ui/index.html"]
	if !ok {
		panic("web: assets/index.html is not embedded")
	}
	s.files["/"] = index
	return s
}

// page fills the index page's meta tags: where the graph library is (empty
// when this build has none, so the page never requests a missing file) and
// whether the API needs a token.
func page(index []byte, opts Options) []byte {
	out := string(index)
	if HasGraphLibrary() {
		out = strings.Replace(out, `<meta name="aegis-graph-library" content="">`,
			`<meta name="aegis-graph-library" content="/ui/`+GraphLibrary+`">`, 1)
	}
	if opts.AuthRequired {
		out = strings.Replace(out, `<meta name="aegis-auth" content="">`, `<meta name="aegis-auth" content="bearer">`, 1)
	}
	return []byte(out)
}

func (s *site) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f, ok := s.files[r.URL.Path]
	if !ok || (r.Method != http.MethodGet && r.Method != http.MethodHead) {
		s.notFound.ServeHTTP(w, r)
		return
	}
	h := w.Header()
	h.Set("Content-Type", f.contentType)
	h.Set("ETag", f.etag)
	h.Set("Cache-Control", "no-cache")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Content-Security-Policy", contentSecurityPolicy)
	if etagMatches(r.Header.Get("If-None-Match"), f.etag) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	h.Set("Content-Length", strconv.Itoa(len(f.body)))
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		w.Write(f.body)
	}
}

// etagMatches reads an If-None-Match list (weak tags compare by value, as
// RFC 9110 says for this header).
func etagMatches(header, etag string) bool {
	if header == "" {
		return false
	}
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
		if t == etag || t == "*" {
			return true
		}
	}
	return false
}
