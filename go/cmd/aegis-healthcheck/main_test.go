package main

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func TestCheck(t *testing.T) {
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/health":
			w.Write([]byte(`{"status":"ok"}`))
		case "/slow":
			time.Sleep(200 * time.Millisecond)
		default:
			http.Error(w, "no route", http.StatusNotFound)
		}
	}))
	defer ts.Close()

	if err := check(ts.URL+"/health", time.Second); err != nil {
		t.Errorf("healthy server: %v", err)
	}
	if err := check(ts.URL+"/nope", time.Second); err == nil || !strings.Contains(err.Error(), "404") {
		t.Errorf("404: got %v, want an error naming the status", err)
	}
	if err := check(ts.URL+"/slow", 50*time.Millisecond); err == nil {
		t.Error("a server slower than the timeout passed the check")
	}
	addr := ts.URL
	ts.Close()
	if err := check(addr+"/health", time.Second); err == nil {
		t.Error("a closed server passed the check")
	}
}
