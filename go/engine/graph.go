package engine

import "strings"

// Graph mode (docs/algorithms.md, "Graph mode"): attack paths of up to 4
// hops over an explicit resource graph. This is the reference for the
// native engine, so it follows the documented steps literally — one
// breadth-first search per (source, target) pair — and is only as fast as
// small inputs need.

// maxHops is the longest path graph mode searches.
const maxHops = maxChainLen - 1

// graphRank is rank() of graph mode: on the upper-cased severity, so
// "high" and "hıgh" (dotless ı) rank as HIGH.
func graphRank(s string) int { return severityRank(strings.ToUpper(s)) }

// graphClassify is the heuristic engine's classification with Unicode case
// mapping: upper(category), upper(severity), lower(resource_type).
func graphClassify(f *Finding) role {
	category, severity := strings.ToUpper(f.Category), strings.ToUpper(f.Severity)
	rt := strings.ToLower(f.ResourceType)
	switch {
	case category == "NETWORK",
		category == "VULNERABILITY" && f.ExploitAvailable,
		(rt == "compute" || rt == "container" || rt == "serverless") &&
			(severity == "CRITICAL" || severity == "HIGH"):
		return roleEntry
	case rt == "storage" || rt == "database" || rt == "secret" || rt == "encryption":
		return roleTarget
	}
	return roleIntermediate
}

// edgeLabels names the known edge types; any other type is its own label.
var edgeLabels = map[string]string{
	"same_region":       "same region",
	"same_account":      "same account",
	"network_reachable": "network access",
	"data_access":       "data access",
	"iam_trust":         "IAM trust",
	"lateral_movement":  "lateral movement",
}

// graphEdgeKind types the edge between two consecutive chain records: the
// graph's type for their resource ids or, when they are not linked (only
// possible with duplicate finding ids), the heuristic engine's rule on
// upper-cased categories.
func graphEdgeKind(g *ResourceGraph) func(from, to *Finding) (string, string) {
	return func(from, to *Finding) (string, string) {
		if t, ok := g.EdgeType(from.ResourceID, to.ResourceID); ok {
			if label, known := edgeLabels[t]; known {
				return t, label
			}
			return t, t
		}
		return edgeRule(strings.ToLower(to.ResourceType),
			strings.ToUpper(from.Category), strings.ToUpper(to.Category))
	}
}

// ComputeGraphAttackPaths chains findings into attack paths over the
// resource graph g (docs/algorithms.md, "Graph mode"); maxPaths caps the
// result as in ComputeAttackPathsMax. A nil g is an empty graph (no
// paths); use ComputeAttackPaths for the heuristic engine.
func ComputeGraphAttackPaths(findings []Finding, g *ResourceGraph, maxPaths int) AttackPathResult {
	if g == nil {
		g = NewResourceGraph(nil)
	}
	links := newLinkTable(findings, g)

	// The seen fingerprints and the ids in kept chains span all groups.
	seen := map[string]struct{}{}
	in := map[string]struct{}{}
	var chains []chain
	// keep applies dedup and reports whether generation can stop: with a
	// cap, one chain past it is enough to know the result is truncated.
	keep := func(c chain) (stop bool) {
		ids := make([]string, c.n)
		for k, i := range c.indices() {
			ids[k] = findings[i].ID
		}
		fingerprint := strings.Join(ids, "->")
		if _, dup := seen[fingerprint]; dup {
			return false
		}
		seen[fingerprint] = struct{}{}
		for _, id := range ids {
			in[id] = struct{}{}
		}
		chains = append(chains, c)
		return maxPaths > 0 && len(chains) > maxPaths
	}

	for _, group := range accountGroups(findings) {
		if len(group) < 2 {
			continue
		}
		s := newGroupSearch(findings, group, links)
		var entries, targets []int
		for pos, i := range group {
			switch graphClassify(&findings[i]) {
			case roleEntry:
				entries = append(entries, pos)
			case roleTarget:
				targets = append(targets, pos)
			}
		}
		for _, e := range entries {
			for _, t := range targets {
				if c, ok := s.bfs(e, t); ok && keep(c) {
					return assemble(findings, chains, maxPaths, graphRules(g))
				}
			}
		}
		// Lateral pairs: IN is read as it grows.
		for p1, i := range group {
			f1 := &findings[i]
			if _, ok := in[f1.ID]; ok || graphRank(f1.Severity) < 3 {
				continue
			}
			for p2 := p1 + 1; p2 < len(group); p2++ {
				f2 := &findings[group[p2]]
				if graphRank(f2.Severity) < 3 {
					continue
				}
				if _, ok := in[f2.ID]; ok {
					continue
				}
				if c, ok := s.bfs(p1, p2); ok && keep(c) {
					return assemble(findings, chains, maxPaths, graphRules(g))
				}
			}
		}
	}
	return assemble(findings, chains, maxPaths, graphRules(g))
}

