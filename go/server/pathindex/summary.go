package pathindex

import (
	"cmp"
	"slices"
)

// Summary is what the index knows about the whole result that the stats
// object does not say: paths per hop count, per exact severity, per provider
// and per account. Lists are sorted (hop count ascending; severities by
// rank, then name; providers and accounts in byte order).
type Summary struct {
	HopCounts  []HopCount      `json:"hop_counts"`
	Severities []SeverityCount `json:"severities"`
	Providers  []ProviderCount `json:"providers"`
	// Accounts holds the first MaxSummaryAccounts accounts in byte order;
	// AccountCount is how many there are.
	Accounts     []AccountCount `json:"accounts"`
	AccountCount int            `json:"account_count"`
}

// MaxSummaryAccounts caps Summary.Accounts, so the summary stays small
// whatever the input.
const MaxSummaryAccounts = 1000

// HopCount is the number of paths with Hops hops.
type HopCount struct {
	Hops  int `json:"hop_count"`
	Paths int `json:"paths"`
}

// SeverityCount is the number of paths of one severity, spelled as the
// paths spell it.
type SeverityCount struct {
	Severity string `json:"severity"`
	Paths    int    `json:"paths"`
}

// ProviderCount is the number of paths of one provider.
type ProviderCount struct {
	Provider string `json:"provider"`
	Paths    int    `json:"paths"`
}

// AccountCount is the number of paths in one account, with the provider of
// its first path.
type AccountCount struct {
	AccountID string `json:"account_id"`
	Provider  string `json:"provider"`
	Paths     int    `json:"paths"`
}

// Summary returns the built index's summary; ok is false before Build has
// finished.
func (ix *Index) Summary() (s Summary, ok bool) {
	snap := ix.built.Load()
	if snap == nil {
		return Summary{}, false
	}
	return snap.summary, true
}

func summarize(s *snapshot) Summary {
	hops := map[int]int{}
	sev := make([]int, len(s.severities))
	prov := make([]int, len(s.providers))
	acct := make([]int, len(s.accounts))
	acctProvider := make([]int, len(s.accounts))
	for i := range acctProvider {
		acctProvider[i] = -1
	}
	for i := range s.entries {
		e := &s.entries[i]
		hops[s.hops(i)]++
		sev[e.severity]++
		prov[e.provider]++
		acct[e.account]++
		if acctProvider[e.account] < 0 {
			acctProvider[e.account] = int(e.provider)
		}
	}
	sum := Summary{
		HopCounts:    []HopCount{},
		Severities:   make([]SeverityCount, len(sev)),
		Providers:    make([]ProviderCount, len(prov)),
		Accounts:     make([]AccountCount, len(acct)),
		AccountCount: len(acct),
	}
	for h, n := range hops {
		sum.HopCounts = append(sum.HopCounts, HopCount{h, n})
	}
	slices.SortFunc(sum.HopCounts, func(a, b HopCount) int { return cmp.Compare(a.Hops, b.Hops) })
	for i, n := range sev {
		sum.Severities[i] = SeverityCount{s.severities[i], n}
	}
	slices.SortFunc(sum.Severities, func(a, b SeverityCount) int {
		if c := cmp.Compare(rank(b.Severity), rank(a.Severity)); c != 0 {
			return c
		}
		return cmp.Compare(a.Severity, b.Severity)
	})
	for i, n := range prov {
		sum.Providers[i] = ProviderCount{s.providers[i], n}
	}
	slices.SortFunc(sum.Providers, func(a, b ProviderCount) int { return cmp.Compare(a.Provider, b.Provider) })
	for i, n := range acct {
		sum.Accounts[i] = AccountCount{s.accounts[i], s.providers[acctProvider[i]], n}
	}
	slices.SortFunc(sum.Accounts, func(a, b AccountCount) int { return cmp.Compare(a.AccountID, b.AccountID) })
	if len(sum.Accounts) > MaxSummaryAccounts {
		sum.Accounts = sum.Accounts[:MaxSummaryAccounts]
	}
	return sum
}

// rank orders the canonical severities; any other spelling ranks 0.
func rank(severity string) int {
	switch {
	case asciiEqualFold(severity, "CRITICAL"):
		return 4
	case asciiEqualFold(severity, "HIGH"):
		return 3
	case asciiEqualFold(severity, "MEDIUM"):
		return 2
	case asciiEqualFold(severity, "LOW"):
		return 1
	}
	return 0
}
