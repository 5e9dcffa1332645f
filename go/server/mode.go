package server

import (
	"bytes"
	"errors"
	"strconv"
)

// The modes /api/v1/attack-paths/stats reports (Config.PathMode), as the
// newest upstream server names them. Upstream also has "sampled" (above
// 10,000 findings it keeps 5,000 candidates and skips the graph); this
// server never samples, so candidate_findings is always every finding.
const (
	// ModeFull: graph-mode paths over the server's edge document.
	ModeFull = "full"
	// ModeFullHeuristic: the edge document gave no path, so the paths are
	// the heuristic engine's (recomputed at startup, as upstream does).
	ModeFullHeuristic = "full_heuristic"
)

// validMode reports whether mode can be Config.PathMode ("" = no edge
// document: the stats are the store's bytes, without mode keys).
func validMode(mode string) bool {
	return mode == "" || mode == ModeFull || mode == ModeFullHeuristic
}

// byProviderKey is where the mode keys go: after medium_paths, before
// by_provider. The keys before it are numbers, so its first occurrence is
// the key itself.
var byProviderKey = []byte(`,"by_provider":`)

// withMode returns the stats object with "mode" and "candidate_findings"
// inserted before "by_provider", leaving every other byte as the store
// wrote it (both stores write the same stats, so both answers stay equal).
func withMode(stats []byte, mode string, candidates int) ([]byte, error) {
	at := bytes.Index(stats, byProviderKey)
	if at < 0 {
		return nil, errors.New("stats object has no by_provider key")
	}
	keys := `,"mode":` + strconv.Quote(mode) + `,"candidate_findings":` + strconv.Itoa(candidates)
	out := make([]byte, 0, len(stats)+len(keys))
	out = append(out, stats[:at]...)
	out = append(out, keys...)
	return append(out, stats[at:]...), nil
}
