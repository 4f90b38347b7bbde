package eject

import (
	"fmt"

	"github.com/hashicorp/hcl/v2/hclwrite"
	"github.com/zclconf/go-cty/cty"
	ctyjson "github.com/zclconf/go-cty/cty/json"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/servicerole"
)

// policy renders a JSON policy document as jsonencode({ ... }), with the
// account and partition placeholders and Refer'red values as
// interpolations, so the document reads as HCL and stays valid in any account.
func (e *File) policy(doc string) string {
	t, err := ctyjson.ImpliedType([]byte(doc))
	if err != nil {
		panic(fmt.Errorf("policy document: %w", err)) // rendered by this module: a bug
	}
	v, err := ctyjson.Unmarshal([]byte(doc), t)
	if err != nil {
		panic(fmt.Errorf("policy document: %w", err))
	}
	return "jsonencode(" + e.interpolate(string(hclwrite.TokensForValue(v).Bytes())) + ")"
}

// managedPolicy writes an aws_iam_policy as internal/servicerole creates it
// for role: named, under servicerole.PolicyPath, with doc.
func (e *File) managedPolicy(b *hclwrite.Body, role, name, doc string) {
	b.SetAttributeValue("name", cty.StringVal(name))
	b.SetAttributeValue("path", cty.StringVal(servicerole.PolicyPath))
	b.SetAttributeValue("description", cty.StringVal(servicerole.PolicyDescription(role)))
	e.expr(b, "policy", e.policy(doc))
}

// attachment writes an aws_iam_role_policy_attachment of policyARN (an
// expression) to role (an expression of its name).
func (e *File) attachment(b *hclwrite.Body, role, policyARN string) {
	e.expr(b, "role", role)
	e.expr(b, "policy_arn", policyARN)
}
