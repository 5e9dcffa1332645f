package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
)

// benchRun is one process of a Go benchmark package (go/bench or go/server)
// on one corpus, as the harness saw it: one line of gobench.jsonl.
type benchRun struct {
	Package     string    `json:"package"` // "bench" (go/bench) or "server" (go/server)
	Shape       string    `json:"shape"`   // corpus: generator shape, or "fixture"
	Size        int       `json:"findings"`
	Engines     []string  `json:"engines"` // the engines the process was asked to run
	Status      string    `json:"status"`  // ok, OOM, timeout, error
	Detail      string    `json:"detail,omitempty"`
	WallSeconds float64   `json:"wall_seconds"`
	MaxRSSKB    int64     `json:"maxrss_kb"` // peak RSS of the whole benchmark process
	Results     []goBench `json:"results"`   // what finished, also when the process died later
}

// goBench is one result line of `go test -bench`.
type goBench struct {
	// The benchmark without the engine, corpus and GOMAXPROCS parts of its
	// name: "ServerStartup", "ListFindings/page", ...
	Name    string             `json:"name"`
	Engine  string             `json:"engine"` // go or native
	NsPerOp float64            `json:"ns_per_op"`
	MBPerS  float64            `json:"mb_per_s,omitempty"`
	Metrics map[string]float64 `json:"metrics,omitempty"` // B/op, allocs/op, paths, store_MB
}

var engineNames = []string{"go", "native"}

// gobenchRecordCmd turns what the script captured around one run of a Go
// benchmark package into one JSON line.
func gobenchRecordCmd(args []string) error {
	fs := flag.NewFlagSet("gobench-record", flag.ExitOnError)
	var r benchRun
	rc := fs.Int("rc", 0, "exit code of the benchmark process")
	timeFile := fs.String("time", "", "file written by /usr/bin/time -f '%e %M %U %S' -o")
	outFile := fs.String("out", "", "the process's output (stdout and stderr)")
	timeout := fs.Float64("timeout", 0, "the timeout given to the run, seconds")
	memCap := fs.String("memcap", "", "the address-space cap given to the run, for the report")
	engines := fs.String("engines", "go,native", "the engines the run was asked for, comma-separated")
	fs.StringVar(&r.Package, "package", "server", "bench or server")
	fs.StringVar(&r.Shape, "shape", "upstream", "corpus shape, or fixture")
	fs.IntVar(&r.Size, "size", 0, "corpus size (findings)")
	fs.Parse(args)
	r.Engines = strings.Split(*engines, ",")

	timing, _ := os.ReadFile(*timeFile) // missing: the run died early
	output, _ := os.ReadFile(*outFile)
	r.WallSeconds, r.MaxRSSKB, _ = parseTimeOutput(timing)
	r.Results = parseGoBench(output)
	switch {
	case *rc != 0:
		rec := record{WallSeconds: r.WallSeconds}
		classify(&rec, *rc, nil, output, *timeout, *memCap)
		r.Status, r.Detail = rec.Status, rec.Detail
	case len(r.Results) == 0:
		r.Status, r.Detail = statusError, "no benchmark results: "+lastLine(output)
	default:
		r.Status = statusOK
	}
	line, err := json.Marshal(r)
	if err != nil {
		return err
	}
	fmt.Println(string(line))
	return nil
}

// parseGoBench reads the result lines of `go test -bench` whose name has an
// element naming an engine, e.g.
//
//	BenchmarkListAttackPaths/native/upstream-20000-2  1000  10655 ns/op  3718.05 MB/s  42216 B/op  18 allocs/op
func parseGoBench(out []byte) []goBench {
	var res []goBench
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) < 4 || !strings.HasPrefix(f[0], "Benchmark") || len(f)%2 != 0 {
			continue
		}
		parts := strings.Split(strings.TrimPrefix(f[0], "Benchmark"), "/")
		at := slices.IndexFunc(parts, func(p string) bool { return slices.Contains(engineNames, p) })
		if at <= 0 {
			continue
		}
		b := goBench{Name: strings.Join(parts[:at], "/"), Engine: parts[at], Metrics: map[string]float64{}}
		for i := 2; i+1 < len(f); i += 2 {
			v, err := strconv.ParseFloat(f[i], 64)
			if err != nil {
				continue
			}
			switch unit := f[i+1]; unit {
			case "ns/op":
				b.NsPerOp = v
			case "MB/s":
				b.MBPerS = v
			default:
				b.Metrics[unit] = v
			}
		}
		res = append(res, b)
	}
	return res
}

