package parity

import (
	"bytes"
	"math/rand/v2"
	"strings"
	"testing"
)

// FuzzStructured turns a seed into a findings document built from the
// pieces where the engines could part: case and Unicode-folded key variants,
// repeated keys, nulls, escapes, number spellings, small value pools (so
// findings share accounts and regions and form paths) and, rarely, a value
// of the wrong type. Byte-level mutation alone seldom keeps JSON well formed;
// this reaches the decoder's and the path engine's corners faster.
func FuzzStructured(f *testing.F) {
	requireNative(f)
	for seed := uint64(0); seed < 64; seed++ {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, seed uint64) {
		doc := structuredDoc(seed)
		g, n := computeBoth(doc)
		if d := diff(g, n); d != "" {
			t.Errorf("ComputeAttackPaths(%s): %s", abbreviate(doc), d)
		}
		g, n = loadBoth(doc, []byte(`{"severity":"HIGH","offset":1}`))
		if d := diff(g, n); d != "" {
			t.Errorf("LoadAndSerializeFindings(%s): %s", abbreviate(doc), d)
		}
	})
}

// TestStructuredSeeds runs a few thousand generated documents in normal
// test runs.
func TestStructuredSeeds(t *testing.T) {
	requireNative(t)
	n := uint64(3000)
	if testing.Short() {
		n = 300
	}
	rejected, withPaths := 0, 0
	for seed := uint64(0); seed < n; seed++ {
		doc := structuredDoc(seed)
		g, nat := computeBoth(doc)
		if d := diff(g, nat); d != "" {
			t.Fatalf("seed %d: ComputeAttackPaths(%s): %s", seed, doc, d)
		}
		switch {
		case g.err != nil:
			rejected++
		case !bytes.HasPrefix(g.out, []byte(`{"paths":[]`)):
			withPaths++
		}
		g, nat = loadBoth(doc, nil)
		if d := diff(g, nat); d != "" {
			t.Fatalf("seed %d: LoadAndSerializeFindings(%s): %s", seed, doc, d)
		}
	}
	// The generator must keep producing both kinds of document.
	if rejected < int(n)/20 || withPaths < int(n)/10 {
		t.Errorf("generator drifted: %d of %d rejected, %d with paths", rejected, n, withPaths)
	}
}

type docGen struct {
	r *rand.Rand
	b strings.Builder
}

func structuredDoc(seed uint64) []byte {
	g := &docGen{r: rand.New(rand.NewPCG(seed, 0x5eed))}
	g.b.WriteByte('[')
	for i, n := 0, 1+g.r.IntN(7); i < n; i++ {
		if i > 0 {
			g.b.WriteByte(',')
		}
		g.finding()
	}
	g.b.WriteByte(']')
	return []byte(g.b.String())
}

func (g *docGen) pick(xs ...string) string { return xs[g.r.IntN(len(xs))] }
func (g *docGen) chance(p float64) bool    { return g.r.Float64() < p }

// key writes k in a random variant that Go still maps to the same field.
func (g *docGen) key(k string) {
	switch g.r.IntN(10) {
	case 0:
		k = strings.ToUpper(k)
	case 1:
		k = strings.ToUpper(k[:1]) + k[1:]
	case 2:
		k = `\u00` + hexByte(k[0]) + k[1:]
	case 3:
		k = strings.ReplaceAll(strings.ReplaceAll(k, "k", `\u212a`), "s", "ſ")
	case 4:
		k = strings.ReplaceAll(k, "_", `\u005f`)
	}
	g.b.WriteString(`"` + k + `":`)
}

func hexByte(c byte) string {
	const digits = "0123456789abcdef"
	return string([]byte{digits[c>>4], digits[c&15]})
}

var (
	stringPool = []string{
		``, `a`, `HIGH`, `CRITICAL`, `MEDIUM`, `LOW`, `high`, `NETWORK`, `IDENTITY`, `VULNERABILITY`,
		`<b>&amp;</b>`, `\u2028\u2029`, "\u2028", `\ud800`, `\udc00x`, `\ud83d\ude00`, "😀", `\u0000\u001f\b\f\n\r\t\"\\\/`,
		`é`, `\u00e9`, "\u007f", `日本`, `\uFFFD`, `a\u0041`, `ap-001`,
	}
	numberPool = []string{
		`0`, `-0`, `8`, `8.0`, `0.5`, `1e-7`, `1e21`, `1E+21`, `1e-400`, `123456789012345678901234567890`,
		`5e-324`, `1.7976931348623157e308`, `0.1`, `-1.5`, `100`, `9007199254740993`, `2.5e-324`,
	}
	stringKeys = []string{
		"id", "source", "title", "description", "resource_type", "resource_id", "resource_name", "resource_arn",
		"cloud_provider", "region", "account_id", "severity", "category", "status", "team", "integrity_hash",
		"sla_breach_date", "cvss_vector", "deduplication_key",
	}
)

func (g *docGen) str() string {
	if g.chance(0.05) {
		return `"` + g.pick(stringPool...) + g.pick(stringPool...) + `"`
	}
	return `"` + g.pick(stringPool...) + `"`
}

// wrong returns a value of a random JSON type (sometimes the right one).
func (g *docGen) wrong() string {
	return g.pick(`1`, `"x"`, `true`, `{}`, `[]`, `null`, `[1]`, `{"a":1}`, `1e400`)
}

