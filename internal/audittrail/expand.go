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
)

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
	RetainOnDestroy          bool
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
	l.LogBucket = Bucket{Key: KeyLogBucket, Name: BucketName(s.Name, "audit-logs", s.AccountID, s.Region), KMSKeyARN: s.KMSKeyARN,
		ObjectLock: &s3bucket.ObjectLock{Mode: s3bucket.LockCompliance, Days: s.ObjectLockDays}, Lifecycle: s.Lifecycle(), Tags: l.Tags(KeyLogBucket)}
	l.AccessBucket = Bucket{Key: KeyAccessBucket, Name: BucketName(s.Name, "access-logs", s.AccountID, s.Region), Lifecycle: s.Lifecycle(), Tags: l.Tags(KeyAccessBucket)}
	l.LogBucket.LoggingTarget, l.LogBucket.LoggingPrefix = l.AccessBucket.Name, "s3-access/"+l.LogBucket.Name+"/"
	l.LogBucket.Policy = logBucketPolicy(l)
	l.AccessBucket.Policy = accessBucketPolicy(l)
	l.RolePolicyName = servicerole.PolicyName(l.RoleName, "cloudwatch-logs")
	l.TrustPolicy = trustPolicy(l)
	l.RolePolicy = rolePolicy(l)
	return l
}

// BucketName is "<name>-<purpose>-<account>-<region>", shortened with a
// hash when longer than S3 allows.
func BucketName(name, purpose, account, region string) string {
	return s3bucket.Name(name, purpose, account, region)
}
