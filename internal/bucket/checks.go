package bucket

import (
	"fmt"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/compliance"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/s3bucket"
)

// Check returns the STO violations of s.WithDefaults(), with every
// argument known. Versioning (STO-02), the public-access block (STO-03),
// BucketOwnerEnforced (STO-04), the TLS policy (STO-05) and server access
// logging (AUD-07) hold by construction, on the replica too; STO-01 holds
// once kms_key_arn names a customer-managed key.
func Check(s Spec) []compliance.Violation { return Evaluate(s, compliance.Unknown{}).Violations }

// controlRules each name the attribute paths they read. Whether
// replication is set is read as a count, so an unknown replica key does
// not hide it.
var controlRules = []compliance.Rule[Spec, compliance.Violation]{
	{Reads: compliance.R("kms_key_arn"), Check: checkKey},
	{Reads: compliance.R("object_lock.mode"), Check: checkLockMode},
	{Reads: compliance.R("expire_after_days", "object_lock.days"), Check: checkExpiryAfterLock},
	{Reads: compliance.R("noncurrent_version_expire_after_days", "object_lock.days"), Check: checkNoncurrentExpiryAfterLock},
	{Reads: compliance.R("noncurrent_version_expire_after_days"), Check: checkNoncurrentRetention},
	{Reads: []compliance.Read{compliance.Count("replication")}, Check: checkReplication},
	s3bucket.TargetControlRule(func(s Spec) *Replication { return s.Replication }),
	{Reads: compliance.R("presigned_url_max_age_seconds"), Check: checkPresignedMaxAge},
}

// checkKey: the bucket is encrypted with the customer-managed key
// kms_key_arn names; an empty value, an alias or an AWS managed key cannot
// be waived.
func checkKey(s Spec) []compliance.Violation {
	if s.KMSKeyARN == "" {
		return []compliance.Violation{{Control: "STO-01", Attribute: "kms_key_arn", Hard: true,
			Detail: "kms_key_arn is empty: the bucket must be encrypted (SSE-KMS, bucket key on) with a customer-managed key; set it to hipaa_kms_key.<name>.arn"}}
	}
	return compliance.KeyViolations("STO-01", "kms_key_arn", s.KMSKeyARN)
}

func checkLockMode(s Spec) []compliance.Violation {
	if l := s.ObjectLock; l == nil || l.Mode != ModeGovernance {
		return nil
	}
	return []compliance.Violation{{Control: "STO-06", Attribute: "object_lock.mode", Detail: fmt.Sprintf(
		"object_lock.mode is %s: governance-mode locks can be bypassed by principals with s3:BypassGovernanceRetention, so locked objects can still be deleted; use %s, or add an exception for STO-06 with a reason",
		ModeGovernance, ModeCompliance)}}
}

// checkExpiryAfterLock: S3 cannot expire a locked object version.
func checkExpiryAfterLock(s Spec) []compliance.Violation {
	l, e := s.ObjectLock, s.ExpireAfterDays
	if l == nil || e <= 0 || e >= l.Days {
		return nil
	}
	return []compliance.Violation{{Control: "STO-06", Attribute: "expire_after_days", Hard: true, Detail: fmt.Sprintf(
		"expire_after_days (%d) is shorter than object_lock.days (%d): S3 cannot expire a locked object; expire after the lock ends (%d days or more), or shorten the lock",
		e, l.Days, l.Days)}}
}

func checkNoncurrentExpiryAfterLock(s Spec) []compliance.Violation {
	l, n := s.ObjectLock, s.NoncurrentVersionExpireAfterDays
	if l == nil || n <= 0 || n >= l.Days {
		return nil
	}
	return []compliance.Violation{{Control: "STO-06", Attribute: "noncurrent_version_expire_after_days", Hard: true, Detail: fmt.Sprintf(
		"noncurrent_version_expire_after_days (%d) is shorter than object_lock.days (%d): S3 cannot expire a locked version; keep noncurrent versions %d days or more, or shorten the lock",
		n, l.Days, l.Days)}}
}

func checkNoncurrentRetention(s Spec) []compliance.Violation {
	n := s.NoncurrentVersionExpireAfterDays
	if n <= 0 || n >= SixYearsDays {
		return nil
	}
	return []compliance.Violation{{Control: "STO-07", Attribute: "noncurrent_version_expire_after_days", Detail: fmt.Sprintf(
		"noncurrent_version_expire_after_days is %d: overwritten and deleted versions would be removed before six years (%d days), the retention HIPAA sets for documentation (45 CFR 164.316(b)(2)(i)); keep them %d days or more, or add an exception for STO-07 with a reason",
		n, SixYearsDays, SixYearsDays)}}
}

func checkReplication(s Spec) []compliance.Violation {
	if s.Replication != nil {
		return nil
	}
	return []compliance.Violation{{Control: "STO-08", Attribute: "replication",
		Detail: "replication is not set (S3BucketReplicationEnabled): no copy of the objects survives the loss of the region; set replication = { region, kms_key_arn } to replicate to a bucket in another region under that region's customer key, or add an exception for STO-08 with a reason"}}
}

func checkPresignedMaxAge(s Spec) []compliance.Violation {
	v := s.PresignedURLMaxAgeSeconds
	if v <= DefaultPresignedURLMaxAgeSeconds || v > MaxPresignedURLMaxAgeSeconds {
		return nil
	}
	return []compliance.Violation{{Control: "STO-10", Attribute: "presigned_url_max_age_seconds", Detail: fmt.Sprintf(
		"presigned_url_max_age_seconds is %d: a presigned URL would stay usable longer than 10 minutes (%d seconds); use %d or less, or add an exception for STO-10 with a reason",
		v, DefaultPresignedURLMaxAgeSeconds, DefaultPresignedURLMaxAgeSeconds)}}
}
