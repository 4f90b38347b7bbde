package statetree

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestFind_generatedTrees finds the units of the checked-in trees of the
// patient platform: one Terraform root per environment and region, one
// Terragrunt unit per component, none in a cache.
func TestFind_generatedTrees(t *testing.T) {
	base := filepath.Join("..", "..", "examples", "patient-platform")
	roots, err := Find(filepath.Join(base, "terraform"))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, u := range roots {
		rel, _ := filepath.Rel(base, u.Dir)
		got = append(got, u.Environment+" "+u.Tool+" "+filepath.ToSlash(rel))
	}
	if want := "prod terraform terraform/prod/us-east-1,prod terraform terraform/prod/us-west-2"; strings.Join(got, ",") != want {
		t.Errorf("roots: %v, want %s", got, want)
	}

	tree := t.TempDir()
	if err := os.CopyFS(tree, os.DirFS(filepath.Join(base, "terragrunt"))); err != nil {
		t.Fatal(err)
	}
	cache := filepath.Join(tree, "prod", "us-east-1", "keys-phi", ".terragrunt-cache", "x")
	if err := os.MkdirAll(cache, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(cache, "terragrunt.hcl"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	units, err := Find(tree)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := filepath.Glob(filepath.Join(tree, "*", "*", "*", "terragrunt.hcl"))
	if len(units) != len(want) || len(units) < 10 {
		t.Fatalf("%d units, want the %d terragrunt.hcl of the tree", len(units), len(want))
	}
	for _, u := range units {
		if u.Tool != "terragrunt" || u.Environment != "prod" || strings.Contains(u.Dir, ".terragrunt-cache") {
			t.Errorf("unit %+v", u)
		}
	}

	if _, err := Find(t.TempDir()); err == nil || !strings.Contains(err.Error(), "holds no Terraform root or Terragrunt unit") {
		t.Errorf("an empty directory: %v", err)
	}
}

// TestShow runs the unit's tool in its directory. The tool here is a
// script standing in for terraform: it answers show -json from the
// directory it runs in, or fails as terraform does before init.
func TestShow(t *testing.T) {
	dir := t.TempDir()
	tool := filepath.Join(dir, "tool")
	script := "#!/bin/sh\n[ \"$*\" = \"show -json -no-color\" ] || { echo \"unexpected arguments: $*\" >&2; exit 2; }\n" +
		"[ -f state.json ] || { echo 'Error: Backend initialization required' >&2; exit 1; }\ncat state.json\n"
	if err := os.WriteFile(tool, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	unit := filepath.Join(dir, "prod", "us-east-1")
	if err := os.MkdirAll(unit, 0o755); err != nil {
		t.Fatal(err)
	}
	u := Unit{Environment: "prod", Dir: unit, Tool: "terraform"}
	if _, err := Show(context.Background(), u, tool, nil); err == nil || !strings.Contains(err.Error(), "Backend initialization required (run terraform init there first)") {
		t.Errorf("before init: %v", err)
	}
	if err := os.WriteFile(filepath.Join(unit, "state.json"), []byte(`{"format_version":"1.0"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	got, err := Show(context.Background(), u, tool, nil)
	if err != nil || string(got) != `{"format_version":"1.0"}` {
		t.Errorf("got %q, %v", got, err)
	}
	t.Setenv("PATH", dir)
	if _, err := Show(context.Background(), Unit{Dir: unit, Tool: "terragrunt"}, "", nil); err == nil || !strings.Contains(err.Error(), "terragrunt is not on PATH") {
		t.Errorf("no terragrunt: %v", err)
	}
}
