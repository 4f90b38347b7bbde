package blueprint

import (
	"maps"
	"slices"

	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/compliance"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/s3bucket"
)

// settings reads a unit's arguments (converted to checkType) for building
// a resource's Spec; a null or absent argument reads as the zero value.
type settings struct{ v cty.Value }

// checkType is the object of every input of k, each optional, with sets
// read as lists (so duplicates reach the resource's own checks) and every
// nested object attribute optional.
func checkType(k *Kind) cty.Type {
	attrs := map[string]cty.Type{}
	var names []string
	for _, a := range k.Inputs {
		attrs[a.Name] = readableType(a.Type)
		names = append(names, a.Name)
	}
	return cty.ObjectWithOptionalAttrs(attrs, names)
}

func readableType(t cty.Type) cty.Type {
	switch {
	case t.IsSetType(), t.IsListType():
		return cty.List(readableType(t.ElementType()))
	case t.IsMapType():
		return cty.Map(readableType(t.ElementType()))
	case t.IsObjectType():
		attrs := map[string]cty.Type{}
		var names []string
		for n, at := range t.AttributeTypes() {
			attrs[n] = readableType(at)
			names = append(names, n)
		}
		return cty.ObjectWithOptionalAttrs(attrs, names)
	}
	return t
}

// checkSettings are u's arguments as the resource will see them, with a
// well-formed stand-in (the source's mock) for every wired value.
func (u *Unit) checkSettings() (settings, error) {
	vals := maps.Clone(u.Values)
	for _, w := range u.Wires {
		setAt(vals, parseAttrPath(w.Target), w.From.Mock(w.Output))
	}
	v, err := convert.Convert(cty.ObjectVal(vals), checkType(u.Component.Kind))
	return settings{v}, err
}

// setAt sets the value at a path, creating objects and list elements on
// the way.
func setAt(m map[string]cty.Value, steps []step, v cty.Value) {
	m[steps[0].name] = setIn(m[steps[0].name], steps[1:], v)
}

// setIn is cur with v at the path below it.
func setIn(cur cty.Value, steps []step, v cty.Value) cty.Value {
	if len(steps) == 0 {
		return v
	}
	known := cur != cty.NilVal && !cur.IsNull() && cur.IsKnown()
	if s := steps[0]; s.isIdx {
		var elems []cty.Value
		if known && cur.CanIterateElements() && !cur.Type().IsObjectType() && !cur.Type().IsMapType() {
			elems = cur.AsValueSlice()
		}
		for len(elems) <= s.index {
			elems = append(elems, cty.NullVal(cty.DynamicPseudoType))
		}
		elems[s.index] = setIn(elems[s.index], steps[1:], v)
		return cty.TupleVal(elems)
	}
	inner := map[string]cty.Value{}
	if known && cur.Type().IsObjectType() {
		for k, x := range cur.AsValueMap() {
			inner[k] = x
		}
	}
	inner[steps[0].name] = setIn(inner[steps[0].name], steps[1:], v)
	return cty.ObjectVal(inner)
}

// get walks attributes; null when any step is null.
func (s settings) get(path ...string) cty.Value {
	v := s.v
	for _, p := range path {
		if v.IsNull() {
			return v
		}
		v = v.GetAttr(p)
	}
	return v
}

func (s settings) str(path ...string) string {
	if v := s.get(path...); !v.IsNull() {
		return v.AsString()
	}
	return ""
}

func (s settings) int(path ...string) int {
	if p := s.intPtr(path...); p != nil {
		return *p
	}
	return 0
}

func (s settings) intPtr(path ...string) *int {
	v := s.get(path...)
	if v.IsNull() {
		return nil
	}
	i, _ := v.AsBigFloat().Int64()
	n := int(i)
	return &n
}

func (s settings) boolean(path ...string) bool {
	p := s.boolPtr(path...)
	return p != nil && *p
}

func (s settings) boolPtr(path ...string) *bool {
	v := s.get(path...)
	if v.IsNull() {
		return nil
	}
	b := v.True()
	return &b
}

// strs reads a list of strings; nil when unset.
func (s settings) strs(path ...string) []string {
	v := s.get(path...)
	if v.IsNull() {
		return nil
	}
	out := []string{}
	for _, e := range v.AsValueSlice() {
		out = append(out, e.AsString())
	}
	return out
}

// transitions reads transitions = [{ days, storage_class }]; nil when
// unset (the default applies), empty when [].
func (s settings) transitions(path ...string) []s3bucket.Transition {
	v := s.get(path...)
	if v.IsNull() {
		return nil
	}
	out := []s3bucket.Transition{}
	for _, t := range s.list(path...) {
		out = append(out, s3bucket.Transition{Days: t.int("days"), StorageClass: t.str("storage_class")})
	}
	return out
}

// ints reads a list of numbers; nil when unset.
func (s settings) ints(path ...string) []int {
	v := s.get(path...)
	if v.IsNull() {
		return nil
	}
	out := []int{}
	for _, e := range v.AsValueSlice() {
		i, _ := e.AsBigFloat().Int64()
		out = append(out, int(i))
	}
	return out
}

func (s settings) strMap(path ...string) map[string]string {
	v := s.get(path...)
	if v.IsNull() {
		return nil
	}
	out := map[string]string{}
	for k, e := range v.AsValueMap() {
		out[k] = e.AsString()
	}
	return out
}

// list reads a list of objects, each as settings; nil when unset.
func (s settings) list(path ...string) []settings {
	v := s.get(path...)
	if v.IsNull() {
		return nil
	}
	var out []settings
	for _, e := range v.AsValueSlice() {
		out = append(out, settings{e})
	}
	return out
}

// exceptions reads exceptions = [{ control, reason }].
func (s settings) exceptions() []compliance.Exception {
	var out []compliance.Exception
	for _, x := range s.list("exceptions") {
		out = append(out, compliance.Exception{Control: x.str("control"), Reason: x.str("reason")})
	}
	return out
}

// isWired reports whether attr (a provider attribute path) is or lies in a
// wired target: its value is unknown until the source is applied. A finding
// about an object or list that only holds a wired value (rules, when
// rules[0].copy_to[0].kms_key_arn is wired) stands: the stand-in is
// well-formed, and the finding is about the literal rest.
func (u *Unit) isWired(attr string) bool {
	return slices.ContainsFunc(u.Wires, func(w Wire) bool { return Within(attr, w.Target) })
}

// replication is the replication setting { region, kms_key_arn }; nil when unset.
func (s settings) replication() *s3bucket.Target {
	if s.get("replication").IsNull() {
		return nil
	}
	return &s3bucket.Target{Region: s.str("replication", "region"), KMSKeyARN: s.str("replication", "kms_key_arn")}
}
