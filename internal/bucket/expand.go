package bucket

import (
	"fmt"
	"slices"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/compliance"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/lists"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/s3bucket"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/servicerole"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/tags"
)

// Child keys.
const (
	KeyData              = "bucket/data"
	KeyAccessLogs        = "bucket/access-logs"
	KeyReplica           = "replica/bucket"
	KeyReplicaAccessLogs = "replica/access-logs"
	KeyRole              = "replication/role"
	KeyRolePolicy        = "replication/policy" // the role's customer-managed policy, and its attachment
	KeyReplication       = "replication/config"
	// KeyAccessLogReplication is the access-log bucket's replication
	// configuration: its logs replicate to the replica region's.
	KeyAccessLogReplication = "replication/access-logs"
)

// Rule IDs the provider writes.
const (
	LifecycleRuleID   = "hipaa-bucket-lifecycle"
	ReplicationRuleID = "hipaa-bucket-replication"
)

// AccessLogLifecycle is the lifecycle of the access-log buckets the
// resource creates: Standard-IA at 30 days, Deep Archive at 150, kept ten
// years (STO-07's seed, as internal/audittrail's defaults).
func AccessLogLifecycle() Lifecycle {
	return Lifecycle{RuleID: LifecycleRuleID, Transitions: []Transition{{Days: 30, StorageClass: StandardIA}, {Days: 150, StorageClass: DeepArchive}},
		ExpireAfterDays: 3653, NoncurrentVersionExpireAfterDays: 3653, AbortIncompleteMultipartUploadDays: AbortIncompleteMultipartUploadDays}
}

// Lifecycle is one bucket's lifecycle rule (LifecycleRuleID), on every
// object.
type Lifecycle = s3bucket.Lifecycle

// Bucket is one bucket: public access blocked, ACLs disabled
// (BucketOwnerEnforced), versioning, default encryption, Policy and
// Lifecycle, server access logging when LoggingTarget is set.
type Bucket = s3bucket.Bucket

// ReplicationRule is the data bucket's replication configuration: every
// object, KMS-encrypted objects and delete markers included, to the
// replica under the replica region's key.
type ReplicationRule = s3bucket.Replication

// Layout is the expansion of a Spec.
type Layout struct {
	Name, Owner       string
	BaseTags          map[string]string
	Partition, Region string
	AccountID         string
	ReplicaRegion     string // "" without replication
	// BucketName and ARN are the computed bucket_name and arn.
	BucketName, ARN string
	KMSKeyARN       string
	Data            Bucket
	AccessLogs      *Bucket // nil when access_log_bucket names an existing bucket
	// Replica, ReplicaAccessLogs, Role and Replication are nil without
	// replication.
	Replica, ReplicaAccessLogs *Bucket
	Role                       *servicerole.Spec // the replication role and its policy
	Replication                *ReplicationRule
	// AccessLogReplication replicates the access-log bucket the resource
	// creates to the replica region's (SSE-S3, no key); nil without
	// replication or when access_log_bucket names an existing bucket.
	AccessLogReplication      *ReplicationRule
	PresignedURLMaxAgeSeconds int
	ReaderARNs, WriterARNs    []string // sorted, without repeats
	RetainOnDestroy           bool
}

// Tags is the tag set of a child.
func (l Layout) Tags(key string) map[string]string { return tags.WithChild(l.BaseTags, key) }

// RoleARN is the replication role's ARN; "" without replication.
func (l Layout) RoleARN() string {
	if l.Role == nil {
		return ""
	}
	return l.Role.RoleARN()
}

