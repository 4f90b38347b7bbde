package audittrail

import (
	"fmt"
	"slices"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/compliance"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/s3bucket"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/servicerole"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/tags"
)

// Child keys.
const (
	KeyLogBucket    = "bucket/logs"
	KeyAccessBucket = "bucket/access-logs"
	KeyLogGroup     = "log-group"
	KeyRole         = "role"
	KeyRolePolicy   = "role/policy" // the role's customer-managed policy, and its attachment
	KeyTrail        = "trail"
	// With replication: the replicas in the replica region, the
	// replication role and its policy, and each bucket's rule.
	KeyReplicaLogBucket    = "replica/bucket/logs"
	KeyReplicaAccessBucket = "replica/bucket/access-logs"
	KeyReplicationRole     = "replication/role"
	KeyReplicationPolicy   = "replication/policy"
	KeyLogReplication      = "replication/logs"
	KeyAccessReplication   = "replication/access-logs"
)

// ReplicationRuleID is the ID of the buckets' replication rule.
const ReplicationRuleID = "hipaa-audit-replication"

// Bucket is one hardened bucket (STO-01..05, AUD-07).
type Bucket = s3bucket.Bucket

// Layout is the expansion of a Spec.
type Layout struct {
	Name, Owner              string
	BaseTags                 map[string]string
	Partition, Region        string
	AccountID                string
	LogBucket, AccessBucket  Bucket
	LogGroupName             string
	KMSKeyARN                string
	RetentionDays            int
	RoleName, RolePolicyName string
	TrustPolicy, RolePolicy  string
	TrailName                string
	DataEventBucketARNs      []string
	// Replicas replicate both buckets to ReplicaRegion; nil without
	// replication.
	Replicas        *s3bucket.Replicas
	RetainOnDestroy bool
}

// ReplicaRegion is the replicas' region; "" without replication.
func (l Layout) ReplicaRegion() string {
	if l.Replicas == nil {
		return ""
	}
	return l.Replicas.Region
}

// Buckets lists every bucket in creation order: the access bucket, the log
// bucket, then their replicas.
func (l Layout) Buckets() []Bucket {
	return append([]Bucket{l.AccessBucket, l.LogBucket}, l.Replicas.Buckets()...)
}

// Tags is the tag set of a child.
func (l Layout) Tags(key string) map[string]string { return tags.WithChild(l.BaseTags, key) }

// TrailARN is the trail's ARN.
func (l Layout) TrailARN() string {
	return fmt.Sprintf("arn:%s:cloudtrail:%s:%s:trail/%s", l.Partition, l.Region, l.AccountID, l.TrailName)
}

// RoleARN is CloudTrail's delivery role.
func (l Layout) RoleARN() string {
	return fmt.Sprintf("arn:%s:iam::%s:role/%s", l.Partition, l.AccountID, l.RoleName)
}

// LogGroupARN is the log group's ARN as CloudTrail wants it (":*").
func (l Layout) LogGroupARN() string {
	return fmt.Sprintf("arn:%s:logs:%s:%s:log-group:%s:*", l.Partition, l.Region, l.AccountID, l.LogGroupName)
}

// Expand turns a valid spec into its layout: it refuses input errors and
// violations no exception waives.
func Expand(s Spec) (Layout, error) {
	s = s.WithDefaults()
	if err := compliance.Refusal(ResourceType, s.Name, Evaluate(s, compliance.Unknown{})); err != nil {
		return Layout{}, err
	}
	return expand(s), nil
}

// Locate is the layout of an existing trail known only by its name
// (import): the names and owner its children are found by, with the
// default settings and no key, which Observe then reads.
func Locate(name, region, accountID, partition string) (Layout, error) {
	s := Spec{Name: name, Region: region, AccountID: accountID, Partition: partition}.WithDefaults()
	if errs := validateName(s); len(errs) > 0 {
		return Layout{}, errs[0]
	}
	return expand(s), nil
}

