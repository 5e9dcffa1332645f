package corpus

// Vocabularies for the synthetic findings. They imitate the style of real
// CSPM output (short titles naming the resource, one- or two-sentence
// descriptions) and deliberately include characters the JSON encoder must
// escape: quotes, backslashes, '<', '>', '&', newlines, non-ASCII letters,
// an astral-plane emoji and, rarely, U+2028.

type account struct {
	id, name, provider string
	regions            []string
	weight             int
	env                string // fixed environment ("" = drawn per resource)
}

var upstreamAccounts = []account{
	{"123456789012", "corp-core-workloads", "aws", awsRegions, 65, ""},
	{"234567890123", "corp-shared-services", "aws", awsRegions, 65, ""},
	{"sub-workload-001", "az-workload-production", "azure", azureRegions, 25, ""},
	{"sub-platform-001", "az-platform-landing-zone", "azure", azureRegions, 25, ""},
	{"proj-analytics-001", "gcp-analytics-lake", "gcp", gcpRegions, 20, ""},
}

var (
	awsRegions   = []string{"us-east-1", "us-west-2", "eu-west-1", "ap-southeast-1"}
	azureRegions = []string{"eastus", "westeurope", "southeastasia"}
	gcpRegions   = []string{"us-central1", "europe-west1"}
)

// manyServices × manyEnvs = 240 accounts for the many-accounts shape.
var manyServices = []string{
	"checkout", "payments", "ledger", "invoicing", "catalog", "search", "reviews", "pricing",
	"inventory", "shipping", "returns", "loyalty", "identity", "sso", "profile", "notify",
	"mailer", "sms-gw", "media", "thumbnails", "cdn-edge", "gateway", "graphql", "webapp",
	"mobile-bff", "analytics", "etl", "warehouse", "ml-feature", "ml-serving", "recsys", "fraud",
	"risk", "audit", "billing", "support", "chat", "telemetry", "scheduler", "backoffice",
}

var manyEnvs = []string{"prod", "staging", "dev", "qa", "perf", "sandbox"}

var envTypeOf = map[string]string{
	"prod": "production", "staging": "staging", "dev": "development",
	"qa": "testing", "perf": "performance", "sandbox": "sandbox",
}

// Upstream-shape environments and their weights.
var (
	upEnvs       = []string{"production", "staging", "development", "sandbox"}
	upEnvShort   = []string{"prod", "stg", "dev", "sbx"}
	upEnvWeights = []int{40, 30, 20, 10}
)

var severities = []string{"CRITICAL", "HIGH", "MEDIUM", "LOW"}
var severityWeights = []int{9, 21, 29, 21}
var severityLower = []string{"critical", "high", "medium", "low"}

type findingType struct{ name, category string }

var findingTypes = []findingType{
	{"vulnerability", "VULNERABILITY"},
	{"misconfiguration", "MISCONFIGURATION"},
	{"iam_risk", "IDENTITY"},
	{"network_exposure", "NETWORK"},
	{"data_exposure", "DATA_EXPOSURE"},
	{"compliance_drift", "COMPLIANCE"},
}

const (
	tVuln = iota
	tMisconfig
	tIAM
	tNetwork
	tData
	tCompliance
)

var resourceTypes = []string{
	"compute", "storage", "database", "serverless", "container",
	"identity", "network", "logging", "encryption",
}

// resKind describes how one provider names one resource type.
type resKind struct {
	prefix string // short name prefix: "vm", "gcs", ...
	label  string // product name used in titles
	azure  string // Azure provider/type path
	gcp    string // GCP service/collection path
}

var awsKinds = []resKind{
	{prefix: "ec2", label: "EC2 instance"},
	{prefix: "s3", label: "S3 bucket"},
	{prefix: "rds", label: "RDS instance"},
	{prefix: "lambda", label: "Lambda function"},
	{prefix: "eks", label: "EKS cluster"},
	{prefix: "iam", label: "IAM role"},
	{prefix: "sg", label: "Security group"},
	{prefix: "trail", label: "CloudTrail trail"},
	{prefix: "kms", label: "KMS key"},
}

