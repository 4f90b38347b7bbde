package modulegen

import (
	"fmt"
	"math/big"
	"strings"

	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/hashicorp/hcl/v2/hclwrite"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/zclconf/go-cty/cty"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/hclgen"
)

// ctyValue converts a known plugin-protocol value, such as a schema
// default, to a cty value that hclwrite can render.
func ctyValue(v tftypes.Value) (cty.Value, error) {
	t, err := fromTF(v.Type())
	if err != nil {
		return cty.NilVal, err
	}
	switch {
	case !v.IsKnown():
		return cty.NilVal, fmt.Errorf("value of type %s is unknown", v.Type())
	case v.IsNull():
		return cty.NullVal(t.cty()), nil
	}
	switch t.kind {
	case kindString, kindNumber, kindBool:
		return primitiveValue(v, t.kind)
	case kindList, kindSet:
		return sequenceValue(v, t)
	case kindMap, kindObject:
		return mappingValue(v, t)
	}
	return cty.NilVal, fmt.Errorf("value of type %s cannot be a default here", v.Type())
}

func primitiveValue(v tftypes.Value, k kind) (cty.Value, error) {
	var (
		str string
		num = new(big.Float)
		b   bool
	)
	switch k {
	case kindString:
		if err := v.As(&str); err != nil {
			return cty.NilVal, err
		}
		return cty.StringVal(str), nil
	case kindNumber:
		if err := v.As(&num); err != nil {
			return cty.NilVal, err
		}
		return cty.NumberVal(num), nil
	}
	if err := v.As(&b); err != nil {
		return cty.NilVal, err
	}
	return cty.BoolVal(b), nil
}

func sequenceValue(v tftypes.Value, t tfType) (cty.Value, error) {
	var elems []tftypes.Value
	if err := v.As(&elems); err != nil {
		return cty.NilVal, err
	}
	out, err := convertAll(elems)
	switch {
	case err != nil:
		return cty.NilVal, err
	case len(out) == 0 && t.kind == kindList:
		return cty.ListValEmpty(t.elem.cty()), nil
	case len(out) == 0:
		return cty.SetValEmpty(t.elem.cty()), nil
	case t.kind == kindList:
		return cty.ListVal(out), nil
	}
	return cty.SetVal(out), nil
}

func convertAll(elems []tftypes.Value) ([]cty.Value, error) {
	out := make([]cty.Value, 0, len(elems))
	for _, e := range elems {
		c, err := ctyValue(e)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}

func mappingValue(v tftypes.Value, t tfType) (cty.Value, error) {
	var elems map[string]tftypes.Value
	if err := v.As(&elems); err != nil {
		return cty.NilVal, err
	}
	out := make(map[string]cty.Value, len(elems))
	for k, e := range elems {
		c, err := ctyValue(e)
		if err != nil {
			return cty.NilVal, fmt.Errorf("%s: %w", k, err)
		}
		out[k] = c
	}
	switch {
	case t.kind == kindObject:
		return cty.ObjectVal(out), nil
	case len(out) == 0:
		return cty.MapValEmpty(t.elem.cty()), nil
	}
	return cty.MapVal(out), nil
}

// compactValue renders v as HCL on one line, for the README.
func compactValue(v cty.Value) string {
	t := v.Type()
	switch {
	case v.IsNull() || !t.IsCollectionType() && !t.IsObjectType() && !t.IsTupleType():
		return string(hclwrite.TokensForValue(v).Bytes())
	case t.IsMapType() || t.IsObjectType():
		m := v.AsValueMap()
		parts := make([]string, 0, len(m))
		for _, k := range hclgen.SortedKeys(m) {
			parts = append(parts, objectKey(k)+" = "+compactValue(m[k]))
		}
		if len(parts) == 0 {
			return "{}"
		}
		return "{ " + strings.Join(parts, ", ") + " }"
	}
	parts := make([]string, 0, v.LengthInt())
	for _, e := range v.AsValueSlice() {
		parts = append(parts, compactValue(e))
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

// objectKey is k as an object key: bare when it is an identifier.
func objectKey(k string) string {
	if hclsyntax.ValidIdentifier(k) {
		return k
	}
	return hclgen.Quote(k)
}