func readBenchRuns(path string) ([]benchRun, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var runs []benchRun
	for n, line := range strings.Split(string(b), "\n") {
		if strings.TrimSpace(line) == "" {
			continue
		}
		var r benchRun
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			return nil, fmt.Errorf("%s:%d: %v", path, n+1, err)
		}
		runs = append(runs, r)
	}
	return runs, nil
}

type corpusKey struct {
	shape string
	size  int
}

func (k corpusKey) String() string { return fmt.Sprintf("%s %d", k.shape, k.size) }

// benchSet is the runs of one package, looked up by corpus and engine.
type benchSet []benchRun

func (s benchSet) corpora() []corpusKey {
	var out []corpusKey
	for _, r := range s {
		if k := (corpusKey{r.Shape, r.Size}); !slices.Contains(out, k) {
			out = append(out, k)
		}
	}
	return out
}

// run is the process that was asked to run engine on corpus k.
func (s benchSet) run(k corpusKey, engine string) *benchRun {
	for i := range s {
		if s[i].Shape == k.shape && s[i].Size == k.size && slices.Contains(s[i].Engines, engine) {
			return &s[i]
		}
	}
	return nil
}

func (s benchSet) result(k corpusKey, engine, name string) *goBench {
	if r := s.run(k, engine); r != nil {
		for i := range r.Results {
			if r.Results[i].Name == name && r.Results[i].Engine == engine {
				return &r.Results[i]
			}
		}
	}
	return nil
}

func (s benchSet) of(pkg string) benchSet {
	var out benchSet
	for _, r := range s {
		if r.Package == pkg {
			out = append(out, r)
		}
	}
	return out
}

// duration formats nanoseconds with a unit that keeps 3 significant digits.
func duration(ns float64) string {
	switch {
	case ns >= 1e9:
		return fmt.Sprintf("%.2f s", ns/1e9)
	case ns >= 1e6:
		return fmt.Sprintf("%.1f ms", ns/1e6)
	case ns >= 1e3:
		return fmt.Sprintf("%.1f µs", ns/1e3)
	}
	return fmt.Sprintf("%.0f ns", ns)
}

// comparisonTable writes one row per benchmark and corpus: both engines side
// by side, their ratio and the native throughput.
func comparisonTable(b *strings.Builder, s benchSet) {
	b.WriteString("| benchmark | corpus | Go | native | Go ÷ native | native MB/s |\n|---|---|---:|---:|---:|---:|\n")
	for _, k := range s.corpora() {
		var names []string
		for _, e := range []string{"native", "go"} {
			if r := s.run(k, e); r != nil {
				for _, res := range r.Results {
					if !slices.Contains(names, res.Name) {
						names = append(names, res.Name)
					}
				}
			}
		}
		for _, name := range names {
			cell := func(engine string) string {
				r, res := s.run(k, engine), s.result(k, engine, name)
				switch {
				case res != nil:
					return duration(res.NsPerOp)
				case r == nil:
					return "not run"
				case r.Status != statusOK:
					return "**" + r.Status + "**"
				}
				return "–"
			}
			gb, nb := s.result(k, "go", name), s.result(k, "native", name)
			ratio, mbps := "–", "–"
			if gb != nil && nb != nil && nb.NsPerOp > 0 {
				ratio = fmt.Sprintf("**%.1f×**", gb.NsPerOp/nb.NsPerOp)
			}
			if nb != nil && nb.MBPerS > 0 {
				mbps = fmt.Sprintf("%.0f", nb.MBPerS)
			}
			fmt.Fprintf(b, "| %s | %s | %s | %s | %s | %s |\n", name, k, cell("go"), cell("native"), ratio, mbps)
		}
	}
}

// goBenchMarkdown renders go/bench: the old server's benchmark table, both
// engines in one process on the same data.
func goBenchMarkdown(s benchSet) string {
	var b strings.Builder
	b.WriteString("\n## Go benchmarks (go/bench): both engines in one process, same data\n\n")
	b.WriteString("`go test ./go/bench -bench .`: the old server's benchmarks through the engine interface " +
		"(native: the cgo bridge, results copied into Go memory). AttackPathComputation is paths without JSON " +
		"(native: opening a store); DecodeFindings is LoadAndSerializeFindings with a filter that matches nothing.\n\n")
	comparisonTable(&b, s)
	return b.String()
}