// junk is a well-formed value of any shape for unknown keys.
func (g *docGen) junk(depth int) string {
	if depth > 3 || g.chance(0.5) {
		return g.pick(append([]string{`true`, `false`, `null`, g.str()}, numberPool...)...)
	}
	if g.chance(0.5) {
		return `[` + g.junk(depth+1) + `,` + g.junk(depth+1) + `]`
	}
	return `{"k":` + g.junk(depth+1) + `,"K":` + g.junk(depth+1) + `}`
}

func (g *docGen) finding() {
	g.b.WriteByte('{')
	comma := false
	if g.chance(0.8) { // the fields the path engine reads, from small pools
		g.key("id")
		g.b.WriteString(g.pick(`"f1"`, `"f2"`, `"f3"`, `"f4"`, `"f5"`, `"f6"`))
		g.b.WriteString(`,"account_id":` + g.pick(`"a"`, `"a"`, `"b"`))
		g.b.WriteString(`,"category":` + g.pick(`"NETWORK"`, `"VULNERABILITY"`, `"IDENTITY"`, `"X"`, `"network"`))
		g.b.WriteString(`,"resource_type":` + g.pick(`"compute"`, `"storage"`, `"Database"`, `"secret"`, `"x"`, `"container"`, `"y"`))
		g.b.WriteString(`,"resource_id":` + g.pick(`"r1"`, `"r2"`, `"r3"`, `"r4"`))
		g.b.WriteString(`,"region":` + g.pick(`"r1"`, `"r2"`))
		g.b.WriteString(`,"severity":` + g.pick(`"CRITICAL"`, `"HIGH"`, `"HIGH"`, `"MEDIUM"`, `"LOW"`, `"high"`, `""`))
		g.b.WriteString(`,"exploit_available":` + g.pick(`true`, `false`))
		g.b.WriteString(`,"resource_name":` + g.str() + `,"cloud_provider":` + g.pick(`"aws"`, `"gcp"`, `"<p>"`))
		comma = true
	}
	for i, n := 0, g.r.IntN(10); i < n; i++ {
		if comma {
			g.b.WriteByte(',')
		}
		g.member()
		comma = true
	}
	g.b.WriteByte('}')
}

func (g *docGen) member() {
	if g.chance(0.01) { // a wrong type for a known field
		g.key(g.pick(append(stringKeys, "cvss", "exploit_available", "cves", "tags", "assignee", "mitre_tactics")...))
		g.b.WriteString(g.wrong())
		return
	}
	switch g.r.IntN(12) {
	case 0, 1, 2, 3:
		k := g.pick(stringKeys...)
		g.key(k)
		switch {
		case g.chance(0.1):
			g.b.WriteString(`null`)
		case k == "account_id":
			g.b.WriteString(g.pick(`"a"`, `"b"`, `""`, `"A"`))
		case k == "region":
			g.b.WriteString(g.pick(`"r1"`, `"r2"`, `"r\u0031"`))
		case k == "resource_type":
			g.b.WriteString(g.pick(`"compute"`, `"Storage"`, `"database"`, `"secret"`, `"x"`, `"SERVERLESS"`, `"encryption"`))
		case k == "resource_id":
			g.b.WriteString(g.pick(`"r1"`, `"r2"`, `"r3"`))
		default:
			g.b.WriteString(g.str())
		}
	case 4:
		g.key(g.pick("ai_risk_score", "cvss", "epss"))
		if g.chance(0.1) {
			g.b.WriteString(`null`)
		} else {
			g.b.WriteString(g.pick(numberPool...))
		}
	case 5:
		g.key(g.pick("exploit_available", "suppressed", "auto_remediatable"))
		g.b.WriteString(g.pick(`true`, `false`, `null`))
	case 6:
		g.key(g.pick("mitre_tactics", "ips", "emails", "ai_contextual_factors", "mitre_techniques"))
		g.b.WriteString(g.pick(`null`, `[]`, `["TA1","TA0"]`, `["b",null]`, `[null,null,null]`, `["<",">","&"]`))
	case 7:
		g.key("cves")
		g.b.WriteString(g.pick(`null`, `[]`, `[null]`,
			`[{"id":"C1","url":"u","cvss":`+g.pick(numberPool...)+`},{"epss":0,"CISA_known_exploited":true}]`,
			`[{"ID":"C2","cvss_version":"3.1","cvss":null}]`))
	case 8:
		g.key("tags")
		g.b.WriteString(g.pick(`null`, `{}`, `{"b":"1","a":"2"}`, `{"a":null,"é":"x","<":"y"}`, `{"A":"3","a":"4","a":"5"}`))
	case 9:
		g.key(g.pick("assignee", "technical_contact", "business_owner"))
		g.b.WriteString(g.pick(`null`, `{}`, `{"user_id":"u","escalated":true}`, `{"team":"t","Name":"n"}`, `{"email":null}`))
	case 10:
		g.key("compliance_mappings")
		g.b.WriteString(g.pick(`null`, `[]`, `[{"framework_id":"f","url":"<u>"},null]`, `[{"control_id":"c"}]`))
	default:
		g.b.WriteString(g.pick(`"x":`, `"impacted_resources":`, `"":`, `"ID ":`, `"\u212a":`))
		g.b.WriteString(g.junk(0))
	}
}
