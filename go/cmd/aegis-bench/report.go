package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// row aggregates the runs of one (mode, engine, size): medians over the
// successful repetitions.
type row struct {
	Mode        string  `json:"mode"`
	Engine      string  `json:"engine"`
	Size        int     `json:"findings"`
	Status      string  `json:"status"` // ok when at least one run succeeded
	Detail      string  `json:"detail,omitempty"`
	Runs        int     `json:"runs"`
	OK          int     `json:"ok_runs"`
	Seconds     float64 `json:"seconds"`      // median time of the engine call
	WallSeconds float64 `json:"wall_seconds"` // median wall time of the process
	MaxRSSKB    int64   `json:"maxrss_kb"`    // median peak RSS
	CPUSeconds  float64 `json:"cpu_seconds"`  // median user+system CPU of the process
	InputBytes  int64   `json:"input_bytes"`
	OutputBytes int64   `json:"output_bytes"`
	Paths       int64   `json:"paths"`
	InMBps      float64 `json:"input_mb_per_s"`
	OutMBps     float64 `json:"output_mb_per_s"`
	Checksum    string  `json:"checksum,omitempty"`
}

// ratio compares the engines' drop-in compute at one size.
type ratio struct {
	Size          int     `json:"findings"`
	GoSeconds     float64 `json:"go_seconds,omitempty"`
	NativeSeconds float64 `json:"native_seconds,omitempty"`
	GoOverNative  float64 `json:"go_over_native,omitempty"`
	Note          string  `json:"note,omitempty"` // why there is no ratio
	SameBytes     *bool   `json:"same_bytes,omitempty"`
}

// target is one goal of issue 4 checked against the measurements.
type target struct {
	Name     string  `json:"name"`
	Goal     string  `json:"goal"`
	Measured string  `json:"measured"`
	Met      *bool   `json:"met,omitempty"` // nil: not measured in this run
	Value    float64 `json:"value,omitempty"`
}

type report struct {
	Generated string   `json:"generated"`
	Machine   string   `json:"machine,omitempty"`
	Rows      []row    `json:"rows"`
	Ratios    []ratio  `json:"ratios"`
	Targets   []target `json:"targets"`
	Micro     []micro  `json:"micro,omitempty"`
	// The Go benchmark packages (go/bench, go/server), when they were run.
	GoBench       []benchRun `json:"go_bench,omitempty"`
	ServerTargets []target   `json:"server_targets,omitempty"`
	// Graph mode (issue 10), when its runs were recorded.
	Graph        []graphRow `json:"graph,omitempty"`
	GraphTargets []target   `json:"graph_targets,omitempty"`
	GraphMicro   []micro    `json:"graph_micro,omitempty"` // the C++ stages of graph mode
}

func reportCmd(args []string) error {
	fs := flag.NewFlagSet("report", flag.ExitOnError)
	runs := fs.String("runs", "", "runs.jsonl written by aegis-bench record")
	out := fs.String("out", "bench/results", "output directory")
	machine := fs.String("machine", "", "a line describing the machine")
	microFile := fs.String("micro", "", "Google Benchmark JSON output of the C++ micro-benchmarks (optional)")
	goBenchFile := fs.String("gobench", "", "gobench.jsonl written by aegis-bench gobench-record (optional)")
	graphFile := fs.String("graph", "", "graph_runs.jsonl: the graph-mode runs, written by aegis-bench record (optional)")
	graphMicroFile := fs.String("micro-graph", "", "Google Benchmark JSON output of graph mode's C++ micro-benchmarks (optional)")
	fs.Parse(args)
	var recs []record
	var err error
	if *runs != "" {
		if recs, err = readRecords(*runs); err != nil {
			return err
		}
	}
	rep := report{Generated: time.Now().UTC().Format(time.RFC3339), Machine: *machine, Rows: aggregate(recs)}
	rep.Ratios = ratios(rep.Rows)
	if *microFile != "" {
		if rep.Micro, err = readMicro(*microFile); err != nil {
			return err
		}
	}
	rep.Targets = checkTargets(rep.Rows, rep.Micro)
	if *goBenchFile != "" {
		if rep.GoBench, err = readBenchRuns(*goBenchFile); err != nil {
			return err
		}
		if server := benchSet(rep.GoBench).of("server"); len(server) > 0 {
			rep.ServerTargets = serverTargets(server, rep.Micro)
		}
	}
	if *graphFile != "" {
		graphRecs, err := readRecords(*graphFile)
		if err != nil {
			return err
		}
		rep.Graph = aggregateGraph(graphRecs)
		rep.GraphTargets = graphTargets(rep.Graph)
	}
	if *graphMicroFile != "" {
		if rep.GraphMicro, err = readMicro(*graphMicroFile); err != nil {
			return err
		}
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		return err
	}
	js, err := json.MarshalIndent(rep, "", "  ")
	if err != nil {
		return err
	}
	files := map[string][]byte{
		"results.json":         append(js, '\n'),
		"results.md":           []byte(markdown(rep, fileExists(filepath.Join(*out, "NOTES.md")))),
		"time_vs_findings.svg": []byte(plotSVG(rep.Rows)),
	}
	for name, b := range files {
		if err := os.WriteFile(filepath.Join(*out, name), b, 0o644); err != nil {
			return err
		}
	}
	return nil
}

