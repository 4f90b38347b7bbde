package blueprint

import (
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/gohcl"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/lists"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
)

var componentSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{{Name: "settings"}, {Name: "inputs_from"}, {Name: "regions"}, {Name: "provider_region"}},
	Blocks:     []hcl.BlockHeaderSchema{{Type: "region", LabelNames: []string{"name"}}},
}

var regionSchema = &hcl.BodySchema{Attributes: []hcl.AttributeSchema{{Name: "settings", Required: true}}}

// componentSource keeps the syntax a component came from, for diagnostics.
type componentSource struct {
	block          *hcl.Block
	settings       hcl.Expression            // nil without settings
	regionSettings map[string]hcl.Expression // region block settings
}

func (d *decoder) decodeComponent(env *Environment, cb *hcl.Block) *Component {
	kind, ok := KindNamed(cb.Labels[0])
	if !ok {
		d.errorAt(cb.LabelRanges[0], fmt.Sprintf("Unknown component kind %q", cb.Labels[0]), "Use one of "+KindNames()+".")
		return nil
	}
	c := &Component{Kind: kind, Name: cb.Labels[1], Regions: env.Regions,
		src: componentSource{block: cb, regionSettings: map[string]hcl.Expression{}}}
	if !labelRE.MatchString(c.Name) {
		d.errorAt(cb.LabelRanges[1], "Invalid component name", fmt.Sprintf(
			"%q: use lowercase letters, digits and single hyphens, starting with a letter (it names directories and resources).", c.Name))
	}
	content, diags := cb.Body.Content(componentSchema)
	d.diags = append(d.diags, diags...)
	if a, ok := content.Attributes["regions"]; ok {
		c.Regions = d.regions(a, env.Regions, "environment "+env.Name)
	}
	if a, ok := content.Attributes["provider_region"]; ok {
		c.ProviderRegion = d.providerRegion(c, a)
	}
	if a, ok := content.Attributes["settings"]; ok {
		c.src.settings = a.Expr
		c.Settings = d.settings(kind, a.Expr)
	}
	d.decodeRegionBlocks(c, content.Blocks.OfType("region"))
	if a, ok := content.Attributes["inputs_from"]; ok {
		c.Inputs = d.inputs(c, a)
	}
	return c
}

// providerRegion reads provider_region: a key made in another region than
// the root that manages it (with the components that use it there), such
// as the key of a bucket's replica.
func (d *decoder) providerRegion(c *Component, a *hcl.Attribute) string {
	r := d.region(a.Expr)
	switch {
	case c.Kind != kindKeys:
		d.errorAt(a.NameRange, "provider_region is for keys components", fmt.Sprintf(
			"%s is made in the region of the root that manages it. provider_region makes a key in another region (such as a bucket's replica key): remove it here.",
			c.Kind.ResourceType))
	case len(c.Regions) > 1:
		d.errorAt(a.NameRange, "A component with provider_region is deployed once", fmt.Sprintf(
			"%s is made in %s by the root of one region: name that region, the one whose components use it, in regions (such as regions = [%q]).",
			c.ID(), r, c.Regions[0]))
	}
	return r
}

// decodeRegionBlocks reads region "<name>" { settings = {…} } overrides.
func (d *decoder) decodeRegionBlocks(c *Component, blocks hcl.Blocks) {
	c.RegionSettings = map[string]map[string]cty.Value{}
	for _, rb := range blocks {
		r := rb.Labels[0]
		switch _, dup := c.RegionSettings[r]; {
		case dup:
			d.errorAt(rb.LabelRanges[0], "Duplicate region block "+r, "Merge the settings of both region \""+r+"\" blocks.")
			continue
		case !slices.Contains(c.Regions, r):
			d.errorAt(rb.LabelRanges[0], "Component "+c.ID()+" is not deployed in "+r,
				fmt.Sprintf("It is deployed in %s: remove this block, or deploy it there.", lists.Quoted(c.Regions)))
			continue
		}
		content, diags := rb.Body.Content(regionSchema)
		d.diags = append(d.diags, diags...)
		c.RegionSettings[r] = map[string]cty.Value{}
		if a, ok := content.Attributes["settings"]; ok {
			c.src.regionSettings[r] = a.Expr
			c.RegionSettings[r] = d.settings(c.Kind, a.Expr)
		}
	}
}

// settings decodes a settings object: every key a configurable attribute of
// the kind (not its name attribute), every value a literal of its type.
func (d *decoder) settings(k *Kind, expr hcl.Expression) map[string]cty.Value {
	pairs, diags := hcl.ExprMap(expr)
	if diags.HasErrors() {
		d.diags = append(d.diags, diags...)
		return nil
	}
	out := map[string]cty.Value{}
	for _, p := range pairs {
		key, ok := d.key(p.Key)
		if !ok {
			continue
		}
		attr, known := k.Input(key)
		switch _, dup := out[key]; {
		case !known:
			d.errorAt(p.Key.Range(), fmt.Sprintf("Unsupported setting %q", key), fmt.Sprintf(
				"%s has no argument %q. Its arguments are: %s.", k.ResourceType, key, strings.Join(k.settable(), ", ")))
		case key == k.NameAttribute:
			d.errorAt(p.Key.Range(), fmt.Sprintf("Setting %q is set by hipaagen", key), fmt.Sprintf(
				"hipaagen sets %s to <environment>-<component>-<region code> (such as \"prod-main-use1\") so it is unique in every region and account: remove it, and rename the component instead.", key))
		case dup:
			d.errorAt(p.Key.Range(), fmt.Sprintf("Duplicate setting %q", key), "Set each argument once.")
		default:
			if v, ok := d.literal(attr, p.Value); ok {
				out[key] = v
			}
		}
	}
	return out
}

