package stack

import (
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/hashicorp/hcl/v2/hclwrite"
	"github.com/zclconf/go-cty/cty"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/blueprint"
)

// exprTokens returns the tokens of src, an HCL expression that is a
// constant of this package (never user data: that goes through
// hclwrite.TokensForValue). A syntax error in it is a bug, hence a panic.
func exprTokens(src string) hclwrite.Tokens {
	f, diags := hclwrite.ParseConfig([]byte("x = "+src+"\n"), "", hcl.InitialPos)
	if diags.HasErrors() {
		panic(fmt.Sprintf("stack: invalid constant expression %s: %s", src, diags.Error()))
	}
	return f.Body().GetAttribute("x").Expr().BuildTokens(nil)
}

// keyTokens renders an object key: bare when it is an identifier, quoted otherwise.
func keyTokens(k string) hclwrite.Tokens {
	if hclsyntax.ValidIdentifier(k) {
		return hclwrite.TokensForIdentifier(k)
	}
	return hclwrite.TokensForValue(cty.StringVal(k))
}

// stringMapTokens renders a map of strings with sorted keys; values are
// tokens so that some can be templates.
func stringMapTokens(m map[string]hclwrite.Tokens) hclwrite.Tokens {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	items := make([]hclwrite.ObjectAttrTokens, len(keys))
	for i, k := range keys {
		items[i] = hclwrite.ObjectAttrTokens{Name: keyTokens(k), Value: m[k]}
	}
	return hclwrite.TokensForObject(items)
}

// refFunc is how a format refers to another unit's output:
// dependency.<name>.outputs.<output> or module.<name>.<output>.
type refFunc func(from *blueprint.Unit, output string) hcl.Traversal

// input is one module input of a unit, rendered.
type input struct {
	name   string
	tokens hclwrite.Tokens
}

// unitInputs renders u's inputs in the order of the kind's attributes:
// literal values, with each wired path replaced by a reference.
func unitInputs(u *blueprint.Unit, ref refFunc) []input {
	var out []input
	for _, a := range u.Component.Kind.Inputs {
		v, literal := u.Values[a.Name]
		wired := slices.ContainsFunc(u.Wires, func(w blueprint.Wire) bool {
			return w.Target == a.Name || strings.HasPrefix(w.Target, a.Name+".")
		})
		if literal || wired {
			out = append(out, input{a.Name, valueTokens(a.Name, v, u.Wires, ref)})
		}
	}
	return out
}

// valueTokens renders the value at path: a reference if a wire targets it,
// an object of literal and wired attributes if wires target inside it,
// else the literal v.
func valueTokens(path string, v cty.Value, wires []blueprint.Wire, ref refFunc) hclwrite.Tokens {
	var inside []blueprint.Wire
	for _, w := range wires {
		if w.Target == path {
			return hclwrite.TokensForTraversal(ref(w.From, w.Output))
		}
		if strings.HasPrefix(w.Target, path+".") {
			inside = append(inside, w)
		}
	}
	if len(inside) == 0 {
		return hclwrite.TokensForValue(v)
	}
	attrs := map[string]cty.Value{}
	if v != cty.NilVal && !v.IsNull() && v.Type().IsObjectType() {
		for k, x := range v.AsValueMap() {
			attrs[k] = x
		}
	}
	names := make([]string, 0, len(attrs)+len(inside))
	for k := range attrs {
		names = append(names, k)
	}
	for _, w := range inside {
		names = append(names, strings.SplitN(strings.TrimPrefix(w.Target, path+"."), ".", 2)[0])
	}
	slices.Sort(names)
	items := make([]hclwrite.ObjectAttrTokens, 0, len(names))
	for _, n := range slices.Compact(names) {
		items = append(items, hclwrite.ObjectAttrTokens{Name: keyTokens(n), Value: valueTokens(path+"."+n, attrs[n], inside, ref)})
	}
	return hclwrite.TokensForObject(items)
}

// traversal builds root.a.b….
func traversal(root string, attrs ...string) hcl.Traversal {
	t := hcl.Traversal{hcl.TraverseRoot{Name: root}}
	for _, a := range attrs {
		t = append(t, hcl.TraverseAttr{Name: a})
	}
	return t
}

// format returns the file's bytes as terraform fmt would write them.
func format(f *hclwrite.File) []byte {
	return hclwrite.Format(f.Bytes())
}
