package blueprint

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/gohcl"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
)

// inputs decodes inputs_from = { <target> = "<kind>.<name>.<output>" }: a
// target is an argument, an attribute of an object argument
// ("flow_logs.kms_key_arn") or of a list element settings give
// ("rules[0].copy_to[0].kms_key_arn"), or a list element itself
// ("resource_arns[0]"). A list of references appends one element each after
// the elements settings give: resource_arns = ["database.main.arn"]. It
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
		if !ok {
			continue
		}
		refs, list, ok := d.references(p.Value)
		if !ok {
			continue
		}
		targets := []string{target}
		if list {
			if targets, ok = d.elementTargets(c, target, len(refs), p.Key.Range()); !ok {
				continue
			}
		}
		for i, t := range targets {
			if !d.checkTarget(c, t, p.Key.Range(), out) {
				break
			}
			ref, ok := d.reference(refs[i], p.Value.Range())
			if ok && d.checkAssignable(c.Kind, t, ref, p.Value.Range()) {
				out = append(out, Input{Target: t, From: ref, Range: p.Value.Range()})
			}
		}
	}
	d.checkElementOrder(c, out)
	slices.SortFunc(out, func(x, y Input) int { return strings.Compare(x.Target, y.Target) })
	return out
}

// references reads an inputs_from value: one reference string, or a list
// of them (list is true).
func (d *decoder) references(expr hcl.Expression) (refs []string, list bool, ok bool) {
	v, diags := expr.Value(nil)
	if !diags.HasErrors() && v.IsKnown() && !v.IsNull() && (v.Type().IsTupleType() || v.Type().IsListType()) {
		for _, e := range v.AsValueSlice() {
			if e.IsNull() || e.Type() != cty.String {
				d.errorAt(expr.Range(), "Invalid references", `A list in inputs_from holds references "<kind>.<name>.<output>", such as ["database.main.arn"].`)
				return nil, false, false
			}
			refs = append(refs, e.AsString())
		}
		return refs, true, true
	}
	var s string
	if diags := gohcl.DecodeExpression(expr, nil, &s); diags.HasErrors() {
		d.diags = append(d.diags, diags...)
		return nil, false, false
	}
	return []string{s}, false, true
}

// elementTargets are the targets of a list of n references to target (a
// list or set): its elements after those settings give.
func (d *decoder) elementTargets(c *Component, target string, n int, rng hcl.Range) ([]string, bool) {
	t, ok := targetType(c.Kind, target)
	if ok && !t.IsListType() && !t.IsSetType() {
		d.errorAt(rng, fmt.Sprintf("Input %q takes one reference", target), fmt.Sprintf(
			"%s is a %s, not a list: give one reference \"<kind>.<name>.<output>\".", target, t.FriendlyName()))
		return nil, false
	}
	steps := parseAttrPath(target)
	first := lengthAt(c.Settings, steps)
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("%s[%d]", target, first+i)
	}
	return out, true
}

// targetType is the type of an input target: an attribute of k, or a path
// through its object attributes and list elements.
func targetType(k *Kind, target string) (cty.Type, bool) {
	steps := parseAttrPath(target)
	if len(steps) == 0 || pathString(steps) != target {
		return cty.NilType, false
	}
	attr, ok := k.Input(steps[0].name)
	if !ok {
		return cty.NilType, false
	}
	t := attr.Type
	for _, s := range steps[1:] {
		switch {
		case s.isIdx && (t.IsListType() || t.IsSetType()):
			t = t.ElementType()
		case !s.isIdx && t.IsObjectType() && t.HasAttribute(s.name):
			t = t.AttributeType(s.name)
		default:
			return cty.NilType, false
		}
	}
	return t, true
}

