package engine

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

func TestDecodeRejects(t *testing.T) {
	cases := []struct {
		name, in string
		want     error
	}{
		{"empty", ``, ErrInvalidJSON},
		{"spaces", "  \n", ErrInvalidJSON},
		{"top null", `null`, ErrNotArray},
		{"top null spaced", " null ", ErrNotArray},
		{"top object", `{"id":"a"}`, ErrNotArray},
		{"top string", `"[]"`, ErrNotArray},
		{"top number", `1`, ErrNotArray},
		{"top true", `true`, ErrNotArray},
		{"malformed non-array", `{"id":}`, ErrInvalidJSON},
		{"null element", `[null]`, ErrNotObject},
		{"number element", `[{}, 1]`, ErrNotObject},
		{"array element", `[[]]`, ErrNotObject},
		{"string element", `[{},"x"]`, ErrNotObject},
		{"bool element", `[false]`, ErrNotObject},
		{"invalid utf8 in value", "[{\"id\":\"\xff\"}]", ErrInvalidUTF8},
		{"invalid utf8 in unknown key", "[{\"x\xc3\":1}]", ErrInvalidUTF8},
		{"surrogate half as utf8", "[{\"id\":\"\xed\xa0\x80\"}]", ErrInvalidUTF8},
		{"invalid utf8 outside strings", "[{}]\xff", ErrInvalidUTF8},
		{"bom", "\xef\xbb\xbf[]", ErrInvalidJSON},
		{"unclosed", `[{}`, ErrInvalidJSON},
		{"trailing", `[{}] x`, ErrInvalidJSON},
		{"two values", `[] []`, ErrInvalidJSON},
		{"trailing comma", `[{},]`, ErrInvalidJSON},
		{"bad literal in unknown key", `[{"x":nul}]`, ErrInvalidJSON},
		{"bad number in unknown key", `[{"x":01}]`, ErrInvalidJSON},
		{"control char in string", "[{\"id\":\"a\tb\"}]", ErrInvalidJSON},
		{"bad escape", `[{"id":"\x"}]`, ErrInvalidJSON},
		{"number for string", `[{"id":1}]`, ErrInvalidJSON},
		{"string for bool", `[{"exploit_available":"true"}]`, ErrInvalidJSON},
		{"string for float", `[{"ai_risk_score":"1"}]`, ErrInvalidJSON},
		{"float out of range", `[{"ai_risk_score":1e400}]`, ErrInvalidJSON},
		{"pointer float out of range", `[{"cvss":-1.8e309}]`, ErrInvalidJSON},
		{"object for slice", `[{"cves":{}}]`, ErrInvalidJSON},
		{"number in string slice", `[{"mitre_tactics":["a",1]}]`, ErrInvalidJSON},
		{"array for map", `[{"tags":[]}]`, ErrInvalidJSON},
		{"number in map", `[{"tags":{"a":1}}]`, ErrInvalidJSON},
		{"string for struct", `[{"assignee":"x"}]`, ErrInvalidJSON},
		{"wrong type nested", `[{"cves":[{"cisa_known_exploited":1}]}]`, ErrInvalidJSON},
		{"wrong type in later element", `[{},{"id":true}]`, ErrInvalidJSON},
		{"too deep", `[{"x":` + strings.Repeat("[", 9999) + strings.Repeat("]", 9999) + `}]`, ErrInvalidJSON},
	}
	for _, c := range cases {
		got, err := DecodeFindings([]byte(c.in))
		if !errors.Is(err, c.want) || got != nil {
			t.Errorf("%s: got %v, %v; want %v", c.name, got, err, c.want)
		}
	}
}

func TestDecodeSizeCap(t *testing.T) {
	doc := []byte(`[{"id":"a"}]`) // 12 bytes
	if _, err := DecodeFindingsLimit(doc, 11); !errors.Is(err, ErrTooLarge) {
		t.Errorf("11-byte cap: %v", err)
	}
	if fs, err := DecodeFindingsLimit(doc, 12); err != nil || len(fs) != 1 {
		t.Errorf("12-byte cap: %v", err)
	}
	// The cap is checked before anything else.
	if _, err := DecodeFindingsLimit([]byte("\xff\xff"), 1); !errors.Is(err, ErrTooLarge) {
		t.Errorf("cap before UTF-8: %v", err)
	}
	big := make([]byte, DefaultMaxInputBytes+1)
	big[0], big[1] = '[', ']'
	for i := 2; i < len(big); i++ {
		big[i] = ' '
	}
	if _, err := DecodeFindings(big); !errors.Is(err, ErrTooLarge) {
		t.Errorf("default cap: %v", err)
	}
	if fs, err := DecodeFindingsLimit(big, 0); !errors.Is(err, ErrTooLarge) || fs != nil {
		t.Errorf("limit 0 = default: %v", err)
	}
	if fs, err := DecodeFindings(big[:DefaultMaxInputBytes]); err != nil || len(fs) != 0 {
		t.Errorf("exactly at the cap: %v", err)
	}
}