var azureKinds = []resKind{
	{prefix: "vm", label: "Virtual machine", azure: "Microsoft.Compute/virtualMachines"},
	{prefix: "st", label: "Storage account", azure: "Microsoft.Storage/storageAccounts"},
	{prefix: "sqldb", label: "Azure SQL database", azure: "Microsoft.Sql/servers"},
	{prefix: "func", label: "Function app", azure: "Microsoft.Web/sites"},
	{prefix: "aks", label: "AKS cluster", azure: "Microsoft.ContainerService/managedClusters"},
	{prefix: "mi", label: "Managed identity", azure: "Microsoft.ManagedIdentity/userAssignedIdentities"},
	{prefix: "nsg", label: "Network security group", azure: "Microsoft.Network/networkSecurityGroups"},
	{prefix: "law", label: "Log Analytics workspace", azure: "Microsoft.OperationalInsights/workspaces"},
	{prefix: "kv", label: "Key Vault", azure: "Microsoft.KeyVault/vaults"},
}

var gcpKinds = []resKind{
	{prefix: "gce", label: "Compute Engine VM", gcp: "compute.googleapis.com/projects/%p/zones/%z/instances"},
	{prefix: "gcs", label: "Cloud Storage bucket", gcp: "storage.googleapis.com/projects/_/buckets"},
	{prefix: "csql", label: "Cloud SQL instance", gcp: "sqladmin.googleapis.com/projects/%p/instances"},
	{prefix: "cfn", label: "Cloud Function", gcp: "cloudfunctions.googleapis.com/projects/%p/locations/%r/functions"},
	{prefix: "gke", label: "GKE cluster", gcp: "container.googleapis.com/projects/%p/locations/%r/clusters"},
	{prefix: "sa", label: "Service account", gcp: "iam.googleapis.com/projects/%p/serviceAccounts"},
	{prefix: "fw", label: "VPC firewall rule", gcp: "compute.googleapis.com/projects/%p/global/firewalls"},
	{prefix: "sink", label: "Log sink", gcp: "logging.googleapis.com/projects/%p/sinks"},
	{prefix: "ckms", label: "Cloud KMS key", gcp: "cloudkms.googleapis.com/projects/%p/locations/%r/keyRings/ring-1/cryptoKeys"},
}

// Words used in resource names; a few carry non-ASCII letters or '&' so
// that path titles and node labels (built from resource_name) exercise the
// encoder too.
var nameWords = []string{
	"orders", "billing", "auth", "edge", "data", "ml", "search", "media", "core", "ops",
	"ingest", "report", "queue", "cache", "portal", "api", "batch", "audit", "vault", "web",
}

var rareNameWords = []string{"zürich", "são-paulo", "r&d", "köln", "ø-lab", "<legacy>"}

var serviceNames = []string{
	"checkout-api", "payment-gateway", "order-service", "user-profile", "search-indexer",
	"recommendation-engine", "notification-hub", "reporting", "data-lake-ingest", "admin-portal",
	"inventory-sync", "fraud-scoring",
}

var linesOfBusiness = []string{
	"retail", "payments", "platform", "data-science", "security", "marketing", "finance", "logistics",
}

var sources = map[string][]string{
	"aws":   {"aws-security-hub", "aws-inspector", "aws-guardduty", "aws-config"},
	"azure": {"azure-defender", "azure-policy", "azure-sentinel"},
	"gcp":   {"gcp-scc", "gcp-cspm"},
}

type vulnDef struct{ name, desc string }

