package main

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/browser"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/compliance"
)

// keyWaiver is the control keyState waives, and the reason it records.
const keyWaiver, keyWaiverReason = "KEY-01", "break-glass administrators named in the runbook"

// TestEvidence_browser writes the evidence of keyState and opens
// evidence.html from its file:// URL in headless Chromium: the title names
// the environment; the controls, exceptions, not covered and inventory
// parts are there and visible; there is a control row per control of the
// catalog; the waived control shows its reason; the page requests nothing
// but itself and reports no error. Screenshots of its first screen and of
// the whole page are kept in bin/test-artifacts/evidence/. It fails, with
// the install hint, when Chromium is missing.
func TestEvidence_browser(t *testing.T) {
	if !strings.Contains(keyState, keyWaiverReason) {
		t.Fatalf("keyState no longer waives %s with %q", keyWaiver, keyWaiverReason)
	}
	report := writeEvidence(t)
	ctx := openBrowser(t)
	got, activity := browse(t, ctx, report)

	if want := "HIPAA evidence: prod"; got.Title != want {
		t.Errorf("title %q, want %q", got.Title, want)
	}
	for id, heading := range map[string]string{"controls": "Controls", "exceptions": "Exceptions", "not-covered": "Not covered", "inventory": "Inventory"} {
		if p := got.Parts[id]; !p.Visible || p.Heading != heading || p.Rows == 0 {
			t.Errorf("part #%s: %+v, want it visible, headed %q, with a table", id, p, heading)
		}
	}
	var catalog []string
	for _, c := range compliance.Catalog() {
		catalog = append(catalog, c.ID)
	}
	if len(got.Controls) != len(catalog) || !slices.Equal(slices.Sorted(slices.Values(got.Controls)), slices.Sorted(slices.Values(catalog))) {
		t.Errorf("%d control rows %v, want one per control of the catalog (%d) %v", len(got.Controls), got.Controls, len(catalog), catalog)
	}
	if !strings.Contains(got.Waived, "waived") || !strings.Contains(got.Waived, keyWaiverReason) {
		t.Errorf("the row of %s reads %q, want it waived with %q", keyWaiver, got.Waived, keyWaiverReason)
	}
	if !strings.Contains(got.Exceptions, keyWaiver) || !strings.Contains(got.Exceptions, keyWaiverReason) {
		t.Errorf("the exceptions read %q, want %s with %q", got.Exceptions, keyWaiver, keyWaiverReason)
	}
	if len(activity.requests) > 0 {
		t.Errorf("the report made requests besides its own file: %v", activity.requests)
	}
	if len(activity.errors) > 0 {
		t.Errorf("the report reported errors: %v", activity.errors)
	}

	artifacts := filepath.Join("..", "..", "bin", "test-artifacts", "evidence")
	if err := browser.Screenshot(ctx, filepath.Join(artifacts, "first-screen.png")); err != nil {
		t.Fatal(err)
	}
	if err := browser.FullScreenshot(ctx, filepath.Join(artifacts, "full-page.png")); err != nil {
		t.Fatal(err)
	}
}

