// Command screenshot opens a page in headless Chromium and saves a PNG of
// its first screen (make demo keeps one of the evidence report):
//
//	go run ./tools/screenshot -url file:///abs/evidence.html -out evidence.png [-width 1280 -height 900] [-full]
//
// It fails, with the install hint, when Chromium is missing.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/browser"
)

func main() {
	url := flag.String("url", "", "the page to open: file:///… or http(s)://… (required)")
	out := flag.String("out", "", "the PNG to write; its directory is created (required)")
	width := flag.Int("width", 1280, "the first screen's width in CSS pixels")
	height := flag.Int("height", 900, "the first screen's height in CSS pixels")
	full := flag.Bool("full", false, "the whole page instead of its first screen")
	timeout := flag.Duration("timeout", 2*time.Minute, "give up after this long")
	flag.Parse()
	if err := run(*url, *out, *width, *height, *full, *timeout); err != nil {
		fmt.Fprintln(os.Stderr, "screenshot:", err)
		os.Exit(1)
	}
	fmt.Println("wrote", *out)
}

func run(url, out string, width, height int, full bool, timeout time.Duration) error {
	if url == "" || out == "" || flag.NArg() > 0 {
		return errors.New("usage: screenshot -url URL -out FILE.png [-width 1280 -height 900] [-full]")
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	ctx, closeBrowser, err := browser.New(ctx, width, height)
	if err != nil {
		return err
	}
	defer closeBrowser()
	if err := chromedp.Run(ctx, chromedp.Navigate(url)); err != nil {
		return fmt.Errorf("opening %s: %w", url, err)
	}
	if full {
		return browser.FullScreenshot(ctx, out)
	}
	return browser.Screenshot(ctx, out)
}
