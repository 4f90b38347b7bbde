// Package servicerole is the IAM role an AWS service assumes to deliver
// for a resource (flow logs, CloudTrail, RDS Proxy, AWS Config), with its
// permissions in one customer-managed policy attached to it and no inline
// policy (cdk-nag IAMNoInlinePolicy, AWS Config iam-no-inline-policy-check).
// Ensure creates, adopts (owner tag) and repairs; it also removes the
// inline policies earlier provider versions wrote.
package servicerole

import (
	"context"
	"encoding/json"
	"errors"
	"net/url"
	"reflect"
	"slices"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	iamtypes "github.com/aws/aws-sdk-go-v2/service/iam/types"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/awsclient"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/tags"
)

// PolicyPath is the path of every customer-managed policy the provider creates.
const PolicyPath = "/hipaa/"

// maxVersions is how many versions IAM keeps of a managed policy.
const maxVersions = 5

// Spec is one service role and its managed policy.
type Spec struct {
	RoleName    string
	Path        string // the role's path; "" is "/"
	Description string
	TrustPolicy string
	// PolicyName names the customer-managed policy (PolicyName builds it);
	// PolicyDocument "" leaves the policy out (EnsurePolicy writes it later).
	PolicyName, PolicyDocument string
	ManagedPolicyARNs          []string          // AWS-managed policies also attached
	Tags                       map[string]string // the role's, with hipaa:owner
	PolicyTags                 map[string]string // the policy's; nil: Tags
	Partition, AccountID       string
}

func (s Spec) policyTags() map[string]string {
	if s.PolicyTags == nil {
		return s.Tags
	}
	return s.PolicyTags
}

// PolicyName is the managed policy of role for purpose: "<role>-<purpose>".
// IAM policy names are unique in an account, so the role's name is part of it.
func PolicyName(role, purpose string) string { return role + "-" + purpose }

// PolicyDescription is the description of the managed policy of role.
func PolicyDescription(role string) string { return "Permissions of role " + role }

// PolicyARN is the ARN of the spec's managed policy.
func (s Spec) PolicyARN() string {
	return "arn:" + s.Partition + ":iam::" + s.AccountID + ":policy" + PolicyPath + s.PolicyName
}

// RoleARN is the ARN of the role.
func (s Spec) RoleARN() string {
	return "arn:" + s.Partition + ":iam::" + s.AccountID + ":role" + s.path() + s.RoleName
}

func (s Spec) path() string {
	if s.Path == "" {
		return "/"
	}
	return s.Path
}

func (s Spec) owner() string { return s.Tags[tags.OwnerKey] }

// attachments are the policies the role must have attached.
func (s Spec) attachments() []string {
	out := slices.Clone(s.ManagedPolicyARNs)
	if s.PolicyName != "" {
		out = append(out, s.PolicyARN())
	}
	return out
}

// ErrNotOurs is wrapped in an Error when the role or the policy exists
// without this resource's owner tag.
var ErrNotOurs = errors.New("it exists and was not created by this resource")

// Error is a failed step on the role or its policy.
type Error struct {
	Action string // "creating", "attaching the policy to", ...
	Policy bool   // the step was on the managed policy, not the role
	Err    error
}

func (e *Error) Error() string { return e.Action + ": " + e.Err.Error() }
func (e *Error) Unwrap() error { return e.Err }

// missing is the one test for an IAM object that does not exist.
func missing(err error) bool { return awsclient.HasCode(err, "NoSuchEntity") }

// Result is what Ensure found and did.
type Result struct {
	RoleARN string
	Created bool              // the role was created by this call
	Tags    map[string]string // an existing role's tags (nil when created)
}

// Ensure creates the role (tagged) or adopts it when it carries the owner
// tag, writes its trust policy when it differs, attaches ManagedPolicyARNs
// and, unless PolicyDocument is "", ensures the managed policy (EnsurePolicy).
// The role and the policy are written at once (neither needs the other
// until the attachments), then every policy is attached at once; a role
// this call created has no inline policy to delete.
func Ensure(ctx context.Context, c *iam.Client, s Spec) (Result, error) {
	var policyErr error
	var wg sync.WaitGroup
	if s.PolicyDocument != "" {
		wg.Add(1)
		go func() {
			defer wg.Done()
			policyErr = writePolicy(ctx, c, s)
		}()
	}
	res, err := ensureRole(ctx, c, s)
	wg.Wait()
	switch {
	case err != nil && policyErr != nil:
		return res, errors.Join(err, policyErr)
	case err != nil:
		return res, err
	case policyErr != nil:
		return res, policyErr
	}
	arns := s.ManagedPolicyARNs
	if s.PolicyDocument != "" {
		arns = append(slices.Clone(arns), s.PolicyARN())
	}
	if err := attach(ctx, c, s, arns); err != nil {
		return res, err
	}
	if res.Created || s.PolicyDocument == "" {
		return res, nil
	}
	return res, deleteInline(ctx, c, s.RoleName)
}

