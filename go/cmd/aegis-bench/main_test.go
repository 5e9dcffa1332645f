package main

import (
	"bytes"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"libaegispath/go/engine"
	"libaegispath/go/internal/corpus"
)

func TestStatsFromTail(t *testing.T) {
	data := corpus.Bytes(corpus.Options{N: 120, Seed: 1})
	out, err := engine.ComputeAttackPathsJSON(data)
	if err != nil {
		t.Fatal(err)
	}
	var want engine.AttackPathResult
	if err := json.Unmarshal(out, &want); err != nil {
		t.Fatal(err)
	}
	// Written in small pieces, as a stream arrives.
	c := newCounter(true)
	for rest := out; len(rest) > 0; {
		n := min(len(rest), 777)
		c.Write(rest[:n])
		rest = rest[n:]
	}
	var res runResult
	c.fill(&res, true)
	if res.OutputBytes != int64(len(out)) || res.Paths != int64(want.Stats.TotalPaths) || res.Findings != 120 {
		t.Errorf("got %d bytes, %d paths, %d findings; want %d, %d, 120",
			res.OutputBytes, res.Paths, res.Findings, len(out), want.Stats.TotalPaths)
	}
	if want.Stats.TotalPaths == 0 {
		t.Fatal("corpus yields no paths; test proves nothing")
	}
	if len(c.tail) > 2*tailBytes {
		t.Errorf("tail kept %d bytes", len(c.tail))
	}

	// A string that looks like the marker cannot fool it: quotes are escaped.
	tricky := []byte(`{"paths":[{"title":"],\"stats\":{\"total_paths\":9}"}],"stats":{"total_findings":3,"total_paths":1}}`)
	if st, ok := statsFromTail(tricky); !ok || st.TotalPaths != 1 || st.TotalFindings != 3 {
		t.Errorf("tricky: %+v %v", st, ok)
	}
	if _, ok := statsFromTail([]byte(`[{"id":"f"}]`)); ok {
		t.Error("a findings array has no stats")
	}
}

func TestParseTimeOutput(t *testing.T) {
	for in, want := range map[string][3]float64{
		"12.34 567890\n":          {12.34, 567890, 0},
		"12.34 567890 20.5 1.5\n": {12.34, 567890, 22},
		"Command exited with non-zero status 2\n0.51 102400 0.25 0.25\n": {0.51, 102400, 0.5},
		"Command terminated by signal 9\n3.00 7\n":                       {3, 7, 0},
		"": {0, 0, 0},
	} {
		wall, rss, cpu := parseTimeOutput([]byte(in))
		if wall != want[0] || float64(rss) != want[1] || cpu != want[2] {
			t.Errorf("%q: got %v %v %v, want %v", in, wall, rss, cpu, want)
		}
	}
}

func TestClassify(t *testing.T) {
	okLine := `{"engine":"go","mode":"compute","seconds":1.5,"output_bytes":10}` + "\n"
	goOOM := "fatal error: runtime: out of memory\n\nruntime stack:\nruntime.throw(...)\n"
	cases := []struct {
		rc             int
		stdout, stderr string
		wall           float64
		status         string
	}{
		{0, okLine, "", 2, statusOK},
		{0, "garbage", "", 2, statusError},
		{124, "", "", 600, statusTimeout},
		{137, "", "", 600.2, statusTimeout},
		{2, "", goOOM, 30, statusOOM},
		{1, "", "aegis-bench: aegis_compute_attack_paths returned NULL; aegis_compute_attack_paths_ex: out of memory: std::bad_alloc\n", 9, statusOOM},
		{137, "", "", 20, statusOOM},
		{1, "", "aegis-bench: open x: no such file or directory\n", 0.1, statusError},
	}
	for _, c := range cases {
		r := record{WallSeconds: c.wall}
		classify(&r, c.rc, []byte(c.stdout), []byte(c.stderr), 600, "12G")
		if r.Status != c.status {
			t.Errorf("rc %d stderr %q: status %q (%s), want %q", c.rc, c.stderr, r.Status, r.Detail, c.status)
		}
		if c.status == statusOK && (r.Result == nil || r.Result.Seconds != 1.5) {
			t.Errorf("ok run lost its result: %+v", r.Result)
		}
		if c.status == statusOOM && c.rc == 2 && !strings.Contains(r.Detail, "runtime: out of memory") {
			t.Errorf("OOM detail %q should quote the runtime's line, not the stack", r.Detail)
		}
	}
}

