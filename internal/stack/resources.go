package stack

import (
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclwrite"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/blueprint"
)

// Resources renders the units of env in region as one Terraform file of
// hipaa_* resource blocks — the resource each module block of the
// terraform format wraps — with the same inputs, wired by resource
// attributes, and the hipaa provider block (region, compliance_mode,
// default_tags) with an alias per other region a unit is made in. It is
// what hipaagen eject reads for a blueprint. The file has no header and no
// backend.
func Resources(b *blueprint.Blueprint, env *blueprint.Environment, region string) []byte {
	r := renderer{bp: b}
	f := hclwrite.NewEmptyFile()
	body := f.Body()
	units := env.Units(region)
	r.appendProviders(body, env, region, units)
	for _, u := range units {
		body.AppendNewline()
		res := body.AppendNewBlock("resource", []string{u.Component.Kind.ResourceType, blockName(u)}).Body()
		if p := providerRef(u); p != nil {
			res.SetAttributeTraversal("provider", p)
		}
		setAttributes(res, unitInputs(u, resourceRef))
	}
	return format(f)
}

// resourceRef is <resource type>.<kind>_<name>.<attribute>: a module's
// outputs are named as its resource's attributes.
func resourceRef(from *blueprint.Unit, output string) hcl.Traversal {
	return traversal(from.Component.Kind.ResourceType, blockName(from), output)
}
