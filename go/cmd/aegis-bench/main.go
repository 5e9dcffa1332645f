// Command aegis-bench is the process-level half of the benchmark harness
// (scripts/bench.sh). It has four subcommands:
//
//	aegis-bench run -engine go|native -mode compute|bridge|stream|findings -in corpus.json
//	    runs ONE engine once on ONE findings file and prints one JSON line
//	    {engine, mode, findings, input_bytes, output_bytes, paths, seconds, ...}.
//	    The script starts it as a separate process per run, so the peak RSS
//	    that /usr/bin/time reports belongs to that engine alone.
//	aegis-bench record -rc N -time F -stdout F -stderr F -size N -engine E -mode M -rep R
//	    turns what the script captured around one run (exit code, the
//	    "%e %M" line of /usr/bin/time, the run's stdout and stderr) into one
//	    JSON line with a status: ok, OOM, timeout or error.
//	aegis-bench gobench-record -package bench|server -rc N -time F -out F -engines E -shape S -size N
//	    the same for one process of a Go benchmark package: its `go test
//	    -bench` result lines, status and peak RSS as one JSON line.
//	aegis-bench report -runs runs.jsonl -out bench/results [-micro F] [-gobench F]
//	    aggregates the recorded runs (median per engine, mode and size) into
//	    results.json, results.md and time_vs_findings.svg.
package main

import (
	"fmt"
	"os"
)

func usage() {
	fmt.Fprintln(os.Stderr, `usage:
  aegis-bench run    -engine go|native -mode compute|bridge|stream|findings -in FILE [-hash]
  aegis-bench record -rc N -time FILE -stdout FILE -stderr FILE -size N -engine E -mode M -rep R
  aegis-bench gobench-record -package bench|server -rc N -time FILE -out FILE -engines E -shape S -size N
  aegis-bench report -runs FILE -out DIR [-machine TEXT] [-micro FILE] [-gobench FILE]`)
	os.Exit(2)
}

func main() {
	if len(os.Args) < 2 {
		usage()
	}
	var err error
	switch os.Args[1] {
	case "run":
		err = runCmd(os.Args[2:])
	case "record":
		err = recordCmd(os.Args[2:])
	case "gobench-record":
		err = gobenchRecordCmd(os.Args[2:])
	case "report":
		err = reportCmd(os.Args[2:])
	default:
		usage()
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "aegis-bench:", err)
		os.Exit(1)
	}
}
