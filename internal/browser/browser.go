// Package browser opens pages in a headless Chromium (Debian's chromium
// package, which make docs-site-deps installs) through chromedp, for the
// tests that check what hipaagen and the docs site write, and for the
// screenshots make demo keeps.
package browser

import (
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// InstallHint says how to get Chromium.
const InstallHint = "install it with: make docs-site-deps (apt-get install chromium)"

// names are the executables tried, in order.
var names = []string{"chromium", "chromium-browser", "google-chrome"}

// Path is the Chromium on PATH, or an error with the install hint.
func Path() (string, error) {
	for _, name := range names {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	return "", errors.New("no " + strings.Join(names, ", ") + " on PATH: " + InstallHint)
}

// New starts a headless Chromium with a viewport of width×height CSS
// pixels and returns a context for its first tab, in which chromedp.Run
// runs actions; cancel closes the tab and the browser. The browser runs
// without the sandbox (which refuses to start as root), and chromedp's
// error log is dropped: it reports the events chromedp cannot decode, as
// the Debian Chromium speaks a newer DevTools protocol than chromedp
// knows; a failed action is still the error of its Run. An error names
// what failed: Chromium missing (with the install hint) or not starting.
func New(parent context.Context, width, height int) (context.Context, context.CancelFunc, error) {
	chromium, err := Path()
	if err != nil {
		return nil, nil, err
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(chromium), chromedp.NoSandbox, chromedp.WindowSize(width, height))
	alloc, cancelAlloc := chromedp.NewExecAllocator(parent, opts...)
	ctx, cancelTab := chromedp.NewContext(alloc, chromedp.WithErrorf(func(string, ...any) {}))
	cancel := func() { cancelTab(); cancelAlloc() }
	// The first Run starts the browser: start it here, so that a browser
	// that cannot start is this error, not the caller's first action's.
	// The window's frame takes some of its height: the viewport is set
	// to the whole width×height, which a first screen then shows.
	if err := chromedp.Run(ctx, chromedp.EmulateViewport(int64(width), int64(height))); err != nil {
		cancel()
		return nil, nil, fmt.Errorf("starting %s: %w", chromium, err)
	}
	return ctx, cancel, nil
}

// Screenshot writes a PNG of the first screen (the viewport New set) of
// the page open in ctx to path, creating its directory.
func Screenshot(ctx context.Context, path string) error {
	return capture(ctx, path, page.CaptureScreenshot().WithFormat(page.CaptureScreenshotFormatPng))
}

// FullScreenshot writes a PNG of the whole page open in ctx, beyond the
// first screen, to path, creating its directory.
func FullScreenshot(ctx context.Context, path string) error {
	var width, height float64
	err := chromedp.Run(ctx, chromedp.ActionFunc(func(ctx context.Context) error {
		_, _, _, _, _, content, err := page.GetLayoutMetrics().Do(ctx)
		if err == nil {
			width, height = math.Ceil(content.Width), math.Ceil(content.Height)
		}
		return err
	}))
	if err != nil {
		return fmt.Errorf("measuring the page for %s: %w", path, err)
	}
	clip := &page.Viewport{Width: width, Height: height, Scale: 1}
	return capture(ctx, path, page.CaptureScreenshot().WithFormat(page.CaptureScreenshotFormatPng).WithCaptureBeyondViewport(true).WithClip(clip))
}

// capture runs shot in ctx and writes the PNG it returns to path.
func capture(ctx context.Context, path string, shot *page.CaptureScreenshotParams) error {
	var png []byte
	err := chromedp.Run(ctx, chromedp.ActionFunc(func(ctx context.Context) error {
		var err error
		png, err = shot.Do(ctx)
		return err
	}))
	if err != nil {
		return fmt.Errorf("taking the screenshot %s: %w", path, err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return os.WriteFile(path, png, 0o644)
}
