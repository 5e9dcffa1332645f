package graphcases

import (
	"encoding/json"
	"math/rand/v2"
	"strings"
)

// Input is one generated graph-mode input.
type Input struct {
	Findings []byte // findings document
	Edges    []byte // edge document (never nil: graph mode)
	MaxPaths int    // 0: no cap
}

// FromFuzz builds a graph-mode input from fuzz bytes, so a coverage-guided
// fuzzer mutates structure rather than syntax. Findings: one to three small
// accounts whose findings draw ids and resources from small pools (ids
// repeat within and across accounts, some contain "->"), with mixed-case
// and dotless-ı severities and categories. Edges: up to 25 rows, half the
// time starting with a path through the resource pool (for long chains), of
// every kind — counting rows of every type, self-loops, reversed and
// repeated pairs, rows through unknown or empty resource ids, ignored rows
// (non-resource ends, empty, null or missing types), key spellings
// encoding/json folds, repeated keys, unknown keys with nested values — and,
// in one document of 16, a read key with a non-string value, so the
// decoders' errors are compared too. A quarter of the inputs set MaxPaths.
// Running out of bytes reads zeros; the same bytes give the same input.
func FromFuzz(data []byte) Input { return FromFuzzSized(data, DefaultSize) }

// Size bounds how much FromFuzzSized generates.
type Size struct {
	MaxFindings int // 1..MaxFindings findings
	MaxRows     int // 0..MaxRows-1 drawn rows, after the optional path of 5
}

// DefaultSize is FromFuzz's: up to 12 findings and 19 drawn rows.
var DefaultSize = Size{MaxFindings: 12, MaxRows: 20}

// FromFuzzSized is FromFuzz within other bounds: the same bytes make the
// same choices, the two counts are drawn modulo the given bounds.
func FromFuzzSized(data []byte, size Size) Input {
	g := &fuzzGen{src: data, maxRows: size.MaxRows}
	accounts := []string{"a", "b", "A"}[:1+g.intn(3)]
	n := 1 + g.intn(size.MaxFindings)
	findings := make([]findingJSON, n)
	for i := range findings {
		findings[i] = g.finding(accounts)
	}
	doc, err := json.Marshal(findings)
	if err != nil {
		panic(err) // strings, bools and string slices only
	}
	in := Input{Findings: doc, Edges: g.edges()}
	if g.intn(4) == 0 {
		in.MaxPaths = 1 + g.intn(6)
	}
	return in
}

// FromSeed is FromFuzz over 512 bytes drawn from a PCG stream of seed, for
// seed-driven loops in ordinary tests.
func FromSeed(seed uint64) Input {
	pcg := rand.NewPCG(seed, 0x6772617068) // the raw PCG stream is stable across Go releases
	data := make([]byte, 512)
	for i := 0; i < len(data); i += 8 {
		v := pcg.Uint64()
		for k := 0; k < 8; k++ {
			data[i+k] = byte(v >> (8 * k))
		}
	}
	return FromFuzz(data)
}

type fuzzGen struct {
	src     []byte
	pos     int
	maxRows int
}

func (g *fuzzGen) byte() byte {
	if g.pos >= len(g.src) {
		return 0
	}
	b := g.src[g.pos]
	g.pos++
	return b
}

func (g *fuzzGen) intn(n int) int { return int(g.byte()) % n }

func (g *fuzzGen) pick(xs ...string) string { return xs[g.intn(len(xs))] }

var (
	fuzzIDs       = []string{"f1", "f2", "f3", "f4", "f5", "f6", "f1", "f2", "a->b", "a", "b->c", "b", "c"}
	fuzzResources = []string{"r1", "r2", "r3", "r4", "r5", "r6", "r1", "r2", ""}
	fuzzTypes     = []string{"compute", "storage", "database", "secret", "encryption", "container", "serverless",
		"logging", "identity", "network", "Storage", "DATABASE", "CONTAINER", "Compute", "ſecret"}
	fuzzSeverities = []string{"CRITICAL", "HIGH", "MEDIUM", "LOW", "HIGH", "CRITICAL", "hıgh", "High", "critical",
		"crıtıcal", "", "x"}
	fuzzCategories = []string{"NETWORK", "VULNERABILITY", "IDENTITY", "COMPLIANCE", "network", "Vulnerability",
		"ıdentity", "X", "DATA_EXPOSURE"}
	fuzzEdgeTypes = []string{`"same_region"`, `"same_account"`, `"network_reachable"`, `"iam_trust"`,
		`"data_access"`, `"lateral_movement"`, `"same_region"`, `"custom <t>"`, `""`, `null`}
	fuzzEndTypes = []string{`"resource"`, `"resource"`, `"resource"`, `"resource"`, `"resource"`, `"resource"`,
		`"resource"`, `"resource"`, `null`, `"finding"`, `"Resource"`, `""`}
)

