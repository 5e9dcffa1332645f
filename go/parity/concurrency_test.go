package parity

import (
	"bytes"
	"fmt"
	"sync"
	"testing"

	aegispath "libaegispath/bridge"
	"libaegispath/go/api"
	"libaegispath/go/engine"
	"libaegispath/go/store"
)

// TestConcurrentCalls runs the one-shot calls and the queries of one shared
// Store from 16 goroutines at once (CI runs it under -race); every answer
// must equal the single-threaded one.
func TestConcurrentCalls(t *testing.T) {
	requireNative(t)
	doc := storeInput(t)
	wantPaths, err := engine.ComputeAttackPathsJSON(doc)
	if err != nil {
		t.Fatal(err)
	}
	filter := []byte(`{"severity":"HIGH","limit":20}`)
	wantFindings, err := engine.LoadAndSerializeFindings(doc, filter)
	if err != nil {
		t.Fatal(err)
	}
	s, err := aegispath.OpenStore(doc, api.Options{IntegrityHash: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	wantPage, err := s.ListFindings(api.FindingQuery{Provider: "AWS", Page: 2, PerPage: 10})
	if err != nil {
		t.Fatal(err)
	}
	wantPathPage, err := s.ListPaths(3, 25)
	if err != nil {
		t.Fatal(err)
	}

	// The analyses of a few paths, from the Go store. The native store has
	// not answered one yet, so its first calls race to build its index.
	gs, err := store.Open(doc, api.Options{})
	if err != nil {
		t.Fatal(err)
	}
	analysisIDs := []string{"ap-001", "ap-002", fmt.Sprintf("ap-%03d", gs.PathCount())}
	wantAnalysis := map[string][]byte{}
	for _, id := range analysisIDs {
		if wantAnalysis[id], err = gs.PathAnalysis(id); err != nil {
			t.Fatal(err)
		}
	}

	const goroutines, iterations = 16, 3
	var wg sync.WaitGroup
	errs := make(chan string, goroutines*iterations*8)
	for g := 0; g < goroutines; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			check := func(what string, got []byte, err error, want []byte) {
				if err != nil || !bytes.Equal(got, want) {
					errs <- what + ": " + diff(outcome{want, nil}, outcome{got, err})
				}
			}
			for i := 0; i < iterations; i++ {
				id := analysisIDs[(g+i)%len(analysisIDs)]
				got, err := s.PathAnalysis(id)
				check("Store.PathAnalysis("+id+")", got, err, wantAnalysis[id])
				got, err = aegispath.ComputeAttackPaths(doc)
				check("ComputeAttackPaths", got, err, wantPaths)
				got, err = aegispath.ComputeAttackPathsWithOptions(doc, api.Options{MaxThreads: 1 + g%3})
				check("ComputeAttackPathsWithOptions", got, err, wantPaths)
				got, err = aegispath.LoadAndSerializeFindings(doc, filter)
				check("LoadAndSerializeFindings", got, err, wantFindings)
				got, err = s.ListFindings(api.FindingQuery{Provider: "AWS", Page: 2, PerPage: 10})
				check("Store.ListFindings", got, err, wantPage)
				got, err = s.ListPaths(3, 25)
				check("Store.ListPaths", got, err, wantPathPage)
				var buf bytes.Buffer
				err = s.WriteAttackPaths(&buf)
				check("Store.WriteAttackPaths", buf.Bytes(), err, wantPaths)
			}
		}(g)
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

// TestCloseDuringQueries closes a Store while goroutines query it: every
// query either answers correctly or reports ErrClosed, never crashes.
func TestCloseDuringQueries(t *testing.T) {
	requireNative(t)
	doc := storeInput(t)
	s, err := aegispath.OpenStore(doc, api.Options{})
	if err != nil {
		t.Fatal(err)
	}
	want, err := s.PathStats()
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	start := make(chan struct{})
	for g := 0; g < 16; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			for i := 0; i < 50; i++ {
				got, err := s.PathStats()
				if err == api.ErrClosed {
					return
				}
				if err != nil || !bytes.Equal(got, want) {
					t.Errorf("PathStats: %s, %v", got, err)
					return
				}
			}
		}()
	}
	close(start)
	s.Close()
	wg.Wait()
}
