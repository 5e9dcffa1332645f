package main

import (
	"fmt"
	"io"
	"os"

	"libaegispath/go/engine"
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
