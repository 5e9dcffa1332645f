package web

import (
	"io/fs"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
)

func serve(h http.Handler, method, target string, header map[string]string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, target, nil)
	for k, v := range header {
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

func TestServesThePageAndItsFiles(t *testing.T) {
	h := Handler(Options{})
	for target, ct := range map[string]string{
		"/":                    "text/html; charset=utf-8",
		"/ui/index.html":       "text/html; charset=utf-8",
		"/ui/app.css":          "text/css; charset=utf-8",
		"/ui/js/main.js":       "text/javascript; charset=utf-8",
		"/ui/favicon.svg":      "image/svg+xml",
		"/ui/vendor/README.md": "text/plain; charset=utf-8",
	} {
		rec := serve(h, http.MethodGet, target, nil)
		if rec.Code != 200 || rec.Header().Get("Content-Type") != ct {
			t.Errorf("GET %s: %d %q, want 200 %q", target, rec.Code, rec.Header().Get("Content-Type"), ct)
		}
		for _, k := range []string{"ETag", "Content-Security-Policy", "X-Content-Type-Options", "Cache-Control"} {
			if rec.Header().Get(k) == "" {
				t.Errorf("GET %s: no %s header", target, k)
			}
		}
		// Revalidation: the same ETag answers 304 without a body.
		again := serve(h, http.MethodGet, target, map[string]string{"If-None-Match": rec.Header().Get("ETag")})
		if again.Code != http.StatusNotModified || again.Body.Len() != 0 {
			t.Errorf("GET %s with its ETag: %d, %d bytes", target, again.Code, again.Body.Len())
		}
		if head := serve(h, http.MethodHead, target, nil); head.Code != 200 || head.Body.Len() != 0 {
			t.Errorf("HEAD %s: %d with %d bytes", target, head.Code, head.Body.Len())
		}
	}
	if rec := serve(h, http.MethodGet, "/ui/nope.js", nil); rec.Code != http.StatusNotFound {
		t.Errorf("GET /ui/nope.js: %d", rec.Code)
	}
	if rec := serve(h, http.MethodGet, "/ui/", map[string]string{"If-None-Match": `""`}); rec.Code != http.StatusNotFound {
		t.Errorf("GET /ui/: %d", rec.Code)
	}
}

func TestPageMetaTags(t *testing.T) {
	page := serve(Handler(Options{}), http.MethodGet, "/", nil).Body.String()
	lib := `<meta name="aegis-graph-library" content="/ui/` + GraphLibrary + `">`
	if HasGraphLibrary() != strings.Contains(page, lib) {
		t.Errorf("HasGraphLibrary() = %v, but the page's graph-library tag is %q", HasGraphLibrary(), regexp.MustCompile(`<meta name="aegis-graph-library"[^>]*>`).FindString(page))
	}
	if !strings.Contains(page, `<meta name="aegis-auth" content="">`) {
		t.Error("without auth the page does not say so")
	}
	authed := serve(Handler(Options{AuthRequired: true}), http.MethodGet, "/", nil)
	if !strings.Contains(authed.Body.String(), `<meta name="aegis-auth" content="bearer">`) {
		t.Error("with auth the page does not ask for a token")
	}
	if authed.Header().Get("ETag") == serve(Handler(Options{}), http.MethodGet, "/", nil).Header().Get("ETag") {
		t.Error("the two pages share an ETag")
	}
}

// TestNoRemoteReferences: the page works offline; none of its own files
// loads anything from another origin.
func TestNoRemoteReferences(t *testing.T) {
	remote := regexp.MustCompile(`(?i)(https?:)?//[a-z0-9.-]+\.[a-z]{2,}`)
	err := fs.WalkDir(assets, "assets", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasPrefix(name, "assets/vendor/") {
			return err
		}
		body, err := assets.ReadFile(name)
		if err != nil {
			return err
		}
		for _, m := range remote.FindAllString(string(body), -1) {
			if m != "http://www.w3.org" { // the SVG namespace, not a request
				t.Errorf("%s refers to %s", name, m)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
