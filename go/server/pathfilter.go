package server

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strconv"

	"libaegispath/go/api"
	"libaegispath/go/server/pathindex"
)

// The path-list filters (docs/http-api.md, "The attack-path filter"). A
// request with none of them is answered by the store, byte for byte as
// before; one with any of them by Config.PathIndex.
var pathFilterParams = []string{"severity", "provider", "account", "hop_count", "q"}

// pathFilter reads the filters of a path-list request; ok is false when
// none is set.
func pathFilter(q url.Values) (f pathindex.Filter, ok bool) {
	for _, p := range pathFilterParams {
		ok = ok || q.Get(p) != ""
	}
	f = pathindex.Filter{
		Severity: q.Get("severity"),
		Provider: q.Get("provider"),
		Account:  q.Get("account"),
		Text:     q.Get("q"),
	}
	if v := q.Get("hop_count"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			n = -1 // matches nothing, like severity=nope
		}
		f.HopCount = n
	}
	return f, ok
}

// listFilteredPaths answers a filtered path list from the index: the page's
// ids from one pass over it, then each path from the store, in the stores'
// envelope and paging rules.
func (s *server) listFilteredPaths(w http.ResponseWriter, r *http.Request, f pathindex.Filter) {
	ix := s.cfg.PathIndex
	if ix == nil {
		writeError(w, http.StatusNotImplemented, "not_implemented", "this server has no path index, so the path list takes no filters")
		return
	}
	q := r.URL.Query()
	perPage := intParam(q.Get("per_page"))
	if perPage < 1 || perPage > api.MaxPathsPerPage {
		perPage = api.DefaultPathsPerPage
	}
	page, err := ix.Query(f, intParam(q.Get("page")), perPage)
	switch {
	case errors.Is(err, pathindex.ErrNotReady):
		st := ix.Status()
		w.Header().Set("Retry-After", "2")
		writeError(w, http.StatusServiceUnavailable, "unavailable",
			"the path filters are not ready: indexing attack paths ("+strconv.Itoa(st.Indexed)+" of "+strconv.Itoa(st.Total)+")")
		return
	case err != nil:
		s.fail(w, r, err)
		return
	}
	b := append(make([]byte, 0, 2048*len(page.IDs)+64), `{"data":[`...)
	for i, id := range page.IDs {
		p, err := s.cfg.Store.Path(id)
		if err != nil {
			// The index was built from this store: a missing id is a bug.
			s.fail(w, r, errors.New("indexed path "+id+": "+err.Error()))
			return
		}
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, p...)
	}
	b = append(b, `],"page":`...)
	b = strconv.AppendInt(b, int64(page.Page), 10)
	b = append(b, `,"per_page":`...)
	b = strconv.AppendInt(b, int64(page.PerPage), 10)
	b = append(b, `,"total":`...)
	b = strconv.AppendInt(b, int64(page.Total), 10)
	b = append(b, `,"total_pages":`...)
	b = strconv.AppendInt(b, int64(page.TotalPages), 10)
	b = append(b, '}')
	s.reply(w, r, b, nil)
}

// pathSummary answers GET /api/v1/attack-paths/summary: the index's state
// and, once built, paths per hop count, severity, provider and account.
func (s *server) pathSummary(w http.ResponseWriter, r *http.Request) {
	ix := s.cfg.PathIndex
	if ix == nil {
		writeError(w, http.StatusNotFound, "not_found", "this server has no path index")
		return
	}
	st := ix.Status()
	body := struct {
		Index   string `json:"index"`
		Indexed int    `json:"indexed_paths"`
		Total   int    `json:"total_paths"`
		*pathindex.Summary
	}{Index: "building", Indexed: st.Indexed, Total: st.Total}
	switch {
	case st.Ready:
		sum, _ := ix.Summary()
		body.Index, body.Summary = "ready", &sum
	case st.Err != nil:
		body.Index = "failed"
	}
	b, err := json.Marshal(body)
	s.reply(w, r, b, err)
}