func graphRules(g *ResourceGraph) pathRules {
	return pathRules{rank: graphRank, edge: graphEdgeKind(g)}
}

// linkTable answers connect(a, b) for findings by index: resource ids are
// numbered once so a lookup is two integer compares and one map probe.
type linkTable struct {
	resource []int32           // finding index → resource number
	linked   map[[2]int32]bool // resource numbers, smaller first
}

func newLinkTable(findings []Finding, g *ResourceGraph) *linkTable {
	numbers := map[string]int32{}
	t := &linkTable{resource: make([]int32, len(findings)), linked: map[[2]int32]bool{}}
	for i := range findings {
		n, ok := numbers[findings[i].ResourceID]
		if !ok {
			n = int32(len(numbers))
			numbers[findings[i].ResourceID] = n
		}
		t.resource[i] = n
	}
	// Pairs naming a resource no finding has can never connect two findings.
	for p := range g.types {
		a, okA := numbers[p.lo]
		b, okB := numbers[p.hi]
		if okA && okB {
			t.linked[orderedPair(a, b)] = true
		}
	}
	return t
}

func orderedPair(a, b int32) [2]int32 {
	if b < a {
		a, b = b, a
	}
	return [2]int32{a, b}
}

// connect is graph mode's connect(a, b): different resource ids that the
// graph links. There is no heuristic fallback.
func (t *linkTable) connect(a, b int32) bool {
	ra, rb := t.resource[a], t.resource[b]
	return ra != rb && t.linked[orderedPair(ra, rb)]
}

// groupSearch runs the per-pair search over one account group. Finding ids
// are numbered within the group so visited/parent/depth are slices.
type groupSearch struct {
	group    []int32 // finding indices, input order
	links    *linkTable
	idOf     []int32 // group position → id number
	lastByID []int   // id number → position of the group's last finding with that id

	// Per-search state, reset by bumping stamp.
	stamp     uint64
	visitedAt []uint64 // id number → stamp of the search that visited it
	parent    []int32
	depth     []int8
	queue     []int32
}

func newGroupSearch(findings []Finding, group []int32, links *linkTable) *groupSearch {
	s := &groupSearch{group: group, links: links, idOf: make([]int32, len(group))}
	numbers := map[string]int32{}
	for pos, i := range group {
		n, ok := numbers[findings[i].ID]
		if !ok {
			n = int32(len(numbers))
			numbers[findings[i].ID] = n
			s.lastByID = append(s.lastByID, pos)
		}
		s.idOf[pos] = n
		s.lastByID[n] = pos // last record wins
	}
	ids := len(numbers)
	s.visitedAt = make([]uint64, ids)
	s.parent = make([]int32, ids)
	s.depth = make([]int8, ids)
	return s
}

// bfs is the search of docs/algorithms.md, "Graph mode", step 5, from the
// finding at group position src to the one at dst; identity is by id, with
// by_id = the last record of each id, overridden by src and dst themselves.
// It returns the chain of finding indices, or false.
func (s *groupSearch) bfs(src, dst int) (chain, bool) {
	srcID, dstID := s.idOf[src], s.idOf[dst]
	if srcID == dstID {
		return chain{}, false
	}
	byID := func(id int32) int {
		switch id {
		case srcID:
			return src
		case dstID:
			return dst
		}
		return s.lastByID[id]
	}

	s.stamp++
	s.visitedAt[srcID], s.depth[srcID], s.parent[srcID] = s.stamp, 0, -1
	s.queue = append(s.queue[:0], srcID)
	for head := 0; head < len(s.queue); head++ {
		c := s.queue[head]
		if s.depth[c] >= maxHops {
			continue
		}
		cur := s.group[byID(c)]
		for n, fi := range s.group {
			nid := s.idOf[n]
			if nid == c || s.visitedAt[nid] == s.stamp || !s.links.connect(cur, fi) {
				continue
			}
			s.visitedAt[nid], s.parent[nid], s.depth[nid] = s.stamp, c, s.depth[c]+1
			if nid == dstID {
				return s.chainTo(dstID, byID), true
			}
			s.queue = append(s.queue, nid)
		}
	}
	return chain{}, false
}

// chainTo follows parents from id back to the source and returns the
// records by_id names, source first.
func (s *groupSearch) chainTo(id int32, byID func(int32) int) chain {
	var c chain
	c.n = int32(s.depth[id]) + 1
	for k := c.n - 1; k >= 0; k-- {
		c.idx[k] = s.group[byID(id)]
		id = s.parent[id]
	}
	return c
}
