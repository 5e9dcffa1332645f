// Command reference writes what the Go reference engine (libaegispath/go/engine)
// makes of a findings file — the bytes the library must write too — so that
// scripts/check/cli.sh can compare the CLI's output with them:
//
//	go run ./tests/cli/reference paths FILE
//	go run ./tests/cli/reference findings FILE [FILTER_JSON]
package main

import (
	"fmt"
	"os"

	"libaegispath/go/engine"
)

func main() {
	out, err := run(os.Args[1:])
	if err != nil {
		fmt.Fprintln(os.Stderr, "reference:", err)
		os.Exit(1)
	}
	if _, err := os.Stdout.Write(out); err != nil {
		fmt.Fprintln(os.Stderr, "reference:", err)
		os.Exit(1)
	}
}

func run(args []string) ([]byte, error) {
	if len(args) < 2 || len(args) > 3 || (args[0] == "paths" && len(args) != 2) {
		return nil, fmt.Errorf("usage: reference paths FILE | findings FILE [FILTER_JSON]")
	}
	doc, err := os.ReadFile(args[1])
	if err != nil {
		return nil, err
	}
	// The CLI accepts any size: so does the reference.
	maxBytes := max(len(doc), 1)
	switch args[0] {
	case "paths":
		return engine.ComputeAttackPathsJSONWithOptions(doc, engine.Options{MaxInputBytes: maxBytes})
	case "findings":
		var filter []byte
		if len(args) == 3 {
			filter = []byte(args[2])
		}
		return engine.LoadAndSerializeFindings(doc, filter)
	}
	return nil, fmt.Errorf("unknown command %q", args[0])
}
