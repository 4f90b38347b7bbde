package stack

import (
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclwrite"
	"github.com/zclconf/go-cty/cty"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/blueprint"
)

// Provider address and the Terraform version S3 lock files need.
const (
	providerSource           = "hipaa-iac/hipaa"
	requiredTerraformVersion = ">= 1.10"
)

// appendRequiredProviders sets required_version and required_providers in
// a terraform block.
func appendRequiredProviders(tf *hclwrite.Body) {
	tf.SetAttributeValue("required_version", cty.StringVal(requiredTerraformVersion))
	tf.AppendNewline()
	rp := tf.AppendNewBlock("required_providers", nil).Body()
	rp.SetAttributeRaw("hipaa", stringMapTokens(map[string]hclwrite.Tokens{"source": hclwrite.TokensForValue(cty.StringVal(providerSource))}))
}

// appendProvider appends the hipaa provider block: its alias (unless ""),
// region, the blueprint's compliance_mode, and default_tags with
// environment and data_classification. region and environment are
// literals or, for Terragrunt, templates of its locals.
func (r renderer) appendProvider(body *hclwrite.Body, alias string, region, environment hclwrite.Tokens) {
	p := body.AppendNewBlock("provider", []string{"hipaa"}).Body()
	if alias != "" {
		p.SetAttributeValue("alias", cty.StringVal(alias))
	}
	p.SetAttributeRaw("region", region)
	p.SetAttributeValue("compliance_mode", cty.StringVal(string(r.bp.ComplianceMode)))
	p.AppendNewline()
	tags := map[string]hclwrite.Tokens{}
	for k, v := range r.bp.DefaultTags("") {
		tags[k] = hclwrite.TokensForValue(cty.StringVal(v))
	}
	tags[blueprint.TagEnvironment] = environment
	p.AppendNewBlock("default_tags", nil).Body().SetAttributeRaw("tags", stringMapTokens(tags))
}

// appendProviders appends the provider of region and an alias for each
// other region the units' resources are made in.
func (r renderer) appendProviders(body *hclwrite.Body, env *blueprint.Environment, region string, units []*blueprint.Unit) {
	str := func(v string) hclwrite.Tokens { return hclwrite.TokensForValue(cty.StringVal(v)) }
	r.appendProvider(body, "", str(region), str(env.Name))
	for _, other := range aliasRegions(units, region) {
		body.AppendNewline()
		r.appendProvider(body, ProviderAlias(other), str(other), str(env.Name))
	}
}

// providerRef is hipaa.<alias> for a unit whose resource is made in
// another region than its root's; nil otherwise.
func providerRef(u *blueprint.Unit) hcl.Traversal {
	if r := u.ProviderRegion(); r != u.Region {
		return traversal("hipaa", ProviderAlias(r))
	}
	return nil
}

// backend is the S3 backend configuration: the blueprint's bucket and
// customer key, encryption and an S3 lock file, under key.
func (r renderer) backend(key hclwrite.Tokens) []input {
	s := r.bp.State
	str := func(v string) hclwrite.Tokens { return hclwrite.TokensForValue(cty.StringVal(v)) }
	return []input{
		{"bucket", str(s.Bucket)},
		{"key", key},
		{"region", str(s.Region)},
		{"encrypt", hclwrite.TokensForValue(cty.True)},
		{"kms_key_id", str(s.KMSKeyARN)},
		{"use_lockfile", hclwrite.TokensForValue(cty.True)},
	}
}

// objectTokens renders inputs as an object in their order.
func objectTokens(ins []input) hclwrite.Tokens {
	items := make([]hclwrite.ObjectAttrTokens, len(ins))
	for i, in := range ins {
		items[i] = hclwrite.ObjectAttrTokens{Name: keyTokens(in.name), Value: in.tokens}
	}
	return hclwrite.TokensForObject(items)
}

// setAttributes sets inputs as attributes of body, in order.
func setAttributes(body *hclwrite.Body, ins []input) {
	for _, in := range ins {
		body.SetAttributeRaw(in.name, in.tokens)
	}
}
