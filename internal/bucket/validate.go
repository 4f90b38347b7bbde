package bucket

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/compliance"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/s3bucket"
)

// accountSuffixLen is len("-<12-digit account>-"), the part of a bucket
// name between the name and the region.
const accountSuffixLen = 14

var (
	nameRE = regexp.MustCompile(`^[a-z0-9]([a-z0-9-]*[a-z0-9])?$`)

	bucketNameRE = regexp.MustCompile(`^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$`)
	ipAddressRE  = regexp.MustCompile(`^\d+\.\d+\.\d+\.\d+$`)
	// principalRE is an IAM role or user ARN, with its path; no wildcard,
	// which ArnNotLike would expand.
	principalRE = regexp.MustCompile(`^arn:aws[a-z-]*:iam::\d{12}:(role|user)/([\w+=,.@-]+/)*[\w+=,.@-]+$`)
	// reservedPrefixes start no S3 bucket name.
	reservedPrefixes = []string{"xn--", "sthree-", "amzn-s3-demo-"}
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
// argument hides only the rules that read it. The lists are read whole:
// their messages name elements by index, which only the whole list knows.
var inputRules = append([]inputRule{
	{Reads: compliance.R("name"), Check: validateName},
	{Reads: compliance.R("name", "region"), Check: validateNameLength},
	{Reads: compliance.R("name", "replication.region"), Check: validateReplicaNameLength},
	{Reads: compliance.R("kms_key_arn"), Check: validateKey},
	{Reads: compliance.R("kms_key_arn", "region"), Check: validateKeyRegion},
	{Reads: compliance.R("object_lock.mode"), Check: validateLockMode},
	{Reads: compliance.R("object_lock.days"), Check: validateLockDays},
	{Reads: compliance.R("transitions"), Check: validateStorageClasses},
	{Reads: compliance.R("transitions"), Check: validateTransitionDays},
	{Reads: compliance.R("transitions"), Check: validateTransitionOrder},
	{Reads: compliance.R("transitions"), Check: validateInfrequentAccessStay},
	{Reads: compliance.R("expire_after_days"), Check: validateExpireAfterDays},
	{Reads: compliance.R("transitions", "expire_after_days"), Check: validateExpiryAfterTransitions},
	{Reads: compliance.R("noncurrent_version_expire_after_days"), Check: validateNoncurrentExpiry},
	{Reads: compliance.R("presigned_url_max_age_seconds"), Check: validatePresignedMaxAge},
	{Reads: compliance.R("reader_arns"), Check: validateReaderARNs},
	{Reads: compliance.R("writer_arns"), Check: validateWriterARNs},
	{Reads: compliance.R("access_log_bucket"), Check: validateAccessLogBucket},
	{Reads: []compliance.Read{compliance.Each("tags")}, Check: validateTags},
}, s3bucket.TargetInputRules(func(s Spec) *Replication { return s.Replication }, func(s Spec) string { return s.Region },
	"the bucket's", "the replica bucket")...)

// validateName: the name starts every bucket name, so it follows S3's
// bucket naming rules (no dots: they break TLS to virtual-hosted names).
func validateName(s Spec) []InputError {
	n := s.Name
	if nameRE.MatchString(n) && !slices.ContainsFunc(reservedPrefixes, func(p string) bool { return strings.HasPrefix(n, p) }) {
		return nil
	}
	return []InputError{{Attribute: "name", Detail: fmt.Sprintf(
		"%q: use lowercase letters, digits and hyphens, starting and ending with a letter or digit and not starting with %s (the bucket is <name>-<account>-<region>)",
		n, strings.Join(reservedPrefixes, ", "))}}
}

// maxNameLen is the longest name whose bucket <name>-<account>-<region>
// fits S3's 63 characters.
func maxNameLen(region string) int { return s3bucket.MaxNameLen - accountSuffixLen - len(region) }

func validateNameLength(s Spec) []InputError {
	if !s3bucket.RegionRE.MatchString(s.Region) || len(s.Name) <= maxNameLen(s.Region) {
		return nil
	}
	return []InputError{{Attribute: "name", Detail: fmt.Sprintf(
		"%q has %d characters: the bucket %s-<12-digit account>-%s would be longer than S3's %d; use at most %d characters",
		s.Name, len(s.Name), s.Name, s.Region, s3bucket.MaxNameLen, maxNameLen(s.Region))}}
}

func validateReplicaNameLength(s Spec) []InputError {
	r := s.Replication
	if r == nil || !s3bucket.RegionRE.MatchString(r.Region) || len(s.Name) <= maxNameLen(r.Region) {
		return nil
	}
	return []InputError{{Attribute: "name", Detail: fmt.Sprintf(
		"%q has %d characters: the replica bucket %s-<12-digit account>-%s (replication.region) would be longer than S3's %d; use at most %d characters",
		s.Name, len(s.Name), s.Name, r.Region, s3bucket.MaxNameLen, maxNameLen(r.Region))}}
}

func validateKey(s Spec) []InputError { return compliance.KeyInputErrors("kms_key_arn", s.KMSKeyARN) }

// validateKeyRegion: S3 uses a key only in the bucket's region.
func validateKeyRegion(s Spec) []InputError {
	return compliance.KeyRegionErrors("kms_key_arn", s.KMSKeyARN, s.Region, "the bucket")
}

func validateLockMode(s Spec) []InputError {
	l := s.ObjectLock
	if l == nil || l.Mode == ModeCompliance || l.Mode == ModeGovernance {
		return nil
	}
	return []InputError{{Attribute: "object_lock.mode", Detail: fmt.Sprintf("%q is not an Object Lock mode: use %q (or %q)", l.Mode, ModeCompliance, ModeGovernance)}}
}

func validateLockDays(s Spec) []InputError {
	l := s.ObjectLock
	if l == nil || (l.Days >= 1 && l.Days <= MaxObjectLockDays) {
		return nil
	}
	return []InputError{{Attribute: "object_lock.days", Detail: fmt.Sprintf("%d: S3 locks objects for 1 to %d days; use a value in that range", l.Days, MaxObjectLockDays)}}
}

func validateStorageClasses(s Spec) []InputError { return s3bucket.StorageClassErrors(s.Transitions) }

func validateTransitionDays(s Spec) []InputError { return s3bucket.TransitionDaysErrors(s.Transitions) }

func validateTransitionOrder(s Spec) []InputError {
	return s3bucket.TransitionOrderErrors(s.Transitions)
}

func validateInfrequentAccessStay(s Spec) []InputError {
	return s3bucket.InfrequentAccessStayErrors(s.Transitions)
}

func validateExpireAfterDays(s Spec) []InputError {
	return s3bucket.ExpireAfterDaysErrors(s.ExpireAfterDays)
}

func validateExpiryAfterTransitions(s Spec) []InputError {
	return s3bucket.ExpiryAfterTransitionsErrors(s.Transitions, s.ExpireAfterDays)
}

func validateNoncurrentExpiry(s Spec) []InputError {
	if d := s.NoncurrentVersionExpireAfterDays; d < 0 {
		return []InputError{{Attribute: "noncurrent_version_expire_after_days", Detail: fmt.Sprintf(
			"%d: use a number of days (default %d, six years)", d, DefaultNoncurrentVersionExpireAfterDays)}}
	}
	return nil
}

func validatePresignedMaxAge(s Spec) []InputError {
	if v := s.PresignedURLMaxAgeSeconds; v < 1 || v > MaxPresignedURLMaxAgeSeconds {
		return []InputError{{Attribute: "presigned_url_max_age_seconds", Detail: fmt.Sprintf(
			"%d: use 1 to %d seconds (a SigV4 presigned URL lasts at most 7 days; default %d)", v, MaxPresignedURLMaxAgeSeconds, DefaultPresignedURLMaxAgeSeconds)}}
	}
	return nil
}

func validateReaderARNs(s Spec) []InputError {
	return principalErrors("reader_arns", "read", s.ReaderARNs)
}

func validateWriterARNs(s Spec) []InputError {
	return principalErrors("writer_arns", "write", s.WriterARNs)
}

func principalErrors(attr, verb string, arns []string) []InputError {
	var errs []InputError
	for i, a := range arns {
		if !principalRE.MatchString(a) {
			errs = append(errs, InputError{Attribute: fmt.Sprintf("%s[%d]", attr, i), Detail: fmt.Sprintf(
				"%q is not an IAM role or user ARN (arn:aws:iam::<account>:role/<path/name>); wildcards are not allowed: list each principal that may %s objects",
				a, verb)})
		}
	}
	return errs
}

// validateAccessLogBucket: a bucket name as S3 defines it, not an ARN.
func validateAccessLogBucket(s Spec) []InputError {
	b := s.AccessLogBucket
	if b == "" || (bucketNameRE.MatchString(b) && !strings.Contains(b, "..") && !ipAddressRE.MatchString(b) && !strings.HasPrefix(b, "xn--")) {
		return nil
	}
	return []InputError{{Attribute: "access_log_bucket", Detail: fmt.Sprintf(
		"%q is not an S3 bucket name: give the name (not the ARN) of an existing bucket in the bucket's region and account, 3 to 63 lowercase letters, digits, dots and hyphens; or leave it unset to have one created",
		b)}}
}

func validateTags(s Spec) []InputError { return compliance.TagErrors("tags", s.Tags, s.DefaultTags) }