var vulns = []vulnDef{
	{"heap buffer overflow in image decoder", "A crafted WebP/PNG file triggers a heap buffer overflow in the bundled image library; remote attackers can execute code in the worker process."},
	{"path traversal in static file handler", `Requests such as GET /assets/..%2f..%2fetc/passwd escape the document root because the alias directive lacks a trailing "/".`},
	{"prototype pollution in template engine", "Merging untrusted JSON into options lets attackers set __proto__ properties & reach code execution through template helpers."},
	{"unsafe deserialization in message consumer", "Polymorphic typing is enabled for queue payloads, so a gadget chain in the classpath leads to remote code execution."},
	{"container escape via runtime file descriptor leak", "A leaked host file descriptor lets a process inside the container reach the host filesystem and overwrite the runtime binary."},
	{"server-side request forgery in URL preview", "The preview endpoint fetches arbitrary URLs, including http://169.254.169.254/latest/meta-data/, exposing instance credentials."},
	{"XML external entity expansion in SAML parser", `DOCTYPE declarations are not disabled: a <!ENTITY xxe SYSTEM "file:///etc/shadow"> payload is resolved during login.`},
	{"authentication bypass in admin console", "A missing check on the \"X-Forwarded-User\" header lets unauthenticated callers act as any administrator."},
	{"SQL injection in reporting filter", "The sort parameter is concatenated into the ORDER BY clause; time-based blind injection allows reading the whole schema."},
	{"denial of service in HTTP/2 stream handling", "Rapid stream resets exhaust server workers; a single client can take the service offline within seconds."},
	{"privilege escalation in setuid helper", "An unquoted search path in the setuid helper lets local users load their own shared object and gain root."},
}

var vulnRemediations = []string{
	"Upgrade the affected package to the fixed release and redeploy the workload.",
	"Apply the vendor patch; until then, block the vulnerable endpoint at the load balancer.",
	"Rebuild the image from the patched base image and roll out with the standard pipeline.",
	"Steps:\n1. Pin the fixed version in the lock file.\n2. Rebuild and redeploy.\n3. Verify with a rescan.",
}

type issueDef struct{ title, desc, fix string }

