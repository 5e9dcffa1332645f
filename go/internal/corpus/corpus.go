// Package corpus generates deterministic synthetic findings corpora in the
// shapes the upstream benchmarks used. The output depends only on
// (Seed, Shape) per finding, so a corpus of n findings is a prefix of every
// larger corpus with the same seed and shape, and the same options always
// produce the same bytes.
package corpus

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// Shape names a corpus layout.
type Shape string

const (
	// ShapeUpstream is the upstream 20K benchmark shape: five accounts in
	// three clouds, several regions each.
	ShapeUpstream Shape = "upstream"
	// ShapeManyAccounts is the upstream 300K shape: 240 accounts named
	// <service>-<env>, one region each.
	ShapeManyAccounts Shape = "many-accounts"
	// ShapeAdversarial is the worst case of the heuristic engine's
	// intermediate search: entries, targets and intermediates (in turn) in
	// one account, one region and on one resource, so no two findings
	// connect and every (entry, target) pair used to scan every
	// intermediate. The result has no paths. Findings carry only the keys
	// the engine reads; Seed does not change them.
	ShapeAdversarial Shape = "adversarial"
)

// Options selects what Generate writes.
type Options struct {
	N      int    // number of findings (>= 0)
	Seed   uint64 // same seed, same bytes
	Shape  Shape  // "" means ShapeUpstream
	NDJSON bool   // one object per line instead of a JSON array
}

// Stream families, so resource and finding draws never share a stream.
const (
	famFinding  = 1
	famResource = 2
)

// Generate writes the corpus to w, one finding at a time through a
// buffered writer; memory use does not grow with N.
func Generate(w io.Writer, opts Options) error {
	g, err := newGenerator(opts)
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(w, 256<<10)
	if !opts.NDJSON {
		bw.WriteString("[\n")
	}
	var buf []byte
	for i := 0; i < opts.N; i++ {
		if g.adversarial {
			buf = appendAdversarial(buf[:0], i)
		} else {
			buf = g.appendFinding(buf[:0], i)
		}
		if !opts.NDJSON && i < opts.N-1 {
			buf = append(buf, ',')
		}
		buf = append(buf, '\n')
		if _, err := bw.Write(buf); err != nil {
			return err
		}
	}
	if !opts.NDJSON {
		bw.WriteString("]\n")
	}
	return bw.Flush()
}

// Bytes returns the whole corpus in memory; meant for tests and in-process
// benchmarks. It panics on invalid options.
func Bytes(opts Options) []byte {
	var b bytes.Buffer
	if err := Generate(&b, opts); err != nil {
		panic(err)
	}
	return b.Bytes()
}

type generator struct {
	seed        uint64
	accounts    []account
	weights     []int
	adversarial bool
}

func newGenerator(opts Options) (*generator, error) {
	if opts.N < 0 {
		return nil, fmt.Errorf("corpus: negative size %d", opts.N)
	}
	g := &generator{seed: opts.Seed}
	switch opts.Shape {
	case "", ShapeUpstream:
		g.accounts = upstreamAccounts
	case ShapeManyAccounts:
		g.accounts = manyAccounts()
	case ShapeAdversarial:
		g.adversarial = true
		return g, nil
	default:
		return nil, fmt.Errorf("corpus: unknown shape %q (want %q, %q or %q)", opts.Shape,
			ShapeUpstream, ShapeManyAccounts, ShapeAdversarial)
	}
	for _, a := range g.accounts {
		g.weights = append(g.weights, a.weight)
	}
	return g, nil
}

// manyAccounts builds the 240 <service>-<env> accounts. Providers split
// 26:10:4 services (≈65/25/10 %, as in the upstream shape) and each account
// lives in one region, spread over that provider's regions.
func manyAccounts() []account {
	out := make([]account, 0, len(manyServices)*len(manyEnvs))
	for si, svc := range manyServices {
		provider, regions := "aws", awsRegions
		switch {
		case si >= 36:
			provider, regions = "gcp", gcpRegions
		case si >= 26:
			provider, regions = "azure", azureRegions
		}
		for ei, env := range manyEnvs {
			region := regions[(si+ei)%len(regions)]
			out = append(out, account{
				id:       svc + "-" + env,
				name:     "acme-" + svc + "-" + env,
				provider: provider,
				regions:  []string{region},
				weight:   1,
				env:      env,
			})
		}
	}
	return out
}

// resource is everything about the affected cloud resource; several
// findings may share one.
type resource struct {
	acct                     *account
	region, env, envShort    string
	typeIdx                  int
	kind                     resKind
	name, id, arn            string
	serviceName, lob, source string
}

