package provider

import (
	"context"
	"fmt"
	"maps"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/compliance"
)

// conv reads a model's arguments into plain Go values for a Spec and
// records in Unknown every path whose value is not known yet: an unknown
// value becomes the zero value; a collection keeps its known elements.
// Rules that read an unknown path do not run (compliance.Apply).
type conv struct {
	ctx     context.Context
	Unknown compliance.Unknown
	Diags   diag.Diagnostics
}

func newConv(ctx context.Context) *conv { return &conv{ctx: ctx} }

func (c *conv) str(path string, v types.String) string {
	if v.IsUnknown() {
		c.Unknown.Value(path)
	}
	return v.ValueString()
}

func (c *conv) int(path string, v types.Int64) int {
	if v.IsUnknown() {
		c.Unknown.Value(path)
	}
	return int(v.ValueInt64())
}

func (c *conv) boolean(path string, v types.Bool) bool {
	if v.IsUnknown() {
		c.Unknown.Value(path)
	}
	return v.ValueBool()
}

// optInt is nil when v is null (the Spec's default applies) or unknown.
func (c *conv) optInt(path string, v types.Int64) *int {
	if v.IsUnknown() {
		c.Unknown.Value(path)
	}
	if v.IsNull() || v.IsUnknown() {
		return nil
	}
	n := int(v.ValueInt64())
	return &n
}

// optBool is nil when v is null (the Spec's default applies) or unknown.
func (c *conv) optBool(path string, v types.Bool) *bool {
	if v.IsUnknown() {
		c.Unknown.Value(path)
	}
	if v.IsNull() || v.IsUnknown() {
		return nil
	}
	b := v.ValueBool()
	return &b
}

// elements returns the known elements of a list or set and records the
// unknown ones; nil for null or unknown.
func (c *conv) elements(path string, v attr.Value) []attr.Value {
	if v.IsUnknown() {
		c.Unknown.Value(path)
		return nil
	}
	var elems []attr.Value
	countKnown := false
	switch x := v.(type) {
	case types.List:
		elems, countKnown = x.Elements(), true
	case types.Set:
		elems = x.Elements()
	default:
		c.Diags.AddError("Provider bug", fmt.Sprintf("%s: %T is not a list or set", path, v))
	}
	known := make([]attr.Value, 0, len(elems))
	for _, e := range elems {
		if e.IsUnknown() {
			c.Unknown.Elements(path, countKnown)
			continue
		}
		known = append(known, e)
	}
	if v.IsNull() {
		return nil
	}
	return known
}

// strs reads a list or set of strings: its known elements.
func (c *conv) strs(path string, v attr.Value) []string {
	elems := c.elements(path, v)
	if elems == nil {
		return nil
	}
	out := make([]string, 0, len(elems))
	for _, e := range elems {
		if s, ok := e.(types.String); ok && !s.IsNull() {
			out = append(out, s.ValueString())
		}
	}
	return out
}

// ints reads a list or set of numbers: its known elements.
func (c *conv) ints(path string, v attr.Value) []int {
	elems := c.elements(path, v)
	if elems == nil {
		return nil
	}
	out := make([]int, 0, len(elems))
	for _, e := range elems {
		if n, ok := e.(types.Int64); ok && !n.IsNull() {
			out = append(out, int(n.ValueInt64()))
		}
	}
	return out
}

// strMap reads a map of strings: its known entries (a map's keys are always
// known; an unknown value leaves its key out).
func (c *conv) strMap(path string, v types.Map) map[string]string {
	if v.IsUnknown() {
		c.Unknown.Value(path)
		return nil
	}
	out := map[string]string{}
	elems := v.Elements()
	for _, k := range slices.Sorted(maps.Keys(elems)) {
		s, ok := elems[k].(types.String)
		switch {
		case !ok || s.IsNull():
		case s.IsUnknown():
			c.Unknown.Elements(path, false)
		default:
			out[k] = s.ValueString()
		}
	}
	return out
}

// object reads a nested object into dst (a model struct); false when the
// object is null or unknown (then recorded).
func (c *conv) object(path string, v types.Object, dst any) bool {
	if v.IsUnknown() {
		c.Unknown.Value(path)
		return false
	}
	if v.IsNull() {
		return false
	}
	c.Diags.Append(v.As(c.ctx, dst, objectAsOptions)...)
	return true
}

// exceptions reads exceptions = [{ control, reason }]; every element is
// kept (its unknown fields empty) so indexes match the configuration.
func (c *conv) exceptions(v types.List) []compliance.Exception {
	const path = "exceptions"
	if v.IsUnknown() {
		c.Unknown.Value(path)
		return nil
	}
	elems := v.Elements()
	out := make([]compliance.Exception, 0, len(elems))
	for i, e := range elems {
		at := fmt.Sprintf("%s[%d]", path, i)
		o, ok := e.(types.Object)
		if !ok || o.IsUnknown() {
			c.Unknown.Value(at + ".control")
			c.Unknown.Value(at + ".reason")
			out = append(out, compliance.Exception{})
			continue
		}
		var m exceptionModel
		c.Diags.Append(o.As(c.ctx, &m, objectAsOptions)...)
		out = append(out, compliance.Exception{Control: c.str(at+".control", m.Control), Reason: c.str(at+".reason", m.Reason)})
	}
	return out
}

// modelConv writes the plain values of a Spec into a model (the inverse of
// conv, for import) and collects the diagnostics of the conversions.
type modelConv struct {
	ctx   context.Context
	diags diag.Diagnostics
}

// set is a set of strings, empty rather than null (a required argument).
func (c *modelConv) set(v []string) types.Set {
	if v == nil {
		v = []string{}
	}
	s, d := types.SetValueFrom(c.ctx, types.StringType, v)
	c.diags.Append(d...)
	return s
}

// setOrNull is null for an empty list (an optional argument left unset).
func (c *modelConv) setOrNull(v []string) types.Set {
	s, d := setOrNull(c.ctx, v)
	c.diags.Append(d...)
	return s
}

// mapOrNull is null for an empty map.
func (c *modelConv) mapOrNull(v map[string]string) types.Map {
	m, d := mapOrNull(c.ctx, v)
	c.diags.Append(d...)
	return m
}

func (c *modelConv) object(t map[string]attr.Type, v map[string]attr.Value) types.Object {
	o, d := types.ObjectValue(t, v)
	c.diags.Append(d...)
	return o
}

// exceptions is the exceptions argument; null when there are none.
func (c *modelConv) exceptions(es []compliance.Exception) types.List {
	t := types.ObjectType{AttrTypes: exceptionAttrTypes}
	if len(es) == 0 {
		return types.ListNull(t)
	}
	elems := make([]attr.Value, 0, len(es))
	for _, e := range es {
		elems = append(elems, c.object(exceptionAttrTypes, map[string]attr.Value{"control": types.StringValue(e.Control), "reason": types.StringValue(e.Reason)}))
	}
	l, d := types.ListValue(t, elems)
	c.diags.Append(d...)
	return l
}

// stringOrNull is null for "" (an optional argument left unset).
func stringOrNull(s string) types.String {
	if s == "" {
		return types.StringNull()
	}
	return types.StringValue(s)
}

// int64OrNull is null for 0 (an optional argument left unset).
func int64OrNull(n int) types.Int64 {
	if n == 0 {
		return types.Int64Null()
	}
	return types.Int64Value(int64(n))
}
