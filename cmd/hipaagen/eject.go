package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/blueprint"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/eject"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/hclgen"
)

const ejectUsage = "Usage: hipaagen eject (--config FILE | --blueprint FILE) --out DIR [--region R] [--emulator] [--force]\n\n" +
	"Renders hipaa_* resources as plain hashicorp/aws resources: those of a Terraform\n" +
	"file into DIR/main.tf, or those of every environment and region of a blueprint\n" +
	"into DIR/<environment>/<region>/main.tf (state in the blueprint's bucket)."

// runEject is `hipaagen eject`: see ejectUsage.
func runEject(_ context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("hipaagen eject", flag.ContinueOnError)
	fs.SetOutput(stderr)
	config := fs.String("config", "", "Terraform file (.tf or .tf.json) holding the hipaa_* resources to eject")
	bpFile := fs.String("blueprint", "", "blueprint (HCL) whose components to eject, per environment and region")
	out := fs.String("out", "", "directory to write to (required)")
	region := fs.String("region", "", `with --config: the region when provider "hipaa" sets none`)
	emulator := fs.Bool("emulator", false, `add variable "endpoint" and send every AWS service to it (tests, make bench); no S3 backend`)
	force := fs.Bool("force", false, "overwrite files even if they were edited by hand")
	fs.Usage = func() {
		_, _ = fmt.Fprintln(stderr, ejectUsage)
		fs.PrintDefaults()
	}
	if help, err := parseFlags(fs, args); help || err != nil {
		return err
	}
	if (*config == "") == (*bpFile == "") || *out == "" {
		_, _ = fmt.Fprintln(stderr, "one of --config and --blueprint, and --out, are required")
		fs.Usage()
		return errUsage
	}
	o := eject.Options{Region: *region, Emulator: *emulator}
	files := map[string][]byte{}
	if *config != "" {
		src, err := os.ReadFile(*config)
		if err != nil {
			return err
		}
		body, err := eject.Config(*config, src, o)
		if err != nil {
			return err
		}
		files["main.tf"] = body
	} else {
		bp, diags := blueprint.ParseFile(*bpFile)
		if err := blueprint.WriteDiagnostics(stderr, diags); err != nil {
			return err
		}
		if diags.HasErrors() {
			return fmt.Errorf("%s has %d error(s); nothing was written", *bpFile, len(diags.Errs()))
		}
		var err error
		if files, err = eject.Blueprint(bp, o); err != nil {
			return fmt.Errorf("%w\nnothing was written", err)
		}
	}
	return writeEjected(*out, files, *force, stdout)
}

// writeEjected writes each file stamped under out, in name order, after
// checking that none of them was edited by hand (unless force): nothing is
// written when one was.
func writeEjected(out string, files map[string][]byte, force bool, stdout io.Writer) error {
	names := slices.Sorted(maps.Keys(files))
	var edited []error
	for _, n := range names {
		path := filepath.Join(out, filepath.FromSlash(n))
		old, err := os.ReadFile(path)
		if err == nil && !force && !hclgen.Untouched(hclgen.HashComment, old) && string(old) != string(hclgen.Stamp(hclgen.HashComment, files[n])) {
			edited = append(edited, &hclgen.EditedError{Path: path})
		}
	}
	if err := errors.Join(edited...); err != nil {
		return fmt.Errorf("%w\nnothing was written", err)
	}
	for _, n := range names {
		path := filepath.Join(out, filepath.FromSlash(n))
		changed, err := hclgen.WriteFile(path, hclgen.HashComment, files[n], force)
		if err != nil {
			return err
		}
		verb := "wrote"
		if !changed {
			verb = "up to date:"
		}
		if _, err := fmt.Fprintln(stdout, verb, path); err != nil {
			return err
		}
	}
	return nil
}
