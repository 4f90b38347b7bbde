package vpc

import (
	"context"

	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/awsclient"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/tags"
)

// setByChild are the tags each child carries for itself, not shared: never
// removed by a re-tag of the shared set.
var setByChild = []string{"Name", tags.ChildKey}

// ensureTags brings the shared tags (user, default, managed-by, owner) of
// every existing child in line with the layout. The VPC's tags stand for
// every child's: when they differ, each child changes only what differs
// (awsclient.Tagger): the flow-log group and role first, then every EC2
// child in one call to tag and at most one to untag, the VPC among them, so
// an interrupted re-tag leaves the VPC showing the difference to the next
// plan. New children were tagged at creation.
func (r *run) ensureTags(ctx context.Context) error {
	if r.o.VPC == nil {
		return nil
	}
	have, want := tagMap(r.o.VPC.Tags), r.l.BaseTags
	if set, remove := tags.Diff(want, have, setByChild...); len(set)+len(remove) == 0 {
		return nil
	}
	f := r.l.FlowLog
	for _, c := range []struct {
		kind, key string
		t         awsclient.Tagger
	}{
		{"flow-log group", f.LogGroupKey, awsclient.LogGroupTagger(r.x.Logs, LogGroupARN(r.x.Env.Partition, r.x.Env.Region, r.x.Env.AccountID, f.LogGroupName))},
		{"flow-log role", f.RoleKey, awsclient.IAMRoleTagger(r.x.IAM, f.RoleName)},
		{"children", "", awsclient.EC2Tagger(r.x.EC2, r.ec2ChildIDs()...)},
	} {
		if err := c.t.Retag(ctx, want, have, setByChild...); err != nil {
			return r.fail("tagging", c.kind, c.key, err)
		}
	}
	return nil
}

// ec2ChildIDs lists the IDs of every taggable EC2 child.
func (r *run) ec2ChildIDs() []string {
	var out []string
	for _, c := range r.l.Children() {
		switch c.Kind {
		case KindLogGroup, KindIAMRole, KindIAMPolicy, KindDefaultSecurityGroup:
			continue
		}
		if id := r.id(c.Key); id != "" && c.Kind.Taggable() {
			out = append(out, id)
		}
	}
	return out
}

func tagMap(t []ec2types.Tag) map[string]string { return awsclient.EC2TagMap(t) }
