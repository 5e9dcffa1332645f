// Command aegis-gen writes a deterministic synthetic findings corpus
// (SPEC §7) for benchmarks and tests.
//
//	aegis-gen -n 20000 -shape upstream -seed 1 -o corpus.json
//	aegis-gen -n 300000 -shape many-accounts -ndjson > corpus.ndjson
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
	shape := flag.String("shape", string(corpus.ShapeUpstream), "corpus shape: upstream | many-accounts")
	ndjson := flag.Bool("ndjson", false, "write one finding per line instead of a JSON array")
	out := flag.String("o", "", "output file (default stdout)")
	flag.Parse()
	if flag.NArg() > 0 {
		fmt.Fprintf(os.Stderr, "aegis-gen: unexpected arguments %q\n", flag.Args())
		flag.Usage()
		os.Exit(2)
	}
	if err := run(*out, corpus.Options{N: *n, Seed: *seed, Shape: corpus.Shape(*shape), NDJSON: *ndjson}); err != nil {
		fmt.Fprintln(os.Stderr, "aegis-gen:", err)
		os.Exit(1)
	}
}

func run(path string, opts corpus.Options) error {
	var w io.Writer = os.Stdout
	if path != "" {
		f, err := os.Create(path)
		if err != nil {
			return err
		}
		defer f.Close()
		w = f
		if err := corpus.Generate(w, opts); err != nil {
			return err
		}
		return f.Close()
	}
	return corpus.Generate(w, opts)
}
