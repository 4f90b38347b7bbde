package compliance

import (
	"fmt"
	"strings"
)

// EvidenceRow is one control's status for one resource.
type EvidenceRow struct {
	Control, Title, Citations string
	Basis                     Basis
	Resource                  string
	Status                    string // "satisfied", "waived", "violated"
	Reason                    string
}

// Evidence lists every control of resourceType with its status.
func Evidence(resourceType string, violations []Violation, waivers []Waiver) []EvidenceRow {
	waived := map[string]string{}
	for _, w := range waivers {
		waived[w.Control] = w.Reason
	}
	violated := map[string]bool{}
	for _, v := range violations {
		violated[v.Control] = true
	}
	var rows []EvidenceRow
	for _, c := range ForResource(resourceType) {
		row := EvidenceRow{Control: c.ID, Title: c.Title, Citations: c.CitationText(), Basis: c.Basis, Resource: resourceType, Status: "satisfied"}
		if r, ok := waived[c.ID]; ok {
			row.Status, row.Reason = "waived", r
		} else if violated[c.ID] {
			row.Status = "violated"
		}
		rows = append(rows, row)
	}
	return rows
}

// MarkdownMatrix renders the control matrix for docs/guides/controls.md.
func MarkdownMatrix() string {
	var b strings.Builder
	b.WriteString("| Control | Requirement | Resources | 45 CFR | Basis |\n|---|---|---|---|---|\n")
	for _, c := range catalog {
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s |\n", c.ID, c.Requirement,
			"`"+strings.Join(c.Resources, "`, `")+"`", strings.Join(c.Citations, ", "), c.Basis)
	}
	b.WriteString("\nBasis: `aws` = AWS's published rule-to-citation mapping (as reproduced in cdk-nag's RULES.md); " +
		"`prowler` / `steampipe` = those projects' HIPAA mappings; `proposed` = no anchor maps it, this project's reading " +
		"of the rule text — not AWS's mapping.\n")
	return b.String()
}
