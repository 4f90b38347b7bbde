package verify

import (
	"fmt"
	"math/big"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// decode turns a resource's state into the values evidence reads, shaped
// as terraform show -json writes them; nil for a null state (a resource
// Read removed).
func decode(dv *tfprotov6.DynamicValue, s *tfprotov6.Schema) (map[string]any, error) {
	if dv == nil {
		return nil, nil
	}
	v, err := dv.Unmarshal(s.ValueType())
	if err != nil {
		return nil, err
	}
	if v.IsNull() {
		return nil, nil
	}
	g, err := toGo(v)
	if err != nil {
		return nil, err
	}
	m, ok := g.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("the state is a %s, not an object", v.Type())
	}
	return m, nil
}

// toGo converts a value to JSON's Go types: string, float64, bool, nil,
// []any and map[string]any.
func toGo(v tftypes.Value) (any, error) {
	if !v.IsKnown() {
		return nil, fmt.Errorf("unknown value of type %s in state", v.Type())
	}
	if v.IsNull() {
		return nil, nil
	}
	t := v.Type()
	switch {
	case t.Is(tftypes.String):
		var s string
		return s, v.As(&s)
	case t.Is(tftypes.Bool):
		var b bool
		return b, v.As(&b)
	case t.Is(tftypes.Number):
		var n big.Float
		if err := v.As(&n); err != nil {
			return nil, err
		}
		f, _ := n.Float64()
		return f, nil
	case t.Is(tftypes.List{}), t.Is(tftypes.Set{}), t.Is(tftypes.Tuple{}):
		var elems []tftypes.Value
		if err := v.As(&elems); err != nil {
			return nil, err
		}
		out := make([]any, 0, len(elems))
		for _, e := range elems {
			g, err := toGo(e)
			if err != nil {
				return nil, err
			}
			out = append(out, g)
		}
		return out, nil
	case t.Is(tftypes.Map{}), t.Is(tftypes.Object{}):
		var attrs map[string]tftypes.Value
		if err := v.As(&attrs); err != nil {
			return nil, err
		}
		out := make(map[string]any, len(attrs))
		for k, e := range attrs {
			g, err := toGo(e)
			if err != nil {
				return nil, err
			}
			out[k] = g
		}
		return out, nil
	}
	return nil, fmt.Errorf("unsupported type %s in state", t)
}