func (g *generator) resource(idx int) resource {
	r := newRNG(g.seed, famResource, idx)
	var res resource
	res.acct = &g.accounts[r.weighted(g.weights)]
	res.region = pick(&r, res.acct.regions)
	if res.acct.env != "" {
		res.envShort = res.acct.env
		res.env = envTypeOf[res.acct.env]
	} else {
		e := r.weighted(upEnvWeights)
		res.env, res.envShort = upEnvs[e], upEnvShort[e]
	}
	res.typeIdx = r.intn(len(resourceTypes))
	switch res.acct.provider {
	case "aws":
		res.kind = awsKinds[res.typeIdx]
	case "azure":
		res.kind = azureKinds[res.typeIdx]
	default:
		res.kind = gcpKinds[res.typeIdx]
	}
	word := pick(&r, nameWords)
	if r.chance(0.01) {
		word = pick(&r, rareNameWords)
	}
	res.name = fmt.Sprintf("%s-%s-%s-%05d", res.kind.prefix, word, res.envShort, idx+1)
	res.serviceName = pick(&r, serviceNames)
	res.lob = pick(&r, linesOfBusiness)
	res.source = pick(&r, sources[res.acct.provider])
	a, reg := res.acct.id, res.region
	switch res.acct.provider {
	case "aws":
		switch resourceTypes[res.typeIdx] {
		case "compute":
			res.id = "i-" + r.hex(17)
			res.arn = "arn:aws:ec2:" + reg + ":" + a + ":instance/" + res.id
		case "storage":
			res.id = res.name + "-" + r.hex(6)
			res.arn = "arn:aws:s3:::" + res.id
		case "database":
			res.id = "db-" + strings.ToUpper(r.hex(26))
			res.arn = "arn:aws:rds:" + reg + ":" + a + ":db:" + res.name
		case "serverless":
			res.id = res.name
			res.arn = "arn:aws:lambda:" + reg + ":" + a + ":function:" + res.name
		case "container":
			res.id = res.name
			res.arn = "arn:aws:eks:" + reg + ":" + a + ":cluster/" + res.name
		case "identity":
			res.id = "AROA" + strings.ToUpper(r.hex(17))
			res.arn = "arn:aws:iam::" + a + ":role/" + res.name
		case "network":
			res.id = "sg-" + r.hex(17)
			res.arn = "arn:aws:ec2:" + reg + ":" + a + ":security-group/" + res.id
		case "logging":
			res.id = res.name
			res.arn = "arn:aws:cloudtrail:" + reg + ":" + a + ":trail/" + res.name
		default:
			res.id = r.uuid()
			res.arn = "arn:aws:kms:" + reg + ":" + a + ":key/" + res.id
		}
	case "azure":
		res.id = "/subscriptions/" + a + "/resourceGroups/rg-" + res.envShort + "-" + reg + "/providers/" + res.kind.azure + "/" + res.name
		res.arn = res.id
	default:
		path := strings.NewReplacer("%p", a, "%r", reg, "%z", reg+"-b").Replace(res.kind.gcp)
		res.id = "//" + path + "/" + res.name
		// GCP findings carry no ARN: exercises the omitted resource_arn.
	}
	return res
}

var (
	epochBase = time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC).Unix()
	epochNow  = time.Date(2026, 3, 10, 0, 0, 0, 0, time.UTC).Unix()
	slaDays   = []int64{7, 14, 30, 90}
)

func appendTime(b []byte, unix int64) []byte {
	return time.Unix(unix, 0).UTC().AppendFormat(b, "2006-01-02T15:04:05Z")
}

func ts(unix int64) string { return string(appendTime(nil, unix)) }

