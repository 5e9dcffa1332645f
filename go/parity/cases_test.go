package parity

import (
	"fmt"
	"strings"
)

// edgeCase is a hand-made findings document. reject says whether the Go
// engine (the oracle) rejects it; the table asserts that too, so a case
// cannot silently stop testing what its name says.
type edgeCase struct {
	name   string
	doc    string
	reject bool
}

// findingKeys are the 52 keys of a finding (SPEC §2), in output order.
var findingKeys = []string{
	"id", "source", "source_finding_id", "type", "title", "description", "resource_type",
	"resource_id", "resource_name", "resource_arn", "platform", "cloud_provider", "region",
	"account_id", "account_name", "environment_type", "static_severity", "severity",
	"ai_risk_score", "ai_risk_level", "ai_risk_rationale", "ai_contextual_factors", "cvss",
	"cvss_vector", "epss", "exploit_available", "cves", "mitre_tactics", "mitre_techniques",
	"compliance_mappings", "remediation", "auto_remediatable", "category", "status",
	"workflow_status", "assignee", "suppressed", "technical_contact", "business_owner",
	"service_name", "line_of_business", "team", "first_found_at", "last_seen_at",
	"sla_breach_date", "due_date", "deduplication_key", "canonical_rule_id", "integrity_hash",
	"tags", "ips", "emails",
}

// node writes a finding that takes part in paths: account "acct", the
// given id, role-defining fields and extra raw members appended.
func node(id, category, resourceType, region, severity, extra string) string {
	s := fmt.Sprintf(`{"id":%q,"account_id":"acct","cloud_provider":"aws","category":%q,"resource_type":%q,`+
		`"resource_id":"r-%s","resource_name":"n-%s","region":%q,"severity":%q`,
		id, category, resourceType, id, id, region, severity)
	if extra != "" {
		s += "," + extra
	}
	return s + "}"
}

// chainDoc is an entry, an intermediate and a target in one account whose
// first member carries extra; every value written by the paths (names,
// categories, providers) goes through the encoder.
func chainDoc(extra string) string {
	return "[" + node("e", "NETWORK", "compute", "r1", "HIGH", extra) + "," +
		node("m", "IDENTITY", "identity", "r1", "MEDIUM", "") + "," +
		node("t", "DATA_EXPOSURE", "storage", "r2", "CRITICAL", "") + "]"
}

func allNull() string {
	var b strings.Builder
	b.WriteString("[{")
	for i, k := range findingKeys {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, "%q:null", k)
	}
	b.WriteString("}]")
	return b.String()
}

// manyPaths gives more than 999 paths in one account (ids ap-1000 and up).
func manyPaths() string {
	var parts []string
	for i := 0; i < 40; i++ {
		parts = append(parts, node(fmt.Sprintf("e%02d", i), "NETWORK", "compute", "r1", []string{"CRITICAL", "HIGH", "LOW", "x"}[i%4], ""))
	}
	for i := 0; i < 30; i++ {
		parts = append(parts, node(fmt.Sprintf("t%02d", i), "DATA", []string{"storage", "database", "secret", "encryption"}[i%4], []string{"r1", "r2"}[i%2], "MEDIUM", ""))
	}
	return "[" + strings.Join(parts, ",") + "]"
}

// nested returns depth levels of arrays inside an unknown key of a finding;
// with the top-level array and the object that makes depth+2 levels.
func nested(depth int, open, close string) string {
	return `[{"x":` + strings.Repeat(open, depth) + strings.Repeat(close, depth) + `}]`
}

func nestedObjects(depth int) string {
	return `[{"x":` + strings.Repeat(`{"a":`, depth) + `1` + strings.Repeat(`}`, depth) + `}]`
}