func TestDecodeAccepts(t *testing.T) {
	depth10000 := `[{"x":` + strings.Repeat("[", 9998) + strings.Repeat("]", 9998) + `}]`
	big := 1.2345678901234568e+29
	cases := []struct {
		name, in string
		want     []Finding
	}{
		{"empty array", `[]`, []Finding{}},
		{"spaced", " \t\r\n[ ]\n", []Finding{}},
		{"empty object", `[{}]`, []Finding{{}}},
		{"unknown keys", `[{"impacted_resources":[{"a":1e400,"b":[null,true]}],"id":"a"}]`, []Finding{{ID: "a"}}},
		{"depth 10000", depth10000, []Finding{{}}},
		{"case-insensitive keys, later wins", `[{"ID":"x","id":"y"},{"id":"y","Id":"x"}]`, []Finding{{ID: "y"}, {ID: "x"}}},
		{"escaped key", `[{"\u0069d":"x","ſource":"s","ai_ris\u212A_level":"k"}]`, []Finding{{ID: "x", Source: "s", AIRiskLevel: "k"}}},
		{"null leaves scalars", `[{"id":"a","id":null,"exploit_available":true,"exploit_available":null,"ai_risk_score":2,"ai_risk_score":null}]`,
			[]Finding{{ID: "a", ExploitAvailable: true, AIRiskScore: 2}}},
		{"null clears pointers and slices", `[{"cvss":1,"cvss":null,"mitre_tactics":["a"],"mitre_tactics":null,"tags":{"a":"b"},"tags":null}]`, []Finding{{}}},
		{"zero pointer kept", `[{"cvss":0,"epss":-0.0}]`, []Finding{{CVSS: ptr(0), EPSS: ptr(0)}}},
		{"integers for floats", `[{"ai_risk_score":123456789012345678901234567890,"cvss":7}]`, []Finding{{AIRiskScore: big, CVSS: ptr(7)}}},
		{"underflow is zero", `[{"ai_risk_score":1e-400}]`, []Finding{{}}},
		{"lone surrogate", `[{"id":"\ud800","title":"\udc00x","source":"\ud83d\ude00"}]`,
			[]Finding{{ID: "\uFFFD", Title: "\uFFFDx", Source: "\U0001F600"}}},
		{"later array merges into earlier elements", `[{"cves":[{"id":"a","url":"u"},{"id":"b","url":"v"}],"cves":[{"id":"x"}],"cves":[{"id":"y"},{"id":"z"}]}]`,
			[]Finding{{CVEs: []CVE{{ID: "y", URL: "u"}, {ID: "z", URL: "v"}}}}},
		{"empty array drops backing", `[{"cves":[{"id":"a","url":"u"}],"cves":[],"cves":[{"id":"y"}]}]`,
			[]Finding{{CVEs: []CVE{{ID: "y"}}}}},
		{"objects merge", `[{"tags":{"a":"1"},"tags":{"b":"2","a":null},"assignee":{"team":"t"},"assignee":{"user_id":"u"}}]`,
			[]Finding{{Tags: map[string]string{"a": "", "b": "2"}, Assignee: &Assignee{Team: "t", UserID: "u"}}}},
		{"elements are independent", `[{"cves":[{"id":"a","url":"u"}]},{"cves":[{"id":"b"}]}]`,
			[]Finding{{CVEs: []CVE{{ID: "a", URL: "u"}}}, {CVEs: []CVE{{ID: "b"}}}}},
	}
	for _, c := range cases {
		got, err := DecodeFindings([]byte(c.in))
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s:\n got %+v\nwant %+v", c.name, got, c.want)
		}
	}
}

func ptr(f float64) *float64 { return &f }

func TestIntegrityHash(t *testing.T) {
	f := Finding{ID: "1", Source: "2", SourceFindingID: "3", ResourceID: "4", AccountID: "5",
		Region: "6", Severity: "7", Title: "8", Status: "9", Description: "not hashed"}
	if got := IntegrityHash(&f); got != "fb2e52c628a01046bcc548c4242c9fa59bcfce9b5865f33a0cc70adca16c20f5" {
		t.Errorf("hash = %s", got)
	}
	if got := IntegrityHash(&Finding{}); got != "3e7077fd2f66d689e0cee6a7cf5b37bf2dca7c979af356d0a31cbc5c85605c7d" {
		t.Errorf("empty hash = %s", got)
	}
	if got := IntegrityHash(&Finding{ID: "é"}); got != "e73529c01fc68de0ac75eefa32898bf081ac9a8ec9cc272e96f27d74985190cd" {
		t.Errorf("utf-8 hash = %s", got)
	}
}
