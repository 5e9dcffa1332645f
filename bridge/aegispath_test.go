package aegispath

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"libaegispath/go/api"
)

func TestErrorIs(t *testing.T) {
	notFound := fmt.Errorf("wrapped: %w", &Error{Op: "aegis_store_get_path", Status: StatusNotFound, Message: "no path with id ap-9"})
	if !errors.Is(notFound, api.ErrNotFound) {
		t.Error("not-found status does not match ErrNotFound")
	}
	other := &Error{Op: "aegis_store_open", Status: StatusSchema, Message: "element 3 is a number"}
	if errors.Is(other, api.ErrNotFound) {
		t.Error("schema status matches ErrNotFound")
	}
	if got := other.Error(); !strings.Contains(got, "aegis_store_open") || !strings.Contains(got, "element 3 is a number") {
		t.Errorf("Error() = %q lacks the call or the library's message", got)
	}
}

func TestEmptyInput(t *testing.T) {
	_, err := ComputeAttackPaths(nil)
	_, err2 := LoadAndSerializeFindings([]byte{}, nil)
	if !Available() {
		if err != ErrNativeUnavailable || err2 != ErrNativeUnavailable {
			t.Fatalf("stub: got %v, %v", err, err2)
		}
		if s, err := OpenStore([]byte(`[]`), api.Options{}); s != nil || err != ErrNativeUnavailable {
			t.Fatalf("stub OpenStore: %v, %v", s, err)
		}
		return
	}
	if err != errEmptyInput || err2 != errEmptyInput {
		t.Fatalf("empty input: got %v, %v", err, err2)
	}
	if Version() == "" {
		t.Error("empty Version()")
	}
}

func TestGraphOptions(t *testing.T) {
	if !Available() {
		t.Skip("skipped: native engine not built in (no cgo or tag aegis_purego)")
	}
	findings := []byte(`[{"id":"a","resource_id":"r1","category":"NETWORK"},{"id":"b","resource_id":"r2","resource_type":"storage"}]`)
	edges := []byte(`[{"source_id":"r1","target_id":"r2","edge_type":"custom"}]`)
	out, err := ComputeAttackPathsWithOptions(findings, api.Options{Edges: edges})
	if err != nil || !strings.Contains(string(out), `"edge_type":"custom"`) {
		t.Fatalf("graph mode: %v, %.200s", err, out)
	}
	// The heuristic engine types the same edge data_access: nil Edges is not graph mode.
	if out, _ := ComputeAttackPathsWithOptions(findings, api.Options{}); !strings.Contains(string(out), `"edge_type":"data_access"`) {
		t.Errorf("heuristic: %.200s", out)
	}
	s, err := OpenStore(findings, api.Options{Edges: []byte(`[]`)})
	if err != nil || s.PathCount() != 0 {
		t.Fatalf("`[]` is graph mode with no edges: %v", err)
	}
	s.Close()
	// A non-nil empty document is graph mode too, and refused, as the Go engine refuses it.
	var e *Error
	if _, err := OpenStore(findings, api.Options{Edges: []byte{}}); !errors.As(err, &e) || e.Status != StatusInvalidArgument {
		t.Errorf("empty edge document: %v", err)
	}
	if _, err := ComputeAttackPathsWithOptions(findings, api.Options{Edges: edges, MaxEdgeBytes: len(edges) - 1}); !errors.As(err, &e) ||
		e.Status != StatusTooLarge || !strings.Contains(e.Message, "edges") {
		t.Errorf("edge cap: %v", err)
	}
	if _, err := OpenStore(findings, api.Options{MaxEdgeBytes: -1}); !errors.As(err, &e) || e.Status != StatusInvalidArgument {
		t.Errorf("negative MaxEdgeBytes: %v", err)
	}
}
