// Package graphcases is a table of named graph-mode inputs (findings, an
// edge document, options) with the facts a correct engine must produce,
// worked out by hand from docs/algorithms.md, "Graph mode". The Go
// reference engine's tests assert them; parity tests feed the same inputs to
// the native engine and compare bytes. It also holds a structured generator
// of graph-mode inputs for fuzzing (see FromFuzz).
//
// The package depends on no engine, so either side's tests can import it.
package graphcases

import (
	"encoding/json"
	"strings"
)

// F is a finding of a case: the fields graph mode reads. Name defaults to
// "n-"+ID, Provider to "aws", Region to "r1".
type F struct {
	ID, Account, Type, Res, Sev, Cat string
	Exploit                          bool
	Region, Name, Provider           string
}

// Case is one named input with its expected result.
type Case struct {
	Name     string
	Why      string // what the case pins
	Findings []F
	Edges    string // the edge document, byte for byte
	MaxPaths int    // 0: no cap
	Want     Want
}

// Want is the expected result: the paths in result order and the stats.
type Want struct {
	Paths []Path
	// Stats. Total findings is len(Findings).
	InPaths                int // findings_in_paths
	Critical, High, Medium int
	Truncated              bool
}

// Path is one expected path. Hop count is len(FindingIDs)-1.
type Path struct {
	ID         string
	FindingIDs []string
	// Resources are the nodes' resource ids; nil when the finding ids say
	// enough (they matter where ids repeat).
	Resources []string
	EdgeTypes []string
	Labels    []string
	Severity  string
	Score     int
}

// findingJSON is the JSON shape of F.
type findingJSON struct {
	ID               string   `json:"id"`
	ResourceType     string   `json:"resource_type"`
	ResourceID       string   `json:"resource_id"`
	ResourceName     string   `json:"resource_name"`
	CloudProvider    string   `json:"cloud_provider"`
	Region           string   `json:"region"`
	AccountID        string   `json:"account_id"`
	Severity         string   `json:"severity"`
	ExploitAvailable bool     `json:"exploit_available"`
	MitreTactics     []string `json:"mitre_tactics"`
	Category         string   `json:"category"`
}

func (f F) toJSON() findingJSON {
	j := findingJSON{
		ID: f.ID, ResourceType: f.Type, ResourceID: f.Res, ResourceName: f.Name,
		CloudProvider: f.Provider, Region: f.Region, AccountID: f.Account,
		Severity: f.Sev, ExploitAvailable: f.Exploit, Category: f.Cat,
	}
	if j.ResourceName == "" {
		j.ResourceName = "n-" + f.ID
	}
	if j.CloudProvider == "" {
		j.CloudProvider = "aws"
	}
	if j.Region == "" {
		j.Region = "r1"
	}
	return j
}

// FindingsJSON returns the case's findings document.
func (c *Case) FindingsJSON() []byte { return findingsDoc(c.Findings) }

// EdgesJSON returns the case's edge document.
func (c *Case) EdgesJSON() []byte { return []byte(c.Edges) }

func findingsDoc(fs []F) []byte {
	out := make([]findingJSON, len(fs))
	for i, f := range fs {
		out[i] = f.toJSON()
	}
	b, err := json.Marshal(out)
	if err != nil {
		panic(err) // strings and bools only
	}
	return b
}

// Row returns an upstream-shaped edge row (every key upstream writes) of
// type typ from resource src to resource dst.
func Row(src, dst, typ string) string {
	return `{"id":"e-` + jsonText(src) + `-` + jsonText(dst) + `","tenant_id":"t-1","source_type":"resource","source_id":"` +
		jsonText(src) + `","target_type":"resource","target_id":"` + jsonText(dst) + `","edge_type":"` +
		jsonText(typ) + `","properties":{},"created_at":"2026-03-10T00:00:00Z"}`
}

// Doc returns the edge document of the given rows (JSON objects).
func Doc(rows ...string) string { return "[" + strings.Join(rows, ",") + "]" }

// jsonText returns s escaped for the inside of a JSON string.
func jsonText(s string) string {
	b, _ := json.Marshal(s)
	return string(b[1 : len(b)-1])
}
