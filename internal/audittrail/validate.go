package audittrail

import (
	"fmt"
	"regexp"
	"slices"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/compliance"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/s3bucket"
)

// MaxDataEventBuckets is how many data resources CloudTrail accepts in a
// trail's event selectors.
const MaxDataEventBuckets = 250

var (
	nameRE      = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{1,30}[a-z0-9]$`)
	bucketARNRE = regexp.MustCompile(`^arn:aws[a-z-]*:s3:::[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$`)
)

// InputError is the one input-error type of every resource.
type InputError = compliance.InputError

// Validate reports input no mode accepts, with every argument known.
func Validate(s Spec) []InputError { return Evaluate(s, compliance.Unknown{}).Input }

// Evaluate runs every input rule and control check of s.WithDefaults()
// whose arguments are known (u lists the unknown ones).
func Evaluate(s Spec, u compliance.Unknown) compliance.Findings {
	d := s.WithDefaults()
	return compliance.Findings{Input: compliance.Apply(d, u, inputRules), Violations: compliance.Apply(d, u, controlRules)}
}

type inputRule = compliance.Rule[Spec, InputError]

// inputRules each name the attribute paths they read, so an unknown
// argument hides only the rules that read it.
var inputRules = append([]inputRule{
	{Reads: compliance.R("name"), Check: validateName},
	{Reads: compliance.R("kms_key_arn"), Check: validateKey},
	{Reads: compliance.R("kms_key_arn", "region"), Check: validateKeyRegion},
	{Reads: compliance.R("cloudwatch_retention_days"), Check: validateRetention},
	{Reads: compliance.R("transitions"), Check: func(s Spec) []InputError { return s3bucket.StorageClassErrors(s.Transitions) }},
	{Reads: compliance.R("transitions"), Check: func(s Spec) []InputError { return s3bucket.TransitionDaysErrors(s.Transitions) }},
	{Reads: compliance.R("transitions"), Check: func(s Spec) []InputError { return s3bucket.TransitionOrderErrors(s.Transitions) }},
	{Reads: compliance.R("transitions"), Check: func(s Spec) []InputError { return s3bucket.InfrequentAccessStayErrors(s.Transitions) }},
	{Reads: compliance.R("expire_after_days"), Check: func(s Spec) []InputError { return s3bucket.ExpireAfterDaysErrors(s.ExpireAfterDays) }},
	{Reads: compliance.R("transitions", "expire_after_days"), Check: func(s Spec) []InputError {
		return s3bucket.ExpiryAfterTransitionsErrors(s.Transitions, s.ExpireAfterDays)
	}},
	{Reads: compliance.R("object_lock_days"), Check: validateObjectLockDays},
	{Reads: []compliance.Read{compliance.Each("data_event_bucket_arns")}, Check: validateBucketARNs},
	{Reads: []compliance.Read{compliance.Count("data_event_bucket_arns")}, Check: validateBucketCount},
	{Reads: []compliance.Read{compliance.Each("tags")}, Check: validateTags},
}, s3bucket.TargetInputRules(func(s Spec) *s3bucket.Target { return s.Replication }, func(s Spec) string { return s.Region },
	"the trail's", "the replica log bucket")...)

func validateName(s Spec) []InputError {
	if nameRE.MatchString(s.Name) {
		return nil
	}
	return []InputError{{Attribute: "name", Detail: fmt.Sprintf(
		"%q: use 3 to 32 lowercase letters, digits and hyphens (it names the trail and, with the account and region, the buckets)", s.Name)}}
}

func validateKey(s Spec) []InputError { return compliance.KeyInputErrors("kms_key_arn", s.KMSKeyARN) }

// validateKeyRegion: S3, CloudWatch Logs and CloudTrail use a key only in
// their own region.
func validateKeyRegion(s Spec) []InputError {
	return compliance.KeyRegionErrors("kms_key_arn", s.KMSKeyARN, s.Region, "the trail, with its bucket and log group,")
}

func validateRetention(s Spec) []InputError {
	if slices.Contains(AllowedRetentionDays, s.CloudWatchRetentionDays) {
		return nil
	}
	return []InputError{{Attribute: "cloudwatch_retention_days", Detail: fmt.Sprintf(
		"%d is not a CloudWatch Logs retention; use one of %v", s.CloudWatchRetentionDays, AllowedRetentionDays)}}
}

func validateObjectLockDays(s Spec) []InputError {
	if d := s.ObjectLockDays; d < 1 || d > MaxObjectLockDays {
		return []InputError{{Attribute: "object_lock_days", Detail: fmt.Sprintf("%d: use 1 to %d days", d, MaxObjectLockDays)}}
	}
	return nil
}

func validateBucketARNs(s Spec) []InputError {
	var errs []InputError
	for _, a := range slices.Sorted(slices.Values(s.DataEventBucketARNs)) {
		if !bucketARNRE.MatchString(a) {
			errs = append(errs, InputError{Attribute: "data_event_bucket_arns", Detail: fmt.Sprintf("%q is not an S3 bucket ARN (arn:aws:s3:::<bucket>)", a)})
		}
	}
	return errs
}

func validateBucketCount(s Spec) []InputError {
	if n := len(s.DataEventBucketARNs); n > MaxDataEventBuckets {
		return []InputError{{Attribute: "data_event_bucket_arns", Detail: fmt.Sprintf(
			"%d buckets are listed; a trail logs data events for at most %d: list fewer", n, MaxDataEventBuckets)}}
	}
	return nil
}

func validateTags(s Spec) []InputError { return compliance.TagErrors("tags", s.Tags, s.DefaultTags) }
