package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// keyState is terraform show -json of a state holding one key.
const keyState = `{"format_version":"1.0","terraform_version":"1.10.5","values":{"root_module":{"resources":[
 {"address":"hipaa_kms_key.phi","mode":"managed","type":"hipaa_kms_key","name":"phi","schema_version":1,
  "values":{"name":"phi","arn":"arn:aws:kms:us-east-1:123456789012:key/0f0e0d0c-0000-4000-8000-000000000001",
   "alias_arn":"arn:aws:kms:us-east-1:123456789012:alias/phi","rotation_period_days":365,
   "exceptions":[{"control":"KEY-01","reason":"break-glass administrators named in the runbook"}]}}]}}}`

// TestEvidence_writes: the three files from a state read on standard
// input, and the summary on stdout.
func TestEvidence_writes(t *testing.T) {
	out := filepath.Join(t.TempDir(), "evidence")
	stdin = strings.NewReader(keyState)
	now = func() time.Time { return time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC) }
	t.Cleanup(func() { stdin, now = os.Stdin, time.Now })
	code, stdout, stderr := hipaagen("evidence", "--state", "-", "--environment", "prod", "--out", out)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{"environment prod, state read 2026-12-01T00:00:00Z: 1 resources", "waived                         1  KEY-01",
		"KEY-01 on hipaa_kms_key.phi: break-glass administrators named in the runbook", "wrote " + filepath.Join(out, "evidence.html")} {
		if !strings.Contains(stdout, want) {
			t.Errorf("stdout lacks %q:\n%s", want, stdout)
		}
	}
	for _, f := range []string{"evidence.html", "evidence.json", "evidence.csv"} {
		if _, err := os.Stat(filepath.Join(out, f)); err != nil {
			t.Error(err)
		}
	}
}

// TestEvidence_refusesAndWritesNothing: a truncated state, a state
// without hipaa_* resources and one from a newer provider are refused with
// the reason, and no file is written.
func TestEvidence_refusesAndWritesNothing(t *testing.T) {
	dir := t.TempDir()
	for name, tc := range map[string]struct{ state, want string }{
		"truncated": {keyState[:100], "truncated JSON"},
		"no hipaa":  {`{"format_version":"1.0","values":{"root_module":{"resources":[]}}}`, "no hipaa_* resource"},
		"newer":     {strings.Replace(keyState, `"schema_version":1`, `"schema_version":9`, 1), "newer provider (schema version 9"},
	} {
		t.Run(name, func(t *testing.T) {
			state := filepath.Join(dir, name+".json")
			if err := os.WriteFile(state, []byte(tc.state), 0o600); err != nil {
				t.Fatal(err)
			}
			out := filepath.Join(dir, name)
			code, _, stderr := hipaagen("evidence", "--state", state, "--out", out)
			if code != exitError || !strings.Contains(stderr, tc.want) || !strings.Contains(stderr, "nothing was written") {
				t.Errorf("exit %d, stderr %q; want %q", code, stderr, tc.want)
			}
			if _, err := os.Stat(out); !os.IsNotExist(err) {
				t.Errorf("%s was created", out)
			}
		})
	}
}
