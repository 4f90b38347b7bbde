package stack

import (
	"bytes"
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/compliance"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/evidence"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/provider"
)

// checkEvidence builds the evidence of an applied environment from the
// terraform show -json of each of its roots and checks it: every control
// of the catalog has a status, a waived control shows its recorded reason,
// every resource is drawn from its state (its layout expanded again),
// the CSV loads with one row per control and resource, the HTML parses, and
// the JSON, with IDs and times normalised, is the golden
// testdata/evidence/<preset>-<environment>.json (-update rewrites it).
func checkEvidence(t *testing.T, preset, env string, states [][]byte) {
	t.Helper()
	schemas, err := provider.EvidenceSchemas(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var rs []evidence.Resource
	var sources []string
	for i, s := range states {
		got, err := evidence.ParseState(s)
		if err != nil {
			t.Fatalf("state %d: %v", i, err)
		}
		rs = append(rs, got...)
		sources = append(sources, "root "+string(rune('a'+i)))
	}
	readAt := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	b, err := evidence.Build(rs, evidence.Options{Environment: env, ReadAt: readAt, Sources: sources, Schemas: schemas})
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Controls) != len(compliance.Catalog()) {
		t.Errorf("%d controls, want the catalog's %d", len(b.Controls), len(compliance.Catalog()))
	}
	rows := 1
	for _, c := range b.Controls {
		if !slices.Contains(evidence.Statuses, c.Status) {
			t.Errorf("%s has status %q", c.ID, c.Status)
		}
		rows += max(1, len(c.Resources))
		for _, i := range c.Resources {
			if i.Status == evidence.StatusWaived && i.Reason == "" {
				t.Errorf("%s is waived on %s without its reason", c.ID, i.Address)
			}
			if len(i.Objects) == 0 {
				t.Errorf("%s: %s implements it with no AWS object", c.ID, i.Address)
			}
		}
	}
	if b.Summary.Objects == 0 || b.Summary.Resources != len(rs) {
		t.Errorf("summary: %+v", b.Summary)
	}
	data, err := b.CSV()
	if err != nil {
		t.Fatal(err)
	}
	records, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil || len(records) != rows || !slices.Equal(records[0], evidence.CSVHeader) {
		t.Errorf("CSV: %d records (want %d), header %v, %v", len(records), rows, records[0], err)
	}
	if DrawDiagrams == nil {
		t.Fatal("DrawDiagrams is not set: evidence_diagram_test.go sets it")
	}
	if b.Diagrams, err = DrawDiagrams(context.Background(), rs, schemas, ""); err != nil {
		t.Fatal(err)
	}
	for _, d := range b.Diagrams {
		if d.Error != "" || !strings.HasPrefix(d.SVG, "<svg") {
			t.Errorf("%s: no diagram from its state: %s", d.Address, d.Error)
		}
	}
	page, err := b.HTML()
	if err != nil {
		t.Fatal(err)
	}
	if n := bytes.Count(page, []byte("<svg")); n != len(rs) {
		t.Errorf("the HTML page holds %d diagrams for %d resources", n, len(rs))
	}
	if _, err := html.Parse(bytes.NewReader(page)); err != nil || !bytes.Contains(page, []byte("<title>HIPAA evidence: "+env+"</title>")) {
		t.Errorf("HTML: %v", err)
	}
	if bytes.Contains(page, []byte("http://")) || bytes.Contains(page, []byte("https://")) {
		t.Error("the HTML page loads something from the network")
	}
	got, err := b.JSON()
	if err != nil {
		t.Fatal(err)
	}
	got = normaliseIDs(got)
	golden := filepath.Join("testdata", "evidence", preset+"-"+env+".json")
	if *update {
		if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run the test with -update)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("the evidence of %s/%s differs from %s (-update rewrites it):\n%s", preset, env, golden, firstDiff(string(want), string(got)))
	}
}

// DrawDiagrams is internal/diagram.FromState, set by the external test
// package (evidence_diagram_test.go): diagram imports eject, which
// imports this package.
var DrawDiagrams func(ctx context.Context, rs []evidence.Resource, schemas map[string]evidence.Schema, fallbackRegion string) ([]evidence.Diagram, error)

// emulatorIDs are what the emulator draws at random: EC2 and RDS IDs, key
// and plan UUIDs, detector and other hex IDs.
var emulatorIDs = []struct {
	re   *regexp.Regexp
	with string
}{
	{regexp.MustCompile(`\b(vpc|subnet|rtb|acl|nat|igw|vpce|fl|sg|eipalloc|sgr|rtbassoc|aclassoc|eni|prx)-[0-9a-f]{8,17}`), "$1-ID"},
	{regexp.MustCompile(`\b(db|cluster)-[A-Z0-9]{20,}\b`), "$1-ID"},
	{regexp.MustCompile(`[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`), "UUID"},
	{regexp.MustCompile(`\b[0-9a-f]{32}\b`), "HEX32"},
	{regexp.MustCompile(`secret:([A-Za-z0-9!/_+=.@-]+)-[A-Za-z0-9]{6}\b`), "secret:$1-SUFFIX"},
}

func normaliseIDs(b []byte) []byte {
	for _, r := range emulatorIDs {
		b = r.re.ReplaceAll(b, []byte(r.with))
	}
	return b
}

// firstDiff shows the first line where got leaves want.
func firstDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := range min(len(w), len(g)) {
		if w[i] != g[i] {
			return "line " + strconv.Itoa(i+1) + ":\n want " + w[i] + "\n  got " + g[i]
		}
	}
	return "lengths differ: want " + strconv.Itoa(len(w)) + " lines, got " + strconv.Itoa(len(g))
}
