package evidence

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// The renderers' verification parts: each renders nothing for a bundle
// that was not verified, so its output stays as without --verify.

// verificationHeader is the CSV's verification column.
func (b *Bundle) verificationHeader() []string {
	if b.Verification == nil {
		return nil
	}
	return []string{"verification"}
}

// verificationCell is an implementation's verification column: verified,
// or drifted with its differences; empty when waived or not implemented.
func (b *Bundle) verificationCell(i Implementation) []string {
	switch {
	case b.Verification == nil:
		return nil
	case i.Verification == nil:
		return []string{""}
	case len(i.Verification.Differences) == 0:
		return []string{i.Verification.Status}
	}
	return []string{i.Verification.Status + ": " + strings.Join(i.Verification.Differences, "; ")}
}

// verificationText is the terminal summary's verification part: controls
// by verification status, each drifted one with its differences, and the
// AWS calls made.
func (b *Bundle) verificationText() string {
	v := b.Verification
	if v == nil {
		return ""
	}
	var s strings.Builder
	fmt.Fprintf(&s, "verified against AWS %s through each resource's reader:\n", v.VerifiedAt.Format(time.RFC3339))
	for _, st := range []string{Verified, Drifted} {
		var ids []string
		for _, c := range b.Controls {
			if c.Verification != nil && c.Verification.Status == st {
				ids = append(ids, c.ID)
			}
		}
		s.WriteString(strings.TrimRight(fmt.Sprintf("  %-29s %2d  %s", st, len(ids), strings.Join(ids, " ")), " ") + "\n")
	}
	for _, c := range b.Controls {
		if c.Verification != nil && c.Verification.Status == Drifted {
			for _, d := range c.Verification.Differences {
				fmt.Fprintf(&s, "    %s on %s\n", c.ID, d)
			}
		}
	}
	for _, r := range v.Resources {
		s.WriteString(harmlessText(r))
	}
	s.WriteString(callsText(v))
	return s.String()
}

// harmlessText counts a resource's differences no control depends on, by
// child kind: "hipaa_vpc.main in us-east-1: 2 differences no control
// depends on (tags)"; the reports list them.
func harmlessText(r Checked) string {
	n, kinds := 0, []string{}
	for _, d := range r.Differences {
		if len(d.Controls) == 0 {
			n++
			if !slices.Contains(kinds, d.Child) {
				kinds = append(kinds, d.Child)
			}
		}
	}
	switch n {
	case 0:
		return ""
	case 1:
		return fmt.Sprintf("    %s in %s: 1 difference no control depends on (%s)\n", r.Address, r.Region, strings.Join(kinds, ", "))
	}
	return fmt.Sprintf("    %s in %s: %d differences no control depends on (%s)\n", r.Address, r.Region, n, strings.Join(kinds, ", "))
}

// callsText lists the calls per region and service, as
// "us-east-1 ec2: DescribeVpcs 1, DescribeSubnets 1".
func callsText(v *Verification) string {
	var s strings.Builder
	total := 0
	for _, c := range v.Calls {
		total += c.Count
	}
	fmt.Fprintf(&s, "  AWS calls %d, writes %d\n", total, v.Writes)
	for i, c := range v.Calls {
		if i == 0 || c.Region != v.Calls[i-1].Region || c.Service != v.Calls[i-1].Service {
			if i > 0 {
				s.WriteString("\n")
			}
			fmt.Fprintf(&s, "    %s %s:", c.Region, c.Service)
		} else {
			s.WriteString(",")
		}
		fmt.Fprintf(&s, " %s %d", c.Operation, c.Count)
		if c.Errors > 0 {
			fmt.Fprintf(&s, " (%d failed)", c.Errors)
		}
	}
	if len(v.Calls) > 0 {
		s.WriteString("\n")
	}
	return s.String()
}

// verificationHTML defines the page's verification blocks: its style, and
// a section after the controls with the controls' verification, each
// resource's differences and the AWS calls.
const verificationHTML = `
{{- define "verification-style"}}{{if .Verification}}.verified { color: #17663a; }
.drifted, .gone { color: #a8201a; }
{{end}}{{end}}
{{- define "verification"}}{{with .Verification}}
<section id="verification">
<h2>Verification</h2>
<p>Verified against AWS {{time .VerifiedAt}}: each resource was read again through its own reader, which only reads ({{.Writes}} writes).</p>
<div class="cards">
<div class="card verified"><b>{{index .Summary "verified"}}</b>controls verified</div>
<div class="card drifted"><b>{{index .Summary "drifted"}}</b>controls drifted</div>
</div>
<table>
<tr><th>Control</th><th>Verification</th><th>Differences</th></tr>
{{- range $c := $.Controls}}{{with $c.Verification}}
<tr><td><a href="#{{$c.ID}}">{{$c.ID}}</a></td><td class="status {{.Status}}">{{.Status}}</td><td>{{range .Differences}}<div><code>{{.}}</code></div>{{end}}</td></tr>
{{- end}}{{end}}
</table>
<h3>Resources</h3>
<table>
<tr><th>Resource</th><th>Region</th><th>Status</th><th>Differences</th></tr>
{{- range .Resources}}
<tr><td><code>{{.Address}}</code></td><td>{{.Region}}</td><td class="status {{.Status}}">{{.Status}}</td><td>{{range .Differences}}<div>{{.Text}} <small>({{if .Controls}}{{join .Controls ", "}}{{else}}no control{{end}})</small></div>{{end}}</td></tr>
{{- end}}
</table>
<h3>AWS calls</h3>
<table>
<tr><th>Region</th><th>Service</th><th>Operation</th><th>Calls</th><th>Failed</th></tr>
{{- range .Calls}}
<tr><td>{{.Region}}</td><td>{{.Service}}</td><td>{{.Operation}}</td><td>{{.Count}}</td><td>{{.Errors}}</td></tr>
{{- end}}
</table>
</section>{{end}}{{end}}
`
