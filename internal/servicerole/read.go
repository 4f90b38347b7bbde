package servicerole

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/awsclient"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/tags"
)

// Inline is what one call (ListRolePolicies) tells of a role: whether it
// exists and its inline policies. Refreshes whose call budget admits one
// IAM read use it (see Probe).
type Inline struct {
	Exists   bool
	Policies []string // inline policy names; the provider writes none
}

// Probe reads the role's inline policies (one call); a missing role is
// Exists false.
func Probe(ctx context.Context, c *iam.Client, role string) (Inline, error) {
	names, err := inline(ctx, c, role)
	if missing(err) {
		return Inline{}, nil
	}
	if err != nil {
		return Inline{}, fmt.Errorf("listing the inline policies of role %s: %w", role, err)
	}
	return Inline{Exists: true, Policies: names}, nil
}

// Drift describes the role's inline policies, which the provider never writes.
func (in Inline) Drift(role string) []string {
	if !in.Exists || len(in.Policies) == 0 {
		return nil
	}
	return []string{fmt.Sprintf("role %s has inline policies %s; apply replaces them with the attached managed policy",
		role, strings.Join(in.Policies, ", "))}
}

// State is the role and its policies as IAM holds them.
type State struct {
	Inline
	ARN, Trust string
	Tags       map[string]string
	Attached   []string // ARNs of the attached managed policies
	// Document is the managed policy's default version ("" when the
	// policy is missing); PolicyTags its tags.
	Document   string
	PolicyTags map[string]string
}

// Read reads the role (GetRole), its inline and attached policies
// (ListRolePolicies, ListAttachedRolePolicies) and the managed policy's
// default document (GetPolicy, GetPolicyVersion). A missing role is an
// awsclient.NotFoundError.
func Read(ctx context.Context, c *iam.Client, s Spec) (*State, error) {
	r, err := c.GetRole(ctx, &iam.GetRoleInput{RoleName: aws.String(s.RoleName)})
	if missing(err) {
		return nil, &awsclient.NotFoundError{Kind: "IAM role", ID: s.RoleName}
	}
	if err != nil {
		return nil, fmt.Errorf("reading role %s: %w", s.RoleName, err)
	}
	st := &State{ARN: aws.ToString(r.Role.Arn), Trust: decode(aws.ToString(r.Role.AssumeRolePolicyDocument)), Tags: awsclient.IAMTagMap(r.Role.Tags)}
	if st.Inline, err = Probe(ctx, c, s.RoleName); err != nil {
		return nil, err
	}
	p := iam.NewListAttachedRolePoliciesPaginator(c, &iam.ListAttachedRolePoliciesInput{RoleName: aws.String(s.RoleName)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("listing the policies attached to role %s: %w", s.RoleName, err)
		}
		for _, a := range page.AttachedPolicies {
			st.Attached = append(st.Attached, aws.ToString(a.PolicyArn))
		}
	}
	if s.PolicyName == "" {
		return st, nil
	}
	got, err := c.GetPolicy(ctx, &iam.GetPolicyInput{PolicyArn: aws.String(s.PolicyARN())})
	if missing(err) {
		return st, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading policy %s: %w", s.PolicyName, err)
	}
	st.PolicyTags = awsclient.IAMTagMap(got.Policy.Tags)
	v, err := c.GetPolicyVersion(ctx, &iam.GetPolicyVersionInput{PolicyArn: aws.String(s.PolicyARN()), VersionId: got.Policy.DefaultVersionId})
	if err != nil {
		return nil, fmt.Errorf("reading the document of policy %s: %w", s.PolicyName, err)
	}
	st.Document = decode(aws.ToString(v.PolicyVersion.Document))
	return st, nil
}

// ReadCalls is how many calls Read makes for s when the role exists and
// has at most 100 attached policies.
func ReadCalls(s Spec) int {
	if s.PolicyName == "" {
		return 3
	}
	return 5
}

// Drift lists how got differs from s, each line naming the role: missing,
// another trust policy, an inline policy, a policy not attached, the
// managed policy missing or with another document, tags.
func Drift(s Spec, got *State) []string {
	if got == nil {
		return []string{"role " + s.RoleName + " is missing"}
	}
	d := got.Drift(s.RoleName)
	add := func(format string, args ...any) {
		d = append(d, fmt.Sprintf("role %s: ", s.RoleName)+fmt.Sprintf(format, args...))
	}
	if !SamePolicy(got.Trust, s.TrustPolicy) {
		add("trust policy differs")
	}
	for _, arn := range s.attachments() {
		if !slices.Contains(got.Attached, arn) {
			add("policy %s is not attached", arn)
		}
	}
	if s.PolicyName != "" {
		switch {
		case got.Document == "":
			add("managed policy %s is missing", s.PolicyName)
		case s.PolicyDocument != "" && !SamePolicy(got.Document, s.PolicyDocument):
			add("managed policy %s differs from the least-privilege document", s.PolicyName)
		}
	}
	if t := tags.Describe(s.Tags, got.Tags); t != "" {
		add("tags differ (%s)", t)
	}
	return d
}
