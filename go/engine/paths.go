package engine

import (
	"encoding/json"
	"fmt"
	"sort"
)

// severityRank orders severities (SPEC §3); unknown values rank 0.
func severityRank(s string) int {
	switch s {
	case "CRITICAL":
		return 4
	case "HIGH":
		return 3
	case "MEDIUM":
		return 2
	case "LOW":
		return 1
	}
	return 0
}

// asciiLower lower-cases ASCII letters only; strings.ToLower would also fold
// non-ASCII letters (e.g. U+212A KELVIN SIGN to 'k') and the spec does not.
func asciiLower(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; 'A' <= c && c <= 'Z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				if 'A' <= b[j] && b[j] <= 'Z' {
					b[j] += 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return s
}

type role int

const (
	roleIntermediate role = iota
	roleEntry
	roleTarget
)

// classify applies the rules of SPEC §3 step 2, first rule wins.
func classify(f *Finding) role {
	rt := asciiLower(f.ResourceType)
	switch {
	case f.Category == "NETWORK",
		f.Category == "VULNERABILITY" && f.ExploitAvailable,
		(rt == "compute" || rt == "container" || rt == "serverless") &&
			(f.Severity == "CRITICAL" || f.Severity == "HIGH"):
		return roleEntry
	case rt == "storage" || rt == "database" || rt == "secret" || rt == "encryption":
		return roleTarget
	}
	return roleIntermediate
}

// connected is connect(a, b) of SPEC §3 step 3.
func connected(a, b *Finding) bool {
	return a.ResourceID != b.ResourceID &&
		(a.Region == b.Region || a.ResourceType == b.ResourceType)
}

// ComputeAttackPaths chains findings into attack paths (SPEC §3). Paths is
// never nil and Stats.ByProvider never nil.
func ComputeAttackPaths(findings []Finding) AttackPathResult {
	groups := map[string][]*Finding{}
	for i := range findings {
		f := &findings[i]
		groups[f.AccountID] = append(groups[f.AccountID], f)
	}
	accounts := make([]string, 0, len(groups))
	for a := range groups {
		accounts = append(accounts, a)
	}
	sort.Strings(accounts) // byte order

	paths := []AttackPath{}
	inPaths := map[string]struct{}{}
	for _, account := range accounts {
		group := groups[account]
		if len(group) < 2 {
			continue
		}
		for _, chain := range groupChains(group) {
			for _, f := range chain {
				inPaths[f.ID] = struct{}{}
			}
			paths = append(paths, buildPath(len(paths)+1, account, chain))
		}
	}

	sort.SliceStable(paths, func(i, j int) bool {
		ri, rj := severityRank(paths[i].Severity), severityRank(paths[j].Severity)
		if ri != rj {
			return ri > rj
		}
		return paths[i].Score > paths[j].Score
	})

	stats := AttackPathStats{
		TotalFindings:   len(findings),
		FindingsInPaths: len(inPaths),
		TotalPaths:      len(paths),
		ByProvider:      map[string]int{},
	}
	stats.IsolatedFindings = stats.TotalFindings - stats.FindingsInPaths
	if stats.TotalFindings > 0 {
		stats.CoveragePercent = float64(stats.FindingsInPaths) / float64(stats.TotalFindings) * 100
	}
	for i := range paths {
		switch paths[i].Severity {
		case "CRITICAL":
			stats.CriticalPaths++
		case "HIGH":
			stats.HighPaths++
		default:
			stats.MediumPaths++
		}
		stats.ByProvider[paths[i].Nodes[0].Provider]++
	}
	return AttackPathResult{Paths: paths, Stats: stats}
}

