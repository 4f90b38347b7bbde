package compliance

import (
	"fmt"
	"slices"
	"strings"
)

var byID = func() map[string]Control {
	m := make(map[string]Control, len(catalog))
	for _, c := range catalog {
		m[c.ID] = c
	}
	return m
}()

// Catalog returns every control, in catalog order (docs/guides/controls.md).
func Catalog() []Control { return slices.Clone(catalog) }

// Lookup finds a control by ID.
func Lookup(id string) (Control, bool) {
	c, ok := byID[id]
	return c, ok
}

// ForResource lists the controls a resource type enforces, in catalog order.
func ForResource(resourceType string) []Control {
	var out []Control
	for _, c := range catalog {
		if slices.Contains(c.Resources, resourceType) {
			out = append(out, c)
		}
	}
	return out
}

// CitationText is "45 CFR 164.308(a)(3)(ii)(A), 164.312(b)".
func (c Control) CitationText() string { return "45 CFR " + strings.Join(c.Citations, ", ") }

// Headline is the diagnostic summary, like cdk-nag's:
// "NET-09 flow logs must capture ALL traffic (45 CFR 164.308(a)(3)(ii)(A), 164.312(b))".
func (c Control) Headline() string { return fmt.Sprintf("%s %s (%s)", c.ID, c.Title, c.CitationText()) }

// Message is the one-line form used in logs and errors:
// "NET-09 flow logs must capture ALL traffic (45 CFR …): traffic_type is \"REJECT\"".
func (v Violation) Message() string {
	c, ok := Lookup(v.Control)
	if !ok {
		return fmt.Sprintf("%s (unknown control): %s", v.Control, v.Detail)
	}
	return c.Headline() + ": " + v.Detail
}

// CFGRules lists every distinct AWS Config rule anchor (without "cfg:") in
// catalog order; the conformance pack is generated from it.
func CFGRules() []string {
	var out []string
	for _, c := range catalog {
		for _, a := range c.Anchors {
			if r, ok := strings.CutPrefix(a, "cfg:"); ok && !slices.Contains(out, r) {
				out = append(out, r)
			}
		}
	}
	return out
}
