package graphcases

// Shorthands for the table.
func ids(xs ...string) []string { return xs }

func entry(id, res string) F {
	return F{ID: id, Account: "a", Type: "compute", Res: res, Sev: "HIGH", Cat: "NETWORK"}
}

func target(id, res string) F {
	return F{ID: id, Account: "a", Type: "storage", Res: res, Sev: "LOW", Cat: "DATA_EXPOSURE"}
}

func middle(id, res, sev string) F {
	return F{ID: id, Account: "a", Type: "logging", Res: res, Sev: sev, Cat: "COMPLIANCE"}
}

func in(account string, f F) F { f.Account = account; return f }

// Cases returns the table. Each call returns fresh values.
func Cases() []Case {
	return []Case{
		{
			Name: "upstream-four-findings",
			Why: "the upstream test's example: entry → two intermediates → target over " +
				"same_region, same_region, same_account is one 3-hop path",
			Findings: []F{
				{ID: "e", Account: "a", Type: "compute", Res: "i-web", Sev: "HIGH", Cat: "VULNERABILITY", Exploit: true},
				{ID: "m1", Account: "a", Type: "identity", Res: "role-app", Sev: "MEDIUM", Cat: "IDENTITY"},
				{ID: "m2", Account: "a", Type: "network", Res: "sg-db", Sev: "LOW", Cat: "MISCONFIGURATION"},
				{ID: "t", Account: "a", Type: "database", Res: "db-main", Sev: "CRITICAL", Cat: "DATA_EXPOSURE"},
			},
			Edges: Doc(Row("i-web", "role-app", "same_region"), Row("role-app", "sg-db", "same_region"),
				Row("sg-db", "db-main", "same_account")),
			Want: Want{
				Paths: []Path{{ID: "ap-001", FindingIDs: ids("e", "m1", "m2", "t"),
					EdgeTypes: ids("same_region", "same_region", "same_account"),
					Labels:    ids("same region", "same region", "same account"),
					Severity:  "CRITICAL", Score: 100}},
				InPaths: 4, Critical: 1,
			},
		},
		{
			Name: "shortest-path-ties-to-scan-order",
			Why:  "of two 2-hop routes the search takes the one through the earlier finding",
			Findings: []F{entry("e", "rE"), middle("a", "rA", "LOW"), middle("b", "rB", "LOW"),
				target("t", "rT")},
			Edges: Doc(Row("rE", "rA", "network_reachable"), Row("rE", "rB", "same_region"),
				Row("rB", "rT", "same_region"), Row("rT", "rA", "data_access")),
			Want: Want{
				Paths: []Path{{ID: "ap-001", FindingIDs: ids("e", "a", "t"),
					EdgeTypes: ids("network_reachable", "data_access"),
					Labels:    ids("network access", "data access"), Severity: "HIGH", Score: 100}},
				InPaths: 3, High: 1,
			},
		},
		{
			Name: "depth-4-found-depth-5-not",
			Why: "a target 4 hops away is found; one 5 hops away in the same graph is not " +
				"(nodes at depth 4 are not expanded)",
			Findings: []F{
				{ID: "e", Account: "a", Type: "compute", Res: "r0", Sev: "CRITICAL", Cat: "NETWORK"},
				middle("m1", "r1", "LOW"), middle("m2", "r2", "LOW"), middle("m3", "r3", "LOW"),
				middle("m4", "r4", "LOW"),
				target("t5", "r5"), // behind m4: depth 5
				target("t4", "r6"), // behind m3: depth 4
			},
			Edges: Doc(Row("r0", "r1", "same_region"), Row("r1", "r2", "same_region"),
				Row("r2", "r3", "same_region"), Row("r3", "r4", "same_region"),
				Row("r4", "r5", "same_region"), Row("r3", "r6", "iam_trust")),
			Want: Want{
				Paths: []Path{{ID: "ap-001", FindingIDs: ids("e", "m1", "m2", "m3", "t4"),
					EdgeTypes: ids("same_region", "same_region", "same_region", "iam_trust"),
					Labels:    ids("same region", "same region", "same region", "IAM trust"),
					Severity:  "CRITICAL", Score: 100}},
				InPaths: 5, Critical: 1,
			},
		},
		{
			Name: "cycle",
			Why:  "a cycle e–a–b–e is walked once; the target behind b is reached through b, e's own neighbour",
			Findings: []F{entry("e", "rE"), middle("a", "rA", "MEDIUM"), middle("b", "rB", "MEDIUM"),
				{ID: "t", Account: "a", Type: "storage", Res: "rT", Sev: "MEDIUM", Cat: "DATA_EXPOSURE"}},
			Edges: Doc(Row("rE", "rA", "same_region"), Row("rA", "rB", "same_region"),
				Row("rB", "rE", "same_account"), Row("rB", "rT", "same_region")),
			Want: Want{
				Paths: []Path{{ID: "ap-001", FindingIDs: ids("e", "b", "t"),
					EdgeTypes: ids("same_account", "same_region"),
					Labels:    ids("same account", "same region"), Severity: "HIGH", Score: 100}},
				InPaths: 3, High: 1,
			},
		},
		{
			Name: "entries-and-targets-as-intermediates",
			Why:  "any finding may sit in the middle: an entry on the way to a target, a target on the way to another",
			Findings: []F{
				entry("e1", "r1"),
				{ID: "e2", Account: "a", Type: "container", Res: "r2", Sev: "CRITICAL", Cat: "VULNERABILITY"},
				target("t1", "r3"),
				{ID: "t2", Account: "a", Type: "database", Res: "r4", Sev: "LOW", Cat: "MISCONFIGURATION"},
			},
			Edges: Doc(Row("r1", "r2", "network_reachable"), Row("r2", "r3", "data_access"),
				Row("r3", "r4", "same_account")),
			Want: Want{
				Paths: []Path{
					{ID: "ap-001", FindingIDs: ids("e1", "e2", "t1"), EdgeTypes: ids("network_reachable", "data_access"),
						Labels: ids("network access", "data access"), Severity: "CRITICAL", Score: 100},
					{ID: "ap-002", FindingIDs: ids("e1", "e2", "t1", "t2"),
						EdgeTypes: ids("network_reachable", "data_access", "same_account"),
						Labels:    ids("network access", "data access", "same account"), Severity: "CRITICAL", Score: 100},
					{ID: "ap-003", FindingIDs: ids("e2", "t1"), EdgeTypes: ids("data_access"),
						Labels: ids("data access"), Severity: "CRITICAL", Score: 100},
					{ID: "ap-004", FindingIDs: ids("e2", "t1", "t2"), EdgeTypes: ids("data_access", "same_account"),
						Labels: ids("data access", "same account"), Severity: "CRITICAL", Score: 100},
				},
				InPaths: 4, Critical: 4,
			},
		},
		{
			Name:     "truncated-at-2",
			Why:      "MaxPaths keeps the first chains in generation order and marks the stats",
			Findings: entriesAndTargetsAsIntermediates(),
			Edges: Doc(Row("r1", "r2", "network_reachable"), Row("r2", "r3", "data_access"),
				Row("r3", "r4", "same_account")),
			MaxPaths: 2,
			Want: Want{
				Paths: []Path{
					{ID: "ap-001", FindingIDs: ids("e1", "e2", "t1"), EdgeTypes: ids("network_reachable", "data_access"),
						Labels: ids("network access", "data access"), Severity: "CRITICAL", Score: 100},
					{ID: "ap-002", FindingIDs: ids("e1", "e2", "t1", "t2"),
						EdgeTypes: ids("network_reachable", "data_access", "same_account"),
						Labels:    ids("network access", "data access", "same account"), Severity: "CRITICAL", Score: 100},
				},
				InPaths: 4, Critical: 2, Truncated: true,
			},
		},
		{
			Name:     "cap-equal-to-count-is-not-truncation",
			Why:      "MaxPaths equal to the number of chains keeps them all, without the truncated key",
			Findings: entriesAndTargetsAsIntermediates(),
			Edges: Doc(Row("r1", "r2", "network_reachable"), Row("r2", "r3", "data_access"),
				Row("r3", "r4", "same_account")),
			MaxPaths: 4,
			Want: Want{
				Paths: []Path{
					{ID: "ap-001", FindingIDs: ids("e1", "e2", "t1"), EdgeTypes: ids("network_reachable", "data_access"),
						Labels: ids("network access", "data access"), Severity: "CRITICAL", Score: 100},
					{ID: "ap-002", FindingIDs: ids("e1", "e2", "t1", "t2"),
						EdgeTypes: ids("network_reachable", "data_access", "same_account"),
						Labels:    ids("network access", "data access", "same account"), Severity: "CRITICAL", Score: 100},
					{ID: "ap-003", FindingIDs: ids("e2", "t1"), EdgeTypes: ids("data_access"),
						Labels: ids("data access"), Severity: "CRITICAL", Score: 100},
					{ID: "ap-004", FindingIDs: ids("e2", "t1", "t2"), EdgeTypes: ids("data_access", "same_account"),
						Labels: ids("data access", "same account"), Severity: "CRITICAL", Score: 100},
				},
				InPaths: 4, Critical: 4,
			},
		},
		{
			Name: "duplicate-ids-within-account-last-record-wins",
			Why: "the search steps from the id's last record (x on rX2), so the chain holds that record; " +
				"the pair (s, x on rX2) has no edge and is typed by the heuristic rule on upper-cased " +
				"categories (identity → IAM trust); the second x is never scanned once x is visited",
			Findings: []F{
				entry("s", "rS"),
				{ID: "x", Account: "a", Type: "logging", Res: "rX1", Sev: "LOW", Cat: "COMPLIANCE"},
				target("t", "rT"),
				{ID: "x", Account: "a", Type: "network", Res: "rX2", Sev: "LOW", Cat: "identity"},
			},
			Edges: Doc(Row("rS", "rX1", "same_region"), Row("rX2", "rT", "same_account")),
			Want: Want{
				Paths: []Path{{ID: "ap-001", FindingIDs: ids("s", "x", "t"), Resources: ids("rS", "rX2", "rT"),
					EdgeTypes: ids("iam_trust", "same_account"), Labels: ids("IAM trust", "same account"),
					Severity: "HIGH", Score: 100}},
				InPaths: 3, High: 1,
			},
		},
		{
			Name: "target-record-overrides-its-id",
			Why: "the search reaches the target's id through another record (t on rT2); the chain ends " +
				"with the target itself (on rT), unlinked to the entry, so the heuristic rule types the " +
				"edge (lower(Storage) → data access)",
			Findings: []F{
				{ID: "s", Account: "a", Type: "compute", Res: "rS", Sev: "CRITICAL", Cat: "MISCONFIGURATION"},
				{ID: "t", Account: "a", Type: "Storage", Res: "rT", Sev: "LOW", Cat: "DATA_EXPOSURE"},
				{ID: "t", Account: "a", Type: "logging", Res: "rT2", Sev: "LOW", Cat: "COMPLIANCE"},
			},
			Edges: Doc(Row("rS", "rT2", "same_region")),
			Want: Want{
				Paths: []Path{{ID: "ap-001", FindingIDs: ids("s", "t"), Resources: ids("rS", "rT"),
					EdgeTypes: ids("data_access"), Labels: ids("data access"), Severity: "CRITICAL", Score: 100}},
				InPaths: 2, Critical: 1,
			},
		},
		{
			Name: "source-record-overrides-its-id-and-dedup-by-ids",
			Why: "each record with the source's id searches from itself (the first s from rS1, the " +
				"second from rS2); the second chain s->t has the fingerprint of the first and is dropped",
			Findings: []F{entry("s", "rS1"), target("t", "rT"), entry("s", "rS2")},
			Edges:    Doc(Row("rS1", "rT", "same_region"), Row("rS2", "rT", "network_reachable")),
			Want: Want{
				Paths: []Path{{ID: "ap-001", FindingIDs: ids("s", "t"), Resources: ids("rS1", "rT"),
					EdgeTypes: ids("same_region"), Labels: ids("same region"), Severity: "HIGH", Score: 100}},
				InPaths: 2, High: 1,
			},
		},
		{
			Name: "duplicate-ids-across-accounts",
			Why: "dedup and IN span groups: account b's e->t repeats account a's fingerprint and is " +
				"dropped, and b's e is in IN (from a), so it pairs with nobody laterally; h and g still do",
			Findings: []F{
				in("a", entry("e", "ra1")), in("a", target("t", "ra2")),
				in("b", entry("e", "rb1")), in("b", target("t", "rb2")),
				in("b", middle("h", "rb3", "HIGH")), in("b", middle("g", "rb4", "HIGH")),
			},
			Edges: Doc(Row("ra1", "ra2", "same_region"), Row("rb1", "rb2", "same_region"),
				Row("rb1", "rb3", "same_account"), Row("rb3", "rb4", "same_region")),
			Want: Want{
				Paths: []Path{
					{ID: "ap-001", FindingIDs: ids("e", "t"), Resources: ids("ra1", "ra2"), EdgeTypes: ids("same_region"),
						Labels: ids("same region"), Severity: "HIGH", Score: 100},
					{ID: "ap-002", FindingIDs: ids("h", "g"), EdgeTypes: ids("same_region"),
						Labels: ids("same region"), Severity: "HIGH", Score: 100},
				},
				InPaths: 4, High: 2,
			},
		},
		{
			Name:     "dedup-counts-before-the-cap",
			Why:      "a dropped duplicate does not use up MaxPaths: the cap of 1 keeps a's path and is exceeded by h->g",
			Findings: duplicateIDsAcrossAccounts(),
			Edges: Doc(Row("ra1", "ra2", "same_region"), Row("rb1", "rb2", "same_region"),
				Row("rb1", "rb3", "same_account"), Row("rb3", "rb4", "same_region")),
			MaxPaths: 1,
			Want: Want{
				Paths: []Path{{ID: "ap-001", FindingIDs: ids("e", "t"), Resources: ids("ra1", "ra2"),
					EdgeTypes: ids("same_region"), Labels: ids("same region"), Severity: "HIGH", Score: 100}},
				InPaths: 2, High: 1, Truncated: true,
			},
		},
		{
			Name: "arrow-inside-ids",
			Why: `fingerprints are ids joined by "->": "a->b"+"c" in account a and "a"+"b->c" in ` +
				`account b are the same string, so b's chain is dropped`,
			Findings: []F{
				in("a", entry("a->b", "r1")), in("a", target("c", "r2")),
				in("b", entry("a", "r3")), in("b", target("b->c", "r4")),
			},
			Edges: Doc(Row("r1", "r2", "same_region"), Row("r3", "r4", "same_region")),
			Want: Want{
				Paths: []Path{{ID: "ap-001", FindingIDs: ids("a->b", "c"), EdgeTypes: ids("same_region"),
					Labels: ids("same region"), Severity: "HIGH", Score: 100}},
				InPaths: 2, High: 1,
			},
		},
		{
			Name: "self-loop",
			Why: "a row from a resource to itself never connects two findings on that resource; " +
				"they reach each other through a neighbour",
			Findings: []F{entry("e", "r1"), target("t", "r1"), middle("m", "r2", "LOW")},
			Edges:    Doc(Row("r1", "r1", "iam_trust"), Row("r1", "r2", "same_account")),
			Want: Want{
				Paths: []Path{{ID: "ap-001", FindingIDs: ids("e", "m", "t"), EdgeTypes: ids("same_account", "same_account"),
					Labels: ids("same account", "same account"), Severity: "HIGH", Score: 100}},
				InPaths: 3, High: 1,
			},
		},
		{
			Name: "later-rows-replace-the-type",
			Why: "edges are undirected and the last counting row of a pair (either direction) gives its " +
				"type; rows with an empty edge_type or a non-resource end do not count, so they replace nothing",
			Findings: []F{entry("e", "r1"), target("t", "r2")},
			Edges: Doc(Row("r1", "r2", "same_region"), Row("r2", "r1", "network_reachable"),
				Row("r1", "r2", ""),
				`{"source_type":"finding","source_id":"r1","target_type":"resource","target_id":"r2","edge_type":"iam_trust"}`),
			Want: Want{
				Paths: []Path{{ID: "ap-001", FindingIDs: ids("e", "t"), EdgeTypes: ids("network_reachable"),
					Labels: ids("network access"), Severity: "HIGH", Score: 100}},
				InPaths: 2, High: 1,
			},
		},
		{
			Name: "ignored-rows",
			Why: `rows whose source_type/target_type is not exactly "resource" (values are case-sensitive; ` +
				`"" is not missing) or whose edge_type is empty or missing do not count: no path`,
			Findings: []F{entry("e", "r1"), target("t", "r2")},
			Edges: Doc(
				`{"source_type":"finding","source_id":"r1","target_type":"resource","target_id":"r2","edge_type":"same_region"}`,
				`{"source_type":"resource","source_id":"r1","target_type":"Resource","target_id":"r2","edge_type":"same_region"}`,
				`{"source_type":"","source_id":"r1","target_id":"r2","edge_type":"same_region"}`,
				`{"source_id":"r1","target_id":"r2","edge_type":""}`,
				`{"source_id":"r1","target_id":"r2","edge_type":null}`,
				`{"source_id":"r1","target_id":"r2"}`),
			Want: Want{},
		},
		{
			Name: "missing-and-null-type-keys-mean-resource",
			Why: "a missing or null source_type/target_type reads as \"resource\"; keys match " +
				"case-insensitively; unknown keys are ignored",
			Findings: []F{entry("e", "r1"), target("t1", "r2"), target("t2", "r3")},
			Edges: Doc(
				`{"source_id":"r1","target_id":"r2","edge_type":"same_region"}`,
				`{"SOURCE_TYPE":null,"Source_Id":"r1","TARGET_ID":"r3","target_type":"resource","Edge_Type":"iam_trust","properties":{"weight":[1,{"x":null}]}}`),
			Want: Want{
				Paths: []Path{
					{ID: "ap-001", FindingIDs: ids("e", "t1"), EdgeTypes: ids("same_region"), Labels: ids("same region"),
						Severity: "HIGH", Score: 100},
					{ID: "ap-002", FindingIDs: ids("e", "t2"), EdgeTypes: ids("iam_trust"), Labels: ids("IAM trust"),
						Severity: "HIGH", Score: 100},
				},
				InPaths: 3, High: 2,
			},
		},
		{
			Name:     "missing-source-id-is-the-empty-resource",
			Why:      "a row without source_id links the empty resource id, which a finding may have",
			Findings: []F{entry("e", "r1"), target("t", "")},
			Edges:    Doc(`{"target_id":"r1","edge_type":"data_access"}`),
			Want: Want{
				Paths: []Path{{ID: "ap-001", FindingIDs: ids("e", "t"), Resources: ids("r1", ""),
					EdgeTypes: ids("data_access"), Labels: ids("data access"), Severity: "HIGH", Score: 100}},
				InPaths: 2, High: 1,
			},
		},
		{
			Name:     "unknown-resources-are-no-stepping-stones",
			Why:      "the search walks findings: rows through a resource no finding has (rX) link nothing",
			Findings: []F{entry("e", "r1"), target("t", "r2")},
			Edges:    Doc(Row("r1", "rX", "same_region"), Row("rX", "r2", "same_region"), Row("rY", "rZ", "same_region")),
			Want:     Want{},
		},
		{
			Name:     "unknown-type-is-its-own-label",
			Why:      "a type graph mode does not know is kept and labels itself; lateral_movement has its label",
			Findings: []F{entry("e", "r1"), middle("m", "r2", "LOW"), target("t", "r3")},
			Edges:    Doc(Row("r1", "r2", "peered-vpc <x>"), Row("r2", "r3", "lateral_movement")),
			Want: Want{
				Paths: []Path{{ID: "ap-001", FindingIDs: ids("e", "m", "t"),
					EdgeTypes: ids("peered-vpc <x>", "lateral_movement"),
					Labels:    ids("peered-vpc <x>", "lateral movement"), Severity: "HIGH", Score: 100}},
				InPaths: 3, High: 1,
			},
		},
		{
			Name: "dotless-i-severities",
			Why: "rank and classification use Go's strings.ToUpper: hıgh (dotless ı) is HIGH, crıtıcal " +
				"is CRITICAL, High is HIGH; the path keeps the finding's spelling and the stats count " +
				"only the exact strings CRITICAL/HIGH",
			Findings: []F{
				{ID: "e", Account: "a", Type: "compute", Res: "r1", Sev: "hıgh", Cat: "MISCONFIGURATION"},
				{ID: "t", Account: "a", Type: "storage", Res: "r2", Sev: "crıtıcal", Cat: "DATA_EXPOSURE"},
				middle("h1", "r3", "High"), middle("h2", "r4", "hıgh"),
			},
			Edges: Doc(Row("r1", "r2", "same_region"), Row("r3", "r4", "same_account")),
			Want: Want{
				Paths: []Path{
					{ID: "ap-001", FindingIDs: ids("e", "t"), EdgeTypes: ids("same_region"), Labels: ids("same region"),
						Severity: "crıtıcal", Score: 100},
					{ID: "ap-002", FindingIDs: ids("h1", "h2"), EdgeTypes: ids("same_account"), Labels: ids("same account"),
						Severity: "High", Score: 100},
				},
				InPaths: 4, Medium: 2,
			},
		},
		{
			Name: "mixed-case-categories-and-types",
			Why: "network/Vulnerability categories and a CONTAINER with severity critical are entries, " +
				"DATABASE and Secret are targets; LOW-only chains keep severity LOW and score 50",
			Findings: []F{
				{ID: "n", Account: "a", Type: "logging", Res: "r1", Sev: "LOW", Cat: "network"},
				{ID: "v", Account: "a", Type: "identity", Res: "r2", Sev: "LOW", Cat: "Vulnerability", Exploit: true},
				{ID: "c", Account: "a", Type: "CONTAINER", Res: "r5", Sev: "critical", Cat: "COMPLIANCE"},
				{ID: "d", Account: "a", Type: "DATABASE", Res: "r3", Sev: "LOW", Cat: "MISCONFIGURATION"},
				{ID: "s", Account: "a", Type: "Secret", Res: "r4", Sev: "LOW", Cat: "DATA_EXPOSURE"},
			},
			Edges: Doc(Row("r1", "r3", "same_region"), Row("r2", "r4", "same_region"), Row("r5", "r3", "same_region")),
			Want: Want{
				Paths: []Path{
					{ID: "ap-003", FindingIDs: ids("c", "d"), EdgeTypes: ids("same_region"), Labels: ids("same region"),
						Severity: "critical", Score: 100},
					{ID: "ap-001", FindingIDs: ids("n", "d"), EdgeTypes: ids("same_region"), Labels: ids("same region"),
						Severity: "LOW", Score: 50},
					{ID: "ap-002", FindingIDs: ids("v", "s"), EdgeTypes: ids("same_region"), Labels: ids("same region"),
						Severity: "LOW", Score: 50},
				},
				InPaths: 5, Medium: 3,
			},
		},
		{
			Name: "lateral-pairs",
			Why: "a HIGH f1 keeps pairing after it joins a chain, lateral searches may take several hops, " +
				"and f1s already in IN are skipped",
			Findings: []F{middle("h1", "r1", "HIGH"), middle("h2", "r2", "HIGH"), middle("h3", "r3", "HIGH"),
				middle("m", "r4", "LOW"), middle("h4", "r5", "HIGH")},
			Edges: Doc(Row("r1", "r2", "same_region"), Row("r1", "r3", "same_region"), Row("r1", "r4", "same_region"),
				Row("r4", "r5", "lateral_movement")),
			Want: Want{
				Paths: []Path{
					{ID: "ap-001", FindingIDs: ids("h1", "h2"), EdgeTypes: ids("same_region"), Labels: ids("same region"),
						Severity: "HIGH", Score: 100},
					{ID: "ap-002", FindingIDs: ids("h1", "h3"), EdgeTypes: ids("same_region"), Labels: ids("same region"),
						Severity: "HIGH", Score: 100},
					{ID: "ap-003", FindingIDs: ids("h1", "m", "h4"), EdgeTypes: ids("same_region", "lateral_movement"),
						Labels: ids("same region", "lateral movement"), Severity: "HIGH", Score: 100},
				},
				InPaths: 5, High: 3,
			},
		},
		{
			Name: "escapes-in-rows",
			Why: "row values decode as encoding/json decodes them: \\u escapes give the same ids and " +
				"types, and a lone surrogate becomes U+FFFD (an unknown type, its own label)",
			Findings: []F{entry("e", "r1"), middle("m", "r2", "LOW"), target("t", "r3")},
			Edges: Doc(`{"source_id":"\u0072\u0031","target_id":"r2","edge_type":"\u0073ame_region"}`,
				`{"source_id":"r2","target_id":"r3","edge_type":"\ud800"}`),
			Want: Want{
				Paths: []Path{{ID: "ap-001", FindingIDs: ids("e", "m", "t"), EdgeTypes: ids("same_region", "\ufffd"),
					Labels: ids("same region", "\ufffd"), Severity: "HIGH", Score: 100}},
				InPaths: 3, High: 1,
			},
		},
		{
			Name:     "entry-and-target-share-an-id",
			Why:      "bfs(s, t) is none when s.id == t.id, even when they are linked",
			Findings: []F{entry("x", "r1"), target("x", "r2")},
			Edges:    Doc(Row("r1", "r2", "same_region")),
			Want:     Want{},
		},
		{
			Name:     "empty-edge-document",
			Why:      "`[]` is graph mode with no edges: no paths, although the heuristic engine would link these two",
			Findings: []F{entry("e", "r1"), target("t", "r2")},
			Edges:    `[]`,
			Want:     Want{},
		},
		{
			Name:     "no-paths",
			Why:      "edges only between intermediates give no entry-target chain and no lateral pair",
			Findings: []F{entry("e", "r1"), middle("m1", "r2", "MEDIUM"), middle("m2", "r3", "HIGH"), target("t", "r4")},
			Edges:    Doc(Row("r2", "r3", "same_region"), Row("r4", "r5", "same_region")),
			Want:     Want{},
		},
	}
}

// entriesAndTargetsAsIntermediates is that case's findings, shared by the
// cap cases.
func entriesAndTargetsAsIntermediates() []F {
	return []F{
		entry("e1", "r1"),
		{ID: "e2", Account: "a", Type: "container", Res: "r2", Sev: "CRITICAL", Cat: "VULNERABILITY"},
		target("t1", "r3"),
		{ID: "t2", Account: "a", Type: "database", Res: "r4", Sev: "LOW", Cat: "MISCONFIGURATION"},
	}
}

func duplicateIDsAcrossAccounts() []F {
	return []F{
		in("a", entry("e", "ra1")), in("a", target("t", "ra2")),
		in("b", entry("e", "rb1")), in("b", target("t", "rb2")),
		in("b", middle("h", "rb3", "HIGH")), in("b", middle("g", "rb4", "HIGH")),
	}
}
