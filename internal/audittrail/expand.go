package audittrail

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/tags"
)

// Child keys.
const (
	KeyLogBucket    = "bucket/logs"
	KeyAccessBucket = "bucket/access-logs"
	KeyLogGroup     = "log-group"
	KeyRole         = "role"
	KeyRolePolicy   = "role/policy"
	KeyTrail        = "trail"
)

// Bucket is one hardened bucket (STO-01..05): public access blocked,
// ACLs disabled, versioning, a TLS-only policy, lifecycle.
type Bucket struct {
	Key, Name      string
	KMSKeyARN      string // SSE-KMS with bucket key; "" = SSE-S3 (the access-log bucket: S3 server access logging cannot write to SSE-KMS buckets)
	ObjectLockDays int    // COMPLIANCE mode default retention; 0 = no Object Lock
	Lifecycle      Lifecycle
	Policy         string
	LoggingTarget  string // access-log bucket name; "" = none
	LoggingPrefix  string
}

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

// LogGroupARN is the log group's ARN as CloudTrail wants it (":*").
func (l Layout) LogGroupARN() string {
	return fmt.Sprintf("arn:%s:logs:%s:%s:log-group:%s:*", l.Partition, l.Region, l.AccountID, l.LogGroupName)
}

// Expand turns a valid spec into its layout.
func Expand(s Spec) (Layout, error) {
	s = s.WithDefaults()
	if errs := Validate(s); len(errs) > 0 {
		return Layout{}, errs[0]
	}
	for _, v := range Check(s) {
		if v.Hard {
			return Layout{}, fmt.Errorf("%s: %s", v.Attribute, v.Detail)
		}
	}
	l := Layout{Name: s.Name, Owner: s.Owner(), BaseTags: tags.Build(s.DefaultTags, s.Tags, s.Owner()), Partition: s.Partition,
		Region: s.Region, AccountID: s.AccountID, KMSKeyARN: s.KMSKeyARN, RetentionDays: s.CloudWatchRetentionDays,
		LogGroupName: "/hipaa/audit/" + s.Name, RoleName: fitName("hipaa-audit-"+s.Name, "-cloudtrail", 64), RolePolicyName: "cloudwatch-logs",
		TrailName: s.Name, DataEventBucketARNs: slices.Sorted(slices.Values(s.DataEventBucketARNs)), RetainOnDestroy: s.RetainOnDestroy}
	l.LogBucket = Bucket{Key: KeyLogBucket, Name: BucketName(s.Name, "audit-logs", s.AccountID, s.Region), KMSKeyARN: s.KMSKeyARN,
		ObjectLockDays: s.ObjectLockDays, Lifecycle: s.Lifecycle}
	l.AccessBucket = Bucket{Key: KeyAccessBucket, Name: BucketName(s.Name, "access-logs", s.AccountID, s.Region), Lifecycle: s.Lifecycle}
	l.LogBucket.LoggingTarget, l.LogBucket.LoggingPrefix = l.AccessBucket.Name, "s3-access/"+l.LogBucket.Name+"/"
	l.LogBucket.Policy = logBucketPolicy(l)
	l.AccessBucket.Policy = accessBucketPolicy(l)
	l.TrustPolicy = trustPolicy(l)
	l.RolePolicy = rolePolicy(l)
	return l, nil
}

// BucketName is "<name>-<purpose>-<account>-<region>", shortened with a
// hash when longer than S3 allows.
func BucketName(name, purpose, account, region string) string {
	return fitName(name+"-"+purpose, "-"+account+"-"+region, MaxBucketNameLen)
}

func fitName(base, suffix string, limit int) string {
	if len(base)+len(suffix) <= limit {
		return base + suffix
	}
	h := sha256.Sum256([]byte(base))
	keep := limit - len(suffix) - 9
	return base[:keep] + "-" + hex.EncodeToString(h[:])[:8] + suffix
}
