// Package hclgen holds the hclwrite helpers shared by everything hipaagen
// renders (modules, stacks, eject): expressions and traversals as tokens,
// blocks separated by blank lines, deterministic ordering, formatting, and
// the generated-file header that keeps a regeneration from overwriting a
// file someone edited by hand (header.go).
package hclgen

import (
	"cmp"
	"fmt"
	"maps"
	"slices"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/hashicorp/hcl/v2/hclwrite"
	"github.com/zclconf/go-cty/cty"
)

// Format returns f's bytes in canonical HCL layout (hclwrite.Format), the
// layout `terraform fmt` keeps.
func Format(f *hclwrite.File) []byte { return hclwrite.Format(f.Bytes()) }

// Expr parses src as one HCL expression and returns its tokens, so
// hand-written expressions (conditions, type constraints) are checked for
// syntax before they are written.
func Expr(src string) (hclwrite.Tokens, error) {
	if _, diags := hclsyntax.ParseExpression([]byte(src), "expr.hcl", hcl.InitialPos); diags.HasErrors() {
		return nil, fmt.Errorf("parsing expression %q: %s", src, diags.Error())
	}
	f, diags := hclwrite.ParseConfig([]byte("x = "+src+"\n"), "expr.hcl", hcl.InitialPos)
	if diags.HasErrors() {
		return nil, fmt.Errorf("parsing expression %q: %s", src, diags.Error())
	}
	return f.Body().GetAttribute("x").Expr().BuildTokens(nil), nil
}

// SetExpr sets attribute name of body to the expression src.
func SetExpr(body *hclwrite.Body, name, src string) error {
	toks, err := Expr(src)
	if err != nil {
		return fmt.Errorf("attribute %s: %w", name, err)
	}
	body.SetAttributeRaw(name, toks)
	return nil
}

// Ref builds the traversal root.attr1.attr2…, such as var.name or
// hipaa_vpc.this.id.
func Ref(root string, attrs ...string) hcl.Traversal {
	t := hcl.Traversal{hcl.TraverseRoot{Name: root}}
	for _, a := range attrs {
		t = append(t, hcl.TraverseAttr{Name: a})
	}
	return t
}

// Quote returns s as an HCL quoted string literal, with template sequences
// (${, %{) escaped.
func Quote(s string) string { return string(hclwrite.TokensForValue(cty.StringVal(s)).Bytes()) }

// AppendBlock appends a block to body, after a blank line when body already
// holds attributes or blocks, and returns the new block's body.
func AppendBlock(body *hclwrite.Body, typeName string, labels ...string) *hclwrite.Body {
	if len(body.Attributes()) > 0 || len(body.Blocks()) > 0 {
		body.AppendNewline()
	}
	return body.AppendNewBlock(typeName, labels).Body()
}

// SortedKeys returns m's keys in ascending order.
func SortedKeys[M ~map[K]V, K cmp.Ordered, V any](m M) []K {
	return slices.Sorted(maps.Keys(m))
}