// TestEvidence_browserCatchesRequestsAndErrors: the checks of
// TestEvidence_browser fail on a report that loads an image over http and
// logs an error to the console.
func TestEvidence_browserCatchesRequestsAndErrors(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusNoContent) }))
	defer srv.Close()
	report := writeEvidence(t)
	page, err := os.ReadFile(report)
	if err != nil {
		t.Fatal(err)
	}
	extra := fmt.Sprintf(`<img src="%s/pixel.png" alt=""><script>console.error("mutant")</script></body>`, srv.URL)
	if err := os.WriteFile(report, []byte(strings.Replace(string(page), "</body>", extra, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	_, activity := browse(t, openBrowser(t), report)
	if !slices.Contains(activity.requests, srv.URL+"/pixel.png") {
		t.Errorf("requests %v, want %s/pixel.png among them", activity.requests, srv.URL)
	}
	if !slices.ContainsFunc(activity.errors, func(e string) bool { return strings.Contains(e, "mutant") }) {
		t.Errorf("errors %v, want the console error", activity.errors)
	}
}

// writeEvidence runs hipaagen evidence on keyState for environment prod
// and returns the path of the evidence.html it writes.
func writeEvidence(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	state := filepath.Join(dir, "state.json")
	if err := os.WriteFile(state, []byte(keyState), 0o600); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "evidence")
	if code, _, stderr := hipaagen("evidence", "--state", state, "--environment", "prod", "--out", out); code != exitOK {
		t.Fatalf("hipaagen evidence: exit %d: %s", code, stderr)
	}
	return filepath.Join(out, "evidence.html")
}

// openBrowser starts a headless Chromium with a 1280×900 first screen,
// closed at the end of the test, and returns its tab, where every action
// is bounded by two minutes.
func openBrowser(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel, err := browser.New(context.Background(), 1280, 900)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(cancel)
	ctx, cancelTimeout := context.WithTimeout(ctx, 2*time.Minute)
	t.Cleanup(cancelTimeout)
	return ctx
}

// reportPage is what the browser shows of an evidence.html.
type reportPage struct {
	Title string
	// Parts are the sections by id: visible (rendered, with an area),
	// their heading and how many table rows they hold.
	Parts map[string]struct {
		Visible bool
		Heading string
		Rows    int
	}
	Controls   []string // the ids of the control rows
	Waived     string   // the text of keyWaiver's row
	Exceptions string   // the text of the exceptions part
	Resources  []string // what the Resource Timing API saw loaded
}

// readReport reads reportPage from the page.
const readReport = `(() => {
  const visible = el => {
    if (!el) return false;
    const s = getComputedStyle(el), r = el.getBoundingClientRect();
    return s.display !== "none" && s.visibility !== "hidden" && r.width > 0 && r.height > 0;
  };
  const parts = {};
  for (const id of ["controls", "exceptions", "not-covered", "inventory"]) {
    const el = document.getElementById(id), h = el && el.querySelector("h2");
    parts[id] = {Visible: visible(el), Heading: h ? h.innerText : "", Rows: el ? el.querySelectorAll("tr").length : 0};
  }
  const text = sel => (document.querySelector(sel) || {}).innerText || "";
  return {
    Title: document.title,
    Parts: parts,
    Controls: Array.from(document.querySelectorAll("#controls tr[id]")).map(r => r.id),
    Waived: text('#controls tr[id="` + keyWaiver + `"]'),
    Exceptions: text("#exceptions"),
    Resources: performance.getEntriesByType("resource").map(e => e.name),
  };
})()`

// browse opens the report at path from its file:// URL in the tab ctx and
// returns what it shows and what it did besides: every request other
// than for its own file (as the DevTools network events and the Resource
// Timing API report them) and every error (console, uncaught exception,
// browser log).
func browse(t *testing.T, ctx context.Context, path string) (reportPage, *pageActivity) {
	t.Helper()
	self := (&url.URL{Scheme: "file", Path: path}).String()
	activity := listen(ctx, self)
	var got reportPage
	if err := chromedp.Run(ctx, chromedp.Navigate(self), chromedp.Evaluate(readReport, &got)); err != nil {
		t.Fatalf("opening %s: %v", self, err)
	}
	activity.mu.Lock()
	defer activity.mu.Unlock()
	for _, r := range got.Resources {
		if !slices.Contains(activity.requests, r) {
			activity.requests = append(activity.requests, r)
		}
	}
	return got, activity
}

// pageActivity is what a page did besides rendering.
type pageActivity struct {
	mu       sync.Mutex
	requests []string // URLs requested, other than the page's own
	errors   []string
}

// listen records, from now on, what the page open in the tab ctx
// requests other than self, and the errors it reports.
func listen(ctx context.Context, self string) *pageActivity {
	a := &pageActivity{}
	chromedp.ListenTarget(ctx, func(ev any) {
		a.mu.Lock()
		defer a.mu.Unlock()
		switch ev := ev.(type) {
		case *network.EventRequestWillBeSent:
			if ev.Request.URL != self {
				a.requests = append(a.requests, ev.Request.URL)
			}
		case *runtime.EventConsoleAPICalled:
			if ev.Type == runtime.APITypeError || ev.Type == runtime.APITypeAssert {
				var args []string
				for _, arg := range ev.Args {
					args = append(args, string(arg.Value))
				}
				a.errors = append(a.errors, fmt.Sprintf("console.%s(%s)", ev.Type, strings.Join(args, ", ")))
			}
		case *runtime.EventExceptionThrown:
			a.errors = append(a.errors, "uncaught: "+ev.ExceptionDetails.Error())
		case *log.EventEntryAdded:
			if ev.Entry.Level == log.LevelError {
				a.errors = append(a.errors, fmt.Sprintf("%s: %s %s", ev.Entry.Source, ev.Entry.Text, ev.Entry.URL))
			}
		}
	})
	return a
}
