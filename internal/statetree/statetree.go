// Package statetree finds the units of a tree hipaagen stack generated —
// Terraform roots (<environment>/<region>/) or a Terragrunt tree
// (<environment>/<region>/<unit>/ under root.hcl) — and reads each one's
// state through the CLI (terraform show -json, terragrunt show -json), so
// every backend works, the S3 backend of the generated roots included.
package statetree

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
)

// Unit is one root or Terragrunt unit of a tree.
type Unit struct {
	Environment string // the first directory under the tree
	Dir         string
	Tool        string // "terraform" or "terragrunt"
}

// Find lists the units under root, sorted by environment and directory.
// A tree holding a terragrunt.hcl is a Terragrunt tree (its units are the
// directories with a terragrunt.hcl); otherwise its units are the
// directories holding .tf files. Caches (.terraform, .terragrunt-cache)
// are not searched.
func Find(root string) ([]Unit, error) {
	info, err := os.Stat(root)
	if err != nil {
		return nil, err
	}
	if !info.IsDir() {
		return nil, fmt.Errorf("%s is not a directory", root)
	}
	var tg, tf []string
	err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		switch {
		case err != nil:
			return err
		case d.IsDir() && (d.Name() == ".terraform" || d.Name() == ".terragrunt-cache"):
			return fs.SkipDir
		case d.IsDir():
			return nil
		case d.Name() == "terragrunt.hcl":
			tg = append(tg, filepath.Dir(p))
		case strings.HasSuffix(d.Name(), ".tf") && !slices.Contains(tf, filepath.Dir(p)):
			tf = append(tf, filepath.Dir(p))
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	dirs, tool := tf, "terraform"
	if len(tg) > 0 {
		dirs, tool = tg, "terragrunt"
	}
	if len(dirs) == 0 {
		return nil, fmt.Errorf("%s holds no Terraform root or Terragrunt unit: point it at the terraform or terragrunt directory hipaagen stack wrote", root)
	}
	var units []Unit
	for _, d := range dirs {
		rel, err := filepath.Rel(root, d)
		if err != nil {
			return nil, err
		}
		env := strings.Split(filepath.ToSlash(rel), "/")[0]
		if rel == "." {
			env = filepath.Base(root)
		}
		units = append(units, Unit{Environment: env, Dir: d, Tool: tool})
	}
	slices.SortFunc(units, func(a, b Unit) int {
		if c := strings.Compare(a.Environment, b.Environment); c != 0 {
			return c
		}
		return strings.Compare(a.Dir, b.Dir)
	})
	return units, nil
}

// Show reads a unit's state as JSON with its tool (found on PATH unless
// path is set), in environment env (nil: this process's). It only reads.
func Show(ctx context.Context, u Unit, path string, env []string) ([]byte, error) {
	if path == "" {
		p, err := exec.LookPath(u.Tool)
		if err != nil {
			return nil, fmt.Errorf("%s: %s is not on PATH: install it, or pass one --state per unit instead", u.Dir, u.Tool)
		}
		path = p
	}
	cmd := exec.CommandContext(ctx, path, "show", "-json", "-no-color")
	cmd.Dir, cmd.Env = u.Dir, env
	var out, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &stderr
	if err := cmd.Run(); err != nil {
		msg := strings.TrimSpace(stderr.String())
		var exit *exec.ExitError
		if errors.As(err, &exit) && msg != "" {
			return nil, fmt.Errorf("%s show -json in %s: %s (run %s init there first)", u.Tool, u.Dir, msg, u.Tool)
		}
		return nil, fmt.Errorf("%s show -json in %s: %w", u.Tool, u.Dir, err)
	}
	return out.Bytes(), nil
}