func readRecords(path string) ([]record, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var recs []record
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		var r record
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			return nil, fmt.Errorf("%s:%d: %v", path, n, err)
		}
		recs = append(recs, r)
	}
	return recs, sc.Err()
}

// modeOrder fixes the order of rows and plot series.
var modeOrder = map[string]int{"compute": 0, "bridge": 1, "stream": 2, "findings": 3}

func aggregate(recs []record) []row {
	type key struct {
		mode, engine string
		size         int
	}
	groups := map[key][]record{}
	var keys []key
	for _, r := range recs {
		k := key{r.Mode, r.Engine, r.Size}
		if _, seen := groups[k]; !seen {
			keys = append(keys, k)
		}
		groups[k] = append(groups[k], r)
	}
	sort.Slice(keys, func(i, j int) bool {
		a, b := keys[i], keys[j]
		if a.mode != b.mode {
			return modeOrder[a.mode] < modeOrder[b.mode]
		}
		if a.size != b.size {
			return a.size < b.size
		}
		return a.engine < b.engine
	})
	rows := make([]row, 0, len(keys))
	for _, k := range keys {
		g := groups[k]
		rw := row{Mode: k.mode, Engine: k.engine, Size: k.size, Runs: len(g)}
		var secs, walls, rss, cpus []float64
		for _, r := range g {
			if r.Status != statusOK || r.Result == nil {
				if rw.Detail == "" {
					// Until a run succeeds, the row shows how the first one
					// failed: when, and how big the process had grown.
					rw.Status, rw.Detail = r.Status, r.Detail
					rw.WallSeconds, rw.MaxRSSKB = r.WallSeconds, r.MaxRSSKB
				}
				continue
			}
			rw.OK++
			secs = append(secs, r.Result.Seconds)
			walls = append(walls, r.WallSeconds)
			cpus = append(cpus, r.CPUSeconds)
			rss = append(rss, float64(r.MaxRSSKB))
			rw.InputBytes, rw.OutputBytes, rw.Paths = r.Result.InputBytes, r.Result.OutputBytes, r.Result.Paths
			if r.Result.Checksum != "" {
				rw.Checksum = r.Result.Checksum
			}
		}
		if rw.OK > 0 {
			rw.Status = statusOK
			rw.Seconds, rw.WallSeconds, rw.CPUSeconds = median(secs), median(walls), median(cpus)
			rw.MaxRSSKB = int64(median(rss))
			if rw.Seconds > 0 {
				rw.InMBps = float64(rw.InputBytes) / 1e6 / rw.Seconds
				rw.OutMBps = float64(rw.OutputBytes) / 1e6 / rw.Seconds
			}
		}
		rows = append(rows, rw)
	}
	return rows
}