// settable lists the arguments a blueprint may set: every input but the name.
func (k *Kind) settable() []string {
	var names []string
	for _, a := range k.Inputs {
		if a.Name != k.NameAttribute {
			names = append(names, a.Name)
		}
	}
	return names
}

// key evaluates an object key to its string.
func (d *decoder) key(expr hcl.Expression) (string, bool) {
	var s string
	diags := gohcl.DecodeExpression(expr, nil, &s)
	d.diags = append(d.diags, diags...)
	return s, !diags.HasErrors()
}

// literal evaluates a setting's value and checks it against the
// attribute's type (nested object attributes all optional: required ones
// are the resource checks' business) and that its numbers are whole.
func (d *decoder) literal(attr Attribute, expr hcl.Expression) (cty.Value, bool) {
	v, diags := expr.Value(nil)
	if diags.HasErrors() {
		d.diags = append(d.diags, diags...)
		return cty.NilVal, false
	}
	if v.IsNull() {
		return v, true
	}
	if err := unsupportedAttributes(v, attr.Type, nil); err != nil {
		d.invalidValue(attr.Name, expr, err)
		return cty.NilVal, false
	}
	converted, err := convert.Convert(v, literalType(attr.Type))
	if err != nil {
		d.invalidValue(attr.Name, expr, err)
		return cty.NilVal, false
	}
	if err := wholeNumbers(converted); err != nil {
		d.invalidValue(attr.Name, expr, err)
		return cty.NilVal, false
	}
	return v, true
}

// invalidValue reports err (a cty.PathError when it can) at the part of
// expr it is about.
func (d *decoder) invalidValue(name string, expr hcl.Expression, err error) {
	steps := pathSteps(err)
	d.errorAt(rangeAt(expr, steps), fmt.Sprintf("Invalid value for setting %q", name),
		fmt.Sprintf("%s: %s.", name+formatSteps(steps), err.Error()))
}

// literalType is t with every attribute of its object types optional, in
// list elements too (inputs_from may set one: rules[0].copy_to[0].kms_key_arn).
func literalType(t cty.Type) cty.Type {
	switch {
	case t.IsObjectType():
		attrs := map[string]cty.Type{}
		var names []string
		for n, at := range t.AttributeTypes() {
			attrs[n] = literalType(at)
			names = append(names, n)
		}
		return cty.ObjectWithOptionalAttrs(attrs, names)
	case t.IsMapType():
		return cty.Map(literalType(t.ElementType()))
	case t.IsListType():
		return cty.List(literalType(t.ElementType()))
	case t.IsSetType():
		return cty.Set(literalType(t.ElementType()))
	}
	return t
}

// wholeNumbers reports the first number in v that is not a whole number
// (every number argument of the provider is an int64).
func wholeNumbers(v cty.Value) error {
	var found error
	_ = cty.Walk(v, func(p cty.Path, x cty.Value) (bool, error) {
		if found == nil && x.Type() == cty.Number && x.IsKnown() && !x.IsNull() && !x.AsBigFloat().IsInt() {
			found = p.NewErrorf("a whole number is required, not %s", x.AsBigFloat().Text('f', -1))
		}
		return found == nil, nil
	})
	return found
}

// unsupportedAttributes reports the first object attribute in v that t
// does not have (a conversion would silently drop it).
func unsupportedAttributes(v cty.Value, t cty.Type, path cty.Path) error {
	if v.IsNull() || !v.IsKnown() {
		return nil
	}
	vt := v.Type()
	switch {
	case t.IsObjectType() && (vt.IsObjectType() || vt.IsMapType()):
		for it := v.ElementIterator(); it.Next(); {
			k, x := it.Element()
			name := k.AsString()
			p := append(slices.Clone(path), cty.GetAttrStep{Name: name})
			if !t.HasAttribute(name) {
				return p.NewErrorf("unsupported attribute %q", name)
			}
			if err := unsupportedAttributes(x, t.AttributeType(name), p); err != nil {
				return err
			}
		}
	case (t.IsListType() || t.IsSetType() || t.IsMapType()) && (vt.IsTupleType() || vt.IsListType() || vt.IsSetType() || vt.IsObjectType() || vt.IsMapType()):
		for it := v.ElementIterator(); it.Next(); {
			k, x := it.Element()
			if err := unsupportedAttributes(x, t.ElementType(), append(slices.Clone(path), cty.IndexStep{Key: k})); err != nil {
				return err
			}
		}
	}
	return nil
}
