package main

import (
	"fmt"
	"io"
	"log/slog"
	"os"

	"libaegispath/go/api"
	"libaegispath/go/engine"
	"libaegispath/go/server"
)

// readEdges reads the edge document of -edges once, refusing a file longer
// than maxBytes (<= 0 means the stores' default, engine.DefaultMaxEdgeBytes,
// 1 GiB) before reading it: the size of a regular file is checked first,
// and any file is read through a limit, so a pipe or a growing file cannot
// make the server hold more than the cap either. The stores check the
// document itself (docs/input.md, "Edge document").
func readEdges(path string, maxBytes int) ([]byte, error) {
	if maxBytes <= 0 {
		maxBytes = engine.DefaultMaxEdgeBytes
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	tooLarge := func(size int64) error {
		return fmt.Errorf("edge document %s: %d bytes or more, over the cap of %d bytes", path, size, maxBytes)
	}
	if info, err := f.Stat(); err == nil && info.Mode().IsRegular() && info.Size() > int64(maxBytes) {
		return nil, tooLarge(info.Size())
	}
	doc, err := io.ReadAll(io.LimitReader(f, int64(maxBytes)+1))
	if err != nil {
		return nil, fmt.Errorf("edge document %s: %w", path, err)
	}
	if len(doc) > maxBytes {
		return nil, tooLarge(int64(len(doc)))
	}
	return doc, nil
}

// openPathStore opens the store the server serves (openStore) and says how
// its paths were made, for /api/v1/attack-paths/stats: without an edge
// document, mode is "" (no mode keys); with one, server.ModeFull — unless
// graph mode finds no path at all, in which case the store is opened again
// without the edge document and the mode is server.ModeFullHeuristic, as
// the newest upstream server falls back to its heuristic. It returns the
// options the served store was opened with (the export's ETag hashes them).
func openPathStore(choice engineChoice, doc []byte, opts api.Options, logger *slog.Logger) (st api.Store, engineName, mode string, used api.Options, err error) {
	st, engineName, err = openStore(choice, doc, opts, logger)
	if err != nil || opts.Edges == nil {
		return st, engineName, "", opts, err
	}
	if st.PathCount() > 0 {
		return st, engineName, server.ModeFull, opts, nil
	}
	st.Close()
	logger.Info("the edge document gives no attack path; serving the heuristic engine's paths", "mode", server.ModeFullHeuristic)
	opts.Edges = nil
	// The same engine again: its fallback warning, if any, was logged once.
	st, err = openEngine(engineName, doc, opts)
	if err != nil {
		return nil, "", "", opts, err
	}
	return st, engineName, server.ModeFullHeuristic, opts, nil
}