// appendFinding appends finding i (0-based) as one compact JSON object.
func (g *generator) appendFinding(dst []byte, i int) []byte {
	r := newRNG(g.seed, famFinding, i)
	id := fmt.Sprintf("f-%05d", i+1)
	res := g.resource(resourceIndex(&r, i))
	provider := res.acct.provider
	rtype := resourceTypes[res.typeIdx]

	t := r.intn(len(findingTypes))
	ft := findingTypes[t]
	sev := r.weighted(severityWeights)
	staticSev := sev
	if r.chance(0.08) {
		if sev < 3 && (sev == 0 || r.chance(0.5)) {
			staticSev = sev + 1
		} else {
			staticSev = sev - 1
		}
	}
	severity := severities[sev]

	status := statuses[r.weighted(statusWeights)]
	workflow := pick(&r, workflowsFor[status])

	// Type-specific text and vulnerability data.
	var title, desc, remediation, cveID string
	var cvss, epss int // hundredths / ten-thousandths
	exploit := false
	autoFix := false
	if t == tVuln {
		v := pick(&r, vulns)
		year := r.rangeInt(2023, 2025)
		cveID = fmt.Sprintf("CVE-%d-%d", year, r.rangeInt(1000, 52999))
		title = cveID + " — " + v.name + " in " + res.name
		desc = v.desc
		remediation = pick(&r, vulnRemediations)
		switch sev {
		case 0:
			cvss = r.rangeInt(900, 1000)
			exploit = true
		case 1:
			cvss = r.rangeInt(700, 899)
			exploit = r.chance(0.5)
		case 2:
			cvss = r.rangeInt(400, 699)
		default:
			cvss = r.rangeInt(10, 399)
		}
		if exploit {
			epss = r.rangeInt(3000, 9750)
		} else {
			epss = r.rangeInt(4, 2999)
		}
	} else {
		is := pick(&r, issues[t])
		title = fmt.Sprintf(is.title, res.kind.label+" "+res.name)
		desc = is.desc
		remediation = is.fix
		autoFix = t == tMisconfig || t == tNetwork && r.chance(0.5)
		if autoFix {
			remediation = "Auto-remediation available: " + remediation
		}
	}
	if r.chance(0.005) {
		desc += "\n\n" + pick(&r, rareTexts)
	}

	w := jw{b: dst, asciiOnly: r.chance(0.35)}
	w.open('{')
	w.strKey("id", id)
	w.strKey("source", res.source)
	var sourceID string
	switch provider {
	case "aws":
		sourceID = "arn:aws:securityhub:" + res.region + ":" + res.acct.id + ":finding/" + r.hex(20)
	case "azure":
		sourceID = "/subscriptions/" + res.acct.id + "/providers/Microsoft.Security/alerts/" + r.hex(20)
	default:
		sourceID = "organizations/480213/sources/" + strconv.Itoa(1000+r.intn(9000)) + "/findings/" + r.hex(20)
	}
	w.strKey("source_finding_id", sourceID)
	w.strKey("type", ft.name)
	w.strKey("title", title)
	w.strKey("description", desc)
	w.strKey("resource_type", rtype)
	w.strKey("resource_id", res.id)
	w.strKey("resource_name", res.name)
	w.strKeyOpt("resource_arn", res.arn)
	w.strKey("platform", "cloud")
	w.strKey("cloud_provider", provider)
	w.strKey("region", res.region)
	w.strKey("account_id", res.acct.id)
	w.strKey("account_name", res.acct.name)
	w.strKey("environment_type", res.env)
	w.strKey("static_severity", severities[staticSev])
	w.strKey("severity", severity)

	lo := [...]int{850, 650, 350, 50}[sev]
	hi := [...]int{1000, 849, 649, 349}[sev]
	w.centsKey("ai_risk_score", r.rangeInt(lo, hi))
	w.strKey("ai_risk_level", severityLower[sev])
	factors := make([]string, 0, 4)
	if res.env == "production" {
		factors = append(factors, "production_environment")
	}
	if exploit {
		factors = append(factors, "exploit_available")
	}
	if epss >= 5000 {
		factors = append(factors, "high_epss_score")
	}
	switch rtype {
	case "storage", "database":
		factors = append(factors, "data_resource")
	case "network":
		factors = append(factors, "network_resource")
	case "identity":
		factors = append(factors, "privileged_identity")
	}
	if t == tNetwork {
		factors = append(factors, "internet_facing")
	}
	rationale := severity + " " + strings.ReplaceAll(ft.name, "_", " ") + " on " + res.env + " " + rtype + "."
	if len(factors) > 0 {
		rationale += " Main factor: " + factors[0] + "."
	}
	w.strKey("ai_risk_rationale", rationale)
	w.strArrKey("ai_contextual_factors", factors)

	var vector string
	if t == tVuln {
		vector = cvssVector(&r, sev)
		w.centsKey("cvss", cvss)
		w.strKey("cvss_vector", vector)
		w.fracKey("epss", epss)
	}
	w.boolKey("exploit_available", exploit)

	w.arrKey("cves")
	if t == tVuln {
		published := epochBase - int64(r.rangeInt(20, 700))*86400
		w.open('{')
		w.strKey("id", cveID)
		w.strKey("url", "https://www.cve.org/CVERecord?id="+cveID)
		w.strKey("nvd_url", "https://nvd.nist.gov/vuln/detail/"+cveID)
		w.strKey("mitre_url", "https://cve.mitre.org/cgi-bin/cvename.cgi?name="+cveID)
		w.strKey("description", desc)
		w.centsKey("cvss", cvss)
		w.strKey("cvss_vector", vector)
		w.strKey("cvss_version", "3.1")
		w.fracKey("epss", epss)
		w.boolKey("cisa_known_exploited", exploit && sev == 0 && r.chance(0.6))
		w.strKey("published", ts(published))
		w.strKey("modified", ts(published+int64(r.rangeInt(1, 15))*86400))
		w.close('}')
	}
	w.close(']')

	var tactics, techniques []string
	if pool, ok := tacticPools[t]; ok {
		a := r.intn(len(pool))
		tactics = append(tactics, pool[a][0])
		techniques = append(techniques, pool[a][1])
		if r.chance(0.5) {
			b := (a + 1 + r.intn(len(pool)-1)) % len(pool)
			tactics = append(tactics, pool[b][0])
			techniques = append(techniques, pool[b][1])
		}
	}
	w.strArrKey("mitre_tactics", tactics)
	w.strArrKey("mitre_techniques", techniques)

	w.arrKey("compliance_mappings")
	fws := []int{r.intn(len(frameworks))}
	if r.chance(0.35) {
		fws = append(fws, (fws[0]+1+r.intn(len(frameworks)-1))%len(frameworks))
	}
	for _, fi := range fws {
		fw := frameworks[fi]
		w.open('{')
		w.strKey("framework_id", fw.id)
		w.strKey("framework_name", fw.name)
		w.strKey("control_id", pick(&r, fw.controls))
		w.strKey("control_title", pick(&r, controlTitles))
		w.strKey("section", pick(&r, fw.sections))
		w.strKey("severity", severityLower[sev])
		w.strKey("url", fw.url)
		w.close('}')
	}
	w.close(']')

	w.strKey("remediation", remediation)
	w.boolKey("auto_remediatable", autoFix)
	w.strKey("category", ft.category)
	w.strKey("status", status)
	w.strKey("workflow_status", workflow)

	first := epochBase + int64(r.intn(60*24))*3600
	last := first + int64(r.intn(10*24))*3600
	due := first + slaDays[sev]*86400

	team := ""
	if r.chance(0.5) {
		team = pick(&r, teams)
	}
	if workflow == "assigned" || workflow == "in_progress" || status == "resolved" && r.chance(0.2) {
		p := pick(&r, people)
		w.objKey("assignee")
		w.strKey("user_id", fmt.Sprintf("u-%06d", r.intn(1000000)))
		w.strKey("user_email", p.handle+"@corp.example")
		w.strKey("user_name", p.name)
		w.strKeyOpt("team", team)
		assigned := first + int64(r.rangeInt(1, 72))*3600
		w.strKey("assigned_at", ts(assigned))
		w.strKey("assigned_by", pick(&r, []string{"auto-triage", "secops-bot", people[r.intn(len(people))].handle}))
		w.strKey("due_date", ts(due))
		if sev == 0 && r.chance(0.3) {
			w.boolKey("escalated", true)
			w.strKey("escalated_to", "ciso-office@corp.example")
			w.strKey("escalated_at", ts(assigned+int64(r.rangeInt(24, 96))*3600))
		}
		w.close('}')
	}
	w.boolKey("suppressed", status == "suppressed")
	if r.chance(0.22) {
		writeContact(&w, &r, "technical_contact", true)
	}
	if r.chance(0.15) {
		writeContact(&w, &r, "business_owner", false)
	}
	w.strKey("service_name", res.serviceName)
	w.strKey("line_of_business", res.lob)
	w.strKeyOpt("team", team)
	w.strKey("first_found_at", ts(first))
	w.strKey("last_seen_at", ts(last))
	if due < epochNow && (status == "open" || status == "in_progress") {
		w.strKey("sla_breach_date", ts(due))
	}
	w.strKey("due_date", ts(due))
	w.strKey("deduplication_key", r.hex(12))
	if t == tVuln {
		w.strKey("canonical_rule_id", cveID)
	} else {
		w.strKey("canonical_rule_id", fmt.Sprintf("%s-%s-%03d", strings.ToUpper(provider), ft.category, 1+r.intn(120)))
	}
	if r.chance(0.03) {
		// A key no struct knows (the upstream data has such keys too).
		w.arrKey("impacted_resources")
		for k := 1 + r.intn(2); k > 0; k-- {
			o := g.resource(max(0, i-1-r.intn(min(i+1, 200))))
			w.open('{')
			w.strKey("resource_id", o.id)
			w.strKey("resource_name", o.name)
			w.strKey("resource_type", resourceTypes[o.typeIdx])
			w.strKey("severity", severities[r.weighted(severityWeights)])
			w.close('}')
		}
		w.close(']')
	}
	if r.chance(0.2) {
		w.strKey("integrity_hash", integrityHash(id, res.source, sourceID, res.id, res.acct.id, res.region, severity, title, status))
	}
	if r.chance(0.35) {
		writeTags(&w, &r, res)
	}
	if r.chance(0.2) {
		w.arrKey("ips")
		for k := 1 + r.intn(3); k > 0; k-- {
			w.str(randomIP(&r))
		}
		w.close(']')
	}
	if r.chance(0.15) {
		w.arrKey("emails")
		for k := 1 + r.intn(2); k > 0; k-- {
			w.str(pick(&r, people).handle + "@" + pick(&r, []string{"corp.example", "contractor.example", "example.org"}))
		}
		w.close(']')
	}
	w.close('}')
	return w.b
}

