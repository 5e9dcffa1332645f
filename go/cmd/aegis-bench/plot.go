package main

import (
	"fmt"
	"math"
	"strings"
)

// series is one line of the plot: a (mode, engine) pair.
type series struct {
	mode, engine, label, color, dash string
}

var plotSeries = []series{
	{"compute", "go", "Go engine, drop-in", "#d62728", ""},
	{"stream", "go", "Go store, streamed", "#ff9896", "6 4"},
	{"compute", "native", "native, drop-in", "#1f77b4", ""},
	{"bridge", "native", "native via cgo bridge", "#17becf", "2 3"},
	{"stream", "native", "native store, streamed", "#2ca02c", "6 4"},
}

// plotSVG draws engine time against corpus size on log-log axes. Runs that
// failed (OOM, timeout) appear as a cross at the top edge with their status.
func plotSVG(rows []row) string {
	const (
		w, h                     = 820, 500
		left, right, top, bottom = 72, 230, 46, 58
	)
	pw, ph := float64(w-left-right), float64(h-top-bottom)
	xs := sizes(rows)
	minT, maxT := math.Inf(1), math.Inf(-1)
	for _, s := range plotSeries {
		for _, n := range xs {
			if r := findRow(rows, s.mode, s.engine, n); r != nil && r.Status == statusOK && r.Seconds > 0 {
				minT, maxT = math.Min(minT, r.Seconds), math.Max(maxT, r.Seconds)
			}
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" font-family="sans-serif" font-size="12">`+"\n", w, h, w, h)
	fmt.Fprintf(&b, `<rect width="%d" height="%d" fill="white"/>`+"\n", w, h)
	fmt.Fprintf(&b, `<text x="%d" y="24" font-size="15" font-weight="bold">Attack-path computation time vs findings (log-log)</text>`+"\n", left)
	if len(xs) == 0 || math.IsInf(minT, 1) {
		b.WriteString(`<text x="100" y="200">no successful runs</text></svg>` + "\n")
		return b.String()
	}
	lx0, lx1 := math.Log10(float64(xs[0]))-0.12, math.Log10(float64(xs[len(xs)-1]))+0.12
	ly0, ly1 := math.Floor(math.Log10(minT)), math.Ceil(math.Log10(maxT))
	if ly1 <= ly0 {
		ly1 = ly0 + 1
	}
	px := func(n float64) float64 { return float64(left) + (math.Log10(n)-lx0)/(lx1-lx0)*pw }
	py := func(t float64) float64 { return float64(top) + (ly1-math.Log10(t))/(ly1-ly0)*ph }

	// Grid: decades labelled, 2 and 5 faint; x ticks at the measured sizes.
	for d := ly0; d <= ly1; d++ {
		for _, m := range []float64{1, 2, 5} {
			t := m * math.Pow(10, d)
			if math.Log10(t) > ly1+1e-9 {
				break
			}
			y := py(t)
			stroke, label := "#eeeeee", ""
			if m == 1 {
				stroke, label = "#cccccc", secondsLabel(t)
			}
			fmt.Fprintf(&b, `<line x1="%d" y1="%.1f" x2="%.1f" y2="%.1f" stroke="%s"/>`+"\n", left, y, float64(left)+pw, y, stroke)
			if label != "" {
				fmt.Fprintf(&b, `<text x="%d" y="%.1f" text-anchor="end">%s</text>`+"\n", left-6, y+4, label)
			}
		}
	}
	for _, n := range xs {
		x := px(float64(n))
		fmt.Fprintf(&b, `<line x1="%.1f" y1="%d" x2="%.1f" y2="%.1f" stroke="#dddddd"/>`+"\n", x, top, x, float64(top)+ph)
		fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" text-anchor="middle">%s</text>`+"\n", x, float64(top)+ph+18, countLabel(n))
	}
	fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%.1f" height="%.1f" fill="none" stroke="#444444"/>`+"\n", left, top, pw, ph)
	fmt.Fprintf(&b, `<text x="%.1f" y="%d" text-anchor="middle">findings (log scale)</text>`+"\n", float64(left)+pw/2, h-14)
	fmt.Fprintf(&b, `<text transform="translate(18 %.1f) rotate(-90)" text-anchor="middle">time of the call, seconds (log scale)</text>`+"\n", float64(top)+ph/2)

	legendY := top + 10
	failsAt := map[int]int{} // failure labels already stacked at a size
	for _, s := range plotSeries {
		var pts []string
		var fails []string
		present := false
		for _, n := range xs {
			r := findRow(rows, s.mode, s.engine, n)
			if r == nil {
				continue
			}
			present = true
			x := px(float64(n))
			if r.Status == statusOK && r.Seconds > 0 {
				y := py(r.Seconds)
				pts = append(pts, fmt.Sprintf("%.1f,%.1f", x, y))
				fmt.Fprintf(&b, `<circle cx="%.1f" cy="%.1f" r="3.5" fill="%s"/>`+"\n", x, y, s.color)
			} else if r.Status != statusSkipped {
				fails = append(fails, fmt.Sprintf(`<text x="%.1f" y="%d" fill="%s" text-anchor="middle" font-weight="bold">× %s</text>`, x, top+16+14*failsAt[n], s.color, r.Status))
				failsAt[n]++
			}
		}
		if !present {
			continue
		}
		if len(pts) > 1 {
			fmt.Fprintf(&b, `<polyline points="%s" fill="none" stroke="%s" stroke-width="2" stroke-dasharray="%s"/>`+"\n", strings.Join(pts, " "), s.color, s.dash)
		}
		for _, f := range fails {
			b.WriteString(f + "\n")
		}
		lx := float64(left) + pw + 16
		fmt.Fprintf(&b, `<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="%s" stroke-width="2" stroke-dasharray="%s"/>`+"\n", lx, legendY, lx+28, legendY, s.color, s.dash)
		fmt.Fprintf(&b, `<circle cx="%.1f" cy="%d" r="3.5" fill="%s"/>`+"\n", lx+14, legendY, s.color)
		fmt.Fprintf(&b, `<text x="%.1f" y="%d">%s</text>`+"\n", lx+36, legendY+4, s.label)
		legendY += 22
	}
	b.WriteString("</svg>\n")
	return b.String()
}

func secondsLabel(t float64) string {
	switch {
	case t >= 1:
		return fmt.Sprintf("%g s", t)
	case t >= 1e-3:
		return fmt.Sprintf("%g ms", t*1e3)
	}
	return fmt.Sprintf("%g µs", t*1e6)
}

func countLabel(n int) string {
	if n >= 1000 && n%1000 == 0 {
		return fmt.Sprintf("%dK", n/1000)
	}
	return fmt.Sprint(n)
}
