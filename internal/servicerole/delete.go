package servicerole

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/awsclient"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/tags"
)

// Delete removes the role and its managed policy, each only when it carries
// the owner tag: it detaches every policy from the role, deletes its inline
// policies and the role, then the policy's other versions and the policy.
// What is already gone is skipped, so Delete finishes a crashed destroy.
func Delete(ctx context.Context, c *iam.Client, s Spec) error {
	if err := deleteRole(ctx, c, s); err != nil {
		return err
	}
	if s.PolicyName == "" {
		return nil
	}
	return deletePolicy(ctx, c, s)
}

func deleteRole(ctx context.Context, c *iam.Client, s Spec) error {
	got, err := c.GetRole(ctx, &iam.GetRoleInput{RoleName: aws.String(s.RoleName)})
	if missing(err) {
		return nil
	}
	if err != nil {
		return &Error{Action: "reading", Err: err}
	}
	if awsclient.IAMTagValue(got.Role.Tags, tags.OwnerKey) != s.owner() {
		return nil // not ours: never delete it
	}
	p := iam.NewListAttachedRolePoliciesPaginator(c, &iam.ListAttachedRolePoliciesInput{RoleName: aws.String(s.RoleName)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return &Error{Action: "listing the policies of", Err: err}
		}
		for _, a := range page.AttachedPolicies {
			if _, err := c.DetachRolePolicy(ctx, &iam.DetachRolePolicyInput{RoleName: aws.String(s.RoleName), PolicyArn: a.PolicyArn}); err != nil && !missing(err) {
				return &Error{Action: "detaching " + aws.ToString(a.PolicyArn) + " from", Err: err}
			}
		}
	}
	if err := deleteInline(ctx, c, s.RoleName); err != nil {
		return err
	}
	if _, err := c.DeleteRole(ctx, &iam.DeleteRoleInput{RoleName: aws.String(s.RoleName)}); err != nil && !missing(err) {
		return &Error{Action: "deleting", Err: err}
	}
	return nil
}

func deletePolicy(ctx context.Context, c *iam.Client, s Spec) error {
	arn := aws.String(s.PolicyARN())
	got, err := c.GetPolicy(ctx, &iam.GetPolicyInput{PolicyArn: arn})
	if missing(err) {
		return nil
	}
	if err != nil {
		return &Error{Action: "reading", Policy: true, Err: err}
	}
	if awsclient.IAMTagValue(got.Policy.Tags, tags.OwnerKey) != s.owner() {
		return nil
	}
	vs, err := c.ListPolicyVersions(ctx, &iam.ListPolicyVersionsInput{PolicyArn: arn})
	if err != nil && !missing(err) {
		return &Error{Action: "listing the versions of", Policy: true, Err: err}
	}
	if err == nil {
		for _, v := range vs.Versions {
			if v.IsDefaultVersion {
				continue
			}
			if _, err := c.DeletePolicyVersion(ctx, &iam.DeletePolicyVersionInput{PolicyArn: arn, VersionId: v.VersionId}); err != nil && !missing(err) {
				return &Error{Action: "deleting a version of", Policy: true, Err: err}
			}
		}
	}
	if _, err := c.DeletePolicy(ctx, &iam.DeletePolicyInput{PolicyArn: arn}); err != nil && !missing(err) {
		return &Error{Action: "deleting", Policy: true, Err: err}
	}
	return nil
}
