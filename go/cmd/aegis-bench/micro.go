package main

import (
	"encoding/json"
	"os"
	"regexp"
	"strconv"
	"strings"
)

// micro is one result of the C++ micro-benchmarks (Google Benchmark's JSON
// reporter): the median aggregate when repetitions were run, else the run.
type micro struct {
	Name           string  `json:"name"`
	RealTime       float64 `json:"real_time"`
	TimeUnit       string  `json:"time_unit"`
	BytesPerSecond float64 `json:"bytes_per_second,omitempty"`
	BytesPerPath   float64 `json:"bytes_per_path,omitempty"` // BM_Engine's and BM_GraphEngine's counter
	// BM_GraphEngine's: the bytes per path its record layout predicts from
	// the paths' hop counts, and the paths; BM_DecodeEdges's rows kept.
	LayoutBytesPerPath float64 `json:"layout_bytes_per_path,omitempty"`
	Paths              float64 `json:"paths,omitempty"`
	Rows               float64 `json:"rows,omitempty"`
}

// nonFinite matches the values Google Benchmark writes for counters that
// are not numbers (the coefficient of variation of a counter that is 0 in
// every repetition is NaN), which JSON has no spelling for.
var nonFinite = regexp.MustCompile(`(:\s*)-?(NaN|nan|Infinity|inf)\b`)

func readMicro(path string) ([]micro, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	b = nonFinite.ReplaceAll(b, []byte("${1}null"))
	var doc struct {
		Benchmarks []struct {
			micro
			RunName       string `json:"run_name"`
			RunType       string `json:"run_type"`
			AggregateName string `json:"aggregate_name"`
			ErrorOccurred bool   `json:"error_occurred"`
		} `json:"benchmarks"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		return nil, err
	}
	hasMedian := map[string]bool{}
	for _, bm := range doc.Benchmarks {
		if bm.RunType == "aggregate" && bm.AggregateName == "median" {
			hasMedian[bm.RunName] = true
		}
	}
	var out []micro
	for _, bm := range doc.Benchmarks {
		if bm.ErrorOccurred {
			continue
		}
		switch {
		case bm.RunType == "aggregate" && bm.AggregateName == "median":
			m := bm.micro
			m.Name = bm.RunName
			out = append(out, m)
		case bm.RunType != "aggregate" && !hasMedian[bm.RunName]:
			out = append(out, bm.micro)
		}
	}
	return out, nil
}

// largestMicro returns the result named prefix+N+suffix... with the largest
// N ("BM_Decode/20000" over "BM_Decode/200"); suffix must follow N directly.
func largestMicro(ms []micro, prefix, suffix string) *micro {
	var best *micro
	bestN := -1
	for i := range ms {
		rest, ok := strings.CutPrefix(ms[i].Name, prefix)
		if !ok {
			continue
		}
		num, tail, _ := strings.Cut(rest, "/")
		if !strings.HasPrefix("/"+tail, suffix) {
			continue
		}
		n, err := strconv.Atoi(num)
		if err == nil && n > bestN {
			best, bestN = &ms[i], n
		}
	}
	return best
}
