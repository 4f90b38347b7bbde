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
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/stack"
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
	if *config != "" {
		src, err := os.ReadFile(*config)
		if err != nil {
			return err
		}
		body, err := eject.Config(*config, src, o)
		if err != nil {
			return err
		}
		return writeEjected(*out, map[string][]byte{"main.tf": body}, *force, stdout)
	}
	bp, diags := blueprint.ParseFile(*bpFile)
	if err := blueprint.WriteDiagnostics(stderr, diags); err != nil {
		return err
	}
	if diags.HasErrors() {
		return fmt.Errorf("%s has %d error(s); nothing was written", *bpFile, len(diags.Errs()))
	}
	files, err := eject.Blueprint(bp, o)
	if err != nil {
		return fmt.Errorf("%w\nnothing was written", err)
	}
	return writeEjectedTree(*out, files, *force, stdout)
}

// writeEjectedTree writes the roots of a blueprint's eject as stack writes
// its tree: the same edit checks, and the roots of environments or regions
// no longer in the blueprint deleted (unedited, or with force).
func writeEjectedTree(out string, files map[string][]byte, force bool, stdout io.Writer) error {
	stamped := make(map[string][]byte, len(files))
	for n, body := range files {
		stamped[n] = hclgen.Stamp(hclgen.HashComment, body)
	}
	changes, err := stack.WriteTree(out, stamped, force)
	for _, n := range changes.Written {
		if _, werr := fmt.Fprintln(stdout, "wrote", filepath.Join(out, filepath.FromSlash(n))); werr != nil && err == nil {
			err = werr
		}
	}
	if werr := printDeleted(stdout, out, changes); err == nil {
		err = werr
	}
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(stdout, "%d root module(s) in %s, %d unchanged\n", len(files), out, len(files)-len(changes.Written))
	return err
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