// resourceIndex draws which resource finding i is about: its own (index i)
// or, for about one finding in eight, a recent one, as scanners report
// several issues on the same resource. These are the first draws of the
// finding's stream.
func resourceIndex(r *rng, i int) int {
	if i > 0 && r.chance(0.12) {
		return i - 1 - r.intn(min(i, 64))
	}
	return i
}

func writeContact(w *jw, r *rng, key string, technical bool) {
	p := pick(r, people)
	w.objKey(key)
	w.strKey("name", p.name)
	w.strKey("email", p.handle+"@corp.example")
	team := pick(r, teams)
	w.strKey("team", team)
	if r.chance(0.6) {
		w.strKey("phone", fmt.Sprintf("+1-555-01%02d", r.intn(100)))
	}
	if technical {
		w.strKey("slack_id", "U0"+strings.ToUpper(r.hex(9)))
		if r.chance(0.5) {
			w.strKey("on_call_url", "https://oncall.corp.example/schedules?team="+strings.ReplaceAll(team, " ", "+")+"&tz=UTC")
		}
	}
	w.close('}')
}

// writeTags writes 2–5 distinct tags in random (unsorted) order, so the
// encoder's key sorting is exercised.
func writeTags(w *jw, r *rng, res resource) {
	keys := append([]string{"env"}, tagKeys...)
	n := 2 + r.intn(4)
	w.objKey("tags")
	for k := 0; k < n; k++ {
		j := k + r.intn(len(keys)-k)
		keys[k], keys[j] = keys[j], keys[k]
		var v string
		switch keys[k] {
		case "env":
			v = res.envShort
		case "Name":
			v = res.name
		default:
			v = pick(r, tagValues[keys[k]])
		}
		w.strKey(keys[k], v)
	}
	w.close('}')
}

