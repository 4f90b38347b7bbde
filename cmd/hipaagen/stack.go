package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/blueprint"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/stack"
)

// runStack is `hipaagen stack --blueprint FILE --out DIR [--format
// terragrunt|terraform] [--modules DIR] [--force]`. Blueprint errors are
// written as file:line:column diagnostics and nothing is written. Files
// that an earlier run generated for units no longer in the blueprint are
// deleted, and listed.
func runStack(_ context.Context, args []string, stdout, stderr io.Writer) error {
	flags := flag.NewFlagSet("hipaagen stack", flag.ContinueOnError)
	flags.SetOutput(stderr)
	file := flags.String("blueprint", "", "blueprint file (HCL); start one with hipaagen init")
	out := flags.String("out", "", "directory to write the live tree to")
	format := flags.String("format", string(stack.FormatTerragrunt), "terragrunt (a unit per environment, region and component) or terraform (a root module per environment and region)")
	modules := flags.String("modules", stack.DefaultModulesDir, "the modules directory, relative to --out")
	force := flags.Bool("force", false, "overwrite generated files, or delete those of units no longer in the blueprint, even if they were edited by hand")
	flags.Usage = func() {
		_, _ = fmt.Fprintln(stderr, "Usage: hipaagen stack --blueprint FILE --out DIR [--format terragrunt|terraform] [--modules DIR] [--force]")
		flags.PrintDefaults()
	}
	if help, err := parseFlags(flags, args); help || err != nil {
		return err
	}
	f, err := stack.ParseFormat(*format)
	if err == nil && (*file == "" || *out == "") {
		err = errors.New("--blueprint and --out are required")
	}
	if err != nil {
		_, _ = fmt.Fprintln(stderr, err)
		flags.Usage()
		return errUsage
	}
	bp, diags := blueprint.ParseFile(*file)
	if err := blueprint.WriteDiagnostics(stderr, diags); err != nil {
		return err
	}
	if diags.HasErrors() {
		return fmt.Errorf("%s has %d error(s); nothing was written", *file, len(diags.Errs()))
	}
	files, err := stack.Render(bp, stack.Options{Format: f, ModulesDir: *modules})
	if err != nil {
		return err
	}
	changes, err := stack.WriteTree(*out, files, *force)
	if werr := printDeleted(stdout, *out, changes); err == nil {
		err = werr
	}
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(stdout, "%d files in %s (%s, %d units)\n", len(files), *out, f, len(bp.Units()))
	return err
}

// printDeleted lists the stale files WriteTree deleted and the directories
// it removed, and says what deleting a unit does not do.
func printDeleted(w io.Writer, out string, c stack.Changes) error {
	if len(c.Deleted) == 0 {
		return nil
	}
	for _, name := range c.Deleted {
		if _, err := fmt.Fprintln(w, "deleted", filepath.Join(out, filepath.FromSlash(name))); err != nil {
			return err
		}
	}
	for _, dir := range c.Removed {
		if _, err := fmt.Fprintln(w, "removed empty directory", filepath.Join(out, filepath.FromSlash(dir))); err != nil {
			return err
		}
	}
	_, err := fmt.Fprintf(w, "%d file(s) deleted: their components, regions or environments are no longer in the blueprint. "+
		"Deleting a unit does not destroy what it applied: its state and AWS objects stay (to remove them, destroy the unit "+
		"before taking it out of the blueprint).\n", len(c.Deleted))
	return err
}

// presetList is the presets for usage text: "patient-platform|telehealth".
func presetList() string { return strings.Join(blueprint.PresetNames(), "|") }
