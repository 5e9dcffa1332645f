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
