package engine

import (
	"encoding/json"
	"errors"
	"fmt"
	"unicode/utf8"
)

// MaxFilterBytes is the size cap of a filter object.
const MaxFilterBytes = 64 << 10

// MaxFilterLimit is the default and the largest page size of a filter.
const MaxFilterLimit = 10000

// ErrInvalidFilter: the filter is not a valid filter object.
var ErrInvalidFilter = errors.New("invalid filter")

// Filter selects findings (docs/input.md, "Findings filter"). Empty string fields match everything.
type Filter struct {
	Severity string `json:"severity"`
	Provider string `json:"provider"` // compared with cloud_provider
	Status   string `json:"status"`
	Category string `json:"category"`
	Offset   int    `json:"offset"`
	Limit    int    `json:"limit"`
}

// ParseFilter decodes a filter object. It must be a JSON object of at most
// MaxFilterBytes of valid UTF-8 with non-negative offset and limit; a limit of
// 0 or above MaxFilterLimit becomes MaxFilterLimit.
func ParseFilter(data []byte) (Filter, error) {
	var f Filter
	if len(data) > MaxFilterBytes {
		return f, fmt.Errorf("%w: %d bytes > %d", ErrInvalidFilter, len(data), MaxFilterBytes)
	}
	if !utf8.Valid(data) {
		return f, fmt.Errorf("%w: not valid UTF-8", ErrInvalidFilter)
	}
	if firstByte(data) != '{' {
		return f, fmt.Errorf("%w: not a JSON object", ErrInvalidFilter)
	}
	if err := json.Unmarshal(data, &f); err != nil {
		return Filter{}, fmt.Errorf("%w: %v", ErrInvalidFilter, err)
	}
	if f.Offset < 0 || f.Limit < 0 {
		return Filter{}, fmt.Errorf("%w: negative offset or limit", ErrInvalidFilter)
	}
	if f.Limit == 0 || f.Limit > MaxFilterLimit {
		f.Limit = MaxFilterLimit
	}
	return f, nil
}

// ApplyFilter returns the findings equal to every non-empty field of f, after
// skipping f.Offset matches, at most f.Limit of them (f.Limit <= 0: no
// limit). The result is never nil.
func ApplyFilter(findings []Finding, f Filter) []Finding {
	out := []Finding{}
	skip := f.Offset
	for i := range findings {
		if f.Limit > 0 && len(out) >= f.Limit {
			break
		}
		x := &findings[i]
		if (f.Severity != "" && x.Severity != f.Severity) ||
			(f.Provider != "" && x.CloudProvider != f.Provider) ||
			(f.Status != "" && x.Status != f.Status) ||
			(f.Category != "" && x.Category != f.Category) {
			continue
		}
		if skip > 0 {
			skip--
			continue
		}
		out = append(out, *x)
	}
	return out
}

// LoadAndSerializeFindings is the Go equivalent of
// aegis_load_and_serialize_findings: decode, filter (docs/input.md, "Findings filter"; an
// empty filterJSON means no filter, i.e. every finding) and re-encode. The
// output is "[]" when nothing matches.
func LoadAndSerializeFindings(findingsJSON, filterJSON []byte) ([]byte, error) {
	var filter *Filter
	if len(filterJSON) > 0 {
		f, err := ParseFilter(filterJSON)
		if err != nil {
			return nil, err
		}
		filter = &f
	}
	findings, err := DecodeFindings(findingsJSON)
	if err != nil {
		return nil, err
	}
	if filter != nil {
		findings = ApplyFilter(findings, *filter)
	}
	if len(findings) == 0 {
		return []byte("[]"), nil
	}
	return json.Marshal(findings)
}
