package stack

import (
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclwrite"
	"github.com/zclconf/go-cty/cty"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/blueprint"
)

// terraform renders <env>/<region>/main.tf: one root module per
// environment and region.
func (r renderer) terraform() map[string][]byte {
	files := map[string][]byte{}
	for _, env := range r.bp.Environments {
		for _, region := range env.Regions {
			files[env.Name+"/"+region+"/"+RootModuleFile] = r.rootModule(env, region)
		}
	}
	return files
}

// rootModule renders the S3 backend, the provider (and an alias per other
// region units are made in) and a module block per unit in dependency
// order, wired by module outputs.
func (r renderer) rootModule(env *blueprint.Environment, region string) []byte {
	str := func(v string) hclwrite.Tokens { return hclwrite.TokensForValue(cty.StringVal(v)) }
	f := hclwrite.NewEmptyFile()
	body := f.Body()
	tf := body.AppendNewBlock("terraform", nil).Body()
	appendRequiredProviders(tf)
	tf.AppendNewline()
	setAttributes(tf.AppendNewBlock("backend", []string{"s3"}).Body(), r.backend(str(env.Name+"/"+region+"/terraform.tfstate")))
	body.AppendNewline()
	units := env.Units(region)
	r.appendProviders(body, env, region, units)
	for _, u := range units {
		body.AppendNewline()
		m := body.AppendNewBlock("module", []string{blockName(u)}).Body()
		m.SetAttributeValue("source", cty.StringVal(r.moduleSource(u, 2)))
		if p := providerRef(u); p != nil {
			m.SetAttributeRaw("providers", stringMapTokens(map[string]hclwrite.Tokens{"hipaa": hclwrite.TokensForTraversal(p)}))
		}
		m.AppendNewline()
		setAttributes(m, unitInputs(u, moduleRef))
	}
	return format(f)
}

// moduleRef is module.<kind>_<name>.<output>.
func moduleRef(from *blueprint.Unit, output string) hcl.Traversal {
	return traversal("module", blockName(from), output)
}
