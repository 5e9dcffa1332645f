// Command aegisconsumer computes the attack paths of a small inline findings
// document through the installed libaegispath and checks what comes back: the
// path count, the library's version, and the library's own message for a
// refused input.
package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"

	aegispath "libaegispath/bridge"
	"libaegispath/go/api"
)

// One account with two entry points (NETWORK) and two data targets: 2 x 2
// chains, so 4 attack paths; the finding in another account joins none.
const findings = `[
 {"id":"n1","account_id":"acc","region":"r1","resource_id":"a","resource_type":"compute","category":"NETWORK","severity":"HIGH"},
 {"id":"n2","account_id":"acc","region":"r1","resource_id":"b","resource_type":"compute","category":"NETWORK","severity":"CRITICAL"},
 {"id":"s1","account_id":"acc","region":"r1","resource_id":"c","resource_type":"storage","category":"DATA_EXPOSURE","severity":"LOW"},
 {"id":"d1","account_id":"acc","region":"r1","resource_id":"d","resource_type":"database","category":"DATA_EXPOSURE","severity":"MEDIUM"},
 {"id":"g1","account_id":"other","region":"r9","resource_id":"z","resource_type":"x","category":"X","severity":"HIGH"}
]`

const wantPaths = 4

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "aegisconsumer:", err)
		os.Exit(1)
	}
}

func run() error {
	if !aegispath.Available() {
		return errors.New("built without the native library (cgo off or the aegis_purego tag)")
	}
	out, err := aegispath.ComputeAttackPaths([]byte(findings))
	if err != nil {
		return err
	}
	var result struct {
		Paths []json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal(out, &result); err != nil {
		return fmt.Errorf("result is not JSON: %w", err)
	}
	if len(result.Paths) != wantPaths {
		return fmt.Errorf("%d attack paths, want %d", len(result.Paths), wantPaths)
	}

	// A refused input comes back as an *aegispath.Error carrying the
	// library's status and message.
	_, err = aegispath.ComputeAttackPathsWithOptions([]byte(`{"not":"an array"}`), api.Options{})
	var libErr *aegispath.Error
	if !errors.As(err, &libErr) || libErr.Status != aegispath.StatusSchema || libErr.Message == "" {
		return fmt.Errorf("a non-array document: got %v, want a schema error with the library's message", err)
	}
	fmt.Printf("libaegispath %s: %d attack paths; refused input: %s: %s\n",
		aegispath.Version(), len(result.Paths), libErr.Status, libErr.Message)
	return nil
}
