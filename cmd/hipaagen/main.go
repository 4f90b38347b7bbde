// Command hipaagen generates Terraform from the hipaa provider: modules
// from its resource schemas (hipaagen modules), starter blueprints
// (hipaagen init), Terragrunt or Terraform stacks from a blueprint
// (hipaagen stack), plain hashicorp/aws resources (hipaagen eject) and the
// evidence of an applied environment (hipaagen evidence); each subcommand
// is one file and one line of the commands table.
//
// Usage:
//
//	hipaagen <command> [flags]
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"text/tabwriter"
)

// command is one subcommand: run gets the arguments after its name.
type command struct {
	name    string
	summary string
	run     func(ctx context.Context, args []string, stdout, stderr io.Writer) error
}

// commands lists the subcommands; a new one adds one line here.
var commands = []command{
	{"modules", "generate one Terraform module per resource from the provider's schemas", runModules},
	{"init", "write a starter blueprint from a preset (" + presetList() + ")", runInit},
	{"stack", "render a blueprint as a Terragrunt tree or plain Terraform root modules", runStack},
	{"eject", "render hipaa_* resources as plain hashicorp/aws resources", runEject},
	{"evidence", "write an environment's HIPAA evidence (HTML, JSON, CSV) from the state of its hipaa_* resources", runEvidence},
}

// errUsage reports bad flags or arguments; the subcommand has already
// printed why and its usage.
var errUsage = errors.New("usage")

// Exit codes.
const (
	exitOK    = 0
	exitError = 1
	exitUsage = 2
)

func main() {
	os.Exit(run(context.Background(), os.Args[1:], os.Stdout, os.Stderr))
}

// run dispatches args to a subcommand and returns the exit code.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(stderr)
		if len(args) == 0 {
			return exitUsage
		}
		return exitOK
	}
	for _, c := range commands {
		if c.name == args[0] {
			if err := c.run(ctx, args[1:], stdout, stderr); err != nil {
				if errors.Is(err, errUsage) {
					return exitUsage
				}
				_, _ = fmt.Fprintf(stderr, "hipaagen %s: %v\n", c.name, err)
				return exitError
			}
			return exitOK
		}
	}
	_, _ = fmt.Fprintf(stderr, "hipaagen: unknown command %q\n\n", args[0])
	usage(stderr)
	return exitUsage
}

// usage lists the commands; it writes to stderr, so errors are ignored.
func usage(w io.Writer) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	_, _ = fmt.Fprintln(tw, "Usage: hipaagen <command> [flags]\n\nCommands:")
	for _, c := range commands {
		_, _ = fmt.Fprintf(tw, "  %s\t%s\n", c.name, c.summary)
	}
	_, _ = fmt.Fprintln(tw, "\nRun hipaagen <command> -h for a command's flags.")
	_ = tw.Flush()
}
