package corpus

import (
	"bufio"
	"fmt"
	"io"
)

// Resource is one distinct resource of a corpus, as the edge writer needs
// it: where it lives and what kind it is.
type Resource struct {
	Account, Region, ID, Type string
}

// Resources returns the distinct resources (by id) of the corpus opts
// describes, in order of first appearance.
func Resources(opts Options) ([]Resource, error) {
	g, err := newGenerator(opts)
	if err != nil {
		return nil, err
	}
	var out []Resource
	if opts.Shape == ShapeAdversarial {
		if opts.N > 0 {
			out = append(out, Resource{Account: adversarialAccount, Region: adversarialRegion, ID: adversarialResource, Type: "compute"})
		}
		return out, nil
	}
	seen := map[string]bool{}
	for i := 0; i < opts.N; i++ {
		r := newRNG(g.seed, famFinding, i)
		res := g.resource(resourceIndex(&r, i))
		if !seen[res.id] {
			seen[res.id] = true
			out = append(out, Resource{Account: res.acct.id, Region: res.region, ID: res.id, Type: resourceTypes[res.typeIdx]})
		}
	}
	return out, nil
}

// DefaultMaxGroup is the largest (account, region) group the upstream
// backfill links: groups of 2 to 500 resources get a same_region row for
// every pair, larger groups none.
const DefaultMaxGroup = 500

// EdgeOptions selects the edge document WriteEdges writes.
type EdgeOptions struct {
	Seed uint64 // same seed, same bytes
	// MaxGroup is the largest (account, region) group that gets same_region
	// rows; <= 0 means DefaultMaxGroup.
	MaxGroup int
	// SameAccount is the share (0..1) of the pairs of resources of one
	// account that have no same_region row which get a same_account row.
	SameAccount float64
	// Typed adds network_reachable, iam_trust and data_access rows: 0–2 per
	// resource to earlier resources of its account, in any region, so that
	// chains of several hops appear.
	Typed bool
}

// EdgeCounts describes a written edge document.
type EdgeCounts struct {
	Groups       int // (account, region) groups with at least one resource
	LinkedGroups int // groups of 2..MaxGroup resources
	LargestGroup int
	SameRegion   int64
	SameAccount  int64
	Typed        int64
	Bytes        int64
}

// Rows is the number of rows written.
func (c EdgeCounts) Rows() int64 { return c.SameRegion + c.SameAccount + c.Typed }

// Stream families of the edge writer.
const (
	famEdgeRow     = 11
	famSameAccount = 12
	famTyped       = 13
)

// GenerateEdges writes the edge document of the corpus opts describes (see
// WriteEdges), seeded with opts.Seed unless eo.Seed is set.
func GenerateEdges(w io.Writer, opts Options, eo EdgeOptions) (EdgeCounts, error) {
	resources, err := Resources(opts)
	if err != nil {
		return EdgeCounts{}, err
	}
	if eo.Seed == 0 {
		eo.Seed = opts.Seed
	}
	return WriteEdges(w, resources, eo)
}

