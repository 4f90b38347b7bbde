package blueprint

import (
	"context"
	"maps"
	"path/filepath"
	"slices"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/ext/typeexpr"
	"github.com/hashicorp/hcl/v2/hclparse"
	rschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/zclconf/go-cty/cty"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/provider"
)

// providerSchemas returns the provider's resource schemas by type name.
func providerSchemas(t *testing.T) map[string]rschema.Schema {
	out, err := provider.ResourceSchemas(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// ctyType converts a Terraform type.
func ctyType(t *testing.T, tt tftypes.Type) cty.Type {
	switch x := tt.(type) {
	case tftypes.List:
		return cty.List(ctyType(t, x.ElementType))
	case tftypes.Set:
		return cty.Set(ctyType(t, x.ElementType))
	case tftypes.Map:
		return cty.Map(ctyType(t, x.ElementType))
	case tftypes.Object:
		attrs := map[string]cty.Type{}
		for n, at := range x.AttributeTypes {
			attrs[n] = ctyType(t, at)
		}
		return cty.Object(attrs)
	}
	switch {
	case tt.Equal(tftypes.String):
		return cty.String
	case tt.Equal(tftypes.Number):
		return cty.Number
	case tt.Equal(tftypes.Bool):
		return cty.Bool
	}
	t.Fatalf("unexpected type %s", tt)
	return cty.NilType
}

// TestKinds_matchProviderSchemas: every kind's inputs are exactly its
// resource's configurable attributes (type, required, computed) and its
// computed outputs exactly the computed-only ones.
func TestKinds_matchProviderSchemas(t *testing.T) {
	ctx := context.Background()
	schemas := providerSchemas(t)
	for _, k := range Kinds {
		s, ok := schemas[k.ResourceType]
		if !ok {
			t.Errorf("the provider has no %s", k.ResourceType)
			continue
		}
		want := map[string]Attribute{}
		wantComputed := map[string]cty.Type{}
		for name, a := range s.Attributes {
			typ := ctyType(t, a.GetType().TerraformType(ctx))
			if a.IsRequired() || a.IsOptional() {
				want[name] = Attribute{Name: name, Type: typ, Required: a.IsRequired(), Computed: a.IsComputed()}
			} else {
				wantComputed[name] = typ
			}
		}
		for _, a := range k.Inputs {
			if w, ok := want[a.Name]; !ok || !w.Type.Equals(a.Type) || w.Required != a.Required || w.Computed != a.Computed {
				t.Errorf("%s input %s: table %#v, schema %#v (present %v)", k.ResourceType, a.Name, a, w, ok)
			}
			delete(want, a.Name)
		}
		for _, o := range k.Computed {
			if w, ok := wantComputed[o.Name]; !ok || !w.Equals(o.Type) {
				t.Errorf("%s output %s: table %#v, schema %#v (present %v)", k.ResourceType, o.Name, o.Type, w, ok)
			}
			delete(wantComputed, o.Name)
		}
		if len(want)+len(wantComputed) > 0 {
			t.Errorf("%s attributes missing from the kinds table: inputs %v, computed %v", k.ResourceType,
				slices.Sorted(maps.Keys(want)), slices.Sorted(maps.Keys(wantComputed)))
		}
	}
}

// moduleBlocks reads the blocks of type typ (variable or output) of a
// module file, by label.
func moduleBlocks(t *testing.T, file, typ string) map[string]*hcl.Block {
	f, diags := hclparse.NewParser().ParseHCLFile(file)
	if diags.HasErrors() {
		t.Fatalf("%s: %v (generate the modules with hipaagen modules)", file, diags)
	}
	content, _, diags := f.Body.PartialContent(&hcl.BodySchema{Blocks: []hcl.BlockHeaderSchema{{Type: typ, LabelNames: []string{"name"}}}})
	if diags.HasErrors() {
		t.Fatalf("%s: %v", file, diags)
	}
	out := map[string]*hcl.Block{}
	for _, b := range content.Blocks {
		out[b.Labels[0]] = b
	}
	return out
}

// TestKinds_matchModules: modules/<dir>/ has a variable of the same type
// for exactly every input, and an output for every output a blueprint can
// reference.
func TestKinds_matchModules(t *testing.T) {
	for _, k := range Kinds {
		dir := filepath.Join("..", "..", "modules", k.ModuleDir())
		vars := moduleBlocks(t, filepath.Join(dir, "variables.tf"), "variable")
		for _, a := range k.Inputs {
			b, ok := vars[a.Name]
			if !ok {
				t.Errorf("%s has no variable %q", dir, a.Name)
				continue
			}
			if got := variableType(t, b); !got.Equals(a.Type) {
				t.Errorf("%s variable %q is %s, want %s", dir, a.Name, got.FriendlyName(), a.Type.FriendlyName())
			}
			delete(vars, a.Name)
		}
		if len(vars) > 0 {
			t.Errorf("%s has variables that are not inputs of %s: %v", dir, k.Name, slices.Sorted(maps.Keys(vars)))
		}
		outputs := moduleBlocks(t, filepath.Join(dir, "outputs.tf"), "output")
		for _, name := range k.OutputNames() {
			if _, ok := outputs[name]; !ok {
				t.Errorf("%s has no output %q", dir, name)
			}
		}
	}
}

// variableType is a variable block's type without optional() markers.
func variableType(t *testing.T, b *hcl.Block) cty.Type {
	content, _, diags := b.Body.PartialContent(&hcl.BodySchema{Attributes: []hcl.AttributeSchema{{Name: "type", Required: true}}})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	ty, _, diags := typeexpr.TypeConstraintWithDefaults(content.Attributes["type"].Expr)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	return ty.WithoutOptionalAttributesDeep()
}
