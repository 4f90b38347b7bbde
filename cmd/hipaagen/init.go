package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/blueprint"
)

// runInit is `hipaagen init --preset NAME [--out FILE] [--force]`: it
// writes a starter blueprint ("-" writes it to standard output).
func runInit(_ context.Context, args []string, stdout, stderr io.Writer) error {
	flags := flag.NewFlagSet("hipaagen init", flag.ContinueOnError)
	flags.SetOutput(stderr)
	preset := flags.String("preset", "", "the reference architecture to start from: "+presetList())
	out := flags.String("out", "blueprint.hcl", `file to write the blueprint to; "-" for standard output`)
	force := flags.Bool("force", false, "overwrite an existing file")
	flags.Usage = func() {
		_, _ = fmt.Fprintf(stderr, "Usage: hipaagen init --preset %s [--out FILE] [--force]\n", presetList())
		flags.PrintDefaults()
	}
	if help, err := parseFlags(flags, args); help || err != nil {
		return err
	}
	if *preset == "" {
		_, _ = fmt.Fprintln(stderr, "--preset is required")
		flags.Usage()
		return errUsage
	}
	src, err := blueprint.Preset(*preset)
	if err != nil {
		return err
	}
	if *out == "-" {
		_, err := stdout.Write(src)
		return err
	}
	if _, err := os.Stat(*out); err == nil && !*force {
		return fmt.Errorf("%s exists: choose another --out, or use --force to overwrite it", *out)
	} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	if err := os.WriteFile(*out, src, 0o644); err != nil {
		return err
	}
	_, err = fmt.Fprintf(stdout, "wrote %s (preset %s); next: hipaagen stack --blueprint %s --out live\n", *out, *preset, *out)
	return err
}
