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
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/compliance"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/loggroup"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/s3bucket"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/tags"
)

// ResourceType is the Terraform type name.
const ResourceType = "hipaa_audit_trail"

// Defaults and bounds of the contract.
const (
	DefaultStandardDays         = 30
	DefaultInfrequentAccessDays = 150
	DefaultExpireAfterDays      = 3653 // ten years
	DefaultObjectLockDays       = 2192 // six years, 45 CFR 164.316(b)(2)(i)
	DefaultCloudWatchRetention  = 2192
	SixYearsDays                = 2192
	MinInfrequentAccessDays     = 30 // S3 refuses STANDARD_IA transitions before 30 days
	MinDaysInInfrequentAccess   = 30 // before moving on to Deep Archive
	MaxObjectLockDays           = 36500
	// DefaultRetainOnDestroy keeps the buckets and the log group (audit
	// evidence) when the trail is destroyed.
	DefaultRetainOnDestroy = true
)

// AllowedRetentionDays are the retention periods CloudWatch Logs accepts.
var AllowedRetentionDays = loggroup.RetentionDays

// Lifecycle is the log_lifecycle block: Standard, then Standard-IA from
// StandardDays, Deep Archive from InfrequentAccessDays, expiry (current
// and noncurrent versions) at ExpireAfterDays.
type Lifecycle struct {
	StandardDays         int // day of the move to Standard-IA
	InfrequentAccessDays int // day of the move to Deep Archive
	ExpireAfterDays      int
}

// Rule is the buckets' lifecycle rule (s3bucket.LifecycleRuleID).
func (lc Lifecycle) Rule() s3bucket.Lifecycle {
	return s3bucket.Lifecycle{Transitions: []s3bucket.Transition{{Days: lc.StandardDays, StorageClass: "STANDARD_IA"},
		{Days: lc.InfrequentAccessDays, StorageClass: "DEEP_ARCHIVE"}},
		ExpireAfterDays: lc.ExpireAfterDays, NoncurrentVersionExpireAfterDays: lc.ExpireAfterDays}
}

// LifecycleOf reads a rule written by Rule back (import); what it lacks
// stays zero.
func LifecycleOf(r s3bucket.Lifecycle) Lifecycle {
	lc := Lifecycle{ExpireAfterDays: r.ExpireAfterDays}
	for _, t := range r.Transitions {
		switch t.StorageClass {
		case "STANDARD_IA":
			lc.StandardDays = t.Days
		case "DEEP_ARCHIVE":
			lc.InfrequentAccessDays = t.Days
		}
	}
	return lc
}

// Spec is the plain description of one hipaa_audit_trail.
type Spec struct {
	Name                    string
	KMSKeyARN               string
	CloudWatchRetentionDays int
	Lifecycle               Lifecycle
	ObjectLockDays          int
	DataEventBucketARNs     []string
	RetainOnDestroy         bool
	Region, AccountID       string
	Partition               string
	Tags, DefaultTags       map[string]string
	Exceptions              []compliance.Exception
}

// WithDefaults fills unset values.
func (s Spec) WithDefaults() Spec {
	if s.CloudWatchRetentionDays == 0 {
		s.CloudWatchRetentionDays = DefaultCloudWatchRetention
	}
	if s.Lifecycle.StandardDays == 0 {
		s.Lifecycle.StandardDays = DefaultStandardDays
	}
	if s.Lifecycle.InfrequentAccessDays == 0 {
		s.Lifecycle.InfrequentAccessDays = DefaultInfrequentAccessDays
	}
	if s.Lifecycle.ExpireAfterDays == 0 {
		s.Lifecycle.ExpireAfterDays = DefaultExpireAfterDays
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
