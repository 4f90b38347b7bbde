package modulegen

import (
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2/hclwrite"
	"github.com/zclconf/go-cty/cty"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/audittrail"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/baseline"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/bucket"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/compliance"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/database"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/hclgen"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/kmskey"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/vpc"
)

// rule is one validation block of a variable: a condition that reads only
// var.<input> (Terraform 1.5 allows nothing else) and the message Terraform
// shows when it is false.
//
// Rules mirror the plan-time refusals of the provider that no exception can
// waive: the input errors of each package's Validate and the Hard
// violations of its Check. Waivable controls stay with the provider, which
// reads exceptions; checks that need another argument or the provider's
// region are left to the provider too, so a rule may accept a value the
// provider later refuses, never the reverse — except that a rule refuses
// an explicit 0 or "" where the Spec reads zero as "unset".
type rule struct {
	input     string
	condition string
	message   string
}

// resourceRules are the rules of each resource type, by type name.
var resourceRules = map[string]func() []rule{
	kmskey.ResourceType:     kmsKeyRules,
	vpc.ResourceType:        vpcRules,
	database.ResourceType:   databaseRules,
	audittrail.ResourceType: auditTrailRules,
	baseline.ResourceType:   securityBaselineRules,
	bucket.ResourceType:     bucketRules,
}

// rulesFor is the resource's table plus the shared rules of the tags and
// exceptions inputs, when the module has them.
func rulesFor(resourceType string, inputs []string) []rule {
	var rules []rule
	if f, ok := resourceRules[resourceType]; ok {
		rules = f()
	}
	if slices.Contains(inputs, "tags") {
		rules = append(rules, tagRules()...)
	}
	if slices.Contains(inputs, "exceptions") {
		rules = append(rules, exceptionRules(resourceType)...)
	}
	return rules
}

// attachRules gives each input its rules; a rule naming no input is an error
// (the schema and the table drifted apart).
func (m *module) attachRules() error {
	names := make([]string, len(m.inputs))
	for i, in := range m.inputs {
		names[i] = in.name
	}
	for _, r := range rulesFor(m.resourceType, names) {
		i := slices.Index(names, r.input)
		if i < 0 {
			return fmt.Errorf("a validation rule names input %q, which the schema does not have", r.input)
		}
		m.inputs[i].rules = append(m.inputs[i].rules, r)
	}
	return nil
}

// exceptionRules mirror compliance.ValidateExceptions: known controls of
// this resource type, each listed once, each with a reason.
func exceptionRules(resourceType string) []rule {
	var ids []string
	for _, c := range compliance.ForResource(resourceType) {
		ids = append(ids, c.ID)
	}
	const ex = "var.exceptions"
	return []rule{
		{"exceptions", unlessNull("exceptions", fmt.Sprintf("length(setsubtract(%s[*].control, %s)) == 0", ex, stringList(ids))),
			fmt.Sprintf("Name only controls that %s enforces: %s.", resourceType, strings.Join(ids, ", "))},
		{"exceptions", unlessNull("exceptions", fmt.Sprintf("length(distinct(%s[*].control)) == length(%s)", ex, ex)),
			"List each control once."},
		{"exceptions", unlessNull("exceptions", none(ex, `trimspace(v.reason) == ""`)),
			"Give every exception a reason: a waiver is audit evidence (why the risk is accepted, by whom, until when)."},
	}
}

// ref is the reference to input name.
func ref(name string) string { return "var." + name }

// unlessNull holds when input name is null (the provider then applies its
// default) or cond holds.
func unlessNull(name, cond string) string {
	return fmt.Sprintf("%s == null ? true : %s", ref(name), cond)
}

// matches holds when expr matches the regular expression re.
func matches(re, expr string) string {
	return fmt.Sprintf("can(regex(%s, %s))", hclgen.Quote(re), expr)
}

// inRange holds when lo <= expr <= hi.
func inRange(expr string, lo, hi int) string {
	return fmt.Sprintf("%s >= %d && %s <= %d", expr, lo, expr, hi)
}

// oneOf holds when expr is one of vals.
func oneOf(expr, vals string) string { return fmt.Sprintf("contains(%s, %s)", vals, expr) }

// none holds when no element v of the collection expr makes bad true.
func none(expr, bad string) string {
	return fmt.Sprintf("length([for v in %s : v if %s]) == 0", expr, bad)
}

// stringList renders vals as an HCL list.
func stringList[T ~string](vals []T) string {
	elems := make([]cty.Value, 0, len(vals))
	for _, v := range vals {
		elems = append(elems, cty.StringVal(string(v)))
	}
	return tupleLiteral(elems)
}

// intList renders vals as an HCL list.
func intList(vals []int) string {
	elems := make([]cty.Value, 0, len(vals))
	for _, v := range vals {
		elems = append(elems, cty.NumberIntVal(int64(v)))
	}
	return tupleLiteral(elems)
}

func tupleLiteral(elems []cty.Value) string {
	if len(elems) == 0 {
		return "[]"
	}
	return string(hclwrite.TokensForValue(cty.TupleVal(elems)).Bytes())
}
