package store

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"libaegispath/go/api"
	"libaegispath/go/engine"
)

// neighbourhood is what PathAnalysis needs of the whole document to count a
// blast radius: resource ids numbered once, and for each resource either its
// neighbours in the edge graph (graph mode) or, per (account, region), the
// resources found there (heuristic mode).
type neighbourhood struct {
	resourceOf []int32 // finding index → resource number
	graph      bool
	adjacency  [][]int32            // graph mode: resource → linked resources
	byPlace    map[placeKey][]int32 // heuristic mode: distinct resources per (account, region)
}

type placeKey struct{ account, region string }

// newNeighbourhood numbers the findings' resource ids and indexes them for
// the blast radius. g is nil in heuristic mode.
func newNeighbourhood(findings []engine.Finding, g *engine.ResourceGraph) *neighbourhood {
	nb := &neighbourhood{resourceOf: make([]int32, len(findings)), graph: g != nil}
	numbers := make(map[string]int32, len(findings))
	for i := range findings {
		id := findings[i].ResourceID
		n, ok := numbers[id]
		if !ok {
			n = int32(len(numbers))
			numbers[id] = n
		}
		nb.resourceOf[i] = n
	}
	if g != nil {
		nb.adjacency = make([][]int32, len(numbers))
		// Each pair appears once; ids no finding holds and self-loops link
		// nothing.
		g.EachPair(func(a, b, _ string) {
			na, okA := numbers[a]
			nbb, okB := numbers[b]
			if okA && okB && na != nbb {
				nb.adjacency[na] = append(nb.adjacency[na], nbb)
				nb.adjacency[nbb] = append(nb.adjacency[nbb], na)
			}
		})
		return nb
	}
	nb.byPlace = map[placeKey][]int32{}
	listed := map[placeKey]map[int32]bool{}
	for i := range findings {
		k := placeKey{findings[i].AccountID, findings[i].Region}
		r := nb.resourceOf[i]
		if listed[k] == nil {
			listed[k] = map[int32]bool{}
		}
		if !listed[k][r] {
			listed[k][r] = true
			nb.byPlace[k] = append(nb.byPlace[k], r)
		}
	}
	return nb
}

// blastRadius counts the path's own resources and, up to the cap, the
// resources near them (api.PathAnalysis, "blast_radius").
func (nb *neighbourhood) blastRadius(findings []engine.Finding, records []int32) api.BlastRadius {
	seen := map[int32]bool{}
	var frontier []int32
	for _, i := range records {
		if r := nb.resourceOf[i]; !seen[r] {
			seen[r] = true
			frontier = append(frontier, r)
		}
	}
	direct, indirect := len(frontier), 0
	reach := func(r int32) (full bool) {
		if !seen[r] {
			seen[r] = true
			indirect++
		}
		return indirect == api.MaxBlastRadiusIndirect
	}
	if nb.graph {
	search:
		for depth := 0; depth < 2; depth++ {
			var next []int32
			for _, r := range frontier {
				for _, n := range nb.adjacency[r] {
					if seen[n] {
						continue
					}
					next = append(next, n)
					if reach(n) {
						break search
					}
				}
			}
			frontier = next
		}
	} else {
		places := map[placeKey]bool{}
	scan:
		for _, i := range records {
			k := placeKey{findings[i].AccountID, findings[i].Region}
			if places[k] {
				continue
			}
			places[k] = true
			for _, r := range nb.byPlace[k] {
				if reach(r) {
					break scan
				}
			}
		}
	}
	return api.BlastRadius{Direct: direct, Indirect: indirect, Total: direct + indirect}
}

