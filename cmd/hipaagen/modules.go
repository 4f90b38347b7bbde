package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/modulegen"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/provider"
)

// runModules is `hipaagen modules [--out DIR] [--force]`.
func runModules(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("hipaagen modules", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("out", "modules", "directory to write the modules to, one subdirectory per resource")
	force := fs.Bool("force", false, "overwrite generated files even if they were edited by hand")
	fs.Usage = func() {
		_, _ = fmt.Fprintln(stderr, "Usage: hipaagen modules [--out DIR] [--force]")
		fs.PrintDefaults()
	}
	if help, err := parseFlags(fs, args); help || err != nil {
		return err
	}
	mods, err := modulegen.Generate(ctx, provider.New("dev")())
	if err != nil {
		return err
	}
	changed, err := modulegen.Write(*out, mods, *force)
	for _, path := range changed {
		if _, werr := fmt.Fprintln(stdout, "wrote", path); werr != nil {
			return werr
		}
	}
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(stdout, "%d modules in %s; changed files: %d\n", len(mods), *out, len(changed))
	return err
}

// parseFlags parses args into fs and refuses positional arguments. It
// reports whether -h asked only for the usage, which fs has printed.
func parseFlags(fs *flag.FlagSet, args []string) (help bool, err error) {
	err = fs.Parse(args)
	switch {
	case errors.Is(err, flag.ErrHelp):
		return true, nil
	case err != nil:
		return false, errUsage
	case fs.NArg() > 0:
		_, _ = fmt.Fprintf(fs.Output(), "unexpected argument %q\n", fs.Arg(0))
		fs.Usage()
		return false, errUsage
	}
	return false, nil
}
