// Command aegis-gen writes a deterministic synthetic findings corpus for
// benchmarks and tests and, optionally, an edge document for graph mode
// beside it.
//
//	aegis-gen -n 20000 -shape upstream -seed 1 -o corpus.json
//	aegis-gen -n 300000 -shape many-accounts -ndjson > corpus.ndjson
//	aegis-gen -n 2000 -o c.json -edges e.json -edge-same-account 0.02 -edge-typed
//	aegis-gen -n 4800 -shape adversarial -o adversarial.json
package main

import (
	"flag"
	"fmt"
	"io"
	"os"

	"libaegispath/go/internal/corpus"
)

func main() {
	n := flag.Int("n", 20000, "number of findings")
	seed := flag.Uint64("seed", 1, "PRNG seed; same seed, same bytes")
	shape := flag.String("shape", string(corpus.ShapeUpstream), "corpus shape: upstream | many-accounts | adversarial")
	ndjson := flag.Bool("ndjson", false, "write one finding per line instead of a JSON array")
	out := flag.String("o", "", "output file (default stdout)")
	edges := flag.String("edges", "", "also write the corpus's edge document (graph_edges rows) to this file")
	sameAccount := flag.Float64("edge-same-account", 0, "share (0..1) of the other same-account resource pairs that get a same_account row")
	typed := flag.Bool("edge-typed", false, "add network_reachable, iam_trust and data_access rows (0-2 per resource)")
	maxGroup := flag.Int("edge-max-group", corpus.DefaultMaxGroup, "largest (account, region) group that gets same_region rows")
	flag.Parse()
	if flag.NArg() > 0 {
		fmt.Fprintf(os.Stderr, "aegis-gen: unexpected arguments %q\n", flag.Args())
		flag.Usage()
		os.Exit(2)
	}
	opts := corpus.Options{N: *n, Seed: *seed, Shape: corpus.Shape(*shape), NDJSON: *ndjson}
	err := writeTo(*out, func(w io.Writer) error { return corpus.Generate(w, opts) })
	if err == nil && *edges != "" {
		eo := corpus.EdgeOptions{MaxGroup: *maxGroup, SameAccount: *sameAccount, Typed: *typed}
		err = writeTo(*edges, func(w io.Writer) error {
			c, err := corpus.GenerateEdges(w, opts, eo)
			if err == nil {
				fmt.Fprintf(os.Stderr, "aegis-gen: %d edge rows (%d same_region, %d same_account, %d typed), %d bytes; "+
					"%d of %d (account, region) groups linked, largest %d resources\n",
					c.Rows(), c.SameRegion, c.SameAccount, c.Typed, c.Bytes, c.LinkedGroups, c.Groups, c.LargestGroup)
			}
			return err
		})
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "aegis-gen:", err)
		os.Exit(1)
	}
}

// writeTo runs write on the file at path, or on stdout when path is "".
func writeTo(path string, write func(io.Writer) error) error {
	if path == "" {
		return write(os.Stdout)
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := write(f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
