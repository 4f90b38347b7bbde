package blueprint

import (
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/gohcl"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
)

// inputs decodes inputs_from = { <target> = "<kind>.<name>.<output>" }. It
// checks each entry on its own; validate resolves the references.
func (d *decoder) inputs(c *Component, a *hcl.Attribute) []Input {
	pairs, diags := hcl.ExprMap(a.Expr)
	if diags.HasErrors() {
		d.diags = append(d.diags, diags...)
		return nil
	}
	var out []Input
	for _, p := range pairs {
		target, ok := d.key(p.Key)
		if !ok || !d.checkTarget(c, target, p.Key.Range(), out) {
			continue
		}
		var s string
		if diags := gohcl.DecodeExpression(p.Value, nil, &s); diags.HasErrors() {
			d.diags = append(d.diags, diags...)
			continue
		}
		ref, ok := d.reference(s, p.Value.Range())
		if ok && d.checkAssignable(c.Kind, target, ref, p.Value.Range()) {
			out = append(out, Input{Target: target, From: ref, Range: p.Value.Range()})
		}
	}
	slices.SortFunc(out, func(x, y Input) int { return strings.Compare(x.Target, y.Target) })
	return out
}

// targetType is the type of an input target: an attribute of k, or a path
// through its object attributes ("flow_logs.kms_key_arn").
func targetType(k *Kind, target string) (cty.Type, bool) {
	parts := strings.Split(target, ".")
	attr, ok := k.Input(parts[0])
	if !ok {
		return cty.NilType, false
	}
	t := attr.Type
	for _, p := range parts[1:] {
		if !t.IsObjectType() || !t.HasAttribute(p) {
			return cty.NilType, false
		}
		t = t.AttributeType(p)
	}
	return t, true
}

// checkTarget: an argument of the kind (not its name), not also a literal
// setting, not overlapping another input.
func (d *decoder) checkTarget(c *Component, target string, rng hcl.Range, earlier []Input) bool {
	k := c.Kind
	if _, ok := targetType(k, target); !ok {
		d.errorAt(rng, fmt.Sprintf("Unsupported input %q", target), fmt.Sprintf(
			"%s has no argument %q. Inputs name an argument (%s) or an attribute of an object argument, such as \"flow_logs.kms_key_arn\".",
			k.ResourceType, target, strings.Join(k.settable(), ", ")))
		return false
	}
	if root := strings.Split(target, ".")[0]; root == k.NameAttribute {
		d.errorAt(rng, fmt.Sprintf("Setting %q is set by hipaagen", root), "hipaagen names every unit <environment>-<component>-<region code>: remove this input.")
		return false
	}
	for _, e := range earlier {
		if overlaps(e.Target, target) {
			d.errorAt(rng, fmt.Sprintf("Input %q is set twice", target), fmt.Sprintf("inputs_from already sets %q at %s.", e.Target, e.Range.String()))
			return false
		}
	}
	if where, ok := c.literalAt(target); ok {
		d.errorAt(rng, fmt.Sprintf("Input %q is set twice", target), fmt.Sprintf(
			"%q is also set in %s: a value comes either from settings or from inputs_from.", target, where))
		return false
	}
	return true
}

// overlaps reports whether one target path is the other or inside it.
func overlaps(a, b string) bool {
	return a == b || strings.HasPrefix(a, b+".") || strings.HasPrefix(b, a+".")
}

// literalAt reports whether settings (or a region block's settings) give a
// value at target or replace the object it lies in, and where.
func (c *Component) literalAt(target string) (string, bool) {
	parts := strings.Split(target, ".")
	if hasValueAt(c.Settings, parts) {
		return "settings", true
	}
	for _, r := range c.Regions {
		if hasValueAt(c.RegionSettings[r], parts) {
			return fmt.Sprintf("the settings of region %q", r), true
		}
	}
	return "", false
}

func hasValueAt(settings map[string]cty.Value, parts []string) bool {
	v, ok := settings[parts[0]]
	for _, p := range parts[1:] {
		if !ok || v.IsNull() || !v.Type().IsObjectType() {
			break
		}
		if !v.Type().HasAttribute(p) {
			return false
		}
		v = v.GetAttr(p)
	}
	return ok && !v.IsNull()
}

// reference parses "<kind>.<name>.<output>" and checks that the kind
// exists and has that output.
func (d *decoder) reference(s string, rng hcl.Range) (Ref, bool) {
	parts := strings.Split(s, ".")
	if len(parts) != 3 || slices.Contains(parts, "") {
		d.errorAt(rng, fmt.Sprintf("Invalid reference %q", s), `A reference is "<kind>.<name>.<output>", such as "keys.phi.arn".`)
		return Ref{}, false
	}
	ref := Ref{Kind: parts[0], Name: parts[1], Output: parts[2]}
	k, ok := KindNamed(ref.Kind)
	if !ok {
		d.errorAt(rng, fmt.Sprintf("Unknown component kind %q in reference", ref.Kind), "Use one of "+KindNames()+".")
		return Ref{}, false
	}
	if _, ok := k.OutputType(ref.Output); !ok {
		d.errorAt(rng, fmt.Sprintf("Unsupported output %q", ref.Output), fmt.Sprintf(
			"%s (module %s) has no output %q. Its outputs are: %s.", k.ResourceType, k.ModuleDir(), ref.Output, strings.Join(k.OutputNames(), ", ")))
		return Ref{}, false
	}
	return ref, true
}

// checkAssignable: the output's type converts to the target's.
func (d *decoder) checkAssignable(k *Kind, target string, ref Ref, rng hcl.Range) bool {
	want, _ := targetType(k, target)
	from, _ := KindNamed(ref.Kind)
	have, _ := from.OutputType(ref.Output)
	if assignable(have, want) {
		return true
	}
	d.errorAt(rng, fmt.Sprintf("Incompatible input %q", target), fmt.Sprintf(
		"%s is a %s, but %s takes a %s.", ref, have.FriendlyName(), target, want.FriendlyName()))
	return false
}

// assignable reports whether a value of type have always converts to want:
// a safe conversion, or a list to a set (duplicates are dropped, as
// Terraform does).
func assignable(have, want cty.Type) bool {
	if have.Equals(want) || convert.GetConversion(have, want) != nil {
		return true
	}
	return have.IsListType() && want.IsSetType() && assignable(have.ElementType(), want.ElementType())
}