// Buckets lists the layout's buckets in creation order.
func (l Layout) Buckets() []Bucket {
	var out []Bucket
	for _, b := range []*Bucket{l.AccessLogs, &l.Data, l.ReplicaAccessLogs, l.Replica} {
		if b != nil {
			out = append(out, *b)
		}
	}
	return out
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

func expand(s Spec) Layout {
	l := Layout{Name: s.Name, Owner: s.Owner(), BaseTags: tags.Build(s.DefaultTags, s.Tags, s.Owner()), Partition: s.Partition,
		Region: s.Region, AccountID: s.AccountID, KMSKeyARN: s.KMSKeyARN, PresignedURLMaxAgeSeconds: s.PresignedURLMaxAgeSeconds,
		ReaderARNs: lists.SortedUnique(s.ReaderARNs), WriterARNs: lists.SortedUnique(s.WriterARNs), RetainOnDestroy: s.RetainOnDestroy}
	lc := Lifecycle{RuleID: LifecycleRuleID, Transitions: slices.Clone(s.Transitions), ExpireAfterDays: s.ExpireAfterDays,
		NoncurrentVersionExpireAfterDays: s.NoncurrentVersionExpireAfterDays, AbortIncompleteMultipartUploadDays: AbortIncompleteMultipartUploadDays}

	l.BucketName = BucketName(s.Name, s.AccountID, s.Region)
	l.ARN = s3bucket.ARN(s.Partition, l.BucketName)
	l.Data = Bucket{Key: KeyData, Name: l.BucketName, Region: s.Region, KMSKeyARN: s.KMSKeyARN,
		ObjectLock: lock(s.ObjectLock), Lifecycle: lc, Tags: l.Tags(KeyData), LoggingTarget: s.AccessLogBucket}
	if s.AccessLogBucket == "" {
		l.AccessLogs = l.accessLogBucket(KeyAccessLogs, s.Region)
		l.Data.LoggingTarget = l.AccessLogs.Name
	}
	l.Data.LoggingPrefix = accessLogPrefix(l.Data.Name)

	if r := s.Replication; r != nil {
		l.ReplicaRegion = r.Region
		name := BucketName(s.Name, s.AccountID, r.Region)
		l.ReplicaAccessLogs = l.accessLogBucket(KeyReplicaAccessLogs, r.Region)
		lc.Transitions = slices.Clone(lc.Transitions) // the replica's own copy
		l.Replica = &Bucket{Key: KeyReplica, Name: name, Region: r.Region, KMSKeyARN: r.KMSKeyARN,
			ObjectLock: lock(s.ObjectLock), Lifecycle: lc, Tags: l.Tags(KeyReplica),
			LoggingTarget: l.ReplicaAccessLogs.Name, LoggingPrefix: accessLogPrefix(name)}
		role := RoleName(s.Name, s.Region)
		spec := s3bucket.ReplicationRole(role, "S3 replication for "+ResourceType+" "+s.Name, s.Partition, s.AccountID, l.Tags(KeyRole), l.Tags(KeyRolePolicy))
		l.Role = &spec
		l.Role.TrustPolicy = s3bucket.ReplicationTrustPolicy()
		l.Replication = &ReplicationRule{RuleID: ReplicationRuleID, RoleARN: l.Role.RoleARN(),
			DestinationBucketARN: s3bucket.ARN(s.Partition, name), ReplicaKMSKeyARN: r.KMSKeyARN}
		if l.AccessLogs != nil {
			l.AccessLogReplication = &ReplicationRule{RuleID: ReplicationRuleID, RoleARN: l.Role.RoleARN(),
				DestinationBucketARN: s3bucket.ARN(s.Partition, l.ReplicaAccessLogs.Name)}
		}
		l.Role.PolicyDocument = replicationPolicy(l)
		l.Replica.Policy = replicaBucketPolicy(l)
		l.ReplicaAccessLogs.Policy = s3bucket.AccessLogPolicy(s.Partition, l.ReplicaAccessLogs.Name, l.Replica.LoggingPrefix, s.AccountID)
	}
	l.Data.Policy = dataBucketPolicy(l)
	if l.AccessLogs != nil {
		l.AccessLogs.Policy = s3bucket.AccessLogPolicy(s.Partition, l.AccessLogs.Name, l.Data.LoggingPrefix, s.AccountID)
	}
	return l
}

// accessLogBucket is the SSE-S3 bucket (S3 server access logging cannot
// write to SSE-KMS buckets) that receives a region's server access logs
// (AUD-07).
func (l Layout) accessLogBucket(key, region string) *Bucket {
	name := s3bucket.Name(l.Name, "access-logs", l.AccountID, region)
	return &Bucket{Key: key, Name: name, Region: region,
		Lifecycle: AccessLogLifecycle(), Tags: l.Tags(key)}
}

func lock(l *ObjectLock) *ObjectLock {
	if l == nil {
		return nil
	}
	c := *l
	return &c
}

func accessLogPrefix(bucket string) string { return "s3-access/" + bucket + "/" }

// BucketName is "<name>-<account>-<region>"; Validate keeps it within
// S3's 63 characters.
func BucketName(name, account, region string) string {
	return fmt.Sprintf("%s-%s-%s", name, account, region)
}

// RoleName is the replication role: "hipaa-bucket-<name>-<region>-replication",
// shortened with a hash when longer than IAM allows. The region keeps
// buckets of one name in two regions from sharing a role.
func RoleName(name, region string) string {
	return s3bucket.FitName("hipaa-bucket-"+name+"-"+region, "-replication", 64)
}

// replication is one source bucket's replication rule and its child key.
type replication struct {
	key, source string
	rule        *ReplicationRule
}

// replications are the layout's replication rules: the bucket's, then its
// access-log bucket's.
func (l Layout) replications() []replication {
	var out []replication
	if l.Replication != nil {
		out = append(out, replication{KeyReplication, l.BucketName, l.Replication})
	}
	if l.AccessLogReplication != nil {
		out = append(out, replication{KeyAccessLogReplication, l.AccessLogs.Name, l.AccessLogReplication})
	}
	return out
}
