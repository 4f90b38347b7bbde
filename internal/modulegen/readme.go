package modulegen

import (
	"fmt"
	"strings"

	"github.com/hashicorp/hcl/v2/hclwrite"
	"github.com/zclconf/go-cty/cty"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/hclgen"
)

// moduleSource is the module's address in the provider's repository.
const moduleSource = "github.com/hipaa-iac/terraform-provider-hipaa//modules/"

// readme renders README.md: description, usage with the required inputs,
// and the Inputs and Outputs tables.
func (m module) readme() ([]byte, error) {
	usage, err := m.usage()
	if err != nil {
		return nil, err
	}
	var b strings.Builder
	fmt.Fprintf(&b, "# Module `%s`\n\n", m.name)
	fmt.Fprintf(&b, "One `%s` resource, every argument a variable and every attribute an output.\n\n", m.resourceType)
	b.WriteString(m.description + "\n\n")
	b.WriteString("## Usage\n\n```hcl\n" + string(usage) + "```\n\n")
	b.WriteString("## Inputs\n\n| Name | Description | Type | Default | Required |\n|------|-------------|------|---------|:--------:|\n")
	for _, in := range m.inputs {
		def, required := "n/a", "yes"
		if !in.required {
			def, required = "`"+compactValue(in.def)+"`", "no"
		}
		fmt.Fprintf(&b, "| `%s` | %s | `%s` | %s | %s |\n", in.name, cell(in.description), cell(in.typ.String()), cell(def), required)
	}
	b.WriteString("\n## Outputs\n\n| Name | Description |\n|------|-------------|\n")
	for _, o := range m.outputs {
		fmt.Fprintf(&b, "| `%s` | %s |\n", o.name, cell(o.description))
	}
	return []byte(b.String()), nil
}

// usage is a module block passing a placeholder for every required input.
func (m module) usage() ([]byte, error) {
	f := hclwrite.NewFile()
	mod := hclgen.AppendBlock(f.Body(), "module", m.name)
	mod.SetAttributeValue("source", cty.StringVal(moduleSource+m.name))
	mod.AppendNewline()
	for _, in := range m.inputs {
		if in.required {
			if err := hclgen.SetExpr(mod, in.name, in.typ.example(in.name)); err != nil {
				return nil, fmt.Errorf("usage example: %w", err)
			}
		}
	}
	return hclgen.Format(f), nil
}

// cell escapes text for a Markdown table cell.
func cell(s string) string {
	return strings.NewReplacer("|", `\|`, "\n", " ").Replace(s)
}
