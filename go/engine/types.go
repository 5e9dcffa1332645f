// Package engine is the reference (pure-Go) attack-path engine: it decodes
// findings with encoding/json, chains them into attack paths and writes the
// result with json.Marshal. Its bytes are the contract the native library
// must reproduce (docs/input.md, docs/algorithms.md, docs/output.md).
package engine

// Finding is one security finding (52 fields, docs/input.md). The field order is
// the JSON output order.
type Finding struct {
	ID                  string              `json:"id"`
	Source              string              `json:"source"`
	SourceFindingID     string              `json:"source_finding_id"`
	Type                string              `json:"type"`
	Title               string              `json:"title"`
	Description         string              `json:"description"`
	ResourceType        string              `json:"resource_type"`
	ResourceID          string              `json:"resource_id"`
	ResourceName        string              `json:"resource_name"`
	ResourceARN         string              `json:"resource_arn,omitempty"`
	Platform            string              `json:"platform"`
	CloudProvider       string              `json:"cloud_provider"`
	Region              string              `json:"region"`
	AccountID           string              `json:"account_id"`
	AccountName         string              `json:"account_name"`
	EnvironmentType     string              `json:"environment_type"`
	StaticSeverity      string              `json:"static_severity"`
	Severity            string              `json:"severity"`
	AIRiskScore         float64             `json:"ai_risk_score"`
	AIRiskLevel         string              `json:"ai_risk_level"`
	AIRiskRationale     string              `json:"ai_risk_rationale"`
	AIContextualFactors []string            `json:"ai_contextual_factors"`
	CVSS                *float64            `json:"cvss,omitempty"`
	CVSSVector          string              `json:"cvss_vector,omitempty"`
	EPSS                *float64            `json:"epss,omitempty"`
	ExploitAvailable    bool                `json:"exploit_available"`
	CVEs                []CVE               `json:"cves"`
	MitreTactics        []string            `json:"mitre_tactics"`
	MitreTechniques     []string            `json:"mitre_techniques"`
	ComplianceMappings  []ComplianceMapping `json:"compliance_mappings"`
	Remediation         string              `json:"remediation"`
	AutoRemediatable    bool                `json:"auto_remediatable"`
	Category            string              `json:"category"`
	Status              string              `json:"status"`
	WorkflowStatus      string              `json:"workflow_status"`
	Assignee            *Assignee           `json:"assignee,omitempty"`
	Suppressed          bool                `json:"suppressed"`
	TechnicalContact    *Contact            `json:"technical_contact,omitempty"`
	BusinessOwner       *Contact            `json:"business_owner,omitempty"`
	ServiceName         string              `json:"service_name"`
	LineOfBusiness      string              `json:"line_of_business"`
	Team                string              `json:"team,omitempty"`
	FirstFoundAt        string              `json:"first_found_at"`
	LastSeenAt          string              `json:"last_seen_at"`
	SLABreachDate       string              `json:"sla_breach_date,omitempty"`
	DueDate             string              `json:"due_date"`
	DeduplicationKey    string              `json:"deduplication_key"`
	CanonicalRuleID     string              `json:"canonical_rule_id"`
	IntegrityHash       string              `json:"integrity_hash,omitempty"`
	Tags                map[string]string   `json:"tags,omitempty"`
	IPs                 []string            `json:"ips,omitempty"`
	Emails              []string            `json:"emails,omitempty"`
}

// CVE is one vulnerability reference of a finding.
type CVE struct {
	ID                 string   `json:"id"`
	URL                string   `json:"url"`
	NVDURL             string   `json:"nvd_url"`
	MitreURL           string   `json:"mitre_url"`
	Description        string   `json:"description"`
	CVSS               *float64 `json:"cvss,omitempty"`
	CVSSVector         string   `json:"cvss_vector,omitempty"`
	CVSSVersion        string   `json:"cvss_version,omitempty"`
	EPSS               *float64 `json:"epss,omitempty"`
	CISAKnownExploited bool     `json:"cisa_known_exploited"`
	Published          string   `json:"published"`
	Modified           string   `json:"modified"`
}

