package api

// MaxBlastRadiusIndirect caps PathAnalysis's blast_radius.indirect.
const MaxBlastRadiusIndirect = 1000

// PathAnalysis is the answer of Store.PathAnalysis, the body of
// GET /api/v1/attack-paths/{id}/analysis. Both stores write exactly
// json.Marshal of this value (keys in field order; the slices are never
// nil, so an empty list is written as []).
//
// Everything in it is derived, deterministically, from the path and from the
// chain's own finding records — the exact records behind the path's nodes,
// which matters when finding ids repeat — and, for the blast radius, from
// the store's findings and edge document. Nothing is canned and nothing
// depends on time, threads or map order. All comparisons are exact byte
// comparisons unless a rule says otherwise; "join(xs, sep)" puts sep between
// consecutive items; empty fields are written as they are (empty).
//
// Notation: the path has hop count h and nodes 0..h; f_k is the record
// behind node k; name_k, type_k, cat_k, sev_k, title_k, rem_k are its
// resource_name, resource_type, category, severity, title and remediation;
// p.severity, p.score and p.mitre_tactics are the path's own fields.
//
// analysis, one string:
//
//	"{h}-hop {p.severity} path in {f_0.cloud_provider} account {f_0.account_id}: " +
//	"{name_0} ({type_0}, {cat_0}) reaches {name_h} ({type_h}, {cat_h})"
//	+ (h >= 2 ? " via " + join(name_1 … name_{h-1}, ", ") : "")
//	+ "."
//	+ (T not empty ? " Findings: " + join(T, "; ") + "." : "")
//
// where T is the distinct non-empty titles of f_0..f_h, in node order of
// first appearance.
//
// remediation_steps: for each distinct non-empty remediation d of f_0..f_h,
// in node order of first appearance, one step: N = the distinct non-empty
// resource names of the nodes k with rem_k == d, in node order; the step is
// join(N, ", ") + ": " + d, or d alone when N is empty.
//
// risk_factors, in this order:
//
//  1. "Path score {p.score}/100, severity {p.severity}"
//  2. for each node k: "{sev_k} {cat_k} finding on {name_k}", followed by
//     ": {title_k}" when title_k is not empty
//  3. for each node k whose record has exploit_available:
//     "Exploit available: {name_k}"
//  4. for each CVE c of f_0.cves, then f_1.cves, … (list order) whose id is
//     not empty and not already listed here: "{c.id} on {name_k}" (k the
//     node whose record lists it first), followed by
//     " (CISA known exploited)" when that entry's cisa_known_exploited is true
//  5. for each node k with cat_k == "NETWORK": "Network-exposed: {name_k}"
//  6. for each node k whose ASCII-lower-cased type_k is storage, database,
//     secret or encryption: "Data store: {name_k} ({type_k})"
//  7. when p.mitre_tactics is not empty:
//     "MITRE tactics: " + join(p.mitre_tactics, ", ")
//  8. when the distinct regions of f_0..f_h (node order of first appearance)
//     are more than one: "Crosses regions: " + join(regions, ", ")
//
// blast_radius: direct is the number of distinct resource ids of f_0..f_h.
// indirect counts the further resource ids, never one of the path's, that
// are near the path, capped at MaxBlastRadiusIndirect; total = direct +
// indirect (after the cap). Only resource ids that some finding of the
// document holds (any account, any group size) count or carry a step: a
// resource id that only the edge document names is ignored, as graph mode
// ignores it. Which ids are near depends on how the store was opened:
//   - graph mode (Options.Edges != nil): the ids within 2 edges of any of
//     the path's resource ids, over the undirected graph of the counting
//     rows that graph mode uses (edge types do not matter; a self-loop
//     links nothing), restricted as just said — so a resource reached only
//     through an id that no finding holds is not near;
//   - heuristic mode: the resource ids of the findings whose
//     (account_id, region) equals that of some f_k.
type PathAnalysis struct {
	Analysis         string      `json:"analysis"`
	RemediationSteps []string    `json:"remediation_steps"`
	RiskFactors      []string    `json:"risk_factors"`
	BlastRadius      BlastRadius `json:"blast_radius"`
}

// BlastRadius is how many resources a path touches (see PathAnalysis).
type BlastRadius struct {
	Direct   int `json:"direct"`
	Indirect int `json:"indirect"`
	Total    int `json:"total"`
}
