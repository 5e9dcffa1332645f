package aegispath

import (
	"errors"
	"testing"

	"libaegispath/go/api"
)

// TestStatusStrings asks the linked library to describe every Go status:
// each must be a status it knows, with a description of its own, and the
// code after the last Go status must be unknown to it — otherwise the
// library has a status this package lacks. (status_cgo.go checks the values
// at build time; this checks the list is complete.)
func TestStatusStrings(t *testing.T) {
	if !Available() {
		if got := StatusNotFound.String(); got != "status 7" {
			t.Errorf("stub StatusNotFound.String() = %q, want \"status 7\"", got)
		}
		t.Skip("native engine not built in: no library descriptions to compare")
	}
	const unknown = "unknown status"
	seen := map[string]Status{}
	for s := StatusOK; s < statusCount; s++ {
		d := s.String()
		if d == "" || d == unknown {
			t.Errorf("status %d: the library describes it as %q", int(s), d)
		}
		if prev, dup := seen[d]; dup {
			t.Errorf("statuses %d and %d share the description %q", int(prev), int(s), d)
		}
		seen[d] = s
	}
	if d := statusCount.String(); d != unknown {
		t.Errorf("status %d (one past the Go list) is %q to the library: add it to status.go", int(statusCount), d)
	}
	if d := StatusNotFound.String(); d != "not found" {
		t.Errorf("StatusNotFound.String() = %q, want \"not found\"", d)
	}
}

// TestOptionsRefusedLikeTheGoStore: out-of-range options come back as
// StatusInvalidArgument with api.Options.Validate's message.
func TestOptionsRefusedLikeTheGoStore(t *testing.T) {
	if !Available() {
		t.Skip("native engine not built in")
	}
	opts := api.Options{MaxThreads: -1}
	_, err := OpenStore([]byte(`[]`), opts)
	var e *Error
	if !errors.As(err, &e) || e.Status != StatusInvalidArgument || e.Message != opts.Validate().Error() {
		t.Errorf("OpenStore with %+v: %v; want StatusInvalidArgument with %q", opts, err, opts.Validate())
	}
}