// issues per non-vulnerability type; "%s" in title is the resource label +
// name, filled by the generator.
var issues = [][]issueDef{
	tMisconfig: {
		{"%s has encryption at rest disabled", "Data written to the volume is stored in plaintext. Enable default encryption with a customer-managed key.", "Enable encryption at rest and re-create unencrypted volumes from encrypted snapshots."},
		{"%s allows TLS versions older than 1.2", "The listener policy still negotiates TLS 1.0/1.1, which have known weaknesses.", "Switch the listener to a TLS 1.2+ security policy."},
		{"%s has deletion protection turned off", "Accidental or malicious deletion cannot be prevented by policy.", "Turn on deletion protection."},
		{"%s keeps backups for fewer than 7 days", "Backup retention is below the organisation baseline of 7 days; point-in-time recovery is limited.", "Raise backup retention to at least 7 days."},
		{"%s writes no access logs", "Access logging is disabled, so requests against the resource cannot be investigated after an incident.", "Enable access logging to the central log archive."},
		{"%s uses the default network", "The resource is attached to the default VPC/network whose permissive rules are shared by unrelated workloads.", "Move the resource into a dedicated network segment."},
	},
	tIAM: {
		{"Over-privileged role attached to %s", `The attached policy grants "Action": "*" on "Resource": "*" with no <Condition> block; this violates least privilege.`, "Replace the wildcard policy with the permissions observed in the last 90 days."},
		{"Access key older than 90 days used by %s", "A long-lived access key has not been rotated for more than 90 days and is still in active use.", "Rotate the key and move the workload to short-lived credentials."},
		{"Cross-account trust with external principal on %s", "The trust policy lets any principal in an external account assume the role without an ExternalId.", "Restrict the trust policy to named roles and require sts:ExternalId."},
		{"Privileged identity without MFA can manage %s", "A console user with administrative rights has no MFA device registered.", "Enforce MFA for every privileged identity."},
		{"Identity can pass any role to %s", `iam:PassRole is granted on "*", so the identity can attach an administrator role to new compute & escalate privileges.`, "Scope iam:PassRole to the specific role ARNs the service needs."},
	},
	tNetwork: {
		{"SSH (22/tcp) open to 0.0.0.0/0 on %s", "An ingress rule allows SSH from the whole internet. Brute-force attempts were observed in the flow logs.", "Restrict SSH to the bastion CIDR or use session manager."},
		{"RDP (3389/tcp) reachable from the internet on %s", "Remote Desktop is exposed publicly; it should only be reachable through the VPN.", "Remove the public RDP rule and require VPN access."},
		{"Public endpoint without WAF in front of %s", "The public endpoint is not protected by a web application firewall & is exposed to OWASP Top 10 attacks.", "Attach the managed WAF rule set to the endpoint."},
		{"Database port exposed to the internet on %s", "Ports 3306/5432 accept connections from 0.0.0.0/0 instead of the application subnets only.", "Limit database ingress to the application security group."},
		{"Management API publicly reachable on %s", "The control-plane endpoint is public and not restricted by authorized networks.", "Enable a private endpoint or restrict authorized networks."},
	},
	tData: {
		{"Publicly readable objects in %s", `A bucket/container policy grants read to "AllUsers"; 1,204 objects tagged <confidential> are exposed.`, "Block public access at the account level and remove the public grant."},
		{"Unencrypted snapshot of %s shared with another account", "A snapshot without encryption is shared with an account outside the organisation.", "Revoke the share and re-create the snapshot with encryption."},
		{"Personal data found in plaintext on %s", "Data classification found e-mail addresses, phone numbers & card numbers stored without field-level encryption.", "Tokenise the sensitive columns and restrict read access."},
		{"Secrets in environment variables of %s", "Database passwords and API tokens are stored as plaintext environment variables.", "Move the secrets to the secrets manager and reference them at runtime."},
	},
	tCompliance: {
		{"%s deployed outside approved regions", "The resource runs in a region that is not on the data-residency allow list.", "Migrate the resource to an approved region or file a policy exception."},
		{"Audit log retention below 365 days on %s", "Audit logs are retained for 30 days; the policy requires 365 days for regulated workloads.", "Raise the log retention to 365 days."},
		{"Mandatory tags missing on %s", `Tags "owner", "cost-center" and "data-classification" are missing; the resource cannot be attributed.`, "Add the mandatory tags through the IaC module."},
		{"Automatic key rotation disabled for %s", "Key rotation is off; the control requires yearly rotation of customer-managed keys.", "Enable automatic key rotation."},
		{"CIS benchmark drift detected on %s", "The resource no longer matches the hardened baseline: 3 of 42 checks fail since the last change.", "Re-apply the baseline configuration and investigate the change."},
	},
}

// Tactics that may appear per type, with one technique each.
var tacticPools = map[int][][2]string{
	tVuln:    {{"TA0001", "T1190"}, {"TA0002", "T1203"}, {"TA0004", "T1068"}, {"TA0008", "T1210"}, {"TA0040", "T1499"}},
	tIAM:     {{"TA0003", "T1098"}, {"TA0004", "T1078"}, {"TA0006", "T1552"}, {"TA0008", "T1550"}},
	tNetwork: {{"TA0001", "T1133"}, {"TA0007", "T1046"}, {"TA0008", "T1021"}, {"TA0010", "T1048"}, {"TA0011", "T1071"}},
}

type framework struct {
	id, name string
	controls []string
	sections []string
	url      string // "" → mapping url left empty
}

