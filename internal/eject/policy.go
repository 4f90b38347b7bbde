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

// iamRole writes the aws_iam_role of s (name, path, description, trust
// policy and tags), labelled lbl, and returns its address and body.
func (e *File) iamRole(lbl string, s servicerole.Spec) (string, *hclwrite.Body) {
	r := e.resource("aws_iam_role", lbl)
	r.SetAttributeValue("name", cty.StringVal(s.RoleName))
	if s.Path != "" {
		r.SetAttributeValue("path", cty.StringVal(s.Path))
	}
	r.SetAttributeValue("description", cty.StringVal(s.Description))
	e.expr(r, "assume_role_policy", e.policy(s.TrustPolicy))
	e.expr(r, "tags", mapExpr(s.Tags))
	return "aws_iam_role." + lbl, r
}

// serviceRole writes a role as internal/servicerole ensures it: the role
// (labelled by roleKey) with its AWS-managed policies attached, and its
// customer-managed policy with the attachment (labelled by policyKey). It
// returns the role's address and the policy attachment's.
func (e *File) serviceRole(name, roleKey, policyKey string, s servicerole.Spec) (role, attached string) {
	lbl := label(name, roleKey)
	role, _ = e.iamRole(lbl, s)
	for i, arn := range s.ManagedPolicyARNs {
		at := lbl
		if i > 0 {
			at = fmt.Sprintf("%s_%d", lbl, i+1)
		}
		a := e.resource("aws_iam_role_policy_attachment", at)
		e.expr(a, "role", role+".name")
		e.str(a, "policy_arn", arn)
	}
	policy := label(name, policyKey)
	p := e.resource("aws_iam_policy", policy)
	e.managedPolicy(p, s.RoleName, s.PolicyName, s.PolicyDocument)
	tags := s.PolicyTags
	if tags == nil {
		tags = s.Tags
	}
	e.expr(p, "tags", mapExpr(tags))
	e.attachment(e.resource("aws_iam_role_policy_attachment", policy), role+".name", "aws_iam_policy."+policy+".arn")
	return role, "aws_iam_role_policy_attachment." + policy
}