// WriteEdges writes an edge document (a JSON array of upstream
// graph_edges-shaped rows) over resources, streamed through a buffered
// writer: first upstream's backfill — a same_region row for every pair of
// distinct resources of each (account, region) group of 2..MaxGroup
// resources, groups and pairs in order of first appearance — then the
// same_account share, then the typed rows. Memory grows with the number of
// resources, not rows.
func WriteEdges(w io.Writer, resources []Resource, eo EdgeOptions) (EdgeCounts, error) {
	if eo.MaxGroup <= 0 {
		eo.MaxGroup = DefaultMaxGroup
	}
	if eo.SameAccount < 0 || eo.SameAccount > 1 {
		return EdgeCounts{}, fmt.Errorf("corpus: same-account share %v is not in [0, 1]", eo.SameAccount)
	}
	cw := &countingWriter{w: w}
	ew := &edgeWriter{bw: bufio.NewWriterSize(cw, 256<<10), seed: eo.Seed}
	ew.bw.WriteString("[")

	// Groups and accounts in order of first appearance.
	type groupKey struct{ account, region string }
	groupOf := map[groupKey]int{}
	var groups [][]int32
	accountOf := map[string]int{}
	var accounts [][]int32
	resGroup := make([]int, len(resources))
	for i, r := range resources {
		k := groupKey{r.Account, r.Region}
		gi, ok := groupOf[k]
		if !ok {
			gi = len(groups)
			groupOf[k] = gi
			groups = append(groups, nil)
		}
		groups[gi] = append(groups[gi], int32(i))
		resGroup[i] = gi
		ai, ok := accountOf[r.Account]
		if !ok {
			ai = len(accounts)
			accountOf[r.Account] = ai
			accounts = append(accounts, nil)
		}
		accounts[ai] = append(accounts[ai], int32(i))
	}

	var counts EdgeCounts
	counts.Groups = len(groups)
	linked := func(g int) bool { return len(groups[g]) >= 2 && len(groups[g]) <= eo.MaxGroup }
	for g, members := range groups {
		counts.LargestGroup = max(counts.LargestGroup, len(members))
		if !linked(g) {
			continue
		}
		counts.LinkedGroups++
		for a := 0; a < len(members); a++ {
			for b := a + 1; b < len(members); b++ {
				ew.row(&resources[members[a]], &resources[members[b]], "same_region")
				counts.SameRegion++
			}
		}
	}

	if eo.SameAccount > 0 {
		for ai, members := range accounts {
			for a := 0; a < len(members); a++ {
				for b := a + 1; b < len(members); b++ {
					ra, rb := members[a], members[b]
					if resGroup[ra] == resGroup[rb] && linked(resGroup[ra]) {
						continue // already a same_region pair
					}
					if pairChance(eo.Seed, ai, a, b) < eo.SameAccount {
						ew.row(&resources[ra], &resources[rb], "same_account")
						counts.SameAccount++
					}
				}
			}
		}
	}

	if eo.Typed {
		position := make([]int, len(resources)) // index inside its account
		for _, members := range accounts {
			for k, i := range members {
				position[i] = k
			}
		}
		for i := range resources {
			earlier := accounts[accountOf[resources[i].Account]][:position[i]]
			if len(earlier) == 0 {
				continue
			}
			r := newRNG(eo.Seed, famTyped, i)
			n := 0
			switch x := r.intn(100); {
			case x >= 85:
				n = 2
			case x >= 50:
				n = 1
			}
			for ; n > 0; n-- {
				from, to := &resources[earlier[r.intn(len(earlier))]], &resources[i]
				typ := typedEdge(from.Type, to.Type)
				if typ == "data_access" && isData(from.Type) && !isData(to.Type) {
					from, to = to, from // toward the data
				}
				ew.row(from, to, typ)
				counts.Typed++
			}
		}
	}

	ew.bw.WriteString("\n]\n")
	if err := ew.bw.Flush(); err != nil {
		return counts, err
	}
	counts.Bytes = cw.n
	return counts, cw.err
}

// pairChance is a uniform value in [0, 1) fixed by (seed, account, pair).
func pairChance(seed uint64, account, a, b int) float64 {
	h := mix64(newRNG(seed, famSameAccount, account).s ^ (uint64(a)<<32 | uint64(b)))
	return float64(h>>11) * (1.0 / (1 << 53))
}

func isData(t string) bool {
	return t == "storage" || t == "database" || t == "encryption"
}

// typedEdge names the relation two resource kinds plausibly have.
func typedEdge(a, b string) string {
	switch {
	case isData(a) || isData(b):
		return "data_access"
	case a == "identity" || b == "identity":
		return "iam_trust"
	}
	return "network_reachable"
}

// edgeWriter writes rows shaped like upstream's graph_edges table.
type edgeWriter struct {
	bw   *bufio.Writer
	seed uint64
	n    int64
	buf  []byte
}

func (ew *edgeWriter) row(from, to *Resource, typ string) {
	r := newRNG(ew.seed, famEdgeRow, int(ew.n))
	w := jw{b: ew.buf[:0]}
	if ew.n > 0 {
		w.b = append(w.b, ',')
	}
	w.b = append(w.b, '\n')
	w.open('{')
	w.strKey("id", r.uuid())
	w.strKey("tenant_id", "tenant-default")
	w.strKey("source_type", "resource")
	w.strKey("source_id", from.ID)
	w.strKey("target_type", "resource")
	w.strKey("target_id", to.ID)
	w.strKey("edge_type", typ)
	w.objKey("properties")
	w.close('}')
	w.strKey("created_at", ts(epochNow+ew.n/1000))
	w.close('}')
	ew.buf = w.b
	ew.bw.Write(w.b)
	ew.n++
}

// countingWriter counts the bytes that reach w and keeps its first error.
type countingWriter struct {
	w   io.Writer
	n   int64
	err error
}

func (c *countingWriter) Write(p []byte) (int, error) {
	if c.err != nil {
		return 0, c.err
	}
	n, err := c.w.Write(p)
	c.n += int64(n)
	c.err = err
	return n, err
}
