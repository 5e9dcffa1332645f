package engine

import (
	"fmt"
	"math/rand"
	"sort"
	"testing"
)

// syntheticFindings builds n findings shaped like the upstream benchmark
// corpus (the upstream shape: accounts, regions, severity mix, types, resource types);
// only the fields the engine reads are filled.
func syntheticFindings(n int, seed int64) []Finding {
	rng := rand.New(rand.NewSource(seed))
	type account struct {
		id, provider string
		regions      []string
		weight       int
	}
	accounts := []account{
		{"123456789012", "aws", []string{"us-east-1", "us-west-2", "eu-west-1", "ap-southeast-1"}, 65},
		{"234567890123", "aws", []string{"us-east-1", "us-west-2", "eu-west-1", "ap-southeast-1"}, 65},
		{"sub-workload-001", "azure", []string{"eastus", "westeurope", "southeastasia"}, 25},
		{"sub-platform-001", "azure", []string{"eastus", "westeurope", "southeastasia"}, 25},
		{"proj-analytics-001", "gcp", []string{"us-central1", "europe-west1"}, 20},
	}
	categories := []string{"VULNERABILITY", "MISCONFIGURATION", "IDENTITY", "NETWORK", "DATA_EXPOSURE", "COMPLIANCE"}
	resourceTypes := []string{"compute", "storage", "database", "serverless", "container", "identity", "network", "logging", "encryption"}
	tactics := []string{"Initial Access", "Execution", "Persistence", "Privilege Escalation", "Lateral Movement", "Exfiltration"}
	out := make([]Finding, n)
	for i := range out {
		w := rng.Intn(200)
		a := accounts[0]
		for _, acc := range accounts {
			if w < acc.weight {
				a = acc
				break
			}
			w -= acc.weight
		}
		sev := "LOW"
		switch s := rng.Intn(80); {
		case s < 9:
			sev = "CRITICAL"
		case s < 30:
			sev = "HIGH"
		case s < 59:
			sev = "MEDIUM"
		}
		kind := rng.Intn(len(categories))
		rt := resourceTypes[rng.Intn(len(resourceTypes))]
		f := Finding{
			ID: fmt.Sprintf("f-%05d", i+1), AccountID: a.id, CloudProvider: a.provider,
			Region: a.regions[rng.Intn(len(a.regions))], Severity: sev, Category: categories[kind],
			ResourceType: rt, ResourceID: fmt.Sprintf("%s-%08x", rt, rng.Uint32()),
			ResourceName: fmt.Sprintf("%s-res-%05d", rt, i+1),
		}
		if kind == 0 {
			f.ExploitAvailable = sev == "CRITICAL" || (sev == "HIGH" && rng.Intn(2) == 0)
		}
		if kind == 0 || kind == 2 || kind == 3 {
			for k := 0; k <= rng.Intn(2); k++ {
				f.MitreTactics = append(f.MitreTactics, tactics[rng.Intn(len(tactics))])
			}
		}
		out[i] = f
	}
	return out
}

func TestSortMatchesSliceStable(t *testing.T) {
	r := ComputeAttackPaths(syntheticFindings(400, 2))
	// Back to generation order (the id number), then sort.SliceStable as the
	// documentation words it; the engine's counting pass must give the same order.
	gen := append([]AttackPath(nil), r.Paths...)
	num := func(p *AttackPath) int {
		var n int
		fmt.Sscanf(p.ID, "ap-%d", &n)
		return n
	}
	sort.Slice(gen, func(i, j int) bool { return num(&gen[i]) < num(&gen[j]) })
	sort.SliceStable(gen, func(i, j int) bool {
		ri, rj := severityRank(gen[i].Severity), severityRank(gen[j].Severity)
		if ri != rj {
			return ri > rj
		}
		return gen[i].Score > gen[j].Score
	})
	if len(gen) < 500 {
		t.Fatalf("only %d paths", len(gen))
	}
	for i := range gen {
		if gen[i].ID != r.Paths[i].ID {
			t.Fatalf("position %d: %s, want %s", i, r.Paths[i].ID, gen[i].ID)
		}
	}
}

func TestSyntheticCorpusInvariants(t *testing.T) {
	fs := syntheticFindings(600, 1)
	r := ComputeAttackPaths(fs)
	if len(r.Paths) < 1000 {
		t.Fatalf("only %d paths from 600 synthetic findings", len(r.Paths))
	}
	checkSortedStable(t, r.Paths)
	seen := map[string]bool{}
	sum := 0
	for _, p := range r.Paths {
		if seen[p.ID] {
			t.Fatalf("duplicate id %s", p.ID)
		}
		seen[p.ID] = true
		if p.HopCount != len(p.Nodes)-1 || len(p.Edges) != p.HopCount || p.EntryPoint != p.Nodes[0] || p.Target != p.Nodes[p.HopCount] {
			t.Fatalf("inconsistent path %+v", p)
		}
	}
	for _, c := range r.Stats.ByProvider {
		sum += c
	}
	if sum != len(r.Paths) || r.Stats.CriticalPaths+r.Stats.HighPaths+r.Stats.MediumPaths != len(r.Paths) {
		t.Errorf("stats %+v do not add up to %d paths", r.Stats, len(r.Paths))
	}
}

func BenchmarkComputeAttackPathsSynthetic5K(b *testing.B) {
	fs := syntheticFindings(5000, 1)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		r := ComputeAttackPaths(fs)
		if i == 0 {
			b.ReportMetric(float64(len(r.Paths)), "paths")
		}
	}
}
