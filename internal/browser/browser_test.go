package browser

import (
	"context"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestNew_missingChromium: with no Chromium on PATH, New fails with the
// install hint and starts nothing.
func TestNew_missingChromium(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	_, _, err := New(context.Background(), 800, 600)
	if err == nil || !strings.Contains(err.Error(), "apt-get install chromium") {
		t.Fatalf("New: %v, want the install hint", err)
	}
}

// TestScreenshot_firstScreenAndFullPage: Screenshot is the window, and
// FullScreenshot the whole of a page three windows tall.
func TestScreenshot_firstScreenAndFullPage(t *testing.T) {
	ctx, cancel, err := New(context.Background(), 800, 600)
	if err != nil {
		t.Fatal(err)
	}
	defer cancel()
	ctx, cancelTimeout := context.WithTimeout(ctx, 2*time.Minute)
	defer cancelTimeout()
	page := `data:text/html,<body style="margin:0"><div style="height:1800px;background:teal"></div></body>`
	if err := chromedp.Run(ctx, chromedp.Navigate(page)); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	first, full := filepath.Join(dir, "shots", "first.png"), filepath.Join(dir, "shots", "full.png")
	if err := Screenshot(ctx, first); err != nil {
		t.Fatal(err)
	}
	if err := FullScreenshot(ctx, full); err != nil {
		t.Fatal(err)
	}
	for path, want := range map[string][2]int{first: {800, 600}, full: {800, 1800}} {
		w, h := size(t, path)
		if w != want[0] || h != want[1] {
			t.Errorf("%s is %d×%d, want %d×%d", filepath.Base(path), w, h, want[0], want[1])
		}
	}
}

// size is the width and height of the PNG at path.
func size(t *testing.T, path string) (int, int) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = f.Close() }()
	c, err := png.DecodeConfig(f)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return c.Width, c.Height
}