func median(v []float64) float64 {
	if len(v) == 0 {
		return 0
	}
	s := append([]float64(nil), v...)
	sort.Float64s(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func findRow(rows []row, mode, engine string, size int) *row {
	for i := range rows {
		if rows[i].Mode == mode && rows[i].Engine == engine && rows[i].Size == size {
			return &rows[i]
		}
	}
	return nil
}

func sizes(rows []row) []int {
	seen := map[int]bool{}
	var out []int
	for _, r := range rows {
		if !seen[r.Size] {
			seen[r.Size] = true
			out = append(out, r.Size)
		}
	}
	sort.Ints(out)
	return out
}

// ratios compares the drop-in compute of both engines at each size; when the
// Go engine failed, the native time is compared with nothing and the note
// says why.
func ratios(rows []row) []ratio {
	var out []ratio
	for _, n := range sizes(rows) {
		g, nat := findRow(rows, "compute", "go", n), findRow(rows, "compute", "native", n)
		if g == nil && nat == nil {
			continue
		}
		r := ratio{Size: n}
		switch {
		case g == nil || nat == nil:
			r.Note = "one engine not run"
		case g.Status != statusOK && nat.Status != statusOK:
			r.Note = "go " + g.Status + ", native " + nat.Status
		case g.Status != statusOK:
			r.NativeSeconds = nat.Seconds
			r.Note = "go " + g.Status
		case nat.Status != statusOK:
			r.GoSeconds = g.Seconds
			r.Note = "native " + nat.Status
		default:
			r.GoSeconds, r.NativeSeconds = g.Seconds, nat.Seconds
			if nat.Seconds > 0 {
				r.GoOverNative = g.Seconds / nat.Seconds
			}
			if g.Checksum != "" && nat.Checksum != "" {
				same := g.Checksum == nat.Checksum && g.OutputBytes == nat.OutputBytes
				r.SameBytes = &same
			}
		}
		out = append(out, r)
	}
	return out
}

// checkTargets evaluates the goals of issue 4 (the upstream shape, 2 cores).
func checkTargets(rows []row, micros []micro) []target {
	var out []target
	met := func(b bool) *bool { return &b }
	// Decode >= 1 GB/s on one core: the C++ micro-benchmark of the decoder.
	microTargets := []struct {
		name, goal, prefix, suffix string
		min                        float64
	}{
		{"decode", ">= 1 GB/s on one core", "BM_Decode/", "", 1},
		{"JSON write, pre-touched buffer", ">= 1.5 GB/s on both cores", "BM_WriteResult/", "/threads:0", 1.5},
		{"JSON stream, 4 MiB chunks", ">= 1.5 GB/s on both cores", "BM_StreamResult/", "/threads:0", 1.5},
	}
	for _, mt := range microTargets {
		if m := largestMicro(micros, mt.prefix, mt.suffix); m != nil {
			gbps := m.BytesPerSecond / 1e9
			out = append(out, target{Name: mt.name, Goal: mt.goal,
				Measured: fmt.Sprintf("%.2f GB/s (%s)", gbps, m.Name), Met: met(gbps >= mt.min), Value: gbps})
		} else {
			out = append(out, target{Name: mt.name, Goal: mt.goal, Measured: "not measured (no C++ micro-benchmark output)"})
		}
	}
	if r := findRow(rows, "compute", "native", 5000); r != nil {
		if r.Status == statusOK {
			out = append(out, target{Name: "compute 5K time", Goal: "<= 0.5 s",
				Measured: fmt.Sprintf("%.3f s", r.Seconds), Met: met(r.Seconds <= 0.5), Value: r.Seconds})
			ratioRSS := float64(r.MaxRSSKB) * 1024 / float64(r.OutputBytes)
			out = append(out, target{Name: "compute 5K peak RSS", Goal: "<= 1.2 x output size",
				Measured: fmt.Sprintf("%s peak for %s of output = %.2f x", mib(r.MaxRSSKB*1024), mib(r.OutputBytes), ratioRSS),
				Met:      met(ratioRSS <= 1.2), Value: ratioRSS})
		} else {
			out = append(out, target{Name: "compute 5K", Goal: "<= 0.5 s", Measured: r.Status + ": " + r.Detail, Met: met(false)})
		}
	}
	// 20K completes, and the output rate there: the largest native run.
	for _, mode := range []string{"stream", "compute"} {
		r := findRow(rows, mode, "native", 20000)
		if r == nil {
			continue
		}
		name := "20K completes (" + mode + ")"
		if r.Status != statusOK {
			out = append(out, target{Name: name, Goal: "completes", Measured: r.Status + ": " + r.Detail, Met: met(false)})
			continue
		}
		out = append(out, target{Name: name, Goal: "completes",
			Measured: fmt.Sprintf("%d paths, %s in %.2f s, peak RSS %s", r.Paths, mib(r.OutputBytes), r.Seconds, mib(r.MaxRSSKB*1024)), Met: met(true)})
		gbps := float64(r.OutputBytes) / 1e9 / r.Seconds
		out = append(out, target{Name: "20K output rate (" + mode + ")", Goal: ">= 1.5 GB/s on both cores",
			Measured: fmt.Sprintf("%.2f GB/s (whole call: decode, paths, JSON)", gbps), Met: met(gbps >= 1.5), Value: gbps})
	}
	return out
}

func mib(b int64) string {
	switch {
	case b >= 1<<30:
		return fmt.Sprintf("%.2f GiB", float64(b)/(1<<30))
	case b >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(b)/(1<<20))
	}
	return fmt.Sprintf("%.1f KiB", float64(b)/(1<<10))
}

// cell renders a measurement, or the failure in its place: how long the
// process ran and how large it was when it stopped.
func cell(r *row, f func(*row) string) string {
	switch {
	case r == nil:
		return "–"
	case r.Status == statusSkipped:
		return "skipped"
	case r.Status != statusOK && r.WallSeconds > 0:
		return fmt.Sprintf("**%s** after %.0f s, %s", r.Status, r.WallSeconds, mib(r.MaxRSSKB*1024))
	case r.Status != statusOK:
		return "**" + r.Status + "**"
	}
	return f(r)
}

// mb formats a byte count in decimal units, as throughputs are.
func mb(b int64) string {
	if b >= 1e9 {
		return fmt.Sprintf("%.2f GB", float64(b)/1e9)
	}
	return fmt.Sprintf("%.1f MB", float64(b)/1e6)
}

var modeTitle = map[string]string{
	"compute":  "drop-in compute (JSON in → JSON out; native: the C call, result not copied)",
	"bridge":   "native drop-in through the cgo bridge (result copied into Go memory)",
	"stream":   "loaded store, whole result streamed to a byte counter",
	"findings": "LoadAndSerializeFindings, no filter",
}

// rssCell is the peak RSS, or for a failed run just its status (the time
// column already says how large it grew).
func rssCell(r *row) string {
	if r != nil && r.Status != statusOK {
		return "**" + r.Status + "**"
	}
	return cell(r, func(r *row) string { return mib(r.MaxRSSKB * 1024) })
}

func fileExists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// writeTargets writes the rows of a target table.
func writeTargets(b *strings.Builder, targets []target) {
	for _, t := range targets {
		m := "not measured"
		if t.Met != nil {
			m = map[bool]string{true: "yes", false: "**no**"}[*t.Met]
		}
		fmt.Fprintf(b, "| %s | %s | %s | %s |\n", t.Name, t.Goal, t.Measured, m)
	}
}

// markdown renders the report; withNotes links the hand-written NOTES.md
// (targets, profiles) kept next to the committed results.
func markdown(rep report, withNotes bool) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# Benchmark results\n\nGenerated by `scripts/bench.sh` on %s.", rep.Generated)
	if rep.Machine != "" {
		fmt.Fprintf(&b, " Machine: %s.", rep.Machine)
	}
	if len(rep.Rows) > 0 {
		b.WriteString(" Corpora: `aegis-gen -shape upstream -seed 1` (the upstream server's benchmark shape, docs/design.md). " +
			"Times are medians of the successful runs " +
			"of the engine call alone (\"process wall\" adds process start, reading the file and checksumming the output; " +
			"\"process CPU\" is user+system time of the process: above wall means both cores worked, far below means it waited for a busy machine); " +
			"peak RSS is /usr/bin/time's maximum resident set of the whole process (one process per run). " +
			"Output MB/s = output bytes ÷ time of the call, which includes decoding and path finding. MB = 10⁶ bytes.\n\n![time vs findings](time_vs_findings.svg)\n\n")
	} else {
		b.WriteString(" MB = 10⁶ bytes.\n")
	}
	if withNotes {
		b.WriteString("Analysis of the targets, with profiles: [NOTES.md](NOTES.md).\n\n")
	}

	if len(rep.Rows) > 0 {
		writeHeuristicSections(&b, rep)
	}
	if s := benchSet(rep.GoBench).of("bench"); len(s) > 0 {
		b.WriteString(goBenchMarkdown(s))
	}
	if s := benchSet(rep.GoBench).of("server"); len(s) > 0 {
		b.WriteString(serverMarkdown(s, rep.ServerTargets))
	}
	if len(rep.Graph) > 0 {
		b.WriteString(graphMarkdown(rep.Graph, rep.GraphTargets, rep.GraphMicro))
	}
	if len(rep.Rows) > 0 {
		writeMeasurements(&b, rep)
	}
	if len(rep.Micro) > 0 {
		b.WriteString("\n## C++ micro-benchmarks (Google Benchmark, see micro_cpp.txt)\n\n")
		b.WriteString("| benchmark | time | throughput |\n|---|---:|---:|\n")
		for _, m := range rep.Micro {
			tp := "–"
			if m.BytesPerSecond > 0 {
				tp = fmt.Sprintf("%.0f MB/s", m.BytesPerSecond/1e6)
			}
			fmt.Fprintf(&b, "| %s | %.3f %s | %s |\n", m.Name, m.RealTime, m.TimeUnit, tp)
		}
	}
	return b.String()
}