func TestAggregateRatiosAndOutputs(t *testing.T) {
	res := func(sec float64, sum string) *runResult {
		return &runResult{Seconds: sec, InputBytes: 2e6, OutputBytes: 100e6, Paths: 5000, Checksum: sum}
	}
	recs := []record{
		{Size: 2000, Engine: "go", Mode: "compute", Rep: 1, Status: statusOK, MaxRSSKB: 1000, Result: res(3, "aa")},
		{Size: 2000, Engine: "go", Mode: "compute", Rep: 2, Status: statusOK, MaxRSSKB: 3000, Result: res(1, "aa")},
		{Size: 2000, Engine: "go", Mode: "compute", Rep: 3, Status: statusOK, MaxRSSKB: 2000, Result: res(2, "aa")},
		{Size: 2000, Engine: "native", Mode: "compute", Rep: 1, Status: statusOK, MaxRSSKB: 500, Result: res(0.1, "aa")},
		{Size: 20000, Engine: "go", Mode: "compute", Rep: 1, Status: statusOOM, Detail: "fatal error: runtime: out of memory"},
		{Size: 20000, Engine: "native", Mode: "stream", Rep: 1, Status: statusOK, MaxRSSKB: 900, Result: res(5, "")},
	}
	rows := aggregate(recs)
	g := findRow(rows, "compute", "go", 2000)
	if g == nil || g.Seconds != 2 || g.MaxRSSKB != 2000 || g.OK != 3 || g.OutMBps != 50 {
		t.Fatalf("go 2000 row: %+v", g)
	}
	if r := findRow(rows, "compute", "go", 20000); r == nil || r.Status != statusOOM || r.OK != 0 {
		t.Fatalf("go 20000 row: %+v", r)
	}
	rs := ratios(rows)
	if len(rs) != 2 || rs[0].GoOverNative != 20 || rs[0].SameBytes == nil || !*rs[0].SameBytes {
		t.Fatalf("ratios: %+v", rs)
	}
	if rs[1].Note == "" || rs[1].GoOverNative != 0 {
		t.Errorf("20000 ratio should explain the missing value: %+v", rs[1])
	}

	dir := t.TempDir()
	runs := filepath.Join(dir, "runs.jsonl")
	var buf bytes.Buffer
	for _, r := range recs {
		line, _ := json.Marshal(r)
		buf.Write(append(line, '\n'))
	}
	os.WriteFile(runs, buf.Bytes(), 0o644)
	if err := reportCmd([]string{"-runs", runs, "-out", dir}); err != nil {
		t.Fatal(err)
	}
	md, _ := os.ReadFile(filepath.Join(dir, "results.md"))
	for _, want := range []string{"| 2000 |", "**20.0×**", "**OOM**", "time_vs_findings.svg"} {
		if !bytes.Contains(md, []byte(want)) {
			t.Errorf("results.md lacks %q:\n%s", want, md)
		}
	}
	svg, _ := os.ReadFile(filepath.Join(dir, "time_vs_findings.svg"))
	for _, want := range []string{"<svg", "× OOM", "Go engine, drop-in", "native store, streamed", "</svg>"} {
		if !bytes.Contains(svg, []byte(want)) {
			t.Errorf("svg lacks %q", want)
		}
	}
	var rep report
	js, _ := os.ReadFile(filepath.Join(dir, "results.json"))
	if err := json.Unmarshal(js, &rep); err != nil || len(rep.Rows) != 4 {
		t.Errorf("results.json: %v, %d rows", err, len(rep.Rows))
	}
}

