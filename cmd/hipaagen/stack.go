package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/blueprint"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/stack"
)

// runStack is `hipaagen stack --blueprint FILE --out DIR [--format
// terragrunt|terraform] [--modules DIR] [--force]`. Blueprint errors are
// written as file:line:column diagnostics and nothing is written.
func runStack(_ context.Context, args []string, stdout, stderr io.Writer) error {
	flags := flag.NewFlagSet("hipaagen stack", flag.ContinueOnError)
	flags.SetOutput(stderr)
	file := flags.String("blueprint", "", "blueprint file (HCL); start one with hipaagen init")
	out := flags.String("out", "", "directory to write the live tree to")
	format := flags.String("format", string(stack.FormatTerragrunt), "terragrunt (a unit per environment, region and component) or terraform (a root module per environment and region)")
	modules := flags.String("modules", stack.DefaultModulesDir, "the modules directory, relative to --out")
	force := flags.Bool("force", false, "overwrite generated files even if they were edited by hand")
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
	if err := stack.WriteTree(*out, files, *force); err != nil {
		return err
	}
	_, err = fmt.Fprintf(stdout, "%d files in %s (%s, %d units)\n", len(files), *out, f, len(bp.Units()))
	return err
}

// presetList is the presets for usage text: "patient-platform|telehealth".
func presetList() string { return strings.Join(blueprint.PresetNames(), "|") }
