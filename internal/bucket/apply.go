package bucket

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/awsclient"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/executor"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/s3bucket"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/servicerole"
)

// Clients are the AWS clients the executor uses: S3 in the bucket's region
// and in the replica's (awsclient.Client.InRegion), and IAM.
type Clients struct {
	S3        *s3.Client
	ReplicaS3 *s3.Client // nil without replication
	IAM       *iam.Client
}

// Executor creates, repairs and deletes the children of one hipaa_bucket.
type Executor struct{ Clients }

func (x Executor) fail(action, kind, key string, l Layout, err error) error {
	return executor.Fail(action, kind, key, ResourceType, l.Name, err)
}

// s3For is the S3 client and region of bucket b.
func (x Executor) s3For(l Layout, b Bucket) (*s3.Client, string) {
	if b.Region != l.Region {
		return x.ReplicaS3, b.Region
	}
	return x.S3, l.Region
}

// Apply converges AWS on the layout: every setting is written with an
// idempotent Put, so the same calls create, repair drift and finish a
// crashed apply; a bucket is adopted only when tagged with this owner (or
// untagged and empty: s3bucket.Ensure). record receives each child as it
// exists. The order comes from Layout.Children; the buckets' whole tag
// sets are written with their settings, the role's last.
func (x Executor) Apply(ctx context.Context, l Layout, record func(key, id string)) error {
	var role servicerole.Result
	steps := x.steps(l, executor.NewRecorder(record), &role)
	return executor.Schedule(awsclient.WithChild(ctx, "", l.Owner), executor.Graph(l.Children()), steps)
}

// steps are the phases of one Apply, by the kinds of child they own; role
// learns whether the role existed, and its tags.
func (x Executor) steps(l Layout, rec *executor.Recorder, role *servicerole.Result) []executor.Step {
	steps := []executor.Step{
		{Name: "buckets", Kinds: executor.Kinds(KindBucket), Run: func(ctx context.Context) error { return x.ensureBuckets(ctx, l, rec) }},
		{Name: "role", Kinds: executor.Kinds(KindIAMRole, KindIAMPolicy), Run: func(ctx context.Context) (err error) {
			if l.Role == nil {
				return nil
			}
			if *role, err = servicerole.Ensure(awsclient.WithChild(ctx, KeyRole, ""), x.IAM, *l.Role); err != nil {
				return x.fail("applying", "IAM role", KeyRole, l, err)
			}
			rec.Put(KeyRole, role.RoleARN)
			rec.Put(KeyRolePolicy, l.Role.PolicyARN())
			return nil
		}},
		{Name: "replication", Kinds: executor.Kinds(KindReplication), Run: func(ctx context.Context) error {
			if l.Replication == nil {
				return nil
			}
			for _, r := range l.replications() {
				if err := s3bucket.PutReplication(awsclient.WithChild(ctx, r.key, ""), x.S3, r.source, *r.rule); err != nil {
					return x.fail("replicating", "bucket", r.key, l, err)
				}
				rec.Put(r.key, r.rule.RuleID)
			}
			return nil
		}},
	}
	return append(steps, executor.Step{Name: "tags", After: []string{"buckets", "role", "replication"}, Run: func(ctx context.Context) error {
		if l.Role == nil || role.Created {
			return nil
		}
		if err := awsclient.IAMRoleTagger(x.IAM, l.Role.RoleName).Retag(awsclient.WithChild(ctx, KeyRole, l.Owner), l.Role.Tags, role.Tags); err != nil {
			return x.fail("tagging", "IAM role", KeyRole, l, err)
		}
		return nil
	}})
}

// ensureBuckets creates (or adopts) every bucket at once (s3bucket.EnsureAll).
func (x Executor) ensureBuckets(ctx context.Context, l Layout, rec *executor.Recorder) error {
	return s3bucket.EnsureAll(ctx, l.Buckets(), l.owner(), func(b Bucket) (*s3.Client, string) { return x.s3For(l, b) },
		func(b Bucket) { rec.Put(b.Key, b.Name) })
}

// owner names the resource in bucket errors.
func (l Layout) owner() s3bucket.Owner {
	return s3bucket.Owner{Tag: l.Owner, Resource: ResourceType, Name: l.Name}
}

// bucketError names the failed step and the bucket.
func (x Executor) bucketError(l Layout, b Bucket, err error) error { return l.owner().Fail(b, err) }