// writeHeuristicSections writes the drop-in comparison and the targets of
// issue 4 (the process-level runs of runs.jsonl).
func writeHeuristicSections(b *strings.Builder, rep report) {
	b.WriteString("## Go engine vs native, drop-in compute\n\n")
	b.WriteString("| findings | input | paths | output | Go time | native time | Go ÷ native | Go peak RSS | native peak RSS | same bytes |\n")
	b.WriteString("|---:|---:|---:|---:|---:|---:|---:|---:|---:|:-:|\n")
	for _, rt := range rep.Ratios {
		g, nat := findRow(rep.Rows, "compute", "go", rt.Size), findRow(rep.Rows, "compute", "native", rt.Size)
		any := nat
		if any == nil || any.Status != statusOK {
			any = g
		}
		info := func(f func(*row) string) string {
			if any == nil || any.Status != statusOK {
				if s := findRow(rep.Rows, "stream", "native", rt.Size); s != nil && s.Status == statusOK {
					return f(s)
				}
				return "–"
			}
			return f(any)
		}
		ratioCell := rt.Note
		if rt.GoOverNative > 0 {
			ratioCell = fmt.Sprintf("**%.1f×**", rt.GoOverNative)
		}
		same := "–"
		if rt.SameBytes != nil {
			same = map[bool]string{true: "yes", false: "**NO**"}[*rt.SameBytes]
		}
		fmt.Fprintf(b, "| %d | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", rt.Size,
			info(func(r *row) string { return mb(r.InputBytes) }),
			info(func(r *row) string { return fmt.Sprint(r.Paths) }),
			info(func(r *row) string { return mb(r.OutputBytes) }),
			cell(g, func(r *row) string { return fmt.Sprintf("%.3f s", r.Seconds) }),
			cell(nat, func(r *row) string { return fmt.Sprintf("%.3f s", r.Seconds) }),
			ratioCell,
			rssCell(g), rssCell(nat),
			same)
	}

	b.WriteString("\n## Targets (issue 4)\n\n| target | goal | measured | met |\n|---|---|---|:-:|\n")
	writeTargets(b, rep.Targets)
}

