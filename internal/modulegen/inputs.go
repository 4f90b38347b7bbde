package modulegen

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/zclconf/go-cty/cty"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/hclgen"
)

// module is what the files of one module are rendered from.
type module struct {
	name         string // directory name
	resourceType string
	provider     string // the provider's local name
	description  string
	inputs       []input // required first, then by name
	outputs      []output
}

// input is one module variable, fed from a configurable top-level attribute
// or block of the resource.
type input struct {
	name        string
	description string
	typ         tfType
	required    bool
	def         cty.Value // the variable's default; cty.NilVal when required
	nullable    bool
	sensitive   bool
	block       *blockShape // set when the input feeds a nested block
	rules       []rule
}

// output is one module output: a computed top-level attribute.
type output struct {
	name, description string
	sensitive         bool
}

// reservedNames cannot name a module variable.
var reservedNames = []string{"count", "depends_on", "for_each", "lifecycle", "locals", "providers", "source", "version"}

func newModule(ctx context.Context, r Resource) (module, error) {
	m := module{name: r.Module, resourceType: r.TypeName, provider: r.Provider, description: r.Schema.MarkdownDescription}
	for _, name := range hclgen.SortedKeys(r.Schema.Attributes) {
		a := r.Schema.Attributes[name]
		if a.IsComputed() {
			m.outputs = append(m.outputs, output{name: name, description: describe(name, a), sensitive: a.IsSensitive()})
		}
		if !configurable(a) {
			continue
		}
		in, err := attributeInput(ctx, name, a)
		if err != nil {
			return module{}, fmt.Errorf("attribute %s: %w", name, err)
		}
		m.inputs = append(m.inputs, in)
	}
	for _, name := range hclgen.SortedKeys(r.Schema.Blocks) {
		in, err := blockInput(ctx, name, r.Schema.Blocks[name])
		if err != nil {
			return module{}, fmt.Errorf("block %s: %w", name, err)
		}
		m.inputs = append(m.inputs, in)
	}
	slices.SortFunc(m.inputs, func(a, b input) int {
		return cmp.Or(-compareBool(a.required, b.required), cmp.Compare(a.name, b.name))
	})
	return m, m.attachRules()
}

func compareBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	}
	return -1
}

func configurable(a schema.Attribute) bool { return a.IsRequired() || a.IsOptional() }

// fallbackDescriptions describe well-known arguments that come without a
// description, such as terraform-plugin-framework-timeouts' timeouts.
var fallbackDescriptions = map[string]string{
	"timeouts": "How long create, update and delete may take, as durations such as \"60m\"; each defaults to the provider's own timeout.",
}

// describe is the Markdown description of a, else its plain one, else a
// fallback for well-known arguments.
func describe(name string, a interface {
	GetMarkdownDescription() string
	GetDescription() string
}) string {
	return cmp.Or(a.GetMarkdownDescription(), a.GetDescription(), fallbackDescriptions[name])
}

func attributeInput(ctx context.Context, name string, a schema.Attribute) (input, error) {
	if slices.Contains(reservedNames, name) {
		return input{}, fmt.Errorf("%q is reserved by Terraform and cannot name a module variable", name)
	}
	t, err := attributeType(ctx, a)
	if err != nil {
		return input{}, err
	}
	def, err := staticDefault(ctx, a)
	if err != nil {
		return input{}, err
	}
	in := input{name: name, description: describe(name, a), typ: t, required: a.IsRequired(), def: def, sensitive: a.IsSensitive()}
	switch {
	case in.required:
		in.def = cty.NilVal
	case def == cty.NilVal:
		in.def, in.nullable = cty.NullVal(t.cty()), true
	}
	return in, nil
}

// attributeType is the type constraint of a configurable attribute; nested
// attributes become objects of their configurable attributes, optional ones
// with their static defaults.
func attributeType(ctx context.Context, a schema.Attribute) (tfType, error) {
	switch a := a.(type) {
	case schema.SingleNestedAttribute:
		return objectType(ctx, a.Attributes)
	case schema.ListNestedAttribute:
		return nestedCollection(ctx, kindList, a.NestedObject.Attributes)
	case schema.SetNestedAttribute:
		return nestedCollection(ctx, kindSet, a.NestedObject.Attributes)
	case schema.MapNestedAttribute:
		return nestedCollection(ctx, kindMap, a.NestedObject.Attributes)
	}
	return fromTF(a.GetType().TerraformType(ctx))
}

func nestedCollection(ctx context.Context, k kind, attrs map[string]schema.Attribute) (tfType, error) {
	obj, err := objectType(ctx, attrs)
	if err != nil {
		return tfType{}, err
	}
	return collection(k, obj), nil
}

func objectType(ctx context.Context, attrs map[string]schema.Attribute) (tfType, error) {
	obj := tfType{kind: kindObject}
	for _, name := range hclgen.SortedKeys(attrs) {
		a := attrs[name]
		if !configurable(a) {
			continue
		}
		t, err := attributeType(ctx, a)
		if err != nil {
			return tfType{}, fmt.Errorf("%s: %w", name, err)
		}
		def, err := staticDefault(ctx, a)
		if err != nil {
			return tfType{}, fmt.Errorf("%s: %w", name, err)
		}
		obj.fields = append(obj.fields, field{name: name, typ: t, optional: !a.IsRequired(), def: def})
	}
	return obj, nil
}
