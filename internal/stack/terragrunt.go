package stack

import (
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/hashicorp/hcl/v2/hclwrite"
	"github.com/zclconf/go-cty/cty"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/blueprint"
)

// RootFile is the Terragrunt configuration every unit includes.
const RootFile = "root.hcl"

// mockCommands are the commands a dependency's mock outputs serve before
// it is applied.
var mockCommands = cty.ListVal([]cty.Value{cty.StringVal("init"), cty.StringVal("validate"), cty.StringVal("plan")})

// terragrunt renders root.hcl and <env>/<region>/<kind>-<name>/terragrunt.hcl.
func (r renderer) terragrunt() map[string][]byte {
	files := map[string][]byte{RootFile: r.terragruntRoot()}
	for _, u := range r.bp.Units() {
		files[regionDir(u)+"/"+unitDirName(u)+"/"+UnitFile] = r.terragruntUnit(u)
	}
	return files
}

// terragruntRoot renders root.hcl: the environment and region from the
// unit's path, S3 remote state per unit, and the generated provider.
func (r renderer) terragruntRoot() []byte {
	f := hclwrite.NewEmptyFile()
	body := f.Body()
	body.AppendUnstructuredTokens(comment("Included by every <environment>/<region>/<kind>-<name>/terragrunt.hcl."))
	locals := body.AppendNewBlock("locals", nil).Body()
	locals.SetAttributeRaw("unit", exprTokens(`split("/", path_relative_to_include())`))
	locals.SetAttributeRaw("environment", exprTokens("local.unit[0]"))
	locals.SetAttributeRaw("region", exprTokens("local.unit[1]"))
	body.AppendNewline()
	rs := body.AppendNewBlock("remote_state", nil).Body()
	rs.SetAttributeValue("backend", cty.StringVal("s3"))
	rs.SetAttributeRaw("generate", generateTokens("backend.tf"))
	rs.SetAttributeRaw("config", objectTokens(r.backend(exprTokens(`"${path_relative_to_include()}/terraform.tfstate"`))))
	body.AppendNewline()
	gen := body.AppendNewBlock("generate", []string{"provider"}).Body()
	gen.SetAttributeValue("path", cty.StringVal("provider.tf"))
	gen.SetAttributeValue("if_exists", cty.StringVal("overwrite_terragrunt"))
	gen.SetAttributeRaw("contents", heredoc(r.providerFile()))
	return format(f)
}

// providerFile is the provider.tf Terragrunt writes into every unit.
func (r renderer) providerFile() []byte {
	f := hclwrite.NewEmptyFile()
	appendRequiredProviders(f.Body().AppendNewBlock("terraform", nil).Body())
	f.Body().AppendNewline()
	r.appendProvider(f.Body(), "", exprTokens(`"${local.region}"`), exprTokens(`"${local.environment}"`))
	return format(f)
}

// generateTokens is the generate argument of remote_state.
func generateTokens(path string) hclwrite.Tokens {
	return objectTokens([]input{
		{"path", hclwrite.TokensForValue(cty.StringVal(path))},
		{"if_exists", hclwrite.TokensForValue(cty.StringVal("overwrite_terragrunt"))},
	})
}

// terragruntUnit renders one unit: include of the root, the module
// source, a dependency with mock outputs per unit it takes inputs from,
// and its inputs.
func (r renderer) terragruntUnit(u *blueprint.Unit) []byte {
	f := hclwrite.NewEmptyFile()
	body := f.Body()
	body.AppendNewBlock("include", []string{"root"}).Body().SetAttributeRaw("path", exprTokens(`find_in_parent_folders("`+RootFile+`")`))
	body.AppendNewline()
	body.AppendNewBlock("terraform", nil).Body().SetAttributeValue("source", cty.StringVal(r.moduleSource(u, 3)))
	for _, dep := range u.Dependencies() {
		body.AppendNewline()
		d := body.AppendNewBlock("dependency", []string{blockName(dep)}).Body()
		d.SetAttributeValue("config_path", cty.StringVal(configPath(u, dep)))
		d.SetAttributeValue("mock_outputs", mockOutputs(u, dep))
		d.SetAttributeValue("mock_outputs_allowed_terraform_commands", mockCommands)
	}
	body.AppendNewline()
	body.SetAttributeRaw("inputs", objectTokens(unitInputs(u, dependencyRef)))
	return format(f)
}

// configPath is dep's unit directory from u's: "../<kind>-<name>" when
// both are made in one region, else "../../<region>/<kind>-<name>".
func configPath(u, dep *blueprint.Unit) string {
	if dep.ProviderRegion() == u.ProviderRegion() {
		return "../" + unitDirName(dep)
	}
	return "../../" + dep.ProviderRegion() + "/" + unitDirName(dep)
}

// mockOutputs are stand-ins for every output of dep that u uses.
func mockOutputs(u, dep *blueprint.Unit) cty.Value {
	m := map[string]cty.Value{}
	for _, out := range u.OutputsUsed(dep) {
		m[out] = dep.Mock(out)
	}
	return cty.ObjectVal(m)
}

// dependencyRef is dependency.<kind>_<name>.outputs.<output>.
func dependencyRef(from *blueprint.Unit, output string) hcl.Traversal {
	return traversal("dependency", blockName(from), "outputs", output)
}

// heredoc renders content (ending in a newline) as <<EOF … EOF.
func heredoc(content []byte) hclwrite.Tokens {
	return hclwrite.Tokens{
		{Type: hclsyntax.TokenOHeredoc, Bytes: []byte("<<EOF\n")},
		{Type: hclsyntax.TokenStringLit, Bytes: content},
		{Type: hclsyntax.TokenCHeredoc, Bytes: []byte("EOF")},
	}
}

// comment is a "# text" line.
func comment(text string) hclwrite.Tokens {
	return hclwrite.Tokens{{Type: hclsyntax.TokenComment, Bytes: []byte("# " + text + "\n")}}
}
