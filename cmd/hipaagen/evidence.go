package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/diagram"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/evidence"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/provider"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/statetree"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/verify"
)

const evidenceUsage = "Usage: hipaagen evidence --state FILE [--state FILE ...] --out DIR [--environment NAME] [--previous FILE]\n" +
	"       hipaagen evidence --tree DIR --out DIR [--environment NAME] [--previous DIR]\n" +
	"                         [--diagrams=false] [--verify [--region REGION] [--profile NAME] [--endpoint URL] [--default-tag KEY=VALUE ...]]\n\n" +
	"Writes the evidence of one environment from the state of its hipaa_* resources: every\n" +
	"control's status, the resources and AWS objects that implement it, the exceptions,\n" +
	"what the provider does not cover, and the inventory; as DIR/evidence.html (self-\n" +
	"contained), DIR/evidence.json and DIR/evidence.csv. A state is the output of\n" +
	"terraform show -json or a state file; - reads standard input; one --state per root\n" +
	"or Terragrunt unit of the environment. Nothing is written when a state is refused.\n\n" +
	"--tree reads a whole tree hipaagen stack wrote (its terraform or terragrunt directory):\n" +
	"the state of every root or unit, through terraform show -json or terragrunt show -json\n" +
	"run there (so any backend works), and writes DIR/<environment>/evidence.* for each\n" +
	"environment (only NAME's with --environment). --previous is then an earlier --out.\n\n" +
	"The report draws what each resource builds with Graphviz (dot); --diagrams=false\n" +
	"leaves the drawings out.\n\n" +
	"--verify also reads every resource again from AWS through the provider's own reader\n" +
	"(as a refresh does) and marks each control verified, or drifted with the differences,\n" +
	"and lists the AWS calls made. It only reads: any other call is refused. Credentials\n" +
	"come from the usual AWS environment (AWS_PROFILE, AWS_ACCESS_KEY_ID, ...); give the\n" +
	"provider's default_tags with --default-tag, as state does not record them."

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
	tree := fs.String("tree", "", "a tree hipaagen stack wrote: read the state of each of its units (instead of --state)")
	out := fs.String("out", "", "directory to write evidence.html, evidence.json and evidence.csv to (required)")
	env := fs.String("environment", "default", "the environment's name, as the report shows it")
	previous := fs.String("previous", "", "an earlier evidence.json of the environment: exceptions keep their first_seen")
	var vc verify.Config
	check := fs.Bool("verify", false, "read every resource again from AWS (read-only) and mark each control verified or drifted")
	draw := fs.Bool("diagrams", true, "draw each resource's layout in evidence.html (needs Graphviz's dot; false leaves them out and says so)")
	fs.StringVar(&vc.Region, "region", "", "with --verify: the region of resources whose arn names none (default AWS_REGION)")
	fs.StringVar(&vc.Profile, "profile", "", "with --verify: the AWS profile (default AWS_PROFILE)")
	fs.StringVar(&vc.Endpoint, "endpoint", "", "with --verify: one endpoint URL for every service, such as an emulator's (default AWS's, or AWS_ENDPOINT_URL)")
	var tags defaultTags
	fs.Var(&tags, "default-tag", "with --verify: KEY=VALUE, one of the provider's default_tags, which state does not record (repeatable)")
	fs.Usage = func() {
		_, _ = fmt.Fprintln(stderr, evidenceUsage)
		fs.PrintDefaults()
	}
	if help, err := parseFlags(fs, args); help || err != nil {
		return err
	}
	if (len(states) == 0) == (*tree == "") || *out == "" {
		_, _ = fmt.Fprintln(stderr, "--out and either --state or --tree are required")
		fs.Usage()
		return errUsage
	}
	if !*check && (vc.Region != "" || vc.Profile != "" || vc.Endpoint != "" || len(tags) > 0) {
		_, _ = fmt.Fprintln(stderr, "--region, --profile, --endpoint and --default-tag go with --verify")
		fs.Usage()
		return errUsage
	}
	vc.DefaultTags = tags
	schemas, err := provider.EvidenceSchemas(ctx)
	if err != nil {
		return err
	}
	envSet := false
	fs.Visit(func(f *flag.Flag) { envSet = envSet || f.Name == "environment" })
	var envs []environment
	if *tree != "" {
		if envs, err = treeEnvironments(ctx, *tree, *out, *previous, *env, envSet); err != nil {
			return fmt.Errorf("%w\nnothing was written", err)
		}
	} else {
		e := environment{name: *env, out: *out, previous: *previous}
		for _, name := range states {
			data, err := readState(name)
			if err != nil {
				return err
			}
			e.states = append(e.states, source{name, data})
		}
		envs = []environment{e}
	}
	fallback := vc.Region
	if fallback == "" {
		fallback = os.Getenv("AWS_REGION")
	}
	type result struct {
		b     *evidence.Bundle
		files map[string][]byte
	}
	var results []result
	for _, e := range envs {
		o := evidence.Options{Environment: e.name, ReadAt: now(), Schemas: schemas}
		if e.previous != "" {
			if o.Previous, err = readBundle(e.previous); err != nil {
				return err
			}
		}
		var rs []evidence.Resource
		for _, st := range e.states {
			got, err := evidence.ParseState(st.data)
			if err != nil {
				return fmt.Errorf("%s: %w\nnothing was written", st.name, err)
			}
			rs = append(rs, got...)
			o.Sources = append(o.Sources, st.name)
		}
		b, err := evidence.Build(rs, o)
		if err != nil {
			return fmt.Errorf("%w\nnothing was written", err)
		}
		if *check {
			if err := verifyBundle(ctx, b, rs, vc); err != nil {
				return fmt.Errorf("--verify: %w\nnothing was written", err)
			}
		}
		if !*draw {
			b.DiagramsLeftOut = "--diagrams=false"
		} else if b.Diagrams, err = diagram.FromState(ctx, rs, schemas, fallback); err != nil {
			return fmt.Errorf("diagrams: %w (or pass --diagrams=false)\nnothing was written", err)
		}
		r := result{b: b, files: map[string][]byte{}}
		for name, render := range map[string]func() ([]byte, error){"evidence.json": b.JSON, "evidence.csv": b.CSV, "evidence.html": b.HTML} {
			if r.files[name], err = render(); err != nil {
				return fmt.Errorf("%s: %w\nnothing was written", name, err)
			}
		}
		results = append(results, r)
	}
	for i, r := range results {
		dir := envs[i].out
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
		if _, err := io.WriteString(stdout, r.b.Text()); err != nil {
			return err
		}
		for _, name := range []string{"evidence.html", "evidence.json", "evidence.csv"} {
			path := filepath.Join(dir, name)
			if err := os.WriteFile(path, r.files[name], 0o644); err != nil {
				return err
			}
			if _, err := fmt.Fprintln(stdout, "wrote", path); err != nil {
				return err
			}
		}
	}
	return nil
}

