package docsite

import (
	"context"
	"fmt"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/browser"
)

// TestSite_browse builds the site from docs/ and opens it in headless
// Chromium: every page has a title, no internal link is broken, every
// image loads and each resource page shows its diagram;
// searching "vault lock", "presigned" and "NET-04" finds the page that
// documents it; screenshots of the home page and of a resource page are
// kept in bin/test-artifacts/docsite/. It fails, with the install hint,
// when mkdocs or Chromium is missing.
func TestSite_browse(t *testing.T) {
	dir := t.TempDir()
	site := filepath.Join(dir, "site")
	if err := Stage(filepath.Join("..", "..", "docs"), filepath.Join(dir, "src")); err != nil {
		t.Fatal(err)
	}
	if err := Build(filepath.Join(dir, "src"), site); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.FileServer(http.Dir(site)))
	defer srv.Close()

	ctx, cancel, err := browser.New(context.Background(), 1280, 900)
	if err != nil {
		t.Fatal(err)
	}
	defer cancel()
	ctx, cancelTimeout := context.WithTimeout(ctx, 10*time.Minute)
	defer cancelTimeout()

	var pages []string
	err = filepath.WalkDir(site, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".html") && !strings.HasPrefix(filepath.Base(p), "404") {
			rel, _ := filepath.Rel(site, p)
			pages = append(pages, filepath.ToSlash(rel))
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(pages) < 60 {
		t.Fatalf("%d pages, want the provider, resources, guides and a page per control", len(pages))
	}
	for _, p := range pages {
		var title string
		var links []string
		var images []struct {
			Src    string `json:"src"`
			Loaded bool   `json:"loaded"`
		}
		if err := chromedp.Run(ctx, chromedp.Navigate(srv.URL+"/"+p), chromedp.Title(&title),
			chromedp.Evaluate(`Array.from(document.querySelectorAll("a[href]")).map(a => a.href)`, &links),
			chromedp.Evaluate(`Array.from(document.images).map(i => ({src: i.currentSrc || i.src, loaded: i.complete && i.naturalWidth > 0}))`, &images)); err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		diagram := false
		for _, img := range images {
			if !img.Loaded {
				t.Errorf("%s: image %s does not load", p, img.Src)
			}
			diagram = diagram || (img.Loaded && strings.Contains(img.Src, "/diagrams/hipaa_"))
		}
		if strings.HasPrefix(p, "resources/") && !diagram {
			t.Errorf("%s shows no diagram of what the resource builds", p)
		}
		if strings.TrimSpace(title) == "" {
			t.Errorf("%s has no title", p)
		}
		for _, l := range links {
			if target, ok := internal(srv.URL, l); ok {
				if _, err := os.Stat(filepath.Join(site, filepath.FromSlash(target))); err != nil {
					t.Errorf("%s links to %s, which does not exist", p, l)
				}
			}
		}
	}

	for query, want := range map[string]string{"vault lock": "resources/backup_plan.html", "presigned": "resources/bucket.html", "NET-04": "controls/NET-04.html"} {
		found, err := search(ctx, srv.URL+"/index.html", query)
		if err != nil {
			t.Fatalf("search %q: %v", query, err)
		}
		hit := false
		for _, f := range found {
			if target, ok := internal(srv.URL, f); ok && target == want {
				hit = true
			}
		}
		if !hit {
			t.Errorf("search %q: %s not among %v", query, want, found)
		}
	}

	artifacts := filepath.Join("..", "..", "bin", "test-artifacts", "docsite")
	for name, p := range map[string]string{"home.png": "index.html", "resource-backup-plan.png": "resources/backup_plan.html"} {
		if err := chromedp.Run(ctx, chromedp.Navigate(srv.URL+"/"+p)); err != nil {
			t.Fatal(err)
		}
		if err := browser.FullScreenshot(ctx, filepath.Join(artifacts, name)); err != nil {
			t.Fatal(err)
		}
	}
}

// internal reports whether link is a page of the site, and its path.
func internal(base, link string) (string, bool) {
	u, err := url.Parse(link)
	if err != nil || !strings.HasPrefix(link, base+"/") {
		return "", false
	}
	p := strings.TrimPrefix(path.Clean(u.Path), "/")
	if p == "" || strings.HasSuffix(u.Path, "/") {
		p = path.Join(p, "index.html")
	}
	return p, true
}

// searchInput is the Material theme's search box.
const searchInput = `input[data-md-component="search-query"]`

// search types query into the search box of page once the search index
// is loaded (the result meta leaves "Initializing search") and returns the
// links of the results, polling for at most a minute at each step.
func search(ctx context.Context, page, query string) ([]string, error) {
	if err := chromedp.Run(ctx, chromedp.Navigate(page), chromedp.WaitReady(searchInput, chromedp.ByQuery)); err != nil {
		return nil, err
	}
	var meta string
	ready := func() bool {
		err := chromedp.Run(ctx, chromedp.Evaluate(`(document.querySelector(".md-search-result__meta") || {}).textContent || ""`, &meta))
		return err == nil && meta != "" && !strings.Contains(meta, "Initializing")
	}
	if !poll(ready) {
		return nil, fmt.Errorf("the search index did not load within a minute (%q)", meta)
	}
	if err := chromedp.Run(ctx, chromedp.Focus(searchInput, chromedp.ByQuery), chromedp.SendKeys(searchInput, query, chromedp.ByQuery)); err != nil {
		return nil, err
	}
	var found []string
	results := func() bool {
		err := chromedp.Run(ctx, chromedp.Evaluate(`Array.from(document.querySelectorAll(".md-search-result__item a")).map(a => a.href)`, &found))
		return err == nil && len(found) > 0
	}
	if !poll(results) {
		return nil, fmt.Errorf("no result within a minute (%q)", meta)
	}
	return found, nil
}

// poll calls cond every 200 ms until it holds, for at most a minute.
func poll(cond func() bool) bool {
	for deadline := time.Now().Add(time.Minute); time.Now().Before(deadline); time.Sleep(200 * time.Millisecond) {
		if cond() {
			return true
		}
	}
	return false
}
