package engine

import (
	"errors"
	"strings"
	"testing"
)

func TestParseFilter(t *testing.T) {
	ok := []struct {
		in   string
		want Filter
	}{
		{`{}`, Filter{Limit: MaxFilterLimit}},
		{" \n{ } ", Filter{Limit: MaxFilterLimit}},
		{`{"limit":0}`, Filter{Limit: MaxFilterLimit}},
		{`{"limit":10000}`, Filter{Limit: 10000}},
		{`{"limit":10001}`, Filter{Limit: MaxFilterLimit}},
		{`{"limit":5,"offset":2}`, Filter{Offset: 2, Limit: 5}},
		{`{"severity":"HIGH","provider":"aws","status":"open","category":"NETWORK","extra":[1,{}]}`,
			Filter{Severity: "HIGH", Provider: "aws", Status: "open", Category: "NETWORK", Limit: MaxFilterLimit}},
		{`{"PROVIDER":"gcp","severity":null}`, Filter{Provider: "gcp", Limit: MaxFilterLimit}},
	}
	for _, c := range ok {
		got, err := ParseFilter([]byte(c.in))
		if err != nil || got != c.want {
			t.Errorf("%s: got %+v, %v; want %+v", c.in, got, err, c.want)
		}
	}
	bad := []string{
		``, ` `, `null`, `[]`, `"x"`, `1`, `{`, `{} {}`, `{"limit":-1}`, `{"offset":-1}`,
		`{"limit":"5"}`, `{"limit":1.5}`, `{"limit":1e2}`, `{"severity":1}`, `{"offset":99999999999999999999}`,
		"{\"severity\":\"\xff\"}", "\xef\xbb\xbf{}",
		`{"severity":"` + strings.Repeat("a", MaxFilterBytes) + `"}`,
	}
	for _, in := range bad {
		if _, err := ParseFilter([]byte(in)); !errors.Is(err, ErrInvalidFilter) {
			t.Errorf("%.40q: err %v, want ErrInvalidFilter", in, err)
		}
	}
	// Exactly at the size cap is fine.
	pad := `{"severity":"` + strings.Repeat("a", MaxFilterBytes-15) + `"}`
	if len(pad) != MaxFilterBytes {
		t.Fatalf("pad is %d bytes", len(pad))
	}
	if _, err := ParseFilter([]byte(pad)); err != nil {
		t.Errorf("filter of %d bytes: %v", MaxFilterBytes, err)
	}
}

func TestApplyFilter(t *testing.T) {
	var fs []Finding
	for i, s := range []string{"HIGH", "LOW", "HIGH", "HIGH", "HIGH"} {
		f := Finding{ID: string(rune('a' + i)), Severity: s, CloudProvider: "aws", Status: "open", Category: "NETWORK"}
		if i == 3 {
			f.CloudProvider = "Aws"
		}
		fs = append(fs, f)
	}
	ids := func(fs []Finding) string {
		var b strings.Builder
		for _, f := range fs {
			b.WriteString(f.ID)
		}
		return b.String()
	}
	cases := []struct {
		f    Filter
		want string
	}{
		{Filter{}, "abcde"},
		{Filter{Limit: MaxFilterLimit}, "abcde"},
		{Filter{Severity: "HIGH"}, "acde"},
		{Filter{Severity: "high"}, ""},
		{Filter{Provider: "aws"}, "abce"},
		{Filter{Severity: "HIGH", Provider: "aws", Status: "open", Category: "NETWORK"}, "ace"},
		{Filter{Status: "closed"}, ""},
		{Filter{Severity: "HIGH", Offset: 1, Limit: 2}, "cd"},
		{Filter{Offset: 4}, "e"},
		{Filter{Offset: 5}, ""},
		{Filter{Limit: 1}, "a"},
	}
	for _, c := range cases {
		got := ApplyFilter(fs, c.f)
		if got == nil || ids(got) != c.want {
			t.Errorf("%+v: got %q, want %q", c.f, ids(got), c.want)
		}
	}
}

