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
