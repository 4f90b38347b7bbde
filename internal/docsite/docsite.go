// Package docsite builds the browsable, searchable docs site from docs/
// (the registry-format pages tfplugindocs writes, which stay the one
// source): it stages docs/ with a page per control and an mkdocs.yml
// (Stage), and runs mkdocs with the Material theme (Build), both Debian
// packages (make docs-site-deps installs them).
package docsite

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/compliance"
)

// InstallHint says how to get the tools the site needs.
const InstallHint = "install them with: make docs-site-deps (apt-get install mkdocs mkdocs-material chromium graphviz)"

// Stage writes the site's sources under dir: dir/docs (a copy of docsDir
// plus controls/<ID>.md for every control) and dir/mkdocs.yml.
// A dir that exists must be an earlier stage (it holds mkdocs.yml): Stage
// replaces it, and never deletes another directory.
func Stage(docsDir, dir string) error {
	if _, err := os.Stat(dir); err == nil {
		if _, err := os.Stat(filepath.Join(dir, "mkdocs.yml")); err != nil {
			return fmt.Errorf("%s exists and is not an earlier stage of the site (no mkdocs.yml): choose another directory", dir)
		}
	}
	if err := os.RemoveAll(dir); err != nil {
		return err
	}
	out := filepath.Join(dir, "docs")
	if err := os.CopyFS(out, os.DirFS(docsDir)); err != nil {
		return fmt.Errorf("copying %s: %w", docsDir, err)
	}
	var resources, guides []string
	err := fs.WalkDir(os.DirFS(out), ".", func(p string, d fs.DirEntry, err error) error {
		switch {
		case err != nil:
			return err
		case d.IsDir() || !strings.HasSuffix(p, ".md"):
		case strings.HasPrefix(p, "resources/"):
			resources = append(resources, p)
		case strings.HasPrefix(p, "guides/") && p != "guides/controls.md":
			guides = append(guides, p)
		}
		return nil
	})
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Join(out, "controls"), 0o755); err != nil {
		return err
	}
	var controls []string
	for _, c := range compliance.Catalog() {
		p := "controls/" + c.ID + ".md"
		if err := os.WriteFile(filepath.Join(out, filepath.FromSlash(p)), []byte(controlPage(c, resources)), 0o644); err != nil {
			return err
		}
		controls = append(controls, p)
	}
	return os.WriteFile(filepath.Join(dir, "mkdocs.yml"), []byte(config(resources, guides, controls)), 0o644)
}

// Build runs mkdocs on a staged dir and writes the site to siteDir.
func Build(dir, siteDir string) error {
	mkdocs, err := exec.LookPath("mkdocs")
	if err != nil {
		return errors.New("mkdocs is not on PATH: " + InstallHint)
	}
	abs, err := filepath.Abs(siteDir)
	if err != nil {
		return err
	}
	cmd := exec.Command(mkdocs, "build", "--quiet", "--strict", "--config-file", filepath.Join(dir, "mkdocs.yml"), "--site-dir", abs)
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("mkdocs build: %w\n%s", err, out)
	}
	return nil
}

// controlPage is the page of control c: its requirement, status rules,
// citations and equivalents, and links to the resources and arguments
// that enforce it.
func controlPage(c compliance.Control, resources []string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s %s\n\n%s.\n\n", c.ID, c.Title, c.Requirement)
	b.WriteString("## Enforced by\n\n")
	for _, r := range c.Resources {
		page := "resources/" + strings.TrimPrefix(r, "hipaa_") + ".md"
		if slices.Contains(resources, page) {
			fmt.Fprintf(&b, "- [`%s`](../%s)", r, page)
		} else {
			fmt.Fprintf(&b, "- `%s` (planned)", r)
		}
		b.WriteString("\n")
	}
	if args := compliance.Arguments(c.ID); len(args) > 0 {
		fmt.Fprintf(&b, "\nArguments it depends on, checked at plan before any AWS call: `%s`. An `exceptions = [{ control = %q, reason = \"…\" }]` entry waives it on one resource, recorded in state and in the evidence report.\n",
			strings.Join(args, "`, `"), c.ID)
	} else {
		b.WriteString("\nBy construction: the resource always builds it so, and no argument turns it off.\n")
	}
	fmt.Fprintf(&b, "\n## 45 CFR\n\n%s (basis: %s).\n", strings.Join(c.Citations, ", "), c.Basis)
	if len(c.Anchors) > 0 {
		b.WriteString("\n## Equivalent checks\n\n")
		for _, a := range c.Anchors {
			fmt.Fprintf(&b, "- `%s`\n", a)
		}
	}
	b.WriteString("\nSee the [control matrix](../guides/controls.md).\n")
	return b.String()
}

// config is the mkdocs.yml: Material theme (with the system fonts: the
// site loads nothing from the network), search, and the navigation
// (provider, resources, guides, control matrix, one page per control).
func config(resources, guides, controls []string) string {
	var b strings.Builder
	b.WriteString(`site_name: terraform-provider-hipaa
site_description: HIPAA-compliant AWS building blocks that refuse non-compliant input at plan time.
docs_dir: docs
use_directory_urls: false
theme:
  name: material
  font: false
  features:
    - navigation.sections
    - search.highlight
plugins:
  - search
nav:
  - Provider: index.md
  - Resources:
`)
	for _, r := range resources {
		fmt.Fprintf(&b, "      - hipaa_%s: %s\n", strings.TrimSuffix(path.Base(r), ".md"), r)
	}
	b.WriteString("  - Guides:\n")
	for _, g := range guides {
		fmt.Fprintf(&b, "      - %s: %s\n", titleOf(g), g)
	}
	b.WriteString("  - Control matrix: guides/controls.md\n  - Controls:\n")
	for _, c := range controls {
		fmt.Fprintf(&b, "      - %s: %s\n", strings.TrimSuffix(path.Base(c), ".md"), c)
	}
	return b.String()
}

// titleOf is a guide's name as the navigation shows it: "generator" →
// "Generator".
func titleOf(p string) string {
	n := strings.ReplaceAll(strings.TrimSuffix(path.Base(p), ".md"), "_", " ")
	return strings.ToUpper(n[:1]) + n[1:]
}
