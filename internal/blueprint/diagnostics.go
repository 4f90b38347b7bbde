package blueprint

import (
	"fmt"
	"io"
	"strings"

	"github.com/hashicorp/hcl/v2"
)

// WriteDiagnostics writes each diagnostic as "file:line:column: severity:
// summary", then its detail indented; those without a position start with
// the severity.
func WriteDiagnostics(w io.Writer, diags hcl.Diagnostics) error {
	for _, d := range diags {
		severity := "error"
		if d.Severity == hcl.DiagWarning {
			severity = "warning"
		}
		line := severity + ": " + d.Summary
		if d.Subject != nil {
			line = fmt.Sprintf("%s:%d:%d: %s", d.Subject.Filename, d.Subject.Start.Line, d.Subject.Start.Column, line)
		}
		if _, err := fmt.Fprintln(w, line); err != nil {
			return err
		}
		if d.Detail == "" {
			continue
		}
		if _, err := fmt.Fprintln(w, indent(d.Detail)); err != nil {
			return err
		}
	}
	return nil
}

// indent indents every non-empty line of s by four spaces.
func indent(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		if l != "" {
			lines[i] = "    " + l
		}
	}
	return strings.Join(lines, "\n")
}