// analysePath builds the api.PathAnalysis of path p from its records.
func analysePath(findings []engine.Finding, p *engine.AttackPath, nb *neighbourhood) api.PathAnalysis {
	recs := make([]*engine.Finding, len(p.Records))
	for k, i := range p.Records {
		recs[k] = &findings[i]
	}
	first, last := recs[0], recs[len(recs)-1]
	h := len(recs) - 1

	var b strings.Builder
	b.WriteString(strconv.Itoa(h) + "-hop " + p.Severity + " path in " + first.CloudProvider +
		" account " + first.AccountID + ": " + first.ResourceName + " (" + first.ResourceType + ", " +
		first.Category + ") reaches " + last.ResourceName + " (" + last.ResourceType + ", " + last.Category + ")")
	if h >= 2 {
		names := make([]string, 0, h-1)
		for _, f := range recs[1:h] {
			names = append(names, f.ResourceName)
		}
		b.WriteString(" via " + strings.Join(names, ", "))
	}
	b.WriteString(".")
	if titles := distinctNonEmpty(recs, func(f *engine.Finding) string { return f.Title }); len(titles) > 0 {
		b.WriteString(" Findings: " + strings.Join(titles, "; ") + ".")
	}

	steps := []string{}
	for _, d := range distinctNonEmpty(recs, func(f *engine.Finding) string { return f.Remediation }) {
		var names []string
		for _, f := range recs {
			if f.Remediation == d && f.ResourceName != "" && !slices.Contains(names, f.ResourceName) {
				names = append(names, f.ResourceName)
			}
		}
		if len(names) == 0 {
			steps = append(steps, d)
		} else {
			steps = append(steps, strings.Join(names, ", ")+": "+d)
		}
	}

	factors := []string{"Path score " + strconv.Itoa(p.Score) + "/100, severity " + p.Severity}
	for _, f := range recs {
		s := f.Severity + " " + f.Category + " finding on " + f.ResourceName
		if f.Title != "" {
			s += ": " + f.Title
		}
		factors = append(factors, s)
	}
	for _, f := range recs {
		if f.ExploitAvailable {
			factors = append(factors, "Exploit available: "+f.ResourceName)
		}
	}
	var cves []string
	for _, f := range recs {
		for _, c := range f.CVEs {
			if c.ID == "" || slices.Contains(cves, c.ID) {
				continue
			}
			cves = append(cves, c.ID)
			s := c.ID + " on " + f.ResourceName
			if c.CISAKnownExploited {
				s += " (CISA known exploited)"
			}
			factors = append(factors, s)
		}
	}
	for _, f := range recs {
		if f.Category == "NETWORK" {
			factors = append(factors, "Network-exposed: "+f.ResourceName)
		}
	}
	for _, f := range recs {
		switch asciiLower(f.ResourceType) {
		case "storage", "database", "secret", "encryption":
			factors = append(factors, "Data store: "+f.ResourceName+" ("+f.ResourceType+")")
		}
	}
	if len(p.MitreTactics) > 0 {
		factors = append(factors, "MITRE tactics: "+strings.Join(p.MitreTactics, ", "))
	}
	if regions := distinct(recs, func(f *engine.Finding) string { return f.Region }); len(regions) > 1 {
		factors = append(factors, "Crosses regions: "+strings.Join(regions, ", "))
	}

	return api.PathAnalysis{
		Analysis:         b.String(),
		RemediationSteps: steps,
		RiskFactors:      factors,
		BlastRadius:      nb.blastRadius(findings, p.Records),
	}
}

// distinct returns the distinct values of field over recs, in order of
// first appearance.
func distinct(recs []*engine.Finding, field func(*engine.Finding) string) []string {
	var out []string
	for _, f := range recs {
		if v := field(f); !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	return out
}

// distinctNonEmpty is distinct without the empty value.
func distinctNonEmpty(recs []*engine.Finding, field func(*engine.Finding) string) []string {
	return slices.DeleteFunc(distinct(recs, field), func(v string) bool { return v == "" })
}

// asciiLower lower-cases ASCII letters only.
func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// PathAnalysis describes the attack path whose id is id (api.PathAnalysis).
func (s *Store) PathAnalysis(id string) ([]byte, error) {
	if s.closed {
		return nil, api.ErrClosed
	}
	p, err := s.pathByID(id)
	if err != nil {
		return nil, err
	}
	out, err := json.Marshal(analysePath(s.findings, p, s.near))
	if err != nil {
		return nil, fmt.Errorf("encode analysis: %w", err)
	}
	return out, nil
}