// environment is what one bundle is made of: its states and where it goes.
type environment struct {
	name, out, previous string
	states              []source
}

// source is one state and the name the report gives it.
type source struct {
	name string
	data []byte
}

// treeEnvironments reads the state of every unit of tree (statetree),
// grouped by environment, each written to out/<environment> with
// previous/<environment>/evidence.json as its earlier bundle when there
// is one; only environment only when it is set.
func treeEnvironments(ctx context.Context, tree, out, previous, only string, onlySet bool) ([]environment, error) {
	units, err := statetree.Find(tree)
	if err != nil {
		return nil, err
	}
	var envs []environment
	for _, u := range units {
		if onlySet && u.Environment != only {
			continue
		}
		if len(envs) == 0 || envs[len(envs)-1].name != u.Environment {
			e := environment{name: u.Environment, out: filepath.Join(out, u.Environment)}
			if previous != "" {
				p := filepath.Join(previous, u.Environment, "evidence.json")
				if _, err := os.Stat(p); err == nil {
					e.previous = p
				}
			}
			envs = append(envs, e)
		}
		data, err := statetree.Show(ctx, u, "", nil)
		if err != nil {
			return nil, err
		}
		name, err := filepath.Rel(tree, u.Dir)
		if err != nil {
			return nil, err
		}
		envs[len(envs)-1].states = append(envs[len(envs)-1].states, source{filepath.ToSlash(name), data})
	}
	if len(envs) == 0 {
		return nil, fmt.Errorf("%s: no unit of environment %q", tree, only)
	}
	return envs, nil
}

// defaultTags collects repeated --default-tag KEY=VALUE flags.
type defaultTags map[string]string

func (t *defaultTags) String() string {
	var kv []string
	for k, v := range *t {
		kv = append(kv, k+"="+v)
	}
	slices.Sort(kv)
	return strings.Join(kv, ",")
}

func (t *defaultTags) Set(v string) error {
	k, val, ok := strings.Cut(v, "=")
	if !ok || k == "" {
		return fmt.Errorf("%q: want KEY=VALUE", v)
	}
	if *t == nil {
		*t = defaultTags{}
	}
	if _, dup := (*t)[k]; dup {
		return fmt.Errorf("tag %q given twice", k)
	}
	(*t)[k] = val
	return nil
}

// verifyBundle re-reads rs from AWS and records what it found in b.
func verifyBundle(ctx context.Context, b *evidence.Bundle, rs []evidence.Resource, vc verify.Config) error {
	vc.Version = "hipaagen"
	res, err := verify.Run(ctx, rs, vc)
	if err != nil {
		return err
	}
	return b.Verify(res.Rereads, res.Calls, now())
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