func edgeCases() []edgeCase {
	accepted := []edgeCase{
		{"empty array", `[]`, false},
		{"whitespace around", " \n\t[ ]\r\n ", false},
		{"empty object", `[{}]`, false},
		{"two empty objects", `[{},{}]`, false},
		{"missing keys", `[{"id":"a","account_id":"1","category":"NETWORK","resource_id":"r1","region":"x"},` +
			`{"id":"b","account_id":"1","resource_type":"Storage","resource_id":"r2","region":"x"}]`, false},
		{"all keys null", allNull(), false},
		{"nested nulls", `[{"cves":[null,{"id":null,"cvss":null}],"compliance_mappings":[null],` +
			`"assignee":{"user_id":null,"escalated":null},"technical_contact":{},"tags":{"a":null},` +
			`"ips":[null],"mitre_tactics":[null,"T1"]}]`, false},
		{"null keeps earlier value", `[{"id":"a","id":null,"exploit_available":true,"exploit_available":null,"ai_risk_score":3,"ai_risk_score":null}]`, false},
		{"null drops slice map pointer", `[{"cves":[{"id":"x"}],"cves":null,"tags":{"a":"b"},"tags":null,"cvss":1,"cvss":null,"assignee":{"team":"t"},"assignee":null,"ips":["1"],"ips":null}]`, false},
		{"empty containers", `[{"cves":[],"tags":{},"ips":[],"emails":[],"mitre_tactics":[],"assignee":{},"business_owner":{}}]`, false},
		{"case-variant keys", `[{"ID":"x","Account_ID":"a","CATEGORY":"NETWORK","Resource_Id":"r1","REGION":"x"},` +
			`{"\u0069d":"y","account_id":"a","resource_TYPE":"storage","resource_id":"r2","region":"x"}]`, false},
		{"later case variant wins", `[{"ID":"x","id":"y","Id":"z","iD":"w"}]`, false},
		{"kelvin and long s fold", `[{"deduplication_\u212Aey":"k1","\u017Fource":"s1","ſeverity":"HIGH","deduplication_key":"k2","TAGS":{"K":"v"}}]`, false},
		{"kelvin alone is unknown", `[{"\u212A":"x","\u017F":"y"}]`, false},
		{"duplicate keys", `[{"id":"a","id":"b","title":"t1","title":"t2"}]`, false},
		{"repeated cves array reuse", `[{"cves":[{"id":"a","url":"u"},{"id":"b","url":"v"}],"cves":[{"id":"x"}],"cves":[{"id":"y"},{"id":"z"}]}]`, false},
		{"repeated string array reuse", `[{"mitre_tactics":["a","b"],"mitre_tactics":["c"],"mitre_tactics":[null,null]}]`, false},
		{"repeated mappings with null element", `[{"compliance_mappings":[{"framework_id":"f1","url":"u1"},{"framework_id":"f2"}],"compliance_mappings":[null],"compliance_mappings":[{"control_id":"c"},null]}]`, false},
		{"repeated array after empty", `[{"cves":[{"id":"a","url":"u"}],"cves":[],"cves":[{"id":"b"}]}]`, false},
		{"pointer struct merges", `[{"assignee":{"user_id":"u","escalated":true},"assignee":{"team":"t"},"technical_contact":{"name":"n"},"technical_contact":{"email":"e"}}]`, false},
		{"pointer struct after null", `[{"assignee":{"user_id":"u"},"assignee":null,"assignee":{"team":"t"}}]`, false},
		{"cve pointer fields", `[{"cves":[{"cvss":9.8,"epss":0,"cvss_version":"3.1"},{"cvss":0,"epss":null}],"cves":[{"cvss":null}]}]`, false},
		{"tags merge", `[{"tags":{"a":"1","b":"2"},"tags":{"b":"3","c":"4"},"Tags":{"a":null}}]`, false},
		{"tags key order and escapes", `[{"tags":{"z":"1","<":"2","é":"3","A":"4","":"5","a\u0000b":"6","\u2028":"7","~":"8"}}]`, false},
		{"escapes in output", chainDoc(`"title":"<b>&amp;</b>","description":"a\u2028b\u2029c` + "\u2028\u2029" + `","remediation":"\u0001\u001f\b\f\n\r\t\"\\\/\u007f"`), false},
		{"escapes in path names", `[` + node("e", "NETWORK", "compute", "r1", "HIGH", `"resource_name":"<&>\u2028 \u00e9 \ud83d\ude00 \u0000","cloud_provider":"a\"ws\\","category":"NETWORK"`) + "," +
			node("t", "X", "storage", "r1", "HIGH", `"resource_name":"\t\n","account_id":"acct"`) + `]`, false},
		{"surrogate escapes", chainDoc(`"title":"\ud800","description":"\udc00x","remediation":"\ud800\u0041 \ud83d\ude00 \uD83D\uDE00 \ud800\ud800 \udbff\udfff","team":"\uFFFD\uFFFE\uFFFF"`), false},
		{"raw non-ASCII", chainDoc(`"title":"日本語 ￿ 𝄞 é","description":"` + "\u00ad\u0600\u200b\ufeff" + `"`), false},
		{"floats", `[` + strings.Join([]string{
			`{"ai_risk_score":8}`, `{"ai_risk_score":8.0}`, `{"ai_risk_score":0.5}`, `{"ai_risk_score":1e-7}`,
			`{"ai_risk_score":1e21}`, `{"ai_risk_score":1E+21}`, `{"ai_risk_score":1e-400}`,
			`{"ai_risk_score":123456789012345678901234567890}`, `{"ai_risk_score":-0}`, `{"ai_risk_score":-0.0}`,
			`{"ai_risk_score":0.1}`, `{"ai_risk_score":1.7976931348623157e308}`, `{"ai_risk_score":5e-324}`,
			`{"ai_risk_score":2.5e-324}`, `{"ai_risk_score":1e20}`, `{"ai_risk_score":123456789.125}`,
			`{"ai_risk_score":0.000001}`, `{"ai_risk_score":0.0000001}`, `{"ai_risk_score":-1.5}`,
			`{"ai_risk_score":100000000000000000000}`, `{"ai_risk_score":18446744073709551616}`,
			`{"ai_risk_score":9007199254740993}`, `{"ai_risk_score":0.30000000000000004}`, `{"ai_risk_score":1.0e+2}`,
			`{"ai_risk_score":-9223372036854775809}`, `{"ai_risk_score":2.2250738585072011e-308}`,
			`{"cvss":0,"epss":-0}`, `{"cvss":1e-400,"epss":1e300}`, `{"cves":[{"cvss":7.5e0,"epss":0.00097}]}`,
		}, ",") + `]`, false},
		{"unknown severities", `[` + node("a", "NETWORK", "compute", "r1", "critical", "") + "," + node("b", "X", "storage", "r1", "INFO", "") + "," +
			node("c", "NETWORK", "compute", "r1", "", "") + "," + node("d", "X", "storage", "r1", "Critical ", "") + "," +
			node("f", "X", "x", "r1", "CRITICAL", "") + "," + node("g", "X", "y", "r1", "HIGH", "") + `]`, false},
		{"duplicate ids", `[` + node("a", "NETWORK", "compute", "r1", "HIGH", "") + "," + node("a", "X", "storage", "r1", "HIGH", "") + "," +
			node("a", "X", "database", "r2", "CRITICAL", "") + "," + node("b", "X", "other", "r1", "HIGH", "") + "," +
			node("b", "X", "other", "r2", "HIGH", "") + `]`, false},
		{"same resource id", `[{"id":"a","account_id":"x","category":"NETWORK","resource_id":"r","region":"q","resource_type":"compute"},` +
			`{"id":"b","account_id":"x","resource_id":"r","region":"q","resource_type":"storage"},` +
			`{"id":"m","account_id":"x","resource_id":"m","region":"q","resource_type":"other"}]`, false},
		{"unknown keys with nested junk", `[{"x":{"a":[1,2,{"b":null,"c":[true,false,1e400,-1.5e-999,"\ud800",123456789012345678901234567890]}]},` +
			`"impacted_resources":[{"id":1}],"":0,"id ":"no","id":"yes"}]`, false},
		{"big numbers in unknown keys", `[{"a":1e400,"b":-1e400,"c":18446744073709551616,"d":1.8e309,"e":[1e999999]}]`, false},
		{"resource type case", `[` + node("a", "X", "COMPUTE", "r1", "HIGH", "") + "," + node("b", "X", "Storage", "r2", "LOW", "") + "," +
			node("c", "X", "SeCrEt", "r3", "LOW", "") + "," + node("d", "X", "serverless ", "r1", "HIGH", "") + "," +
			node("e2", "VULNERABILITY", "vm", "r1", "LOW", `"exploit_available":true`) + "," + node("f", "X", "ENCRYPTION", "r1", "LOW", "") + `]`, false},
		{"account order and empty account", `[{"id":"1","account_id":"b","category":"NETWORK","resource_id":"1","region":"r"},{"id":"2","account_id":"b","resource_type":"storage","resource_id":"2","region":"r"},` +
			`{"id":"3","category":"NETWORK","resource_id":"3","region":"r"},{"id":"4","resource_type":"storage","resource_id":"4","region":"r"},` +
			`{"id":"5","account_id":"é","category":"NETWORK","resource_id":"5","region":"r"},{"id":"6","account_id":"é","resource_type":"storage","resource_id":"6","region":"r"},` +
			`{"id":"7","account_id":"B","category":"NETWORK","resource_id":"7","region":"r"},{"id":"8","account_id":"B","resource_type":"storage","resource_id":"8","region":"r"},` +
			`{"id":"9","account_id":"a","category":"NETWORK","resource_id":"9","region":"r"}]`, false},
		{"mitre tactics union", `[` + node("e", "NETWORK", "compute", "r1", "HIGH", `"mitre_tactics":["b","a","b","é","A",""]`) + "," +
			node("m", "X", "other", "r1", "LOW", `"mitre_tactics":["c","a"]`) + "," +
			node("t", "X", "storage", "r2", "HIGH", `"mitre_tactics":null`) + "," + node("t2", "X", "storage", "r1", "HIGH", `"mitre_tactics":[]`) + `]`, false},
		{"lateral pairs", `[` + node("a", "X", "x", "r1", "HIGH", "") + "," + node("b", "X", "x", "r2", "CRITICAL", "") + "," +
			node("c", "X", "y", "r1", "HIGH", "") + "," + node("d", "IDENTITY", "z", "r2", "MEDIUM", "") + "," + node("a", "X", "x", "r9", "HIGH", "") + `]`, false},
		{"more than 999 paths", manyPaths(), false},
		{"depth 10000 accepted", nested(9998, "[", "]"), false},
		{"object depth 10000 accepted", nestedObjects(9998), false},
		{"depth 10000 with a scalar inside", `[{"x":` + strings.Repeat("[", 9998) + "1" + strings.Repeat("]", 9998) + `}]`, false},
		{"depth 10000 ending in a non-empty object", `[{"x":` + strings.Repeat("[", 9997) + `{"a":1}` + strings.Repeat("]", 9997) + `}]`, false},
		{"booleans", `[{"exploit_available":true,"auto_remediatable":false,"suppressed":true,"cves":[{"cisa_known_exploited":true}],"assignee":{"escalated":false}}]`, false},
	}
	rejected := []edgeCase{
		{"empty input", ``, true},
		{"only whitespace", " \n ", true},
		{"byte order mark", "\ufeff[]", true},
		{"trailing bytes", `[]x`, true},
		{"trailing comma top", `[],`, true},
		{"two documents", `[] []`, true},
		{"top-level null", `null`, true},
		{"top-level object", `{}`, true},
		{"top-level finding object", `{"id":"a"}`, true},
		{"top-level string", `"x"`, true},
		{"top-level number", `1`, true},
		{"top-level true", `true`, true},
		{"number element", `[1]`, true},
		{"string element", `["a"]`, true},
		{"null element", `[null]`, true},
		{"array element", `[[]]`, true},
		{"null after object", `[{},null]`, true},
		{"string id as number", `[{"id":1}]`, true},
		{"bool as string", `[{"exploit_available":"true"}]`, true},
		{"bool as number", `[{"suppressed":0}]`, true},
		{"float as string", `[{"ai_risk_score":"1"}]`, true},
		{"float as bool", `[{"cvss":true}]`, true},
		{"1e400 in float field", `[{"ai_risk_score":1e400}]`, true},
		{"1e400 in cvss", `[{"cvss":1e400}]`, true},
		{"1.8e309 in cve epss", `[{"cves":[{"epss":1.8e309}]}]`, true},
		{"tag value number", `[{"tags":{"a":1}}]`, true},
		{"tags array", `[{"tags":[]}]`, true},
		{"cves object", `[{"cves":{}}]`, true},
		{"cves number element", `[{"cves":[1]}]`, true},
		{"assignee string", `[{"assignee":"x"}]`, true},
		{"assignee array", `[{"assignee":[]}]`, true},
		{"tactic number", `[{"mitre_tactics":[1]}]`, true},
		{"tactics string", `[{"mitre_tactics":"a"}]`, true},
		{"wrong type in later element", `[{},{},{"title":{}}]`, true},
		{"wrong type then valid key", `[{"id":1,"title":"x"}]`, true},
		{"invalid UTF-8 in value", "[{\"id\":\"a\xffb\"}]", true},
		{"invalid UTF-8 in key", "[{\"i\xc3\":\"a\"}]", true},
		{"invalid UTF-8 in unknown value", "[{\"x\":\"\xe2\x82\"}]", true},
		{"overlong encoding", "[{\"id\":\"\xc0\x80\"}]", true},
		{"encoded surrogate", "[{\"id\":\"\xed\xa0\x80\"}]", true},
		{"above U+10FFFF", "[{\"id\":\"\xf4\x90\x80\x80\"}]", true},
		{"invalid UTF-8 outside strings", "[{}\xff]", true},
		{"raw control char", "[{\"id\":\"a\x01\"}]", true},
		{"raw newline in string", "[{\"id\":\"a\nb\"}]", true},
		{"bad escape", `[{"id":"\x"}]`, true},
		{"short unicode escape", `[{"id":"\u12"}]`, true},
		{"bad literal", `[{"x":tru}]`, true},
		{"leading zero", `[{"x":01}]`, true},
		{"bare dot", `[{"x":1.}]`, true},
		{"bare minus", `[{"x":-}]`, true},
		{"leading dot", `[{"x":.5}]`, true},
		{"plus sign", `[{"x":+1}]`, true},
		{"NaN", `[{"x":NaN}]`, true},
		{"Infinity", `[{"x":Infinity}]`, true},
		{"exponent without digits", `[{"x":1e}]`, true},
		{"trailing comma array", `[{},]`, true},
		{"trailing comma object", `[{"a":1,}]`, true},
		{"single quotes", `[{'id':'a'}]`, true},
		{"comment", `[/**/{}]`, true},
		{"unterminated string", `[{"id":"a}]`, true},
		{"unterminated array", `[{}`, true},
		{"missing colon", `[{"id" "a"}]`, true},
		{"missing value", `[{"id":}]`, true},
		{"depth 10001 rejected", nested(9999, "[", "]"), true},
		{"object depth 10001 rejected", nestedObjects(9999), true},
		{"NUL byte", "[{}]\x00", true},
	}
	return append(accepted, rejected...)
}

