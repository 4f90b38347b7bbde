package modulegen

import (
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/ext/tryfunc"
	"github.com/hashicorp/hcl/v2/ext/typeexpr"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
	"github.com/zclconf/go-cty/cty/function"
	"github.com/zclconf/go-cty/cty/function/stdlib"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/compliance"
)

// terraformFunctions are the functions conditions may call, as Terraform
// defines them: Terraform takes these from cty's stdlib and hcl's tryfunc,
// except length, which also counts the characters of a string.
var terraformFunctions = map[string]function.Function{
	"can":             tryfunc.CanFunc,
	"contains":        stdlib.ContainsFunc,
	"distinct":        stdlib.DistinctFunc,
	"keys":            stdlib.KeysFunc,
	"length":          lengthFunc,
	"regex":           stdlib.RegexFunc,
	"setintersection": stdlib.SetIntersectionFunc,
	"setsubtract":     stdlib.SetSubtractFunc,
	"trimprefix":      stdlib.TrimPrefixFunc,
	"trimspace":       stdlib.TrimSpaceFunc,
	"values":          stdlib.ValuesFunc,
}

var lengthFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "value", Type: cty.DynamicPseudoType, AllowDynamicType: true}},
	Type:   function.StaticReturnType(cty.Number),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		if args[0].Type() == cty.String {
			return stdlib.Strlen(args[0])
		}
		return stdlib.Length(args[0])
	},
})

// samples are values of one input, by what the module and the provider do
// with them.
type samples struct {
	good     []cty.Value // both accept
	bad      []cty.Value // both refuse
	looser   []cty.Value // only the provider refuses: it sees another argument or the region
	stricter []cty.Value // only the module refuses: an explicit zero the provider reads as "unset"
}

// oracle returns the attributes the provider refuses at plan, without any
// exception, when input is v (and every other argument is valid).
type oracle func(input string, v cty.Value) []string

// TestRules_agreeWithGo evaluates every validation condition of every
// generated variables.tf with hcl/v2 and Terraform's functions, and compares
// the verdict with the Go checks the provider runs at plan. A resource
// without a rule table still gets the exceptions rules, checked here too.
func TestRules_agreeWithGo(t *testing.T) {
	cases := ruleCases()
	seen := map[string]bool{}
	for _, m := range generate(t) {
		resourceType := "hipaa_" + m.Name
		seen[resourceType] = true
		t.Run(resourceType, func(t *testing.T) {
			var f variablesFile
			parse(t, m, "variables.tf", &f)
			vars := map[string]variableBlock{}
			for _, v := range f.Variables {
				vars[v.Name] = v
			}
			c, ok := cases[resourceType]
			if !ok {
				c = exceptionsOnly(resourceType, vars)
			}
			if attrs := c.oracle("", cty.NilVal); len(attrs) > 0 {
				t.Fatalf("the oracle's base spec is refused: %v", attrs)
			}
			checkCoverage(t, vars, c.inputs)
			for input, s := range c.inputs {
				checkSamples(t, vars[input], s, func(v cty.Value) bool { return !refused(input, c.oracle(input, v)) })
			}
		})
	}
	for resourceType := range cases {
		if !seen[resourceType] {
			t.Errorf("samples for %s, which has no module", resourceType)
		}
	}
}

// exceptionsOnly is the case of a resource without a rule table: only its
// exceptions input, if any, is validated.
func exceptionsOnly(resourceType string, vars map[string]variableBlock) ruleCase {
	c := ruleCase{oracle: withExceptions(resourceType, func(string, cty.Value) []string { return nil }), inputs: map[string]samples{}}
	if controls := compliance.ForResource(resourceType); len(controls) > 0 && len(vars["exceptions"].Validations) > 0 {
		c.inputs["exceptions"] = exceptionSamples(controls[0].ID)
	}
	return c
}

// checkSamples compares the module's verdict on each sample with the
// provider's (providerAccepts).
func checkSamples(t *testing.T, v variableBlock, s samples, providerAccepts func(cty.Value) bool) {
	t.Helper()
	for _, vd := range []struct {
		vals             []cty.Value
		module, provider bool
		what             string
	}{{s.good, true, true, "good"}, {s.bad, false, false, "bad"}, {s.looser, true, false, "looser"}, {s.stricter, false, true, "stricter"}} {
		for _, val := range vd.vals {
			val = conform(t, v, val)
			if got := accepts(t, v, val); got != vd.module {
				t.Errorf("%s = %#v (%s): module accepts = %v, want %v", v.Name, val, vd.what, got, vd.module)
			}
			if got := providerAccepts(val); got != vd.provider {
				t.Errorf("%s = %#v (%s): provider accepts = %v, want %v", v.Name, val, vd.what, got, vd.provider)
			}
		}
	}
}

// checkCoverage: every validated variable has good and bad samples, and
// every sampled variable is validated.
func checkCoverage(t *testing.T, vars map[string]variableBlock, cases map[string]samples) {
	t.Helper()
	for name, v := range vars {
		s, ok := cases[name]
		if len(v.Validations) > 0 && (!ok || len(s.good) == 0 || len(s.bad) == 0) {
			t.Errorf("var.%s has validations but no good and bad samples", name)
		}
	}
	for name := range cases {
		if len(vars[name].Validations) == 0 {
			t.Errorf("samples for var.%s, which has no validation", name)
		}
	}
}

