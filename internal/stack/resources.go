package stack

import (
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclwrite"
	"github.com/zclconf/go-cty/cty"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/blueprint"
)

// Resources renders the units of env in region as one Terraform file of
// hipaa_* resource blocks — the resource each module block of the
// terraform format wraps — with the same inputs, wired by resource
// attributes, and the hipaa provider block (region, compliance_mode,
// default_tags). It is what hipaagen eject reads for a blueprint. The file
// has no header and no backend.
func Resources(b *blueprint.Blueprint, env *blueprint.Environment, region string) []byte {
	r := renderer{bp: b}
	str := func(v string) hclwrite.Tokens { return hclwrite.TokensForValue(cty.StringVal(v)) }
	f := hclwrite.NewEmptyFile()
	body := f.Body()
	r.appendProvider(body, str(region), str(env.Name))
	for _, u := range env.Units(region) {
		body.AppendNewline()
		res := body.AppendNewBlock("resource", []string{u.Component.Kind.ResourceType, blockName(u)}).Body()
		setAttributes(res, unitInputs(u, resourceRef))
	}
	return format(f)
}

// resourceRef is <resource type>.<kind>_<name>.<attribute>: a module's
// outputs are named as its resource's attributes.
func resourceRef(from *blueprint.Unit, output string) hcl.Traversal {
	return traversal(from.Component.Kind.ResourceType, blockName(from), output)
}
