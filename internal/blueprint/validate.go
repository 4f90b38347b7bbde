package blueprint

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/hashicorp/hcl/v2"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/compliance"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/lists"
)

// validate checks what spans blocks, in stages so that one mistake is
// reported once: references and cycles; then required arguments and
// unique names; then every unit's settings against its resource's checks;
// then the account-wide settings across an account's regions.
func (b *Blueprint) validate() hcl.Diagnostics {
	var diags hcl.Diagnostics
	for _, env := range b.Environments {
		diags = append(diags, env.resolve()...)
	}
	if diags.HasErrors() {
		return diags
	}
	for _, env := range b.Environments {
		for _, c := range env.Components {
			diags = append(diags, c.checkRequired()...)
		}
		env.buildUnits()
	}
	diags = append(diags, b.checkUnique()...)
	if diags.HasErrors() {
		return diags
	}
	for _, u := range b.Units() {
		diags = append(diags, b.checkUnit(u)...)
	}
	if diags.HasErrors() {
		return diags
	}
	return append(diags, b.checkAccountWide()...)
}

// checkRequired: every required argument is set or wired in every region.
func (c *Component) checkRequired() hcl.Diagnostics {
	var diags hcl.Diagnostics
	for _, a := range c.Kind.Inputs {
		if !a.Required || a.Name == c.Kind.NameAttribute || c.wires(a.Name) {
			continue
		}
		var missing []string
		for _, r := range c.Regions {
			if _, ok := c.values(r)[a.Name]; !ok {
				missing = append(missing, r)
			}
		}
		if len(missing) == 0 {
			continue
		}
		where := ""
		if len(missing) < len(c.Regions) {
			where = fmt.Sprintf(" (missing in %s)", lists.Quoted(missing))
		}
		diags = append(diags, errorAt(c.src.block.DefRange, fmt.Sprintf("Missing required setting %q", a.Name), fmt.Sprintf(
			"%s requires %s%s: set it in settings, or take it from another component with inputs_from.", c.Kind.ResourceType, a.Name, where)))
	}
	return diags
}

// wires reports whether an input sets attribute name or part of it.
func (c *Component) wires(name string) bool {
	return slices.ContainsFunc(c.Inputs, func(in Input) bool { return overlaps(in.Target, name) })
}

// checkUnique: one-per-region kinds once per account and region, and
// resource names unique per account, region and kind (an environment and
// component "a-b" "c" would otherwise collide with "a" "b-c").
func (b *Blueprint) checkUnique() hcl.Diagnostics {
	type key struct{ account, region, kind, name string }
	seen := map[key]*Unit{}
	var diags hcl.Diagnostics
	for _, u := range b.Units() {
		k := key{u.Environment.AccountID, u.ProviderRegion(), u.Component.Kind.Name, u.Name}
		first, dup := seen[k]
		if !dup {
			seen[k] = u
			continue
		}
		summary := fmt.Sprintf("Duplicate name %q", u.Name)
		detail := fmt.Sprintf("%s and %s would both be %s %q in account %s, %s: rename one.",
			first.label(), u.label(), u.Component.Kind.ResourceType, u.Name, u.Environment.AccountID, u.ProviderRegion())
		if u.Component.Kind.OnePerRegion {
			summary = "Duplicate " + u.Component.Kind.Name
			detail = fmt.Sprintf("%s is one per account and region; account %s already has %s in %s.",
				u.Component.Kind.ResourceType, u.Environment.AccountID, first.label(), u.Region)
		}
		diags = append(diags, errorAt(u.Component.src.block.DefRange, summary, detail))
	}
	return diags
}

// label names a unit in messages: "prod/us-east-1 network.main".
func (u *Unit) label() string {
	return u.Environment.Name + "/" + u.Region + " " + u.Component.ID()
}

// checkUnit runs the resource's own checks on u's settings, with the
// provider's messages, under the blueprint's compliance_mode. Findings
// about wired values are skipped: the stand-in is not the real value.
func (b *Blueprint) checkUnit(u *Unit) hcl.Diagnostics {
	k := u.Component.Kind
	s, err := u.checkSettings()
	if err != nil {
		return hcl.Diagnostics{errorAt(u.Component.src.block.DefRange, "Cannot check "+u.label(), err.Error())}
	}
	f := k.check(checkInput{Settings: s, Name: u.Name, Region: u.ProviderRegion(), AccountID: u.Environment.AccountID,
		DefaultTags: b.DefaultTags(u.Environment.Name)})
	var diags hcl.Diagnostics
	for _, e := range f.Input {
		if !slices.Contains(f.Context, e.Attribute) && !u.isWired(e.Attribute) {
			diags = append(diags, u.diagnostic(hcl.DiagError, e.Attribute, "Invalid "+e.Attribute, e.Detail))
		}
	}
	violations := slices.DeleteFunc(f.Violations, func(v compliance.Violation) bool { return u.isWired(v.Attribute) })
	for _, d := range append(compliance.ValidateExceptions(k.ResourceType, f.Exceptions, compliance.Unknown{}),
		compliance.Evaluate(k.ResourceType, b.ComplianceMode, violations, f.Exceptions).Diagnostics...) {
		severity := hcl.DiagError
		if d.Severity == compliance.SeverityWarning {
			severity = hcl.DiagWarning
		}
		diags = append(diags, u.diagnostic(severity, d.Attribute, d.Summary, d.Detail))
	}
	return diags
}

// diagnostic places a finding about attr (a provider attribute path) on the
// expression that set it.
func (u *Unit) diagnostic(severity hcl.DiagnosticSeverity, attr, summary, detail string) *hcl.Diagnostic {
	rng := u.Component.subject(u.Region, attr)
	return &hcl.Diagnostic{Severity: severity, Summary: summary, Detail: detail, Subject: &rng}
}

// subject is the range of the expression that set attr in region: the
// region block's setting, else the component's; the component's name
// label for its name attribute; the block header when nothing set it.
func (c *Component) subject(region, attr string) hcl.Range {
	steps := parseAttrPath(attr)
	if len(steps) == 0 {
		return c.src.block.DefRange
	}
	if steps[0].name == c.Kind.NameAttribute {
		return c.src.block.LabelRanges[1]
	}
	expr := c.src.settings
	if _, ok := c.RegionSettings[region][steps[0].name]; ok {
		expr = c.src.regionSettings[region]
	}
	if expr == nil {
		return c.src.block.DefRange
	}
	return rangeAt(expr, steps)
}

// sortDiagnostics orders diagnostics by file position (those without a
// position first) and drops repeats: a setting shared by several regions
// fails the same way in each.
func sortDiagnostics(diags hcl.Diagnostics) hcl.Diagnostics {
	type key struct {
		rng     hcl.Range
		summary string
	}
	seen := map[key]bool{}
	var out hcl.Diagnostics
	for _, d := range diags {
		var k key
		if d.Subject != nil {
			k.rng = *d.Subject
		}
		k.summary = d.Summary
		if !seen[k] {
			seen[k] = true
			out = append(out, d)
		}
	}
	slices.SortStableFunc(out, func(a, b *hcl.Diagnostic) int {
		return cmp.Compare(offset(a), offset(b))
	})
	return out
}

func offset(d *hcl.Diagnostic) int {
	if d.Subject == nil {
		return -1
	}
	return d.Subject.Start.Byte
}
