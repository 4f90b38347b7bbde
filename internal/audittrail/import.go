package audittrail

import (
	"context"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/s3bucket"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/tags"
)

// Env is the account and region a trail lives in.
type Env struct{ Region, AccountID, Partition string }

// Import reads the trail name, which this provider created, with its
// buckets and log group, and returns the Spec it is configured with. A
// missing trail is an awsclient.NotFoundError; one without this
// provider's owner tag is refused (tags.NotOwnedError). Nothing is changed.
func Import(ctx context.Context, c Clients, env Env, defaultTags map[string]string, name string) (Spec, error) {
	l, err := Locate(name, env.Region, env.AccountID, env.Partition)
	if err != nil {
		return Spec{}, err
	}
	o, err := readTrail(ctx, c, l)
	if err != nil {
		return Spec{}, err
	}
	if got := o.Tags[tags.OwnerKey]; got != l.Owner {
		return Spec{}, &tags.NotOwnedError{Kind: "trail", ID: name, Resource: ResourceType, Want: l.Owner, Found: got,
			Fix: "Keep managing it outside this provider, or create a " + ResourceType + " of another name (and stop the old trail once the new one delivers)."}
	}
	if err := o.readRest(ctx, c, l); err != nil {
		return Spec{}, err
	}
	// The log bucket's rule names the replica, and so the region.
	rep, err := s3bucket.ReadReplication(ctx, c.S3, l.LogBucket.Name, ReplicationRuleID)
	if err != nil {
		return Spec{}, err
	}
	o.Replication.Rules = map[string]*s3bucket.Replication{KeyLogReplication: rep}
	return SpecOf(o, env, defaultTags, name), nil
}

// SpecOf is the Spec of the observed trail name: its key, data events and
// user tags, the log group's retention, and the log bucket's Object Lock
// and lifecycle, and the replicas' region and key from the log bucket's
// replication rule. A value o does not hold takes its default; destroy
// keeps the evidence (DefaultRetainOnDestroy).
func SpecOf(o *Observed, env Env, defaultTags map[string]string, name string) Spec {
	s := Spec{Name: name, CloudWatchRetentionDays: o.LogGroupRetentionDays, ObjectLockDays: o.LockDays(),
		DataEventBucketARNs: o.DataEventBucketARNs(), RetainOnDestroy: DefaultRetainOnDestroy, Tags: tags.UserTags(o.Tags, defaultTags),
		Region: env.Region, AccountID: env.AccountID, Partition: env.Partition, DefaultTags: defaultTags}
	if o.Trail != nil {
		s.KMSKeyARN = aws.ToString(o.Trail.KmsKeyId)
	}
	if b := o.Buckets[KeyLogBucket]; b != nil && b.Lifecycle != nil {
		s.Transitions, s.ExpireAfterDays = slices.Clone(b.Lifecycle.Transitions), b.Lifecycle.ExpireAfterDays
	}
	if rep := o.Replication.Rules[KeyLogReplication]; rep != nil {
		dest := strings.TrimPrefix(rep.DestinationBucketARN, "arn:"+env.Partition+":s3:::")
		if i := strings.LastIndex(dest, "-"+env.AccountID+"-"); i >= 0 {
			s.Replication = &s3bucket.Target{Region: dest[i+len(env.AccountID)+2:], KMSKeyARN: rep.ReplicaKMSKeyARN}
		}
	}
	return s.WithDefaults()
}
