// Package audittrail is hipaa_audit_trail: a multi-region CloudTrail trail
// with log-file validation and the customer key, delivering to a hardened,
// Object-Locked S3 bucket (with a separate access-log bucket) and to an
// encrypted CloudWatch Logs group.
//
// The pure core (spec.go, checks.go, expand.go, policy.go) does no I/O and
// knows nothing of the plugin framework; observe.go, apply.go and
// destroy.go are the executor.
package audittrail

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/compliance"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/cwlogs"
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
)

// AllowedRetentionDays are the retention periods CloudWatch Logs accepts.
var AllowedRetentionDays = cwlogs.RetentionDays

// Lifecycle is the lifecycle block of the audit-log bucket.
type Lifecycle = s3bucket.Lifecycle

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

// InputError is input that cannot describe any trail.
type InputError struct{ Attribute, Detail string }

func (e InputError) Error() string { return e.Attribute + ": " + e.Detail }

var (
	nameRE      = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{1,30}[a-z0-9]$`)
	keyARNRE    = regexp.MustCompile(`^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key/[0-9a-f-]{36}$`)
	bucketARNRE = regexp.MustCompile(`^arn:aws[a-z-]*:s3:::[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$`)
)

// Validate reports input no mode accepts.
func Validate(s Spec) []InputError {
	s = s.WithDefaults()
	var errs []InputError
	if !nameRE.MatchString(s.Name) {
		errs = append(errs, InputError{"name", fmt.Sprintf("%q: use 3 to 32 lowercase letters, digits and hyphens (it names the trail and, with the account and region, the buckets)", s.Name)})
	}
	if !keyARNRE.MatchString(s.KMSKeyARN) {
		errs = append(errs, InputError{"kms_key_arn", fmt.Sprintf("%q is not a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>); aliases and AWS-managed keys are refused (AUD-03)", s.KMSKeyARN)})
	}
	if !slices.Contains(AllowedRetentionDays, s.CloudWatchRetentionDays) {
		errs = append(errs, InputError{"cloudwatch_retention_days", fmt.Sprintf("%d is not a CloudWatch Logs retention; use one of %v", s.CloudWatchRetentionDays, AllowedRetentionDays)})
	}
	lc := s.Lifecycle
	switch {
	case lc.StandardDays < MinInfrequentAccessDays:
		errs = append(errs, InputError{"log_lifecycle.standard_days", fmt.Sprintf("%d: S3 moves objects to Standard-IA no earlier than day %d", lc.StandardDays, MinInfrequentAccessDays)})
	case lc.InfrequentAccessDays < lc.StandardDays+MinDaysInInfrequentAccess:
		errs = append(errs, InputError{"log_lifecycle.infrequent_access_days", fmt.Sprintf("%d: objects must stay %d days in Standard-IA, so use at least %d", lc.InfrequentAccessDays, MinDaysInInfrequentAccess, lc.StandardDays+MinDaysInInfrequentAccess)})
	case lc.ExpireAfterDays <= lc.InfrequentAccessDays:
		errs = append(errs, InputError{"log_lifecycle.expire_after_days", fmt.Sprintf("%d: expiry must come after the move to Deep Archive (day %d)", lc.ExpireAfterDays, lc.InfrequentAccessDays)})
	}
	if s.ObjectLockDays < 1 || s.ObjectLockDays > MaxObjectLockDays {
		errs = append(errs, InputError{"object_lock_days", fmt.Sprintf("%d: use 1 to %d days", s.ObjectLockDays, MaxObjectLockDays)})
	}
	for _, a := range s.DataEventBucketARNs {
		if !bucketARNRE.MatchString(a) {
			errs = append(errs, InputError{"data_event_bucket_arns", fmt.Sprintf("%q is not an S3 bucket ARN (arn:aws:s3:::<bucket>)", a)})
		}
	}
	for k := range s.Tags {
		if tags.IsReserved(k) || strings.HasPrefix(k, "aws:") {
			errs = append(errs, InputError{"tags", fmt.Sprintf("%q is reserved", k)})
		}
	}
	return errs
}
