package stack

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
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
		wired := slices.ContainsFunc(u.Wires, func(w blueprint.Wire) bool { return blueprint.Within(w.Target, a.Name) })
		if literal || wired {
			out = append(out, input{a.Name, valueTokens(a.Name, v, u.Wires, ref)})
		}
	}
	return out
}

// valueTokens renders the value at path: a reference if a wire targets it;
// a list of literal and wired elements, or an object of literal and wired
// attributes, if wires target inside it; else the literal v.
func valueTokens(path string, v cty.Value, wires []blueprint.Wire, ref refFunc) hclwrite.Tokens {
	var inside []blueprint.Wire
	elements := 0 // the length of a list that wires set elements of
	for _, w := range wires {
		if w.Target == path {
			return hclwrite.TokensForTraversal(ref(w.From, w.Output))
		}
		if !blueprint.Within(w.Target, path) {
			continue
		}
		inside = append(inside, w)
		if rest := w.Target[len(path):]; rest[0] == '[' {
			i, _ := strconv.Atoi(rest[1:strings.Index(rest, "]")])
			elements = max(elements, i+1)
		}
	}
	literal := v != cty.NilVal && !v.IsNull() && v.IsKnown()
	switch {
	case len(inside) == 0 && v == cty.NilVal:
		return hclwrite.TokensForValue(cty.NullVal(cty.DynamicPseudoType))
	case len(inside) == 0:
		return hclwrite.TokensForValue(v)
	case elements > 0:
		var elems []cty.Value
		if literal {
			elems = v.AsValueSlice()
		}
		items := make([]hclwrite.Tokens, max(elements, len(elems)))
		for i := range items {
			e := cty.NilVal
			if i < len(elems) {
				e = elems[i]
			}
			items[i] = valueTokens(fmt.Sprintf("%s[%d]", path, i), e, inside, ref)
		}
		return hclwrite.TokensForTuple(items)
	}
	attrs := map[string]cty.Value{}
	if literal && v.Type().IsObjectType() {
		for k, x := range v.AsValueMap() {
			attrs[k] = x
		}
	}
	names := slices.Collect(maps.Keys(attrs))
	for _, w := range inside {
		rest := strings.TrimPrefix(w.Target, path+".")
		names = append(names, rest[:strings.IndexFunc(rest+".", func(r rune) bool { return r == '.' || r == '[' })])
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
