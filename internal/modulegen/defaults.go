package modulegen

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/defaults"
	"github.com/zclconf/go-cty/cty"
)

// staticDefault is the value of a's schema Default, or cty.NilVal when a
// has none. Defaults are asked for without configuration, so only static
// ones answer with a known value.
func staticDefault(ctx context.Context, a schema.Attribute) (cty.Value, error) {
	v, diags := primitiveDefault(ctx, a)
	if v == nil {
		v, diags = collectionDefault(ctx, a)
	}
	if diags.HasError() {
		return cty.NilVal, fmt.Errorf("reading the default: %v", diags.Errors())
	}
	if v == nil {
		return cty.NilVal, nil
	}
	tv, err := v.ToTerraformValue(ctx)
	if err != nil {
		return cty.NilVal, fmt.Errorf("reading the default: %w", err)
	}
	c, err := ctyValue(tv)
	if err != nil {
		return cty.NilVal, fmt.Errorf("the default is not static: %w", err)
	}
	return c, nil
}

// primitiveDefault answers for string, number and bool attributes; a nil
// value means no default.
func primitiveDefault(ctx context.Context, a schema.Attribute) (attr.Value, diag.Diagnostics) {
	switch a := a.(type) {
	case interface{ StringDefaultValue() defaults.String }:
		if d := a.StringDefaultValue(); d != nil {
			r := &defaults.StringResponse{}
			d.DefaultString(ctx, defaults.StringRequest{}, r)
			return r.PlanValue, r.Diagnostics
		}
	case interface{ Int64DefaultValue() defaults.Int64 }:
		if d := a.Int64DefaultValue(); d != nil {
			r := &defaults.Int64Response{}
			d.DefaultInt64(ctx, defaults.Int64Request{}, r)
			return r.PlanValue, r.Diagnostics
		}
	case interface{ Int32DefaultValue() defaults.Int32 }:
		if d := a.Int32DefaultValue(); d != nil {
			r := &defaults.Int32Response{}
			d.DefaultInt32(ctx, defaults.Int32Request{}, r)
			return r.PlanValue, r.Diagnostics
		}
	case interface{ Float64DefaultValue() defaults.Float64 }:
		if d := a.Float64DefaultValue(); d != nil {
			r := &defaults.Float64Response{}
			d.DefaultFloat64(ctx, defaults.Float64Request{}, r)
			return r.PlanValue, r.Diagnostics
		}
	case interface{ NumberDefaultValue() defaults.Number }:
		if d := a.NumberDefaultValue(); d != nil {
			r := &defaults.NumberResponse{}
			d.DefaultNumber(ctx, defaults.NumberRequest{}, r)
			return r.PlanValue, r.Diagnostics
		}
	case interface{ BoolDefaultValue() defaults.Bool }:
		if d := a.BoolDefaultValue(); d != nil {
			r := &defaults.BoolResponse{}
			d.DefaultBool(ctx, defaults.BoolRequest{}, r)
			return r.PlanValue, r.Diagnostics
		}
	}
	return nil, nil
}

// collectionDefault answers for list, set, map and object (including nested)
// attributes; a nil value means no default.
func collectionDefault(ctx context.Context, a schema.Attribute) (attr.Value, diag.Diagnostics) {
	switch a := a.(type) {
	case interface{ ListDefaultValue() defaults.List }:
		if d := a.ListDefaultValue(); d != nil {
			r := &defaults.ListResponse{}
			d.DefaultList(ctx, defaults.ListRequest{}, r)
			return r.PlanValue, r.Diagnostics
		}
	case interface{ SetDefaultValue() defaults.Set }:
		if d := a.SetDefaultValue(); d != nil {
			r := &defaults.SetResponse{}
			d.DefaultSet(ctx, defaults.SetRequest{}, r)
			return r.PlanValue, r.Diagnostics
		}
	case interface{ MapDefaultValue() defaults.Map }:
		if d := a.MapDefaultValue(); d != nil {
			r := &defaults.MapResponse{}
			d.DefaultMap(ctx, defaults.MapRequest{}, r)
			return r.PlanValue, r.Diagnostics
		}
	case interface{ ObjectDefaultValue() defaults.Object }:
		if d := a.ObjectDefaultValue(); d != nil {
			r := &defaults.ObjectResponse{}
			d.DefaultObject(ctx, defaults.ObjectRequest{}, r)
			return r.PlanValue, r.Diagnostics
		}
	}
	return nil, nil
}
