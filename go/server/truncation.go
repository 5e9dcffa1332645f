package server

import (
	"encoding/json"
	"net/http"
	"strings"

	"libaegispath/go/api"
)

// TruncatedHeader is set to "true" on every attack-path response of a
// server whose result a path cap cut short (api.Options.MaxPaths; the stats
// then end with "truncated":true), so a client paging or exporting paths
// knows it does not see all of them. It is absent otherwise.
const TruncatedHeader = "X-Aegis-Truncated"

// ResultTruncated reports whether the store's stats say "truncated":true: a
// path cap cut its result short. A store that cannot answer is treated as
// complete here; its routes report the failure themselves.
func ResultTruncated(st api.Store) bool {
	b, err := st.PathStats()
	if err != nil {
		return false
	}
	var stats struct {
		Truncated bool `json:"truncated"`
	}
	return json.Unmarshal(b, &stats) == nil && stats.Truncated
}

// isPathRoute reports whether path is under /api/v1/attack-paths.
func isPathRoute(path string) bool {
	const prefix = "/api/v1/attack-paths"
	return path == prefix || strings.HasPrefix(path, prefix+"/")
}

// markTruncated sets TruncatedHeader on the path routes of a truncated
// result (after authentication: a refused request learns nothing).
func (s *server) markTruncated(next http.Handler) http.Handler {
	if !s.truncated {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if isPathRoute(r.URL.Path) {
			w.Header().Set(TruncatedHeader, "true")
		}
		next.ServeHTTP(w, r)
	})
}