// ComplianceMapping ties a finding to one control of a framework.
type ComplianceMapping struct {
	FrameworkID   string `json:"framework_id"`
	FrameworkName string `json:"framework_name"`
	ControlID     string `json:"control_id"`
	ControlTitle  string `json:"control_title"`
	Section       string `json:"section"`
	Severity      string `json:"severity"`
	URL           string `json:"url"`
}

// Assignee says who works on a finding.
type Assignee struct {
	UserID      string `json:"user_id,omitempty"`
	UserEmail   string `json:"user_email,omitempty"`
	UserName    string `json:"user_name,omitempty"`
	Team        string `json:"team,omitempty"`
	AssignedAt  string `json:"assigned_at,omitempty"`
	AssignedBy  string `json:"assigned_by,omitempty"`
	DueDate     string `json:"due_date,omitempty"`
	Escalated   bool   `json:"escalated,omitempty"`
	EscalatedTo string `json:"escalated_to,omitempty"`
	EscalatedAt string `json:"escalated_at,omitempty"`
}

// Contact is a person responsible for a resource.
type Contact struct {
	Name      string `json:"name,omitempty"`
	Email     string `json:"email,omitempty"`
	Team      string `json:"team,omitempty"`
	Phone     string `json:"phone,omitempty"`
	SlackID   string `json:"slack_id,omitempty"`
	OnCallURL string `json:"on_call_url,omitempty"`
}

// AttackPathNode is one finding on a path.
type AttackPathNode struct {
	ID           string `json:"id"`
	FindingID    string `json:"finding_id"`
	ResourceID   string `json:"resource_id"`
	ResourceName string `json:"resource_name"`
	ResourceType string `json:"resource_type"`
	Provider     string `json:"provider"`
	AccountID    string `json:"account_id"`
	Region       string `json:"region"`
	Severity     string `json:"severity"`
	Category     string `json:"category"`
	Label        string `json:"label"`
}

// AttackPathEdge links node i-1 to node i.
type AttackPathEdge struct {
	ID       string `json:"id"`
	Source   string `json:"source"`
	Target   string `json:"target"`
	Label    string `json:"label"`
	EdgeType string `json:"edge_type"`
}

// AttackPath is one chain of findings (docs/output.md).
type AttackPath struct {
	ID            string           `json:"id"`
	Title         string           `json:"title"`
	Description   string           `json:"description"`
	Severity      string           `json:"severity"`
	Score         int              `json:"score"`
	HopCount      int              `json:"hop_count"`
	EntryPoint    AttackPathNode   `json:"entry_point"`
	Target        AttackPathNode   `json:"target"`
	Nodes         []AttackPathNode `json:"nodes"`
	Edges         []AttackPathEdge `json:"edges"`
	MitreTactics  []string         `json:"mitre_tactics"`
	FindingIDs    []string         `json:"finding_ids"`
	AIEnriched    bool             `json:"ai_enriched"`
	AISummary     string           `json:"ai_summary,omitempty"`
	AIRiskLevel   string           `json:"ai_risk_level,omitempty"`
	AIRemediation string           `json:"ai_remediation,omitempty"`
	LowConfidence bool             `json:"low_confidence,omitempty"`
	// Records are the indices, in the decoded findings slice, of the
	// chain's records in node order: the exact findings whose fields the
	// nodes copy (with duplicate ids, a finding id alone does not say
	// which). Not part of the JSON.
	Records []int32 `json:"-"`
}

// AttackPathStats summarises a result (docs/output.md, "Stats").
type AttackPathStats struct {
	TotalFindings    int            `json:"total_findings"`
	FindingsInPaths  int            `json:"findings_in_paths"`
	IsolatedFindings int            `json:"isolated_findings"`
	CoveragePercent  float64        `json:"coverage_percent"`
	TotalPaths       int            `json:"total_paths"`
	CriticalPaths    int            `json:"critical_paths"`
	HighPaths        int            `json:"high_paths"`
	MediumPaths      int            `json:"medium_paths"`
	ByProvider       map[string]int `json:"by_provider"`
	// Truncated is set when a path cap cut the result short; the key is
	// absent otherwise, so uncapped output keeps its bytes.
	Truncated bool `json:"truncated,omitempty"`
}

// AttackPathResult is the whole answer of a computation.
type AttackPathResult struct {
	Paths []AttackPath    `json:"paths"`
	Stats AttackPathStats `json:"stats"`
}
