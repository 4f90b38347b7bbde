package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/eject"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/hclgen"
)

// runEject is `hipaagen eject --config FILE --out DIR [--region R] [--emulator] [--force]`.
func runEject(_ context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("hipaagen eject", flag.ContinueOnError)
	fs.SetOutput(stderr)
	config := fs.String("config", "", "Terraform file (.tf or .tf.json) holding the hipaa_* resources to eject (required)")
	out := fs.String("out", "", "directory to write main.tf to (required)")
	region := fs.String("region", "", `region when provider "hipaa" sets none`)
	emulator := fs.Bool("emulator", false, `add variable "endpoint" and send every AWS service to it (tests, make bench)`)
	force := fs.Bool("force", false, "overwrite main.tf even if it was edited by hand")
	fs.Usage = func() {
		_, _ = fmt.Fprintln(stderr, "Usage: hipaagen eject --config FILE --out DIR [--region R] [--emulator] [--force]\n\n"+
			"Renders the hipaa_* resources of FILE as plain hashicorp/aws resources.")
		fs.PrintDefaults()
	}
	if help, err := parseFlags(fs, args); help || err != nil {
		return err
	}
	if *config == "" || *out == "" {
		_, _ = fmt.Fprintln(stderr, "--config and --out are required")
		fs.Usage()
		return errUsage
	}
	src, err := os.ReadFile(*config)
	if err != nil {
		return err
	}
	body, err := eject.Config(*config, src, eject.Options{Region: *region, Emulator: *emulator})
	if err != nil {
		return err
	}
	path := filepath.Join(*out, "main.tf")
	changed, err := hclgen.WriteFile(path, hclgen.HashComment, body, *force)
	if err != nil {
		return err
	}
	if !changed {
		_, err = fmt.Fprintln(stdout, path, "is up to date")
		return err
	}
	_, err = fmt.Fprintln(stdout, "wrote", path)
	return err
}
