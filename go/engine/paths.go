package engine

import (
	"slices"
	"sort"
	"strconv"
)

// severityRank orders severities; unknown values rank 0.
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
// non-ASCII letters (e.g. U+212A KELVIN SIGN to 'k') and the heuristic engine does not.
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

// classify applies the rules of docs/algorithms.md, "Heuristic engine", step 2, first rule wins.
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

// connected is connect(a, b) of docs/algorithms.md, "Heuristic engine", step 3.
func connected(a, b *Finding) bool {
	return a.ResourceID != b.ResourceID &&
		(a.Region == b.Region || a.ResourceType == b.ResourceType)
}

// chain is one attack path before rendering: 2 to 5 indices into the
// findings slice (the heuristic engine makes 2 or 3, graph mode up to 5).
type chain struct {
	idx [maxChainLen]int32
	n   int32
}

// maxChainLen is the longest chain: graph mode's 4 hops.
const maxChainLen = 5

func (c *chain) len() int { return int(c.n) }

func (c *chain) indices() []int32 { return c.idx[:c.n] }

// ComputeAttackPaths chains findings into attack paths with the heuristic
// engine (docs/algorithms.md, "Heuristic engine"). Paths is never nil and
// Stats.ByProvider never nil.
func ComputeAttackPaths(findings []Finding) AttackPathResult {
	return ComputeAttackPathsMax(findings, 0)
}

// ComputeAttackPathsMax is ComputeAttackPaths with a cap on the number of
// paths: when maxPaths > 0 and more chains would be produced, only the first
// maxPaths in generation order are kept (numbered and sorted as usual), the
// stats describe the kept paths and Stats.Truncated is set
// (docs/algorithms.md, "Limits and truncation"). maxPaths <= 0: no cap.
func ComputeAttackPathsMax(findings []Finding, maxPaths int) AttackPathResult {
	groups := accountGroups(findings)

	// Chains in generation order: groups in account order, each group's
	// chains in production order. With a cap, generation stops at the first
	// chain past it: later chains cannot change earlier ones.
	var chains []chain
	for _, group := range groups {
		if len(group) < 2 {
			continue
		}
		budget := unlimited
		if maxPaths > 0 {
			budget = maxPaths + 1 - len(chains)
		}
		chains = append(chains, groupChains(findings, group, budget)...)
		if maxPaths > 0 && len(chains) > maxPaths {
			break
		}
	}
	return assemble(findings, chains, maxPaths, heuristicRules)
}

// unlimited is the chain budget of an uncapped run.
const unlimited = -1

// accountGroups returns the indices of each account's findings (input
// order inside a group), groups in ascending byte order of account_id.
func accountGroups(findings []Finding) [][]int32 {
	byAccount := map[string][]int32{}
	for i := range findings {
		a := findings[i].AccountID
		byAccount[a] = append(byAccount[a], int32(i))
	}
	accounts := make([]string, 0, len(byAccount))
	for a := range byAccount {
		accounts = append(accounts, a)
	}
	sort.Strings(accounts) // byte order
	groups := make([][]int32, len(accounts))
	for k, a := range accounts {
		groups[k] = byAccount[a]
	}
	return groups
}

// pathRules is what differs between the engines when chains become paths:
// how severities rank and how an edge is typed.
type pathRules struct {
	rank func(severity string) int
	edge func(from, to *Finding) (edgeType, label string)
}

var heuristicRules = pathRules{rank: severityRank, edge: edgeKind}