func (g *fuzzGen) finding(accounts []string) findingJSON {
	f := findingJSON{
		ID:               g.pick(fuzzIDs...),
		AccountID:        g.pick(accounts...),
		ResourceID:       g.pick(fuzzResources...),
		ResourceType:     g.pick(fuzzTypes...),
		Severity:         g.pick(fuzzSeverities...),
		Category:         g.pick(fuzzCategories...),
		ExploitAvailable: g.intn(2) == 0,
		Region:           g.pick("r1", "r2"),
		ResourceName:     g.pick("n1", "n2", "<x>&", "é\u2028"),
		CloudProvider:    g.pick("aws", "gcp", "azure"),
	}
	switch g.intn(3) {
	case 0:
		f.MitreTactics = []string{"TA2", "TA1"}
	case 1:
		f.MitreTactics = []string{"TA1"}
	}
	return f
}

// key writes a key in a spelling encoding/json maps to the same field.
func (g *fuzzGen) key(b *strings.Builder, k string) {
	switch g.intn(8) {
	case 0:
		k = strings.ToUpper(k)
	case 1:
		k = strings.ToUpper(k[:1]) + k[1:]
	case 2:
		k = strings.ReplaceAll(k, "s", "ſ") // U+017F folds to s
	case 3:
		k = `\u00` + hex2(k[0]) + k[1:]
	}
	b.WriteString(`"` + k + `":`)
}

func hex2(c byte) string {
	const digits = "0123456789abcdef"
	return string([]byte{digits[c>>4], digits[c&15]})
}

func (g *fuzzGen) resource() string {
	if g.intn(8) == 0 {
		return `"rx"` // no finding has it
	}
	return `"` + g.pick(fuzzResources...) + `"`
}

func (g *fuzzGen) edges() []byte {
	var b strings.Builder
	b.WriteByte('[')
	type pair struct{ src, dst string }
	var pairs []pair
	if g.intn(2) == 0 {
		// A path through the pool in a drawn order, so long chains appear.
		order := []string{"r1", "r2", "r3", "r4", "r5", "r6"}
		for i := len(order) - 1; i > 0; i-- {
			j := g.intn(i + 1)
			order[i], order[j] = order[j], order[i]
		}
		for i := 1; i < len(order); i++ {
			pairs = append(pairs, pair{`"` + order[i-1] + `"`, `"` + order[i] + `"`})
		}
	}
	for i, n := 0, g.intn(g.maxRows); i < n; i++ {
		src, dst := g.resource(), g.resource()
		switch g.intn(8) {
		case 0:
			dst = src // self-loop
		case 1:
			if len(pairs) > 0 { // an earlier pair again, reversed
				p := pairs[g.intn(len(pairs))]
				src, dst = p.dst, p.src
			}
		}
		pairs = append(pairs, pair{src, dst})
	}
	// A small share of documents has one row with a wrong value type.
	invalid := -1
	if g.intn(16) == 0 && len(pairs) > 0 {
		invalid = g.intn(len(pairs))
	}
	for i, p := range pairs {
		if i > 0 {
			b.WriteByte(',')
		}
		g.row(&b, p.src, p.dst, i == invalid)
	}
	b.WriteByte(']')
	return []byte(b.String())
}

// row writes one edge row: the five read keys (each may be missing), in a
// random order of two layouts, plus unknown keys.
func (g *fuzzGen) row(b *strings.Builder, src, dst string, invalid bool) {
	type member struct{ key, value string }
	var members []member
	if g.intn(6) != 0 {
		members = append(members, member{"source_type", g.pick(fuzzEndTypes...)})
	}
	if g.intn(16) != 0 {
		members = append(members, member{"source_id", src})
	}
	if g.intn(6) != 0 {
		members = append(members, member{"target_type", g.pick(fuzzEndTypes...)})
	}
	if g.intn(16) != 0 {
		members = append(members, member{"target_id", dst})
	}
	if g.intn(16) != 0 {
		members = append(members, member{"edge_type", g.pick(fuzzEdgeTypes...)})
	}
	switch g.intn(6) {
	case 0: // a repeated key: the later value wins
		members = append(members, member{"edge_type", g.pick(fuzzEdgeTypes...)})
	case 1:
		members = append(members, member{"properties", g.pick(`{}`, `{"w":[1,2.5e3,null,{"k":"v"}]}`, `[]`, `"p"`, `0`)})
	case 2:
		members = append(members, member{"id", `"e1"`}, member{"tenant_id", `"t"`},
			member{"created_at", `"2026-03-10T00:00:00Z"`})
	}
	if invalid { // a wrong type for a read key: the document is rejected
		members = append(members, member{g.pick("source_type", "source_id", "target_type", "target_id", "edge_type"),
			g.pick(`1`, `true`, `{}`, `["resource"]`)})
	}
	if g.intn(2) == 0 && len(members) > 1 {
		members[0], members[len(members)-1] = members[len(members)-1], members[0]
	}
	b.WriteByte('{')
	for k, m := range members {
		if k > 0 {
			b.WriteByte(',')
		}
		g.key(b, m.key)
		b.WriteString(m.value)
	}
	b.WriteByte('}')
}
