package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"regexp"
	"strconv"
	"strings"
)

// record is one run as the harness saw it: one line of runs.jsonl.
type record struct {
	Size        int        `json:"size"`
	Engine      string     `json:"engine"`
	Mode        string     `json:"mode"`
	Rep         int        `json:"rep"`
	Status      string     `json:"status"` // ok, OOM, timeout, error, skipped
	Detail      string     `json:"detail,omitempty"`
	WallSeconds float64    `json:"wall_seconds"` // /usr/bin/time %e: the whole process
	MaxRSSKB    int64      `json:"maxrss_kb"`    // /usr/bin/time %M: peak RSS of the process
	CPUSeconds  float64    `json:"cpu_seconds"`  // /usr/bin/time %U + %S: user + system CPU of the process
	Result      *runResult `json:"result,omitempty"`
	// Graph-mode runs (graph_runs.jsonl) name their corpus: its shape and
	// how its edge document was made.
	Shape  string `json:"shape,omitempty"`
	Corpus string `json:"corpus,omitempty"`
}

// Statuses of a record.
const (
	statusOK      = "ok"
	statusOOM     = "OOM"
	statusTimeout = "timeout"
	statusError   = "error"
	statusSkipped = "skipped"
)

func recordCmd(args []string) error {
	fs := flag.NewFlagSet("record", flag.ExitOnError)
	var r record
	rc := fs.Int("rc", 0, "exit code of the timed command")
	timeFile := fs.String("time", "", "file written by /usr/bin/time -f '%e %M %U %S' -o")
	stdoutFile := fs.String("stdout", "", "the run's stdout")
	stderrFile := fs.String("stderr", "", "the run's stderr")
	timeout := fs.Float64("timeout", 0, "the timeout given to the run, seconds")
	memCap := fs.String("memcap", "", "the address-space cap given to the run, for the report")
	skip := fs.String("skip", "", "record a skipped run with this reason instead")
	fs.IntVar(&r.Size, "size", 0, "corpus size (findings)")
	fs.StringVar(&r.Engine, "engine", "", "engine")
	fs.StringVar(&r.Mode, "mode", "", "mode")
	fs.IntVar(&r.Rep, "rep", 0, "repetition number")
	fs.StringVar(&r.Shape, "shape", "", "corpus shape (graph-mode runs)")
	fs.StringVar(&r.Corpus, "corpus", "", "how the corpus's edge document was made (graph-mode runs)")
	fs.Parse(args)

	if *skip != "" {
		r.Status, r.Detail = statusSkipped, *skip
	} else {
		read := func(path string) []byte {
			if path == "" {
				return nil
			}
			b, _ := os.ReadFile(path) // a missing file reads as empty: the run died early
			return b
		}
		r.WallSeconds, r.MaxRSSKB, r.CPUSeconds = parseTimeOutput(read(*timeFile))
		classify(&r, *rc, read(*stdoutFile), read(*stderrFile), *timeout, *memCap)
	}
	line, err := json.Marshal(r)
	if err != nil {
		return err
	}
	fmt.Println(string(line))
	return nil
}

// timeLine matches the "%e %M %U %S" line of /usr/bin/time (user and system
// time optional); the file may also hold "Command exited with non-zero status
// N" or "Command terminated by signal N".
var timeLine = regexp.MustCompile(`(?m)^([0-9.]+) ([0-9]+)(?: ([0-9.]+) ([0-9.]+))?\s*$`)

func parseTimeOutput(b []byte) (wall float64, maxRSSKB int64, cpu float64) {
	m := timeLine.FindAllSubmatch(b, -1)
	if len(m) == 0 {
		return 0, 0, 0
	}
	last := m[len(m)-1]
	wall, _ = strconv.ParseFloat(string(last[1]), 64)
	maxRSSKB, _ = strconv.ParseInt(string(last[2]), 10, 64)
	user, _ := strconv.ParseFloat(string(last[3]), 64)
	sys, _ := strconv.ParseFloat(string(last[4]), 64)
	return wall, maxRSSKB, user + sys
}

// oomText is what an allocation failure prints: the Go runtime ("fatal
// error: runtime: out of memory"), C++ (std::bad_alloc), the library's
// status string, or mmap's errno text.
var oomText = regexp.MustCompile(`(?i)out of memory|bad_alloc|cannot allocate memory`)

// classify sets the status of a finished run from its exit code and output.
// timeout(1) exits 124 when it stopped the run, 137 when it had to KILL it;
// 137 before the deadline is the kernel's OOM killer.
func classify(r *record, rc int, stdout, stderr []byte, timeout float64, memCap string) {
	capNote := ""
	if memCap != "" {
		capNote = " (address-space cap " + memCap + ")"
	}
	switch {
	case rc == 0:
		var res runResult
		line := bytes.TrimSpace(stdout)
		if i := bytes.LastIndexByte(line, '\n'); i >= 0 {
			line = line[i+1:]
		}
		if err := json.Unmarshal(line, &res); err != nil {
			r.Status, r.Detail = statusError, "unreadable result line: "+err.Error()
			return
		}
		r.Status, r.Result = statusOK, &res
	case rc == 124 || (rc == 137 && timeout > 0 && r.WallSeconds >= timeout-1):
		r.Status, r.Detail = statusTimeout, fmt.Sprintf("stopped after %gs", timeout)
	case oomText.Match(stderr):
		r.Status, r.Detail = statusOOM, "allocation failed"+capNote+": "+lastLine(stderr)
	case rc == 137:
		r.Status, r.Detail = statusOOM, "killed (SIGKILL, most likely the kernel OOM killer)"
	default:
		r.Status, r.Detail = statusError, fmt.Sprintf("exit %d: %s", rc, lastLine(stderr))
	}
}

// lastLine returns the first line that names the failure, or else the last
// non-empty line, shortened: Go's fatal errors are followed by long stacks.
func lastLine(b []byte) string {
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	pick := lines[len(lines)-1]
	for _, l := range lines {
		if oomText.MatchString(l) || strings.HasPrefix(l, "aegis-bench:") || strings.HasPrefix(l, "fatal error") {
			pick = l
			break
		}
	}
	pick = strings.TrimSpace(pick)
	if len(pick) > 200 {
		pick = pick[:200] + "…"
	}
	return pick
}