var frameworks = []framework{
	{"cis-aws", "CIS AWS v3.0", []string{"1.4", "1.10", "2.1.1", "3.1", "4.3", "5.2"}, []string{"1", "2", "3", "4", "5"}, ""},
	{"cis-azure", "CIS Azure v2.1", []string{"2.1.5", "3.7", "5.1.2", "6.1", "8.3"}, []string{"2", "3", "5", "6", "8"}, ""},
	{"pci-dss", "PCI DSS v4.0.1", []string{"1.3.1", "3.5.1", "7.2.1", "8.3.6", "10.2.1"}, []string{"1", "3", "7", "8", "10"}, "https://controls.example.com/view?fw=pci-dss&rev=4.0.1"},
	{"soc2", "SOC 2", []string{"CC6.1", "CC6.6", "CC7.2", "CC8.1"}, []string{"CC6", "CC7", "CC8"}, ""},
	{"hipaa", "HIPAA", []string{"164.308(a)(1)", "164.312(a)(2)(iv)", "164.312(b)", "164.312(e)(1)"}, []string{"Administrative", "Technical"}, ""},
	{"iso-27001", "ISO/IEC 27001:2022", []string{"A.5.15", "A.8.9", "A.8.15", "A.8.20", "A.8.24"}, []string{"A.5", "A.8"}, ""},
	{"nist-800-53", "NIST 800-53 r5", []string{"AC-6", "AU-11", "CM-6", "SC-7", "SC-28"}, []string{"AC", "AU", "CM", "SC"}, ""},
}

var controlTitles = []string{
	"Need-to-know access",
	"Protect stored data",
	"Log and monitor access",
	"Boundary protection & segmentation",
	"Secure baseline",
	"Key management",
	"Least privilege",
}

type person struct{ name, handle string }

// People mix plain ASCII, Latin accents, an apostrophe and CJK names.
var people = []person{
	{"Amara Okafor", "amara.okafor"}, {"José Álvarez", "jose.alvarez"}, {"Zoë Brandt", "zoe.brandt"},
	{"Łukasz Nowak", "lukasz.nowak"}, {"Priya Raman", "priya.raman"}, {"Wei Chen", "wei.chen"},
	{"Noah O'Brien", "noah.obrien"}, {"Renée Dubois", "renee.dubois"}, {"Sven Lindqvist", "sven.lindqvist"},
	{"田中 美咲", "misaki.tanaka"}, {"Fatima Haddad", "fatima.haddad"}, {"Diego Ferreira", "diego.ferreira"},
	{"Ingrid Solberg", "ingrid.solberg"}, {"Kwame Mensah", "kwame.mensah"}, {"Olivia Grant", "olivia.grant"},
	{"Mateo Rossi", "mateo.rossi"},
}

var teams = []string{
	"cloud-platform", "appsec", "sre-core", "data-eng", "identity-ops", "netsec",
	"payments-eng", "ml-infra", "R&D tooling", "secops-tier2",
}

var tagKeys = []string{"owner", "cost-center", "app", "data-classification", "managed-by", "compliance-scope", "Name", "backup"}

var tagValues = map[string][]string{
	"owner":               {"team-checkout", "team-data", "platform@corp.example", "sre-core"},
	"cost-center":         {"cc-1001", "cc-2040", "cc-3310", "cc-4420"},
	"app":                 {"storefront", "ledger", "etl-nightly", "ml-serving", "intranet"},
	"data-classification": {"public", "internal", "confidential", "restricted"},
	"managed-by":          {"terraform", "pulumi", "cloudformation", "manual", "helm"},
	"compliance-scope":    {"pci", "hipaa", "sox", "none"},
	"backup":              {"daily", "weekly", "none"},
}

var rareTexts = []string{
	"Ticket note from Zoë: \"verify on Monday\" 🔒",
	"Imported from legacy scanner\u2028(line separator kept as is)",
	"Owner moved to team R&D <tooling>; see runbook \\\\share\\sec\\runbook.docx",
	"Tab\tseparated\tnote and a bell \u0007 from an old export",
}

var workflowsFor = map[string][]string{
	"open":        {"new", "new", "triaged", "triaged", "assigned"},
	"in_progress": {"in_progress", "assigned"},
	"resolved":    {"remediated", "verified"},
	"suppressed":  {"closed"},
}

var statuses = []string{"open", "in_progress", "resolved", "suppressed"}
var statusWeights = []int{62, 20, 11, 7}
