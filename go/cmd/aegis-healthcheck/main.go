// Command aegis-healthcheck asks a running aegis-server for /health and
// exits 0 when it answers 200, 1 otherwise: a container health check that
// needs no curl in the image (Dockerfile, HEALTHCHECK).
//
//	aegis-healthcheck [-timeout 3s] [URL]    (default http://127.0.0.1:8080/health)
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"time"
)

func main() {
	timeout := flag.Duration("timeout", 3*time.Second, "give up after this long")
	flag.Parse()
	url := "http://127.0.0.1:8080/health"
	switch flag.NArg() {
	case 0:
	case 1:
		url = flag.Arg(0)
	default:
		fmt.Fprintln(os.Stderr, "usage: aegis-healthcheck [-timeout D] [URL]")
		os.Exit(2)
	}
	if err := check(url, *timeout); err != nil {
		fmt.Fprintln(os.Stderr, "aegis-healthcheck:", err)
		os.Exit(1)
	}
}

func check(url string, timeout time.Duration) error {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("%s: %s %s", url, resp.Status, body)
	}
	fmt.Printf("%s\n", body)
	return nil
}
