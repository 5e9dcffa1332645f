package api

// Paging limits of ListFindings and ListPaths. A per-page value outside
// 1..Max* means the Default*.
const (
	DefaultFindingsPerPage = 50
	MaxFindingsPerPage     = 200
	DefaultPathsPerPage    = 20
	MaxPathsPerPage        = 100
)

// FindingQuery selects a page of a Store's findings. An empty filter matches
// any value; a non-empty one compares ASCII case-insensitively (no Unicode
// folding). Page < 1 means 1; PerPage outside 1..MaxFindingsPerPage means
// DefaultFindingsPerPage; a page past the end means the last page (1 when
// nothing matches).
type FindingQuery struct {
	Severity string
	Provider string // matches cloud_provider
	Status   string
	Category string
	Page     int
	PerPage  int
}