// checkTarget: an argument of the kind (not its name), not also a literal
// setting, not overlapping another input; an element's attribute only in
// an element settings give, and no element of a list a region block
// replaces.
func (d *decoder) checkTarget(c *Component, target string, rng hcl.Range, earlier []Input) bool {
	k := c.Kind
	if _, ok := targetType(k, target); !ok {
		d.errorAt(rng, fmt.Sprintf("Unsupported input %q", target), fmt.Sprintf(
			"%s has no argument %q. Inputs name an argument (%s), an attribute of an object argument, such as \"flow_logs.kms_key_arn\", or of a list element settings give, such as \"rules[0].copy_to[0].kms_key_arn\".",
			k.ResourceType, target, strings.Join(k.settable(), ", ")))
		return false
	}
	steps := parseAttrPath(target)
	root := steps[0].name
	if root == k.NameAttribute {
		d.errorAt(rng, fmt.Sprintf("Setting %q is set by hipaagen", root), "hipaagen names every unit <environment>-<component>-<region code>: remove this input.")
		return false
	}
	for _, e := range earlier {
		if overlaps(e.Target, target) {
			d.errorAt(rng, fmt.Sprintf("Input %q is set twice", target), fmt.Sprintf("inputs_from already sets %q at %s.", e.Target, e.Range.String()))
			return false
		}
	}
	if where, ok := c.literalAt(steps); ok {
		d.errorAt(rng, fmt.Sprintf("Input %q is set twice", target), fmt.Sprintf(
			"%q is also set in %s: a value comes either from settings or from inputs_from.", target, where))
		return false
	}
	if !hasIndex(steps) {
		return true
	}
	for _, r := range c.Regions {
		if _, ok := c.RegionSettings[r][root]; ok {
			d.errorAt(rng, fmt.Sprintf("Input %q is in a list region %q replaces", target, r), fmt.Sprintf(
				"The settings of region %q give %s, which replaces the list this input sets part of: set %s in settings only, or take the whole argument from inputs_from.", r, root, root))
			return false
		}
	}
	for i, s := range steps[:len(steps)-1] {
		if s.isIdx && lengthAt(c.Settings, steps[:i]) <= s.index {
			elem := pathString(steps[:i+1])
			d.errorAt(rng, fmt.Sprintf("Input %q is in an element settings do not give", target), fmt.Sprintf(
				"settings have no %s: give that element in settings (its other attributes), and take only %s from inputs_from.", elem, pathString(steps[i+1:])))
			return false
		}
	}
	return true
}

// checkElementOrder: inputs that are list elements follow the elements
// settings give, in order, with no gap.
func (d *decoder) checkElementOrder(c *Component, ins []Input) {
	byList := map[string][]Input{}
	for _, in := range ins {
		steps := parseAttrPath(in.Target)
		if last := steps[len(steps)-1]; last.isIdx {
			list := pathString(steps[:len(steps)-1])
			byList[list] = append(byList[list], in)
		}
	}
	for _, list := range slices.Sorted(maps.Keys(byList)) {
		elems := byList[list]
		index := func(in Input) int { s := parseAttrPath(in.Target); return s[len(s)-1].index }
		slices.SortFunc(elems, func(x, y Input) int { return index(x) - index(y) })
		given := lengthAt(c.Settings, parseAttrPath(list))
		for i, in := range elems {
			if index(in) != given+i {
				d.errorAt(in.Range, fmt.Sprintf("Input %q leaves %s[%d] unset", in.Target, list, given+i), fmt.Sprintf(
					"settings give %d elements of %s: inputs_from sets the next ones in order, from %s[%d].", given, list, list, given))
				break
			}
		}
	}
}

// literalAt reports whether settings (or a region block's settings) give a
// value at the path or replace the object it lies in, and where.
func (c *Component) literalAt(steps []step) (string, bool) {
	if hasValueAt(c.Settings, steps) {
		return "settings", true
	}
	for _, r := range c.Regions {
		if hasValueAt(c.RegionSettings[r], steps) {
			return fmt.Sprintf("the settings of region %q", r), true
		}
	}
	return "", false
}

// valueAt is the literal value at a path of settings; false when settings
// give none or the path leaves the literal (past a list's end, or into a
// value that is not an object or list).
func valueAt(settings map[string]cty.Value, steps []step) (cty.Value, bool) {
	v, ok := settings[steps[0].name]
	for _, s := range steps[1:] {
		if !ok || v.IsNull() || !v.IsKnown() {
			return cty.NilVal, false
		}
		t := v.Type()
		switch {
		case s.isIdx && (t.IsTupleType() || t.IsListType() || t.IsSetType()):
			if s.index >= v.LengthInt() {
				return cty.NilVal, false
			}
			v = v.AsValueSlice()[s.index]
		case !s.isIdx && t.IsObjectType():
			if !t.HasAttribute(s.name) {
				return cty.NilVal, false
			}
			v = v.GetAttr(s.name)
		default:
			return v, true // a literal in place of the object or list
		}
	}
	return v, ok
}

func hasValueAt(settings map[string]cty.Value, steps []step) bool {
	v, ok := valueAt(settings, steps)
	return ok && !v.IsNull()
}

// lengthAt is the number of elements of the literal list at a path (0 when
// none).
func lengthAt(settings map[string]cty.Value, steps []step) int {
	v, ok := valueAt(settings, steps)
	if !ok || v.IsNull() || !v.IsKnown() || !v.CanIterateElements() || v.Type().IsObjectType() || v.Type().IsMapType() {
		return 0
	}
	return v.LengthInt()
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