// groupChains returns the chains of one account group in production order
// (SPEC §3 steps 2–5).
func groupChains(group []*Finding) [][]*Finding {
	var entries, targets []*Finding
	// Intermediates by region, in input order: a usable intermediate is in
	// the entry's or the target's region, so only those lists are scanned.
	type indexed struct {
		pos int
		f   *Finding
	}
	byRegion := map[string][]indexed{}
	for i, f := range group {
		switch classify(f) {
		case roleEntry:
			entries = append(entries, f)
		case roleTarget:
			targets = append(targets, f)
		default:
			byRegion[f.Region] = append(byRegion[f.Region], indexed{i, f})
		}
	}

	usable := func(e, m, t *Finding) bool {
		return m.ID != e.ID && m.ID != t.ID && connected(e, m) && connected(m, t)
	}
	// firstIntermediate merges the (one or two) region lists in input order
	// and returns the first usable intermediate, or nil.
	firstIntermediate := func(e, t *Finding) *Finding {
		a := byRegion[e.Region]
		var b []indexed
		if t.Region != e.Region {
			b = byRegion[t.Region]
		}
		for len(a) > 0 || len(b) > 0 {
			var m indexed
			if len(b) == 0 || (len(a) > 0 && a[0].pos < b[0].pos) {
				m, a = a[0], a[1:]
			} else {
				m, b = b[0], b[1:]
			}
			if usable(e, m.f, t) {
				return m.f
			}
		}
		return nil
	}

	var chains [][]*Finding
	in := map[string]struct{}{}
	add := func(chain ...*Finding) {
		for _, f := range chain {
			in[f.ID] = struct{}{}
		}
		chains = append(chains, chain)
	}
	for _, e := range entries {
		for _, t := range targets {
			if e.ID == t.ID {
				continue
			}
			if connected(e, t) {
				add(e, t)
			} else if m := firstIntermediate(e, t); m != nil {
				add(e, m, t)
			}
		}
	}

	// Lateral pairs among HIGH/CRITICAL findings not yet in a chain.
	for i, f1 := range group {
		if _, ok := in[f1.ID]; ok || severityRank(f1.Severity) < 3 {
			continue
		}
		for _, f2 := range group[i+1:] {
			if severityRank(f2.Severity) < 3 {
				continue
			}
			if _, ok := in[f2.ID]; ok {
				continue
			}
			if connected(f1, f2) {
				add(f1, f2)
			}
		}
	}
	return chains
}

// buildPath renders chain number n of account as an AttackPath.
func buildPath(n int, account string, chain []*Finding) AttackPath {
	id := fmt.Sprintf("ap-%03d", n)
	first, last := chain[0], chain[len(chain)-1]
	hops := len(chain) - 1

	p := AttackPath{
		ID:    id,
		Title: first.ResourceName + " → " + last.ResourceName,
		Description: fmt.Sprintf("%d-hop path in %s account %s: %s (%s) to %s (%s)",
			hops, first.CloudProvider, account, first.ResourceName, first.Category,
			last.ResourceName, last.Category),
		Severity:   "LOW",
		HopCount:   hops,
		Nodes:      make([]AttackPathNode, len(chain)),
		Edges:      make([]AttackPathEdge, 0, hops),
		FindingIDs: make([]string, len(chain)),
	}
	score := 0
	tactics := map[string]struct{}{}
	for i, f := range chain {
		r := severityRank(f.Severity)
		if r > severityRank(p.Severity) {
			p.Severity = f.Severity
		}
		score += r * 25
		for _, t := range f.MitreTactics {
			tactics[t] = struct{}{}
		}
		p.FindingIDs[i] = f.ID
		p.Nodes[i] = AttackPathNode{
			ID:           fmt.Sprintf("%s-node-%d", id, i),
			FindingID:    f.ID,
			ResourceID:   f.ResourceID,
			ResourceName: f.ResourceName,
			ResourceType: f.ResourceType,
			Provider:     f.CloudProvider,
			AccountID:    f.AccountID,
			Region:       f.Region,
			Severity:     f.Severity,
			Category:     f.Category,
			Label:        f.ResourceName,
		}
		if i > 0 {
			edgeType, label := edgeKind(chain[i-1], f)
			p.Edges = append(p.Edges, AttackPathEdge{
				ID:       fmt.Sprintf("%s-edge-%d", id, i-1),
				Source:   p.Nodes[i-1].ID,
				Target:   p.Nodes[i].ID,
				Label:    label,
				EdgeType: edgeType,
			})
		}
	}
	p.Score = min(score, 100)
	p.EntryPoint = p.Nodes[0]
	p.Target = p.Nodes[len(p.Nodes)-1]
	p.MitreTactics = make([]string, 0, len(tactics))
	for t := range tactics {
		p.MitreTactics = append(p.MitreTactics, t)
	}
	sort.Strings(p.MitreTactics)
	return p
}

// edgeKind returns the edge type and label of the edge from → to.
func edgeKind(from, to *Finding) (edgeType, label string) {
	switch rt := asciiLower(to.ResourceType); {
	case rt == "storage" || rt == "database" || rt == "secret":
		return "data_access", "data access"
	case from.Category == "IDENTITY" || to.Category == "IDENTITY":
		return "iam_trust", "IAM trust"
	case from.Category == "NETWORK" || to.Category == "NETWORK":
		return "network_reachable", "network access"
	}
	return "lateral_movement", "lateral movement"
}

// ComputeAttackPathsJSON is the Go equivalent of aegis_compute_attack_paths:
// decode (SPEC §2, default cap), compute (SPEC §3), json.Marshal (SPEC §4).
func ComputeAttackPathsJSON(findingsJSON []byte) ([]byte, error) {
	findings, err := DecodeFindings(findingsJSON)
	if err != nil {
		return nil, err
	}
	return json.Marshal(ComputeAttackPaths(findings))
}
