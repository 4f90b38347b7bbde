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
	page, err := os.ReadFile(filepath.Join(out, "evidence.html"))
	if err != nil || !strings.Contains(string(page), "<svg") || !strings.Contains(string(page), "kms key") {
		t.Errorf("the report does not draw the key's expansion (%v)", err)
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

// TestEvidence_tree reads a tree of two environments, one root each. The
// terraform on PATH here is a script that answers show -json with the
// key's state in the directory it runs in; TestAccExamples_apply
// (internal/stack) reads applied roots with the real CLI the same way.
func TestEvidence_tree(t *testing.T) {
	dir := t.TempDir()
	bin := filepath.Join(dir, "bin")
	tree := filepath.Join(dir, "terraform")
	for _, d := range []string{bin, filepath.Join(tree, "prod", "us-east-1"), filepath.Join(tree, "dev", "us-east-1")} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for _, env := range []string{"prod", "dev"} {
		root := filepath.Join(tree, env, "us-east-1")
		if err := os.WriteFile(filepath.Join(root, "main.tf"), []byte("# root\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(root, "show.json"), []byte(keyState), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	script := "#!/bin/sh\n[ \"$*\" = \"show -json -no-color\" ] || exit 2\ncat show.json\n"
	if err := os.WriteFile(filepath.Join(bin, "terraform"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", bin+string(os.PathListSeparator)+os.Getenv("PATH"))

	out := filepath.Join(dir, "evidence")
	code, stdout, stderr := hipaagen("evidence", "--tree", tree, "--out", out)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, env := range []string{"dev", "prod"} {
		if !strings.Contains(stdout, "environment "+env+", state read") {
			t.Errorf("stdout lacks environment %s:\n%s", env, stdout)
		}
		data, err := os.ReadFile(filepath.Join(out, env, "evidence.json"))
		if err != nil || !strings.Contains(string(data), `"environment": "`+env+`"`) || !strings.Contains(string(data), env+"/us-east-1") {
			t.Errorf("%s/evidence.json: %v\n%.300s", env, err, data)
		}
	}

	only := filepath.Join(dir, "only")
	if code, _, stderr := hipaagen("evidence", "--tree", tree, "--environment", "prod", "--out", only); code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(only, "dev")); err == nil {
		t.Error("--environment prod wrote dev too")
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--tree", tree, "--environment", "staging"}, `no unit of environment "staging"`},
		{[]string{"--tree", bin}, "holds no Terraform root or Terragrunt unit"},
		{[]string{"--tree", tree, "--state", "x.json"}, "either --state or --tree"},
	} {
		none := filepath.Join(dir, "none")
		code, _, stderr := hipaagen(append(append([]string{"evidence"}, tc.args...), "--out", none)...)
		if code == exitOK || !strings.Contains(stderr, tc.want) {
			t.Errorf("%v: exit %d, stderr lacks %q:\n%s", tc.args, code, tc.want, stderr)
		}
		if _, err := os.Stat(none); err == nil {
			t.Errorf("%v: wrote %s", tc.args, none)
		}
	}
}

// TestEvidence_withoutGraphviz: with no dot on PATH the command fails with
// the install hint and writes nothing; --diagrams=false writes the
// evidence without diagrams and says so in the report.
func TestEvidence_withoutGraphviz(t *testing.T) {
	dir := t.TempDir()
	state := filepath.Join(dir, "state.json")
	if err := os.WriteFile(state, []byte(keyState), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", dir) // no dot
	out := filepath.Join(dir, "evidence")
	code, _, stderr := hipaagen("evidence", "--state", state, "--out", out)
	if code == exitOK || !strings.Contains(stderr, "apt-get install graphviz") || !strings.Contains(stderr, "--diagrams=false") {
		t.Errorf("exit %d, stderr:\n%s", code, stderr)
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("wrote evidence without its diagrams")
	}
	code, _, stderr = hipaagen("evidence", "--state", state, "--out", out, "--diagrams=false")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	page, err := os.ReadFile(filepath.Join(out, "evidence.html"))
	if err != nil || strings.Contains(string(page), "<svg") || !strings.Contains(string(page), "were left out (--diagrams=false)") {
		t.Errorf("report without diagrams: %v", err)
	}
}
