// Package audittrail is hipaa_audit_trail: a multi-region CloudTrail trail
// with log-file validation and the customer key, delivering to a hardened,
// Object-Locked S3 bucket (with a separate access-log bucket) and to an
// encrypted CloudWatch Logs group.
//
// The pure core (spec.go, validate.go, checks.go, expand.go, policy.go) does no I/O and
// knows nothing of the plugin framework; observe.go, apply.go and
// destroy.go are the executor.
package audittrail

import (
	"slices"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/compliance"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/loggroup"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/s3bucket"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/tags"
)

// ResourceType is the Terraform type name.
const ResourceType = "hipaa_audit_trail"

// Defaults and bounds of the contract.
const (
	// DefaultExpireAfterDays: the seed's 30 days in Standard, 150 in
	// Standard-IA, then ten years (3653 days) in Deep Archive.
	DefaultExpireAfterDays     = 180 + 3653
	DefaultObjectLockDays      = 2192 // six years, 45 CFR 164.316(b)(2)(i)
	DefaultCloudWatchRetention = 2192
	SixYearsDays               = 2192
	MaxObjectLockDays          = 36500
	// DefaultRetainOnDestroy keeps the buckets and the log group (audit
	// evidence) when the trail is destroyed.
	DefaultRetainOnDestroy = true
)

// AllowedRetentionDays are the retention periods CloudWatch Logs accepts.
var AllowedRetentionDays = loggroup.RetentionDays

// DefaultTransitions is what transitions unset means, the seed's: Standard
// for 30 days, Standard-IA for 150, then Deep Archive.
func DefaultTransitions() []s3bucket.Transition {
	return []s3bucket.Transition{{Days: 30, StorageClass: s3bucket.StandardIA}, {Days: 180, StorageClass: s3bucket.DeepArchive}}
}

// Lifecycle is both buckets' lifecycle rule: the transitions, then expiry
// of current and noncurrent versions at ExpireAfterDays.
func (s Spec) Lifecycle() s3bucket.Lifecycle {
	return s3bucket.Lifecycle{Transitions: slices.Clone(s.Transitions), ExpireAfterDays: s.ExpireAfterDays,
		NoncurrentVersionExpireAfterDays: s.ExpireAfterDays}
}

// Spec is the plain description of one hipaa_audit_trail.
type Spec struct {
	Name                    string
	KMSKeyARN               string
	CloudWatchRetentionDays int
	// Transitions nil: DefaultTransitions; empty: logs stay in S3 Standard.
	Transitions         []s3bucket.Transition
	ExpireAfterDays     int
	ObjectLockDays      int
	DataEventBucketARNs []string
	// Replication nil: the buckets are not replicated (STO-08).
	Replication       *s3bucket.Target
	RetainOnDestroy   bool
	Region, AccountID string
	Partition         string
	Tags, DefaultTags map[string]string
	Exceptions        []compliance.Exception
}

// WithDefaults fills unset values.
func (s Spec) WithDefaults() Spec {
	if s.CloudWatchRetentionDays == 0 {
		s.CloudWatchRetentionDays = DefaultCloudWatchRetention
	}
	if s.Transitions == nil {
		s.Transitions = DefaultTransitions()
	} else {
		s.Transitions = slices.Clone(s.Transitions)
	}
	if s.ExpireAfterDays == 0 {
		s.ExpireAfterDays = DefaultExpireAfterDays
	}
	if s.ObjectLockDays == 0 {
		s.ObjectLockDays = DefaultObjectLockDays
	}
	if s.Partition == "" {
		s.Partition = "aws"
	}
	return s
}

// Owner is the hipaa:owner tag value.
func (s Spec) Owner() string { return tags.Owner(ResourceType, s.Name) }
