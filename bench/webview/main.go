// Command webview measures the web view of a running aegis-server in
// headless Chromium with the browser's Performance API: first paint and
// first contentful paint of the page, the time until the overview shows the
// store's numbers, and the time of each page switch (from the route change
// to the rendered view, the page's own performance.measure("view:NAME")).
// It is a benchmark, not a test: it prints medians and never judges.
//
//	bench/webview.sh                   # starts the native server on 20K findings, then runs this
//	go run ./bench/webview -url http://127.0.0.1:8080 -runs 5
//
// Each run is a fresh browser with an empty cache and profile.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"sort"
	"strings"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"libaegispath/go/server/webtest"
)

func main() {
	base := flag.String("url", "http://127.0.0.1:8080", "the running aegis-server")
	runs := flag.Int("runs", 5, "fresh-browser runs")
	out := flag.String("out", "", "also write the table to this file")
	flag.Parse()
	if err := run(*base, *runs, *out); err != nil {
		fmt.Fprintln(os.Stderr, "webview:", err)
		os.Exit(1)
	}
}

// metric names, in the order printed.
var metrics = []string{
	"first paint (page)",
	"first contentful paint (page)",
	"overview numbers shown",
	"switch: overview → attack paths",
	"switch: next page of paths",
	"switch: filtered paths (severity + hops)",
	"switch: open a path (graph drawn)",
	"switch: back to the table",
	"switch: findings",
	"switch: next page of findings",
}

func run(base string, runs int, out string) error {
	chromium, err := webtest.FindChromium()
	if err != nil {
		return err
	}
	var health struct {
		Engine   string `json:"engine"`
		Findings int    `json:"findings"`
		Paths    int    `json:"paths"`
	}
	if err := getJSON(base+"/health", &health); err != nil {
		return err
	}
	fmt.Printf("server %s: engine %s, %d findings, %d paths\n", base, health.Engine, health.Findings, health.Paths)
	waited, err := waitForIndex(base)
	if err != nil {
		return err
	}
	fmt.Printf("path index ready (waited %.1f s)\n", waited.Seconds())

	samples := map[string][]float64{}
	for i := 0; i < runs; i++ {
		got, err := oneRun(chromium, base)
		if err != nil {
			return fmt.Errorf("run %d: %w", i+1, err)
		}
		for k, v := range got {
			samples[k] = append(samples[k], v)
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Web view at %d findings / %d paths (engine %s), %d fresh-browser runs, Chromium headless 1280x800:\n\n",
		health.Findings, health.Paths, health.Engine, runs)
	fmt.Fprintf(&b, "| measure | median | min | max |\n|---|---:|---:|---:|\n")
	for _, m := range metrics {
		v := samples[m]
		sort.Float64s(v)
		if len(v) == 0 {
			continue
		}
		fmt.Fprintf(&b, "| %s | %.0f ms | %.0f ms | %.0f ms |\n", m, v[len(v)/2], v[0], v[len(v)-1])
	}
	fmt.Print("\n" + b.String())
	if out != "" {
		return os.WriteFile(out, []byte(b.String()), 0o644)
	}
	return nil
}

func getJSON(url string, v any) error {
	res, err := http.Get(url)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	if res.StatusCode != 200 {
		body, _ := io.ReadAll(res.Body)
		return fmt.Errorf("GET %s: %s %s", url, res.Status, body)
	}
	return json.NewDecoder(res.Body).Decode(v)
}

// waitForIndex waits (at most 10 minutes) for the path index, which the
// filtered-page switch needs.
func waitForIndex(base string) (time.Duration, error) {
	start := time.Now()
	for time.Since(start) < 10*time.Minute {
		var sum struct {
			Index string `json:"index"`
		}
		if err := getJSON(base+"/api/v1/attack-paths/summary", &sum); err != nil {
			return 0, err
		}
		switch sum.Index {
		case "ready":
			return time.Since(start), nil
		case "building":
			time.Sleep(500 * time.Millisecond)
		default:
			return 0, fmt.Errorf("the path index is %q", sum.Index)
		}
	}
	return 0, fmt.Errorf("the path index was not ready after 10 minutes")
}

// oneRun opens the page in a fresh browser and walks through the views.
func oneRun(chromium, base string) (map[string]float64, error) {
	dir, err := os.MkdirTemp("", "aegis-webview-bench-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	b, err := webtest.Launch(chromium, dir, 1280, 800)
	if err != nil {
		return nil, err
	}
	defer b.Close()
	res := map[string]float64{}
	lastMeasure := func(view string) (float64, error) {
		return webtest.Eval[float64](b, fmt.Sprintf(`performance.getEntriesByName(%q).at(-1).duration`, "view:"+view))
	}
	measures := func(view string) (int, error) {
		return webtest.Eval[int](b, fmt.Sprintf(`performance.getEntriesByName(%q).length`, "view:"+view))
	}
	// step runs an action that re-renders view and records its time.
	step := func(name, view string, action chromedp.Action[chromedp.Void]) error {
		before, err := measures(view)
		if err != nil {
			return err
		}
		if err := b.Do(30*time.Second, action); err != nil {
			return err
		}
		if err := b.WaitFor(fmt.Sprintf(`performance.getEntriesByName(%q).length > %d && document.documentElement.dataset.state === 'ready'`, "view:"+view, before), 60*time.Second); err != nil {
			return err
		}
		ms, err := lastMeasure(view)
		res[name] = ms
		return err
	}

	if err := b.Do(60*time.Second, chromedp.Navigate(base+"/#/")); err != nil {
		return nil, err
	}
	if err := b.WaitView("overview", 60*time.Second); err != nil {
		return nil, err
	}
	paint, err := webtest.Eval[map[string]float64](b, `Object.fromEntries(performance.getEntriesByType('paint').map(e => [e.name, e.startTime]))`)
	if err != nil {
		return nil, err
	}
	res["first paint (page)"] = paint["first-paint"]
	res["first contentful paint (page)"] = paint["first-contentful-paint"]
	if res["overview numbers shown"], err = webtest.Eval[float64](b,
		`(e => e.startTime + e.duration)(performance.getEntriesByName('view:overview')[0])`); err != nil {
		return nil, err
	}
	steps := []struct {
		name, view string
		action     chromedp.Action[chromedp.Void]
	}{
		{metrics[3], "paths", chromedp.KeyEvent("2")},
		{metrics[4], "paths", chromedp.KeyEvent("]")},
		{metrics[5], "paths", chromedp.Evaluate[chromedp.Void](`location.hash = '#/paths?severity=HIGH&hop_count=2&page=3'`)},
		{metrics[6], "path", chromedp.Steps(chromedp.KeyEvent("j"), chromedp.KeyEvent(kb.Enter))},
		{metrics[7], "paths", chromedp.KeyEvent(kb.Escape)},
		{metrics[8], "findings", chromedp.KeyEvent("3")},
		{metrics[9], "findings", chromedp.KeyEvent("]")},
	}
	for _, s := range steps {
		if err := step(s.name, s.view, s.action); err != nil {
			return nil, fmt.Errorf("%s: %w", s.name, err)
		}
	}
	if errs := b.Console(); len(errs) > 0 {
		return nil, fmt.Errorf("the console has errors: %s", strings.Join(errs, "; "))
	}
	return res, nil
}
