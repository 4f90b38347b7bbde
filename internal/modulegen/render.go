package modulegen

import (
	"fmt"

	"github.com/hashicorp/hcl/v2/hclwrite"
	"github.com/zclconf/go-cty/cty"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/hclgen"
)

// requiredVersion is the oldest Terraform the modules support: optional()
// object attributes with defaults need 1.3, nullable 1.1.
const requiredVersion = ">= 1.5"

// files renders every file of the module, sorted by name.
func (m module) files() ([]File, error) {
	vars, err := m.variables()
	if err != nil {
		return nil, err
	}
	main, err := m.main()
	if err != nil {
		return nil, err
	}
	readme, err := m.readme()
	if err != nil {
		return nil, err
	}
	return []File{
		newFile("README.md", hclgen.HTMLComment, readme),
		newFile("main.tf", hclgen.HashComment, main),
		newFile("outputs.tf", hclgen.HashComment, m.outputsFile()),
		newFile("variables.tf", hclgen.HashComment, vars),
		newFile("versions.tf", hclgen.HashComment, m.versions()),
	}, nil
}

// newFile separates the header from the content with a blank line.
func newFile(name string, c hclgen.Comment, content []byte) File {
	return File{Name: name, Comment: c, Body: append([]byte("\n"), content...)}
}

// variables renders variables.tf: one variable per input.
func (m module) variables() ([]byte, error) {
	f := hclwrite.NewFile()
	for _, in := range m.inputs {
		b := hclgen.AppendBlock(f.Body(), "variable", in.name)
		b.SetAttributeValue("description", cty.StringVal(in.description))
		b.SetAttributeRaw("type", in.typ.tokens())
		if in.def != cty.NilVal {
			b.SetAttributeValue("default", in.def)
		}
		if !in.nullable {
			b.SetAttributeValue("nullable", cty.False)
		}
		if in.sensitive {
			b.SetAttributeValue("sensitive", cty.True)
		}
		for _, r := range in.rules {
			v := hclgen.AppendBlock(b, "validation")
			if err := hclgen.SetExpr(v, "condition", r.condition); err != nil {
				return nil, fmt.Errorf("variable %s: %w", in.name, err)
			}
			v.SetAttributeValue("error_message", cty.StringVal(r.message))
		}
	}
	return hclgen.Format(f), nil
}

// main renders main.tf: the resource with every argument from its variable,
// nested blocks as dynamic blocks.
func (m module) main() ([]byte, error) {
	f := hclwrite.NewFile()
	res := hclgen.AppendBlock(f.Body(), "resource", m.resourceType, "this")
	for _, in := range m.inputs {
		if in.block == nil {
			res.SetAttributeTraversal(in.name, hclgen.Ref("var", in.name))
		}
	}
	for _, in := range m.inputs {
		if in.block != nil {
			if err := dynamicBlock(res, in.name, ref(in.name), *in.block); err != nil {
				return nil, err
			}
		}
	}
	return hclgen.Format(f), nil
}

// dynamicBlock renders block name from the expression source: a list or set
// of objects, or an object or null for a single block.
func dynamicBlock(body *hclwrite.Body, name, source string, s blockShape) error {
	d := hclgen.AppendBlock(body, "dynamic", name)
	forEach := source
	if s.single {
		forEach = fmt.Sprintf("%s == null ? [] : [%s]", source, source)
	}
	if err := hclgen.SetExpr(d, "for_each", forEach); err != nil {
		return fmt.Errorf("block %s: %w", name, err)
	}
	content := hclgen.AppendBlock(d, "content")
	for _, a := range s.attrs {
		content.SetAttributeTraversal(a, hclgen.Ref(name, "value", a))
	}
	for _, nb := range s.blocks {
		if err := dynamicBlock(content, nb.name, name+".value."+nb.name, nb.shape); err != nil {
			return err
		}
	}
	return nil
}

// outputsFile renders outputs.tf: one output per computed attribute.
func (m module) outputsFile() []byte {
	f := hclwrite.NewFile()
	for _, o := range m.outputs {
		b := hclgen.AppendBlock(f.Body(), "output", o.name)
		b.SetAttributeValue("description", cty.StringVal(o.description))
		b.SetAttributeTraversal("value", hclgen.Ref(m.resourceType, "this", o.name))
		if o.sensitive {
			b.SetAttributeValue("sensitive", cty.True)
		}
	}
	return hclgen.Format(f)
}

// versions renders versions.tf: the Terraform and provider requirements.
func (m module) versions() []byte {
	f := hclwrite.NewFile()
	tf := hclgen.AppendBlock(f.Body(), "terraform")
	tf.SetAttributeValue("required_version", cty.StringVal(requiredVersion))
	req := hclgen.AppendBlock(tf, "required_providers")
	req.SetAttributeValue(m.provider, cty.ObjectVal(map[string]cty.Value{"source": cty.StringVal(ProviderSource)}))
	return hclgen.Format(f)
}