// ensureRole creates the role or adopts it, repairing its trust policy.
func ensureRole(ctx context.Context, c *iam.Client, s Spec) (Result, error) {
	got, err := c.GetRole(ctx, &iam.GetRoleInput{RoleName: aws.String(s.RoleName)})
	switch {
	case missing(err):
		out, err := c.CreateRole(ctx, &iam.CreateRoleInput{RoleName: aws.String(s.RoleName), Path: aws.String(s.path()),
			AssumeRolePolicyDocument: aws.String(s.TrustPolicy), Description: nilIfEmpty(s.Description), Tags: awsclient.IAMTags(s.Tags)})
		if err != nil {
			return Result{}, &Error{Action: "creating", Err: err}
		}
		return Result{RoleARN: aws.ToString(out.Role.Arn), Created: true}, nil
	case err != nil:
		return Result{}, &Error{Action: "reading", Err: err}
	}
	if awsclient.IAMTagValue(got.Role.Tags, tags.OwnerKey) != s.owner() {
		return Result{}, &Error{Action: "adopting", Err: ErrNotOurs}
	}
	res := Result{RoleARN: aws.ToString(got.Role.Arn), Tags: awsclient.IAMTagMap(got.Role.Tags)}
	if !SamePolicy(aws.ToString(got.Role.AssumeRolePolicyDocument), s.TrustPolicy) {
		if _, err := c.UpdateAssumeRolePolicy(ctx, &iam.UpdateAssumeRolePolicyInput{RoleName: aws.String(s.RoleName), PolicyDocument: aws.String(s.TrustPolicy)}); err != nil {
			return res, &Error{Action: "updating the trust policy of", Err: err}
		}
	}
	return res, nil
}

// attach attaches every policy of arns to the role, at once; every
// failure is returned, joined.
func attach(ctx context.Context, c *iam.Client, s Spec, arns []string) error {
	errs := make([]error, len(arns))
	var wg sync.WaitGroup
	for i, arn := range arns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := c.AttachRolePolicy(ctx, &iam.AttachRolePolicyInput{RoleName: aws.String(s.RoleName), PolicyArn: aws.String(arn)}); err != nil {
				action := "attaching " + arn + " to"
				if arn == s.PolicyARN() {
					action = "attaching the policy to"
				}
				errs[i] = &Error{Action: action, Err: err}
			}
		}()
	}
	wg.Wait()
	return errors.Join(errs...)
}

// EnsurePolicy creates the managed policy (tagged, under PolicyPath) or,
// when its default version differs, adds a version and makes it the default
// (deleting the oldest other version when IAM's five are taken); re-tags
// it; attaches it to the role; and deletes every inline policy of the role
// (earlier provider versions wrote one).
// The inline policies are listed beside the policy's write; they are
// deleted only after the attachment, so the role is never without both.
func EnsurePolicy(ctx context.Context, c *iam.Client, s Spec) error {
	var names []string
	var listErr error
	done := make(chan struct{})
	go func() {
		defer close(done)
		if names, listErr = inline(ctx, c, s.RoleName); listErr != nil {
			listErr = &Error{Action: "listing the inline policies of", Err: listErr}
		}
	}()
	err := writePolicy(ctx, c, s)
	<-done
	if err := errors.Join(err, listErr); err != nil {
		return err
	}
	if err := attach(ctx, c, s, []string{s.PolicyARN()}); err != nil {
		return err
	}
	return deleteNamed(ctx, c, s.RoleName, names)
}

