package engine

import (
	"encoding/json"
	"errors"
	"fmt"
	"unicode/utf8"
)

// DefaultMaxInputBytes is the default size cap of a findings document.
const DefaultMaxInputBytes = 64 << 20

// Sentinel errors of the decoder; returned errors wrap them (use errors.Is).
var (
	// ErrTooLarge: the input is larger than the size cap.
	ErrTooLarge = errors.New("input exceeds the size cap")
	// ErrInvalidUTF8: the input contains bytes that are not valid UTF-8.
	ErrInvalidUTF8 = errors.New("input is not valid UTF-8")
	// ErrInvalidJSON: the input is not well-formed JSON, or a value has the
	// wrong type for its field (the wrapped error is encoding/json's).
	ErrInvalidJSON = errors.New("invalid findings JSON")
	// ErrNotArray: the top-level value is not an array.
	ErrNotArray = errors.New("findings document is not a JSON array")
	// ErrNotObject: an element of the top-level array is not an object.
	ErrNotObject = errors.New("finding is not a JSON object")
)

// DecodeFindings decodes a findings document under the default size cap.
func DecodeFindings(data []byte) ([]Finding, error) {
	return DecodeFindingsLimit(data, DefaultMaxInputBytes)
}

// DecodeFindingsLimit decodes a findings document (docs/input.md) whose size must
// not exceed maxBytes (maxBytes <= 0 means DefaultMaxInputBytes). Beyond
// encoding/json's own rules it rejects invalid UTF-8, a top level that is not
// an array (json.Unmarshal would accept null) and elements that are not
// objects (json.Unmarshal would accept null elements).
func DecodeFindingsLimit(data []byte, maxBytes int) ([]Finding, error) {
	if maxBytes <= 0 {
		maxBytes = DefaultMaxInputBytes
	}
	if len(data) > maxBytes {
		return nil, fmt.Errorf("%w: %d bytes > %d", ErrTooLarge, len(data), maxBytes)
	}
	if !utf8.Valid(data) {
		return nil, ErrInvalidUTF8
	}
	if firstByte(data) != '[' {
		// Report malformed input as such; only well-formed non-arrays are
		// "not an array".
		var probe json.RawMessage
		if err := json.Unmarshal(data, &probe); err != nil {
			return nil, fmt.Errorf("%w: %v", ErrInvalidJSON, err)
		}
		return nil, fmt.Errorf("%w: top level is %s", ErrNotArray, kindOf(probe))
	}
	// The whole document is validated here (syntax, nesting depth) before
	// any element is decoded.
	var raws []json.RawMessage
	if err := json.Unmarshal(data, &raws); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrInvalidJSON, err)
	}
	findings := make([]Finding, len(raws))
	for i, raw := range raws {
		if raw[0] != '{' {
			return nil, fmt.Errorf("%w: element %d is %s", ErrNotObject, i, kindOf(raw))
		}
		// Each element decodes into a zero Finding, as a fresh slice element
		// does in json.Unmarshal of the whole array.
		if err := json.Unmarshal(raw, &findings[i]); err != nil {
			return nil, fmt.Errorf("%w: element %d: %v", ErrInvalidJSON, i, err)
		}
	}
	return findings, nil
}

// firstByte returns the first non-whitespace byte (JSON whitespace), or 0.
func firstByte(data []byte) byte {
	for _, c := range data {
		switch c {
		case ' ', '\t', '\n', '\r':
			continue
		}
		return c
	}
	return 0
}

// kindOf names the kind of a well-formed JSON value for error messages.
func kindOf(v []byte) string {
	switch firstByte(v) {
	case '{':
		return "an object"
	case '[':
		return "an array"
	case '"':
		return "a string"
	case 'n':
		return "null"
	case 't', 'f':
		return "a boolean"
	default:
		return "a number"
	}
}