// writeMeasurements writes every row of the process-level runs.
func writeMeasurements(b *strings.Builder, rep report) {
	b.WriteString("\n## Every measurement\n\n")
	b.WriteString("| mode | engine | findings | status | ok/runs | time (median) | process wall | process CPU | input MB/s | output MB/s | peak RSS | paths | output bytes |\n")
	b.WriteString("|---|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n")
	for i := range rep.Rows {
		r := &rep.Rows[i]
		status := r.Status
		if r.Status != statusOK {
			status = "**" + r.Status + "** " + strings.ReplaceAll(r.Detail, "|", "\\|")
		}
		num := func(f func(*row) string) string {
			if r.Status != statusOK {
				return "–"
			}
			return f(r)
		}
		// Wall time and peak RSS are known for failed runs too.
		died := func(f func(*row) string) string {
			if r.Status != statusOK && r.WallSeconds == 0 {
				return "–"
			}
			return f(r)
		}
		fmt.Fprintf(b, "| %s | %s | %d | %s | %d/%d | %s | %s | %s | %s | %s | %s | %s | %s |\n",
			r.Mode, r.Engine, r.Size, status, r.OK, r.Runs,
			num(func(r *row) string { return fmt.Sprintf("%.3f s", r.Seconds) }),
			died(func(r *row) string { return fmt.Sprintf("%.2f s", r.WallSeconds) }),
			num(func(r *row) string { return fmt.Sprintf("%.2f s", r.CPUSeconds) }),
			num(func(r *row) string { return fmt.Sprintf("%.0f", r.InMBps) }),
			num(func(r *row) string { return fmt.Sprintf("%.0f", r.OutMBps) }),
			died(func(r *row) string { return mib(r.MaxRSSKB * 1024) }),
			num(func(r *row) string { return fmt.Sprint(r.Paths) }),
			num(func(r *row) string { return fmt.Sprint(r.OutputBytes) }))
	}
	b.WriteString("\nModes:\n\n")
	for _, m := range []string{"compute", "bridge", "stream", "findings"} {
		fmt.Fprintf(b, "- **%s**: %s\n", m, modeTitle[m])
	}
}