// serverMarkdown renders go/server's benchmarks, the processes and the
// targets of issue 5.
func serverMarkdown(s benchSet, targets []target) string {
	var b strings.Builder
	b.WriteString("\n## Server (issue 5): the loaded store behind the HTTP handlers\n\n")
	b.WriteString("`go test ./go/server -bench .`, one process per engine and corpus (handler, routing, " +
		"logging middleware, store query, response writing; no network). go is the pure-Go store " +
		"(go/store), native the library's store through the cgo bridge.\n\n")
	comparisonTable(&b, s)
	b.WriteString("\n| engine | corpus | status | paths | store (RSS growth of the first open) | process peak RSS | process wall |\n" +
		"|---|---|---|---:|---:|---:|---:|\n")
	for _, r := range s {
		status := r.Status
		if r.Status != statusOK {
			status = "**" + r.Status + "** " + strings.ReplaceAll(r.Detail, "|", "\\|")
		}
		paths, store := "–", "–"
		for _, res := range r.Results {
			if res.Name == "ServerStartup" {
				paths = fmt.Sprintf("%.0f", res.Metrics["paths"])
				store = fmt.Sprintf("%.0f MB", res.Metrics["store_MB"])
			}
		}
		fmt.Fprintf(&b, "| %s | %s %d | %s | %s | %s | %s | %.1f s |\n", strings.Join(r.Engines, ","), r.Shape, r.Size,
			status, paths, store, mib(r.MaxRSSKB*1024), r.WallSeconds)
	}
	b.WriteString("\n### Targets (issue 5)\n\n| target | goal | measured | met |\n|---|---|---|:-:|\n")
	writeTargets(&b, targets)
	return b.String()
}

// serverTargets evaluates the goals of issue 5 (native store, 20K findings).
func serverTargets(s benchSet, micros []micro) []target {
	met := func(b bool) *bool { return &b }
	k := corpusKey{"upstream", 20000}
	nat := s.run(k, "native")
	var out []target
	add := func(name, goal, bench string, check func(*goBench) (string, bool)) {
		t := target{Name: name, Goal: goal, Measured: "not measured"}
		if res := s.result(k, "native", bench); res != nil {
			m, ok := check(res)
			t.Measured, t.Met = m, met(ok)
		} else if nat != nil && nat.Status != statusOK {
			t.Measured, t.Met = nat.Status+": "+nat.Detail, met(false)
		}
		out = append(out, t)
	}
	add("native startup at 20K", "<= 0.5 s (load + hashes + all paths)", "ServerStartup", func(b *goBench) (string, bool) {
		return fmt.Sprintf("%s (%.0f paths)", duration(b.NsPerOp), b.Metrics["paths"]), b.NsPerOp <= 0.5e9
	})
	mem := target{Name: "memory per path", Goal: "<= 16 bytes beyond the findings", Measured: "not measured (no BM_Engine output)"}
	if m := largestMicro(micros, "BM_Engine/", ""); m != nil && m.BytesPerPath > 0 {
		mem.Measured = fmt.Sprintf("%.2f bytes (%s: the 16-byte path records)", m.BytesPerPath, m.Name)
		mem.Met, mem.Value = met(m.BytesPerPath <= 16), m.BytesPerPath
	}
	out = append(out, mem)
	add("a page of 20 paths at 20K", "<= 100 µs", "ListAttackPaths", func(b *goBench) (string, bool) {
		return duration(b.NsPerOp) + " per request through the handler", b.NsPerOp <= 100e3
	})
	add("streamed export at 20K", ">= 1 GB/s", "AttackPathsExport", func(b *goBench) (string, bool) {
		return fmt.Sprintf("%.2f GB/s (%s per export)", b.MBPerS/1e3, duration(b.NsPerOp)), b.MBPerS >= 1e3
	})
	rss := target{Name: "export peak RSS at 20K", Goal: "< 2 GB", Measured: "not measured"}
	if nat != nil && nat.MaxRSSKB > 0 {
		gb := float64(nat.MaxRSSKB) * 1024 / 1e9
		rss.Measured = fmt.Sprintf("%.2f GB: peak of the whole benchmark process (store, every query, exports)", gb)
		rss.Met, rss.Value = met(gb < 2), gb
	}
	out = append(out, rss)
	return out
}