func TestReadMicro(t *testing.T) {
	doc := `{"benchmarks":[
	 {"name":"BM_Decode/200","run_name":"BM_Decode/200","run_type":"iteration","real_time":0.4,"time_unit":"ms","bytes_per_second":1.1e9},
	 {"name":"BM_Decode/5000","run_name":"BM_Decode/5000","run_type":"iteration","real_time":9,"time_unit":"ms","bytes_per_second":1.2e9},
	 {"name":"BM_Decode/5000","run_name":"BM_Decode/5000","run_type":"iteration","real_time":11,"time_unit":"ms","bytes_per_second":0.9e9},
	 {"name":"BM_Decode/5000_median","run_name":"BM_Decode/5000","run_type":"aggregate","aggregate_name":"median","real_time":10,"time_unit":"ms","bytes_per_second":1.05e9},
	 {"name":"BM_Decode/5000_mean","run_name":"BM_Decode/5000","run_type":"aggregate","aggregate_name":"mean","real_time":10,"time_unit":"ms","bytes_per_second":1e9},
	 {"name":"BM_GraphEngine/x-1_cv","run_name":"BM_GraphEngine/x-1","run_type":"aggregate","aggregate_name":"cv","real_time":0.01,"time_unit":"ms","hops3": NaN,"hops4":-nan,"big":inf}
	]}`
	path := filepath.Join(t.TempDir(), "m.json")
	os.WriteFile(path, []byte(doc), 0o644)
	ms, err := readMicro(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) != 2 {
		t.Fatalf("want the 200 run and the 5000 median, got %+v", ms)
	}
	m := largestMicro(ms, "BM_Decode/", "")
	if m == nil || m.Name != "BM_Decode/5000" || m.BytesPerSecond != 1.05e9 {
		t.Errorf("largest: %+v", m)
	}
	threads := []micro{{Name: "BM_WriteResult/5000/threads:1/real_time"}, {Name: "BM_WriteResult/5000/threads:0/real_time"},
		{Name: "BM_WriteResult/200/threads:0/real_time"}}
	if m := largestMicro(threads, "BM_WriteResult/", "/threads:0"); m != &threads[1] {
		t.Errorf("threads:0 at 5000: got %+v", m)
	}
}

func TestParseGoBench(t *testing.T) {
	out := []byte(`goos: linux
BenchmarkServerStartup/native/upstream-20000-2         	       3	 412345678 ns/op	 102.85 MB/s	   6942243 paths	       311.0 store_MB
BenchmarkListFindings/page/native/upstream-20000-2      	   10000	     18127 ns/op	6028.19 MB/s	  116024 B/op	      19 allocs/op
BenchmarkListFindings/page/go/upstream-20000-2          	   10000	     68382 ns/op
--- FAIL: BenchmarkGetFinding/native/upstream-20000
BenchmarkAttackPathsExport/native/many-accounts-300000   	       1	9000000000 ns/op	5000.00 MB/s
PASS
`)
	got := parseGoBench(out)
	if len(got) != 4 {
		t.Fatalf("want 4 results, got %+v", got)
	}
	if got[0].Name != "ServerStartup" || got[0].Engine != "native" || got[0].NsPerOp != 412345678 ||
		got[0].MBPerS != 102.85 || got[0].Metrics["paths"] != 6942243 || got[0].Metrics["store_MB"] != 311 {
		t.Errorf("startup: %+v", got[0])
	}
	if got[1].Name != "ListFindings/page" || got[1].Metrics["B/op"] != 116024 || got[1].Metrics["allocs/op"] != 19 {
		t.Errorf("list findings: %+v", got[1])
	}
	if got[2].Name != "ListFindings/page" || got[2].Engine != "go" || got[2].NsPerOp != 68382 {
		t.Errorf("list findings, go: %+v", got[2])
	}
	// GOMAXPROCS=1 drops the -N suffix; the name still parses.
	if got[3].Name != "AttackPathsExport" || got[3].MBPerS != 5000 {
		t.Errorf("export: %+v", got[3])
	}
}

