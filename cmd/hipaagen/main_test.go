package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func hipaagen(args ...string) (int, string, string) {
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), args, &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

func TestRun_usage(t *testing.T) {
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{nil, exitUsage, "modules"},
		{[]string{"help"}, exitOK, "Commands:"},
		{[]string{"nope"}, exitUsage, `unknown command "nope"`},
		{[]string{"modules", "--bogus"}, exitUsage, "flag provided but not defined"},
		{[]string{"modules", "extra"}, exitUsage, `unexpected argument "extra"`},
		{[]string{"modules", "-h"}, exitOK, "--out"},
	} {
		code, _, stderr := hipaagen(tc.args...)
		if code != tc.code || !strings.Contains(stderr, tc.want) {
			t.Errorf("hipaagen %v: exit %d (want %d), stderr:\n%s", tc.args, code, tc.code, stderr)
		}
	}
	if _, err := os.Stat("modules"); err == nil {
		t.Error("a usage error or -h wrote modules/")
	}
}

// TestModules writes the modules, refuses to overwrite an edited file
// without --force, and overwrites it with --force.
func TestModules(t *testing.T) {
	out := t.TempDir()
	code, stdout, stderr := hipaagen("modules", "--out", out)
	if code != exitOK || !strings.Contains(stdout, "wrote "+filepath.Join(out, "vpc", "main.tf")) {
		t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
	}
	for _, name := range []string{"README.md", "main.tf", "outputs.tf", "variables.tf", "versions.tf"} {
		if _, err := os.Stat(filepath.Join(out, "kms_key", name)); err != nil {
			t.Error(err)
		}
	}
	edited := filepath.Join(out, "vpc", "main.tf")
	f, err := os.OpenFile(edited, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = f.WriteString("# my change\n")
	_ = f.Close()
	if code, _, stderr := hipaagen("modules", "--out", out); code != exitError || !strings.Contains(stderr, edited) {
		t.Fatalf("edited file: exit %d, stderr:\n%s", code, stderr)
	}
	if b, _ := os.ReadFile(edited); !strings.HasSuffix(string(b), "# my change\n") {
		t.Fatal("the edited file was overwritten without --force")
	}
	if code, stdout, _ := hipaagen("modules", "--out", out, "--force"); code != exitOK || !strings.Contains(stdout, "changed files: 1") {
		t.Fatalf("--force: exit %d\n%s", code, stdout)
	}
}

// TestStack_deletesStaleUnits: the unit of a component taken out of the
// blueprint is deleted and listed; an edited one is refused without
// --force; a file of the user's stays.
func TestStack_deletesStaleUnits(t *testing.T) {
	dir := t.TempDir()
	bp, out := filepath.Join(dir, "telehealth.hcl"), filepath.Join(dir, "live")
	if code, _, stderr := hipaagen("init", "--preset", "telehealth", "--out", bp); code != exitOK {
		t.Fatalf("init: %s", stderr)
	}
	if code, _, stderr := hipaagen("stack", "--blueprint", bp, "--out", out); code != exitOK {
		t.Fatalf("stack: %s", stderr)
	}
	unit := filepath.Join(out, "prod", "us-east-1", "audit-trail", "terragrunt.hcl")
	mine := filepath.Join(out, "prod", "us-east-1", "notes.md")
	if err := os.WriteFile(mine, []byte("mine\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	src, err := os.ReadFile(bp)
	if err != nil {
		t.Fatal(err)
	}
	audit := "  component \"audit\" \"trail\" {\n    settings = {\n      cloudwatch_retention_days = 2192\n" +
		"      replication               = { region = \"us-west-2\" }\n    }\n" +
		"    inputs_from = {\n      kms_key_arn               = \"keys.phi.arn\"\n      \"replication.kms_key_arn\" = \"keys.replica.arn\"\n    }\n  }\n"
	if !strings.Contains(string(src), audit) {
		t.Fatal("the telehealth preset has no audit component to remove")
	}
	if err := os.WriteFile(bp, []byte(strings.Replace(string(src), audit, "", 1)), 0o644); err != nil {
		t.Fatal(err)
	}

	editFile(t, unit)
	if code, _, stderr := hipaagen("stack", "--blueprint", bp, "--out", out); code != exitError || !strings.Contains(stderr, "prod/us-east-1/audit-trail/terragrunt.hcl") {
		t.Fatalf("edited stale unit: exit %d, stderr:\n%s", code, stderr)
	}
	if _, err := os.Stat(unit); err != nil {
		t.Fatal("the edited unit was deleted without --force")
	}

	code, stdout, stderr := hipaagen("stack", "--blueprint", bp, "--out", out, "--force")
	if code != exitOK || !strings.Contains(stdout, "deleted "+unit) || !strings.Contains(stdout, "removed empty directory "+filepath.Dir(unit)) {
		t.Fatalf("--force: exit %d\n%s%s", code, stdout, stderr)
	}
	if _, err := os.Stat(filepath.Dir(unit)); !os.IsNotExist(err) {
		t.Error("the unit's directory is still there")
	}
	if b, err := os.ReadFile(mine); err != nil || string(b) != "mine\n" {
		t.Error("the user's file was touched")
	}
}

// TestEject_deletesStaleRoots: ejecting a blueprint again after a region
// left it deletes that region's root (unedited; an edited one only with
// --force) and leaves the user's files.
func TestEject_deletesStaleRoots(t *testing.T) {
	dir := t.TempDir()
	bp, out := filepath.Join(dir, "platform.hcl"), filepath.Join(dir, "plain")
	if code, _, stderr := hipaagen("init", "--preset", "patient-platform", "--out", bp); code != exitOK {
		t.Fatalf("init: %s", stderr)
	}
	if code, _, stderr := hipaagen("eject", "--blueprint", bp, "--out", out); code != exitOK {
		t.Fatalf("eject: %s", stderr)
	}
	root := filepath.Join(out, "prod", "us-west-2", "main.tf")
	mine := filepath.Join(out, "prod", "us-east-1", "terraform.tfvars")
	if err := os.WriteFile(mine, []byte("# mine\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, stdout, _ := hipaagen("eject", "--blueprint", bp, "--out", out); code != exitOK || !strings.Contains(stdout, "2 root module(s) in "+out+", 2 unchanged") {
		t.Fatalf("second eject: exit %d, stdout:\n%s", code, stdout)
	}

	src, err := os.ReadFile(bp)
	if err != nil {
		t.Fatal(err)
	}
	const regions = `regions    = ["us-east-1", "us-west-2"]`
	if !strings.Contains(string(src), regions) {
		t.Fatalf("the patient-platform preset does not list %s", regions)
	}
	// us-east-1 alone: drop the us-west-2 region blocks with the region.
	one := strings.Replace(string(src), regions, `regions    = ["us-east-1"]`, 1)
	for i := strings.Index(one, `    region "us-west-2" {`); i >= 0; i = strings.Index(one, `    region "us-west-2" {`) {
		end := strings.Index(one[i:], "\n    }\n") + len("\n    }\n")
		one = one[:i] + one[i+end:]
	}
	if err := os.WriteFile(bp, []byte(one), 0o644); err != nil {
		t.Fatal(err)
	}

	editFile(t, root)
	if code, _, stderr := hipaagen("eject", "--blueprint", bp, "--out", out); code != exitError || !strings.Contains(stderr, "prod/us-west-2/main.tf") {
		t.Fatalf("edited stale root: exit %d, stderr:\n%s", code, stderr)
	}
	if _, err := os.Stat(root); err != nil {
		t.Fatal("the edited root was deleted without --force")
	}
	code, stdout, stderr := hipaagen("eject", "--blueprint", bp, "--out", out, "--force")
	if code != exitOK || !strings.Contains(stdout, "deleted "+root) || !strings.Contains(stdout, "removed empty directory "+filepath.Dir(root)) {
		t.Fatalf("--force: exit %d\n%s%s", code, stdout, stderr)
	}
	if b, err := os.ReadFile(mine); err != nil || string(b) != "# mine\n" {
		t.Error("the user's file was touched")
	}
}

// editFile appends a line to a generated file, as a user editing it would.
func editFile(t *testing.T, name string) {
	t.Helper()
	f, err := os.OpenFile(name, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteString("# my change\n"); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}
