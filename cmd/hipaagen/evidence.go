package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/evidence"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/provider"
)

const evidenceUsage = "Usage: hipaagen evidence --state FILE [--state FILE ...] --out DIR [--environment NAME] [--previous FILE]\n\n" +
	"Writes the evidence of one environment from the state of its hipaa_* resources: every\n" +
	"control's status, the resources and AWS objects that implement it, the exceptions,\n" +
	"what the provider does not cover, and the inventory; as DIR/evidence.html (self-\n" +
	"contained), DIR/evidence.json and DIR/evidence.csv. A state is the output of\n" +
	"terraform show -json or a state file; - reads standard input; one --state per root\n" +
	"or Terragrunt unit of the environment. Nothing is written when a state is refused."

// stdin is what --state - reads.
var stdin io.Reader = os.Stdin

// now is the time a run reads the states.
var now = time.Now

// stateFiles collects repeated --state flags.
type stateFiles []string

func (s *stateFiles) String() string     { return strings.Join(*s, ",") }
func (s *stateFiles) Set(v string) error { *s = append(*s, v); return nil }

// runEvidence is `hipaagen evidence`: see evidenceUsage.
func runEvidence(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("hipaagen evidence", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var states stateFiles
	fs.Var(&states, "state", "terraform show -json output or state file of the environment (repeatable; - for standard input)")
	out := fs.String("out", "", "directory to write evidence.html, evidence.json and evidence.csv to (required)")
	env := fs.String("environment", "default", "the environment's name, as the report shows it")
	previous := fs.String("previous", "", "an earlier evidence.json of the environment: exceptions keep their first_seen")
	fs.Usage = func() {
		_, _ = fmt.Fprintln(stderr, evidenceUsage)
		fs.PrintDefaults()
	}
	if help, err := parseFlags(fs, args); help || err != nil {
		return err
	}
	if len(states) == 0 || *out == "" {
		_, _ = fmt.Fprintln(stderr, "--state and --out are required")
		fs.Usage()
		return errUsage
	}
	schemas, err := provider.EvidenceSchemas(ctx)
	if err != nil {
		return err
	}
	o := evidence.Options{Environment: *env, ReadAt: now(), Schemas: schemas}
	if *previous != "" {
		if o.Previous, err = readBundle(*previous); err != nil {
			return err
		}
	}
	var rs []evidence.Resource
	for _, name := range states {
		data, err := readState(name)
		if err != nil {
			return err
		}
		got, err := evidence.ParseState(data)
		if err != nil {
			return fmt.Errorf("%s: %w\nnothing was written", name, err)
		}
		rs = append(rs, got...)
		o.Sources = append(o.Sources, name)
	}
	b, err := evidence.Build(rs, o)
	if err != nil {
		return fmt.Errorf("%w\nnothing was written", err)
	}
	files := map[string]func() ([]byte, error){"evidence.json": b.JSON, "evidence.csv": b.CSV, "evidence.html": b.HTML}
	rendered := map[string][]byte{}
	for name, render := range files {
		if rendered[name], err = render(); err != nil {
			return fmt.Errorf("%s: %w\nnothing was written", name, err)
		}
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		return err
	}
	if _, err := io.WriteString(stdout, b.Text()); err != nil {
		return err
	}
	for _, name := range []string{"evidence.html", "evidence.json", "evidence.csv"} {
		path := filepath.Join(*out, name)
		if err := os.WriteFile(path, rendered[name], 0o644); err != nil {
			return err
		}
		if _, err := fmt.Fprintln(stdout, "wrote", path); err != nil {
			return err
		}
	}
	return nil
}

func readState(name string) ([]byte, error) {
	if name == "-" {
		return io.ReadAll(stdin)
	}
	return os.ReadFile(name)
}

func readBundle(name string) (*evidence.Bundle, error) {
	data, err := os.ReadFile(name)
	if err != nil {
		return nil, err
	}
	var b evidence.Bundle
	if err := json.Unmarshal(data, &b); err != nil {
		return nil, fmt.Errorf("--previous %s: not an evidence.json: %w", name, err)
	}
	return &b, nil
}
