package api

import (
	"strings"
	"testing"
)

func TestOptionsValidate(t *testing.T) {
	for _, c := range []struct {
		opts Options
		bad  string // the field named in the error; "" = valid
	}{
		{Options{}, ""},
		{Options{MaxInputBytes: 1, MaxThreads: 1, IntegrityHash: true}, ""},
		{Options{MaxInputBytes: -1}, "MaxInputBytes"},
		{Options{MaxThreads: -1}, "MaxThreads"},
		{Options{MaxEdgeBytes: -1}, "MaxEdgeBytes"},
		{Options{Edges: []byte(`[]`), MaxEdgeBytes: 1}, ""},
		{Options{MaxInputBytes: -5, MaxThreads: -5}, "MaxInputBytes"},
	} {
		err := c.opts.Validate()
		switch {
		case c.bad == "" && err != nil:
			t.Errorf("%+v: unexpected error %v", c.opts, err)
		case c.bad != "" && (err == nil || !strings.Contains(err.Error(), c.bad)):
			t.Errorf("%+v: error %v, want one naming %s", c.opts, err, c.bad)
		}
	}
}