// conform applies the variable's optional-attribute defaults and converts
// val to its type, as Terraform does before validating.
func conform(t *testing.T, v variableBlock, val cty.Value) cty.Value {
	t.Helper()
	ty, defaults, diags := typeexpr.TypeConstraintWithDefaults(v.Type)
	if diags.HasErrors() {
		t.Fatal(diags.Error())
	}
	if defaults != nil {
		val = defaults.Apply(val)
	}
	out, err := convert.Convert(val, ty)
	if err != nil {
		t.Fatalf("var.%s: sample %#v is not a %s: %v", v.Name, val, ty.FriendlyName(), err)
	}
	return out
}

// accepts evaluates every validation of v with var.<name> = val.
func accepts(t *testing.T, v variableBlock, val cty.Value) bool {
	t.Helper()
	ctx := &hcl.EvalContext{
		Variables: map[string]cty.Value{"var": cty.ObjectVal(map[string]cty.Value{v.Name: val})},
		Functions: terraformFunctions,
	}
	for _, rule := range v.Validations {
		got, diags := rule.Condition.Value(ctx)
		if diags.HasErrors() || got.IsNull() || !got.IsKnown() || got.Type() != cty.Bool {
			t.Fatalf("var.%s = %#v: the condition does not evaluate to a bool: %v %s", v.Name, val, got, diags.Error())
		}
		if got.False() {
			return false
		}
	}
	return true
}

// refused reports whether attrs name input or a field or element of it.
func refused(input string, attrs []string) bool {
	return slices.ContainsFunc(attrs, func(a string) bool {
		return a == input || strings.HasPrefix(a, input+".") || strings.HasPrefix(a, input+"[")
	})
}

// hard returns the attributes of the violations no exception can waive.
func hard(vs []compliance.Violation) []string {
	var out []string
	for _, v := range vs {
		if v.Hard {
			out = append(out, v.Attribute)
		}
	}
	return out
}

// withExceptions adds compliance.ValidateExceptions to an oracle.
func withExceptions(resourceType string, o oracle) oracle {
	return func(input string, v cty.Value) []string {
		if input != "exceptions" {
			return o(input, v)
		}
		var ex []compliance.Exception
		for _, e := range elems(v) {
			ex = append(ex, compliance.Exception{Control: str(e.GetAttr("control")), Reason: str(e.GetAttr("reason"))})
		}
		var out []string
		for _, d := range compliance.ValidateExceptions(resourceType, ex, compliance.Unknown{}) {
			out = append(out, d.Attribute)
		}
		return out
	}
}

// exceptionSamples are the same for every resource: control is one of its
// controls.
func exceptionSamples(control string) samples {
	ex := func(c, reason string) cty.Value {
		return cty.ObjectVal(map[string]cty.Value{"control": cty.StringVal(c), "reason": cty.StringVal(reason)})
	}
	return samples{
		good: []cty.Value{cty.NullVal(cty.List(cty.DynamicPseudoType)), cty.ListVal([]cty.Value{ex(control, "accepted by the CISO until 2030")})},
		bad: []cty.Value{
			cty.ListVal([]cty.Value{ex("XYZ-99", "no such control")}),
			cty.ListVal([]cty.Value{ex(control, "once"), ex(control, "twice")}),
			cty.ListVal([]cty.Value{ex(control, "  ")}),
		},
	}
}

// Conversions from sample values to Spec fields; null is the zero value,
// as in the provider's model.
func str(v cty.Value) string {
	if v.IsNull() {
		return ""
	}
	return v.AsString()
}

func num(v cty.Value) int {
	if v.IsNull() {
		return 0
	}
	i, _ := v.AsBigFloat().Int64()
	return int(i)
}

func elems(v cty.Value) []cty.Value {
	if v.IsNull() {
		return nil
	}
	return append([]cty.Value{}, v.AsValueSlice()...)
}

func strs(v cty.Value) []string {
	if v.IsNull() {
		return nil
	}
	out := []string{}
	for _, e := range elems(v) {
		out = append(out, e.AsString())
	}
	return out
}

func nums(v cty.Value) []int {
	if v.IsNull() {
		return nil
	}
	out := []int{}
	for _, e := range elems(v) {
		out = append(out, num(e))
	}
	return out
}

func strMap(v cty.Value) map[string]string {
	out := map[string]string{}
	if v.IsNull() {
		return out
	}
	for k, e := range v.AsValueMap() {
		out[k] = e.AsString()
	}
	return out
}

// Sample constructors.
func s(v string) cty.Value { return cty.StringVal(v) }

func n(v int) cty.Value { return cty.NumberIntVal(int64(v)) }

func list(vs ...cty.Value) cty.Value {
	if len(vs) == 0 {
		return cty.EmptyTupleVal
	}
	return cty.TupleVal(vs)
}

func obj(kv ...any) cty.Value {
	m := map[string]cty.Value{}
	for i := 0; i < len(kv); i += 2 {
		m[kv[i].(string)] = kv[i+1].(cty.Value)
	}
	return cty.ObjectVal(m)
}

var (
	nullString = cty.NullVal(cty.String)
	nullNumber = cty.NullVal(cty.Number)
	nullList   = cty.NullVal(cty.List(cty.DynamicPseudoType))
	nullMap    = cty.NullVal(cty.Map(cty.String))
)