func randomIP(r *rng) string {
	switch r.intn(4) {
	case 0:
		return fmt.Sprintf("203.0.113.%d", 1+r.intn(254))
	case 1:
		return fmt.Sprintf("198.51.100.%d", 1+r.intn(254))
	case 2:
		return fmt.Sprintf("10.%d.%d.%d", r.intn(256), r.intn(256), 1+r.intn(254))
	default:
		return fmt.Sprintf("2001:db8:%x::%x", r.intn(0x10000), 1+r.intn(0xfffe))
	}
}

func cvssVector(r *rng, sev int) string {
	av := "N"
	if sev >= 2 && r.chance(0.4) {
		av = pick(r, []string{"A", "L"})
	}
	ac := "L"
	if sev > 0 && r.chance(0.4) {
		ac = "H"
	}
	pr := pick(r, []string{"N", "N", "L", "H"})
	if sev == 0 {
		pr = "N"
	}
	ui := "N"
	if sev >= 2 && r.chance(0.5) {
		ui = "R"
	}
	s := "U"
	if r.chance(0.2) {
		s = "C"
	}
	cia := func() string { return pick(r, []string{"H", "L", "N"}) }
	if sev <= 1 {
		cia = func() string { return pick(r, []string{"H", "H", "L"}) }
	}
	return "CVSS:3.1/AV:" + av + "/AC:" + ac + "/PR:" + pr + "/UI:" + ui + "/S:" + s +
		"/C:" + cia() + "/I:" + cia() + "/A:" + cia()
}

// integrityHash follows docs/input.md, "Integrity hash": SHA-256 over the listed fields, each
// followed by one 0x00 byte, lowercase hex.
func integrityHash(fields ...string) string {
	h := sha256.New()
	for _, f := range fields {
		io.WriteString(h, f)
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))
}
