package engine

import "slices"

// intermediateIndex answers step 4's search (docs/algorithms.md, "Heuristic
// engine", step 4): the first intermediate, in input order, that joins an
// entry and a target. A usable m lies in the entry's or the target's region.
// When the two regions differ, m in the entry's region reaches the target
// only through the target's resource type, and m in the target's region
// reaches the entry only through the entry's type, so the candidates are
// exactly the lists (entry region, target type) and (target region, entry
// type). When they share a region (the direct link then failed on equal
// resource ids) every intermediate of that region is a candidate.
//
// Inside a candidate list, what can still reject m is its resource id (equal
// to the entry's or the target's) or its finding id (equal to either one's):
// at most four values. A list is searched through its firstUsableTree, in at
// most five steps, so crafted inputs (one region, one resource id, repeated
// ids) cannot make the search scan the list for every pair.
type intermediateIndex struct {
	byRegion     map[string]firstUsableTree
	byRegionType map[regionType]firstUsableTree
}

type regionType struct{ region, rtype string }

// newIntermediateIndex indexes the intermediates (indices into findings, in
// input order).
func newIntermediateIndex(findings []Finding, intermediates []int32) intermediateIndex {
	byRegion := map[string][]int32{}
	byRegionType := map[regionType][]int32{}
	for _, i := range intermediates {
		f := &findings[i]
		byRegion[f.Region] = append(byRegion[f.Region], i)
		k := regionType{f.Region, f.ResourceType}
		byRegionType[k] = append(byRegionType[k], i)
	}
	ix := intermediateIndex{
		byRegion:     make(map[string]firstUsableTree, len(byRegion)),
		byRegionType: make(map[regionType]firstUsableTree, len(byRegionType)),
	}
	for k, list := range byRegion {
		ix.byRegion[k] = newFirstUsableTree(findings, list)
	}
	for k, list := range byRegionType {
		ix.byRegionType[k] = newFirstUsableTree(findings, list)
	}
	return ix
}

// first returns the first usable intermediate for entry e and target t, or -1.
func (ix intermediateIndex) first(findings []Finding, e, t *Finding) int32 {
	if e.Region == t.Region {
		return ix.byRegion[e.Region].first(findings, e, t)
	}
	a := ix.byRegionType[regionType{e.Region, t.ResourceType}].first(findings, e, t)
	b := ix.byRegionType[regionType{t.Region, e.ResourceType}].first(findings, e, t)
	switch {
	case a < 0:
		return b
	case b < 0 || a < b:
		return a
	}
	return b
}

// usableIntermediate is step 4's whole condition on m.
func usableIntermediate(e, m, t *Finding) bool {
	return m.ID != e.ID && m.ID != t.ID && connected(e, m) && connected(m, t) &&
		(m.Region == e.Region || m.Region == t.Region)
}

// maxTreeLevels bounds a firstUsableTree: four blocking values, one removed
// per level, so the fifth level always answers.
const maxTreeLevels = 5

// firstUsableTree holds, for one candidate list, the answers of every search:
// nodes[0] is the list's first element; the children of node k are the first
// element of what is left of k's list once every element with k's resource
// id (child 2k+1) or k's finding id (child 2k+2) is removed as well; -1 where
// nothing is left. A search descends from the root by the reason the node's
// element is rejected; the rejecting value is gone from the whole subtree, so
// each step removes one of the at most four values that can reject, and the
// element it stops at is the first usable one in input order.
type firstUsableTree struct {
	nodes []int32
}

func newFirstUsableTree(findings []Finding, list []int32) firstUsableTree {
	levels := min(len(list), maxTreeLevels) // each level removes at least one element
	t := firstUsableTree{nodes: make([]int32, 1<<levels-1)}
	for k := range t.nodes {
		t.nodes[k] = -1
	}
	// fill sets node k: the first element of list[from:] whose resource id is
	// not in rids and whose id is not in ids, then its children.
	var fill func(k, from int, rids, ids []string)
	fill = func(k, from int, rids, ids []string) {
		if k >= len(t.nodes) {
			return
		}
		for i := from; i < len(list); i++ {
			m := &findings[list[i]]
			if slices.Contains(rids, m.ResourceID) || slices.Contains(ids, m.ID) {
				continue
			}
			t.nodes[k] = list[i]
			fill(2*k+1, i+1, append(slices.Clip(rids), m.ResourceID), ids)
			fill(2*k+2, i+1, rids, append(slices.Clip(ids), m.ID))
			return
		}
	}
	fill(0, 0, nil, nil)
	return t
}

// first returns the first element of the tree's list usable between e and t,
// or -1.
func (t firstUsableTree) first(findings []Finding, e, target *Finding) int32 {
	k := 0
	for k < len(t.nodes) && t.nodes[k] >= 0 {
		m := &findings[t.nodes[k]]
		switch {
		case usableIntermediate(e, m, target):
			return t.nodes[k]
		case m.ResourceID == e.ResourceID || m.ResourceID == target.ResourceID:
			k = 2*k + 1
		case m.ID == e.ID || m.ID == target.ID:
			k = 2*k + 2
		default:
			// The list's region and type give both links, so only a resource
			// id or a finding id can reject a candidate.
			panic("engine: intermediate rejected for a reason its list rules out")
		}
	}
	return -1
}