// writePolicy creates the managed policy or brings its document and tags
// in line.
func writePolicy(ctx context.Context, c *iam.Client, s Spec) error {
	arn := aws.String(s.PolicyARN())
	got, err := c.GetPolicy(ctx, &iam.GetPolicyInput{PolicyArn: arn})
	switch {
	case missing(err):
		if _, err := c.CreatePolicy(ctx, &iam.CreatePolicyInput{PolicyName: aws.String(s.PolicyName), Path: aws.String(PolicyPath),
			PolicyDocument: aws.String(s.PolicyDocument), Description: aws.String(PolicyDescription(s.RoleName)), Tags: awsclient.IAMTags(s.policyTags())}); err != nil {
			return &Error{Action: "creating", Policy: true, Err: err}
		}
		return nil
	case err != nil:
		return &Error{Action: "reading", Policy: true, Err: err}
	}
	have := awsclient.IAMTagMap(got.Policy.Tags)
	if have[tags.OwnerKey] != s.owner() {
		return &Error{Action: "adopting", Policy: true, Err: ErrNotOurs}
	}
	if err := updateDocument(ctx, c, s, aws.ToString(got.Policy.DefaultVersionId)); err != nil {
		return err
	}
	if err := awsclient.IAMPolicyTagger(c, s.PolicyARN()).Retag(ctx, s.policyTags(), have); err != nil {
		return &Error{Action: "tagging", Policy: true, Err: err}
	}
	return nil
}

// updateDocument makes PolicyDocument the default version when the
// default version (id) holds another document.
func updateDocument(ctx context.Context, c *iam.Client, s Spec, id string) error {
	arn := aws.String(s.PolicyARN())
	v, err := c.GetPolicyVersion(ctx, &iam.GetPolicyVersionInput{PolicyArn: arn, VersionId: aws.String(id)})
	if err != nil {
		return &Error{Action: "reading", Policy: true, Err: err}
	}
	if SamePolicy(aws.ToString(v.PolicyVersion.Document), s.PolicyDocument) {
		return nil
	}
	vs, err := c.ListPolicyVersions(ctx, &iam.ListPolicyVersionsInput{PolicyArn: arn})
	if err != nil {
		return &Error{Action: "listing the versions of", Policy: true, Err: err}
	}
	if len(vs.Versions) >= maxVersions {
		if old := oldest(vs.Versions); old != "" {
			if _, err := c.DeletePolicyVersion(ctx, &iam.DeletePolicyVersionInput{PolicyArn: arn, VersionId: aws.String(old)}); err != nil {
				return &Error{Action: "deleting an old version of", Policy: true, Err: err}
			}
		}
	}
	if _, err := c.CreatePolicyVersion(ctx, &iam.CreatePolicyVersionInput{PolicyArn: arn, PolicyDocument: aws.String(s.PolicyDocument), SetAsDefault: true}); err != nil {
		return &Error{Action: "writing", Policy: true, Err: err}
	}
	return nil
}

// oldest is the ID of the oldest version that is not the default.
func oldest(vs []iamtypes.PolicyVersion) string {
	id := ""
	var at *iamtypes.PolicyVersion
	for i, v := range vs {
		if v.IsDefaultVersion {
			continue
		}
		if at == nil || aws.ToTime(v.CreateDate).Before(aws.ToTime(at.CreateDate)) {
			at, id = &vs[i], aws.ToString(v.VersionId)
		}
	}
	return id
}

// deleteInline deletes every inline policy of the role.
func deleteInline(ctx context.Context, c *iam.Client, role string) error {
	names, err := inline(ctx, c, role)
	if err != nil {
		return &Error{Action: "listing the inline policies of", Err: err}
	}
	return deleteNamed(ctx, c, role, names)
}

// deleteNamed deletes the role's inline policies of names.
func deleteNamed(ctx context.Context, c *iam.Client, role string, names []string) error {
	for _, n := range names {
		if _, err := c.DeleteRolePolicy(ctx, &iam.DeleteRolePolicyInput{RoleName: aws.String(role), PolicyName: aws.String(n)}); err != nil && !missing(err) {
			return &Error{Action: "deleting the inline policy " + n + " of", Err: err}
		}
	}
	return nil
}

// inline lists the names of the role's inline policies.
func inline(ctx context.Context, c *iam.Client, role string) ([]string, error) {
	var names []string
	p := iam.NewListRolePoliciesPaginator(c, &iam.ListRolePoliciesInput{RoleName: aws.String(role)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, err
		}
		names = append(names, page.PolicyNames...)
	}
	return names, nil
}

// SamePolicy compares two policy documents as JSON; IAM returns them
// URL-encoded.
func SamePolicy(a, b string) bool {
	var x, y any
	return json.Unmarshal([]byte(decode(a)), &x) == nil && json.Unmarshal([]byte(decode(b)), &y) == nil && reflect.DeepEqual(x, y)
}

func decode(doc string) string {
	if d, err := url.QueryUnescape(doc); err == nil {
		return d
	}
	return doc
}

func nilIfEmpty(s string) *string {
	if s == "" {
		return nil
	}
	return aws.String(s)
}
