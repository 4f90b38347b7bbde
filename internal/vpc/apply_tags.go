package vpc

import (
	"context"
	"maps"
	"slices"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/aws/aws-sdk-go-v2/service/iam"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/awsclient"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/tags"
)

// ensureTags brings the shared tags (user, default, managed-by, owner) of
// every existing child in line with the layout, in one CreateTags and at
// most one DeleteTags for all EC2 children, plus the log group and role.
// New children were tagged at creation.
func (r *run) ensureTags(ctx context.Context) error {
	if r.o.VPC == nil {
		return nil
	}
	have := tagMap(r.o.VPC.Tags)
	want := r.l.BaseTags
	var stale []string
	for k := range have {
		if _, ok := want[k]; !ok && k != "Name" && k != tags.ChildKey {
			stale = append(stale, k)
		}
	}
	if len(stale) == 0 && maps.EqualFunc(pick(have, want), want, func(a, b string) bool { return a == b }) {
		return nil
	}
	ids := r.ec2ChildIDs()
	if _, err := r.x.EC2.CreateTags(ctx, &ec2.CreateTagsInput{Resources: ids, Tags: awsclient.EC2Tags(want)}); err != nil {
		return r.fail("tagging", "children", "", err)
	}
	if len(stale) > 0 {
		var del []ec2types.Tag
		for _, k := range slices.Sorted(slices.Values(stale)) {
			del = append(del, ec2types.Tag{Key: aws.String(k)})
		}
		if _, err := r.x.EC2.DeleteTags(ctx, &ec2.DeleteTagsInput{Resources: ids, Tags: del}); err != nil {
			return r.fail("untagging", "children", "", err)
		}
	}
	return r.tagDelivery(ctx, want, stale)
}

func (r *run) tagDelivery(ctx context.Context, want map[string]string, stale []string) error {
	f := r.l.FlowLog
	arn := LogGroupARN(r.x.Env.Partition, r.x.Env.Region, r.x.Env.AccountID, f.LogGroupName)
	if _, err := r.x.Logs.TagResource(ctx, &cloudwatchlogs.TagResourceInput{ResourceArn: aws.String(arn), Tags: want}); err != nil {
		return r.fail("tagging", "flow-log group", f.LogGroupKey, err)
	}
	if _, err := r.x.IAM.TagRole(ctx, &iam.TagRoleInput{RoleName: aws.String(f.RoleName), Tags: awsclient.IAMTags(want)}); err != nil {
		return r.fail("tagging", "flow-log role", f.RoleKey, err)
	}
	if len(stale) > 0 {
		_, _ = r.x.Logs.UntagResource(ctx, &cloudwatchlogs.UntagResourceInput{ResourceArn: aws.String(arn), TagKeys: stale})
		_, _ = r.x.IAM.UntagRole(ctx, &iam.UntagRoleInput{RoleName: aws.String(f.RoleName), TagKeys: stale})
	}
	return nil
}

// ec2ChildIDs lists the IDs of every taggable EC2 child.
func (r *run) ec2ChildIDs() []string {
	var out []string
	for _, c := range r.l.Children() {
		switch c.Kind {
		case KindLogGroup, KindIAMRole, KindIAMRolePolicy, KindDefaultSecurityGroup:
			continue
		}
		if id := r.id(c.Key); id != "" && c.Kind.Taggable() {
			out = append(out, id)
		}
	}
	return out
}

func tagMap(t []ec2types.Tag) map[string]string {
	m := map[string]string{}
	for _, x := range t {
		m[aws.ToString(x.Key)] = aws.ToString(x.Value)
	}
	return m
}

func pick(m, keys map[string]string) map[string]string {
	out := map[string]string{}
	for k := range keys {
		if v, ok := m[k]; ok {
			out[k] = v
		}
	}
	return out
}
