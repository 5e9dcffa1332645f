package pathindex

import (
	"fmt"
	"strings"
)

// Filter selects paths. Every set field must match; the zero Filter matches
// every path. Strings compare ignoring ASCII case only, like the findings
// filter of the HTTP API (docs/http-api.md).
type Filter struct {
	Severity string // the path's severity
	Provider string // the path's provider (its entry point's, as by_provider counts)
	Account  string // the path's account id
	// HopCount, when > 0, is the exact hop count; a negative value matches
	// nothing (the server passes -1 for a value that is not a number).
	HopCount int
	// Text matches a path when one of its nodes' finding id, resource id or
	// resource name contains it.
	Text string
}

// Page is one page of matching paths in result order.
type Page struct {
	IDs        []string // path ids, to fetch from the store
	Page       int
	PerPage    int
	Total      int
	TotalPages int
}

// Query returns page `page` (from 1) of the paths matching f, perPage to a
// page, clamped like the stores' paging: page < 1 is 1 and a page past the
// end is the last one (1 when nothing matches). perPage must be positive.
func (ix *Index) Query(f Filter, page, perPage int) (Page, error) {
	snap := ix.built.Load()
	if snap == nil {
		if st := ix.Status(); st.Err != nil {
			return Page{}, fmt.Errorf("%w: %v", ErrFailed, st.Err)
		}
		return Page{}, ErrNotReady
	}
	if perPage < 1 {
		return Page{}, fmt.Errorf("pathindex: perPage %d < 1", perPage)
	}
	m := snap.matcher(f)
	// One pass counts the matches and keeps the page asked for; a page
	// past the end (rare: clients follow total_pages) takes a second pass
	// for the last page.
	total := 0
	skip := max(page-1, 0) * perPage
	var numbers []uint32
	if m.any {
		total, numbers = snap.scan(&m, skip, perPage)
	}
	p := Page{PerPage: perPage, Total: total}
	p.TotalPages = (total + perPage - 1) / perPage
	p.Page = min(max(page, 1), max(p.TotalPages, 1))
	if total > 0 && skip >= total {
		_, numbers = snap.scan(&m, (p.Page-1)*perPage, perPage)
	}
	p.IDs = make([]string, len(numbers))
	for i, n := range numbers {
		p.IDs[i] = PathID(n)
	}
	return p, nil
}

// scan counts the entries m matches and returns the numbers of those from
// the skip-th on, at most n of them.
func (s *snapshot) scan(m *matcher, skip, n int) (total int, numbers []uint32) {
	for i := range s.entries {
		if !m.match(s, i) {
			continue
		}
		if total >= skip && len(numbers) < n {
			numbers = append(numbers, s.entries[i].number)
		}
		total++
	}
	return total, numbers
}

// matcher is a Filter resolved against the snapshot's dictionaries: the
// strings become sets of dictionary indices, so matching a path compares
// small integers.
type matcher struct {
	any                  bool // false: nothing can match
	severity, provider   []bool
	account              []bool
	hops                 int
	text                 []bool // over snapshot.dict; nil = no text filter
	checkSev, checkProv  bool
	checkAcct, checkHops bool
}

func (s *snapshot) matcher(f Filter) matcher {
	m := matcher{any: true, hops: f.HopCount}
	if f.Severity != "" {
		m.checkSev = true
		m.severity = foldSet(s.severities, f.Severity)
		m.any = m.any && m.severity != nil
	}
	if f.Provider != "" {
		m.checkProv = true
		m.provider = foldSet(s.providers, f.Provider)
		m.any = m.any && m.provider != nil
	}
	if f.Account != "" {
		m.checkAcct = true
		m.account = foldSet(s.accounts, f.Account)
		m.any = m.any && m.account != nil
	}
	if f.HopCount != 0 {
		m.checkHops = true
		m.any = m.any && f.HopCount > 0
	}
	if f.Text != "" {
		needle := asciiLower(f.Text)
		m.text = make([]bool, len(s.dict))
		found := false
		for i, d := range s.dict {
			if strings.Contains(asciiLower(d.findingID), needle) ||
				strings.Contains(asciiLower(d.resourceID), needle) ||
				strings.Contains(asciiLower(d.resourceName), needle) {
				m.text[i] = true
				found = true
			}
		}
		m.any = m.any && found
	}
	return m
}

func (m *matcher) match(s *snapshot, i int) bool {
	e := &s.entries[i]
	if m.checkSev && !m.severity[e.severity] ||
		m.checkProv && !m.provider[e.provider] ||
		m.checkAcct && !m.account[e.account] ||
		m.checkHops && s.hops(i) != m.hops {
		return false
	}
	if m.text == nil {
		return true
	}
	end := len(s.nodes)
	if i+1 < len(s.entries) {
		end = int(s.entries[i+1].first)
	}
	for _, n := range s.nodes[e.first:end] {
		if m.text[n] {
			return true
		}
	}
	return false
}

// foldSet marks the entries of list equal to v ignoring ASCII case; nil
// when none is.
func foldSet(list []string, v string) []bool {
	var set []bool
	for i, s := range list {
		if asciiEqualFold(s, v) {
			if set == nil {
				set = make([]bool, len(list))
			}
			set[i] = true
		}
	}
	return set
}

func asciiEqualFold(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		if lowerByte(a[i]) != lowerByte(b[i]) {
			return false
		}
	}
	return true
}

func asciiLower(s string) string {
	for i := 0; i < len(s); i++ {
		if 'A' <= s[i] && s[i] <= 'Z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				b[j] = lowerByte(b[j])
			}
			return string(b)
		}
	}
	return s
}

func lowerByte(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}