func expand(s Spec) Layout {
	l := Layout{Name: s.Name, Owner: s.Owner(), BaseTags: tags.Build(s.DefaultTags, s.Tags, s.Owner()), Partition: s.Partition,
		Region: s.Region, AccountID: s.AccountID, KMSKeyARN: s.KMSKeyARN, RetentionDays: s.CloudWatchRetentionDays,
		LogGroupName: "/hipaa/audit/" + s.Name, RoleName: s3bucket.FitName("hipaa-audit-"+s.Name, "-cloudtrail", 64),
		TrailName: s.Name, DataEventBucketARNs: slices.Sorted(slices.Values(s.DataEventBucketARNs)), RetainOnDestroy: s.RetainOnDestroy}
	l.LogBucket = Bucket{Key: KeyLogBucket, Region: s.Region, Name: BucketName(s.Name, "audit-logs", s.AccountID, s.Region), KMSKeyARN: s.KMSKeyARN,
		ObjectLock: &s3bucket.ObjectLock{Mode: s3bucket.LockCompliance, Days: s.ObjectLockDays}, Lifecycle: s.Lifecycle(), Tags: l.Tags(KeyLogBucket)}
	l.AccessBucket = Bucket{Key: KeyAccessBucket, Region: s.Region, Name: BucketName(s.Name, "access-logs", s.AccountID, s.Region), Lifecycle: s.Lifecycle(), Tags: l.Tags(KeyAccessBucket)}
	l.LogBucket.LoggingTarget, l.LogBucket.LoggingPrefix = l.AccessBucket.Name, "s3-access/"+l.LogBucket.Name+"/"
	l.LogBucket.Policy = logBucketPolicy(l)
	l.AccessBucket.Policy = accessBucketPolicy(l)
	l.RolePolicyName = servicerole.PolicyName(l.RoleName, "cloudwatch-logs")
	l.TrustPolicy = trustPolicy(l)
	l.RolePolicy = rolePolicy(l)
	if r := s.Replication; r != nil {
		l.Replicas = l.replicas(*r)
	}
	return l
}

// replicas: the log bucket replicates to an Object-Locked copy under the
// replica region's key, the access bucket to an SSE-S3 copy that also
// receives the replica's own access logs.
func (l Layout) replicas(t s3bucket.Target) *s3bucket.Replicas {
	role := ReplicationRoleName(l.Name, l.Region)
	return s3bucket.ReplicateLogged(t, ReplicationRuleID, s3bucket.ReplicationRole(role, "S3 replication for "+ResourceType+" "+l.Name,
		l.Partition, l.AccountID, l.Tags(KeyReplicationRole), l.Tags(KeyReplicationPolicy)),
		s3bucket.Pair{RuleKey: KeyLogReplication, Source: l.LogBucket, Replica: s3bucket.Bucket{Key: KeyReplicaLogBucket,
			Name: BucketName(l.Name, "audit-logs", l.AccountID, t.Region), Tags: l.Tags(KeyReplicaLogBucket)}},
		s3bucket.Pair{RuleKey: KeyAccessReplication, Source: l.AccessBucket, Replica: s3bucket.Bucket{Key: KeyReplicaAccessBucket,
			Name: BucketName(l.Name, "access-logs", l.AccountID, t.Region), Tags: l.Tags(KeyReplicaAccessBucket)}})
}

// ReplicationRoleName is "hipaa-audit-<name>-<region>-replication",
// shortened with a hash when longer than IAM allows.
func ReplicationRoleName(name, region string) string {
	return s3bucket.FitName("hipaa-audit-"+name+"-"+region, "-replication", 64)
}

// BucketName is "<name>-<purpose>-<account>-<region>", shortened with a
// hash when longer than S3 allows.
func BucketName(name, purpose, account, region string) string {
	return s3bucket.Name(name, purpose, account, region)
}