// assemble turns chains (generation order) into the result: truncation to
// maxPaths (> 0), numbering, the stable sort and the stats.
func assemble(findings []Finding, chains []chain, maxPaths int, rules pathRules) AttackPathResult {
	truncated := maxPaths > 0 && len(chains) > maxPaths
	if truncated {
		chains = chains[:maxPaths]
	}

	// findings_in_paths counts distinct ids over all chains.
	inPaths := map[string]struct{}{}
	counted := make([]bool, len(findings))
	for c := range chains {
		for _, i := range chains[c].indices() {
			if !counted[i] {
				counted[i] = true
				inPaths[findings[i].ID] = struct{}{}
			}
		}
	}

	// Sort stably by severity rank descending, then score descending. Both
	// keys are tiny (rank 0–4, score a multiple of 25 up to 100), so a
	// stable counting pass gives exactly sort.SliceStable's order in linear
	// time, and each path is built straight into its final slot.
	const ranks, scores = 5, 5 // rank 0..4, score/25 0..4
	bucket := make([]uint8, len(chains))
	var start [ranks*scores + 1]int
	for c := range chains {
		sev, score := chainSeverityScore(findings, &chains[c], rules.rank)
		b := (ranks-1-rules.rank(sev))*scores + (scores - 1 - score/25)
		bucket[c] = uint8(b)
		start[b+1]++
	}
	for b := 1; b < len(start); b++ {
		start[b] += start[b-1]
	}
	paths := make([]AttackPath, len(chains))
	for c := range chains {
		slot := start[bucket[c]]
		start[bucket[c]]++
		buildPath(&paths[slot], c+1, findings, &chains[c], rules)
	}

	stats := AttackPathStats{
		TotalFindings:   len(findings),
		FindingsInPaths: len(inPaths),
		TotalPaths:      len(paths),
		ByProvider:      map[string]int{},
		Truncated:       truncated,
	}
	stats.IsolatedFindings = stats.TotalFindings - stats.FindingsInPaths
	if stats.TotalFindings > 0 {
		stats.CoveragePercent = float64(stats.FindingsInPaths) / float64(stats.TotalFindings) * 100
	}
	for i := range paths {
		switch paths[i].Severity { // exact strings, in both engines
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

// groupChains returns the chains of one account group (indices into
// findings, input order) in production order (docs/algorithms.md,
// "Heuristic engine", steps 2–5), at most budget of them when budget > 0.
func groupChains(findings []Finding, group []int32, budget int) []chain {
	var entries, targets, intermediates []int32
	for _, i := range group {
		switch classify(&findings[i]) {
		case roleEntry:
			entries = append(entries, i)
		case roleTarget:
			targets = append(targets, i)
		default:
			intermediates = append(intermediates, i)
		}
	}
	index := newIntermediateIndex(findings, intermediates)

	var chains []chain
	in := map[string]struct{}{}
	added := map[int32]bool{} // findings whose id is already in `in`
	// add keeps c and reports whether the budget is used up.
	add := func(c chain) (full bool) {
		for _, i := range c.indices() {
			if !added[i] {
				added[i] = true
				in[findings[i].ID] = struct{}{}
			}
		}
		chains = append(chains, c)
		return len(chains) == budget
	}
	for _, ei := range entries {
		e := &findings[ei]
		for _, ti := range targets {
			t := &findings[ti]
			if e.ID == t.ID {
				continue
			}
			var full bool
			if connected(e, t) {
				full = add(chain{idx: [maxChainLen]int32{ei, ti}, n: 2})
			} else if mi := index.first(findings, e, t); mi >= 0 {
				full = add(chain{idx: [maxChainLen]int32{ei, mi, ti}, n: 3})
			}
			if full {
				return chains
			}
		}
	}

	// Lateral pairs among HIGH/CRITICAL findings not yet in a chain.
	for k, i := range group {
		f1 := &findings[i]
		if _, ok := in[f1.ID]; ok || severityRank(f1.Severity) < 3 {
			continue
		}
		for _, j := range group[k+1:] {
			f2 := &findings[j]
			if severityRank(f2.Severity) < 3 {
				continue
			}
			if _, ok := in[f2.ID]; ok {
				continue
			}
			if connected(f1, f2) && add(chain{idx: [maxChainLen]int32{i, j}, n: 2}) {
				return chains
			}
		}
	}
	return chains
}

// chainSeverityScore returns the path severity (the highest-ranked severity,
// starting from "LOW", replaced only by a strictly higher rank) and the
// score (Σ rank×25, capped at 100).
func chainSeverityScore(findings []Finding, c *chain, rank func(string) int) (string, int) {
	sev, score := "LOW", 0
	for _, i := range c.indices() {
		r := rank(findings[i].Severity)
		if r > rank(sev) {
			sev = findings[i].Severity
		}
		score += r * 25
	}
	return sev, min(score, 100)
}

// pathID formats path number n as "ap-" and at least 3 digits.
func pathID(n int) string {
	d := strconv.Itoa(n)
	for len(d) < 3 {
		d = "0" + d
	}
	return "ap-" + d
}

// buildPath renders chain number n into p (docs/output.md, "A path").
func buildPath(p *AttackPath, n int, findings []Finding, c *chain, rules pathRules) {
	id := pathID(n)
	first, last := &findings[c.idx[0]], &findings[c.idx[c.n-1]]
	hops := c.len() - 1
	sev, score := chainSeverityScore(findings, c, rules.rank)

	*p = AttackPath{
		ID:    id,
		Title: first.ResourceName + " → " + last.ResourceName,
		Description: strconv.Itoa(hops) + "-hop path in " + first.CloudProvider +
			" account " + first.AccountID + ": " + first.ResourceName + " (" +
			first.Category + ") to " + last.ResourceName + " (" + last.Category + ")",
		Severity:   sev,
		Score:      score,
		HopCount:   hops,
		Nodes:      make([]AttackPathNode, c.n),
		Edges:      make([]AttackPathEdge, hops),
		FindingIDs: make([]string, c.n),
	}
	ntactics := 0
	for k, i := range c.indices() {
		f := &findings[i]
		ntactics += len(f.MitreTactics)
		p.FindingIDs[k] = f.ID
		p.Nodes[k] = AttackPathNode{
			ID:           id + "-node-" + strconv.Itoa(k),
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
		if k > 0 {
			edgeType, label := rules.edge(&findings[c.idx[k-1]], f)
			p.Edges[k-1] = AttackPathEdge{
				ID:       id + "-edge-" + strconv.Itoa(k-1),
				Source:   p.Nodes[k-1].ID,
				Target:   p.Nodes[k].ID,
				Label:    label,
				EdgeType: edgeType,
			}
		}
	}
	p.EntryPoint = p.Nodes[0]
	p.Target = p.Nodes[hops]

	// Sorted distinct union of the tactics; [] (not null) when none.
	tactics := make([]string, 0, ntactics)
	for _, i := range c.indices() {
		tactics = append(tactics, findings[i].MitreTactics...)
	}
	sort.Strings(tactics)
	p.MitreTactics = slices.Compact(tactics)
}

// edgeKind returns the edge type and label of the edge from → to.
func edgeKind(from, to *Finding) (edgeType, label string) {
	return edgeRule(asciiLower(to.ResourceType), from.Category, to.Category)
}

// edgeRule types an edge from the lower-cased resource type of its end and
// the categories of both ends, as the caller has cased them.
func edgeRule(toType, fromCategory, toCategory string) (edgeType, label string) {
	switch {
	case toType == "storage" || toType == "database" || toType == "secret":
		return "data_access", "data access"
	case fromCategory == "IDENTITY" || toCategory == "IDENTITY":
		return "iam_trust", "IAM trust"
	case fromCategory == "NETWORK" || toCategory == "NETWORK":
		return "network_reachable", "network access"
	}
	return "lateral_movement", "lateral movement"
}