// filters are the filter objects tried on every document; the bool says
// whether the Go engine rejects the filter itself.
var filters = []struct {
	filter string
	reject bool
}{
	{``, false},
	{`{}`, false},
	{` { } `, false},
	{`{"severity":"HIGH"}`, false},
	{`{"severity":"high"}`, false},
	{`{"provider":"aws","status":"OPEN"}`, false},
	{`{"category":"NETWORK","offset":2,"limit":3}`, false},
	{`{"offset":150}`, false},
	{`{"offset":100000}`, false},
	{`{"limit":5}`, false},
	{`{"limit":0}`, false},
	{`{"limit":20000}`, false},
	{`{"Severity":"CRITICAL","LIMIT":2}`, false},
	{`{"severity":null,"offset":null}`, false},
	{`{"severity":"HIGH","severity":"LOW"}`, false},
	{`{"unknown":[1,2,{"a":1e400}],"x":18446744073709551616}`, false},
	{`{"limit":-0}`, false},
	{`{"severity":"\u0048IGH"}`, false},
	{`{"x":` + strings.Repeat("[", 9999) + "1" + strings.Repeat("]", 9999) + `}`, false}, // depth 10000
	{`{"x":` + strings.Repeat("[", 9999) + strings.Repeat("]", 9999) + `}`, false},
	{`{"x":` + strings.Repeat("[", 10000) + strings.Repeat("]", 10000) + `}`, true}, // depth 10001
	{`[]`, true},
	{`null`, true},
	{`"x"`, true},
	{`1`, true},
	{`{`, true},
	{`{}x`, true},
	{`{"limit":-1}`, true},
	{`{"offset":-5}`, true},
	{`{"limit":"5"}`, true},
	{`{"severity":1}`, true},
	{`{"offset":1.5}`, true},
	{`{"limit":1e3}`, true},
	{`{"offset":9223372036854775808}`, true},
	{"{\"severity\":\"\xff\"}", true},
	{"\ufeff{}", true},
	{`{"offset":1e400}`, true},
	{"{" + strings.Repeat(" ", 64<<10) + "}", true},
}
