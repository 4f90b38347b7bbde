package provider_test

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/acctest"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/servicerole"
)

func iamClient(t *testing.T) *iam.Client { return iam.NewFromConfig(acctest.AWSConfig(t)) }

// testAccCheckServiceRole checks with the IAM SDK that role has no inline
// policy (cdk-nag IAMNoInlinePolicy, AWS Config iam-no-inline-policy-check)
// and has attached every policy whose ARN ends in one of attached: the
// customer-managed "policy/hipaa/<name>", or an AWS-managed policy's name.
func testAccCheckServiceRole(t *testing.T, role string, attached ...string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		ctx, c := context.Background(), iamClient(t)
		in, err := c.ListRolePolicies(ctx, &iam.ListRolePoliciesInput{RoleName: aws.String(role)})
		if err != nil {
			return fmt.Errorf("listing the inline policies of %s: %w", role, err)
		}
		if len(in.PolicyNames) > 0 {
			return fmt.Errorf("role %s has inline policies %v, want none", role, in.PolicyNames)
		}
		out, err := c.ListAttachedRolePolicies(ctx, &iam.ListAttachedRolePoliciesInput{RoleName: aws.String(role)})
		if err != nil {
			return fmt.Errorf("listing the policies attached to %s: %w", role, err)
		}
		var arns []string
		for _, p := range out.AttachedPolicies {
			arns = append(arns, aws.ToString(p.PolicyArn))
		}
		for _, want := range attached {
			if !slices.ContainsFunc(arns, func(a string) bool { return strings.HasSuffix(a, want) }) {
				return fmt.Errorf("role %s has %v attached, want one ending in %s", role, arns, want)
			}
		}
		return nil
	}
}

// managedPolicy is the suffix of the ARN of the customer-managed policy
// named name.
func managedPolicy(name string) string { return ":policy" + servicerole.PolicyPath + name }

// A deployment of an earlier provider version carries an inline policy on
// the flow-log role and no managed policy: the refresh shows drift, the
// plan is not empty, and apply attaches the managed policy and deletes the
// inline one.
func TestAccVPC_legacyInlinePolicy(t *testing.T) {
	acctest.Parallel(t)
	p := acctest.NewProxy(t)
	cfg := testAccVPCConfig_basic(p, "legacy", threeAZs, "")
	role, policy := "hipaa-vpc-legacy-flow-logs", "hipaa-vpc-legacy-flow-logs-flow-logs-delivery"
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{Config: cfg, Check: testAccCheckServiceRole(t, role, managedPolicy(policy))},
			{
				// What the previous version left: the inline policy, no managed one.
				PreConfig: func() {
					ctx, c := context.Background(), iamClient(t)
					arn := aws.String(attachedARN(t, role, policy))
					if _, err := c.DetachRolePolicy(ctx, &iam.DetachRolePolicyInput{RoleName: aws.String(role), PolicyArn: arn}); err != nil {
						t.Fatal(err)
					}
					if _, err := c.DeletePolicy(ctx, &iam.DeletePolicyInput{PolicyArn: arn}); err != nil {
						t.Fatal(err)
					}
					if _, err := c.PutRolePolicy(ctx, &iam.PutRolePolicyInput{RoleName: aws.String(role), PolicyName: aws.String("flow-logs-delivery"),
						PolicyDocument: aws.String(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"logs:PutLogEvents","Resource":"*"}]}`)}); err != nil {
						t.Fatal(err)
					}
				},
				RefreshState:       true,
				ExpectNonEmptyPlan: true,
				Check:              resource.TestMatchResourceAttr(vpcAddr, "drift", regexp.MustCompile(regexp.QuoteMeta("role "+role+" has inline policies flow-logs-delivery"))),
			},
			{
				Config:           cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(vpcAddr, plancheck.ResourceActionUpdate)}},
				Check: resource.ComposeAggregateTestCheckFunc(
					testAccCheckServiceRole(t, role, managedPolicy(policy)),
					resource.TestCheckResourceAttr(vpcAddr, "drift", ""),
				),
			},
		},
	})
}

// attachedARN is the ARN of the policy named name attached to role.
func attachedARN(t *testing.T, role, name string) string {
	out, err := iamClient(t).ListAttachedRolePolicies(context.Background(), &iam.ListAttachedRolePoliciesInput{RoleName: aws.String(role)})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range out.AttachedPolicies {
		if aws.ToString(p.PolicyName) == name {
			return aws.ToString(p.PolicyArn)
		}
	}
	t.Fatalf("role %s has no policy %s attached", role, name)
	return ""
}
