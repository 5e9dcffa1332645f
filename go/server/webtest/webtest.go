// Package webtest drives headless Chromium (through chromedp) against the
// web view of aegis-server: it finds the browser, launches it with the flags
// this project uses (headless, no sandbox as root, no network besides the
// server under test, a fresh profile), records console errors and uncaught
// exceptions, and waits for the page's views. The browser tests of this
// package and the web-view benchmark (bench/webview) share it.
package webtest

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/chromedp/cdproto/cdp"
	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// ErrNoChromium is returned by FindChromium when no browser is installed.
var ErrNoChromium = errors.New("no Chromium found: install Debian's chromium (apt-get install -y chromium; scripts/check/browser.sh does) or set AEGIS_CHROMIUM to its path")

// FindChromium returns $AEGIS_CHROMIUM, or the first Chromium on PATH.
func FindChromium() (string, error) {
	if p := os.Getenv("AEGIS_CHROMIUM"); p != "" {
		if _, err := os.Stat(p); err != nil {
			return "", fmt.Errorf("AEGIS_CHROMIUM=%s: %w", p, err)
		}
		return p, nil
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	return "", ErrNoChromium
}

// Browser is one headless Chromium with one tab.
type Browser struct {
	Ctx    context.Context // the tab's chromedp context
	cancel []context.CancelFunc
	log    *ConsoleLog
}

// Launch starts chromium with a fresh profile in profileDir and a window of
// width×height, and opens a tab whose console it records.
func Launch(chromium, profileDir string, width, height int) (*Browser, error) {
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromium),
		chromedp.Headless,
		chromedp.NoSandbox, // the tests run as root
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-default-apps", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("no-pings", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(profileDir),
		chromedp.WindowSize(width, height),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelTab := chromedp.NewContext(actx)
	b := &Browser{Ctx: ctx, cancel: []context.CancelFunc{cancelTab, cancelAlloc}, log: &ConsoleLog{}}
	// The first Run starts the browser; Log.enable makes failed loads
	// (a 404 script, a CSP violation) show up as they do in DevTools.
	if _, err := chromedp.Call(ctx, cdplog.Enable, cdp.Empty{}); err != nil {
		b.Close()
		return nil, fmt.Errorf("start %s: %w", chromium, err)
	}
	if err := chromedp.Listen(ctx, b.log.record); err != nil {
		b.Close()
		return nil, err
	}
	return b, nil
}

// Close ends the tab and the browser.
func (b *Browser) Close() {
	for _, c := range b.cancel {
		c()
	}
}

// Console returns what the page logged as errors so far.
func (b *Browser) Console() []string { return b.log.Errors() }

// ResetConsole forgets what was logged so far.
func (b *Browser) ResetConsole() { b.log.Reset() }

// ConsoleLog collects console.error/assert calls, uncaught exceptions and
// error-level log entries (failed resource loads, CSP violations).
type ConsoleLog struct {
	mu     sync.Mutex
	errors []string
}

func (c *ConsoleLog) record(ev any) {
	var msg string
	switch ev := ev.(type) {
	case *runtime.EventConsoleAPICalled:
		if ev.Type != runtime.ConsoleAPICalledTypeError && ev.Type != runtime.ConsoleAPICalledTypeAssert {
			return
		}
		var parts []string
		for _, a := range ev.Args {
			if a.Value != nil {
				parts = append(parts, string(a.Value))
			} else {
				parts = append(parts, a.Description)
			}
		}
		msg = "console." + string(ev.Type) + ": " + strings.Join(parts, " ")
	case *runtime.EventExceptionThrown:
		d := ev.ExceptionDetails
		msg = "uncaught exception: " + d.Text
		if d.Exception != nil {
			msg += " " + d.Exception.Description
		}
	case *cdplog.EventEntryAdded:
		if ev.Entry.Level != cdplog.EntryLevelError {
			return
		}
		msg = "log " + string(ev.Entry.Source) + ": " + ev.Entry.Text + " " + ev.Entry.URL
	default:
		return
	}
	c.mu.Lock()
	c.errors = append(c.errors, msg)
	c.mu.Unlock()
}

// Errors returns a copy of what was recorded.
func (c *ConsoleLog) Errors() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]string(nil), c.errors...)
}

// Reset forgets what was recorded.
func (c *ConsoleLog) Reset() {
	c.mu.Lock()
	c.errors = nil
	c.mu.Unlock()
}

// Do runs steps in the tab, bounded by timeout.
func (b *Browser) Do(timeout time.Duration, steps ...chromedp.Action[chromedp.Void]) error {
	ctx, cancel := context.WithTimeout(b.Ctx, timeout)
	defer cancel()
	return chromedp.Do(ctx, steps...)
}

// Eval evaluates a JavaScript expression (awaiting a promise) in the tab.
func Eval[T any](b *Browser, expression string) (T, error) {
	ctx, cancel := context.WithTimeout(b.Ctx, 30*time.Second)
	defer cancel()
	return chromedp.Run(ctx, chromedp.Evaluate[T](expression, chromedp.EvalAwaitPromise))
}

// WaitView waits until the page has rendered route (its <html> says
// data-state="ready" data-route=ROUTE, and data-hash equals location.hash so
// a hash change whose render has not started yet is not mistaken for it).
// On a timeout the error tells what the page shows instead.
func (b *Browser) WaitView(route string, timeout time.Duration) error {
	ctx, cancel := context.WithTimeout(b.Ctx, timeout)
	defer cancel()
	cond := fmt.Sprintf(`document.documentElement.dataset.state === 'ready' && document.documentElement.dataset.route === %q && document.documentElement.dataset.hash === location.hash`, route)
	_, err := chromedp.Run(ctx, chromedp.Poll[chromedp.Void](cond, chromedp.WithPollingTimeout(timeout)))
	if err != nil {
		state, _ := Eval[string](b, `document.documentElement.dataset.state + ' ' + document.documentElement.dataset.route + ' ' + location.hash + ': ' + document.getElementById('view').innerText.slice(0, 300)`)
		return fmt.Errorf("waiting for view %q: %w (page: %s)", route, err, state)
	}
	return nil
}

// WaitFor waits until a JavaScript condition is true.
func (b *Browser) WaitFor(condition string, timeout time.Duration) error {
	ctx, cancel := context.WithTimeout(b.Ctx, timeout)
	defer cancel()
	_, err := chromedp.Run(ctx, chromedp.Poll[chromedp.Void](condition, chromedp.WithPollingTimeout(timeout)))
	if err != nil {
		return fmt.Errorf("waiting for %s: %w", condition, err)
	}
	return nil
}

// Screenshot saves the viewport as a PNG file, creating its directory.
func (b *Browser) Screenshot(file string) error {
	ctx, cancel := context.WithTimeout(b.Ctx, 30*time.Second)
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		return err
	}
	return os.WriteFile(file, png, 0o644)
}

// RepoRoot is the directory of go.mod above the working directory.
func RepoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod above the working directory")
		}
		dir = parent
	}
}