func TestLoadAndSerializeFindings(t *testing.T) {
	doc := []byte(`[{"id":"b<&>\u2028","ID":"a<&>\u2028","cvss":0,"tags":{"z":"1","a":null},"cves":[{"id":"c"}],"ai_risk_score":1e-7,"severity":"HIGH","x":1}]`)
	const want = `[{"id":"a\u003c\u0026\u003e\u2028","source":"","source_finding_id":"","type":"","title":"","description":"","resource_type":"","resource_id":"","resource_name":"","platform":"","cloud_provider":"","region":"","account_id":"","account_name":"","environment_type":"","static_severity":"","severity":"HIGH","ai_risk_score":1e-7,"ai_risk_level":"","ai_risk_rationale":"","ai_contextual_factors":null,"cvss":0,"exploit_available":false,"cves":[{"id":"c","url":"","nvd_url":"","mitre_url":"","description":"","cisa_known_exploited":false,"published":"","modified":""}],"mitre_tactics":null,"mitre_techniques":null,"compliance_mappings":null,"remediation":"","auto_remediatable":false,"category":"","status":"","workflow_status":"","suppressed":false,"service_name":"","line_of_business":"","first_found_at":"","last_seen_at":"","due_date":"","deduplication_key":"","canonical_rule_id":"","tags":{"a":"","z":"1"}}]`
	for _, filter := range []string{"", `{}`, `{"severity":"HIGH","limit":1}`} {
		out, err := LoadAndSerializeFindings(doc, []byte(filter))
		if err != nil || string(out) != want {
			t.Errorf("filter %q: %v\n got %s\nwant %s", filter, err, out, want)
		}
	}
	if out, err := LoadAndSerializeFindings(doc, nil); err != nil || string(out) != want {
		t.Errorf("nil filter: %s, %v", out, err)
	}
	for _, c := range []struct{ doc, filter string }{
		{`[]`, ""},
		{`[]`, `{"severity":"HIGH"}`},
		{string(doc), `{"severity":"LOW"}`},
		{string(doc), `{"offset":1}`},
	} {
		out, err := LoadAndSerializeFindings([]byte(c.doc), []byte(c.filter))
		if err != nil || string(out) != "[]" {
			t.Errorf("%s / %s: %s, %v; want []", c.doc, c.filter, out, err)
		}
	}
	if _, err := LoadAndSerializeFindings(doc, []byte(`null`)); !errors.Is(err, ErrInvalidFilter) {
		t.Errorf("null filter: %v", err)
	}
	if _, err := LoadAndSerializeFindings(doc, []byte(`{"limit":-5}`)); !errors.Is(err, ErrInvalidFilter) {
		t.Errorf("negative limit: %v", err)
	}
	if _, err := LoadAndSerializeFindings([]byte(`[null]`), nil); !errors.Is(err, ErrNotObject) {
		t.Errorf("bad findings: %v", err)
	}
	if _, err := ComputeAttackPathsJSON([]byte(`null`)); !errors.Is(err, ErrNotArray) {
		t.Errorf("compute on null: %v", err)
	}
}

func TestFloatOutput(t *testing.T) {
	out, err := LoadAndSerializeFindings([]byte(`[{"ai_risk_score":-0,"cvss":-0.0,"epss":123456789.125e0,"cves":[{"cvss":1e21,"epss":0.000001},{"cvss":8.0,"epss":5e-324}]}]`), nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		`"ai_risk_score":-0,`, `"cvss":-0,`, `"epss":123456789.125,`,
		`"cvss":1e+21,`, `"epss":0.000001,`, `"cvss":8,`, `"epss":5e-324,`,
	} {
		if !strings.Contains(string(out), want) {
			t.Errorf("output lacks %s: %s", want, out)
		}
	}
}