func TestGoBenchRecordAndReport(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		os.WriteFile(p, []byte(text), 0o644)
		return p
	}
	capture := func(args ...string) benchRun {
		t.Helper()
		old := os.Stdout
		r, w, _ := os.Pipe()
		os.Stdout = w
		err := gobenchRecordCmd(args)
		w.Close()
		os.Stdout = old
		line, _ := io.ReadAll(r)
		if err != nil {
			t.Fatal(err)
		}
		var run benchRun
		if err := json.Unmarshal(line, &run); err != nil {
			t.Fatalf("%s: %v", line, err)
		}
		return run
	}
	nat := capture("-package", "server", "-rc", "0", "-time", write("n.time", "3.5 1500000 5.0 1.0\n"),
		"-engines", "native", "-size", "20000",
		"-out", write("n.out", "BenchmarkServerStartup/native/upstream-20000-2 3 400000000 ns/op 100 MB/s 6900000 paths 300 store_MB\n"+
			"BenchmarkListAttackPaths/native/upstream-20000-2 100000 12000 ns/op 3000 MB/s\n"+
			"BenchmarkAttackPathsExport/native/upstream-20000-2 1 2800000000 ns/op 5100.5 MB/s\n"))
	if nat.Status != statusOK || nat.MaxRSSKB != 1500000 || len(nat.Results) != 3 {
		t.Fatalf("native run: %+v", nat)
	}
	gorun := capture("-package", "server", "-rc", "2",
		"-time", write("g.time", "Command exited with non-zero status 2\n44.0 10800000 40 4\n"),
		"-engines", "go", "-size", "20000", "-memcap", "12 GiB",
		"-out", write("g.out", "BenchmarkListAttackPaths/go/upstream-20000-2 10 900000 ns/op\nfatal error: runtime: out of memory\n"))
	if gorun.Status != statusOOM || len(gorun.Results) != 1 || gorun.WallSeconds != 44 {
		t.Fatalf("go run: %+v", gorun)
	}
	both := capture("-package", "bench", "-rc", "0", "-time", write("b.time", "20 900000 30 2\n"),
		"-shape", "fixture", "-size", "200",
		"-out", write("b.out", "BenchmarkComputeAttackPaths/go/fixture-200-2 3 40000000 ns/op 30 MB/s\n"+
			"BenchmarkComputeAttackPaths/native/fixture-200-2 3 5000000 ns/op 240 MB/s\n"))
	if both.Status != statusOK || len(both.Results) != 2 {
		t.Fatalf("go/bench run: %+v", both)
	}

	var lines bytes.Buffer
	for _, r := range []benchRun{gorun, nat, both} {
		b, _ := json.Marshal(r)
		lines.Write(append(b, '\n'))
	}
	gobench := write("gobench.jsonl", lines.String())
	runs := write("runs.jsonl", "")
	micro := write("micro.json", `{"benchmarks":[{"name":"BM_Engine/20000/real_time","run_name":"BM_Engine/20000/real_time",`+
		`"run_type":"iteration","real_time":900,"time_unit":"ms","bytes_per_path":16.03}]}`)
	if err := reportCmd([]string{"-runs", runs, "-out", dir, "-micro", micro, "-gobench", gobench}); err != nil {
		t.Fatal(err)
	}
	md, _ := os.ReadFile(filepath.Join(dir, "results.md"))
	for _, want := range []string{
		"| ComputeAttackPaths | fixture 200 | 40.0 ms | 5.0 ms | **8.0×** | 240 |",
		"| ListAttackPaths | upstream 20000 | 900.0 µs | 12.0 µs | **75.0×** | 3000 |",
		"| ServerStartup | upstream 20000 | **OOM** | 400.0 ms | – | 100 |",
		"| native startup at 20K | <= 0.5 s (load + hashes + all paths) | 400.0 ms (6900000 paths) | yes |",
		"| memory per path | <= 16 bytes beyond the findings | 16.03 bytes",
		"| streamed export at 20K | >= 1 GB/s | 5.10 GB/s (2.80 s per export) | yes |",
		"| export peak RSS at 20K | < 2 GB | 1.54 GB",
	} {
		if !bytes.Contains(md, []byte(want)) {
			t.Errorf("results.md lacks %q:\n%s", want, md)
		}
	}
}
